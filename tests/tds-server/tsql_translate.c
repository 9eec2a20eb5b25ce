/* SPDX-License-Identifier: MIT */
/* T-SQL -> SQLite for the loopback test server's data statements:
 * [names] and N'' literals, db.dbo.table names (msdb is an attached
 * database), TOP n as LIMIT, GETDATE()/GETUTCDATE() with the configured
 * UTC offset, DATEDIFF/DATEADD through helper functions, @variables and
 * @@ROWCOUNT/@@TRANCOUNT/@@ERROR as literals, '+' on strings as ||,
 * LEN/DATALENGTH/CONVERT/CAST through tsql_dialect.c's functions, COLLATE
 * names to its collations. Test code. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "tsql_internal.h"


void sb_add(struct wbuf *b, const char *s)
{
	wb_bytes(b, s, strlen(s));
}

void sb_quote(struct wbuf *b, const char *s, char q)
{
	wb_u8(b, (unsigned)q);
	for (; *s; s++) {
		if (*s == q)
			wb_u8(b, (unsigned)q);
		wb_u8(b, (unsigned char)*s);
	}
	wb_u8(b, (unsigned)q);
}

static const char *var_value(struct session *s, const char *name)
{
	static char buf[64];

	if (strncmp(name, "@@", 2) == 0) {
		const char *v = name + 2;
		if (!strcasecmp(v, "ROWCOUNT"))
			snprintf(buf, sizeof buf, "%lld", (long long)s->rowcount);
		else if (!strcasecmp(v, "TRANCOUNT"))
			snprintf(buf, sizeof buf, "%d", s->trancount);
		else if (!strcasecmp(v, "ERROR"))
			snprintf(buf, sizeof buf, "%d", s->last_error);
		else if (!strcasecmp(v, "SPID"))
			snprintf(buf, sizeof buf, "55");
		else
			return NULL;
		return buf;
	}
	for (size_t i = 0; i < s->nvars; i++)
		if (!strcasecmp(s->vars[i].name, name))
			return s->vars[i].literal;
	return NULL;
}

static int is_global_string(const char *name)
{
	return !strcasecmp(name, "@@SERVERNAME") || !strcasecmp(name, "@@VERSION");
}

/* True when token i names a table: after FROM, JOIN, INTO, UPDATE or
 * TABLE (used to put unqualified names in msdb after USE msdb). */
static int in_table_position(const struct tk *t, size_t a, size_t i)
{
	if (i == a)
		return 0;
	const struct tk *p = &t[i - 1];
	return tk_is(p, "FROM") || tk_is(p, "JOIN") || tk_is(p, "INTO") || tk_is(p, "UPDATE") ||
	       tk_is(p, "TABLE");
}

/* Matching ')' of the '(' at i (or b). */
static size_t close_paren(const struct tk *t, size_t i, size_t b)
{
	int depth = 0;

	for (size_t j = i; j < b; j++) {
		if (tk_op(&t[j], "("))
			depth++;
		else if (tk_op(&t[j], ")") && --depth == 0)
			return j;
	}
	return b;
}

/* Matching '(' of the ')' at i (or a). */
static size_t open_paren(const struct tk *t, size_t a, size_t i)
{
	int depth = 0;

	for (size_t j = i + 1; j-- > a;) {
		if (tk_op(&t[j], ")"))
			depth++;
		else if (tk_op(&t[j], "(") && --depth == 0)
			return j;
	}
	return a;
}

/* Built-ins whose value is a string: a '+' beside one concatenates. */
static int string_function(const struct tk *t)
{
	static const char *const fns[] = { "NCHAR", "CHAR", "LEFT", "RIGHT", "SUBSTRING", "REPLACE",
		"LTRIM", "RTRIM", "UPPER", "LOWER", "DB_NAME", "REPLICATE", "SPACE", "STUFF",
		"QUOTENAME", "SUSER_SNAME", "SERVERPROPERTY", "NEWID", NULL };
	for (int i = 0; fns[i]; i++)
		if (tk_is(t, fns[i]))
			return 1;
	return 0;
}

/* Is the type of CAST/CONVERT [a, b) one SQLite's CAST gets wrong (a
 * character type's length, dates, binary, xml)? */
static int convert_type(const struct tk *t, size_t a, size_t b)
{
	static const char *const types[] = { "CHAR", "NCHAR", "VARCHAR", "NVARCHAR", "SYSNAME",
		"DATETIME", "SMALLDATETIME", "DATE", "DATETIME2", "BINARY", "VARBINARY", "XML", NULL };
	if (a >= b)
		return 0;
	for (int i = 0; types[i]; i++)
		if (tk_is(&t[a], types[i]))
			return 1;
	return 0;
}

static void type_text(struct wbuf *out, const struct tk *t, size_t a, size_t b)
{
	struct wbuf name = { 0 };

	for (size_t j = a; j < b; j++)
		sb_add(&name, t[j].text);
	wb_u8(&name, 0);
	sb_quote(out, (char *)name.p, '\'');
	wb_free(&name);
}

/* Is the operand beside the '+' at i (dir -1: left, +1: right) a string?
 * A literal, a string built-in's call, a CAST/CONVERT to a character type,
 * or a parenthesis that starts with one. */
static int string_operand(const struct tk *t, size_t a, size_t b, size_t i, int dir)
{
	if (dir < 0) {
		if (i == a)
			return 0;
		const struct tk *p = &t[i - 1];
		if (p->kind == TK_STR)
			return 1;
		if (!tk_op(p, ")"))
			return 0;
		size_t o = open_paren(t, a, i - 1);
		if (o > a && t[o - 1].kind == TK_WORD) {
			if (tk_is(&t[o - 1], "CONVERT") || tk_is(&t[o - 1], "CAST"))
				return 1;   /* converted (to a character type, mostly) */
			return string_function(&t[o - 1]);
		}
		return o + 1 < i && (t[o + 1].kind == TK_STR || string_function(&t[o + 1]));
	}
	if (i + 1 >= b)
		return 0;
	const struct tk *n = &t[i + 1];
	if (n->kind == TK_STR)
		return 1;
	if (string_function(n) && i + 2 < b && tk_op(&t[i + 2], "("))
		return 1;
	return tk_op(n, "(") && i + 2 < b && (t[i + 2].kind == TK_STR || string_function(&t[i + 2]));
}

/* Translates tokens [a, b) to SQLite SQL in out. Returns 0, or -1 after
 * sending the error. */
int translate(struct batch *bt, size_t a, size_t b, struct wbuf *out)
{
	struct session *s = bt->s;
	struct tk *t = bt->t.v;
	long long limit = -1;
	int prev_select = 0;

	int x = forxml_path(bt, a, b, out);
	if (x != 0) {
		if (x > 0)
			wb_u8(out, 0);
		return x > 0 ? 0 : -1;
	}

	for (size_t i = a; i < b; i++) {
		struct tk *k = &t[i];
		int was_select = prev_select;
		prev_select = 0;
		wb_u8(out, ' ');
		if (k->kind == TK_WORD || k->kind == TK_QID) {
			const char *parts[4] = { k->text, NULL, NULL, NULL };
			size_t np = 1, j = i;
			while (np < 4 && j + 2 < b + 1 && tk_op(&t[j + 1], ".")) {
				if (j + 2 < b && tk_op(&t[j + 2], ".")) {
					parts[np++] = "";         /* db..table */
					j += 1;
					continue;
				}
				if (j + 2 < b && (t[j + 2].kind == TK_WORD || t[j + 2].kind == TK_QID ||
				                  tk_op(&t[j + 2], "*"))) {
					parts[np++] = t[j + 2].text;
					j += 2;
				} else {
					break;
				}
			}
			if (np >= 3) {
				const char *db = parts[np - 3], *tbl = parts[np - 1];
				if (!strcasecmp(parts[np - 2], "sys")) {
					sb_add(out, "sys.");   /* the same catalog everywhere */
				} else if (!strcasecmp(db, "msdb")) {
					sb_add(out, "msdb.");
				} else if (*db && strcasecmp(db, s->cfg->database) != 0) {
					char msg[512];
					snprintf(msg, sizeof msg, "Invalid object name '%s.%s.%s'.", db,
						 parts[np - 2], tbl);
					send_error(s, 208, 16, msg, k->line);
					statement_failed(s, 1);
					return -1;
				}
				sb_quote(out, tbl, '"');
				i = j;
				continue;
			}
			if (np == 2) {
				if (!strcasecmp(parts[0], "dbo")) {
					if (!strcasecmp(s->current_db, "msdb"))
						sb_add(out, "msdb.");
					sb_quote(out, parts[1], '"');
				} else {
					sb_quote(out, parts[0], '"');
					wb_u8(out, '.');
					if (!strcmp(parts[1], "*"))
						wb_u8(out, '*');
					else
						sb_quote(out, parts[1], '"');
				}
				i = j;
				continue;
			}
			if (in_table_position(t, a, i) && !strcasecmp(s->current_db, "msdb"))
				sb_add(out, "msdb.");
			if (k->kind == TK_QID) {
				sb_quote(out, k->text, '"');
				continue;
			}
			if (tk_is(k, "MAX") && i > a && tk_op(&t[i - 1], "(") && i + 1 < b && tk_op(&t[i + 1], ")")) {
				sb_add(out, "-1");      /* nvarchar(max): SQLite wants a number */
				continue;
			}
			/* single word: keywords and the functions SQLite lacks */
			if (tk_is(k, "TOP") && was_select) {
				size_t n = i + 1;
				int paren = n < b && tk_op(&t[n], "(");
				if (paren)
					n++;
				if (n < b && t[n].kind == TK_NUM)
					limit = atoll(t[n].text);
				else if (n < b && t[n].kind == TK_VAR && var_value(s, t[n].text))
					limit = atoll(var_value(s, t[n].text));
				i = n + (paren ? 1 : 0);
				prev_select = 1;
				continue;
			}
			if (i + 2 < b && tk_op(&t[i + 1], "(") && tk_op(&t[i + 2], ")") &&
			    (tk_is(k, "GETDATE") || tk_is(k, "GETUTCDATE") || tk_is(k, "SYSDATETIME") ||
			     tk_is(k, "DB_NAME") || tk_is(k, "SUSER_SNAME"))) {
				char buf[160];
				if (tk_is(k, "DB_NAME")) {
					sb_quote(out, s->current_db, '\'');
				} else if (tk_is(k, "SUSER_SNAME")) {
					sb_quote(out, s->cfg->user, '\'');
				} else {
					int off = tk_is(k, "GETUTCDATE") ? 0 : s->cfg->utc_offset_minutes;
					snprintf(buf, sizeof buf, "strftime('%%Y-%%m-%%d %%H:%%M:%%f','now','%+d minutes')", off);
					sb_add(out, buf);
				}
				i += 2;
				continue;
			}
			if ((tk_is(k, "DATEDIFF") || tk_is(k, "DATEADD") || tk_is(k, "DATEPART")) &&
			    i + 3 < b && tk_op(&t[i + 1], "(") && t[i + 2].kind == TK_WORD && tk_op(&t[i + 3], ",")) {
				sb_add(out, "tds_");
				sb_add(out, k->text);
				sb_add(out, "(");
				sb_quote(out, t[i + 2].text, '\'');
				sb_add(out, ",");
				i += 3;
				continue;
			}
			if (tk_is(k, "WITH") && i + 3 < b && tk_op(&t[i + 1], "(") &&
			    (tk_is(&t[i + 2], "NOLOCK") || tk_is(&t[i + 2], "READCOMMITTED")) &&
			    tk_op(&t[i + 3], ")")) {
				i += 3;
				continue;
			}
			/* CONVERT(type, value [, style]) and CAST(value AS type) */
			if (tk_is(k, "CONVERT") && i + 1 < b && tk_op(&t[i + 1], "(")) {
				size_t c = i + 2;
				int depth = 0;
				for (; c < b; c++) {
					if (tk_op(&t[c], "("))
						depth++;
					else if (tk_op(&t[c], ")") && depth-- == 0)
						break;
					else if (depth == 0 && tk_op(&t[c], ","))
						break;
				}
				if (c < b && tk_op(&t[c], ",")) {
					sb_add(out, "tds_CONVERT(");
					type_text(out, t, i + 2, c);
					sb_add(out, ",");
					i = c;
					continue;
				}
			}
			if (tk_is(k, "CAST") && i + 1 < b && tk_op(&t[i + 1], "(")) {
				size_t c = close_paren(t, i + 1, b), as = 0;
				int depth = 0;
				for (size_t y = i + 2; y < c; y++) {
					if (tk_op(&t[y], "("))
						depth++;
					else if (tk_op(&t[y], ")"))
						depth--;
					else if (depth == 0 && tk_is(&t[y], "AS"))
						as = y;
				}
				if (as && c < b && convert_type(t, as + 1, c)) {
					struct wbuf inner = { 0 };
					if (translate(bt, i + 2, as, &inner) < 0) {
						wb_free(&inner);
						return -1;
					}
					sb_add(out, "tds_CONVERT(");
					type_text(out, t, as + 1, c);
					sb_add(out, ",");
					sb_add(out, (char *)inner.p);
					sb_add(out, ")");
					wb_free(&inner);
					i = c;
					continue;
				}
			}
			if (tk_is(k, "COLLATE") && i + 1 < b && t[i + 1].kind == TK_WORD) {
				sb_add(out, "COLLATE ");
				sb_add(out, collation_for(t[i + 1].text));
				i++;
				continue;
			}
			if ((tk_is(k, "LEFT") || tk_is(k, "RIGHT")) && i + 1 < b && tk_op(&t[i + 1], "(")) {
				sb_add(out, tk_is(k, "LEFT") ? "tds_LEFT" : "tds_RIGHT");
				continue;
			}
			if (tk_is(k, "ISNULL"))
				sb_add(out, "ifnull");
			else if (tk_is(k, "LEN"))
				sb_add(out, "tds_LEN");
			else if (tk_is(k, "DATALENGTH"))
				sb_add(out, "tds_DATALENGTH");
			else if (tk_is(k, "COUNT_BIG"))
				sb_add(out, "count");
			else
				sb_add(out, k->text);
			prev_select = tk_is(k, "SELECT") || tk_is(k, "DISTINCT");
			continue;
		}
		if (tk_op(k, "(") && i + 1 < b && tk_is(&t[i + 1], "SELECT")) {
			size_t c = close_paren(t, i, b);
			x = c < b ? forxml_raw(bt, i, c, out) : 0;
			if (x < 0)
				return -1;
			if (x > 0) {
				i = c;
				continue;
			}
		}
		switch (k->kind) {
		case TK_STR:
			sb_quote(out, k->text, '\'');
			break;
		case TK_VAR: {
			const char *v = var_value(s, k->text);
			if (is_global_string(k->text))
				sb_quote(out, !strcasecmp(k->text, "@@VERSION") ?
					 release_info(s->cfg->release)->version_text :
					 s->cfg->server_name, '\'');
			else if (v)
				sb_add(out, v);
			else {
				char msg[256];
				snprintf(msg, sizeof msg, "Must declare the scalar variable \"%s\".", k->text);
				send_error(s, 137, 15, msg, k->line);
				statement_failed(s, 1);
				return -1;
			}
			break;
		}
		case TK_OP:
			if (tk_op(k, "+") && (string_operand(t, a, b, i, -1) || string_operand(t, a, b, i, 1)))
				sb_add(out, "||");
			else
				sb_add(out, k->text);
			break;
		default:
			sb_add(out, k->text);
		}
	}
	if (limit >= 0) {
		char buf[48];
		snprintf(buf, sizeof buf, " LIMIT %lld", limit);
		sb_add(out, buf);
	}
	wb_u8(out, 0);
	return 0;
}

