/* SPDX-License-Identifier: MIT */
/* util.c and timeconv.c: UTF-16 length, case folding, the id map, ticks. */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "base/timeconv.h"
#include "base/util.h"

static void utf16_length_counts_units(void **state)
{
	(void)state;
	assert_int_equal(pcm_utf16_length("abc"), 3);
	assert_int_equal(pcm_utf16_length("\xED\x95\x9C\xEA\xB8\x80"), 2);   /* 한글 */
	assert_int_equal(pcm_utf16_length("\xF0\x9F\x98\x80"), 2);           /* U+1F600 */
	assert_int_equal(pcm_utf16_length("\xC3\xA9"), 1);
	assert_int_equal(pcm_utf16_length("\xC0\xAF"), -1);                  /* overlong */
	assert_int_equal(pcm_utf16_length("\xED\xA0\x80"), -1);              /* surrogate */
	assert_int_equal(pcm_utf16_length("\xE2\x82"), -1);                  /* truncated */
}

static void xml_text_ok_refuses_what_xml_cannot_carry(void **state)
{
	(void)state;
	assert_true(pcm_xml_text_ok("tab\there, \xED\x95\x9C\xEA\xB8\x80\r\n"));
	assert_false(pcm_xml_text_ok("escape \x1B[31m"));
	assert_false(pcm_xml_text_ok("\xEF\xBF\xBE"));              /* U+FFFE */
	assert_false(pcm_xml_text_ok("\xC0\xAF"));                   /* overlong */
	/* XML carries DEL and C1; deployment.xml writes them base64 all the same */
	assert_true(pcm_xml_text_ok("del \x7F, csi \xC2\x9B"));
	assert_false(pcm_xml_text_plain("del \x7F"));
	assert_false(pcm_xml_text_plain("csi \xC2\x9B"));
	assert_true(pcm_xml_text_plain("tab\there, \xED\x95\x9C\xEA\xB8\x80 \xC2\xA0\r\n"));
	assert_false(pcm_xml_text_plain("escape \x1B[31m"));
}

static void casefold_compares_like_the_collation(void **state)
{
	(void)state;
	assert_true(pcm_casefold_equal("Sales/General", "sales/GENERAL"));
	assert_false(pcm_casefold_equal("Sales", "Sale"));
	assert_true(pcm_casefold_equal("\xC3\x89t\xC3\xA9", "\xC3\xA9T\xC3\x89"));  /* Été / éTÉ */
	assert_true(pcm_casefold_hash("ABC") == pcm_casefold_hash("abc"));
	assert_true(pcm_casefold_hash("ABC") != pcm_casefold_hash("abd"));
}

static void idmap_maps_and_refuses_duplicates(void **state)
{
	struct pcm_idmap *m = pcm_idmap_new();
	int32_t k;

	(void)state;
	for (k = -500; k < 5000; k++)
		assert_true(pcm_idmap_put(m, k * 7, (uint32_t)(k + 500)));
	assert_false(pcm_idmap_put(m, 14, 1));
	assert_int_equal(pcm_idmap_get(m, 14), 502);
	assert_int_equal(pcm_idmap_get(m, -3500), 0);
	assert_int_equal(pcm_idmap_get(m, 15), UINT32_MAX);
	pcm_idmap_free(m);
}

static void ticks_epoch_constant(void **state)
{
	int64_t t;
	char buf[32];

	(void)state;
	assert_true(pcm_parse_datetime("1970-01-01", 0, &t));
	assert_true(t == 621355968000000000LL);
	assert_true(pcm_ticks_to_unix(t) == 0);
	/* the snapshot-format.md example: 634925952000000000 */
	pcm_format_ticks(634925952000000000LL, buf, sizeof buf);
	assert_string_equal(buf, "2013-01-01T00:00:00Z");
	/* msdb local time with a +540 minute server offset is 9 h earlier in UTC */
	assert_true(pcm_parse_datetime("2013-01-31T23:20:00", 540, &t));
	pcm_format_ticks(t, buf, sizeof buf);
	assert_string_equal(buf, "2013-01-31T14:20:00Z");
	assert_true(pcm_parse_datetime("2013-01-31T23:20:00.123", 0, &t));
	assert_true(t % PCM_TICKS_PER_SECOND == 1230000);
	assert_false(pcm_parse_datetime("2013-02-29", 0, &t));
	assert_true(pcm_parse_datetime("2012-02-29", 0, &t));
	assert_false(pcm_parse_datetime("2013-13-01", 0, &t));
	assert_false(pcm_parse_datetime("1600-01-01", 0, &t));
	assert_false(pcm_parse_datetime("2013-01-01X", 0, &t));
	assert_int_equal(pcm_ticks_day(pcm_ticks_from_unix(86399)), 0);
	assert_int_equal(pcm_ticks_day(pcm_ticks_from_unix(-1)), -1);
}

static void parse_numbers_strictly(void **state)
{
	int64_t v;
	bool b;

	(void)state;
	assert_true(pcm_parse_i64("42", 0, 100, &v) && v == 42);
	assert_false(pcm_parse_i64("42x", 0, 100, &v));
	assert_false(pcm_parse_i64(" 42", 0, 100, &v));
	assert_false(pcm_parse_i64("101", 0, 100, &v));
	assert_false(pcm_parse_i64("", 0, 100, &v));
	/* the edges of int64, signs, overflow (what strtoll allowed) */
	assert_true(pcm_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v) && v == INT64_MAX);
	assert_true(pcm_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v) && v == INT64_MIN);
	assert_false(pcm_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v));
	assert_false(pcm_parse_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &v));
	assert_false(pcm_parse_i64("99999999999999999999", INT64_MIN, INT64_MAX, &v));
	assert_true(pcm_parse_i64("+5", 0, 100, &v) && v == 5);
	assert_true(pcm_parse_i64("-0", 0, 100, &v) && v == 0);
	assert_true(pcm_parse_i64("007", 0, 100, &v) && v == 7);
	assert_false(pcm_parse_i64("-", INT64_MIN, INT64_MAX, &v));
	assert_false(pcm_parse_i64("+-1", INT64_MIN, INT64_MAX, &v));
	assert_false(pcm_parse_i64("-1", 0, 100, &v));
	assert_false(pcm_parse_i64("1 ", 0, 100, &v));
	assert_true(pcm_parse_bit("1", &b) && b);
	assert_false(pcm_parse_bit("2", &b));
}

/* Counts with thousands separators; a short buffer is cut, never
 * overrun. */
static void grouped_counts(void **state)
{
	char buf[32], small[4];

	(void)state;
	assert_string_equal(pcm_grouped(0, buf, sizeof buf), "0");
	assert_string_equal(pcm_grouped(999, buf, sizeof buf), "999");
	assert_string_equal(pcm_grouped(1000, buf, sizeof buf), "1,000");
	assert_string_equal(pcm_grouped(1234567, buf, sizeof buf), "1,234,567");
	assert_string_equal(pcm_grouped(UINT64_MAX, buf, sizeof buf), "18,446,744,073,709,551,615");
	assert_string_equal(pcm_grouped(123456, small, sizeof small), "12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf16_length_counts_units),
		cmocka_unit_test(xml_text_ok_refuses_what_xml_cannot_carry),
		cmocka_unit_test(casefold_compares_like_the_collation),
		cmocka_unit_test(idmap_maps_and_refuses_duplicates),
		cmocka_unit_test(ticks_epoch_constant),
		cmocka_unit_test(parse_numbers_strictly),
		cmocka_unit_test(grouped_counts),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
