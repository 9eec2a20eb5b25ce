/* SPDX-License-Identifier: MIT */
/* Clipped, wide-character aware text drawing. */
#include "config.h"
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "widgets/draw.h"
#include "base/escape.h"
#include "widgets/text.h"
#include "base/util.h"

bool pcm_draw_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

/* Puts one character cell (with any combining marks that follow it in
 * w[0..n)) and returns the wide characters consumed. */
static size_t put_cell(WINDOW *win, const wchar_t *w, size_t n, attr_t a, int width)
{
	wchar_t cell[8];
	size_t k = 1;
	cchar_t cc;
	bool ok = pcm_draw_utf8() || w[0] < 0x80;
	char esc[8];

	/* a control character never reaches the terminal: its escape, in
	 * reverse video so it stands out from text that looks the same */
	if (w[0] >= 0 && pcm_escape_char((uint32_t)w[0], esc)) {
		wattr_on(win, a ^ A_REVERSE, NULL);
		waddstr(win, esc);
		wattr_off(win, a ^ A_REVERSE, NULL);
		return 1;
	}

	if (ok && wcwidth(w[0]) < 0)
		ok = false;
	if (!ok) {
		/* unprintable here: '?' plus a space for a wide character */
		wattr_on(win, a, NULL);
		waddch(win, '?');
		if (width == 2)
			waddch(win, ' ');
		wattr_off(win, a, NULL);
		while (k < n && pcm_wcwidth(w[k]) == 0)
			k++;
		return k;
	}
	cell[0] = w[0];
	while (k < n && k < 6 && pcm_wcwidth(w[k]) == 0 && w[k] != 0) {
		cell[k] = w[k];
		k++;
	}
	cell[k] = 0;
	/* the colour pair goes in its own argument: in the attributes it is
	 * ignored, and the cell would take the colour of what was there */
	setcchar(&cc, cell, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
	wadd_wch(win, &cc);
	while (k < n && pcm_wcwidth(w[k]) == 0)
		k++;
	return k;
}

/* Draws the wide characters w[0..n) into at most width columns. */
static int draw_wcs(WINDOW *win, const wchar_t *w, size_t n, int width, attr_t a, bool *all)
{
	size_t i = 0;
	int cols = 0, cw;

	while (i < n) {
		cw = pcm_wcwidth(w[i]);
		if (cw == 0) {  /* a stray combining mark: skip it */
			i++;
			continue;
		}
		if (cols + cw > width)
			break;
		i += put_cell(win, w + i, n - i, a, cw);
		cols += cw;
	}
	*all = i >= n;
	return cols;
}

void pcm_draw_fill(WINDOW *w, int y, int x, int width, attr_t a)
{
	if (width <= 0)
		return;
	wmove(w, y, x);
	wattr_on(w, a, NULL);
	while (width-- > 0)
		waddch(w, ' ');
	wattr_off(w, a, NULL);
}

int pcm_draw_text(WINDOW *w, int y, int x, const char *s, int width, attr_t a, bool pad)
{
	return pcm_draw_text_hl(w, y, x, s, width, a, NULL, a, pad);
}

int pcm_draw_text_hl(WINDOW *w, int y, int x, const char *s, int width, attr_t a,
                     const char *needle, attr_t hl, bool pad)
{
	wchar_t *ws, *wn = NULL;
	size_t n, nn = 0, i, j, run;
	int cols = 0;
	bool all;

	if (width <= 0)
		return 0;
	ws = pcm_utf8_to_wcs(s, &n);
	if (needle && *needle)
		wn = pcm_utf8_to_wcs(needle, &nn);
	wmove(w, y, x);
	i = 0;
	while (i < n && cols < width) {
		/* a match at i? */
		if (wn) {
			for (j = 0; j < nn && i + j < n; j++)
				if (towlower((wint_t)ws[i + j]) != towlower((wint_t)wn[j]))
					break;
			if (j == nn) {
				cols += draw_wcs(w, ws + i, nn, width - cols, hl, &all);
				i += nn;
				if (!all)
					break;
				continue;
			}
		}
		/* plain run up to the next possible match */
		run = 1;
		while (i + run < n && !(wn && towlower((wint_t)ws[i + run]) == towlower((wint_t)wn[0])))
			run++;
		cols += draw_wcs(w, ws + i, run, width - cols, a, &all);
		if (!all)
			break;  /* no room for the next character */
		i += run;
	}
	if (pad && cols < width)
		pcm_draw_fill(w, y, x + cols, width - cols, a);
	free(ws);
	free(wn);
	return cols;
}

int pcm_draw_printf(WINDOW *w, int y, int x, int width, attr_t a, bool pad, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return pcm_draw_text(w, y, x, buf, width, a, pad);
}

const char *pcm_glyph_vline(void)
{
	return pcm_draw_utf8() ? "\u2502" : "|";
}

const char *pcm_glyph_thumb(void)
{
	return pcm_draw_utf8() ? "\u2588" : "#";
}

void pcm_draw_hline(WINDOW *w, int y, int x, int width, attr_t a)
{
	const char *g = pcm_draw_utf8() ? "\u2500" : "-";
	int i;

	wmove(w, y, x);
	for (i = 0; i < width; i++)
		pcm_draw_text(w, y, x + i, g, 1, a, false);
}
