/* SPDX-License-Identifier: MIT */
/* R5 (checklist step 5): what the date cutoff drops. */
#include "config.h"
#include <stdlib.h>
#include "rules/checks.h"
#include "base/i18n.h"
#include "base/util.h"

void pcm_check_cutoff(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out)
{
	const char *sep = pcm_plan_separator(p);
	uint32_t n;

	if (!p || !p->has_cutoff || d->root == PCM_NONE)
		return;
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *room = &d->nodes.v[n];
		uint64_t lo, hi, total = room->stats.messages;
		char *id, *path, *count;

		/* R5: a message exactly at the cutoff is migrated */
		if (!pcm_room_migrated(d, p, n) || total == 0 || room->stats.first_ticks >= p->cutoff_ticks)
			continue;
		pcm_room_messages_before_bounds(d, room, p->cutoff_ticks, &lo, &hi);
		id = pcm_node_id_text(d, n);
		path = pcm_node_path(d, n, sep);
		count = lo == hi ? pcm_xasprintf("%llu", (unsigned long long)lo)
		                 : pcm_xasprintf(_("%llu to %llu (the cutoff falls between messages "
		                                   "of one day, which are counted per day)"),
		                                 (unsigned long long)lo, (unsigned long long)hi);
		pcm_finding_add(out, PCM_CS_CUTOFF, PCM_SEV_INFO, "CUTOFF-DROPS", id, path, n,
		                PCM_NONE, (int64_t)lo,
		                _("room %s (nodeID %s): %s of its %llu messages are older than the "
		                  "cutoff %s; the export command carries -StartDate: check the import "
		                  "report that they are left out"),
		                path, id, count, (unsigned long long)total,
		                p->cutoff_text ? p->cutoff_text : "?");
		if (room->stats.last_ticks < p->cutoff_ticks)
			pcm_finding_add(out, PCM_CS_CUTOFF, PCM_SEV_WARNING, "ROOM-EMPTIED", id, path, n,
			                PCM_NONE, (int64_t)total,
			                _("room %s (nodeID %s): every one of its %llu messages is older "
			                  "than the cutoff %s: the room is migrated empty if the export "
			                  "leaves them out (the export command carries -StartDate; check "
			                  "the import report)"),
			                path, id, (unsigned long long)total,
			                p->cutoff_text ? p->cutoff_text : "?");
		free(count);
		free(path);
		free(id);
	}
}
