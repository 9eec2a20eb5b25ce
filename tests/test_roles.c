/* SPDX-License-Identifier: MIT */
/* The one role-inheritance rule (roles.c), pinned on a tree, and the
 * proof that the checks (FEDERATED) and the package (each room's role
 * lists) read it the same way. */
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
#include "rules/checks.h"
#include "deploy_builder.h"
#include "engine/package.h"
#include "rules/plan.h"
#include "rules/roles.h"
#include "base/util.h"

/* Principals of the tree, by prinID. */
enum { P_ROOT_MGR = 20, P_ROOT_MEMBER, P_DISABLED, P_A_HONORS, P_A_PASSES, P_B_HONORS,
       P_ROOM_OWN, P_SCOPE_ROOT, P_SCOPE_A, P_SCOPE_C,
       P_FIRST = P_ROOT_MGR, P_LAST = P_SCOPE_C };

/* A scope row: prin may be in node's scope. */
static void scope(struct tb *t, int32_t node, int32_t prin)
{
	char sn[16], sp[16];

	snprintf(sn, sizeof sn, "%d", (int)node);
	snprintf(sp, sizeof sp, "%d", (int)prin);
	tb_row(t, "tblScopePrincipal", "scopeNodeID", sn, "scopePrinID", sp, NULL);
}

/* A category with overrideMember given. */
static void category_ovr(struct tb *t, int32_t id, int32_t parent, const char *name, int ovr)
{
	char sid[16], spar[16], guid[40];

	snprintf(sid, sizeof sid, "%d", (int)id);
	snprintf(spar, sizeof spar, "%d", (int)parent);
	snprintf(guid, sizeof guid, "00000000-0000-0000-0000-%012d", (int)id);
	tb_row(t, "tblNode", "nodeID", sid, "nodeGuid", guid, "parentID", spar, "nodeType", "1",
	       "nodeName", name, "nodeDesc", "", "disabled", "0", "behavior", "4",
	       "overrideMember", ovr ? "1" : "0", NULL);
}

/*
 * Root (1)          Manager ROOT_MGR (honors 1), Member ROOT_MEMBER (honors 1),
 *                   Member DISABLED (disabled principal, honors 0)
 *   A (10)          Member A_HONORS (honors 1), Member A_PASSES (honors 0)
 *     B (11) ovr    Member B_HONORS (honors 1)
 *       room 100
 *       C (12)
 *         room 101 ovr   Member ROOM_OWN (honors 1)
 *         room 104
 *     room 102
 *   room 103 ovr    (directly under the root)
 * Scopes: root SCOPE_ROOT, A SCOPE_A, C SCOPE_C (C's replaces A's).
 * federated: the prinID that is a federated user (0: none).
 */
static struct pcm_deployment *tree(int federated)
{
	struct tb t;
	int id;

	tb_init(&t, 0);
	for (id = P_FIRST; id <= P_LAST; id++) {
		char uri[64];
		snprintf(uri, sizeof uri, "sip:p%d@contoso.com", id);
		tb_principal(&t, id, uri, id == federated ? 7 : 5, id == P_DISABLED);
	}
	category_ovr(&t, 10, 1, "A", 0);
	category_ovr(&t, 11, 10, "B", 1);
	category_ovr(&t, 12, 11, "C", 0);
	tb_room(&t, 100, 11, "r100");
	tb_room_ex(&t, 101, 12, "r101", NULL, 0, 4, 1);
	tb_room(&t, 104, 12, "r104");
	tb_room(&t, 102, 10, "r102");
	tb_room_ex(&t, 103, 1, "r103", NULL, 0, 4, 1);
	tb_role_ex(&t, 1, P_ROOT_MGR, "Manager", 1);
	tb_role_ex(&t, 1, P_ROOT_MEMBER, "Member", 1);
	tb_role_ex(&t, 1, P_DISABLED, "Member", 0);
	tb_role_ex(&t, 10, P_A_HONORS, "Member", 1);
	tb_role_ex(&t, 10, P_A_PASSES, "Member", 0);
	tb_role_ex(&t, 11, P_B_HONORS, "Member", 1);
	tb_role_ex(&t, 101, P_ROOM_OWN, "Member", 1);
	scope(&t, 1, P_SCOPE_ROOT);
	scope(&t, 10, P_SCOPE_A);
	scope(&t, 12, P_SCOPE_C);
	tb_finish(&t);
	return tb_done(&t);
}

static const struct pcm_role *role_of(const struct pcm_deployment *d, int32_t prin_id)
{
	uint32_t p = pcm_principal_index(d, prin_id);
	size_t i;

	for (i = 0; i < d->roles.n; i++)
		if (d->roles.v[i].principal == p)
			return &d->roles.v[i];
	fail_msg("no role for principal %d", (int)prin_id);
	return NULL;
}

static const int32_t nodes_below_root[] = { 1, 10, 11, 12, 100, 101, 104, 102, 103 };
#define NNODES (sizeof nodes_below_root / sizeof nodes_below_root[0])

/* Asserts exactly which nodes the assignment of prin reaches (the nodes
 * listed in `reached`, ended by 0), among the holder's subtree. */
static void expect_reach(const struct pcm_role_reach *rr, int32_t prin, const int32_t *reached)
{
	const struct pcm_deployment *d = rr->d;
	const struct pcm_role *r = role_of(d, prin);
	size_t i;

	for (i = 0; i < NNODES; i++) {
		uint32_t n = pcm_node_index(d, nodes_below_root[i]), up;
		bool below = false, want = false;
		const int32_t *w;

		for (up = n; up != PCM_NONE; up = up == d->root ? PCM_NONE : d->nodes.v[up].parent)
			below |= up == r->node;
		if (!below)
			continue;
		for (w = reached; *w; w++)
			want |= *w == nodes_below_root[i];
		if (pcm_role_reaches(rr, r, n) != want)
			fail_msg("principal %d on node %d: reaches node %d should be %s", (int)prin,
			         (int)d->nodes.v[r->node].id, (int)nodes_below_root[i],
			         want ? "true" : "false");
	}
}

static void rule_pinned_on_a_tree(void **state)
{
	struct pcm_deployment *d = tree(0);
	struct pcm_role_reach rr;

	(void)state;
	pcm_role_reach_init(&rr, d);
	/* R2: a root manager passes every override */
	expect_reach(&rr, P_ROOT_MGR, (const int32_t[]){ 1, 10, 11, 12, 100, 101, 104, 102, 103, 0 });
	/* honorsOverride 1 stops at the first overriding node below */
	expect_reach(&rr, P_ROOT_MEMBER, (const int32_t[]){ 1, 10, 102, 0 });
	/* a disabled principal's roles are not migrated at all */
	expect_reach(&rr, P_DISABLED, (const int32_t[]){ 0 });
	expect_reach(&rr, P_A_HONORS, (const int32_t[]){ 10, 102, 0 });
	/* honorsOverride 0 passes every override */
	expect_reach(&rr, P_A_PASSES, (const int32_t[]){ 10, 11, 12, 100, 101, 104, 102, 0 });
	/* an override on the holding node stops only what comes from above */
	expect_reach(&rr, P_B_HONORS, (const int32_t[]){ 11, 12, 100, 104, 0 });
	expect_reach(&rr, P_ROOM_OWN, (const int32_t[]){ 101, 0 });

	assert_int_equal(pcm_role_inheritance(d, role_of(d, P_DISABLED)), PCM_INHERIT_NONE);
	assert_int_equal(pcm_role_inheritance(d, role_of(d, P_ROOT_MGR)), PCM_INHERIT_ALL);
	assert_int_equal(pcm_role_inheritance(d, role_of(d, P_A_HONORS)), PCM_INHERIT_UNTIL_OVERRIDE);
	assert_true(pcm_inherit_stops_at(PCM_INHERIT_UNTIL_OVERRIDE,
	                                 &d->nodes.v[pcm_node_index(d, 11)]));
	assert_false(pcm_inherit_stops_at(PCM_INHERIT_UNTIL_OVERRIDE,
	                                  &d->nodes.v[pcm_node_index(d, 12)]));
	assert_false(pcm_inherit_stops_at(PCM_INHERIT_ALL, &d->nodes.v[pcm_node_index(d, 11)]));
	pcm_role_reach_free(&rr);
	pcm_deployment_free(d);
}

static bool list_has(const struct pcm_prin_list *l, uint32_t p)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == p)
			return true;
	return false;
}

static bool has_finding(const struct pcm_findings *f, const char *code, const char *id)
{
	size_t i;

	for (i = 0; i < f->list.n; i++)
		if (!strcmp(f->list.v[i].code, code) && !strcmp(f->list.v[i].id, id))
			return true;
	return false;
}

/* Each principal in turn is the federated one: a room gets a FEDERATED
 * finding exactly when the package lists that principal on the room or in
 * its category's allowed members, with no plan and with a plan that drops
 * the root manager (R2). */
static void checks_and_package_agree(void **state)
{
	int fed, drop;

	(void)state;
	for (drop = 0; drop <= 1; drop++)
	for (fed = P_FIRST; fed <= P_LAST; fed++) {
		struct pcm_deployment *d = tree(fed);
		struct pcm_plan *plan = pcm_plan_new();
		struct pcm_package pkg;
		struct pcm_findings f;
		struct pcm_error err = { 0 };
		uint32_t p = pcm_principal_index(d, fed);
		size_t i, listed = 0;
		char uri[64];

		snprintf(uri, sizeof uri, "sip:p%d@contoso.com", P_ROOT_MGR);
		pcm_plan_set_root_manager(plan, uri, !drop);
		assert_int_equal(pcm_package_build(&pkg, d, plan, &err), 0);
		pcm_findings_init(&f);
		pcm_check_warnings(d, plan, &f);
		for (i = 0; i < pkg.nrooms; i++) {
			const struct pcm_pkg_room *room = &pkg.rooms[i];
			char id[16];
			bool in = list_has(&room->managers, p) || list_has(&room->members, p) ||
			          list_has(&room->presenters, p) ||
			          list_has(&pkg.categories[room->category].allowed, p);
			snprintf(id, sizeof id, "%d", (int)room->node->id);
			listed += in;
			if (in != has_finding(&f, "FEDERATED", id))
				fail_msg("federated principal %d, room %s%s: package %s it, check %s",
				         fed, id, drop ? " (root manager dropped)" : "",
				         in ? "lists" : "does not list", in ? "says nothing" : "warns");
		}
		/* the tree is not trivial: some principals reach some rooms */
		if (fed == P_ROOT_MGR)
			assert_int_equal(listed, drop ? 0 : 5);
		if (fed == P_DISABLED)
			assert_int_equal(listed, 0);
		/* the nearest scope applies: C's own scope replaces A's */
		if (fed == P_SCOPE_A || fed == P_SCOPE_C)
			assert_int_equal(listed, 2);
		if (fed == P_SCOPE_ROOT)
			assert_int_equal(listed, 1);
		pcm_findings_free(&f);
		pcm_package_free(&pkg);
		pcm_plan_free(plan);
		pcm_deployment_free(d);
	}
}

/* pcm_scope_nearest on the tree: each node's scope comes from the nearest
 * node at or above it that holds scope rows. */
static void nearest_scope_pinned(void **state)
{
	static const int32_t node[] = { 1, 10, 11, 12, 100, 101, 104, 102, 103 };
	static const int32_t want[] = { 1, 10, 10, 12, 10, 12, 12, 10, 1 };
	struct pcm_deployment *d = tree(0);
	uint32_t *up = malloc((d->nodes.n + 1) * sizeof *up);
	size_t i;

	(void)state;
	assert_non_null(up);
	pcm_scope_nearest(d, up);
	for (i = 0; i < sizeof node / sizeof node[0]; i++) {
		uint32_t n = pcm_node_index(d, node[i]);
		if (up[n] != pcm_node_index(d, want[i]))
			fail_msg("node %d: nearest scope should be node %d", (int)node[i], (int)want[i]);
	}
	free(up);
	pcm_deployment_free(d);
}

/* R2: only a root Manager assignment the plan drops is dropped. */
static void dropped_root_manager_pinned(void **state)
{
	struct pcm_deployment *d = tree(0);
	struct pcm_plan *plan = pcm_plan_new();

	(void)state;
	assert_false(pcm_role_dropped(d, NULL, role_of(d, P_ROOT_MGR)));
	assert_false(pcm_role_dropped(d, plan, role_of(d, P_ROOT_MGR)));   /* undecided */
	pcm_plan_set_root_manager(plan, "SIP:P20@contoso.com", false);     /* case differs */
	assert_true(pcm_role_dropped(d, plan, role_of(d, P_ROOT_MGR)));
	/* a Member on the root with a dropped URI is not a root manager */
	pcm_plan_set_root_manager(plan, "sip:p21@contoso.com", false);
	assert_false(pcm_role_dropped(d, plan, role_of(d, P_ROOT_MEMBER)));
	pcm_plan_set_root_manager(plan, "sip:p20@contoso.com", true);
	assert_false(pcm_role_dropped(d, plan, role_of(d, P_ROOT_MGR)));
	pcm_plan_free(plan);
	pcm_deployment_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_pinned_on_a_tree),
		cmocka_unit_test(checks_and_package_agree),
		cmocka_unit_test(nearest_scope_pinned),
		cmocka_unit_test(dropped_root_manager_pinned),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
