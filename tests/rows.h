/* SPDX-License-Identifier: MIT */
/* Test helper: build a deployment from rows written inline, as
 * "table", "col=value", ... (a column left out is NULL). */
#ifndef PCM_TEST_ROWS_H
#define PCM_TEST_ROWS_H

#include <stdarg.h>
#include <string.h>
#include "source/rowmap.h"

/* Adds one row; the variadic list is "name=value" strings ending in NULL.
 * Returns what pcm_rowmap_add returns. */
static inline int test_row(struct pcm_rowmap *m, struct pcm_error *err, const char *table, ...)
{
	const char *names[32], *values[32];
	char buf[32][512];
	struct pcm_row row = { table, 0, names, values, "test.xml:1" };
	const char *kv;
	va_list ap;

	va_start(ap, table);
	while ((kv = va_arg(ap, const char *)) != NULL && row.ncols < 32) {
		const char *eq = strchr(kv, '=');
		size_t k = row.ncols++;
		size_t n = eq ? (size_t)(eq - kv) : strlen(kv);

		memcpy(buf[k], kv, n);
		buf[k][n] = '\0';
		names[k] = buf[k];
		values[k] = eq ? eq + 1 : "";
	}
	va_end(ap);
	if (!strcmp(table, "tblChat")) {
		struct pcm_message msg;
		if (pcm_rowmap_chat(pcm_rowmap_deployment(m), &row, &msg, err))
			return -1;
		return pcm_rowmap_count_message(m, &msg, row.where, err);
	}
	return pcm_rowmap_add(m, &row, err);
}

#define ROW(m, err, table, ...) test_row(m, err, table, __VA_ARGS__, (const char *)NULL)

#endif
