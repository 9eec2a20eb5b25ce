/* SPDX-License-Identifier: MIT */
/* Step 5, date cutoff (R5): a YYYY-MM-DD field; while typing, the
 * messages and rooms the date would drop are counted from the rooms'
 * day histograms (pcm_room_messages_before), and a per-year histogram of
 * the migrated rooms' messages helps choose. Enter saves the date in the
 * plan; an empty field means no cutoff. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules/cutoff_index.h"
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/lineedit.h"
#include "widgets/text.h"
#include "base/timeconv.h"
#include "base/util.h"
#include "wizard.h"

enum { ACT_APPLY = PCM_ACT_SCREEN, ACT_REVERT };

static const struct pcm_keybind binds[] = {
	{ '\r', ACT_APPLY, "Enter", N_("save the date in the plan (empty: no cutoff)"), N_("Save") },
	{ PCM_KEY_ESC, ACT_REVERT, "Esc", N_("put the saved date back in the field"), NULL },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Date cutoff"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_lineedit_keys };

struct year {
	int64_t year;
	uint64_t count;
};

static struct pcm_lineedit field;
static struct year *years;
static size_t nyears;
/* live figures for the text in the field */
static struct pcm_cutoff_index cut_index;
static bool valid;
static int64_t ticks;
static uint64_t dropped;
static size_t rooms_losing, rooms_emptied;

/* The date field accepts digits and '-' only. */
static bool date_char(wchar_t wc)
{
	return (wc >= '0' && wc <= '9') || wc == '-';
}

/* Recounts what the date in the field would drop: O(log) per date from
 * the cut_index built on entering the step, so typing stays instant on
 * millions of messages. */
static void recount(void)
{
	char *text = pcm_le_get(&field);
	struct pcm_cutoff_answer a;

	dropped = 0;
	rooms_losing = rooms_emptied = 0;
	valid = *text && pcm_parse_datetime(text, 0, &ticks) && strlen(text) == 10;
	free(text);
	if (!valid)
		return;
	a = pcm_cutoff_index_query(&cut_index, ticks);
	dropped = a.dropped;
	rooms_losing = a.rooms_losing;
	rooms_emptied = a.rooms_emptied;
}

/* Messages per UTC year over the migrated rooms, from the cut_index's one
 * count per day. */
static void build_histogram(struct pcm_wiz *w)
{
	size_t i;
	int64_t y;
	unsigned m, d;

	pcm_cutoff_index_free(&cut_index);
	pcm_cutoff_index_build(&cut_index, w->dep, w->plan);
	free(years);
	years = NULL;
	nyears = 0;
	for (i = 0; i < cut_index.ndays; i++) {
		uint64_t on_day = cut_index.before[i + 1] - cut_index.before[i];

		if (!on_day)
			continue;
		pcm_civil_from_days(cut_index.first_day + (int64_t)i, &y, &m, &d);
		/* days come in order, so a new year is always the last one */
		if (!nyears || years[nyears - 1].year != y) {
			years = pcm_xrealloc(years, (nyears + 1) * sizeof *years);
			years[nyears].year = y;
			years[nyears].count = 0;
			nyears++;
		}
		years[nyears - 1].count += on_day;
	}
}

static void enter(struct pcm_wiz *w)
{
	if (!field.buf)
		pcm_le_init(&field);
	field.max_len = 10;
	pcm_le_set(&field, w->plan->has_cutoff && w->plan->cutoff_text ? w->plan->cutoff_text : "");
	build_histogram(w);
	recount();
}

/* The date saved in the plan, "" when none. */
static const char *saved_text(const struct pcm_wiz *w)
{
	return w->plan->has_cutoff && w->plan->cutoff_text ? w->plan->cutoff_text : "";
}

/* Saves the field into the plan; false (with a message) when invalid. */
static bool apply(struct pcm_wiz *w)
{
	char *text = pcm_le_get(&field);
	struct pcm_error err = { 0 };
	bool ok = true;

	if (!*text) {
		if (w->plan->has_cutoff) {
			pcm_plan_clear_cutoff(w->plan);
			pcm_wiz_save(w);
			pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_CUTOFF));
		}
		pcm_wiz_message(w, PCM_C_MESSAGE, _("No cutoff: every message is migrated."));
	} else if (!valid) {
		pcm_wiz_message(w, PCM_C_BLOCK, _("\"%s\" is not a date: type it as YYYY-MM-DD."), text);
		ok = false;
	} else if (!w->plan->has_cutoff || !w->plan->cutoff_text || strcmp(w->plan->cutoff_text, text)) {
		if (pcm_plan_set_cutoff(w->plan, text, &err) != 0) {
			pcm_wiz_message(w, PCM_C_BLOCK, "%s", err.text);
			ok = false;
		} else {
			pcm_wiz_save(w);
			pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_CUTOFF));
			pcm_wiz_message(w, PCM_C_OK, _("Cutoff %s saved: the export command carries it as -StartDate; check the import report."), text);
		}
	}
	free(text);
	return ok;
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	int end = y + h, x, barw, bw, first, sx, sy;
	char a[32], b[32], c[32], label[128], cell[64];
	const char *flabel;
	uint64_t max = 1;
	size_t i;
	int64_t cut_year = 0;
	unsigned m = 0, d = 0;
	bool jan1;

	/* a narrow window (issue 16) keeps the field and its format whole */
	flabel = _("Migrate messages from (YYYY-MM-DD):");
	if (pcm_text_width(flabel) > cols - 16)
		flabel = _("From (YYYY-MM-DD):");
	x = pcm_draw_text(stdscr, y, 1, flabel, cols - 16, pcm_color(PCM_C_HEADING), false);
	pcm_le_draw(&field, stdscr, y, x + 2, 12, pcm_color(PCM_C_FIELD), true);
	getyx(stdscr, w->cursor_y, w->cursor_x);
	/* the saved value beside the field, or under it when that is too narrow */
	sy = y;
	sx = x + 16;
	if (cols - sx - 1 < 16) {
		sy = y + 1;
		sx = 1;
	}
	if (w->plan->has_cutoff)
		pcm_draw_printf(stdscr, sy, sx, cols - sx - 1, pcm_color(PCM_C_INFO), true,
		                _("saved: %s"), w->plan->cutoff_text ? w->plan->cutoff_text : "?");
	else
		pcm_draw_text(stdscr, sy, sx, _("saved: no cutoff"), cols - sx - 1, pcm_color(PCM_C_INFO), true);
	y += 2;
	if (valid) {
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(dropped ? PCM_C_WARNING : PCM_C_OK), true,
		                _("Messages before the cutoff: %s of %s"),
		                pcm_grouped(dropped, a, sizeof a), pcm_grouped(cut_index.total, b, sizeof b));
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(dropped ? PCM_C_WARNING : PCM_C_OK), true,
		                _("Rooms that lose messages: %s; rooms left empty: %s"),
		                pcm_grouped(rooms_losing, c, sizeof c),
		                pcm_grouped(rooms_emptied, cell, sizeof cell));
	} else {
		char *text = pcm_le_get(&field);
		if (strlen(text) == 10)
			/* the whole shape typed, but no such day (2013-02-30) */
			pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_BLOCK), true,
			                _("%s is not a date: that day does not exist."), text);
		else
			pcm_draw_printf(stdscr, y++, 1, cols - 1,
			                pcm_color(*text ? PCM_C_BLOCK : PCM_C_NORMAL), true,
			                *text ? _("Not a date yet: type YYYY-MM-DD.")
			                      : _("No cutoff: all %s messages are migrated."),
			                pcm_grouped(cut_index.total, a, sizeof a));
		free(text);
	}
	y++;
	if (y >= end - 1)
		return;
	pcm_wiz_heading(w, y++, _("Messages per year (migrated rooms)"));
	if (!nyears) {
		pcm_draw_text(stdscr, y, 1, _("No messages."), cols - 1, pcm_color(PCM_C_NORMAL), true);
		return;
	}
	if (valid)
		pcm_civil_from_days(pcm_ticks_day(ticks), &cut_year, &m, &d);
	/* the cutoff is 00:00 UTC of its day: on January 1 nothing of that
	 * year is dropped */
	jan1 = valid && m == 1 && d == 1;
	for (i = 0; i < nyears; i++)
		if (years[i].count > max)
			max = years[i].count;
	/* the most recent years when they do not all fit */
	first = nyears > (size_t)(end - y) ? (int)nyears - (end - y) : 0;
	barw = cols - 40;
	for (i = (size_t)first; i < nyears && y < end; i++, y++) {
		const char *mark = !valid ? "" : years[i].year < cut_year ? _("dropped")
		                   : years[i].year == cut_year && !jan1 ? _("partly dropped") : "";
		bw = (int)((double)years[i].count / (double)max * barw + 0.5);
		if (bw == 0 && years[i].count)
			bw = 1;
		snprintf(label, sizeof label, "%lld ", (long long)years[i].year);
		pcm_draw_text(stdscr, y, 1, label, 6, pcm_color(PCM_C_NORMAL), false);
		{
			bool gone = valid && years[i].year < cut_year;
			const char *g = pcm_draw_utf8() ? (gone ? "\u2591" : "\u2588") : (gone ? "-" : "#");
			int k;
			for (k = 0; k < bw; k++)
				pcm_draw_text(stdscr, y, 7 + k, g, 1,
				              pcm_color(gone ? PCM_C_STEP_BLOCKED : PCM_C_OK), false);
		}
		pcm_draw_printf(stdscr, y, 8 + barw, cols - 9 - barw, pcm_color(PCM_C_NORMAL), true,
		                "%12s %s", pcm_grouped(years[i].count, a, sizeof a), mark);
	}
}

static bool key(struct pcm_wiz *w, int k)
{
	bool changed;

	switch (pcm_keymap_find(&keys, k)) {
	case ACT_APPLY:
		apply(w);
		return true;
	case ACT_REVERT:
		pcm_le_set(&field, saved_text(w));
		recount();
		return true;
	default:
		break;
	}
	if (!PCM_KEY_IS_FN(k) && k >= 0x20 && k != 127 && !date_char((wchar_t)k))
		return false;   /* q, ?, < and > stay wizard keys */
	if (pcm_le_key(&field, k, &changed)) {
		if (changed)
			recount();
		return true;
	}
	return false;
}

/* Tab means the next step here as everywhere: it never saves. A date
 * typed but not saved keeps the wizard here and says so. */
static bool leave(struct pcm_wiz *w)
{
	char *text = pcm_le_get(&field);
	bool same = !strcmp(text, saved_text(w));

	free(text);
	if (!same)
		pcm_wiz_message(w, PCM_C_BLOCK,
		                _("The date in the field is not saved: Enter saves it, Esc puts the saved one back; then Tab goes on."));
	return same;
}

const struct pcm_screen pcm_screen_cutoff = {
	.step = PCM_STEP_CUTOFF,
	.label = N_("Cutoff"),
	.title = N_("Date cutoff"),
	.explain = N_("Identify the date beyond which you want to migrate the chat room content. For "
	              "example, you may not want to migrate messages earlier than January 1, 2010, "
	              "because these messages may be obsolete or not relevant for migration."),
	.keys = &keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 1,
	.min_body = 10,
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
