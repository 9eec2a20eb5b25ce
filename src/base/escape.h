/* SPDX-License-Identifier: MIT */
/* The one way pcmigrate shows text it did not write itself (names,
 * descriptions, URIs, values quoted in messages) on a terminal or in a
 * text report: control characters never go out raw, each is replaced by a
 * visible escape, the same everywhere:
 *
 *   tab \t   newline \n   carriage return \r
 *   other C0 controls and DEL          \xHH   (ESC is \x1b, BEL \x07)
 *   C1 controls U+0080..U+009F,
 *   U+2028, U+2029                      \uHHHH (CSI is \u009b)
 *   a byte that is not UTF-8            \xHH   (lower-case hex)
 *
 * In the finding reports (check and check --tsv, warnings.txt,
 * warnings.tsv, the wizard's warnings pane) a backslash is also doubled
 * (\\), as TSV always did, so a field reads back unambiguously. inspect,
 * plan --show and messages show a backslash as it is (SQL01\GROUPCHAT,
 * DOMAIN\user); messages keep their own newlines and tabs
 * (PCM_ESC_KEEP_LINES). The wizard draws the same escapes in reverse
 * video, so a name that holds the text "\x1b" still looks different
 * from one that holds ESC. */
#ifndef PCM_ESCAPE_H
#define PCM_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

enum {
	PCM_ESC_BACKSLASH = 1,   /* '\' -> "\\" too */
	PCM_ESC_KEEP_LINES = 2,  /* tab and newline stay as they are */
};

/* The escape of code point c into out (NUL-terminated, at most 6
 * characters); returns its length, or 0 when c is shown as it is. */
size_t pcm_escape_char(uint32_t c, char out[8]);
/* s with every control character (and invalid byte) escaped; flags from
 * the enum above. Caller frees. */
char *pcm_escape_text(const char *s, unsigned flags);
/* pcm_escape_text(s, 0) for printf's %s ("?" for NULL):
 * the string lives until eight more calls (a ring), so one printf may
 * show up to eight values. */
const char *pcm_shown(const char *s);

#endif
