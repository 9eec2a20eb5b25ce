/* SPDX-License-Identifier: MIT */
/* Fixture loading for the loopback TDS test server: every row of a
 * snapshot file (read by pcmigrate's own snapshot reader) goes into the
 * SQLite table of the same name; msdb's tables are in the attached msdb.
 * A backupset row that carries physical_device_name (a snapshot made from
 * a join) also gives its backupmediafamily row. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "source/source_snapshot.h"
#include "tds_server.h"

struct loading {
	sqlite3 *db;
	struct pcm_error *err;
};

/* Does table (qualified "msdb.x" or plain) have column? */
static int has_column(sqlite3 *db, const char *schema, const char *table, const char *column)
{
	char sql[256];
	sqlite3_stmt *st;
	int found = 0;

	snprintf(sql, sizeof sql, "PRAGMA %s.table_info(\"%s\")", schema, table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	while (!found && sqlite3_step(st) == SQLITE_ROW)
		found = !strcasecmp((const char *)sqlite3_column_text(st, 1), column);
	sqlite3_finalize(st);
	return found;
}

static int insert(struct loading *l, const char *schema, const char *table, size_t n,
		  const char *const *names, const char *const *values, const char *where)
{
	char sql[4096];
	size_t len, used = 0;
	sqlite3_stmt *st;
	const char *bind[64];

	len = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s.\"%s\" (", schema, table);
	for (size_t i = 0; i < n && used < 64; i++) {
		if (!has_column(l->db, schema, table, names[i]))
			continue;
		len += (size_t)snprintf(sql + len, sizeof sql - len, "%s\"%s\"", used ? ", " : "", names[i]);
		bind[used++] = values[i];
	}
	len += (size_t)snprintf(sql + len, sizeof sql - len, ") VALUES (");
	for (size_t i = 0; i < used; i++)
		len += (size_t)snprintf(sql + len, sizeof sql - len, "%s?", i ? ", " : "");
	snprintf(sql + len, sizeof sql - len, ")");
	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		pcm_error_set(l->err, "%s: %s: %s", where, table, sqlite3_errmsg(l->db));
		return -1;
	}
	for (size_t i = 0; i < used; i++)
		if (bind[i])
			sqlite3_bind_text(st, (int)i + 1, bind[i], -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		pcm_error_set(l->err, "%s: %s: %s", where, table, sqlite3_errmsg(l->db));
		return -1;
	}
	return 0;
}

static int load_row(const struct pcm_row *row, void *ctx)
{
	struct loading *l = ctx;
	int msdb = !strcmp(row->table, "backupset") || !strcmp(row->table, "backupmediafamily");

	if (insert(l, msdb ? "msdb" : "main", row->table, row->ncols, row->names, row->values, row->where))
		return -1;
	if (!strcmp(row->table, "backupset")) {
		const char *media = NULL, *device = NULL;
		for (size_t i = 0; i < row->ncols; i++) {
			if (!strcmp(row->names[i], "media_set_id"))
				media = row->values[i];
			else if (!strcmp(row->names[i], "physical_device_name"))
				device = row->values[i];
		}
		if (media && device) {
			static const char *const names[] = { "media_set_id", "family_sequence_number",
							     "physical_device_name" };
			const char *values[] = { media, "1", device };
			return insert(l, "msdb", "backupmediafamily", 3, names, values, row->where);
		}
	}
	return 0;
}

int fixture_load_snapshot(sqlite3 *db, const char *path)
{
	struct pcm_error err = { 0 };
	struct loading l = { db, &err };
	int rc;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	rc = pcm_snapshot_each_row(path, load_row, &l, &err);
	sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	if (rc) {
		fprintf(stderr, "tds-server: fixture %s: %s\n", path, err.text[0] ? err.text : "failed");
		return -1;
	}
	return 0;
}

/* The table shapes of the releases (--shape), made from the test schema
 * (legacy-schema.sql) before the fixture is loaded; a fixture column a
 * shape lacks is not loaded. Sources in shared/reference/
 * schemas-with-sources.md:
 *   2010  Lync Server 2010 Group Chat, as its schema pages print it:
 *         tblChat has no rtf and spells channelID, chatID [10:gg615031];
 *         tblNode has scopeDefinerId, roleDefinerId [10:gg615024];
 *         tblScopePrincipal scopeUpdatedBy [10:gg558639];
 *         tblPrincipalAffiliations [index], updatedBy [10:gg558642].
 *   r2    OCS 2007 R2 Group Chat: Microsoft publishes no schema; this is
 *         2010's without the columns no R2 page shows (ptypeIsFederated,
 *         siopID, nodeAdded and nodeUpdated, prinADUserPrincipalName), with
 *         some names in upper case (R2's spelling is not published): the
 *         reader must live with what is missing and match names without case.
 *   2013  Lync Server 2013 Persistent Chat: tblChat with rtf [13:tblchat];
 *         no ptypeIsFederated, no honorsOverride/honorsScope, tblNode
 *         without topic, filestoreURI, inheritance, scopeChange,
 *         overrideMember, restrictChildCreate; scopeIsDenied. */
static const char shape_2010[] =
	"ALTER TABLE tblChat DROP COLUMN rtf;"
	"ALTER TABLE tblChat RENAME COLUMN channelId TO channelID;"
	"ALTER TABLE tblChat RENAME COLUMN chatId TO chatID;"
	"ALTER TABLE tblNode ADD COLUMN scopeDefinerId int NOT NULL DEFAULT 1;"
	"ALTER TABLE tblNode ADD COLUMN roleDefinerId int NOT NULL DEFAULT 1;"
	"ALTER TABLE tblScopePrincipal ADD COLUMN scopeUpdatedBy int NOT NULL DEFAULT 1;"
	"ALTER TABLE tblPrincipalAffiliations ADD COLUMN \"index\" int NOT NULL DEFAULT 0;"
	"ALTER TABLE tblPrincipalAffiliations ADD COLUMN updatedBy int NOT NULL DEFAULT 1;";

static const char shape_r2[] =
	"ALTER TABLE tblChat RENAME COLUMN channelID TO CHANNELID;"
	"ALTER TABLE tblChat RENAME COLUMN chatID TO CHATID;"
	"ALTER TABLE tblChat RENAME COLUMN content TO CONTENT;"
	"ALTER TABLE tblPrincipalType DROP COLUMN ptypeIsFederated;"
	"ALTER TABLE tblNode DROP COLUMN siopID;"
	"ALTER TABLE tblNode DROP COLUMN nodeAddedBy;"
	"ALTER TABLE tblNode DROP COLUMN nodeUpdatedBy;"
	"ALTER TABLE tblNode DROP COLUMN nodeAddedOn;"
	"ALTER TABLE tblNode DROP COLUMN nodeUpdatedOn;"
	"ALTER TABLE tblPrincipal DROP COLUMN prinADUserPrincipalName;";

static const char shape_2013[] =
	"ALTER TABLE tblPrincipalType DROP COLUMN ptypeIsFederated;"
	"ALTER TABLE tblRoleType DROP COLUMN honorsOverride;"
	"ALTER TABLE tblRoleType DROP COLUMN honorsScope;"
	"ALTER TABLE tblPrincipalRole DROP COLUMN honorsOverride;"
	"ALTER TABLE tblPrincipalRole DROP COLUMN honorsScope;"
	"ALTER TABLE tblNode DROP COLUMN topic;"
	"ALTER TABLE tblNode DROP COLUMN filestoreURI;"
	"ALTER TABLE tblNode DROP COLUMN inheritance;"
	"ALTER TABLE tblNode DROP COLUMN scopeChange;"
	"ALTER TABLE tblNode DROP COLUMN overrideMember;"
	"ALTER TABLE tblNode DROP COLUMN restrictChildCreate;"
	"ALTER TABLE tblScopePrincipal ADD COLUMN scopeIsDenied bit NOT NULL DEFAULT 0;"
	"ALTER TABLE tblScopePrincipal ADD COLUMN scopeUpdatedBy int NOT NULL DEFAULT 1;"
	"ALTER TABLE tblPrincipal ADD COLUMN prinDisplayName nvarchar(256);";

int fixture_shape(sqlite3 *db, const char *shape)
{
	char *err = NULL;
	int rc = SQLITE_OK;

	if (!strcmp(shape, "2010")) {
		rc = sqlite3_exec(db, shape_2010, NULL, NULL, &err);
	} else if (!strcmp(shape, "r2")) {
		rc = sqlite3_exec(db, shape_2010, NULL, NULL, &err);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, shape_r2, NULL, NULL, &err);
	} else if (!strcmp(shape, "2013")) {
		rc = sqlite3_exec(db, shape_2013, NULL, NULL, &err);
	} else {
		fprintf(stderr, "tds-server: --shape %s: not 2010, r2 or 2013\n", shape);
		return -1;
	}
	if (rc != SQLITE_OK) {
		fprintf(stderr, "tds-server: --shape %s: %s\n", shape, err ? err : "failed");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}
