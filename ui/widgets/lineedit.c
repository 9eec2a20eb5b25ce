/* SPDX-License-Identifier: MIT */
/* Single-line wide-character editor. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <wctype.h>
#include "widgets/draw.h"
#include "base/i18n.h"
#include "widgets/lineedit.h"
#include "widgets/text.h"
#include "base/util.h"

static const struct pcm_keybind binds[] = {
	{ PCM_KEY_FN(KEY_LEFT), PCM_ACT_LEFT, "Left", N_("move one character left"), NULL },
	{ PCM_KEY_CTRL('b'), PCM_ACT_LEFT, "Ctrl-B", NULL, NULL },
	{ PCM_KEY_FN(KEY_RIGHT), PCM_ACT_RIGHT, "Right", N_("move one character right"), NULL },
	{ PCM_KEY_CTRL('f'), PCM_ACT_RIGHT, "Ctrl-F", NULL, NULL },
	{ PCM_KEY_FN(KEY_HOME), PCM_ACT_BOL, "Home", N_("go to the start of the line"), NULL },
	{ PCM_KEY_CTRL('a'), PCM_ACT_BOL, "Ctrl-A", NULL, NULL },
	{ PCM_KEY_FN(KEY_END), PCM_ACT_EOL, "End", N_("go to the end of the line"), NULL },
	{ PCM_KEY_CTRL('e'), PCM_ACT_EOL, "Ctrl-E", NULL, NULL },
	{ PCM_KEY_FN(KEY_BACKSPACE), PCM_ACT_BACKSPACE, "Backspace", N_("delete the character before the cursor"), NULL },
	{ 127, PCM_ACT_BACKSPACE, "DEL", NULL, NULL },
	{ PCM_KEY_CTRL('h'), PCM_ACT_BACKSPACE, "Ctrl-H", NULL, NULL },
	{ PCM_KEY_FN(KEY_DC), PCM_ACT_DELETE, "Delete", N_("delete the character under the cursor"), NULL },
	{ PCM_KEY_CTRL('d'), PCM_ACT_DELETE, "Ctrl-D", NULL, NULL },
	{ PCM_KEY_CTRL('k'), PCM_ACT_KILL_EOL, "Ctrl-K", N_("delete to the end of the line"), NULL },
	{ PCM_KEY_CTRL('u'), PCM_ACT_KILL_BOL, "Ctrl-U", N_("delete to the start of the line"), NULL },
	{ PCM_KEY_CTRL('w'), PCM_ACT_KILL_WORD, "Ctrl-W", N_("delete the word before the cursor"), NULL },
};

const struct pcm_keymap pcm_lineedit_keys = PCM_KEYMAP(N_("Editing a line"), binds);

void pcm_le_init(struct pcm_lineedit *le)
{
	memset(le, 0, sizeof *le);
	le->cap = 64;
	le->buf = pcm_xcalloc(le->cap, sizeof *le->buf);
}

void pcm_le_free(struct pcm_lineedit *le)
{
	free(le->buf);
	le->buf = NULL;
	le->len = le->cap = le->cursor = le->scroll = 0;
}

static void reserve(struct pcm_lineedit *le, size_t need)
{
	if (need + 1 <= le->cap)
		return;
	while (le->cap < need + 1)
		le->cap *= 2;
	le->buf = pcm_xrealloc(le->buf, le->cap * sizeof *le->buf);
}

void pcm_le_set(struct pcm_lineedit *le, const char *utf8)
{
	size_t n;
	wchar_t *w = pcm_utf8_to_wcs(utf8 ? utf8 : "", &n);

	if (le->max_len && n > le->max_len)
		n = le->max_len;
	reserve(le, n);
	memcpy(le->buf, w, n * sizeof *w);
	le->buf[n] = 0;
	le->len = n;
	le->cursor = n;
	le->scroll = 0;
	free(w);
}

char *pcm_le_get(const struct pcm_lineedit *le)
{
	return pcm_wcs_to_utf8(le->buf, le->len);
}

/* Is buf[i] a zero-width character that belongs to the one before it? */
static bool is_mark(const struct pcm_lineedit *le, size_t i)
{
	return i < le->len && i > 0 && pcm_wcwidth(le->buf[i]) == 0;
}

/* Start of the character cell before index i. */
static size_t cell_before(const struct pcm_lineedit *le, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && is_mark(le, i))
		i--;
	return i;
}

/* Index just past the character cell starting at i. */
static size_t cell_after(const struct pcm_lineedit *le, size_t i)
{
	if (i >= le->len)
		return le->len;
	i++;
	while (is_mark(le, i))
		i++;
	return i;
}

static void erase_range(struct pcm_lineedit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->buf + from, le->buf + to, (le->len - to + 1) * sizeof *le->buf);
	le->len -= to - from;
	if (le->cursor > to)
		le->cursor -= to - from;
	else if (le->cursor > from)
		le->cursor = from;
	if (le->scroll > le->cursor)
		le->scroll = le->cursor;
}

bool pcm_le_insert(struct pcm_lineedit *le, wchar_t wc)
{
	if (wc < 0x20 || (wc >= 0x7F && wc < 0xA0) || wc > 0x10FFFF)
		return false;
	if (le->max_len && le->len >= le->max_len)
		return false;
	/* a combining mark cannot start the line */
	if (pcm_wcwidth(wc) == 0 && le->cursor == 0)
		return false;
	reserve(le, le->len + 1);
	memmove(le->buf + le->cursor + 1, le->buf + le->cursor,
	        (le->len - le->cursor + 1) * sizeof *le->buf);
	le->buf[le->cursor++] = wc;
	le->len++;
	return true;
}

bool pcm_le_act(struct pcm_lineedit *le, int action)
{
	size_t i;

	switch (action) {
	case PCM_ACT_LEFT:
		le->cursor = cell_before(le, le->cursor);
		return true;
	case PCM_ACT_RIGHT:
		le->cursor = cell_after(le, le->cursor);
		return true;
	case PCM_ACT_BOL:
		le->cursor = 0;
		return true;
	case PCM_ACT_EOL:
		le->cursor = le->len;
		return true;
	case PCM_ACT_BACKSPACE:
		erase_range(le, cell_before(le, le->cursor), le->cursor);
		return true;
	case PCM_ACT_DELETE:
		erase_range(le, le->cursor, cell_after(le, le->cursor));
		return true;
	case PCM_ACT_KILL_EOL:
		erase_range(le, le->cursor, le->len);
		return true;
	case PCM_ACT_KILL_BOL:
		erase_range(le, 0, le->cursor);
		return true;
	case PCM_ACT_KILL_WORD:
		/* like readline's unix-word-rubout: spaces, then the word */
		i = le->cursor;
		while (i > 0 && iswspace((wint_t)le->buf[i - 1]))
			i--;
		while (i > 0 && !iswspace((wint_t)le->buf[i - 1]))
			i--;
		erase_range(le, i, le->cursor);
		return true;
	default:
		return false;
	}
}

bool pcm_le_key(struct pcm_lineedit *le, int key, bool *changed)
{
	int action = pcm_keymap_find(&pcm_lineedit_keys, key);
	size_t len = le->len;
	bool ok;

	*changed = false;
	if (action != PCM_ACT_NONE) {
		wchar_t *old = pcm_xmalloc((len + 1) * sizeof *old);
		memcpy(old, le->buf, (len + 1) * sizeof *old);
		ok = pcm_le_act(le, action);
		*changed = le->len != len || memcmp(old, le->buf, len * sizeof *old) != 0;
		free(old);
		return ok;
	}
	if (PCM_KEY_IS_FN(key) || key < 0x20 || key == 127)
		return false;
	ok = pcm_le_insert(le, (wchar_t)key);
	*changed = ok;
	return ok;
}

int pcm_le_columns(const struct pcm_lineedit *le, size_t from, size_t to)
{
	int cols = 0;

	for (; from < to && from < le->len; from++)
		cols += pcm_wcwidth(le->buf[from]);
	return cols;
}

int pcm_le_layout(struct pcm_lineedit *le, int width)
{
	int avail = width - 1;      /* keep a cell for the cursor at the end */

	if (avail < 1)
		avail = 1;
	if (le->scroll > le->cursor)
		le->scroll = le->cursor;
	/* never start the view on a combining mark */
	while (le->scroll > 0 && is_mark(le, le->scroll))
		le->scroll--;
	while (pcm_le_columns(le, le->scroll, le->cursor) > avail)
		le->scroll = cell_after(le, le->scroll);
	return pcm_le_columns(le, le->scroll, le->cursor);
}

void pcm_le_draw(struct pcm_lineedit *le, WINDOW *w, int y, int x, int width, attr_t a,
                 bool focused)
{
	int col = pcm_le_layout(le, width);
	char *s = pcm_wcs_to_utf8(le->buf + le->scroll, le->len - le->scroll);

	pcm_draw_text(w, y, x, s, width, a, true);
	free(s);
	if (le->scroll > 0)
		mvwaddch(w, y, x, '<' | A_BOLD | a);
	if (focused)
		wmove(w, y, x + col);
}
