/* SPDX-License-Identifier: MIT */
/* plan.c, plan_decisions.c, plan_review.c: the plan file round trip, the
 * atomic save, decisions that no longer apply, the source identity. */
#include "config.h"
#include <dirent.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "deploy_builder.h"
#include "rules/plan.h"
#include "base/util.h"

/* A fresh empty directory per test, removed with its files at the end. */
static int make_dir(void **state)
{
	char *dir = pcm_xstrdup("/tmp/pcm-test-plan-XXXXXX");

	assert_non_null(mkdtemp(dir));
	*state = dir;
	return 0;
}

static int remove_dir(void **state)
{
	char *dir = *state;
	DIR *dp = opendir(dir);
	struct dirent *e;

	while (dp && (e = readdir(dp)) != NULL) {
		char *f;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		f = pcm_xasprintf("%s/%s", dir, e->d_name);
		unlink(f);
		free(f);
	}
	if (dp)
		closedir(dp);
	rmdir(dir);
	free(dir);
	return 0;
}

/* Names of the files in dir, sorted, joined by spaces. */
static char *list_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char *out = pcm_xstrdup("");

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL) {
		char *next;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		next = pcm_xasprintf("%s%s%s", out, *out ? " " : "", e->d_name);
		free(out);
		out = next;
	}
	closedir(dp);
	return out;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Root > Sales(10) > EMEA(11) > deals(101); Sales > general(100);
 * kim manages the root. */
static struct pcm_deployment *small_deployment(const char *sha)
{
	struct tb t;

	tb_init(&t, 0);
	snprintf(t.d->info.sha256, sizeof t.d->info.sha256, "%s", sha);
	t.d->info.size = 1234;
	tb_principal(&t, 10, "sip:kim@contoso.com", 5, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 10, "EMEA", NULL);
	tb_room(&t, 100, 10, "general");
	tb_room(&t, 101, 11, "deals");
	tb_role(&t, 1, 10, "Manager");
	tb_finish(&t);
	return tb_done(&t);
}

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void round_trip_keeps_every_decision(void **state)
{
	const char *dir = *state;
	char *path = pcm_xasprintf("%s/plan.xml", dir), *items = pcm_xasprintf("%s/items.txt", dir);
	struct pcm_deployment *d = small_deployment(SHA_A);
	struct pcm_plan *p = pcm_plan_new(), *q = pcm_plan_new();
	struct pcm_error err = { 0 };

	setenv("USER", "lee", 1);
	write_file(items, "Town Hall\n\xED\x95\x9C <&> \"q\"\n");
	assert_int_equal(pcm_plan_load(p, path, &err), 0);      /* missing: a new plan */
	assert_null(p->source_kind);
	pcm_plan_bind(p, d);
	pcm_plan_set_separator(p, " :: ");
	assert_int_equal(pcm_plan_set_cutoff(p, "2013-01-01", &err), 0);
	pcm_plan_override_backup(p, "tape <ok> & \"signed\"");
	assert_int_equal(pcm_plan_set_target_items(p, items, &err), 0);
	pcm_plan_set_rename(p, 101, "deals", "Deals\tnew");
	pcm_plan_set_rename(p, 100, "general", "Gen\xC3\xA9ral");
	pcm_plan_set_root_manager(p, "sip:kim@contoso.com", false);
	pcm_plan_set_category_invite(p, 11, true);
	pcm_plan_set_category_invite(p, 10, false);
	pcm_plan_set_disabled(p, 100, "general", true);
	pcm_plan_set_step_done(p, PCM_STEP_NAMES, true);
	p->pool_fqdn = pcm_xstrdup("pchat.contoso.com");
	p->file_store_root = pcm_xstrdup("\\\\gc01.contoso.com\\MGC FileStore");
	p->compliance_server = pcm_xstrdup("SQL02\\COMP");
	p->compliance_db = pcm_xstrdup("MGCComp");
	assert_int_equal(pcm_plan_save(p, &err), 0);

	assert_int_equal(pcm_plan_load(q, path, &err), 0);
	assert_false(err.set);
	assert_string_equal(q->source_kind, "snapshot");
	assert_string_equal(q->source_sha256, SHA_A);
	assert_int_equal(q->source_size, 1234);
	assert_string_equal(q->source_database, "GroupChatDB");
	assert_string_equal(q->separator, " :: ");
	assert_true(q->has_cutoff);
	assert_true(q->cutoff_ticks == p->cutoff_ticks);
	assert_string_equal(q->cutoff_stamp.by, "lee");
	assert_string_equal(q->cutoff_stamp.at, p->cutoff_stamp.at);
	assert_string_equal(q->backup_override_reason, "tape <ok> & \"signed\"");
	assert_int_equal(q->ntarget_items, 2);
	assert_string_equal(q->target_items[1], "\xED\x95\x9C <&> \"q\"");
	assert_string_equal(pcm_plan_rename_of(q, 101), "Deals\tnew");
	assert_string_equal(pcm_plan_rename_of(q, 100), "Gen\xC3\xA9ral");
	assert_string_equal(q->renames.v[0].old_name, "general");     /* sorted by nodeID */
	assert_int_equal(pcm_plan_root_manager(q, "SIP:Kim@contoso.com"), 0);
	assert_int_equal(pcm_plan_category_invite(q, 11), 1);
	assert_int_equal(pcm_plan_category_invite(q, 10), 0);
	assert_int_equal(pcm_plan_category_invite(q, 12), -1);
	assert_true(pcm_plan_is_disabled(q, 100));
	assert_false(pcm_plan_is_disabled(q, 101));
	assert_true(q->steps_done[PCM_STEP_NAMES]);
	assert_false(q->steps_done[PCM_STEP_BACKUP]);
	assert_string_equal(q->pool_fqdn, "pchat.contoso.com");
	assert_string_equal(q->file_store_root, "\\\\gc01.contoso.com\\MGC FileStore");
	assert_string_equal(q->compliance_server, "SQL02\\COMP");
	assert_string_equal(q->compliance_db, "MGCComp");
	assert_int_equal(pcm_plan_matches(q, d, &err), 0);

	/* renaming back to the source's name removes the decision */
	pcm_plan_set_rename(q, 101, "deals", "deals");
	assert_null(pcm_plan_rename_of(q, 101));
	pcm_plan_set_disabled(q, 100, NULL, false);
	assert_false(pcm_plan_is_disabled(q, 100));

	pcm_plan_free(p);
	pcm_plan_free(q);
	pcm_deployment_free(d);
	free(path);
	free(items);
}

static void atomic_save_leaves_no_temp_file(void **state)
{
	const char *dir = *state;
	char *path = pcm_xasprintf("%s/plan.xml", dir), *listing;
	struct pcm_plan *p = pcm_plan_new(), *q = pcm_plan_new();
	struct pcm_error err = { 0 };
	int i;

	p->path = pcm_xstrdup(path);
	for (i = 0; i < 5; i++) {
		pcm_plan_set_disabled(p, 100 + i, "room", true);
		assert_int_equal(pcm_plan_save(p, &err), 0);
	}
	listing = list_dir(dir);
	assert_string_equal(listing, "plan.xml");
	free(listing);
	assert_int_equal(pcm_plan_load(q, path, &err), 0);
	assert_int_equal(q->disabled.n, 5);
	pcm_plan_free(q);

	/* a directory that cannot be written: the save fails, saying where,
	 * and the plan on disk is still the last whole one */
	if (geteuid() != 0) {
		chmod(dir, 0500);
		pcm_plan_set_disabled(p, 200, "room", true);
		assert_int_not_equal(pcm_plan_save(p, &err), 0);
		assert_true(err.set);
		assert_non_null(strstr(err.text, dir));
		chmod(dir, 0700);
		q = pcm_plan_new();
		assert_int_equal(pcm_plan_load(q, path, NULL), 0);
		assert_int_equal(q->disabled.n, 5);
		pcm_plan_free(q);
		listing = list_dir(dir);
		assert_string_equal(listing, "plan.xml");
		free(listing);
	}
	/* invalid UTF-8 XML cannot hold: refused, the file untouched (a
	 * control character is carried escaped: see test_ctlchars.c) */
	pcm_plan_set_rename(p, 70, "old", "overlong \xC0\xAF");
	pcm_error_clear(&err);
	assert_int_not_equal(pcm_plan_save(p, &err), 0);
	assert_non_null(strstr(err.text, "invalid UTF-8"));
	q = pcm_plan_new();
	assert_int_equal(pcm_plan_load(q, path, &err), 0);
	assert_null(pcm_plan_rename_of(q, 70));
	pcm_plan_free(q);
	pcm_plan_set_rename(p, 70, "old", "old");

	/* the target is a directory: the rename fails, no temp file stays */
	free(p->path);
	p->path = pcm_xasprintf("%s/sub", dir);
	assert_int_equal(mkdir(p->path, 0700), 0);
	pcm_error_clear(&err);
	assert_int_not_equal(pcm_plan_save(p, &err), 0);
	assert_true(err.set);
	listing = list_dir(dir);
	assert_string_equal(listing, strcmp(listing, "plan.xml sub") == 0 ? "plan.xml sub"
	                                                                  : "sub plan.xml");
	free(listing);
	rmdir(p->path);
	pcm_plan_free(p);
	free(path);
}

static void vanished_and_changed_decisions_are_named(void **state)
{
	const char *dir = *state;
	struct pcm_deployment *d = small_deployment(SHA_A);
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_plan_issues issues = { { NULL, 0, 0 } };
	char *name252 = pcm_xmalloc(253);
	size_t i;
	bool saw_vanished = false, saw_long = false, saw_changed = false, saw_rm = false,
	     saw_disable = false;

	(void)dir;
	memset(name252, 'x', 252);
	name252[252] = '\0';
	pcm_plan_set_rename(p, 999, "old room", "new room");        /* vanished */
	pcm_plan_set_rename(p, 100, "general 2010", "General");     /* renamed in the source */
	pcm_plan_set_rename(p, 101, "deals", name252);              /* "Sales/EMEA/" + 252 */
	pcm_plan_set_disabled(p, 998, "gone", true);
	pcm_plan_set_root_manager(p, "sip:left@contoso.com", true);
	/* done in the source (the Admin Tool worklist): not stale */
	pcm_plan_set_rename(p, 10, "Old sales", "Sales");
	/* one issue each; "Sales/EMEA/" + 252 units is 263 */
	assert_int_equal(pcm_plan_review(p, d, &issues), 5);
	for (i = 0; i < issues.list.n; i++) {
		const struct pcm_plan_issue *x = &issues.list.v[i];
		if (!strcmp(x->key, "999")) {
			saw_vanished = true;
			assert_non_null(strstr(x->message, "new room"));
		}
		if (!strcmp(x->key, "101") && strstr(x->message, "263"))
			saw_long = true;
		if (!strcmp(x->key, "100") && strstr(x->message, "general 2010"))
			saw_changed = true;
		if (!strcmp(x->key, "998"))
			saw_disable = true;
		if (!strcmp(x->key, "sip:left@contoso.com"))
			saw_rm = true;
	}
	assert_true(saw_vanished && saw_long && saw_changed && saw_rm && saw_disable);
	pcm_plan_issues_free(&issues);

	/* a rename that fits until the separator grows: "A/B/" -> "A :: B :: " */
	pcm_plan_free(p);
	p = pcm_plan_new();
	name252[245] = '\0';                    /* 11 + 245 = 256 units: fits */
	pcm_plan_set_rename(p, 101, "deals", name252);
	assert_int_equal(pcm_plan_review(p, d, &issues), 0);
	pcm_plan_set_separator(p, " :: ");     /* 17 + 245 = 262 */
	assert_int_equal(pcm_plan_review(p, d, &issues), 1);
	assert_non_null(strstr(issues.list.v[0].message, "262"));
	pcm_plan_issues_free(&issues);
	pcm_plan_free(p);
	free(name252);
	pcm_deployment_free(d);
}

/* Decisions the source now carries (the Admin Tool worklist worked
 * through) are done, not stale: a room already disabled, a dropped root
 * manager who no longer manages the root. Keeping one who no longer
 * does is still named. */
static void decisions_done_in_the_source_are_not_stale(void **state)
{
	struct pcm_deployment *d = small_deployment(SHA_A);
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_plan_issues issues = { { NULL, 0, 0 } };
	size_t i;

	(void)state;
	pcm_plan_set_disabled(p, 100, "general", true);
	pcm_plan_set_root_manager(p, "sip:kim@contoso.com", false);
	d->nodes.v[pcm_node_index(d, 100)].disabled = true;
	for (i = 0; i < d->roles.n; i++)
		if (d->roles.v[i].node == d->root)
			d->roles.v[i].kind = PCM_ROLE_MEMBER;
	assert_int_equal(pcm_plan_review(p, d, &issues), 0);
	pcm_plan_set_root_manager(p, "sip:kim@contoso.com", true);
	assert_int_equal(pcm_plan_review(p, d, &issues), 1);
	assert_string_equal(issues.list.v[0].key, "sip:kim@contoso.com");
	pcm_plan_issues_free(&issues);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

static void a_different_source_is_refused(void **state)
{
	struct pcm_deployment *a = small_deployment(SHA_A), *b = small_deployment(SHA_B);
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_error err = { 0 };

	(void)state;
	p->path = pcm_xstrdup("/tmp/x.plan.xml");
	assert_int_equal(pcm_plan_matches(p, b, &err), 0);     /* unbound: fits anything */
	pcm_plan_bind(p, a);
	assert_int_equal(pcm_plan_matches(p, a, &err), 0);
	/* another snapshot of the same database fits (the worklist check) */
	assert_int_equal(pcm_plan_matches(p, b, &err), 0);
	assert_true(pcm_plan_other_snapshot(p, b));
	assert_false(pcm_plan_other_snapshot(p, a));
	/* a snapshot of another database does not */
	b->info.database = pcm_arena_strdup(b->arena, "OtherDB");
	assert_int_not_equal(pcm_plan_matches(p, b, &err), 0);
	assert_non_null(strstr(err.text, SHA_A));
	assert_non_null(strstr(err.text, SHA_B));
	assert_non_null(strstr(err.text, "--plan with another file"));
	assert_null(strstr(err.text, "--rebase"));
	/* rebasing on purpose binds it to the new snapshot */
	pcm_plan_bind(p, b);
	pcm_error_clear(&err);
	assert_int_equal(pcm_plan_matches(p, b, &err), 0);
	/* a live database: server and database name */
	b->info.kind = pcm_arena_strdup(b->arena, "tds");
	b->info.sha256[0] = '\0';
	pcm_plan_bind(p, b);
	a->info.kind = pcm_arena_strdup(a->arena, "tds");
	a->info.database = pcm_arena_strdup(a->arena, "ThirdDB");
	assert_int_not_equal(pcm_plan_matches(p, a, &err), 0);
	assert_non_null(strstr(err.text, "ThirdDB"));
	pcm_plan_free(p);
	pcm_deployment_free(a);
	pcm_deployment_free(b);
}

static void invalid_plan_files_are_refused_with_the_place(void **state)
{
	const char *dir = *state;
	char *path = pcm_xasprintf("%s/bad.xml", dir);
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_error err = { 0 };

	write_file(path, "<?xml version=\"1.0\"?>\n<pcmigratePlan formatVersion=\"1\">\n"
	                 "  <rename nodeID=\"seventy\" newName=\"x\" at=\"2013-01-01T00:00:00Z\" "
	                 "by=\"kim\"/>\n</pcmigratePlan>\n");
	assert_int_not_equal(pcm_plan_load(p, path, &err), 0);
	assert_non_null(strstr(err.text, path));
	assert_non_null(strstr(err.text, ":3:"));
	pcm_plan_free(p);

	p = pcm_plan_new();
	pcm_error_clear(&err);
	write_file(path, "<pcmigratePlan formatVersion=\"1\">\n<disable nodeID=\"1\"\n");
	assert_int_not_equal(pcm_plan_load(p, path, &err), 0);
	assert_non_null(strstr(err.text, path));
	pcm_plan_free(p);

	p = pcm_plan_new();
	pcm_error_clear(&err);
	write_file(path, "<pcmigratePlan formatVersion=\"1\">\n"
	                 "<cutoff date=\"2013-02-30\" at=\"2013-01-01T00:00:00Z\" by=\"kim\"/>\n"
	                 "</pcmigratePlan>\n");
	assert_int_not_equal(pcm_plan_load(p, path, &err), 0);
	assert_non_null(strstr(err.text, "2013-02-30"));
	pcm_plan_free(p);

	/* a file store root that is not a UNC share or a drive path */
	p = pcm_plan_new();
	pcm_error_clear(&err);
	write_file(path, "<pcmigratePlan formatVersion=\"1\">\n"
	                 "<fileStore root=\"ma-filelink://gc01/MGCFileStore\"/>\n"
	                 "</pcmigratePlan>\n");
	assert_int_not_equal(pcm_plan_load(p, path, &err), 0);
	assert_non_null(strstr(err.text, ":2: fileStore root=\"ma-filelink://gc01/MGCFileStore\" is not a UNC share"));
	pcm_plan_free(p);
	free(path);
}

/* Two processes on one plan: each save merges what the other wrote since
 * (a decision this process changed wins, the rest comes from the file);
 * a refresh takes the other's changes in without a save. */
static void concurrent_saves_merge(void **state)
{
	const char *dir = *state;
	char *path = pcm_xasprintf("%s/plan.xml", dir);
	struct pcm_plan *a = pcm_plan_new(), *b = pcm_plan_new(), *c = pcm_plan_new();
	struct pcm_error err = { 0 };
	bool changed = true;

	assert_int_equal(pcm_plan_load(a, path, &err), 0);
	pcm_plan_set_disabled(a, 10, "Lobby", true);
	assert_int_equal(pcm_plan_save(a, &err), 0);
	assert_int_equal(pcm_plan_load(b, path, &err), 0);
	assert_int_equal(pcm_plan_refresh(b, &changed, &err), 0);
	assert_false(changed);
	/* b renames and saves; a, still holding the old file, drops a manager */
	pcm_plan_set_rename(b, 11, "Old", "From b");
	pcm_plan_set_root_manager(b, "sip:x@contoso.com", true);
	assert_int_equal(pcm_plan_save(b, &err), 0);
	pcm_plan_set_root_manager(a, "sip:x@contoso.com", false);
	pcm_plan_set_disabled(a, 10, "Lobby", false);
	assert_int_equal(pcm_plan_save(a, &err), 0);
	assert_int_equal(a->merged, 1);
	assert_string_equal(pcm_plan_rename_of(a, 11), "From b");     /* theirs kept */
	assert_int_equal(pcm_plan_root_manager(a, "sip:x@contoso.com"), 0);  /* ours wins */
	assert_false(pcm_plan_is_disabled(a, 10));                     /* our undo wins */
	assert_int_equal(pcm_plan_load(c, path, &err), 0);
	assert_string_equal(pcm_plan_rename_of(c, 11), "From b");
	assert_int_equal(pcm_plan_root_manager(c, "sip:x@contoso.com"), 0);
	assert_false(pcm_plan_is_disabled(c, 10));
	/* b sees a's save at its next refresh */
	assert_int_equal(pcm_plan_refresh(b, &changed, &err), 0);
	assert_true(changed);
	assert_int_equal(pcm_plan_root_manager(b, "sip:x@contoso.com"), 0);
	/* one wizard per plan: the second hold is refused, naming the first */
	assert_int_equal(pcm_plan_hold(a, &err), 0);
	assert_int_not_equal(pcm_plan_hold(b, &err), 0);
	assert_non_null(strstr(err.text, "open in another pcmigrate wizard (pid "));
	pcm_plan_release(a);
	pcm_error_clear(&err);
	assert_int_equal(pcm_plan_hold(b, &err), 0);
	pcm_plan_free(a);
	pcm_plan_free(b);
	pcm_plan_free(c);
	free(path);
}

/* The legacy file store the runbook copies: a UNC share or a drive path,
 * nothing robocopy or cmd.exe would take otherwise (issue 14, section 2). */
static void store_root_is_unc_or_drive(void **state)
{
	static const char *const good[] = {
		"\\\\gc01\\MGCFileStore", "\\\\gc01.contoso.com\\MGC FileStore\\sub", "D:\\GroupChat\\Files",
		"D:\\", "\\\\10.0.0.5\\share$",
	};
	static const char *const bad[] = {
		"", "gc01\\MGCFileStore", "\\\\gc01", "\\\\gc01\\", "\\\\\\share", "\\\\gc01\\\\x",
		"D:", "D:GroupChat", "D:\\a\\", "\\\\gc01\\share\\", "//gc01/share", "ma-filelink://gc01/s",
		"https://gc01/MGCWebService", "\\\\gc01\\a\"b", "\\\\gc01\\a%PATH%", "\\\\gc01\\a|b",
		"\\\\gc01\\a\nb", "\\\\gc01\\a:b", "D:\\a\\\\b",
	};
	size_t i;

	(void)state;
	assert_false(pcm_store_root_ok(NULL));
	for (i = 0; i < sizeof good / sizeof *good; i++)
		if (!pcm_store_root_ok(good[i]))
			fail_msg("refused: %s", good[i]);
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		if (pcm_store_root_ok(bad[i]))
			fail_msg("accepted: %s", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(round_trip_keeps_every_decision, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(concurrent_saves_merge, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(atomic_save_leaves_no_temp_file, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(vanished_and_changed_decisions_are_named, make_dir,
		                                remove_dir),
		cmocka_unit_test(a_different_source_is_refused),
		cmocka_unit_test(decisions_done_in_the_source_are_not_stale),
		cmocka_unit_test(store_root_is_unc_or_drive),
		cmocka_unit_test_setup_teardown(invalid_plan_files_are_refused_with_the_place, make_dir,
		                                remove_dir),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
