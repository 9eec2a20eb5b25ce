/* SPDX-License-Identifier: MIT */
/* Output files that appear whole or not at all: write to a temporary name
 * in the same directory, flush, fsync, rename over the target, fsync the
 * directory. Used by the plan, the package writers and the snapshot
 * writer. */
#ifndef PCM_ATOMIC_H
#define PCM_ATOMIC_H

#include <stdio.h>
#include "base/error.h"

struct pcm_atomic {
	FILE *fp;                   /* write here */
	char *path, *tmp;
	int failed;
};

/* Opens "<path>.tmp-XXXXXX" (mode 0644 unless mode_private: 0600). */
int pcm_atomic_open(struct pcm_atomic *a, const char *path, int mode_private, struct pcm_error *err);
/* Flushes, fsyncs, renames; on any failure removes the temp file and
 * says which file and why (disk full included). */
int pcm_atomic_commit(struct pcm_atomic *a, struct pcm_error *err);
/* Drops the temp file; the target is untouched. Safe after commit. */
void pcm_atomic_abort(struct pcm_atomic *a);

#endif
