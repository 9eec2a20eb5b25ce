/* SPDX-License-Identifier: MIT */
/* The loopback test server held to SQL Server 2005-2008 R2 (test code).
 *
 * Before a batch runs, dialect_check() refuses what those releases refuse
 * at compile time, so the whole batch fails, as on the real server: THROW,
 * OFFSET/FETCH, IIF, FORMAT, CONCAT, TRY_CONVERT and the other 2012+
 * built-ins, JSON, and what is SQLite's and never T-SQL's (LIMIT, ||,
 * length(), ifnull() ...). On SQL Server 2005 also what 2008 added: the
 * date and time types, DECLARE with a value, compound assignment, multi-row
 * VALUES, MERGE, SYSDATETIME().
 *
 * And the built-ins the server gives SQLite: LEN (UTF-16 units, trailing
 * spaces ignored), DATALENGTH, NCHAR, SERVERPROPERTY, CONVERT and CAST to
 * the character, date and binary types, sys.databases, and the database's collation
 * (CI_AS by default, CS_AS with --collation): names compare without case
 * and without trailing spaces unless the column or a COLLATE says else. */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wctype.h>
#include "tsql_internal.h"
#include "base/util.h"

/* ---- refusals ---- */

/* Built-ins SQL Server 2005-2008 R2 do not have: 2012 and later, and
 * SQLite's own. */
static const char *const newer_functions[] = {
	"IIF", "FORMAT", "CONCAT", "CONCAT_WS", "TRY_CONVERT", "TRY_CAST", "TRY_PARSE", "PARSE",
	"CHOOSE", "EOMONTH", "DATEFROMPARTS", "DATETIMEFROMPARTS", "DATETIME2FROMPARTS",
	"SMALLDATETIMEFROMPARTS", "TIMEFROMPARTS", "DATETIMEOFFSETFROMPARTS", "LAG", "LEAD",
	"FIRST_VALUE", "LAST_VALUE", "PERCENT_RANK", "CUME_DIST", "PERCENTILE_CONT",
	"PERCENTILE_DISC", "STRING_AGG", "STRING_SPLIT", "STRING_ESCAPE", "TRIM", "TRANSLATE",
	"GREATEST", "LEAST", "DATEDIFF_BIG", "COMPRESS", "DECOMPRESS", "JSON_VALUE",
	"JSON_QUERY", "JSON_MODIFY", "JSON_OBJECT", "JSON_ARRAY", "ISJSON", "OPENJSON",
	"DATE_BUCKET", "DATETRUNC", "GENERATE_SERIES",
	/* SQLite's */
	"LENGTH", "SUBSTR", "IFNULL", "INSTR", "PRINTF", "GROUP_CONCAT", "STRFTIME", "JULIANDAY",
	"DATETIME", "TYPEOF", "TOTAL", "RANDOM", "RANDOMBLOB", "ZEROBLOB", "HEX", "UNHEX",
	"QUOTE", "GLOB", "LIKELY", "UNLIKELY", "CHANGES", "TOTAL_CHANGES", "LAST_INSERT_ROWID",
	"SQLITE_VERSION", "JSON", "JSON_EXTRACT", "JSON_GROUP_ARRAY", NULL
};

/* 2008's additions, refused on 2005. */
static const char *const functions_2008[] = {
	"SYSDATETIME", "SYSUTCDATETIME", "SYSDATETIMEOFFSET", "SWITCHOFFSET", "TODATETIMEOFFSET",
	NULL
};
static const char *const types_2008[] = {
	"DATE", "TIME", "DATETIME2", "DATETIMEOFFSET", "HIERARCHYID", "GEOGRAPHY", "GEOMETRY", NULL
};

static int in_list(const struct tk *t, const char *const *list)
{
	if (t->kind != TK_WORD)
		return 0;
	for (int i = 0; list[i]; i++)
		if (!strcasecmp(t->text, list[i]))
			return 1;
	return 0;
}

/* Sends error number: before, word, after. */
static int refuse(struct session *s, int number, const char *before, const char *word, const char *after,
		  unsigned line)
{
	char msg[256];

	snprintf(msg, sizeof msg, "%s%s%s", before, word, after);
	send_error(s, number, number == 243 || number == 2715 ? 16 : 15, msg, line);
	return -1;
}

/* Is token i a type name's position: CAST(... AS type), CONVERT(type, ...),
 * DECLARE @v type, or a column definition? */
static int type_position(const struct tk *t, size_t i, const size_t *open_fn, int depth, int creating)
{
	if (i == 0)
		return 0;
	const struct tk *p = &t[i - 1];
	if (tk_is(p, "AS") && depth > 0 && open_fn[depth - 1] != (size_t)-1 &&
	    (tk_is(&t[open_fn[depth - 1]], "CAST") || tk_is(&t[open_fn[depth - 1]], "TRY_CAST")))
		return 243;
	if (tk_op(p, "(") && i >= 2 && tk_is(&t[i - 2], "CONVERT"))
		return 243;
	if (p->kind == TK_VAR)
		return 2715;
	if (creating && depth == 1 && (p->kind == TK_WORD || p->kind == TK_QID) && i >= 2 &&
	    (tk_op(&t[i - 2], "(") || tk_op(&t[i - 2], ",")))
		return 2715;
	return 0;
}

int dialect_check(struct batch *bt)
{
	struct session *s = bt->s;
	const struct tk *t = bt->t.v;
	size_t n = bt->t.n;
	int is2005 = s->cfg->release == SQL_2005;
	enum { MAXDEPTH = 64 };
	size_t open_fn[MAXDEPTH];     /* the word before each open '(' */
	int depth = 0, creating = 0;

	for (size_t i = 0; i < n; i++) {
		const struct tk *k = &t[i];
		const struct tk *next = i + 1 < n ? &t[i + 1] : NULL;
		if (tk_op(k, "(")) {
			if (depth < MAXDEPTH)
				open_fn[depth] = i > 0 && t[i - 1].kind == TK_WORD ? i - 1 : (size_t)-1;
			depth++;
			continue;
		}
		if (tk_op(k, ")")) {
			if (depth > 0)
				depth--;
			if (depth == 0)
				creating = 0;
			continue;
		}
		if (tk_is(k, "CREATE") && next && tk_is(next, "TABLE"))
			creating = 1;
		if (k->kind == TK_OP) {
			if (!strcmp(k->text, "||"))
				return refuse(s, 102, "Incorrect syntax near '", "|", "'.", k->line);
			if (tk_op(k, "=") && next && tk_op(next, "="))
				return refuse(s, 102, "Incorrect syntax near '", "=", "'.", k->line);
			if (is2005 && next && tk_op(next, "=") && strchr("+-*/%&|^", k->text[0]) &&
			    !k->text[1] && i > 0 && t[i - 1].kind == TK_VAR) {
				char op[4] = { k->text[0], '=', 0, 0 };
				return refuse(s, 102, "Incorrect syntax near '", op, "'.", k->line);
			}
			continue;
		}
		if (k->kind != TK_WORD)
			continue;
		int call = next && tk_op(next, "(") && !(i > 0 && tk_op(&t[i - 1], "."));
		if (tk_is(k, "THROW") || tk_is(k, "LIMIT") || (is2005 && tk_is(k, "MERGE")) ||
		    (tk_is(k, "OFFSET") && i + 2 < n && (tk_is(&t[i + 2], "ROWS") || tk_is(&t[i + 2], "ROW"))) ||
		    (tk_is(k, "FETCH") && next && (tk_is(next, "NEXT") || tk_is(next, "FIRST"))) ||
		    (tk_is(k, "FOR") && next && tk_is(next, "JSON")))
			return refuse(s, 102, "Incorrect syntax near '", k->text, "'.", k->line);
		if (call && (in_list(k, newer_functions) || (is2005 && in_list(k, functions_2008))))
			return refuse(s, 195, "'", k->text, "' is not a recognized built-in function name.",
				      k->line);
		if (is2005 && in_list(k, types_2008)) {
			int pos = type_position(t, i, open_fn, depth < MAXDEPTH ? depth : MAXDEPTH, creating);
			char low[32];
			size_t m;
			for (m = 0; k->text[m] && m < sizeof low - 1; m++)
				low[m] = (char)tolower((unsigned char)k->text[m]);
			low[m] = 0;
			if (pos == 243)
				return refuse(s, 243, "Type ", low, " is not a defined system type.", k->line);
			if (pos == 2715)
				return refuse(s, 2715, "Column, parameter, or variable #1: Cannot find data type ",
					      low, ".", k->line);
		}
		if (is2005 && tk_is(k, "DECLARE")) {
			/* DECLARE @v type = value is 2008's */
			static const char *const starts[] = { "SELECT", "SET", "INSERT", "UPDATE", "DELETE",
				"IF", "BEGIN", "DECLARE", "PRINT", "RAISERROR", "EXEC", "EXECUTE", "RETURN",
				"COMMIT", "ROLLBACK", "WHILE", "GO", "USE", NULL };
			int d = 0;
			for (size_t j = i + 1; j < n; j++) {
				if (tk_op(&t[j], "("))
					d++;
				else if (tk_op(&t[j], ")"))
					d--;
				else if (d == 0 && (tk_op(&t[j], ";") || in_list(&t[j], starts)))
					break;
				else if (d == 0 && tk_op(&t[j], "="))
					return refuse(s, 139, "", "Cannot assign a default value to a local variable.",
						      "", t[j].line);
			}
		}
		if (is2005 && tk_is(k, "VALUES") && next && tk_op(next, "(")) {
			/* VALUES (...), (...) is 2008's */
			int d = 0;
			size_t j;
			for (j = i + 1; j < n; j++) {
				if (tk_op(&t[j], "("))
					d++;
				else if (tk_op(&t[j], ")") && --d == 0)
					break;
			}
			if (j + 2 < n && tk_op(&t[j + 1], ",") && tk_op(&t[j + 2], "("))
				return refuse(s, 102, "Incorrect syntax near '", ",", "'.", t[j + 1].line);
		}
	}
	return 0;
}

/* ---- collation ---- */

static enum { COLL_CI, COLL_CS } db_collation = COLL_CI;

/* Length of s without its trailing spaces: SQL Server compares strings
 * padded to equal length (ANSI/ISO SQL-92), in every collation. */
static int trimmed(const char *s, int n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

/* Compares code point by code point; fold: without case. */
static int compare_utf8(const char *a, int na, const char *b, int nb, int fold)
{
	na = trimmed(a, na);
	nb = trimmed(b, nb);
	while (na > 0 && nb > 0) {
		uint32_t c1 = 0, c2 = 0;
		size_t k1 = pcm_utf8_next(a, (size_t)na, &c1), k2 = pcm_utf8_next(b, (size_t)nb, &c2);
		if (!k1)
			c1 = (unsigned char)*a, k1 = 1;
		if (!k2)
			c2 = (unsigned char)*b, k2 = 1;
		if (fold) {
			c1 = (uint32_t)towlower((wint_t)c1);
			c2 = (uint32_t)towlower((wint_t)c2);
		}
		if (c1 != c2)
			return c1 < c2 ? -1 : 1;
		a += k1, na -= (int)k1;
		b += k2, nb -= (int)k2;
	}
	return na > 0 ? 1 : nb > 0 ? -1 : 0;
}

static int coll_db(void *arg, int na, const void *a, int nb, const void *b)
{
	(void)arg;
	return compare_utf8(a, na, b, nb, db_collation == COLL_CI);
}

static int coll_ci(void *arg, int na, const void *a, int nb, const void *b)
{
	(void)arg;
	return compare_utf8(a, na, b, nb, 1);
}

static int coll_cs(void *arg, int na, const void *a, int nb, const void *b)
{
	(void)arg;
	return compare_utf8(a, na, b, nb, 0);
}

const char *collation_for(const char *tsql_name)
{
	char up[128];
	size_t i;

	for (i = 0; tsql_name[i] && i < sizeof up - 1; i++)
		up[i] = (char)toupper((unsigned char)tsql_name[i]);
	up[i] = 0;
	if (!strcmp(up, "DATABASE_DEFAULT"))
		return "tds_db";
	if (strstr(up, "_BIN") || strstr(up, "_CS"))
		return "tds_cs";
	return "tds_ci";
}

static int is_text_type(const char *w, size_t n)
{
	static const char *const types[] = { "nvarchar", "varchar", "nchar", "char", "ntext", "text",
					     "sysname", NULL };
	for (int i = 0; types[i]; i++)
		if (strlen(types[i]) == n && !strncasecmp(w, types[i], n))
			return 1;
	return 0;
}

char *collate_schema(const char *sql)
{
	struct wbuf out = { 0 };
	const char *p = sql;
	int prev_name = 0;      /* the last token was an identifier */

	while (*p) {
		if (p[0] == '-' && p[1] == '-') {
			const char *e = strchr(p, '\n');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			wb_bytes(&out, p, len);
			p += len;
			continue;
		}
		if (*p == '\'' || *p == '"' || *p == '[') {
			char close = *p == '[' ? ']' : *p;
			const char *q = p + 1;
			while (*q && !(*q == close && q[1] != close))
				q += *q == close ? 2 : 1;
			if (*q)
				q++;
			wb_bytes(&out, p, (size_t)(q - p));
			prev_name = *p != '\'';
			p = q;
			continue;
		}
		if (isalpha((unsigned char)*p) || *p == '_') {
			const char *q = p;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			wb_bytes(&out, p, (size_t)(q - p));
			if (prev_name && is_text_type(p, (size_t)(q - p))) {
				const char *r = q;
				while (*r == ' ' || *r == '\t')
					r++;
				if (*r == '(') {
					const char *e = strchr(r, ')');
					if (e) {
						wb_bytes(&out, q, (size_t)(e + 1 - q));
						q = e + 1;
					}
				}
				const char *c = q;
				while (*c == ' ' || *c == '\t')
					c++;
				if (strncasecmp(c, "COLLATE", 7) != 0)
					sb_add(&out, " COLLATE tds_db");
				prev_name = 0;
			} else {
				prev_name = !is_text_type(p, (size_t)(q - p));
			}
			p = q;
			continue;
		}
		if (!isspace((unsigned char)*p))
			prev_name = 0;
		wb_u8(&out, (unsigned char)*p++);
	}
	wb_u8(&out, 0);
	return (char *)out.p;
}

/* ---- built-ins ---- */

/* LEN: UTF-16 units, trailing spaces not counted (a number counts as its
 * text, as SQL Server converts it). */
static void fn_len(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const char *txt = (const char *)sqlite3_value_text(argv[0]);
	int n = trimmed(txt, sqlite3_value_bytes(argv[0]));
	char *copy = strndup(txt, (size_t)n);
	long units = copy ? pcm_utf16_length(copy) : -1;
	free(copy);
	sqlite3_result_int64(ctx, units < 0 ? n : units);
}

/* DATALENGTH: bytes as nvarchar holds them (UTF-16), trailing spaces
 * counted; a number as an int (4) or bigint (8); binary as it is. */
static void fn_datalength(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	switch (sqlite3_value_type(argv[0])) {
	case SQLITE_NULL:
		sqlite3_result_null(ctx);
		return;
	case SQLITE_INTEGER: {
		sqlite3_int64 v = sqlite3_value_int64(argv[0]);
		sqlite3_result_int(ctx, v >= INT32_MIN && v <= INT32_MAX ? 4 : 8);
		return;
	}
	case SQLITE_FLOAT:
		sqlite3_result_int(ctx, 8);
		return;
	case SQLITE_BLOB:
		sqlite3_result_int(ctx, sqlite3_value_bytes(argv[0]));
		return;
	default: {
		long units = pcm_utf16_length((const char *)sqlite3_value_text(argv[0]));
		sqlite3_result_int64(ctx, units < 0 ? sqlite3_value_bytes(argv[0]) : 2 * units);
	}
	}
}

/* NCHAR(code): the character of a UTF-16 code (0-65535). */
static void fn_nchar(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_int64 cp = sqlite3_value_int64(argv[0]);
	char buf[4];

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || cp < 0 || cp > 0xFFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		sqlite3_result_null(ctx);
		return;
	}
	if (cp < 0x80) {
		buf[0] = (char)cp;
		sqlite3_result_text(ctx, buf, 1, SQLITE_TRANSIENT);
	} else if (cp < 0x800) {
		buf[0] = (char)(0xC0 | cp >> 6);
		buf[1] = (char)(0x80 | (cp & 0x3F));
		sqlite3_result_text(ctx, buf, 2, SQLITE_TRANSIENT);
	} else {
		buf[0] = (char)(0xE0 | cp >> 12);
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		sqlite3_result_text(ctx, buf, 3, SQLITE_TRANSIENT);
	}
}

/* SERVERPROPERTY(name): the properties pcmigrate and its scripts read
 * (ServerName and the version); anything else is NULL, as for an unknown
 * name on SQL Server. */
static void fn_serverproperty(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct server_config *cfg = sqlite3_user_data(ctx);
	const struct release_info *rel = release_info(cfg->release);
	const char *name = (const char *)sqlite3_value_text(argv[0]), *v = NULL;
	char buf[256];
	(void)argc;

	if (!name) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!strcasecmp(name, "ServerName")) {
		v = cfg->server_name;
	} else if (!strcasecmp(name, "MachineName")) {
		snprintf(buf, sizeof buf, "%.*s", (int)strcspn(cfg->server_name, "\\"), cfg->server_name);
		v = buf;
	} else if (!strcasecmp(name, "InstanceName")) {
		v = strchr(cfg->server_name, '\\');
		v = v ? v + 1 : NULL;
	} else if (!strcasecmp(name, "ProductVersion")) {
		v = rel->product_version;
	} else if (!strcasecmp(name, "ProductLevel")) {
		v = "RTM";
	} else if (!strcasecmp(name, "Edition")) {
		v = "Standard Edition (64-bit)";
	} else if (!strcasecmp(name, "EngineEdition")) {
		sqlite3_result_int(ctx, 2);
		return;
	} else if (!strcasecmp(name, "Collation")) {
		v = db_collation == COLL_CI ? "SQL_Latin1_General_CP1_CI_AS" : "SQL_Latin1_General_CP1_CS_AS";
	}
	if (v)
		sqlite3_result_text(ctx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

/* tds_CONVERT('type', value [, style]): CONVERT and CAST to the types
 * SQLite has no conversion for: character types (truncated, char(n)
 * padded), datetime, binary; dates as text by style (0/100, 120, 121,
 * 126, 112, 23). Numeric types convert as SQLite's CAST does. */
static void fn_convert(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *type = (const char *)sqlite3_value_text(argv[0]);
	int style = argc > 2 ? sqlite3_value_int(argv[2]) : 0;
	char t[64], buf[128];
	size_t i;
	long len = -1;

	for (i = 0; type && type[i] && type[i] != '(' && i < sizeof t - 1; i++)
		t[i] = (char)tolower((unsigned char)type[i]);
	t[i] = 0;
	if (type && type[i] == '(')
		len = strncasecmp(type + i + 1, "max", 3) == 0 || !strncmp(type + i + 1, "-1", 2) ? -1 :
		      atol(type + i + 1);
	if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const char *v = (const char *)sqlite3_value_text(argv[1]);
	int is_date_value = 0;
	int y, mo, d, h = 0, mi = 0, ms = 0, nread = 0;
	double sec = 0;
	if (v && sscanf(v, "%4d-%2d-%2d%n", &y, &mo, &d, &nread) == 3 && nread == 10) {
		if (v[10] == 'T' || v[10] == ' ')
			sscanf(v + 11, "%d:%d:%lf", &h, &mi, &sec);
		is_date_value = 1;
		ms = (int)((sec - (int)sec) * 1000 + 0.5);
		if (ms >= 1000)
			ms = 999;
	}
	if (!strcmp(t, "datetime") || !strcmp(t, "smalldatetime") || !strcmp(t, "date") ||
	    !strcmp(t, "datetime2")) {
		if (!is_date_value && v && sscanf(v, "%4d%2d%2d%n", &y, &mo, &d, &nread) == 3 && nread == 8 &&
		    !v[8])
			is_date_value = 1;
		if (!is_date_value || mo < 1 || mo > 12 || d < 1 || d > 31) {
			sqlite3_result_error(ctx, "Conversion failed when converting date and/or time from "
					     "character string.", -1);
			return;
		}
		if (!strcmp(t, "date"))
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
		else
			snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", y, mo, d, h, mi,
				 (int)sec, ms);
		sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
		return;
	}
	if (strstr(t, "char") || !strcmp(t, "sysname") || strstr(t, "text")) {
		struct wbuf out = { 0 };
		if (is_date_value && style) {
			static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
							   "Aug", "Sep", "Oct", "Nov", "Dec" };
			switch (style) {
			case 120:
				snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", y, mo, d, h, mi, (int)sec);
				break;
			case 121:
				snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", y, mo, d, h, mi,
					 (int)sec, ms);
				break;
			case 126:
				if (ms)
					snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", y, mo, d, h,
						 mi, (int)sec, ms);
				else
					snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi,
						 (int)sec);
				break;
			case 112:
				snprintf(buf, sizeof buf, "%04d%02d%02d", y, mo, d);
				break;
			case 23:
				snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
				break;
			default:
				snprintf(buf, sizeof buf, "%s %2d %04d %2d:%02d%s", mon[(mo + 11) % 12], d, y,
					 h % 12 ? h % 12 : 12, mi, h < 12 ? "AM" : "PM");
			}
			sb_add(&out, buf);
		} else {
			sb_add(&out, v ? v : "");
		}
		wb_u8(&out, 0);
		/* truncate to len characters, pad char(n)/nchar(n) with spaces */
		if (len > 0) {
			const char *s = (const char *)out.p;
			size_t at = 0, total = strlen(s);
			long chars = 0;
			while (at < total && chars < len) {
				uint32_t cp;
				size_t k = pcm_utf8_next(s + at, total - at, &cp);
				at += k ? k : 1;
				chars++;
			}
			out.n = at;
			if (!strcmp(t, "char") || !strcmp(t, "nchar"))
				for (; chars < len; chars++)
					wb_u8(&out, ' ');
			wb_u8(&out, 0);
		}
		sqlite3_result_text(ctx, (const char *)out.p, -1, SQLITE_TRANSIENT);
		wb_free(&out);
		return;
	}
	if (strstr(t, "binary")) {
		sqlite3_result_blob(ctx, sqlite3_value_blob(argv[1]), sqlite3_value_bytes(argv[1]),
				    SQLITE_TRANSIENT);
		return;
	}
	if (!strcmp(t, "xml") || !strcmp(t, "uniqueidentifier")) {
		sqlite3_result_value(ctx, argv[1]);
		return;
	}
	if (strstr(t, "int") || !strcmp(t, "bit")) {
		if (sqlite3_value_numeric_type(argv[1]) == SQLITE_TEXT) {
			char msg[300];
			snprintf(msg, sizeof msg, "Conversion failed when converting the nvarchar value '%.200s' "
				 "to data type %s.", v, t);
			sqlite3_result_error(ctx, msg, -1);
			return;
		}
		sqlite3_result_int64(ctx, sqlite3_value_int64(argv[1]));
		return;
	}
	if (sqlite3_value_numeric_type(argv[1]) == SQLITE_TEXT) {
		sqlite3_result_value(ctx, argv[1]);
		return;
	}
	sqlite3_result_double(ctx, sqlite3_value_double(argv[1]));
}

/* sys.databases as pcmigrate may ask it (an attached "sys"): the system
 * databases and the legacy one, with their compatibility level (90 on
 * 2005, 100 on 2008/2008 R2) and snapshot isolation off, as a default
 * Group Chat database has it. */
static void create_sys(sqlite3 *db, const struct server_config *cfg)
{
	static const char *const names[] = { "master", "tempdb", "model", "msdb" };
	char *sql;

	sqlite3_exec(db, "ATTACH DATABASE ':memory:' AS sys;"
		     "CREATE TABLE sys.databases (name nvarchar(128) COLLATE tds_db NOT NULL,"
		     " database_id int NOT NULL, collation_name nvarchar(128),"
		     " compatibility_level tinyint NOT NULL, state_desc nvarchar(60),"
		     " recovery_model_desc nvarchar(60), snapshot_isolation_state tinyint,"
		     " snapshot_isolation_state_desc nvarchar(60), is_read_committed_snapshot_on bit)",
		     NULL, NULL, NULL);
	for (int i = 0; i < 5; i++) {
		sql = sqlite3_mprintf("INSERT INTO sys.databases VALUES (%Q, %d, %Q, %d, 'ONLINE', %Q, 0,"
				      " 'OFF', 0)", i < 4 ? names[i] : cfg->database, i + 1,
				      cfg->collation_cs ? "SQL_Latin1_General_CP1_CS_AS" :
				      "SQL_Latin1_General_CP1_CI_AS",
				      cfg->release == SQL_2005 ? 90 : 100, i == 2 ? "FULL" : "SIMPLE");
		sqlite3_exec(db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
	}
}

void dialect_register(sqlite3 *db, const struct server_config *cfg)
{
	db_collation = cfg->collation_cs ? COLL_CS : COLL_CI;
	sqlite3_create_collation(db, "tds_db", SQLITE_UTF8, NULL, coll_db);
	sqlite3_create_collation(db, "tds_ci", SQLITE_UTF8, NULL, coll_ci);
	sqlite3_create_collation(db, "tds_cs", SQLITE_UTF8, NULL, coll_cs);
	sqlite3_create_function(db, "tds_LEN", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_len,
				NULL, NULL);
	sqlite3_create_function(db, "tds_DATALENGTH", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				fn_datalength, NULL, NULL);
	sqlite3_create_function(db, "NCHAR", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_nchar,
				NULL, NULL);
	sqlite3_create_function(db, "SERVERPROPERTY", 1, SQLITE_UTF8, (void *)cfg, fn_serverproperty,
				NULL, NULL);
	sqlite3_create_function(db, "tds_CONVERT", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				fn_convert, NULL, NULL);
	sqlite3_create_function(db, "tds_CONVERT", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				fn_convert, NULL, NULL);
	forxml_register(db);
	create_sys(db, cfg);
}
