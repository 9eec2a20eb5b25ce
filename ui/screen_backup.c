/* SPDX-License-Identifier: MIT */
/* Step 1, backup check (R1): shows the source, the newest message, the
 * backup history and the backup findings; a missing or stale backup
 * blocks until the admin overrides it with a reason, which the plan
 * records with who and when. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/listbox.h"
#include "widgets/text.h"
#include "base/timeconv.h"
#include "base/sbuf.h"
#include "base/util.h"
#include "wizard.h"

enum { ACT_OVERRIDE = PCM_ACT_SCREEN, ACT_WITHDRAW, ACT_VIEW };

static const struct pcm_keybind binds[] = {
	{ 'o', ACT_OVERRIDE, "o", N_("override a missing or stale backup (asks for a reason)"), N_("Override") },
	{ 'w', ACT_WITHDRAW, "w", N_("withdraw the recorded override (asks first)"), N_("Withdraw") },
	{ 'v', ACT_VIEW, "v", N_("show the findings and the selected backup whole"), N_("View") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Backup check"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_listbox_plain_keys };

static struct pcm_listbox list;
static size_t *order;           /* backups, newest first */
static struct pcm_wiz *cur;
static bool asking;             /* the override prompt is open */
static int device_cols = 40;    /* room for the device in a row at the last draw */

static int by_finish_desc(const void *a, const void *b)
{
	const struct pcm_backup *x = &cur->dep->backups.v[*(const size_t *)a];
	const struct pcm_backup *y = &cur->dep->backups.v[*(const size_t *)b];

	return x->finish_ticks < y->finish_ticks ? 1 : x->finish_ticks > y->finish_ticks ? -1 : 0;
}

static const char *backup_type(char t)
{
	switch (t) {
	case 'D': return _("full");
	case 'I': return _("differential");
	case 'L': return _("log");
	default: return _("other");
	}
}

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	struct pcm_wiz *w = ctx;
	const struct pcm_backup *b = &w->dep->backups.v[order[i]];
	char when[32];

	char head[256], device[512];
	int room;

	pcm_format_ticks(b->finish_ticks, when, sizeof when);
	snprintf(head, sizeof head, "%-20s %-12s %s%s%s  ", when, backup_type(b->type),
	         b->database ? b->database : "", b->copy_only ? _(" copy-only") : "",
	         b->damaged ? _(" DAMAGED") : "");
	/* the device path takes what is left, cut in the middle: its end
	 * (the file name) tells backups apart */
	room = device_cols - pcm_text_width(head);
	pcm_text_cut_middle(b->device ? b->device : "", room > 12 ? room : 12,
	                    pcm_draw_utf8() ? "\u2026" : "...", device, sizeof device);
	snprintf(buf, size, "%s%s", head, device);
}

static void enter(struct pcm_wiz *w)
{
	size_t i, n = w->dep->backups.n;

	cur = w;
	free(order);
	order = pcm_xcalloc(n, sizeof *order);
	for (i = 0; i < n; i++)
		order[i] = i;
	qsort(order, n, sizeof *order, by_finish_desc);
	pcm_listbox_free(&list);
	pcm_listbox_init(&list, n, false, row_text, NULL, w);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	const struct pcm_source_info *in = &w->dep->info;
	const struct pcm_plan *p = w->plan;
	const struct pcm_findings *fs;
	const struct pcm_backup *b;
	char newest[32], buf[64], tail[300], text[1024], loc[1024];
	const char *more = _(" (v: whole)");
	size_t i;
	int end = y + h, room, keep;
	bool compact;

	snprintf(tail, sizeof tail, _("  database %s on %s"), in->database ? in->database : "?",
	         in->server ? in->server : "?");
	snprintf(text, sizeof text, _("Source: %s "), in->kind ? in->kind : "");
	room = cols - 2 - pcm_text_width(text) - pcm_text_width(tail);
	pcm_text_cut_middle(in->location ? in->location : "", room > 12 ? room : 12,
	                    pcm_draw_utf8() ? "\u2026" : "...", loc, sizeof loc);
	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true, "%s%s%s", text, loc, tail);
	/* a short window (issue 16): no digest, no blank rows, the history
	 * keeps one row; v shows everything */
	compact = h < 12;
	keep = compact ? 3 : 6;
	if (in->sha256[0] && !compact)
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
		                _("SHA-256 %s"), in->sha256);
	if (w->dep->last_ticks) {
		pcm_format_ticks(w->dep->last_ticks, newest, sizeof newest);
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
		                _("Newest message: %s (%s messages in all)"), newest,
		                pcm_grouped(w->dep->messages, buf, sizeof buf));
	}
	if (!compact)
		y++;
	pcm_wiz_heading(w, y++, _("Findings"));
	fs = pcm_wiz_findings(w, PCM_CS_BACKUP);
	/* the findings whole when they fit, leaving the history 4 rows */
	for (i = 0; i < fs->list.n && y < end - keep; i++) {
		const struct pcm_finding *f = &fs->list.v[i];
		struct pcm_lines l = { 0 };
		char *msg;
		size_t k;

		if (f->step != PCM_CS_BACKUP)
			continue;
		msg = pcm_xasprintf("[%s] %s", pcm_wiz_severity_name(f->severity), f->message);
		pcm_wrap(msg, cols - 2, &l);
		for (k = 0; k < l.n && y < end - keep; k++) {
			if (y == end - keep - 1 && k + 1 < l.n) {
				/* the last row that fits: say where the rest is */
				snprintf(text, sizeof text, "%.*s%s", (int)pcm_text_fit(l.v[k], cols - 2 - pcm_text_width(more)),
				         l.v[k], more);
				pcm_draw_text(stdscr, y++, 1, text, cols - 1,
				              pcm_color(pcm_wiz_severity_color(f->severity)), true);
				break;
			}
			pcm_draw_text(stdscr, y++, 1, l.v[k], cols - 1,
			              pcm_color(pcm_wiz_severity_color(f->severity)), true);
		}
		pcm_lines_free(&l);
		free(msg);
	}
	if (p->backup_override_reason) {
		char *line = pcm_xasprintf(_("Override recorded by %s at %s: %s"),
		                           p->backup_override_stamp.by ? p->backup_override_stamp.by : "?",
		                           p->backup_override_stamp.at ? p->backup_override_stamp.at : "?",
		                           p->backup_override_reason);
		struct pcm_lines l = { 0 };
		size_t k;

		pcm_wrap(line, cols - 2, &l);
		for (k = 0; k < l.n && k < 2 && y < end - (compact ? 3 : 4); k++)
			pcm_draw_text(stdscr, y++, 1, l.v[k], cols - 1, pcm_color(PCM_C_WARNING), true);
		pcm_lines_free(&l);
		free(line);
	} else if (!pcm_wiz_blocking(w, PCM_CS_BACKUP)) {
		pcm_draw_text(stdscr, y++, 1, _("A full backup newer than the newest message exists."),
		              cols - 1, pcm_color(PCM_C_OK), true);
	}
	if (asking) {
		/* the prompt's label is short: the question whole, above it */
		struct pcm_lines l = { 0 };
		size_t k;

		pcm_wrap(_("Why go on without a full backup newer than the newest message? The reason is "
		           "recorded in the plan with your name and the time."), cols - 2, &l);
		for (k = 0; k < l.n && k < 2; k++)
			pcm_draw_text(stdscr, end - 2 + (int)k, 1, l.v[k], cols - 1, pcm_color(PCM_C_MESSAGE), true);
		pcm_lines_free(&l);
		end -= 2;
	}
	if (!compact)
		y++;
	if (y >= end - 1)
		return;
	pcm_wiz_heading(w, y++, _("Backup history (newest first)"));
	if (!list.count) {
		pcm_draw_text(stdscr, y, 1, _("The source records no backup of this database."),
		              cols - 1, pcm_color(PCM_C_BLOCK), true);
		return;
	}
	device_cols = cols - 3;
	pcm_listbox_draw(&list, stdscr, y, 1, end - y - 1, cols - 2, true);
	/* the detail line: the selected backup's whole device path */
	b = &w->dep->backups.v[order[list.cursor]];
	pcm_text_cut_middle(b->device ? b->device : "", cols - 2, pcm_draw_utf8() ? "\u2026" : "...",
	                    loc, sizeof loc);
	pcm_draw_text(stdscr, end - 1, 1, loc, cols - 1, pcm_color(PCM_C_INFO), true);
}

/* v: the findings and the selected backup, whole, in a text view. */
static void view(struct pcm_wiz *w)
{
	const struct pcm_findings *fs = pcm_wiz_findings(w, PCM_CS_BACKUP);
	struct pcm_sbuf b = { 0 };
	char when[32], title[256];
	size_t i;

	for (i = 0; i < fs->list.n; i++)
		if (fs->list.v[i].step == PCM_CS_BACKUP)
			pcm_sbuf_printf(&b, "[%s] %s\n\n", pcm_wiz_severity_name(fs->list.v[i].severity),
			                fs->list.v[i].message);
	if (w->plan->backup_override_reason)
		pcm_sbuf_printf(&b, _("Override recorded by %s at %s: %s\n\n"),
		                w->plan->backup_override_stamp.by ? w->plan->backup_override_stamp.by : "?",
		                w->plan->backup_override_stamp.at ? w->plan->backup_override_stamp.at : "?",
		                w->plan->backup_override_reason);
	if (list.count) {
		const struct pcm_backup *k = &w->dep->backups.v[order[list.cursor]];
		pcm_format_ticks(k->finish_ticks, when, sizeof when);
		pcm_sbuf_printf(&b, _("Selected backup: %s, %s, database %s\nDevice: %s\n"), when,
		                backup_type(k->type), k->database ? k->database : "?",
		                k->device ? k->device : "?");
	}
	snprintf(title, sizeof title, " %s", _("Backup check"));
	pcm_wiz_view_text(w, title, b.s ? b.s : "");
	pcm_sbuf_free(&b);
}

static bool key(struct pcm_wiz *w, int k)
{
	char *reason;

	if (pcm_keymap_find(&keys, k) == ACT_OVERRIDE) {
		if (!pcm_wiz_blocking(w, PCM_CS_BACKUP) && !w->plan->backup_override_reason) {
			pcm_wiz_message(w, PCM_C_MESSAGE, _("The backup check passes; there is nothing to override."));
			return true;
		}
		asking = true;
		if (!pcm_wiz_prompt(w, _("Override reason:"), "", &reason, NULL)) {
			asking = false;
			return true;
		}
		asking = false;
		if (!*reason) {
			pcm_wiz_message(w, PCM_C_BLOCK, _("An override needs a reason; nothing recorded."));
		} else {
			pcm_plan_override_backup(w->plan, reason);
			pcm_wiz_save(w);
			pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_BACKUP));
			/* the step bar shows the new state at once */
			pcm_wiz_findings(w, PCM_CS_BACKUP);
			pcm_wiz_message(w, PCM_C_WARNING, _("Override recorded in the plan."));
		}
		free(reason);
		return true;
	}
	if (pcm_keymap_find(&keys, k) == ACT_WITHDRAW) {
		if (!w->plan->backup_override_reason) {
			pcm_wiz_message(w, PCM_C_MESSAGE, _("No override is recorded; there is nothing to withdraw."));
			return true;
		}
		if (!pcm_wiz_confirm(w, _("Withdraw the override of the backup check? The package is not "
		                          "written again without a recent full backup or a new override.")))
			return true;
		pcm_plan_override_backup(w->plan, NULL);
		pcm_wiz_save(w);
		pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_BACKUP));
		pcm_wiz_findings(w, PCM_CS_BACKUP);
		pcm_wiz_message(w, PCM_C_WARNING, _("Override withdrawn from the plan."));
		return true;
	}
	if (pcm_keymap_find(&keys, k) == ACT_VIEW) {
		view(w);
		return true;
	}
	return pcm_listbox_key(&list, k) != PCM_LB_IGNORED;
}

static size_t blocking(struct pcm_wiz *w)
{
	return pcm_wiz_blocking(w, PCM_CS_BACKUP);
}

const struct pcm_screen pcm_screen_backup = {
	.step = PCM_STEP_BACKUP,
	.label = N_("Backup"),
	.title = N_("Backup check"),
	.explain = N_("Back up the source databases for either Lync Server 2010, Group Chat or "
	              "Office Communications Server 2007 R2 Group Chat. The migration may only "
	              "start from a full backup taken after the newest message; pcmigrate reads "
	              "the backup history and will not go on without one unless you record why."),
	.keys = &keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 1,
	.min_body = 10,
	.enter = enter,
	.draw = draw,
	.key = key,
	.blocking = blocking,
};
