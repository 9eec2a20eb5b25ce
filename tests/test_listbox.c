/* SPDX-License-Identifier: MIT */
/* ui/listbox.c: a virtual list of 100,000 rows: movement, paging, check
 * boxes and their count, search, and a redraw whose cost does not grow
 * with the list (row text is asked for the visible rows only). */
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
#include "widgets/colors.h"
#include "widgets/gauge.h"
#include "widgets/keys.h"
#include "widgets/listbox.h"
#include "vscreen.h"

#define BIG 100000

static size_t text_calls;

static void row_text(void *ctx, size_t i, char *buf, size_t size)
{
	(void)ctx;
	text_calls++;
	if (i == 77777)
		snprintf(buf, size, "room \xED\x95\x9C\xEA\xB5\xAD %zu", i);
	else
		snprintf(buf, size, "room %06zu", i);
}

static void movement_and_paging(void **state)
{
	struct pcm_listbox lb;

	(void)state;
	pcm_listbox_init(&lb, BIG, false, row_text, NULL, NULL);
	pcm_listbox_set_rows(&lb, 10);
	assert_int_equal(pcm_listbox_key(&lb, PCM_KEY_FN(KEY_END)), PCM_LB_MOVED);
	assert_int_equal(lb.cursor, BIG - 1);
	assert_int_equal(lb.top, BIG - 10);
	pcm_listbox_key(&lb, PCM_KEY_FN(KEY_DOWN));
	assert_int_equal(lb.cursor, BIG - 1);
	pcm_listbox_key(&lb, PCM_KEY_FN(KEY_PPAGE));
	assert_int_equal(lb.cursor, BIG - 10);
	pcm_listbox_key(&lb, PCM_KEY_FN(KEY_HOME));
	assert_int_equal(lb.cursor, 0);
	assert_int_equal(lb.top, 0);
	pcm_listbox_key(&lb, PCM_KEY_FN(KEY_NPAGE));
	assert_int_equal(lb.cursor, 9);
	assert_int_equal(lb.top, 9);
	pcm_listbox_key(&lb, 'k');
	assert_int_equal(lb.cursor, 8);
	assert_int_equal(lb.top, 8);
	pcm_listbox_key(&lb, PCM_KEY_FN(KEY_UP));
	pcm_listbox_set_rows(&lb, 5);
	assert_true(lb.cursor >= lb.top && lb.cursor < lb.top + 5);
	/* shrinking the list keeps the cursor inside */
	pcm_listbox_goto(&lb, 500);
	pcm_listbox_set_count(&lb, 100);
	assert_int_equal(lb.cursor, 99);
	pcm_listbox_set_count(&lb, 0);
	assert_int_equal(pcm_listbox_key(&lb, PCM_KEY_FN(KEY_DOWN)), PCM_LB_IGNORED);
	pcm_listbox_free(&lb);
}

static void check_boxes_are_counted(void **state)
{
	struct pcm_listbox lb;

	(void)state;
	pcm_listbox_init(&lb, BIG, true, row_text, NULL, NULL);
	assert_int_equal(pcm_listbox_key(&lb, ' '), PCM_LB_TOGGLED);
	assert_int_equal(lb.nchecked, 1);
	assert_true(pcm_listbox_checked(&lb, 0));
	pcm_listbox_key(&lb, PCM_KEY_FN(KEY_END));
	pcm_listbox_key(&lb, ' ');
	assert_int_equal(lb.nchecked, 2);
	pcm_listbox_key(&lb, ' ');
	assert_int_equal(lb.nchecked, 1);
	pcm_listbox_set_checked(&lb, 50, true);
	pcm_listbox_set_checked(&lb, 50, true);
	assert_int_equal(lb.nchecked, 2);
	pcm_listbox_set_count(&lb, 10);         /* row 50 goes away */
	assert_int_equal(lb.nchecked, 1);
	pcm_listbox_set_count(&lb, 60);
	assert_false(pcm_listbox_checked(&lb, 50));
	pcm_listbox_free(&lb);
}

static void search_wraps_both_ways(void **state)
{
	struct pcm_listbox lb;

	(void)state;
	pcm_listbox_init(&lb, BIG, false, row_text, NULL, NULL);
	pcm_listbox_set_rows(&lb, 20);
	assert_int_equal(pcm_listbox_key(&lb, '/'), PCM_LB_SEARCH);
	assert_true(pcm_listbox_search(&lb, "054321", 1));
	assert_int_equal(lb.cursor, 54321);
	assert_true(lb.top <= 54321 && 54321 < lb.top + 20);
	assert_true(pcm_listbox_search(&lb, "\xED\x95\x9C\xEA\xB5\xAD", 1));    /* 한국 */
	assert_int_equal(lb.cursor, 77777);
	assert_true(pcm_listbox_search(&lb, "ROOM 000003", -1));                /* case-insensitive */
	assert_int_equal(lb.cursor, 3);
	assert_true(pcm_listbox_search(&lb, "00003", 1));       /* rows 30..39 match, 3 too */
	assert_int_equal(lb.cursor, 30);
	pcm_listbox_key(&lb, 'n');
	assert_int_equal(lb.cursor, 31);
	pcm_listbox_key(&lb, 'N');
	pcm_listbox_key(&lb, 'N');
	assert_int_equal(lb.cursor, 3);
	assert_false(pcm_listbox_search(&lb, "no such row", 1));
	assert_int_equal(lb.cursor, 3);
	pcm_listbox_free(&lb);
}

/* Drawing 100,000 rows asks for the visible rows only: the cost of a
 * redraw does not depend on the list's length. (Its time is a benchmark
 * figure, `make bench`, never a unit-test verdict.) */
static void redraw_cost_is_independent_of_length(void **state)
{
	struct pcm_listbox lb;
	char *row;
	int k;

	(void)state;
	if (vscreen_open(24, 80) < 0)
		skip();
	pcm_colors_init(false);
	pcm_listbox_init(&lb, BIG, true, row_text, NULL, NULL);
	pcm_listbox_draw(&lb, stdscr, 2, 0, 20, 80, true);
	doupdate();
	for (k = 0; k < 50; k++) {
		text_calls = 0;
		pcm_listbox_key(&lb, k % 2 ? PCM_KEY_FN(KEY_END) : PCM_KEY_FN(KEY_NPAGE));
		pcm_listbox_draw(&lb, stdscr, 2, 0, 20, 80, true);
		wnoutrefresh(stdscr);
		doupdate();
		assert_true(text_calls <= 20);
	}
	pcm_listbox_key(&lb, ' ');
	pcm_listbox_draw(&lb, stdscr, 2, 0, 20, 80, true);
	row = vscreen_row(21);
	assert_int_equal(strncmp(row, "[x] room 099999  ", 17), 0);
	assert_int_equal(pcm_text_width(row), 80);     /* text, then the scroll bar column */
	free(row);
	pcm_listbox_goto(&lb, 77777);
	pcm_listbox_draw(&lb, stdscr, 2, 0, 20, 80, true);
	row = vscreen_row(2);
	assert_non_null(strstr(row, "[ ] room \xED\x95\x9C\xEA\xB5\xAD 77777"));
	free(row);
	vscreen_close();
	pcm_listbox_free(&lb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(movement_and_paging),
		cmocka_unit_test(check_boxes_are_counted),
		cmocka_unit_test(search_wraps_both_ways),
		cmocka_unit_test(redraw_cost_is_independent_of_length),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
