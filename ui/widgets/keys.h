/* SPDX-License-Identifier: MIT */
/* Key bindings as data (the dialog dlg_keys idea): each widget and screen
 * has a table mapping keys to actions; the key handlers, the status bar,
 * the help screen and the replay parser all read the same tables.
 *
 * A key is one int: a character is its wide-character value, a curses
 * function key (KEY_UP, KEY_F(1), KEY_RESIZE) is PCM_KEY_FN(code). */
#ifndef PCM_UI_KEYS_H
#define PCM_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define PCM_KEY_FN(k) (0x1000000 | (k))
#define PCM_KEY_IS_FN(k) (((k) & 0x1000000) != 0)
#define PCM_KEY_CTRL(c) ((c) & 0x1F)
#define PCM_KEY_ESC 27
/* Replay only: <BenchStart> forgets the timings so far (--bench). */
#define PCM_KEY_BENCH_START PCM_KEY_FN(0xFFFF)

enum pcm_action {
	PCM_ACT_NONE = 0,
	/* moving in a list, a pane or a line */
	PCM_ACT_UP, PCM_ACT_DOWN, PCM_ACT_PGUP, PCM_ACT_PGDN, PCM_ACT_HOME, PCM_ACT_END,
	PCM_ACT_LEFT, PCM_ACT_RIGHT, PCM_ACT_BOL, PCM_ACT_EOL,
	/* editing a line */
	PCM_ACT_BACKSPACE, PCM_ACT_DELETE, PCM_ACT_KILL_EOL, PCM_ACT_KILL_BOL, PCM_ACT_KILL_WORD,
	/* lists */
	PCM_ACT_TOGGLE, PCM_ACT_SEARCH, PCM_ACT_SEARCH_NEXT, PCM_ACT_SEARCH_PREV,
	/* dialogs */
	PCM_ACT_ACCEPT, PCM_ACT_CANCEL,
	/* the wizard */
	PCM_ACT_NEXT, PCM_ACT_BACK, PCM_ACT_HELP, PCM_ACT_QUIT, PCM_ACT_REDRAW, PCM_ACT_STEPS,
	/* screens number their own actions from here */
	PCM_ACT_SCREEN = 100
};

struct pcm_keybind {
	int key;
	int action;
	const char *label;      /* key as shown: "PgDn", "Ctrl-K", "/" */
	const char *help;       /* N_() text; NULL: another key for the action above */
	const char *bar;        /* N_() short word for the status bar, or NULL */
};

struct pcm_keymap {
	const char *title;      /* N_() heading in the help screen */
	const struct pcm_keybind *binds;
	size_t n;
};

#define PCM_KEYMAP(title, table) { title, table, sizeof table / sizeof table[0] }

/* Action bound to key in km, or PCM_ACT_NONE. */
int pcm_keymap_find(const struct pcm_keymap *km, int key);
/* Label of the first key bound to action in km, or NULL. */
const char *pcm_keymap_label(const struct pcm_keymap *km, int action);

/* Replay files name keys as <Up>, <C-a>, <F1>, <Enter>, <Space>...
 * Returns the key for name (without the brackets), or -1. */
int pcm_key_from_name(const char *name);
/* Parses a replay script: printable characters are typed as they are,
 * <Name> is a special key, a line starting with '#' is a comment and
 * line ends are ignored (type <Enter>). Returns the number of keys written
 * to *keys (malloc'ed), or -1 with *bad pointing at the unknown name. */
long pcm_keys_parse_script(const char *text, int **keys, const char **bad);

#endif
