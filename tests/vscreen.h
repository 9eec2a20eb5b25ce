/* SPDX-License-Identifier: MIT */
/* A curses screen on /dev/null for widget tests: draw, then read the rows
 * back as text, as a person would see them. */
#ifndef PCM_TEST_VSCREEN_H
#define PCM_TEST_VSCREEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "widgets/text.h"
#include "widgets/ui.h"

static SCREEN *vscreen;
static FILE *vscreen_out, *vscreen_in;

/* Opens a rows x cols screen with TERM=xterm. */
static inline int vscreen_open(int rows, int cols)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%d", rows);
	setenv("LINES", buf, 1);
	snprintf(buf, sizeof buf, "%d", cols);
	setenv("COLUMNS", buf, 1);
	vscreen_out = fopen("/dev/null", "w");
	vscreen_in = fopen("/dev/null", "r");
	vscreen = newterm("xterm", vscreen_out, vscreen_in);
	if (!vscreen)
		return -1;
	set_term(vscreen);
	return 0;
}

static inline void vscreen_close(void)
{
	endwin();
	delscreen(vscreen);
	fclose(vscreen_out);
	fclose(vscreen_in);
}

/* Row y of stdscr as UTF-8, trailing spaces removed (caller frees). */
static inline char *vscreen_row(int y)
{
	wchar_t w[1024];
	char *s;
	size_t n;

	memset(w, 0, sizeof w);
	mvwinnwstr(stdscr, y, 0, w, COLS < 1000 ? COLS : 1000);
	n = wcslen(w);
	while (n > 0 && w[n - 1] == ' ')
		n--;
	s = pcm_wcs_to_utf8(w, n);
	return s;
}

#endif
