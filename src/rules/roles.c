/* SPDX-License-Identifier: MIT */
/* The inheritance of role assignments down the category tree (roles.h).
 *
 * legacy-schema.md: "Roles on a category apply to the rooms below it unless
 * overridden (honorsOverride)". Our reading (an inference, kept here only):
 * an assignment with honorsOverride = 1 stops at the first node below its
 * own that has overrideMember = 1; one with honorsOverride = 0 reaches
 * every node below. An assignment always reaches its own node; an
 * overrideMember on the holding node itself stops only what comes from
 * above it.
 * R2 (migration-rules.md): a manager on the root becomes a manager of every
 * migrated room, so root managers pass every override.
 * A root manager the plan drops (R2) is removed before the migration.
 * Scopes are not inherited piecewise: the nearest node holding scope rows
 * gives the scope (a subcategory's own scope replaces its parent's).
 * DISABLED-PRINCIPAL (R7, ours): a disabled principal's roles are not
 * migrated, so they reach nothing. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rules/plan.h"
#include "rules/roles.h"
#include "base/util.h"

enum pcm_inherit pcm_role_inheritance(const struct pcm_deployment *d, const struct pcm_role *r)
{
	if (r->principal >= d->principals.n || r->node >= d->nodes.n ||
	    d->principals.v[r->principal].disabled)
		return PCM_INHERIT_NONE;
	if (r->node == d->root && r->kind == PCM_ROLE_MANAGER)
		return PCM_INHERIT_ALL;
	return r->honors_override ? PCM_INHERIT_UNTIL_OVERRIDE : PCM_INHERIT_ALL;
}

bool pcm_role_dropped(const struct pcm_deployment *d, const struct pcm_plan *p,
                      const struct pcm_role *r)
{
	const struct pcm_principal *pr;

	if (!p || r->node != d->root || r->kind != PCM_ROLE_MANAGER ||
	    r->principal >= d->principals.n)
		return false;
	pr = &d->principals.v[r->principal];
	return pr->uri && pcm_plan_root_manager(p, pr->uri) == 0;
}

void pcm_scope_nearest(const struct pcm_deployment *d, uint32_t *up)
{
	bool *holds = pcm_xcalloc(d->nodes.n + 1, sizeof *holds);
	size_t i;

	for (i = 0; i < d->scopes.n; i++)
		if (d->scopes.v[i].node < d->nodes.n)
			holds[d->scopes.v[i].node] = true;
	for (i = 0; i < d->nodes.n; i++)
		up[i] = PCM_NONE;
	for (i = 0; d->parents_first && i < d->nodes.n; i++) {
		uint32_t n = d->parents_first[i], par = d->nodes.v[n].parent;
		up[n] = holds[n] ? n : par != PCM_NONE ? up[par] : PCM_NONE;
	}
	free(holds);
}

bool pcm_inherit_stops_at(enum pcm_inherit how, const struct pcm_node *node)
{
	switch (how) {
	case PCM_INHERIT_NONE:
		return true;
	case PCM_INHERIT_UNTIL_OVERRIDE:
		return node->override_member;
	case PCM_INHERIT_ALL:
	default:
		return false;
	}
}

void pcm_role_reach_init(struct pcm_role_reach *rr, const struct pcm_deployment *d)
{
	size_t nn = d->nodes.n, i;

	rr->d = d;
	rr->stop_depth = pcm_xmalloc((nn + 1) * sizeof *rr->stop_depth);
	for (i = 0; i < nn; i++)
		rr->stop_depth[i] = -1;
	if (d->root == PCM_NONE)
		return;
	for (i = 0; d->parents_first && i < nn; i++) {
		uint32_t n = d->parents_first[i];
		const struct pcm_node *nd = &d->nodes.v[n];
		int32_t up = n == d->root || nd->parent == PCM_NONE ? -1 : rr->stop_depth[nd->parent];
		rr->stop_depth[n] = pcm_inherit_stops_at(PCM_INHERIT_UNTIL_OVERRIDE, nd)
		                    ? (int32_t)nd->depth : up;
	}
}

void pcm_role_reach_free(struct pcm_role_reach *rr)
{
	free(rr->stop_depth);
	rr->stop_depth = NULL;
}

bool pcm_role_reaches(const struct pcm_role_reach *rr, const struct pcm_role *r, uint32_t node)
{
	const struct pcm_deployment *d = rr->d;

	switch (pcm_role_inheritance(d, r)) {
	case PCM_INHERIT_NONE:
		return false;
	case PCM_INHERIT_ALL:
		return true;
	case PCM_INHERIT_UNTIL_OVERRIDE:
	default:
		if (node == r->node)
			return true;
		/* stopped when a node strictly below the holder, down to node
		 * itself, overrides membership */
		return rr->stop_depth[node] <= (int32_t)d->nodes.v[r->node].depth;
	}
}

void pcm_by_node_init(struct pcm_by_node *g, size_t nnodes, size_t n,
                      const void *v, size_t size, size_t node_off)
{
	uint32_t *fill;
	size_t i;

	g->start = pcm_xcalloc(nnodes + 2, sizeof *g->start);
	g->idx = pcm_xcalloc(n + 1, sizeof *g->idx);
	for (i = 0; i < n; i++) {
		uint32_t node;
		memcpy(&node, (const char *)v + i * size + node_off, sizeof node);
		if (node < nnodes)
			g->start[node + 1]++;
	}
	for (i = 0; i < nnodes; i++)
		g->start[i + 1] += g->start[i];
	fill = pcm_xmalloc((nnodes + 1) * sizeof *fill);
	memcpy(fill, g->start, (nnodes + 1) * sizeof *fill);
	for (i = 0; i < n; i++) {
		uint32_t node;
		memcpy(&node, (const char *)v + i * size + node_off, sizeof node);
		if (node < nnodes)
			g->idx[fill[node]++] = (uint32_t)i;
	}
	free(fill);
}

void pcm_by_node_free(struct pcm_by_node *g)
{
	free(g->start);
	free(g->idx);
	g->start = g->idx = NULL;
}

void pcm_role_index_init(struct pcm_role_index *ix, const struct pcm_deployment *d,
                         const struct pcm_plan *p)
{
	size_t nn = d->nodes.n, i;

	ix->d = d;
	pcm_by_node_init(&ix->roles, nn, d->roles.n, d->roles.v, sizeof *d->roles.v,
	                 offsetof(struct pcm_role, node));
	pcm_role_reach_init(&ix->reach, d);
	/* asked once per assignment, not once per room */
	ix->how = pcm_xmalloc(d->roles.n + 1);
	for (i = 0; i < d->roles.n; i++) {
		const struct pcm_role *r = &d->roles.v[i];
		ix->how[i] = (uint8_t)(pcm_role_dropped(d, p, r) ? PCM_INHERIT_NONE
		                                                 : pcm_role_inheritance(d, r));
	}
	ix->up = pcm_xmalloc((nn + 1) * sizeof *ix->up);
	for (i = 0; i < nn; i++)
		ix->up[i] = PCM_NONE;
	if (d->root == PCM_NONE)
		return;
	for (i = 0; d->parents_first && i < nn; i++) {
		uint32_t n = d->parents_first[i];
		uint32_t par = n == d->root ? PCM_NONE : d->nodes.v[n].parent;
		bool has_roles = ix->roles.start[n + 1] > ix->roles.start[n];

		ix->up[n] = has_roles ? n : par != PCM_NONE ? ix->up[par] : PCM_NONE;
	}
}

void pcm_role_index_free(struct pcm_role_index *ix)
{
	pcm_by_node_free(&ix->roles);
	pcm_role_reach_free(&ix->reach);
	free(ix->up);
	free(ix->how);
	ix->up = NULL;
	ix->how = NULL;
}

/* Moves w to the holder k (PCM_NONE: the end). */
static void walk_at(struct pcm_role_walk *w, uint32_t k)
{
	w->holder = k;
	if (k == PCM_NONE) {
		w->i = w->end = 0;
		return;
	}
	w->i = w->ix->roles.start[k];
	w->end = w->ix->roles.start[k + 1];
}

void pcm_role_walk_start(struct pcm_role_walk *w, const struct pcm_role_index *ix,
                         uint32_t node, enum pcm_walk mode)
{
	w->ix = ix;
	w->node = node;
	w->mode = mode;
	walk_at(w, node < ix->d->nodes.n ? ix->up[node] : PCM_NONE);
}

const struct pcm_role *pcm_role_walk_next(struct pcm_role_walk *w)
{
	const struct pcm_role_index *ix = w->ix;
	const struct pcm_deployment *d = ix->d;

	while (w->holder != PCM_NONE) {
		while (w->i < w->end) {
			uint32_t k = ix->roles.idx[w->i++];
			const struct pcm_role *r = &d->roles.v[k];
			switch ((enum pcm_inherit)ix->how[k]) {
			case PCM_INHERIT_NONE:
				continue;
			case PCM_INHERIT_UNTIL_OVERRIDE:
				/* as pcm_role_reaches: stopped by an override
				 * strictly below the holder, down to the node */
				if (w->mode == PCM_WALK_REACHING && w->holder != w->node &&
				    ix->reach.stop_depth[w->node] > (int32_t)d->nodes.v[w->holder].depth)
					continue;
				return r;
			case PCM_INHERIT_ALL:
			default:
				return r;
			}
		}
		{
			uint32_t par = w->holder == d->root ? PCM_NONE : d->nodes.v[w->holder].parent;
			walk_at(w, par == PCM_NONE ? PCM_NONE : ix->up[par]);
		}
	}
	return NULL;
}
