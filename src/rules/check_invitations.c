/* SPDX-License-Identifier: MIT */
/* R4 (checklist step 4): rooms whose invitations the import forces off. */
#include "config.h"
#include <stdlib.h>
#include "rules/checks.h"
#include "rules/flatten.h"
#include "base/i18n.h"
#include "base/util.h"

/* The R4 rule, once: fn for every room p migrates that asks for
 * invitations (invite = 1) inside a category whose effective value, with
 * the decisions of values_plan (NULL: none), is off. Rooms come in tree
 * order, the order of the flattened rooms. O(nodes), no flattening. */
static void each_forced_room(const struct pcm_deployment *d, const struct pcm_plan *values_plan,
                             const struct pcm_plan *p,
                             void (*fn)(void *ctx, uint32_t room, uint32_t category), void *ctx)
{
	bool *invite;
	uint32_t n;

	if (d->root == PCM_NONE)
		return;
	invite = pcm_xmalloc((d->nodes.n + 1) * sizeof *invite);
	pcm_effective_values(d, values_plan, invite, NULL);
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *room = &d->nodes.v[n];
		if (room->is_category || room->parent == PCM_NONE || room->invite != PCM_ON ||
		    invite[room->parent] || !pcm_room_migrated(d, p, n))
			continue;
		fn(ctx, n, room->parent);
	}
	free(invite);
}

struct finding_ctx {
	const struct pcm_deployment *d;
	const struct pcm_plan *p;
	struct pcm_findings *out;
};

static void add_finding(void *arg, uint32_t room, uint32_t category)
{
	const struct finding_ctx *c = arg;
	const struct pcm_deployment *d = c->d;
	const char *sep = pcm_plan_separator(c->p);
	const struct pcm_node *cat = &d->nodes.v[category];
	char *id = pcm_node_id_text(d, room);
	char *path = pcm_node_path(d, room, sep);
	char *cat_path = pcm_node_path(d, category, sep);

	if (pcm_plan_category_invite(c->p, cat->id) == 0)
		pcm_finding_add(c->out, PCM_CS_INVITATIONS, PCM_SEV_WARNING, "INVITE-FORCED", id,
		                path, room, PCM_NONE, cat->id,
		                _("room %s (nodeID %s) asks for invitations; its category %s "
		                  "(nodeID %d) has them off and the plan accepts that: the "
		                  "room's invitations are set to False"),
		                path, id, cat_path, (int)cat->id);
	else
		pcm_finding_add(c->out, PCM_CS_INVITATIONS, PCM_SEV_WARNING, "INVITE-FORCED", id,
		                path, room, PCM_NONE, cat->id,
		                _("room %s (nodeID %s) asks for invitations, but its category %s "
		                  "(nodeID %d) has them off: the import forces the room to False; "
		                  "turn the category's invitations on or accept the forced value"),
		                path, id, cat_path, (int)cat->id);
	free(cat_path);
	free(path);
	free(id);
}

void pcm_check_invitations(const struct pcm_deployment *d, const struct pcm_plan *p,
                           struct pcm_findings *out)
{
	struct finding_ctx c = { d, p, out };

	each_forced_room(d, p, p, add_finding, &c);
}

struct forcing_ctx {
	uint32_t *forced;
	size_t ncats;
};

static void count_forced(void *arg, uint32_t room, uint32_t category)
{
	struct forcing_ctx *c = arg;

	(void)room;
	c->ncats += c->forced[category]++ == 0;
}

size_t pcm_invite_forcing(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t *forced)
{
	struct forcing_ctx c = { forced, 0 };
	size_t i;

	for (i = 0; i < d->nodes.n; i++)
		forced[i] = 0;
	/* the values as the source holds them: no category decision */
	each_forced_room(d, NULL, p, count_forced, &c);
	return c.ncats;
}
