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
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/listbox.h"
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

static struct category *cats;
static size_t ncats;
static struct pcm_listbox list;

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct pcm_wiz *w = ctx;
	char *path = pcm_node_path(w->dep, cats[i].node, w->plan->separator);
	int d = pcm_plan_category_invite(w->plan, w->dep->nodes.v[cats[i].node].id);
	char cell[512], cell2[128];
	const char *what = d == 1 ? _("turn invitations on")
	                   : d == 0 ? _("accepted: rooms get False") : _("undecided: rooms get False");

	snprintf(buf, size, "%s %s %zu",
	         pcm_text_cell(cell, sizeof cell, path, 36),
	         pcm_text_cell(cell2, sizeof cell2, what, 28), cats[i].rooms);
	free(path);
}

static void enter(struct pcm_wiz *w)
{
	uint32_t *forced = pcm_xmalloc((w->dep->nodes.n + 1) * sizeof *forced), n;
	size_t i;

	free(cats);
	ncats = pcm_invite_forcing(w->dep, w->plan, forced);
	cats = pcm_xcalloc(ncats + 1, sizeof *cats);
	/* nodeID order (the node array's): a walk in tree order would jump
	 * across memory, and the legacy ids are what the admin knows */
	for (i = 0, n = 0; n < w->dep->nodes.n && i < ncats; n++)
		if (forced[n]) {
			cats[i].node = n;
			cats[i++].rooms = forced[n];
		}
	free(forced);
	pcm_listbox_free(&list);
	pcm_listbox_init(&list, ncats, true, row_text, NULL, w);
	for (i = 0; i < ncats; i++)
		pcm_listbox_set_checked(&list, i, pcm_plan_category_invite(w->plan, w->dep->nodes.v[cats[i].node].id) == 1);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	int end = y + h;
	size_t i, undecided = 0;

	if (!ncats) {
		pcm_draw_text(stdscr, y + 1, 1, _("No room asks for invitations inside a category that has them off."),
		              cols - 1, pcm_color(PCM_C_OK), true);
		return;
	}
	for (i = 0; i < ncats; i++)
		if (pcm_plan_category_invite(w->plan, w->dep->nodes.v[cats[i].node].id) < 0)
			undecided++;
	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                _("Categories: %zu, invitations turned on: %zu, not decided: %zu."),
	                ncats, list.nchecked, undecided);
	pcm_draw_text(stdscr, y++, 1, _("Ticked: the category's invitations are turned on, its rooms keep asking."),
	              cols - 1, pcm_color(PCM_C_INFO), true);
	pcm_draw_text(stdscr, y++, 1, _("Not ticked: the import sets those rooms to False."),
	              cols - 1, pcm_color(PCM_C_INFO), true);
	{
		char hdr[256], c1[128], c2[128];
		snprintf(hdr, sizeof hdr, "    %s %s %s", pcm_text_cell(c1, sizeof c1, _("Category"), 36),
		         pcm_text_cell(c2, sizeof c2, _("Decision"), 28), _("Rooms"));
		pcm_wiz_heading(w, y++, hdr);
	}
	pcm_listbox_draw(&list, stdscr, y, 0, end - y, cols, true);
}

static void decide(struct pcm_wiz *w, size_t i, bool on)
{
	pcm_plan_set_category_invite(w->plan, w->dep->nodes.v[cats[i].node].id, on);
	pcm_listbox_set_checked(&list, i, on);
}

static bool key(struct pcm_wiz *w, int k)
{
	size_t i = list.cursor, n = 0;

	if (pcm_keymap_find(&keys, k) == ACT_ACCEPT_ALL) {
		for (i = 0; i < ncats; i++)
			if (pcm_plan_category_invite(w->plan, w->dep->nodes.v[cats[i].node].id) < 0) {
				decide(w, i, false);
				n++;
			}
		if (n) {
			pcm_wiz_save(w);
			pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_INVITATIONS) | PCM_WIZ_CS(PCM_CS_WARNINGS));
		}
		pcm_wiz_message(w, PCM_C_MESSAGE, ngettext("Accepted the forced value for %zu category.",
		                                           "Accepted the forced value for %zu categories.", n), n);
		return true;
	}
	switch (pcm_listbox_key(&list, k)) {
	case PCM_LB_TOGGLED:
		decide(w, i, pcm_listbox_checked(&list, i));
		pcm_wiz_save(w);
		pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_INVITATIONS) | PCM_WIZ_CS(PCM_CS_WARNINGS));
		return true;
	case PCM_LB_SEARCH:
		pcm_wiz_list_search(w, &list);
		return true;
	case PCM_LB_MOVED:
		return true;
	default:
		return false;
	}
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
};
