/* SPDX-License-Identifier: MIT */
/* Shared between the loopback server's statement executor and its
 * T-SQL -> SQLite translation. Test code. */
#ifndef TSQL_INTERNAL_H
#define TSQL_INTERNAL_H

#include "tds_server.h"
#include "tsql_lex.h"

struct batch {
	struct session *s;
	struct tk_list t;
};

/* Words that begin a statement when they appear at the top level. */
/* Sends an ERROR token and records @@ERROR. */
void send_error(struct session *s, int number, unsigned cls, const char *text, unsigned line);
/* The statement's DONE with the error bit; XACT_ABORT or a
 * batch-terminating error stops the batch (XACT_ABORT rolls back). */
void statement_failed(struct session *s, int terminates_batch);
void sb_add(struct wbuf *b, const char *s);
void sb_quote(struct wbuf *b, const char *s, char q);
/* Translates tokens [a, b) to SQLite SQL in out (NUL-terminated).
 * Returns 0, or -1 after sending the error. */
int translate(struct batch *bt, size_t a, size_t b, struct wbuf *out);

/* tsql_dialect.c: refuses what SQL Server 2005-2008 R2 refuse (the error
 * sent, -1); the whole batch then does not run. */
int dialect_check(struct batch *bt);
/* The SQLite collation for a T-SQL collation name (tds_ci, tds_cs, or
 * tds_db for DATABASE_DEFAULT). */
const char *collation_for(const char *tsql_name);
/* sql with "COLLATE tds_db" after every character column type of a
 * CREATE TABLE (malloc'd). */
char *collate_schema(const char *sql);

/* tsql_forxml.c: (SELECT ... FOR XML RAW('x')) at the '(' open..close,
 * and a statement [a, b) ending FOR XML PATH(''): SQLite SQL appended to
 * out. Return 1 when done, 0 when not FOR XML, -1 after the error. */
int forxml_raw(struct batch *bt, size_t open, size_t close, struct wbuf *out);
int forxml_path(struct batch *bt, size_t a, size_t b, struct wbuf *out);
void forxml_register(sqlite3 *db);

#endif
