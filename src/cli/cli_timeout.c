/* SPDX-License-Identifier: MIT */
/* --login-timeout and --query-timeout, taken by every command that reads
 * a source (cli.h). */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "base/i18n.h"
#include "base/util.h"
#include "source/source_tds.h"

int pcm_cli_timeout_option(const char *cmd, int opt, const char *arg)
{
	static int login = -1, query = -1;
	int64_t v;

	if (!pcm_parse_i64(arg, 0, 86400, &v)) {
		fprintf(stderr, _("pcmigrate %s: %s %s: give a number of seconds from 0 (no limit) "
		                  "to 86400\n"), cmd,
		        opt == PCM_CLI_OPT_LOGIN_TIMEOUT ? "--login-timeout" : "--query-timeout", arg);
		return PCM_EXIT_INPUT;
	}
	if (opt == PCM_CLI_OPT_LOGIN_TIMEOUT)
		login = (int)v;
	else
		query = (int)v;
	pcm_tds_set_timeouts(login, query);
	return PCM_EXIT_OK;
}
