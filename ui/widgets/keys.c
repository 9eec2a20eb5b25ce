/* SPDX-License-Identifier: MIT */
/* Key tables: lookup, and the key names used by replay scripts. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "widgets/keys.h"
#include "widgets/text.h"
#include "widgets/ui.h"
#include "base/util.h"

int pcm_keymap_find(const struct pcm_keymap *km, int key)
{
	size_t i;

	for (i = 0; i < km->n; i++)
		if (km->binds[i].key == key)
			return km->binds[i].action;
	return PCM_ACT_NONE;
}

const char *pcm_keymap_label(const struct pcm_keymap *km, int action)
{
	size_t i;

	for (i = 0; i < km->n; i++)
		if (km->binds[i].action == action)
			return km->binds[i].label;
	return NULL;
}

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Up", PCM_KEY_FN(KEY_UP) }, { "Down", PCM_KEY_FN(KEY_DOWN) },
	{ "Left", PCM_KEY_FN(KEY_LEFT) }, { "Right", PCM_KEY_FN(KEY_RIGHT) },
	{ "Home", PCM_KEY_FN(KEY_HOME) }, { "End", PCM_KEY_FN(KEY_END) },
	{ "PgUp", PCM_KEY_FN(KEY_PPAGE) }, { "PgDn", PCM_KEY_FN(KEY_NPAGE) },
	{ "BS", PCM_KEY_FN(KEY_BACKSPACE) }, { "Del", PCM_KEY_FN(KEY_DC) },
	{ "Resize", PCM_KEY_FN(KEY_RESIZE) }, { "BTab", PCM_KEY_FN(KEY_BTAB) },
	{ "Enter", '\r' }, { "Tab", '\t' }, { "Esc", PCM_KEY_ESC }, { "Space", ' ' },
	{ "lt", '<' }, { "gt", '>' },
	{ "F1", PCM_KEY_FN(KEY_F(1)) }, { "F2", PCM_KEY_FN(KEY_F(2)) },
	{ "F3", PCM_KEY_FN(KEY_F(3)) }, { "F4", PCM_KEY_FN(KEY_F(4)) },
	{ "F5", PCM_KEY_FN(KEY_F(5)) }, { "F10", PCM_KEY_FN(KEY_F(10)) },
	{ "BenchStart", PCM_KEY_BENCH_START },
};

int pcm_key_from_name(const char *name)
{
	size_t i;

	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3])
		return PCM_KEY_CTRL(name[2]);
	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (!strcmp(name, key_names[i].name))
			return key_names[i].key;
	return -1;
}

long pcm_keys_parse_script(const char *text, int **keys, const char **bad)
{
	size_t n = 0, cap = 64, len = strlen(text), i = 0, used;
	int *out = pcm_xmalloc(cap * sizeof *out);
	char name[32];
	const char *close;
	wchar_t wc;
	int key;
	bool line_start = true;

	while (i < len) {
		if (line_start && text[i] == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		line_start = false;
		if (text[i] == '\n' || text[i] == '\r') {
			line_start = text[i] == '\n';
			i++;
			continue;
		}
		if (text[i] == '<' && (close = strchr(text + i, '>')) && close - text - (long)i - 1 < (long)sizeof name) {
			memcpy(name, text + i + 1, (size_t)(close - text) - i - 1);
			name[close - text - (long)i - 1] = 0;
			key = pcm_key_from_name(name);
			if (key < 0) {
				*bad = text + i;
				free(out);
				return -1;
			}
			i = (size_t)(close - text) + 1;
		} else {
			used = pcm_utf8_decode(text + i, len - i, &wc);
			key = (int)wc;
			i += used;
		}
		if (n == cap)
			out = pcm_xrealloc(out, (cap *= 2) * sizeof *out);
		out[n++] = key;
	}
	*keys = out;
	return (long)n;
}
