/* SPDX-License-Identifier: MIT */
/* One count per day and sorted room spans for the cutoff step
 * (cutoff_index.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "rules/cutoff_index.h"
#include "base/timeconv.h"
#include "base/util.h"

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* How many of the n sorted values are below v. */
static size_t count_below(const int64_t *v, size_t n, int64_t limit)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < limit)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void pcm_cutoff_index_build(struct pcm_cutoff_index *ix, const struct pcm_deployment *d,
                            const struct pcm_plan *p)
{
	int32_t lo = INT32_MAX, hi = INT32_MIN;
	size_t n, i;

	memset(ix, 0, sizeof *ix);
	ix->first = pcm_xmalloc((d->nodes.n + 1) * sizeof *ix->first);
	ix->last = pcm_xmalloc((d->nodes.n + 1) * sizeof *ix->last);
	/* the rooms' spans, and the range of days they cover */
	for (n = 0; n < d->nodes.n; n++) {
		const struct pcm_node *room = &d->nodes.v[n];
		if (room->is_category || !room->stats.messages || !pcm_room_migrated(d, p, (uint32_t)n))
			continue;
		ix->first[ix->nrooms] = room->stats.first_ticks;
		ix->last[ix->nrooms++] = room->stats.last_ticks;
		ix->total += room->stats.messages;
		if (pcm_ticks_day(room->stats.first_ticks) < lo)
			lo = pcm_ticks_day(room->stats.first_ticks);
		if (pcm_ticks_day(room->stats.last_ticks) > hi)
			hi = pcm_ticks_day(room->stats.last_ticks);
	}
	qsort(ix->first, ix->nrooms, sizeof *ix->first, cmp_i64);
	qsort(ix->last, ix->nrooms, sizeof *ix->last, cmp_i64);
	ix->first_day = ix->nrooms ? lo : 0;
	ix->ndays = ix->nrooms ? (size_t)((int64_t)hi - lo + 1) : 0;
	ix->before = pcm_xcalloc(ix->ndays + 1, sizeof *ix->before);
	for (n = 0; n < d->nodes.n; n++) {
		const struct pcm_node *room = &d->nodes.v[n];
		if (room->is_category || !room->stats.messages || !pcm_room_migrated(d, p, (uint32_t)n))
			continue;
		for (i = 0; i < room->stats.ndays; i++)
			ix->before[room->stats.days[i].day - lo + 1] += room->stats.days[i].count;
	}
	/* the counts per day become running totals in place */
	for (i = 0; i < ix->ndays; i++)
		ix->before[i + 1] += ix->before[i];
}

struct pcm_cutoff_answer pcm_cutoff_index_query(const struct pcm_cutoff_index *ix, int64_t midnight)
{
	struct pcm_cutoff_answer a = { 0, 0, 0 };
	int64_t day = pcm_ticks_day(midnight) - (int64_t)ix->first_day;

	if (!ix->nrooms)
		return a;
	a.dropped = day <= 0 ? 0 : day >= (int64_t)ix->ndays ? ix->total : ix->before[day];
	/* a room loses messages when its first is older than the cutoff,
	 * and is left empty when its last is */
	a.rooms_losing = count_below(ix->first, ix->nrooms, midnight);
	a.rooms_emptied = count_below(ix->last, ix->nrooms, midnight);
	return a;
}

void pcm_cutoff_index_free(struct pcm_cutoff_index *ix)
{
	free(ix->first);
	free(ix->last);
	free(ix->before);
	memset(ix, 0, sizeof *ix);
}
