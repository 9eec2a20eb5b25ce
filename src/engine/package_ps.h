/* SPDX-License-Identifier: MIT */
/* Pieces shared by the two PowerShell writers (package_ps.c: the quoting
 * and these; package_runbook.c: runbook.ps1; package_recreate.c:
 * recreate-structure.ps1). Internal
 * to the engine. */
#ifndef PCM_PACKAGE_PS_H
#define PCM_PACKAGE_PS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/sbuf.h"
#include "engine/package.h"

/* Appends pcm_ps_quote(s). */
void pcm_ps_add_q(struct pcm_sbuf *b, const char *s);
/* The header comment of both scripts: the source and what is migrated. */
void pcm_ps_source_comment(struct pcm_sbuf *b, const struct pcm_package *pkg);
/* Lines that stop the script while one of the named parameters still
 * holds its <placeholder>. */
void pcm_ps_placeholder_check(struct pcm_sbuf *b, const char *const *names, size_t n);
/* One [string]$name = 'value' line of param( ); ph when value is unset. */
void pcm_ps_param(struct pcm_sbuf *b, const char *name, const char *value, const char *ph, bool last);

/* The text of b with CRLF line ends and a UTF-8 BOM; b is consumed. */
char *pcm_ps_finish(struct pcm_sbuf *b);
/* Messages (returned) and uploaded files (*files) the migrated rooms hold
 * since the cutoff. */
uint64_t pcm_ps_totals(const struct pcm_package *pkg, uint64_t *files);

#endif
