/* SPDX-License-Identifier: MIT */
/* Step 4, invitation reset (R4): rooms that ask for invitations inside a
 * category whose invitations are off are forced to False by the import.
 * The list groups those rooms by their category (pcm_invite_forcing: the
 * rule without the plan's invitation decisions, so a fixed category stays
 * listed; one pass over the tree, no flattening, so entering the step is
 * instant on 100,000 rooms); a tick turns the category's invitations back
 * on, no tick accepts the forced value. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "rules/flatten.h"
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/listbox.h"
#include "listscreen.h"
#include "widgets/text.h"
#include "base/util.h"
#include "wizard.h"

enum { ACT_ACCEPT_ALL = PCM_ACT_SCREEN };

static const struct pcm_keybind binds[] = {
	{ ' ', PCM_ACT_TOGGLE, "Space", N_("turn the category's invitations on, or accept the forced value"), N_("On/accept") },
	{ 'a', ACT_ACCEPT_ALL, "a", N_("accept the forced value for every category not decided yet"), N_("Accept rest") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Invitations"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_listbox_keys };

struct category {
	uint32_t node;
	size_t rooms;
};

struct invites {
	struct pcm_listscreen ls;   /* first: the row callbacks' context */
	struct category *cats;
	size_t ncats;
	bool *effective;            /* R4 value of every node with the plan's decisions */
	int path_cols;              /* width of the path column at the last draw */
};

/* The effective values again: a decision on a parent changes the
 * children that inherit (invite NULL). */
static void recompute(struct invites *s)
{
	struct pcm_wiz *w = s->ls.w;

	free(s->effective);
	s->effective = pcm_xcalloc(w->dep->nodes.n + 1, sizeof *s->effective);
	pcm_effective_values(w->dep, w->plan, s->effective, NULL);
}

/* Does category i get invitations on from a parent, without a decision
 * of its own to turn them on? */
static bool inherits_on(const struct invites *s, size_t i)
{
	const struct pcm_wiz *w = s->ls.w;

	return s->effective && s->effective[s->cats[i].node] &&
	       pcm_plan_category_invite(w->plan, w->dep->nodes.v[s->cats[i].node].id) != 1;
}

static struct invites *state(struct pcm_wiz *w)
{
	return pcm_wiz_state(w, PCM_STEP_INVITATIONS, sizeof(struct invites));
}

static void free_state(void *p)
{
	struct invites *s = p;

	pcm_listscreen_free(&s->ls);
	free(s->cats);
	free(s->effective);
	free(s);
}

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct invites *s = ctx;
	struct pcm_wiz *w = s->ls.w;
	char *path = pcm_node_path(w->dep, s->cats[i].node, w->plan->separator);
	int d = pcm_plan_category_invite(w->plan, w->dep->nodes.v[s->cats[i].node].id);
	char cut[512], cell[600], cell2[128];
	const char *what = d == 1 ? _("turn invitations on")
	                   : inherits_on(s, i) ? _("on, from a parent category")
	                   : d == 0 ? _("accepted: rooms get False") : _("undecided: rooms get False");
	int pw = s->path_cols > 0 ? s->path_cols : 36;

	pcm_text_cut_middle(path, pw, pcm_draw_utf8() ? "\u2026" : "...", cut, sizeof cut);
	snprintf(buf, size, "%s %s %zu",
	         pcm_text_cell(cell, sizeof cell, cut, pw),
	         pcm_text_cell(cell2, sizeof cell2, what, 28), s->cats[i].rooms);
	free(path);
}

static void decide(struct invites *s, size_t i, bool on)
{
	struct pcm_wiz *w = s->ls.w;

	pcm_plan_set_category_invite(w->plan, w->dep->nodes.v[s->cats[i].node].id, on);
	pcm_listbox_set_checked(&s->ls.list, i, on);
}

static void toggled(struct pcm_listscreen *ls, size_t i, bool on)
{
	decide((struct invites *)ls, i, on);
	recompute((struct invites *)ls);
	pcm_wiz_save(ls->w);
	pcm_wiz_changed(ls->w, PCM_WIZ_CS(PCM_CS_INVITATIONS) | PCM_WIZ_CS(PCM_CS_WARNINGS));
}

static void enter(struct pcm_wiz *w)
{
	struct invites *s = state(w);
	uint32_t *forced = pcm_xmalloc((w->dep->nodes.n + 1) * sizeof *forced), n;
	size_t i;

	free(s->cats);
	s->ncats = pcm_invite_forcing(w->dep, w->plan, forced);
	s->cats = pcm_xcalloc(s->ncats + 1, sizeof *s->cats);
	/* nodeID order (the node array's): a walk in tree order would jump
	 * across memory, and the legacy ids are what the admin knows */
	for (i = 0, n = 0; n < w->dep->nodes.n && i < s->ncats; n++)
		if (forced[n]) {
			s->cats[i].node = n;
			s->cats[i++].rooms = forced[n];
		}
	free(forced);
	pcm_listscreen_init(&s->ls, w, s->ncats, row_text, NULL, NULL, toggled);
	recompute(s);
	for (i = 0; i < s->ncats; i++)
		pcm_listbox_set_checked(&s->ls.list, i,
		                        pcm_plan_category_invite(w->plan, w->dep->nodes.v[s->cats[i].node].id) == 1);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	struct invites *s = state(w);
	int end = y + h;
	size_t i, undecided = 0, inherited = 0;
	char hdr[512], c1[256], c2[128], *path;

	if (!s->ncats) {
		pcm_draw_text(stdscr, y + 1, 1, _("No room asks for invitations inside a category that has them off."),
		              cols - 1, pcm_color(PCM_C_OK), true);
		return;
	}
	for (i = 0; i < s->ncats; i++) {
		if (inherits_on(s, i))
			inherited++;
		else if (pcm_plan_category_invite(w->plan, w->dep->nodes.v[s->cats[i].node].id) < 0)
			undecided++;
	}
	if (inherited)
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
		                _("Categories: %zu, invitations turned on: %zu, on from a parent: %zu, not decided: %zu."),
		                s->ncats, s->ls.list.nchecked, inherited, undecided);
	else
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
		                _("Categories: %zu, invitations turned on: %zu, not decided: %zu."),
		                s->ncats, s->ls.list.nchecked, undecided);
	/* a short window (issue 16) gives the hint rows to the list */
	if (h >= 9) {
		pcm_draw_text(stdscr, y++, 1, _("Ticked: the category's invitations are turned on, its rooms keep asking."),
		              cols - 1, pcm_color(PCM_C_INFO), true);
		pcm_draw_text(stdscr, y++, 1, _("Not ticked: the import sets those rooms to False."),
		              cols - 1, pcm_color(PCM_C_INFO), true);
	}
	/* the path takes the width the other columns leave, 12 at least */
	s->path_cols = cols - 4 - 1 - 28 - 1 - 6;
	if (s->path_cols < 12)
		s->path_cols = 12;
	snprintf(hdr, sizeof hdr, "    %s %s %s", pcm_text_cell(c1, sizeof c1, _("Category"), s->path_cols),
	         pcm_text_cell(c2, sizeof c2, _("Decision"), 28), _("Rooms"));
	pcm_wiz_heading(w, y++, hdr);
	/* the detail line: the selected category's whole path */
	path = pcm_node_path(w->dep, s->cats[s->ls.list.cursor].node, w->plan->separator);
	pcm_listscreen_draw(&s->ls, y, end, cols, path);
	free(path);
}

static bool key(struct pcm_wiz *w, int k)
{
	struct invites *s = state(w);
	size_t i, n = 0;

	if (pcm_keymap_find(&keys, k) == ACT_ACCEPT_ALL) {
		for (i = 0; i < s->ncats; i++)
			if (!inherits_on(s, i) &&
			    pcm_plan_category_invite(w->plan, w->dep->nodes.v[s->cats[i].node].id) < 0) {
				decide(s, i, false);
				n++;
			}
		recompute(s);
		if (n) {
			pcm_wiz_save(w);
			pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_INVITATIONS) | PCM_WIZ_CS(PCM_CS_WARNINGS));
		}
		pcm_wiz_message(w, PCM_C_MESSAGE, ngettext("Accepted the forced value for %zu category.",
		                                           "Accepted the forced value for %zu categories.", n), n);
		return true;
	}
	return pcm_listscreen_key(&s->ls, k);
}

const struct pcm_screen pcm_screen_invites = {
	.step = PCM_STEP_INVITATIONS,
	.label = N_("Invites"),
	.title = N_("Invitation reset"),
	.explain = N_("In Lync Server 2013, if the category invitations settings are set to true, you "
	              "can choose true or false for invitations to rooms under that category. However "
	              "if the category invitations settings are set to false, rooms under that category "
	              "have invitations turned off. Before migration, you must reset the invitation "
	              "settings in your legacy Lync Server Group Chat Server version, if you want "
	              "room(s) to exist under a specific category. Otherwise, during migration, Lync "
	              "Server 2013 displays warnings and sets rooms to the default value of false."),
	.keys = &keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 1,
	.min_body = 8,
	.enter = enter,
	.draw = draw,
	.key = key,
	.free_state = free_state,
};
