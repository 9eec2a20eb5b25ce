/* gettext glue, as GNU nano does it: _() translates, N_() marks. */
#ifndef PCM_I18N_H
#define PCM_I18N_H

#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)

#endif
