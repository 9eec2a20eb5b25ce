/* SPDX-License-Identifier: MIT */
/* A small PowerShell tokenizer for tests/ps_contract: single quotes with
 * '' and the typographic quotes U+2018..U+201B, double quotes (with `
 * escapes; a $ inside marks them dynamic), backtick line continuation and
 * escapes, # and <# #> comments, $variables and ${...}, $( @( @{ groups,
 * [types], -Param and -Param: words, and the separators. */
#ifndef PS_LEX_H
#define PS_LEX_H

#include <stdbool.h>
#include <stddef.h>

void *xrealloc(void *p, size_t n);
char *xstrndup(const char *s, size_t n);

#define PUSH(arr, n, cap, item) do { \
	if ((n) == (cap)) { (cap) = (cap) ? 2 * (cap) : 16; (arr) = xrealloc((arr), (cap) * sizeof *(arr)); } \
	(arr)[(n)++] = (item); } while (0)

struct buf {
	char *s;
	size_t n, cap;
};

void bput(struct buf *b, const char *s, size_t n);
char *btake(struct buf *b);

enum { T_EOF, T_NL, T_SEMI, T_PIPE, T_COMMA, T_LPAREN, T_SUBEXPR, T_ARRAY, T_RPAREN,
       T_LBRACE, T_HASH, T_RBRACE, T_TYPE, T_SQ, T_DQ, T_VAR, T_WORD };

struct tok {
	int type, line;
	bool sp;                /* whitespace (or nothing: start) before it */
	bool dynamic;           /* a double-quoted string with $ in it */
	char *text;             /* decoded value (strings), name (variables), word */
};

/* The tokens of the last script given to lex, ending in T_EOF. */
extern struct tok *toks;
extern size_t ntoks, captoks;

/* Tokenizes the script s (a UTF-8 BOM skipped) into toks. Returns false
 * after reporting an unterminated string or comment through finding(). */
bool lex(const char *s);

/* Reports a finding at line of the current file (ps_contract.c). */
void finding(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
