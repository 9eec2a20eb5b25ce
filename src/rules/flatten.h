/* SPDX-License-Identifier: MIT */
/* R3: the one-level target structure. Computes every migrated room's and
 * target category's final name (parents' names joined by the plan's
 * separator), its length in UTF-16 units, and case-insensitive collisions
 * in O(n) with a hash. Used by the names check, the wizard's line editor
 * (live length) and the engine. */
#ifndef PCM_FLATTEN_H
#define PCM_FLATTEN_H

#include "model/model.h"
#include "rules/plan.h"

struct pcm_target_category {
	uint32_t legacy;            /* legacy category node index (root for ROOT-ROOM rooms) */
	char *name;                 /* final name */
	long units;                 /* UTF-16 length */
	bool invitations;           /* R4 effective value (after plan decisions) */
	bool file_upload;           /* effective filePost, see pcm_effective_file_post */
	/* R3 collisions among target categories (case-insensitive): */
	uint32_t same_count;        /* categories sharing this name, 1 if unique */
	uint32_t twin;              /* another one of them, PCM_NONE if unique */
};

struct pcm_target_room {
	uint32_t node;              /* legacy room index */
	uint32_t category;          /* index into categories[] */
	char *name;                 /* final name: prefix + own (or renamed) name */
	long units;
	bool under_root;            /* ROOT-ROOM */
	/* R3 collisions among target rooms (case-insensitive, whole pool): */
	uint32_t same_count;        /* rooms sharing this name, 1 if unique */
	uint32_t twin;              /* another one of them, PCM_NONE if unique */
};

struct pcm_flat {
	PCM_VEC(struct pcm_target_category) categories;
	PCM_VEC(struct pcm_target_room) rooms;      /* migrated rooms only */
	uint32_t *room_of_node;     /* node index -> rooms[] index or PCM_NONE */
};

/* R4 (ours): a NULL invite on the root counts as off. */
#define PCM_ROOT_INVITE_DEFAULT false
/* (ours, no rule in the procedure): a NULL filePost on the root counts as
 * on, the legacy default (uploads go to the root's file store). */
#define PCM_ROOT_FILE_POST_DEFAULT true

/* Fills out with the target structure: only migrated rooms, and only the
 * categories that directly hold one ("Scope of the checks"), in tree
 * order. O(nodes + total length of the final names). Returns 0. */
int pcm_flatten(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_flat *out);
void pcm_flat_free(struct pcm_flat *f);

/* Final name a room would get with own name `name` (for the live editor);
 * caller frees. */
char *pcm_final_room_name(const struct pcm_deployment *d, const struct pcm_plan *p,
                          uint32_t room, const char *name);
/* Final name of the target category made from legacy category cat (the
 * root gives its own name, for ROOT-ROOM rooms); caller frees. */
char *pcm_final_category_name(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t cat);
/* Effective invitation value of a legacy category (R4), with plan decisions
 * (a category the admin turns on counts as on). For a room, its category's.
 * Iterative up the tree; NULL on the root counts as off. */
bool pcm_effective_invite(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t node);
/* Both effective values of every node (arrays of d->nodes.n; file_post
 * may be NULL), as the two functions above give them one node at a time. */
void pcm_effective_values(const struct pcm_deployment *d, const struct pcm_plan *p,
                          bool *invite, bool *file_post);
/* Effective file upload (filePost) of a legacy category, inherited the same
 * way; NULL on the root gives PCM_ROOT_FILE_POST_DEFAULT. */
bool pcm_effective_file_post(const struct pcm_deployment *d, uint32_t node);
/* Effective chat history (logged) of a legacy category (a room: its
 * category's), inherited the same way; NULL up to the root counts as on,
 * the legacy default. It becomes -ChatHistory of the 2013 category. */
#define PCM_ROOT_LOGGED_DEFAULT true
bool pcm_effective_logged(const struct pcm_deployment *d, uint32_t node);

#endif
