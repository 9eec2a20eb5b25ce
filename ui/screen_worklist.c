/* SPDX-License-Identifier: MIT */
/* Step 7, the Admin Tool worklist (issue 14): every change the plan makes
 * to the legacy deployment, grouped by category in the order of the Group
 * Chat Admin Tool's Chat Rooms list, as admin-tool-worklist.txt writes
 * it (engine/worklist.h). A row is [x] when the loaded source already
 * carries the change, so coming back with a new snapshot shows progress.
 * The Admin Tool is the supported way to change a legacy deployment;
 * fix-source.sql and apply-to-source are the fallback Microsoft does not
 * support. Read-only: the decisions are made on the steps before. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/util.h"
#include "base/escape.h"
#include "engine/worklist.h"
#include "widgets/draw.h"
#include "widgets/listbox.h"
#include "widgets/text.h"
#include "listscreen.h"
#include "wizard.h"

enum { ACT_VIEW = PCM_ACT_SCREEN };

static const struct pcm_keybind binds[] = {
	{ 'v', ACT_VIEW, "v", N_("show the whole worklist (the text of admin-tool-worklist.txt)"), N_("View") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Admin Tool worklist"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_listbox_plain_keys };

/* A row: a category heading (item = the first item of its group) or an
 * item. */
struct row {
	size_t item;
	bool heading;
};

struct worklist {
	struct pcm_listscreen ls;   /* first: the row callbacks' context */
	struct pcm_worklist wl;
	bool built;
	char **headings;            /* per item: its group's heading or NULL */
	struct row *rows;
	size_t nrows;
};

static struct worklist *state(struct pcm_wiz *w)
{
	return pcm_wiz_state(w, PCM_STEP_WORKLIST, sizeof(struct worklist));
}

static void drop_list(struct worklist *s)
{
	size_t i;

	if (s->built) {
		for (i = 0; i < s->wl.items.n; i++)
			free(s->headings[i]);
		pcm_worklist_free(&s->wl);
	}
	free(s->headings);
	free(s->rows);
	s->headings = NULL;
	s->rows = NULL;
	s->nrows = 0;
	s->built = false;
}

static void free_state(void *p)
{
	struct worklist *s = p;

	drop_list(s);
	pcm_listscreen_free(&s->ls);
	free(s);
}

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct worklist *s = ctx;
	const struct row *r = &s->rows[i];

	if (r->heading)
		snprintf(buf, size, "%s", s->headings[r->item]);
	else
		snprintf(buf, size, "  %s", s->wl.items.v[r->item].line);
}

static int row_color(void *ctx, size_t i)
{
	struct worklist *s = ctx;
	const struct row *r = &s->rows[i];

	if (r->heading)
		return PCM_C_HEADING;
	return s->wl.items.v[r->item].done ? PCM_C_OK : -1;
}

static void enter(struct pcm_wiz *w)
{
	struct worklist *s = state(w);
	size_t i;

	drop_list(s);
	pcm_worklist_build(w->dep, w->plan, &s->wl);
	s->built = true;
	s->headings = pcm_xcalloc(s->wl.items.n + 1, sizeof *s->headings);
	s->rows = pcm_xcalloc(2 * s->wl.items.n + 1, sizeof *s->rows);
	for (i = 0; i < s->wl.items.n; i++) {
		s->headings[i] = pcm_worklist_group_heading(w->dep, &s->wl, i);
		if (s->headings[i])
			s->rows[s->nrows++] = (struct row){ .item = i, .heading = true };
		s->rows[s->nrows++] = (struct row){ .item = i, .heading = false };
	}
	pcm_listscreen_init(&s->ls, w, s->nrows, row_text, row_color, NULL, NULL);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	struct worklist *s = state(w);
	int end = y + h;
	struct pcm_lines l = { 0 };
	size_t k;

	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                ngettext("%zu of %zu change done in the loaded source.",
	                         "%zu of %zu changes done in the loaded source.", s->wl.items.n),
	                s->wl.done, s->wl.items.n);
	pcm_wrap(_("The supported path: the Group Chat Admin Tool. Unsupported fallback (Microsoft "
	           "does not support direct writes): fix-source.sql, apply-to-source."), cols - 2, &l);
	for (k = 0; k < l.n && k < 3 && y < end; k++)
		pcm_draw_text(stdscr, y++, 1, l.v[k], cols - 1, pcm_color(PCM_C_INFO), true);
	pcm_lines_free(&l);
	if (!s->nrows) {
		pcm_draw_text(stdscr, y, 1,
		              _("Nothing to change: the plan makes no change to the legacy deployment."),
		              cols - 1, pcm_color(PCM_C_NORMAL), true);
		return;
	}
	/* the detail line: the selected row's whole legacy path */
	{
		const struct row *r = &s->rows[s->ls.list.cursor];
		const struct pcm_work_item *it = &s->wl.items.v[r->item];
		char *path = NULL, *shown, *detail;

		if (r->heading) {
			path = pcm_node_path(w->dep, it->category, s->wl.separator);
			shown = pcm_escape_text(path, 0);
			detail = pcm_xasprintf(_("Category: %s (nodeID %d)"), shown,
			                       (int)w->dep->nodes.v[it->category].id);
			free(shown);
		} else if (it->kind == PCM_WORK_ROOT_MANAGER) {
			/* TRANSLATORS: the root category's path, the manager's URI */
			detail = pcm_xasprintf(_("Path: %s (manager %s)"), it->path, it->id);
		} else {
			detail = pcm_xasprintf(_("Path: %s (nodeID %s)"), it->path, it->id);
		}
		pcm_listscreen_draw(&s->ls, y, end, cols, detail);
		free(detail);
		free(path);
	}
}

static bool key(struct pcm_wiz *w, int k)
{
	char *text, title[256];

	if (pcm_keymap_find(&keys, k) == ACT_VIEW) {
		text = pcm_worklist_text(w->dep, w->plan);
		snprintf(title, sizeof title, " %s", _("Admin Tool worklist"));
		pcm_wiz_view_text(w, title, text);
		free(text);
		return true;
	}
	return pcm_listscreen_key(&state(w)->ls, k);
}

const struct pcm_screen pcm_screen_worklist = {
	.step = PCM_STEP_WORKLIST,
	.label = N_("Worklist"),
	.title = N_("Admin Tool worklist"),
	.explain = N_("Any changes to categories and rooms in the legacy deployment are made with the "
	              "Group Chat Admin Tool. Work through these items there, then check the legacy "
	              "data again (pcmigrate check --source ... --plan ...): [x] marks a change the "
	              "loaded source already carries."),
	.keys = &keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 1,
	.min_body = 8,
	.enter = enter,
	.draw = draw,
	.key = key,
	.free_state = free_state,
};
