/* SPDX-License-Identifier: MIT */
/* pcmigrate check: every checklist rule on the deployment and its plan,
 * as human text or as TSV (one finding per line, six fields). Exit 0 when
 * nothing blocks, 1 when a finding blocks the migration, 2 on bad input. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "rules/checks.h"
#include "cli/cli.h"
#include "base/error.h"
#include "base/escape.h"
#include "base/i18n.h"
#include "rules/plan.h"
#include "rules/report.h"

static void check_usage(FILE *out)
{
	fputs(_("Usage: pcmigrate check [--source SOURCE] [--plan FILE] [--tsv]\n"
	        "                        [--file-sizes LISTING | --file-store DIR]\n"
	        "Runs every checklist rule on the deployment with the plan's decisions\n"
	        "and prints the findings. --tsv prints one finding per line with six\n"
	        "tab-separated fields: step, severity, code, id, object, message.\n"
	        "--file-sizes reads a listing of the legacy file store (one file per\n"
	        "line: SIZE<TAB>PATH, or Export-Csv with Length and FullName) and\n"
	        "--file-store a copy of it, to report the size of the uploaded files\n"
	        "and the ones missing (see FILE SIZES in pcmigrate(1)).\n"
	        "Exit status: 0 nothing blocks, 1 a finding blocks the migration,\n"
	        "2 bad input.\n"), out);
}

int pcm_cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "plan", required_argument, NULL, 'p' },
		{ "tsv", no_argument, NULL, 't' },
		{ "file-sizes", required_argument, NULL, 'f' },
		{ "file-store", required_argument, NULL, 'F' },
		PCM_CLI_TIMEOUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = NULL, *plan_path = NULL, *listing = NULL, *store = NULL;
	bool tsv = false;
	struct pcm_source *src = NULL;
	struct pcm_deployment *d = NULL;
	struct pcm_plan *plan = NULL;
	struct pcm_error err = { 0 };
	struct pcm_plan_issues issues = { { NULL, 0, 0 } };
	struct pcm_findings findings;
	char *default_path = NULL;
	int c, status;
	size_t i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': spec = optarg; break;
		case 'p': plan_path = optarg; break;
		case 't': tsv = true; break;
		case 'f': listing = optarg; break;
		case 'F': store = optarg; break;
		case PCM_CLI_OPT_LOGIN_TIMEOUT:
		case PCM_CLI_OPT_QUERY_TIMEOUT:
			if (pcm_cli_timeout_option("check", c, optarg))
				return PCM_EXIT_INPUT;
			break;
		case 'h': check_usage(stdout); return PCM_EXIT_OK;
		default: check_usage(stderr); return PCM_EXIT_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("pcmigrate check: unexpected argument '%s'\n"), argv[optind]);
		check_usage(stderr);
		return PCM_EXIT_INPUT;
	}
	status = pcm_app_load_for_plan(spec, plan_path, listing || store, &src, &d);
	if (status != PCM_EXIT_OK)
		return status;
	status = pcm_app_file_sizes(d, listing, store);
	if (status != PCM_EXIT_OK)
		goto out;
	if (!plan_path)
		plan_path = default_path = pcm_app_default_plan_path(d);
	plan = pcm_plan_new();
	if (pcm_plan_load(plan, plan_path, &err) || pcm_plan_matches(plan, d, &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INPUT;
		goto out;
	}
	pcm_plan_review(plan, d, &issues);
	for (i = 0; i < issues.list.n; i++)
		fprintf(stderr, _("pcmigrate: plan %s: decision no longer applies: %s\n"), plan_path,
		        pcm_shown(issues.list.v[i].message));
	pcm_findings_init(&findings);
	pcm_check_all(d, plan, &findings);
	if ((tsv ? pcm_report_tsv(stdout, &findings) : pcm_report_text(stdout, &findings)) != 0 ||
	    fflush(stdout) != 0) {
		fputs(_("pcmigrate: cannot write the findings to standard output\n"), stderr);
		status = PCM_EXIT_INTERNAL;
	} else {
		status = pcm_findings_blocking(&findings) ? PCM_EXIT_BLOCKED : PCM_EXIT_OK;
	}
	pcm_findings_free(&findings);
out:
	pcm_plan_issues_free(&issues);
	pcm_plan_free(plan);
	free(default_path);
	pcm_deployment_free(d);
	pcm_source_close(src);
	return status;
}
