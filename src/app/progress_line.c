/* SPDX-License-Identifier: MIT */
/* A load's progress on one terminal line (progress_line.h). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include "base/escape.h"
#include "base/i18n.h"
#include "app/progress_line.h"
#include "base/textwidth.h"
#include "base/util.h"

/* Ten redraws a second: smooth enough, and cheap over a slow ssh link. */
#define PROGRESS_INTERVAL 0.1

double pcm_progress_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void pcm_progress_line_init(struct pcm_progress_line *pl, FILE *out, const char *what)
{
	memset(pl, 0, sizeof *pl);
	pl->out = out;
	pl->what = pcm_escape_text(what, 0);    /* a name never reaches the
	                                         * terminal raw (escape.h) */
	pl->now = pcm_progress_clock;
	pl->cols = 80;
	{
		struct winsize ws;
		if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			pl->cols = ws.ws_col;
	}
}

/* Whole percent of done in total (100 when the total is unknown or passed). */
static unsigned percent(uint64_t done, uint64_t total)
{
	return !total || done >= total ? 100u : (unsigned)(done * 100 / total);
}

/* Redrawn at most ten times a second. */
static bool too_soon(const struct pcm_progress_line *pl)
{
	return pl->drawn && pl->now() - pl->last < PROGRESS_INTERVAL;
}

/* The file's base name, for a line the whole path makes too wide (a
 * wrapped line cannot be redrawn in place; the rest is cut at the edge). */
static const char *base_name(const struct pcm_progress_line *pl)
{
	const char *slash = strrchr(pl->what, '/');

	return slash ? slash + 1 : pl->what;
}

void pcm_progress_line_format(char *buf, size_t size, const char *what, uint64_t done,
                              uint64_t total, uint64_t rows)
{
	char r[32];

	pcm_grouped(rows, r, sizeof r);
	if (total)
		snprintf(buf, size, P_("pcmigrate: reading %s: %u%% (%.0f of %.0f MB, %s row)",
		                       "pcmigrate: reading %s: %u%% (%.0f of %.0f MB, %s rows)", rows),
		         what, percent(done, total), (double)done / 1e6, (double)total / 1e6, r);
	else
		snprintf(buf, size, P_("pcmigrate: reading %s: %s row", "pcmigrate: reading %s: %s rows",
		                       rows), what, r);
}

void pcm_progress_line_text(struct pcm_progress_line *pl, const char *text)
{
	char line[512];
	size_t w;

	if (too_soon(pl))
		return;
	snprintf(line, sizeof line, "%s", text);
	line[pcm_text_fit(line, pl->cols > 1 ? pl->cols - 1 : 1)] = '\0';
	w = (size_t)(pcm_text_width(line) > 0 ? pcm_text_width(line) : 0);
	/* a shorter line than the last one leaves no tail behind */
	fprintf(pl->out, "\r%s%*s", line, pl->width > w ? (int)(pl->width - w) : 0, "");
	fflush(pl->out);
	pl->width = w;
	pl->last = pl->now();
	pl->drawn = true;
}

void pcm_progress_line_update(struct pcm_progress_line *pl, uint64_t done, uint64_t total,
                              uint64_t rows)
{
	char line[512];

	if (too_soon(pl))
		return;
	pcm_progress_line_format(line, sizeof line, pl->what, done, total, rows);
	if (pcm_text_width(line) >= pl->cols)
		pcm_progress_line_format(line, sizeof line, base_name(pl), done, total, rows);
	pcm_progress_line_text(pl, line);
}

static void format_writing(char *buf, size_t size, const char *what, uint64_t done, uint64_t total)
{
	char d[32], t[32];

	snprintf(buf, size, P_("pcmigrate: writing %s: %u%% (%s of %s row)",
	                       "pcmigrate: writing %s: %u%% (%s of %s rows)", total),
	         what, percent(done, total), pcm_grouped(done, d, sizeof d),
	         pcm_grouped(total, t, sizeof t));
}

void pcm_progress_line_writing(struct pcm_progress_line *pl, uint64_t done, uint64_t total)
{
	char line[512];

	if (too_soon(pl))
		return;
	format_writing(line, sizeof line, pl->what, done, total);
	if (pcm_text_width(line) >= pl->cols)
		format_writing(line, sizeof line, base_name(pl), done, total);
	pcm_progress_line_text(pl, line);
}

void pcm_progress_line_end(struct pcm_progress_line *pl)
{
	if (pl->drawn) {
		fprintf(pl->out, "\r%*s\r", (int)pl->width, "");
		fflush(pl->out);
	}
	free(pl->what);
	pl->what = NULL;
	pl->drawn = false;
}
