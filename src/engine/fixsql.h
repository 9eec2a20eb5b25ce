/* SPDX-License-Identifier: MIT */
/* fix-source.sql: the plan's decisions (renamed rooms, rooms to disable,
 * dropped root managers, categories whose invitations are turned on) as
 * T-SQL for the legacy Group Chat database, so that Microsoft's export
 * carries what the administrator decided.
 *
 * Every statement changes exactly the row it names: it is guarded by the
 * row's key AND its current values, text compared exactly (WHERE nodeID =
 * 70 AND nodeName = N'old' COLLATE Latin1_General_BIN2 AND
 * DATALENGTH(nodeName) = DATALENGTH(N'old')), and followed by a check of @@ROWCOUNT that rolls the
 * transaction back and raises an error when the row did not match:
 *
 *   -- rename room nodeID 70
 *   UPDATE dbo.tblNode SET nodeName = N'new' WHERE nodeID = 70 AND ...;
 *   IF @@ROWCOUNT <> 1 BEGIN IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;
 *   RAISERROR(N'...', 16, 1); RETURN; END
 *
 * Text goes in N'...' with ' doubled. The file wraps the statements in
 * one transaction (SET XACT_ABORT ON; BEGIN TRANSACTION; ... COMMIT). The
 * apply-to-source command runs the very same statements one by one inside
 * its own transaction (each statement is one batch; a failing check has
 * already rolled back, so check @@TRANCOUNT before rolling back again). */
#ifndef PCM_FIXSQL_H
#define PCM_FIXSQL_H

#include <stddef.h>
#include "model/model.h"
#include "rules/plan.h"

/* The statements, in a stable order: rooms to disable, renames, dropped
 * root managers, category invitations; each group by nodeID / prinID.
 * Decisions on objects the deployment no longer holds are skipped (the
 * plan loader reports them), and so are decisions that change nothing.
 * *stmts is a malloc'ed array of malloc'ed strings (free with
 * pcm_fixsql_free); *n may be 0. Returns 0. */
int pcm_fixsql_statements(const struct pcm_deployment *d, const struct pcm_plan *p,
                          char ***stmts, size_t *n);
void pcm_fixsql_free(char **stmts, size_t n);

/* The whole fix-source.sql text (header comment, SET XACT_ABORT ON,
 * BEGIN TRANSACTION, the statements, COMMIT TRANSACTION). Caller frees. */
char *pcm_fixsql_script(const struct pcm_deployment *d, const struct pcm_plan *p);

/* text (UTF-8) as the file holds it: UTF-16LE after a byte-order mark,
 * the Unicode sqlcmd reads without a code page; *len bytes (4-byte
 * characters take a surrogate pair, invalid bytes U+FFFD). Caller frees. */
char *pcm_fixsql_utf16(const char *text, size_t *len);

/* s as a T-SQL Unicode literal: N'...' with ' doubled. A name holding
 * control characters (escape.h's list: C0, DEL, C1, U+2028/9) becomes an
 * expression that spells each as NCHAR(code), so none reaches the script
 * or a terminal raw: (N'a' + NCHAR(27) + N'[2J'). Caller frees. */
char *pcm_sql_quote(const char *s);

#endif
