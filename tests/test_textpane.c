/* SPDX-License-Identifier: MIT */
/* ui/text.c and ui/textpane.c: width of Hangul, wrapping at spaces and
 * inside over-long words, scrolling and search in a wrapped pane, and the
 * drawn rows. */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "widgets/colors.h"
#include "widgets/draw.h"
#include "widgets/keys.h"
#include "widgets/textpane.h"
#include "vscreen.h"

#define HANGUL10 "\xEA\xB0\x80\xEA\xB0\x81\xEA\xB0\x82\xEA\xB0\x83\xEA\xB0\x84" \
	"\xEA\xB0\x85\xEA\xB0\x86\xEA\xB0\x87\xEA\xB0\x88\xEA\xB0\x89"

static void widths_and_fit(void **state)
{
	(void)state;
	assert_int_equal(pcm_text_width("abc"), 3);
	assert_int_equal(pcm_text_width(HANGUL10), 20);
	assert_int_equal(pcm_text_fit(HANGUL10, 5), 6);       /* two syllables, not two and a half */
	assert_int_equal(pcm_text_fit("abc", 10), 3);
	assert_int_equal(pcm_text_width("\xFF"), 1);           /* broken UTF-8 shows as one cell */
}

static void wrap_breaks_at_spaces(void **state)
{
	struct pcm_lines l = { 0 };

	(void)state;
	pcm_wrap("the quick brown fox jumps\n\nover", 10, &l);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[0], "the quick");
	assert_string_equal(l.v[1], "brown fox");
	assert_string_equal(l.v[2], "jumps");
	assert_string_equal(l.v[3], "");
	assert_string_equal(l.v[4], "over");
	pcm_lines_free(&l);
	/* a word wider than the line is cut between characters, never inside one */
	pcm_wrap(HANGUL10, 7, &l);
	assert_int_equal(l.n, 4);
	assert_int_equal(pcm_text_width(l.v[0]), 6);
	pcm_lines_free(&l);
	assert_true(pcm_text_contains("Sales/\xED\x95\x9C\xEA\xB5\xAD Team", "\xED\x95\x9C\xEA\xB5\xAD t"));
	assert_false(pcm_text_contains("abc", "abd"));
}

/* A path is cut by columns only: a newline in it stays in its line (to be
 * drawn escaped, "\n", two columns) and no character is split. */
static void wrap_columns_keeps_control_characters(void **state)
{
	struct pcm_lines l = { 0 };

	(void)state;
	pcm_wrap_columns("Sales/line\nbreak del", 12, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "Sales/line\n");
	assert_string_equal(l.v[1], "break del");
	pcm_lines_free(&l);
	pcm_wrap_columns(HANGUL10, 7, &l);
	assert_int_equal(l.n, 4);
	assert_int_equal(pcm_text_width(l.v[0]), 6);
	pcm_lines_free(&l);
}

static void pane_scrolls_and_searches(void **state)
{
	struct pcm_textpane tp;
	char text[4096] = "";
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "line %d\n", i);
	strcat(text, "the end");
	pcm_textpane_init(&tp);
	pcm_textpane_set_text(&tp, text);
	pcm_textpane_layout(&tp, 40, 10);
	assert_int_equal(tp.lines.n, 101);
	assert_true(pcm_textpane_act(&tp, PCM_ACT_END));
	assert_int_equal(tp.top, 91);
	pcm_textpane_act(&tp, PCM_ACT_DOWN);
	assert_int_equal(tp.top, 91);
	pcm_textpane_act(&tp, PCM_ACT_HOME);
	pcm_textpane_act(&tp, PCM_ACT_PGDN);
	assert_int_equal(tp.top, 9);
	assert_true(pcm_textpane_search(&tp, "line 55", 1));
	assert_int_equal(tp.hit, 55);
	assert_true(tp.top <= 55 && 55 < tp.top + 10);
	assert_true(pcm_textpane_search(&tp, "THE END", 1));
	assert_int_equal(tp.hit, 100);
	assert_false(pcm_textpane_search(&tp, "nowhere", 1));
	/* a narrower pane re-wraps and keeps top in range */
	pcm_textpane_layout(&tp, 4, 10);
	assert_true(tp.lines.n > 101);
	pcm_textpane_free(&tp);
}

static void pane_draws_hangul_clipped(void **state)
{
	struct pcm_textpane tp;
	char *row;

	(void)state;
	if (vscreen_open(24, 80) < 0)
		skip();
	pcm_colors_init(true);
	pcm_textpane_init(&tp);
	pcm_textpane_set_text(&tp, "first\n" HANGUL10 " tail");
	pcm_textpane_draw(&tp, stdscr, 0, 0, 3, 9, A_NORMAL);
	row = vscreen_row(0);
	assert_string_equal(row, "first");
	free(row);
	row = vscreen_row(1);       /* 9 columns: four syllables, not four and a half */
	assert_string_equal(row, "\xEA\xB0\x80\xEA\xB0\x81\xEA\xB0\x82\xEA\xB0\x83");
	free(row);
	pcm_draw_text(stdscr, 5, 0, "ab" HANGUL10, 5, A_NORMAL, true);
	mvaddstr(5, 5, "|");
	row = vscreen_row(5);
	assert_string_equal(row, "ab\xEA\xB0\x80 |");
	free(row);
	pcm_textpane_free(&tp);
	vscreen_close();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths_and_fit),
		cmocka_unit_test(wrap_breaks_at_spaces),
		cmocka_unit_test(wrap_columns_keeps_control_characters),
		cmocka_unit_test(pane_scrolls_and_searches),
		cmocka_unit_test(pane_draws_hangul_clipped),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
