/* SPDX-License-Identifier: MIT */
/* One line on a terminal that says how far a long load or run is
 * ("reading contoso.xml: 45% (102 of 226 MB)"), redrawn in place at most ten times
 * a second and wiped when the load ends, so what follows starts on a
 * clean line. For a terminal only: the caller decides (isatty). */
#ifndef PCM_PROGRESS_LINE_H
#define PCM_PROGRESS_LINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct pcm_progress_line {
	FILE *out;
	char *what;                 /* the thing read, as shown */
	int cols;                   /* of the terminal: a wrapped line could
	                             * not be redrawn in place */
	double (*now)(void);        /* seconds, monotonic (tests pass their own) */
	double last;                /* when the line was last drawn */
	size_t width;               /* columns of the line drawn, to wipe it */
	bool drawn;
};

void pcm_progress_line_init(struct pcm_progress_line *pl, FILE *out, const char *what);
/* done of total bytes (total 0: unknown, then rows alone are shown). */
void pcm_progress_line_update(struct pcm_progress_line *pl, uint64_t done, uint64_t total,
                              uint64_t rows);
/* "writing FILE: 45% (1,234 of 2,345 rows)": rows written of those the
 * load read. */
void pcm_progress_line_writing(struct pcm_progress_line *pl, uint64_t done, uint64_t total);
/* Any text on the line, with the same throttle, width and wiping (the
 * engine's rooms and messages). */
void pcm_progress_line_text(struct pcm_progress_line *pl, const char *text);
/* Wipes the line if one was drawn; frees what init took. */
void pcm_progress_line_end(struct pcm_progress_line *pl);
/* The text of the line, without the carriage return (for tests). */
void pcm_progress_line_format(char *buf, size_t size, const char *what, uint64_t done,
                              uint64_t total, uint64_t rows);
/* CLOCK_MONOTONIC in seconds. */
double pcm_progress_clock(void);

#endif
