/* SPDX-License-Identifier: MIT */
/* Shared by plan.c and plan_decisions.c only: recording a decision with a
 * given stamp (a loaded plan keeps the stamps it was saved with). */
#ifndef PCM_PLAN_IMPL_H
#define PCM_PLAN_IMPL_H

#include "rules/plan.h"

/* stamp NULL = now and $USER, as the public setters do. */
void pcm_plan_put_rename(struct pcm_plan *p, int32_t node_id, const char *old_name,
                         const char *new_name, const struct pcm_stamp *stamp);
void pcm_plan_put_root_manager(struct pcm_plan *p, const char *uri, bool keep,
                               const struct pcm_stamp *stamp);
void pcm_plan_put_category_invite(struct pcm_plan *p, int32_t node_id, bool turn_on,
                                  const struct pcm_stamp *stamp);
void pcm_plan_put_disabled(struct pcm_plan *p, int32_t node_id, const char *name,
                           const struct pcm_stamp *stamp);
/* Copies a stamp (NULL = now). */
void pcm_stamp_set(struct pcm_stamp *dst, const struct pcm_stamp *src);
void pcm_stamp_free(struct pcm_stamp *s);

/* The name of a wizard step in the plan file ("root-managers"), and back
 * (PCM_STEP_COUNT when unknown). */
const char *pcm_plan_step_name(enum pcm_step step);
enum pcm_step pcm_plan_step_from_name(const char *name);

#endif
