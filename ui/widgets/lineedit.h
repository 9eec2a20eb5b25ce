/* SPDX-License-Identifier: MIT */
/* A single-line editor over wchar_t. The state (text, cursor, horizontal
 * scroll) is pure and tested without a terminal; drawing is one function.
 * Columns come from pcm_wcwidth, so a Hangul syllable takes two columns,
 * a combining mark stays with its base character, and the cursor never
 * lands inside a character. */
#ifndef PCM_UI_LINEEDIT_H
#define PCM_UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include "widgets/keys.h"
#include "widgets/ui.h"

struct pcm_lineedit {
	wchar_t *buf;
	size_t len, cap;
	size_t cursor;          /* index in buf: the cursor sits before buf[cursor] */
	size_t scroll;          /* index of the first character shown */
	size_t max_len;         /* 0 = no limit (characters) */
};

extern const struct pcm_keymap pcm_lineedit_keys;

void pcm_le_init(struct pcm_lineedit *le);
void pcm_le_free(struct pcm_lineedit *le);
/* Replaces the text with a UTF-8 string; the cursor goes to the end. */
void pcm_le_set(struct pcm_lineedit *le, const char *utf8);
/* The text as a fresh UTF-8 string. */
char *pcm_le_get(const struct pcm_lineedit *le);
/* Inserts a character at the cursor; false when full or not printable. */
bool pcm_le_insert(struct pcm_lineedit *le, wchar_t wc);
/* Applies a movement or editing action; true if it applied (the text or
 * the cursor changed or could have). */
bool pcm_le_act(struct pcm_lineedit *le, int action);
/* Handles one key with pcm_lineedit_keys or as a typed character; true
 * when consumed. *changed is set when the text changed. */
bool pcm_le_key(struct pcm_lineedit *le, int key, bool *changed);
/* Columns of buf[from..to). */
int pcm_le_columns(const struct pcm_lineedit *le, size_t from, size_t to);
/* Moves the scroll so the cursor is visible in a field of width columns
 * (one column stays free for the cursor at the end); returns the cursor's
 * column inside the field. */
int pcm_le_layout(struct pcm_lineedit *le, int width);
/* Draws the field at (y, x) with width columns; places the terminal
 * cursor when focused. */
void pcm_le_draw(struct pcm_lineedit *le, WINDOW *w, int y, int x, int width, attr_t a,
                 bool focused);

#endif
