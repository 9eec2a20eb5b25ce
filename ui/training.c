/* SPDX-License-Identifier: MIT */
/* The guided training (training.h): one introduction and one checked task
 * per step, on the bundled sample. The checks read the plan and the
 * findings as the steps leave them; nothing here decides a rule. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "base/util.h"
#include "rules/checks.h"
#include "training.h"

struct lesson {
	const char *look;           /* N_() what to look at */
	const char *task;           /* N_() what to do */
};

static const struct lesson lessons[PCM_STEP_COUNT] = {
	[PCM_STEP_BACKUP] = {
		N_("Compare the newest message with the newest full backup in the history: a backup "
		   "taken before the last message does not hold it."),
		N_("The sample's newest full backup is older than its newest message. Record an "
		   "override with o and a reason (in a real migration: take a new full backup)."),
	},
	[PCM_STEP_ROOT_MANAGERS] = {
		N_("Each manager of the root category becomes a manager of every migrated room; the "
		   "Rooms column says how many."),
		N_("Decide for at least one root manager: Space keeps or drops the selected one."),
	},
	[PCM_STEP_NAMES] = {
		N_("The offenders are sorted by how far they are over 256 units; c shows the "
		   "categories above a room, where one rename fixes many rooms."),
		N_("Fix the three longest names: rename the rooms (Enter) or a category above them "
		   "(c), until none of the three is an offender."),
	},
	[PCM_STEP_INVITATIONS] = {
		N_("A room asking for invitations inside a category with invitations off is forced "
		   "to False by the import."),
		N_("Decide every category: Space turns invitations on, a accepts the forced value for "
		   "the rest."),
	},
	[PCM_STEP_CUTOFF] = {
		N_("The histogram counts the messages per year; the figures above it say what a "
		   "date would leave out."),
		N_("Save a cutoff date with Enter (try 2011-01-01)."),
	},
	[PCM_STEP_DISABLE] = {
		N_("Rooms nobody uses any more need not move; the Messages column helps find them."),
		N_("Disable at least one room with Space (search with /, for example for 2010)."),
	},
	[PCM_STEP_WORKLIST] = {
		N_("Every change the plan makes to the legacy deployment, as the Group Chat Admin "
		   "Tool makes it: the supported way, before the export."),
		N_("Read the worklist: v shows it whole, as admin-tool-worklist.txt prints it."),
	},
	[PCM_STEP_SUMMARY] = {
		N_("The what-if run streams every message and writes nothing: its figures are what "
		   "the real run will do."),
		N_("Read the figures: how many messages migrate, and how many findings still block."),
	},
	[PCM_STEP_MIGRATE] = {
		N_("The package is what runbook.ps1 uses on the Lync Server 2013 side."),
		N_("Write the package with Enter, then read the next steps with n."),
	},
	[PCM_STEP_WARNINGS] = {
		N_("Every finding of the run, by severity and room."),
		N_("Read the warnings; Enter shows a whole finding."),
	},
	[PCM_STEP_VERIFY] = {
		N_("After the import, the 2013 database is compared with the plan."),
		N_("Nothing to do on the training deployment: there is no 2013 database."),
	},
};

static int shown_step = -1;
static uint32_t longest[3];     /* the three longest names when step 3 opened */
static size_t nlongest;

/* The three offenders over the limit by the most, at this moment. */
static void remember_longest(struct pcm_wiz *w)
{
	const struct pcm_findings *fs = pcm_wiz_findings(w, PCM_CS_NAMES);
	int64_t best[3] = { 0, 0, 0 };
	size_t i, k;

	nlongest = 0;
	for (i = 0; i < fs->list.n; i++) {
		const struct pcm_finding *f = &fs->list.v[i];
		if (strcmp(f->code, "NAME-TOO-LONG") != 0 || f->node == PCM_NONE)
			continue;
		/* insertion into the three largest, largest first */
		for (k = nlongest; k > 0 && best[k - 1] < f->number; k--)
			if (k < 3) {
				best[k] = best[k - 1];
				longest[k] = longest[k - 1];
			}
		if (k < 3) {
			best[k] = f->number;
			longest[k] = f->node;
			if (nlongest < 3)
				nlongest++;
		}
	}
}

void pcm_training_intro(struct pcm_wiz *w)
{
	const struct lesson *l = &lessons[w->step];
	char title[256], *text;

	if (shown_step == w->step || !l->task)
		return;
	shown_step = w->step;
	if (w->step == PCM_STEP_NAMES)
		remember_longest(w);
	snprintf(title, sizeof title, _(" Training: step %d"), w->step + 1);
	text = pcm_xasprintf(_("What to look at:\n%s\n\nYour task:\n%s\n\nThe task is checked when you "
	                       "press Tab to go on. q or Esc closes this page."),
	                     _(l->look), _(l->task));
	pcm_wiz_view_text(w, title, text);
	free(text);
}

/* Is node still an offender (any blocking name finding)? */
static bool offends(struct pcm_wiz *w, uint32_t node)
{
	const struct pcm_findings *fs = pcm_wiz_findings(w, PCM_CS_NAMES);
	size_t i;

	for (i = 0; i < fs->list.n; i++)
		if (fs->list.v[i].node == node && fs->list.v[i].severity == PCM_SEV_BLOCK)
			return true;
	return false;
}

/* How many of the three longest still offend. */
static size_t longest_left(struct pcm_wiz *w)
{
	size_t i, n = 0;

	for (i = 0; i < nlongest; i++)
		n += offends(w, longest[i]);
	return n;
}

static bool invitations_decided(struct pcm_wiz *w)
{
	uint32_t *forced = pcm_xmalloc((w->dep->nodes.n + 1) * sizeof *forced), n;
	bool ok = true;

	pcm_invite_forcing(w->dep, w->plan, forced);
	for (n = 0; n < w->dep->nodes.n && ok; n++)
		if (forced[n] && pcm_plan_category_invite(w->plan, w->dep->nodes.v[n].id) < 0)
			ok = false;
	free(forced);
	return ok;
}

/* The step's task: NULL when done, else what is missing. */
static const char *missing(struct pcm_wiz *w)
{
	switch (w->step) {
	case PCM_STEP_BACKUP:
		return w->plan->backup_override_reason ? NULL : _("no override is recorded");
	case PCM_STEP_ROOT_MANAGERS:
		return w->plan->root_managers.n ? NULL : _("no root manager is decided");
	case PCM_STEP_NAMES:
		return longest_left(w) ? _("one of the three longest names is still an offender") : NULL;
	case PCM_STEP_INVITATIONS:
		return invitations_decided(w) ? NULL : _("a category is not decided");
	case PCM_STEP_CUTOFF:
		return w->plan->has_cutoff ? NULL : _("no cutoff is saved");
	case PCM_STEP_DISABLE:
		return w->plan->disabled.n ? NULL : _("no room is disabled by the plan");
	case PCM_STEP_MIGRATE:
		return w->run_done && w->run_status == PCM_ENGINE_OK ? NULL : _("the package is not written");
	default:
		return NULL;
	}
}

bool pcm_training_check(struct pcm_wiz *w)
{
	const char *why = missing(w);
	char q[512];

	if (!why) {
		pcm_wiz_message(w, PCM_C_OK, _("Training: step %d's task is done."), w->step + 1);
		return true;
	}
	snprintf(q, sizeof q, _("Training: the task of step %d is not done (%s). Go on anyway?"),
	         w->step + 1, why);
	if (pcm_wiz_confirm(w, q))
		return true;
	pcm_wiz_message(w, PCM_C_MESSAGE, _("Training: %s."), _(lessons[w->step].task));
	return false;
}
