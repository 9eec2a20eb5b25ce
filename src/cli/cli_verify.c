/* SPDX-License-Identifier: MIT */
/* pcmigrate verify: after the import, compares the Lync Server 2013
 * Persistent Chat database with what the plan said would move, and
 * prints the differences as check prints findings (text, or --tsv with
 * the same six fields). Exit 0 when everything planned arrived, 1 when
 * something differs, 2 on bad input. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/error.h"
#include "base/i18n.h"
#include "base/util.h"
#include "cli/cli.h"
#include "engine/verify.h"
#include "rules/plan.h"
#include "rules/report.h"

static void verify_usage(FILE *out)
{
	fputs(_("Usage: pcmigrate verify --plan FILE --target TARGET [--source SOURCE] [--tsv]\n"
	        "                        [--login-timeout SECONDS] [--query-timeout SECONDS]\n"
	        "After the import, compares the Lync Server 2013 Persistent Chat database\n"
	        "(TARGET: tds://USER@SERVER[:PORT]/DATABASE, or snapshot:FILE made with\n"
	        "target-snapshot.sql) with what the plan said would move: every planned\n"
	        "category and room under its name, its settings, managers, members and\n"
	        "presenters, the messages since the cutoff (number, first and last dates,\n"
	        "file links), and what the target holds that the plan does not.\n"
	        "SOURCE is the legacy deployment; by default the one the plan names.\n"
	        "--tsv prints one difference per line with six tab-separated fields:\n"
	        "step, severity, code, id, object, message.\n"
	        "Exit status: 0 everything planned arrived, 1 something differs,\n"
	        "2 bad input.\n"), out);
}

/* The legacy source the plan was made on, as a source spec. */
static char *plan_source_spec(const char *plan_path)
{
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_error err = { 0 };
	char *spec = NULL;

	if (pcm_plan_load(p, plan_path, &err) == 0 && p->source_kind && p->source_location)
		spec = !strcmp(p->source_kind, "snapshot") && strncmp(p->source_location, "snapshot:", 9)
		               ? pcm_xasprintf("snapshot:%s", p->source_location)
		               : pcm_xstrdup(p->source_location);
	pcm_plan_free(p);
	return spec;
}

int pcm_cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "plan", required_argument, NULL, 'p' },
		{ "target", required_argument, NULL, 'T' },
		{ "tsv", no_argument, NULL, 't' },
		PCM_CLI_TIMEOUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = NULL, *plan_path = NULL, *target = NULL;
	char *plan_spec = NULL;
	bool tsv = false;
	struct pcm_source *src = NULL;
	struct pcm_deployment *d = NULL;
	struct pcm_plan *plan = NULL;
	struct pcm_error err = { 0 };
	struct pcm_findings findings;
	struct pcm_verify_summary sum;
	int c, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': spec = optarg; break;
		case 'p': plan_path = optarg; break;
		case 'T': target = optarg; break;
		case 't': tsv = true; break;
		case PCM_CLI_OPT_LOGIN_TIMEOUT:
		case PCM_CLI_OPT_QUERY_TIMEOUT:
			if (pcm_cli_timeout_option("verify", c, optarg))
				return PCM_EXIT_INPUT;
			break;
		case 'h': verify_usage(stdout); return PCM_EXIT_OK;
		default: verify_usage(stderr); return PCM_EXIT_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("pcmigrate verify: unexpected argument '%s'\n"), argv[optind]);
		verify_usage(stderr);
		return PCM_EXIT_INPUT;
	}
	if (!plan_path || !target) {
		fprintf(stderr, _("pcmigrate verify: %s is required\n"), !plan_path ? "--plan" : "--target");
		verify_usage(stderr);
		return PCM_EXIT_INPUT;
	}
	plan = pcm_plan_new();
	if (pcm_plan_load(plan, plan_path, &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		pcm_plan_free(plan);
		return PCM_EXIT_INPUT;
	}
	if (!plan->source_kind) {
		fprintf(stderr, _("pcmigrate: plan %s: no such plan, or it names no source: verify "
		                  "needs the plan the package was written with\n"), plan_path);
		pcm_plan_free(plan);
		return PCM_EXIT_INPUT;
	}
	if (!spec)
		spec = plan_spec = plan_source_spec(plan_path);
	status = pcm_app_load_for_plan(spec, plan_path, false, &src, &d);
	if (status != PCM_EXIT_OK)
		goto out;
	if (pcm_plan_matches(plan, d, &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INPUT;
		goto out;
	}
	pcm_findings_init(&findings);
	if (pcm_verify_target(src, d, plan, target, &findings, &sum, &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INPUT;
	} else if ((tsv ? pcm_report_tsv(stdout, &findings) : pcm_report_text(stdout, &findings)) != 0 ||
	           fflush(stdout) != 0) {
		fputs(_("pcmigrate: cannot write the differences to standard output\n"), stderr);
		status = PCM_EXIT_INTERNAL;
	} else {
		if (!tsv)
			printf(_("verified %zu of %zu planned rooms found, %llu of %llu planned messages "
			         "found: %s\n"),
			       sum.rooms_found, sum.rooms_planned,
			       (unsigned long long)sum.messages_found,
			       (unsigned long long)sum.messages_planned,
			       pcm_verify_status(&findings) ? _("differences") : _("everything planned arrived"));
		status = pcm_verify_status(&findings) ? PCM_EXIT_BLOCKED : PCM_EXIT_OK;
	}
	pcm_findings_free(&findings);
out:
	free(plan_spec);
	pcm_plan_free(plan);
	pcm_deployment_free(d);
	pcm_source_close(src);
	return status;
}
