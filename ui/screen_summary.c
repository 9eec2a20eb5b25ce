/* SPDX-License-Identifier: MIT */
/* Step 8, summary: every decision in the plan, then a what-if run of the
 * engine (all checks, every message streamed, nothing written) with its
 * figures, so the admin sees what the real run will do. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "widgets/draw.h"
#include "base/i18n.h"
#include "base/util.h"
#include "wizard.h"

enum { ACT_WHATIF = PCM_ACT_SCREEN, ACT_OUT };

static const struct pcm_keybind binds[] = {
	{ 'w', ACT_WHATIF, "w", N_("run the what-if preview again"), N_("What-if") },
	{ 'o', ACT_OUT, "o", N_("change the output folder of the real run"), N_("Folder") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Summary"), binds);

static void enter(struct pcm_wiz *w)
{
	if (!w->whatif_done || w->whatif_gen != w->plan_gen) {
		w->whatif_gen = w->plan_gen;
		pcm_wiz_run_engine(w, NULL, w->body_y);
	}
}

/* The root's managers as the migration treats them: kept unless the plan
 * drops them (a manager nobody decided on is kept). */
static void count_root_managers(const struct pcm_wiz *w, size_t *kept, size_t *dropped)
{
	const struct pcm_deployment *d = w->dep;
	unsigned char *seen = pcm_xcalloc(d->principals.n + 1, 1);
	size_t i;

	*kept = *dropped = 0;
	for (i = 0; i < d->roles.n; i++) {
		const struct pcm_role *r = &d->roles.v[i];
		if (r->node != d->root || r->kind != PCM_ROLE_MANAGER || seen[r->principal])
			continue;
		seen[r->principal] = 1;
		if (pcm_plan_root_manager(w->plan, d->principals.v[r->principal].uri) == 0)
			(*dropped)++;
		else
			(*kept)++;
	}
	free(seen);
}

/* The findings of every check step by severity, as `pcmigrate check`
 * counts them with the same plan. */
static void count_findings(struct pcm_wiz *w, size_t *blocking, size_t *warnings, size_t *notes)
{
	size_t i;
	int cs;

	*blocking = *warnings = *notes = 0;
	for (cs = 0; cs <= PCM_CS_WARNINGS; cs++) {
		const struct pcm_findings *fs = pcm_wiz_findings(w, cs);
		for (i = 0; i < fs->list.n; i++) {
			enum pcm_severity sev = fs->list.v[i].severity;
			if (sev == PCM_SEV_BLOCK)
				(*blocking)++;
			else if (sev == PCM_SEV_WARNING)
				(*warnings)++;
			else
				(*notes)++;
		}
	}
}

/* One "label: value" row: the labels take 30 columns, a narrower window
 * (issue 16) gives them less and the values the rest. */
static int row(int y, int cols, const char *label, const char *value, enum pcm_color c)
{
	int lw = cols >= 75 ? 30 : cols * 2 / 5, x;

	x = pcm_draw_text(stdscr, y, 2, label, lw, pcm_color(PCM_C_NORMAL), false);
	pcm_draw_fill(stdscr, y, 2 + x, lw + 2 - x, pcm_color(PCM_C_NORMAL));
	pcm_draw_text(stdscr, y, lw + 4, value, cols - lw - 5, pcm_color(c), true);
	return y + 1;
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	const struct pcm_plan *p = w->plan;
	const struct pcm_engine_summary *s = &w->whatif_summary;
	char v[512], a[32], b[32], c1[128], c2[128];
	size_t i, kept = 0, dropped = 0, on = 0, accepted = 0, blocking, warnings, notes;
	int end = y + h;

	if (w->running) {
		pcm_wiz_heading(w, y++, _("What-if run in progress"));
		pcm_wiz_gauge(w, y + 1, cols);
		return;
	}
	count_root_managers(w, &kept, &dropped);
	for (i = 0; i < p->invitations.n; i++)
		p->invitations.v[i].turn_on ? on++ : accepted++;
	snprintf(v, sizeof v, _("Decisions in the plan %s"), p->path ? p->path : "");
	pcm_wiz_heading(w, y++, v);
	if (p->backup_override_reason)
		snprintf(v, sizeof v, _("overridden: %s"), p->backup_override_reason);
	else
		snprintf(v, sizeof v, "%s", pcm_wiz_blocking(w, PCM_CS_BACKUP) ? _("MISSING") : _("proven"));
	y = row(y, cols, _("Backup"), v, p->backup_override_reason || pcm_wiz_blocking(w, PCM_CS_BACKUP)
	        ? PCM_C_WARNING : PCM_C_OK);
	snprintf(v, sizeof v, _("%zu kept, %zu dropped"), kept, dropped);
	y = row(y, cols, _("Root managers"), v, PCM_C_NORMAL);
	snprintf(v, sizeof v, _("%zu renamed; separator \"%s\""), p->renames.n, p->separator);
	y = row(y, cols, _("Room names"), v, PCM_C_NORMAL);
	snprintf(c1, sizeof c1, ngettext("%zu category turned on", "%zu categories turned on", on), on);
	snprintf(v, sizeof v, _("%s, %zu accepted"), c1, accepted);
	y = row(y, cols, _("Invitations"), v, PCM_C_NORMAL);
	snprintf(v, sizeof v, "%s", p->has_cutoff && p->cutoff_text ? p->cutoff_text : _("none"));
	y = row(y, cols, _("Date cutoff"), v, PCM_C_NORMAL);
	snprintf(v, sizeof v, ngettext("%zu room", "%zu rooms", p->disabled.n), p->disabled.n);
	y = row(y, cols, _("Disabled by the plan"), v, PCM_C_NORMAL);
	y = row(y, cols, _("Output folder"), w->out_dir, PCM_C_NORMAL);
	if (y >= end)
		return;
	pcm_wiz_heading(w, y++, _("What-if preview (nothing written)"));
	if (!w->whatif_done)
		return;
	if (w->whatif_status != PCM_ENGINE_OK) {
		pcm_draw_printf(stdscr, y++, 2, cols - 2, pcm_color(PCM_C_BLOCK), true,
		                _("The preview failed: %s"), w->run_error);
		return;
	}
	snprintf(c1, sizeof c1, ngettext("%zu category", "%zu categories", s->categories), s->categories);
	snprintf(c2, sizeof c2, ngettext("%zu room", "%zu rooms", s->rooms), s->rooms);
	snprintf(v, sizeof v, _("%s, %s (%zu not migrated)"), c1, c2, s->rooms_skipped);
	y = row(y, cols, _("Structure"), v, PCM_C_NORMAL);
	if (y < end) {
		snprintf(v, sizeof v, _("%s migrated, %s before the cutoff"),
		         pcm_grouped(s->messages, a, sizeof a), pcm_grouped(s->messages_dropped, b, sizeof b));
		y = row(y, cols, _("Messages"), v, PCM_C_NORMAL);
	}
	if (y < end) {
		snprintf(v, sizeof v, _("%llu to copy by hand"), (unsigned long long)s->files);
		y = row(y, cols, _("Uploaded files"), v, PCM_C_NORMAL);
	}
	if (y < end) {
		snprintf(c1, sizeof c1, ngettext("%zu manager added", "%zu managers added", s->managers_added),
		         s->managers_added);
		snprintf(c2, sizeof c2,
		         ngettext("%zu invitation forced", "%zu invitations forced", s->invitations_forced),
		         s->invitations_forced);
		snprintf(v, sizeof v, "%s, %s", c1, c2);
		y = row(y, cols, _("Conversions"), v, PCM_C_NORMAL);
	}
	count_findings(w, &blocking, &warnings, &notes);
	if (y < end) {
		snprintf(c1, sizeof c1, ngettext("%zu warning", "%zu warnings", warnings), warnings);
		snprintf(c2, sizeof c2, ngettext("%zu note", "%zu notes", notes), notes);
		snprintf(v, sizeof v, _("%zu blocking, %s, %s"),
		         blocking, c1, c2);
		y = row(y, cols, _("Findings"), v, blocking ? PCM_C_BLOCK : PCM_C_OK);
	}
	if (y < end)
		pcm_draw_text(stdscr, y, 2, blocking ? _("Fix the blocking findings (steps marked !) before the real run.")
		                                     : _("Ready: press Tab for the real migration."),
		              cols - 2, pcm_color(blocking ? PCM_C_BLOCK : PCM_C_OK), true);
}

static bool key(struct pcm_wiz *w, int k)
{
	char *dir;

	switch (pcm_keymap_find(&keys, k)) {
	case ACT_WHATIF:
		w->whatif_gen = w->plan_gen;
		pcm_wiz_run_engine(w, NULL, w->body_y);
		return true;
	case ACT_OUT:
		if (pcm_wiz_prompt(w, _("Output folder:"), w->out_dir, &dir, NULL)) {
			if (*dir) {
				free(w->out_dir);
				w->out_dir = dir;
				return true;
			}
			free(dir);
		}
		return true;
	default:
		return false;
	}
}

static size_t blocking(struct pcm_wiz *w)
{
	return pcm_wiz_blocking_all(w);
}

const struct pcm_screen pcm_screen_summary = {
	.step = PCM_STEP_SUMMARY,
	.label = N_("Summary"),
	.title = N_("Summary and what-if"),
	.explain = N_("Run the import with a WhatIf first to see how the migrated data will look. "
	              "Some conversions happen in the process to accommodate the simplified "
	              "administration model. Fix any errors or warnings that appear."),
	.keys = &keys,
	.min_body = 14,
	.enter = enter,
	.draw = draw,
	.key = key,
	.blocking = blocking,
};
