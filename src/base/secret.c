/* SPDX-License-Identifier: MIT */
/* Taking a secret out of the environment. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/secret.h"
#include "base/util.h"

extern char **environ;

char *pcm_secret_from_env(const char *name)
{
	size_t len = strlen(name);
	char *copy = NULL, **e;

	/* every "NAME=" entry (a hand-made environment may hold two), found
	 * in environ itself: getenv's answer is const by contract */
	for (e = environ; e && *e; e++) {
		if (strncmp(*e, name, len) != 0 || (*e)[len] != '=')
			continue;
		if (!copy)
			copy = pcm_xstrdup(*e + len + 1);
		explicit_bzero(*e + len + 1, strlen(*e + len + 1));
	}
	unsetenv(name);
	return copy;
}

void pcm_secret_free(char *secret)
{
	if (!secret)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}
