/* SPDX-License-Identifier: MIT */
/* The Lync Server 2013 Persistent Chat database a migration was imported
 * into, read for `pcmigrate verify`: live over TDS (the same connection
 * code as the legacy source, source_tds.c) or from a snapshot of it made
 * with data/target-snapshot.sql (the legacy snapshot format, read by the
 * same reader). Only what verify compares is kept: nodes, principals,
 * role assignments, add-ins, and per room the message count, the first
 * and last message dates and the file links, counted while the messages
 * stream (memory follows rooms, never messages).
 *
 * Columns are those of "Persistent Chat database schema in Lync Server
 * 2013" (MicrosoftDocs/OfficeDocs-SkypeForBusiness,
 * Lync/LyncServer/lync-server-2013-tblnode.md, -tblprincipal.md,
 * -tblprincipalrole.md, -tblroletype.md, -tblscopeprincipal.md,
 * -tblsiopwhitelist.md, -tblchat.md), as listed in shared/reference/schemas-with-sources.md. */
#ifndef PCM_TARGET_SOURCE_H
#define PCM_TARGET_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include "base/error.h"
#include "model/model.h"

struct pcm_tdb_node {
	int32_t id, parent_id;
	bool is_category;           /* nodeType 1 */
	bool disabled;
	int8_t invite;              /* pcm_tristate: NULL = inherit */
	int16_t behavior;           /* 4 normal, 5 auditorium */
	int16_t visibility;         /* 2 private, 3 scope, 6 open; -1 NULL */
	char *name, *siop_id;
	char *desc;                 /* nodeDesc (NULL when the row has none) */
	const char *where;
};

struct pcm_tdb_principal {
	int32_t id;
	char *uri, *ad_path;
};

struct pcm_tdb_role {
	int32_t node_id, prin_id, type_id;
};

/* tblScopePrincipal: a category's AllowedMembers (denied false) and
 * DeniedMembers (denied true; lync-server-2013-tblscopeprincipal.md:
 * scopeIsDenied "True if type of scope is Deny; False if Allow"). */
struct pcm_tdb_scope {
	int32_t node_id, prin_id;
	bool denied;
};

struct pcm_tdb_role_type {
	int32_t id;
	char *desc;                 /* Member, Manager, Voiced, Creator */
};

struct pcm_tdb_addin {
	char *siop_id, *name;
};

/* Messages of one channel (room nodeID), counted while streaming. */
struct pcm_tdb_chat {
	int32_t channel_id;
	uint64_t messages, files;
	uint64_t links;             /* sum of pcm_filelink_key of its links */
	int64_t first_ticks, last_ticks;
};

struct pcm_target_db {
	char *label;                /* the SOURCE as given, for messages */
	PCM_VEC(struct pcm_tdb_node) nodes;
	PCM_VEC(struct pcm_tdb_principal) principals;
	PCM_VEC(struct pcm_tdb_role) roles;
	PCM_VEC(struct pcm_tdb_scope) scopes;
	PCM_VEC(struct pcm_tdb_role_type) rtypes;
	PCM_VEC(struct pcm_tdb_addin) addins;
	PCM_VEC(struct pcm_tdb_chat) chats;
	uint64_t messages;
	struct pcm_idmap *node_ids, *prin_ids, *chat_ids;
	struct pcm_arena *arena;
};

/* The target's password when the legacy source is live too (it takes
 * PCMIGRATE_PASSWORD); read once and wiped like that one. */
#define PCM_TARGET_PASSWORD_ENV "PCMIGRATE_TARGET_PASSWORD"

/* Reads spec ("snapshot:FILE", a bare FILE, or
 * "tds://USER@SERVER[:PORT]/DATABASE": the password from
 * PCMIGRATE_TARGET_PASSWORD, else as for the legacy source)
 * into db. A legacy (2010 / OCS 2007 R2 shaped) database or snapshot is
 * refused with one message naming the column that shows it. Returns 0, or
 * -1 with err set (db then holds what was read; free it all the same). */
int pcm_target_load(const char *spec, struct pcm_target_db *db, struct pcm_error *err);
void pcm_target_free(struct pcm_target_db *db);

/* Index of the node / principal with this id, or PCM_NONE. */
uint32_t pcm_tdb_node(const struct pcm_target_db *db, int32_t id);
uint32_t pcm_tdb_principal(const struct pcm_target_db *db, int32_t id);
/* The messages of a channel, or NULL when the target holds none. */
const struct pcm_tdb_chat *pcm_tdb_chat_of(const struct pcm_target_db *db, int32_t channel_id);

#endif
