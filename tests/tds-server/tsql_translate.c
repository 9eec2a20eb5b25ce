/* SPDX-License-Identifier: MIT */
/* T-SQL -> SQLite for the loopback test server's data statements:
 * [names] and N'' literals, db.dbo.table names (msdb is an attached
 * database), TOP n as LIMIT, GETDATE()/GETUTCDATE() with the configured
 * UTC offset, DATEDIFF/DATEADD through helper functions, @variables and
 * @@ROWCOUNT/@@TRANCOUNT/@@ERROR as literals. Test code. */
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

/* Translates tokens [a, b) to SQLite SQL in out. Returns 0, or -1 after
 * sending the error. */
int translate(struct batch *bt, size_t a, size_t b, struct wbuf *out)
{
	struct session *s = bt->s;
	struct tk *t = bt->t.v;
	long long limit = -1;
	int prev_select = 0;

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
				if (!strcasecmp(db, "msdb")) {
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
			if (tk_is(k, "WITH") && i + 3 < b && tk_op(&t[i + 1], "(") && tk_is(&t[i + 2], "NOLOCK") &&
			    tk_op(&t[i + 3], ")")) {
				i += 3;
				continue;
			}
			if (tk_is(k, "ISNULL"))
				sb_add(out, "ifnull");
			else if (tk_is(k, "LEN"))
				sb_add(out, "length");
			else if (tk_is(k, "COUNT_BIG"))
				sb_add(out, "count");
			else
				sb_add(out, k->text);
			prev_select = tk_is(k, "SELECT") || tk_is(k, "DISTINCT");
			continue;
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
			if (tk_op(k, "+") && ((i > a && t[i - 1].kind == TK_STR) ||
			                      (i + 1 < b && t[i + 1].kind == TK_STR)))
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

