/* SPDX-License-Identifier: MIT */
/* The TDS backend's extra entry points, for the commands that write to
 * the live database (apply-to-source). The source interface itself is in
 * source.h; only source_tds.c includes FreeTDS. */
#ifndef PCM_SOURCE_TDS_H
#define PCM_SOURCE_TDS_H

#include <stdbool.h>
#include "source/source.h"

/* True when s is a tds:// source. */
bool pcm_source_is_tds(const struct pcm_source *s);

/* Runs one T-SQL batch and reads all its results. Returns 0, or -1 with
 * err naming the server, the database and the server's message
 * (RAISERROR text included). what names the batch in the message. */
int pcm_tds_exec(struct pcm_source *s, const char *sql, const char *what, struct pcm_error *err);

/* @@TRANCOUNT of the connection, or -1 (err set). */
int pcm_tds_trancount(struct pcm_source *s, struct pcm_error *err);

/* Every row the deployment is made of, as read (the legacy tables, msdb's
 * backupset and backupmediafamily rows of the database, then tblChat in
 * (channelId, chatId) order), to cb: for writing a snapshot. The row is
 * valid during the call only. Returns 0, cb's non-zero, or -1 (err). */
int pcm_tds_dump(struct pcm_source *s, int (*cb)(const struct pcm_row *row, void *ctx),
                 void *ctx, struct pcm_error *err);

/* Names the database s should be (translated, static), for the message
 * about a missing table; the default is the legacy Group Chat database. */
void pcm_tds_set_expected(struct pcm_source *s, const char *what);

/* Runs one SELECT and hands every row to cb as a row of table (column
 * names as the server gives them, NULL = absent), streaming: for readers
 * of other databases on the same connection code (the 2013 target,
 * target_source.c). Returns 0, cb's non-zero, or -1 (err). */
int pcm_tds_each_row(struct pcm_source *s, const char *sql, const char *table,
                     int (*cb)(const struct pcm_row *row, void *ctx), void *ctx,
                     struct pcm_error *err);

/* True when the last load or dump was not one SNAPSHOT transaction (the
 * database does not allow SNAPSHOT isolation): it was consistent only if
 * nothing wrote meanwhile (the row count and newest chatId of tblChat
 * are compared at the end, and a change fails the read). */
bool pcm_tds_read_unguarded(const struct pcm_source *s);

/* Rows read from the server so far, by loads and dumps together. */
unsigned long pcm_tds_rows_read(const struct pcm_source *s);
/* "USER@SERVER/DATABASE" for messages (never a password). */
const char *pcm_tds_label(const struct pcm_source *s);
/* The database name from the URL. */
const char *pcm_tds_database(const struct pcm_source *s);

/* Time limits in seconds for the next logins: the login, and each wait
 * for the server's answer during a query (0: none; -1: not given, then
 * freetds.conf's "connect timeout" and "timeout", else 30 and 300). */
void pcm_tds_set_timeouts(int login_seconds, int query_seconds);

/* Asks for the password when PCMIGRATE_PASSWORD is not set: returns it
 * (freed with pcm_secret_free), or NULL with err set. Without one, the
 * login fails with a message naming PCMIGRATE_PASSWORD. */
typedef char *pcm_password_prompt_fn(const char *label, struct pcm_error *err);
void pcm_tds_set_password_prompt(pcm_password_prompt_fn *fn);

#endif
