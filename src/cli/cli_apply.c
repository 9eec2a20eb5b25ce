/* SPDX-License-Identifier: MIT */
/* pcmigrate apply-to-source: writes the plan's fixes (renames, disabled
 * rooms, dropped root managers, category invitations) to the legacy
 * database over TDS, with the very statements fix-source.sql holds
 * (fixsql.c), in ONE transaction. An unsupported fallback (Microsoft
 * supports no writes to the Group Chat database; the Admin Tool worklist
 * is the supported path): only with --unsupported-direct-write, only when
 * the backup check passes (an override in the plan is not enough), and
 * only after the administrator typed the database name. Any error rolls everything back and names the failing
 * statement. --what-if prints the exact T-SQL and changes nothing. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rules/checks.h"
#include "app/prompt.h"
#include "cli/cli.h"
#include "base/error.h"
#include "base/escape.h"
#include "engine/fixsql.h"
#include "base/i18n.h"
#include "rules/plan.h"
#include "source/source_tds.h"
#include "base/util.h"

static void apply_usage(FILE *out)
{
	fputs(_("Usage: pcmigrate apply-to-source --unsupported-direct-write\n"
	        "                                 [--source tds://USER@SERVER[:PORT]/DATABASE]\n"
	        "                                 [--plan FILE] [--what-if] [--confirm DATABASE]\n"
	        "UNSUPPORTED FALLBACK: Microsoft does not support direct writes to the\n"
	        "Group Chat database; the supported way is the Group Chat Admin Tool,\n"
	        "following admin-tool-worklist.txt (pcmigrate plan --worklist).\n"
	        "Writes the plan's renames, disabled rooms, dropped root managers and\n"
	        "category invitation changes to the legacy database in one transaction\n"
	        "(the statements of fix-source.sql). Runs only with\n"
	        "--unsupported-direct-write, when the backup check passes without an\n"
	        "override (an override in the plan is not enough), and after you type\n"
	        "the database name (or give it with --confirm). Any error rolls\n"
	        "everything back. --what-if prints the exact T-SQL and changes nothing.\n"
	        "Without --source, the plan's own tds:// source is used.\n"
	        "Exit status: 0 applied (or nothing to apply), 1 the backup check blocks,\n"
	        "2 bad input, refused confirmation or a failed statement (nothing changed).\n"), out);
}

/* The batches sent, in order: the preamble, one per statement, COMMIT. */
/* How long a statement waits for a lock Group Chat's services hold. */
#define PCM_APPLY_LOCK_TIMEOUT_MS "30000"

static void print_what_if(const char *db, char **stmts, size_t n)
{
	printf("-- %s\n", _("pcmigrate apply-to-source --what-if: the batches it would run, in order"));
	printf("-- %s\n", _("UNSUPPORTED: Microsoft does not support direct writes to the Group Chat "
	                     "database; the supported way is the Group Chat Admin Tool worklist "
	                     "(admin-tool-worklist.txt, pcmigrate plan --worklist)"));
	printf("-- %s %s\n", _("database:"), db);
	printf("SET LOCK_TIMEOUT " PCM_APPLY_LOCK_TIMEOUT_MS ";\nGO\n");
	printf("SET XACT_ABORT ON;\nGO\nBEGIN TRANSACTION;\nGO\n");
	for (size_t i = 0; i < n; i++)
		printf("%s\nGO\n", stmts[i]);
	printf("COMMIT TRANSACTION;\nGO\n");
}

/* Asks for the database name on /dev/tty; true when typed exactly. */
static bool confirm_on_tty(const char *label, const char *db, size_t n)
{
	char line[512];
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY);

	if (fd < 0) {
		fprintf(stderr, _("pcmigrate: no terminal to confirm on; give --confirm %s to apply "
		                  "without a prompt\n"), db);
		return false;
	}
	dprintf(fd, "%s\n", _("Microsoft does not support direct writes to the Group Chat database."));
	dprintf(fd, P_("About to change %zu thing in %s in one transaction.\n"
	               "Type the database name (%s) to go on, anything else to stop: ",
	               "About to change %zu things in %s in one transaction.\n"
	               "Type the database name (%s) to go on, anything else to stop: ", n),
	        n, label, db);
	pcm_tty_read_line(fd, line, sizeof line);
	close(fd);
	return strcmp(line, db) == 0;
}

/* Rolls back if a transaction is still open (a failing fix statement may
 * already have done it) and says what happened. */
static void roll_back(struct pcm_source *src)
{
	struct pcm_error err = { 0 };
	int open_tx = pcm_tds_trancount(src, &err);

	if (open_tx > 0 && pcm_tds_exec(src, "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;",
	                                 "ROLLBACK TRANSACTION", &err) == 0)
		open_tx = 0;
	if (open_tx != 0)
		fprintf(stderr, _("pcmigrate: the rollback could not be confirmed (%s); SQL Server rolls "
		                  "back an open transaction when the connection closes\n"),
		        err.set ? err.text : "?");
	else
		fputs(_("pcmigrate: everything was rolled back; the database is unchanged\n"), stderr);
}

/* Runs the batches in one transaction. Returns an exit status. */
static int apply(struct pcm_source *src, char **stmts, size_t n)
{
	struct pcm_error err = { 0 };
	char what[64];

	/* Group Chat's services may hold the rows: wait for them at most
	 * PCM_APPLY_LOCK_TIMEOUT_MS, then fail with error 1222 and roll back
	 * (SET LOCK_TIMEOUT, learn.microsoft.com/en-us/previous-versions/sql/
	 * sql-server-2008/ms189470(v=sql.100)) */
	if (pcm_tds_exec(src, "SET LOCK_TIMEOUT " PCM_APPLY_LOCK_TIMEOUT_MS ";", "SET LOCK_TIMEOUT",
	                 &err) ||
	    pcm_tds_exec(src, "SET XACT_ABORT ON;", "SET XACT_ABORT ON", &err) ||
	    pcm_tds_exec(src, "BEGIN TRANSACTION;", "BEGIN TRANSACTION", &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		return PCM_EXIT_INPUT;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(what, sizeof what, _("statement %zu of %zu"), i + 1, n);
		if (pcm_tds_exec(src, stmts[i], what, &err)) {
			fprintf(stderr, _("pcmigrate: %s\npcmigrate: the failing statement:\n%s\n"), err.text,
			        stmts[i]);
			roll_back(src);
			return PCM_EXIT_INPUT;
		}
	}
	if (pcm_tds_exec(src, "COMMIT TRANSACTION;", "COMMIT TRANSACTION", &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		roll_back(src);
		return PCM_EXIT_INPUT;
	}
	return PCM_EXIT_OK;
}

int pcm_cmd_apply_to_source(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "plan", required_argument, NULL, 'p' },
		{ "what-if", no_argument, NULL, 'w' },
		{ "confirm", required_argument, NULL, 'c' },
		{ "unsupported-direct-write", no_argument, NULL, 'U' },
		PCM_CLI_TIMEOUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = NULL, *plan_path = NULL, *confirm = NULL;
	bool what_if = false, direct = false;
	struct pcm_source *src = NULL;
	struct pcm_deployment *d = NULL;
	struct pcm_plan *plan = pcm_plan_new();
	struct pcm_error err = { 0 };
	struct pcm_findings findings;
	char **stmts = NULL, *spec_from_plan = NULL;
	size_t n = 0;
	int c, status = PCM_EXIT_INPUT;

	pcm_findings_init(&findings);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': spec = optarg; break;
		case 'p': plan_path = optarg; break;
		case 'w': what_if = true; break;
		case 'c': confirm = optarg; break;
		case 'U': direct = true; break;
		case PCM_CLI_OPT_LOGIN_TIMEOUT:
		case PCM_CLI_OPT_QUERY_TIMEOUT:
			if (pcm_cli_timeout_option("apply-to-source", c, optarg)) {
				pcm_plan_free(plan);
				return PCM_EXIT_INPUT;
			}
			break;
		case 'h': apply_usage(stdout); pcm_plan_free(plan); return PCM_EXIT_OK;
		default: apply_usage(stderr); pcm_plan_free(plan); return PCM_EXIT_INPUT;
		}
	}
	if (optind < argc || !plan_path) {
		if (optind < argc)
			fprintf(stderr, _("pcmigrate apply-to-source: unexpected argument '%s'\n"), argv[optind]);
		else
			fputs(_("pcmigrate apply-to-source: --plan FILE is required\n"), stderr);
		apply_usage(stderr);
		goto out;
	}
	if (!what_if && !direct) {
		fputs(_("pcmigrate: apply-to-source writes to the Group Chat database directly, which "
		        "Microsoft does not support; nothing was changed. The supported way is the Group "
		        "Chat Admin Tool, following the package's admin-tool-worklist.txt (or pcmigrate "
		        "plan --worklist), then pcmigrate check on the changed database. To write "
		        "directly anyway, on purpose and after a full backup, give "
		        "--unsupported-direct-write\n"), stderr);
		goto out;
	}
	if (pcm_plan_load(plan, plan_path, &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		goto out;
	}
	if (!spec && plan->source_kind && !strcmp(plan->source_kind, "tds") && plan->source_location)
		spec = spec_from_plan = pcm_xstrdup(plan->source_location);
	if (!spec) {
		fprintf(stderr, _("pcmigrate: plan %s does not belong to a tds:// source; give --source "
		                  "tds://USER@SERVER[:PORT]/DATABASE\n"), plan_path);
		goto out;
	}
	if (strncmp(spec, "tds://", 6) != 0 && !what_if) {
		fprintf(stderr, _("pcmigrate: %s is not a live database: apply-to-source writes over TDS "
		                  "(--source tds://...); for a snapshot, use --what-if or the package's "
		                  "fix-source.sql\n"), spec);
		goto out;
	}
	status = pcm_app_load(spec, &src, &d);
	if (status != PCM_EXIT_OK)
		goto out;
	status = PCM_EXIT_INPUT;
	if (pcm_plan_matches(plan, d, &err)) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		goto out;
	}
	pcm_fixsql_statements(d, plan, &stmts, &n);
	const char *db = d->info.database ? d->info.database : "";
	if (what_if) {
		print_what_if(db, stmts, n);
		status = fflush(stdout) == 0 ? PCM_EXIT_OK : PCM_EXIT_INTERNAL;
		goto out;
	}
	if (n == 0) {
		printf(_("Nothing to apply: the plan changes nothing in %s.\n"), pcm_tds_label(src));
		status = PCM_EXIT_OK;
		goto out;
	}
	/* an unsupported write needs a real backup: the plan's override (fine
	 * for the export, which changes nothing) is not enough here */
	char *override = plan->backup_override_reason;
	plan->backup_override_reason = NULL;
	pcm_check_backup(d, plan, &findings);
	plan->backup_override_reason = override;
	if (pcm_findings_blocking(&findings) > 0) {
		for (size_t i = 0; i < findings.list.n; i++)
			fprintf(stderr, "pcmigrate: %s\n", pcm_shown(findings.list.v[i].message));
		fprintf(stderr, override
		        ? _("pcmigrate: the backup check does not pass, so %s is not changed: a direct "
		            "write needs a full backup that holds every message; the plan's backup "
		            "override is not enough for it\n")
		        : _("pcmigrate: the backup check does not pass, so %s is not changed: a direct "
		            "write needs a full backup that holds every message; make one first\n"),
		        pcm_tds_label(src));
		status = PCM_EXIT_BLOCKED;
		goto out;
	}
	if (confirm ? strcmp(confirm, db) != 0 : !confirm_on_tty(pcm_tds_label(src), db, n)) {
		fprintf(stderr, _("pcmigrate: not confirmed (the database name typed must be exactly "
		                  "%s); nothing was changed\n"), db);
		goto out;
	}
	status = apply(src, stmts, n);
	if (status == PCM_EXIT_OK)
		printf(P_("Applied %zu change to %s in one transaction.\n",
		          "Applied %zu changes to %s in one transaction.\n", n),
		       n, pcm_tds_label(src));
out:
	pcm_fixsql_free(stmts, n);
	pcm_findings_free(&findings);
	pcm_plan_free(plan);
	free(spec_from_plan);
	if (src)
		pcm_source_close(src);
	if (d)
		pcm_deployment_free(d);
	return status;
}
