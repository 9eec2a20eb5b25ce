/* SPDX-License-Identifier: MIT */
/* pcmigrate snapshot: copies a live legacy database (tds://) into a
 * snapshot file, so an administrator can plan or train on a machine
 * without access to the server. The deployment is loaded first (every
 * row goes through the mapping's checks), then every row is streamed to
 * the snapshot writer, which writes a temporary file and renames it:
 * the snapshot appears whole or not at all. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "base/error.h"
#include "base/i18n.h"
#include "base/interrupt.h"
#include "app/progress_line.h"
#include "source/snapshot_writer.h"
#include "source/source.h"
#include "source/source_tds.h"

static void snapshot_usage(FILE *out)
{
	fputs(_("Usage: pcmigrate snapshot --source tds://USER@SERVER[:PORT]/DATABASE --out FILE\n"
	        "Copies the legacy database's rows into a snapshot file (the format the\n"
	        "documented sqlcmd queries write), atomically. The password comes from\n"
	        "PCMIGRATE_PASSWORD or a prompt, never from the command line.\n"
	        "  --login-timeout SECONDS, --query-timeout SECONDS  time limits (default\n"
	        "                   freetds.conf's, else 30 and 300; 0: none)\n"
	        "Exit status: 0 written, 2 bad input or the source failed, 3 the file\n"
	        "could not be written, 130/143 interrupted (nothing left behind).\n"), out);
}

struct copy {
	struct pcm_snapshot_writer *w;
	struct pcm_error *err;
	unsigned long rows;
	unsigned long expected;             /* rows the load read */
	struct pcm_progress_line *line;     /* NULL off a terminal */
};

static int copy_row(const struct pcm_row *row, void *ctx)
{
	struct copy *c = ctx;

	if (pcm_interrupt_signal()) {
		pcm_error_set(c->err, _("interrupted"));
		return -1;
	}
	if (++c->rows % PCM_LOAD_REPORT_ROWS == 0 && c->line)
		pcm_progress_line_writing(c->line, c->rows, c->expected);
	return pcm_snapshot_writer_row(c->w, row, c->err);
}

int pcm_cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		PCM_CLI_TIMEOUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = NULL, *out = NULL;
	struct pcm_source *src = NULL;
	struct pcm_deployment *d = NULL;
	struct pcm_error err = { 0 };
	struct copy c = { .err = &err };
	struct pcm_progress_line line;
	int opt, status, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (opt) {
		case 's': spec = optarg; break;
		case 'o': out = optarg; break;
		case PCM_CLI_OPT_LOGIN_TIMEOUT:
		case PCM_CLI_OPT_QUERY_TIMEOUT:
			if (pcm_cli_timeout_option("snapshot", opt, optarg))
				return PCM_EXIT_INPUT;
			break;
		case 'h': snapshot_usage(stdout); return PCM_EXIT_OK;
		default: snapshot_usage(stderr); return PCM_EXIT_INPUT;
		}
	}
	if (optind < argc || !spec || !out) {
		if (optind < argc)
			fprintf(stderr, _("pcmigrate snapshot: unexpected argument '%s'\n"), argv[optind]);
		else
			fputs(_("pcmigrate snapshot: --source tds://... and --out FILE are required\n"), stderr);
		snapshot_usage(stderr);
		return PCM_EXIT_INPUT;
	}
	if (strncmp(spec, "tds://", 6) != 0) {
		fprintf(stderr, _("pcmigrate snapshot: %s is not a live database; the source must be "
		                  "tds://USER@SERVER[:PORT]/DATABASE (a snapshot file is already a "
		                  "snapshot)\n"), spec);
		return PCM_EXIT_INPUT;
	}
	/* Ctrl-C and SIGTERM: at once during the load; once the temporary
	 * exists, the query is cancelled and it is removed (base/interrupt.h) */
	pcm_interrupt_catch(true);
	status = pcm_app_load(spec, &src, &d);
	if (status != PCM_EXIT_OK) {
		pcm_interrupt_catch(false);
		return status;
	}
	pcm_interrupt_defer(true);
	c.w = pcm_snapshot_writer_open(out, &d->info, &err);
	if (!c.w) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INTERNAL;
		goto done;
	}
	/* the second pass over the database: as long as the load, so it
	 * says how far it is too */
	c.expected = pcm_tds_rows_read(src);
	if (isatty(STDERR_FILENO)) {
		pcm_progress_line_init(&line, stderr, out);
		c.line = &line;
	}
	rc = pcm_tds_dump(src, copy_row, &c, &err);
	if (c.line)
		pcm_progress_line_end(c.line);
	if (rc || pcm_interrupt_signal()) {
		pcm_snapshot_writer_abort(c.w);
		if (pcm_interrupt_signal()) {
			fprintf(stderr, _("pcmigrate: interrupted; %s was not written\n"), out);
			status = pcm_interrupt_exit_status();
			goto done;
		}
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		fprintf(stderr, _("pcmigrate: %s was not written\n"), out);
		status = PCM_EXIT_INPUT;
		goto done;
	}
	if (pcm_snapshot_writer_commit(c.w, &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INTERNAL;
		goto done;
	}
	if (pcm_tds_read_unguarded(src))
		fprintf(stderr, _("pcmigrate: note: database %s does not allow SNAPSHOT isolation, so "
		                  "it was read without one transaction; pcmigrate checked that no message "
		                  "was posted meanwhile, but the Group Chat services should be stopped "
		                  "while it reads\n"), pcm_tds_database(src));
	printf(_("Wrote %s: %lu rows of %s (%llu messages in %zu nodes).\n"), out, c.rows,
	       pcm_tds_label(src), (unsigned long long)d->messages, d->nodes.n);
	status = PCM_EXIT_OK;
done:
	pcm_deployment_free(d);
	pcm_source_close(src);
	pcm_interrupt_catch(false);
	return status;
}
