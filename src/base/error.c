/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/error.h"
#include "base/escape.h"

/* Messages quote names and values from the input: a control character
 * in one is shown escaped (escape.h), never sent raw to the terminal the
 * message is printed on; the message's own newlines and tabs stay. */
void pcm_error_vset(struct pcm_error *err, const char *fmt, va_list ap)
{
	char raw[sizeof err->text], *shown;

	if (!err || err->set)
		return;
	vsnprintf(raw, sizeof raw, fmt, ap);
	shown = pcm_escape_text(raw, PCM_ESC_KEEP_LINES);
	snprintf(err->text, sizeof err->text, "%s", shown);
	free(shown);
	err->set = 1;
}

void pcm_error_set(struct pcm_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pcm_error_vset(err, fmt, ap);
	va_end(ap);
}

void pcm_error_clear(struct pcm_error *err)
{
	err->set = 0;
	err->text[0] = '\0';
}
