/* SPDX-License-Identifier: MIT */
/* The colour table. */
#include "config.h"
#include <stdlib.h>
#include "widgets/colors.h"

struct color_entry {
	short fg, bg;
	attr_t color_attr;      /* added when colours are on */
	attr_t mono_attr;       /* used alone when they are off */
};

/* -1 is the terminal's default colour (use_default_colors). */
static const struct color_entry table[PCM_C_COUNT] = {
	[PCM_C_NORMAL]        = { -1, -1, A_NORMAL, A_NORMAL },
	[PCM_C_TITLE]         = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[PCM_C_TRAINING]      = { COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_UNDERLINE },
	[PCM_C_STEP]          = { -1, -1, A_NORMAL, A_NORMAL },
	[PCM_C_STEP_CURRENT]  = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
	[PCM_C_STEP_DONE]     = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[PCM_C_STEP_BLOCKED]  = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[PCM_C_HEADING]       = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[PCM_C_EXPLAIN]       = { -1, -1, A_NORMAL, A_NORMAL },
	[PCM_C_CURSOR]        = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[PCM_C_CURSOR_IDLE]   = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[PCM_C_BLOCK]         = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[PCM_C_WARNING]       = { COLOR_YELLOW, -1, A_BOLD, A_NORMAL },
	[PCM_C_INFO]          = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[PCM_C_OK]            = { COLOR_GREEN, -1, A_BOLD, A_NORMAL },
	[PCM_C_OVER_LIMIT]    = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[PCM_C_FIELD]         = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_UNDERLINE },
	[PCM_C_GAUGE_DONE]    = { COLOR_WHITE, COLOR_GREEN, A_BOLD, A_REVERSE },
	[PCM_C_GAUGE_TODO]    = { -1, -1, A_NORMAL, A_NORMAL },
	[PCM_C_STATUS]        = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
	[PCM_C_STATUS_KEY]    = { COLOR_BLUE, COLOR_WHITE, A_BOLD, A_BOLD },
	[PCM_C_MESSAGE]       = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[PCM_C_MATCH]         = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_STANDOUT },
	[PCM_C_DIALOG]        = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_NORMAL },
};

static bool colors_on;

bool pcm_no_color_env(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}

void pcm_colors_init(bool force_mono)
{
	short i;

	colors_on = false;
	if (force_mono || pcm_no_color_env() || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	if (COLOR_PAIRS < PCM_C_COUNT + 1)
		return;
	for (i = 1; i < PCM_C_COUNT; i++)
		init_pair(i, table[i].fg, table[i].bg);
	colors_on = true;
}

bool pcm_colors_active(void)
{
	return colors_on;
}

attr_t pcm_color(enum pcm_color c)
{
	if ((unsigned)c >= PCM_C_COUNT)
		c = PCM_C_NORMAL;
	if (!colors_on)
		return table[c].mono_attr;
	if (c == PCM_C_NORMAL)
		return A_NORMAL;
	return (attr_t)COLOR_PAIR(c) | table[c].color_attr;
}
