/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "base/crash.h"
#include "base/util.h"

/* Out of memory is not recoverable for a command-line tool: give the
 * terminal back, say so, stop. */
static void oom(void)
{
	pcm_fatal("out of memory");
}

void *pcm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *pcm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *pcm_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *pcm_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(pcm_xmalloc(n), s, n);
}

char *pcm_xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	s = pcm_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void pcm_vec_grow(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	*v = pcm_xrealloc(*v, ncap * elem);
	memset((char *)*v + *cap * elem, 0, (ncap - *cap) * elem);
	*cap = ncap;
}

/* ---- arena: big blocks, strings packed, freed together ---- */

#define ARENA_BLOCK (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

struct pcm_arena {
	struct arena_block *head;
};

struct pcm_arena *pcm_arena_new(void)
{
	return pcm_xcalloc(1, sizeof(struct pcm_arena));
}

char *pcm_arena_strdup(struct pcm_arena *a, const char *s)
{
	size_t n;
	struct arena_block *b;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = pcm_xmalloc(sizeof *b + size);
		b->used = 0;
		b->size = size;
		/* a big one-off string goes behind the current block so the
		 * current block's free space is not wasted */
		if (a->head && n > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	b->used += n;
	return p;
}

void pcm_arena_free(struct pcm_arena *a)
{
	struct arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/* ---- idmap ---- */

struct idmap_slot {
	int32_t key;
	uint32_t value;   /* UINT32_MAX = empty */
};

struct pcm_idmap {
	struct idmap_slot *slots;
	size_t mask, count;
};

static size_t idmap_hash(int32_t key)
{
	uint64_t h = (uint32_t)key * 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 32);
}

struct pcm_idmap *pcm_idmap_new(void)
{
	struct pcm_idmap *m = pcm_xcalloc(1, sizeof *m);
	size_t i;

	m->mask = 63;
	m->slots = pcm_xmalloc(64 * sizeof *m->slots);
	for (i = 0; i < 64; i++)
		m->slots[i].value = UINT32_MAX;
	return m;
}

static void idmap_rehash(struct pcm_idmap *m)
{
	struct idmap_slot *old = m->slots;
	size_t oldn = m->mask + 1, i, n = oldn * 2;

	m->slots = pcm_xmalloc(n * sizeof *m->slots);
	for (i = 0; i < n; i++)
		m->slots[i].value = UINT32_MAX;
	m->mask = n - 1;
	for (i = 0; i < oldn; i++) {
		size_t j;
		if (old[i].value == UINT32_MAX)
			continue;
		for (j = idmap_hash(old[i].key) & m->mask; m->slots[j].value != UINT32_MAX;
		     j = (j + 1) & m->mask)
			;
		m->slots[j] = old[i];
	}
	free(old);
}

bool pcm_idmap_put(struct pcm_idmap *m, int32_t key, uint32_t value)
{
	size_t j;

	if ((m->count + 1) * 2 > m->mask + 1)
		idmap_rehash(m);
	for (j = idmap_hash(key) & m->mask; m->slots[j].value != UINT32_MAX; j = (j + 1) & m->mask)
		if (m->slots[j].key == key)
			return false;
	m->slots[j].key = key;
	m->slots[j].value = value;
	m->count++;
	return true;
}

uint32_t pcm_idmap_get(const struct pcm_idmap *m, int32_t key)
{
	size_t j;

	for (j = idmap_hash(key) & m->mask; m->slots[j].value != UINT32_MAX; j = (j + 1) & m->mask)
		if (m->slots[j].key == key)
			return m->slots[j].value;
	return UINT32_MAX;
}

void pcm_idmap_free(struct pcm_idmap *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m);
}

/* ---- numbers ---- */

/* Decimal, an optional sign, nothing else (what strtoll accepts without
 * its leading spaces), written out: every id and date of every row goes
 * through here. */
bool pcm_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	bool neg = false;
	uint64_t v = 0, limit;

	if (!s)
		return false;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		return false;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned digit = (unsigned)(*s - '0');
		if (v > (limit - digit) / 10)
			return false;
		v = v * 10 + digit;
	}
	if (*s)
		return false;
	if (neg) {
		int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		if (r < min || r > max)
			return false;
		*out = r;
		return true;
	}
	if ((int64_t)v < min || (int64_t)v > max)
		return false;
	*out = (int64_t)v;
	return true;
}

int pcm_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool pcm_parse_bit(const char *s, bool *out)
{
	if (!s)
		return false;
	if (!strcmp(s, "0") || !strcmp(s, "false")) {
		*out = false;
		return true;
	}
	if (!strcmp(s, "1") || !strcmp(s, "true")) {
		*out = true;
		return true;
	}
	return false;
}

/* ---- UTF-8 ---- */

/* Decodes one code point; returns its byte length or 0 if invalid
 * (overlong forms, surrogates and values past U+10FFFF are invalid). */

bool pcm_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	while (n) {
		size_t k = pcm_utf8_next((const char *)p, n, &cp);
		if (!k)
			return false;
		p += k;
		n -= k;
	}
	return true;
}


/* One pass (every message body of deployment.xml comes here): ASCII by
 * the byte, the rest decoded. strict also refuses DEL and C1 controls. */
static bool xml_text(const char *s, bool strict)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n) {
		uint32_t cp;
		size_t k;

		if (*p >= 0x20 && *p < 0x7F) {
			p++, n--;
			continue;
		}
		if (*p < 0x20) {
			if (*p != '\t' && *p != '\n' && *p != '\r')
				return false;
			p++, n--;
			continue;
		}
		k = pcm_utf8_next((const char *)p, n, &cp);
		if (!k || cp == 0xFFFE || cp == 0xFFFF || (strict && cp >= 0x7F && cp <= 0x9F))
			return false;
		p += k;
		n -= k;
	}
	return true;
}

bool pcm_xml_text_ok(const char *s)
{
	return xml_text(s, false);
}

bool pcm_xml_text_plain(const char *s)
{
	return xml_text(s, true);
}

long pcm_utf16_length(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	long units = 0;
	uint32_t cp;

	while (n) {
		size_t k = pcm_utf8_next((const char *)p, n, &cp);
		if (!k)
			return -1;
		units += cp >= 0x10000 ? 2 : 1;
		p += k;
		n -= k;
	}
	return units;
}

uint32_t pcm_first_control(const char *s, bool xml_only)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	uint32_t cp;

	while (n) {
		size_t k = pcm_utf8_next((const char *)p, n, &cp);
		if (!k) {
			cp = 0xFFFD;
			k = 1;
		}
		if (xml_only ? (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r')
		             : (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)))
			return cp;
		p += k;
		n -= k;
	}
	return 0;
}

/* Simple case folding: ASCII always; other letters through towlower,
 * which needs a UTF-8 LC_CTYPE but never depends on the language. */
static uint32_t fold(uint32_t cp)
{
	if (cp < 0x80)
		return (uint32_t)tolower((int)cp);
	return (uint32_t)towlower((wint_t)cp);
}

uint64_t pcm_casefold_hash(const char *s)
{
	return pcm_casefold_hash_n(s, strlen(s));
}

uint64_t pcm_casefold_hash_n(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = 1469598103934665603ULL;
	uint32_t cp;

	while (n) {
		size_t k = 1;

		if (*p < 0x80) {
			/* ASCII, most names: no decoding, no library call */
			cp = *p >= 'A' && *p <= 'Z' ? *p + 32u : *p;
		} else {
			k = pcm_utf8_next((const char *)p, n, &cp);
			if (!k) {
				cp = *p;
				k = 1;
			}
			cp = fold(cp);
		}
		h = (h ^ cp) * 1099511628211ULL;
		p += k;
		n -= k;
	}
	return h;
}

bool pcm_casefold_equal(const char *a, const char *b)
{
	return pcm_casefold_equal_n(a, strlen(a), b, strlen(b));
}

bool pcm_casefold_equal_n(const char *a, size_t n, const char *b, size_t m)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (n && m) {
		uint32_t c1 = 0, c2 = 0;
		size_t k1 = pcm_utf8_next((const char *)p, n, &c1);
		size_t k2 = pcm_utf8_next((const char *)q, m, &c2);
		if (!k1) {
			c1 = *p;
			k1 = 1;
		}
		if (!k2) {
			c2 = *q;
			k2 = 1;
		}
		if (fold(c1) != fold(c2))
			return false;
		p += k1;
		n -= k1;
		q += k2;
		m -= k2;
	}
	return n == 0 && m == 0;
}

const char *pcm_grouped(uint64_t n, char *buf, size_t size)
{
	char digits[32];
	size_t len, i, k = 0;

	if (!size)
		return buf;
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
	len = strlen(digits);
	for (i = 0; i < len && k + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
	return buf;
}
