/* SPDX-License-Identifier: MIT */
/* make check's side of a fuzz target: replays the seed corpus
 * (tests/fuzz/corpus/<target>/) and every crasher the fuzzer ever found
 * (tests/fuzz/regress/<target>/) through the target's own entry point, so
 * a fixed crash stays fixed. One cmocka test per file. FUZZ_TARGET names
 * the target (set by the Makefile fragment). */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fuzz.h"
#include "base/util.h"

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET must name the target"
#endif

/* Reads a whole file; aborts the test on failure. */
static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!fp)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = pcm_xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	*size = n;
	return buf;
}

/* One test: feed one file to the target. The target aborts on a broken
 * invariant; the sanitizers (ASan build) or valgrind catch the rest. */
static void replay_file(void **state)
{
	const char *path = *state;
	size_t size;
	uint8_t *data = slurp(path, &size);

	assert_int_equal(LLVMFuzzerTestOneInput(data, size), 0);
	free(data);
}

/* Adds every file of top/tests/fuzz/label (sorted) to the test list. */
static void collect(const char *top, const char *label, struct CMUnitTest **tests, size_t *n,
                    size_t *cap)
{
	char *dir = pcm_xasprintf("%s/tests/fuzz/%s", top, label);
	struct dirent **ents;
	int k, i;

	k = scandir(dir, &ents, NULL, alphasort);
	free(dir);
	if (k < 0)
		return;
	for (i = 0; i < k; i++) {
		if (ents[i]->d_name[0] != '.') {
			char *path = pcm_xasprintf("%s/tests/fuzz/%s/%s", top, label, ents[i]->d_name);
			struct CMUnitTest t = { 0 };
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				*tests = pcm_xrealloc(*tests, *cap * sizeof **tests);
			}
			t.name = pcm_xasprintf("%s/%s", label, ents[i]->d_name);
			t.test_func = replay_file;
			t.initial_state = path;
			(*tests)[(*n)++] = t;
		}
		free(ents[i]);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	struct CMUnitTest *tests = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	if (!top)
		top = ".";
	LLVMFuzzerInitialize(&argc, &argv);
	collect(top, "corpus/" FUZZ_TARGET, &tests, &n, &cap);
	collect(top, "regress/" FUZZ_TARGET, &tests, &n, &cap);
	if (n == 0) {
		fprintf(stderr, "no corpus files for %s under %s/tests/fuzz\n", FUZZ_TARGET, top);
		return 1;
	}
	rc = _cmocka_run_group_tests("fuzz_" FUZZ_TARGET, tests, n, NULL, NULL);
	for (i = 0; i < n; i++) {
		free((void *)tests[i].name);
		free(tests[i].initial_state);
	}
	free(tests);
	return rc;
}
