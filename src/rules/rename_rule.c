/* SPDX-License-Identifier: MIT */
/* R3 for one rename before it is recorded (rules/rename_rule.h): the rule
 * `plan --rename` and the wizard's name editor share. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/escape.h"
#include "base/i18n.h"
#include "base/util.h"
#include "rules/checks.h"
#include "rules/flatten.h"
#include "rules/rename_rule.h"

/* Is node n at or below node top? */
static bool at_or_below(const struct pcm_deployment *d, uint32_t n, uint32_t top)
{
	while (n != PCM_NONE) {
		if (n == top)
			return true;
		n = d->nodes.v[n].parent;
	}
	return false;
}

/* Marks in bad[] every node at or below top with a blocking name finding;
 * returns how many. */
static size_t mark_offenders(const struct pcm_deployment *d, const struct pcm_plan *p,
                             uint32_t top, unsigned char *bad, unsigned char bit)
{
	struct pcm_findings fs;
	size_t i, n = 0;

	pcm_findings_init(&fs);
	pcm_check_names(d, p, &fs);
	for (i = 0; i < fs.list.n; i++) {
		const struct pcm_finding *f = &fs.list.v[i];
		if (f->severity != PCM_SEV_BLOCK || f->node == PCM_NONE || (bad[f->node] & bit) ||
		    !at_or_below(d, f->node, top))
			continue;
		bad[f->node] |= bit;
		n++;
	}
	pcm_findings_free(&fs);
	return n;
}

/* The offenders below category n before and after the rename. */
static void count_below(const struct pcm_deployment *d, struct pcm_plan *p, uint32_t n,
                        const char *name, struct pcm_rename_verdict *v)
{
	unsigned char *bad = pcm_xcalloc(d->nodes.n ? d->nodes.n : 1, 1);
	const char *before = pcm_plan_rename_of(p, d->nodes.v[n].id);
	char *saved = before ? pcm_xstrdup(before) : NULL;
	size_t i;

	v->offenders_before = mark_offenders(d, p, n, bad, 1);
	pcm_plan_set_rename(p, d->nodes.v[n].id, d->nodes.v[n].name, name);
	v->offenders_after = mark_offenders(d, p, n, bad, 2);
	pcm_plan_set_rename(p, d->nodes.v[n].id, d->nodes.v[n].name, saved ? saved : d->nodes.v[n].name);
	for (i = 0; i < d->nodes.n; i++)
		if (bad[i] == 1)
			v->fixed++;
	free(saved);
	free(bad);
}

bool pcm_rename_judge(const struct pcm_deployment *d, struct pcm_plan *p, uint32_t n,
                      const char *name, bool count, struct pcm_rename_verdict *v)
{
	const struct pcm_node *node = &d->nodes.v[n];
	const char *before = pcm_plan_rename_of(p, node->id);
	char *saved, *final;
	struct pcm_flat flat;
	const struct pcm_target_room *r = NULL;

	memset(v, 0, sizeof *v);
	v->units = -1;
	if (!*name || pcm_utf16_length(name) < 0) {
		v->problem = PCM_RENAME_EMPTY;
		snprintf(v->why, sizeof v->why, _("the new name of nodeID %d must be non-empty UTF-8"),
		         (int)node->id);
		return false;
	}
	if (pcm_first_control(name, false)) {
		v->problem = PCM_RENAME_CONTROL;
		snprintf(v->why, sizeof v->why,
		         _("the new name of nodeID %d holds the control character U+%04X; a name "
		           "cannot hold control characters"),
		         (int)node->id, (unsigned)pcm_first_control(name, false));
		return false;
	}
	if (node->is_category) {
		if (count)
			count_below(d, p, n, name, v);
		return true;
	}
	final = pcm_final_room_name(d, p, n, name);
	if (final) {
		v->units = pcm_utf16_length(final);
		if (v->units > PCM_NAME_LIMIT) {
			v->problem = PCM_RENAME_TOO_LONG;
			snprintf(v->why, sizeof v->why,
			         _("the final name \"%s\" would be %ld UTF-16 units, over the limit of %d"),
			         pcm_shown(final), v->units, PCM_NAME_LIMIT);
			free(final);
			return false;
		}
		free(final);
	}
	if (!pcm_room_migrated(d, p, n))
		return true;
	/* try it, then put the earlier decision back */
	saved = before ? pcm_xstrdup(before) : NULL;
	pcm_plan_set_rename(p, node->id, node->name, name);
	pcm_flatten(d, p, &flat);
	if (flat.room_of_node[n] != PCM_NONE)
		r = &flat.rooms.v[flat.room_of_node[n]];
	if (r && r->twin != PCM_NONE) {
		v->problem = PCM_RENAME_COLLISION;
		snprintf(v->why, sizeof v->why,
		         _("the final name \"%s\" would equal that of nodeID %d (compared "
		           "case-insensitively)"),
		         pcm_shown(r->name), (int)d->nodes.v[flat.rooms.v[r->twin].node].id);
	}
	pcm_flat_free(&flat);
	pcm_plan_set_rename(p, node->id, node->name, saved ? saved : node->name);
	free(saved);
	return v->problem == PCM_RENAME_OK;
}
