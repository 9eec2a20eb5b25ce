/* SPDX-License-Identifier: MIT */
/* Step 11, Verify (issue 17): after the import, v asks for the Lync
 * Server 2013 Persistent Chat database (tds://USER@SERVER/DATABASE or
 * snapshot:FILE made with target-snapshot.sql), runs the comparison of
 * `pcmigrate verify` (pcm_verify_target) and lists the differences in the
 * warnings pane (screen_warnings.c: its filters, search, room jumps,
 * detail and save). A plan whose package was written (steps 1 to 9 done)
 * resumes here, so a wizard started days later offers it at once. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/util.h"
#include "engine/verify.h"
#include "widgets/colors.h"
#include "widgets/draw.h"
#include "widgets/listbox.h"
#include "widgets/text.h"
#include "wizard.h"

enum { ACT_VERIFY = PCM_ACT_SCREEN };

static const struct pcm_keybind binds[] = {
	{ 'v', ACT_VERIFY, "v", N_("verify: ask for the 2013 database and list the differences"),
	  N_("Verify") },
};
static const struct pcm_keymap keys = PCM_KEYMAP(N_("Verify"), binds);
static const struct pcm_keymap *const widget_keys[] = { &pcm_warnings_pane_keys,
                                                        &pcm_listbox_plain_keys };

struct pcm_findings *pcm_wiz_pane(struct pcm_wiz *w)
{
	return w->verify_shown ? &w->verify : &w->warnings;
}

/* Asks for the target and compares; the pane then lists the differences.
 * False when nothing ran (Esc, an empty answer, a bad target). */
static bool verify(struct pcm_wiz *w)
{
	struct pcm_error err = { 0 };
	struct pcm_verify_summary sum;
	struct pcm_findings found;
	bool live, ok;
	char *spec;

	if (!pcm_wiz_prompt(w, _("The 2013 database (tds://USER@SERVER/DB or snapshot:FILE):"),
	                    w->verify_target ? w->verify_target : "", &spec, NULL))
		return false;
	if (!*spec) {
		free(spec);
		return false;
	}
	pcm_wiz_message(w, PCM_C_MESSAGE, _("Verifying %s ..."), spec);
	pcm_wiz_draw(w);
	w->announced = true;
	/* a live target may ask for its password on the terminal */
	live = !strncmp(spec, "tds://", 6);
	if (live && !w->replay) {
		def_prog_mode();
		endwin();
	}
	pcm_findings_init(&found);
	ok = pcm_verify_target(w->src, w->dep, w->plan, spec, &found, &sum, &err) == 0;
	if (live && !w->replay) {
		reset_prog_mode();
		refresh();
	}
	if (!ok) {
		pcm_findings_free(&found);
		pcm_wiz_message(w, PCM_C_BLOCK, _("Not verified: %s"), err.text);
		free(spec);
		return false;
	}
	pcm_findings_free(&w->verify);
	w->verify = found;
	free(w->verify_target);
	w->verify_target = spec;
	w->verify_summary = sum;
	if (pcm_verify_status(&w->verify)) {
		pcm_wiz_message(w, PCM_C_BLOCK,
		                _("%zu differences: %zu of %zu planned rooms found, %llu of %llu messages."),
		                sum.differences, sum.rooms_found, sum.rooms_planned,
		                (unsigned long long)sum.messages_found,
		                (unsigned long long)sum.messages_planned);
	} else {
		pcm_wiz_message(w, PCM_C_OK, _("Everything planned arrived: %zu rooms, %llu messages."),
		                sum.rooms_found, (unsigned long long)sum.messages_found);
		if (!w->plan->steps_done[PCM_STEP_VERIFY]) {
			w->plan->steps_done[PCM_STEP_VERIFY] = true;
			pcm_wiz_save(w);
		}
	}
	return true;
}

static void enter(struct pcm_wiz *w)
{
	w->verify_shown = true;
	pcm_warnings_pane_enter(w);
}

static void draw(struct pcm_wiz *w, int y, int h, int cols)
{
	struct pcm_lines l = { 0 };
	size_t i;

	if (w->verify_target) {
		pcm_screen_warnings.draw(w, y, h, cols);
		return;
	}
	pcm_wrap(_("After the import, press v and give the Lync Server 2013 Persistent Chat "
	           "database: tds://USER@SERVER/DATABASE (the password as for the legacy database, "
	           "or PCMIGRATE_TARGET_PASSWORD), or snapshot:FILE made with target-snapshot.sql. "
	           "Every planned category and room is looked up under its name, with its settings, "
	           "managers, members and presenters and the messages since the cutoff; what the "
	           "target holds and the plan does not is listed too."), cols - 2, &l);
	for (i = 0; i < l.n && (int)i < h - 1; i++)
		pcm_draw_text(stdscr, y + 1 + (int)i, 1, l.v[i], cols - 1, pcm_color(PCM_C_NORMAL), true);
	pcm_lines_free(&l);
}

static bool key(struct pcm_wiz *w, int k)
{
	if (pcm_keymap_find(&keys, k) == ACT_VERIFY) {
		if (verify(w))
			pcm_warnings_pane_enter(w);
		return true;
	}
	return w->verify_target ? pcm_screen_warnings.key(w, k) : false;
}

const struct pcm_screen pcm_screen_verify = {
	.step = PCM_STEP_VERIFY,
	.label = N_("Verify"),
	.title = N_("Verify"),
	.explain = N_("Use the Lync Server Control Panel and Windows PowerShell cmdlets to verify "
	              "that the data has migrated successfully. pcmigrate compares the Persistent "
	              "Chat database with what the plan said would move."),
	.keys = &keys,
	.widget_keys = widget_keys,
	.nwidget_keys = 2,
	.min_body = 12,
	.enter = enter,
	.draw = draw,
	.key = key,
};
