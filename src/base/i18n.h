/* SPDX-License-Identifier: MIT */
/* gettext glue, as GNU nano does it: _() translates, N_() marks, P_()
 * picks the plural form. */
#ifndef PCM_I18N_H
#define PCM_I18N_H

#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
/* The form for n of a message with a count: P_("%zu room", "%zu rooms", n). */
#define P_(singular, plural, n) ngettext(singular, plural, n)

#endif
