/* SPDX-License-Identifier: MIT */
/* A progress gauge for the migration: rooms and messages done, the rate,
 * and the time left. The arithmetic is pure (tested); drawing is one
 * function. Times come from a monotonic clock. */
#ifndef PCM_UI_GAUGE_H
#define PCM_UI_GAUGE_H

#include <stdint.h>
#include "widgets/ui.h"

struct pcm_gauge {
	uint64_t rooms, rooms_total;
	uint64_t messages, messages_total;
	double started, now;        /* seconds, monotonic */
};

/* Seconds on the monotonic clock. */
double pcm_monotonic(void);
void pcm_gauge_start(struct pcm_gauge *g, uint64_t rooms_total, uint64_t messages_total,
                     double now);
void pcm_gauge_update(struct pcm_gauge *g, uint64_t rooms, uint64_t messages, double now);
/* Fraction done, 0..1: by messages when there are any, else by rooms. */
double pcm_gauge_fraction(const struct pcm_gauge *g);
/* Messages per second so far (rooms per second when there are no messages). */
double pcm_gauge_rate(const struct pcm_gauge *g);
/* Seconds left at the current rate, or -1 when unknown. */
double pcm_gauge_eta(const struct pcm_gauge *g);
/* "0:07", "12:03", "1:02:03"; "--:--" for a negative value. */
void pcm_format_duration(double seconds, char *buf, size_t size);
/* Two rows at (y, x): the bar with the percentage, then the figures. */
void pcm_gauge_draw(const struct pcm_gauge *g, WINDOW *w, int y, int x, int cols);

#endif
