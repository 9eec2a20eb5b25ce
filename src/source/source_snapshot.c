/* SPDX-License-Identifier: MIT */
/* The snapshot backend: reads the legacy snapshot (snapshot-format.md)
 * as a stream of rows (snapshot_stream.c: the guard, the hash, libxml2's
 * SAX2 parser, each row checked against the shapes of data/snapshot.rng)
 * and feeds every row to the one row mapping (rowmap.c). Messages are counted at
 * load time and never kept: the source remembers, per room, the byte
 * range of its tblChat rows and re-reads just that range, wrapped in a
 * synthetic element, when someone iterates the room's messages. */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/i18n.h"
#include "source/snapshot_stream.h"
#include "source/rowmap.h"
#include "source/source.h"
#include "source/source_snapshot.h"
#include "base/timeconv.h"
#include "base/util.h"
#include "base/xmlescape.h"

#define ROOT_ELEMENT "groupChatSnapshot"
#define CHAT_TABLE "tblChat"
#define NODE_TABLE "tblNode"

/* ------------------------------------------------------------------ */
/* The header and the rows.                                             */

/* A column of the root element, NULL when absent. */
static const char *attr(const struct pcm_row *row, const char *name)
{
	size_t i;

	for (i = 0; i < row->ncols; i++)
		if (!strcmp(row->names[i], name))
			return row->values[i];
	return NULL;
}

/* Checks the root element and copies its attributes into info. */
static int read_header(const struct pcm_row *row, struct pcm_deployment *d, struct pcm_error *err)
{
	static const char *const required[] = { "formatVersion", "server", "database", "takenAt" };
	struct pcm_source_info *info = d ? &d->info : NULL;
	const char *v;
	int64_t ticks, offset = 0;
	size_t i;

	if (strcmp(row->table, ROOT_ELEMENT) != 0) {
		pcm_error_set(err, _("%s: the root element is <%s>; a snapshot's root element is <%s>"),
		              row->where, row->table, ROOT_ELEMENT);
		return -1;
	}
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (!attr(row, required[i])) {
			pcm_error_set(err, _("%s: the snapshot header <%s> has no %s attribute"), row->where,
			              ROOT_ELEMENT, required[i]);
			return -1;
		}
	}
	v = attr(row, "formatVersion");
	if (strcmp(v, "1") != 0) {
		pcm_error_set(err, _("%s: snapshot formatVersion \"%s\" is not supported; this pcmigrate "
		                     "reads formatVersion 1"), row->where, v);
		return -1;
	}
	v = attr(row, "takenAt");
	if (!pcm_parse_datetime(v, 0, &ticks) || v[strlen(v) - 1] != 'Z') {
		pcm_error_set(err, _("%s: takenAt=\"%s\" is not a UTC time (YYYY-MM-DDThh:mm:ssZ)"),
		              row->where, v);
		return -1;
	}
	v = attr(row, "serverUtcOffsetMinutes");
	if (v && !pcm_parse_i64(v, -1440, 1440, &offset)) {
		pcm_error_set(err, _("%s: serverUtcOffsetMinutes=\"%s\" is not a number of minutes "
		                     "between -1440 and 1440"), row->where, v);
		return -1;
	}
	v = attr(row, PCM_ESCAPE_ATTR);
	if (v && strcmp(v, PCM_ESCAPE_PCM1) != 0) {
		pcm_error_set(err, _("%s: escape=\"%s\" is not supported; this pcmigrate reads "
		                     "escape=\"%s\" or no escape attribute"), row->where, v, PCM_ESCAPE_PCM1);
		return -1;
	}
	if (!info)
		return 0;
	info->server = pcm_arena_strdup(d->arena, attr(row, "server"));
	info->database = pcm_arena_strdup(d->arena, attr(row, "database"));
	info->taken_at = pcm_arena_strdup(d->arena, attr(row, "takenAt"));
	info->lookup_server_uri = pcm_arena_strdup(d->arena, attr(row, "lookupServerUri"));
	info->utc_offset_minutes = (int32_t)offset;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The source.                                                          */

/* Byte range of one room's tblChat rows: [start, end), first row on line. */
struct room_range {
	uint64_t start, end, line;
};

struct snap_source {
	struct pcm_source base;
	char *path;
	struct stat st;             /* at load: a changed file is noticed */
	bool loaded;
	struct room_range *rooms;   /* by node index */
	size_t nrooms;
	struct room_range all;      /* every tblChat row */
	bool escaped;               /* the header declares escape="pcm1" */
};

/* Load state shared by the passes. */
struct loader {
	struct snap_source *s;
	struct pcm_deployment *d;
	struct pcm_rowmap *map;
	bool seen_node;
	bool seen_chat;
	char first_chat_where[4200];
	uint32_t open_room;         /* room whose range is still open */
	bool chat_open;             /* the last row was a chat row */
	uint64_t rows;              /* read so far, for the progress report */
};

/* Every few thousand rows: how far into the file the load is. */
static void report_progress(struct loader *l, uint64_t offset)
{
	if (++l->rows % PCM_LOAD_REPORT_ROWS == 0)
		pcm_source_report(&l->s->base, offset, (uint64_t)l->s->st.st_size, l->rows);
}

/* Closes the byte range of the chat run that ends where the next element
 * (or the root's end tag) starts. */
static void close_run(struct loader *l, uint64_t offset)
{
	if (!l->chat_open)
		return;
	if (l->open_room != PCM_NONE)
		l->s->rooms[l->open_room].end = offset;
	l->s->all.end = offset;
	l->chat_open = false;
}

/* Counts one tblChat row into its room and extends the room's range. */
static int count_chat(struct loader *l, const struct pcm_row *row, const struct pcm_scan_mark *mark,
                      struct pcm_error *err)
{
	struct pcm_message msg;
	struct room_range *r;

	if (pcm_rowmap_chat(l->d, row, &msg, err) ||
	    pcm_rowmap_count_message(l->map, &msg, row->where, err))
		return -1;
	if (!l->s->rooms) {
		l->s->nrooms = l->d->nodes.n;
		l->s->rooms = pcm_xcalloc(l->s->nrooms ? l->s->nrooms : 1, sizeof *l->s->rooms);
		l->s->all.start = mark->offset;
		l->s->all.line = mark->line;
	}
	r = &l->s->rooms[msg.room];
	if (r->line == 0) {
		r->start = mark->offset;
		r->line = mark->line;
	}
	l->open_room = msg.room;
	l->chat_open = true;
	return 0;
}

/* Handles one non-chat row. */
static int add_row(struct loader *l, const struct pcm_row *row, struct pcm_error *err)
{
	if (!pcm_is_known_table(row->table)) {
		pcm_error_set(err, _("%s: unknown table %s"), row->where, row->table);
		return -1;
	}
	if (!strcmp(row->table, NODE_TABLE)) {
		if (l->seen_chat) {
			pcm_error_set(err, _("%s: tblNode row after the first tblChat row (%s); every tblChat "
			                     "row must come after every tblNode row"),
			              row->where, l->first_chat_where);
			return -1;
		}
		l->seen_node = true;
	}
	return pcm_rowmap_add(l->map, row, err);
}

/* Notes the first tblChat row; refuses one that comes before any node. */
static int first_chat(struct loader *l, const struct pcm_row *row, struct pcm_error *err)
{
	if (l->seen_chat)
		return 0;
	if (!l->seen_node) {
		pcm_error_set(err, _("%s: tblChat row before any tblNode row; every tblChat row must "
		                     "come after every tblNode row"), row->where);
		return -1;
	}
	l->seen_chat = true;
	snprintf(l->first_chat_where, sizeof l->first_chat_where, "%s", row->where);
	return 0;
}

enum pass_result { PASS_OK, PASS_ERROR, PASS_LATE_ROWS };

/* The usual single pass: rows before the first tblChat row are mapped,
 * then the mapping is finished and messages are counted as they stream.
 * A non-chat row after the chat rows (allowed by the format, except for
 * tblNode) makes it give up with PASS_LATE_ROWS; see load_two_pass. */
static enum pass_result load_one_pass(struct loader *l, struct pcm_snap_stream *st,
                                      struct pcm_error *err)
{
	struct pcm_snap_row e;
	int r;

	while ((r = pcm_snap_stream_next(st, &e, err)) == 1) {
		const struct pcm_row *row = &e.row;

		if (e.depth == 0) {
			if (read_header(row, l->d, err))
				return PASS_ERROR;
			continue;
		}
		close_run(l, e.mark.offset);
		report_progress(l, e.mark.offset);
		if (!strcmp(row->table, CHAT_TABLE)) {
			if (first_chat(l, row, err) || count_chat(l, row, &e.mark, err))
				return PASS_ERROR;
		} else if (l->seen_chat && strcmp(row->table, NODE_TABLE) != 0 &&
		           pcm_is_known_table(row->table)) {
			return PASS_LATE_ROWS;
		} else if (add_row(l, row, err)) {
			return PASS_ERROR;
		}
	}
	if (r < 0)
		return PASS_ERROR;
	close_run(l, pcm_snap_stream_root_end(st));
	return PASS_OK;
}

/* Empties d in place for a second attempt (the caller owns d). */
static void reset_deployment(struct pcm_deployment *d)
{
	struct pcm_deployment *fresh = pcm_deployment_new(), tmp;

	tmp = *d;
	*d = *fresh;
	*fresh = tmp;
	d->counting = fresh->counting;      /* what the caller asked for */
	pcm_deployment_free(fresh);
}

/* For snapshots with rows after the chat rows: first every non-chat row
 * of the whole file, then the chat rows again, from their byte range. */
static int load_two_pass(struct loader *l, struct pcm_error *err)
{
	struct snap_source *s = l->s;
	struct pcm_snap_stream *st;
	struct pcm_snap_row e;
	uint64_t first = 0, first_line = 0, end = 0;
	bool in_chat = false;
	char digest[65];
	int r;

	if (!(st = pcm_snap_stream_open(s->path, 0, UINT64_MAX, 1, true, err)))
		return -1;
	while ((r = pcm_snap_stream_next(st, &e, err)) == 1) {
		if (e.depth == 0) {
			if (read_header(&e.row, l->d, err))
				break;
			continue;
		}
		if (in_chat) {
			end = e.mark.offset;
			in_chat = false;
		}
		report_progress(l, e.mark.offset);
		if (!strcmp(e.row.table, CHAT_TABLE)) {
			if (first_chat(l, &e.row, err))
				break;
			if (!first) {
				first = e.mark.offset;
				first_line = e.mark.line;
			}
			in_chat = true;
		} else if (add_row(l, &e.row, err)) {
			break;
		}
	}
	if (r == 0 && in_chat)
		end = pcm_snap_stream_root_end(st);
	if (r != 0 || err->set || pcm_snap_stream_digest(st, digest, err)) {
		pcm_snap_stream_close(st);
		return -1;
	}
	snprintf(l->d->info.sha256, sizeof l->d->info.sha256, "%s", digest);
	l->d->info.size = pcm_snap_stream_bytes(st);
	s->escaped = pcm_snap_stream_escaped(st);
	pcm_snap_stream_close(st);
	if (pcm_rowmap_finish(l->map, err))
		return -1;
	if (!first)
		return 0;
	/* the chat rows, counted from their byte range */
	if (!(st = pcm_snap_stream_open(s->path, first, end, first_line, false, err)))
		return -1;
	pcm_snap_stream_set_escaped(st, s->escaped);
	l->chat_open = false;
	while ((r = pcm_snap_stream_next(st, &e, err)) == 1) {
		if (e.depth != 1)
			continue;
		close_run(l, e.mark.offset);
		report_progress(l, e.mark.offset);
		if (!strcmp(e.row.table, CHAT_TABLE) && count_chat(l, &e.row, &e.mark, err)) {
			r = -1;
			break;
		}
	}
	close_run(l, end);
	pcm_snap_stream_close(st);
	return r;
}

/* A few mapping errors concern the whole file ("no root category"):
 * they get the file name in front, like every other message. */
static void name_the_file(const char *path, struct pcm_error *err)
{
	char *text;

	if (!err->set || !strncmp(err->text, path, strlen(path)))
		return;
	text = pcm_xasprintf("%s: %s", path, err->text);
	snprintf(err->text, sizeof err->text, "%s", text);
	free(text);
}

/* Loads everything but message bodies: one pass in the usual case. */
static int snap_load(struct pcm_source *base, struct pcm_deployment *d, struct pcm_error *err)
{
	struct snap_source *s = (struct snap_source *)base;
	struct loader l = { .s = s, .d = d, .open_room = PCM_NONE };
	struct pcm_snap_stream *st;
	enum pass_result pr;
	char digest[65];
	int rc = -1;

	if (stat(s->path, &s->st) != 0) {
		pcm_error_set(err, _("%s: cannot open the snapshot: %s"), s->path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(s->st.st_mode)) {
		pcm_error_set(err, _("%s: not a regular file (a snapshot is read more than once)"), s->path);
		return -1;
	}
	free(s->rooms);
	s->rooms = NULL;
	memset(&s->all, 0, sizeof s->all);
	d->info.kind = pcm_arena_strdup(d->arena, "snapshot");
	d->info.location = pcm_arena_strdup(d->arena, s->path);
	if (!(st = pcm_snap_stream_open(s->path, 0, UINT64_MAX, 1, true, err)))
		return -1;
	l.map = pcm_rowmap_new(d);
	pr = load_one_pass(&l, st, err);
	s->escaped = pcm_snap_stream_escaped(st);
	if (pr == PASS_OK && !pcm_snap_stream_digest(st, digest, err)) {
		snprintf(d->info.sha256, sizeof d->info.sha256, "%s", digest);
		d->info.size = pcm_snap_stream_bytes(st);
		rc = pcm_rowmap_finish(l.map, err);
	}
	pcm_snap_stream_close(st);
	if (pr == PASS_LATE_ROWS) {
		pcm_rowmap_free(l.map);
		reset_deployment(d);
		free(s->rooms);
		s->rooms = NULL;
		memset(&s->all, 0, sizeof s->all);
		l = (struct loader){ .s = s, .d = d, .open_room = PCM_NONE };
		d->info.kind = pcm_arena_strdup(d->arena, "snapshot");
		d->info.location = pcm_arena_strdup(d->arena, s->path);
		l.map = pcm_rowmap_new(d);
		rc = load_two_pass(&l, err);
	}
	pcm_rowmap_free(l.map);
	if (rc == 0 && d->info.size != (uint64_t)s->st.st_size) {
		pcm_error_set(err, _("%s: the file changed while it was read"), s->path);
		rc = -1;
	}
	if (rc == 0 && !s->rooms) {
		s->nrooms = d->nodes.n;
		s->rooms = pcm_xcalloc(s->nrooms ? s->nrooms : 1, sizeof *s->rooms);
	}
	if (rc != 0)
		name_the_file(s->path, err);
	s->loaded = rc == 0;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Messages.                                                            */

struct pcm_msg_iter {
	struct pcm_snap_stream *st;
	const struct pcm_deployment *d;
	uint32_t room;
	int64_t since;
	bool empty;
	bool seen_room;
};

/* A pass over one room's byte range (or every chat row). */
static struct pcm_msg_iter *snap_messages(struct pcm_source *base, const struct pcm_deployment *d,
                                          uint32_t room, int64_t since_ticks, struct pcm_error *err)
{
	struct snap_source *s = (struct snap_source *)base;
	struct pcm_msg_iter *it;
	const struct room_range *r;
	struct stat now;

	if (!s->loaded) {
		pcm_error_set(err, _("%s: messages asked for before the snapshot was loaded"), s->path);
		return NULL;
	}
	if (room != PCM_ALL_ROOMS && (room >= s->nrooms || room >= d->nodes.n)) {
		pcm_error_set(err, _("%s: no node with index %u"), s->path, (unsigned)room);
		return NULL;
	}
	if (stat(s->path, &now) != 0 || now.st_size != s->st.st_size ||
	    now.st_mtim.tv_sec != s->st.st_mtim.tv_sec || now.st_mtim.tv_nsec != s->st.st_mtim.tv_nsec) {
		pcm_error_set(err, _("%s: the snapshot changed after it was loaded; load it again"), s->path);
		return NULL;
	}
	it = pcm_xcalloc(1, sizeof *it);
	it->d = d;
	it->room = room;
	it->since = since_ticks;
	r = room == PCM_ALL_ROOMS ? &s->all : &s->rooms[room];
	if (r->line == 0) {
		it->empty = true;
		return it;
	}
	if (!(it->st = pcm_snap_stream_open(s->path, r->start, r->end, r->line, false, err))) {
		free(it);
		return NULL;
	}
	pcm_snap_stream_set_escaped(it->st, s->escaped);
	pcm_snap_stream_start(it->st);      /* parse ahead while the caller works */
	return it;
}

static int snap_next(struct pcm_msg_iter *it, struct pcm_message *msg, struct pcm_error *err)
{
	struct pcm_snap_row e;
	int r;

	if (it->empty)
		return 0;
	while ((r = pcm_snap_stream_next(it->st, &e, err)) == 1) {
		if (e.depth != 1 || strcmp(e.row.table, CHAT_TABLE) != 0)
			continue;
		if (pcm_rowmap_chat(it->d, &e.row, msg, err))
			return -1;
		if (it->room != PCM_ALL_ROOMS && msg->room != it->room) {
			if (it->seen_room)
				break;
			continue;
		}
		it->seen_room = true;
		if (msg->date_ticks >= it->since)
			return 1;
	}
	if (r < 0)
		return -1;
	it->empty = true;
	return 0;
}

static void snap_iter_close(struct pcm_msg_iter *it)
{
	if (!it)
		return;
	pcm_snap_stream_close(it->st);
	free(it);
}

static void snap_close(struct pcm_source *base)
{
	struct snap_source *s = (struct snap_source *)base;

	free(s->rooms);
	free(s->path);
	free(s);
}

static const struct pcm_source_ops snapshot_ops = {
	.kind = "snapshot",
	.iterators_overlap = true,      /* each pass has its own file and parser */
	.load = snap_load,
	.messages = snap_messages,
	.next = snap_next,
	.iter_close = snap_iter_close,
	.close = snap_close,
};

/* Opening only checks that the file can be read; load does the work. */
struct pcm_source *pcm_source_snapshot_open(const char *path, struct pcm_error *err)
{
	struct snap_source *s;
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		pcm_error_set(err, _("%s: cannot open the snapshot: %s"), path, strerror(errno));
		return NULL;
	}
	fclose(fp);
	s = pcm_xcalloc(1, sizeof *s);
	s->base.ops = &snapshot_ops;
	s->path = pcm_xstrdup(path);
	return &s->base;
}

/* ------------------------------------------------------------------ */

int pcm_snapshot_each_row(const char *path, int (*cb)(const struct pcm_row *row, void *ctx),
                          void *ctx, struct pcm_error *err)
{
	struct pcm_snap_stream *st;
	struct pcm_snap_row e;
	int r, rc = 0;

	if (!(st = pcm_snap_stream_open(path, 0, UINT64_MAX, 1, true, err)))
		return -1;
	while ((r = pcm_snap_stream_next(st, &e, err)) == 1) {
		if (e.depth == 0) {
			if (read_header(&e.row, NULL, err)) {
				rc = -1;
				break;
			}
		} else if (!pcm_is_known_table(e.row.table)) {
			pcm_error_set(err, _("%s: unknown table %s"), e.row.where, e.row.table);
			rc = -1;
			break;
		} else if ((rc = cb(&e.row, ctx)) != 0) {
			break;
		}
	}
	if (r < 0)
		rc = -1;
	pcm_snap_stream_close(st);
	return rc;
}
