/* SPDX-License-Identifier: MIT */
/* R3 (checklist step 3): final names after flattening: the 256-unit limit,
 * case-insensitive collisions, clashes with items already in the target
 * pool, and rooms directly under the root. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "rules/flatten.h"
#include "base/i18n.h"
#include "base/nameset.h"
#include "base/util.h"

/* The plan's list of items already created in the target pool. */
static struct pcm_nameset *target_items(const struct pcm_plan *p)
{
	struct pcm_nameset *set = pcm_nameset_new(p ? p->ntarget_items : 0);
	size_t i;

	for (i = 0; p && i < p->ntarget_items; i++)
		pcm_nameset_add(set, p->target_items[i], (uint32_t)i);
	return set;
}

/* The three name rules for one final name, for a room or a category.
 * kind is the translated word ("room", "category"); twin_node is the
 * legacy node of another target with the same name, or PCM_NONE. */
static void check_one_name(const struct pcm_deployment *d, const struct pcm_plan *p,
                           struct pcm_findings *out, const struct pcm_nameset *items,
                           uint32_t node, const char *kind, const char *name, long units,
                           uint32_t same_count, uint32_t twin_node)
{
	const char *sep = pcm_plan_separator(p);
	uint32_t item = pcm_nameset_find(items, name);
	bool empty = name[strspn(name, " ")] == '\0';
	char *id, *path;

	/* most names pass: build the id and path only for a finding */
	if (units <= PCM_NAME_LIMIT && (same_count < 2 || twin_node == PCM_NONE) &&
	    item == UINT32_MAX && !empty)
		return;
	id = pcm_node_id_text(d, node);
	path = pcm_node_path(d, node, sep);
	/* -Name is mandatory on New-CsPersistentChatCategory and
	 * New-CsPersistentChatRoom, and PowerShell binds no empty string to a
	 * mandatory parameter; a name of spaces only is the empty name to SQL
	 * Server (trailing spaces are ignored). */
	if (empty)
		pcm_finding_add(out, PCM_CS_NAMES, PCM_SEV_BLOCK, "NAME-EMPTY", id, path, node,
		                PCM_NONE, 0,
		                _("%s %s (nodeID %s): the final name is empty or only spaces, which "
		                  "New-CsPersistentChat%s refuses: rename it"),
		                kind, path, id, node == PCM_NONE || d->nodes.v[node].is_category ?
		                "Category" : "Room");
	if (units > PCM_NAME_LIMIT)
		pcm_finding_add(out, PCM_CS_NAMES, PCM_SEV_BLOCK, "NAME-TOO-LONG", id, path, node,
		                PCM_NONE, units - PCM_NAME_LIMIT,
		                _("%s %s (nodeID %s): the final name \"%s\" is %ld UTF-16 units, "
		                  "%ld over the limit of %d"),
		                kind, path, id, name, units, units - PCM_NAME_LIMIT, PCM_NAME_LIMIT);
	if (same_count > 1 && twin_node != PCM_NONE) {
		char *other = pcm_node_path(d, twin_node, sep);
		pcm_finding_add(out, PCM_CS_NAMES, PCM_SEV_BLOCK, "NAME-COLLISION", id, path, node,
		                PCM_NONE, same_count,
		                _("%s %s (nodeID %s): the final name \"%s\" equals that of %s "
		                  "(nodeID %d) compared case-insensitively (%u names in the group)"),
		                kind, path, id, name, other, (int)d->nodes.v[twin_node].id,
		                (unsigned)same_count);
		free(other);
	}
	if (item != UINT32_MAX)
		pcm_finding_add(out, PCM_CS_NAMES, PCM_SEV_BLOCK, "NAME-CLASH", id, path, node,
		                PCM_NONE, 0,
		                _("%s %s (nodeID %s): the final name \"%s\" equals \"%s\", already "
		                  "created in the target pool, which the migration would overwrite"),
		                kind, path, id, name, p->target_items[item]);
	free(path);
	free(id);
}


static void check_names_flat(const struct pcm_deployment *d, const struct pcm_plan *p,
                             const struct pcm_flat *fp, struct pcm_findings *out)
{
	const struct pcm_flat flat = *fp;
	struct pcm_nameset *items = target_items(p);
	size_t i;

	for (i = 0; i < flat.categories.n; i++) {
		const struct pcm_target_category *c = &flat.categories.v[i];
		check_one_name(d, p, out, items, c->legacy, _("category"), c->name, c->units,
		               c->same_count,
		               c->twin == PCM_NONE ? PCM_NONE : flat.categories.v[c->twin].legacy);
	}
	for (i = 0; i < flat.rooms.n; i++) {
		const struct pcm_target_room *r = &flat.rooms.v[i];
		check_one_name(d, p, out, items, r->node, _("room"), r->name, r->units,
		               r->same_count, r->twin == PCM_NONE ? PCM_NONE : flat.rooms.v[r->twin].node);
		if (r->under_root) {
			char *id = pcm_node_id_text(d, r->node);
			char *path = pcm_node_path(d, r->node, pcm_plan_separator(p));
			pcm_finding_add(out, PCM_CS_NAMES, PCM_SEV_WARNING, "ROOT-ROOM", id, path,
			                r->node, PCM_NONE, 0,
			                _("room %s (nodeID %s) is directly under the root: it keeps its "
			                  "name and goes into a category named \"%s\", after the root"),
			                path, id, flat.categories.v[r->category].name);
			free(path);
			free(id);
		}
	}
	pcm_nameset_free(items);
}

void pcm_check_names(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out)
{
	struct pcm_flat flat;

	pcm_flatten(d, p, &flat);
	check_names_flat(d, p, &flat, out);
	pcm_flat_free(&flat);
}
