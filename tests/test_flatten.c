/* SPDX-License-Identifier: MIT */
/* flatten.c: R3 final names and R4 effective invitations on small trees. */
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
#include "deploy_builder.h"
#include "rules/flatten.h"
#include "rules/plan.h"
#include "base/util.h"

/* The target room made from legacy room node_id, or NULL. */
static const struct pcm_target_room *room_of(const struct pcm_deployment *d,
                                             const struct pcm_flat *f, int32_t node_id)
{
	uint32_t n = pcm_node_index(d, node_id), r;

	assert_true(n != PCM_NONE);
	r = f->room_of_node[n];
	return r == PCM_NONE ? NULL : &f->rooms.v[r];
}

/* The target category made from legacy category node_id, or NULL. */
static const struct pcm_target_category *category_of(const struct pcm_deployment *d,
                                                     const struct pcm_flat *f, int32_t node_id)
{
	uint32_t n = pcm_node_index(d, node_id);
	size_t i;

	for (i = 0; i < f->categories.n; i++)
		if (f->categories.v[i].legacy == n)
			return &f->categories.v[i];
	return NULL;
}

/* Root > Sales > EMEA > deals; Sales > general; Root > lobby;
 * Sales > EMEA > APAC (no room); Archive > old (disabled). */
static struct pcm_deployment *sales_tree(void)
{
	struct tb t;

	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 10, "EMEA", NULL);
	tb_category(&t, 12, 11, "APAC", NULL);
	tb_category(&t, 13, 1, "Archive", NULL);
	tb_room(&t, 100, 10, "general");
	tb_room(&t, 101, 11, "deals");
	tb_room(&t, 102, 1, "lobby");
	tb_room_ex(&t, 103, 13, "old", NULL, 1, 4, 0);
	tb_finish(&t);
	return tb_done(&t);
}

static void depth_rules_name_rooms_and_categories(void **state)
{
	struct pcm_deployment *d = sales_tree();
	struct pcm_flat f;
	const struct pcm_target_room *r;
	const struct pcm_target_category *c;

	(void)state;
	assert_int_equal(pcm_flatten(d, NULL, &f), 0);
	r = room_of(d, &f, 100);
	assert_string_equal(r->name, "general");                 /* depth-1 category */
	assert_string_equal(f.categories.v[r->category].name, "Sales");
	assert_false(r->under_root);
	r = room_of(d, &f, 101);
	assert_string_equal(r->name, "Sales/EMEA/deals");        /* depth 2: prefixed */
	assert_string_equal(f.categories.v[r->category].name, "Sales/EMEA");
	assert_int_equal(r->units, 16);
	r = room_of(d, &f, 102);
	assert_string_equal(r->name, "lobby");                   /* under the root */
	assert_true(r->under_root);
	assert_string_equal(f.categories.v[r->category].name, "Root");
	assert_int_equal(f.categories.v[r->category].legacy, d->root);
	/* the disabled room is not migrated; categories without a migrated
	 * room of their own are not created */
	assert_null(room_of(d, &f, 103));
	assert_null(category_of(d, &f, 12));
	assert_null(category_of(d, &f, 13));
	c = category_of(d, &f, 11);
	assert_non_null(c);
	assert_int_equal(f.rooms.n, 3);
	assert_int_equal(f.categories.n, 3);
	assert_int_equal(r->same_count, 1);
	assert_int_equal(r->twin, PCM_NONE);
	pcm_flat_free(&f);
	pcm_deployment_free(d);
}

static void separator_and_renames_come_from_the_plan(void **state)
{
	struct pcm_deployment *d = sales_tree();
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_flat f;
	char *name;

	(void)state;
	pcm_plan_set_separator(p, " - ");
	pcm_plan_set_rename(p, 101, "deals", "Deals 2013");
	pcm_plan_set_rename(p, 11, "EMEA", "Europe");
	pcm_plan_set_disabled(p, 100, "general", true);
	pcm_flatten(d, p, &f);
	assert_string_equal(room_of(d, &f, 101)->name, "Sales - Europe - Deals 2013");
	assert_string_equal(category_of(d, &f, 11)->name, "Sales - Europe");
	assert_null(room_of(d, &f, 100));            /* disabled by the plan */
	assert_null(category_of(d, &f, 10));         /* Sales now holds no migrated room */
	/* the live editor's name agrees with the flattening */
	name = pcm_final_room_name(d, p, pcm_node_index(d, 101), "x");
	assert_string_equal(name, "Sales - Europe - x");
	free(name);
	name = pcm_final_room_name(d, p, pcm_node_index(d, 102), "y");
	assert_string_equal(name, "y");
	free(name);
	pcm_flat_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

static void lengths_count_utf16_units(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_flat f;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "\xED\x95\x9C\xEA\xB8\x80", NULL);          /* 한글 */
	tb_category(&t, 11, 10, "\xF0\x9F\x98\x80", NULL);                  /* U+1F600 */
	tb_room(&t, 100, 11, "\xEB\xB0\xA9");                               /* 방 */
	tb_finish(&t);
	d = tb_done(&t);
	pcm_flatten(d, NULL, &f);
	/* 2 + 1 + 2 + 1 + 1 units; 13 bytes of UTF-8 */
	assert_int_equal(room_of(d, &f, 100)->units, 7);
	assert_int_equal(category_of(d, &f, 11)->units, 5);
	pcm_flat_free(&f);
	pcm_deployment_free(d);
}

static void collisions_ignore_case_across_categories(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_flat f;
	const struct pcm_target_room *a, *b, *c, *u;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 1, "Support", NULL);
	tb_category(&t, 12, 10, "EMEA", NULL);
	tb_category(&t, 13, 1, "sales/emea", NULL);     /* a category named like a path */
	tb_room(&t, 100, 10, "General");
	tb_room(&t, 101, 11, "general");
	tb_room(&t, 102, 1, "GENERAL");
	tb_room(&t, 103, 12, "x");
	tb_room(&t, 104, 13, "y");
	tb_room(&t, 105, 11, "unique");
	tb_finish(&t);
	d = tb_done(&t);
	pcm_flatten(d, NULL, &f);
	a = room_of(d, &f, 100);
	b = room_of(d, &f, 101);
	c = room_of(d, &f, 102);
	u = room_of(d, &f, 105);
	assert_int_equal(a->same_count, 3);
	assert_int_equal(b->same_count, 3);
	assert_int_equal(c->same_count, 3);
	assert_int_equal(u->same_count, 1);
	/* every member points at another member of its group */
	assert_true(a->twin != PCM_NONE && &f.rooms.v[a->twin] != a);
	assert_true(f.rooms.v[a->twin].same_count == 3);
	assert_true(&f.rooms.v[b->twin] != b && &f.rooms.v[c->twin] != c);
	/* categories: "Sales/EMEA" (depth 2) equals "sales/emea" (depth 1) */
	assert_int_equal(category_of(d, &f, 12)->same_count, 2);
	assert_int_equal(category_of(d, &f, 13)->same_count, 2);
	assert_int_equal(category_of(d, &f, 10)->same_count, 1);
	pcm_flat_free(&f);
	pcm_deployment_free(d);
}

static void effective_invite_inherits_upward(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_flat f;

	(void)state;
	tb_init(&t, 0);                               /* root invite NULL: off */
	tb_category(&t, 10, 1, "On", "1");
	tb_category(&t, 11, 10, "Inherits", NULL);
	tb_category(&t, 12, 11, "Off", "0");
	tb_category(&t, 13, 12, "Below off", NULL);
	tb_category(&t, 14, 1, "Plain", NULL);
	tb_room(&t, 100, 13, "r");
	tb_finish(&t);
	d = tb_done(&t);
	assert_false(pcm_effective_invite(d, NULL, d->root));
	assert_true(pcm_effective_invite(d, NULL, pcm_node_index(d, 10)));
	assert_true(pcm_effective_invite(d, NULL, pcm_node_index(d, 11)));
	assert_false(pcm_effective_invite(d, NULL, pcm_node_index(d, 12)));
	assert_false(pcm_effective_invite(d, NULL, pcm_node_index(d, 13)));
	assert_false(pcm_effective_invite(d, NULL, pcm_node_index(d, 14)));
	/* a room answers with its category */
	assert_false(pcm_effective_invite(d, NULL, pcm_node_index(d, 100)));
	/* the admin turns "Off" on: everything under it follows */
	pcm_plan_set_category_invite(p, 12, true);
	assert_true(pcm_effective_invite(d, p, pcm_node_index(d, 13)));
	pcm_flatten(d, p, &f);
	assert_true(category_of(d, &f, 13)->invitations);
	pcm_flat_free(&f);
	/* accepting the forced value changes nothing */
	pcm_plan_set_category_invite(p, 12, false);
	assert_false(pcm_effective_invite(d, p, pcm_node_index(d, 13)));
	pcm_flatten(d, p, &f);
	assert_false(category_of(d, &f, 13)->invitations);
	pcm_flat_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* A chain of categories thousands deep: the walks are iterative and the
 * names still come out right. */
static void deep_chain_is_walked_iteratively(void **state)
{
	enum { DEPTH = 3000 };
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_flat f;
	const struct pcm_target_room *r;
	int32_t i;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "c", NULL);
	for (i = 1; i < DEPTH; i++)
		tb_category(&t, 10 + i, 10 + i - 1, "c", i == DEPTH / 2 ? "1" : NULL);
	tb_room(&t, 5, 10 + DEPTH - 1, "r");
	tb_finish(&t);
	d = tb_done(&t);
	pcm_flatten(d, NULL, &f);
	r = room_of(d, &f, 5);
	assert_non_null(r);
	assert_int_equal(r->units, DEPTH * 2 + 1);   /* "c/c/.../c/r" */
	assert_true(f.categories.v[r->category].invitations);
	pcm_flat_free(&f);
	pcm_deployment_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(depth_rules_name_rooms_and_categories),
		cmocka_unit_test(separator_and_renames_come_from_the_plan),
		cmocka_unit_test(lengths_count_utf16_units),
		cmocka_unit_test(collisions_ignore_case_across_categories),
		cmocka_unit_test(effective_invite_inherits_upward),
		cmocka_unit_test(deep_chain_is_walked_iteratively),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
