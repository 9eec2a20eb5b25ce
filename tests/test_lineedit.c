/* SPDX-License-Identifier: MIT */
/* ui/lineedit.c: editing operations and cursor columns on Hangul text,
 * combining marks, horizontal scrolling. Pure state, no terminal. */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "widgets/keys.h"
#include "widgets/lineedit.h"
#include "widgets/text.h"
#include "widgets/ui.h"

static bool utf8_locale;

#define HAN "\xED\x95\x9C"      /* 한 U+D55C */
#define GUK "\xEA\xB5\xAD"      /* 국 U+AD6D */
#define EO  "\xEC\x96\xB4"      /* 어 U+C5B4 */

static void assert_text(const struct pcm_lineedit *le, const char *want)
{
	char *s = pcm_le_get(le);
	assert_string_equal(s, want);
	free(s);
}

static void press(struct pcm_lineedit *le, int key)
{
	bool changed;
	pcm_le_key(le, key, &changed);
}

static void hangul_takes_two_columns(void **state)
{
	struct pcm_lineedit le;

	(void)state;
	pcm_le_init(&le);
	pcm_le_set(&le, HAN GUK EO);
	assert_int_equal(le.len, 3);
	assert_int_equal(le.cursor, 3);
	assert_int_equal(pcm_le_columns(&le, 0, le.len), 6);
	assert_int_equal(pcm_le_layout(&le, 40), 6);
	press(&le, PCM_KEY_FN(KEY_LEFT));
	assert_int_equal(le.cursor, 2);
	assert_int_equal(pcm_le_layout(&le, 40), 4);
	press(&le, PCM_KEY_CTRL('a'));
	assert_int_equal(pcm_le_layout(&le, 40), 0);
	press(&le, PCM_KEY_FN(KEY_RIGHT));
	assert_int_equal(pcm_le_layout(&le, 40), 2);
	press(&le, PCM_KEY_CTRL('e'));
	assert_int_equal(le.cursor, 3);
	press(&le, PCM_KEY_FN(KEY_RIGHT));      /* stays at the end */
	assert_int_equal(le.cursor, 3);
	pcm_le_free(&le);
}

static void insert_and_delete_whole_characters(void **state)
{
	struct pcm_lineedit le;
	bool changed;

	(void)state;
	pcm_le_init(&le);
	pcm_le_set(&le, "ab");
	press(&le, PCM_KEY_FN(KEY_LEFT));
	assert_true(pcm_le_key(&le, 0xD55C, &changed));        /* 한 */
	assert_true(changed);
	assert_text(&le, "a" HAN "b");
	assert_int_equal(pcm_le_layout(&le, 40), 3);
	press(&le, PCM_KEY_FN(KEY_BACKSPACE));
	assert_text(&le, "ab");
	assert_int_equal(le.cursor, 1);
	pcm_le_key(&le, 0xAD6D, &changed);
	press(&le, PCM_KEY_FN(KEY_LEFT));
	press(&le, PCM_KEY_FN(KEY_DC));
	assert_text(&le, "ab");
	press(&le, 127);                        /* DEL as Backspace */
	assert_text(&le, "b");
	/* a movement does not count as a change */
	pcm_le_key(&le, PCM_KEY_FN(KEY_END), &changed);
	assert_false(changed);
	/* control characters are not inserted */
	assert_false(pcm_le_key(&le, PCM_KEY_CTRL('x'), &changed));
	assert_text(&le, "b");
	pcm_le_free(&le);
}

static void kill_keys(void **state)
{
	struct pcm_lineedit le;

	(void)state;
	pcm_le_init(&le);
	pcm_le_set(&le, "Sales " HAN GUK " team");
	press(&le, PCM_KEY_CTRL('w'));
	assert_text(&le, "Sales " HAN GUK " ");
	press(&le, PCM_KEY_CTRL('w'));
	assert_text(&le, "Sales ");
	pcm_le_set(&le, HAN GUK EO "xyz");
	press(&le, PCM_KEY_CTRL('a'));
	press(&le, PCM_KEY_FN(KEY_RIGHT));
	press(&le, PCM_KEY_FN(KEY_RIGHT));
	press(&le, PCM_KEY_CTRL('k'));
	assert_text(&le, HAN GUK);
	assert_int_equal(pcm_le_layout(&le, 40), 4);
	pcm_le_set(&le, HAN GUK EO "xyz");
	press(&le, PCM_KEY_FN(KEY_LEFT));
	press(&le, PCM_KEY_CTRL('u'));
	assert_text(&le, "z");
	assert_int_equal(le.cursor, 0);
	pcm_le_free(&le);
}

static void combining_mark_stays_with_its_base(void **state)
{
	struct pcm_lineedit le;

	(void)state;
	if (!utf8_locale)
		skip();
	pcm_le_init(&le);
	pcm_le_set(&le, "e\xCC\x81x");            /* e + U+0301 + x */
	assert_int_equal(le.len, 3);
	assert_int_equal(pcm_le_columns(&le, 0, 3), 2);
	press(&le, PCM_KEY_FN(KEY_LEFT));
	assert_int_equal(le.cursor, 2);
	press(&le, PCM_KEY_FN(KEY_LEFT));
	assert_int_equal(le.cursor, 0);         /* not between e and the accent */
	press(&le, PCM_KEY_FN(KEY_RIGHT));
	assert_int_equal(le.cursor, 2);
	press(&le, PCM_KEY_FN(KEY_BACKSPACE));
	assert_text(&le, "x");
	pcm_le_free(&le);
}

/* The view scrolls so the cursor is visible, by whole characters: the
 * cursor column is always the width of whole characters before it. */
static void horizontal_scroll_by_whole_characters(void **state)
{
	struct pcm_lineedit le;
	int i, col;

	(void)state;
	pcm_le_init(&le);
	for (i = 0; i < 30; i++)
		pcm_le_insert(&le, 0xAC00 + i);     /* 60 columns of Hangul */
	col = pcm_le_layout(&le, 11);
	assert_true(col <= 10);
	assert_int_equal(col, pcm_le_columns(&le, le.scroll, le.cursor));
	assert_int_equal(col % 2, 0);
	assert_true(le.scroll > 0);
	press(&le, PCM_KEY_FN(KEY_HOME));
	assert_int_equal(pcm_le_layout(&le, 11), 0);
	assert_int_equal(le.scroll, 0);
	for (i = 0; i < 7; i++)
		press(&le, PCM_KEY_FN(KEY_RIGHT));
	col = pcm_le_layout(&le, 11);
	assert_int_equal(col, pcm_le_columns(&le, le.scroll, le.cursor));
	assert_true(col <= 10);
	pcm_le_free(&le);
}

static void utf8_round_trip_and_limit(void **state)
{
	struct pcm_lineedit le;
	const char *s = "Caf\xC3\xA9 " HAN " \xF0\x9F\x98\x80";

	(void)state;
	pcm_le_init(&le);
	pcm_le_set(&le, s);
	assert_text(&le, s);
	assert_int_equal(le.len, 8);
	le.max_len = 8;
	assert_false(pcm_le_insert(&le, 'x'));
	pcm_le_set(&le, "");
	assert_int_equal(le.len, 0);
	press(&le, PCM_KEY_FN(KEY_BACKSPACE));   /* harmless at the start */
	press(&le, PCM_KEY_FN(KEY_DC));
	assert_int_equal(le.len, 0);
	pcm_le_free(&le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hangul_takes_two_columns),
		cmocka_unit_test(insert_and_delete_whole_characters),
		cmocka_unit_test(kill_keys),
		cmocka_unit_test(combining_mark_stays_with_its_base),
		cmocka_unit_test(horizontal_scroll_by_whole_characters),
		cmocka_unit_test(utf8_round_trip_and_limit),
	};

	utf8_locale = setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
