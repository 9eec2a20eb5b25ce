/* SPDX-License-Identifier: MIT */
/* Virtual scrollable list with check boxes and search. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "widgets/colors.h"
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/listbox.h"
#include "widgets/text.h"
#include "base/util.h"

static const struct pcm_keybind binds[] = {
	{ PCM_KEY_FN(KEY_UP), PCM_ACT_UP, "Up", N_("move up one row"), NULL },
	{ 'k', PCM_ACT_UP, "k", NULL, NULL },
	{ PCM_KEY_FN(KEY_DOWN), PCM_ACT_DOWN, "Down", N_("move down one row"), NULL },
	{ 'j', PCM_ACT_DOWN, "j", NULL, NULL },
	{ PCM_KEY_FN(KEY_PPAGE), PCM_ACT_PGUP, "PgUp", N_("move up one page"), NULL },
	{ PCM_KEY_FN(KEY_NPAGE), PCM_ACT_PGDN, "PgDn", N_("move down one page"), NULL },
	{ PCM_KEY_FN(KEY_HOME), PCM_ACT_HOME, "Home", N_("go to the first row"), NULL },
	{ 'g', PCM_ACT_HOME, "g", NULL, NULL },
	{ PCM_KEY_FN(KEY_END), PCM_ACT_END, "End", N_("go to the last row"), NULL },
	{ 'G', PCM_ACT_END, "G", NULL, NULL },
	{ ' ', PCM_ACT_TOGGLE, "Space", N_("tick or untick the row"), N_("Tick") },
	{ '/', PCM_ACT_SEARCH, "/", N_("search rows for a text"), N_("Search") },
	{ 'n', PCM_ACT_SEARCH_NEXT, "n", N_("next match"), NULL },
	{ 'N', PCM_ACT_SEARCH_PREV, "N", N_("previous match"), NULL },
};

const struct pcm_keymap pcm_listbox_keys = PCM_KEYMAP(N_("Lists"), binds);

/* The same keys without Space, for the help of lists without ticks. */
static const struct pcm_keybind plain_binds[] = {
	{ PCM_KEY_FN(KEY_UP), PCM_ACT_UP, "Up", N_("move up one row"), NULL },
	{ PCM_KEY_FN(KEY_DOWN), PCM_ACT_DOWN, "Down", N_("move down one row"), NULL },
	{ PCM_KEY_FN(KEY_PPAGE), PCM_ACT_PGUP, "PgUp", N_("move up one page"), NULL },
	{ PCM_KEY_FN(KEY_NPAGE), PCM_ACT_PGDN, "PgDn", N_("move down one page"), NULL },
	{ PCM_KEY_FN(KEY_HOME), PCM_ACT_HOME, "Home", N_("go to the first row"), NULL },
	{ PCM_KEY_FN(KEY_END), PCM_ACT_END, "End", N_("go to the last row"), NULL },
	{ '/', PCM_ACT_SEARCH, "/", N_("search rows for a text"), N_("Search") },
	{ 'n', PCM_ACT_SEARCH_NEXT, "n", N_("next match"), NULL },
	{ 'N', PCM_ACT_SEARCH_PREV, "N", N_("previous match"), NULL },
};

const struct pcm_keymap pcm_listbox_plain_keys = PCM_KEYMAP(N_("Lists"), plain_binds);

void pcm_listbox_init(struct pcm_listbox *lb, size_t count, bool checkable,
                      pcm_row_text_fn text, pcm_row_color_fn color, void *ctx)
{
	memset(lb, 0, sizeof *lb);
	lb->checkable = checkable;
	lb->row_text = text;
	lb->row_color = color;
	lb->ctx = ctx;
	lb->rows = 1;
	pcm_listbox_set_count(lb, count);
}

void pcm_listbox_free(struct pcm_listbox *lb)
{
	free(lb->checked);
	lb->checked = NULL;
	lb->count = lb->nchecked = 0;
}

/* Keeps top so that the cursor is visible and no empty page shows. */
static void keep_in_view(struct pcm_listbox *lb)
{
	if (lb->count == 0) {
		lb->cursor = lb->top = 0;
		return;
	}
	if (lb->cursor >= lb->count)
		lb->cursor = lb->count - 1;
	if (lb->top > lb->cursor)
		lb->top = lb->cursor;
	if (lb->cursor >= lb->top + lb->rows)
		lb->top = lb->cursor - lb->rows + 1;
	if (lb->count > lb->rows && lb->top > lb->count - lb->rows)
		lb->top = lb->count - lb->rows;
	if (lb->count <= lb->rows)
		lb->top = 0;
}

void pcm_listbox_set_count(struct pcm_listbox *lb, size_t count)
{
	size_t i;

	if (lb->checkable) {
		for (i = count; i < lb->count; i++)
			if (lb->checked[i])
				lb->nchecked--;
		lb->checked = pcm_xrealloc(lb->checked, count ? count : 1);
		if (count > lb->count)
			memset(lb->checked + lb->count, 0, count - lb->count);
	}
	lb->count = count;
	keep_in_view(lb);
}

void pcm_listbox_set_rows(struct pcm_listbox *lb, size_t rows)
{
	lb->rows = rows ? rows : 1;
	keep_in_view(lb);
}

void pcm_listbox_goto(struct pcm_listbox *lb, size_t i)
{
	lb->cursor = i;
	keep_in_view(lb);
}

bool pcm_listbox_checked(const struct pcm_listbox *lb, size_t i)
{
	return lb->checkable && i < lb->count && lb->checked[i];
}

void pcm_listbox_set_checked(struct pcm_listbox *lb, size_t i, bool on)
{
	if (!lb->checkable || i >= lb->count || (bool)lb->checked[i] == on)
		return;
	lb->checked[i] = on;
	if (on)
		lb->nchecked++;
	else
		lb->nchecked--;
}

enum pcm_lb_result pcm_listbox_act(struct pcm_listbox *lb, int action)
{
	size_t page = lb->rows > 1 ? lb->rows - 1 : 1;

	if (lb->count == 0)
		return action == PCM_ACT_SEARCH ? PCM_LB_SEARCH : PCM_LB_IGNORED;
	switch (action) {
	case PCM_ACT_UP:
		if (lb->cursor > 0)
			lb->cursor--;
		break;
	case PCM_ACT_DOWN:
		if (lb->cursor + 1 < lb->count)
			lb->cursor++;
		break;
	case PCM_ACT_PGUP:
		lb->cursor = lb->cursor > page ? lb->cursor - page : 0;
		lb->top = lb->top > page ? lb->top - page : 0;
		break;
	case PCM_ACT_PGDN:
		lb->cursor = lb->cursor + page < lb->count ? lb->cursor + page : lb->count - 1;
		lb->top += page;
		break;
	case PCM_ACT_HOME:
		lb->cursor = 0;
		break;
	case PCM_ACT_END:
		lb->cursor = lb->count - 1;
		break;
	case PCM_ACT_TOGGLE:
		if (!lb->checkable)
			return PCM_LB_IGNORED;
		pcm_listbox_set_checked(lb, lb->cursor, !lb->checked[lb->cursor]);
		return PCM_LB_TOGGLED;
	case PCM_ACT_SEARCH:
		return PCM_LB_SEARCH;
	case PCM_ACT_SEARCH_NEXT:
	case PCM_ACT_SEARCH_PREV:
		if (!lb->search[0])
			return PCM_LB_SEARCH;
		pcm_listbox_search(lb, lb->search, action == PCM_ACT_SEARCH_NEXT ? 1 : -1);
		return PCM_LB_MOVED;
	default:
		return PCM_LB_IGNORED;
	}
	keep_in_view(lb);
	return PCM_LB_MOVED;
}

enum pcm_lb_result pcm_listbox_key(struct pcm_listbox *lb, int key)
{
	return pcm_listbox_act(lb, pcm_keymap_find(&pcm_listbox_keys, key));
}

bool pcm_listbox_search(struct pcm_listbox *lb, const char *needle, int dir)
{
	char buf[4096];
	size_t k, i;

	if (needle != lb->search) {
		strncpy(lb->search, needle, sizeof lb->search - 1);
		lb->search[sizeof lb->search - 1] = 0;
	}
	if (lb->count == 0 || !*needle)
		return false;
	for (k = 1; k <= lb->count; k++) {
		if (dir >= 0)
			i = (lb->cursor + k) % lb->count;
		else
			i = (lb->cursor + lb->count - k % lb->count) % lb->count;
		(lb->search_text ? lb->search_text : lb->row_text)(lb->ctx, i, buf, sizeof buf);
		if (pcm_text_contains(buf, needle)) {
			pcm_listbox_goto(lb, i);
			return true;
		}
	}
	return false;
}

static struct pcm_listbox *last_drawn;

struct pcm_listbox *pcm_listbox_drawn(void)
{
	return last_drawn;
}

void pcm_listbox_forget_drawn(void)
{
	last_drawn = NULL;
}

bool pcm_listbox_mouse(struct pcm_listbox *lb, int y, int x, int wheel)
{
	size_t i;

	if (y < lb->drawn_y || y >= lb->drawn_y + lb->drawn_rows || x < lb->drawn_x ||
	    x >= lb->drawn_x + lb->drawn_cols || !lb->count)
		return false;
	if (wheel) {
		i = wheel < 0 ? (lb->cursor > 3 ? lb->cursor - 3 : 0) : lb->cursor + 3;
		pcm_listbox_goto(lb, i < lb->count ? i : lb->count - 1);
		return true;
	}
	i = lb->top + (size_t)(y - lb->drawn_y);
	if (i < lb->count)
		pcm_listbox_goto(lb, i);
	return true;
}

void pcm_listbox_draw(struct pcm_listbox *lb, WINDOW *w, int y, int x, int rows, int cols,
                      bool focused)
{
	char buf[1024];
	size_t i;
	int r, c, color, mark = -1;
	attr_t a;
	bool bar;

	pcm_listbox_set_rows(lb, rows > 0 ? (size_t)rows : 1);
	lb->drawn_y = y;
	lb->drawn_x = x;
	lb->drawn_rows = rows;
	lb->drawn_cols = cols;
	last_drawn = lb;
	bar = lb->count > (size_t)rows && rows > 2 && cols > 2;
	if (bar) {
		/* scroll position mark in the last column */
		mark = (int)((double)lb->top / (double)(lb->count - (size_t)rows) * (rows - 1) + 0.5);
		cols--;
	}
	for (r = 0; r < rows; r++) {
		i = lb->top + (size_t)r;
		if (i >= lb->count) {
			pcm_draw_fill(w, y + r, x, cols, pcm_color(PCM_C_NORMAL));
			continue;
		}
		color = lb->row_color ? lb->row_color(lb->ctx, i) : -1;
		a = pcm_color(color >= 0 ? (enum pcm_color)color : PCM_C_NORMAL);
		if (i == lb->cursor)
			a = pcm_color(focused ? PCM_C_CURSOR : PCM_C_CURSOR_IDLE);
		c = 0;
		if (lb->checkable)
			c = pcm_draw_text(w, y + r, x, lb->checked[i] ? "[x] " : "[ ] ", cols, a, false);
		lb->row_text(lb->ctx, i, buf, sizeof buf);
		pcm_draw_text_hl(w, y + r, x + c, buf, cols - c, a, lb->search,
		                 (a & ~A_COLOR) | pcm_color(PCM_C_MATCH), true);
	}
	for (r = 0; bar && r < rows; r++)
		pcm_draw_text(w, y + r, x + cols, r == mark ? pcm_glyph_thumb() : pcm_glyph_vline(), 1,
		              pcm_color(PCM_C_NORMAL), false);
}
