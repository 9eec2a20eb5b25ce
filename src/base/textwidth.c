/* SPDX-License-Identifier: MIT */
/* Display width of UTF-8 text: how many terminal columns a string takes
 * (Hangul and other East Asian wide characters take two). Shared by the
 * wizard (ui/text.c) and the batch commands that print tables (inspect),
 * so a column lines up whatever the script. No curses here. */
#include "config.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "base/escape.h"
#include "base/textwidth.h"
#include "base/util.h"

size_t pcm_utf8_decode(const char *s, size_t n, wchar_t *wc)
{
	uint32_t cp;
	size_t k;

	if (n == 0) {
		*wc = 0;
		return 0;
	}
	/* an invalid byte stands for itself as U+FFFD */
	k = pcm_utf8_next(s, n, &cp);
	*wc = k ? (wchar_t)cp : 0xFFFD;
	return k ? k : 1;
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

char *pcm_text_cut_middle(const char *s, int width, const char *ellipsis, char *buf, size_t size)
{
	size_t n = strlen(s), i = 0, head, used;
	int total = pcm_text_width(s), ew = pcm_text_width(ellipsis), headw, tailw, cols = 0;
	wchar_t wc;

	if (!size)
		return buf;
	if (total <= width || width <= ew) {
		head = pcm_text_fit(s, width > 0 ? width : 0);
		snprintf(buf, size, "%.*s", (int)head, s);
		return buf;
	}
	headw = (width - ew + 1) / 2;
	tailw = width - ew - headw;
	head = pcm_text_fit(s, headw);
	/* the tail: the first character boundary from which the rest fits */
	while (i < n && total - cols > tailw) {
		used = pcm_utf8_decode(s + i, n - i, &wc);
		cols += pcm_wcwidth(wc);
		i += used;
	}
	if (i < head)
		i = head;
	snprintf(buf, size, "%.*s%s%s", (int)head, s, ellipsis, s + i);
	return buf;
}

int pcm_fput_padded(FILE *out, const char *s, int width, bool right)
{
	int pad = width - pcm_text_width(s);

	if (right)
		while (pad-- > 0)
			fputc(' ', out);
	fputs(s, out);
	if (!right)
		while (pad-- > 0)
			fputc(' ', out);
	return ferror(out) ? -1 : 0;
}

/* The one UTF-8 encoder (the line editor, the XML and escape decoders,
 * listings in UTF-16): a surrogate or a value past U+10FFFF becomes U+FFFD. */
size_t pcm_utf8_encode(uint32_t cp, char out[4])
{
	uint32_t c = cp;

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
