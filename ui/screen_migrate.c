/* SPDX-License-Identifier: MIT */
/* Step 9, the real migration: runs the engine into the output folder with
 * a progress gauge (rooms and messages done, rate, time left; Esc
 * cancels and nothing is written), then shows what was written. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/text.h"
#include "base/util.h"
#include "app/next_steps.h"
#include "wizard.h"

enum { ACT_RUN = PCM_ACT_SCREEN, ACT_NEXT_STEPS };

static const struct pcm_keybind binds[] = {
	{ '\r', ACT_RUN, "Enter", N_("write the migration package (Esc cancels while it runs)"), N_("Migrate") },
	{ 'r', ACT_RUN, "r", NULL, NULL },
	{ 'n', ACT_NEXT_STEPS, "n", N_("what to do next with the package written"), N_("Next steps") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Migrate"), binds);

static void enter(struct pcm_wiz *w)
{
	(void)w;
}

/* The phase names the engine reports, translated for the screen. */
static const char *phase_name(const char *phase)
{
	if (!phase)
		return "";
	if (!strcmp(phase, "checks"))
		return _("checking");
	if (!strcmp(phase, "messages"))
		return _("streaming messages");
	if (!strcmp(phase, "writing"))
		return _("writing files");
	if (!strcmp(phase, "done"))
		return _("done");
	return phase;
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	const struct pcm_engine_summary *s = &w->run_summary;
	char a[32], b[32], head[600];
	int end = y + h, i, rows;

	pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_NORMAL), true,
	                _("Output folder: %s"), w->out_dir);
	y++;
	if (w->running) {
		pcm_wiz_heading(w, y++, _("Migrating"));
		pcm_wiz_gauge(w, y, cols);
		y += 3;
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_INFO), true, "%s  %s",
		                phase_name(w->run_phase), w->run_room);
		pcm_draw_text(stdscr, y, 1, _("Esc cancels: nothing is written."), cols - 1,
		              pcm_color(PCM_C_NORMAL), true);
		return;
	}
	if (!w->run_done) {
		pcm_draw_text(stdscr, y++, 1, _("Press Enter to write the migration package."), cols - 1,
		              pcm_color(PCM_C_NORMAL), true);
		if (pcm_wiz_blocking_all(w))
			pcm_draw_text(stdscr, y++, 1,
			              _("Blocking findings remain: the engine will refuse to write until they are fixed."),
			              cols - 1, pcm_color(PCM_C_BLOCK), true);
		return;
	}
	switch (w->run_status) {
	case PCM_ENGINE_OK:
		pcm_gauge_draw(&w->gauge, stdscr, y, 1, cols - 2);
		y += 3;
		pcm_draw_printf(stdscr, y++, 1, cols - 1, pcm_color(PCM_C_OK), true,
		                ngettext("Done: %zu room and %s messages in the package (%s before the cutoff "
		                         "not in it).",
		                         "Done: %zu rooms and %s messages in the package (%s before the cutoff "
		                         "not in it).", s->rooms),
		                s->rooms, pcm_grouped(s->messages, a, sizeof a),
		                pcm_grouped(s->messages_dropped, b, sizeof b));
		if (s->messages_dropped)
			pcm_draw_text(stdscr, y++, 1, _("The export command carries -StartDate: check the "
			                                "import report."),
			              cols - 1, pcm_color(PCM_C_MESSAGE), true);
		y++;
		snprintf(head, sizeof head, _("Files written in %s"), w->out_dir);
		pcm_wiz_heading(w, y++, head);
		/* every file, warnings.tsv too: in two columns when the rows are few */
		rows = end - 1 - y;
		if (rows < 1)
			rows = 1;
		if (rows > PCM_PKG_NFILES)
			rows = PCM_PKG_NFILES;
		for (i = 0; i < PCM_PKG_NFILES; i++) {
			int col = i / rows;
			if (col > 1)
				break;
			pcm_draw_text(stdscr, y + i % rows, 3 + col * (cols / 2), pcm_package_files[i],
			              cols / 2 - 4, pcm_color(PCM_C_NORMAL), false);
		}
		y += rows;
		if (y < end)
			pcm_draw_printf(stdscr, y, 1, cols - 1, pcm_color(PCM_C_MESSAGE), true,
			                ngettext("%zu warning: press Tab to read it, n for the next steps.",
			                         "%zu warnings: press Tab to read them, n for the next steps.",
			                         w->warnings.list.n),
			                w->warnings.list.n);
		break;
	case PCM_ENGINE_CANCELLED:
		pcm_draw_text(stdscr, y, 1, _("Cancelled: nothing was written. Press Enter to start again."),
		              cols - 1, pcm_color(PCM_C_WARNING), true);
		break;
	default: {
		struct pcm_lines l = { 0 };
		char *text = pcm_xasprintf(w->run_status == PCM_ENGINE_BLOCKED ? _("Refused: %s")
		                           : _("The migration failed: %s"), w->run_error);
		size_t k;

		pcm_wrap(text, cols - 2, &l);
		for (k = 0; k < l.n && y < end; k++)
			pcm_draw_text(stdscr, y++, 1, l.v[k], cols - 1, pcm_color(PCM_C_BLOCK), true);
		pcm_lines_free(&l);
		free(text);
		if (w->run_status == PCM_ENGINE_BLOCKED && y + 1 < end)
			pcm_draw_text(stdscr, y + 1, 1, _("Go back (S-Tab) to the steps marked ! and fix them."),
			              cols - 1, pcm_color(PCM_C_NORMAL), true);
		break;
	}
	}
}

bool pcm_wiz_next_steps(struct pcm_wiz *w)
{
	char *text, title[256];

	if (!w->run_done || w->run_status != PCM_ENGINE_OK) {
		pcm_wiz_message(w, PCM_C_MESSAGE,
		                _("The package is not written yet: Enter on the Migrate step writes it; then come back here."));
		return false;
	}
	text = pcm_next_steps_text(w->out_dir, w->dep, w->plan, &w->run_summary);
	snprintf(title, sizeof title, " %s", _("Next steps"));
	pcm_wiz_view_text(w, title, text);
	free(text);
	return true;
}

static bool key(struct pcm_wiz *w, int k)
{
	int action = pcm_keymap_find(&keys, k);

	if (action == ACT_NEXT_STEPS) {
		pcm_wiz_next_steps(w);
		return true;
	}
	if (action != ACT_RUN)
		return false;
	/* the one write that needs the backup: refused here with the reason
	 * (the what-if preview of the Summary step stays allowed) */
	if (pcm_wiz_blocking(w, PCM_CS_BACKUP)) {
		pcm_wiz_notice(w, PCM_C_BLOCK,
		               _("Not written: no full backup newer than the newest message and no override. "
		                 "Take one, or record an override on step 1 (o)."));
		return true;
	}
	if (w->run_done && w->run_status == PCM_ENGINE_OK &&
	    !pcm_wiz_confirm(w, _("The package is already written. Write it again?")))
		return true;
	pcm_wiz_run_engine(w, w->out_dir, w->body_y);
	if (w->run_status == PCM_ENGINE_OK && !w->plan->steps_done[PCM_STEP_MIGRATE]) {
		w->plan->steps_done[PCM_STEP_MIGRATE] = true;
		pcm_wiz_save(w);
	}
	return true;
}

/* Going to the warnings without a written package is allowed (they are
 * the what-if's), after a question. */
static bool leave(struct pcm_wiz *w)
{
	if (w->run_done && w->run_status == PCM_ENGINE_OK)
		return true;
	return pcm_wiz_confirm(w, _("The package has not been written. Read the preview's warnings anyway?"));
}

const struct pcm_screen pcm_screen_migrate = {
	.step = PCM_STEP_MIGRATE,
	.label = N_("Migrate"),
	.title = N_("Migration"),
	.explain = N_("Run the Persistent Chat Server Windows PowerShell Import-CsPersistentChatData "
	              "cmdlet as a member of the Persistent Chat administrator RBAC role "
	              "(CsPersistentChatAdministrator). pcmigrate writes the package that runbook uses: "
	              "the migrated deployment, the scripts, the file copy commands and the warnings."),
	.keys = &keys,
	.min_body = 14,
	.enter = enter,
	.draw = draw,
	.key = key,
	.leave = leave,
};
