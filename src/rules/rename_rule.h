/* SPDX-License-Identifier: MIT */
/* R3 for one rename before it is recorded: the one rule that both
 * `pcmigrate plan --rename` and the wizard's name editor apply (the editor
 * on every key), so neither accepts what the other refuses. */
#ifndef PCM_RENAME_RULE_H
#define PCM_RENAME_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/model.h"
#include "rules/plan.h"

enum pcm_rename_problem {
	PCM_RENAME_OK,
	PCM_RENAME_EMPTY,           /* empty or not UTF-8 */
	PCM_RENAME_CONTROL,         /* holds a control character */
	PCM_RENAME_TOO_LONG,        /* a room's final name over PCM_NAME_LIMIT */
	PCM_RENAME_COLLISION,       /* a room's final name equals another's */
};

struct pcm_rename_verdict {
	enum pcm_rename_problem problem;
	char why[1024];             /* translated, without a program prefix; "" when OK */
	long units;                 /* UTF-16 length of a room's final name, -1 otherwise */
	/* a category's rename (counted only when count_below is asked):
	 * distinct nodes at or below it with a blocking name finding
	 * (too long, colliding, clashing) before and after the rename, and
	 * how many of those before are fixed by it */
	size_t offenders_before, offenders_after, fixed;
};

/* Judges giving node n (a room or a category) the own name `name`, with
 * the plan as it is (an earlier rename of n is replaced). The plan is
 * left as it was. count_below: fill the offender counts (a category; it
 * runs the names check twice). Returns true when the rename is accepted:
 * a category's rename is refused only for an empty or control-holding
 * name; its offenders are for the caller to show or ask about. */
bool pcm_rename_judge(const struct pcm_deployment *d, struct pcm_plan *p, uint32_t n,
                      const char *name, bool count_below, struct pcm_rename_verdict *v);

/* The same rule for many names given to one node (the wizard's editor,
 * one name per key): the other rooms' final names are gathered once, so
 * judging a room's name costs its own length, not the deployment's. A
 * category's offender counts still run the names check (twice). The
 * context reads the plan as it was when made: make a new one after a
 * change. */
struct pcm_rename_ctx;
struct pcm_rename_ctx *pcm_rename_ctx_new(const struct pcm_deployment *d, struct pcm_plan *p,
                                          uint32_t n);
bool pcm_rename_ctx_judge(struct pcm_rename_ctx *c, const char *name, bool count_below,
                          struct pcm_rename_verdict *v);
void pcm_rename_ctx_free(struct pcm_rename_ctx *c);

#endif
