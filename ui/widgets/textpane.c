/* SPDX-License-Identifier: MIT */
/* Scrollable wrapped text with search. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "widgets/colors.h"
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/textpane.h"
#include "base/util.h"

static const struct pcm_keybind binds[] = {
	{ PCM_KEY_FN(KEY_UP), PCM_ACT_UP, "Up", N_("scroll up one line"), NULL },
	{ 'k', PCM_ACT_UP, "k", NULL, NULL },
	{ PCM_KEY_FN(KEY_DOWN), PCM_ACT_DOWN, "Down", N_("scroll down one line"), NULL },
	{ 'j', PCM_ACT_DOWN, "j", NULL, NULL },
	{ PCM_KEY_FN(KEY_PPAGE), PCM_ACT_PGUP, "PgUp", N_("scroll up one page"), NULL },
	{ PCM_KEY_FN(KEY_NPAGE), PCM_ACT_PGDN, "PgDn", N_("scroll down one page"), NULL },
	{ ' ', PCM_ACT_PGDN, "Space", NULL, NULL },
	{ PCM_KEY_FN(KEY_HOME), PCM_ACT_HOME, "Home", N_("go to the top"), NULL },
	{ PCM_KEY_FN(KEY_END), PCM_ACT_END, "End", N_("go to the bottom"), NULL },
	{ '/', PCM_ACT_SEARCH, "/", N_("search the text"), N_("Search") },
	{ 'n', PCM_ACT_SEARCH_NEXT, "n", N_("next match"), NULL },
	{ 'N', PCM_ACT_SEARCH_PREV, "N", N_("previous match"), NULL },
};

const struct pcm_keymap pcm_textpane_keys = PCM_KEYMAP(N_("Text"), binds);

void pcm_textpane_init(struct pcm_textpane *tp)
{
	memset(tp, 0, sizeof *tp);
	tp->text = pcm_xstrdup("");
	tp->rows = 1;
}

void pcm_textpane_free(struct pcm_textpane *tp)
{
	pcm_lines_free(&tp->lines);
	free(tp->text);
	tp->text = NULL;
}

static size_t max_top(const struct pcm_textpane *tp)
{
	return tp->lines.n > tp->rows ? tp->lines.n - tp->rows : 0;
}

static void rewrap(struct pcm_textpane *tp)
{
	pcm_lines_free(&tp->lines);
	pcm_wrap(tp->text, tp->width > 0 ? tp->width : 80, &tp->lines);
	if (tp->top > max_top(tp))
		tp->top = max_top(tp);
}

void pcm_textpane_set_text(struct pcm_textpane *tp, const char *text)
{
	free(tp->text);
	tp->text = pcm_xstrdup(text);
	tp->has_hit = false;
	rewrap(tp);
}

void pcm_textpane_layout(struct pcm_textpane *tp, int width, size_t rows)
{
	tp->rows = rows ? rows : 1;
	if (width != tp->width) {
		tp->width = width;
		rewrap(tp);
	}
	if (tp->top > max_top(tp))
		tp->top = max_top(tp);
}

bool pcm_textpane_act(struct pcm_textpane *tp, int action)
{
	size_t page = tp->rows > 1 ? tp->rows - 1 : 1;

	switch (action) {
	case PCM_ACT_UP:
		if (tp->top > 0)
			tp->top--;
		return true;
	case PCM_ACT_DOWN:
		if (tp->top < max_top(tp))
			tp->top++;
		return true;
	case PCM_ACT_PGUP:
		tp->top = tp->top > page ? tp->top - page : 0;
		return true;
	case PCM_ACT_PGDN:
		tp->top = tp->top + page < max_top(tp) ? tp->top + page : max_top(tp);
		return true;
	case PCM_ACT_HOME:
		tp->top = 0;
		return true;
	case PCM_ACT_END:
		tp->top = max_top(tp);
		return true;
	case PCM_ACT_SEARCH_NEXT:
	case PCM_ACT_SEARCH_PREV:
		if (tp->search[0])
			pcm_textpane_search(tp, tp->search, action == PCM_ACT_SEARCH_NEXT ? 1 : -1);
		return true;
	default:
		return false;
	}
}

bool pcm_textpane_search(struct pcm_textpane *tp, const char *needle, int dir)
{
	size_t n = tp->lines.n, k, i, from;

	if (needle != tp->search) {
		strncpy(tp->search, needle, sizeof tp->search - 1);
		tp->search[sizeof tp->search - 1] = 0;
	}
	if (!n || !*needle)
		return false;
	from = tp->has_hit ? tp->hit : (dir >= 0 ? tp->top + n - 1 : tp->top);
	for (k = 1; k <= n; k++) {
		i = dir >= 0 ? (from + k) % n : (from + n - k % n) % n;
		if (pcm_text_contains(tp->lines.v[i], needle)) {
			tp->hit = i;
			tp->has_hit = true;
			if (i < tp->top || i >= tp->top + tp->rows)
				tp->top = i > max_top(tp) ? max_top(tp) : i;
			return true;
		}
	}
	return false;
}

void pcm_textpane_draw(struct pcm_textpane *tp, WINDOW *w, int y, int x, int rows, int cols,
                       attr_t a)
{
	int r;
	size_t i;

	pcm_textpane_layout(tp, cols, rows > 0 ? (size_t)rows : 1);
	for (r = 0; r < rows; r++) {
		i = tp->top + (size_t)r;
		if (i >= tp->lines.n)
			pcm_draw_fill(w, y + r, x, cols, a);
		else
			pcm_draw_text_hl(w, y + r, x, tp->lines.v[i], cols, a, tp->search,
			                 (a & ~A_COLOR) | pcm_color(PCM_C_MATCH), true);
	}
}
