/* SPDX-License-Identifier: MIT */
/* Reading the Lync Server 2013 Persistent Chat database for verify
 * (target_source.h): two small backends hand rows to one mapping. The
 * live one runs a SELECT per table through source_tds.c's connection
 * code; the snapshot one walks a file made by data/target-snapshot.sql
 * with the legacy snapshot reader. Chat rows are folded into per-channel
 * counters as they arrive, so any row order is fine. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/i18n.h"
#include "base/secret.h"
#include "base/util.h"
#include "model/filelink.h"
#include "source/source.h"
#include "source/source_snapshot.h"
#include "source/source_tds.h"
#include "source/target_source.h"

#define TDS_PREFIX "tds://"
#define SNAPSHOT_PREFIX "snapshot:"

/* Columns of tblNode that Lync Server 2010 documents as NOT NULL and the
 * 2013 table does not have (schemas-with-sources.md, sections 1 and 3):
 * a row holding one comes from a legacy database. */
static const char *const legacy_node_columns[] = {
	"topic", "inheritance", "scopeChange", "overrideMember", "filestoreURI",
};

struct mapping {
	struct pcm_target_db *db;
	struct pcm_error *err;
};

static const char *col(const struct pcm_row *r, const char *name)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (!strcasecmp(r->names[i], name))
			return r->values[i];
	return NULL;
}

static bool has_col(const struct pcm_row *r, const char *name)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (!strcasecmp(r->names[i], name))
			return true;
	return false;
}

/* Column name as an integer in [min, max]; required unless dflt is given. */
static int int_col(const struct pcm_row *r, const char *name, int64_t min, int64_t max,
                   const int64_t *dflt, int64_t *out, struct pcm_error *err)
{
	const char *v = col(r, name);

	if (!v && dflt) {
		*out = *dflt;
		return 0;
	}
	if (!v) {
		pcm_error_set(err, _("%s: %s row without %s"), r->where, r->table, name);
		return -1;
	}
	if (!pcm_parse_i64(v, min, max, out)) {
		pcm_error_set(err, _("%s: %s %s=\"%s\" is not an integer in range %lld..%lld"),
		              r->where, r->table, name, v, (long long)min, (long long)max);
		return -1;
	}
	return 0;
}

static int bit_col(const struct pcm_row *r, const char *name, int8_t *out, struct pcm_error *err)
{
	const char *v = col(r, name);
	bool b;

	if (!v) {
		*out = PCM_NULL;
		return 0;
	}
	if (!pcm_parse_bit(v, &b)) {
		pcm_error_set(err, _("%s: %s %s=\"%s\" is not a bit (0 or 1)"), r->where, r->table,
		              name, v);
		return -1;
	}
	*out = b ? PCM_ON : PCM_OFF;
	return 0;
}

static char *dup_col(struct pcm_target_db *db, const struct pcm_row *r, const char *name)
{
	const char *v = col(r, name);
	return v ? pcm_arena_strdup(db->arena, v) : NULL;
}

static int map_node(struct mapping *m, const struct pcm_row *r)
{
	static const int64_t no_vis = -1, normal = PCM_BEHAVIOR_NORMAL;
	struct pcm_target_db *db = m->db;
	struct pcm_tdb_node n = { 0 };
	int64_t id, parent, vis, beh;
	int8_t type, disabled;

	for (size_t i = 0; i < sizeof legacy_node_columns / sizeof legacy_node_columns[0]; i++)
		if (has_col(r, legacy_node_columns[i])) {
			pcm_error_set(m->err, _("%s: this is a Lync Server 2010 / OCS 2007 R2 Group Chat "
			                        "database: its tblNode has the column %s, which the Lync "
			                        "Server 2013 Persistent Chat tblNode does not have. "
			                        "--target must be the Persistent Chat database the data "
			                        "was imported into"), r->where, legacy_node_columns[i]);
			return -1;
		}
	if (int_col(r, "nodeID", INT32_MIN, INT32_MAX, NULL, &id, m->err) ||
	    int_col(r, "parentID", INT32_MIN, INT32_MAX, &id, &parent, m->err) ||
	    bit_col(r, "nodeType", &type, m->err) || bit_col(r, "disabled", &disabled, m->err) ||
	    bit_col(r, "invite", &n.invite, m->err) ||
	    int_col(r, "visibility", INT16_MIN, INT16_MAX, &no_vis, &vis, m->err) ||
	    int_col(r, "behavior", INT16_MIN, INT16_MAX, &normal, &beh, m->err))
		return -1;
	if (type == PCM_NULL || !col(r, "nodeName")) {
		pcm_error_set(m->err, _("%s: tblNode row without %s"), r->where,
		              type == PCM_NULL ? "nodeType" : "nodeName");
		return -1;
	}
	n.id = (int32_t)id;
	n.parent_id = (int32_t)parent;
	n.is_category = type == PCM_ON;
	n.disabled = disabled == PCM_ON;
	n.visibility = (int16_t)vis;
	n.behavior = (int16_t)beh;
	n.name = dup_col(db, r, "nodeName");
	n.siop_id = dup_col(db, r, "siopID");
	n.desc = dup_col(db, r, "nodeDesc");
	n.where = pcm_arena_strdup(db->arena, r->where);
	if (!pcm_idmap_put(db->node_ids, n.id, (uint32_t)db->nodes.n)) {
		pcm_error_set(m->err, _("%s: tblNode nodeID %d appears twice"), r->where, n.id);
		return -1;
	}
	*PCM_VEC_PUSH(db->nodes) = n;
	return 0;
}

static int map_principal(struct mapping *m, const struct pcm_row *r)
{
	struct pcm_target_db *db = m->db;
	struct pcm_tdb_principal p = { 0 };
	int64_t id;

	if (int_col(r, "prinID", INT32_MIN, INT32_MAX, NULL, &id, m->err))
		return -1;
	if (!col(r, "prinUri")) {
		pcm_error_set(m->err, _("%s: tblPrincipal row without prinUri"), r->where);
		return -1;
	}
	p.id = (int32_t)id;
	p.uri = dup_col(db, r, "prinUri");
	p.ad_path = dup_col(db, r, "prinADPath");
	if (!pcm_idmap_put(db->prin_ids, p.id, (uint32_t)db->principals.n)) {
		pcm_error_set(m->err, _("%s: tblPrincipal prinID %d appears twice"), r->where, p.id);
		return -1;
	}
	*PCM_VEC_PUSH(db->principals) = p;
	return 0;
}

static int map_role(struct mapping *m, const struct pcm_row *r)
{
	int64_t node, prin, type;

	if (int_col(r, "prinRoleNodeID", INT32_MIN, INT32_MAX, NULL, &node, m->err) ||
	    int_col(r, "prinRolePrinID", INT32_MIN, INT32_MAX, NULL, &prin, m->err) ||
	    int_col(r, "prinRoleTypeID", INT32_MIN, INT32_MAX, NULL, &type, m->err))
		return -1;
	*PCM_VEC_PUSH(m->db->roles) = (struct pcm_tdb_role){ (int32_t)node, (int32_t)prin,
	                                                     (int32_t)type };
	return 0;
}

static int map_scope(struct mapping *m, const struct pcm_row *r)
{
	int64_t node, prin;
	int8_t denied;

	if (int_col(r, "scopeNodeID", INT32_MIN, INT32_MAX, NULL, &node, m->err) ||
	    int_col(r, "scopePrinID", INT32_MIN, INT32_MAX, NULL, &prin, m->err) ||
	    bit_col(r, "scopeIsDenied", &denied, m->err))
		return -1;
	*PCM_VEC_PUSH(m->db->scopes) = (struct pcm_tdb_scope){ (int32_t)node, (int32_t)prin,
	                                                       denied == PCM_ON };
	return 0;
}

static int map_role_type(struct mapping *m, const struct pcm_row *r)
{
	int64_t id;

	if (int_col(r, "rtypeID", INT32_MIN, INT32_MAX, NULL, &id, m->err))
		return -1;
	*PCM_VEC_PUSH(m->db->rtypes) = (struct pcm_tdb_role_type){
		(int32_t)id, dup_col(m->db, r, "rtypeDesc") };
	return 0;
}

static int map_addin(struct mapping *m, const struct pcm_row *r)
{
	*PCM_VEC_PUSH(m->db->addins) = (struct pcm_tdb_addin){
		dup_col(m->db, r, "siopID"), dup_col(m->db, r, "siopName") };
	return 0;
}

/* One message: counted into its channel, never kept. */
static int map_chat(struct mapping *m, const struct pcm_row *r)
{
	struct pcm_target_db *db = m->db;
	int64_t channel, date;
	const char *content = col(r, "content"), *p;
	uint32_t at;
	size_t len;

	if (int_col(r, "channelId", INT32_MIN, INT32_MAX, NULL, &channel, m->err) ||
	    int_col(r, "chatDate", 0, INT64_MAX, NULL, &date, m->err))
		return -1;
	at = pcm_idmap_get(db->chat_ids, (int32_t)channel);
	if (at == UINT32_MAX) {
		at = (uint32_t)db->chats.n;
		pcm_idmap_put(db->chat_ids, (int32_t)channel, at);
		*PCM_VEC_PUSH(db->chats) = (struct pcm_tdb_chat){ .channel_id = (int32_t)channel,
		                                                  .first_ticks = date,
		                                                  .last_ticks = date };
	}
	struct pcm_tdb_chat *c = &db->chats.v[at];
	c->messages++;
	db->messages++;
	if (date < c->first_ticks)
		c->first_ticks = date;
	if (date > c->last_ticks)
		c->last_ticks = date;
	for (p = content; p && (p = pcm_filelink_find(p, &len)) != NULL; p += len) {
		c->files++;
		c->links += pcm_filelink_key(p, len);
	}
	return 0;
}

static int map_row(const struct pcm_row *r, void *ctx)
{
	struct mapping *m = ctx;

	if (!strcmp(r->table, "tblChat"))
		return map_chat(m, r);
	if (!strcmp(r->table, "tblNode"))
		return map_node(m, r);
	if (!strcmp(r->table, "tblPrincipal"))
		return map_principal(m, r);
	if (!strcmp(r->table, "tblPrincipalRole"))
		return map_role(m, r);
	if (!strcmp(r->table, "tblRoleType"))
		return map_role_type(m, r);
	if (!strcmp(r->table, "tblScopePrincipal"))
		return map_scope(m, r);
	if (!strcmp(r->table, "tblSiopWhiteList"))
		return map_addin(m, r);
	return 0;       /* tables verify does not compare */
}

/* The live database: one SELECT per table, tblNode first (with every
 * column, so a legacy database shows itself before anything else is
 * read), tblChat last and unsorted (the counters do not need an order). */
static int load_tds(const char *url, struct mapping *m)
{
	static const struct { const char *table, *sql; } queries[] = {
		{ "tblNode", "SELECT * FROM dbo.tblNode" },
		{ "tblPrincipal", "SELECT prinID, prinUri, prinADPath FROM dbo.tblPrincipal" },
		{ "tblRoleType", "SELECT rtypeID, rtypeDesc FROM dbo.tblRoleType" },
		{ "tblPrincipalRole", "SELECT prinRoleNodeID, prinRolePrinID, prinRoleTypeID "
		                      "FROM dbo.tblPrincipalRole" },
		{ "tblScopePrincipal", "SELECT scopeNodeID, scopePrinID, scopeIsDenied "
		                       "FROM dbo.tblScopePrincipal" },
		{ "tblSiopWhiteList", "SELECT siopID, siopName FROM dbo.tblSiopWhiteList" },
		{ "tblChat", "SELECT channelId, chatDate, content FROM dbo.tblChat" },
	};
	struct pcm_source *s;
	char *pw = pcm_secret_from_env(PCM_TARGET_PASSWORD_ENV);
	int rc = 0;

	/* The target's own password, when the legacy source (live too) takes
	 * PCMIGRATE_PASSWORD: handed to the one login code as that variable,
	 * which it wipes in place and unsets on reading, as it does the
	 * administrator's (secret.h). Without it: PCMIGRATE_PASSWORD if no one
	 * took it yet, else the prompt. */
	if (pw) {
		int set = setenv("PCMIGRATE_PASSWORD", pw, 1);
		pcm_secret_free(pw);
		if (set != 0) {
			pcm_error_set(m->err, _("%s: cannot pass on %s"), url, PCM_TARGET_PASSWORD_ENV);
			return -1;
		}
	}
	s = pcm_source_open(url, m->err);
	if (!s)
		return -1;
	pcm_tds_set_expected(s, _("Lync Server 2013 Persistent Chat database (the target)"));
	for (size_t i = 0; rc == 0 && i < sizeof queries / sizeof queries[0]; i++)
		rc = pcm_tds_each_row(s, queries[i].sql, queries[i].table, map_row, m, m->err);
	pcm_source_close(s);
	return rc ? -1 : 0;
}

int pcm_target_load(const char *spec, struct pcm_target_db *db, struct pcm_error *err)
{
	struct mapping m = { db, err };
	const char *path = spec;

	memset(db, 0, sizeof *db);
	db->arena = pcm_arena_new();
	db->node_ids = pcm_idmap_new();
	db->prin_ids = pcm_idmap_new();
	db->chat_ids = pcm_idmap_new();
	db->label = pcm_xstrdup(spec ? spec : "");
	if (!spec || !*spec) {
		pcm_error_set(err, _("no target given: use --target snapshot:FILE or "
		                     "tds://USER@SERVER/DATABASE (the Lync Server 2013 Persistent Chat "
		                     "database)"));
		return -1;
	}
	if (!strncmp(spec, TDS_PREFIX, strlen(TDS_PREFIX)))
		return load_tds(spec, &m);
	if (!strncmp(spec, SNAPSHOT_PREFIX, strlen(SNAPSHOT_PREFIX)))
		path = spec + strlen(SNAPSHOT_PREFIX);
	if (!*path) {
		pcm_error_set(err, _("%s: the snapshot file name is missing"), spec);
		return -1;
	}
	return pcm_snapshot_each_row(path, map_row, &m, err) ? -1 : 0;
}

void pcm_target_free(struct pcm_target_db *db)
{
	free(db->nodes.v);
	free(db->principals.v);
	free(db->roles.v);
	free(db->scopes.v);
	free(db->rtypes.v);
	free(db->addins.v);
	free(db->chats.v);
	pcm_idmap_free(db->node_ids);
	pcm_idmap_free(db->prin_ids);
	pcm_idmap_free(db->chat_ids);
	if (db->arena)
		pcm_arena_free(db->arena);
	free(db->label);
	memset(db, 0, sizeof *db);
}

uint32_t pcm_tdb_node(const struct pcm_target_db *db, int32_t id)
{
	return pcm_idmap_get(db->node_ids, id);
}

uint32_t pcm_tdb_principal(const struct pcm_target_db *db, int32_t id)
{
	return pcm_idmap_get(db->prin_ids, id);
}

const struct pcm_tdb_chat *pcm_tdb_chat_of(const struct pcm_target_db *db, int32_t channel_id)
{
	uint32_t at = pcm_idmap_get(db->chat_ids, channel_id);
	return at == UINT32_MAX ? NULL : &db->chats.v[at];
}
