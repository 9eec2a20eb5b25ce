/* SPDX-License-Identifier: MIT */
/* freetds.conf read as FreeTDS reads it (source/tds_conf.c): [global]
 * before the server's section whatever their order, keys in FreeTDS's
 * form, comments, and the search through the files ending at the first
 * that has the server's section. */
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
#include "base/util.h"
#include "source/tds_conf.h"

static char dir[] = "/tmp/pcm-test-tds-conf.XXXXXX";

/* every setting seen, "key=value;" in order */
static void collect(const char *key, const char *value, void *ctx)
{
	char *seen = ctx;
	size_t n = strlen(seen);
	snprintf(seen + n, 1024 - n, "%s=%s;", key, value);
}

static void write_file(const char *name, const char *text)
{
	char *path = pcm_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void test_global_then_server(void **state)
{
	char seen[1024] = "";
	(void)state;
	write_file("a.conf", "; a comment\n[SQL01]\n\tConnect   Timeout = 5 \n"
	                     "# another\n[global]\n\ttds version = auto\n\ttimeout=60\n");
	char *path = pcm_xasprintf("%s/a.conf", dir);
	setenv("FREETDSCONF", path, 1);
	free(path);
	assert_true(pcm_tds_conf_each("sql01", collect, seen));
	assert_string_equal(seen, "tds version=auto;timeout=60;connect timeout=5;");
}

static void test_search_ends_at_the_server(void **state)
{
	char seen[1024] = "";
	char *config = pcm_xasprintf("%s/.config", dir);
	(void)state;
	mkdir(config, 0700);
	free(config);
	write_file("b.conf", "[global]\n\ttimeout = 10\n[other]\n\ttimeout = 11\n");
	write_file(".config/freetds.conf", "[global]\n\ttimeout = 20\n[SQL02]\n\tport = 1500\n");
	write_file(".freetds.conf", "[global]\n\ttimeout = 30\n[SQL02]\n\tport = 1600\n");
	char *path = pcm_xasprintf("%s/b.conf", dir);
	setenv("FREETDSCONF", path, 1);
	free(path);
	unsetenv("FREETDS");
	setenv("HOME", dir, 1);
	assert_true(pcm_tds_conf_each("SQL02", collect, seen));
	assert_string_equal(seen, "timeout=10;timeout=20;port=1500;");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_then_server),
		cmocka_unit_test(test_search_ends_at_the_server),
	};
	if (!mkdtemp(dir))
		return 99;
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	char *cmd = pcm_xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = rc ? rc : 1;
	free(cmd);
	return rc;
}
