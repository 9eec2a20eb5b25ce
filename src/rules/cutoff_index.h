/* SPDX-License-Identifier: MIT */
/* What a cutoff date would drop, answered at once for any date typed
 * (the wizard's step 5 recounts on every keystroke): the migrated rooms'
 * day counts summed into one count per day with running totals, and the
 * rooms' first and last message times sorted. Built once in
 * O(room-days + rooms log rooms); each date is then O(log). Exact for a
 * cutoff at midnight UTC (a date), as the day counts are. */
#ifndef PCM_CUTOFF_INDEX_H
#define PCM_CUTOFF_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "model/model.h"

struct pcm_plan;

struct pcm_cutoff_index {
	int32_t first_day;          /* day of before[0] */
	size_t ndays;               /* first_day .. first_day + ndays - 1 */
	uint64_t *before;           /* messages posted before each day (ndays + 1
	                             * entries: on day i, before[i + 1] - before[i]) */
	int64_t *first, *last;      /* per room with messages, sorted */
	size_t nrooms;
	uint64_t total;             /* messages of the migrated rooms */
};

struct pcm_cutoff_answer {
	uint64_t dropped;           /* messages older than the cutoff */
	size_t rooms_losing;        /* rooms with at least one of them */
	size_t rooms_emptied;       /* rooms with nothing left */
};

/* Over the rooms the plan migrates (p may be NULL); needs the day
 * histograms (d->counting.per_day). */
void pcm_cutoff_index_build(struct pcm_cutoff_index *ix, const struct pcm_deployment *d,
                            const struct pcm_plan *p);
/* The answer for a cutoff at `midnight` (ticks of 00:00 UTC of a day). */
struct pcm_cutoff_answer pcm_cutoff_index_query(const struct pcm_cutoff_index *ix,
                                                int64_t midnight);
void pcm_cutoff_index_free(struct pcm_cutoff_index *ix);

#endif
