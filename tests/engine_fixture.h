/* SPDX-License-Identifier: MIT */
/* Test fixture for the engine and the package writers: a small
 * purpose-built deployment, built through the row mapping, with every
 * effect of a plan in it, and an in-memory message source that records how
 * the engine uses the iterator. Included by test_engine.c and
 * test_package.c. */
#ifndef PCM_TEST_ENGINE_FIXTURE_H
#define PCM_TEST_ENGINE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/model.h"
#include "rules/plan.h"
#include "rows.h"
#include "source/source.h"
#include "base/timeconv.h"
#include "base/util.h"

/* Room names that must stay literal in every script. */
#define FX_NASTY_NAME "it's $HOME `whoami` \xED\x95\x9C \xE2\x80\x99q"   /* ' $ ` Hangul U+2019 */
#define FX_SQL_NAME "O'Brien's room"

/* ticks of a date, for message rows */
static inline const char *fx_ticks(const char *date, char *buf, size_t size)
{
	int64_t t = 0;

	pcm_parse_datetime(date, 0, &t);
	snprintf(buf, size, "chatDate=%lld", (long long)t);
	return buf;
}

#define FX_OK(x) do { if ((x) != 0) { fprintf(stderr, "fixture: %s: %s\n", #x, err.text); abort(); } } while (0)

/* The deployment:
 *   1  Contoso (root; managers: 10 kim, kept; 11 lee, dropped by the plan)
 *   2  Sales (category, invite 1; member 12, creator 12, scope 13)
 *     20 general (room, add-in, member group 13, member 14 disabled)
 *     23 retired (room, disabled in the source)
 *     24 to-disable (room, disabled by the plan)
 *     3  Seoul (category, invite 0)
 *       21 FX_NASTY_NAME (room, invite 1: forced to False, accepted)
 *       22 O'Brien's room (room, renamed by the plan)
 *   4  Busan (category, invite 0, turned on by the plan)
 *     26 plant (room, invite 1, visibility 2)
 *   25 lobby (room under the root: auditorium, presenter 12)
 * Messages: before, at and after the 2012-01-01 cutoff; a file link; a
 * control character. */
static inline struct pcm_deployment *fx_deployment(void)
{
	struct pcm_deployment *d = pcm_deployment_new();
	struct pcm_rowmap *m = pcm_rowmap_new(d);
	struct pcm_error err = { 0 };
	char t[64];

	d->info.server = pcm_arena_strdup(d->arena, "SQL01\\GROUPCHAT");
	d->info.database = pcm_arena_strdup(d->arena, "GroupChatDB");
	d->info.taken_at = pcm_arena_strdup(d->arena, "2013-02-01T09:00:00Z");
	d->info.lookup_server_uri = pcm_arena_strdup(d->arena, "sip:ocschat@contoso.com");
	d->info.kind = pcm_arena_strdup(d->arena, "snapshot");
	d->info.location = pcm_arena_strdup(d->arena, "fixture.xml");
	FX_OK(ROW(m, &err, "tblPrincipalType", "ptypeID=5", "ptypeDesc=User", "ptypeIsUser=1", "ptypeIsFederated=0"));
	FX_OK(ROW(m, &err, "tblPrincipalType", "ptypeID=9", "ptypeDesc=Group", "ptypeIsUser=0", "ptypeIsFederated=0"));
	FX_OK(ROW(m, &err, "tblRoleType", "rtypeID=1", "rtypeDesc=Member"));
	FX_OK(ROW(m, &err, "tblRoleType", "rtypeID=2", "rtypeDesc=Manager"));
	FX_OK(ROW(m, &err, "tblRoleType", "rtypeID=3", "rtypeDesc=Voiced"));
	FX_OK(ROW(m, &err, "tblRoleType", "rtypeID=4", "rtypeDesc=Creator"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=10", "prinUri=sip:kim@contoso.com", "prinName=Kim Min-jun", "prinTypeID=5"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=11", "prinUri=sip:lee@contoso.com", "prinName=Lee", "prinTypeID=5"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=12", "prinUri=sip:park@contoso.com", "prinName=\xEB\xB0\x95\xEC\x84\x9C\xEC\x97\xB0", "prinTypeID=5"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=13", "prinUri=ma-grp://sales", "prinName=Sales team",
	          "prinADPath=CN=Sales,OU=Groups,DC=contoso,DC=com", "prinTypeID=9"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=14", "prinUri=sip:gone@contoso.com", "prinTypeID=5", "prinDisabled=1"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=1", "parentID=1", "nodeType=1", "nodeName=Contoso", "nodeDesc=root", "disabled=0"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=2", "parentID=1", "nodeType=1", "nodeName=Sales", "nodeDesc=Sales & marketing", "disabled=0", "invite=1", "filePost=1"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=3", "parentID=2", "nodeType=1", "nodeName=Seoul", "nodeDesc=", "disabled=0", "invite=0"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=4", "parentID=1", "nodeType=1", "nodeName=Busan", "nodeDesc=plant", "disabled=0", "invite=0"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=20", "parentID=2", "nodeType=0", "nodeName=general", "nodeDesc=<everyone>",
	          "topic=Q1 \"numbers\"", "disabled=0", "visibility=6", "siopID=6F1C0E57-0000-4000-8000-000000000001"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=21", "parentID=3", "nodeType=0", "nodeName=" FX_NASTY_NAME, "nodeDesc=",
	          "disabled=0", "invite=1", "visibility=3"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=22", "parentID=3", "nodeType=0", "nodeName=" FX_SQL_NAME, "nodeDesc=",
	          "disabled=0"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=23", "parentID=2", "nodeType=0", "nodeName=retired", "disabled=1"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=24", "parentID=2", "nodeType=0", "nodeName=to-disable", "disabled=0"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=25", "parentID=1", "nodeType=0", "nodeName=lobby", "disabled=0",
	          "behavior=5", "visibility=6"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=26", "parentID=4", "nodeType=0", "nodeName=plant", "disabled=0",
	          "invite=1", "visibility=2"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=1", "prinRolePrinID=10", "prinRoleTypeID=2"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=1", "prinRolePrinID=11", "prinRoleTypeID=2"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=2", "prinRolePrinID=12", "prinRoleTypeID=1"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=2", "prinRolePrinID=12", "prinRoleTypeID=4"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=20", "prinRolePrinID=13", "prinRoleTypeID=1"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=20", "prinRolePrinID=14", "prinRoleTypeID=1"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=25", "prinRolePrinID=12", "prinRoleTypeID=3"));
	FX_OK(ROW(m, &err, "tblScopePrincipal", "scopeNodeID=2", "scopePrinID=13"));
	FX_OK(ROW(m, &err, "tblSiopWhiteList", "siopId=6f1c0e57-0000-4000-8000-000000000001", "siopName=Sales board",
	          "siopUrl=https://intranet.contoso.com/board?a=1&b='2'"));
	FX_OK(ROW(m, &err, "backupset", "database_name=GroupChatDB", "type=D",
	          "backup_start_date=2013-02-01T08:00:00", "backup_finish_date=2013-02-01T08:30:00"));
	FX_OK(pcm_rowmap_finish(m, &err));
	FX_OK(ROW(m, &err, "tblChat", "channelId=20", "chatId=1", fx_ticks("2011-12-31T23:59:59Z", t, sizeof t), "userId=12", "content=before the cutoff"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=20", "chatId=2", fx_ticks("2012-01-01T00:00:00Z", t, sizeof t), "userId=12", "content=exactly at the cutoff <b>&amp;</b>"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=20", "chatId=3", fx_ticks("2012-06-01T10:00:00Z", t, sizeof t), "userId=10", "isAlert=1",
	          "content=see ma-filelink://gc01.contoso.com/MGCFileStore/20/a1/Q1%20plan.xlsx now"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=21", "chatId=1", fx_ticks("2012-02-01T00:00:00Z", t, sizeof t), "userId=12",
	          "content=bell\x07 and \xED\x95\x9C\xEA\xB8\x80"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=21", "chatId=2", fx_ticks("2012-02-02T00:00:00Z", t, sizeof t), "userId=12",
	          "content=ma-filelink://gc01.contoso.com/MGCFileStore/21/b2/100%25 \"odd\".txt"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=22", "chatId=1", fx_ticks("2012-03-01T00:00:00Z", t, sizeof t), "userId=10", "content=renamed room ma-filelink://gc01.contoso.com/MGCFileStore/../secret.txt"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=23", "chatId=1", fx_ticks("2012-03-01T00:00:00Z", t, sizeof t), "userId=10", "content=disabled in source"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=24", "chatId=1", fx_ticks("2012-03-01T00:00:00Z", t, sizeof t), "userId=10", "content=disabled by plan"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=25", "chatId=1", fx_ticks("2010-03-01T00:00:00Z", t, sizeof t), "userId=12", "content=old lobby news"));
	FX_OK(ROW(m, &err, "tblChat", "channelId=26", "chatId=7", fx_ticks("2013-01-15T12:30:00Z", t, sizeof t), "userId=13", "content=plant \xEA\xB3\xB5\xEC\x9E\xA5"));
	pcm_rowmap_free(m);
	return d;
}

/* The plan: cutoff 2012-01-01, rename 22, drop root manager 11 (keep 10),
 * disable 24, accept the forced value in 3, turn 4's invitations on, and
 * a backup override (the fixture's messages are old but the test is not
 * about R1). */
static inline struct pcm_plan *fx_plan(const struct pcm_deployment *d)
{
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_error err = { 0 };

	pcm_plan_bind(p, d);
	FX_OK(pcm_plan_set_cutoff(p, "2012-01-01", &err));
	pcm_plan_set_rename(p, 22, FX_SQL_NAME, "O'Neil's \"new\" room");
	pcm_plan_set_root_manager(p, "sip:kim@contoso.com", true);
	pcm_plan_set_root_manager(p, "sip:lee@contoso.com", false);
	pcm_plan_set_disabled(p, 24, "to-disable", true);
	pcm_plan_set_category_invite(p, 3, false);
	pcm_plan_set_category_invite(p, 4, true);
	return p;
}

#ifdef FX_WITH_SOURCE
/* ---- an in-memory source: the fixture's messages again, served per room ---- */

struct fx_msg {
	int32_t channel;
	int64_t chat_id;
	const char *date;
	int32_t user;
	bool alert;
	const char *content;
};

static const struct fx_msg fx_messages[] = {
	{ 20, 1, "2011-12-31T23:59:59Z", 12, false, "before the cutoff" },
	{ 20, 2, "2012-01-01T00:00:00Z", 12, false, "exactly at the cutoff <b>&amp;</b>" },
	{ 20, 3, "2012-06-01T10:00:00Z", 10, true, "see ma-filelink://gc01.contoso.com/MGCFileStore/20/a1/Q1%20plan.xlsx now" },
	{ 21, 1, "2012-02-01T00:00:00Z", 12, false, "bell\x07 and \xED\x95\x9C\xEA\xB8\x80" },
	{ 21, 2, "2012-02-02T00:00:00Z", 12, false, "ma-filelink://gc01.contoso.com/MGCFileStore/21/b2/100%25 \"odd\".txt" },
	{ 22, 1, "2012-03-01T00:00:00Z", 10, false, "renamed room ma-filelink://gc01.contoso.com/MGCFileStore/../secret.txt" },
	{ 23, 1, "2012-03-01T00:00:00Z", 10, false, "disabled in source" },
	{ 24, 1, "2012-03-01T00:00:00Z", 10, false, "disabled by plan" },
	{ 25, 1, "2010-03-01T00:00:00Z", 12, false, "old lobby news" },
	{ 26, 7, "2013-01-15T12:30:00Z", 13, false, "plant \xEA\xB3\xB5\xEC\x9E\xA5" },
};

/* What the engine did with the iterator. */
struct fx_usage {
	int opened, open_now, max_open;
	int all_rooms_asked;        /* PCM_ALL_ROOMS requested */
	int64_t since_seen;         /* since_ticks of the last request */
	int32_t rooms_asked[64];
	int nrooms_asked;
	/* a generated room: this many messages for room `big_room` */
	int32_t big_room;
	uint64_t big_count;
	size_t heap_at_start, heap_growth;  /* measured while streaming the big room */
	int fail_room;              /* room whose next() fails (0: none) */
	bool overlap;               /* the source allows two open iterators */
};

struct pcm_msg_iter {
	struct fx_usage *u;
	const struct pcm_deployment *d;
	uint32_t room;
	int32_t room_id;
	int64_t since;
	size_t pos;
	uint64_t generated;
	char buf[128];
};

struct fx_source {
	struct pcm_source base;
	struct fx_usage *u;
};

static struct pcm_msg_iter *fx_messages_open(struct pcm_source *s, const struct pcm_deployment *d,
                                             uint32_t room, int64_t since, struct pcm_error *err)
{
	struct fx_source *fs = (struct fx_source *)s;
	struct pcm_msg_iter *it = calloc(1, sizeof *it);

	(void)err;
	it->u = fs->u;
	it->d = d;
	it->room = room;
	it->since = since;
	if (room == PCM_ALL_ROOMS)
		fs->u->all_rooms_asked++;
	else
		it->room_id = d->nodes.v[room].id;
	fs->u->opened++;
	if (++fs->u->open_now > fs->u->max_open)
		fs->u->max_open = fs->u->open_now;
	fs->u->since_seen = since;
	if (fs->u->nrooms_asked < 64)
		fs->u->rooms_asked[fs->u->nrooms_asked++] = it->room_id;
	return it;
}

static size_t fx_heap(void);

static int fx_next(struct pcm_msg_iter *it, struct pcm_message *msg, struct pcm_error *err)
{
	size_t n = sizeof fx_messages / sizeof *fx_messages;

	if (it->u->fail_room && it->room_id == it->u->fail_room) {
		pcm_error_set(err, "fixture: connection lost in room %d", (int)it->room_id);
		return -1;
	}
	if (it->u->big_room && it->room_id == it->u->big_room) {
		if (it->generated == it->u->big_count)
			return 0;
		if (it->generated == 1000)
			it->u->heap_at_start = fx_heap();
		if (it->generated + 1 == it->u->big_count) {
			size_t now = fx_heap();
			it->u->heap_growth = now > it->u->heap_at_start ? now - it->u->heap_at_start : 0;
		}
		memset(msg, 0, sizeof *msg);
		msg->channel_id = it->room_id;
		msg->room = it->room;
		msg->chat_id = (int64_t)++it->generated;
		msg->date_ticks = it->since + (int64_t)it->generated * PCM_TICKS_PER_SECOND;
		msg->user_id = 12;
		snprintf(it->buf, sizeof it->buf, "generated message %llu", (unsigned long long)it->generated);
		msg->content = it->buf;
		return 1;
	}
	while (it->pos < n) {
		const struct fx_msg *m = &fx_messages[it->pos++];
		int64_t t = 0;
		pcm_parse_datetime(m->date, 0, &t);
		if (it->room != PCM_ALL_ROOMS && m->channel != it->room_id)
			continue;
		if (t < it->since)
			continue;
		memset(msg, 0, sizeof *msg);
		msg->channel_id = m->channel;
		msg->room = pcm_node_index(it->d, m->channel);
		msg->chat_id = m->chat_id;
		msg->date_ticks = t;
		msg->user_id = m->user;
		msg->is_alert = m->alert;
		msg->content = m->content;
		return 1;
	}
	return 0;
}

static void fx_iter_close(struct pcm_msg_iter *it)
{
	it->u->open_now--;
	free(it);
}

static void fx_close(struct pcm_source *s)
{
	free(s);
}

static int fx_load(struct pcm_source *s, struct pcm_deployment *d, struct pcm_error *err)
{
	(void)s;
	(void)d;
	pcm_error_set(err, "fixture: not loadable");
	return -1;
}

static const struct pcm_source_ops fx_ops = {
	"fixture", fx_load, fx_messages_open, fx_next, fx_iter_close, fx_close, false,
};
static const struct pcm_source_ops fx_ops_overlap = {
	"fixture", fx_load, fx_messages_open, fx_next, fx_iter_close, fx_close, true,
};

static inline struct pcm_source *fx_source(struct fx_usage *u)
{
	struct fx_source *s = calloc(1, sizeof *s);

	s->base.ops = u->overlap ? &fx_ops_overlap : &fx_ops;
	s->base.spec = NULL;
	s->u = u;
	return &s->base;
}
#endif /* FX_WITH_SOURCE */

#endif
