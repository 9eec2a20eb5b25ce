/* SPDX-License-Identifier: MIT */
/* The one place ui/ includes curses: ncursesw with its wide-character
 * interface (cchar_t, wget_wch, waddnwstr). */
#ifndef PCM_UI_H
#define PCM_UI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#endif
