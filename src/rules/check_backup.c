/* SPDX-License-Identifier: MIT */
/* R1 (checklist step 1): a full backup that holds every message. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "base/i18n.h"
#include "base/timeconv.h"
#include "base/util.h"

/* How many room names a finding lists before "and N more". */
#define BACKUP_ROOMS_LISTED 10

/* Text of the rooms holding messages after `after` ("A, B and 3 more"),
 * and the bounds of how many messages they hold after it. */
static char *rooms_after(const struct pcm_deployment *d, const char *sep, int64_t after,
                         size_t *nrooms, uint64_t *lo, uint64_t *hi)
{
	char *list = pcm_xstrdup("");
	size_t i;

	*nrooms = 0;
	*lo = *hi = 0;
	for (i = 0; i < d->nodes.n; i++) {
		const struct pcm_node *n = &d->nodes.v[i];
		uint64_t blo, bhi;
		if (n->is_category || n->stats.messages == 0 || n->stats.last_ticks <= after)
			continue;
		/* messages at or before `after` are in the backup */
		pcm_room_messages_before_bounds(d, n, after + 1, &blo, &bhi);
		*lo += n->stats.messages - bhi;
		*hi += n->stats.messages - blo;
		if (*nrooms < BACKUP_ROOMS_LISTED) {
			char *path = pcm_node_path(d, (uint32_t)i, sep);
			char *next = pcm_xasprintf("%s%s%s", list, *nrooms ? ", " : "", path);
			free(path);
			free(list);
			list = next;
		}
		(*nrooms)++;
	}
	if (*nrooms > BACKUP_ROOMS_LISTED) {
		char *next = pcm_xasprintf(_("%s and %zu more"), list, *nrooms - BACKUP_ROOMS_LISTED);
		free(list);
		list = next;
	}
	return list;
}

void pcm_check_backup(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out)
{
	const char *db = d->info.database ? d->info.database : "";
	bool overridden = p && p->backup_override_reason;
	uint32_t newest = pcm_newest_full_backup(d);
	const char *code = NULL;
	char *problem = NULL;
	uint64_t number = 0;

	if (newest == PCM_NONE) {
		code = "BACKUP-MISSING";
		problem = pcm_xasprintf(_("database %s: no full backup (msdb backupset type D, "
		                          "not damaged) is recorded; %llu messages are not in any backup"),
		                        db, (unsigned long long)d->messages);
		number = d->messages;
	} else if (d->messages > 0 && d->backups.v[newest].finish_ticks < d->last_ticks) {
		const struct pcm_backup *b = &d->backups.v[newest];
		char fin[32], last[32], *rooms, *count;
		size_t nrooms;
		uint64_t lo, hi;

		pcm_format_ticks(b->finish_ticks, fin, sizeof fin);
		pcm_format_ticks(d->last_ticks, last, sizeof last);
		rooms = rooms_after(d, pcm_plan_separator(p), b->finish_ticks, &nrooms, &lo, &hi);
		count = lo == hi ? pcm_xasprintf("%llu", (unsigned long long)lo)
		                 : pcm_xasprintf(_("%llu to %llu"), (unsigned long long)lo,
		                                 (unsigned long long)hi);
		code = "BACKUP-STALE";
		problem = pcm_xasprintf(_("database %s: the newest full backup finished %s "
		                          "(server time %s), before the newest message (%s); "
		                          "%s messages in %zu rooms were posted after it: %s"),
		                        db, fin, b->finish_local ? b->finish_local : "?", last, count,
		                        nrooms, rooms);
		number = lo;
		free(rooms);
		free(count);
	}

	if (overridden) {
		const struct pcm_stamp *st = &p->backup_override_stamp;
		const char *at = st->at ? st->at : "?", *by = st->by ? st->by : "?";
		if (problem)
			pcm_finding_add(out, PCM_CS_BACKUP, PCM_SEV_INFO, "BACKUP-OVERRIDDEN", db, db,
			                PCM_NONE, PCM_NONE, (int64_t)number,
			                _("%s (%s overridden by %s at %s: %s)"), problem, code, by, at,
			                p->backup_override_reason);
		else
			pcm_finding_add(out, PCM_CS_BACKUP, PCM_SEV_INFO, "BACKUP-OVERRIDDEN", db, db,
			                PCM_NONE, PCM_NONE, 0,
			                _("database %s: backup check overridden by %s at %s (%s), "
			                  "although a full backup holds every message"),
			                db, by, at, p->backup_override_reason);
	} else if (problem) {
		pcm_finding_add(out, PCM_CS_BACKUP, PCM_SEV_BLOCK, code, db, db, PCM_NONE, PCM_NONE,
		                (int64_t)number, "%s", problem);
	}
	free(problem);
	if (p && p->compliance_db)
		pcm_finding_add(out, PCM_CS_BACKUP, PCM_SEV_WARNING, "BACKUP-COMPLIANCE", p->compliance_db,
		                p->compliance_db, PCM_NONE, PCM_NONE, 0,
		                _("compliance database %s on %s: back it up with the Group Chat "
		                  "database before the migration; pcmigrate does not see its backups"),
		                p->compliance_db, p->compliance_server ? p->compliance_server : "?");
}
