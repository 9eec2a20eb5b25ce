/* SPDX-License-Identifier: MIT */
/* Why a TDS login died before the server said a word, when TLS is the
 * cause. FreeTDS reports every such failure as "Adaptive Server connection
 * failed", whether the server was unreachable, spoke no TDS, or the TLS
 * handshake failed (and why it failed stays inside FreeTDS); this asks the
 * server again, as FreeTDS did, and compares its answers with
 * freetds.conf. No FreeTDS and no TLS library here: plain sockets. */
#ifndef PCM_SOURCE_TDS_TLS_DIAG_H
#define PCM_SOURCE_TDS_TLS_DIAG_H

#include <stddef.h>

/* server as given to dbopen (a freetds.conf name, host or host:port).
 * Returns 1 and a translated reason in why (not ending in a period) when
 * the TLS negotiation or handshake is what failed; 0 when it is not, or
 * when the server cannot be asked (no answer within a few seconds, an
 * instance name, no TDS spoken). */
int pcm_tds_tls_diagnose(const char *server, char *why, size_t whysize);

#endif
