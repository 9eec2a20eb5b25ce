/* SPDX-License-Identifier: MIT */
/* Batch commands. Each lives in its own cli_*.c and parses its own
 * options; they share the source/plan opening with the wizard
 * (app/app.h). Each
 * returns an exit status from enum pcm_exit. */
#ifndef PCM_CLI_H
#define PCM_CLI_H

#include "app/app.h"

int pcm_cmd_inspect(int argc, char **argv);
int pcm_cmd_check(int argc, char **argv);
int pcm_cmd_plan(int argc, char **argv);
int pcm_cmd_migrate(int argc, char **argv);
int pcm_cmd_snapshot(int argc, char **argv);
int pcm_cmd_apply_to_source(int argc, char **argv);
int pcm_cmd_verify(int argc, char **argv);

#endif
