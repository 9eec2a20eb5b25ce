/* SPDX-License-Identifier: MIT */
/* What every list screen of the wizard (root managers, names,
 * invitations, disable, warnings) shares: a virtual list, its keys
 * (movement, `/` search with n and N, Space on a tick) and what a tick
 * means, handed back to the screen. The row callbacks get the
 * struct pcm_listscreen as their context: a screen keeps it as the first
 * member of its state object and casts back. */
#ifndef PCM_UI_LISTSCREEN_H
#define PCM_UI_LISTSCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include "widgets/listbox.h"

struct pcm_wiz;
struct pcm_listscreen;

/* Space ticked (on) or unticked row i; the tick is already set. */
typedef void (*pcm_listscreen_toggled_fn)(struct pcm_listscreen *ls, size_t i, bool on);

struct pcm_listscreen {
	struct pcm_listbox list;
	struct pcm_wiz *w;
	pcm_listscreen_toggled_fn toggled;  /* NULL: the rows have no ticks */
};

/* (Re)starts the list with count rows; text, color and search_text as in
 * struct pcm_listbox (search_text NULL: search the row text). */
void pcm_listscreen_init(struct pcm_listscreen *ls, struct pcm_wiz *w, size_t count,
                         pcm_row_text_fn text, pcm_row_color_fn color,
                         pcm_row_text_fn search_text, pcm_listscreen_toggled_fn toggled);
void pcm_listscreen_free(struct pcm_listscreen *ls);
/* A list key: moves, searches (asks for the text), toggles a tick and
 * tells the screen. True when the key was used. */
bool pcm_listscreen_key(struct pcm_listscreen *ls, int key);
/* Draws the list on rows y .. end - 1 of stdscr and, when detail is not
 * NULL, the detail (the selected row's whole path) wrapped on at most two
 * rows under it, which the list gives up. */
void pcm_listscreen_draw(struct pcm_listscreen *ls, int y, int end, int cols, const char *detail);
/* The row under the cursor (0 in an empty list). */
static inline size_t pcm_listscreen_cursor(const struct pcm_listscreen *ls)
{
	return ls->list.cursor;
}

#endif
