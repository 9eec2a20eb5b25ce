/* SPDX-License-Identifier: MIT */
/* The row mapping and the model: tree building, lookups, the errors for
 * broken trees and references, message counting. */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "model/model.h"
#include "rows.h"
#include "base/timeconv.h"
#include "base/util.h"

struct fx {
	struct pcm_deployment *d;
	struct pcm_rowmap *m;
	struct pcm_error err;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->d = pcm_deployment_new();
	f->d->info.database = "GroupChatDB";
	f->d->info.utc_offset_minutes = 540;
	f->m = pcm_rowmap_new(f->d);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	pcm_rowmap_free(f->m);
	pcm_deployment_free(f->d);
	free(f);
	return 0;
}

/* Types, roles and a small tree:
 * 1 Root / 2 Sales / 3 Seoul / 20 room "general", 21 room under Root. */
static void base(struct fx *f)
{
	struct pcm_error *e = &f->err;

	assert_int_equal(ROW(f->m, e, "tblPrincipalType", "ptypeID=5", "ptypeDesc=User", "ptypeIsUser=1",
	                     "ptypeIsFederated=0"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipalType", "ptypeID=7", "ptypeDesc=FederatedUser",
	                     "ptypeIsUser=1", "ptypeIsFederated=1"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipalType", "ptypeID=9", "ptypeDesc=Group", "ptypeIsUser=0",
	                     "ptypeIsFederated=0"), 0);
	assert_int_equal(ROW(f->m, e, "tblRoleType", "rtypeID=1", "rtypeDesc=Member"), 0);
	assert_int_equal(ROW(f->m, e, "tblRoleType", "rtypeID=7", "rtypeDesc=Manager"), 0);
	assert_int_equal(ROW(f->m, e, "tblRoleType", "rtypeID=3", "rtypeDesc=Voiced"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipal", "prinID=10", "prinUri=sip:kim@contoso.com",
	                     "prinTypeID=5", "prinDisabled=0"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipal", "prinID=11", "prinUri=sip:bob@fabrikam.com",
	                     "prinTypeID=7"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipal", "prinID=12", "prinUri=ma-grp://sales",
	                     "prinTypeID=9", "prinDisabled=1"), 0);
	/* deliberately out of order: children before parents */
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=20", "parentID=3", "nodeType=0",
	                     "nodeName=general", "disabled=0", "invite=1"), 0);
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=3", "parentID=2", "nodeType=1",
	                     "nodeName=Seoul", "disabled=0", "invite=0"), 0);
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=1", "parentID=1", "nodeType=1",
	                     "nodeName=Root", "disabled=0"), 0);
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=2", "parentID=1", "nodeType=1",
	                     "nodeName=Sales", "disabled=0", "invite=1"), 0);
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=21", "parentID=1", "nodeType=0",
	                     "nodeName=lobby", "disabled=1", "behavior=5", "visibility=6"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipalRole", "prinRoleNodeID=1", "prinRolePrinID=10",
	                     "prinRoleTypeID=7"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipalRole", "prinRoleNodeID=20", "prinRolePrinID=11",
	                     "prinRoleTypeID=1", "honorsOverride=1"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipalAffiliations", "principalID=10", "affiliationID=12"), 0);
	assert_int_equal(ROW(f->m, e, "tblScopePrincipal", "scopeNodeID=2", "scopePrinID=12"), 0);
	assert_int_equal(ROW(f->m, e, "tblSiopWhiteList", "siopId=6f1c0e57-0000-4000-8000-000000000001",
	                     "siopName=Tickets", "siopUrl=https://tickets.contoso.com/"), 0);
	assert_int_equal(ROW(f->m, e, "backupset", "database_name=GroupChatDB", "type=D",
	                     "backup_start_date=2013-01-31T23:00:00",
	                     "backup_finish_date=2013-01-31T23:20:00", "media_set_id=4"), 0);
	assert_int_equal(ROW(f->m, e, "backupset", "database_name=GroupChatDB", "type=L",
	                     "backup_finish_date=2013-01-31T23:50:00",
	                     "physical_device_name=D:\\Backup\\GroupChatDB.trn"), 0);
	assert_int_equal(ROW(f->m, e, "backupset", "database_name=OtherDB", "type=D",
	                     "backup_finish_date=2013-01-31T23:20:00"), 0);
	assert_int_equal(ROW(f->m, e, "backupmediafamily", "media_set_id=4",
	                     "physical_device_name=D:\\Backup\\GroupChatDB.bak"), 0);
}

static void builds_the_tree_in_node_id_order(void **state)
{
	struct fx *f = *state;
	struct pcm_deployment *d = f->d;
	uint32_t root, sales, seoul, general, lobby;
	char *path;

	base(f);
	assert_int_equal(pcm_rowmap_finish(f->m, &f->err), 0);
	root = pcm_node_index(d, 1);
	sales = pcm_node_index(d, 2);
	seoul = pcm_node_index(d, 3);
	general = pcm_node_index(d, 20);
	lobby = pcm_node_index(d, 21);
	assert_int_equal(d->root, root);
	assert_int_equal(d->nodes.v[root].first_child, sales);   /* 2 before 21 */
	assert_int_equal(d->nodes.v[sales].next_sibling, lobby);
	assert_int_equal(d->nodes.v[general].parent, seoul);
	assert_int_equal(d->nodes.v[general].depth, 3);
	assert_int_equal(d->nodes.v[lobby].depth, 1);
	assert_int_equal(d->nodes.v[seoul].invite, PCM_OFF);
	assert_int_equal(d->nodes.v[root].invite, PCM_NULL);
	assert_int_equal(d->nodes.v[lobby].behavior, PCM_BEHAVIOR_AUDITORIUM);
	assert_int_equal(d->nodes.v[general].behavior, PCM_BEHAVIOR_NORMAL);
	assert_int_equal(d->nodes.v[general].visibility, -1);
	assert_true(d->nodes.v[lobby].disabled);
	assert_int_equal(pcm_count_rooms(d, root), 2);
	assert_int_equal(pcm_count_rooms(d, sales), 1);
	path = pcm_node_path(d, general, "/");
	assert_string_equal(path, "Sales/Seoul/general");
	free(path);
	path = pcm_node_path(d, root, "/");
	assert_string_equal(path, "Root");
	free(path);
	assert_int_equal(pcm_node_lookup(d, "Sales/Seoul/general", "/"), general);
	assert_int_equal(pcm_node_lookup(d, "Sales > Seoul", " > "), seoul);
	assert_int_equal(pcm_node_lookup(d, "20", "/"), general);
	assert_int_equal(pcm_node_lookup(d, "Sales/nowhere", "/"), PCM_NONE);
}

/* Every node once in parents_first, each after its parent, the root
 * first; on the 10,000-level chain too (deep_chain_is_iterative). */
static void expect_parents_first(const struct pcm_deployment *d)
{
	uint32_t *pos = malloc((d->nodes.n + 1) * sizeof *pos);
	size_t i;

	assert_non_null(pos);
	assert_non_null(d->parents_first);
	for (i = 0; i < d->nodes.n; i++)
		pos[i] = UINT32_MAX;
	for (i = 0; i < d->nodes.n; i++) {
		uint32_t n = d->parents_first[i];
		assert_true(n < d->nodes.n);
		assert_int_equal(pos[n], UINT32_MAX);           /* once */
		pos[n] = (uint32_t)i;
	}
	assert_int_equal(d->parents_first[0], d->root);
	for (i = 0; i < d->nodes.n; i++)
		if (i != d->root)
			assert_true(pos[d->nodes.v[i].parent] < pos[i]);
	free(pos);
}

static void parents_come_first(void **state)
{
	struct fx *f = *state;

	base(f);
	assert_int_equal(pcm_rowmap_finish(f->m, &f->err), 0);
	expect_parents_first(f->d);
}

static void resolves_principals_roles_and_backups(void **state)
{
	struct fx *f = *state;
	struct pcm_deployment *d = f->d;
	char buf[32];

	base(f);
	assert_int_equal(pcm_rowmap_finish(f->m, &f->err), 0);
	assert_int_equal(d->principals.v[pcm_principal_index(d, 10)].kind, PCM_PRIN_USER);
	assert_int_equal(d->principals.v[pcm_principal_index(d, 11)].kind, PCM_PRIN_FEDERATED_USER);
	assert_int_equal(d->principals.v[pcm_principal_index(d, 12)].kind, PCM_PRIN_GROUP);
	assert_true(d->principals.v[pcm_principal_index(d, 12)].disabled);
	assert_int_equal(pcm_principal_by_uri(d, "SIP:Kim@Contoso.com"), pcm_principal_index(d, 10));
	assert_int_equal(d->roles.n, 2);
	assert_int_equal(d->roles.v[0].kind, PCM_ROLE_MANAGER);
	assert_int_equal(d->roles.v[0].node, d->root);
	assert_int_equal(d->roles.v[1].kind, PCM_ROLE_MEMBER);
	assert_true(d->roles.v[1].honors_override);
	assert_int_equal(d->affiliations.n, 1);
	assert_int_equal(d->scopes.n, 1);
	assert_int_equal(d->addins.n, 1);
	assert_string_equal(d->addins.v[0].url, "https://tickets.contoso.com/");
	/* only the source database's backups; local time +09:00 -> UTC */
	assert_int_equal(d->backups.n, 2);
	assert_string_equal(d->backups.v[1].device, "D:\\Backup\\GroupChatDB.trn");
	assert_true(d->backups.v[1].start_ticks == 0);
	assert_int_equal(d->backups.v[0].type, 'D');
	pcm_format_ticks(d->backups.v[0].finish_ticks, buf, sizeof buf);
	assert_string_equal(buf, "2013-01-31T14:20:00Z");
	pcm_format_ticks(d->backups.v[0].start_ticks, buf, sizeof buf);
	assert_string_equal(buf, "2013-01-31T14:00:00Z");
	assert_string_equal(d->backups.v[0].device, "D:\\Backup\\GroupChatDB.bak");
}

static void federated_by_description_when_column_absent(void **state)
{
	struct fx *f = *state;
	struct pcm_error *e = &f->err;

	assert_int_equal(ROW(f->m, e, "tblPrincipalType", "ptypeID=11", "ptypeDesc=Federated Group"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipal", "prinID=40", "prinUri=ma-grp://fed", "prinTypeID=11"), 0);
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=1", "parentID=1", "nodeType=1", "nodeName=R",
	                     "disabled=0"), 0);
	assert_int_equal(pcm_rowmap_finish(f->m, e), 0);
	assert_int_equal(f->d->principals.v[0].kind, PCM_PRIN_FEDERATED_GROUP);
}

/* Each backup takes the device of the first media family row of its media
 * set (a striped backup has several), whatever the order of the rows and
 * however many there are; media set 0 and a set with no row get none. */
static void backups_take_their_media_sets_first_device(void **state)
{
	struct fx *f = *state;
	struct pcm_error *e = &f->err;
	char set[32], fin[64], dev[64];
	int i;

	base(f);
	/* 3,000 backups, each in its own media set; the media rows come in
	 * reverse order, two stripes per set */
	for (i = 1; i <= 3000; i++) {
		snprintf(set, sizeof set, "media_set_id=%d", 100 + i);
		snprintf(fin, sizeof fin, "backup_finish_date=2013-01-%02dT%02d:%02d:00", 1 + i / 1440 % 28,
		         i / 60 % 24, i % 60);
		assert_int_equal(ROW(f->m, e, "backupset", "database_name=GroupChatDB", "type=L",
		                     fin, set), 0);
	}
	for (i = 3000; i >= 1; i--) {
		snprintf(set, sizeof set, "media_set_id=%d", 100 + i);
		snprintf(dev, sizeof dev, "physical_device_name=D:\\log%d.trn", i);
		assert_int_equal(ROW(f->m, e, "backupmediafamily", set, dev), 0);
		snprintf(dev, sizeof dev, "physical_device_name=E:\\log%d-stripe2.trn", i);
		assert_int_equal(ROW(f->m, e, "backupmediafamily", set, dev), 0);
	}
	assert_int_equal(ROW(f->m, e, "backupset", "database_name=GroupChatDB", "type=D",
	                     "backup_finish_date=2013-02-01T00:00:00", "media_set_id=0"), 0);
	assert_int_equal(ROW(f->m, e, "backupset", "database_name=GroupChatDB", "type=D",
	                     "backup_finish_date=2013-02-02T00:00:00", "media_set_id=99999"), 0);
	assert_int_equal(ROW(f->m, e, "backupmediafamily", "media_set_id=0",
	                     "physical_device_name=Z:\\not-a-set.bak"), 0);
	assert_int_equal(pcm_rowmap_finish(f->m, e), 0);
	/* base() holds two of this database's backups first */
	assert_int_equal(f->d->backups.n, 2 + 3002);
	assert_string_equal(f->d->backups.v[0].device, "D:\\Backup\\GroupChatDB.bak");
	for (i = 1; i <= 3000; i++) {
		snprintf(dev, sizeof dev, "D:\\log%d.trn", i);
		assert_non_null(f->d->backups.v[1 + i].device);
		assert_string_equal(f->d->backups.v[1 + i].device, dev);
	}
	assert_null(f->d->backups.v[2 + 3000].device);
	assert_null(f->d->backups.v[2 + 3001].device);
}

/* Each broken input gives one message naming the row's place and object. */
static void expect_finish_error(struct fx *f, const char *text)
{
	assert_int_equal(pcm_rowmap_finish(f->m, &f->err), -1);
	assert_string_equal(f->err.text, text);
}

static void refuses_orphan_parent(void **state)
{
	struct fx *f = *state;

	base(f);
	assert_int_equal(ROW(f->m, &f->err, "tblNode", "nodeID=30", "parentID=99", "nodeType=0",
	                     "nodeName=orphan", "disabled=0"), 0);
	expect_finish_error(f, "test.xml:1: tblNode nodeID 30 (\"orphan\") has parentID 99, which does not exist");
}

static void refuses_cycle(void **state)
{
	struct fx *f = *state;

	base(f);
	assert_int_equal(ROW(f->m, &f->err, "tblNode", "nodeID=40", "parentID=41", "nodeType=1",
	                     "nodeName=A", "disabled=0"), 0);
	assert_int_equal(ROW(f->m, &f->err, "tblNode", "nodeID=41", "parentID=40", "nodeType=1",
	                     "nodeName=B", "disabled=0"), 0);
	assert_int_equal(pcm_rowmap_finish(f->m, &f->err), -1);
	assert_non_null(strstr(f->err.text, "is part of a cycle in the category tree"));
}

static void refuses_room_with_children(void **state)
{
	struct fx *f = *state;

	base(f);
	assert_int_equal(ROW(f->m, &f->err, "tblNode", "nodeID=50", "parentID=20", "nodeType=0",
	                     "nodeName=sub", "disabled=0"), 0);
	expect_finish_error(f, "test.xml:1: tblNode nodeID 50 (\"sub\") is under nodeID 20 (\"general\"), "
	                       "which is a room; rooms cannot have children");
}

static void refuses_second_root(void **state)
{
	struct fx *f = *state;

	base(f);
	assert_int_equal(ROW(f->m, &f->err, "tblNode", "nodeID=60", "parentID=60", "nodeType=1",
	                     "nodeName=Other root", "disabled=0"), 0);
	expect_finish_error(f, "test.xml:1: tblNode nodeID 60 is its own parent, but only the root "
	                       "(nodeID 1) may be");
}

static void refuses_missing_root(void **state)
{
	struct fx *f = *state;

	assert_int_equal(ROW(f->m, &f->err, "tblNode", "nodeID=2", "parentID=3", "nodeType=1",
	                     "nodeName=x", "disabled=0"), 0);
	expect_finish_error(f, "no root category: no tblNode row has nodeID 1");
}

static void refuses_unknown_principal_in_role(void **state)
{
	struct fx *f = *state;

	base(f);
	assert_int_equal(ROW(f->m, &f->err, "tblPrincipalRole", "prinRoleNodeID=20",
	                     "prinRolePrinID=404", "prinRoleTypeID=1"), 0);
	expect_finish_error(f, "test.xml:1: tblPrincipalRole prinRolePrinID=404 names a principal that "
	                       "does not exist in tblPrincipal");
}

static void refuses_bad_values_and_duplicates(void **state)
{
	struct fx *f = *state;
	struct pcm_error *e = &f->err;

	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=abc", "parentID=1", "nodeType=1",
	                     "nodeName=x", "disabled=0"), -1);
	assert_string_equal(e->text, "test.xml:1: tblNode nodeID=\"abc\" is not an integer in range "
	                             "-2147483648..2147483647");
	pcm_error_clear(e);
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=5", "parentID=1", "nodeType=1", "disabled=0"), -1);
	assert_string_equal(e->text, "test.xml:1: tblNode row has no nodeName (a required column)");
	pcm_error_clear(e);
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=5", "parentID=1", "nodeType=1",
	                     "nodeName=x", "disabled=2"), -1);
	assert_string_equal(e->text, "test.xml:1: tblNode disabled=\"2\" is not a bit (0 or 1)");
	pcm_error_clear(e);
	assert_int_equal(ROW(f->m, e, "tblNode", "nodeID=5", "parentID=1", "nodeType=7",
	                     "nodeName=x", "disabled=0"), -1);
	assert_string_equal(e->text, "test.xml:1: tblNode nodeType=\"7\" is not a bit (0 or 1)");
	pcm_error_clear(e);
	assert_int_equal(ROW(f->m, e, "tblPrincipal", "prinID=1", "prinUri=sip:a@b", "prinTypeID=5"), 0);
	assert_int_equal(ROW(f->m, e, "tblPrincipal", "prinID=1", "prinUri=sip:c@b", "prinTypeID=5"), -1);
	assert_string_equal(e->text, "test.xml:1: tblPrincipal prinID 1 appears twice (first at test.xml:1)");
	pcm_error_clear(e);
	assert_int_equal(ROW(f->m, e, "tblBogus", "x=1"), -1);
	assert_string_equal(e->text, "test.xml:1: unknown table tblBogus");
	pcm_error_clear(e);
	/* unknown columns are ignored: SELECT * output is accepted */
	assert_int_equal(ROW(f->m, e, "tblRoleType", "rtypeID=9", "rtypeDesc=Creator",
	                     "rtypeAllowedPermSet=123"), 0);
}

static void counts_messages_and_refuses_disorder(void **state)
{
	struct fx *f = *state;
	struct pcm_error *e = &f->err;
	struct pcm_deployment *d = f->d;
	const struct pcm_node *general;
	int64_t day1, day2;
	char t1[32], t2[32], t3[32];

	base(f);
	assert_true(pcm_parse_datetime("2011-05-01T10:00:00", 0, &day1));
	assert_true(pcm_parse_datetime("2012-06-02T00:00:00", 0, &day2));
	snprintf(t1, sizeof t1, "chatDate=%lld", (long long)day1);
	snprintf(t2, sizeof t2, "chatDate=%lld", (long long)(day1 + PCM_TICKS_PER_SECOND));
	snprintf(t3, sizeof t3, "chatDate=%lld", (long long)day2);
	assert_int_equal(ROW(f->m, e, "tblChat", "channelId=20", "chatId=1", t1, "userId=10",
	                     "isAlert=0", "content=hello"), 0);
	assert_int_equal(ROW(f->m, e, "tblChat", "channelId=20", "chatId=2", t2, "userId=10",
	                     "content=see ma-filelink:///files/20/plan.xlsx and ma-filelink:///files/20/b.doc"), 0);
	assert_int_equal(ROW(f->m, e, "tblChat", "channelId=20", "chatId=5", t3, "userId=11",
	                     "content=late"), 0);
	general = &d->nodes.v[pcm_node_index(d, 20)];
	assert_int_equal(general->stats.messages, 3);
	assert_int_equal(general->stats.ndays, 2);
	assert_int_equal(general->stats.files, 2);
	assert_int_equal(d->files.n, 2);
	assert_string_equal(d->files.v[1].link, "ma-filelink:///files/20/b.doc");
	assert_int_equal(d->messages, 3);
	assert_true(d->first_ticks == day1 && d->last_ticks == day2);
	/* R5 at midnight: the message at exactly the cutoff is not "before" */
	assert_int_equal(pcm_room_messages_before(d, general, day2), 2);
	assert_int_equal(pcm_room_messages_before(d, general, day2 + 1), 3);
	assert_int_equal(pcm_room_messages_before(d, general, day1), 0);
	/* the same (channelId, chatId) twice */
	assert_int_equal(ROW(f->m, e, "tblChat", "channelId=20", "chatId=5", t3, "userId=11",
	                     "content=again"), -1);
	assert_string_equal(e->text, "test.xml:1: tblChat row (channelId 20, chatId 5) appears twice");
	pcm_error_clear(e);
	/* out of order */
	assert_int_equal(ROW(f->m, e, "tblChat", "channelId=20", "chatId=4", t3, "userId=11",
	                     "content=x"), -1);
	assert_string_equal(e->text, "test.xml:1: tblChat row (channelId 20, chatId 4) comes after "
	                             "(channelId 20, chatId 5); rows must be ordered by channelId, chatId");
	pcm_error_clear(e);
	assert_int_equal(ROW(f->m, e, "tblChat", "channelId=2", "chatId=9", t3, "userId=11",
	                     "content=x"), -1);
	assert_string_equal(e->text, "test.xml:1: tblChat channelId=2 (chatId 9) names a category, not a room");
	pcm_error_clear(e);
	/* no table row may follow a chat row */
	assert_int_equal(ROW(f->m, e, "tblRoleType", "rtypeID=99", "rtypeDesc=Member"), -1);
	assert_string_equal(e->text, "test.xml:1: tblRoleType row after the first tblChat row (tblChat "
	                             "rows must come last)");
}

/* A 10,000-level chain: depths, paths and walks without recursion. */
static void deep_chain_is_iterative(void **state)
{
	struct fx *f = *state;
	char id[32], parent[32];
	int i;
	uint32_t n, leaf;
	size_t visited = 0;

	assert_int_equal(ROW(f->m, &f->err, "tblNode", "nodeID=1", "parentID=1", "nodeType=1",
	                     "nodeName=Root", "disabled=0"), 0);
	for (i = 2; i <= 10001; i++) {
		snprintf(id, sizeof id, "nodeID=%d", i);
		snprintf(parent, sizeof parent, "parentID=%d", i - 1);
		assert_int_equal(ROW(f->m, &f->err, "tblNode", id, parent, "nodeType=1", "nodeName=c",
		                     "disabled=0"), 0);
	}
	assert_int_equal(pcm_rowmap_finish(f->m, &f->err), 0);
	leaf = pcm_node_index(f->d, 10001);
	assert_int_equal(f->d->nodes.v[leaf].depth, 10000);
	expect_parents_first(f->d);
	for (n = f->d->root; n != PCM_NONE; n = pcm_tree_next(f->d, f->d->root, n))
		visited++;
	assert_int_equal(visited, 10001);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(builds_the_tree_in_node_id_order, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(parents_come_first, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(resolves_principals_roles_and_backups, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(federated_by_description_when_column_absent, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(backups_take_their_media_sets_first_device, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refuses_orphan_parent, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refuses_cycle, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refuses_room_with_children, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refuses_second_root, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refuses_missing_root, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refuses_unknown_principal_in_role, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refuses_bad_values_and_duplicates, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(counts_messages_and_refuses_disorder, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(deep_chain_is_iterative, fx_setup, fx_teardown),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
