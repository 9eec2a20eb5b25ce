/* R4 (checklist step 4): rooms whose invitations the import forces off. */
#include "config.h"
#include <stdlib.h>
#include "checks_impl.h"
#include "flatten.h"
#include "i18n.h"
#include "util.h"

void pcm_check_invitations(const struct pcm_deployment *d, const struct pcm_plan *p,
                           struct pcm_findings *out)
{
	struct pcm_flat flat;

	pcm_flatten(d, p, &flat);
	pcm_check_invitations_flat(d, p, &flat, out);
	pcm_flat_free(&flat);
}

size_t pcm_invite_forcing(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t *forced)
{
	bool *invite = pcm_xmalloc((d->nodes.n + 1) * sizeof *invite);
	bool *file_post = pcm_xmalloc((d->nodes.n + 1) * sizeof *file_post);
	size_t i, ncats = 0;

	for (i = 0; i < d->nodes.n; i++)
		forced[i] = 0;
	/* no plan: the values as the source holds them, no decision */
	pcm_effective_values(d, NULL, invite, file_post);
	for (i = 0; i < d->nodes.n; i++) {
		const struct pcm_node *room = &d->nodes.v[i];
		if (room->is_category || room->parent == PCM_NONE || room->invite != PCM_ON ||
		    invite[room->parent] || !pcm_room_migrated(d, p, (uint32_t)i))
			continue;
		ncats += forced[room->parent]++ == 0;
	}
	free(file_post);
	free(invite);
	return ncats;
}

void pcm_check_invitations_flat(const struct pcm_deployment *d, const struct pcm_plan *p,
                                const struct pcm_flat *fp, struct pcm_findings *out)
{
	const char *sep = pcm_plan_separator(p);
	const struct pcm_flat flat = *fp;
	size_t i;

	for (i = 0; i < flat.rooms.n; i++) {
		const struct pcm_target_room *r = &flat.rooms.v[i];
		const struct pcm_target_category *c = &flat.categories.v[r->category];
		const struct pcm_node *cat = &d->nodes.v[c->legacy];
		char *id, *path, *cat_path;

		/* only a room asking for invitations (invite = 1) inside a
		 * category whose effective value is off is forced */
		if (d->nodes.v[r->node].invite != PCM_ON || c->invitations)
			continue;
		id = pcm_node_id_text(d, r->node);
		path = pcm_node_path(d, r->node, sep);
		cat_path = pcm_node_path(d, c->legacy, sep);
		if (pcm_plan_category_invite(p, cat->id) == 0)
			pcm_finding_add(out, PCM_CS_INVITATIONS, PCM_SEV_WARNING, "INVITE-FORCED", id,
			                path, r->node, PCM_NONE, cat->id,
			                _("room %s (nodeID %s) asks for invitations; its category %s "
			                  "(nodeID %d) has them off and the plan accepts that: the "
			                  "room's invitations are set to False"),
			                path, id, cat_path, (int)cat->id);
		else
			pcm_finding_add(out, PCM_CS_INVITATIONS, PCM_SEV_WARNING, "INVITE-FORCED", id,
			                path, r->node, PCM_NONE, cat->id,
			                _("room %s (nodeID %s) asks for invitations, but its category %s "
			                  "(nodeID %d) has them off: the import forces the room to False; "
			                  "turn the category's invitations on or accept the forced value"),
			                path, id, cat_path, (int)cat->id);
		free(cat_path);
		free(path);
		free(id);
	}
}
