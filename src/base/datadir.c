/* SPDX-License-Identifier: MIT */
/* pcm_data_dir: see datadir.h. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/datadir.h"
#include "base/util.h"

const char *pcm_data_dir(void)
{
	static char *found;
	const char *env = getenv("PCMIGRATE_DATADIR");
	char exe[4096];
	ssize_t n;

	if (env && *env)
		return env;
	if (found)
		return found;
	if (access(PKGDATADIR "/snapshot.rng", R_OK) == 0)
		return found = pcm_xstrdup(PKGDATADIR);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash, *dir;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		dir = pcm_xasprintf("%s/data", exe);
		/* an installed binary never takes a data/ beside it */
		if (access(dir, R_OK) == 0 && strcmp(exe, BINDIR) != 0)
			return found = dir;
		free(dir);
	}
	return found = pcm_xstrdup(PKGDATADIR);
}
