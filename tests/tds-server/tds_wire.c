/* SPDX-License-Identifier: MIT */
/* Byte buffers and TDS token writers for the loopback test server. The
 * layouts follow MS-TDS section 2.2.7; versions before 7.2 use the
 * shorter DONE row count, COLMETADATA user type and ERROR line number. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/timeconv.h"
#include "tds_wire.h"
#include "base/util.h"

/* Grows b so that n more bytes fit. */
static void wb_reserve(struct wbuf *b, size_t n)
{
	if (b->n + n <= b->cap)
		return;
	size_t cap = b->cap ? b->cap * 2 : 4096;
	while (cap < b->n + n)
		cap *= 2;
	b->p = realloc(b->p, cap);
	if (!b->p) {
		fputs("tds-server: out of memory\n", stderr);
		abort();
	}
	b->cap = cap;
}

void wb_free(struct wbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

void wb_bytes(struct wbuf *b, const void *data, size_t n)
{
	wb_reserve(b, n);
	if (n)
		memcpy(b->p + b->n, data, n);
	b->n += n;
}

void wb_u8(struct wbuf *b, unsigned v)
{
	uint8_t c = (uint8_t)v;
	wb_bytes(b, &c, 1);
}

void wb_u16le(struct wbuf *b, unsigned v)
{
	uint8_t c[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	wb_bytes(b, c, 2);
}

void wb_u16be(struct wbuf *b, unsigned v)
{
	uint8_t c[2] = { (uint8_t)(v >> 8), (uint8_t)v };
	wb_bytes(b, c, 2);
}

void wb_u32le(struct wbuf *b, uint32_t v)
{
	uint8_t c[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	wb_bytes(b, c, 4);
}

void wb_u32be(struct wbuf *b, uint32_t v)
{
	uint8_t c[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
	wb_bytes(b, c, 4);
}

void wb_u64le(struct wbuf *b, uint64_t v)
{
	wb_u32le(b, (uint32_t)v);
	wb_u32le(b, (uint32_t)(v >> 32));
}

void wb_patch_u16le(struct wbuf *b, size_t at, unsigned v)
{
	b->p[at] = (uint8_t)v;
	b->p[at + 1] = (uint8_t)(v >> 8);
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length and
 * the code point in *cp, or 1 and U+FFFD for a bad byte. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t len;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = 0xFFFD;
	*cp = v;
	return len;
}

size_t wb_utf16(struct wbuf *b, const char *utf8, size_t len)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t units = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			wb_u16le(b, 0xD800 | (cp >> 10));
			wb_u16le(b, 0xDC00 | (cp & 0x3FF));
			units += 2;
		} else {
			wb_u16le(b, cp);
			units++;
		}
	}
	return units;
}

char *utf16_to_utf8(const uint8_t *p, size_t units)
{
	struct wbuf o = { 0 };

	for (size_t i = 0; i < units; i++) {
		uint32_t cp = p[2 * i] | (uint32_t)p[2 * i + 1] << 8;
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units) {
			uint32_t lo = p[2 * i + 2] | (uint32_t)p[2 * i + 3] << 8;
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			}
		}
		if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = 0xFFFD;
		if (cp < 0x80) {
			wb_u8(&o, cp);
		} else if (cp < 0x800) {
			wb_u8(&o, 0xC0 | (cp >> 6));
			wb_u8(&o, 0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			wb_u8(&o, 0xE0 | (cp >> 12));
			wb_u8(&o, 0x80 | ((cp >> 6) & 0x3F));
			wb_u8(&o, 0x80 | (cp & 0x3F));
		} else {
			wb_u8(&o, 0xF0 | (cp >> 18));
			wb_u8(&o, 0x80 | ((cp >> 12) & 0x3F));
			wb_u8(&o, 0x80 | ((cp >> 6) & 0x3F));
			wb_u8(&o, 0x80 | (cp & 0x3F));
		}
	}
	wb_u8(&o, 0);
	return (char *)o.p;
}

/* A length-prefixed UTF-16 string; lenbytes is 1 (B_VARCHAR) or 2. */
static void wb_varchar(struct wbuf *b, const char *utf8, int lenbytes)
{
	size_t at = b->n;
	size_t units;

	if (lenbytes == 1)
		wb_u8(b, 0);
	else
		wb_u16le(b, 0);
	units = wb_utf16(b, utf8 ? utf8 : "", utf8 ? strlen(utf8) : 0);
	if (lenbytes == 1)
		b->p[at] = (uint8_t)(units > 255 ? 255 : units);
	else
		wb_patch_u16le(b, at, (unsigned)units);
}

void wb_bvarchar(struct wbuf *b, const char *utf8)
{
	wb_varchar(b, utf8, 1);
}

void wb_usvarchar(struct wbuf *b, const char *utf8)
{
	wb_varchar(b, utf8, 2);
}

int tds_is72(const struct tds_out *o)
{
	return o->version >= TDSV_72;
}

void tok_done(struct tds_out *o, unsigned status, unsigned curcmd, uint64_t rows)
{
	o->done_at = o->buf.n;
	wb_u8(&o->buf, TOK_DONE);
	wb_u16le(&o->buf, status);
	wb_u16le(&o->buf, curcmd);
	if (tds_is72(o))
		wb_u64le(&o->buf, rows);
	else
		wb_u32le(&o->buf, (uint32_t)rows);
	o->done_end = o->buf.n;
}

void tok_message(struct tds_out *o, int is_error, int32_t number, unsigned state,
		 unsigned cls, const char *text, const char *server, unsigned line)
{
	struct wbuf *b = &o->buf;
	size_t at;

	wb_u8(b, is_error ? TOK_ERROR : TOK_INFO);
	at = b->n;
	wb_u16le(b, 0);
	wb_u32le(b, (uint32_t)number);
	wb_u8(b, state);
	wb_u8(b, cls);
	wb_usvarchar(b, text);
	wb_bvarchar(b, server);
	wb_bvarchar(b, "");
	if (tds_is72(o))
		wb_u32le(b, line);
	else
		wb_u16le(b, line);
	wb_patch_u16le(b, at, (unsigned)(b->n - at - 2));
	if (is_error)
		o->error_seen = 1;
}

void tok_env_string(struct tds_out *o, unsigned type, const char *newv, const char *oldv)
{
	struct wbuf *b = &o->buf;
	size_t at;

	wb_u8(b, TOK_ENVCHANGE);
	at = b->n;
	wb_u16le(b, 0);
	wb_u8(b, type);
	wb_bvarchar(b, newv);
	wb_bvarchar(b, oldv);
	wb_patch_u16le(b, at, (unsigned)(b->n - at - 2));
}

void tok_env_bytes(struct tds_out *o, unsigned type, const uint8_t *newv, size_t nn,
		   const uint8_t *oldv, size_t on)
{
	struct wbuf *b = &o->buf;
	size_t at;

	wb_u8(b, TOK_ENVCHANGE);
	at = b->n;
	wb_u16le(b, 0);
	wb_u8(b, type);
	wb_u8(b, (unsigned)nn);
	wb_bytes(b, newv, nn);
	wb_u8(b, (unsigned)on);
	wb_bytes(b, oldv, on);
	wb_patch_u16le(b, at, (unsigned)(b->n - at - 2));
}

void tok_loginack(struct tds_out *o, const char *progname, unsigned major, unsigned minor,
		  unsigned build)
{
	struct wbuf *b = &o->buf;
	size_t at;

	wb_u8(b, TOK_LOGINACK);
	at = b->n;
	wb_u16le(b, 0);
	wb_u8(b, 1);                    /* SQL_TSQL */
	wb_u32be(b, o->version);
	wb_bvarchar(b, progname);
	wb_u8(b, major);
	wb_u8(b, minor);
	wb_u8(b, build >> 8);
	wb_u8(b, build & 0xFF);
	wb_patch_u16le(b, at, (unsigned)(b->n - at - 2));
}

/* SQL_Latin1_General_CP1_CI_AS */
static const uint8_t collation[5] = { 0x09, 0x04, 0xD0, 0x00, 0x34 };

void tok_colmetadata(struct tds_out *o, const struct col_desc *cols, size_t n)
{
	struct wbuf *b = &o->buf;

	wb_u8(b, TOK_COLMETADATA);
	wb_u16le(b, (unsigned)n);
	for (size_t i = 0; i < n; i++) {
		if (tds_is72(o))
			wb_u32le(b, 0);
		else
			wb_u16le(b, 0);
		wb_u16le(b, 0x0001 | 0x0008);   /* nullable, updateable unknown */
		switch (cols[i].kind) {
		case COL_INT1: wb_u8(b, 0x26); wb_u8(b, 1); break;
		case COL_INT2: wb_u8(b, 0x26); wb_u8(b, 2); break;
		case COL_INT4: wb_u8(b, 0x26); wb_u8(b, 4); break;
		case COL_INT8: wb_u8(b, 0x26); wb_u8(b, 8); break;
		case COL_BIT: wb_u8(b, 0x68); wb_u8(b, 1); break;
		case COL_FLOAT: wb_u8(b, 0x6D); wb_u8(b, 8); break;
		case COL_GUID: wb_u8(b, 0x24); wb_u8(b, 16); break;
		case COL_DATETIME: wb_u8(b, 0x6F); wb_u8(b, 8); break;
		case COL_NVARCHAR:
			wb_u8(b, 0xE7);
			wb_u16le(b, 8000);
			wb_bytes(b, collation, 5);
			break;
		case COL_NVARCHAR_MAX:
			wb_u8(b, 0xE7);
			wb_u16le(b, 0xFFFF);
			wb_bytes(b, collation, 5);
			break;
		case COL_NTEXT:
			wb_u8(b, 0x63);
			wb_u32le(b, 0x7FFFFFFF);
			wb_bytes(b, collation, 5);
			if (tds_is72(o)) {
				wb_u8(b, 1);
				wb_usvarchar(b, cols[i].table ? cols[i].table : "t");
			} else {
				wb_usvarchar(b, cols[i].table ? cols[i].table : "t");
			}
			break;
		}
		wb_bvarchar(b, cols[i].name);
	}
}

void val_null(struct tds_out *o, enum col_kind k)
{
	struct wbuf *b = &o->buf;

	switch (k) {
	case COL_NVARCHAR:
		wb_u16le(b, 0xFFFF);
		break;
	case COL_NVARCHAR_MAX:
		wb_u64le(b, UINT64_MAX);
		break;
	default:                /* INTN, BITN, FLTN, GUIDN, DATETIMN; NTEXT */
		wb_u8(b, 0);
		break;
	}
}

void val_int(struct tds_out *o, enum col_kind k, int64_t v)
{
	struct wbuf *b = &o->buf;

	switch (k) {
	case COL_INT1: wb_u8(b, 1); wb_u8(b, (unsigned)v); break;
	case COL_INT2: wb_u8(b, 2); wb_u16le(b, (unsigned)v); break;
	case COL_INT4: wb_u8(b, 4); wb_u32le(b, (uint32_t)v); break;
	case COL_INT8: wb_u8(b, 8); wb_u64le(b, (uint64_t)v); break;
	case COL_BIT: wb_u8(b, 1); wb_u8(b, v != 0); break;
	case COL_FLOAT: val_float(o, (double)v); break;
	default: {
		char text[32];
		snprintf(text, sizeof text, "%lld", (long long)v);
		val_text(o, k, text, strlen(text));
	}
	}
}

void val_float(struct tds_out *o, double v)
{
	uint64_t bits;

	memcpy(&bits, &v, 8);
	wb_u8(&o->buf, 8);
	wb_u64le(&o->buf, bits);
}

/* "8-4-4-4-12" hex -> the 16 wire bytes (first three groups little-endian). */
static int parse_guid(const char *s, size_t len, uint8_t out[16])
{
	uint8_t raw[16];
	size_t k = 0;

	if (len == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		len -= 2;
	}
	if (len != 36)
		return -1;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		int h = pcm_hexval((unsigned char)s[i]), l = pcm_hexval((unsigned char)s[i + 1]);
		if (h < 0 || l < 0)
			return -1;
		raw[k++] = (uint8_t)(h << 4 | l);
		i++;
	}
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	for (int i = 0; i < 16; i++)
		out[i] = raw[order[i]];
	return 0;
}

/* "YYYY-MM-DD[T| ]hh:mm:ss[.fff]" -> days since 1900 and 1/300 s ticks. */
static int parse_datetime(const char *s, size_t len, int32_t *days, uint32_t *ticks)
{
	char buf[40];
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	double frac = 0;

	if (len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (sscanf(buf, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
		return -1;
	if (buf[n] == 'T' || buf[n] == ' ') {
		int m2 = 0;
		if (sscanf(buf + n + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &m2) != 3)
			return -1;
		n += 1 + m2;
		if (buf[n] == '.') {
			frac = strtod(buf + n, NULL);
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
		return -1;
	*days = (int32_t)(pcm_days_from_civil(y, (unsigned)mo, (unsigned)d) + 25567);  /* 1900-01-01 = day -25567 */
	*ticks = (uint32_t)((h * 3600 + mi * 60 + sec) * 300) + (uint32_t)(frac * 300 + 0.5);
	return 0;
}

int val_text(struct tds_out *o, enum col_kind k, const char *text, size_t len)
{
	struct wbuf *b = &o->buf;

	switch (k) {
	case COL_NVARCHAR: {
		size_t at = b->n;
		wb_u16le(b, 0);
		size_t units = wb_utf16(b, text, len);
		if (units > 4000) {
			b->n = at + 2 + 8000;   /* the declared nvarchar(4000) */
			units = 4000;
		}
		wb_patch_u16le(b, at, (unsigned)(units * 2));
		return 0;
	}
	case COL_NVARCHAR_MAX: {
		struct wbuf tmp = { 0 };
		size_t units = wb_utf16(&tmp, text, len);
		wb_u64le(b, units * 2);
		if (units) {
			wb_u32le(b, (uint32_t)(units * 2));
			wb_bytes(b, tmp.p, units * 2);
		}
		wb_u32le(b, 0);
		wb_free(&tmp);
		return 0;
	}
	case COL_NTEXT: {
		static const uint8_t textptr[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
		struct wbuf tmp = { 0 };
		size_t units = wb_utf16(&tmp, text, len);
		wb_u8(b, 16);
		wb_bytes(b, textptr, 16);
		wb_u64le(b, 0);                 /* timestamp */
		wb_u32le(b, (uint32_t)(units * 2));
		wb_bytes(b, tmp.p, units * 2);
		wb_free(&tmp);
		return 0;
	}
	case COL_GUID: {
		uint8_t g[16];
		if (parse_guid(text, len, g) < 0) {
			val_null(o, k);
			return -1;
		}
		wb_u8(b, 16);
		wb_bytes(b, g, 16);
		return 0;
	}
	case COL_DATETIME: {
		int32_t days;
		uint32_t ticks;
		if (parse_datetime(text, len, &days, &ticks) < 0) {
			val_null(o, k);
			return -1;
		}
		wb_u8(b, 8);
		wb_u32le(b, (uint32_t)days);
		wb_u32le(b, ticks);
		return 0;
	}
	case COL_FLOAT: {
		char buf[64];
		size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
		memcpy(buf, text, n);
		buf[n] = 0;
		val_float(o, strtod(buf, NULL));
		return 0;
	}
	default: {
		char buf[32];
		size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
		memcpy(buf, text, n);
		buf[n] = 0;
		val_int(o, k, strtoll(buf, NULL, 10));
		return 0;
	}
	}
}

void tok_finish(struct tds_out *o)
{
	if (o->done_end && o->done_end == o->buf.n) {
		unsigned st = o->buf.p[o->done_at + 1] | o->buf.p[o->done_at + 2] << 8;
		st &= ~(unsigned)DONE_MORE;
		o->buf.p[o->done_at + 1] = (uint8_t)st;
		o->buf.p[o->done_at + 2] = (uint8_t)(st >> 8);
		return;
	}
	tok_done(o, o->error_seen ? DONE_ERROR : 0, 0, 0);
}
