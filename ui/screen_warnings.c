/* SPDX-License-Identifier: MIT */
/* Step 10, the warnings pane: every finding of the last engine run, one
 * line each in the batch report's words (pcm_report_line), filtered by
 * severity, searchable, with jumps between rooms; s saves the same text
 * as warnings.txt (pcm_report_text). Virtual list: fine with 100,000
 * warnings. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/atomic.h"
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/listbox.h"
#include "listscreen.h"
#include "rules/report.h"
#include "widgets/text.h"
#include "base/util.h"
#include "wizard.h"

enum {
	ACT_BLOCK = PCM_ACT_SCREEN, ACT_WARN, ACT_INFO, ACT_NEXT_ROOM, ACT_PREV_ROOM, ACT_SAVE,
	ACT_DETAIL
};

static const struct pcm_keybind binds[] = {
	{ 'e', ACT_BLOCK, "e", N_("show or hide blocking findings (errors)"), NULL },
	{ 'w', ACT_WARN, "w", N_("show or hide warnings"), NULL },
	{ 'i', ACT_INFO, "i", N_("show or hide information"), NULL },
	{ ']', ACT_NEXT_ROOM, "]", N_("jump to the next room"), N_("Room") },
	{ '[', ACT_PREV_ROOM, "[", N_("jump to the previous room"), NULL },
	{ 's', ACT_SAVE, "s", N_("save the report (same text as warnings.txt) to a file"), N_("Save") },
	{ '\r', ACT_DETAIL, "Enter", N_("show the whole finding"), NULL },
};
const struct pcm_keymap pcm_warnings_pane_keys = PCM_KEYMAP(N_("Warnings"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_listbox_plain_keys };

struct warnings {
	struct pcm_listscreen ls;   /* first: the row callbacks' context */
	bool made;
	bool show[3];               /* by enum pcm_severity */
	size_t *rows;               /* indexes into w->warnings shown */
	size_t nrows;
	size_t counts[3];
};

static struct warnings *state(struct pcm_wiz *w)
{
	struct warnings *s = pcm_wiz_state(w, PCM_STEP_WARNINGS, sizeof(struct warnings));

	if (!s->made) {
		s->made = true;
		s->show[0] = s->show[1] = s->show[2] = true;
	}
	return s;
}

static void free_state(void *p)
{
	struct warnings *s = p;

	pcm_listscreen_free(&s->ls);
	free(s->rows);
	free(s);
}

static const struct pcm_finding *finding(struct warnings *s, size_t i)
{
	return &pcm_wiz_pane(s->ls.w)->list.v[s->rows[i]];
}

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	char *line = pcm_report_line(finding(ctx, i));

	snprintf(buf, size, "%s", line);
	free(line);
}

static int row_color(void *ctx, size_t i)
{
	return pcm_wiz_severity_color(finding(ctx, i)->severity);
}

/* Rebuilds the filtered rows, keeping the cursor on the same finding. */
static void refilter(struct warnings *s)
{
	const struct pcm_findings *f = pcm_wiz_pane(s->ls.w);
	size_t i, at = s->nrows ? s->rows[s->ls.list.cursor] : 0, pos = 0;

	free(s->rows);
	s->rows = pcm_xcalloc(f->list.n + 1, sizeof *s->rows);
	s->nrows = 0;
	for (i = 0; i < f->list.n; i++) {
		if (!s->show[f->list.v[i].severity])
			continue;
		if (i <= at)
			pos = s->nrows;
		s->rows[s->nrows++] = i;
	}
	pcm_listbox_set_count(&s->ls.list, s->nrows);
	pcm_listbox_goto(&s->ls.list, pos);
}

void pcm_warnings_pane_enter(struct pcm_wiz *w)
{
	struct warnings *s = state(w);
	size_t i;

	/* the rows may index the other list (the differences or the
	 * warnings): none until refilter, for the draws while the what-if runs */
	s->nrows = 0;
	if (!w->verify_shown && !w->run_done && !w->whatif_done) {
		w->whatif_gen = w->plan_gen;
		pcm_wiz_run_engine(w, NULL, w->body_y);
	}
	memset(s->counts, 0, sizeof s->counts);
	for (i = 0; i < pcm_wiz_pane(w)->list.n; i++)
		s->counts[pcm_wiz_pane(w)->list.v[i].severity]++;
	pcm_listscreen_init(&s->ls, w, 0, row_text, row_color, NULL, NULL);
	s->nrows = 0;
	refilter(s);
	if (!w->verify_shown && w->run_done && w->run_status == PCM_ENGINE_OK &&
	    !w->plan->steps_done[PCM_STEP_WARNINGS]) {
		w->plan->steps_done[PCM_STEP_WARNINGS] = true;
		pcm_wiz_save(w);
	}
}

/* Step 10 shows the run's warnings (step 11 the same pane with the
 * differences of a verify). */
static void enter(struct pcm_wiz *w)
{
	w->verify_shown = false;
	pcm_warnings_pane_enter(w);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	struct warnings *s = state(w);
	int end = y + h, lh;
	char a[32], b[32], c[32];
	struct pcm_lines l = { 0 };
	size_t i;

	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                _("%s:  e[%c] %s blocking  w[%c] %s warnings  i[%c] %s info   showing %zu"),
	                w->verify_shown ? _("Verify") : w->run_done ? _("Migration") : _("Preview"),
	                s->show[PCM_SEV_BLOCK] ? 'x' : ' ', pcm_grouped(s->counts[PCM_SEV_BLOCK], a, sizeof a),
	                s->show[PCM_SEV_WARNING] ? 'x' : ' ', pcm_grouped(s->counts[PCM_SEV_WARNING], b, sizeof b),
	                s->show[PCM_SEV_INFO] ? 'x' : ' ', pcm_grouped(s->counts[PCM_SEV_INFO], c, sizeof c),
	                s->nrows);
	if (w->verify_shown && end - y > 8)
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_MESSAGE), true,
		                _("Differences between %s and the plan"), w->verify_target);
	else if (w->run_done && end - y > 8)
		/* Microsoft's procedure: no migration to a pool in another forest */
		pcm_draw_text(stdscr, y++, 1, _("The Lync Server 2013 pool must be in the same Active "
		                                "Directory forest."),
		              cols - 1, pcm_color(PCM_C_MESSAGE), true);
	if (!s->nrows) {
		pcm_draw_text(stdscr, y + 1, 1, pcm_wiz_pane(w)->list.n ? _("Nothing to show with these filters.")
		              : w->verify_shown ? _("No difference: everything planned arrived.")
		                                : _("The run raised no warnings."),
		              cols - 1, pcm_color(PCM_C_OK), true);
		return;
	}
	lh = end - y - 3;
	pcm_listbox_draw(&s->ls.list, stdscr, y, 0, lh, cols, true);
	y += lh;
	pcm_draw_hline(stdscr, y++, 0, cols, pcm_color(PCM_C_NORMAL));
	/* the selected finding in full: object and message */
	{
		const struct pcm_finding *f = finding(s, s->ls.list.cursor);
		char text[2048];
		snprintf(text, sizeof text, "%s  %s", f->object ? f->object : "", f->message ? f->message : "");
		pcm_wrap(text, cols - 2, &l);
		for (i = 0; i < l.n && y < end; i++)
			pcm_draw_text(stdscr, y++, 1, l.v[i], cols - 1,
			              pcm_color(pcm_wiz_severity_color(f->severity)), true);
		pcm_lines_free(&l);
	}
}

/* Moves to the next (dir 1) or previous row about another room. */
static void jump_room(struct pcm_wiz *w, int dir)
{
	struct warnings *s = state(w);
	uint32_t here;
	size_t i;

	if (!s->nrows)
		return;
	here = finding(s, s->ls.list.cursor)->node;
	for (i = s->ls.list.cursor; dir > 0 ? i + 1 < s->nrows : i > 0;) {
		i = dir > 0 ? i + 1 : i - 1;
		if (finding(s, i)->node != here && finding(s, i)->node != PCM_NONE &&
		    !w->dep->nodes.v[finding(s, i)->node].is_category) {
			/* backwards: land on the first row of that room */
			here = finding(s, i)->node;
			while (dir < 0 && i > 0 && finding(s, i - 1)->node == here)
				i--;
			pcm_listbox_goto(&s->ls.list, i);
			return;
		}
	}
	pcm_wiz_message(w, PCM_C_MESSAGE, dir > 0 ? _("No room after this one.") : _("No room before this one."));
}

static void save(struct pcm_wiz *w)
{
	struct pcm_atomic at;
	struct pcm_error err = { 0 };
	char *path, *def = pcm_xasprintf("%s/pcmigrate-warnings.txt", w->out_dir);

	if (!pcm_wiz_prompt(w, _("Save the report to:"), def, &path, NULL)) {
		free(def);
		return;
	}
	free(def);
	if (pcm_atomic_open(&at, path, 0, &err) != 0 || pcm_report_text(at.fp, pcm_wiz_pane(w)) != 0 ||
	    pcm_atomic_commit(&at, &err) != 0) {
		if (!err.set)
			pcm_error_set(&err, "%s: %s", path, strerror(errno));
		pcm_atomic_abort(&at);
		pcm_wiz_message(w, PCM_C_BLOCK, _("Not saved: %s"), err.text);
	} else {
		pcm_wiz_message(w, PCM_C_OK, _("Saved %zu findings to %s"), pcm_wiz_pane(w)->list.n, path);
	}
	free(path);
}

static bool key(struct pcm_wiz *w, int k)
{
	struct warnings *s = state(w);
	int a = pcm_keymap_find(&pcm_warnings_pane_keys, k);

	switch (a) {
	case ACT_BLOCK:
	case ACT_WARN:
	case ACT_INFO:
		s->show[a - ACT_BLOCK] = !s->show[a - ACT_BLOCK];
		refilter(s);
		return true;
	case ACT_NEXT_ROOM:
		jump_room(w, 1);
		return true;
	case ACT_PREV_ROOM:
		jump_room(w, -1);
		return true;
	case ACT_SAVE:
		save(w);
		return true;
	case ACT_DETAIL:
		if (s->nrows) {
			const struct pcm_finding *f = finding(s, s->ls.list.cursor);
			char *line = pcm_report_line(f);
			char *t = pcm_xasprintf("%s\n\n%s: %s\n%s: %s\n%s: %s\n\n%s", line, _("Code"), f->code,
			                        _("Object"), f->object ? f->object : "", _("Id"), f->id ? f->id : "",
			                        f->message ? f->message : "");
			pcm_wiz_view_text(w, _(" Finding"), t);
			free(t);
			free(line);
		}
		return true;
	default:
		break;
	}
	return pcm_listscreen_key(&s->ls, k);
}

const struct pcm_screen pcm_screen_warnings = {
	.step = PCM_STEP_WARNINGS,
	.label = N_("Warnings"),
	.title = N_("Warnings"),
	.explain = N_("Fix any errors or warnings that appear. Files uploaded to rooms must be copied "
	              "by hand to the new file store, federated users lose access, and the legacy "
	              "lookup server URI must become a Persistent Chat endpoint with the same SIP URI."),
	.keys = &pcm_warnings_pane_keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 1,
	.min_body = 12,
	.enter = enter,
	.draw = draw,
	.key = key,
	.free_state = free_state,
};
