/* SPDX-License-Identifier: MIT */
/* secret.c: the password taken out of the environment (gone for child
 * processes, wiped where the environment block holds it) and wiped before
 * its copy is freed. free() is wrapped (-Wl,--wrap=free) to look at the
 * bytes of the watched buffer at the moment it is released. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "base/secret.h"

#define PW "Pw-7f3c$(id)'x"

extern char **environ;
void __real_free(void *p);
void __wrap_free(void *p);

static const void *watched;
static size_t watched_len;
static int watched_freed, watched_zero;

/* Records whether the watched buffer is all zero bytes when freed. */
void __wrap_free(void *p)
{
	if (p && p == watched) {
		size_t i;

		watched_zero = 1;
		for (i = 0; i < watched_len; i++)
			if (((const unsigned char *)p)[i])
				watched_zero = 0;
		watched_freed = 1;
		watched = NULL;
	}
	__real_free(p);
}

/* What a child process started now would see of the variable. */
static char *child_sees(const char *name)
{
	char cmd[128], buf[256] = "";
	FILE *f;

	snprintf(cmd, sizeof cmd, "printf '%%s' \"${%s-unset}\"", name);
	f = popen(cmd, "r");
	assert_non_null(f);
	if (!fgets(buf, sizeof buf, f))
		buf[0] = 0;
	pclose(f);
	return strdup(buf);
}

static void taken_from_env_and_gone_for_children(void **state)
{
	char *pw, *seen;

	(void)state;
	setenv("PCM_TEST_SECRET", PW, 1);
	seen = child_sees("PCM_TEST_SECRET");
	assert_string_equal(seen, PW);    /* the probe works */
	free(seen);
	pw = pcm_secret_from_env("PCM_TEST_SECRET");
	assert_non_null(pw);
	assert_string_equal(pw, PW);
	assert_null(getenv("PCM_TEST_SECRET"));
	seen = child_sees("PCM_TEST_SECRET");
	assert_string_equal(seen, "unset");
	free(seen);
	pcm_secret_free(pw);
	assert_null(pcm_secret_from_env("PCM_TEST_SECRET"));
}

/* The initial environment is a block of NAME=VALUE\0 strings (what
 * /proc/PID/environ shows): the value is wiped there, in place, in every
 * entry of that name. */
static void wiped_in_the_environment_block(void **state)
{
	char block[] = "A=1\0PCM_TEST_SECRET=" PW "\0B=2\0PCM_TEST_SECRET=dup\0";
	size_t off = 4, off2 = off + sizeof "PCM_TEST_SECRET=" PW + 4;
	char *fake[] = { block, block + off, block + off + sizeof "PCM_TEST_SECRET=" PW,
	                 block + off2, NULL };
	char **saved = environ, *pw;
	size_t i;

	(void)state;
	assert_string_equal(block + off2, "PCM_TEST_SECRET=dup");
	environ = fake;
	pw = pcm_secret_from_env("PCM_TEST_SECRET");
	assert_null(getenv("PCM_TEST_SECRET"));
	assert_string_equal(getenv("A"), "1");
	assert_string_equal(getenv("B"), "2");
	environ = saved;
	assert_string_equal(pw, PW);
	assert_null(memmem(block, sizeof block, PW, strlen(PW)));
	assert_null(memmem(block, sizeof block, "dup", 3));
	assert_memory_equal(block + off, "PCM_TEST_SECRET=", 16);
	for (i = off + 16; i < off + sizeof "PCM_TEST_SECRET=" PW; i++)
		assert_int_equal(block[i], 0);
	pcm_secret_free(pw);
}

static void zeroed_before_it_is_freed(void **state)
{
	/* through a pointer: gcc's builtin free may not touch our globals */
	void (*volatile release)(void *) = free;
	char *pw;

	(void)state;
	setenv("PCM_TEST_SECRET", PW, 1);
	pw = pcm_secret_from_env("PCM_TEST_SECRET");
	watched = pw;
	watched_len = strlen(PW);
	watched_freed = watched_zero = 0;
	pcm_secret_free(pw);
	assert_true(watched_freed);
	assert_true(watched_zero);
	/* the probe itself can tell: a plain free of a live string is seen */
	pw = strdup(PW);
	watched = pw;
	watched_freed = watched_zero = 0;
	release(pw);
	assert_true(watched_freed);
	assert_false(watched_zero);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(taken_from_env_and_gone_for_children),
		cmocka_unit_test(wiped_in_the_environment_block),
		cmocka_unit_test(zeroed_before_it_is_freed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
