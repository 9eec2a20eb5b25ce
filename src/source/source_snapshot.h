/* SPDX-License-Identifier: MIT */
/* The snapshot backend's extra entry points for other modules: the TDS
 * test server loads its fixtures row by row, and tests re-read what the
 * snapshot writer wrote. The source interface itself is in source.h. */
#ifndef PCM_SOURCE_SNAPSHOT_H
#define PCM_SOURCE_SNAPSHOT_H

#include "source/source.h"
#include "base/error.h"

/* Calls cb with every row of every table (tblChat and backupset too) in
 * file order, after the same checks the reader makes (UTF-8, no DOCTYPE,
 * the RELAX NG schema). The row and its strings are valid during the call
 * only. A non-zero return of cb stops the walk and is returned (cb should
 * set err); otherwise returns 0, or -1 with err set. */
int pcm_snapshot_each_row(const char *path, int (*cb)(const struct pcm_row *row, void *ctx),
                          void *ctx, struct pcm_error *err);

/* The RELAX NG schema the reader validates against (in pcm_data_dir()). */
#define PCM_SNAPSHOT_SCHEMA "snapshot.rng"

#endif
