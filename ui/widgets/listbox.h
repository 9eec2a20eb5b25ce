/* SPDX-License-Identifier: MIT */
/* A scrollable list of any length. It is virtual: the caller hands out
 * the text of row i on demand, so drawing costs the visible rows only
 * (instant with 100,000 rows). Optional check boxes (Space toggles) with a
 * running count, `/` search, PgUp/PgDn/Home/End. State and drawing are
 * separate: every pcm_listbox_* except _draw works without a terminal. */
#ifndef PCM_UI_LISTBOX_H
#define PCM_UI_LISTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include "widgets/keys.h"
#include "widgets/ui.h"

/* Writes the text of row i (UTF-8) into buf. */
typedef void (*pcm_row_text_fn)(void *ctx, size_t i, char *buf, size_t size);
/* Colour meaning (enum pcm_color) of row i, or -1 for the normal one. */
typedef int (*pcm_row_color_fn)(void *ctx, size_t i);

struct pcm_listbox {
	size_t count;
	size_t cursor, top;
	size_t rows;                /* rows visible at the last layout */
	bool checkable;
	unsigned char *checked;     /* count bytes when checkable */
	size_t nchecked;
	pcm_row_text_fn row_text;
	pcm_row_color_fn row_color;
	pcm_row_text_fn search_text;    /* full text to search; NULL: row_text */
	void *ctx;
	char search[256];           /* last search, highlighted when drawn */
	int drawn_y, drawn_x, drawn_rows, drawn_cols;  /* where it was drawn last */
};

/* What a key did to the list. */
enum pcm_lb_result { PCM_LB_IGNORED, PCM_LB_MOVED, PCM_LB_TOGGLED, PCM_LB_SEARCH };

extern const struct pcm_keymap pcm_listbox_keys;
/* pcm_listbox_keys without Space: what the help of a list without ticks
 * shows (the keys themselves are handled with pcm_listbox_keys). */
extern const struct pcm_keymap pcm_listbox_plain_keys;

void pcm_listbox_init(struct pcm_listbox *lb, size_t count, bool checkable,
                      pcm_row_text_fn text, pcm_row_color_fn color, void *ctx);
void pcm_listbox_free(struct pcm_listbox *lb);
/* Changes the number of rows (checks are kept for rows that stay). */
void pcm_listbox_set_count(struct pcm_listbox *lb, size_t count);
/* Sets the visible height and keeps the cursor in view. */
void pcm_listbox_set_rows(struct pcm_listbox *lb, size_t rows);
void pcm_listbox_goto(struct pcm_listbox *lb, size_t i);
bool pcm_listbox_checked(const struct pcm_listbox *lb, size_t i);
void pcm_listbox_set_checked(struct pcm_listbox *lb, size_t i, bool on);
/* Applies an action (movement, toggle); returns what happened.
 * PCM_LB_SEARCH asks the caller to prompt for a search string. */
enum pcm_lb_result pcm_listbox_act(struct pcm_listbox *lb, int action);
/* Handles one key with pcm_listbox_keys. */
enum pcm_lb_result pcm_listbox_key(struct pcm_listbox *lb, int key);
/* Finds the next (dir > 0) or previous row after the cursor whose text
 * contains needle (case-insensitive), wrapping around; moves the cursor
 * there. Remembers needle for n/N. False when no row matches. */
bool pcm_listbox_search(struct pcm_listbox *lb, const char *needle, int dir);
/* Draws rows [top, top+rows) in the rectangle; the cursor row highlighted
 * when focused. */
void pcm_listbox_draw(struct pcm_listbox *lb, WINDOW *w, int y, int x, int rows, int cols,
                      bool focused);

/* The list drawn last (NULL after pcm_listbox_forget_drawn): where a
 * mouse event goes. */
struct pcm_listbox *pcm_listbox_drawn(void);
void pcm_listbox_forget_drawn(void);
/* A mouse event at screen row y, column x: a click selects the row, the
 * wheel (wheel -1 up, 1 down) scrolls three rows. True when it hit. */
bool pcm_listbox_mouse(struct pcm_listbox *lb, int y, int x, int wheel);

#endif
