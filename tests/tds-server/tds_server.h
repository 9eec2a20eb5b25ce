/* SPDX-License-Identifier: MIT */
/* The loopback TDS test server: configuration and one client session.
 * Test code only: speaks enough TDS 7.1-7.4 for FreeTDS (db-lib and
 * tsql) and runs the statements against SQLite. */
#ifndef TDS_SERVER_H
#define TDS_SERVER_H

#include <sqlite3.h>
#include <stdio.h>
#include "tds_wire.h"

/* The SQL Server release the server plays (--sql-server): its TDS
 * version, product version and dialect. */
enum sql_release { SQL_2005, SQL_2008, SQL_2008R2 };

struct release_info {
	const char *name;           /* "2008R2", as --sql-server takes it */
	uint32_t tds_version;       /* the highest TDS it speaks */
	unsigned major, minor, build;
	const char *product_version;    /* SERVERPROPERTY('ProductVersion') */
	const char *version_text;       /* @@VERSION */
};
const struct release_info *release_info(enum sql_release r);

struct server_config {
	enum sql_release release;   /* default SQL Server 2008 R2 */
	int collation_cs;           /* the database's collation: CS_AS, not CI_AS */
	const char *database;       /* the legacy database's name */
	const char *user, *password;
	const char *server_name;    /* @@SERVERNAME, ERROR tokens */
	const char *deny_table;     /* permission denied (229) on this table */
	long drop_after;            /* close a connection at its Nth packet */
	long stall_after_rows;      /* stop answering after N rows (0: never) */
	int stall_login;            /* accept, never answer anything */
	long stall_batch;           /* never answer a connection's Nth batch */
	const char *exec_when;      /* --exec-when TEXT=SQL: before the first */
	const char *exec_when_sql;  /* batch holding TEXT, SQL runs (SQLite) */
	int utc_offset_minutes;     /* GETDATE() = GETUTCDATE() + this */
	FILE *log;                  /* every batch received, or NULL */
};

struct variable {
	char *name;                 /* "@n", lower case */
	char *literal;              /* SQLite literal text: 12, 'x', NULL */
};

struct session {
	sqlite3 *db;
	const struct server_config *cfg;
	struct tds_out *out;
	char *current_db;
	int xact_abort;
	int snapshot_iso;           /* SET TRANSACTION ISOLATION LEVEL SNAPSHOT */
	int trancount;
	uint64_t tran_id;
	int64_t rowcount;           /* @@ROWCOUNT */
	int last_error;             /* @@ERROR */
	int abort_batch;            /* set by a batch-terminating error */
	int returned;               /* RETURN seen */
	struct variable *vars;
	size_t nvars;
	char denied_action[16];     /* set by the authorizer */
	char denied_table[128];
	char last_error_text[512];  /* for --tsql at start-up */
	/* Called after each ROW token: the connection sends what is ready
	 * (replies are streamed, not built whole). Returns -1 when the
	 * result must stop (the stall fixture fired, or the client went
	 * away); NULL at start-up (--tsql). */
	int (*row_sent)(struct session *s);
	void *conn;
};

/* Runs one SQL batch, writing the reply tokens to s->out (without the
 * final DONE: the caller finishes the reply). */
void tsql_exec_batch(struct session *s, const char *sql);
/* Rolls back an open transaction (connection closed) and frees state. */
void tsql_session_end(struct session *s);
/* Registers DATEDIFF/DATEADD helpers and the authorizer on db. */
void tsql_register(sqlite3 *db, struct session *s);

/* The collations and built-ins SQL Server has and SQLite lacks (LEN,
 * DATALENGTH, NCHAR, SERVERPROPERTY, CONVERT), once per database. */
void dialect_register(sqlite3 *db, const struct server_config *cfg);

/* Loads a snapshot file into the SQLite tables (fixture.c). */
int fixture_load_snapshot(sqlite3 *db, const char *path);
/* Reshapes the test schema's tables as a release has them (--shape 2010,
 * r2 or 2013), before the fixture is loaded. */
int fixture_shape(sqlite3 *db, const char *shape);

#endif
