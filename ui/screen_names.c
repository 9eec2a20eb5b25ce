/* SPDX-License-Identifier: MIT */
/* Step 3, the room-name length fixer (R3). Lists every room whose final
 * name (parent categories prefixed) is over the limit or collides, sorted
 * by excess. Enter opens a line editor on the room's own name with the
 * final name and its UTF-16 length shown live (red over 256); Enter saves
 * the rename to the plan, checks again with the same rule and moves to the
 * next offender. The rule itself lives in src/ (pcm_final_room_name,
 * pcm_check_names); nothing here decides what is too long. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "widgets/draw.h"
#include "rules/flatten.h"
#include "base/i18n.h"
#include "widgets/lineedit.h"
#include "widgets/listbox.h"
#include "listscreen.h"
#include "widgets/text.h"
#include "base/util.h"
#include "wizard.h"

enum { ACT_EDIT = PCM_ACT_SCREEN, ACT_FILTER, ACT_SEPARATOR, ACT_SAVE, ACT_CANCEL };

static const struct pcm_keybind binds[] = {
	{ '\r', ACT_EDIT, "Enter", N_("edit the selected room's name"), N_("Edit") },
	{ 'e', ACT_EDIT, "e", NULL, NULL },
	{ 'f', ACT_FILTER, "f", N_("show only offenders whose name contains a text"), N_("Filter") },
	{ 's', ACT_SEPARATOR, "s", N_("change the separator between category names"), NULL },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Room names"), binds);

static const struct pcm_keybind edit_binds[] = {
	{ '\r', ACT_SAVE, "Enter", N_("save the name, check it, go to the next offender"), N_("Save") },
	{ PCM_KEY_ESC, ACT_CANCEL, "Esc", N_("back to the list without saving"), N_("Cancel") },
	{ PCM_KEY_FN(KEY_F(1)), PCM_ACT_HELP, "F1", NULL, N_("Help") },
};
static const struct pcm_keymap edit_keys = PCM_KEYMAP(N_("Editing a name"), edit_binds);
static const struct pcm_keymap *const widget_keys[] = {
	&edit_keys, &pcm_lineedit_keys, &pcm_listbox_keys
};

struct offender {
	uint32_t node;
	const char *code;           /* static code of the finding */
	int64_t excess;             /* units over the limit (0 for a collision) */
	char *message;
};

struct names {
	struct pcm_listscreen ls;   /* first: the row callbacks' context */
	struct offender *all;       /* every offender, sorted by excess */
	size_t nall;
	size_t *shown;              /* indexes into all[] passing the name filter */
	size_t nshown;
	char name_filter[256];
	bool editing;
	struct pcm_lineedit le;
	uint32_t edit_node;
	char *final_name;           /* live: final name of the text in the editor */
	long final_units;
	long prefix_units;          /* final name with an empty own name */
};

static struct names *state(struct pcm_wiz *w)
{
	return pcm_wiz_state(w, PCM_STEP_NAMES, sizeof(struct names));
}

static const char *own_name(const struct pcm_wiz *w, uint32_t n)
{
	const char *r = pcm_plan_rename_of(w->plan, w->dep->nodes.v[n].id);

	return r ? r : w->dep->nodes.v[n].name;
}

static int by_excess(const void *a, const void *b)
{
	const struct offender *x = a, *y = b;

	if (x->excess != y->excess)
		return x->excess < y->excess ? 1 : -1;
	return x->node < y->node ? -1 : x->node > y->node;
}

static void free_offenders(struct names *s)
{
	size_t i;

	for (i = 0; i < s->nall; i++)
		free(s->all[i].message);
	free(s->all);
	free(s->shown);
	s->all = NULL;
	s->shown = NULL;
	s->nall = s->nshown = 0;
}

static bool is_offence(const struct pcm_finding *f)
{
	return f->step == PCM_CS_NAMES && f->severity == PCM_SEV_BLOCK && f->node != PCM_NONE;
}

/* Rebuilds the offender list from the current findings, keeping the
 * cursor at the same position (the next offender after a fix). */
static void rebuild(struct pcm_wiz *w)
{
	struct names *s = state(w);
	size_t i, n = 0, pos = s->ls.list.cursor;
	char path[1024], *p;
	const struct pcm_findings *fs = pcm_wiz_findings(w, PCM_CS_NAMES);

	free_offenders(s);
	for (i = 0; i < fs->list.n; i++)
		if (is_offence(&fs->list.v[i]))
			n++;
	s->all = pcm_xcalloc(n, sizeof *s->all);
	s->shown = pcm_xcalloc(n, sizeof *s->shown);
	for (i = 0; i < fs->list.n; i++) {
		const struct pcm_finding *f = &fs->list.v[i];
		if (!is_offence(f))
			continue;
		s->all[s->nall].node = f->node;
		s->all[s->nall].code = f->code;
		s->all[s->nall].excess = strcmp(f->code, "NAME-TOO-LONG") == 0 ? f->number : 0;
		s->all[s->nall].message = pcm_xstrdup(f->message ? f->message : "");
		s->nall++;
	}
	qsort(s->all, s->nall, sizeof *s->all, by_excess);
	for (i = 0; i < s->nall; i++) {
		if (s->name_filter[0]) {
			p = pcm_node_path(w->dep, s->all[i].node, w->plan->separator);
			snprintf(path, sizeof path, "%s", p);
			free(p);
			if (!pcm_text_contains(path, s->name_filter) && !pcm_text_contains(own_name(w, s->all[i].node), s->name_filter))
				continue;
		}
		s->shown[s->nshown++] = i;
	}
	pcm_listbox_set_count(&s->ls.list, s->nshown);
	pcm_listbox_goto(&s->ls.list, pos);
}

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct names *s = ctx;
	struct pcm_wiz *w = s->ls.w;
	const struct offender *o = &s->all[s->shown[i]];
	const struct pcm_node *n = &w->dep->nodes.v[o->node];
	char *where = n->parent != PCM_NONE ? pcm_node_path(w->dep, n->parent, w->plan->separator) : NULL;
	char tag[32];

	if (o->excess > 0)
		snprintf(tag, sizeof tag, "+%lld", (long long)o->excess);
	else
		snprintf(tag, sizeof tag, "%s", strcmp(o->code, "NAME-CLASH") == 0 ? _("clash") : _("dup"));
	/* the room's own name first: the long prefixes look all alike */
	snprintf(buf, size, "%6s  %s  \u2190 %s", tag, own_name(w, o->node), where ? where : "");
	free(where);
}

static int row_color(void *ctx, size_t i)
{
	struct names *s = ctx;

	return s->all[s->shown[i]].excess > 0 ? PCM_C_OVER_LIMIT : PCM_C_BLOCK;
}

/* Recomputes the live final name from the editor's text. */
static void update_final(struct pcm_wiz *w)
{
	struct names *s = state(w);
	char *text = pcm_le_get(&s->le);

	free(s->final_name);
	s->final_name = pcm_final_room_name(w->dep, w->plan, s->edit_node, text);
	s->final_units = s->final_name ? pcm_utf16_length(s->final_name) : -1;
	free(text);
}

static void open_editor(struct pcm_wiz *w)
{
	struct names *s = state(w);
	const struct pcm_node *n;

	if (!s->nshown)
		return;
	s->edit_node = s->all[s->shown[s->ls.list.cursor]].node;
	n = &w->dep->nodes.v[s->edit_node];
	if (n->is_category) {
		pcm_wiz_message(w, PCM_C_MESSAGE,
		                _("%s is a category: rename it in the Group Chat Admin Tool, or disable its rooms (step 6)."),
		                n->name);
		return;
	}
	pcm_le_set(&s->le, own_name(w, s->edit_node));
	s->editing = true;
	update_final(w);
	{
		char *prefix = pcm_final_room_name(w->dep, w->plan, s->edit_node, "");
		s->prefix_units = prefix ? pcm_utf16_length(prefix) : 0;
		free(prefix);
	}
}

static void enter(struct pcm_wiz *w)
{
	struct names *s = state(w);
	if (!s->le.buf)
		pcm_le_init(&s->le);
	s->editing = false;
	pcm_listscreen_init(&s->ls, w, 0, row_text, row_color, NULL, NULL);
	rebuild(w);
}

/* Is node still an offender after the last check? */
static const struct offender *offender_of(struct names *s, uint32_t node)
{
	size_t i;

	for (i = 0; i < s->nall; i++)
		if (s->all[i].node == node)
			return &s->all[i];
	return NULL;
}

static void save_edit(struct pcm_wiz *w)
{
	struct names *s = state(w);
	char *text = pcm_le_get(&s->le);
	const struct pcm_node *n = &w->dep->nodes.v[s->edit_node];
	const struct offender *still;
	size_t i;

	if (!*text) {
		pcm_wiz_message(w, PCM_C_BLOCK, _("A room needs a name."));
		free(text);
		return;
	}
	pcm_plan_set_rename(w->plan, n->id, n->name, text);
	free(text);
	pcm_wiz_save(w);
	pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_NAMES));
	/* keep the cursor on the row the fixed room had: the next offender */
	for (i = 0; i < s->nshown; i++)
		if (s->all[s->shown[i]].node == s->edit_node)
			s->ls.list.cursor = i;
	rebuild(w);
	still = offender_of(s, s->edit_node);
	if (still) {
		pcm_wiz_message(w, PCM_C_BLOCK, _("Saved, but still a problem: %s"), still->message);
		for (i = 0; i < s->nshown; i++)
			if (s->all[s->shown[i]].node == s->edit_node)
				pcm_listbox_goto(&s->ls.list, i);
		update_final(w);
		return;
	}
	pcm_wiz_message(w, PCM_C_OK, _("Saved: the final name has %ld units. %zu offenders left."),
	                s->final_units, s->nall);
	s->editing = false;
	if (s->nshown)
		open_editor(w);
}

static void draw_editor(struct pcm_wiz *w, int y, int h, int cols)
{
	struct names *s = state(w);
	struct pcm_lines l = { 0 };
	char *path = pcm_node_path(w->dep, s->edit_node, w->plan->separator);
	int end = y + h, i;
	bool over = s->final_units > PCM_NAME_LIMIT;
	char label[128];

	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                _("Room: %s"), path);
	free(path);
	y++;
	i = pcm_draw_text(stdscr, y, 1, _("Own name:"), cols / 3, pcm_color(PCM_C_HEADING), false);
	pcm_le_draw(&s->le, stdscr, y, i + 2, cols - i - 3, pcm_color(PCM_C_FIELD), true);
	getyx(stdscr, w->cursor_y, w->cursor_x);
	y += 2;
	snprintf(label, sizeof label, _("Final name: %ld of %d UTF-16 units"), s->final_units, PCM_NAME_LIMIT);
	i = pcm_draw_text(stdscr, y, 1, label, cols - 1, pcm_color(over ? PCM_C_OVER_LIMIT : PCM_C_OK), false);
	if (over)
		pcm_draw_printf(stdscr, y, 2 + i, cols - i - 2, pcm_color(PCM_C_BLOCK), false,
		                _("  %ld too many"), s->final_units - PCM_NAME_LIMIT);
	y++;
	if (s->prefix_units >= PCM_NAME_LIMIT)
		pcm_draw_printf(stdscr, end - 2, 1, cols - 1, pcm_color(PCM_C_BLOCK), true,
		                _("The categories alone take %ld units: no room name fits. Disable the room (step 6) or shorten the categories."),
		                s->prefix_units);
	else
		pcm_draw_printf(stdscr, end - 2, 1, cols - 1, pcm_color(PCM_C_INFO), true,
		                _("The categories take %ld units: the room's own name may use %ld."),
		                s->prefix_units, PCM_NAME_LIMIT - s->prefix_units);
	pcm_wrap(s->final_name ? s->final_name : "", cols - 4, &l);
	for (i = 0; i < (int)l.n && y < end - 2; i++)
		pcm_draw_text(stdscr, y++, 3, l.v[i], cols - 4, pcm_color(over ? PCM_C_BLOCK : PCM_C_NORMAL), true);
	pcm_lines_free(&l);
	pcm_draw_text(stdscr, end - 1, 1,
	              _("Enter: save and go to the next offender   Esc: back to the list"),
	              cols - 1, pcm_color(PCM_C_INFO), true);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	struct names *s = state(w);
	int end = y + h, lh;
	char head[256];
	size_t i, too_long = 0;
	struct pcm_lines l = { 0 };

	if (s->editing) {
		draw_editor(w, y, h, cols);
		return;
	}
	for (i = 0; i < s->nall; i++)
		if (s->all[i].excess > 0)
			too_long++;
	snprintf(head, sizeof head,
	         _("Offenders: %zu (%zu too long, %zu colliding)   separator \"%s\"%s%s"),
	         s->nall, too_long, s->nall - too_long, w->plan->separator,
	         s->name_filter[0] ? _("   name_filter: ") : "", s->name_filter);
	pcm_draw_text(stdscr, y++, 1, head, cols - 1, pcm_color(PCM_C_NORMAL), true);
	if (!s->nall) {
		pcm_draw_text(stdscr, y + 1, 1, _("Every final room name fits in 256 units and is unique."),
		              cols - 1, pcm_color(PCM_C_OK), true);
		return;
	}
	pcm_wiz_heading(w, y++, _("  Over  Room name  \u2190 category"));
	lh = end - y - 3;
	if (lh < 3)
		lh = end - y;
	pcm_listbox_draw(&s->ls.list, stdscr, y, 0, lh, cols, true);
	y += lh;
	if (y < end && s->nshown) {
		pcm_wrap(s->all[s->shown[s->ls.list.cursor]].message, cols - 2, &l);
		for (i = 0; i < l.n && y < end; i++)
			pcm_draw_text(stdscr, y++, 1, l.v[i], cols - 1, pcm_color(PCM_C_INFO), true);
		pcm_lines_free(&l);
	}
}

static bool key(struct pcm_wiz *w, int k)
{
	struct names *s = state(w);
	char *text;
	bool changed;

	if (s->editing) {
		switch (pcm_keymap_find(&edit_keys, k)) {
		case ACT_SAVE:
			save_edit(w);
			return true;
		case ACT_CANCEL:
			s->editing = false;
			return true;
		default:
			if (pcm_le_key(&s->le, k, &changed) && changed)
				update_final(w);
			return true;
		}
	}
	switch (pcm_keymap_find(&keys, k)) {
	case ACT_EDIT:
		open_editor(w);
		return true;
	case ACT_FILTER:
		if (pcm_wiz_prompt(w, _("Show names containing:"), s->name_filter, &text, NULL)) {
			snprintf(s->name_filter, sizeof s->name_filter, "%s", text);
			free(text);
			s->ls.list.cursor = 0;
			rebuild(w);
		}
		return true;
	case ACT_SEPARATOR:
		if (pcm_wiz_prompt(w, _("Separator between category names:"), w->plan->separator, &text, NULL)) {
			if (!*text) {
				pcm_wiz_message(w, PCM_C_BLOCK, _("The separator cannot be empty."));
			} else {
				pcm_plan_set_separator(w->plan, text);
				pcm_wiz_save(w);
				pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_NAMES));
				rebuild(w);
			}
			free(text);
		}
		return true;
	default:
		break;
	}
	return pcm_listscreen_key(&s->ls, k);
}

static void free_state(void *p)
{
	struct names *s = p;

	free_offenders(s);
	pcm_listscreen_free(&s->ls);
	if (s->le.buf)
		pcm_le_free(&s->le);
	free(s->final_name);
	free(s);
}

static size_t blocking(struct pcm_wiz *w)
{
	return pcm_wiz_blocking(w, PCM_CS_NAMES);
}

static const struct pcm_keymap *current_keys(struct pcm_wiz *w)
{
	return state(w)->editing ? &edit_keys : &keys;
}

static bool modal(struct pcm_wiz *w)
{
	return state(w)->editing;
}

const struct pcm_screen pcm_screen_names = {
	.step = PCM_STEP_NAMES,
	.label = N_("Names"),
	.title = N_("Room-name length fixer"),
	.explain = N_("Verify the length of room names. After migration, due to simplified category "
	              "structures, if the rooms exist under a child category, they are prefixed with "
	              "full parent category names. The naming limit is 256 characters, including "
	              "parent category names. You must verify the length of the room names and "
	              "possibly shorten the length, if they are too long."),
	.keys = &keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 3,
	.min_body = 12,
	.enter = enter,
	.draw = draw,
	.key = key,
	.blocking = blocking,
	.modal = modal,
	.current_keys = current_keys,
	.free_state = free_state,
};
