/* SPDX-License-Identifier: MIT */
/* R2 (checklist step 2): the managers of the root category. */
#include "config.h"
#include <stdlib.h>
#include "rules/checks.h"
#include "base/i18n.h"
#include "base/util.h"

/* Migrated rooms: each kept root manager will manage every one of them. */
static size_t migrated_rooms(const struct pcm_deployment *d, const struct pcm_plan *p)
{
	size_t i, n = 0;

	for (i = 0; i < d->nodes.n; i++)
		n += pcm_room_migrated(d, p, (uint32_t)i);
	return n;
}

void pcm_check_root_managers(const struct pcm_deployment *d, const struct pcm_plan *p,
                             struct pcm_findings *out)
{
	bool *seen;
	size_t i, rooms;

	if (d->root == PCM_NONE)
		return;
	rooms = migrated_rooms(d, p);
	seen = pcm_xcalloc(d->principals.n + 1, sizeof *seen);
	for (i = 0; i < d->roles.n; i++) {
		const struct pcm_role *r = &d->roles.v[i];
		const struct pcm_principal *pr;
		const char *who;
		int decision;

		if (r->node != d->root || r->kind != PCM_ROLE_MANAGER || r->principal == PCM_NONE ||
		    seen[r->principal])
			continue;
		seen[r->principal] = true;
		pr = &d->principals.v[r->principal];
		who = pr->name && *pr->name ? pr->name : pr->uri;
		decision = pcm_plan_root_manager(p, pr->uri);
		if (decision == 0)
			pcm_finding_add(out, PCM_CS_ROOT_MANAGERS, PCM_SEV_INFO, "ROOT-MANAGER", pr->uri,
			                who, d->root, r->principal, (int64_t)rooms,
			                _("root manager %s (%s): dropped by the plan; the Manager role "
			                  "on the root is removed before migration"), pr->uri, who);
		else if (decision == 1)
			pcm_finding_add(out, PCM_CS_ROOT_MANAGERS, PCM_SEV_WARNING, "ROOT-MANAGER",
			                pr->uri, who, d->root, r->principal, (int64_t)rooms,
			                _("root manager %s (%s): kept; becomes a manager of every "
			                  "migrated room (%zu rooms)"), pr->uri, who, rooms);
		else
			pcm_finding_add(out, PCM_CS_ROOT_MANAGERS, PCM_SEV_WARNING, "ROOT-MANAGER",
			                pr->uri, who, d->root, r->principal, (int64_t)rooms,
			                _("root manager %s (%s) becomes a manager of every migrated "
			                  "room (%zu rooms); keep or drop it"), pr->uri, who, rooms);
	}
	free(seen);
}
