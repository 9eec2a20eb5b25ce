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
#include "base/util.h"
#include "wizard.h"

enum { ACT_OVERRIDE = PCM_ACT_SCREEN };

static const struct pcm_keybind binds[] = {
	{ 'o', ACT_OVERRIDE, "o", N_("override a missing or stale backup (asks for a reason)"), N_("Override") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Backup check"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_listbox_plain_keys };

static struct pcm_listbox list;
static size_t *order;           /* backups, newest first */
static struct pcm_wiz *cur;

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

	pcm_format_ticks(b->finish_ticks, when, sizeof when);
	snprintf(buf, size, "%-20s %-12s %s%s%s  %s", when, backup_type(b->type),
	         b->database ? b->database : "", b->copy_only ? _(" copy-only") : "",
	         b->damaged ? _(" DAMAGED") : "", b->device ? b->device : "");
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
	char newest[32], buf[64];
	size_t i;
	int end = y + h;

	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                _("Source: %s %s  database %s on %s"), in->kind ? in->kind : "",
	                in->location ? in->location : "", in->database ? in->database : "?",
	                in->server ? in->server : "?");
	if (in->sha256[0])
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
		                _("Snapshot SHA-256: %s"), in->sha256);
	if (w->dep->last_ticks) {
		pcm_format_ticks(w->dep->last_ticks, newest, sizeof newest);
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
		                _("Newest message: %s (%s messages in all)"), newest,
		                pcm_grouped(w->dep->messages, buf, sizeof buf));
	}
	y++;
	pcm_wiz_heading(w, y++, _("Findings"));
	const struct pcm_findings *fs = pcm_wiz_findings(w, PCM_CS_BACKUP);

	for (i = 0; i < fs->list.n && y < end - 4; i++) {
		const struct pcm_finding *f = &fs->list.v[i];
		struct pcm_lines l = { 0 };
		char *text;
		size_t k;

		if (f->step != PCM_CS_BACKUP)
			continue;
		text = pcm_xasprintf("[%s] %s", pcm_wiz_severity_name(f->severity), f->message);
		pcm_wrap(text, cols - 2, &l);
		for (k = 0; k < l.n && k < 3 && y < end - 4; k++)
			pcm_draw_text(stdscr, y++, 1, l.v[k], cols - 1,
			              pcm_color(pcm_wiz_severity_color(f->severity)), true);
		pcm_lines_free(&l);
		free(text);
	}
	if (p->backup_override_reason)
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_WARNING), true,
		                _("Override recorded by %s at %s: %s"),
		                p->backup_override_stamp.by ? p->backup_override_stamp.by : "?",
		                p->backup_override_stamp.at ? p->backup_override_stamp.at : "?",
		                p->backup_override_reason);
	else if (!pcm_wiz_blocking(w, PCM_CS_BACKUP))
		pcm_draw_text(stdscr, y++, 1, _("A full backup newer than the newest message exists."),
		              cols - 1, pcm_color(PCM_C_OK), true);
	y++;
	if (y >= end - 1)
		return;
	pcm_wiz_heading(w, y++, _("Backup history (newest first)"));
	if (!list.count)
		pcm_draw_text(stdscr, y, 1, _("The source records no backup of this database."),
		              cols - 1, pcm_color(PCM_C_BLOCK), true);
	else
		pcm_listbox_draw(&list, stdscr, y, 1, end - y, cols - 2, false);
}

static bool key(struct pcm_wiz *w, int k)
{
	char *reason;

	if (pcm_keymap_find(&keys, k) == ACT_OVERRIDE) {
		if (!pcm_wiz_blocking(w, PCM_CS_BACKUP) && !w->plan->backup_override_reason) {
			pcm_wiz_message(w, PCM_C_MESSAGE, _("The backup check passes; there is nothing to override."));
			return true;
		}
		if (!pcm_wiz_prompt(w, _("Reason for going on without a recent backup:"), "", &reason, NULL))
			return true;
		if (!*reason) {
			pcm_wiz_message(w, PCM_C_BLOCK, _("An override needs a reason; nothing recorded."));
		} else {
			pcm_plan_override_backup(w->plan, reason);
			pcm_wiz_save(w);
			pcm_wiz_changed(w, PCM_WIZ_CS(PCM_CS_BACKUP));
			pcm_wiz_message(w, PCM_C_WARNING, _("Override recorded in the plan."));
		}
		free(reason);
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
