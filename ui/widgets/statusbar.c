/* SPDX-License-Identifier: MIT */
/* Status bar. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/statusbar.h"
#include "widgets/text.h"

/* Has this action already been shown by an earlier map? */
static bool shown_before(const struct pcm_keymap *const maps[], int m, size_t k)
{
	int i;
	size_t j;

	for (i = 0; i <= m; i++)
		for (j = 0; j < maps[i]->n && (i < m || j < k); j++)
			if (maps[i]->binds[j].bar && !strcmp(maps[i]->binds[j].bar, maps[m]->binds[k].bar))
				return true;
	return false;
}

void pcm_statusbar_format(const struct pcm_keymap *const maps[], int nmaps, char *buf,
                          size_t size)
{
	int m;
	size_t k, len = 0;
	const struct pcm_keybind *b;

	buf[0] = 0;
	for (m = 0; m < nmaps; m++) {
		for (k = 0; k < maps[m]->n; k++) {
			b = &maps[m]->binds[k];
			if (!b->bar || shown_before(maps, m, k))
				continue;
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s %s",
			                        len ? "  " : "", b->label, _(b->bar));
			if (len >= size) {
				buf[size - 1] = 0;
				return;
			}
		}
	}
}

void pcm_statusbar_draw_keys(WINDOW *w, int y, int cols, const struct pcm_keymap *const maps[],
                             int nmaps)
{
	char buf[512], *p, *q;

	pcm_statusbar_format(maps, nmaps, buf, sizeof buf);
	/* a narrow window (issue 16): one space between the keys shows more */
	if (pcm_text_width(buf) > cols)
		for (p = q = buf; (*q = *p) != 0; p++)
			if (!(p[0] == ' ' && p[1] == ' '))
				q++;
	pcm_draw_text(w, y, 0, buf, cols, pcm_color(PCM_C_STATUS), true);
}

void pcm_statusbar_draw_message(WINDOW *w, int y, int cols, const char *text,
                                enum pcm_color color)
{
	pcm_draw_text(w, y, 0, text ? text : "", cols, pcm_color(color), true);
}
