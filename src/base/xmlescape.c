/* SPDX-License-Identifier: MIT */
/* The pcm1 escape (see xmlescape.h): encoding for the writers, decoding
 * for the readers, one place for both so they cannot drift apart. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/textwidth.h"
#include "base/util.h"
#include "base/xmlescape.h"

/* The characters pcm1 writes escaped (see pcm_esc_needed). */
static bool must_escape(uint32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	return (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

bool pcm_esc_needed(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	/* A byte scan (this runs once per message in deployment.xml): in
	 * UTF-8, C1 controls are C2 80..9F and U+FFFE/U+FFFF EF BF BE/BF;
	 * C2 and EF are only ever lead bytes. */
	for (; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return true;
		if (*p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) ||
		    (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)))
			return true;
	}
	return false;
}

bool pcm_esc_present(const char *s)
{
	/* strchr first: the reader asks this of every value of a file */
	const char *p = strchr(s, '\\');

	return p && (p[1] == 'x' || strstr(p + 1, "\\x"));
}

char *pcm_esc_encode(const char *s)
{
	size_t n = strlen(s);
	/* worst case: every byte a C0 control, 5 bytes each ("\x1B;") */
	char *out = pcm_xmalloc(5 * n + 1), *o = out;
	uint32_t cp;

	while (n) {
		size_t k = pcm_utf8_next(s, n, &cp);
		if (k && must_escape(cp)) {
			o += sprintf(o, "\\x%X;", (unsigned)cp);
		} else if (k == 1 && s[0] == '\\' && s[1] == 'x') {
			memcpy(o, "\\x5C;", 5);
			o += 5;
		} else {
			if (!k)
				k = 1;
			memcpy(o, s, k);
			o += k;
		}
		s += k;
		n -= k;
	}
	*o = '\0';
	return out;
}

/* The escape at s, for a message: printable ASCII only (the value may
 * hold anything; a message must never carry it to a terminal). */
static void quote_escape(char *dst, size_t size, const char *s)
{
	size_t i;

	for (i = 0; i + 1 < size && i < 12 && s[i] >= 0x20 && s[i] < 0x7F; i++) {
		dst[i] = s[i];
		if (i > 1 && s[i] == ';') {
			i++;
			break;
		}
	}
	dst[i] = '\0';
}

int pcm_esc_decode(const char *s, char *out, char *why, size_t why_size)
{
	char *o = out;

	while (*s) {
		const char *p;
		uint32_t cp = 0;
		char shown[16];
		int digits = 0;

		if (s[0] != '\\' || s[1] != 'x') {
			*o++ = *s++;
			continue;
		}
		for (p = s + 2; digits < 7 && pcm_hexval((unsigned char)*p) >= 0; p++, digits++)
			cp = cp << 4 | (uint32_t)pcm_hexval((unsigned char)*p);
		if (digits == 0 || digits > 6 || *p != ';' || cp == 0 ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
			/* the escape as the message shows it: only on the way out */
			quote_escape(shown, sizeof shown, s);
			if (digits == 0 || digits > 6 || *p != ';')
				snprintf(why, why_size, _("malformed escape \"%s\": escape=\"pcm1\" writes a "
				                          "character as \\x, 1 to 6 hex digits and ';' (a literal "
				                          "\\x as \\x5C;x)"), shown);
			else if (cp == 0)
				snprintf(why, why_size, _("escape \"%s\" is U+0000, which no value can hold"), shown);
			else if (cp <= 0xDFFF)
				snprintf(why, why_size, _("escape \"%s\" is a UTF-16 surrogate, not a character"),
				         shown);
			else
				snprintf(why, why_size, _("escape \"%s\" is beyond U+10FFFF"), shown);
			return -1;
		}
		o += pcm_utf8_encode(cp, o);
		s = p + 1;
	}
	*o = '\0';
	return 0;
}
