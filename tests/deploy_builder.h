/* SPDX-License-Identifier: MIT */
/* Small purpose-built deployments for the rule tests, made of legacy rows
 * fed through the one row mapping (rowmap.h), as a source would. */
#ifndef PCM_TEST_DEPLOY_BUILDER_H
#define PCM_TEST_DEPLOY_BUILDER_H

#include <stdint.h>
#include "model/model.h"
#include "source/rowmap.h"

struct tb {
	struct pcm_deployment *d;
	struct pcm_rowmap *m;
	int32_t next_chat_room;
	int64_t next_chat_id;
};

/* A deployment "GroupChatDB" with the principal and role types of a
 * 2010 database, the root (nodeID 1, "Root", invite NULL) and no other
 * rows. utc_offset: serverUtcOffsetMinutes for the backupset times. */
void tb_init(struct tb *t, int32_t utc_offset);
/* Adds one row: table, then name/value pairs (value NULL = SQL NULL),
 * ended by a NULL name. Fails the test on a mapping error. */
void tb_row(struct tb *t, const char *table, ...);
/* invite: "1", "0" or NULL. */
void tb_category(struct tb *t, int32_t id, int32_t parent, const char *name, const char *invite);
void tb_room(struct tb *t, int32_t id, int32_t parent, const char *name);
/* A room with the columns the rules read: invite "1"/"0"/NULL, disabled,
 * behavior (4 normal, 5 auditorium), overrideMember. */
void tb_room_ex(struct tb *t, int32_t id, int32_t parent, const char *name, const char *invite,
                int disabled, int behavior, int override_member);
/* A role with honorsOverride given. */
void tb_role_ex(struct tb *t, int32_t node, int32_t prin, const char *role, int honors_override);
/* type: a ptypeID of tb_init (5 user, 7 federated user, 9 group, 11 federated group). */
void tb_principal(struct tb *t, int32_t id, const char *uri, int type, int disabled);
/* role: "Manager", "Member", "Voiced". */
void tb_role(struct tb *t, int32_t node, int32_t prin, const char *role);
/* finish: after every non-chat row. */
void tb_finish(struct tb *t);
/* A message in room at "YYYY-MM-DDThh:mm:ssZ"; chatIds ascend per room.
 * Rooms must come in ascending nodeID order. */
void tb_message(struct tb *t, int32_t room, const char *when, const char *content);
/* A backupset row (msdb local time as written by FOR XML). */
void tb_backup(struct tb *t, const char *type, const char *finish_local, int copy_only, int damaged);
/* A full backup with msdb's time_zone (15-minute steps, "127" unknown,
 * NULL: no column). */
void tb_backup_tz(struct tb *t, const char *type, const char *finish_local, const char *time_zone);
/* Ends loading; the deployment stays in t->d (free with pcm_deployment_free). */
struct pcm_deployment *tb_done(struct tb *t);

#endif
