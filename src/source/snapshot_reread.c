/* SPDX-License-Identifier: MIT */
/* The row tokenizer for bytes already checked: see snapshot_reread.h. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "source/snapshot_reread.h"
#include "base/textwidth.h"
#include "base/util.h"

/* A name as kept: its text, length, and the last start tag that used it
 * as an attribute (a name twice in one tag is refused, as XML does). */
struct name {
	char *s;
	size_t len;
	size_t tag;
};

struct pcm_reread {
	struct pcm_reread_calls calls;
	/* the bytes not tokenized yet: an unfinished tag, then new input */
	char *buf;
	size_t nbuf, buf_cap;
	/* element and attribute names, each kept once (the rows repeat them
	 * and the callbacks keep the pointers) */
	struct name *names;
	size_t nnames, names_cap;
	size_t tags;                /* start tags so far */
	/* the elements open, innermost last (indexes into names) */
	size_t *open;
	size_t nopen, open_cap;
	/* one tag's decoded values and its attribute array */
	char *vals;
	size_t vals_cap;
	const unsigned char **attrs;
	size_t attrs_cap;
};

struct pcm_reread *pcm_reread_new(const struct pcm_reread_calls *calls)
{
	struct pcm_reread *r = pcm_xcalloc(1, sizeof *r);

	r->calls = *calls;
	return r;
}

void pcm_reread_free(struct pcm_reread *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nnames; i++)
		free(r->names[i].s);
	free(r->names);
	free(r->open);
	free(r->buf);
	free(r->vals);
	free(r->attrs);
	free(r);
}

bool pcm_reread_done(const struct pcm_reread *r)
{
	return r->nbuf == 0 && r->nopen == 0;
}

/* Whether s[0..n) is a name rows use: ASCII letters, digits, '_', '.'
 * and '-', not first a digit, '.' or '-', and not xmlns. XML allows more
 * (other letters, a prefix with ':'), none of which a row holds; libxml2
 * would read a prefix or xmlns as a namespace, not as a column. */
static bool row_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 255 || (n == 5 && !memcmp(s, "xmlns", 5)))
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		      (i > 0 && ((c >= '0' && c <= '9') || c == '.' || c == '-'))))
			return false;
	}
	return true;
}

/* The index of the kept copy of the name s[0..n), kept now if new;
 * SIZE_MAX when it is no row's name. */
static size_t name_of(struct pcm_reread *r, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < r->nnames; i++)
		if (r->names[i].len == n && !memcmp(r->names[i].s, s, n))
			return i;
	if (!row_name(s, n))
		return SIZE_MAX;
	pcm_vec_grow((void **)&r->names, &r->names_cap, r->nnames + 1, sizeof *r->names);
	r->names[r->nnames].s = pcm_xmalloc(n + 1);
	memcpy(r->names[r->nnames].s, s, n);
	r->names[r->nnames].s[n] = '\0';
	r->names[r->nnames].len = n;
	r->names[r->nnames].tag = 0;
	return r->nnames++;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool ends_name(char c)
{
	return is_space(c) || c == '=' || c == '/' || c == '>';
}

/* Does a raw value hold a reference or whitespace XML normalizes? One
 * pass over its bytes. */
static bool needs_decoding(const char *s, const char *end)
{
	for (; s < end; s++)
		if (*s == '&' || *s == '\n' || *s == '\t' || *s == '\r')
			return true;
	return false;
}

/* Decodes an attribute value as XML does: references replaced, each
 * literal tab, line feed or carriage return (CR LF as one) a space.
 * Returns the decoded length, or SIZE_MAX on something a checked file
 * cannot hold. o has room for n bytes (decoding never lengthens). */
static size_t decode_value(const char *s, size_t n, char *o)
{
	size_t i = 0, k = 0;

	while (i < n) {
		char c = s[i];

		if (c == '\r') {
			o[k++] = ' ';
			i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
		} else if (c == '\n' || c == '\t') {
			o[k++] = ' ';
			i++;
		} else if (c != '&') {
			o[k++] = c;
			i++;
		} else {
			const char *semi = memchr(s + i, ';', n - i);
			size_t len;

			if (!semi)
				return SIZE_MAX;
			len = (size_t)(semi - (s + i)) + 1;
			if (len == 5 && !memcmp(s + i, "&amp;", 5)) {
				o[k++] = '&';
			} else if (len == 4 && !memcmp(s + i, "&lt;", 4)) {
				o[k++] = '<';
			} else if (len == 4 && !memcmp(s + i, "&gt;", 4)) {
				o[k++] = '>';
			} else if (len == 6 && !memcmp(s + i, "&quot;", 6)) {
				o[k++] = '"';
			} else if (len == 6 && !memcmp(s + i, "&apos;", 6)) {
				o[k++] = '\'';
			} else if (len > 3 && s[i + 1] == '#') {
				bool hex = s[i + 2] == 'x';
				uint32_t cp = 0;
				size_t j;

				for (j = i + (hex ? 3 : 2); j < i + len - 1; j++) {
					int d = hex ? pcm_hexval((unsigned char)s[j])
					            : (s[j] >= '0' && s[j] <= '9' ? s[j] - '0' : -1);
					if (d < 0 || cp > 0x10FFFF)
						return SIZE_MAX;
					cp = cp * (hex ? 16 : 10) + (uint32_t)d;
				}
				/* a character XML has (&#1; and &#xFFFE; are not) */
				if (j == i + (hex ? 3 : 2) || cp > 0x10FFFF ||
				    (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
				    (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
					return SIZE_MAX;
				k += pcm_utf8_encode(cp, o + k);
			} else {
				return SIZE_MAX;    /* no other entity exists here */
			}
			i += len;
		}
	}
	return k;
}

/* One start tag at p (after '<'), ending at end (its '>'): its name and
 * attributes to the start callback, and the end callback for an empty
 * element. false on anything a checked row cannot be. */
static bool start_tag(struct pcm_reread *r, const char *p, const char *end)
{
	const char *start = p;
	size_t nattrs = 0, total = 0, i, el, an_i;
	bool empty = false;

	while (p < end && !ends_name(*p))
		p++;
	el = name_of(r, start, (size_t)(p - start));
	if (el == SIZE_MAX)
		return false;
	r->tags++;
	/* first pass: the attributes' places */
	for (;;) {
		const char *an, *q;
		size_t an_len;

		while (p < end && is_space(*p))
			p++;
		if (p >= end)
			break;
		if (*p == '/') {
			if (p + 1 != end)
				return false;   /* '/' only right before '>' */
			empty = true;
			break;
		}
		if (nattrs && !is_space(p[-1]))
			return false;       /* attributes apart by whitespace */
		an = p;
		while (p < end && !ends_name(*p))
			p++;
		an_len = (size_t)(p - an);
		while (p < end && is_space(*p))
			p++;
		if (!an_len || p >= end || *p != '=')
			return false;
		an_i = name_of(r, an, an_len);
		if (an_i == SIZE_MAX || r->names[an_i].tag == r->tags)
			return false;       /* no name, or a name twice */
		r->names[an_i].tag = r->tags;
		p++;
		while (p < end && is_space(*p))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return false;
		q = memchr(p + 1, *p, (size_t)(end - p - 1));
		if (!q || memchr(p + 1, '<', (size_t)(q - p - 1)))
			return false;
		pcm_vec_grow((void **)&r->attrs, &r->attrs_cap, 5 * (nattrs + 1), sizeof *r->attrs);
		r->attrs[5 * nattrs] = (const unsigned char *)r->names[an_i].s;
		r->attrs[5 * nattrs + 1] = NULL;
		r->attrs[5 * nattrs + 2] = NULL;
		/* the raw value for now; decoded below */
		r->attrs[5 * nattrs + 3] = (const unsigned char *)(p + 1);
		r->attrs[5 * nattrs + 4] = (const unsigned char *)q;
		total += (size_t)(q - p - 1);
		nattrs++;
		p = q + 1;
	}
	/* second pass: decode the values that hold references or whitespace
	 * to be normalized; the others are passed where they are. vals is
	 * grown once, here, to the raw total (decoding never lengthens a
	 * value), so it does not move while values are written into it. */
	pcm_vec_grow((void **)&r->vals, &r->vals_cap, total + 1, 1);
	total = 0;
	for (i = 0; i < nattrs; i++) {
		const char *vs = (const char *)r->attrs[5 * i + 3], *ve = (const char *)r->attrs[5 * i + 4];
		size_t k;

		if (!needs_decoding(vs, ve))
			continue;
		k = decode_value(vs, (size_t)(ve - vs), r->vals + total);
		if (k == SIZE_MAX)
			return false;
		r->attrs[5 * i + 3] = (const unsigned char *)(r->vals + total);
		r->attrs[5 * i + 4] = (const unsigned char *)(r->vals + total + k);
		total += k;
	}
	if (!empty) {
		pcm_vec_grow((void **)&r->open, &r->open_cap, r->nopen + 1, sizeof *r->open);
		r->open[r->nopen++] = el;
	}
	r->calls.start(r->calls.ctx, r->names[el].s, (int)nattrs, r->attrs);
	if (empty)
		r->calls.end(r->calls.ctx);
	return true;
}

/* An end tag at p (after "</"), ending at end (its '>'): the name of the
 * element open innermost, then at most whitespace. */
static bool end_tag(struct pcm_reread *r, const char *p, const char *end)
{
	const struct name *open;
	const char *name = p;

	if (!r->nopen)
		return false;
	open = &r->names[r->open[r->nopen - 1]];
	while (p < end && !ends_name(*p))
		p++;
	if ((size_t)(p - name) != open->len || memcmp(name, open->s, open->len))
		return false;
	while (p < end && is_space(*p))
		p++;
	if (p != end)
		return false;
	r->nopen--;
	r->calls.end(r->calls.ctx);
	return true;
}

/* A comment <!--...--> from lt to end (its '>'): XML allows no "--" in
 * it, nor a '-' right before the "-->". */
static bool comment_ok(const char *lt, const char *end)
{
	const char *body = lt + 4, *q;
	size_t n = (size_t)(end - 2 - body);   /* before the "-->" */

	for (q = body; (q = memchr(q, '-', (size_t)(body + n - q))) != NULL; q++)
		if (q + 1 == body + n || q[1] == '-')
			return false;
	return true;
}

/* A processing instruction <?target ...?> from lt to end (its '>'): a
 * target rows could name, not xml in any case (the declaration, only at
 * the start of a file), then "?>" or whitespace. */
static bool pi_ok(const char *lt, const char *end)
{
	const char *t = lt + 2, *p = t;

	while (p < end && !ends_name(*p) && *p != '?')
		p++;
	if (!row_name(t, (size_t)(p - t)) ||
	    (p - t >= 3 && (t[0] | 0x20) == 'x' && (t[1] | 0x20) == 'm' && (t[2] | 0x20) == 'l'))
		return false;
	return p == end - 1 || is_space(*p);
}

/* Where the markup starting at p (a '<') ends: the '>' of a tag (outside
 * quotes), the end of a comment or processing instruction; NULL when it
 * does not end before e. */
static const char *markup_end(const char *p, const char *e)
{
	const char *q;

	if (e - p >= 4 && !memcmp(p, "<!--", 4)) {
		for (q = p + 4; (q = memchr(q, '>', (size_t)(e - q))) != NULL; q++)
			if (q - p >= 6 && q[-1] == '-' && q[-2] == '-')
				return q;
		return NULL;
	}
	if (e - p >= 2 && p[1] == '?') {
		for (q = p + 2; (q = memchr(q, '>', (size_t)(e - q))) != NULL; q++)
			if (q[-1] == '?')
				return q;
		return NULL;
	}
	for (q = p + 1; q < e; q++) {
		if (*q == '"' || *q == '\'') {
			q = memchr(q + 1, *q, (size_t)(e - q - 1));
			if (!q)
				return NULL;
		} else if (*q == '>') {
			return q;
		}
	}
	return NULL;
}

bool pcm_reread_feed(struct pcm_reread *r, const char *data, size_t n)
{
	const char *p, *e;
	size_t keep;

	if (!n)
		return true;        /* nothing new (and no buffer yet, maybe) */
	pcm_vec_grow((void **)&r->buf, &r->buf_cap, r->nbuf + n, 1);
	memcpy(r->buf + r->nbuf, data, n);
	r->nbuf += n;
	p = r->buf;
	e = r->buf + r->nbuf;
	while (p < e) {
		const char *lt = memchr(p, '<', (size_t)(e - p)), *end;

		/* between rows: whitespace, no text */
		for (; p < (lt ? lt : e); p++)
			if (!is_space(*p))
				return false;
		if (!lt)
			break;
		end = markup_end(lt, e);
		if (!end) {
			p = lt;             /* finished by the next bytes */
			break;
		}
		if (lt[1] == '/') {
			if (!end_tag(r, lt + 2, end))
				return false;
		} else if (lt[1] == '!') {
			if (end - lt < 6 || memcmp(lt, "<!--", 4) || !comment_ok(lt, end))
				return false;   /* CDATA or a declaration: not in rows */
		} else if (lt[1] == '?') {
			if (!pi_ok(lt, end))
				return false;
		} else if (!start_tag(r, lt + 1, end)) {
			return false;
		}
		p = end + 1;
	}
	keep = (size_t)(e - p);
	memmove(r->buf, p, keep);
	r->nbuf = keep;
	return true;
}
