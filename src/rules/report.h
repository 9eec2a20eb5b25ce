/* SPDX-License-Identifier: MIT */
/* The one formatter of findings: `check --tsv` and warnings.tsv (six
 * tab-separated fields), `check` and warnings.txt (human text), and the
 * wizard's warnings pane (one line per finding). */
#ifndef PCM_REPORT_H
#define PCM_REPORT_H

#include <stdio.h>
#include "rules/checks.h"

/* Escapes a field for one TSV line: tab -> \t, newline -> \n, carriage
 * return -> \r, backslash -> \\, and every other control character as
 * escape.h says (\x1b, \u009b), so neither a TSV line nor a terminal
 * ever gets one raw. Caller frees. */
char *pcm_tsv_escape(const char *s);
/* One finding per line: step, severity, code, id, object, message. */
int pcm_report_tsv(FILE *out, const struct pcm_findings *f);
/* Human text: findings grouped by step under a translated heading, then a
 * summary line. Returns 0, or -1 on a write error. */
int pcm_report_text(FILE *out, const struct pcm_findings *f);
/* One finding as one line of human text ("block  NAME-TOO-LONG  ...:
 * message"), names escaped as in TSV; for the wizard pane. Caller frees. */
char *pcm_report_line(const struct pcm_finding *finding);
/* Translated heading of a step ("Backup check"). */
const char *pcm_report_step_title(enum pcm_check_step step);
/* Translated severity word ("blocks", "warning", "info"). */
const char *pcm_report_severity_label(enum pcm_severity sev);
/* "N blocking, M warnings, K notes" (translated); caller frees. */
char *pcm_report_summary(const struct pcm_findings *f);

#endif
