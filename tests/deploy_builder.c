/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "deploy_builder.h"
#include "base/timeconv.h"
#include "base/util.h"

#define TB_MAX_COLS 24

static struct pcm_row make_row(const char *table, const char **names, const char **values,
                               size_t n)
{
	struct pcm_row row;

	row.table = table;
	row.ncols = n;
	row.names = names;
	row.values = values;
	row.where = "test";
	return row;
}

static void add(struct tb *t, const char *table, const char **names, const char **values, size_t n)
{
	struct pcm_row row = make_row(table, names, values, n);
	struct pcm_error err = { 0 };

	if (pcm_rowmap_add(t->m, &row, &err) != 0)
		fail_msg("row %s: %s", table, err.text);
}

void tb_row(struct tb *t, const char *table, ...)
{
	const char *names[TB_MAX_COLS], *values[TB_MAX_COLS];
	size_t n = 0;
	va_list ap;

	va_start(ap, table);
	for (;;) {
		const char *name = va_arg(ap, const char *);
		if (!name)
			break;
		assert_true(n < TB_MAX_COLS);
		names[n] = name;
		values[n] = va_arg(ap, const char *);
		n++;
	}
	va_end(ap);
	add(t, table, names, values, n);
}

void tb_init(struct tb *t, int32_t utc_offset)
{
	static const struct { const char *id, *desc, *sys, *user, *fed; } ptypes[] = {
		{ "4", "SystemUser", "1", "1", "0" }, { "5", "User", "0", "1", "0" },
		{ "7", "FederatedUser", "0", "1", "1" }, { "9", "Group", "0", "0", "0" },
		{ "11", "Federated Group", "0", "0", "1" },
	};
	static const struct { const char *id, *desc; } rtypes[] = {
		{ "1", "Member" }, { "2", "Manager" }, { "3", "Voiced" },
	};
	size_t i;

	memset(t, 0, sizeof *t);
	t->d = pcm_deployment_new();
	t->d->info.database = pcm_arena_strdup(t->d->arena, "GroupChatDB");
	t->d->info.server = pcm_arena_strdup(t->d->arena, "SQL01\\GROUPCHAT");
	t->d->info.kind = pcm_arena_strdup(t->d->arena, "snapshot");
	t->d->info.location = pcm_arena_strdup(t->d->arena, "test.xml");
	t->d->info.utc_offset_minutes = utc_offset;
	t->m = pcm_rowmap_new(t->d);
	for (i = 0; i < sizeof ptypes / sizeof ptypes[0]; i++)
		tb_row(t, "tblPrincipalType", "ptypeID", ptypes[i].id, "ptypeDesc", ptypes[i].desc,
		       "ptypeIsSystemUser", ptypes[i].sys, "ptypeIsUser", ptypes[i].user,
		       "ptypeIsFederated", ptypes[i].fed, NULL);
	for (i = 0; i < sizeof rtypes / sizeof rtypes[0]; i++)
		tb_row(t, "tblRoleType", "rtypeID", rtypes[i].id, "rtypeDesc", rtypes[i].desc, NULL);
	tb_row(t, "tblNode", "nodeID", "1", "nodeGuid", "00000000-0000-0000-0000-000000000001",
	       "parentID", "1", "nodeType", "1", "nodeName", "Root", "nodeDesc", "",
	       "disabled", "0", "behavior", "4", NULL);
	/* the poster of every tb_message */
	tb_principal(t, 1, "sip:system@contoso.com", 4, 0);
}

/* A GUID made from a number, unique per id. */
static void guid_of(int32_t id, char *buf, size_t size)
{
	snprintf(buf, size, "00000000-0000-0000-0000-%012d", (int)id);
}

void tb_category(struct tb *t, int32_t id, int32_t parent, const char *name, const char *invite)
{
	char sid[16], spar[16], guid[40];

	snprintf(sid, sizeof sid, "%d", (int)id);
	snprintf(spar, sizeof spar, "%d", (int)parent);
	guid_of(id, guid, sizeof guid);
	tb_row(t, "tblNode", "nodeID", sid, "nodeGuid", guid, "parentID", spar, "nodeType", "1",
	       "nodeName", name, "nodeDesc", "", "invite", invite, "disabled", "0",
	       "behavior", "4", NULL);
}

void tb_room_ex(struct tb *t, int32_t id, int32_t parent, const char *name, const char *invite,
                int disabled, int behavior, int override_member)
{
	char sid[16], spar[16], guid[40], sbeh[8];

	snprintf(sid, sizeof sid, "%d", (int)id);
	snprintf(spar, sizeof spar, "%d", (int)parent);
	snprintf(sbeh, sizeof sbeh, "%d", behavior);
	guid_of(id, guid, sizeof guid);
	tb_row(t, "tblNode", "nodeID", sid, "nodeGuid", guid, "parentID", spar, "nodeType", "0",
	       "nodeName", name, "nodeDesc", "", "invite", invite, "disabled", disabled ? "1" : "0",
	       "behavior", sbeh, "visibility", "6", "overrideMember", override_member ? "1" : "0",
	       NULL);
}

void tb_room(struct tb *t, int32_t id, int32_t parent, const char *name)
{
	tb_room_ex(t, id, parent, name, NULL, 0, 4, 0);
}

void tb_principal(struct tb *t, int32_t id, const char *uri, int type, int disabled)
{
	char sid[16], stype[16], guid[40];

	snprintf(sid, sizeof sid, "%d", (int)id);
	snprintf(stype, sizeof stype, "%d", type);
	guid_of(1000000 + id, guid, sizeof guid);
	tb_row(t, "tblPrincipal", "prinID", sid, "prinGuid", guid, "prinUri", uri, "prinName", uri,
	       "prinDisabled", disabled ? "1" : "0", "prinTypeID", stype, NULL);
}

void tb_role_ex(struct tb *t, int32_t node, int32_t prin, const char *role, int honors_override)
{
	char snode[16], sprin[16];
	const char *type = !strcmp(role, "Member") ? "1" : !strcmp(role, "Manager") ? "2" : "3";

	snprintf(snode, sizeof snode, "%d", (int)node);
	snprintf(sprin, sizeof sprin, "%d", (int)prin);
	tb_row(t, "tblPrincipalRole", "prinRoleNodeID", snode, "prinRolePrinID", sprin,
	       "prinRoleTypeID", type, "honorsOverride", honors_override ? "1" : "0", NULL);
}

void tb_role(struct tb *t, int32_t node, int32_t prin, const char *role)
{
	tb_role_ex(t, node, prin, role, 1);
}

void tb_finish(struct tb *t)
{
	struct pcm_error err = { 0 };

	if (pcm_rowmap_finish(t->m, &err) != 0)
		fail_msg("finish: %s", err.text);
}

void tb_message(struct tb *t, int32_t room, const char *when, const char *content)
{
	static const char *names[] = { "channelId", "chatId", "chatDate", "userId", "isAlert",
	                               "content" };
	const char *values[6];
	char sroom[16], sid[24], sdate[24];
	int64_t ticks;
	struct pcm_row row;
	struct pcm_message msg;
	struct pcm_error err = { 0 };

	if (room != t->next_chat_room) {
		t->next_chat_room = room;
		t->next_chat_id = 1;
	}
	assert_true(pcm_parse_datetime(when, 0, &ticks));
	snprintf(sroom, sizeof sroom, "%d", (int)room);
	snprintf(sid, sizeof sid, "%lld", (long long)t->next_chat_id++);
	snprintf(sdate, sizeof sdate, "%lld", (long long)ticks);
	values[0] = sroom;
	values[1] = sid;
	values[2] = sdate;
	values[3] = "1";
	values[4] = "0";
	values[5] = content;
	row = make_row("tblChat", names, values, 6);
	if (pcm_rowmap_chat(t->d, &row, &msg, &err) != 0 ||
	    pcm_rowmap_count_message(t->m, &msg, "test", &err) != 0)
		fail_msg("message in %d: %s", (int)room, err.text);
}

void tb_backup(struct tb *t, const char *type, const char *finish_local, int copy_only, int damaged)
{
	tb_row(t, "backupset", "database_name", "GroupChatDB", "type", type,
	       "backup_start_date", finish_local, "backup_finish_date", finish_local,
	       "is_copy_only", copy_only ? "1" : "0", "is_damaged", damaged ? "1" : "0", NULL);
}

void tb_backup_tz(struct tb *t, const char *type, const char *finish_local, const char *time_zone)
{
	tb_row(t, "backupset", "database_name", "GroupChatDB", "type", type,
	       "backup_start_date", finish_local, "backup_finish_date", finish_local,
	       "is_copy_only", "0", "is_damaged", "0", "time_zone", time_zone, NULL);
}

struct pcm_deployment *tb_done(struct tb *t)
{
	pcm_rowmap_free(t->m);
	t->m = NULL;
	return t->d;
}
