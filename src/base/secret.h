/* SPDX-License-Identifier: MIT */
/* Secrets (the TDS password) taken from the environment so that nothing
 * after pcmigrate reads it can see them: not a child process, not
 * /proc/PID/environ, not a core dump's environment block. */
#ifndef PCM_SECRET_H
#define PCM_SECRET_H

#include <stddef.h>

/* Returns a fresh copy of the environment variable name (NULL when it is
 * not set), then wipes its value where it lives (for the environment the
 * process started with: the block /proc/PID/environ shows, which keeps
 * "NAME=" followed by zero bytes) and removes it with unsetenv, so child
 * processes do not inherit it. The caller wipes the copy with
 * pcm_secret_free. */
char *pcm_secret_from_env(const char *name);
/* explicit_bzero, then free. */
void pcm_secret_free(char *secret);

#endif
