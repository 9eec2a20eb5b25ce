/* SPDX-License-Identifier: MIT */
/* Step 6, disable rooms (R6): a checklist of every room, in tree order;
 * a tick marks the room disabled in the plan, so it is not migrated.
 * Rooms already disabled in the source show as such and cannot be
 * unticked here. Virtual list: fine with 100,000 rooms. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/listbox.h"
#include "listscreen.h"
#include "widgets/text.h"
#include "base/util.h"
#include "wizard.h"

static const struct pcm_keybind binds[] = {
	{ ' ', PCM_ACT_TOGGLE, "Space", N_("mark the room disabled (not migrated) or not"), N_("Disable") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Disable rooms"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_listbox_keys };

struct disable {
	struct pcm_listscreen ls;   /* first: the row callbacks' context */
	uint32_t *rooms;            /* node indexes of every room, tree order */
	size_t nrooms, in_source;
	uint64_t excluded;          /* messages of ticked rooms */
	int path_cols;              /* width of the path column at the last draw */
};

static struct disable *state(struct pcm_wiz *w)
{
	return pcm_wiz_state(w, PCM_STEP_DISABLE, sizeof(struct disable));
}

static void free_state(void *p)
{
	struct disable *s = p;

	pcm_listscreen_free(&s->ls);
	free(s->rooms);
	free(s);
}

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct disable *s = ctx;
	struct pcm_wiz *w = s->ls.w;
	const struct pcm_node *n = &w->dep->nodes.v[s->rooms[i]];
	char *path = pcm_node_path(w->dep, s->rooms[i], w->plan->separator);
	char cell[1024], cut[1024], cnt[32];
	int pw = s->path_cols > 0 ? s->path_cols : 44;

	/* the path takes the width, cut in the middle: rows under one long
	 * category differ at their end */
	pcm_text_cut_middle(path, pw, pcm_draw_utf8() ? "\u2026" : "...", cut, sizeof cut);
	snprintf(buf, size, "%s %9s  %s", pcm_text_cell(cell, sizeof cell, cut, pw),
	         pcm_grouped(n->stats.messages, cnt, sizeof cnt),
	         n->disabled ? _("disabled in source") : "");
	free(path);
}

/* Searching looks at the whole legacy path, not the cut cell. */
static void search_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct disable *s = ctx;
	struct pcm_wiz *w = s->ls.w;
	char *path = pcm_node_path(w->dep, s->rooms[i], w->plan->separator);

	snprintf(buf, size, "%s", path);
	free(path);
}

static int row_color(void *ctx, size_t i)
{
	struct disable *s = ctx;

	return s->ls.w->dep->nodes.v[s->rooms[i]].disabled ? PCM_C_INFO : -1;
}

static void toggled(struct pcm_listscreen *ls, size_t i, bool on)
{
	struct disable *s = (struct disable *)ls;
	struct pcm_wiz *w = ls->w;
	const struct pcm_node *room = &w->dep->nodes.v[s->rooms[i]];

	if (room->disabled) {
		pcm_listbox_set_checked(&ls->list, i, true);
		pcm_wiz_message(w, PCM_C_MESSAGE,
		                _("%s is disabled in the source; enable it there to migrate it."), room->name);
		return;
	}
	pcm_plan_set_disabled(w->plan, room->id, room->name, on);
	if (on)
		s->excluded += room->stats.messages;
	else
		s->excluded -= room->stats.messages;
	pcm_wiz_save(w);
	/* every rule looks at the migrated rooms: rerun them all, but
	 * only when the step changes (seconds on 100,000 rooms) */
	pcm_wiz_changed(w, PCM_WIZ_CS_ALL);
}

static void enter(struct pcm_wiz *w)
{
	struct disable *s = state(w);
	uint32_t n;
	size_t i;
	const struct pcm_node *room;

	free(s->rooms);
	s->rooms = pcm_xcalloc(w->dep->nodes.n, sizeof *s->rooms);
	s->nrooms = s->in_source = 0;
	s->excluded = 0;
	for (n = w->dep->root; n != PCM_NONE; n = pcm_tree_next(w->dep, w->dep->root, n))
		if (!w->dep->nodes.v[n].is_category)
			s->rooms[s->nrooms++] = n;
	pcm_listscreen_init(&s->ls, w, s->nrooms, row_text, row_color, search_text, toggled);
	for (i = 0; i < s->nrooms; i++) {
		room = &w->dep->nodes.v[s->rooms[i]];
		if (room->disabled)
			s->in_source++;
		if (room->disabled || pcm_plan_is_disabled(w->plan, room->id)) {
			pcm_listbox_set_checked(&s->ls.list, i, true);
			s->excluded += room->stats.messages;
		}
	}
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	struct disable *s = state(w);
	int end = y + h;
	char a[32], b[32], c[32], hdr[512], cell[256];

	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                _("Rooms: %s; not migrated: %s (%zu disabled in the source); messages excluded: %s."),
	                pcm_grouped(s->nrooms, a, sizeof a), pcm_grouped(s->ls.list.nchecked, b, sizeof b),
	                s->in_source, pcm_grouped(s->excluded, c, sizeof c));
	s->path_cols = cols - 4 - 1 - 9 - 2 - pcm_text_width(_("disabled in source")) - 1;
	if (s->path_cols < 12)          /* a narrow window (issue 16) */
		s->path_cols = 12;
	snprintf(hdr, sizeof hdr, "    %s %9s", pcm_text_cell(cell, sizeof cell, _("Room"), s->path_cols),
	         _("Messages"));
	pcm_wiz_heading(w, y++, hdr);
	if (!s->nrooms) {
		pcm_draw_text(stdscr, y, 1, _("The deployment has no rooms."), cols - 1,
		              pcm_color(PCM_C_NORMAL), true);
		return;
	}
	/* the detail line: the selected room's whole path, when its row cuts it */
	{
		char *path = pcm_node_path(w->dep, s->rooms[s->ls.list.cursor], w->plan->separator);

		pcm_listscreen_draw(&s->ls, y, end, cols,
		                    pcm_text_width(path) > s->path_cols ? path : NULL);
		free(path);
	}
}

static bool key(struct pcm_wiz *w, int k)
{
	return pcm_listscreen_key(&state(w)->ls, k);
}

const struct pcm_screen pcm_screen_disable = {
	.step = PCM_STEP_DISABLE,
	.label = N_("Disable"),
	.title = N_("Disable rooms"),
	.explain = N_("Identify those rooms that you do not want to migrate, and mark them as "
	              "disabled. A disabled room's messages, files and role assignments are not "
	              "exported."),
	.keys = &keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 1,
	.min_body = 8,
	.enter = enter,
	.draw = draw,
	.key = key,
	.free_state = free_state,
};
