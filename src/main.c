/* SPDX-License-Identifier: MIT */
/* pcmigrate: entry point. Sets up the locale and dispatches to a batch
 * command (cli_*.c) or, with no command, to the wizard (ui/). */
#include "config.h"
#include <locale.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>
#include "app/prompt.h"
#include "base/error.h"
#include "base/i18n.h"
#include "cli/cli.h"
#include "source/source_tds.h"
#include "wizard_main.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "inspect", pcm_cmd_inspect, N_("show the legacy deployment: tree, principals, messages, backups") },
	{ "check", pcm_cmd_check, N_("run every checklist rule and print the findings") },
	{ "plan", pcm_cmd_plan, N_("record decisions in the plan without the wizard") },
	{ "migrate", pcm_cmd_migrate, N_("preview (--what-if) or write the migration package") },
	{ "snapshot", pcm_cmd_snapshot, N_("copy a live legacy database into a snapshot file") },
	{ "apply-to-source", pcm_cmd_apply_to_source, N_("write the plan's fixes to the legacy database") },
	{ "verify", pcm_cmd_verify, N_("after the import: compare the 2013 database with the plan") },
};

static void usage(FILE *out)
{
	size_t i;

	fputs(_("Usage: pcmigrate [--source SOURCE] [--plan FILE]    (the wizard)\n"
	        "       pcmigrate COMMAND [OPTIONS]\n"
	        "Prepare a Lync Server 2010 Group Chat or OCS 2007 R2 Group Chat\n"
	        "deployment for migration to Lync Server 2013 Persistent Chat.\n"), out);
	fputs(_("\nCommands:\n"), out);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-16s %s\n", commands[i].name, _(commands[i].help));
	fputs(_("\nSOURCE is snapshot:FILE or tds://USER@SERVER[:PORT]/DATABASE;\n"
	        "without --source the bundled training sample is used.\n"
	        "See pcmigrate(1) and `pcmigrate COMMAND --help`.\n"), out);
}

int main(int argc, char **argv)
{
	size_t i;

#if defined(M_ARENA_MAX)
	/* The reader's threads allocate little; glibc would give each a
	 * malloc arena of its own that keeps its freed memory. */
	mallopt(M_ARENA_MAX, 2);
#endif
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);

	/* the live source asks for its password through the front end */
	pcm_tds_set_password_prompt(pcm_prompt_password);

	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("pcmigrate %s\n", PACKAGE_VERSION);
		return PCM_EXIT_OK;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return PCM_EXIT_OK;
	}
	if (argc == 1 || argv[1][0] == '-')
		return pcm_wizard_main(argc, argv);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name)) {
			/* getopt names the program by argv[0] in its messages:
			 * "pcmigrate check: option '--source' requires an argument" */
			static char name[64];
			snprintf(name, sizeof name, "pcmigrate %s", commands[i].name);
			argv[1] = name;
			return commands[i].run(argc - 1, argv + 1);
		}
	fprintf(stderr, _("pcmigrate: unknown command '%s'\n"), argv[1]);
	usage(stderr);
	return PCM_EXIT_INPUT;
}
