/* SPDX-License-Identifier: MIT */
/* cli_common.c: loading the default source (the training sample) and
 * where the plan lives by default. */
#include "config.h"
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
#include "app/app.h"
#include "base/util.h"

static void default_source_is_the_training_sample(void **state)
{
	struct pcm_source *s;
	struct pcm_deployment *d;
	char *spec = pcm_xasprintf("snapshot:%s/tests/data/snapshot/small.xml", getenv("top_srcdir"));

	(void)state;
	assert_int_equal(pcm_app_load(NULL, &s, &d), 0);
	assert_true(d->info.training);
	assert_string_equal(d->info.location, pcm_sample_path());
	pcm_deployment_free(d);
	pcm_source_close(s);
	assert_int_equal(pcm_app_load(spec, &s, &d), 0);
	assert_false(d->info.training);
	assert_string_equal(s->spec, spec);
	pcm_deployment_free(d);
	pcm_source_close(s);
	free(spec);
}

static void plan_path_under_xdg_state_home(void **state)
{
	char dir[] = "/tmp/pcm-state-XXXXXX", *want, *got, *cmd;
	struct pcm_deployment d = { 0 };
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	d.info.kind = "snapshot";
	d.info.location = "/srv/exports/Group Chat DB.xml";
	got = pcm_app_default_plan_path(&d);
	/* no header known: the file name, as before */
	want = pcm_xasprintf("%s/pcmigrate/Group_Chat_DB.plan.xml", dir);
	assert_string_equal(got, want);
	free(want);
	free(got);
	/* a snapshot: server, database and the first 8 digits of its SHA-256 */
	d.info.server = "SQL01\\GROUPCHAT";
	d.info.database = "Group Chat/DB";
	strcpy(d.info.sha256, "1a2b3c4d5e6f");
	got = pcm_app_default_plan_path(&d);
	want = pcm_xasprintf("%s/pcmigrate/SQL01_GROUPCHAT-Group_Chat_DB-1a2b3c4d.plan.xml", dir);
	assert_string_equal(got, want);
	free(want);
	free(got);
	d.info.sha256[0] = '\0';
	want = pcm_xasprintf("%s/pcmigrate", dir);
	assert_int_equal(stat(want, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	free(want);

	d.info.kind = "tds";
	d.info.server = "SQL01\\GROUPCHAT";
	d.info.database = "GroupChatDB";
	got = pcm_app_default_plan_path(&d);
	want = pcm_xasprintf("%s/pcmigrate/SQL01_GROUPCHAT-GroupChatDB.plan.xml", dir);
	assert_string_equal(got, want);
	free(want);
	free(got);

	/* unset or relative: ~/.local/state */
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", dir, 1);
	got = pcm_app_default_plan_path(&d);
	want = pcm_xasprintf("%s/.local/state/pcmigrate/SQL01_GROUPCHAT-GroupChatDB.plan.xml", dir);
	assert_string_equal(got, want);
	free(want);
	free(got);
	cmd = pcm_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_source_is_the_training_sample),
		cmocka_unit_test(plan_path_under_xdg_state_home),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
