/* SPDX-License-Identifier: MIT */
/* Hostile names (issue 8, item 7): quotes, $(), backticks, semicolons,
 * newlines, terminal escape sequences (ESC [ 2 J, OSC 0 ; title BEL, CSI
 * as U+009B), DEL and other controls. escape.c shows each escaped, the
 * same everywhere (escape.h); the report formatters use it; the
 * PowerShell and T-SQL quoting keeps each literal and raw-control free. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "base/error.h"
#include "base/escape.h"
#include "engine/fixsql.h"
#include "engine/package.h"
#include "rules/checks.h"
#include "rules/report.h"
#include "base/util.h"

/* True when s holds something a terminal acts on: a C0 control (tab and
 * newline too), DEL, a C1 control, or a lone byte 0x80..0x9F (an 8-bit
 * C1 control to a terminal that is not in UTF-8). */
static int has_raw_control(const char *s)
{
	size_t n = strlen(s), k;
	uint32_t cp;

	while (n) {
		k = pcm_utf8_next(s, n, &cp);
		if (!k) {
			cp = (unsigned char)*s;
			k = 1;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return 1;
		s += k;
		n -= k;
	}
	return 0;
}

static void expect_escape(const char *in, unsigned flags, const char *want)
{
	char *e = pcm_escape_text(in, flags);

	assert_string_equal(e, want);
	free(e);
}

static void each_control_has_one_visible_form(void **state)
{
	static const struct {
		uint32_t c;
		const char *want;
	} forms[] = {
		{ 0x1B, "\\x1b" }, { 0x07, "\\x07" }, { 0x00, "\\x00" }, { 0x7F, "\\x7f" },
		{ 0x9B, "\\u009b" }, { 0x80, "\\u0080" }, { 0x9F, "\\u009f" },
		{ 0x2028, "\\u2028" }, { '\t', "\\t" }, { '\n', "\\n" }, { '\r', "\\r" },
		/* printable: shown as it is */
		{ 'a', "" }, { ' ', "" }, { '~', "" }, { 0xA0, "" }, { 0xD55C, "" }, { 0x1F600, "" },
	};
	char out[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		size_t n = pcm_escape_char(forms[i].c, out);
		assert_int_equal(n, strlen(forms[i].want));
		if (n)
			assert_string_equal(out, forms[i].want);
	}
	/* the probe the other tests use can tell */
	assert_true(has_raw_control("a\x1b"));
	assert_true(has_raw_control("\xC2\x9B"));
	assert_true(has_raw_control("\x9B"));
	assert_true(has_raw_control("\x7F"));
	assert_false(has_raw_control("\xED\x95\x9C \xE2\x80\x99 \\x1b"));
}

static void text_escapes_sequences_and_keeps_the_rest(void **state)
{
	(void)state;
	/* ESC [ 2 J (clear screen), OSC 0 ; title BEL (window title) */
	expect_escape("a\x1b[2Jb", 0, "a\\x1b[2Jb");
	expect_escape("\x1b]0;owned\x07room", 0, "\\x1b]0;owned\\x07room");
	/* CSI as one C1 character, OSC as U+009D, DEL */
	expect_escape("\xC2\x9B" "2J \xC2\x9D" "0;t\xC2\x9C x\x7Fy", 0,
	              "\\u009b2J \\u009d0;t\\u009c x\\x7fy");
	/* newlines, tab, CR; the shell's specials stay as they are */
	expect_escape("l1\nl2\r\tz", 0, "l1\\nl2\\r\\tz");
	expect_escape("it's $(id) `id`; \"q\"", 0, "it's $(id) `id`; \"q\"");
	/* Hangul and a character outside the BMP untouched */
	expect_escape("\xED\x95\x9C\xEA\xB8\x80 \xF0\x9F\x98\x80", 0, "\xED\x95\x9C\xEA\xB8\x80 \xF0\x9F\x98\x80");
	/* bytes that are not UTF-8: a lone C1 byte (8-bit CSI), an overlong */
	expect_escape("a\x9B" "2Jb\xC0\xAF", 0, "a\\x9b2Jb\\xc0\\xaf");
	/* backslash doubled only when asked: then the escape is reversible */
	expect_escape("a\\x1b\x1b", 0, "a\\x1b\\x1b");
	expect_escape("a\\x1b\x1b", PCM_ESC_BACKSLASH, "a\\\\x1b\\x1b");
	/* messages keep their own lines */
	expect_escape("one\n\ttwo\x1b", PCM_ESC_KEEP_LINES, "one\n\ttwo\\x1b");
	expect_escape("", PCM_ESC_BACKSLASH, "");
	expect_escape(NULL, 0, "");
}

/* Messages (struct pcm_error) quote names from the input: the controls
 * in a quoted name are escaped, the message's own newline and tab stay. */
static void error_messages_escape_quoted_names(void **state)
{
	struct pcm_error err = { 0 };

	(void)state;
	pcm_error_set(&err, "line 3: room '%s' is odd\n\tsee %s", "a\x1b]0;t\x07\xC2\x9B" "2J",
	              "x\x7f");
	assert_string_equal(err.text, "line 3: room 'a\\x1b]0;t\\x07\\u009b2J' is odd\n\tsee x\\x7f");
}

static const char *const hostile[] = {
	"it's",
	"$(rm -rf ~)",
	"`whoami`",
	"a; b",
	"line1\nline2",
	"cr\rlf",
	"\x1b[2J",
	"\x1b]0;owned\x07",
	"\xC2\x9B" "2J",
	"\xC2\x9D" "0;t\xC2\x9C",
	"del\x7F",
	"nul\x01soh",
	"\"double\"",
	"back\\slash",
	"\xE2\x80\x99typographic\xE2\x80\x98",
	"sep\xE2\x80\xA8" "ara\xE2\x80\xA9tor",
};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

struct golden {
	const char *in, *want;
};

/* quote() turns every hostile name into text without a raw control that
 * starts with one of starts, and each golden input into exactly its text. */
static void check_quoting(char *(*quote)(const char *), const char *starts,
                          const struct golden *golden, size_t ngolden)
{
	size_t i;

	for (i = 0; i < NHOSTILE; i++) {
		char *q = quote(hostile[i]);
		assert_false(has_raw_control(q));
		assert_non_null(strchr(starts, q[0]));
		free(q);
	}
	for (i = 0; i < ngolden; i++) {
		char *q = quote(golden[i].in);
		assert_string_equal(q, golden[i].want);
		free(q);
	}
}

/* The PowerShell quoting (golden tests in test_package cover the first
 * few): every hostile name becomes one literal without raw controls, never
 * double-quoted, ' and the typographic quotes doubled. */
static void powershell_quoting_keeps_every_hostile_name_literal(void **state)
{
	static const struct golden golden[] = {
		{ "a; b", "'a; b'" },
		{ "\x1b]0;owned\x07", "('' + [char]0x001B + ']0;owned' + [char]0x0007)" },
		{ "\xC2\x9B" "2J", "('' + [char]0x009B + '2J')" },
		{ "del\x7F", "('del' + [char]0x007F)" },
		{ "cr\rlf", "('cr' + [char]0x000D + 'lf')" },
		{ "$(rm -rf ~)", "'$(rm -rf ~)'" },
		{ "`whoami`", "'`whoami`'" },
		{ "sep\xE2\x80\xA8" "ara\xE2\x80\xA9tor",
		  "('sep' + [char]0x2028 + 'ara' + [char]0x2029 + 'tor')" },
	};

	(void)state;
	check_quoting(pcm_ps_quote, "'(", golden, sizeof golden / sizeof golden[0]);
}

/* The T-SQL quoting (fix-source.sql, apply-to-source --what-if): N'...'
 * with ' doubled, and a control character spelled NCHAR(code). */
static void sql_quoting_keeps_every_hostile_name_literal(void **state)
{
	static const struct golden golden[] = {
		{ "it's", "N'it''s'" },
		{ "a; b", "N'a; b'" },
		{ "$(rm -rf ~)", "N'$(rm -rf ~)'" },
		{ "\x1b[2J", "(NCHAR(27) + N'[2J')" },
		{ "\x1b]0;owned\x07", "(NCHAR(27) + N']0;owned' + NCHAR(7))" },
		{ "\xC2\x9B" "2J", "(NCHAR(155) + N'2J')" },
		{ "it's\nme\x7F", "(N'it''s' + NCHAR(10) + N'me' + NCHAR(127))" },
		{ "a\x01\x02", "(N'a' + NCHAR(1) + NCHAR(2))" },
		{ "sep\xE2\x80\xA8x", "(N'sep' + NCHAR(8232) + N'x')" },
	};

	(void)state;
	check_quoting(pcm_sql_quote, "N(", golden, sizeof golden / sizeof golden[0]);
}

/* The report formatters: findings whose message and object hold hostile
 * names give text and TSV without a raw control byte, in the escaped
 * form of escape.h. */
static void reports_never_carry_raw_controls(void **state)
{
	struct pcm_findings f;
	char *buf = NULL, *line;
	size_t len = 0, i;
	FILE *mem;

	(void)state;
	pcm_findings_init(&f);
	for (i = 0; i < NHOSTILE; i++) {
		char msg[256];
		snprintf(msg, sizeof msg, "room '%s' (nodeID %zu) is hostile", hostile[i], i);
		pcm_finding_add(&f, PCM_CS_WARNINGS, PCM_SEV_WARNING, "TEST", hostile[i], hostile[i],
		                PCM_NONE, PCM_NONE, 0, "%s", msg);
	}
	mem = open_memstream(&buf, &len);
	assert_int_equal(pcm_report_text(mem, &f), 0);
	fclose(mem);
	/* lines end in \n; nothing else is a control */
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			buf[i] = ' ';
	assert_false(has_raw_control(buf));
	assert_non_null(strstr(buf, "room '\\x1b[2J' (nodeID 6)"));
	assert_non_null(strstr(buf, "room '\\x1b]0;owned\\x07' (nodeID 7)"));
	assert_non_null(strstr(buf, "room '\\u009b2J' (nodeID 8)"));
	assert_non_null(strstr(buf, "room 'line1\\nline2' (nodeID 4)"));
	assert_non_null(strstr(buf, "room 'back\\\\slash'"));
	free(buf);
	buf = NULL;
	mem = open_memstream(&buf, &len);
	assert_int_equal(pcm_report_tsv(mem, &f), 0);
	fclose(mem);
	for (i = 0; i < len; i++)
		if (buf[i] == '\n' || buf[i] == '\t')
			buf[i] = ' ';
	assert_false(has_raw_control(buf));
	assert_non_null(strstr(buf, " \\x1b]0;owned\\x07 "));
	free(buf);
	line = pcm_report_line(&f.list.v[8]);
	assert_false(has_raw_control(line));
	assert_non_null(strstr(line, "\\u009b2J"));
	free(line);
	pcm_findings_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_control_has_one_visible_form),
		cmocka_unit_test(text_escapes_sequences_and_keeps_the_rest),
		cmocka_unit_test(error_messages_escape_quoted_names),
		cmocka_unit_test(powershell_quoting_keeps_every_hostile_name_literal),
		cmocka_unit_test(sql_quoting_keeps_every_hostile_name_literal),
		cmocka_unit_test(reports_never_carry_raw_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
