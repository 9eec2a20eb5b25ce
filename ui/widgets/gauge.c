/* SPDX-License-Identifier: MIT */
/* Progress gauge. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "widgets/colors.h"
#include "widgets/draw.h"
#include "widgets/gauge.h"
#include "base/i18n.h"

double pcm_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void pcm_gauge_start(struct pcm_gauge *g, uint64_t rooms_total, uint64_t messages_total,
                     double now)
{
	memset(g, 0, sizeof *g);
	g->rooms_total = rooms_total;
	g->messages_total = messages_total;
	g->started = g->now = now;
}

void pcm_gauge_update(struct pcm_gauge *g, uint64_t rooms, uint64_t messages, double now)
{
	g->rooms = rooms;
	g->messages = messages;
	g->now = now;
}

double pcm_gauge_fraction(const struct pcm_gauge *g)
{
	double f;

	if (g->messages_total)
		f = (double)g->messages / (double)g->messages_total;
	else if (g->rooms_total)
		f = (double)g->rooms / (double)g->rooms_total;
	else
		f = 1.0;
	return f < 0 ? 0 : f > 1 ? 1 : f;
}

double pcm_gauge_rate(const struct pcm_gauge *g)
{
	double t = g->now - g->started;

	if (t <= 0)
		return 0;
	return (double)(g->messages_total ? g->messages : g->rooms) / t;
}

double pcm_gauge_eta(const struct pcm_gauge *g)
{
	double rate = pcm_gauge_rate(g);
	uint64_t done = g->messages_total ? g->messages : g->rooms;
	uint64_t total = g->messages_total ? g->messages_total : g->rooms_total;

	if (done >= total)
		return 0;
	if (rate <= 0)
		return -1;
	return (double)(total - done) / rate;
}

void pcm_format_duration(double seconds, char *buf, size_t size)
{
	long s;

	if (seconds < 0) {
		snprintf(buf, size, "--:--");
		return;
	}
	s = (long)(seconds + 0.5);
	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

void pcm_gauge_draw(const struct pcm_gauge *g, WINDOW *w, int y, int x, int cols)
{
	double f = pcm_gauge_fraction(g);
	int filled, i;
	char pct[16], eta[32], el[32];
	attr_t done = pcm_color(PCM_C_GAUGE_DONE), todo = pcm_color(PCM_C_GAUGE_TODO);
	int bar = cols - 2, start;

	if (bar < 4)
		bar = 4;
	filled = (int)(f * bar + 0.5);
	snprintf(pct, sizeof pct, "%3d%%", (int)(f * 100));
	start = (bar - (int)strlen(pct)) / 2;
	mvwaddch(w, y, x, '[');
	for (i = 0; i < bar; i++) {
		char cell[8];
		if (i >= start && i < start + (int)strlen(pct))
			snprintf(cell, sizeof cell, "%c", pct[i - start]);
		else
			snprintf(cell, sizeof cell, "%s", i < filled ? pcm_glyph_thumb() : " ");
		pcm_draw_text(w, y, x + 1 + i, cell, 1, i < filled ? done : todo, false);
	}
	mvwaddch(w, y, x + 1 + bar, ']');
	pcm_format_duration(pcm_gauge_eta(g), eta, sizeof eta);
	pcm_format_duration(g->now - g->started, el, sizeof el);
	pcm_draw_printf(w, y + 1, x, cols, pcm_color(PCM_C_NORMAL), true,
	                _("Rooms %llu/%llu  Messages %llu/%llu  %.0f/s  elapsed %s  left %s"),
	                (unsigned long long)g->rooms, (unsigned long long)g->rooms_total,
	                (unsigned long long)g->messages, (unsigned long long)g->messages_total,
	                pcm_gauge_rate(g), el, eta);
}
