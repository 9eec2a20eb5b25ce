/* SPDX-License-Identifier: MIT */
/* Visible escapes for control characters (see escape.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/escape.h"
#include "base/sbuf.h"
#include "base/util.h"

size_t pcm_escape_char(uint32_t c, char out[8])
{
	static const char hex[] = "0123456789abcdef";

	switch (c) {
	case '\t': memcpy(out, "\\t", 3); return 2;
	case '\n': memcpy(out, "\\n", 3); return 2;
	case '\r': memcpy(out, "\\r", 3); return 2;
	}
	if (c < 0x20 || c == 0x7F) {
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[c >> 4];
		out[3] = hex[c & 15];
		out[4] = 0;
		return 4;
	}
	if ((c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029) {
		out[0] = '\\';
		out[1] = 'u';
		out[2] = hex[(c >> 12) & 15];
		out[3] = hex[(c >> 8) & 15];
		out[4] = hex[(c >> 4) & 15];
		out[5] = hex[c & 15];
		out[6] = 0;
		return 6;
	}
	return 0;
}

char *pcm_escape_text(const char *str, unsigned flags)
{
	const char *s = str ? str : "";
	size_t n = strlen(s), k;
	struct pcm_sbuf b = { 0 };
	char esc[8];
	uint32_t cp;

	while (n) {
		/* a run of printable ASCII, the bulk of any report, at once */
		for (k = 0; k < n && s[k] >= 0x20 && s[k] < 0x7F &&
		            !(s[k] == '\\' && (flags & PCM_ESC_BACKSLASH)); k++)
			;
		if (k) {
			pcm_sbuf_addn(&b, s, k);
			s += k;
			n -= k;
			continue;
		}
		k = pcm_utf8_next(s, n, &cp);
		if (!k) {       /* not UTF-8: the byte's value */
			pcm_sbuf_printf(&b, "\\x%02x", (unsigned char)*s);
			k = 1;
		} else if (*s == '\\' && (flags & PCM_ESC_BACKSLASH)) {
			pcm_sbuf_add(&b, "\\\\");
		} else if ((flags & PCM_ESC_KEEP_LINES) && (cp == '\n' || cp == '\t')) {
			pcm_sbuf_addc(&b, (char)cp);
		} else if (pcm_escape_char(cp, esc)) {
			pcm_sbuf_add(&b, esc);
		} else {
			pcm_sbuf_addn(&b, s, k);
		}
		s += k;
		n -= k;
	}
	return pcm_sbuf_take(&b);
}

const char *pcm_shown(const char *s)
{
	static char *ring[8];
	static unsigned next;
	char **slot = &ring[next++ % 8];

	free(*slot);
	*slot = pcm_escape_text(s ? s : "?", 0);
	return *slot;
}
