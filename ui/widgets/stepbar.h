/* SPDX-License-Identifier: MIT */
/* The step bar: every step of the checklist in one row, the current one
 * bracketed, done ones ticked, blocked ones marked '!'. Marks are text as
 * well as colour, so they show on a monochrome terminal. */
#ifndef PCM_UI_STEPBAR_H
#define PCM_UI_STEPBAR_H

#include "widgets/ui.h"

enum pcm_step_state { PCM_STEP_TODO, PCM_STEP_DONE, PCM_STEP_BLOCKED };

/* Columns each label is cut to so the bar fits in cols (a large value
 * when every label fits whole); the current step always keeps its whole
 * label. Pure, for tests. */
int pcm_stepbar_fit(const char *const labels[], int n, int current, int cols);
void pcm_stepbar_draw(WINDOW *w, int y, int cols, const char *const labels[],
                      const enum pcm_step_state states[], int n, int current);

/* The step drawn at column x of the last bar, or -1 (mouse clicks). */
int pcm_stepbar_hit(int x);

#endif
