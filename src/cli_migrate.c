/* Placeholder until the engine work lands; replaced whole by its owner. */
#include "config.h"
#include <stdio.h>
#include "cli.h"
#include "error.h"

int pcm_cmd_migrate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("pcmigrate: this command is not built yet\n", stderr);
	return PCM_EXIT_INPUT;
}
