/* SPDX-License-Identifier: MIT */
/* freetds.conf as FreeTDS reads it (tds_conf.h). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "base/util.h"
#include "source/tds_conf.h"

/* FreeTDS's key form: lower case, runs of blanks made one space. */
static void conf_key(char *dst, size_t size, const char *s, const char *end)
{
	size_t n = 0;
	bool blank = false;

	for (; s < end && n + 1 < size; s++) {
		if (*s == ' ' || *s == '\t') {
			blank = n > 0;
			continue;
		}
		if (blank && n + 2 < size)
			dst[n++] = ' ';
		blank = false;
		dst[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	}
	dst[n] = 0;
}

/* Applies f's [global] (want_server false) or [server] section; true when
 * the file has that section. */
static bool conf_section(FILE *f, const char *server, bool want_server, pcm_tds_conf_fn *fn,
                         void *ctx)
{
	char line[2048], key[64];
	bool in = false, found = false;

	rewind(f);
	while (fgets(line, sizeof line, f)) {
		char *s = line, *end = line + strcspn(line, "\r\n");
		*end = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == ';' || *s == '#' || !*s)
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close)
				continue;
			*close = 0;
			in = !strcasecmp(s + 1, want_server ? server : "global");
			found = found || in;
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq || !in)
			continue;
		conf_key(key, sizeof key, s, eq);
		char *v = eq + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		char *ve = v + strlen(v);
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			*--ve = 0;
		fn(key, v, ctx);
	}
	return found;
}

/* [global], then [server]; true when the file has the server's section. */
static bool conf_file(const char *path, const char *server, pcm_tds_conf_fn *fn, void *ctx)
{
	FILE *f = path ? fopen(path, "r") : NULL;

	if (!f)
		return false;
	conf_section(f, server, false, fn, ctx);
	bool found = conf_section(f, server, true, fn, ctx);
	fclose(f);
	return found;
}

bool pcm_tds_conf_each(const char *server, pcm_tds_conf_fn *fn, void *ctx)
{
	const char *conf = getenv("FREETDSCONF"), *freetds = getenv("FREETDS"), *home = getenv("HOME");
	char *paths[5] = {
		conf && *conf ? pcm_xstrdup(conf) : NULL,
		freetds && *freetds ? pcm_xasprintf("%s/etc/freetds.conf", freetds) : NULL,
		home && *home ? pcm_xasprintf("%s/.config/freetds.conf", home) : NULL,
		home && *home ? pcm_xasprintf("%s/.freetds.conf", home) : NULL,
		pcm_xstrdup(PCM_FREETDS_SYSCONF),
	};
	bool found = false;

	for (size_t i = 0; i < 5; i++) {
		if (!found)
			found = conf_file(paths[i], server, fn, ctx);
		free(paths[i]);
	}
	return found;
}
