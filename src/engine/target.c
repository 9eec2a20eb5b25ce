/* SPDX-License-Identifier: MIT */
/* Builds the package view of the migrated deployment (package.h): target
 * categories with their allowed members and creators, migrated rooms with
 * their 2013 settings and role lists. Linear in nodes + roles (plus the
 * sort of each list): which assignments reach a room is roles.h's walk
 * (pcm_role_walk), the same one the checks use. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/i18n.h"
#include "engine/package.h"
#include "rules/roles.h"
#include "base/util.h"

const char *pcm_room_privacy(int visibility)
{
	switch (visibility) {
	case PCM_VIS_OPEN:
		return "Open";
	case PCM_VIS_PRIVATE:
		return "Secret";
	case PCM_VIS_SCOPED:
	default:
		return "Closed";
	}
}

const char *pcm_principal_target_id(const struct pcm_principal *pr)
{
	if (pr->uri && strncasecmp(pr->uri, "sip:", 4) == 0)
		return pr->uri;
	if (pr->ad_path && *pr->ad_path)
		return pr->ad_path;
	return pr->uri ? pr->uri : "";
}

bool pcm_principal_federated(const struct pcm_principal *pr)
{
	return pr->kind == PCM_PRIN_FEDERATED_USER || pr->kind == PCM_PRIN_FEDERATED_GROUP;
}

bool pcm_pkg_room_auditorium(const struct pcm_pkg_room *room)
{
	return strcmp(room->type, "Auditorium") == 0;
}

static void list_push(struct pcm_prin_list *l, uint32_t prin)
{
	pcm_vec_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = prin;
}

static const struct pcm_deployment *sort_dep;  /* for qsort only */

static int cmp_prin(const void *a, const void *b)
{
	int32_t x = sort_dep->principals.v[*(const uint32_t *)a].id;
	int32_t y = sort_dep->principals.v[*(const uint32_t *)b].id;

	return x < y ? -1 : x > y;
}

/* Sorts by prinID and removes duplicates, so output order is stable. */
static void list_finish(const struct pcm_deployment *d, struct pcm_prin_list *l)
{
	size_t i, k = 0;

	sort_dep = d;
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_prin);
	for (i = 0; i < l->n; i++)
		if (k == 0 || l->v[k - 1] != l->v[i])
			l->v[k++] = l->v[i];
	l->n = k;
}

static void list_free(struct pcm_prin_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Working state while building. */
struct build {
	const struct pcm_deployment *d;
	const struct pcm_plan *p;
	struct pcm_role_index roles;    /* which assignments reach which nodes (roles.h) */
	struct pcm_by_node scopes;
	uint32_t *scope_up;     /* nearest ancestor-or-self holding scope rows */
};

/* Managers, members and presenters of one migrated room. */
static void room_roles(const struct build *b, struct pcm_pkg_room *room, uint32_t node,
                       size_t *root_added)
{
	const struct pcm_deployment *d = b->d;
	struct pcm_role_walk w;
	const struct pcm_role *r;

	pcm_role_walk_start(&w, &b->roles, node, PCM_WALK_REACHING);
	while ((r = pcm_role_walk_next(&w)) != NULL) {
		switch (r->kind) {
		case PCM_ROLE_MANAGER:
			list_push(&room->managers, r->principal);
			if (w.holder == d->root)
				(*root_added)++;
			break;
		case PCM_ROLE_MEMBER:
			list_push(&room->members, r->principal);
			break;
		case PCM_ROLE_VOICED:
			list_push(&room->presenters, r->principal);
			break;
		default:
			break;
		}
	}
	list_finish(d, &room->managers);
	list_finish(d, &room->members);
	list_finish(d, &room->presenters);
}

/* Allowed members (the nearest scope) and creators of a target category. */
static void category_principals(const struct build *b, struct pcm_pkg_category *c, uint32_t node)
{
	const struct pcm_deployment *d = b->d;
	uint32_t k = b->scope_up[node], i;
	struct pcm_role_walk w;
	const struct pcm_role *r;

	if (k != PCM_NONE)
		for (i = b->scopes.start[k]; i < b->scopes.start[k + 1]; i++) {
			const struct pcm_scope *s = &d->scopes.v[b->scopes.idx[i]];
			if (!d->principals.v[s->principal].disabled)
				list_push(&c->allowed, s->principal);
		}
	pcm_role_walk_start(&w, &b->roles, node, PCM_WALK_ABOVE);
	while ((r = pcm_role_walk_next(&w)) != NULL)
		if (r->kind == PCM_ROLE_CREATOR)
			list_push(&c->creators, r->principal);
	list_finish(d, &c->allowed);
	list_finish(d, &c->creators);
}

static const struct pcm_addin *find_addin(const struct pcm_deployment *d, const char *siop,
                                          size_t *index)
{
	size_t i;

	if (!siop || !*siop)
		return NULL;
	for (i = 0; i < d->addins.n; i++)
		if (d->addins.v[i].siop_id && strcasecmp(d->addins.v[i].siop_id, siop) == 0) {
			*index = i;
			return &d->addins.v[i];
		}
	return NULL;
}

/* 2013 settings of one room (R4 invitations, R7 privacy, type, add-in). */
static void room_settings(struct pcm_package *pkg, struct pcm_pkg_room *room)
{
	const struct pcm_node *nd = room->node;
	const struct pcm_target_category *cat = &pkg->flat.categories.v[room->t->category];
	size_t ai = 0;

	room->type = nd->behavior == PCM_BEHAVIOR_AUDITORIUM ? "Auditorium" : "Normal";
	room->privacy = pcm_room_privacy(nd->visibility);
	if (nd->invite == PCM_NULL) {
		room->invitations = "Inherit";
	} else if (nd->invite == PCM_OFF) {
		room->invitations = "False";
	} else if (cat->invitations) {
		room->invitations = "Inherit";
	} else {
		room->invitations = "False";
		room->invite_forced = true;
	}
	room->addin = find_addin(pkg->d, nd->siop_id, &ai);
	if (room->addin)
		pkg->addin_used[ai] = true;
	room->messages_expected = nd->stats.messages -
		(pkg->cutoff_ticks ? pcm_room_messages_before(pkg->d, nd, pkg->cutoff_ticks) : 0);
}

/* Does the AD distinguished name id lie in the OU or domain entry? */
static bool dn_within(const char *id, const char *entry)
{
	size_t li = strlen(id), le = strlen(entry);

	if (strncasecmp(entry, "OU=", 3) != 0 && strncasecmp(entry, "DC=", 3) != 0)
		return false;
	return li > le + 1 && id[li - le - 1] == ',' && strcasecmp(id + li - le, entry) == 0;
}

/* Adds to c->allowed_added the principals of l that c's AllowedMembers do
 * not hold (stamp[p] == mark: listed or added already). */
static void need_allowed(const struct pcm_deployment *d, struct pcm_pkg_category *c,
                         const struct pcm_prin_list *l, uint32_t *stamp, uint32_t mark)
{
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		uint32_t p = l->v[i];
		const char *id;
		bool in = false;
		if (stamp[p] == mark || pcm_principal_federated(&d->principals.v[p]))
			continue;
		id = pcm_principal_target_id(&d->principals.v[p]);
		for (k = 0; !in && k < c->allowed.n; k++)
			in = !pcm_principal_federated(&d->principals.v[c->allowed.v[k]]) &&
			     dn_within(id, pcm_principal_target_id(&d->principals.v[c->allowed.v[k]]));
		stamp[p] = mark;
		if (!in)
			list_push(&c->allowed_added, p);
	}
}

/* Every category's allowed_added, from its rooms' roles. */
static void allowed_added(struct pcm_package *pkg)
{
	const struct pcm_deployment *d = pkg->d;
	uint32_t *stamp = pcm_xcalloc(d->principals.n + 1, sizeof *stamp);
	size_t i, k;

	for (i = 0; i < pkg->ncategories; i++) {
		struct pcm_pkg_category *c = &pkg->categories[i];
		uint32_t mark = (uint32_t)i + 1;
		for (k = 0; k < c->allowed.n; k++)
			stamp[c->allowed.v[k]] = mark;
		for (k = c->first_room; k < c->first_room + c->nrooms; k++) {
			const struct pcm_pkg_room *room = &pkg->rooms[k];
			need_allowed(d, c, &room->managers, stamp, mark);
			need_allowed(d, c, &room->members, stamp, mark);
			if (pcm_pkg_room_auditorium(room))
				need_allowed(d, c, &room->presenters, stamp, mark);
		}
		list_finish(d, &c->allowed_added);
	}
	free(stamp);
}

int pcm_package_build(struct pcm_package *pkg, const struct pcm_deployment *d,
                      const struct pcm_plan *p, struct pcm_error *err)
{
	struct build b = { .d = d, .p = p };
	uint32_t *count;
	size_t i;

	memset(pkg, 0, sizeof *pkg);
	pkg->d = d;
	pkg->p = p;
	pkg->separator = pcm_plan_separator(p);
	pkg->cutoff_ticks = p && p->has_cutoff ? p->cutoff_ticks : 0;
	if (d->root == PCM_NONE) {
		pcm_error_set(err, _("the deployment has no root node (nodeID %d)"), PCM_ROOT_NODE_ID);
		return -1;
	}
	if (pcm_flatten(d, p, &pkg->flat) != 0) {
		pcm_error_set(err, _("cannot flatten the category tree"));
		return -1;
	}
	pcm_role_index_init(&b.roles, d, p);
	pcm_by_node_init(&b.scopes, d->nodes.n, d->scopes.n, d->scopes.v, sizeof *d->scopes.v,
	                 offsetof(struct pcm_scope, node));
	b.scope_up = pcm_xmalloc((d->nodes.n + 1) * sizeof *b.scope_up);
	pcm_scope_nearest(d, b.scope_up);
	pkg->addin_used = pcm_xcalloc(d->addins.n + 1, sizeof *pkg->addin_used);

	/* categories, in flat order */
	pkg->ncategories = pkg->flat.categories.n;
	pkg->categories = pcm_xcalloc(pkg->ncategories + 1, sizeof *pkg->categories);
	for (i = 0; i < pkg->ncategories; i++) {
		struct pcm_pkg_category *c = &pkg->categories[i];
		c->t = &pkg->flat.categories.v[i];
		c->legacy = &d->nodes.v[c->t->legacy];
		category_principals(&b, c, c->t->legacy);
	}
	/* rooms grouped by category (stable counting sort) */
	pkg->nrooms = pkg->flat.rooms.n;
	pkg->rooms = pcm_xcalloc(pkg->nrooms + 1, sizeof *pkg->rooms);
	pkg->room_of_flat = pcm_xcalloc(pkg->nrooms + 1, sizeof *pkg->room_of_flat);
	count = pcm_xcalloc(pkg->ncategories + 1, sizeof *count);
	for (i = 0; i < pkg->nrooms; i++)
		count[pkg->flat.rooms.v[i].category + 1]++;
	for (i = 0; i < pkg->ncategories; i++) {
		count[i + 1] += count[i];
		pkg->categories[i].first_room = count[i];
		pkg->categories[i].nrooms = count[i + 1] - count[i];
	}
	for (i = 0; i < pkg->nrooms; i++) {
		const struct pcm_target_room *t = &pkg->flat.rooms.v[i];
		size_t at = count[t->category]++;
		struct pcm_pkg_room *room = &pkg->rooms[at];
		pkg->room_of_flat[i] = (uint32_t)at;
		room->t = t;
		room->node = &d->nodes.v[t->node];
		room->category = t->category;
		room_settings(pkg, room);
		room_roles(&b, room, t->node, &pkg->managers_added);
	}
	free(count);
	allowed_added(pkg);
	/* uploaded files since the cutoff, per migrated room: from the
	 * counts when the load did not keep the links */
	for (i = 0; !d->counting.keep_links && i < pkg->nrooms; i++) {
		const struct pcm_room_stats *st = &d->nodes.v[pkg->rooms[i].t->node].stats;
		pkg->rooms[i].files = st->files - (pkg->cutoff_ticks ? st->files_before_cutoff : 0);
	}
	for (i = 0; d->counting.keep_links && i < d->files.n; i++) {
		const struct pcm_file_ref *f = &d->files.v[i];
		uint32_t r = f->room < d->nodes.n ? pkg->flat.room_of_node[f->room] : PCM_NONE;
		if (r == PCM_NONE || f->posted_ticks < pkg->cutoff_ticks)
			continue;
		pkg->rooms[pkg->room_of_flat[r]].files++;
	}
	pcm_role_index_free(&b.roles);
	pcm_by_node_free(&b.scopes);
	free(b.scope_up);
	return 0;
}

void pcm_package_free(struct pcm_package *pkg)
{
	size_t i;

	for (i = 0; i < pkg->ncategories; i++) {
		list_free(&pkg->categories[i].allowed);
		list_free(&pkg->categories[i].creators);
		list_free(&pkg->categories[i].allowed_added);
	}
	for (i = 0; i < pkg->nrooms; i++) {
		list_free(&pkg->rooms[i].managers);
		list_free(&pkg->rooms[i].members);
		list_free(&pkg->rooms[i].presenters);
	}
	free(pkg->categories);
	free(pkg->rooms);
	free(pkg->addin_used);
	free(pkg->room_of_flat);
	pcm_flat_free(&pkg->flat);
	memset(pkg, 0, sizeof *pkg);
}
