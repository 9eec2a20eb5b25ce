/* SPDX-License-Identifier: MIT */
/* UI text helpers: UTF-8, table cells, wrapping, search (decoding and
 * display width live in src/textwidth.c, shared with the batch commands). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "widgets/text.h"
#include "base/util.h"

wchar_t *pcm_utf8_to_wcs(const char *s, size_t *len)
{
	size_t n = strlen(s), i = 0, k = 0;
	wchar_t *w = pcm_xmalloc((n + 1) * sizeof *w);

	while (i < n)
		i += pcm_utf8_decode(s + i, n - i, &w[k++]);
	w[k] = 0;
	if (len)
		*len = k;
	return w;
}

char *pcm_wcs_to_utf8(const wchar_t *w, size_t n)
{
	char *s = pcm_xmalloc(n * 4 + 1);
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += pcm_utf8_encode(w[i], s + k);
	s[k] = 0;
	return s;
}

char *pcm_text_cell(char *dst, size_t size, const char *s, int width)
{
	size_t n = pcm_text_fit(s, width);
	int pad;

	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
	pad = width - pcm_text_width(dst);
	while (pad-- > 0 && n + 1 < size)
		dst[n++] = ' ';
	dst[n] = 0;
	return dst;
}

void pcm_lines_push(struct pcm_lines *l, const char *s, size_t len)
{
	char *line = pcm_xmalloc(len + 1);

	memcpy(line, s, len);
	line[len] = 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = pcm_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = line;
}

void pcm_lines_free(struct pcm_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Wraps one paragraph (no '\n') of len bytes. */
static void wrap_paragraph(const char *p, size_t len, int width, struct pcm_lines *out)
{
	size_t start = 0, i, brk, used;
	int cols, w;
	wchar_t wc;

	while (start < len) {
		/* fill the line character by character, remembering the last space */
		cols = 0;
		brk = 0;
		i = start;
		while (i < len) {
			used = pcm_utf8_decode(p + i, len - i, &wc);
			w = pcm_wcwidth(wc);
			if (cols + w > width)
				break;
			if (wc == ' ')
				brk = i;
			cols += w;
			i += used;
		}
		if (i >= len) {
			pcm_lines_push(out, p + start, len - start);
			return;
		}
		if (p[i] == ' ')
			brk = i;
		if (brk <= start)
			brk = i > start ? i : start + pcm_utf8_decode(p + start, len - start, &wc);
		pcm_lines_push(out, p + start, brk - start);
		start = brk;
		while (start < len && p[start] == ' ')
			start++;
	}
}

void pcm_wrap_columns(const char *text, int width, struct pcm_lines *out)
{
	size_t n;

	if (width < 1)
		width = 1;
	do {
		n = pcm_text_fit(text, width);
		if (!n && *text) {
			wchar_t wc;     /* a character wider than the line: alone */
			n = pcm_utf8_decode(text, strlen(text), &wc);
		}
		pcm_lines_push(out, text, n);
		text += n;
	} while (*text);
}

void pcm_wrap(const char *text, int width, struct pcm_lines *out)
{
	const char *nl;

	if (width < 1)
		width = 1;
	for (;;) {
		nl = strchr(text, '\n');
		if (!nl) {
			if (*text)
				wrap_paragraph(text, strlen(text), width, out);
			return;
		}
		if (nl == text)
			pcm_lines_push(out, "", 0);
		else
			wrap_paragraph(text, (size_t)(nl - text), width, out);
		text = nl + 1;
	}
}

bool pcm_text_contains(const char *hay, const char *needle)
{
	wchar_t *h, *n;
	size_t hn, nn, i, j;
	bool found = false;

	if (!*needle)
		return true;
	h = pcm_utf8_to_wcs(hay, &hn);
	n = pcm_utf8_to_wcs(needle, &nn);
	for (i = 0; i + nn <= hn && !found; i++) {
		for (j = 0; j < nn; j++)
			if (towlower((wint_t)h[i + j]) != towlower((wint_t)n[j]))
				break;
		found = j == nn;
	}
	free(h);
	free(n);
	return found;
}
