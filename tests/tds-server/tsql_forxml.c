/* SPDX-License-Identifier: MIT */
/* FOR XML for the loopback test server (test code): what data/snapshot.sql
 * uses, so that the script runs against the server as an administrator
 * runs it against SQL Server.
 *
 *   (SELECT items FOR XML RAW('name') [, BINARY BASE64])
 *       a subquery without FROM (its columns those of the outer row): one
 *       element <name col="value" .../>, NULL columns left out, t.* as the
 *       table's columns in order;
 *   SELECT item FROM ... [ORDER BY ...] FOR XML PATH('')
 *       the rows' single unnamed column concatenated, an xml value (CAST
 *       ... AS xml) as it is, text escaped; one row, one column named as
 *       SQL Server names it (XML_F52E2B61-18A1-11d1-B105-00805F49916B).
 *
 * Values as FOR XML writes them: &, <, >, " as entities, characters below
 * U+0020 (and U+FFFE, U+FFFF) as &#xH; (SQL Server's form; data/snapshot.sql turns them into
 * the pcm1 escapes), datetime as 2013-01-31T20:20:14.253 (no fraction when
 * it is .000), binary as base64. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "tsql_internal.h"

#define XML_COLUMN "XML_F52E2B61-18A1-11d1-B105-00805F49916B"

static void emit_error(struct batch *bt, size_t at, const char *msg)
{
	send_error(bt->s, 50000, 16, msg, bt->t.v[at].line);
	statement_failed(bt->s, 1);
}

/* The table an alias names ("... dbo.tblNode AS t"), the first one after
 * from (the outer FROM follows the subquery): schema ("main" or "msdb")
 * and table into the buffers. */
static int alias_table(struct batch *bt, size_t from, const char *alias, char *schema, size_t ss,
		       char *table, size_t ts)
{
	const struct tk *t = bt->t.v;

	for (size_t j = from > 2 ? from : 2; j < bt->t.n; j++) {
		if ((t[j].kind != TK_WORD && t[j].kind != TK_QID) || strcasecmp(t[j].text, alias) ||
		    !tk_is(&t[j - 1], "AS") || (t[j - 2].kind != TK_WORD && t[j - 2].kind != TK_QID))
			continue;
		snprintf(table, ts, "%s", t[j - 2].text);
		snprintf(schema, ss, "main");
		for (size_t k = j - 2; k >= 2 && tk_op(&t[k - 1], "."); k -= 2)
			if (!strcasecmp(t[k - 2].text, "msdb"))
				snprintf(schema, ss, "msdb");
		return 0;
	}
	return -1;
}

/* The declared type of schema.table.column ("" when unknown). */
static void column_type(sqlite3 *db, const char *schema, const char *table, const char *column,
			char *out, size_t size)
{
	char *sql = sqlite3_mprintf("PRAGMA %s.table_info(%Q)", schema, table);
	sqlite3_stmt *st;

	out[0] = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			if (!strcasecmp((const char *)sqlite3_column_text(st, 1), column)) {
				const char *d = (const char *)sqlite3_column_text(st, 2);
				snprintf(out, size, "%s", d ? d : "");
				break;
			}
		sqlite3_finalize(st);
	}
	sqlite3_free(sql);
}

/* tds_xattr('name', value, 'declared type') for one column. */
static void attr_call(struct wbuf *out, const char *name, const char *expr, const char *decl)
{
	sb_add(out, " || tds_xattr(");
	sb_quote(out, name, '\'');
	sb_add(out, ", ");
	sb_add(out, expr);
	sb_add(out, ", ");
	sb_quote(out, decl, '\'');
	sb_add(out, ")");
}

/* Ends of the top-level comma-separated items of [a, b). */
static size_t items(const struct tk *t, size_t a, size_t b, size_t *st, size_t *en, size_t max)
{
	size_t n = 0;
	int depth = 0;

	if (a >= b)
		return 0;
	st[0] = a;
	for (size_t j = a; j < b; j++) {
		if (tk_op(&t[j], "("))
			depth++;
		else if (tk_op(&t[j], ")"))
			depth--;
		else if (depth == 0 && tk_op(&t[j], ",") && n + 1 < max) {
			en[n++] = j;
			st[n] = j + 1;
		}
	}
	en[n++] = b;
	return n;
}

/* Index of the top-level FOR of FOR XML in [a, b), or b. */
static size_t find_for_xml(const struct tk *t, size_t a, size_t b)
{
	int depth = 0;

	for (size_t j = a; j + 1 < b; j++) {
		if (tk_op(&t[j], "("))
			depth++;
		else if (tk_op(&t[j], ")"))
			depth--;
		else if (depth == 0 && tk_is(&t[j], "FOR") && tk_is(&t[j + 1], "XML"))
			return j;
	}
	return b;
}

/* The element name of RAW('name') / PATH('name') at t[i] (RAW or PATH),
 * or dflt. */
static const char *mode_name(const struct tk *t, size_t i, size_t b, const char *dflt)
{
	if (i + 3 < b && tk_op(&t[i + 1], "(") && t[i + 2].kind == TK_STR && tk_op(&t[i + 3], ")"))
		return t[i + 2].text;
	return dflt;
}

int forxml_raw(struct batch *bt, size_t open, size_t close, struct wbuf *out)
{
	const struct tk *t = bt->t.v;
	size_t sel = open + 1, f = find_for_xml(t, sel, close);
	size_t st[128], en[128], n;

	if (f == close || f + 2 >= close || !tk_is(&t[f + 2], "RAW"))
		return 0;
	for (size_t j = sel; j < f; j++)
		if (tk_is(&t[j], "FROM")) {
			emit_error(bt, j, "FOR XML RAW with FROM: the loopback server takes it without FROM only");
			return -1;
		}
	const char *elem = mode_name(t, f + 2, close, "row");
	sb_add(out, "('<' || ");
	sb_quote(out, elem, '\'');
	n = items(t, sel + 1, f, st, en, 128);
	for (size_t k = 0; k < n; k++) {
		size_t a = st[k], b = en[k];
		char schema[16], table[256], decl[64] = "";
		/* alias.* : every column of the aliased table */
		if (b - a == 3 && tk_op(&t[a + 1], ".") && tk_op(&t[a + 2], "*")) {
			if (alias_table(bt, close, t[a].text, schema, sizeof schema, table, sizeof table) < 0) {
				emit_error(bt, a, "FOR XML RAW: the alias of a .* is not found");
				return -1;
			}
			char *sql = sqlite3_mprintf("PRAGMA %s.table_info(%Q)", schema, table);
			sqlite3_stmt *q;
			if (sqlite3_prepare_v2(bt->s->db, sql, -1, &q, NULL) == SQLITE_OK) {
				while (sqlite3_step(q) == SQLITE_ROW) {
					const char *col = (const char *)sqlite3_column_text(q, 1);
					const char *d = (const char *)sqlite3_column_text(q, 2);
					struct wbuf ref = { 0 };
					sb_quote(&ref, t[a].text, '"');
					sb_add(&ref, ".");
					sb_quote(&ref, col, '"');
					wb_u8(&ref, 0);
					attr_call(out, col, (char *)ref.p, d ? d : "");
					wb_free(&ref);
				}
				sqlite3_finalize(q);
			}
			sqlite3_free(sql);
			continue;
		}
		/* expr [AS] name, or [alias.]column */
		const char *name = NULL;
		size_t e = b;
		if (b - a >= 2 && (t[b - 1].kind == TK_WORD || t[b - 1].kind == TK_QID) &&
		    (tk_is(&t[b - 2], "AS") || t[b - 1].kind == TK_QID)) {
			name = t[b - 1].text;
			e = tk_is(&t[b - 2], "AS") ? b - 2 : b - 1;
		} else if (t[b - 1].kind == TK_WORD || t[b - 1].kind == TK_QID) {
			name = t[b - 1].text;
			if (b - a == 3 && tk_op(&t[a + 1], ".") &&
			    alias_table(bt, close, t[a].text, schema, sizeof schema, table, sizeof table) == 0)
				column_type(bt->s->db, schema, table, name, decl, sizeof decl);
		}
		if (!name) {
			emit_error(bt, a, "FOR XML RAW: a column without a name");
			return -1;
		}
		struct wbuf expr = { 0 };
		if (translate(bt, a, e, &expr) < 0) {
			wb_free(&expr);
			return -1;
		}
		attr_call(out, name, (char *)expr.p, decl);
		wb_free(&expr);
	}
	sb_add(out, " || '/>')");
	return 1;
}

int forxml_path(struct batch *bt, size_t a, size_t b, struct wbuf *out)
{
	const struct tk *t = bt->t.v;
	size_t f = find_for_xml(t, a, b);

	if (!tk_is(&t[a], "SELECT") || f == b || f + 2 >= b || !tk_is(&t[f + 2], "PATH"))
		return 0;
	if (*mode_name(t, f + 2, b, "row")) {
		emit_error(bt, f, "FOR XML PATH: the loopback server takes PATH('') only");
		return -1;
	}
	/* the single item ends at the top-level FROM */
	size_t e = a + 1;
	int depth = 0;
	for (; e < f; e++) {
		if (tk_op(&t[e], "("))
			depth++;
		else if (tk_op(&t[e], ")"))
			depth--;
		else if (depth == 0 && (tk_is(&t[e], "FROM") || tk_op(&t[e], ",")))
			break;
	}
	if (e < f && tk_op(&t[e], ",")) {
		emit_error(bt, e, "FOR XML PATH(''): the loopback server takes one column only");
		return -1;
	}
	/* CAST(... AS xml) goes in as it is, anything else as text */
	int raw = tk_is(&t[a + 1], "CAST") && e >= 2 && tk_op(&t[e - 1], ")") && tk_is(&t[e - 2], "XML");
	struct wbuf head = { 0 }, tail = { 0 };
	if (translate(bt, a, e, &head) < 0 || translate(bt, e, f, &tail) < 0) {
		wb_free(&head);
		wb_free(&tail);
		return -1;
	}
	sb_add(out, "SELECT coalesce(group_concat(");
	sb_add(out, raw ? "tds_x" : "tds_xtext(tds_x)");
	sb_add(out, ", ''), '') AS \"" XML_COLUMN "\" FROM (");
	sb_add(out, (char *)head.p);
	sb_add(out, " AS tds_x ");
	sb_add(out, (char *)tail.p);
	sb_add(out, ")");
	wb_free(&head);
	wb_free(&tail);
	return 1;
}

/* ---- the SQLite side ---- */

static void add_escaped(struct wbuf *b, const unsigned char *s, size_t n)
{
	char ref[16];

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '&')
			sb_add(b, "&amp;");
		else if (c == '<')
			sb_add(b, "&lt;");
		else if (c == '>')
			sb_add(b, "&gt;");
		else if (c == '"')
			sb_add(b, "&quot;");
		else if (c < 0x20) {
			snprintf(ref, sizeof ref, "&#x%X;", c);
			sb_add(b, ref);
		} else if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF)) {
			/* U+FFFE, U+FFFF: not XML characters either */
			snprintf(ref, sizeof ref, "&#x%X;", 0xFFFE + (s[i + 2] == 0xBF));
			sb_add(b, ref);
			i += 2;
		} else
			wb_u8(b, c);
	}
}

static void add_base64(struct wbuf *b, const unsigned char *p, size_t n)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		wb_u8(b, (unsigned char)digits[v >> 18 & 63]);
		wb_u8(b, (unsigned char)digits[v >> 12 & 63]);
		wb_u8(b, i + 1 < n ? (unsigned char)digits[v >> 6 & 63] : '=');
		wb_u8(b, i + 2 < n ? (unsigned char)digits[v & 63] : '=');
	}
}

/* tds_xattr(name, value, decl): ' name="value"', or '' for NULL. */
static void fn_xattr(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *name = (const char *)sqlite3_value_text(argv[0]);
	const char *decl = (const char *)sqlite3_value_text(argv[2]);
	struct wbuf b = { 0 };
	(void)argc;

	if (sqlite3_value_type(argv[1]) == SQLITE_NULL || !name) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	wb_u8(&b, ' ');
	sb_add(&b, name);
	sb_add(&b, "=\"");
	if (sqlite3_value_type(argv[1]) == SQLITE_BLOB) {
		add_base64(&b, sqlite3_value_blob(argv[1]), (size_t)sqlite3_value_bytes(argv[1]));
	} else {
		const char *v = (const char *)sqlite3_value_text(argv[1]);
		size_t n = (size_t)sqlite3_value_bytes(argv[1]);
		char when[32];
		if (decl && strcasestr(decl, "datetime") && n >= 19 && v[4] == '-' && v[7] == '-') {
			/* 2013-01-31 20:20:14.253 -> 2013-01-31T20:20:14.253 */
			snprintf(when, sizeof when, "%.10sT%.8s", v, v + 11);
			if (n > 20 && v[19] == '.' && strspn(v + 20, "0") != n - 20)
				snprintf(when + 19, sizeof when - 19, "%.4s", v + 19);
			sb_add(&b, when);
		} else {
			add_escaped(&b, (const unsigned char *)v, n);
		}
	}
	wb_u8(&b, '"');
	sqlite3_result_text(ctx, (const char *)b.p, (int)b.n, SQLITE_TRANSIENT);
	wb_free(&b);
}

/* tds_xtext(value): the value as XML text (PATH('') of a non-xml column). */
static void fn_xtext(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct wbuf b = { 0 };
	(void)argc;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	add_escaped(&b, sqlite3_value_text(argv[0]), (size_t)sqlite3_value_bytes(argv[0]));
	sqlite3_result_text(ctx, b.p ? (const char *)b.p : "", (int)b.n, SQLITE_TRANSIENT);
	wb_free(&b);
}

/* tds_LEFT(s, n) and tds_RIGHT(s, n): the first or last n characters. */
static void fn_leftright(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int right = sqlite3_user_data(ctx) != NULL;
	(void)argc;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const unsigned char *s = sqlite3_value_text(argv[0]);
	size_t n = (size_t)sqlite3_value_bytes(argv[0]), chars = 0, at;
	sqlite3_int64 want = sqlite3_value_int64(argv[1]);
	if (want < 0) {
		sqlite3_result_error(ctx, "Invalid length parameter passed to the LEFT or RIGHT function.", -1);
		return;
	}
	for (at = 0; at < n; at++)
		chars += (s[at] & 0xC0) != 0x80;
	size_t skip = right && (size_t)want < chars ? chars - (size_t)want : 0;
	size_t keep = right ? chars - skip : ((size_t)want < chars ? (size_t)want : chars);
	size_t from = 0, to;
	for (size_t c = 0; c < skip; c++)
		do
			from++;
		while (from < n && (s[from] & 0xC0) == 0x80);
	to = from;
	for (size_t c = 0; c < keep && to < n; c++)
		do
			to++;
		while (to < n && (s[to] & 0xC0) == 0x80);
	sqlite3_result_text(ctx, (const char *)s + from, (int)(to - from), SQLITE_TRANSIENT);
}

void forxml_register(sqlite3 *db)
{
	static int right = 1;

	sqlite3_create_function(db, "tds_xattr", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_xattr,
				NULL, NULL);
	sqlite3_create_function(db, "tds_xtext", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_xtext,
				NULL, NULL);
	sqlite3_create_function(db, "tds_LEFT", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				fn_leftright, NULL, NULL);
	sqlite3_create_function(db, "tds_RIGHT", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, &right,
				fn_leftright, NULL, NULL);
}
