/* SPDX-License-Identifier: MIT */
/* Display width of UTF-8 text (textwidth.c): columns on a terminal, for
 * tables that line up with Hangul names. */
#ifndef PCM_TEXTWIDTH_H
#define PCM_TEXTWIDTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>

/* Decodes one UTF-8 sequence from s (n bytes available). Returns the bytes
 * used (at least 1 when n > 0); an invalid byte gives U+FFFD. */
size_t pcm_utf8_decode(const char *s, size_t n, wchar_t *wc);
/* Encodes cp into out (4 bytes); returns the byte count. A surrogate or a
 * value past U+10FFFF is written as U+FFFD. */
size_t pcm_utf8_encode(uint32_t cp, char out[4]);
/* Columns wc takes on the terminal: 0 (combining), 1 or 2 (East Asian
 * wide); a control character is drawn as its escape (escape.h: \x1b,
 * \u009b, \n), as many columns as that has. Never negative: any other
 * unprintable character is drawn as one '?'. */
int pcm_wcwidth(wchar_t wc);
/* Columns of a UTF-8 string. */
int pcm_text_width(const char *s);
/* Byte length of the longest prefix of s that fits in width columns. */
size_t pcm_text_fit(const char *s, int width);
/* Writes s into buf (size bytes) cut to width columns: whole when it
 * fits, else its start and its end with ellipsis between them (the end of
 * a legacy path tells rooms apart as much as its start). Returns buf,
 * which must not be s. */
char *pcm_text_cut_middle(const char *s, int width, const char *ellipsis, char *buf, size_t size);
/* Writes s padded with spaces to width columns (on the left when right is
 * true, so it is right-aligned); longer text is written whole, as printf's
 * %-*s does. Returns 0, or -1 on a write error. */
int pcm_fput_padded(FILE *out, const char *s, int width, bool right);

#endif
