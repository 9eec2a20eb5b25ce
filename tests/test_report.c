/* SPDX-License-Identifier: MIT */
/* report.c: the single formatter of findings (TSV and human text). */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "rules/checks.h"
#include "rules/report.h"
#include "base/util.h"

static void escape_tabs_newlines_backslashes(void **state)
{
	char *e;

	(void)state;
	e = pcm_tsv_escape("a\tb\nc\\d\re");
	assert_string_equal(e, "a\\tb\\nc\\\\d\\re");
	free(e);
	e = pcm_tsv_escape("");
	assert_string_equal(e, "");
	free(e);
}

/* Reads the whole of a temporary FILE back. */
static char *slurp(FILE *f)
{
	long n = ftell(f);
	char *buf = pcm_xmalloc((size_t)n + 1);

	rewind(f);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	return buf;
}

static void tsv_has_six_fields_per_line(void **state)
{
	struct pcm_findings f;
	FILE *tmp = tmpfile();
	char *out, *line, *save = NULL;
	int lines = 0;

	(void)state;
	pcm_findings_init(&f);
	pcm_finding_add(&f, PCM_CS_NAMES, PCM_SEV_BLOCK, "NAME-TOO-LONG", "70",
	                "Sales/tab\there", PCM_NONE, PCM_NONE, 3, "room \"%s\" too long", "new\nline");
	pcm_finding_add(&f, PCM_CS_WARNINGS, PCM_SEV_WARNING, "ENDPOINT", "sip:ocschat@contoso.com",
	                "sip:ocschat@contoso.com", PCM_NONE, PCM_NONE, 0, "%s", "back\\slash");
	assert_int_equal(pcm_report_tsv(tmp, &f), 0);
	out = slurp(tmp);
	assert_string_equal(out,
		"names\tblock\tNAME-TOO-LONG\t70\tSales/tab\\there\troom \"new\\nline\" too long\n"
		"warnings\twarning\tENDPOINT\tsip:ocschat@contoso.com\tsip:ocschat@contoso.com\t"
		"back\\\\slash\n");
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int tabs = 0;
		const char *c;
		for (c = line; *c; c++)
			tabs += *c == '\t';
		assert_int_equal(tabs, 5);
		lines++;
	}
	assert_int_equal(lines, 2);
	free(out);
	fclose(tmp);

	/* human text: headings in checklist order, one line each, a summary */
	tmp = tmpfile();
	assert_int_equal(pcm_report_text(tmp, &f), 0);
	out = slurp(tmp);
	assert_non_null(strstr(out, "Step 3"));
	assert_true(strstr(out, "Step 3") < strstr(out, "Warnings"));
	assert_non_null(strstr(out, "NAME-TOO-LONG"));
	assert_non_null(strstr(out, "new\\nline"));
	assert_non_null(strstr(out, "2 findings: 1 blocking, 1 warnings, 0 notes"));
	free(out);
	fclose(tmp);
	pcm_findings_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape_tabs_newlines_backslashes),
		cmocka_unit_test(tsv_has_six_fields_per_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
