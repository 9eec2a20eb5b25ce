/* SPDX-License-Identifier: MIT */
/* freetds.conf, read the way FreeTDS reads it (its src/tds/config.c,
 * tds_read_conf_file): $FREETDSCONF, $FREETDS/etc/freetds.conf,
 * ~/.config/freetds.conf, ~/.freetds.conf, then the system's
 * /etc/freetds/freetds.conf; each file's [global] applies in turn, and the
 * first file with the server's own section applies it too and ends the
 * search. For the live source's time limits and TDS version
 * (source_tds.c) and the TLS diagnosis (tds_tls_diag.c). No FreeTDS here. */
#ifndef PCM_SOURCE_TDS_CONF_H
#define PCM_SOURCE_TDS_CONF_H

#include <stdbool.h>

/* FreeTDS's system configuration file as Debian builds it (tsql -C:
 * "freetds.conf directory: /etc/freetds"). */
#ifndef PCM_FREETDS_SYSCONF
#define PCM_FREETDS_SYSCONF "/etc/freetds/freetds.conf"
#endif

/* One setting: key in FreeTDS's form (lower case, inner blanks one
 * space), value without surrounding blanks. */
typedef void pcm_tds_conf_fn(const char *key, const char *value, void *ctx);

/* Calls fn for every setting that applies to server (as given to dbopen),
 * in the order FreeTDS applies them, later ones overriding. Returns true
 * when a file has a [server] section. */
bool pcm_tds_conf_each(const char *server, pcm_tds_conf_fn *fn, void *ctx);

#endif
