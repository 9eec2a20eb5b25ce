/* SPDX-License-Identifier: MIT */
/* Text helpers of the UI that need no terminal: UTF-8 <-> wchar_t,
 * display width (Hangul takes two columns), word wrapping, and
 * case-insensitive search. Wide characters are handled here once; no
 * widget measures text with strlen. */
#ifndef PCM_UI_TEXT_H
#define PCM_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include "base/textwidth.h"     /* pcm_utf8_decode/encode, pcm_wcwidth, pcm_text_width, pcm_text_fit */

/* Decodes a whole string into a fresh wchar_t array; *len gets its length. */
wchar_t *pcm_utf8_to_wcs(const char *s, size_t *len);
/* Encodes n wide characters into a fresh UTF-8 string. */
char *pcm_wcs_to_utf8(const wchar_t *w, size_t n);


/* Writes s cut or padded with spaces to exactly width columns into dst
 * (a table cell); returns dst. */
char *pcm_text_cell(char *dst, size_t size, const char *s, int width);

/* Lines of wrapped text; each line is a fresh string. */
struct pcm_lines {
	char **v;
	size_t n, cap;
};

void pcm_lines_push(struct pcm_lines *l, const char *s, size_t len);
void pcm_lines_free(struct pcm_lines *l);
/* Wraps text into lines of at most width columns, breaking at spaces; a
 * word longer than width is cut between characters. '\n' ends a line. */
void pcm_wrap(const char *text, int width, struct pcm_lines *out);
/* Cuts text into lines of width columns, whatever it holds (no word
 * breaks, a newline or other control character stays in its line, to be
 * drawn escaped): for a legacy path shown whole. */
void pcm_wrap_columns(const char *text, int width, struct pcm_lines *out);

/* Does hay contain needle, ignoring case (wide-character aware)? */
bool pcm_text_contains(const char *hay, const char *needle);

#endif
