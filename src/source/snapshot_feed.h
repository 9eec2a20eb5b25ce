/* SPDX-License-Identifier: MIT */
/* The bytes of one pass over a snapshot, in chunks: read from the file,
 * hashed, and passed through the guard (snapshot_scan.h), which also
 * marks where each start tag begins.
 *
 * A long pass does this on a second thread, a few chunks ahead of the
 * parser: reading, hashing and the guard were a third of a large load,
 * and they need nothing from the parser. A short pass (one room's
 * messages) does it inline. Either way the chunks come in file order,
 * and a chunk the guard refuses ends the pass. */
#ifndef PCM_SNAPSHOT_FEED_H
#define PCM_SNAPSHOT_FEED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "source/snapshot_scan.h"

struct pcm_feed;

struct pcm_feed_chunk {
	const char *data;           /* n bytes that passed the guard */
	size_t n;
	const struct pcm_scan_mark *marks;  /* start tags beginning in them */
	size_t nmarks;
	bool end;                   /* nothing follows: the input ended, the
	                             * guard refused, or a read failed */
};

/* Starts a pass over len bytes of fp (positioned at `start`, which is on
 * line `line` at element depth `depth`); takes fp. hash: SHA-256 of what
 * is read (whole-file passes). may_thread: read ahead on a second thread
 * if the pass is longer than a chunk (tests compare both ways). trusted:
 * an earlier pass over the whole file checked these bytes, so the guard
 * only follows the markup for the marks (see struct pcm_scan). */
struct pcm_feed *pcm_feed_start(FILE *fp, uint64_t start, uint64_t len, uint64_t line,
                                long depth, bool hash, bool may_thread, bool trusted);
/* The next chunk; the previous one is given back. Valid until the next
 * call or pcm_feed_close. */
void pcm_feed_next(struct pcm_feed *f, struct pcm_feed_chunk *c);
/* After a chunk with `end`: the guard's final state (refusal, line, the
 * root's end), and the read error, if any (an errno, else 0). */
const struct pcm_scan *pcm_feed_scan(const struct pcm_feed *f);
int pcm_feed_read_error(const struct pcm_feed *f);
/* Bytes read so far (after `end`: all of them). */
uint64_t pcm_feed_bytes(const struct pcm_feed *f);
/* After `end`: reads and hashes whatever the pass did not (nothing, when
 * it read to the end), then writes the hex digest. false on a read error. */
bool pcm_feed_digest(struct pcm_feed *f, char out[65]);
/* Stops the pass (at any point), closes fp, frees everything. */
void pcm_feed_close(struct pcm_feed *f);

#endif
