/* SPDX-License-Identifier: MIT */
/* The checklist rules (shared/reference/migration-rules.md R1-R7): one
 * pure function per step, deployment + plan in, findings out. No I/O, no
 * UI. The wizard, `pcmigrate check` and the engine all use these. */
#ifndef PCM_CHECKS_H
#define PCM_CHECKS_H

#include <stdint.h>
#include "model/model.h"
#include "rules/plan.h"

/* R3: the Persistent Chat name limit, in UTF-16 code units. */
#define PCM_NAME_LIMIT 256

enum pcm_severity { PCM_SEV_BLOCK, PCM_SEV_WARNING, PCM_SEV_INFO };

/* The `step` field of check --tsv. */
enum pcm_check_step {
	PCM_CS_BACKUP, PCM_CS_ROOT_MANAGERS, PCM_CS_NAMES, PCM_CS_INVITATIONS,
	PCM_CS_CUTOFF, PCM_CS_DISABLE, PCM_CS_WARNINGS,
	PCM_CS_VERIFY,      /* after the import: `pcmigrate verify` (engine/verify.h) */
	PCM_CS_COUNT
};
/* The steps that are checklist rules (pcm_check_rules), before the import. */
#define PCM_CS_RULES (PCM_CS_WARNINGS + 1)

struct pcm_finding {
	enum pcm_check_step step;
	enum pcm_severity severity;
	const char *code;           /* "NAME-TOO-LONG", static */
	char *id;                   /* nodeID, prinUri, database name, URI */
	char *object;               /* legacy path joined by the separator */
	char *message;              /* translated, one line */
	uint32_t node;              /* node index or PCM_NONE */
	uint32_t principal;         /* principal index or PCM_NONE */
	/* a number the UI may show: BACKUP-*: messages in no backup (the
	 * lower bound); ROOT-MANAGER: migrated rooms it will manage;
	 * NAME-TOO-LONG: units over the limit; NAME-COLLISION: names in the
	 * group; INVITE-FORCED: the nodeID of the category to turn on;
	 * CUTOFF-DROPS: messages dropped (lower bound); ROOM-EMPTIED,
	 * ROOM-DISABLED: the room's messages; FILES: file links to copy;
	 * FILE-STORE: bytes to copy in all (-1: sizes unknown);
	 * FEDERATED: federated role/scope entries; DISABLED-PRINCIPAL: roles
	 * not migrated; otherwise 0 */
	int64_t number;
};

struct pcm_findings {
	PCM_VEC(struct pcm_finding) list;
};

void pcm_findings_init(struct pcm_findings *f);
void pcm_findings_free(struct pcm_findings *f);
/* Number of blocking findings. */
size_t pcm_findings_blocking(const struct pcm_findings *f);

/* One function per step; each appends to out. */
/* Appends a finding; id and object are copied, the message is formatted
 * (already translated fmt). Returns it so a check may adjust it. */
struct pcm_finding *pcm_finding_add(struct pcm_findings *out, enum pcm_check_step step,
                                    enum pcm_severity sev, const char *code, const char *id,
                                    const char *object, uint32_t node, uint32_t principal,
                                    int64_t number, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));


/* The nodeID of node n as text (the `id` of a room or category finding). */
char *pcm_node_id_text(const struct pcm_deployment *d, uint32_t n);

void pcm_check_backup(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out);
void pcm_check_root_managers(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out);
void pcm_check_names(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out);
void pcm_check_invitations(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out);
/* R4 by the rule alone, for the step's list of decisions: forced[n] = how
 * many migrated rooms legacy category n forces to False when the plan's
 * category decisions are left aside (the rooms INVITE-FORCED names with no
 * decision made). forced has d->nodes.n entries. Returns the number of
 * categories with forced rooms. O(nodes), no flattening. */
size_t pcm_invite_forcing(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t *forced);
void pcm_check_cutoff(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out);
void pcm_check_disable(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out);
void pcm_check_warnings(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out);
/* All of the above, in order. */
/* Every check, indexed by its step, in the procedure's order: the wizard
 * reruns one step's check through this table. */
typedef void pcm_check_fn(const struct pcm_deployment *d, const struct pcm_plan *p,
                          struct pcm_findings *out);
extern pcm_check_fn *const pcm_check_rules[PCM_CS_RULES];

void pcm_check_all(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out);

/* Is this room migrated (not disabled in the source nor by the plan)? */
bool pcm_room_migrated(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t room);

/* The `step`, `severity` fields of check --tsv ("names", "block"). */
const char *pcm_check_step_name(enum pcm_check_step step);
const char *pcm_severity_name(enum pcm_severity sev);

/* Messages of a room posted before `ticks`, from the per-room day
 * histogram (memory bounded by days, not messages). Exact (lo == hi)
 * unless ticks falls strictly between the earliest and the latest message
 * of one day of that room (so always for a plain-date cutoff, which is
 * midnight); then the messages of that day between them are unknown: lo
 * counts only the earliest, hi all but the latest (the documented limit). */
void pcm_room_messages_before_bounds(const struct pcm_deployment *d, const struct pcm_node *room,
                                     int64_t ticks, uint64_t *lo, uint64_t *hi);

#endif
