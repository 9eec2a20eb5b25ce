/* SPDX-License-Identifier: MIT */
/* pcmigrate verify: the package view against the 2013 database
 * (verify.h). Memory follows rooms: the legacy messages are counted per
 * room while they stream, the target's were counted while it was read. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/i18n.h"
#include "base/nameset.h"
#include "base/timeconv.h"
#include "base/util.h"
#include "engine/package.h"
#include "engine/verify.h"
#include "model/filelink.h"

/* What a planned room should hold since the cutoff. */
struct expected {
	uint64_t messages, files;
	uint64_t links;                 /* sum of pcm_filelink_key of its links */
	int64_t first_ticks, last_ticks;
};

/* Role kinds of the target's tblRoleType rows, by rtypeDesc (2013:
 * Member, Manager, Voiced, Creator; lync-server-2013-tblroletype.md). */
static enum pcm_role_kind role_kind(const struct pcm_target_db *t, int32_t type_id)
{
	for (size_t i = 0; i < t->rtypes.n; i++) {
		const char *desc = t->rtypes.v[i].desc;
		if (t->rtypes.v[i].id != type_id || !desc)
			continue;
		if (!strcasecmp(desc, "Member"))
			return PCM_ROLE_MEMBER;
		if (!strcasecmp(desc, "Manager"))
			return PCM_ROLE_MANAGER;
		if (!strcasecmp(desc, "Voiced"))
			return PCM_ROLE_VOICED;
		if (!strcasecmp(desc, "Creator"))
			return PCM_ROLE_CREATOR;
	}
	return PCM_ROLE_OTHER;
}

struct verify {
	const struct pcm_deployment *d;
	const struct pcm_plan *p;
	const struct pcm_target_db *t;
	struct pcm_package pkg;
	struct expected *exp;           /* per package room */
	struct pcm_nameset *categories, *rooms, *uris, *ad_paths;
	bool *matched;                  /* per target node */
	uint64_t *role_keys;            /* target roles as role_key()s, sorted */
	size_t nrole_keys;
	uint64_t *scope_keys;           /* target scopes as role_key()s (kind: denied), sorted */
	size_t nscope_keys;
	uint32_t *dep_of;               /* per target principal: the deployment's, or PCM_NONE */
	uint8_t *planned;               /* per deployment principal: what the item being
	                                 * checked gives it (PLANNED_* bits) */
	struct pcm_findings *out;
	struct pcm_verify_summary *sum;
};

static bool is_root(const struct pcm_tdb_node *n)
{
	return n->id == PCM_ROOT_NODE_ID || n->parent_id == n->id;
}

/* The legacy messages since the cutoff, once, all rooms in one pass. */
static int count_expected(struct verify *v, struct pcm_source *src, struct pcm_error *err)
{
	struct pcm_msg_iter *it;
	struct pcm_message msg;
	int rc;

	v->exp = pcm_xcalloc(v->pkg.nrooms + 1, sizeof *v->exp);
	if (!v->pkg.nrooms)
		return 0;
	it = pcm_source_messages(src, v->d, PCM_ALL_ROOMS, v->pkg.cutoff_ticks, err);
	if (!it)
		return -1;
	while ((rc = pcm_msg_next(src, it, &msg, err)) == 1) {
		uint32_t flat;
		struct expected *e;
		const char *p;
		size_t len;

		if (msg.room >= v->d->nodes.n || msg.date_ticks < v->pkg.cutoff_ticks)
			continue;
		flat = v->pkg.flat.room_of_node[msg.room];
		if (flat == PCM_NONE)
			continue;
		e = &v->exp[v->pkg.room_of_flat[flat]];
		if (!e->messages || msg.date_ticks < e->first_ticks)
			e->first_ticks = msg.date_ticks;
		if (!e->messages || msg.date_ticks > e->last_ticks)
			e->last_ticks = msg.date_ticks;
		e->messages++;
		for (p = msg.content; p && (p = pcm_filelink_find(p, &len)) != NULL; p += len) {
			e->files++;
			e->links += pcm_filelink_key(p, len);
		}
	}
	pcm_msg_close(src, it);
	return rc < 0 ? -1 : 0;
}

/* One role assignment as a number: node id, principal index, kind. */
static uint64_t role_key(int32_t node_id, uint32_t prin, enum pcm_role_kind kind)
{
	return ((uint64_t)(uint32_t)node_id << 32) | ((uint64_t)(prin & 0x1fffffffu) << 3) |
	       (uint64_t)kind;
}

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Bits of v->planned: the roles and scope the plan gives a principal on
 * the room or category being checked. */
enum {
	PLANNED_MANAGER = 1, PLANNED_MEMBER = 2, PLANNED_VOICED = 4, PLANNED_CREATOR = 8,
	PLANNED_ALLOWED = 16, PLANNED_ALLOWED_ADDED = 32
};

/* Name indexes of the target: categories and rooms (case-insensitive, as
 * the pool compares names), principals by URI and AD path, roles by node. */
static void index_target(struct verify *v)
{
	const struct pcm_target_db *t = v->t;
	size_t i;

	v->categories = pcm_nameset_new(t->nodes.n);
	v->rooms = pcm_nameset_new(t->nodes.n);
	v->uris = pcm_nameset_new(t->principals.n);
	v->ad_paths = pcm_nameset_new(t->principals.n);
	v->matched = pcm_xcalloc(t->nodes.n + 1, sizeof *v->matched);
	for (i = 0; i < t->nodes.n; i++) {
		const struct pcm_tdb_node *n = &t->nodes.v[i];
		if (is_root(n))
			continue;
		pcm_nameset_add(n->is_category ? v->categories : v->rooms, n->name, (uint32_t)i);
	}
	for (i = 0; i < t->principals.n; i++) {
		pcm_nameset_add(v->uris, t->principals.v[i].uri, (uint32_t)i);
		if (t->principals.v[i].ad_path && *t->principals.v[i].ad_path)
			pcm_nameset_add(v->ad_paths, t->principals.v[i].ad_path, (uint32_t)i);
	}
	/* every assignment once as a sorted key: a room with thousands of
	 * members is checked in O(members log roles), not members x roles */
	v->role_keys = pcm_xmalloc((t->roles.n + 1) * sizeof *v->role_keys);
	for (i = 0; i < t->roles.n; i++) {
		const struct pcm_tdb_role *r = &t->roles.v[i];
		uint32_t prin = pcm_tdb_principal(t, r->prin_id);
		if (prin != PCM_NONE)
			v->role_keys[v->nrole_keys++] = role_key(r->node_id, prin, role_kind(t, r->type_id));
	}
	if (v->nrole_keys > 1)
		qsort(v->role_keys, v->nrole_keys, sizeof *v->role_keys, cmp_key);
	v->scope_keys = pcm_xmalloc((t->scopes.n + 1) * sizeof *v->scope_keys);
	for (i = 0; i < t->scopes.n; i++) {
		const struct pcm_tdb_scope *sc = &t->scopes.v[i];
		uint32_t prin = pcm_tdb_principal(t, sc->prin_id);
		if (prin != PCM_NONE)
			v->scope_keys[v->nscope_keys++] = role_key(sc->node_id, prin, sc->denied ? 1 : 0);
	}
	if (v->nscope_keys > 1)
		qsort(v->scope_keys, v->nscope_keys, sizeof *v->scope_keys, cmp_key);
	/* the other way: which legacy principal each target one is (by URI,
	 * else AD path), for what the target holds beyond the plan */
	{
		const struct pcm_deployment *d = v->d;
		struct pcm_nameset *uris = pcm_nameset_new(d->principals.n);
		struct pcm_nameset *paths = pcm_nameset_new(d->principals.n);
		for (i = 0; i < d->principals.n; i++) {
			if (d->principals.v[i].uri)
				pcm_nameset_add(uris, d->principals.v[i].uri, (uint32_t)i);
			if (d->principals.v[i].ad_path && *d->principals.v[i].ad_path)
				pcm_nameset_add(paths, d->principals.v[i].ad_path, (uint32_t)i);
		}
		v->dep_of = pcm_xmalloc((t->principals.n + 1) * sizeof *v->dep_of);
		for (i = 0; i < t->principals.n; i++) {
			const struct pcm_tdb_principal *tp = &t->principals.v[i];
			uint32_t dp = pcm_nameset_find(uris, tp->uri);
			if (dp == UINT32_MAX && tp->ad_path && *tp->ad_path)
				dp = pcm_nameset_find(paths, tp->ad_path);
			v->dep_of[i] = dp == UINT32_MAX ? PCM_NONE : dp;
		}
		pcm_nameset_free(uris);
		pcm_nameset_free(paths);
		v->planned = pcm_xcalloc(d->principals.n + 1, sizeof *v->planned);
	}
}

/* The keys of node_id in a sorted key array: [*lo, *hi). */
static void keys_of_node(const uint64_t *keys, size_t n, int32_t node_id, size_t *lo, size_t *hi)
{
	uint64_t want = (uint64_t)(uint32_t)node_id;
	size_t a = 0, b = n;

	while (a < b) {                 /* first key of the node */
		size_t mid = a + (b - a) / 2;
		if ((keys[mid] >> 32) < want)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	while (a < n && (keys[a] >> 32) == want)
		a++;
	*hi = a;
}

static uint32_t key_prin(uint64_t key)
{
	return (uint32_t)((key >> 3) & 0x1fffffffu);
}

static void mark(struct verify *v, const struct pcm_prin_list *l, uint8_t bit)
{
	for (size_t i = 0; l && i < l->n; i++)
		v->planned[l->v[i]] |= bit;
}

static void unmark(struct verify *v, const struct pcm_prin_list *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		v->planned[l->v[i]] = 0;
}

/* Does the target room (node id) give principal the role kind? */
static bool has_role(const struct verify *v, int32_t node_id, uint32_t prin, enum pcm_role_kind kind)
{
	uint64_t key = role_key(node_id, prin, kind);

	return v->nrole_keys && bsearch(&key, v->role_keys, v->nrole_keys, sizeof key, cmp_key);
}

/* Appends a finding of this step; every one but info is a difference. */
#define ADD(v, sev, code, id, object, node, prin, number, ...)                           \
	do {                                                                              \
		pcm_finding_add((v)->out, PCM_CS_VERIFY, sev, code, id, object, node, prin,    \
		                number, __VA_ARGS__);                                          \
		if ((sev) != PCM_SEV_INFO)                                                    \
			(v)->sum->differences++;                                              \
	} while (0)

static const char *target_invitations(const struct pcm_tdb_node *n)
{
	return n->invite == PCM_NULL ? "Inherit" : n->invite == PCM_OFF ? "False" : "True";
}

static const char *target_addin(const struct pcm_target_db *t, const struct pcm_tdb_node *n)
{
	if (!n->siop_id || !*n->siop_id)
		return NULL;
	for (size_t i = 0; i < t->addins.n; i++)
		if (t->addins.v[i].siop_id && !strcasecmp(t->addins.v[i].siop_id, n->siop_id))
			return t->addins.v[i].name ? t->addins.v[i].name : n->siop_id;
	return n->siop_id;
}

static bool same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return pcm_casefold_equal(a, b);
}

/* One ROOM-SETTING when planned and found differ. */
static void setting(struct verify *v, const struct pcm_pkg_room *room, const char *id,
                    const char *what, const char *planned, const char *found)
{
	if (same_text(planned, found))
		return;
	ADD(v, PCM_SEV_BLOCK, "ROOM-SETTING", id, room->t->name, room->t->node, PCM_NONE, 0,
	    _("room %s: %s is %s in the target, the plan says %s"), room->t->name, what,
	    found ? found : _("(none)"), planned ? planned : _("(none)"));
}

static bool role_dropped(const struct pcm_principal *pr)
{
	/* the warnings said these do not migrate (DISABLED-PRINCIPAL,
	 * FEDERATED) */
	return pr->disabled || pr->kind == PCM_PRIN_FEDERATED_USER ||
	       pr->kind == PCM_PRIN_FEDERATED_GROUP;
}

static void check_roles(struct verify *v, const struct pcm_pkg_room *room, const struct pcm_tdb_node *n,
                        const struct pcm_prin_list *list, enum pcm_role_kind kind, const char *what)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct pcm_principal *pr = &v->d->principals.v[list->v[i]];
		uint32_t tp;

		if (role_dropped(pr))
			continue;
		tp = pcm_nameset_find(v->uris, pr->uri);
		if (tp == UINT32_MAX && pr->ad_path && *pr->ad_path)
			tp = pcm_nameset_find(v->ad_paths, pr->ad_path);
		if (tp != UINT32_MAX && has_role(v, n->id, tp, kind))
			continue;
		ADD(v, PCM_SEV_BLOCK, "ROLE-MISSING", pr->uri, room->t->name, room->t->node, list->v[i], 0,
		    _("room %s: %s %s does not hold that role in the target%s"), room->t->name, what, pr->uri,
		    tp == UINT32_MAX ? _(" (no such principal in tblPrincipal)") : "");
	}
}

/* What the plan gives a target principal (PLANNED_* bits of the item
 * being checked), and whether it is one the warnings said does not
 * migrate (its roles in the target are then info). */
static uint8_t planned_for(const struct verify *v, uint32_t tp, bool *dropped)
{
	uint32_t dp = v->dep_of[tp];

	*dropped = dp != PCM_NONE && role_dropped(&v->d->principals.v[dp]);
	return dp == PCM_NONE ? 0 : v->planned[dp];
}

static const char *kind_word(enum pcm_role_kind kind)
{
	switch (kind) {
	case PCM_ROLE_MANAGER:
		return _("manager");
	case PCM_ROLE_MEMBER:
		return _("member");
	case PCM_ROLE_VOICED:
		return _("presenter");
	case PCM_ROLE_CREATOR:
		return _("creator");
	default:
		return NULL;
	}
}

/* ROLE-EXTRA: the roles of the kinds in `kinds` (PLANNED_* bits) that the
 * target gives on node n and the plan does not: a warning (someone can
 * read or run the item who could not before; the import gives no role
 * the package does not hold), info for a disabled or federated
 * principal, whose roles the warnings said do not migrate. */
static void extra_roles(struct verify *v, const struct pcm_tdb_node *n, const char *object,
                        uint32_t legacy_node, uint8_t kinds)
{
	char *label = pcm_xasprintf(n->is_category ? _("category %s") : _("room %s"), object);
	size_t lo, hi;

	keys_of_node(v->role_keys, v->nrole_keys, n->id, &lo, &hi);
	for (size_t i = lo; i < hi; i++) {
		enum pcm_role_kind kind = (enum pcm_role_kind)(v->role_keys[i] & 7);
		uint32_t tp = key_prin(v->role_keys[i]);
		uint8_t bit = kind == PCM_ROLE_MANAGER ? PLANNED_MANAGER
		            : kind == PCM_ROLE_MEMBER  ? PLANNED_MEMBER
		            : kind == PCM_ROLE_VOICED  ? PLANNED_VOICED
		            : kind == PCM_ROLE_CREATOR ? PLANNED_CREATOR : 0;
		bool dropped;
		const char *uri = v->t->principals.v[tp].uri;

		if (!(bit & kinds) || (planned_for(v, tp, &dropped) & bit))
			continue;
		ADD(v, dropped ? PCM_SEV_INFO : PCM_SEV_WARNING, "ROLE-EXTRA", uri, object, legacy_node,
		    v->dep_of[tp], 0,
		    dropped ? _("%s: %s %s holds that role in the target, which the plan does not give "
		                "(a disabled or federated principal: the warnings said it does not migrate)")
		            : _("%s: %s %s holds that role in the target, which the plan does not give"),
		    label, kind_word(kind), uri);
	}
	free(label);
}

static bool same_desc(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static void fmt_span(char *buf, size_t size, uint64_t n, int64_t first, int64_t last)
{
	char a[32], b[32];

	if (!n) {
		snprintf(buf, size, "%s", _("none"));
		return;
	}
	pcm_format_ticks(first, a, sizeof a);
	pcm_format_ticks(last, b, sizeof b);
	snprintf(buf, size, _("%llu, %s to %s"), (unsigned long long)n, a, b);
}

static void check_messages(struct verify *v, const struct pcm_pkg_room *room, const char *id,
                           const struct expected *e, const struct pcm_tdb_chat *c)
{
	struct pcm_tdb_chat none = { 0 };
	char planned[128], found[128];

	if (!c)
		c = &none;
	v->sum->messages_found += c->messages;
	fmt_span(planned, sizeof planned, e->messages, e->first_ticks, e->last_ticks);
	fmt_span(found, sizeof found, c->messages, c->first_ticks, c->last_ticks);
	if (c->messages < e->messages)
		ADD(v, PCM_SEV_BLOCK, "MESSAGES-MISSING", id, room->t->name, room->t->node, PCM_NONE,
		    (int64_t)(e->messages - c->messages),
		    _("room %s: messages since the cutoff planned %s; in the target %s"),
		    room->t->name, planned, found);
	else if (c->messages > e->messages)
		ADD(v, PCM_SEV_BLOCK, "MESSAGES-EXTRA", id, room->t->name, room->t->node, PCM_NONE,
		    (int64_t)(c->messages - e->messages),
		    _("room %s: messages since the cutoff planned %s; in the target %s"),
		    room->t->name, planned, found);
	else if (e->messages && (c->first_ticks != e->first_ticks || c->last_ticks != e->last_ticks))
		ADD(v, PCM_SEV_BLOCK, "MESSAGES-DATES", id, room->t->name, room->t->node, PCM_NONE, 0,
		    _("room %s: messages since the cutoff planned %s; in the target %s"),
		    room->t->name, planned, found);
	else if (c->files != e->files) {
		char a[32], b[32];
		snprintf(a, sizeof a, "%llu", (unsigned long long)e->files);
		snprintf(b, sizeof b, "%llu", (unsigned long long)c->files);
		ADD(v, PCM_SEV_BLOCK, "FILE-LINKS", id, room->t->name, room->t->node, PCM_NONE,
		    (int64_t)c->files - (int64_t)e->files,
		    _("room %s: %s file links planned since the cutoff, %s in the target"),
		    room->t->name, a, b);
	} else if (c->links != e->links) {
		/* as many links, but to other files: compared by the path inside
		 * the store, which copy-files.cmd and Microsoft's "XCOPY all
		 * uploaded files (the entire folder)" keep; the host and share
		 * are not (the store moves) */
		ADD(v, PCM_SEV_BLOCK, "FILE-LINKS", id, room->t->name, room->t->node, PCM_NONE, 0,
		    _("room %s: %llu file links planned since the cutoff and as many in the target, "
		      "but not to the same files (the paths after ma-filelink://HOST/SHARE/ differ)"),
		    room->t->name, (unsigned long long)e->files);
	}
}

/* The target principal a legacy one became (by URI, else AD path), or
 * UINT32_MAX. */
static uint32_t target_prin(const struct verify *v, const struct pcm_principal *pr)
{
	uint32_t tp = pcm_nameset_find(v->uris, pr->uri);

	if (tp == UINT32_MAX && pr->ad_path && *pr->ad_path)
		tp = pcm_nameset_find(v->ad_paths, pr->ad_path);
	return tp;
}

static bool has_scope(const struct verify *v, int32_t node_id, uint32_t prin, bool denied)
{
	uint64_t key = role_key(node_id, prin, denied ? 1 : 0);

	return v->nscope_keys && bsearch(&key, v->scope_keys, v->nscope_keys, sizeof key, cmp_key);
}

/* A matched category: its description, its creators and its
 * AllowedMembers / DeniedMembers as the package planned them (target.c):
 * every allowed member of the legacy scope is in AllowedMembers, nothing
 * beyond those and the ones recreate-structure.ps1 adds for its rooms'
 * roles (allowed_added: the import does not add them, so either way is
 * right), and no DeniedMembers (the package writes none). */
static void check_category(struct verify *v, const struct pcm_pkg_category *c,
                           const struct pcm_tdb_node *n)
{
	const struct pcm_deployment *d = v->d;
	const char *name = c->t->name;
	uint32_t legacy = c->t->legacy;
	char *id = pcm_node_id_text(d, legacy);
	size_t i, lo, hi;

	if (!same_desc(c->legacy->desc, n->desc))
		ADD(v, PCM_SEV_BLOCK, "CATEGORY-SETTING", id, name, legacy, PCM_NONE, 0,
		    _("category %s: the description is \"%s\" in the target, the plan says \"%s\""),
		    name, n->desc ? n->desc : "", c->legacy->desc ? c->legacy->desc : "");
	for (i = 0; i < c->creators.n; i++) {
		const struct pcm_principal *pr = &d->principals.v[c->creators.v[i]];
		uint32_t tp;
		if (role_dropped(pr))
			continue;
		tp = target_prin(v, pr);
		if (tp != UINT32_MAX && has_role(v, n->id, tp, PCM_ROLE_CREATOR))
			continue;
		ADD(v, PCM_SEV_BLOCK, "ROLE-MISSING", pr->uri, name, legacy, c->creators.v[i], 0,
		    _("category %s: creator %s does not hold that role in the target%s"), name, pr->uri,
		    tp == UINT32_MAX ? _(" (no such principal in tblPrincipal)") : "");
	}
	for (i = 0; i < c->allowed.n; i++) {
		const struct pcm_principal *pr = &d->principals.v[c->allowed.v[i]];
		uint32_t tp;
		if (role_dropped(pr))
			continue;
		tp = target_prin(v, pr);
		if (tp != UINT32_MAX && has_scope(v, n->id, tp, false))
			continue;
		ADD(v, PCM_SEV_BLOCK, "SCOPE-MISSING", pr->uri, name, legacy, c->allowed.v[i], 0,
		    _("category %s: %s is not among its AllowedMembers in the target%s"), name, pr->uri,
		    tp == UINT32_MAX ? _(" (no such principal in tblPrincipal)") : "");
	}
	mark(v, &c->creators, PLANNED_CREATOR);
	extra_roles(v, n, name, legacy, PLANNED_CREATOR);
	unmark(v, &c->creators);
	mark(v, &c->allowed, PLANNED_ALLOWED);
	mark(v, &c->allowed_added, PLANNED_ALLOWED_ADDED);
	keys_of_node(v->scope_keys, v->nscope_keys, n->id, &lo, &hi);
	for (i = lo; i < hi; i++) {
		uint32_t tp = key_prin(v->scope_keys[i]);
		bool denied = v->scope_keys[i] & 1, dropped;
		uint8_t planned = planned_for(v, tp, &dropped);
		const char *uri = v->t->principals.v[tp].uri;

		if (denied)
			ADD(v, PCM_SEV_WARNING, "SCOPE-DENIED", uri, name, legacy, v->dep_of[tp], 0,
			    _("category %s: %s is among its DeniedMembers in the target; the plan "
			      "denies no one"), name, uri);
		else if (!(planned & (PLANNED_ALLOWED | PLANNED_ALLOWED_ADDED)))
			ADD(v, dropped ? PCM_SEV_INFO : PCM_SEV_WARNING, "SCOPE-EXTRA", uri, name, legacy,
			    v->dep_of[tp], 0,
			    dropped ? _("category %s: %s is among its AllowedMembers in the target, which "
			                "the plan does not give (a disabled or federated principal: the "
			                "warnings said it does not migrate)")
			            : _("category %s: %s is among its AllowedMembers in the target, which "
			                "the plan does not give"),
			    name, uri);
	}
	unmark(v, &c->allowed);
	unmark(v, &c->allowed_added);
	free(id);
}

static void check_room(struct verify *v, size_t r)
{
	const struct pcm_pkg_room *room = &v->pkg.rooms[r];
	const struct pcm_target_db *t = v->t;
	const char *cat = v->pkg.categories[room->category].t->name;
	char *id = pcm_node_id_text(v->d, room->t->node);
	uint32_t at = pcm_nameset_find(v->rooms, room->t->name);
	const struct pcm_tdb_node *n, *parent;
	uint32_t pi;

	v->sum->messages_planned += v->exp[r].messages;
	if (at == UINT32_MAX) {
		ADD(v, PCM_SEV_BLOCK, "ROOM-MISSING", id, room->t->name, room->t->node, PCM_NONE, 0,
		    _("room %s (category %s) is not in the target"), room->t->name, cat);
		free(id);
		return;
	}
	v->sum->rooms_found++;
	v->matched[at] = true;
	n = &t->nodes.v[at];
	pi = pcm_tdb_node(t, n->parent_id);
	parent = pi != PCM_NONE ? &t->nodes.v[pi] : NULL;
	setting(v, room, id, _("the category"), cat,
	        parent && parent->is_category && !is_root(parent) ? parent->name : NULL);
	setting(v, room, id, _("the type"), room->type,
	        n->behavior == PCM_BEHAVIOR_AUDITORIUM ? "Auditorium" : "Normal");
	setting(v, room, id, _("the privacy"), room->privacy, pcm_room_privacy(n->visibility));
	setting(v, room, id, _("invitations"), room->invitations, target_invitations(n));
	setting(v, room, id, _("the add-in"), room->addin ? room->addin->name : NULL,
	        target_addin(t, n));
	if (n->disabled)
		setting(v, room, id, _("the state"), _("enabled"), _("disabled"));
	/* nodeDesc, exactly (the import and -Description carry it as it is);
	 * the 2013 tblNode has no topic column, so the topic is not compared */
	if (!same_desc(room->node->desc, n->desc))
		ADD(v, PCM_SEV_BLOCK, "ROOM-SETTING", id, room->t->name, room->t->node, PCM_NONE, 0,
		    _("room %s: the description is \"%s\" in the target, the plan says \"%s\""),
		    room->t->name, n->desc ? n->desc : "", room->node->desc ? room->node->desc : "");
	check_roles(v, room, n, &room->managers, PCM_ROLE_MANAGER, _("manager"));
	check_roles(v, room, n, &room->members, PCM_ROLE_MEMBER, _("member"));
	check_roles(v, room, n, &room->presenters, PCM_ROLE_VOICED, _("presenter"));
	mark(v, &room->managers, PLANNED_MANAGER);
	mark(v, &room->members, PLANNED_MEMBER);
	mark(v, &room->presenters, PLANNED_VOICED);
	extra_roles(v, n, room->t->name, room->t->node,
	            PLANNED_MANAGER | PLANNED_MEMBER | PLANNED_VOICED);
	unmark(v, &room->managers);
	unmark(v, &room->members);
	unmark(v, &room->presenters);
	check_messages(v, room, id, &v->exp[r], pcm_tdb_chat_of(t, n->id));
	free(id);
}

static bool in_target_items(const struct pcm_plan *p, const char *name)
{
	for (size_t i = 0; p && i < p->ntarget_items; i++)
		if (same_text(p->target_items[i], name))
			return true;
	return false;
}

int pcm_verify(struct pcm_source *src, const struct pcm_deployment *d, const struct pcm_plan *p,
               const struct pcm_target_db *t, struct pcm_findings *out,
               struct pcm_verify_summary *summary, struct pcm_error *err)
{
	struct pcm_verify_summary local;
	struct verify v = { .d = d, .p = p, .t = t, .out = out };
	size_t i;
	int rc = -1;

	v.sum = summary ? summary : &local;
	memset(v.sum, 0, sizeof *v.sum);
	if (pcm_package_build(&v.pkg, d, p, err))
		return -1;
	if (count_expected(&v, src, err))
		goto out;
	index_target(&v);
	v.sum->rooms_planned = v.pkg.nrooms;
	for (i = 0; i < v.pkg.ncategories; i++) {
		const struct pcm_pkg_category *c = &v.pkg.categories[i];
		uint32_t at = pcm_nameset_find(v.categories, c->t->name);
		char *id;
		if (at != UINT32_MAX) {
			v.matched[at] = true;
			check_category(&v, c, &t->nodes.v[at]);
			continue;
		}
		id = pcm_node_id_text(d, c->t->legacy);
		ADD(&v, PCM_SEV_BLOCK, "CATEGORY-MISSING", id, c->t->name, c->t->legacy, PCM_NONE, 0,
		    _("category %s is not in the target"), c->t->name);
		free(id);
	}
	for (i = 0; i < v.pkg.nrooms; i++)
		check_room(&v, i);
	for (i = 0; i < t->nodes.n; i++) {
		const struct pcm_tdb_node *n = &t->nodes.v[i];
		bool listed;
		char id[16];
		if (v.matched[i] || is_root(n))
			continue;
		listed = in_target_items(p, n->name);
		snprintf(id, sizeof id, "%d", n->id);
		ADD(&v, listed ? PCM_SEV_INFO : PCM_SEV_WARNING, "TARGET-EXTRA", id, n->name, PCM_NONE,
		    PCM_NONE, 0,
		    n->is_category ? _("the target holds category %s, which the plan does not%s")
		                   : _("the target holds room %s, which the plan does not%s"),
		    n->name, listed ? _(" (the plan lists it as already in the pool)") : "");
	}
	rc = 0;
out:
	pcm_nameset_free(v.categories);
	pcm_nameset_free(v.rooms);
	pcm_nameset_free(v.uris);
	pcm_nameset_free(v.ad_paths);
	free(v.matched);
	free(v.role_keys);
	free(v.scope_keys);
	free(v.dep_of);
	free(v.planned);
	free(v.exp);
	pcm_package_free(&v.pkg);
	return rc;
}

int pcm_verify_target(struct pcm_source *src, const struct pcm_deployment *d,
                      const struct pcm_plan *p, const char *target_spec,
                      struct pcm_findings *out, struct pcm_verify_summary *summary,
                      struct pcm_error *err)
{
	struct pcm_target_db t;
	int rc = pcm_target_load(target_spec, &t, err);

	if (rc == 0)
		rc = pcm_verify(src, d, p, &t, out, summary, err);
	pcm_target_free(&t);
	return rc;
}

int pcm_verify_status(const struct pcm_findings *f)
{
	for (size_t i = 0; i < f->list.n; i++)
		if (f->list.v[i].severity != PCM_SEV_INFO)
			return 1;
	return 0;
}
