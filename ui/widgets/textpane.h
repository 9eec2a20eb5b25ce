/* SPDX-License-Identifier: MIT */
/* A scrollable pane of wrapped text (the help screen, the explanations,
 * the migration report) with search. The text is re-wrapped when the
 * width changes, so a resize keeps the content. */
#ifndef PCM_UI_TEXTPANE_H
#define PCM_UI_TEXTPANE_H

#include <stdbool.h>
#include <stddef.h>
#include "widgets/keys.h"
#include "widgets/text.h"
#include "widgets/ui.h"

struct pcm_textpane {
	char *text;                 /* the source text (UTF-8, '\n' separates lines) */
	struct pcm_lines lines;     /* wrapped at `width` */
	int width;
	size_t top, rows;
	char search[256];
	size_t hit;                 /* line of the last match */
	bool has_hit;
};

extern const struct pcm_keymap pcm_textpane_keys;

void pcm_textpane_init(struct pcm_textpane *tp);
void pcm_textpane_free(struct pcm_textpane *tp);
/* Replaces the text (copied); keeps the scroll position when possible. */
void pcm_textpane_set_text(struct pcm_textpane *tp, const char *text);
/* Wraps for width columns and rows visible (no-op when unchanged). */
void pcm_textpane_layout(struct pcm_textpane *tp, int width, size_t rows);
/* Movement actions; true when handled. PCM_ACT_SEARCH is left to the
 * caller (it prompts, then calls pcm_textpane_search). */
bool pcm_textpane_act(struct pcm_textpane *tp, int action);
bool pcm_textpane_search(struct pcm_textpane *tp, const char *needle, int dir);
void pcm_textpane_draw(struct pcm_textpane *tp, WINDOW *w, int y, int x, int rows, int cols,
                       attr_t a);

#endif
