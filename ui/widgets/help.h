/* SPDX-License-Identifier: MIT */
/* The help screen (F1 or ?): the screen's title and why the step exists,
 * then every key of the screen, read from the same tables the handlers
 * use. The wizard shows the text in a text pane. */
#ifndef PCM_UI_HELP_H
#define PCM_UI_HELP_H

#include "widgets/keys.h"

/* Builds the help text (caller frees). Keys for one action are listed
 * together ("Up k"), aligned in a column. */
char *pcm_help_text(const char *title, const char *explanation,
                    const struct pcm_keymap *const maps[], int nmaps);

#endif
