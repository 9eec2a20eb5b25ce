/* SPDX-License-Identifier: MIT */
/* The two bottom rows: a message row (what just happened, or a prompt)
 * and the key row, built from the key tables' `bar` words so the bar and
 * the bindings cannot disagree. */
#ifndef PCM_UI_STATUSBAR_H
#define PCM_UI_STATUSBAR_H

#include "widgets/colors.h"
#include "widgets/keys.h"
#include "widgets/ui.h"

/* Writes "F1 Help  Space Tick ..." for the maps in order (a key already
 * shown is not repeated) into buf. Pure, for tests. */
void pcm_statusbar_format(const struct pcm_keymap *const maps[], int nmaps, char *buf,
                          size_t size);
void pcm_statusbar_draw_keys(WINDOW *w, int y, int cols, const struct pcm_keymap *const maps[],
                             int nmaps);
void pcm_statusbar_draw_message(WINDOW *w, int y, int cols, const char *text,
                                enum pcm_color color);

#endif
