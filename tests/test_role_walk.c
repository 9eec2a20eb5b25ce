/* SPDX-License-Identifier: MIT */
/* pcm_role_walk (roles.h), the one walk of which migrated assignments
 * reach a node that the checks and the package share: it returns exactly
 * what pcm_role_reaches says, nearest holder first; the creators' walk
 * passes overrides; and FEDERATED names a principal that reaches the room
 * (today's main named one an override had stopped). Links the rules layer
 * only. */
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
#include "rules/plan.h"
#include "rules/roles.h"
#include "base/util.h"

enum { P_ROOT_MGR = 20, P_ROOT_MEMBER, P_DISABLED, P_A_HONORS, P_A_PASSES, P_B_HONORS,
       P_ROOM_OWN, P_A_CREATOR, P_DISABLED_CREATOR, P_FED_HONORS, P_FED_PASSES,
       P_FIRST = P_ROOT_MGR, P_LAST = P_FED_PASSES };

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
 * Root (1)          Manager ROOT_MGR (1), Member ROOT_MEMBER (1), Member DISABLED (0)
 *   A (10)          Member FED_HONORS (1, federated), Member FED_PASSES (0, federated),
 *                   Member A_HONORS (1), Member A_PASSES (0),
 *                   Creator A_CREATOR (1), Creator DISABLED_CREATOR (1, disabled)
 *     B (11) ovr    Member B_HONORS (1)
 *       room 100
 *       C (12)
 *         room 101 ovr   Member ROOM_OWN (1)
 *     room 102
 *   room 103 ovr
 * (honorsOverride in brackets)
 */
static struct pcm_deployment *tree(void)
{
	struct tb t;
	int id;

	tb_init(&t, 0);
	for (id = P_FIRST; id <= P_LAST; id++) {
		char uri[64];
		snprintf(uri, sizeof uri, "sip:p%d@contoso.com", id);
		tb_principal(&t, id, uri, id == P_FED_HONORS || id == P_FED_PASSES ? 7 : 5,
		             id == P_DISABLED || id == P_DISABLED_CREATOR);
	}
	category_ovr(&t, 10, 1, "A", 0);
	category_ovr(&t, 11, 10, "B", 1);
	category_ovr(&t, 12, 11, "C", 0);
	tb_room(&t, 100, 11, "r100");
	tb_room_ex(&t, 101, 12, "r101", NULL, 0, 4, 1);
	tb_room(&t, 102, 10, "r102");
	tb_room_ex(&t, 103, 1, "r103", NULL, 0, 4, 1);
	tb_role_ex(&t, 1, P_ROOT_MGR, "Manager", 1);
	tb_role_ex(&t, 1, P_ROOT_MEMBER, "Member", 1);
	tb_role_ex(&t, 1, P_DISABLED, "Member", 0);
	tb_role_ex(&t, 10, P_FED_HONORS, "Member", 1);
	tb_role_ex(&t, 10, P_FED_PASSES, "Member", 0);
	tb_role_ex(&t, 10, P_A_HONORS, "Member", 1);
	tb_role_ex(&t, 10, P_A_PASSES, "Member", 0);
	tb_role_ex(&t, 10, P_A_CREATOR, "Creator", 1);
	tb_role_ex(&t, 10, P_DISABLED_CREATOR, "Creator", 1);
	tb_role_ex(&t, 11, P_B_HONORS, "Member", 1);
	tb_role_ex(&t, 101, P_ROOM_OWN, "Member", 1);
	tb_finish(&t);
	return tb_done(&t);
}

static const int32_t nodes[] = { 1, 10, 11, 12, 100, 101, 102, 103 };
#define NNODES (sizeof nodes / sizeof nodes[0])

static bool at_or_above(const struct pcm_deployment *d, uint32_t holder, uint32_t n)
{
	for (; n != PCM_NONE; n = n == d->root ? PCM_NONE : d->nodes.v[n].parent)
		if (n == holder)
			return true;
	return false;
}

/* For every node, with and without the root manager dropped: the walk
 * returns each assignment pcm_role_reaches says reaches the node, once,
 * with its holder, nearest holder first; never one the plan drops. */
static void walk_is_the_rule(void **state)
{
	int drop;

	(void)state;
	for (drop = 0; drop <= 1; drop++) {
		struct pcm_deployment *d = tree();
		struct pcm_plan *plan = pcm_plan_new();
		struct pcm_role_index ix;
		size_t i, total = 0;

		pcm_plan_set_root_manager(plan, "sip:p20@contoso.com", !drop);
		pcm_role_index_init(&ix, d, plan);
		for (i = 0; i < NNODES; i++) {
			uint32_t n = pcm_node_index(d, nodes[i]);
			unsigned *seen = calloc(d->roles.n + 1, sizeof *seen);
			struct pcm_role_walk w;
			const struct pcm_role *r;
			uint32_t last_depth = UINT32_MAX;
			size_t k;

			assert_non_null(seen);
			pcm_role_walk_start(&w, &ix, n, PCM_WALK_REACHING);
			while ((r = pcm_role_walk_next(&w)) != NULL) {
				assert_int_equal(w.holder, r->node);
				assert_true(d->nodes.v[r->node].depth <= last_depth);
				last_depth = d->nodes.v[r->node].depth;
				seen[r - d->roles.v]++;
				total++;
			}
			for (k = 0; k < d->roles.n; k++) {
				const struct pcm_role *rk = &d->roles.v[k];
				bool want = at_or_above(d, rk->node, n) && !pcm_role_dropped(d, plan, rk) &&
				            pcm_role_reaches(&ix.reach, rk, n);
				if (seen[k] != (unsigned)want)
					fail_msg("node %d, principal %d on node %d: walked %u times, want %d%s",
					         (int)nodes[i], (int)d->principals.v[rk->principal].id,
					         (int)d->nodes.v[rk->node].id, seen[k], (int)want,
					         drop ? " (root manager dropped)" : "");
			}
			free(seen);
		}
		/* the tree is not trivial; dropping the root manager removes it
		 * from all eight nodes */
		assert_int_equal(total, drop ? 25 : 33);
		pcm_role_index_free(&ix);
		pcm_plan_free(plan);
		pcm_deployment_free(d);
	}
}

/* The creators' walk: every migrated assignment at or above the node,
 * overrides or not; a disabled principal's never. */
static void creators_walk_passes_overrides(void **state)
{
	struct pcm_deployment *d = tree();
	struct pcm_role_index ix;
	struct pcm_role_walk w;
	const struct pcm_role *r;
	uint32_t creator = pcm_principal_index(d, P_A_CREATOR);
	bool above = false, reaching = false;

	(void)state;
	pcm_role_index_init(&ix, d, NULL);
	pcm_role_walk_start(&w, &ix, pcm_node_index(d, 12), PCM_WALK_ABOVE);
	while ((r = pcm_role_walk_next(&w)) != NULL) {
		assert_int_not_equal(r->principal, pcm_principal_index(d, P_DISABLED_CREATOR));
		assert_int_not_equal(r->principal, pcm_principal_index(d, P_DISABLED));
		above |= r->principal == creator;
	}
	pcm_role_walk_start(&w, &ix, pcm_node_index(d, 12), PCM_WALK_REACHING);
	while ((r = pcm_role_walk_next(&w)) != NULL)
		reaching |= r->principal == creator;
	assert_true(above);
	assert_false(reaching);     /* B's override stops it for membership */
	pcm_role_index_free(&ix);
	pcm_deployment_free(d);
}

static const struct pcm_finding *finding(const struct pcm_findings *f, const char *code,
                                         const char *id)
{
	size_t i;

	for (i = 0; i < f->list.n; i++)
		if (!strcmp(f->list.v[i].code, code) && !strcmp(f->list.v[i].id, id))
			return &f->list.v[i];
	return NULL;
}

/* FEDERATED on room 100 (below B's override): only FED_PASSES reaches it,
 * so the finding counts 1 and names FED_PASSES, not FED_HONORS, which
 * comes first on A but stops at B. Room 102 gets both, and names the
 * first on A. */
static void federated_names_a_principal_that_reaches(void **state)
{
	struct pcm_deployment *d = tree();
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	pcm_findings_init(&f);
	pcm_check_warnings(d, NULL, &f);
	assert_non_null(x = finding(&f, "FEDERATED", "100"));
	assert_int_equal(x->number, 1);
	assert_int_equal(x->principal, pcm_principal_index(d, P_FED_PASSES));
	assert_non_null(x = finding(&f, "FEDERATED", "102"));
	assert_int_equal(x->number, 2);
	assert_int_equal(x->principal, pcm_principal_index(d, P_FED_HONORS));
	assert_null(finding(&f, "FEDERATED", "103"));
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_is_the_rule),
		cmocka_unit_test(creators_walk_passes_overrides),
		cmocka_unit_test(federated_names_a_principal_that_reaches),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
