/* SPDX-License-Identifier: MIT */
/* Step bar. */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "widgets/colors.h"
#include "widgets/draw.h"
#include "widgets/stepbar.h"
#include "widgets/text.h"

/* Width of the bar when other labels are cut to `cut` columns. Each item
 * is "label" + mark (1 column) with a space between; the current one adds
 * the brackets. */
static int bar_width(const char *const labels[], int n, int current, int cut)
{
	int i, w = 0, lw;

	for (i = 0; i < n; i++) {
		lw = pcm_text_width(labels[i]);
		if (i != current && lw > cut)
			lw = cut;
		w += lw + 1 + (i ? 1 : 0) + (i == current ? 2 : 0);
	}
	return w;
}

int pcm_stepbar_fit(const char *const labels[], int n, int current, int cols)
{
	int cut;

	if (bar_width(labels, n, current, 1000) <= cols)
		return 1000;
	for (cut = 12; cut > 0; cut--)
		if (bar_width(labels, n, current, cut) <= cols)
			return cut;
	return 0;
}

/* Where each step was drawn last, for a mouse click. */
#define MAX_STEPS 32
static int hit_from[MAX_STEPS], hit_to[MAX_STEPS], hit_n;

int pcm_stepbar_hit(int x)
{
	int i;

	for (i = 0; i < hit_n; i++)
		if (x >= hit_from[i] && x < hit_to[i])
			return i;
	return -1;
}

void pcm_stepbar_draw(WINDOW *w, int y, int cols, const char *const labels[],
                      const enum pcm_step_state states[], int n, int current)
{
	int cut = pcm_stepbar_fit(labels, n, current, cols), i, x = 0, lw;
	const char *mark;
	attr_t a;
	char num[16];

	pcm_draw_fill(w, y, 0, cols, pcm_color(PCM_C_NORMAL));
	hit_n = 0;
	for (i = 0; i < n && x < cols; i++) {
		if (i)
			x++;
		if (i < MAX_STEPS) {
			hit_from[i] = x;
			hit_n = i + 1;
		}
		a = pcm_color(i == current ? PCM_C_STEP_CURRENT
		              : states[i] == PCM_STEP_DONE ? PCM_C_STEP_DONE
		              : states[i] == PCM_STEP_BLOCKED ? PCM_C_STEP_BLOCKED : PCM_C_STEP);
		if (i == current)
			x += pcm_draw_text(w, y, x, "[", cols - x, a, false);
		lw = i == current ? 1000 : cut;
		if (lw == 0) {
			snprintf(num, sizeof num, "%d", i + 1);
			x += pcm_draw_text(w, y, x, num, cols - x, a, false);
		} else {
			x += pcm_draw_text(w, y, x, labels[i], lw < cols - x ? lw : cols - x, a, false);
		}
		mark = states[i] == PCM_STEP_DONE ? (pcm_draw_utf8() ? "\u2713" : "+")
		       : states[i] == PCM_STEP_BLOCKED ? "!" : " ";
		x += pcm_draw_text(w, y, x, mark, cols - x, a, false);
		if (i == current)
			x += pcm_draw_text(w, y, x, "]", cols - x, a, false);
		if (i < MAX_STEPS)
			hit_to[i] = x;
	}
}
