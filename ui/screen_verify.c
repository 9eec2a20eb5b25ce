/* SPDX-License-Identifier: MIT */
/* The Verify view of the warnings pane (issue 17): after the import, v on
 * step 9 asks for the Lync Server 2013 Persistent Chat database
 * (tds://USER@SERVER/DATABASE or snapshot:FILE made with
 * target-snapshot.sql), runs the same comparison as `pcmigrate verify`
 * (pcm_verify_target) and lists the differences in the pane, with the
 * pane's filters, search, room jumps, detail and save; v again goes back
 * to the run's warnings. A plan whose package was written opens on step 9
 * (every step done), so a wizard started days later offers it at once. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/util.h"
#include "engine/verify.h"
#include "widgets/colors.h"
#include "wizard.h"

struct pcm_findings *pcm_wiz_pane(struct pcm_wiz *w)
{
	return w->verify_shown ? &w->verify : &w->warnings;
}

bool pcm_wiz_verify(struct pcm_wiz *w)
{
	struct pcm_error err = { 0 };
	struct pcm_verify_summary sum;
	struct pcm_findings found;
	bool live, ok;
	char *spec;

	if (w->verify_shown) {
		w->verify_shown = false;
		pcm_wiz_message(w, PCM_C_MESSAGE, _("The run's warnings again; v verifies the target."));
		return true;
	}
	if (!pcm_wiz_prompt(w, _("Verify the 2013 database (tds://USER@SERVER/DB or snapshot:FILE):"),
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
	if (live && !w->replay)
		def_prog_mode(), endwin();
	pcm_findings_init(&found);
	ok = pcm_verify_target(w->src, w->dep, w->plan, spec, &found, &sum, &err) == 0;
	if (live && !w->replay)
		reset_prog_mode(), refresh();
	if (!ok) {
		pcm_findings_free(&found);
		pcm_wiz_message(w, PCM_C_BLOCK, _("Not verified: %s"), err.text);
		free(spec);
		return false;
	}
	pcm_findings_free(&w->verify);
	w->verify = found;
	w->verify_shown = true;
	free(w->verify_target);
	w->verify_target = spec;
	w->verify_summary = sum;
	if (pcm_verify_status(&w->verify))
		pcm_wiz_message(w, PCM_C_BLOCK,
		                _("%zu differences: %zu of %zu planned rooms found, %llu of %llu messages."),
		                sum.differences, sum.rooms_found, sum.rooms_planned,
		                (unsigned long long)sum.messages_found,
		                (unsigned long long)sum.messages_planned);
	else
		pcm_wiz_message(w, PCM_C_OK, _("Everything planned arrived: %zu rooms, %llu messages."),
		                sum.rooms_found, (unsigned long long)sum.messages_found);
	return true;
}
