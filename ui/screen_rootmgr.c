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

static struct pcm_listbox list;
static struct manager *mgrs;
static size_t nmgrs;

static void clear_managers(void)
{
	size_t i;

	for (i = 0; i < nmgrs; i++) {
		free(mgrs[i].uri);
		free(mgrs[i].name);
	}
	free(mgrs);
	mgrs = NULL;
	nmgrs = 0;
}

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	char n[32], a[160], b[100];

	(void)ctx;
	snprintf(buf, size, "%s %s %s", pcm_text_cell(a, sizeof a, mgrs[i].uri, 38),
	         pcm_text_cell(b, sizeof b, mgrs[i].name, 22),
	         pcm_grouped((uint64_t)mgrs[i].rooms, n, sizeof n));
}

static void enter(struct pcm_wiz *w)
{
	struct pcm_findings f;
	size_t i, saved = w->plan->root_managers.n;
	const struct pcm_finding *x;

	clear_managers();
	pcm_findings_init(&f);
	/* the same rule, without the keep/drop decisions */
	w->plan->root_managers.n = 0;
	pcm_check_root_managers(w->dep, w->plan, &f);
	w->plan->root_managers.n = saved;
	mgrs = pcm_xcalloc(f.list.n, sizeof *mgrs);
	for (i = 0; i < f.list.n; i++) {
		x = &f.list.v[i];
		if (strcmp(x->code, "ROOT-MANAGER") != 0)
			continue;
		mgrs[nmgrs].uri = pcm_xstrdup(x->id ? x->id : "");
		mgrs[nmgrs].name = pcm_xstrdup(x->principal != PCM_NONE && w->dep->principals.v[x->principal].name
		                               ? w->dep->principals.v[x->principal].name : "");
		mgrs[nmgrs].rooms = x->number;
		nmgrs++;
	}
	pcm_findings_free(&f);
	pcm_listbox_free(&list);
	pcm_listbox_init(&list, nmgrs, true, row_text, NULL, w);
	for (i = 0; i < nmgrs; i++)
		pcm_listbox_set_checked(&list, i, pcm_plan_root_manager(w->plan, mgrs[i].uri) != 0);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	int end = y + h;
	char hdr[256], a[160], b[100];

	(void)w;
	if (!nmgrs) {
		pcm_draw_text(stdscr, y + 1, 1, _("The root category has no managers: nothing to decide here."),
		              cols - 1, pcm_color(PCM_C_OK), true);
		return;
	}
	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                _("Root managers: %zu, kept: %zu, dropped: %zu."),
	                nmgrs, list.nchecked, nmgrs - list.nchecked);
	pcm_draw_text(stdscr, y++, 1, _("A ticked manager is kept: added as a manager of every migrated room."),
	              cols - 1, pcm_color(PCM_C_INFO), true);
	snprintf(hdr, sizeof hdr, "    %s %s %s", pcm_text_cell(a, sizeof a, _("SIP address"), 38),
	         pcm_text_cell(b, sizeof b, _("Name"), 22), _("Rooms"));
	pcm_wiz_heading(w, y++, hdr);
	pcm_listbox_draw(&list, stdscr, y, 0, end - y, cols, true);
}

static bool key(struct pcm_wiz *w, int k)
{
	size_t i = list.cursor;
	bool keep;

	switch (pcm_listbox_key(&list, k)) {
	case PCM_LB_TOGGLED:
		keep = pcm_listbox_checked(&list, i);
		pcm_plan_set_root_manager(w->plan, mgrs[i].uri, keep);
		pcm_wiz_save(w);
		pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_ROOT_MANAGERS) | PCM_WIZ_CS(PCM_CS_WARNINGS));
		if (keep)
			pcm_wiz_message(w, PCM_C_MESSAGE, _("%s stays: added as a manager of %lld rooms."),
			                mgrs[i].uri, (long long)mgrs[i].rooms);
		else
			pcm_wiz_message(w, PCM_C_MESSAGE, _("%s is dropped: removed from the root before migration."),
			                mgrs[i].uri);
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
};
