/* SPDX-License-Identifier: MIT */
/* Errors that name the object and the place. One struct travels up from
 * the reader or the mapping to the command that prints it. */
#ifndef PCM_ERROR_H
#define PCM_ERROR_H

#include <stdarg.h>

/* Exit statuses documented in pcmigrate(1). */
enum pcm_exit {
	PCM_EXIT_OK = 0,
	PCM_EXIT_BLOCKED = 1,   /* a finding blocks the migration */
	PCM_EXIT_INPUT = 2,     /* bad input, bad usage, unreachable source */
	PCM_EXIT_INTERNAL = 3,  /* I/O failure writing output */
};

struct pcm_error {
	int set;
	char text[2048];
};

/* Records the first error only: later ones are usually consequences. */
void pcm_error_set(struct pcm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pcm_error_vset(struct pcm_error *err, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void pcm_error_clear(struct pcm_error *err);

#endif
