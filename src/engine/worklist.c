/* SPDX-License-Identifier: MIT */
/* The Group Chat Admin Tool worklist (worklist.h): the plan's changes to
 * the legacy deployment, grouped by category in tree order, each with a
 * tick box, its legacy path and nodeID. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/escape.h"
#include "base/i18n.h"
#include "base/sbuf.h"
#include "base/util.h"
#include "engine/worklist.h"

/* Sort key: the group's position in tree order, then the category's own
 * changes, then its rooms in tree order, then the kind. */
struct keyed {
	uint32_t group_pos, node_pos, principal_id;
	int kind;
	struct pcm_work_item item;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->group_pos != y->group_pos)
		return x->group_pos < y->group_pos ? -1 : 1;
	if (x->node_pos != y->node_pos)
		return x->node_pos < y->node_pos ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->principal_id != y->principal_id)
		return x->principal_id < y->principal_id ? -1 : 1;
	return 0;
}

struct builder {
	const struct pcm_deployment *d;
	const char *sep;
	uint32_t *pos;              /* node index -> pre-order position */
	PCM_VEC(struct keyed) v;
};

/* Does principal pr hold the Manager role on the root category? */
static bool manages_root(const struct pcm_deployment *d, uint32_t pr)
{
	size_t i;

	for (i = 0; i < d->roles.n; i++)
		if (d->roles.v[i].node == d->root && d->roles.v[i].principal == pr &&
		    d->roles.v[i].kind == PCM_ROLE_MANAGER)
			return true;
	return false;
}

/* The category a node's change is listed under: itself for a category,
 * the parent for a room (the root for a room directly under it). */
static uint32_t group_of(const struct pcm_deployment *d, uint32_t n)
{
	const struct pcm_node *nd = &d->nodes.v[n];

	if (nd->is_category || nd->parent == PCM_NONE)
		return n;
	return nd->parent;
}

static struct keyed *add(struct builder *b, enum pcm_work_kind kind, uint32_t n, bool done)
{
	struct keyed *k = PCM_VEC_PUSH(b->v);
	char *path = pcm_node_path(b->d, n, b->sep);

	memset(k, 0, sizeof *k);
	k->item.kind = kind;
	k->item.node = n;
	k->item.category = group_of(b->d, n);
	k->item.principal = PCM_NONE;
	k->item.done = done;
	k->item.path = pcm_escape_text(path, 0);
	k->item.id = pcm_xasprintf("%d", (int)b->d->nodes.v[n].id);
	k->group_pos = b->pos[k->item.category];
	k->node_pos = b->d->nodes.v[n].is_category ? 0 : b->pos[n];
	k->kind = (int)kind;
	free(path);
	return k;
}

/* The tick box and the change, one line. */
static char *item_line(const struct pcm_deployment *d, const struct pcm_work_item *it,
                       const char *from, const char *to)
{
	const struct pcm_node *nd = &d->nodes.v[it->node];
	const char *box = it->done ? "[x]" : "[ ]";
	int id = (int)nd->id;
	char *s = NULL, *line;

	switch (it->kind) {
	case PCM_WORK_ROOT_MANAGER: {
		const struct pcm_principal *pr = &d->principals.v[it->principal];
		/* TRANSLATORS: the root category's path, nodeID, then the
		 * manager's URI and display name */
		s = pcm_xasprintf(_("Root category %s (nodeID %d): remove the manager %s (%s): Chat Room "
		                    "Managers tab, select the name, Remove"),
		                  it->path, id, pcm_shown(pr->uri), pcm_shown(pr->name ? pr->name : ""));
		break;
	}
	case PCM_WORK_RENAME_CATEGORY:
		s = pcm_xasprintf(_("Category %s (nodeID %d): rename it from \"%s\" to \"%s\": Settings "
		                    "tab, Name"),
		                  it->path, id, pcm_shown(from), pcm_shown(to));
		break;
	case PCM_WORK_INVITATIONS:
		s = pcm_xasprintf(_("Category %s (nodeID %d): turn invitations on: Settings tab, "
		                    "Invitations: Yes"),
		                  it->path, id);
		break;
	case PCM_WORK_RENAME_ROOM:
		s = pcm_xasprintf(_("Chat room %s (nodeID %d): rename it from \"%s\" to \"%s\": Settings "
		                    "tab, Name"),
		                  it->path, id, pcm_shown(from), pcm_shown(to));
		break;
	case PCM_WORK_DISABLE_ROOM:
		s = pcm_xasprintf(_("Chat room %s (nodeID %d): disable it: Settings tab, select "
		                    "\"Disable this chat room\""),
		                  it->path, id);
		break;
	}
	line = it->done ? pcm_xasprintf(_("%s %s (done in the source)"), box, s)
	                : pcm_xasprintf("%s %s", box, s);
	free(s);
	return line;
}

static void add_root_managers(struct builder *b, const struct pcm_plan *p)
{
	const struct pcm_deployment *d = b->d;
	size_t i;

	if (d->root == PCM_NONE)
		return;
	for (i = 0; i < p->root_managers.n; i++) {
		const struct pcm_root_manager_decision *r = &p->root_managers.v[i];
		uint32_t pr;
		struct keyed *k;
		size_t j;

		if (r->keep || !r->uri)
			continue;
		pr = pcm_principal_by_uri(d, r->uri);
		if (pr == PCM_NONE)
			continue;       /* gone from the source: the plan review says so */
		for (j = 0; j < i; j++)   /* a decision given twice: once */
			if (p->root_managers.v[j].uri && !p->root_managers.v[j].keep &&
			    pcm_casefold_equal(p->root_managers.v[j].uri, r->uri))
				break;
		if (j < i)
			continue;
		k = add(b, PCM_WORK_ROOT_MANAGER, d->root, !manages_root(d, pr));
		k->item.principal = pr;
		k->principal_id = (uint32_t)d->principals.v[pr].id;
		free(k->item.id);
		k->item.id = pcm_xstrdup(d->principals.v[pr].uri);
		k->item.line = item_line(d, &k->item, NULL, NULL);
	}
}

static void add_renames(struct builder *b, const struct pcm_plan *p)
{
	const struct pcm_deployment *d = b->d;
	size_t i;

	for (i = 0; i < p->renames.n; i++) {
		const struct pcm_rename *r = &p->renames.v[i];
		uint32_t n = pcm_node_index(d, r->node_id);
		const struct pcm_node *nd;
		struct keyed *k;
		bool done;

		if (n == PCM_NONE || !r->new_name)
			continue;
		nd = &d->nodes.v[n];
		done = strcmp(nd->name, r->new_name) == 0;
		if (done && (!r->old_name || strcmp(r->old_name, r->new_name) == 0))
			continue;       /* a rename to the name it had: no change */
		k = add(b, nd->is_category ? PCM_WORK_RENAME_CATEGORY : PCM_WORK_RENAME_ROOM, n, done);
		k->item.line = item_line(d, &k->item, done ? r->old_name : nd->name, r->new_name);
	}
}

static void add_disabled(struct builder *b, const struct pcm_plan *p)
{
	const struct pcm_deployment *d = b->d;
	size_t i;

	for (i = 0; i < p->disabled.n; i++) {
		uint32_t n = pcm_node_index(d, p->disabled.v[i].node_id);
		struct keyed *k;

		if (n == PCM_NONE || d->nodes.v[n].is_category)
			continue;
		k = add(b, PCM_WORK_DISABLE_ROOM, n, d->nodes.v[n].disabled);
		k->item.line = item_line(d, &k->item, NULL, NULL);
	}
}

static void add_invitations(struct builder *b, const struct pcm_plan *p)
{
	const struct pcm_deployment *d = b->d;
	size_t i;

	for (i = 0; i < p->invitations.n; i++) {
		uint32_t n = pcm_node_index(d, p->invitations.v[i].node_id);
		struct keyed *k;

		if (n == PCM_NONE || !p->invitations.v[i].turn_on || !d->nodes.v[n].is_category)
			continue;
		k = add(b, PCM_WORK_INVITATIONS, n, d->nodes.v[n].invite == PCM_ON);
		k->item.line = item_line(d, &k->item, NULL, NULL);
	}
}

void pcm_worklist_build(const struct pcm_deployment *d, const struct pcm_plan *p,
                        struct pcm_worklist *wl)
{
	struct builder b = { .d = d, .sep = pcm_plan_separator(p) };
	uint32_t n, pos = 0;
	size_t i;

	memset(wl, 0, sizeof *wl);
	wl->separator = pcm_xstrdup(b.sep);
	if (!p || d->root == PCM_NONE || !d->nodes.n)
		return;
	b.pos = pcm_xcalloc(d->nodes.n, sizeof *b.pos);
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n))
		b.pos[n] = ++pos;
	add_root_managers(&b, p);
	add_renames(&b, p);
	add_disabled(&b, p);
	add_invitations(&b, p);
	if (b.v.n)
		qsort(b.v.v, b.v.n, sizeof *b.v.v, cmp_keyed);
	for (i = 0; i < b.v.n; i++) {
		*PCM_VEC_PUSH(wl->items) = b.v.v[i].item;
		wl->done += b.v.v[i].item.done;
	}
	free(b.v.v);
	free(b.pos);
}

void pcm_worklist_free(struct pcm_worklist *wl)
{
	size_t i;

	for (i = 0; i < wl->items.n; i++) {
		free(wl->items.v[i].id);
		free(wl->items.v[i].path);
		free(wl->items.v[i].line);
	}
	free(wl->items.v);
	free(wl->separator);
	memset(wl, 0, sizeof *wl);
}

char *pcm_worklist_group_heading(const struct pcm_deployment *d, const struct pcm_worklist *wl,
                                 size_t i)
{
	const struct pcm_work_item *it = &wl->items.v[i];
	char *path, *shown, *s;

	if (i > 0 && wl->items.v[i - 1].category == it->category)
		return NULL;
	path = pcm_node_path(d, it->category, wl->separator);
	shown = pcm_escape_text(path, 0);
	if (it->category == d->root)
		s = pcm_xasprintf(_("Root category %s (nodeID %d)"), shown,
		                  (int)d->nodes.v[it->category].id);
	else
		s = pcm_xasprintf(_("Category %s (nodeID %d)"), shown, (int)d->nodes.v[it->category].id);
	free(path);
	free(shown);
	return s;
}

char *pcm_worklist_text(const struct pcm_deployment *d, const struct pcm_plan *p)
{
	struct pcm_sbuf b = { 0 };
	struct pcm_worklist wl;
	size_t i;

	pcm_worklist_build(d, p, &wl);
	pcm_sbuf_add(&b, _("Group Chat Admin Tool worklist"));
	pcm_sbuf_add(&b, "\n==============================\n");
	pcm_sbuf_printf(&b, _("Written by pcmigrate from the migration plan: every change the plan\n"
	                      "makes to the legacy Group Chat deployment.\n"
	                      "Source: %s / database %s%s%s\n"),
	                pcm_shown(d->info.server), pcm_shown(d->info.database),
	                d->info.taken_at ? _(", taken at ") : "",
	                d->info.taken_at ? pcm_shown(d->info.taken_at) : "");
	pcm_sbuf_printf(&b, P_("Changes: %zu, %zu already done in the source\n",
	                       "Changes: %zu, %zu already done in the source\n", wl.items.n),
	                wl.items.n, wl.done);
	pcm_sbuf_addc(&b, '\n');
	pcm_sbuf_add(&b, _("Microsoft supports no writes to the Group Chat database: make these\n"
	                   "changes with the Group Chat Admin Tool (Lync Server 2010: Start, All\n"
	                   "Programs, Microsoft Lync Server 2010, Group Chat Admin Tool; OCS 2007 R2:\n"
	                   "the Group Chat Administration Tool). For each line, click the category\n"
	                   "or chat room in the Chat Rooms list (the path and the nodeID name it),\n"
	                   "make the change, click Apply, and tick the box.\n"));
	if (!wl.items.n)
		pcm_sbuf_add(&b, _("\nNothing to change: the plan makes no change to the legacy deployment.\n"));
	for (i = 0; i < wl.items.n; i++) {
		char *heading = pcm_worklist_group_heading(d, &wl, i);
		if (heading) {
			pcm_sbuf_printf(&b, "\n%s\n", heading);
			free(heading);
		}
		pcm_sbuf_printf(&b, "  %s\n", wl.items.v[i].line);
	}
	pcm_sbuf_addc(&b, '\n');
	pcm_sbuf_add(&b, _("When every box is ticked, check that the legacy data now matches the\n"
	                   "plan; every change should be listed as done:\n"
	                   "  pcmigrate check --source <the database, or a new snapshot of it> "
	                   "--plan <the plan>\n"
	                   "fix-source.sql holds the same changes as T-SQL: an unsupported fallback\n"
	                   "(see pcmigrate(1), CHANGING THE LEGACY DEPLOYMENT).\n"));
	pcm_worklist_free(&wl);
	return pcm_sbuf_take(&b);
}

char **pcm_worklist_lines(const struct pcm_deployment *d, const struct pcm_plan *p, size_t *n)
{
	char *text = pcm_worklist_text(d, p), *s = text, *nl;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	while (*s) {
		nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		pcm_vec_grow((void **)&v, &cap, *n + 1, sizeof *v);
		v[*n] = pcm_xmalloc(len + 1);
		memcpy(v[*n], s, len);
		v[*n][len] = '\0';
		(*n)++;
		s += len + (nl ? 1 : 0);
	}
	free(text);
	return v;
}

void pcm_worklist_lines_free(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
