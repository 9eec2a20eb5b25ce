/* UI text helpers: UTF-8, display width, wrapping, search. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "escape.h"
#include "text.h"
#include "util.h"

size_t pcm_utf8_decode(const char *s, size_t n, wchar_t *wc)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long cp;
	size_t len, i;

	if (n == 0) {
		*wc = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*wc = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2;
		cp = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		len = 3;
		cp = u[0] & 0x0F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4;
		cp = u[0] & 0x07;
	} else {
		*wc = 0xFFFD;
		return 1;
	}
	if (n < len) {
		*wc = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*wc = 0xFFFD;
			return 1;
		}
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	/* overlong, surrogate or out of range */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		*wc = 0xFFFD;
		return 1;
	}
	*wc = (wchar_t)cp;
	return len;
}

size_t pcm_utf8_encode(wchar_t wc, char out[4])
{
	unsigned long c = (unsigned long)wc;

	if (c >= 0xD800 && c <= 0xDFFF)
		c = 0xFFFD;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	if (c > 0x10FFFF)
		return pcm_utf8_encode(0xFFFD, out);
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

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

/* East Asian wide ranges, used only when the C library does not know the
 * character (a non-UTF-8 locale): keeps layout stable either way. */
static bool is_wide(unsigned long c)
{
	return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	       (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	       (c >= 0x20000 && c <= 0x3FFFD);
}

int pcm_wcwidth(wchar_t wc)
{
	char esc[8];
	size_t n;
	int w;

	/* a control character is drawn as its escape (escape.h): \x1b */
	if (wc >= 0 && (n = pcm_escape_char((uint32_t)wc, esc)) > 0)
		return (int)n;
	w = wcwidth(wc);
	if (w >= 0)
		return w > 2 ? 2 : w;
	return is_wide((unsigned long)wc) ? 2 : 1;
}

int pcm_text_width(const char *s)
{
	size_t n = strlen(s), i = 0;
	int cols = 0;
	wchar_t wc;

	while (i < n) {
		i += pcm_utf8_decode(s + i, n - i, &wc);
		cols += pcm_wcwidth(wc);
	}
	return cols;
}

size_t pcm_text_fit(const char *s, int width)
{
	size_t n = strlen(s), i = 0, used;
	int cols = 0, w;
	wchar_t wc;

	while (i < n) {
		used = pcm_utf8_decode(s + i, n - i, &wc);
		w = pcm_wcwidth(wc);
		if (cols + w > width)
			break;
		cols += w;
		i += used;
	}
	return i;
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
