/* SPDX-License-Identifier: MIT */
/* Which role assignments reach which nodes: the one statement of how a
 * role held on a category is inherited down the category tree. The
 * checks (FEDERATED, AUDITORIUM-NO-PRESENTER in check_warnings.c) and the
 * package (the managers, members and presenters of each room in target.c)
 * both ask here, so they cannot disagree. */
#ifndef PCM_ROLES_H
#define PCM_ROLES_H

#include <stdbool.h>
#include <stdint.h>
#include "model/model.h"

struct pcm_plan;

/* How far below its own node an assignment travels. */
enum pcm_inherit {
	PCM_INHERIT_NONE,       /* not migrated at all (disabled principal) */
	PCM_INHERIT_UNTIL_OVERRIDE, /* stops at a node that overrides membership */
	PCM_INHERIT_ALL,        /* reaches every node below */
};

/* The rule for one assignment (see roles.c for the sources). */
enum pcm_inherit pcm_role_inheritance(const struct pcm_deployment *d, const struct pcm_role *r);

/* R2: is r a root manager assignment the plan drops? A dropped one is
 * not migrated, so it reaches nothing. p may be NULL (nothing dropped). */
bool pcm_role_dropped(const struct pcm_deployment *d, const struct pcm_plan *p,
                      const struct pcm_role *r);

/* The nearest node at or above node that holds scope rows (tblScopePrincipal):
 * its scope is the one that applies, and a child's own scope replaces its
 * parent's. Fills up[] for every node in one pre-order pass; PCM_NONE where
 * no node above holds any. */
void pcm_scope_nearest(const struct pcm_deployment *d, uint32_t *up);

/* Does an assignment of kind `how`, inherited from node's parent, stop at
 * node (so neither node nor anything below it gets it)? */
bool pcm_inherit_stops_at(enum pcm_inherit how, const struct pcm_node *node);

/* Per-node facts for pcm_role_reaches, built in one pre-order pass. */
struct pcm_role_reach {
	const struct pcm_deployment *d;
	int32_t *stop_depth;    /* depth of the deepest ancestor-or-self at which
	                         * PCM_INHERIT_UNTIL_OVERRIDE stops; -1 none */
};

void pcm_role_reach_init(struct pcm_role_reach *rr, const struct pcm_deployment *d);
void pcm_role_reach_free(struct pcm_role_reach *rr);

/* Does assignment r (held on r->node) reach node, which is r->node or a
 * node below it? O(1). */
bool pcm_role_reaches(const struct pcm_role_reach *rr, const struct pcm_role *r, uint32_t node);

#endif
