/* pcmigrate: entry point. Sets up the locale and dispatches to a batch
 * command (cli*.c) or the wizard (ui/). */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include "error.h"
#include "i18n.h"

static void usage(FILE *out)
{
	fputs(_("Usage: pcmigrate [COMMAND] [OPTIONS]\n"
	        "Prepare a Lync Server 2010 Group Chat or OCS 2007 R2 Group Chat\n"
	        "deployment for migration to Lync Server 2013 Persistent Chat.\n"), out);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);

	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("pcmigrate %s\n", PACKAGE_VERSION);
		return PCM_EXIT_OK;
	}
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return PCM_EXIT_OK;
	}
	usage(stderr);
	return PCM_EXIT_INPUT;
}
