/* SPDX-License-Identifier: MIT */
/* Step 2, root-manager review (R2): every principal with the Manager role
 * on the root category becomes a manager of every migrated room. The list
 * comes from pcm_check_root_managers run without the plan's keep/drop
 * decisions (so a dropped manager stays on the list); a tick keeps one. */
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
	{ ' ', PCM_ACT_TOGGLE, "Space", N_("keep or drop the selected manager"), N_("Keep/drop") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Root managers"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_listbox_keys };

struct manager {
	char *uri, *name;
	int64_t rooms;
};

struct rootmgr {
	struct pcm_listscreen ls;   /* first: the row callbacks' context */
	struct manager *mgrs;
	size_t nmgrs;
	int uri_cols, name_cols;    /* set by draw: 38 and 22, less when narrow */
};

/* The address and name columns: 38 and 22 from 80 columns on, shared in
 * that ratio by a narrower window (issue 16), the room count kept. */
static void set_columns(struct rootmgr *s, int cols)
{
	int room = cols - 4 - 2 - 6;

	if (room >= 60) {
		s->uri_cols = 38;
		s->name_cols = 22;
		return;
	}
	if (room < 20)
		room = 20;
	s->uri_cols = room * 38 / 60;
	s->name_cols = room - s->uri_cols;
}

static struct rootmgr *state(struct pcm_wiz *w)
{
	return pcm_wiz_state(w, PCM_STEP_ROOT_MANAGERS, sizeof(struct rootmgr));
}

static void clear_managers(struct rootmgr *s)
{
	size_t i;

	for (i = 0; i < s->nmgrs; i++) {
		free(s->mgrs[i].uri);
		free(s->mgrs[i].name);
	}
	free(s->mgrs);
	s->mgrs = NULL;
	s->nmgrs = 0;
}

static void free_state(void *p)
{
	struct rootmgr *s = p;

	clear_managers(s);
	pcm_listscreen_free(&s->ls);
	free(s);
}

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct rootmgr *s = ctx;
	char n[32], a[160], b[100];

	snprintf(buf, size, "%s %s %s", pcm_text_cell(a, sizeof a, s->mgrs[i].uri, s->uri_cols ? s->uri_cols : 38),
	         pcm_text_cell(b, sizeof b, s->mgrs[i].name, s->name_cols ? s->name_cols : 22),
	         pcm_grouped((uint64_t)s->mgrs[i].rooms, n, sizeof n));
}

static void toggled(struct pcm_listscreen *ls, size_t i, bool keep)
{
	struct rootmgr *s = (struct rootmgr *)ls;
	struct pcm_wiz *w = ls->w;

	pcm_plan_set_root_manager(w->plan, s->mgrs[i].uri, keep);
	pcm_wiz_save(w);
	pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_ROOT_MANAGERS) | PCM_WIZ_CS(PCM_CS_WARNINGS));
	if (keep)
		pcm_wiz_message(w, PCM_C_MESSAGE, _("%s stays: added as a manager of %lld rooms."),
		                s->mgrs[i].uri, (long long)s->mgrs[i].rooms);
	else
		pcm_wiz_message(w, PCM_C_MESSAGE, _("%s is dropped: removed from the root before migration."),
		                s->mgrs[i].uri);
}

static void enter(struct pcm_wiz *w)
{
	struct rootmgr *s = state(w);
	struct pcm_findings f;
	size_t i, saved = w->plan->root_managers.n;
	const struct pcm_finding *x;

	clear_managers(s);
	pcm_findings_init(&f);
	/* the same rule, without the keep/drop decisions */
	w->plan->root_managers.n = 0;
	pcm_check_root_managers(w->dep, w->plan, &f);
	w->plan->root_managers.n = saved;
	s->mgrs = pcm_xcalloc(f.list.n + 1, sizeof *s->mgrs);
	for (i = 0; i < f.list.n; i++) {
		x = &f.list.v[i];
		if (strcmp(x->code, "ROOT-MANAGER") != 0)
			continue;
		s->mgrs[s->nmgrs].uri = pcm_xstrdup(x->id ? x->id : "");
		s->mgrs[s->nmgrs].name = pcm_xstrdup(x->principal != PCM_NONE && w->dep->principals.v[x->principal].name
		                                     ? w->dep->principals.v[x->principal].name : "");
		s->mgrs[s->nmgrs].rooms = x->number;
		s->nmgrs++;
	}
	pcm_findings_free(&f);
	pcm_listscreen_init(&s->ls, w, s->nmgrs, row_text, NULL, NULL, toggled);
	for (i = 0; i < s->nmgrs; i++)
		pcm_listbox_set_checked(&s->ls.list, i, pcm_plan_root_manager(w->plan, s->mgrs[i].uri) != 0);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	struct rootmgr *s = state(w);
	int end = y + h;
	char hdr[256], a[160], b[100];

	if (!s->nmgrs) {
		pcm_draw_text(stdscr, y + 1, 1, _("The root category has no managers: nothing to decide here."),
		              cols - 1, pcm_color(PCM_C_OK), true);
		return;
	}
	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                _("Root managers: %zu, kept: %zu, dropped: %zu."),
	                s->nmgrs, s->ls.list.nchecked, s->nmgrs - s->ls.list.nchecked);
	pcm_draw_text(stdscr, y++, 1, _("A ticked manager is kept: added as a manager of every migrated room."),
	              cols - 1, pcm_color(PCM_C_INFO), true);
	set_columns(s, cols);
	snprintf(hdr, sizeof hdr, "    %s %s %s", pcm_text_cell(a, sizeof a, _("SIP address"), s->uri_cols),
	         pcm_text_cell(b, sizeof b, _("Name"), s->name_cols), _("Rooms"));
	pcm_wiz_heading(w, y++, hdr);
	{
		/* the detail line: the selected manager's whole address and name
		 * when the row cuts them */
		const struct manager *m = &s->mgrs[s->ls.list.cursor];
		bool cut = pcm_text_width(m->uri) > s->uri_cols ||
		           pcm_text_width(m->name ? m->name : "") > s->name_cols;
		char *line = pcm_xasprintf("%s  %s", m->uri, m->name ? m->name : "");

		pcm_listbox_draw(&s->ls.list, stdscr, y, 0, end - y - (cut ? 1 : 0), cols, true);
		if (cut) {
			char shown[1024];
			pcm_text_cut_middle(line, cols - 2, pcm_draw_utf8() ? "\u2026" : "...", shown, sizeof shown);
			pcm_draw_text(stdscr, end - 1, 1, shown, cols - 1, pcm_color(PCM_C_INFO), true);
		}
		free(line);
	}
}

static bool key(struct pcm_wiz *w, int k)
{
	return pcm_listscreen_key(&state(w)->ls, k);
}

const struct pcm_screen pcm_screen_rootmgr = {
	.step = PCM_STEP_ROOT_MANAGERS,
	.label = N_("Managers"),
	.title = N_("Root-manager review"),
	.explain = N_("Verify the Managers at the root Category. If any Managers exist at this "
	              "level, these users will be added as Managers to all rooms after migration. "
	              "If this is not a requirement for your organization, you need to remove these "
	              "Managers from the root Category."),
	.keys = &keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 1,
	.min_body = 8,
	.enter = enter,
	.draw = draw,
	.key = key,
	.free_state = free_state,
};
