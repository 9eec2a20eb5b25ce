/* SPDX-License-Identifier: MIT */
/* Small helpers every layer uses: checked allocation, growable arrays,
 * a string arena, an int -> index hash map, strict number parsing. */
#ifndef PCM_UTIL_H
#define PCM_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

void *pcm_xmalloc(size_t n);
void *pcm_xcalloc(size_t n, size_t size);
void *pcm_xrealloc(void *p, size_t n);
char *pcm_xstrdup(const char *s);
char *pcm_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends one zeroed element to a PCM_VEC and returns a pointer to it. */
#define PCM_VEC_PUSH(vec) \
	(pcm_vec_grow((void **)&(vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v), \
	 &(vec).v[(vec).n++])
void pcm_vec_grow(void **v, size_t *cap, size_t need, size_t elem);

/* Strings that live as long as the deployment. */
struct pcm_arena;
struct pcm_arena *pcm_arena_new(void);
char *pcm_arena_strdup(struct pcm_arena *a, const char *s);
void pcm_arena_free(struct pcm_arena *a);

/* int32 key -> uint32 value; open addressing, grows by doubling. */
struct pcm_idmap;
struct pcm_idmap *pcm_idmap_new(void);
/* Returns false if the key was already there (value unchanged). */
bool pcm_idmap_put(struct pcm_idmap *m, int32_t key, uint32_t value);
uint32_t pcm_idmap_get(const struct pcm_idmap *m, int32_t key); /* UINT32_MAX if absent */
void pcm_idmap_free(struct pcm_idmap *m);

/* Strict decimal parsing: whole string, optional leading '-', range checked. */
bool pcm_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
bool pcm_parse_bit(const char *s, bool *out);   /* "0"/"1" (also "true"/"false") */
/* The value of a hex digit (either case), -1 for anything else. */
int pcm_hexval(int c);

/* Length of a UTF-8 string in UTF-16 code units, as nvarchar counts;
 * -1 if s is not valid UTF-8. */
long pcm_utf16_length(const char *s);
/* The first control character in the UTF-8 string s, or 0 if none. With
 * xml_only, only what XML 1.0 cannot carry (C0 but tab, LF, CR); else
 * every C0 character, DEL and C1 (what a name must not hold: it would
 * reach terminals and scripts). Invalid UTF-8 bytes are skipped. */
uint32_t pcm_first_control(const char *s, bool xml_only);
bool pcm_utf8_valid(const char *s, size_t n);
/* Decodes the code point at s (n bytes left) into *cp; returns its byte
 * length, or 0 when the bytes there are not valid UTF-8. */
static inline size_t pcm_utf8_next(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}
/* True when XML 1.0 can carry s: valid UTF-8 without control characters
 * other than tab, CR and LF, and without U+FFFE/U+FFFF (SQL Server's FOR
 * XML would write &#x1;, which no conforming parser reads back). */
bool pcm_xml_text_ok(const char *s);
/* The same, and no DEL or C1 control either: what deployment.xml writes
 * as it is (anything else goes base64). */
bool pcm_xml_text_plain(const char *s);

/* FNV-1a of a string folded to lower case (ASCII and, via towlower, the
 * rest), for case-insensitive name comparison as the default collation. */
uint64_t pcm_casefold_hash(const char *s);
/* Case-insensitive equality of two UTF-8 strings, wide-char aware. */
bool pcm_casefold_equal(const char *a, const char *b);
/* The same on the first n (and m) bytes. */
uint64_t pcm_casefold_hash_n(const char *s, size_t n);
bool pcm_casefold_equal_n(const char *a, size_t n, const char *b, size_t m);

/* n with thousands separators, "1,234,567", into buf; returns buf.
 * Counts are read at a glance that way (the wizard, progress lines). */
const char *pcm_grouped(uint64_t n, char *buf, size_t size);

#endif
