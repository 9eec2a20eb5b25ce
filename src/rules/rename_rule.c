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
#include "base/nameset.h"

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

struct pcm_rename_ctx {
	const struct pcm_deployment *d;
	struct pcm_plan *p;
	uint32_t n;
	bool migrated;              /* a room the plan migrates: collisions count */
	struct pcm_flat flat;       /* the plan's target rooms, for their names */
	struct pcm_nameset *others; /* every migrated room's final name but n's */
};

struct pcm_rename_ctx *pcm_rename_ctx_new(const struct pcm_deployment *d, struct pcm_plan *p,
                                          uint32_t n)
{
	struct pcm_rename_ctx *c = pcm_xcalloc(1, sizeof *c);
	size_t i;

	c->d = d;
	c->p = p;
	c->n = n;
	if (d->nodes.v[n].is_category || !pcm_room_migrated(d, p, n))
		return c;
	c->migrated = true;
	/* n's final name does not depend on n's own rename being in the flat:
	 * only the others' names are kept */
	pcm_flatten(d, p, &c->flat);
	c->others = pcm_nameset_new(c->flat.rooms.n);
	for (i = 0; i < c->flat.rooms.n; i++)
		if (c->flat.rooms.v[i].node != n)
			pcm_nameset_add(c->others, c->flat.rooms.v[i].name, c->flat.rooms.v[i].node);
	return c;
}

void pcm_rename_ctx_free(struct pcm_rename_ctx *c)
{
	if (!c)
		return;
	if (c->others)
		pcm_nameset_free(c->others);
	if (c->migrated)
		pcm_flat_free(&c->flat);
	free(c);
}

bool pcm_rename_ctx_judge(struct pcm_rename_ctx *c, const char *name, bool count,
                          struct pcm_rename_verdict *v)
{
	const struct pcm_deployment *d = c->d;
	const struct pcm_node *node = &d->nodes.v[c->n];
	char *final;
	uint32_t twin;

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
			count_below(d, c->p, c->n, name, v);
		return true;
	}
	final = pcm_final_room_name(d, c->p, c->n, name);
	if (!final)
		return true;
	v->units = pcm_utf16_length(final);
	if (v->units > PCM_NAME_LIMIT) {
		v->problem = PCM_RENAME_TOO_LONG;
		snprintf(v->why, sizeof v->why,
		         _("the final name \"%s\" would be %ld UTF-16 units, over the limit of %d"),
		         pcm_shown(final), v->units, PCM_NAME_LIMIT);
	} else if (c->migrated && (twin = pcm_nameset_find(c->others, final)) != UINT32_MAX) {
		v->problem = PCM_RENAME_COLLISION;
		snprintf(v->why, sizeof v->why,
		         _("the final name \"%s\" would equal that of nodeID %d (compared "
		           "case-insensitively)"),
		         pcm_shown(final), (int)d->nodes.v[twin].id);
	}
	free(final);
	return v->problem == PCM_RENAME_OK;
}

bool pcm_rename_judge(const struct pcm_deployment *d, struct pcm_plan *p, uint32_t n,
                      const char *name, bool count, struct pcm_rename_verdict *v)
{
	struct pcm_rename_ctx *c = pcm_rename_ctx_new(d, p, n);
	bool ok = pcm_rename_ctx_judge(c, name, count, v);

	pcm_rename_ctx_free(c);
	return ok;
}
