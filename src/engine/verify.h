/* SPDX-License-Identifier: MIT */
/* After the import: does the Lync Server 2013 Persistent Chat database
 * hold what the package said would move? `pcmigrate verify` and the
 * wizard's Verify step call pcm_verify_target.
 *
 * What should have arrived is the package view the engine writes from
 * (package.h: the plan applied to the legacy deployment), with the role
 * assignments of disabled and federated principals left out (the
 * DISABLED-PRINCIPAL and FEDERATED warnings said they do not migrate),
 * and per room the messages since the cutoff, streamed once from the
 * legacy source: their number, the first and last dates, the file links.
 * The target is read by source/target_source.h. Findings have step
 * PCM_CS_VERIFY; codes (pcmigrate(1), VERIFY):
 *   CATEGORY-MISSING  a planned category is not in the target
 *   ROOM-MISSING      a planned room is not in the target under its name
 *   CATEGORY-SETTING  a category's description differs
 *   ROOM-SETTING      category, type, privacy, invitations, add-in,
 *                     description or disabled differ (one per setting)
 *   ROLE-MISSING      a planned manager, member, presenter or (category)
 *                     creator is not there
 *   ROLE-EXTRA        a role the target gives that the plan does not
 *                     (warning; info for a disabled or federated principal)
 *   SCOPE-MISSING     a planned AllowedMember of a category is not there
 *   SCOPE-EXTRA       an AllowedMember the plan does not give (warning;
 *                     allowed_added ones are expected either way)
 *   SCOPE-DENIED      a DeniedMember (warning: the package denies no one)
 *   MESSAGES-MISSING  fewer messages than planned (dates in the message)
 *   MESSAGES-EXTRA    more messages than planned
 *   MESSAGES-DATES    as many messages, but other first or last dates
 *   FILE-LINKS        as many messages, but another number of file links
 *   TARGET-EXTRA      a category or room the plan does not hold (info when
 *                     the plan lists it as already in the pool)
 * Missing or different things are "block", things beyond the plan
 * "warning" (or "info"); every one but info is a difference. */
#ifndef PCM_VERIFY_H
#define PCM_VERIFY_H

#include <stdint.h>
#include "base/error.h"
#include "model/model.h"
#include "rules/checks.h"
#include "rules/plan.h"
#include "source/source.h"
#include "source/target_source.h"

struct pcm_verify_summary {
	size_t rooms_planned, rooms_found;
	uint64_t messages_planned, messages_found;
	size_t differences;         /* findings that are not info */
};

/* Compares t with what d and p say moves; src streams the legacy
 * messages. Appends findings to out (initialised by the caller). Returns
 * 0, or -1 with err set (the package cannot be built, the legacy source
 * failed while streaming). */
int pcm_verify(struct pcm_source *src, const struct pcm_deployment *d, const struct pcm_plan *p,
               const struct pcm_target_db *t, struct pcm_findings *out,
               struct pcm_verify_summary *summary, struct pcm_error *err);

/* Loads the target named by target_spec (target_source.h) and runs
 * pcm_verify: the one call for the command and the wizard. Returns 0, or
 * -1 with err set (bad target: a legacy database, unreadable, ...). */
int pcm_verify_target(struct pcm_source *src, const struct pcm_deployment *d,
                      const struct pcm_plan *p, const char *target_spec,
                      struct pcm_findings *out, struct pcm_verify_summary *summary,
                      struct pcm_error *err);

/* 1 when a finding is a difference (not info), else 0. */
int pcm_verify_status(const struct pcm_findings *f);

#endif
