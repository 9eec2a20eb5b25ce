/* SPDX-License-Identifier: MIT */
/* pcmigrate migrate [--source S] [--plan P] (--what-if | --out DIR):
 * runs the engine on the plan, prints the warnings (the same text as
 * warnings.txt), shows progress on stderr when it is a terminal, and
 * exits 0 (nothing blocks), 1 (a finding blocks; --out then writes
 * nothing), 2 (bad input or usage) or 3 (the package could not be
 * written). Ctrl-C cancels cleanly: no partial file is left. */
#include "config.h"
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "app/next_steps.h"
#include "engine/engine.h"
#include "base/error.h"
#include "base/escape.h"
#include "base/i18n.h"
#include "base/interrupt.h"
#include "rules/plan.h"
#include "app/progress_line.h"
#include "rules/report.h"
#include "source/source.h"

static void usage(FILE *out)
{
	fputs(_("Usage: pcmigrate migrate [--source SOURCE] [--plan FILE] (--what-if | --out DIR)\n"
	        "                          [--file-sizes LISTING | --file-store DIR]\n"
	        "Apply the plan to the legacy deployment and write the migration package.\n"
	        "\n"
	        "  --source SOURCE  snapshot:FILE or tds://USER@SERVER[:PORT]/DATABASE\n"
	        "                   (default: the bundled training sample)\n"
	        "  --plan FILE      the plan (default: the plan of this source in\n"
	        "                   $XDG_STATE_HOME/pcmigrate/)\n"
	        "  --what-if        do everything, messages included, and write nothing\n"
	        "  --out DIR        write the package into DIR (created if missing);\n"
	        "                   refused while a finding blocks the migration\n"
	        "  --file-sizes LISTING  a listing of the legacy file store (SIZE<TAB>PATH\n"
	        "                   per line, or Export-Csv with Length and FullName):\n"
	        "                   the size of the uploaded files and the missing ones\n"
	        "                   go into the warnings and copy-files.cmd\n"
	        "  --file-store DIR the same from a copy of the store (or the share mounted)\n"
	        "  --login-timeout SECONDS, --query-timeout SECONDS  time limits of a tds://\n"
	        "                   source (default freetds.conf's, else 30 and 300; 0: none)\n"
	        "\n"
	        "Exit status: 0 nothing blocks, 1 a finding blocks, 2 bad input,\n"
	        "3 the package could not be written, 130/143 interrupted.\n"), out);
}

struct progress_state {
	bool tty;
	struct pcm_progress_line line;
};

/* One self-overwriting line on stderr; also how Ctrl-C cancels the run. */
static int show_progress(const struct pcm_progress *p, void *user)
{
	struct progress_state *st = user;

	if (st->tty && !p->done) {
		char text[160];
		snprintf(text, sizeof text, _("pcmigrate: rooms %zu/%zu, messages %llu/%llu"),
		         p->rooms_done, p->rooms_total, (unsigned long long)p->messages_done,
		         (unsigned long long)p->messages_total);
		pcm_progress_line_text(&st->line, text);
	}
	return pcm_interrupt_signal() != 0;
}

/* Loads the plan (given, or this source's default), checks it belongs to
 * the deployment, and reports decisions that no longer apply. */
static int load_plan(const char *path, const struct pcm_deployment *d, struct pcm_plan **out)
{
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_plan_issues issues = { 0 };
	struct pcm_error err = { 0 };
	char *def = NULL;
	size_t i;

	if (!path)
		path = def = pcm_app_default_plan_path(d);
	if (pcm_plan_load(p, path, &err) != 0) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		free(def);
		pcm_plan_free(p);
		return PCM_EXIT_INPUT;
	}
	free(def);
	if (p->source_kind) {
		if (pcm_plan_matches(p, d, &err) != 0) {
			fprintf(stderr, "pcmigrate: %s\n", err.text);
			pcm_plan_free(p);
			return PCM_EXIT_INPUT;
		}
	} else {
		pcm_plan_bind(p, d);
	}
	pcm_plan_review(p, d, &issues);
	for (i = 0; i < issues.list.n; i++)
		fprintf(stderr, _("pcmigrate: plan: %s\n"), pcm_shown(issues.list.v[i].message));
	pcm_plan_issues_free(&issues);
	*out = p;
	return PCM_EXIT_OK;
}

static void print_summary(const char *out_dir, const struct pcm_engine_summary *s)
{
	printf(_("%s: %zu categories, %zu rooms (%zu not migrated), %llu messages "
	         "(%llu before the cutoff not in the package), %llu uploaded files, "
	         "%zu statements in fix-source.sql.\n"),
	       out_dir ? out_dir : _("what-if"), s->categories, s->rooms, s->rooms_skipped,
	       (unsigned long long)s->messages, (unsigned long long)s->messages_dropped,
	       (unsigned long long)s->files, s->sql_statements);
	if (s->worklist_items > s->worklist_done)
		printf(P_("%zu change to the legacy deployment to make with the Group Chat Admin Tool "
		          "first: see admin-tool-worklist.txt (fix-source.sql is the unsupported "
		          "fallback).\n",
		          "%zu changes to the legacy deployment to make with the Group Chat Admin Tool "
		          "first: see admin-tool-worklist.txt (fix-source.sql is the unsupported "
		          "fallback).\n", s->worklist_items - s->worklist_done),
		       s->worklist_items - s->worklist_done);
	if (s->messages_dropped)
		puts(_("runbook.ps1's export command carries the cutoff as -StartDate: check the import "
		       "report that the older messages are left out."));
	if (!out_dir)
		puts(_("Nothing was written (what-if)."));
}

static int run(const char *spec, const char *plan_path, const char *out_dir,
               const char *listing, const char *store)
{
	struct pcm_source *src = NULL;
	struct pcm_deployment *d = NULL;
	struct pcm_plan *p = NULL;
	struct pcm_findings warnings;
	struct pcm_engine_summary summary;
	struct progress_state st = { .tty = isatty(STDERR_FILENO) != 0 };
	struct pcm_error err = { 0 };
	int rc, status;

	/* Ctrl-C and SIGTERM: at once while nothing is written; while the
	 * package is, the query is cancelled and the temporaries removed
	 * (base/interrupt.h) */
	pcm_interrupt_catch(true);
	status = pcm_app_load_for_plan(spec, plan_path, listing || store, &src, &d);
	if (status != PCM_EXIT_OK)
		return status;
	status = pcm_app_file_sizes(d, listing, store);
	if (status != PCM_EXIT_OK)
		goto out;
	status = load_plan(plan_path, d, &p);
	if (status != PCM_EXIT_OK)
		goto out;

	pcm_findings_init(&warnings);
	pcm_interrupt_defer(true);
	if (st.tty)
		pcm_progress_line_init(&st.line, stderr, "");
	rc = pcm_engine_run(src, d, p, out_dir, show_progress, &st, &warnings, &summary, &err);
	if (st.tty)
		pcm_progress_line_end(&st.line);
	if (pcm_interrupt_signal()) {
		fprintf(stderr, _("pcmigrate: interrupted; %s\n"),
		        out_dir ? _("no package file was written") : _("nothing was written"));
		status = pcm_interrupt_exit_status();
		pcm_findings_free(&warnings);
		goto out;
	}

	pcm_report_text(stdout, &warnings);
	switch (rc) {
	case PCM_ENGINE_OK:
		print_summary(out_dir, &summary);
		if (out_dir) {
			/* the same text as the wizard's Next steps screen */
			char *next = pcm_next_steps_text(out_dir, d, p, &summary);
			printf("\n%s", next);
			free(next);
		}
		status = summary.blocking ? PCM_EXIT_BLOCKED : PCM_EXIT_OK;
		break;
	case PCM_ENGINE_BLOCKED:
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_BLOCKED;
		break;
	case PCM_ENGINE_INPUT:
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INPUT;
		break;
	case PCM_ENGINE_CANCELLED:
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INTERNAL;
		break;
	default:
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INTERNAL;
		break;
	}
	if (fflush(stdout) != 0 && status == PCM_EXIT_OK)
		status = PCM_EXIT_INTERNAL;
	pcm_findings_free(&warnings);
out:
	pcm_plan_free(p);
	pcm_deployment_free(d);
	pcm_source_close(src);
	pcm_interrupt_catch(false);
	return status;
}

int pcm_cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "plan", required_argument, NULL, 'p' },
		{ "what-if", no_argument, NULL, 'w' },
		{ "out", required_argument, NULL, 'o' },
		{ "file-sizes", required_argument, NULL, 'f' },
		{ "file-store", required_argument, NULL, 'F' },
		PCM_CLI_TIMEOUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = NULL, *plan = NULL, *out = NULL, *listing = NULL, *store = NULL;
	bool what_if = false;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:p:wo:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			spec = optarg;
			break;
		case 'p':
			plan = optarg;
			break;
		case 'w':
			what_if = true;
			break;
		case 'o':
			out = optarg;
			break;
		case 'f':
			listing = optarg;
			break;
		case 'F':
			store = optarg;
			break;
		case PCM_CLI_OPT_LOGIN_TIMEOUT:
		case PCM_CLI_OPT_QUERY_TIMEOUT:
			if (pcm_cli_timeout_option("migrate", c, optarg))
				return PCM_EXIT_INPUT;
			break;
		case 'h':
			usage(stdout);
			return PCM_EXIT_OK;
		case ':':
			fprintf(stderr, _("pcmigrate migrate: option %s needs a value\n"), argv[optind - 1]);
			usage(stderr);
			return PCM_EXIT_INPUT;
		default:
			fprintf(stderr, _("pcmigrate migrate: unknown option %s\n"), argv[optind - 1]);
			usage(stderr);
			return PCM_EXIT_INPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("pcmigrate migrate: unexpected argument %s\n"), argv[optind]);
		usage(stderr);
		return PCM_EXIT_INPUT;
	}
	if (what_if == (out != NULL)) {
		fputs(_("pcmigrate migrate: give either --what-if or --out DIR\n"), stderr);
		usage(stderr);
		return PCM_EXIT_INPUT;
	}
	if (out && !*out) {
		fputs(_("pcmigrate migrate: --out needs a folder name\n"), stderr);
		return PCM_EXIT_INPUT;
	}
	return run(spec, plan, out, listing, store);
}
