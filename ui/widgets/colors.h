/* SPDX-License-Identifier: MIT */
/* Every colour of the wizard in one table indexed by meaning (htop's
 * CRT.c idea). Nothing else calls init_pair. Monochrome terminals and
 * NO_COLOR get attributes only (bold, reverse, underline). */
#ifndef PCM_UI_COLORS_H
#define PCM_UI_COLORS_H

#include <stdbool.h>
#include "widgets/ui.h"

enum pcm_color {
	PCM_C_NORMAL,
	PCM_C_TITLE,            /* top line */
	PCM_C_TRAINING,         /* the "training deployment" label */
	PCM_C_STEP,             /* a step in the step bar */
	PCM_C_STEP_CURRENT,
	PCM_C_STEP_DONE,
	PCM_C_STEP_BLOCKED,
	PCM_C_HEADING,          /* a section heading on a screen */
	PCM_C_EXPLAIN,          /* the why-this-step paragraph */
	PCM_C_CURSOR,           /* selected row of a focused list */
	PCM_C_CURSOR_IDLE,      /* selected row of a list without focus */
	PCM_C_BLOCK,            /* blocking finding / error */
	PCM_C_WARNING,
	PCM_C_INFO,
	PCM_C_OK,
	PCM_C_OVER_LIMIT,       /* a name over 256 units */
	PCM_C_FIELD,            /* an input field */
	PCM_C_GAUGE_DONE,
	PCM_C_GAUGE_TODO,
	PCM_C_STATUS,           /* bottom line with the keys */
	PCM_C_STATUS_KEY,
	PCM_C_MESSAGE,          /* message line */
	PCM_C_MATCH,            /* search match */
	PCM_C_DIALOG,
	PCM_C_COUNT
};

/* Starts colours when the terminal has them and NO_COLOR is unset or
 * empty; force_mono skips them anyway. Call after initscr. */
void pcm_colors_init(bool force_mono);
/* True when colours are in use. */
bool pcm_colors_active(void);
/* The attributes to draw a meaning with. */
attr_t pcm_color(enum pcm_color c);
/* True when the environment asks for no colour (NO_COLOR non-empty). */
bool pcm_no_color_env(void);

#endif
