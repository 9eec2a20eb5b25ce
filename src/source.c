/* The source interface: picks the backend from the source spec and
 * forwards to it, and finds the bundled data (schemas, training sample). */
#include "config.h"
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "source.h"
#include "util.h"

#define SNAPSHOT_PREFIX "snapshot:"
#define TDS_PREFIX "tds://"

/* "snapshot:FILE" or a bare path go to the snapshot reader, "tds://..."
 * to the FreeTDS reader. The spec is kept as given for messages. */
struct pcm_source *pcm_source_open(const char *spec, struct pcm_error *err)
{
	struct pcm_source *s;

	if (!spec || !*spec) {
		pcm_error_set(err, _("no source given: use snapshot:FILE or tds://USER@SERVER/DATABASE"));
		return NULL;
	}
	if (!strncmp(spec, TDS_PREFIX, strlen(TDS_PREFIX))) {
		s = pcm_source_tds_open(spec + strlen(TDS_PREFIX), err);
	} else {
		const char *path = spec;
		if (!strncmp(spec, SNAPSHOT_PREFIX, strlen(SNAPSHOT_PREFIX)))
			path = spec + strlen(SNAPSHOT_PREFIX);
		if (!*path) {
			pcm_error_set(err, _("%s: the snapshot file name is missing"), spec);
			return NULL;
		}
		s = pcm_source_snapshot_open(path, err);
	}
	if (s && !s->spec)
		s->spec = pcm_xstrdup(spec);
	return s;
}

int pcm_source_load(struct pcm_source *s, struct pcm_deployment *d, struct pcm_error *err)
{
	return s->ops->load(s, d, err);
}

void pcm_source_set_progress(struct pcm_source *s, const struct pcm_load_progress *p)
{
	if (p)
		s->progress = *p;
	else
		memset(&s->progress, 0, sizeof s->progress);
}

void pcm_source_report(const struct pcm_source *s, uint64_t done, uint64_t total, uint64_t rows)
{
	if (s->progress.report)
		s->progress.report(s->progress.user, done, total, rows);
}

bool pcm_source_iterators_overlap(const struct pcm_source *s)
{
	return s->ops->iterators_overlap;
}

struct pcm_msg_iter *pcm_source_messages(struct pcm_source *s, const struct pcm_deployment *d,
                                         uint32_t room, int64_t since_ticks, struct pcm_error *err)
{
	return s->ops->messages(s, d, room, since_ticks, err);
}

int pcm_msg_next(struct pcm_source *s, struct pcm_msg_iter *it, struct pcm_message *msg,
                 struct pcm_error *err)
{
	return s->ops->next(it, msg, err);
}

void pcm_msg_close(struct pcm_source *s, struct pcm_msg_iter *it)
{
	if (it)
		s->ops->iter_close(it);
}

/* The spec string belongs to this file; the backend frees the rest. */
void pcm_source_close(struct pcm_source *s)
{
	char *spec;

	if (!s)
		return;
	spec = s->spec;
	s->ops->close(s);
	free(spec);
}

/* PCMIGRATE_DATADIR (the source tree's data/ when testing) overrides the
 * installed $(pkgdatadir). */
/* Where the data files are: $PCMIGRATE_DATADIR, else the installed
 * $(pkgdatadir), else, for a program run from its build tree before
 * `make install` (the README's first command), the tree's data/ folder. */
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
		if (access(dir, R_OK) == 0 && strcmp(exe, BINDIR) != 0)
			return found = dir;
		free(dir);
	}
	if (access(TOP_SRCDIR "/data/snapshot.rng", R_OK) == 0)
		return found = pcm_xstrdup(TOP_SRCDIR "/data");
	return found = pcm_xstrdup(PKGDATADIR);
}

/* The bundled training deployment, data/sample/contoso.xml. */
const char *pcm_sample_path(void)
{
	static char *path;

	if (!path)
		path = pcm_xasprintf("%s/sample/contoso.xml", pcm_data_dir());
	return path;
}
