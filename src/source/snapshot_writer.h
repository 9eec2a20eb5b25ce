/* SPDX-License-Identifier: MIT */
/* Writes a legacy snapshot (snapshot-format.md) row by row, streaming,
 * so `pcmigrate snapshot` can copy a live database of any size. The file
 * appears whole or not at all: it is written under a temporary name and
 * renamed by commit (atomic.h). */
#ifndef PCM_SNAPSHOT_WRITER_H
#define PCM_SNAPSHOT_WRITER_H

#include "model/model.h"
#include "source/source.h"
#include "base/error.h"

struct pcm_snapshot_writer;

/* Starts path (through a temporary file beside it) with the header taken
 * from info: server, database, taken_at (NULL: now), utc_offset_minutes,
 * lookup_server_uri (NULL: left out). NULL with err set on failure. */
struct pcm_snapshot_writer *pcm_snapshot_writer_open(const char *path,
                                                     const struct pcm_source_info *info,
                                                     struct pcm_error *err);
/* Writes one row as <table col="value" .../>; a NULL value is left out
 * (that is SQL NULL). Values are written in the pcm1 escape form the
 * root declares (xmlescape.h), so control characters survive. Refuses
 * an unknown table and invalid UTF-8, naming row->where, the table and
 * the column. */
int pcm_snapshot_writer_row(struct pcm_snapshot_writer *w, const struct pcm_row *row,
                            struct pcm_error *err);
/* Closes the root, flushes, fsyncs and renames over path; frees w. */
int pcm_snapshot_writer_commit(struct pcm_snapshot_writer *w, struct pcm_error *err);
/* Drops the temporary file (path is untouched); frees w. NULL is fine. */
void pcm_snapshot_writer_abort(struct pcm_snapshot_writer *w);

#endif
