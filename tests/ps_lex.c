/* SPDX-License-Identifier: MIT */
/* The PowerShell tokenizer of tests/ps_contract (see ps_lex.h). */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ps_lex.h"

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("ps_contract: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}


/* ---- tokens ------------------------------------------------------- */

struct tok *toks;
size_t ntoks, captoks;

/* Length of a quote character at s: ' and U+2018..U+201B are single
 * quotes to PowerShell, " and U+201C..U+201E double ones. */
static size_t squote(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == '\'')
		return 1;
	return u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9B ? 3 : 0;
}

static size_t dquote(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == '"')
		return 1;
	return u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x9C && u[2] <= 0x9E ? 3 : 0;
}

static bool word_char(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c <= ' ' || strchr("(){}|;,=$@'\"#", c))
		return false;
	return !squote(s) && !dquote(s);
}

void bput(struct buf *b, const char *s, size_t n)
{
	while (b->n + n + 1 > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

char *btake(struct buf *b)
{
	char *s = b->s ? b->s : xstrndup("", 0);

	memset(b, 0, sizeof *b);
	return s;
}

static void add_tok(int type, int line, bool sp, char *text)
{
	struct tok t = { type, line, sp, false, text };

	PUSH(toks, ntoks, captoks, t);
}

/* Tokenizes the whole script. Returns false (after a message) on an
 * unterminated string or comment. */
bool lex(const char *s)
{
	int line = 1;
	bool sp = true;

	if (!strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (*s) {
		size_t q;
		int start = line;
		struct buf b = { 0 };

		if (*s == ' ' || *s == '\t' || *s == '\r') {
			s++;
			sp = true;
			continue;
		}
		if (*s == '`' && (s[1] == '\n' || (s[1] == '\r' && s[2] == '\n'))) {
			s += s[1] == '\n' ? 2 : 3;      /* line continuation */
			line++;
			sp = true;
			continue;
		}
		if (*s == '\n') {
			add_tok(T_NL, line++, true, NULL);
			s++;
			sp = true;
			continue;
		}
		if (*s == '<' && s[1] == '#') {
			const char *e = strstr(s + 2, "#>");
			if (!e) {
				finding(line, "unterminated <# comment");
				return false;
			}
			for (; s < e; s++)
				line += *s == '\n';
			s += 2;
			sp = true;
			continue;
		}
		if (*s == '#' && sp) {
			while (*s && *s != '\n')
				s++;
			continue;
		}
		if ((q = squote(s)) != 0) {
			s += q;
			for (;;) {
				if (!*s) {
					finding(start, "unterminated single-quoted string");
					return false;
				}
				if ((q = squote(s)) != 0) {
					size_t q2 = squote(s + q);
					if (!q2)
						break;
					bput(&b, s + q, q2);    /* doubled: the second one */
					s += q + q2;
					continue;
				}
				line += *s == '\n';
				bput(&b, s++, 1);
			}
			s += q;
			add_tok(T_SQ, start, sp, btake(&b));
		} else if ((q = dquote(s)) != 0) {
			bool dyn = false;
			s += q;
			for (;;) {
				if (!*s) {
					finding(start, "unterminated double-quoted string");
					return false;
				}
				if (*s == '`' && s[1]) {
					bput(&b, s + 1, 1);
					s += 2;
					continue;
				}
				if ((q = dquote(s)) != 0) {
					size_t q2 = dquote(s + q);
					if (!q2)
						break;
					bput(&b, s + q, q2);
					s += q + q2;
					continue;
				}
				if (*s == '$' && (isalnum((unsigned char)s[1]) || strchr("_{(:?", s[1])))
					dyn = true;
				line += *s == '\n';
				bput(&b, s++, 1);
			}
			s += q;
			add_tok(T_DQ, start, sp, btake(&b));
			toks[ntoks - 1].dynamic = dyn;
		} else if (*s == '$' && s[1] == '(') {
			add_tok(T_SUBEXPR, line, sp, NULL);
			s += 2;
		} else if (*s == '@' && s[1] == '(') {
			add_tok(T_ARRAY, line, sp, NULL);
			s += 2;
		} else if (*s == '@' && s[1] == '{') {
			add_tok(T_HASH, line, sp, NULL);
			s += 2;
		} else if (*s == '$') {
			const char *e = s + 1;
			if (*e == '{') {
				e = strchr(e, '}');
				if (!e) {
					finding(line, "unterminated ${ variable");
					return false;
				}
				add_tok(T_VAR, line, sp, xstrndup(s + 2, (size_t)(e - s - 2)));
				s = e + 1;
			} else {
				while (isalnum((unsigned char)*e) || *e == '_' || *e == ':' || *e == '?' || *e == '^' || *e == '$')
					e++;
				if (e > s + 1 && e[-1] == ':')
					e--;
				add_tok(T_VAR, line, sp, xstrndup(s + 1, (size_t)(e - s - 1)));
				s = e;
			}
		} else if (*s == '[' && sp) {
			const char *e = s;
			int depth = 0;
			do {
				if (*e == '[')
					depth++;
				else if (*e == ']')
					depth--;
				e++;
			} while (*e && depth > 0 && *e != '\n');
			add_tok(T_TYPE, line, sp, xstrndup(s, (size_t)(e - s)));
			s = e;
		} else if (strchr("(){}|;,", *s)) {
			static const char ch[] = "(){}|;,";
			static const int ty[] = { T_LPAREN, T_RPAREN, T_LBRACE, T_RBRACE, T_PIPE, T_SEMI, T_COMMA };
			add_tok(ty[strchr(ch, *s) - ch], line, sp, NULL);
			s++;
		} else if (*s == '=') {
			add_tok(T_WORD, line, sp, xstrndup("=", 1));
			s++;
		} else {
			/* a bareword: a command name, parameter, operator, argument */
			if (strchr("+-*/%", *s) && s[1] == '=') {
				add_tok(T_WORD, line, sp, xstrndup(s, 2));
				s += 2;
				sp = false;
				continue;
			}
			if (*s == '-' && isalpha((unsigned char)s[1])) {
				const char *e = s + 1;
				while (isalnum((unsigned char)*e) || *e == '_')
					e++;
				if (*e == ':')
					e++;
				add_tok(T_WORD, line, sp, xstrndup(s, (size_t)(e - s)));
				s = e;
				sp = false;
				continue;
			}
			while (*s && word_char(s)) {
				if (*s == '`' && s[1]) {
					bput(&b, s + 1, 1);
					s += 2;
				} else if (*s == '[' && b.n) {
					break;                  /* $a[0]-like indexing after a word */
				} else {
					bput(&b, s++, 1);
				}
			}
			if (!b.n)
				bput(&b, s++, 1);       /* a lone special character */
			add_tok(T_WORD, start, sp, btake(&b));
		}
		sp = false;
	}
	add_tok(T_EOF, line, true, NULL);
	return true;
}
