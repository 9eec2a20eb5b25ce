/* SPDX-License-Identifier: MIT */
/* One pass over a snapshot file, or over a byte range of it, as rows.
 *
 * Bytes go from the file through the hash and the guard (snapshot_scan.h)
 * to libxml2's SAX2 push parser, a chunk at a time; its callbacks queue
 * each row in a batch. The caller pulls rows one at a time, each checked
 * against the schema's row shapes (snapshot_shape.h) as it is handed out.
 * A byte range the whole-file pass already read is re-read by a row
 * tokenizer instead (snapshot_reread.h). No tree is built: memory is a
 * few batches of rows, whatever the file's size.
 *
 * A whole file or a long range is parsed on a thread of its own, a few
 * batches ahead of the caller (the rows are the caller's work: mapping
 * them, writing them out). */
#ifndef PCM_SNAPSHOT_STREAM_H
#define PCM_SNAPSHOT_STREAM_H

#include <stdbool.h>
#include <stdint.h>
#include "base/error.h"
#include "source/source.h"
#include "source/snapshot_scan.h"

struct pcm_snap_stream;

/* One element: the root (depth 0) or a row (depth 1), with its columns.
 * Valid until the next pcm_snap_stream_next. */
struct pcm_snap_row {
	int depth;
	struct pcm_row row;         /* table = element name; where = "file:line" */
	struct pcm_scan_mark mark;  /* offset and line of its '<' */
};

/* Opens a pass over path: the whole file (start 0, end UINT64_MAX, hashed
 * as it goes), or the bytes [start, end) wrapped in a synthetic root with
 * the first of them on line `line`. check: check rows against the schema's
 * shapes (a range was checked when the whole file was). NULL with err. */
struct pcm_snap_stream *pcm_snap_stream_open(const char *path, uint64_t start, uint64_t end,
                                             uint64_t line, bool check, struct pcm_error *err);
/* Whether values are in the pcm1 escape form (xmlescape.h) and decoded:
 * a whole-file pass learns it from the root's escape="pcm1"; a range
 * pass is told before its first row. */
bool pcm_snap_stream_escaped(const struct pcm_snap_stream *st);
void pcm_snap_stream_set_escaped(struct pcm_snap_stream *st, bool escaped);
/* A range is re-read with the row tokenizer (snapshot_reread.h); this
 * makes it use libxml2 instead, before the start: tests compare both. */
void pcm_snap_stream_use_libxml2(struct pcm_snap_stream *st);
/* Starts parsing (a long pass on a thread of its own) before the first
 * row is asked for, so it runs ahead while the caller does other work.
 * Optional: the first pcm_snap_stream_next starts it too. */
void pcm_snap_stream_start(struct pcm_snap_stream *st);
/* The next element: 1 (row set), 0 at the end of input, -1 with err. */
int pcm_snap_stream_next(struct pcm_snap_stream *st, struct pcm_snap_row *row,
                         struct pcm_error *err);
/* After the last element of a whole-file pass: hashes what the parser did
 * not need and writes the hex SHA-256 of the file. */
int pcm_snap_stream_digest(struct pcm_snap_stream *st, char out[65], struct pcm_error *err);
/* File bytes read so far. */
uint64_t pcm_snap_stream_bytes(const struct pcm_snap_stream *st);
/* Offset of the root's end tag, once it was read. */
uint64_t pcm_snap_stream_root_end(const struct pcm_snap_stream *st);
void pcm_snap_stream_close(struct pcm_snap_stream *st);

#endif
