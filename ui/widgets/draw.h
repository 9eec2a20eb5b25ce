/* SPDX-License-Identifier: MIT */
/* Drawing UTF-8 text into a curses window, clipped to a number of columns
 * and aware of double-width characters. Every widget draws text through
 * here. */
#ifndef PCM_UI_DRAW_H
#define PCM_UI_DRAW_H

#include <stdbool.h>
#include "widgets/colors.h"
#include "widgets/ui.h"

/* Draws at most width columns of s at (y, x) with attributes a; when pad,
 * fills the rest of width with spaces. Returns the columns drawn (text). */
int pcm_draw_text(WINDOW *w, int y, int x, const char *s, int width, attr_t a, bool pad);
/* Like pcm_draw_text with printf formatting. */
int pcm_draw_printf(WINDOW *w, int y, int x, int width, attr_t a, bool pad,
                    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Fills width columns of row y from x with spaces in attributes a. */
void pcm_draw_fill(WINDOW *w, int y, int x, int width, attr_t a);
/* Draws s with every case-insensitive occurrence of needle highlighted. */
int pcm_draw_text_hl(WINDOW *w, int y, int x, const char *s, int width, attr_t a,
                     const char *needle, attr_t hl, bool pad);
/* A horizontal rule of width columns: U+2500 in a UTF-8 locale, '-'
 * otherwise (plain text, so screen dumps read the same as the screen). */
void pcm_draw_hline(WINDOW *w, int y, int x, int width, attr_t a);
/* Line-drawing glyphs as text: a vertical bar and a scroll-bar thumb. */
const char *pcm_glyph_vline(void);
const char *pcm_glyph_thumb(void);
/* True when the locale can show non-ASCII characters (UTF-8). */
bool pcm_draw_utf8(void);

#endif
