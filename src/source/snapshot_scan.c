/* SPDX-License-Identifier: MIT */
/* The byte-level guard in front of libxml2: see snapshot_scan.h. A small
 * state machine over raw bytes; it knows just enough XML to tell markup
 * from text (comments, CDATA, processing instructions, quoted attribute
 * values) and never builds anything per element beyond a queued mark. */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/i18n.h"
#include "source/snapshot_scan.h"
#include "base/util.h"

enum {
	S_TEXT,         /* character data or whitespace between tags */
	S_LT,           /* just after '<' */
	S_BANG,         /* after "<!" */
	S_BANG_DASH,    /* after "<!-" */
	S_COMMENT,      /* inside <!-- --> */
	S_CDATA,        /* inside <![CDATA[ ]]> */
	S_PI,           /* inside <? ?> */
	S_STAG,         /* inside a start tag */
	S_ETAG,         /* inside an end tag */
};

void pcm_scan_init(struct pcm_scan *s, uint64_t offset, uint64_t line, long depth)
{
	memset(s, 0, sizeof *s);
	s->offset = offset;
	s->line = line;
	s->depth = depth;
	s->state = S_TEXT;
}

void pcm_scan_free(struct pcm_scan *s)
{
	free(s->q);
	s->q = NULL;
}

/* Records the first refusal at line with a printf-style text. */
static bool refuse(struct pcm_scan *s, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool refuse(struct pcm_scan *s, uint64_t line, const char *fmt, ...)
{
	va_list ap;

	if (s->failed)
		return false;
	s->failed = true;
	s->err_line = line;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return false;
}

void pcm_scan_push(struct pcm_scan *s, uint64_t offset, uint64_t line)
{
	if (s->qlen == s->qcap) {
		size_t ncap = s->qcap ? s->qcap * 2 : 64, i;
		struct pcm_scan_mark *nq = pcm_xmalloc(ncap * sizeof *nq);
		for (i = 0; i < s->qlen; i++)
			nq[i] = s->q[(s->qhead + i) % s->qcap];
		free(s->q);
		s->q = nq;
		s->qcap = ncap;
		s->qhead = 0;
	}
	s->q[(s->qhead + s->qlen) % s->qcap].offset = offset;
	s->q[(s->qhead + s->qlen) % s->qcap].line = line;
	s->qlen++;
}

bool pcm_scan_take(struct pcm_scan *s, struct pcm_scan_mark *m)
{
	if (!s->qlen)
		return false;
	*m = s->q[s->qhead];
	s->qhead = (s->qhead + 1) % s->qcap;
	s->qlen--;
	return true;
}

/* The encoding named in the XML declaration must be UTF-8 (or ASCII, a
 * subset): the guard checks UTF-8 and the reader assumes it. */
static bool check_declaration(struct pcm_scan *s)
{
	const char *p = strstr(s->decl, "encoding");
	char name[64];
	size_t n = 0;
	char q;

	if (!p)
		return true;
	p += strlen("encoding");
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '=')
		p++;
	if (*p != '"' && *p != '\'')
		return true;        /* malformed: libxml2 says so */
	q = *p++;
	while (*p && *p != q && n < sizeof name - 1)
		name[n++] = *p++;
	name[n] = '\0';
	if (!strcasecmp(name, "UTF-8") || !strcasecmp(name, "UTF8") ||
	    !strcasecmp(name, "US-ASCII") || !strcasecmp(name, "ASCII"))
		return true;
	return refuse(s, s->tag_line,
	              _("the snapshot declares encoding \"%s\"; a snapshot must be UTF-8 "
	                "(run sqlcmd with -f o:65001)"), name);
}

/* Checks one decoded code point against XML 1.0's Char production. */
static bool check_char(struct pcm_scan *s, uint32_t cp)
{
	if (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF)
		return true;
	if (cp == 0x9 || cp == 0xA || cp == 0xD)
		return true;
	if (cp == 0)
		return refuse(s, s->line, _("NUL byte: a snapshot is UTF-8 text and XML cannot hold U+0000"));
	return refuse(s, s->line, _("character U+%04X is not allowed in XML"), (unsigned)cp);
}

/* Feeds one byte to the UTF-8 decoder; false on an invalid sequence. */
static bool decode(struct pcm_scan *s, unsigned char b)
{
	if (s->need == 0) {
		if (b < 0x80)
			return check_char(s, b);
		s->cp_line = s->line;
		s->lead = b;
		if ((b & 0xE0) == 0xC0) {
			s->need = 1, s->cp = b & 0x1F, s->cp_min = 0x80;
		} else if ((b & 0xF0) == 0xE0) {
			s->need = 2, s->cp = b & 0x0F, s->cp_min = 0x800;
		} else if ((b & 0xF8) == 0xF0) {
			s->need = 3, s->cp = b & 0x07, s->cp_min = 0x10000;
		} else {
			return refuse(s, s->line, _("invalid UTF-8 (byte 0x%02X); a snapshot must be UTF-8 text"), b);
		}
		return true;
	}
	if ((b & 0xC0) != 0x80)
		return refuse(s, s->cp_line, _("invalid UTF-8 (byte 0x%02X); a snapshot must be UTF-8 text"),
		              s->lead);
	s->cp = (s->cp << 6) | (b & 0x3F);
	if (--s->need)
		return true;
	if (s->cp < s->cp_min || s->cp > 0x10FFFF || (s->cp >= 0xD800 && s->cp <= 0xDFFF))
		return refuse(s, s->line, _("invalid UTF-8 (overlong form, surrogate or beyond U+10FFFF); "
		                            "a snapshot must be UTF-8 text"));
	return check_char(s, s->cp);
}

/* Advances the markup state machine by one byte at s->offset. */
static bool step(struct pcm_scan *s, unsigned char b)
{
	switch (s->state) {
	case S_TEXT:
		if (b == '<') {
			s->state = S_LT;
			s->tag_start = s->offset;
			s->tag_line = s->line;
		} else if (!(b == 0xEF || b == 0xBB || b == 0xBF) || s->offset > 2) {
			s->decl_seen_anything = true;
		}
		break;
	case S_LT:
		if (b == '!') {
			s->state = S_BANG;
		} else if (b == '?') {
			s->state = S_PI;
			s->dashes = 0;
			s->in_decl = !s->decl_seen_anything;
			s->ndecl = 0;
		} else if (b == '/') {
			s->state = S_ETAG;
		} else {
			s->state = S_STAG;
			s->quote = 0;
			s->slash = false;
			pcm_scan_push(s, s->tag_start, s->tag_line);
		}
		s->decl_seen_anything = true;
		break;
	case S_BANG:
		if (b == '-') {
			s->state = S_BANG_DASH;
		} else if (b == '[') {
			s->state = S_CDATA;
			s->dashes = 0;
		} else {
			return refuse(s, s->tag_line,
			              _("DOCTYPE and other markup declarations are not allowed in a snapshot "
			                "(no DTD, no entities)"));
		}
		break;
	case S_BANG_DASH:
		if (b != '-')
			return refuse(s, s->tag_line,
			              _("DOCTYPE and other markup declarations are not allowed in a snapshot "
			                "(no DTD, no entities)"));
		s->state = S_COMMENT;
		s->dashes = 0;
		break;
	case S_COMMENT:
		if (b == '-')
			s->dashes++;
		else if (b == '>' && s->dashes >= 2)
			s->state = S_TEXT;
		else
			s->dashes = 0;
		break;
	case S_CDATA:
		if (b == ']')
			s->dashes++;
		else if (b == '>' && s->dashes >= 2)
			s->state = S_TEXT;
		else
			s->dashes = 0;
		break;
	case S_PI:
		if (b == '>' && s->dashes) {
			s->state = S_TEXT;
			if (s->in_decl) {
				s->decl[s->ndecl] = '\0';
				s->in_decl = false;
				if (!strncmp(s->decl, "xml", 3) && strchr(" \t\r\n", s->decl[3]) &&
				    s->decl[3] && !check_declaration(s))
					return false;
			}
			break;
		}
		s->dashes = b == '?';
		if (s->in_decl && s->ndecl < sizeof s->decl - 1)
			s->decl[s->ndecl++] = (char)b;
		break;
	case S_STAG:
		if (s->quote) {
			if (b == s->quote)
				s->quote = 0;
		} else if (b == '"' || b == '\'') {
			s->quote = b;
		} else if (b == '>') {
			s->state = S_TEXT;
			if (!s->slash)
				s->depth++;
		}
		s->slash = b == '/';
		break;
	case S_ETAG:
		if (b == '>') {
			s->state = S_TEXT;
			if (--s->depth == 0 && !s->root_closed) {
				s->root_closed = true;
				s->root_end = s->tag_start;
			}
		}
		break;
	}
	return true;
}

/* Length of the valid UTF-8 character XML allows at p (2 to 4 bytes,
 * all of them before end), or 0 to let the byte-wise decoder decide. */
static size_t plain_utf8(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;
	size_t k = pcm_utf8_next((const char *)p, (size_t)(end - p), &cp);

	return k >= 2 && cp != 0xFFFE && cp != 0xFFFF ? k : 0;
}

/* Skips, from buf[i], the bytes that cannot end the current state or
 * break a rule, updating the position; returns where it stopped. */
static size_t skip_plain(struct pcm_scan *s, const unsigned char *buf, size_t i, size_t n)
{
	size_t j = i;

	if (s->state == S_STAG && s->quote && s->trusted) {
		const unsigned char *q = memchr(buf + i, s->quote, n - i);
		size_t k;

		j = q ? (size_t)(q - buf) : n;
		for (k = i; k < j; k++)
			s->line += buf[k] == '\n';
		if (j > i)
			s->slash = false;
	} else if (s->state == S_STAG) {
		/* a tag: names, '=', quotes opening and closing, and quoted
		 * values, in one loop; '>', controls and bad UTF-8 go the slow way */
		for (; j < n; j++) {
			unsigned char c = buf[j];

			if (s->quote) {
				if (c == s->quote) {
					s->quote = 0;
				} else if (c >= 0x80) {
					size_t len = plain_utf8(buf + j, buf + n);
					if (!len)
						break;
					j += len - 1;
				} else if (c < 0x20) {
					break;
				}
				s->slash = false;
			} else if (c == '"' || c == '\'') {
				s->quote = c;
				s->slash = false;
			} else if (c == '/') {
				s->slash = true;
			} else if (c >= 0x20 && c < 0x80 && c != '>') {
				s->slash = false;
			} else {
				break;
			}
		}
	} else if (s->state == S_TEXT && s->offset > 2) {
		while (j < n && ((buf[j] >= 0x20 && buf[j] < 0x80 && buf[j] != '<') || buf[j] == '\n' ||
		                 buf[j] == '\t' || buf[j] == '\r')) {
			if (buf[j] == '\n')
				s->line++;
			j++;
		}
		if (j > i)
			s->decl_seen_anything = true;
	}
	s->offset += j - i;
	return j;
}

bool pcm_scan_feed(struct pcm_scan *s, const unsigned char *buf, size_t n)
{
	size_t i;

	if (s->failed)
		return false;
	if (s->offset == 0 && n >= 2 &&
	    ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF)))
		return refuse(s, 1, _("the file is UTF-16; a snapshot must be UTF-8 "
		                      "(run sqlcmd with -f o:65001)"));
	for (i = 0; i < n; i++) {
		unsigned char b = buf[i];

		/* Fast paths for the bulk of a snapshot, bytes that change
		 * nothing but the position: printable ASCII in a quoted value,
		 * whole UTF-8 characters there, names and spaces in a tag, the
		 * whitespace between rows. */
		if (!s->need) {
			size_t j = skip_plain(s, buf, i, n);
			if (j > i) {
				i = j - 1;
				continue;
			}
		}
		if ((!s->trusted && !decode(s, b)) || !step(s, b))
			return false;
		s->offset++;
		if (b == '\n')
			s->line++;
	}
	return true;
}

bool pcm_scan_finish(struct pcm_scan *s)
{
	if (s->failed)
		return false;
	if (s->need)
		return refuse(s, s->cp_line, _("the file ends inside a UTF-8 character (truncated?)"));
	return true;
}

bool pcm_scan_in_markup(const struct pcm_scan *s)
{
	return s->state != S_TEXT;
}
