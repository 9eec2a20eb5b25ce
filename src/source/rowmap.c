/* SPDX-License-Identifier: MIT */
/* Legacy rows -> the deployment model. Rows arrive in any order (except
 * chat rows, last); references are kept raw and resolved in
 * pcm_rowmap_finish, which also builds the tree and proves it is a tree.
 * Every error names the row's place, the table, the column and the id. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "model/filelink.h"
#include "base/i18n.h"
#include "source/rowmap.h"
#include "base/timeconv.h"
#include "base/util.h"

/* References as read, resolved in finish. */
struct raw_ref {
	int32_t a, b, c;            /* node/principal/type ids, per table */
	bool f1, f2;
	const char *where;
	const char *text;           /* invites: createdOn */
};

struct pcm_rowmap {
	struct pcm_deployment *d;
	PCM_VEC(struct raw_ref) roles, scopes, affiliations, invites;
	PCM_VEC(struct raw_ref) media;      /* backupmediafamily: a = media_set_id */
	PCM_VEC(const char *) media_names;
	PCM_VEC(const char *) backup_where;
	PCM_VEC(const char *) backup_start;     /* start dates as read */
	PCM_VEC(int32_t) backup_offset;         /* its own offset from UTC in minutes,
	                                           or PCM_TZ_UNKNOWN */
	PCM_VEC(const char *) roots;            /* file stores named by links */
	struct pcm_idmap *ptype_ids, *rtype_ids;
	bool finished;
	bool have_chat;
	int32_t last_channel;
	int64_t last_chat;
	uint32_t last_room;
};

static const char *const known_tables[] = {
	"tblPrincipalType", "tblRoleType", "tblPrincipal", "tblNode", "tblPrincipalRole",
	"tblScopePrincipal", "tblPrincipalAffiliations", "tblSiopWhiteList",
	"tblPrincipalInvites", "tblChat", "backupset", "backupmediafamily",
};

bool pcm_is_known_table(const char *table)
{
	size_t i;

	for (i = 0; i < sizeof known_tables / sizeof known_tables[0]; i++)
		if (!strcmp(table, known_tables[i]))
			return true;
	return false;
}

struct pcm_rowmap *pcm_rowmap_new(struct pcm_deployment *d)
{
	struct pcm_rowmap *m = pcm_xcalloc(1, sizeof *m);

	m->d = d;
	m->ptype_ids = pcm_idmap_new();
	m->rtype_ids = pcm_idmap_new();
	m->last_room = PCM_NONE;
	return m;
}

struct pcm_deployment *pcm_rowmap_deployment(struct pcm_rowmap *m)
{
	return m->d;
}

void pcm_rowmap_free(struct pcm_rowmap *m)
{
	if (!m)
		return;
	free(m->roles.v);
	free(m->scopes.v);
	free(m->affiliations.v);
	free(m->invites.v);
	free(m->media.v);
	free(m->media_names.v);
	free(m->backup_where.v);
	free(m->backup_start.v);
	free(m->backup_offset.v);
	free(m->roots.v);
	pcm_idmap_free(m->ptype_ids);
	pcm_idmap_free(m->rtype_ids);
	free(m);
}

/* ---- reading columns ---- */

/* A row's column by name. The mapping asks for a table's columns in
 * about the order writers put them, so the search starts after the
 * column found last, and the first two bytes are compared inline before
 * strcmp: a lookup, even of an absent column, costs little. */
static const char *col(const struct pcm_row *r, const char *name)
{
	static _Thread_local size_t hint;   /* per thread: no race between loads */
	size_t i, k;

	if (hint >= r->ncols)
		hint = 0;
	for (k = 0; k < r->ncols; k++) {
		const char *n;

		i = hint + k < r->ncols ? hint + k : hint + k - r->ncols;
		n = r->names[i];
		if (n[0] == name[0] && n[1] == name[1] && !strcmp(n, name)) {
			hint = i + 1;
			return r->values[i];
		}
	}
	return NULL;
}

static int need(const struct pcm_row *r, const char *name, const char **out, struct pcm_error *err)
{
	*out = col(r, name);
	if (!*out) {
		pcm_error_set(err, _("%s: %s row has no %s (a required column)"), r->where, r->table, name);
		return -1;
	}
	return 0;
}

static int to_int(const struct pcm_row *r, const char *name, const char *v, int64_t min,
                  int64_t max, int64_t *out, struct pcm_error *err)
{
	if (!pcm_parse_i64(v, min, max, out)) {
		pcm_error_set(err, _("%s: %s %s=\"%s\" is not an integer in range %lld..%lld"),
		              r->where, r->table, name, v, (long long)min, (long long)max);
		return -1;
	}
	return 0;
}

/* Required int column. */
static int req_int(const struct pcm_row *r, const char *name, int64_t min, int64_t max,
                   int64_t *out, struct pcm_error *err)
{
	const char *v;

	if (need(r, name, &v, err))
		return -1;
	return to_int(r, name, v, min, max, out, err);
}

/* Optional int column: dflt when NULL. */
static int opt_int(const struct pcm_row *r, const char *name, int64_t min, int64_t max,
                   int64_t dflt, int64_t *out, struct pcm_error *err)
{
	const char *v = col(r, name);

	if (!v) {
		*out = dflt;
		return 0;
	}
	return to_int(r, name, v, min, max, out, err);
}

static int to_bit(const struct pcm_row *r, const char *name, const char *v, bool *out,
                  struct pcm_error *err)
{
	if (!pcm_parse_bit(v, out)) {
		pcm_error_set(err, _("%s: %s %s=\"%s\" is not a bit (0 or 1)"), r->where, r->table, name, v);
		return -1;
	}
	return 0;
}

/* Optional bit read as false when NULL (snapshot-format.md). */
static int opt_bit(const struct pcm_row *r, const char *name, bool *out, struct pcm_error *err)
{
	const char *v = col(r, name);

	*out = false;
	return v ? to_bit(r, name, v, out, err) : 0;
}

/* Nullable bit: PCM_NULL when absent. */
static int tri_bit(const struct pcm_row *r, const char *name, int8_t *out, struct pcm_error *err)
{
	const char *v = col(r, name);
	bool b;

	*out = PCM_NULL;
	if (!v)
		return 0;
	if (to_bit(r, name, v, &b, err))
		return -1;
	*out = b ? PCM_ON : PCM_OFF;
	return 0;
}

static char *str(struct pcm_rowmap *m, const struct pcm_row *r, const char *name)
{
	return pcm_arena_strdup(m->d->arena, col(r, name));
}

/* ---- one function per table ---- */

static int add_principal_type(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	struct pcm_principal_type *t;
	int64_t id;
	const char *desc;
	bool b;

	if (req_int(r, "ptypeID", INT16_MIN, INT16_MAX, &id, err) || need(r, "ptypeDesc", &desc, err))
		return -1;
	if (!pcm_idmap_put(m->ptype_ids, (int32_t)id, (uint32_t)m->d->ptypes.n)) {
		pcm_error_set(err, _("%s: tblPrincipalType ptypeID %lld appears twice"), r->where, (long long)id);
		return -1;
	}
	t = PCM_VEC_PUSH(m->d->ptypes);
	t->id = (int16_t)id;
	t->desc = pcm_arena_strdup(m->d->arena, desc);
	if (opt_bit(r, "ptypeIsSystemUser", &b, err))
		return -1;
	t->is_system = b;
	if (opt_bit(r, "ptypeIsUser", &b, err))
		return -1;
	t->is_user = b;
	return tri_bit(r, "ptypeIsFederated", &t->is_federated, err);
}

/* Roles are looked up by description, never by number (legacy-schema.md). */
static enum pcm_role_kind role_kind(const char *desc)
{
	if (!strcasecmp(desc, "Member"))
		return PCM_ROLE_MEMBER;
	if (!strcasecmp(desc, "Manager"))
		return PCM_ROLE_MANAGER;
	if (!strcasecmp(desc, "Voiced") || !strcasecmp(desc, "Presenter"))
		return PCM_ROLE_VOICED;
	if (!strcasecmp(desc, "Creator"))
		return PCM_ROLE_CREATOR;
	return PCM_ROLE_OTHER;
}

static int add_role_type(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	struct pcm_role_type *t;
	int64_t id;
	const char *desc;

	if (req_int(r, "rtypeID", INT32_MIN, INT32_MAX, &id, err) || need(r, "rtypeDesc", &desc, err))
		return -1;
	if (!pcm_idmap_put(m->rtype_ids, (int32_t)id, (uint32_t)m->d->rtypes.n)) {
		pcm_error_set(err, _("%s: tblRoleType rtypeID %lld appears twice"), r->where, (long long)id);
		return -1;
	}
	t = PCM_VEC_PUSH(m->d->rtypes);
	t->id = (int32_t)id;
	t->desc = pcm_arena_strdup(m->d->arena, desc);
	t->kind = role_kind(desc);
	return 0;
}

static int add_principal(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	struct pcm_principal *p;
	int64_t id, type, dis;
	const char *uri;

	if (req_int(r, "prinID", INT32_MIN, INT32_MAX, &id, err) || need(r, "prinUri", &uri, err) ||
	    req_int(r, "prinTypeID", INT16_MIN, INT16_MAX, &type, err) ||
	    opt_int(r, "prinDisabled", 0, 2, 0, &dis, err))   /* bit in 2010, 0..2 in 2013 */
		return -1;
	if (!pcm_idmap_put(m->d->prin_ids, (int32_t)id, (uint32_t)m->d->principals.n)) {
		uint32_t first = pcm_principal_index(m->d, (int32_t)id);
		pcm_error_set(err, _("%s: tblPrincipal prinID %lld appears twice (first at %s)"), r->where,
		              (long long)id, m->d->principals.v[first].where);
		return -1;
	}
	p = PCM_VEC_PUSH(m->d->principals);
	p->id = (int32_t)id;
	p->type_id = (int16_t)type;
	p->disabled = dis != 0;
	p->uri = pcm_arena_strdup(m->d->arena, uri);
	p->guid = str(m, r, "prinGuid");
	p->name = str(m, r, "prinName");
	p->company = str(m, r, "prinCompanyName");
	p->email = str(m, r, "prinEmail");
	p->ad_path = str(m, r, "prinADPath");
	p->upn = str(m, r, "prinADUserPrincipalName");
	p->where = pcm_arena_strdup(m->d->arena, r->where);
	return 0;
}

static int add_node(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	struct pcm_node *n;
	int64_t id, parent, behavior, vis, added, updated;
	const char *name, *type_text;
	bool b, is_category;

	if (req_int(r, "nodeID", INT32_MIN, INT32_MAX, &id, err) ||
	    req_int(r, "parentID", INT32_MIN, INT32_MAX, &parent, err) ||
	    need(r, "nodeType", &type_text, err) || to_bit(r, "nodeType", type_text, &is_category, err) ||
	    need(r, "nodeName", &name, err) ||
	    opt_int(r, "behavior", INT16_MIN, INT16_MAX, PCM_BEHAVIOR_NORMAL, &behavior, err) ||
	    opt_int(r, "visibility", INT16_MIN, INT16_MAX, -1, &vis, err) ||
	    opt_int(r, "nodeAddedOn", 0, INT64_MAX, 0, &added, err) ||
	    opt_int(r, "nodeUpdatedOn", 0, INT64_MAX, 0, &updated, err))
		return -1;
	if (!col(r, "disabled")) {
		pcm_error_set(err, _("%s: %s row has no %s (a required column)"), r->where, r->table, "disabled");
		return -1;
	}
	if (!pcm_idmap_put(m->d->node_ids, (int32_t)id, (uint32_t)m->d->nodes.n)) {
		uint32_t first = pcm_node_index(m->d, (int32_t)id);
		pcm_error_set(err, _("%s: tblNode nodeID %lld appears twice (first at %s)"), r->where,
		              (long long)id, m->d->nodes.v[first].where);
		return -1;
	}
	n = PCM_VEC_PUSH(m->d->nodes);
	n->id = (int32_t)id;
	n->parent_id = (int32_t)parent;
	n->parent = n->first_child = n->next_sibling = PCM_NONE;
	n->is_category = is_category;
	n->name = pcm_arena_strdup(m->d->arena, name);
	n->desc = str(m, r, "nodeDesc");
	n->topic = str(m, r, "topic");
	n->guid = str(m, r, "nodeGuid");
	n->filestore_uri = str(m, r, "filestoreURI");
	n->siop_id = str(m, r, "siopID");
	n->behavior = (int16_t)behavior;
	n->visibility = (int16_t)vis;
	n->added_on = added;
	n->updated_on = updated;
	n->where = pcm_arena_strdup(m->d->arena, r->where);
	if (opt_bit(r, "disabled", &b, err))
		return -1;
	n->disabled = b;
	if (opt_bit(r, "inheritance", &b, err))
		return -1;
	n->inheritance = b;
	if (opt_bit(r, "scopeChange", &b, err))
		return -1;
	n->scope_change = b;
	if (opt_bit(r, "overrideMember", &b, err))
		return -1;
	n->override_member = b;
	if (tri_bit(r, "invite", &n->invite, err) || tri_bit(r, "logged", &n->logged, err) ||
	    tri_bit(r, "filePost", &n->file_post, err) ||
	    tri_bit(r, "restrictChildCreate", &n->restrict_child_create, err))
		return -1;
	return 0;
}

/* Pair tables: node/principal references kept raw until finish. */
static int add_ref(struct pcm_rowmap *m, const struct pcm_row *r, const char *ca, const char *cb,
                   const char *cc, void *vec, struct pcm_error *err)
{
	PCM_VEC(struct raw_ref) *v = vec;
	struct raw_ref *ref;
	int64_t a, b, c = 0;
	bool f;

	if (req_int(r, ca, INT32_MIN, INT32_MAX, &a, err) || req_int(r, cb, INT32_MIN, INT32_MAX, &b, err))
		return -1;
	if (cc && req_int(r, cc, INT32_MIN, INT32_MAX, &c, err))
		return -1;
	ref = PCM_VEC_PUSH(*v);
	ref->a = (int32_t)a;
	ref->b = (int32_t)b;
	ref->c = (int32_t)c;
	ref->where = pcm_arena_strdup(m->d->arena, r->where);
	if (opt_bit(r, "honorsOverride", &f, err))
		return -1;
	ref->f1 = f;
	if (opt_bit(r, "honorsScope", &f, err))
		return -1;
	ref->f2 = f;
	return 0;
}

static int add_invite(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	struct raw_ref *ref;
	int64_t prin, inv, node;

	if (req_int(r, "prinID", INT32_MIN, INT32_MAX, &prin, err) ||
	    req_int(r, "nodeID", INT32_MIN, INT32_MAX, &node, err) ||
	    opt_int(r, "invID", INT32_MIN, INT32_MAX, 0, &inv, err))
		return -1;
	ref = PCM_VEC_PUSH(m->invites);
	ref->a = (int32_t)node;
	ref->b = (int32_t)prin;
	ref->c = (int32_t)inv;
	ref->where = pcm_arena_strdup(m->d->arena, r->where);
	ref->text = str(m, r, "createdOn");
	return 0;
}

static int add_addin(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	struct pcm_addin *a;
	const char *id = col(r, "siopId");

	if (!id)
		id = col(r, "siopID");      /* the 2013 spelling */
	if (!id) {
		pcm_error_set(err, _("%s: %s row has no %s (a required column)"), r->where, r->table, "siopId");
		return -1;
	}
	a = PCM_VEC_PUSH(m->d->addins);
	a->siop_id = pcm_arena_strdup(m->d->arena, id);
	a->name = str(m, r, "siopName");
	a->url = str(m, r, "siopUrl");
	return 0;
}

/* msdb.dbo.backupset.time_zone: local time minus UTC when the backup
 * started, in 15-minute steps, -48 to +48, 127 = unknown, may be NULL
 * (learn.microsoft.com/en-us/sql/relational-databases/system-tables/
 * backupset-transact-sql). */
#define PCM_TZ_UNKNOWN INT32_MIN

static int add_backup(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	struct pcm_backup *b;
	const char *db, *type, *finish;
	int64_t media, tz;
	bool f;

	if (need(r, "database_name", &db, err) || need(r, "type", &type, err) ||
	    need(r, "backup_finish_date", &finish, err) ||
	    opt_int(r, "media_set_id", INT32_MIN, INT32_MAX, 0, &media, err) ||
	    opt_int(r, "time_zone", INT16_MIN, INT16_MAX, 127, &tz, err))
		return -1;
	if (strlen(type) != 1) {
		pcm_error_set(err, _("%s: backupset type=\"%s\" is not one letter (D, I, L, ...)"), r->where, type);
		return -1;
	}
	b = PCM_VEC_PUSH(m->d->backups);
	b->database = pcm_arena_strdup(m->d->arena, db);
	/* a snapshot may carry the device on the backupset row itself */
	b->device = str(m, r, "physical_device_name");
	b->type = type[0];
	b->finish_local = pcm_arena_strdup(m->d->arena, finish);
	b->media_set_id = (int32_t)media;
	/* times are converted in finish, once the server's offset is known */
	b->start_ticks = 0;
	*PCM_VEC_PUSH(m->backup_where) = pcm_arena_strdup(m->d->arena, r->where);
	*PCM_VEC_PUSH(m->backup_start) = str(m, r, "backup_start_date");
	*PCM_VEC_PUSH(m->backup_offset) = tz >= -48 && tz <= 48 ? (int32_t)tz * 15 : PCM_TZ_UNKNOWN;
	if (opt_bit(r, "is_copy_only", &f, err))
		return -1;
	b->copy_only = f;
	if (opt_bit(r, "is_damaged", &f, err))
		return -1;
	b->damaged = f;
	return 0;
}

static int add_media(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	struct raw_ref *ref;
	int64_t media;

	if (req_int(r, "media_set_id", INT32_MIN, INT32_MAX, &media, err))
		return -1;
	ref = PCM_VEC_PUSH(m->media);
	ref->a = (int32_t)media;
	*PCM_VEC_PUSH(m->media_names) = str(m, r, "physical_device_name");
	return 0;
}

int pcm_rowmap_add(struct pcm_rowmap *m, const struct pcm_row *r, struct pcm_error *err)
{
	const char *t = r->table;

	if (m->finished) {
		pcm_error_set(err, _("%s: %s row after the first tblChat row (tblChat rows must come last)"),
		              r->where, t);
		return -1;
	}
	if (!strcmp(t, "tblNode"))
		return add_node(m, r, err);
	if (!strcmp(t, "tblPrincipal"))
		return add_principal(m, r, err);
	if (!strcmp(t, "tblPrincipalRole"))
		return add_ref(m, r, "prinRoleNodeID", "prinRolePrinID", "prinRoleTypeID", &m->roles, err);
	if (!strcmp(t, "tblScopePrincipal"))
		return add_ref(m, r, "scopeNodeID", "scopePrinID", NULL, &m->scopes, err);
	if (!strcmp(t, "tblPrincipalAffiliations"))
		return add_ref(m, r, "principalID", "affiliationID", NULL, &m->affiliations, err);
	if (!strcmp(t, "tblPrincipalType"))
		return add_principal_type(m, r, err);
	if (!strcmp(t, "tblRoleType"))
		return add_role_type(m, r, err);
	if (!strcmp(t, "tblSiopWhiteList"))
		return add_addin(m, r, err);
	if (!strcmp(t, "tblPrincipalInvites"))
		return add_invite(m, r, err);
	if (!strcmp(t, "backupset"))
		return add_backup(m, r, err);
	if (!strcmp(t, "backupmediafamily"))
		return add_media(m, r, err);
	if (!strcmp(t, "tblChat")) {
		pcm_error_set(err, _("%s: tblChat rows go through pcm_rowmap_chat"), r->where);
		return -1;
	}
	pcm_error_set(err, _("%s: unknown table %s"), r->where, t);
	return -1;
}

/* ---- finish: the tree ---- */

/* Children are linked in nodeID order so both sources give the same tree
 * whatever order their rows came in: sort (id, index) pairs descending,
 * then prepend each node to its parent's list. */
struct id_index {
	int32_t id;
	uint32_t index;
};

static int cmp_id_desc(const void *a, const void *b)
{
	int32_t x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;
	return (x < y) - (x > y);
}

static int link_tree(struct pcm_rowmap *m, struct pcm_error *err)
{
	struct pcm_deployment *d = m->d;
	struct pcm_node *nodes = d->nodes.v;
	size_t n = d->nodes.n, i;
	struct id_index *order;

	d->root = PCM_NONE;
	for (i = 0; i < n; i++) {
		if (nodes[i].id != nodes[i].parent_id)
			continue;
		if (nodes[i].id != PCM_ROOT_NODE_ID) {
			pcm_error_set(err, _("%s: tblNode nodeID %d is its own parent, but only the root "
			                     "(nodeID 1) may be"), nodes[i].where, nodes[i].id);
			return -1;
		}
		d->root = (uint32_t)i;
	}
	if (d->root == PCM_NONE) {
		uint32_t one = pcm_node_index(d, PCM_ROOT_NODE_ID);
		if (one == PCM_NONE)
			pcm_error_set(err, _("no root category: no tblNode row has nodeID 1"));
		else
			pcm_error_set(err, _("%s: tblNode nodeID 1 (the root) has parentID %d; the root "
			                     "must be its own parent"), nodes[one].where, nodes[one].parent_id);
		return -1;
	}
	if (!nodes[d->root].is_category) {
		pcm_error_set(err, _("%s: tblNode nodeID 1 (the root) is a room (nodeType 0)"),
		              nodes[d->root].where);
		return -1;
	}
	order = pcm_xmalloc((n ? n : 1) * sizeof *order);
	for (i = 0; i < n; i++) {
		order[i].id = nodes[i].id;
		order[i].index = (uint32_t)i;
	}
	qsort(order, n, sizeof *order, cmp_id_desc);
	for (i = 0; i < n; i++) {
		struct pcm_node *c = &nodes[order[i].index];
		uint32_t p;

		if (order[i].index == d->root)
			continue;
		p = pcm_node_index(d, c->parent_id);
		if (p == PCM_NONE) {
			pcm_error_set(err, _("%s: tblNode nodeID %d (\"%s\") has parentID %d, which does "
			                     "not exist"), c->where, c->id, c->name, c->parent_id);
			free(order);
			return -1;
		}
		if (!nodes[p].is_category) {
			pcm_error_set(err, _("%s: tblNode nodeID %d (\"%s\") is under nodeID %d (\"%s\"), "
			                     "which is a room; rooms cannot have children"),
			              c->where, c->id, c->name, nodes[p].id, nodes[p].name);
			free(order);
			return -1;
		}
		c->parent = p;
		c->next_sibling = nodes[p].first_child;
		nodes[p].first_child = order[i].index;
	}
	free(order);
	return 0;
}

/* Depths by walking up with an explicit stack: no recursion, so a chain
 * of any length is fine, and each node is visited a bounded number of
 * times. A node met again while still on the stack is a cycle. */
static int compute_depths(struct pcm_rowmap *m, struct pcm_error *err)
{
	struct pcm_deployment *d = m->d;
	struct pcm_node *nodes = d->nodes.v;
	size_t n = d->nodes.n, i, top;
	uint8_t *state = pcm_xcalloc(n ? n : 1, 1);   /* 0 new, 1 on stack, 2 done */
	uint32_t *stack = pcm_xmalloc((n ? n : 1) * sizeof *stack);
	size_t done = 0;

	/* each node is done right after its parent: that is the order */
	free(d->parents_first);
	d->parents_first = pcm_xmalloc((n ? n : 1) * sizeof *d->parents_first);
	state[d->root] = 2;
	nodes[d->root].depth = 0;
	d->parents_first[done++] = d->root;
	for (i = 0; i < n; i++) {
		uint32_t k = (uint32_t)i;

		top = 0;
		while (state[k] == 0) {
			state[k] = 1;
			stack[top++] = k;
			k = nodes[k].parent;
		}
		if (state[k] == 1) {
			pcm_error_set(err, _("%s: tblNode nodeID %d (\"%s\") is part of a cycle in the "
			                     "category tree (it is its own ancestor)"),
			              nodes[k].where, nodes[k].id, nodes[k].name);
			free(state);
			free(stack);
			return -1;
		}
		while (top > 0) {
			uint32_t c = stack[--top];
			nodes[c].depth = nodes[nodes[c].parent].depth + 1;
			state[c] = 2;
			d->parents_first[done++] = c;
		}
	}
	free(state);
	free(stack);
	return 0;
}

/* ---- finish: references ---- */

static int node_ref(struct pcm_rowmap *m, int32_t id, const char *where, const char *table,
                    const char *column, uint32_t *out, struct pcm_error *err)
{
	*out = pcm_node_index(m->d, id);
	if (*out == PCM_NONE) {
		pcm_error_set(err, _("%s: %s %s=%d names a node that does not exist in tblNode"), where,
		              table, column, id);
		return -1;
	}
	return 0;
}

static int prin_ref(struct pcm_rowmap *m, int32_t id, const char *where, const char *table,
                    const char *column, uint32_t *out, struct pcm_error *err)
{
	*out = pcm_principal_index(m->d, id);
	if (*out == PCM_NONE) {
		pcm_error_set(err, _("%s: %s %s=%d names a principal that does not exist in tblPrincipal"),
		              where, table, column, id);
		return -1;
	}
	return 0;
}

/* Principal kinds come from the type rows of this source: ptypeIsFederated
 * where the column exists, else a description containing "Federated". */
static int classify_principals(struct pcm_rowmap *m, struct pcm_error *err)
{
	struct pcm_deployment *d = m->d;
	size_t i;

	for (i = 0; i < d->principals.n; i++) {
		struct pcm_principal *p = &d->principals.v[i];
		uint32_t t = pcm_idmap_get(m->ptype_ids, p->type_id);
		const struct pcm_principal_type *pt;
		bool federated, group;

		if (t == UINT32_MAX) {
			pcm_error_set(err, _("%s: tblPrincipal prinID %d (%s) has prinTypeID %d, which is not "
			                     "in tblPrincipalType"), p->where, p->id, p->uri, p->type_id);
			return -1;
		}
		pt = &d->ptypes.v[t];
		federated = pt->is_federated == PCM_NULL ? strstr(pt->desc, "Federated") != NULL
		                                         : pt->is_federated == PCM_ON;
		group = strstr(pt->desc, "Group") != NULL || strstr(pt->desc, "Folder") != NULL ||
		        !strcmp(pt->desc, "DC");
		if (federated)
			p->kind = group ? PCM_PRIN_FEDERATED_GROUP : PCM_PRIN_FEDERATED_USER;
		else if (pt->is_system)
			p->kind = PCM_PRIN_SYSTEM;
		else if (pt->is_user)
			p->kind = PCM_PRIN_USER;
		else if (group)
			p->kind = PCM_PRIN_GROUP;
		else
			p->kind = PCM_PRIN_OTHER;
	}
	return 0;
}

static int resolve_refs(struct pcm_rowmap *m, struct pcm_error *err)
{
	struct pcm_deployment *d = m->d;
	size_t i;

	for (i = 0; i < m->roles.n; i++) {
		struct raw_ref *r = &m->roles.v[i];
		struct pcm_role role = { 0 };
		uint32_t t;

		if (node_ref(m, r->a, r->where, "tblPrincipalRole", "prinRoleNodeID", &role.node, err) ||
		    prin_ref(m, r->b, r->where, "tblPrincipalRole", "prinRolePrinID", &role.principal, err))
			return -1;
		t = pcm_idmap_get(m->rtype_ids, r->c);
		if (t == UINT32_MAX) {
			pcm_error_set(err, _("%s: tblPrincipalRole prinRoleTypeID=%d is not in tblRoleType"),
			              r->where, r->c);
			return -1;
		}
		role.kind = d->rtypes.v[t].kind;
		role.type_id = r->c;
		role.honors_override = r->f1;
		role.honors_scope = r->f2;
		*PCM_VEC_PUSH(d->roles) = role;
	}
	for (i = 0; i < m->scopes.n; i++) {
		struct raw_ref *r = &m->scopes.v[i];
		struct pcm_scope s;

		if (node_ref(m, r->a, r->where, "tblScopePrincipal", "scopeNodeID", &s.node, err) ||
		    prin_ref(m, r->b, r->where, "tblScopePrincipal", "scopePrinID", &s.principal, err))
			return -1;
		*PCM_VEC_PUSH(d->scopes) = s;
	}
	for (i = 0; i < m->affiliations.n; i++) {
		struct raw_ref *r = &m->affiliations.v[i];
		struct pcm_affiliation a;

		if (prin_ref(m, r->a, r->where, "tblPrincipalAffiliations", "principalID", &a.principal, err) ||
		    prin_ref(m, r->b, r->where, "tblPrincipalAffiliations", "affiliationID", &a.group, err))
			return -1;
		*PCM_VEC_PUSH(d->affiliations) = a;
	}
	for (i = 0; i < m->invites.n; i++) {
		struct raw_ref *r = &m->invites.v[i];
		struct pcm_invite inv = { 0 };

		if (node_ref(m, r->a, r->where, "tblPrincipalInvites", "nodeID", &inv.node, err) ||
		    prin_ref(m, r->b, r->where, "tblPrincipalInvites", "prinID", &inv.principal, err))
			return -1;
		inv.inv_id = r->c;
		inv.created_on = (char *)r->text;
		*PCM_VEC_PUSH(d->invites) = inv;
	}
	return 0;
}

/* msdb times are server local time: convert with the backup's own offset
 * (time_zone, which knows the daylight-saving time of its day), or with
 * the source's present offset where it is unknown.
 * Only the source database's rows are kept (snapshot-format.md). Each
 * backup takes the device of the first media family row of its media set,
 * found by hash: msdb keeps every log backup for years, so backups and
 * media rows can both run to the hundreds of thousands. */
static int convert_backups(struct pcm_rowmap *m, struct pcm_error *err)
{
	struct pcm_deployment *d = m->d;
	struct pcm_idmap *first_media = pcm_idmap_new();
	size_t i, kept = 0;
	uint32_t j;

	for (i = 0; i < m->media.n; i++)
		if (m->media.v[i].a != 0)
			pcm_idmap_put(first_media, m->media.v[i].a, (uint32_t)i);  /* keeps the first */

	for (i = 0; i < d->backups.n; i++) {
		struct pcm_backup b = d->backups.v[i];
		const char *where = m->backup_where.v[i], *start = m->backup_start.v[i];
		int32_t offset = m->backup_offset.v[i] != PCM_TZ_UNKNOWN ? m->backup_offset.v[i]
		                                                         : d->info.utc_offset_minutes;

		if (!pcm_parse_datetime(b.finish_local, offset, &b.finish_ticks)) {
			pcm_error_set(err, _("%s: backupset backup_finish_date=\"%s\" is not a datetime "
			                     "(YYYY-MM-DDThh:mm:ss[.fff])"), where, b.finish_local);
			pcm_idmap_free(first_media);
			return -1;
		}
		if (start && !pcm_parse_datetime(start, offset, &b.start_ticks)) {
			pcm_error_set(err, _("%s: backupset backup_start_date=\"%s\" is not a datetime "
			                     "(YYYY-MM-DDThh:mm:ss[.fff])"), where, start);
			pcm_idmap_free(first_media);
			return -1;
		}
		if (!b.device && b.media_set_id != 0 &&
		    (j = pcm_idmap_get(first_media, b.media_set_id)) != UINT32_MAX)
			b.device = (char *)m->media_names.v[j];
		if (d->info.database && strcasecmp(b.database, d->info.database) != 0)
			continue;
		d->backups.v[kept++] = b;
	}
	d->backups.n = kept;
	pcm_idmap_free(first_media);
	return 0;
}

int pcm_rowmap_finish(struct pcm_rowmap *m, struct pcm_error *err)
{
	uint32_t newest;

	if (m->finished)
		return 0;
	m->finished = true;
	if (link_tree(m, err) || compute_depths(m, err) || classify_principals(m, err) ||
	    resolve_refs(m, err) || convert_backups(m, err))
		return -1;
	/* every backup is known before the first message is counted */
	newest = pcm_newest_full_backup(m->d);
	m->d->counting.has_backup = newest != PCM_NONE;
	if (newest != PCM_NONE)
		m->d->counting.backup_ticks = m->d->backups.v[newest].finish_ticks;
	return 0;
}

/* ---- messages ---- */

int pcm_rowmap_chat(const struct pcm_deployment *d, const struct pcm_row *r,
                    struct pcm_message *msg, struct pcm_error *err)
{
	int64_t channel, chat, date, user;
	bool alert = false;
	const char *content, *v;

	if (req_int(r, "channelId", INT32_MIN, INT32_MAX, &channel, err) ||
	    req_int(r, "chatId", INT64_MIN, INT64_MAX, &chat, err) ||
	    req_int(r, "chatDate", 0, INT64_MAX, &date, err) ||
	    req_int(r, "userId", INT32_MIN, INT32_MAX, &user, err) || need(r, "content", &content, err))
		return -1;
	v = col(r, "isAlert");
	if (v && to_bit(r, "isAlert", v, &alert, err))
		return -1;
	msg->channel_id = (int32_t)channel;
	msg->chat_id = chat;
	msg->date_ticks = date;
	msg->user_id = (int32_t)user;
	msg->is_alert = alert;
	msg->content = content;
	msg->rtf = col(r, "rtf");
	msg->room = pcm_node_index(d, msg->channel_id);
	if (msg->room == PCM_NONE) {
		pcm_error_set(err, _("%s: tblChat channelId=%d (chatId %lld) names a room that does not "
		                     "exist in tblNode"), r->where, msg->channel_id, (long long)chat);
		return -1;
	}
	if (d->nodes.v[msg->room].is_category) {
		pcm_error_set(err, _("%s: tblChat channelId=%d (chatId %lld) names a category, not a room"),
		              r->where, msg->channel_id, (long long)chat);
		return -1;
	}
	return 0;
}

/* Adds one message to its room's day histogram. Messages come in chatId
 * order, which nearly always is date order, so appending is the rule and
 * an insertion the exception. */
static void count_day(struct pcm_room_stats *s, int64_t ticks)
{
	int32_t day = pcm_ticks_day(ticks);
	size_t lo = 0, hi = s->ndays;
	struct pcm_day_count *b;

	if (s->ndays && s->days[s->ndays - 1].day == day) {
		b = &s->days[s->ndays - 1];
		goto found;
	}
	if (s->ndays && s->days[s->ndays - 1].day > day) {
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (s->days[mid].day < day)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < s->ndays && s->days[lo].day == day) {
			b = &s->days[lo];
			goto found;
		}
	} else {
		lo = s->ndays;
	}
	pcm_vec_grow((void **)&s->days, &s->days_cap, s->ndays + 1, sizeof *s->days);
	memmove(&s->days[lo + 1], &s->days[lo], (s->ndays - lo) * sizeof *s->days);
	s->days[lo].day = day;
	s->days[lo].count = 1;
	s->days[lo].first_ticks = s->days[lo].last_ticks = ticks;
	s->ndays++;
	return;
found:
	b->count++;
	if (ticks < b->first_ticks)
		b->first_ticks = ticks;
	if (ticks > b->last_ticks)
		b->last_ticks = ticks;
}

/* The store a link names, interned: rooms share a handful of stores. */
static const char *intern_root(struct pcm_rowmap *m, const char *root)
{
	size_t i;

	for (i = 0; i < m->roots.n; i++)
		if (!strcmp(m->roots.v[i], root))
			return m->roots.v[i];
	*PCM_VEC_PUSH(m->roots) = pcm_arena_strdup(m->d->arena, root);
	return m->roots.v[m->roots.n - 1];
}

/* Records every ma-filelink: link of a message: kept whole when the
 * deployment keeps links, otherwise counted (and the room's first store
 * noted), so memory does not grow with the uploaded files. */
static void record_files(struct pcm_rowmap *m, const struct pcm_message *msg)
{
	struct pcm_deployment *d = m->d;
	struct pcm_room_stats *s = &d->nodes.v[msg->room].stats;
	bool before = d->counting.has_cutoff && msg->date_ticks < d->counting.cutoff_ticks;
	const char *p = msg->content;
	size_t n;

	for (; (p = pcm_filelink_find(p, &n)) != NULL; p += n) {
		char *link = pcm_xmalloc(n + 1), *root, *rel;
		struct pcm_file_ref *f;

		memcpy(link, p, n);
		link[n] = '\0';
		s->files++;
		s->files_before_cutoff += before;
		if (!d->counting.keep_links) {
			if (!before && !s->first_root && pcm_filelink_parse(link, &root, &rel)) {
				if (root)
					s->first_root = intern_root(m, root);
				free(root);
				free(rel);
			}
			free(link);
			continue;
		}
		f = PCM_VEC_PUSH(d->files);
		f->room = msg->room;
		f->link = pcm_arena_strdup(d->arena, link);
		f->posted_ticks = msg->date_ticks;
		f->poster = pcm_principal_index(d, msg->user_id);
		free(link);
	}
}

int pcm_rowmap_count_message(struct pcm_rowmap *m, const struct pcm_message *msg,
                             const char *where, struct pcm_error *err)
{
	struct pcm_deployment *d = m->d;
	struct pcm_room_stats *s;

	if (!m->finished && pcm_rowmap_finish(m, err))
		return -1;
	if (m->have_chat && msg->channel_id == m->last_channel && msg->chat_id == m->last_chat) {
		pcm_error_set(err, _("%s: tblChat row (channelId %d, chatId %lld) appears twice"),
		              where, msg->channel_id, (long long)msg->chat_id);
		return -1;
	}
	if (m->have_chat && (msg->channel_id < m->last_channel ||
	                     (msg->channel_id == m->last_channel && msg->chat_id <= m->last_chat))) {
		pcm_error_set(err, _("%s: tblChat row (channelId %d, chatId %lld) comes after (channelId "
		                     "%d, chatId %lld); rows must be ordered by channelId, chatId"),
		              where, msg->channel_id, (long long)msg->chat_id, m->last_channel,
		              (long long)m->last_chat);
		return -1;
	}
	m->have_chat = true;
	m->last_channel = msg->channel_id;
	m->last_chat = msg->chat_id;
	s = &d->nodes.v[msg->room].stats;
	if (s->messages == 0 || msg->date_ticks < s->first_ticks)
		s->first_ticks = msg->date_ticks;
	if (s->messages == 0 || msg->date_ticks > s->last_ticks)
		s->last_ticks = msg->date_ticks;
	s->messages++;
	s->last_chat_id = msg->chat_id;
	if (d->counting.has_backup && msg->date_ticks > d->counting.backup_ticks)
		s->after_backup++;
	if (d->counting.has_cutoff && msg->date_ticks < d->counting.cutoff_ticks)
		s->before_cutoff++;
	if (d->counting.per_day)
		count_day(s, msg->date_ticks);
	if (d->messages == 0 || msg->date_ticks < d->first_ticks)
		d->first_ticks = msg->date_ticks;
	if (d->messages == 0 || msg->date_ticks > d->last_ticks)
		d->last_ticks = msg->date_ticks;
	d->messages++;
	if (strstr(msg->content, PCM_FILELINK))
		record_files(m, msg);
	return 0;
}
