/* SPDX-License-Identifier: MIT */
/* Asking the administrator for the TDS password on the terminal. */
#ifndef PCM_PROMPT_H
#define PCM_PROMPT_H

#include <stddef.h>
#include "base/error.h"

/* Reads a password from /dev/tty with echo off (Ctrl-C, a hangup or a
 * crash at the prompt gives echo back). label names the server in the
 * prompt. NULL with err set when there is no terminal. The source layer
 * calls it through pcm_tds_set_password_prompt (main sets it). */
char *pcm_prompt_password(const char *label, struct pcm_error *err);

/* Reads one line typed on terminal fd into buf (at most size - 1 bytes
 * kept, the rest of the line read and dropped; no line end). */
void pcm_tty_read_line(int fd, char *buf, size_t size);

#endif
