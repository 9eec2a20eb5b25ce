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

/* --login-timeout SECONDS and --query-timeout SECONDS (tds:// sources):
 * put PCM_CLI_TIMEOUT_OPTIONS in a command's getopt table and hand those
 * two values to pcm_cli_timeout_option, which returns PCM_EXIT_OK or, on a
 * bad number, PCM_EXIT_INPUT after saying so. */
#define PCM_CLI_OPT_LOGIN_TIMEOUT 0x4c54
#define PCM_CLI_OPT_QUERY_TIMEOUT 0x5154
#define PCM_CLI_TIMEOUT_OPTIONS \
	{ "login-timeout", required_argument, NULL, PCM_CLI_OPT_LOGIN_TIMEOUT }, \
	{ "query-timeout", required_argument, NULL, PCM_CLI_OPT_QUERY_TIMEOUT }
int pcm_cli_timeout_option(const char *cmd, int opt, const char *arg);

#endif
