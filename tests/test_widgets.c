/* SPDX-License-Identifier: MIT */
/* ui/keys.c, help.c, statusbar.c, gauge.c, stepbar.c, colors.c: key
 * tables drive the help and the status bar, replay scripts parse, the
 * gauge's rate and time left, the step bar fits 80 columns. */
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
#include "widgets/gauge.h"
#include "widgets/help.h"
#include "widgets/keys.h"
#include "widgets/lineedit.h"
#include "widgets/listbox.h"
#include "widgets/statusbar.h"
#include "widgets/stepbar.h"
#include "vscreen.h"

static void replay_scripts_parse(void **state)
{
	int *keys = NULL;
	const char *bad = NULL;
	long n;

	(void)state;
	n = pcm_keys_parse_script("# comment line\nab<Down><C-k>\n\xED\x95\x9C<Enter><lt>", &keys, &bad);
	assert_int_equal(n, 7);
	assert_int_equal(keys[0], 'a');
	assert_int_equal(keys[2], PCM_KEY_FN(KEY_DOWN));
	assert_int_equal(keys[3], 11);
	assert_int_equal(keys[4], 0xD55C);
	assert_int_equal(keys[5], '\r');
	assert_int_equal(keys[6], '<');
	free(keys);
	assert_int_equal(pcm_keys_parse_script("x<Nope>", &keys, &bad), -1);
	assert_string_equal(bad, "<Nope>");
	assert_int_equal(pcm_key_from_name("F1"), PCM_KEY_FN(KEY_F(1)));
}

static void help_lists_every_bound_action(void **state)
{
	const struct pcm_keymap *maps[] = { &pcm_listbox_keys, &pcm_lineedit_keys };
	char *h = pcm_help_text("Title", "Why this step exists.", maps, 2);

	(void)state;
	assert_non_null(strstr(h, "Title\n\nWhy this step exists."));
	assert_non_null(strstr(h, "Up k "));            /* keys of one action together */
	assert_non_null(strstr(h, "Ctrl-K"));
	assert_non_null(strstr(h, "Home Ctrl-A"));
	/* the help column lines up: same offset for two rows */
	assert_int_equal(strstr(strstr(h, "  PgUp"), "move") - strstr(h, "  PgUp"),
	                 strstr(strstr(h, "  End G"), "go") - strstr(h, "  End G"));
	free(h);
}

static void status_bar_from_tables(void **state)
{
	static const struct pcm_keybind extra[] = {
		{ 'q', PCM_ACT_QUIT, "q", "quit", "Quit" },
		{ '/', PCM_ACT_SEARCH, "/", "search", "Search" },
	};
	const struct pcm_keymap km = PCM_KEYMAP("x", extra);
	const struct pcm_keymap *maps[] = { &pcm_listbox_keys, &km };
	char buf[256];

	(void)state;
	pcm_statusbar_format(maps, 2, buf, sizeof buf);
	assert_string_equal(buf, "Space Tick  / Search  q Quit");
}

static void gauge_rate_and_time_left(void **state)
{
	struct pcm_gauge g;
	char buf[32];

	(void)state;
	pcm_gauge_start(&g, 10, 1000, 100.0);
	assert_true(pcm_gauge_eta(&g) < 0);
	pcm_gauge_update(&g, 2, 250, 105.0);
	assert_true(pcm_gauge_fraction(&g) > 0.249 && pcm_gauge_fraction(&g) < 0.251);
	assert_true(pcm_gauge_rate(&g) > 49.9 && pcm_gauge_rate(&g) < 50.1);
	assert_true(pcm_gauge_eta(&g) > 14.9 && pcm_gauge_eta(&g) < 15.1);
	pcm_gauge_update(&g, 10, 1000, 110.0);
	assert_true(pcm_gauge_eta(&g) == 0);
	pcm_gauge_start(&g, 4, 0, 0.0);         /* no messages: by rooms */
	pcm_gauge_update(&g, 1, 0, 2.0);
	assert_true(pcm_gauge_fraction(&g) == 0.25);
	assert_true(pcm_gauge_eta(&g) > 5.9 && pcm_gauge_eta(&g) < 6.1);
	pcm_format_duration(3723, buf, sizeof buf);
	assert_string_equal(buf, "1:02:03");
	pcm_format_duration(65, buf, sizeof buf);
	assert_string_equal(buf, "1:05");
	pcm_format_duration(-1, buf, sizeof buf);
	assert_string_equal(buf, "--:--");
}

static void stepbar_fits_80_columns(void **state)
{
	static const char *const labels[] = {
		"Backup", "Managers", "Names", "Invites", "Cutoff", "Disable",
		"Summary", "Migrate", "Warnings"
	};
	static const char *const wide[] = {
		"\xEB\xB0\xB1\xEC\x97\x85 \xED\x99\x95\xEC\x9D\xB8", "\xEB\xA3\xA8\xED\x8A\xB8 \xEA\xB4\x80\xEB\xA6\xAC\xEC\x9E\x90",
		"\xEC\xB1\x84\xED\x8C\x85\xEB\xB0\xA9 \xEC\x9D\xB4\xEB\xA6\x84", "\xEC\xB4\x88\xEB\x8C\x80 \xEC\x84\xA4\xEC\xA0\x95",
		"\xEB\x82\xA0\xEC\xA7\x9C \xEA\xB8\xB0\xEC\xA4\x80", "\xEC\xB1\x84\xED\x8C\x85\xEB\xB0\xA9 \xEC\x82\xAC\xEC\x9A\xA9 \xEC\x95\x88 \xED\x95\xA8",
		"\xEC\x9A\x94\xEC\x95\xBD", "\xEB\xA7\x88\xEC\x9D\xB4\xEA\xB7\xB8\xEB\xA0\x88\xEC\x9D\xB4\xEC\x85\x98", "\xEA\xB2\xBD\xEA\xB3\xA0"
	};
	enum pcm_step_state st[9] = { PCM_STEP_DONE, PCM_STEP_DONE, PCM_STEP_BLOCKED };
	char *row;

	(void)state;
	assert_int_equal(pcm_stepbar_fit(labels, 9, 2, 100), 1000);
	assert_int_equal(pcm_stepbar_fit(labels, 9, 2, 80), 1000);
	assert_int_equal(pcm_stepbar_fit(labels, 9, 2, 60), 4);
	assert_true(pcm_stepbar_fit(wide, 9, 2, 80) < 1000);
	if (vscreen_open(24, 80) < 0)
		skip();
	pcm_colors_init(true);
	pcm_stepbar_draw(stdscr, 0, 80, labels, st, 9, 2);
	row = vscreen_row(0);
	assert_non_null(strstr(row, "[Names!]"));
	assert_non_null(strstr(row, "Backup\xE2\x9C\x93"));
	assert_non_null(strstr(row, "Warnings"));
	free(row);
	pcm_stepbar_draw(stdscr, 1, 80, wide, st, 9, 2);
	row = vscreen_row(1);
	assert_non_null(strstr(row, "[\xEC\xB1\x84\xED\x8C\x85\xEB\xB0\xA9 \xEC\x9D\xB4\xEB\xA6\x84!]"));
	assert_true(pcm_text_width(row) <= 80);
	free(row);
	vscreen_close();
}

static void no_color_gives_monochrome(void **state)
{
	(void)state;
	setenv("NO_COLOR", "1", 1);
	assert_true(pcm_no_color_env());
	if (vscreen_open(24, 80) < 0)
		skip();
	pcm_colors_init(false);
	assert_false(pcm_colors_active());
	assert_true(pcm_color(PCM_C_CURSOR) & A_REVERSE);
	vscreen_close();
	setenv("NO_COLOR", "", 1);
	assert_false(pcm_no_color_env());
	unsetenv("NO_COLOR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replay_scripts_parse),
		cmocka_unit_test(help_lists_every_bound_action),
		cmocka_unit_test(status_bar_from_tables),
		cmocka_unit_test(gauge_rate_and_time_left),
		cmocka_unit_test(stepbar_fits_80_columns),
		cmocka_unit_test(no_color_gives_monochrome),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
