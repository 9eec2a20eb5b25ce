/* SPDX-License-Identifier: MIT */
/* Display width (textwidth.c): Hangul and other wide characters take two
 * columns, combining marks none, invalid bytes one; padding counts
 * columns, not bytes. */
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
#include "base/textwidth.h"

static void widths_count_columns(void **state)
{
	(void)state;
	assert_int_equal(pcm_text_width("abc"), 3);
	assert_int_equal(pcm_text_width("사용자"), 6);          /* 9 bytes */
	assert_int_equal(pcm_text_width("영업 1팀"), 8);
	assert_int_equal(pcm_text_width("e\xcc\x81"), 1);       /* e + combining acute */
	assert_int_equal(pcm_text_width("\xff"), 1);            /* invalid byte: one '?' */
	assert_int_equal(pcm_text_width("\xf0\x9f\x98\x80"), 2); /* U+1F600 */
	assert_int_equal(pcm_text_width(""), 0);
	/* the longest prefix that fits never splits a syllable */
	assert_int_equal(pcm_text_fit("사용자", 5), 6);
	assert_int_equal(pcm_text_fit("사용자", 6), 9);
}

/* Long paths keep their start and their end, cut in the middle. */
static void cut_in_the_middle(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(pcm_text_cut_middle("short", 10, "...", buf, sizeof buf), "short");
	assert_string_equal(pcm_text_cut_middle("abcdefghijklmnopqrstuvwxyz", 11, "...", buf, sizeof buf),
	                    "abcd...wxyz");
	assert_int_equal(pcm_text_width(buf), 11);
	/* wide characters: never over the width, never split */
	pcm_text_cut_middle("영업본부/국내영업 1그룹/금융 영업팀", 14, "\u2026", buf, sizeof buf);
	assert_true(pcm_text_width(buf) <= 14);
	assert_non_null(strstr(buf, "\u2026"));
	assert_int_equal(strncmp(buf, "영업본", 9), 0);
	assert_non_null(strstr(buf, "영업팀"));
}

/* Pads into a memory stream; returns the text written (caller frees). */
static char *padded(const char *s, int width, bool right)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(pcm_fput_padded(f, s, width, right), 0);
	fclose(f);
	return buf;
}

static void padding_counts_columns_not_bytes(void **state)
{
	char *s;

	(void)state;
	s = padded("사용자", 10, false);
	assert_string_equal(s, "사용자    ");
	assert_int_equal(pcm_text_width(s), 10);
	free(s);
	s = padded("메시지", 9, true);
	assert_string_equal(s, "   메시지");
	free(s);
	s = padded("User", 6, false);
	assert_string_equal(s, "User  ");
	free(s);
	/* too long: written whole, as %-*s does */
	s = padded("Federated Group", 4, false);
	assert_string_equal(s, "Federated Group");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths_count_columns),
		cmocka_unit_test(cut_in_the_middle),
		cmocka_unit_test(padding_counts_columns_not_bytes),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
