/* SPDX-License-Identifier: MIT */
/* pcmigrate check: every checklist rule on the deployment and its plan,
 * as human text or as TSV (one finding per line, six fields). Exit 0 when
 * nothing blocks, 1 when a finding blocks the migration, 2 on bad input. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "cli/cli.h"
#include "base/error.h"
#include "base/escape.h"
#include "base/i18n.h"
#include "rules/plan.h"
#include "rules/report.h"
#include "engine/worklist.h"
#include "model/model.h"
#include "base/util.h"

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
	        "With a plan that changes the legacy deployment, it then says which of\n"
	        "those changes (the Group Chat Admin Tool worklist) the source already\n"
	        "carries and which are still to do; --tsv gives them as lines of step\n"
	        "worklist, code WORKLIST-DONE or WORKLIST-TODO.\n"
	        "Exit status: 0 nothing blocks, 1 a finding blocks the migration,\n"
	        "2 bad input.\n"), out);
}

/* The Admin Tool worklist against this source: each change done (the
 * source carries it) or still to do. Never blocks: until the worklist is
 * worked through, every change is to do. Returns 0, or -1 on a write
 * error. */
static int print_worklist(const struct pcm_deployment *d, const struct pcm_plan *plan, bool tsv)
{
	struct pcm_worklist wl;
	size_t i;

	pcm_worklist_build(d, plan, &wl);
	if (wl.items.n && !tsv) {
		printf("\n%s\n", _("Group Chat Admin Tool worklist (admin-tool-worklist.txt)"));
		for (i = 0; i < wl.items.n; i++)
			printf("  %s\n", wl.items.v[i].line);
		if (wl.done == wl.items.n)
			printf(P_("The change the plan makes to the legacy deployment is done: the legacy "
			          "data matches the plan.\n",
			          "All %zu changes the plan makes to the legacy deployment are done: the "
			          "legacy data matches the plan.\n", wl.items.n), wl.items.n);
		else
			printf(P_("%zu of %zu change done; still to do in the Group Chat Admin Tool: %zu.\n",
			          "%zu of %zu changes done; still to do in the Group Chat Admin Tool: %zu.\n",
			          wl.items.n),
			       wl.done, wl.items.n, wl.items.n - wl.done);
	}
	for (i = 0; tsv && i < wl.items.n; i++) {
		const struct pcm_work_item *it = &wl.items.v[i];
		char *path = pcm_node_path(d, it->node, pcm_plan_separator(plan));
		char *id = pcm_tsv_escape(it->id), *object = pcm_tsv_escape(path);
		char *message = pcm_tsv_escape(it->line + 4);   /* after the tick box */

		printf("worklist\tinfo\t%s\t%s\t%s\t%s\n", it->done ? "WORKLIST-DONE" : "WORKLIST-TODO",
		       id, object, message);
		free(path);
		free(id);
		free(object);
		free(message);
	}
	pcm_worklist_free(&wl);
	return ferror(stdout) ? -1 : 0;
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
	if (pcm_plan_other_snapshot(plan, d) ||
	    (plan->source_kind && d->info.kind && strcmp(plan->source_kind, d->info.kind) != 0))
		fprintf(stderr, _("pcmigrate: plan %s was made from %s; %s is another read of the same "
		                  "database %s on %s: the decisions it already carries count as done\n"),
		        plan_path, pcm_shown(plan->source_location), pcm_shown(d->info.location),
		        pcm_shown(d->info.database), pcm_shown(d->info.server));
	pcm_plan_review(plan, d, &issues);
	for (i = 0; i < issues.list.n; i++)
		fprintf(stderr, _("pcmigrate: plan %s: decision no longer applies: %s\n"), plan_path,
		        pcm_shown(issues.list.v[i].message));
	pcm_findings_init(&findings);
	pcm_check_all(d, plan, &findings);
	if ((tsv ? pcm_report_tsv(stdout, &findings) : pcm_report_text(stdout, &findings)) != 0 ||
	    print_worklist(d, plan, tsv) != 0 || fflush(stdout) != 0) {
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
