/* SPDX-License-Identifier: MIT */
/* T-SQL lexer for the loopback test server. */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "tsql_lex.h"

/* Appends one token with a copy of text[0..n). */
static void push(struct tk_list *l, enum tk_kind k, const char *text, size_t n, unsigned line)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, text, n);
	s[n] = 0;
	l->v[l->n].kind = k;
	l->v[l->n].text = s;
	l->v[l->n].line = line;
	l->n++;
}

/* Reads a quoted run starting after the opening quote at p, where a
 * doubled close character stands for itself; *out gets the unescaped
 * text. Returns the position after the closing quote or NULL. */
static const char *quoted(const char *p, char close, char **out, size_t *outn, unsigned *line)
{
	size_t cap = 64, n = 0;
	char *s = malloc(cap);

	if (!s)
		abort();
	for (;;) {
		if (!*p) {
			free(s);
			return NULL;
		}
		if (*p == close) {
			if (p[1] == close) {
				p++;
			} else {
				p++;
				break;
			}
		}
		if (*p == '\n')
			(*line)++;
		if (n + 1 >= cap) {
			cap *= 2;
			s = realloc(s, cap);
			if (!s)
				abort();
		}
		s[n++] = *p++;
	}
	s[n] = 0;
	*out = s;
	*outn = n;
	return p;
}

int tsql_lex(const char *sql, struct tk_list *out, char *err, size_t errsize)
{
	const char *p = sql;
	unsigned line = 1;

	while (*p) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n') {
			line++;
			p++;
		} else if (isspace(c)) {
			p++;
		} else if (c == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (c == '/' && p[1] == '*') {
			p += 2;
			while (*p && !(*p == '*' && p[1] == '/')) {
				if (*p == '\n')
					line++;
				p++;
			}
			if (*p)
				p += 2;
		} else if (c == '\'' || ((c == 'N' || c == 'n') && p[1] == '\'')) {
			char *s;
			size_t n;
			unsigned l0 = line;
			p = quoted(p + (c == '\'' ? 1 : 2), '\'', &s, &n, &line);
			if (!p) {
				snprintf(err, errsize, "Unclosed quotation mark after the character string.");
				return -1;
			}
			push(out, TK_STR, s, n, l0);
			free(s);
		} else if (c == '[' || c == '"') {
			char *s;
			size_t n;
			unsigned l0 = line;
			p = quoted(p + 1, c == '[' ? ']' : '"', &s, &n, &line);
			if (!p) {
				snprintf(err, errsize, "Unclosed quotation mark before the character string.");
				return -1;
			}
			push(out, TK_QID, s, n, l0);
			free(s);
		} else if (c == '@') {
			const char *q = p + 1;
			if (*q == '@')
				q++;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			push(out, TK_VAR, p, (size_t)(q - p), line);
			p = q;
		} else if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1]))) {
			const char *q = p;
			if (c == '0' && (p[1] == 'x' || p[1] == 'X')) {
				q += 2;
				while (isxdigit((unsigned char)*q))
					q++;
			} else {
				while (isdigit((unsigned char)*q) || *q == '.')
					q++;
				if ((*q == 'e' || *q == 'E') && (isdigit((unsigned char)q[1]) ||
				    ((q[1] == '-' || q[1] == '+') && isdigit((unsigned char)q[2])))) {
					q += 2;
					while (isdigit((unsigned char)*q))
						q++;
				}
			}
			push(out, TK_NUM, p, (size_t)(q - p), line);
			p = q;
		} else if (isalpha(c) || c == '_' || c == '#' || c >= 0x80) {
			const char *q = p;
			while (isalnum((unsigned char)*q) || *q == '_' || *q == '#' || *q == '$' ||
			       (unsigned char)*q >= 0x80)
				q++;
			push(out, TK_WORD, p, (size_t)(q - p), line);
			p = q;
		} else {
			static const char *const two[] = { "<>", "<=", ">=", "!=", "!<", "!>", "||", NULL };
			size_t n = 1;
			for (int i = 0; two[i]; i++)
				if (p[0] == two[i][0] && p[1] == two[i][1])
					n = 2;
			push(out, TK_OP, p, n, line);
			p += n;
		}
	}
	return 0;
}

void tsql_lex_free(struct tk_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int tk_is(const struct tk *t, const char *word)
{
	return t && t->kind == TK_WORD && strcasecmp(t->text, word) == 0;
}

int tk_op(const struct tk *t, const char *op)
{
	return t && t->kind == TK_OP && strcmp(t->text, op) == 0;
}
