#include "config.h"
#include <stdio.h>
#include <string.h>
#include "error.h"

void pcm_error_vset(struct pcm_error *err, const char *fmt, va_list ap)
{
	if (!err || err->set)
		return;
	vsnprintf(err->text, sizeof err->text, fmt, ap);
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
