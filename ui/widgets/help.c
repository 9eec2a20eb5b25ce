/* SPDX-License-Identifier: MIT */
/* Help text from the key tables. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "widgets/help.h"
#include "base/i18n.h"
#include "widgets/text.h"
#include "base/util.h"

struct buf {
	char *s;
	size_t n, cap;
};

static void put(struct buf *b, const char *s)
{
	size_t len = strlen(s);

	if (b->n + len + 1 > b->cap) {
		while (b->n + len + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 1024;
		b->s = pcm_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, len + 1);
	b->n += len;
}

/* Keys of the row at k and the rows after it that share its action. */
static void keys_of(const struct pcm_keymap *km, size_t k, char *out, size_t size)
{
	size_t j;

	snprintf(out, size, "%s", km->binds[k].label);
	for (j = k + 1; j < km->n && !km->binds[j].help; j++)
		if (km->binds[j].action == km->binds[k].action) {
			strncat(out, " ", size - strlen(out) - 1);
			strncat(out, km->binds[j].label, size - strlen(out) - 1);
		}
}

char *pcm_help_text(const char *title, const char *explanation,
                    const struct pcm_keymap *const maps[], int nmaps)
{
	struct buf b = { 0 };
	char keys[128];
	int m, col = 0, w, pad;
	size_t k;

	put(&b, title);
	put(&b, "\n\n");
	if (explanation && *explanation) {
		put(&b, explanation);
		put(&b, "\n\n");
	}
	/* one column for the keys, as wide as the widest list of keys */
	for (m = 0; m < nmaps; m++)
		for (k = 0; k < maps[m]->n; k++)
			if (maps[m]->binds[k].help) {
				keys_of(maps[m], k, keys, sizeof keys);
				w = pcm_text_width(keys);
				if (w > col)
					col = w;
			}
	for (m = 0; m < nmaps; m++) {
		put(&b, _(maps[m]->title));
		put(&b, "\n");
		for (k = 0; k < maps[m]->n; k++) {
			if (!maps[m]->binds[k].help)
				continue;
			keys_of(maps[m], k, keys, sizeof keys);
			put(&b, "  ");
			put(&b, keys);
			for (pad = col - pcm_text_width(keys) + 2; pad > 0; pad--)
				put(&b, " ");
			put(&b, _(maps[m]->binds[k].help));
			put(&b, "\n");
		}
		put(&b, "\n");
	}
	return b.s;
}
