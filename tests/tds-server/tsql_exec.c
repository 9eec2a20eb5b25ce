/* SPDX-License-Identifier: MIT */
/* Executes T-SQL batches for the loopback test server on SQLite.
 *
 * Control statements (USE, SET, BEGIN TRAN/COMMIT/ROLLBACK, IF/ELSE,
 * BEGIN...END, RAISERROR, PRINT, DECLARE, RETURN) are interpreted
 * here with SQL Server's semantics as far as the tests need them
 * (XACT_ABORT, @@ROWCOUNT, @@TRANCOUNT, @@ERROR). Data statements
 * (SELECT, INSERT, UPDATE, DELETE) are translated to SQLite: [names],
 * N'' literals, db.dbo.table names, TOP n, GETDATE(), DATEDIFF(). What
 * SQL Server 2005-2008 R2 would refuse is refused first (tsql_dialect.c). */
#include "config.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <math.h>
#include <time.h>
#include "tsql_internal.h"

static int stmt_word(const struct tk *t)
{
	static const char *const words[] = {
		"SELECT", "INSERT", "UPDATE", "DELETE", "IF", "ELSE", "BEGIN", "END",
		"COMMIT", "ROLLBACK", "USE", "SET", "RAISERROR", "PRINT",
		"DECLARE", "RETURN", "GO", "WHILE", "CREATE", "DROP", "ALTER",
		"TRUNCATE", "EXEC", "EXECUTE", "SAVE", NULL
	};
	if (!t || t->kind != TK_WORD)
		return 0;
	for (int i = 0; words[i]; i++)
		if (strcasecmp(t->text, words[i]) == 0)
			return 1;
	return 0;
}

/* ---- the release ---- */

/* TDS versions from MS-TDS 2.2.6.4 (LOGIN7 TDSVersion: 7.2 is SQL Server
 * 2005, 7.3.A 2008, 7.3.B 2008 R2); the builds are each release's RTM. */
const struct release_info *release_info(enum sql_release r)
{
	static const struct release_info info[] = {
		{ "2005", TDSV_72, 9, 0, 1399, "9.00.1399.06",
		  "Microsoft SQL Server 2005 - 9.00.1399.06 (pcmigrate loopback test server)" },
		{ "2008", 0x730A0003u, 10, 0, 1600, "10.0.1600.22",
		  "Microsoft SQL Server 2008 (RTM) - 10.0.1600.22 (pcmigrate loopback test server)" },
		{ "2008R2", TDSV_73, 10, 50, 1600, "10.50.1600.1",
		  "Microsoft SQL Server 2008 R2 (RTM) - 10.50.1600.1 (pcmigrate loopback test server)" },
	};
	return &info[r];
}

/* ---- replies ---- */

void send_error(struct session *s, int number, unsigned cls, const char *text, unsigned line)
{
	tok_message(s->out, 1, number, 1, cls, text, s->cfg->server_name, line);
	s->last_error = number;
	snprintf(s->last_error_text, sizeof s->last_error_text, "%d: %.400s", number, text);
}

static void send_env_tran(struct session *s, unsigned type)
{
	uint8_t id[8];

	if (!tds_is72(s->out))
		return;
	for (int i = 0; i < 8; i++)
		id[i] = (uint8_t)(s->tran_id >> (8 * i));
	if (type == ENV_BEGINTRAN)
		tok_env_bytes(s->out, type, id, 8, NULL, 0);
	else
		tok_env_bytes(s->out, type, NULL, 0, id, 8);
}

static void rollback_all(struct session *s)
{
	if (s->trancount > 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		send_env_tran(s, ENV_ROLLBACKTRAN);
		s->trancount = 0;
	}
}

/* A statement failed: the statement's DONE carries the error; with
 * XACT_ABORT on (or a batch-terminating error) the batch stops, and with
 * XACT_ABORT the transaction is rolled back. */
void statement_failed(struct session *s, int terminates_batch)
{
	tok_done(s->out, DONE_MORE | DONE_ERROR, 0xC1, 0);
	if (s->xact_abort) {
		rollback_all(s);
		s->abort_batch = 1;
	} else if (terminates_batch) {
		s->abort_batch = 1;
	}
}

/* ---- data statements ---- */

/* Maps a SQLite declared type to the TDS column type. */
static enum col_kind kind_from_decl(const char *decl, int *known, int is72)
{
	char d[64];
	size_t i;

	*known = 1;
	for (i = 0; decl && decl[i] && i < sizeof d - 1; i++)
		d[i] = (char)tolower((unsigned char)decl[i]);
	d[i] = 0;
	if (!decl)
		*known = 0;
	else if (strstr(d, "uniqueidentifier"))
		return COL_GUID;
	else if (strstr(d, "datetime"))
		return COL_DATETIME;
	else if (strstr(d, "bigint"))
		return COL_INT8;
	else if (strstr(d, "smallint"))
		return COL_INT2;
	else if (strstr(d, "tinyint"))
		return COL_INT1;
	else if (strstr(d, "int"))
		return COL_INT4;
	else if (strstr(d, "bit"))
		return COL_BIT;
	else if (strstr(d, "text"))
		return COL_NTEXT;
	else if (strstr(d, "(max)") || strstr(d, "(-1)"))
		return is72 ? COL_NVARCHAR_MAX : COL_NTEXT;
	else if (strstr(d, "char"))
		return COL_NVARCHAR;
	else if (strstr(d, "float") || strstr(d, "real") || strstr(d, "numeric") || strstr(d, "decimal"))
		return COL_FLOAT;
	else
		*known = 0;
	return COL_NVARCHAR;
}

static enum col_kind kind_from_value(sqlite3_stmt *st, int c, int is72)
{
	switch (sqlite3_column_type(st, c)) {
	case SQLITE_INTEGER:
		return COL_INT8;
	case SQLITE_FLOAT:
		return COL_FLOAT;
	case SQLITE_TEXT:
		return sqlite3_column_bytes(st, c) > 4000 ? (is72 ? COL_NVARCHAR_MAX : COL_NTEXT) : COL_NVARCHAR;
	default:
		return COL_NVARCHAR;
	}
}

static void send_value(struct session *s, sqlite3_stmt *st, int c, enum col_kind k)
{
	int type = sqlite3_column_type(st, c);

	if (type == SQLITE_NULL) {
		val_null(s->out, k);
		return;
	}
	switch (k) {
	case COL_INT1: case COL_INT2: case COL_INT4: case COL_INT8: case COL_BIT:
		val_int(s->out, k, sqlite3_column_int64(st, c));
		break;
	case COL_FLOAT:
		val_float(s->out, sqlite3_column_double(st, c));
		break;
	default: {
		const char *txt = (const char *)sqlite3_column_text(st, c);
		int n = sqlite3_column_bytes(st, c);
		if (val_text(s->out, k, txt, (size_t)n) < 0 && s->cfg->log)
			fprintf(s->cfg->log, "warning: column %s: cannot send \"%s\", NULL sent\n",
				sqlite3_column_name(st, c), txt);
	}
	}
}

/* Turns a SQLite failure into the SQL Server error it stands for. */
static void map_sqlite_error(struct session *s, int rc, const char *verb, unsigned line)
{
	const char *m = sqlite3_errmsg(s->db);
	char msg[1024];

	if (rc == SQLITE_AUTH && s->denied_table[0]) {
		snprintf(msg, sizeof msg,
			 "The %s permission was denied on the object '%s', database '%s', schema 'dbo'.",
			 s->denied_action, s->denied_table, s->current_db);
		send_error(s, 229, 14, msg, line);
		statement_failed(s, 0);
		return;
	}
	/* a lock wait past SET LOCK_TIMEOUT; a fixture raises it by its text */
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED ||
	    !strncmp(m, "Lock request time out period exceeded", 37)) {
		send_error(s, 1222, 16, "Lock request time out period exceeded.", line);
		statement_failed(s, 0);
		return;
	}
	if (!strncmp(m, "no such table: ", 15)) {
		const char *name = m + 15;
		if (!strncmp(name, "main.", 5))
			name += 5;
		if (!strncmp(name, "msdb.", 5))
			snprintf(msg, sizeof msg, "Invalid object name 'msdb.dbo.%s'.", name + 5);
		else
			snprintf(msg, sizeof msg, "Invalid object name '%s'.", name);
		send_error(s, 208, 16, msg, line);
		statement_failed(s, 1);
		return;
	}
	if (!strncmp(m, "no such column: ", 16)) {
		snprintf(msg, sizeof msg, "Invalid column name '%s'.", m + 16);
		send_error(s, 207, 16, msg, line);
		statement_failed(s, 1);
		return;
	}
	if (strstr(m, "syntax error")) {
		const char *near = strstr(m, "near \"");
		char word[128] = "";
		if (near) {
			snprintf(word, sizeof word, "%s", near + 6);
			char *q = strchr(word, '"');
			if (q)
				*q = 0;
		}
		snprintf(msg, sizeof msg, "Incorrect syntax near '%s'.", word);
		send_error(s, 102, 15, msg, line);
		statement_failed(s, 1);
		return;
	}
	if (!strncmp(m, "Conversion failed", 17)) {
		send_error(s, strstr(m, "date") ? 241 : 245, 16, m, line);
		statement_failed(s, 1);
		return;
	}
	if (!strncmp(m, "UNIQUE constraint failed", 24)) {
		snprintf(msg, sizeof msg, "Violation of PRIMARY KEY constraint. Cannot insert duplicate key (%s).", m);
		send_error(s, 2627, 14, msg, line);
		statement_failed(s, 0);
		return;
	}
	if (rc == SQLITE_CONSTRAINT) {
		snprintf(msg, sizeof msg, "The %s statement conflicted with a constraint: %s.", verb, m);
		send_error(s, 547, 16, msg, line);
		statement_failed(s, 0);
		return;
	}
	snprintf(msg, sizeof msg, "%s", m);
	send_error(s, 50000, 16, msg, line);
	statement_failed(s, 0);
}

/* Runs one data statement [a, b) and answers with its result set or its
 * row count. */
static void run_data(struct batch *bt, size_t a, size_t b)
{
	struct session *s = bt->s;
	struct wbuf sql = { 0 };
	sqlite3_stmt *st = NULL;
	int is72 = tds_is72(s->out);
	unsigned line = bt->t.v[a].line;
	char verb[16];
	int rc;

	snprintf(verb, sizeof verb, "%s", bt->t.v[a].text);
	for (char *p = verb; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (translate(bt, a, b, &sql) < 0) {
		wb_free(&sql);
		return;
	}
	if (!strcmp(verb, "CREATE")) {
		char *c = collate_schema((char *)sql.p);
		sql.n = 0;
		sb_add(&sql, c);
		wb_u8(&sql, 0);
		free(c);
	}
	if (s->cfg->log)
		fprintf(s->cfg->log, "sqlite:%s\n", (char *)sql.p);
	s->denied_table[0] = 0;
	rc = sqlite3_prepare_v2(s->db, (char *)sql.p, -1, &st, NULL);
	wb_free(&sql);
	if (rc != SQLITE_OK) {
		map_sqlite_error(s, rc, verb, line);
		sqlite3_finalize(st);
		return;
	}
	if (!st) {
		return;
	}
	int ncol = sqlite3_column_count(st);
	rc = sqlite3_step(st);
	if (ncol > 0 && (rc == SQLITE_ROW || rc == SQLITE_DONE)) {
		struct col_desc *cols = calloc((size_t)ncol, sizeof *cols);
		uint64_t rows = 0;
		if (!cols)
			abort();
		for (int c = 0; c < ncol; c++) {
			int known;
			cols[c].kind = kind_from_decl(sqlite3_column_decltype(st, c), &known, is72);
			if (!known && rc == SQLITE_ROW)
				cols[c].kind = kind_from_value(st, c, is72);
			cols[c].name = sqlite3_column_name(st, c);
			/* an expression without an alias has no name on SQL Server
			 * (SQLite names it by its text, which may not fit) */
			if (!sqlite3_column_origin_name(st, c) &&
			    (strlen(cols[c].name) > 128 || strpbrk(cols[c].name, "('")))
				cols[c].name = "";
			cols[c].table = sqlite3_column_table_name(st, c);
		}
		tok_colmetadata(s->out, cols, (size_t)ncol);
		while (rc == SQLITE_ROW) {
			wb_u8(&s->out->buf, TOK_ROW);
			for (int c = 0; c < ncol; c++)
				send_value(s, st, c, cols[c].kind);
			rows++;
			if (s->row_sent && s->row_sent(s) < 0) {
				/* stalled or gone: no more of this batch */
				free(cols);
				sqlite3_finalize(st);
				s->abort_batch = 1;
				return;
			}
			rc = sqlite3_step(st);
		}
		free(cols);
		if (rc != SQLITE_DONE) {
			map_sqlite_error(s, rc, verb, line);
		} else {
			tok_done(s->out, DONE_MORE | DONE_COUNT, 0xC1, rows);
			s->rowcount = (int64_t)rows;
			s->last_error = 0;
		}
		sqlite3_finalize(st);
		return;
	}
	if (rc != SQLITE_DONE) {
		map_sqlite_error(s, rc, verb, line);
		sqlite3_finalize(st);
		return;
	}
	s->rowcount = sqlite3_changes(s->db);
	s->last_error = 0;
	tok_done(s->out, DONE_MORE | DONE_COUNT, 0xC5, (uint64_t)s->rowcount);
	sqlite3_finalize(st);
}

/* ---- expressions ---- */

/* Evaluates tokens [a, b) as a scalar expression; the value's SQLite
 * literal goes to lit (malloc'd), its text to text (malloc'd, may be
 * NULL). Returns 0 or -1 after sending the error. */
static int eval(struct batch *bt, size_t a, size_t b, char **lit, char **text)
{
	struct session *s = bt->s;
	struct wbuf sql = { 0 }, expr = { 0 };
	sqlite3_stmt *st = NULL;
	int rc;

	if (translate(bt, a, b, &expr) < 0) {
		wb_free(&expr);
		return -1;
	}
	sb_add(&sql, "SELECT (");
	sb_add(&sql, (char *)expr.p);
	sb_add(&sql, ")");
	wb_u8(&sql, 0);
	wb_free(&expr);
	rc = sqlite3_prepare_v2(s->db, (char *)sql.p, -1, &st, NULL);
	wb_free(&sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		map_sqlite_error(s, rc, "SELECT", bt->t.v[a].line);
		sqlite3_finalize(st);
		return -1;
	}
	struct wbuf l = { 0 };
	switch (sqlite3_column_type(st, 0)) {
	case SQLITE_NULL:
		sb_add(&l, "NULL");
		break;
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		sb_add(&l, (const char *)sqlite3_column_text(st, 0));
		break;
	default:
		sb_quote(&l, (const char *)sqlite3_column_text(st, 0), '\'');
	}
	wb_u8(&l, 0);
	if (lit)
		*lit = (char *)l.p;
	else
		wb_free(&l);
	if (text) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		*text = v ? strdup(v) : NULL;
	}
	sqlite3_finalize(st);
	return 0;
}

static void set_var(struct session *s, const char *name, char *literal)
{
	for (size_t i = 0; i < s->nvars; i++)
		if (!strcasecmp(s->vars[i].name, name)) {
			free(s->vars[i].literal);
			s->vars[i].literal = literal;
			return;
		}
	s->vars = realloc(s->vars, (s->nvars + 1) * sizeof *s->vars);
	if (!s->vars)
		abort();
	s->vars[s->nvars].name = strdup(name);
	s->vars[s->nvars].literal = literal;
	s->nvars++;
}

/* ---- statement boundaries ---- */

/* End (exclusive) of the data statement starting at i. */
static size_t data_end(struct batch *bt, size_t i)
{
	struct tk *t = bt->t.v;
	size_t n = bt->t.n, j;
	int depth = 0, cases = 0, seen_set = 0, seen_rows = 0;
	int is_insert = tk_is(&t[i], "INSERT"), is_update = tk_is(&t[i], "UPDATE");

	for (j = i + 1; j < n; j++) {
		if (tk_op(&t[j], "("))
			depth++;
		else if (tk_op(&t[j], ")"))
			depth--;
		if (depth > 0)
			continue;
		if (tk_op(&t[j], ";"))
			break;
		if (tk_is(&t[j], "CASE")) {
			cases++;
			continue;
		}
		if (tk_is(&t[j], "END") && cases > 0) {
			cases--;
			continue;
		}
		if (!stmt_word(&t[j]))
			continue;
		if (tk_is(&t[j], "SELECT")) {
			if (tk_is(&t[j - 1], "UNION") || tk_is(&t[j - 1], "ALL") ||
			    tk_is(&t[j - 1], "EXCEPT") || tk_is(&t[j - 1], "INTERSECT"))
				continue;
			if (is_insert && !seen_rows) {
				seen_rows = 1;
				continue;
			}
		}
		if (tk_is(&t[j], "SET") && is_update && !seen_set) {
			seen_set = 1;
			continue;
		}
		break;
	}
	return j;
}

/* End (exclusive) of a run of tokens that stops at ';' or at the next
 * top-level statement word. */
static size_t clause_end(struct batch *bt, size_t i)
{
	struct tk *t = bt->t.v;
	size_t j;
	int depth = 0;

	for (j = i; j < bt->t.n; j++) {
		if (tk_op(&t[j], "("))
			depth++;
		else if (tk_op(&t[j], ")"))
			depth--;
		if (depth > 0)
			continue;
		if (tk_op(&t[j], ";") || stmt_word(&t[j]))
			break;
	}
	return j;
}

/* Splits [a, b) at top-level commas into at most max ranges. */
static size_t split_args(struct batch *bt, size_t a, size_t b, size_t *starts, size_t *ends, size_t max)
{
	size_t n = 0;
	int depth = 0;

	if (a >= b)
		return 0;
	starts[0] = a;
	for (size_t j = a; j < b; j++) {
		if (tk_op(&bt->t.v[j], "("))
			depth++;
		else if (tk_op(&bt->t.v[j], ")"))
			depth--;
		else if (depth == 0 && tk_op(&bt->t.v[j], ",") && n + 1 < max) {
			ends[n++] = j;
			starts[n] = j + 1;
		}
	}
	ends[n++] = b;
	return n;
}

/* ---- control statements ---- */

/* A SNAPSHOT transaction may read only databases that allow snapshot
 * isolation; msdb does not, so a statement naming msdb needs an isolation
 * hint (WITH (READCOMMITTED)) there, as SQL Server 2005-2008 R2 say
 * ("Using Row Versioning-based Isolation Levels", ms179599). Error 3952
 * otherwise. */
static int snapshot_refuses_msdb(struct batch *bt, size_t i, size_t end)
{
	struct session *s = bt->s;
	struct tk *t = bt->t.v;
	int msdb = 0, hinted = 0;

	if (!s->snapshot_iso || s->trancount == 0)
		return 0;
	for (size_t j = i; j < end; j++) {
		msdb |= tk_is(&t[j], "msdb") && j + 1 < end && tk_op(&t[j + 1], ".");
		hinted |= tk_is(&t[j], "READCOMMITTED");
	}
	if (!msdb || hinted)
		return 0;
	send_error(s, 3952, 16, "Snapshot isolation transaction failed accessing database 'msdb' "
		   "because snapshot isolation is not allowed in this database. Use ALTER DATABASE "
		   "to allow snapshot isolation.", t[i].line);
	statement_failed(s, 0);
	return 1;
}

static size_t exec_stmt(struct batch *bt, size_t i, int run);

static void do_use(struct session *s, const char *name, unsigned line)
{
	char msg[512];

	if (strcasecmp(name, s->cfg->database) && strcasecmp(name, "msdb") &&
	    strcasecmp(name, "master") && strcasecmp(name, "tempdb")) {
		snprintf(msg, sizeof msg,
			 "Database '%s' does not exist. Make sure that the name is entered correctly.", name);
		send_error(s, 911, 16, msg, line);
		statement_failed(s, 1);
		return;
	}
	tok_env_string(s->out, ENV_DATABASE, name, s->current_db);
	snprintf(msg, sizeof msg, "Changed database context to '%s'.", name);
	tok_message(s->out, 0, 5701, 1, 0, msg, s->cfg->server_name, line);
	free(s->current_db);
	s->current_db = strdup(name);
}

/* RAISERROR (msg, severity, state [, args]) [WITH ...] */
static size_t do_raiserror(struct batch *bt, size_t i, int run)
{
	struct session *s = bt->s;
	struct tk *t = bt->t.v;
	size_t j = i + 1, close, st[12], en[12], n;
	int depth = 0;

	if (j >= bt->t.n || !tk_op(&t[j], "("))
		return clause_end(bt, j);
	for (close = j; close < bt->t.n; close++) {
		if (tk_op(&t[close], "("))
			depth++;
		else if (tk_op(&t[close], ")") && --depth == 0)
			break;
	}
	size_t end = close + 1;
	if (end < bt->t.n && tk_is(&t[end], "WITH"))
		end = clause_end(bt, end + 1);
	if (!run)
		return end;
	n = split_args(bt, j + 1, close, st, en, 12);
	char *vals[12] = { 0 };
	for (size_t k = 0; k < n; k++)
		if (eval(bt, st[k], en[k], NULL, &vals[k]) < 0)
			goto out;
	int sev = n > 1 && vals[1] ? atoi(vals[1]) : 16;
	int state = n > 2 && vals[2] ? atoi(vals[2]) : 1;
	/* substitute %d, %s, %i, %u and %I64d with the arguments in order */
	struct wbuf msg = { 0 };
	size_t argi = 3;
	for (const char *p = vals[0] ? vals[0] : ""; *p; p++) {
		if (*p == '%' && p[1] == '%') {
			wb_u8(&msg, '%');
			p++;
			continue;
		}
		if (*p == '%') {
			const char *q = p + 1;
			while (*q && !strchr("dsiuxXo", *q))
				q++;
			if (*q) {
				sb_add(&msg, argi < n && vals[argi] ? vals[argi] : "(null)");
				argi++;
				p = q;
				continue;
			}
		}
		wb_u8(&msg, (unsigned char)*p);
	}
	wb_u8(&msg, 0);
	if (sev > 10) {
		tok_message(s->out, 1, 50000, (unsigned)state, (unsigned)sev, (char *)msg.p,
			    s->cfg->server_name, t[i].line);
		s->last_error = 50000;
		tok_done(s->out, DONE_MORE | DONE_ERROR, 0, 0);
	} else {
		tok_message(s->out, 0, 50000, (unsigned)state, (unsigned)sev, (char *)msg.p,
			    s->cfg->server_name, t[i].line);
	}
	wb_free(&msg);
out:
	for (size_t k = 0; k < n; k++)
		free(vals[k]);
	return end;
}

/* DECLARE @a type [= expr] [, @b type [= expr]] */
static size_t do_declare(struct batch *bt, size_t i, int run)
{
	struct tk *t = bt->t.v;
	size_t end = clause_end(bt, i + 1), st[16], en[16];
	size_t n = split_args(bt, i + 1, end, st, en, 16);

	for (size_t k = 0; run && k < n; k++) {
		if (t[st[k]].kind != TK_VAR)
			continue;
		char *lit = NULL;
		for (size_t j = st[k]; j < en[k]; j++)
			if (tk_op(&t[j], "=")) {
				if (eval(bt, j + 1, en[k], &lit, NULL) < 0)
					return end;
				break;
			}
		set_var(bt->s, t[st[k]].text, lit ? lit : strdup("NULL"));
	}
	return end;
}

/* SET @v = expr | SET option value */
static size_t do_set(struct batch *bt, size_t i, int run)
{
	struct session *s = bt->s;
	struct tk *t = bt->t.v;
	size_t end = clause_end(bt, i + 1);

	if (!run)
		return end;
	if (i + 2 < end && t[i + 1].kind == TK_VAR && tk_op(&t[i + 2], "=")) {
		char *lit;
		if (eval(bt, i + 3, end, &lit, NULL) == 0)
			set_var(s, t[i + 1].text, lit);
		return end;
	}
	/* SET @v op= expr (2008): @v = @v op (expr), through a temporary
	 * variable holding the right side's value */
	if (i + 3 < end && t[i + 1].kind == TK_VAR && t[i + 2].kind == TK_OP && !t[i + 2].text[1] &&
	    strchr("+-*/%&|^", t[i + 2].text[0]) && tk_op(&t[i + 3], "=")) {
		const char *cur = NULL;
		char *rhs, *lit = NULL;
		for (size_t v = 0; v < s->nvars; v++)
			if (!strcasecmp(s->vars[v].name, t[i + 1].text))
				cur = s->vars[v].literal;
		if (eval(bt, i + 4, end, &rhs, NULL) < 0)
			return end;
		int text = (cur && cur[0] == '\'') || rhs[0] == '\'';
		char *sql = sqlite3_mprintf("SELECT (%s) %s (%s)", cur ? cur : "NULL",
					    text && t[i + 2].text[0] == '+' ? "||" : t[i + 2].text, rhs);
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
			struct wbuf l = { 0 };
			const char *v = (const char *)sqlite3_column_text(st, 0);
			if (!v)
				sb_add(&l, "NULL");
			else if (sqlite3_column_type(st, 0) == SQLITE_TEXT)
				sb_quote(&l, v, '\'');
			else
				sb_add(&l, v);
			wb_u8(&l, 0);
			lit = (char *)l.p;
		}
		sqlite3_finalize(st);
		sqlite3_free(sql);
		free(rhs);
		set_var(s, t[i + 1].text, lit ? lit : strdup("NULL"));
		return end;
	}
	if (i + 2 < end && tk_is(&t[i + 1], "XACT_ABORT"))
		s->xact_abort = tk_is(&t[i + 2], "ON");
	if (i + 4 < end && tk_is(&t[i + 1], "TRANSACTION") && tk_is(&t[i + 2], "ISOLATION") &&
	    tk_is(&t[i + 3], "LEVEL"))
		s->snapshot_iso = tk_is(&t[i + 4], "SNAPSHOT");
	return end;
}

static void do_begin_tran(struct session *s)
{
	if (s->trancount++ == 0) {
		sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
		s->tran_id++;
		send_env_tran(s, ENV_BEGINTRAN);
	}
}

static void do_commit(struct session *s, unsigned line)
{
	if (s->trancount == 0) {
		send_error(s, 3902, 16,
			   "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.", line);
		statement_failed(s, 0);
		return;
	}
	if (--s->trancount == 0) {
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			map_sqlite_error(s, SQLITE_ERROR, "COMMIT", line);
			return;
		}
		send_env_tran(s, ENV_COMMITTRAN);
	}
}

static void do_rollback(struct session *s, unsigned line)
{
	if (s->trancount == 0) {
		send_error(s, 3903, 16,
			   "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.", line);
		statement_failed(s, 0);
		return;
	}
	rollback_all(s);
}

/* Skips the optional TRAN/TRANSACTION/WORK word and a transaction name. */
static size_t tran_words(struct batch *bt, size_t j)
{
	struct tk *t = bt->t.v;

	if (j < bt->t.n && (tk_is(&t[j], "TRAN") || tk_is(&t[j], "TRANSACTION") || tk_is(&t[j], "WORK"))) {
		j++;
		if (j < bt->t.n && (t[j].kind == TK_QID || (t[j].kind == TK_WORD && !stmt_word(&t[j]))))
			j++;
	}
	return j;
}

/* IF cond stmt [ELSE stmt] */
static size_t do_if(struct batch *bt, size_t i, int run)
{
	size_t c_end = clause_end(bt, i + 1), j;
	int truth = 0;

	if (run) {
		/* CASE WHEN (cond) THEN 1 ELSE 0 END, through translate() */
		size_t a = i + 1;
		struct session *s = bt->s;
		struct wbuf expr = { 0 }, sql = { 0 };
		sqlite3_stmt *st = NULL;
		if (translate(bt, a, c_end, &expr) < 0) {
			wb_free(&expr);
			return c_end;
		}
		sb_add(&sql, "SELECT CASE WHEN (");
		sb_add(&sql, (char *)expr.p);
		sb_add(&sql, ") THEN 1 ELSE 0 END");
		wb_u8(&sql, 0);
		wb_free(&expr);
		int rc = sqlite3_prepare_v2(s->db, (char *)sql.p, -1, &st, NULL);
		wb_free(&sql);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			map_sqlite_error(s, rc, "IF", bt->t.v[a].line);
			sqlite3_finalize(st);
			return c_end;
		}
		truth = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	j = exec_stmt(bt, c_end, run && truth);
	size_t k = j;
	while (k < bt->t.n && tk_op(&bt->t.v[k], ";"))
		k++;
	if (k < bt->t.n && tk_is(&bt->t.v[k], "ELSE"))
		j = exec_stmt(bt, k + 1, run && !truth);
	return j;
}

/* Executes (run = 1) or skips one statement at i; returns the index
 * after it. */
static size_t exec_stmt(struct batch *bt, size_t i, int run)
{
	struct session *s = bt->s;
	struct tk *t = bt->t.v;
	size_t n = bt->t.n;

	while (i < n && tk_op(&t[i], ";"))
		i++;
	if (i >= n)
		return n;
	if (s->abort_batch || s->returned)
		run = 0;
	struct tk *k = &t[i];
	if (tk_is(k, "GO"))
		return i + 1;
	if (tk_is(k, "USE")) {
		if (run && i + 1 < n)
			do_use(s, t[i + 1].text, k->line);
		return i + 2;
	}
	if (tk_is(k, "SET"))
		return do_set(bt, i, run);
	if (tk_is(k, "DECLARE"))
		return do_declare(bt, i, run);
	if (tk_is(k, "BEGIN")) {
		if (i + 1 < n && (tk_is(&t[i + 1], "TRAN") || tk_is(&t[i + 1], "TRANSACTION"))) {
			if (run)
				do_begin_tran(s);
			return tran_words(bt, i + 1);
		}
		size_t j = i + 1;
		while (j < n && !tk_is(&t[j], "END")) {
			size_t nj = exec_stmt(bt, j, run);
			if (nj == j)
				nj++;
			j = nj;
			while (j < n && tk_op(&t[j], ";"))
				j++;
			if (s->abort_batch || s->returned)
				run = 0;
		}
		return j < n ? j + 1 : n;
	}
	if (tk_is(k, "COMMIT") || tk_is(k, "ROLLBACK")) {
		if (run) {
			if (tk_is(k, "COMMIT"))
				do_commit(s, k->line);
			else
				do_rollback(s, k->line);
		}
		return tran_words(bt, i + 1);
	}
	if (tk_is(k, "IF"))
		return do_if(bt, i, run);
	if (tk_is(k, "RAISERROR"))
		return do_raiserror(bt, i, run);
	if (tk_is(k, "PRINT")) {
		size_t end = clause_end(bt, i + 1);
		char *text = NULL;
		if (run && eval(bt, i + 1, end, NULL, &text) == 0)
			tok_message(s->out, 0, 0, 1, 0, text ? text : "", s->cfg->server_name, k->line);
		free(text);
		return end;
	}
	if (tk_is(k, "RETURN")) {
		if (run)
			s->returned = 1;
		return i + 1;
	}
	if (tk_is(k, "SELECT") || tk_is(k, "INSERT") || tk_is(k, "UPDATE") || tk_is(k, "DELETE") ||
	    tk_is(k, "CREATE") || tk_is(k, "DROP") || tk_is(k, "TRUNCATE") || tk_is(k, "ALTER")) {
		size_t end = data_end(bt, i);
		if (run && snapshot_refuses_msdb(bt, i, end))
			return end;
		if (run)
			run_data(bt, i, end);
		return end;
	}
	if (run) {
		char msg[256];
		snprintf(msg, sizeof msg, "Incorrect syntax near '%s'.", k->text);
		send_error(s, 102, 15, msg, k->line);
		statement_failed(s, 1);
	}
	return clause_end(bt, i + 1) > i + 1 ? clause_end(bt, i + 1) : i + 1;
}

void tsql_exec_batch(struct session *s, const char *sql)
{
	struct batch bt = { .s = s };
	char err[256];

	s->abort_batch = 0;
	s->returned = 0;
	if (tsql_lex(sql, &bt.t, err, sizeof err) < 0) {
		send_error(s, 105, 15, err, 1);
		tok_done(s->out, DONE_ERROR, 0, 0);
		tsql_lex_free(&bt.t);
		return;
	}
	if (dialect_check(&bt) < 0) {
		/* a compile error: nothing of the batch runs */
		tok_done(s->out, DONE_ERROR, 0, 0);
		tsql_lex_free(&bt.t);
		return;
	}
	for (size_t i = 0; i < bt.t.n && !s->abort_batch && !s->returned;) {
		size_t j = exec_stmt(&bt, i, 1);
		i = j > i ? j : i + 1;
	}
	/* variables live for one batch, as in SQL Server */
	for (size_t i = 0; i < s->nvars; i++) {
		free(s->vars[i].name);
		free(s->vars[i].literal);
	}
	free(s->vars);
	s->vars = NULL;
	s->nvars = 0;
	tsql_lex_free(&bt.t);
}

void tsql_session_end(struct session *s)
{
	if (s->trancount > 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->trancount = 0;
	sqlite3_set_authorizer(s->db, NULL, NULL);
	free(s->current_db);
	s->current_db = NULL;
}

/* ---- SQLite helpers ---- */

/* Seconds since 1970 of a "YYYY-MM-DD[T ]hh:mm:ss[.fff]" text. */
static int parse_when(const char *txt, double *secs)
{
	int y, mo, d, h = 0, mi = 0, n = 0;
	double sec = 0;

	if (!txt || sscanf(txt, "%d-%d-%d%n", &y, &mo, &d, &n) != 3)
		return -1;
	if (txt[n] == 'T' || txt[n] == ' ')
		sscanf(txt + n + 1, "%d:%d:%lf", &h, &mi, &sec);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d };
	time_t days = timegm(&tm);
	*secs = (double)days + h * 3600 + mi * 60 + sec;
	return 0;
}

static double unit_seconds(const char *u)
{
	if (!strcasecmp(u, "second") || !strcasecmp(u, "ss") || !strcasecmp(u, "s"))
		return 1;
	if (!strcasecmp(u, "minute") || !strcasecmp(u, "mi") || !strcasecmp(u, "n"))
		return 60;
	if (!strcasecmp(u, "hour") || !strcasecmp(u, "hh"))
		return 3600;
	if (!strcasecmp(u, "day") || !strcasecmp(u, "dd") || !strcasecmp(u, "d"))
		return 86400;
	return 0;
}

/* DATEDIFF(unit, a, b): unit boundaries crossed from a to b. */
static void fn_datediff(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double a, b, u = unit_seconds((const char *)sqlite3_value_text(argv[0]));
	(void)argc;
	if (u == 0 || parse_when((const char *)sqlite3_value_text(argv[1]), &a) < 0 ||
	    parse_when((const char *)sqlite3_value_text(argv[2]), &b) < 0) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_int64(ctx, (sqlite3_int64)(floor(b / u) - floor(a / u)));
}

/* DATEADD(unit, n, d) as "YYYY-MM-DD hh:mm:ss.fff". */
static void fn_dateadd(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double d, u = unit_seconds((const char *)sqlite3_value_text(argv[0]));
	(void)argc;
	if (u == 0 || parse_when((const char *)sqlite3_value_text(argv[2]), &d) < 0) {
		sqlite3_result_null(ctx);
		return;
	}
	d += u * sqlite3_value_double(argv[1]);
	time_t whole = (time_t)floor(d);
	struct tm tm;
	char buf[64];
	gmtime_r(&whole, &tm);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (int)((d - floor(d)) * 1000 + 0.5) % 1000);
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* The permission-denied fixture: any access to the denied table fails
 * (SQL Server error 229). */
static int authorize(void *arg, int action, const char *a1, const char *a2, const char *dbname,
		     const char *trigger)
{
	struct session *s = arg;
	const char *table = NULL, *verb = "SELECT";
	(void)dbname;
	(void)trigger;

	switch (action) {
	case SQLITE_READ: table = a1; (void)a2; break;
	case SQLITE_UPDATE: table = a1; verb = "UPDATE"; break;
	case SQLITE_INSERT: table = a1; verb = "INSERT"; break;
	case SQLITE_DELETE: table = a1; verb = "DELETE"; break;
	default: return SQLITE_OK;
	}
	if (table && s->cfg->deny_table && !strcasecmp(table, s->cfg->deny_table)) {
		snprintf(s->denied_table, sizeof s->denied_table, "%s", table);
		snprintf(s->denied_action, sizeof s->denied_action, "%s", verb);
		return SQLITE_DENY;
	}
	return SQLITE_OK;
}

void tsql_register(sqlite3 *db, struct session *s)
{
	sqlite3_create_function(db, "tds_DATEDIFF", 3, SQLITE_UTF8, NULL, fn_datediff, NULL, NULL);
	sqlite3_create_function(db, "tds_DATEADD", 3, SQLITE_UTF8, NULL, fn_dateadd, NULL, NULL);
	if (s)
		sqlite3_set_authorizer(db, authorize, s);
}
