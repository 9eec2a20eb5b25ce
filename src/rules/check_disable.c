/* SPDX-License-Identifier: MIT */
/* R6 (checklist step 6): what disabled rooms keep out of the migration. */
#include "config.h"
#include <stdlib.h>
#include "rules/checks.h"
#include "base/i18n.h"
#include "base/util.h"

void pcm_check_disable(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out)
{
	const char *sep = pcm_plan_separator(p);
	uint32_t *files, *roles, n;
	size_t i;

	if (d->root == PCM_NONE)
		return;
	/* per-node counts in one pass each, not one pass per room */
	files = pcm_xcalloc(d->nodes.n + 1, sizeof *files);
	roles = pcm_xcalloc(d->nodes.n + 1, sizeof *roles);
	for (i = 0; i < d->nodes.n; i++)
		files[i] = d->nodes.v[i].stats.files;
	for (i = 0; i < d->roles.n; i++)
		if (d->roles.v[i].node < d->nodes.n)
			roles[d->roles.v[i].node]++;
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *room = &d->nodes.v[n];
		char *id, *path;

		if (room->is_category || pcm_room_migrated(d, p, n))
			continue;
		id = pcm_node_id_text(d, n);
		path = pcm_node_path(d, n, sep);
		pcm_finding_add(out, PCM_CS_DISABLE, PCM_SEV_INFO, "ROOM-DISABLED", id, path, n,
		                PCM_NONE, (int64_t)room->stats.messages,
		                room->disabled
		                ? _("room %s (nodeID %s) is disabled in the source and is not "
		                    "migrated: %llu messages, %u files and %u role assignments stay behind")
		                : _("room %s (nodeID %s) is disabled by the plan and is not "
		                    "migrated: %llu messages, %u files and %u role assignments stay behind"),
		                path, id, (unsigned long long)room->stats.messages, (unsigned)files[n],
		                (unsigned)roles[n]);
		free(path);
		free(id);
	}
	free(files);
	free(roles);
}
