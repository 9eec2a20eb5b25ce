/* SPDX-License-Identifier: MIT */
/* Step 3, the room-name length fixer (R3). Lists every room (and target
 * category) whose final name (parent categories prefixed) is over the
 * limit or collides, sorted by excess. Enter opens a line editor on the
 * own name with the final name, its UTF-16 length and the verdict of the
 * rename rule shown live; c edits one of the categories above the room,
 * with the offenders below it the rename fixes counted live; r lists every
 * rename in the plan (rooms and categories) with its old and new name, and
 * undoes one. Enter saves only what `plan --rename` accepts: the rule is
 * one function in src/rules (pcm_rename_judge); nothing here decides what
 * is too long. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "widgets/draw.h"
#include "rules/flatten.h"
#include "rules/rename_rule.h"
#include "base/i18n.h"
#include "widgets/lineedit.h"
#include "widgets/listbox.h"
#include "listscreen.h"
#include "widgets/text.h"
#include "base/util.h"
#include "wizard.h"

enum {
	ACT_EDIT = PCM_ACT_SCREEN, ACT_CATEGORY, ACT_RENAMES, ACT_FILTER, ACT_SEPARATOR,
	ACT_SAVE, ACT_CANCEL, ACT_UNDO, ACT_PICK, ACT_NEXT,
};

static const struct pcm_keybind binds[] = {
	{ '\r', ACT_EDIT, "Enter", N_("edit the selected room's (or category's) own name"), N_("Edit") },
	{ 'e', ACT_EDIT, "e", NULL, NULL },
	{ 'c', ACT_CATEGORY, "c", N_("rename one of the categories above the selected room"), N_("Category") },
	{ 'r', ACT_RENAMES, "r", N_("review every rename in the plan, and undo one"), N_("Renames") },
	{ 'f', ACT_FILTER, "f", N_("show only offenders whose name contains a text"), NULL },
	{ 's', ACT_SEPARATOR, "s", N_("change the separator between category names"), NULL },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Room names"), binds);

static const struct pcm_keybind edit_binds[] = {
	{ '\r', ACT_SAVE, "Enter", N_("save the name if the rename rule accepts it, go to the next offender"), N_("Save") },
	{ PCM_KEY_ESC, ACT_CANCEL, "Esc", N_("back to the list without saving"), N_("Cancel") },
	{ '\t', ACT_NEXT, "Tab", N_("the next step (an unsaved name must be saved or dropped first)"), NULL },
	{ PCM_KEY_FN(KEY_F(1)), PCM_ACT_HELP, "F1", NULL, N_("Help") },
};
static const struct pcm_keymap edit_keys = PCM_KEYMAP(N_("Editing a name"), edit_binds);

static const struct pcm_keybind pick_binds[] = {
	{ '\r', ACT_PICK, "Enter", N_("rename the selected category"), N_("Rename") },
	{ PCM_KEY_ESC, ACT_CANCEL, "Esc", N_("back to the offenders"), N_("Back") },
};
static const struct pcm_keymap pick_keys = PCM_KEYMAP(N_("Categories above a room"), pick_binds);

static const struct pcm_keybind review_binds[] = {
	{ 'u', ACT_UNDO, "u", N_("undo the selected rename (asks first)"), N_("Undo") },
	{ PCM_KEY_FN(KEY_DC), ACT_UNDO, "Delete", NULL, NULL },
	{ '\r', ACT_EDIT, "Enter", N_("edit the selected rename"), N_("Edit") },
	{ PCM_KEY_ESC, ACT_CANCEL, "Esc", N_("back to the offenders"), N_("Back") },
	{ 'r', ACT_CANCEL, "r", NULL, NULL },
};
static const struct pcm_keymap review_keys = PCM_KEYMAP(N_("Renames in the plan"), review_binds);

static const struct pcm_keymap *const widget_keys[] = {
	&edit_keys, &pick_keys, &review_keys, &pcm_lineedit_keys, &pcm_listbox_plain_keys
};

struct offender {
	uint32_t node;
	const char *code;           /* static code of the finding */
	int64_t excess;             /* units over the limit (0 for a collision) */
	char *message;
};

/* Rooms and categories up to which a category's offenders are counted on
 * every key (the names check, twice, stays well under 100 ms). */
#define LIVE_COUNT_NODES 10000

enum mode { MODE_LIST, MODE_EDIT, MODE_PICK, MODE_REVIEW };

struct names {
	struct pcm_listscreen ls;   /* first: the row callbacks' context */
	struct offender *all;       /* every offender, sorted by excess */
	size_t nall;
	size_t *shown;              /* indexes into all[] passing the filter */
	size_t nshown;
	char name_filter[256];
	enum mode mode;
	enum mode edit_from;        /* where Esc from the editor goes back to */
	struct pcm_lineedit le;
	uint32_t edit_node;
	char *edit_start;           /* the text the editor opened with */
	char *final_name;           /* live: final name of the text in the editor (a room) */
	long final_units;
	long prefix_units;          /* final name with an empty own name */
	struct pcm_rename_verdict verdict;  /* live: the rename rule on the text */
	struct pcm_rename_ctx *rule;        /* the rule for edit_node, made on opening */
	bool counted;               /* the verdict holds a category's offender counts */
	bool saving;                /* Enter: count even on a large deployment */
	bool verdict_ok;
	int row_cols;               /* width of the list rows at the last draw */
	/* the categories above the room c was pressed on */
	uint32_t *chain;
	size_t nchain;
	size_t *chain_bad;          /* offenders at or below each */
	struct pcm_listbox pick;
	struct pcm_listbox review;  /* the renames view */
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

static const char *ellipsis(void)
{
	return pcm_draw_utf8() ? "\u2026" : "...";
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
	char *path;
	const struct pcm_findings *fs = pcm_wiz_findings(w, PCM_CS_NAMES);

	free_offenders(s);
	for (i = 0; i < fs->list.n; i++)
		if (is_offence(&fs->list.v[i]))
			n++;
	s->all = pcm_xcalloc(n + 1, sizeof *s->all);
	s->shown = pcm_xcalloc(n + 1, sizeof *s->shown);
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
			bool hit;
			path = pcm_node_path(w->dep, s->all[i].node, w->plan->separator);
			hit = pcm_text_contains(path, s->name_filter) ||
			      pcm_text_contains(own_name(w, s->all[i].node), s->name_filter);
			free(path);
			if (!hit)
				continue;
		}
		s->shown[s->nshown++] = i;
	}
	pcm_listbox_set_count(&s->ls.list, s->nshown);
	pcm_listbox_goto(&s->ls.list, pos);
}

/* "tag  own name  <- category path", the path cut in the middle to the
 * width so that rows under one long category still differ. */
static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct names *s = ctx;
	struct pcm_wiz *w = s->ls.w;
	const struct offender *o = &s->all[s->shown[i]];
	const struct pcm_node *n = &w->dep->nodes.v[o->node];
	char *where = n->parent != PCM_NONE ? pcm_node_path(w->dep, n->parent, w->plan->separator) : NULL;
	char tag[32], full[512], name[512], cut[1024];
	int room = s->row_cols - 4, left;

	if (o->excess > 0)
		snprintf(tag, sizeof tag, "+%lld", (long long)o->excess);
	else
		snprintf(tag, sizeof tag, "%s", strcmp(o->code, "NAME-CLASH") == 0 ? _("clash") : _("dup"));
	/* the own name first (three fifths of the row at most), the category after it */
	snprintf(full, sizeof full, "%s%s", n->is_category ? _("[category] ") : "", own_name(w, o->node));
	pcm_text_cut_middle(full, (room - 12) * 3 / 5 > 20 ? (room - 12) * 3 / 5 : 20, ellipsis(), name, sizeof name);
	left = room - 12 - pcm_text_width(name);
	pcm_text_cut_middle(where ? where : "", left > 10 ? left : 10, ellipsis(), cut, sizeof cut);
	snprintf(buf, size, "%6s  %s  \u2190 %s", tag, name, cut);
	free(where);
}

/* Search looks at the whole own name and path, not the cut row. */
static void search_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct names *s = ctx;
	struct pcm_wiz *w = s->ls.w;
	char *path = pcm_node_path(w->dep, s->all[s->shown[i]].node, w->plan->separator);

	snprintf(buf, size, "%s %s", own_name(w, s->all[s->shown[i]].node), path);
	free(path);
}

static int row_color(void *ctx, size_t i)
{
	const struct names *s = ctx;

	return s->all[s->shown[i]].excess > 0 ? PCM_C_OVER_LIMIT : PCM_C_BLOCK;
}

/* Runs the rename rule on the editor's text: the final name and its
 * length of a room, the offenders fixed below a category. */
static void update_final(struct pcm_wiz *w)
{
	struct names *s = state(w);
	char *text = pcm_le_get(&s->le);
	bool category = w->dep->nodes.v[s->edit_node].is_category;

	free(s->final_name);
	s->final_name = category ? NULL : pcm_final_room_name(w->dep, w->plan, s->edit_node, text);
	s->final_units = s->final_name ? pcm_utf16_length(s->final_name) : -1;
	if (!s->rule)
		s->rule = pcm_rename_ctx_new(w->dep, w->plan, s->edit_node);
	/* a category's counts run the names check twice: live on every key
	 * while that is quick, else once, when Enter saves */
	s->counted = category && (s->saving || w->dep->nodes.n < LIVE_COUNT_NODES);
	s->verdict_ok = pcm_rename_ctx_judge(s->rule, text, s->counted, &s->verdict);
	free(text);
}

static void open_editor_on(struct pcm_wiz *w, uint32_t node, enum mode from)
{
	struct names *s = state(w);
	char *prefix;

	s->edit_node = node;
	s->edit_from = from;
	pcm_rename_ctx_free(s->rule);       /* the plan may have changed since */
	s->rule = NULL;
	pcm_le_set(&s->le, own_name(w, s->edit_node));
	free(s->edit_start);
	s->edit_start = pcm_xstrdup(own_name(w, s->edit_node));
	s->mode = MODE_EDIT;
	update_final(w);
	prefix = w->dep->nodes.v[node].is_category ? NULL : pcm_final_room_name(w->dep, w->plan, s->edit_node, "");
	s->prefix_units = prefix ? pcm_utf16_length(prefix) : 0;
	free(prefix);
}

static void open_editor(struct pcm_wiz *w)
{
	struct names *s = state(w);
	if (s->nshown)
		open_editor_on(w, s->all[s->shown[s->ls.list.cursor]].node, MODE_LIST);
}

/* Offending nodes at or below node top (from the list of offenders). */
static size_t offenders_below(const struct names *s, const struct pcm_wiz *w, uint32_t top)
{
	size_t i, n = 0;
	uint32_t x;

	for (i = 0; i < s->nall; i++)
		for (x = s->all[i].node; x != PCM_NONE; x = w->dep->nodes.v[x].parent)
			if (x == top) {
				n++;
				break;
			}
	return n;
}

static void pick_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct names *s = ctx;
	struct pcm_wiz *w = s->ls.w;
	char name[512], count[64];

	snprintf(count, sizeof count,
	         ngettext("%zu offender below", "%zu offenders below", s->chain_bad[i]), s->chain_bad[i]);
	pcm_text_cut_middle(own_name(w, s->chain[i]), s->row_cols - 30 - 2 * (int)i, ellipsis(), name, sizeof name);
	snprintf(buf, size, "%*s%s  (%s)", (int)(2 * i), "", name, count);
}

/* c: the categories above the selected row, the nearest last. */
static void open_picker(struct pcm_wiz *w)
{
	struct names *s = state(w);
	uint32_t x;
	size_t k, n = 0;

	if (!s->nshown)
		return;
	x = w->dep->nodes.v[s->all[s->shown[s->ls.list.cursor]].node].parent;
	free(s->chain);
	free(s->chain_bad);
	s->chain = pcm_xcalloc(w->dep->nodes.n + 1, sizeof *s->chain);
	for (; x != PCM_NONE && x != w->dep->root; x = w->dep->nodes.v[x].parent)
		s->chain[n++] = x;
	if (!n) {
		pcm_wiz_message(w, PCM_C_MESSAGE, _("This room is directly under the root: it has no category to rename."));
		return;
	}
	/* outermost first */
	for (k = 0; k < n / 2; k++) {
		x = s->chain[k];
		s->chain[k] = s->chain[n - 1 - k];
		s->chain[n - 1 - k] = x;
	}
	s->nchain = n;
	s->chain_bad = pcm_xcalloc(n, sizeof *s->chain_bad);
	for (k = 0; k < n; k++)
		s->chain_bad[k] = offenders_below(s, w, s->chain[k]);
	pcm_listbox_free(&s->pick);
	pcm_listbox_init(&s->pick, s->nchain, false, pick_text, NULL, s);
	pcm_listbox_goto(&s->pick, s->nchain - 1);
	s->mode = MODE_PICK;
}

static void review_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct names *s = ctx;
	struct pcm_wiz *w = s->ls.w;
	const struct pcm_rename *r = &w->plan->renames.v[i];
	uint32_t n = pcm_node_index(w->dep, r->node_id);
	bool cat = n != PCM_NONE && w->dep->nodes.v[n].is_category;
	char old[512], now[512];
	int half = (s->row_cols - 24) / 2;

	pcm_text_cut_middle(r->old_name ? r->old_name : "?", half, ellipsis(), old, sizeof old);
	pcm_text_cut_middle(r->new_name ? r->new_name : "?", half, ellipsis(), now, sizeof now);
	snprintf(buf, size, "%-9s %7d  %s  \u2192 %s", cat ? _("category") : _("room"), (int)r->node_id,
	         old, now);
}

static void open_review(struct pcm_wiz *w)
{
	struct names *s = state(w);
	pcm_listbox_free(&s->review);
	pcm_listbox_init(&s->review, w->plan->renames.n, false, review_text, NULL, s);
	s->mode = MODE_REVIEW;
}

static void enter(struct pcm_wiz *w)
{
	struct names *s = state(w);
	if (!s->le.buf)
		pcm_le_init(&s->le);
	s->mode = MODE_LIST;
	if (!s->row_cols)
		s->row_cols = 80;
	pcm_listscreen_init(&s->ls, w, 0, row_text, row_color, search_text, NULL);
	rebuild(w);
}

/* Is node still an offender after the last check? */
static const struct offender *offender_of(const struct names *s, uint32_t node)
{
	size_t i;

	for (i = 0; i < s->nall; i++)
		if (s->all[i].node == node)
			return &s->all[i];
	return NULL;
}

/* Records the rename in the plan and checks again. */
static void record(struct pcm_wiz *w, const char *text)
{
	struct names *s = state(w);
	const struct pcm_node *n = &w->dep->nodes.v[s->edit_node];
	size_t i;

	pcm_plan_set_rename(w->plan, n->id, n->name, text);
	pcm_wiz_save(w);
	pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_NAMES));
	/* keep the cursor on the row the fixed room had: the next offender */
	for (i = 0; i < s->nshown; i++)
		if (s->all[s->shown[i]].node == s->edit_node)
			s->ls.list.cursor = i;
	rebuild(w);
}

static void save_edit(struct pcm_wiz *w)
{
	struct names *s = state(w);
	char *text = pcm_le_get(&s->le);
	const struct pcm_node *n = &w->dep->nodes.v[s->edit_node];
	const struct offender *still;
	char q[512];
	size_t before;

	/* the final word with the plan as it is now (another pcmigrate may
	 * have merged decisions in since the editor opened) */
	pcm_rename_ctx_free(s->rule);
	s->rule = NULL;
	s->saving = true;
	update_final(w);
	s->saving = false;
	if (!s->verdict_ok) {
		/* the batch refuses it: so does the editor (the whole reason is
		 * in the editor's body; the message row holds a short one) */
		if (s->verdict.problem == PCM_RENAME_TOO_LONG)
			pcm_wiz_message(w, PCM_C_BLOCK,
			                _("Not saved: the final name would be %ld UTF-16 units, over the limit of %d."),
			                s->verdict.units, PCM_NAME_LIMIT);
		else if (s->verdict.problem == PCM_RENAME_COLLISION)
			pcm_wiz_message(w, PCM_C_BLOCK,
			                _("Not saved: the final name would equal another room's (above)."));
		else
			pcm_wiz_message(w, PCM_C_BLOCK, _("Not saved: %s"), s->verdict.why);
		free(text);
		return;
	}
	if (n->is_category) {
		if (s->verdict.offenders_after) {
			snprintf(q, sizeof q,
			         ngettext("%zu offender below this category remains after the rename. Save it anyway?",
			                  "%zu offenders below this category remain after the rename. Save it anyway?",
			                  s->verdict.offenders_after), s->verdict.offenders_after);
			if (!pcm_wiz_confirm(w, q)) {
				pcm_wiz_message(w, PCM_C_MESSAGE, _("Not saved."));
				free(text);
				return;
			}
		}
		before = s->nall;
		record(w, text);
		free(text);
		pcm_wiz_message(w, PCM_C_OK,
		                ngettext("Saved: the category's rename fixed %zu offender; %zu left in all.",
		                         "Saved: the category's rename fixed %zu offenders; %zu left in all.",
		                         s->verdict.fixed), s->verdict.fixed, s->nall);
		(void)before;
		s->mode = MODE_LIST;
		return;
	}
	record(w, text);
	free(text);
	still = offender_of(s, s->edit_node);
	if (still) {
		/* a clash with the target pool's items: the rule of the check */
		pcm_wiz_message(w, PCM_C_BLOCK, _("Saved, but still a problem: %s"), still->message);
		s->mode = MODE_LIST;
		return;
	}
	pcm_wiz_message(w, PCM_C_OK,
	                ngettext("Saved: the final name has %ld units. %zu offender left.",
	                         "Saved: the final name has %ld units. %zu offenders left.", s->nall),
	                s->final_units, s->nall);
	s->mode = MODE_LIST;
	if (s->edit_from == MODE_LIST && s->nshown)
		open_editor(w);
	else if (s->edit_from == MODE_REVIEW)
		open_review(w);
}

/* Undoes the selected rename in the review (after asking). */
static void undo(struct pcm_wiz *w)
{
	struct names *s = state(w);
	const struct pcm_rename *r;
	uint32_t n;
	char q[1024], old[512];

	if (!w->plan->renames.n)
		return;
	r = &w->plan->renames.v[s->review.cursor];
	n = pcm_node_index(w->dep, r->node_id);
	pcm_text_cut_middle(r->old_name ? r->old_name : "?", 200, ellipsis(), old, sizeof old);
	snprintf(q, sizeof q, _("Undo the rename of nodeID %d: back to \"%s\"?"), (int)r->node_id, old);
	if (!pcm_wiz_confirm(w, q))
		return;
	if (n != PCM_NONE)
		pcm_plan_set_rename(w->plan, r->node_id, w->dep->nodes.v[n].name, NULL);
	else
		pcm_plan_set_rename(w->plan, r->node_id, r->old_name, NULL);
	pcm_wiz_save(w);
	pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_NAMES));
	rebuild(w);
	pcm_listbox_set_count(&s->review, w->plan->renames.n);
	pcm_wiz_message(w, PCM_C_OK, _("Rename undone. Offenders now: %zu."), s->nall);
}

/* A legacy path from row y, cut by columns (whatever it holds, drawn
 * escaped), at most max rows; returns the next row. */
static int draw_path(int y, int max, int cols, const char *text, enum pcm_color c)
{
	struct pcm_lines l = { 0 };
	size_t i;

	if (pcm_first_control(text, false))
		pcm_wrap_columns(text, cols - 2, &l);
	else
		pcm_wrap(text, cols - 2, &l);     /* breaks at the spaces of a plain path */
	for (i = 0; i < l.n && (int)i < max; i++)
		pcm_draw_text(stdscr, y++, 1, l.v[i], cols - 1, pcm_color(c), true);
	pcm_lines_free(&l);
	return y;
}

/* A wrapped text from row y, at most max rows; returns the next row. */
static int draw_wrapped(int y, int max, int cols, const char *text, enum pcm_color c)
{
	struct pcm_lines l = { 0 };
	size_t i;

	pcm_wrap(text, cols - 2, &l);
	for (i = 0; i < l.n && (int)i < max; i++)
		pcm_draw_text(stdscr, y++, 1, l.v[i], cols - 1, pcm_color(c), true);
	pcm_lines_free(&l);
	return y;
}

static void draw_editor(struct pcm_wiz *w, int y, int h, int cols)
{
	struct names *s = state(w);
	char *path = pcm_node_path(w->dep, s->edit_node, w->plan->separator);
	int end = y + h, i;
	bool category = w->dep->nodes.v[s->edit_node].is_category;
	bool over = s->final_units > PCM_NAME_LIMIT;
	char label[256], *line;

	/* the whole legacy path, wrapped: a cut one reads like its neighbours */
	line = pcm_xasprintf(category ? _("Category: %s") : _("Room: %s"), path);
	y = draw_path(y, 3, cols, line, PCM_C_NORMAL);
	free(line);
	free(path);
	y++;
	i = pcm_draw_text(stdscr, y, 1, _("Own name:"), cols / 3, pcm_color(PCM_C_HEADING), false);
	pcm_le_draw(&s->le, stdscr, y, i + 2, cols - i - 3, pcm_color(PCM_C_FIELD), true);
	getyx(stdscr, w->cursor_y, w->cursor_x);
	y += 2;
	if (category) {
		if (!s->verdict_ok)
			y = draw_wrapped(y, 2, cols, s->verdict.why, PCM_C_BLOCK);
		else if (!s->counted)
			pcm_draw_text(stdscr, y++, 1,
			              _("The offenders below it are counted when Enter saves (a large deployment)."),
			              cols - 1, pcm_color(PCM_C_INFO), true);
		else if (!s->verdict.offenders_before && !s->verdict.offenders_after)
			pcm_draw_text(stdscr, y++, 1, _("No offender below this category."), cols - 1,
			              pcm_color(PCM_C_OK), true);
		else {
			snprintf(label, sizeof label,
			         ngettext("This rename fixes %zu of %zu offender below it; %zu remain.",
			                  "This rename fixes %zu of %zu offenders below it; %zu remain.",
			                  s->verdict.offenders_before),
			         s->verdict.fixed, s->verdict.offenders_before, s->verdict.offenders_after);
			pcm_draw_text(stdscr, y++, 1, label, cols - 1,
			              pcm_color(s->verdict.offenders_after ? PCM_C_WARNING : PCM_C_OK), true);
		}
		pcm_draw_text(stdscr, end - 1, 1,
		              _("Enter: save (asks when offenders remain)   Esc: back without saving"),
		              cols - 1, pcm_color(PCM_C_INFO), true);
		return;
	}
	snprintf(label, sizeof label, _("Final name: %ld of %d UTF-16 units"), s->final_units, PCM_NAME_LIMIT);
	i = pcm_draw_text(stdscr, y, 1, label, cols - 1, pcm_color(over ? PCM_C_OVER_LIMIT : PCM_C_OK), false);
	if (over)
		pcm_draw_printf(stdscr, y, 2 + i, cols - i - 2, pcm_color(PCM_C_BLOCK), false,
		                _("  %ld too many"), s->final_units - PCM_NAME_LIMIT);
	y++;
	if (!s->verdict_ok && s->verdict.problem != PCM_RENAME_TOO_LONG)
		y = draw_wrapped(y, 2, cols, s->verdict.why, PCM_C_BLOCK);
	if (s->prefix_units >= PCM_NAME_LIMIT)
		pcm_draw_printf(stdscr, end - 2, 1, cols - 1, pcm_color(PCM_C_BLOCK), true,
		                _("The categories alone take %ld units: no room name fits. Disable the room (step 6) or rename a category (c)."),
		                s->prefix_units);
	else
		pcm_draw_printf(stdscr, end - 2, 1, cols - 1, pcm_color(PCM_C_INFO), true,
		                _("The categories take %ld units: the room's own name may use %ld."),
		                s->prefix_units, PCM_NAME_LIMIT - s->prefix_units);
	{
		struct pcm_lines l = { 0 };
		pcm_wrap(s->final_name ? s->final_name : "", cols - 4, &l);
		for (i = 0; i < (int)l.n && y < end - 2; i++)
			pcm_draw_text(stdscr, y++, 3, l.v[i], cols - 4, pcm_color(over ? PCM_C_BLOCK : PCM_C_NORMAL), true);
		pcm_lines_free(&l);
	}
	pcm_draw_text(stdscr, end - 1, 1,
	              s->verdict_ok ? _("Enter: save and go to the next offender   Esc: back to the list")
	                         : _("Enter refuses this name (as plan --rename does)   Esc: back to the list"),
	              cols - 1, pcm_color(s->verdict_ok ? PCM_C_INFO : PCM_C_BLOCK), true);
}

static void draw_picker(struct pcm_wiz *w, int y, int h, int cols)
{
	struct names *s = state(w);
	int end = y + h;
	char *path;

	pcm_draw_text(stdscr, y++, 1, _("Categories above the room: one rename fixes every room below it."),
	              cols - 1, pcm_color(PCM_C_NORMAL), true);
	pcm_wiz_heading(w, y++, _("  Category  (offenders below it)"));
	pcm_listbox_draw(&s->pick, stdscr, y, 0, end - y - 2, cols, true);
	path = pcm_node_path(w->dep, s->chain[s->pick.cursor], w->plan->separator);
	draw_path(end - 2, 2, cols, path, PCM_C_INFO);
	free(path);
}

static void draw_review(struct pcm_wiz *w, int y, int h, int cols)
{
	struct names *s = state(w);
	int end = y + h;
	const struct pcm_rename *r;
	uint32_t n;
	char *path, *line;

	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                ngettext("%zu rename in the plan (rooms and categories).",
	                         "%zu renames in the plan (rooms and categories).", w->plan->renames.n),
	                w->plan->renames.n);
	if (!w->plan->renames.n) {
		pcm_draw_text(stdscr, y + 1, 1, _("No rename yet: every name is the source's."), cols - 1,
		              pcm_color(PCM_C_INFO), true);
		return;
	}
	pcm_wiz_heading(w, y++, _("What      nodeID  Old name  \u2192 new name"));
	pcm_listbox_draw(&s->review, stdscr, y, 0, end - y - 3, cols, true);
	r = &w->plan->renames.v[s->review.cursor];
	n = pcm_node_index(w->dep, r->node_id);
	path = n != PCM_NONE ? pcm_node_path(w->dep, n, w->plan->separator) : pcm_xstrdup("?");
	line = pcm_xasprintf(_("%s  \u2192 new own name \"%s\" (by %s at %s)"), path,
	                     r->new_name ? r->new_name : "", r->stamp.by ? r->stamp.by : "?",
	                     r->stamp.at ? r->stamp.at : "?");
	draw_wrapped(end - 3, 3, cols, line, PCM_C_INFO);
	free(line);
	free(path);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	struct names *s = state(w);
	int end = y + h, lh;
	char head[512];
	size_t i, too_long = 0;

	s->row_cols = cols;
	switch (s->mode) {
	case MODE_EDIT:
		draw_editor(w, y, h, cols);
		return;
	case MODE_PICK:
		draw_picker(w, y, h, cols);
		return;
	case MODE_REVIEW:
		draw_review(w, y, h, cols);
		return;
	default:
		break;
	}
	for (i = 0; i < s->nall; i++)
		if (s->all[i].excess > 0)
			too_long++;
	snprintf(head, sizeof head,
	         _("Offenders: %zu (%zu too long, %zu colliding)   separator \"%s\"   renames: %zu"),
	         s->nall, too_long, s->nall - too_long, w->plan->separator, w->plan->renames.n);
	if (s->name_filter[0]) {
		size_t k = strlen(head);
		snprintf(head + k, sizeof head - k, _("   showing names containing \"%s\""), s->name_filter);
	}
	pcm_draw_text(stdscr, y++, 1, head, cols - 1, pcm_color(PCM_C_NORMAL), true);
	if (!s->nall) {
		pcm_draw_text(stdscr, y + 1, 1, _("Every final room name fits in 256 units and is unique."),
		              cols - 1, pcm_color(PCM_C_OK), true);
		if (w->plan->renames.n)
			pcm_draw_text(stdscr, y + 2, 1, _("r: review or undo the renames in the plan."),
			              cols - 1, pcm_color(PCM_C_INFO), true);
		return;
	}
	pcm_wiz_heading(w, y++, _("  Over  Room name  \u2190 category"));
	lh = end - y - 3;
	if (lh < 3)
		lh = end - y;
	pcm_listbox_draw(&s->ls.list, stdscr, y, 0, lh, cols, true);
	y += lh;
	/* the detail line: the selected row's finding with its whole path */
	if (y < end && s->nshown)
		draw_wrapped(y, end - y, cols, s->all[s->shown[s->ls.list.cursor]].message, PCM_C_INFO);
}

/* Tab in the editor: the next step, as everywhere; an unsaved name is
 * never saved or dropped silently. */
static bool editor_tab(struct pcm_wiz *w)
{
	struct names *s = state(w);
	char *text = pcm_le_get(&s->le);
	bool same = s->edit_start && !strcmp(text, s->edit_start);

	free(text);
	if (!same) {
		pcm_wiz_message(w, PCM_C_MESSAGE,
		                _("The name is not saved: Enter saves it, Esc drops it; then Tab goes to the next step."));
		return true;
	}
	s->mode = MODE_LIST;
	return false;       /* the wizard's Tab */
}

static bool key(struct pcm_wiz *w, int k)
{
	struct names *s = state(w);
	char *text;
	bool changed;

	switch (s->mode) {
	case MODE_EDIT:
		switch (pcm_keymap_find(&edit_keys, k)) {
		case ACT_SAVE:
			save_edit(w);
			return true;
		case ACT_CANCEL:
			s->mode = s->edit_from;
			return true;
		case ACT_NEXT:
			return editor_tab(w);
		default:
			if (pcm_le_key(&s->le, k, &changed) && changed)
				update_final(w);
			return true;
		}
	case MODE_PICK:
		switch (pcm_keymap_find(&pick_keys, k)) {
		case ACT_PICK:
			open_editor_on(w, s->chain[s->pick.cursor], MODE_PICK);
			return true;
		case ACT_CANCEL:
			s->mode = MODE_LIST;
			return true;
		default:
			return pcm_listbox_key(&s->pick, k) != PCM_LB_IGNORED;
		}
	case MODE_REVIEW:
		switch (pcm_keymap_find(&review_keys, k)) {
		case ACT_UNDO:
			undo(w);
			return true;
		case ACT_EDIT:
			if (w->plan->renames.n) {
				uint32_t n = pcm_node_index(w->dep, w->plan->renames.v[s->review.cursor].node_id);
				if (n != PCM_NONE)
					open_editor_on(w, n, MODE_REVIEW);
			}
			return true;
		case ACT_CANCEL:
			s->mode = MODE_LIST;
			return true;
		default:
			switch (pcm_listbox_key(&s->review, k)) {
			case PCM_LB_SEARCH:
				pcm_wiz_list_search(w, &s->review);
				return true;
			case PCM_LB_IGNORED:
				return false;
			default:
				return true;
			}
		}
	default:
		break;
	}
	switch (pcm_keymap_find(&keys, k)) {
	case ACT_EDIT:
		open_editor(w);
		return true;
	case ACT_CATEGORY:
		open_picker(w);
		return true;
	case ACT_RENAMES:
		open_review(w);
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
	pcm_listbox_free(&s->pick);
	pcm_listbox_free(&s->review);
	if (s->le.buf)
		pcm_le_free(&s->le);
	free(s->final_name);
	free(s->edit_start);
	free(s->chain);
	free(s->chain_bad);
	pcm_rename_ctx_free(s->rule);
	free(s);
}

static size_t blocking(struct pcm_wiz *w)
{
	return pcm_wiz_blocking(w, PCM_CS_NAMES);
}

static const struct pcm_keymap *current_keys(struct pcm_wiz *w)
{
	switch (state(w)->mode) {
	case MODE_EDIT: return &edit_keys;
	case MODE_PICK: return &pick_keys;
	case MODE_REVIEW: return &review_keys;
	default: return &keys;
	}
}

static bool modal(struct pcm_wiz *w)
{
	return state(w)->mode == MODE_EDIT;
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
	.nwidget_keys = 5,
	.min_body = 12,
	.enter = enter,
	.draw = draw,
	.key = key,
	.blocking = blocking,
	.modal = modal,
	.current_keys = current_keys,
	.free_state = free_state,
};
