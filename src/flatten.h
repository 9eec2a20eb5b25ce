/* R3: the one-level target structure. Computes every migrated room's and
 * target category's final name (parents' names joined by the plan's
 * separator), its length in UTF-16 units, and case-insensitive collisions
 * in O(n) with a hash. Used by the names check, the wizard's line editor
 * (live length) and the engine. */
#ifndef PCM_FLATTEN_H
#define PCM_FLATTEN_H

#include "model.h"
#include "plan.h"

struct pcm_target_category {
	uint32_t legacy;            /* legacy category node index (root for ROOT-ROOM rooms) */
	char *name;                 /* final name */
	long units;                 /* UTF-16 length */
	bool invitations;           /* R4 effective value (after plan decisions) */
	bool file_upload;
};

struct pcm_target_room {
	uint32_t node;              /* legacy room index */
	uint32_t category;          /* index into categories[] */
	char *name;                 /* final name: prefix + own (or renamed) name */
	long units;
	bool under_root;            /* ROOT-ROOM */
};

struct pcm_flat {
	PCM_VEC(struct pcm_target_category) categories;
	PCM_VEC(struct pcm_target_room) rooms;      /* migrated rooms only */
	uint32_t *room_of_node;     /* node index -> rooms[] index or PCM_NONE */
};

int pcm_flatten(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_flat *out);
void pcm_flat_free(struct pcm_flat *f);

/* Final name a room would get with own name `name` (for the live editor);
 * caller frees. */
char *pcm_final_room_name(const struct pcm_deployment *d, const struct pcm_plan *p,
                          uint32_t room, const char *name);
/* Effective invitation value of a legacy category (R4), with plan decisions. */
bool pcm_effective_invite(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t node);

#endif
