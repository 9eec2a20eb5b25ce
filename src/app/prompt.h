/* SPDX-License-Identifier: MIT */
/* Asking the administrator for the TDS password on the terminal. */
#ifndef PCM_PROMPT_H
#define PCM_PROMPT_H

#include "base/error.h"

/* Reads a password from /dev/tty with echo off (Ctrl-C, a hangup or a
 * crash at the prompt gives echo back). label names the server in the
 * prompt. NULL with err set when there is no terminal. The source layer
 * calls it through pcm_tds_set_password_prompt (main sets it). */
char *pcm_prompt_password(const char *label, struct pcm_error *err);

#endif
