/* SPDX-License-Identifier: MIT */
/* ui/draw.c on hostile names (issue 8, item 7): a
 * control character in drawn text never reaches curses raw; it is drawn
 * as its escape (escape.h) in reverse video, takes as many columns as the
 * escape has (so tables and the line editor's cursor, which measure with
 * the same pcm_wcwidth, stay aligned), and
 * clipping never cuts an escape in half. */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "widgets/draw.h"
#include "vscreen.h"

static int setup(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	return vscreen_open(5, 40);
}

static int teardown(void **state)
{
	(void)state;
	vscreen_close();
	return 0;
}

/* The attributes of the cell at (y, x). */
static attr_t cell_attr(int y, int x)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair;

	mvwin_wch(stdscr, y, x, &cc);
	getcchar(&cc, wc, &a, &pair, NULL);
	return a;
}

static void controls_drawn_as_escapes(void **state)
{
	char *row;
	int cols;

	(void)state;
	werase(stdscr);
	/* ESC [ 2 J, OSC 0 ; t BEL, CSI as U+009B, DEL, a newline */
	cols = pcm_draw_text(stdscr, 0, 0, "a\x1b[2Jb\x1b]0;t\x07" "c", 40, A_NORMAL, false);
	row = vscreen_row(0);
	assert_string_equal(row, "a\\x1b[2Jb\\x1b]0;t\\x07c");
	assert_int_equal(cols, (int)strlen(row));
	free(row);
	pcm_draw_text(stdscr, 1, 0, "\xC2\x9B" "2J del\x7F nl\nx \xED\x95\x9C", 40, A_NORMAL, false);
	row = vscreen_row(1);
	assert_string_equal(row, "\\u009b2J del\\x7f nl\\nx \xED\x95\x9C");
	free(row);
	/* the escape in reverse video, the text around it not */
	assert_true(cell_attr(0, 0) == A_NORMAL || !(cell_attr(0, 0) & A_REVERSE));
	assert_true(cell_attr(0, 1) & A_REVERSE);
	assert_true(cell_attr(0, 4) & A_REVERSE);
	assert_false(cell_attr(0, 5) & A_REVERSE);
	/* in a reversed row (a selected list line) the escape is the normal one */
	pcm_draw_text(stdscr, 2, 0, "s\x1b", 40, A_REVERSE, false);
	assert_true(cell_attr(2, 0) & A_REVERSE);
	assert_false(cell_attr(2, 1) & A_REVERSE);
}

static void widths_count_the_escape(void **state)
{
	char *row;
	int cols;

	(void)state;
	assert_int_equal(pcm_text_width("a\x1b" "b"), 6);
	assert_int_equal(pcm_text_width("\xC2\x9B"), 6);
	assert_int_equal(pcm_text_width("\n"), 2);
	/* a cut never splits an escape: room for "a" and 3 of 4 columns */
	assert_int_equal(pcm_text_fit("a\x1b" "b", 4), 1);
	assert_int_equal(pcm_text_fit("a\x1b" "b", 5), 2);
	werase(stdscr);
	cols = pcm_draw_text(stdscr, 0, 0, "a\x1b[2J", 4, A_NORMAL, true);
	row = vscreen_row(0);
	assert_string_equal(row, "a");
	assert_int_equal(cols, 1);
	free(row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(controls_drawn_as_escapes),
		cmocka_unit_test(widths_count_the_escape),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
