/* SPDX-License-Identifier: MIT */
/* The migration engine (engine.h): checks, the package view, then every
 * migrated room's messages streamed from the source into deployment.xml,
 * one room at a time, then the scripts and the warnings report. All files
 * are written to temporary names and renamed only when everything
 * succeeded; a what-if writes nothing at all. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "rules/checks.h"
#include "engine/engine.h"
#include "engine/fixsql.h"
#include "rules/filesizes.h"
#include "base/i18n.h"
#include "engine/package.h"
#include "engine/worklist.h"
#include "rules/report.h"
#include "base/util.h"

const char *const pcm_package_files[PCM_PKG_NFILES] = {
	PCM_PKG_DEPLOYMENT, PCM_PKG_RUNBOOK, PCM_PKG_RECREATE, PCM_PKG_WORKLIST,
	PCM_PKG_FIXSQL, PCM_PKG_COPYFILES, PCM_PKG_WARNINGS, PCM_PKG_WARNINGS_TSV,
};

enum { F_XML, F_RUNBOOK, F_RECREATE, F_WORKLIST, F_FIXSQL, F_COPY, F_TXT, F_TSV };

struct run {
	struct pcm_source *src;
	const struct pcm_deployment *d;
	const struct pcm_plan *p;
	const char *out_dir;
	pcm_progress_fn progress;
	void *user;
	struct pcm_findings *warnings;
	struct pcm_error *err;
	struct pcm_package pkg;
	struct pcm_pkg_file files[PCM_PKG_NFILES];
	struct pcm_progress prog;
	struct timespec last_report;
	uint64_t dropped;           /* messages the iterator gave that were before the cutoff */
	/* copy-files.cmd, written a room at a time from the links of the
	 * messages streamed into deployment.xml (what really moves) */
	struct pcm_copyfiles *cf;
	PCM_VEC(char *) room_links; /* the links of the room being streamed */
	uint32_t *room_skipped;     /* per package room: links not copyable */
	size_t copy_skipped;
};

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Calls the progress callback if forced or if the interval passed.
 * Returns nonzero when the callback asks to cancel. */
static int report_progress(struct run *r, bool force)
{
	struct timespec now;

	if (!r->progress)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!force && elapsed_ms(&r->last_report, &now) < PCM_PROGRESS_INTERVAL_MS)
		return 0;
	r->last_report = now;
	return r->progress(&r->prog, r->user);
}

static void abort_all(struct run *r)
{
	size_t i;

	for (i = 0; i < PCM_PKG_NFILES; i++)
		pcm_pkg_file_abort(&r->files[i]);
}

/* Makes the output folder (one level) unless it exists as a folder. */
static int make_out_dir(const char *dir, struct pcm_error *err)
{
	struct stat st;

	if (mkdir(dir, 0755) == 0)
		return 0;
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	pcm_error_set(err, _("cannot create the output folder %s: %s"), dir,
	              errno == EEXIST ? strerror(ENOTDIR) : strerror(errno));
	return -1;
}

/* Refuses a real run while a finding blocks, naming the first ones. */
static int refuse_blocked(const struct pcm_findings *w, size_t blocking, struct pcm_error *err)
{
	char list[1024] = "";
	size_t i, shown = 0, len = 0;

	for (i = 0; i < w->list.n && shown < 3; i++) {
		const struct pcm_finding *f = &w->list.v[i];
		int k;
		if (f->severity != PCM_SEV_BLOCK)
			continue;
		k = snprintf(list + len, sizeof list - len, "%s%s %s", shown ? "; " : "", f->code,
		             f->object ? f->object : f->id ? f->id : "");
		if (k < 0 || (size_t)k >= sizeof list - len)
			break;
		len += (size_t)k;
		shown++;
	}
	pcm_error_set(err, P_("%zu finding blocks the migration, nothing was written (%s%s); "
	                      "resolve it in the plan, then run again",
	                      "%zu findings block the migration, nothing was written (%s%s); "
	                      "resolve them in the plan, then run again", blocking),
	              blocking, list, blocking > shown ? "; ..." : "");
	return PCM_ENGINE_BLOCKED;
}

/* A package writer's sink: appends to the file. */
static void put_file(void *ctx, const char *s, size_t n)
{
	pcm_pkg_file_write(ctx, s, n);
}

/* The file links of a message written to deployment.xml, for this
 * room's lines of copy-files.cmd. */
static void collect_links(struct run *r, const char *content)
{
	const char *p = content;
	size_t n;

	for (; (p = pcm_filelink_find(p, &n)) != NULL; p += n) {
		char *link = pcm_xmalloc(n + 1);

		memcpy(link, p, n);
		link[n] = '\0';
		*PCM_VEC_PUSH(r->room_links) = link;
	}
}

static void drop_links(struct run *r)
{
	while (r->room_links.n)
		free(r->room_links.v[--r->room_links.n]);
}

/* Opens package room i's messages since the cutoff; NULL with r->err. */
static struct pcm_msg_iter *open_room(struct run *r, size_t i)
{
	struct pcm_pkg_room *room = &r->pkg.rooms[i];
	struct pcm_msg_iter *it;

	it = pcm_source_messages(r->src, r->d, room->t->node, r->pkg.cutoff_ticks, r->err);
	if (!it && !r->err->set)
		pcm_error_set(r->err, _("cannot read the messages of room nodeID %d"),
		              (int)room->node->id);
	return it;
}

/* Streams one room's messages since the cutoff into deployment.xml from
 * its open iterator, which it closes. */
static int stream_room(struct run *r, struct pcm_xml_writer *xw, size_t i, struct pcm_msg_iter *it)
{
	struct pcm_pkg_room *room = &r->pkg.rooms[i];
	struct pcm_message msg;
	uint64_t since_check = 0;
	int rc;

	if (pcm_xml_room_begin(xw, i) != 0) {
		pcm_msg_close(r->src, it);
		pcm_pkg_file_error(&r->files[F_XML], r->err);
		return PCM_ENGINE_ERROR;
	}
	while ((rc = pcm_msg_next(r->src, it, &msg, r->err)) == 1) {
		/* the iterator hands out this room's messages since the cutoff;
		 * a stray one is not migrated */
		if (msg.channel_id != room->node->id || msg.date_ticks < r->pkg.cutoff_ticks) {
			r->dropped++;
			continue;
		}
		if (pcm_xml_message(xw, &msg) != 0) {
			pcm_msg_close(r->src, it);
			pcm_pkg_file_error(&r->files[F_XML], r->err);
			return PCM_ENGINE_ERROR;
		}
		if (r->cf)
			collect_links(r, msg.content);
		room->messages++;
		r->prog.messages_done++;
		if (++since_check == PCM_PROGRESS_EVERY_MESSAGES) {
			since_check = 0;
			if (report_progress(r, false)) {
				pcm_msg_close(r->src, it);
				return PCM_ENGINE_CANCELLED;
			}
		}
	}
	pcm_msg_close(r->src, it);
	if (rc < 0) {
		if (!r->err->set)
			pcm_error_set(r->err, _("cannot read the messages of room nodeID %d"),
			              (int)room->node->id);
		return PCM_ENGINE_INPUT;
	}
	if (pcm_xml_room_end(xw, i) != 0) {
		pcm_pkg_file_error(&r->files[F_XML], r->err);
		return PCM_ENGINE_ERROR;
	}
	if (r->cf) {
		pcm_copyfiles_room(r->cf, i, r->room_links.v, r->room_links.n, &r->room_skipped[i]);
		drop_links(r);
	}
	return PCM_ENGINE_OK;
}

/* Findings only the run can make: a room whose message count changed
 * since the load (the source moved under us). */
static void check_counts(struct run *r)
{
	size_t i;

	for (i = 0; i < r->pkg.nrooms; i++) {
		const struct pcm_pkg_room *room = &r->pkg.rooms[i];
		char *id, *path;
		if (room->messages == room->messages_expected)
			continue;
		id = pcm_xasprintf("%d", (int)room->node->id);
		path = pcm_node_path(r->d, room->t->node, r->pkg.separator);
		pcm_finding_add(r->warnings, PCM_CS_WARNINGS, PCM_SEV_WARNING, "MESSAGES-CHANGED", id,
		                path, room->t->node, PCM_NONE, (int64_t)room->messages,
		                _("%llu messages since the cutoff were migrated, but %llu were counted "
		                  "when the source was read: the source changed; read it again and rerun"),
		                (unsigned long long)room->messages,
		                (unsigned long long)room->messages_expected);
		free(id);
		free(path);
	}
}

/* deployment.xml: every migrated room, in package order. When the
 * source allows, the next room's messages are opened (and read ahead on
 * their own thread) while this room's are written. */
#define ROOMS_AHEAD 2
static int write_deployment(struct run *r)
{
	size_t ahead = pcm_source_iterators_overlap(r->src) ? ROOMS_AHEAD : 0;
	struct pcm_msg_iter *its[ROOMS_AHEAD + 1] = { NULL };
	struct pcm_xml_writer *xw;
	size_t i, k, opened = 0;
	int rc = PCM_ENGINE_OK;

	xw = pcm_xml_begin(&r->files[F_XML], &r->pkg, r->err);
	if (!xw)
		return PCM_ENGINE_ERROR;
	r->room_skipped = pcm_xcalloc(r->pkg.nrooms + 1, sizeof *r->room_skipped);
	r->cf = pcm_copyfiles_begin(&r->pkg, put_file, &r->files[F_COPY]);
	r->prog.phase = "messages";
	for (i = 0; i < r->pkg.nrooms && rc == PCM_ENGINE_OK; i++) {
		r->prog.room = r->pkg.rooms[i].t->name;
		/* rooms i .. i + ahead open, each in its slot */
		while (opened < r->pkg.nrooms && opened <= i + ahead) {
			its[opened % (ROOMS_AHEAD + 1)] = open_room(r, opened);
			if (!its[opened % (ROOMS_AHEAD + 1)]) {
				rc = PCM_ENGINE_INPUT;
				break;
			}
			opened++;
		}
		if (rc != PCM_ENGINE_OK)
			break;
		rc = stream_room(r, xw, i, its[i % (ROOMS_AHEAD + 1)]);
		its[i % (ROOMS_AHEAD + 1)] = NULL;
		if (rc == PCM_ENGINE_OK) {
			r->prog.rooms_done++;
			if (report_progress(r, false))
				rc = PCM_ENGINE_CANCELLED;
		}
	}
	for (k = 0; k <= ROOMS_AHEAD; k++)
		pcm_msg_close(r->src, its[k]);
	if (rc != PCM_ENGINE_OK) {
		pcm_xml_abandon(xw);
		return rc;
	}
	if (r->cf) {
		r->copy_skipped = pcm_copyfiles_end(r->cf);
		r->cf = NULL;
	}
	r->prog.room = NULL;
	if (pcm_xml_end(xw, r->err) != 0) {
		if (r->files[F_XML].failed) {
			pcm_error_clear(r->err);
			pcm_pkg_file_error(&r->files[F_XML], r->err);
		}
		return PCM_ENGINE_ERROR;
	}
	return PCM_ENGINE_OK;
}

/* A script built in memory, written whole. */
static void put_text(struct run *r, int which, char *text)
{
	pcm_pkg_file_puts(&r->files[which], text);
	free(text);
}

/* A what-if's report goes to a stream that only counts its bytes: a
 * memory stream would hold the whole report (50 MB for 36,000 findings)
 * just to be thrown away. */
static ssize_t count_only(void *cookie, const char *buf, size_t n)
{
	(void)buf;
	*(uint64_t *)cookie += n;
	return (ssize_t)n;
}

/* The report functions write to a FILE: the package file, or for a
 * what-if a counting stream. */
static int write_report(struct run *r, int which, int (*fn)(FILE *, const struct pcm_findings *))
{
	struct pcm_pkg_file *f = &r->files[which];
	cookie_io_functions_t io = { NULL, count_only, NULL, NULL };
	uint64_t len = 0;
	FILE *counter;
	int rc;

	if (f->fp) {
		rc = fn(f->fp, r->warnings);
		if ((rc != 0 || ferror(f->fp)) && !f->failed) {
			f->failed = 1;
			f->error = errno ? errno : EIO;
		}
		return f->failed ? -1 : 0;
	}
	counter = fopencookie(&len, "w", io);
	if (!counter)
		return -1;
	rc = fn(counter, r->warnings);
	fclose(counter);
	f->bytes += len;
	return rc;
}

/* admin-tool-worklist.txt: for Windows, where it is printed and the
 * Admin Tool runs (CRLF, a UTF-8 BOM so Notepad reads Korean names). */
static void write_worklist(struct run *r)
{
	struct pcm_crlf_writer w = { .put = put_file, .ctx = &r->files[F_WORKLIST], .bom = true };

	char *text = pcm_worklist_text(r->d, r->p);

	pcm_sbuf_add(&w.b, text);
	free(text);
	pcm_crlf_end(&w);
}

static int write_files(struct run *r)
{
	char *fix = pcm_fixsql_script(r->d, r->p);
	size_t skipped = r->copy_skipped, i;
	uint32_t *room_skipped = r->room_skipped;

	put_text(r, F_RUNBOOK, pcm_runbook_text(&r->pkg));
	pcm_recreate_write(&r->pkg, put_file, &r->files[F_RECREATE]);
	write_worklist(r);
	size_t fixlen;
	char *fix16 = pcm_fixsql_utf16(fix, &fixlen);   /* sqlcmd reads Unicode as it is */
	pcm_pkg_file_write(&r->files[F_FIXSQL], fix16, fixlen);
	free(fix16);
	free(fix);
	for (i = 0; skipped && i < r->pkg.nrooms; i++) {
		const struct pcm_pkg_room *room = &r->pkg.rooms[i];
		char *id, *path;
		if (!room_skipped[i])
			continue;
		id = pcm_xasprintf("%d", (int)room->node->id);
		path = pcm_node_path(r->d, room->t->node, r->pkg.separator);
		pcm_finding_add(r->warnings, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FILES", id, path,
		                room->t->node, PCM_NONE, (int64_t)room_skipped[i],
		                P_("%u uploaded file link cannot be turned into a safe path: "
		                   "copy-files.cmd lists it as a REM line; copy that file by hand",
		                   "%u uploaded file links cannot be turned into a safe path: "
		                   "copy-files.cmd lists them as REM lines; copy those files by hand",
		                   room_skipped[i]),
		                (unsigned)room_skipped[i]);
		free(id);
		free(path);
	}
	/* the reports come last: they list what the run found too */
	if (write_report(r, F_TXT, pcm_report_text) != 0) {
		pcm_pkg_file_error(&r->files[F_TXT], r->err);
		return PCM_ENGINE_ERROR;
	}
	if (write_report(r, F_TSV, pcm_report_tsv) != 0) {
		pcm_pkg_file_error(&r->files[F_TSV], r->err);
		return PCM_ENGINE_ERROR;
	}
	return PCM_ENGINE_OK;
}

static void fill_summary(const struct run *r, struct pcm_engine_summary *s)
{
	size_t i;

	memset(s, 0, sizeof *s);
	s->categories = r->pkg.ncategories;
	s->rooms = r->pkg.nrooms;
	for (i = 0; i < r->d->nodes.n; i++) {
		const struct pcm_node *n = &r->d->nodes.v[i];
		if (!n->is_category && !pcm_room_migrated(r->d, r->p, (uint32_t)i))
			s->rooms_skipped++;
	}
	for (i = 0; i < r->pkg.nrooms; i++) {
		const struct pcm_pkg_room *room = &r->pkg.rooms[i];
		s->messages += room->messages;
		s->messages_dropped += room->node->stats.messages - room->messages_expected;
		s->files += room->files;
		s->invitations_forced += room->invite_forced;
	}
	s->managers_added = r->pkg.managers_added;
	{
		char **stmts;
		size_t n;
		pcm_fixsql_statements(r->d, r->p, &stmts, &n);
		pcm_fixsql_free(stmts, n);
		s->sql_statements = n;
	}
	{
		struct pcm_worklist wl;
		pcm_worklist_build(r->d, r->p, &wl);
		s->worklist_items = wl.items.n;
		s->worklist_done = wl.done;
		pcm_worklist_free(&wl);
	}
	s->blocking = pcm_findings_blocking(r->warnings);
}

int pcm_engine_run(struct pcm_source *src, const struct pcm_deployment *d,
                   const struct pcm_plan *p, const char *out_dir,
                   pcm_progress_fn progress, void *user,
                   struct pcm_findings *warnings, struct pcm_engine_summary *summary,
                   struct pcm_error *err)
{
	struct run *r = pcm_xcalloc(1, sizeof *r);
	size_t i, blocking;
	int rc = PCM_ENGINE_OK;

	r->src = src;
	r->d = d;
	r->p = p;
	r->out_dir = out_dir;
	r->progress = progress;
	r->user = user;
	r->warnings = warnings;
	r->err = err;
	r->prog.phase = "checks";
	if (summary)
		memset(summary, 0, sizeof *summary);

	pcm_check_all(d, p, warnings);
	blocking = pcm_findings_blocking(warnings);
	if (out_dir && blocking) {
		rc = refuse_blocked(warnings, blocking, err);
		goto out;
	}
	if (pcm_package_build(&r->pkg, d, p, err) != 0) {
		rc = PCM_ENGINE_ERROR;
		goto out;
	}
	pcm_recreate_findings(&r->pkg, warnings);
	r->prog.rooms_total = r->pkg.nrooms;
	for (i = 0; i < r->pkg.nrooms; i++)
		r->prog.messages_total += r->pkg.rooms[i].messages_expected;
	if (report_progress(r, true)) {
		rc = PCM_ENGINE_CANCELLED;
		goto out;
	}
	if (out_dir && make_out_dir(out_dir, err) != 0) {
		rc = PCM_ENGINE_ERROR;
		goto out;
	}
	if (out_dir)
		pcm_pkg_remove_stale(out_dir, pcm_package_files, PCM_PKG_NFILES);
	for (i = 0; i < PCM_PKG_NFILES; i++)
		if (pcm_pkg_file_open(&r->files[i], out_dir, pcm_package_files[i], err) != 0) {
			rc = PCM_ENGINE_ERROR;
			goto out;
		}
	rc = write_deployment(r);
	if (rc != PCM_ENGINE_OK)
		goto out;
	check_counts(r);
	r->prog.phase = "writing";
	if (report_progress(r, true)) {
		rc = PCM_ENGINE_CANCELLED;
		goto out;
	}
	rc = write_files(r);
	if (rc != PCM_ENGINE_OK)
		goto out;
	/* every file is complete: now they replace the old ones */
	for (i = 0; i < PCM_PKG_NFILES; i++)
		if (pcm_pkg_file_commit(&r->files[i], err) != 0) {
			rc = PCM_ENGINE_ERROR;
			goto out;
		}
	if (summary)
		fill_summary(r, summary);
	r->prog.phase = "done";
	r->prog.done = 1;
	report_progress(r, true);
out:
	if (rc == PCM_ENGINE_CANCELLED)
		pcm_error_set(err, _("the migration run was cancelled; nothing was written"));
	pcm_copyfiles_abandon(r->cf);
	drop_links(r);
	free(r->room_links.v);
	free(r->room_skipped);
	abort_all(r);
	if (r->pkg.d)
		pcm_package_free(&r->pkg);
	free(r);
	return rc;
}
