/* SPDX-License-Identifier: MIT */
/* The key handling every list screen shares (listscreen.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "listscreen.h"
#include "widgets/draw.h"
#include "widgets/text.h"
#include "wizard.h"

void pcm_listscreen_init(struct pcm_listscreen *ls, struct pcm_wiz *w, size_t count,
                         pcm_row_text_fn text, pcm_row_color_fn color,
                         pcm_row_text_fn search_text, pcm_listscreen_toggled_fn toggled)
{
	/* coming back to the screen (or the plan read again) keeps the row */
	size_t cursor = ls->w ? ls->list.cursor : 0, top = ls->w ? ls->list.top : 0;

	pcm_listbox_free(&ls->list);
	pcm_listbox_init(&ls->list, count, toggled != NULL, text, color, ls);
	ls->list.top = top;
	pcm_listbox_goto(&ls->list, cursor);
	ls->list.search_text = search_text;
	ls->w = w;
	ls->toggled = toggled;
}

void pcm_listscreen_free(struct pcm_listscreen *ls)
{
	pcm_listbox_free(&ls->list);
}

bool pcm_listscreen_key(struct pcm_listscreen *ls, int key)
{
	switch (pcm_listbox_key(&ls->list, key)) {
	case PCM_LB_TOGGLED:
		if (ls->toggled)
			ls->toggled(ls, ls->list.cursor, pcm_listbox_checked(&ls->list, ls->list.cursor));
		return true;
	case PCM_LB_SEARCH:
		pcm_wiz_list_search(ls->w, &ls->list);
		return true;
	case PCM_LB_MOVED:
		return true;
	case PCM_LB_IGNORED:
	default:
		return false;
	}
}

void pcm_listscreen_draw(struct pcm_listscreen *ls, int y, int end, int cols, const char *detail)
{
	struct pcm_lines l = { 0 };
	size_t k;
	int rows = 0;

	if (detail) {
		pcm_wrap_columns(detail, cols - 2, &l);
		rows = l.n > 2 ? 2 : (int)l.n;
	}
	pcm_listbox_draw(&ls->list, stdscr, y, 0, end - y - rows, cols, true);
	for (k = 0; k < (size_t)rows; k++)
		pcm_draw_text(stdscr, end - rows + (int)k, 1, l.v[k], cols - 1, pcm_color(PCM_C_INFO), true);
	pcm_lines_free(&l);
}
