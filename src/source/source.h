/* SPDX-License-Identifier: MIT */
/* A source of a legacy deployment: the snapshot file or the live database.
 * One small interface; each backend is one file (source_snapshot.c,
 * source_tds.c). */
#ifndef PCM_SOURCE_H
#define PCM_SOURCE_H

#include "base/datadir.h"
#include "model/model.h"
#include <stddef.h>
#include "base/error.h"

/* One row: table name, column names and values as text, NULL value = SQL
 * NULL (absent attribute). "where" names the place for errors, for
 * example "sample.xml:120" or "tds://sa@sql01/GroupChat tblNode row 7". */
struct pcm_row {
	const char *table;
	size_t ncols;
	const char *const *names;
	const char *const *values;
	const char *where;
};

/* One chat message, as handed out by a source's iterator. content is
 * valid until the next call of the iterator. */
struct pcm_message {
	int32_t channel_id;         /* room nodeID */
	uint32_t room;              /* room index, PCM_NONE if unknown */
	int64_t chat_id;
	int64_t date_ticks;
	int32_t user_id;
	bool is_alert;
	const char *content;
	const char *rtf;            /* may be NULL */
};

#define PCM_ALL_ROOMS PCM_NONE

struct pcm_source;
struct pcm_msg_iter;

struct pcm_source_ops {
	const char *kind;
	/* Reads everything but message bodies into d (counts messages). */
	int (*load)(struct pcm_source *s, struct pcm_deployment *d, struct pcm_error *err);
	/* Messages of one room (or all rooms, in (channelId, chatId) order)
	 * posted at or after since_ticks (0 = all). */
	struct pcm_msg_iter *(*messages)(struct pcm_source *s, const struct pcm_deployment *d,
	                                 uint32_t room, int64_t since_ticks, struct pcm_error *err);
	/* 1 = msg filled, 0 = end, -1 = error */
	int (*next)(struct pcm_msg_iter *it, struct pcm_message *msg, struct pcm_error *err);
	void (*iter_close)(struct pcm_msg_iter *it);
	void (*close)(struct pcm_source *s);
	/* Two message iterators may be open at once (the next room's is
	 * opened ahead, to read while the current room is written). A
	 * db-lib connection has one result set at a time: not TDS. */
	bool iterators_overlap;
};

/* A long load says how far it is, for a line on the terminal: bytes read
 * of the total (a snapshot), or total 0 and the rows read (a live
 * database does not say how many rows will come). Called on the loading
 * thread every few thousand rows; the receiver throttles its drawing. */
struct pcm_load_progress {
	void (*report)(void *user, uint64_t done, uint64_t total, uint64_t rows);
	void *user;
};

struct pcm_source {
	const struct pcm_source_ops *ops;
	char *spec;                 /* as given: "snapshot:FILE" or "tds://..." */
	struct pcm_load_progress progress;  /* report NULL: nobody asks */
};

/* Rows between two progress reports of a load. */
#define PCM_LOAD_REPORT_ROWS 4096

/* Whether two of s's message iterators may be open at once. */
bool pcm_source_iterators_overlap(const struct pcm_source *s);
/* Opens "snapshot:FILE", a bare FILE path, or "tds://USER@SERVER[:PORT]/DB". */
struct pcm_source *pcm_source_open(const char *spec, struct pcm_error *err);
int pcm_source_load(struct pcm_source *s, struct pcm_deployment *d, struct pcm_error *err);
/* Asks s's next loads to report their progress (p NULL: stop). */
void pcm_source_set_progress(struct pcm_source *s, const struct pcm_load_progress *p);
/* For the backends: passes a report on when someone asked for one. */
void pcm_source_report(const struct pcm_source *s, uint64_t done, uint64_t total, uint64_t rows);
struct pcm_msg_iter *pcm_source_messages(struct pcm_source *s, const struct pcm_deployment *d,
                                         uint32_t room, int64_t since_ticks, struct pcm_error *err);
int pcm_msg_next(struct pcm_source *s, struct pcm_msg_iter *it, struct pcm_message *msg,
                 struct pcm_error *err);
void pcm_msg_close(struct pcm_source *s, struct pcm_msg_iter *it);
void pcm_source_close(struct pcm_source *s);

/* Backend constructors (spec already stripped of its prefix): only
 * source_open.c calls them. */
struct pcm_source *pcm_source_snapshot_open(const char *path, struct pcm_error *err);
struct pcm_source *pcm_source_tds_open(const char *url, struct pcm_error *err);

/* The bundled training sample: $(pkgdatadir)/sample/..., or the build
 * tree's copy when PCMIGRATE_DATADIR is set (tests). */
const char *pcm_sample_path(void);

#endif
