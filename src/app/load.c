/* SPDX-License-Identifier: MIT */
/* What the batch commands and the wizard share: opening and loading the
 * source, and where the plan lives by default. */
#include "config.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "app/app.h"
#include "base/error.h"
#include "rules/filesizes.h"
#include "base/i18n.h"
#include "rules/plan.h"
#include "app/progress_line.h"
#include "base/util.h"

static void draw_progress(void *user, uint64_t done, uint64_t total, uint64_t rows)
{
	pcm_progress_line_update(user, done, total, rows);
}

/* Opens and loads spec, or the bundled sample when spec is NULL, counting
 * as c says (NULL: the defaults, day histograms). Errors already name
 * file:line; they go to stderr as "pcmigrate: ...". On a terminal, a
 * large load shows how far it is on a line that is wiped at the end. */
static int load(const char *spec, const struct pcm_counting *c, struct pcm_source **src,
                struct pcm_deployment **dep)
{
	struct pcm_error err = { 0 };
	struct pcm_source *s;
	struct pcm_deployment *d;
	struct pcm_progress_line line;
	char *sample = NULL;
	int rc;

	*src = NULL;
	*dep = NULL;
	if (!spec)
		spec = sample = pcm_xasprintf("snapshot:%s", pcm_sample_path());
	s = pcm_source_open(spec, &err);
	if (!s) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		free(sample);
		return PCM_EXIT_INPUT;
	}
	d = pcm_deployment_new();
	if (c)
		d->counting = *c;
	if (isatty(STDERR_FILENO)) {
		pcm_progress_line_init(&line, stderr, sample ? pcm_sample_path() : spec);
		pcm_source_set_progress(s, &(struct pcm_load_progress){ draw_progress, &line });
	}
	rc = pcm_source_load(s, d, &err);
	if (s->progress.report) {
		pcm_source_set_progress(s, NULL);
		pcm_progress_line_end(&line);
	}
	if (rc != 0) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		pcm_deployment_free(d);
		pcm_source_close(s);
		free(sample);
		return PCM_EXIT_INPUT;
	}
	d->info.training = sample != NULL;
	free(sample);
	*src = s;
	*dep = d;
	return PCM_EXIT_OK;
}

int pcm_app_load(const char *spec, struct pcm_source **src, struct pcm_deployment **dep)
{
	return load(spec, NULL, src, dep);
}

int pcm_app_load_for_plan(const char *spec, const char *plan_path, bool need_links,
                          struct pcm_source **src, struct pcm_deployment **dep)
{
	struct pcm_counting c = { .per_day = true, .keep_links = true };
	struct pcm_error err = { 0 };
	struct pcm_plan *p;

	/* a plan that cannot be read here is reported by the caller's own
	 * load; counting per day then is always right */
	if (plan_path) {
		p = pcm_plan_new();
		if (pcm_plan_load(p, plan_path, &err) == 0) {
			c.per_day = false;
			c.keep_links = need_links;
			c.has_cutoff = p->has_cutoff;
			c.cutoff_ticks = p->cutoff_ticks;
		}
		pcm_plan_free(p);
	}
	return load(spec, &c, src, dep);
}

/* Replaces what is not safe in a file name (letters, digits, . - _ stay)
 * by '_'; an empty name or one starting with a dot gets "source" before. */
static char *safe_file_name(char *name)
{
	char *p;

	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	if (!*name || name[0] == '.') {
		char *safe = pcm_xasprintf("source%s", name);
		free(name);
		name = safe;
	}
	return name;
}

static bool is_snapshot(const struct pcm_deployment *d)
{
	return !d->info.kind || !strcmp(d->info.kind, "snapshot");
}

/* The name before issue 16, still read: the snapshot's base name without
 * .xml, or server_database for a live source. */
static char *old_source_name(const struct pcm_deployment *d)
{
	const char *loc = d->info.location ? d->info.location : "source";
	char *name;
	size_t n;

	if (is_snapshot(d)) {
		const char *base = strrchr(loc, '/');
		name = pcm_xstrdup(base ? base + 1 : loc);
		n = strlen(name);
		if (n > 4 && !strcmp(name + n - 4, ".xml"))
			name[n - 4] = '\0';
	} else {
		name = pcm_xasprintf("%s_%s", d->info.server ? d->info.server : "server",
		                     d->info.database ? d->info.database : "db");
	}
	return safe_file_name(name);
}

/* The name of the deployment: server-database, and for a snapshot the
 * first 8 hex digits of its SHA-256, so two snapshots with the same file
 * name (or two copies, one edited) get a plan each. */
static char *source_name(const struct pcm_deployment *d)
{
	const char *server = d->info.server ? d->info.server : "server";
	const char *database = d->info.database ? d->info.database : "db";
	char *name;

	if (is_snapshot(d) && d->info.sha256[0])
		name = pcm_xasprintf("%s-%s-%.8s", server, database, d->info.sha256);
	else if (is_snapshot(d) && !d->info.server && !d->info.database)
		return old_source_name(d);      /* nothing better known */
	else
		name = pcm_xasprintf("%s-%s", server, database);
	return safe_file_name(name);
}

/* Creates dir and its parents (mode 0700); existing ones are fine. */
static void make_dirs(char *dir)
{
	char *p;

	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		(void)mkdir(dir, 0700);     /* the plan writer reports failures */
		*p = '/';
	}
	(void)mkdir(dir, 0700);
}

/* The plan at path can be read and belongs to d's source (bound to it,
 * or to nothing yet unless bound). */
static bool plan_fits(const char *path, const struct pcm_deployment *d, bool bound)
{
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_error err = { 0 };
	bool fits = pcm_plan_load(p, path, &err) == 0 && (!bound || p->source_kind) &&
	            pcm_plan_matches(p, d, &err) == 0;

	pcm_plan_free(p);
	return fits;
}

/* The newest plan in dir named prefix*.plan.xml that is bound to another
 * snapshot of d's database (NULL: none). */
static char *other_snapshot_plan(const char *dir, const char *prefix,
                                 const struct pcm_deployment *d)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char *best = NULL, *path;
	time_t best_time = 0;
	struct stat st;
	size_t n = strlen(prefix), len;

	if (!dh)
		return NULL;
	while ((e = readdir(dh))) {
		len = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, n) != 0 || len < n + 9 ||
		    strcmp(e->d_name + len - 9, ".plan.xml") != 0)
			continue;
		path = pcm_xasprintf("%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && (!best || st.st_mtime > best_time) &&
		    plan_fits(path, d, true)) {
			free(best);
			best = path;
			best_time = st.st_mtime;
		} else {
			free(path);
		}
	}
	closedir(dh);
	return best;
}

char *pcm_app_default_plan_path(const struct pcm_deployment *d)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *dir, *name, *path, *old_name, *old_path;
	struct stat st;

	if (state && state[0] == '/')
		dir = pcm_xasprintf("%s/pcmigrate", state);
	else
		dir = pcm_xasprintf("%s/.local/state/pcmigrate", home && *home ? home : ".");
	make_dirs(dir);
	name = source_name(d);
	path = pcm_xasprintf("%s/%s.plan.xml", dir, name);
	old_name = old_source_name(d);
	old_path = pcm_xasprintf("%s/%s.plan.xml", dir, old_name);
	/* a plan kept under the old name (the snapshot's file name) stays in
	 * use while it belongs to this source and none has the new name: no
	 * decision is lost */
	if (strcmp(old_path, path) != 0 && stat(path, &st) != 0 && stat(old_path, &st) == 0 &&
	    plan_fits(old_path, d, false)) {
		fprintf(stderr, _("pcmigrate: using the plan %s, named after the file name as before; "
		                  "a new plan for this source would be %s\n"),
		        old_path, path);
		free(path);
		path = old_path;
		old_path = NULL;
	} else if (is_snapshot(d) && d->info.sha256[0] && stat(path, &st) != 0) {
		/* a new snapshot of a database that has a plan: say where it is */
		char *prefix = pcm_xasprintf("%.*s", (int)(strlen(name) - 8), name);
		char *other = other_snapshot_plan(dir, prefix, d);

		if (other)
			fprintf(stderr, _("pcmigrate: this snapshot has no plan yet (%s); %s is the plan "
			                  "of another snapshot of the same database: to go on with its "
			                  "decisions, give --plan %s\n"),
			        path, other, other);
		free(other);
		free(prefix);
	}
	free(old_path);
	free(old_name);
	free(name);
	free(dir);
	return path;
}

/* --file-sizes / --file-store: the sizes of the uploaded files. Errors
 * name the listing and the line; the status is PCM_EXIT_INPUT then. */
int pcm_app_file_sizes(struct pcm_deployment *d, const char *listing, const char *dir)
{
	struct pcm_error err = { 0 };

	if (pcm_file_sizes_load(d, listing, dir, &err) != 0) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		return PCM_EXIT_INPUT;
	}
	return PCM_EXIT_OK;
}
