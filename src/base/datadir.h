/* SPDX-License-Identifier: MIT */
/* Where pcmigrate's data files are (schemas, the training sample). */
#ifndef PCM_DATADIR_H
#define PCM_DATADIR_H

/* $PCMIGRATE_DATADIR, else the installed $(pkgdatadir), else, for a
 * program run from its source tree before `make install` (the README's
 * first command), the data/ folder beside the executable. No build-tree
 * path is compiled in: an installed binary never looks there. */
const char *pcm_data_dir(void);

#endif
