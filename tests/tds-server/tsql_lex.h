/* SPDX-License-Identifier: MIT */
/* T-SQL tokens for the loopback test server: just enough lexing to find
 * statements, names, literals and variables in what FreeTDS clients and
 * pcmigrate send. */
#ifndef TSQL_LEX_H
#define TSQL_LEX_H

#include <stddef.h>

enum tk_kind {
	TK_WORD,        /* identifier or keyword, as written */
	TK_QID,         /* [bracketed] or "quoted" identifier, unquoted text */
	TK_STR,         /* 'string' or N'string', unescaped text */
	TK_NUM,
	TK_VAR,         /* @name or @@name */
	TK_OP,          /* punctuation and operators: ( ) , ; . = <> <= ... */
};

struct tk {
	enum tk_kind kind;
	char *text;
	unsigned line;
};

struct tk_list {
	struct tk *v;
	size_t n, cap;
};

/* Splits sql into tokens (comments dropped). Returns 0, or -1 with a
 * message in err (an unterminated string or identifier). */
int tsql_lex(const char *sql, struct tk_list *out, char *err, size_t errsize);
void tsql_lex_free(struct tk_list *l);

/* Case-insensitive keyword test on a TK_WORD. */
int tk_is(const struct tk *t, const char *word);
int tk_op(const struct tk *t, const char *op);

#endif
