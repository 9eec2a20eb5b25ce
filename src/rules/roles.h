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

/* Entries of a table (roles, scopes) grouped by the node they sit on: a
 * stable counting sort, so entry k of node n is idx[start[n] + k] in the
 * table's order. */
struct pcm_by_node {
	uint32_t *start, *idx;  /* node n: idx[start[n] .. start[n + 1]) */
};

/* v holds n entries of size bytes whose uint32_t node index sits at
 * node_off; entries naming no node (>= nnodes) are left out. */
void pcm_by_node_init(struct pcm_by_node *g, size_t nnodes, size_t n,
                      const void *v, size_t size, size_t node_off);
void pcm_by_node_free(struct pcm_by_node *g);

/* The one walk of which migrated assignments reach a node, used by the
 * checks (FEDERATED, AUDITORIUM-NO-PRESENTER) and by the package (each
 * room's managers, members and presenters; each category's creators), so
 * a change to inheritance is made here only. Built once in
 * O(nodes + roles); a walk from a node visits only the assignments held
 * on it and on its ancestors that hold any (a "nearest ancestor holding
 * roles" link), so a deep chain of categories without roles costs nothing.
 *
 * Cost (issue 13): the checks used to add their counts up in one aggregate
 * pass down the tree; they walk per migrated room instead. On the
 * 100,000-room benchmark (callgrind, bench/RESULTS.md 2026-12-06 issue 13)
 * `check` costs +0.27% instructions (pcm_check_warnings 357M -> 444M of
 * 21.9G), within the +3% allowed, so no aggregate pass is kept. */
struct pcm_role_index {
	const struct pcm_deployment *d;
	struct pcm_by_node roles;       /* assignments by the node holding them */
	uint32_t *up;                   /* nearest ancestor-or-self holding roles */
	uint8_t *how;                   /* per assignment: enum pcm_inherit, with
	                                 * PCM_INHERIT_NONE also for a root manager
	                                 * the plan drops (R2) */
	struct pcm_role_reach reach;
};

/* p may be NULL (nothing dropped). */
void pcm_role_index_init(struct pcm_role_index *ix, const struct pcm_deployment *d,
                         const struct pcm_plan *p);
void pcm_role_index_free(struct pcm_role_index *ix);

/* Which holders a walk takes: the inheritance rule, or every migrated
 * assignment on the node and above whatever overrides membership (the
 * creators of a target category: overrideMember is about membership, and
 * a category's creators are those of it and of every category above). */
enum pcm_walk {
	PCM_WALK_REACHING,
	PCM_WALK_ABOVE,
};

struct pcm_role_walk {
	const struct pcm_role_index *ix;
	uint32_t node;          /* the node asked about */
	uint32_t holder;        /* node holding the assignment last returned */
	uint32_t i, end;        /* position in holder's assignments */
	enum pcm_walk mode;
};

void pcm_role_walk_start(struct pcm_role_walk *w, const struct pcm_role_index *ix,
                         uint32_t node, enum pcm_walk mode);
/* The next migrated assignment reaching w->node (under mode), nearest
 * holder first and in table order on one holder; NULL at the end.
 * w->holder is the node holding it. */
const struct pcm_role *pcm_role_walk_next(struct pcm_role_walk *w);

#endif
