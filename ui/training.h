/* SPDX-License-Identifier: MIT */
/* Guided training (pcmigrate --training, on the bundled sample only): each
 * step opens with what to look at and a task, and leaving the step checks
 * the task against the plan (and the run) before going on. */
#ifndef PCM_UI_TRAINING_H
#define PCM_UI_TRAINING_H

#include <stdbool.h>
#include "wizard.h"

/* Shows the step's introduction and task (once per visit); remembers what
 * the task's check needs (the three longest names, say). */
void pcm_training_intro(struct pcm_wiz *w);
/* At Next: true when the step's task is done (says so), or when the
 * trainee chooses to go on without it. */
bool pcm_training_check(struct pcm_wiz *w);

#endif
