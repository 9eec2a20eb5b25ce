/* SPDX-License-Identifier: MIT */
/* The bytes of a pass, read ahead on a second thread when the pass is
 * long: see snapshot_feed.h. A ring of slots between one producer (the
 * reader: fread, hash, guard) and one consumer (the parser). */
#include "config.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "base/ring.h"
#include "base/sha256.h"
#include "source/snapshot_feed.h"
#include "base/util.h"

#define CHUNK (1 << 17)
/* a re-read range (a room) reads in smaller chunks: several are open at
 * once, and memory is what it costs */
#define RANGE_CHUNK (1 << 15)
#define NSLOTS 4

struct slot {
	char *buf;
	size_t n;
	struct pcm_scan_mark *marks;
	size_t nmarks, marks_cap;
	bool end;
};

struct pcm_feed {
	/* the producer's */
	FILE *fp;
	size_t chunk;               /* bytes per slot */
	uint64_t left;
	bool hash;
	struct pcm_sha256 sha;
	uint64_t bytes;
	int io_errno;
	bool at_end;
	struct pcm_scan scan;
	/* the slots, and the producer's thread when it has one */
	struct slot slots[NSLOTS];
	struct pcm_ring ring;
	bool saw_end;
	bool threaded;
	pthread_t thread;
};

/* Fills one slot with the next chunk that passed the guard, or marks the
 * end (input over, refused, or a read error). */
static void produce(struct pcm_feed *f, struct slot *s)
{
	size_t want = f->chunk < f->left ? f->chunk : (size_t)f->left, n;
	struct pcm_scan_mark m;

	s->n = s->nmarks = 0;
	s->end = true;
	if (f->at_end)
		return;
	n = want ? fread(s->buf, 1, want, f->fp) : 0;
	if (n == 0) {
		if (want && ferror(f->fp))
			f->io_errno = errno ? errno : EIO;
		else
			pcm_scan_finish(&f->scan);
		f->at_end = true;
		return;
	}
	f->left -= n;
	f->bytes += n;
	if (f->hash)
		pcm_sha256_update(&f->sha, s->buf, n);
	if (!pcm_scan_feed(&f->scan, (const unsigned char *)s->buf, n)) {
		f->at_end = true;
		return;
	}
	while (pcm_scan_take(&f->scan, &m)) {
		pcm_vec_grow((void **)&s->marks, &s->marks_cap, s->nmarks + 1, sizeof *s->marks);
		s->marks[s->nmarks++] = m;
	}
	s->n = n;
	s->end = false;
}

static void *producer(void *arg)
{
	struct pcm_feed *f = arg;
	bool end = false;

	while (!end) {
		size_t k = pcm_ring_claim(&f->ring);

		if (k == SIZE_MAX)
			break;
		produce(f, &f->slots[k]);
		end = f->slots[k].end;
		pcm_ring_publish(&f->ring);
	}
	return NULL;
}

struct pcm_feed *pcm_feed_start(FILE *fp, uint64_t start, uint64_t len, uint64_t line,
                                long depth, bool hash, bool may_thread, bool trusted)
{
	struct pcm_feed *f = pcm_xcalloc(1, sizeof *f);
	size_t i;

	f->fp = fp;
	f->left = len;
	f->hash = hash;
	pcm_sha256_init(&f->sha);
	pcm_scan_init(&f->scan, start, line, depth);
	f->scan.trusted = trusted;
	/* a pass of one chunk has nothing to overlap */
	f->chunk = trusted ? RANGE_CHUNK : CHUNK;
	if (len < f->chunk)
		f->chunk = len ? (size_t)len : 1;
	f->threaded = may_thread && len > f->chunk;
	for (i = 0; i < (f->threaded ? NSLOTS : 1); i++)
		f->slots[i].buf = pcm_xmalloc(f->chunk);
	if (f->threaded) {
		pcm_ring_init(&f->ring, NSLOTS);
		if (pthread_create(&f->thread, NULL, producer, f) != 0) {
			/* no thread: read inline, slowly but correctly */
			pcm_ring_destroy(&f->ring);
			f->threaded = false;
		}
	}
	return f;
}

void pcm_feed_next(struct pcm_feed *f, struct pcm_feed_chunk *c)
{
	struct slot *s;

	if (f->saw_end) {
		memset(c, 0, sizeof *c);
		c->end = true;
		return;
	}
	if (!f->threaded) {
		s = &f->slots[0];
		produce(f, s);
	} else {
		s = &f->slots[pcm_ring_take(&f->ring)];
	}
	c->data = s->buf;
	c->n = s->n;
	c->marks = s->marks;
	c->nmarks = s->nmarks;
	c->end = s->end;
	f->saw_end = s->end;
}

/* Waits for the producer to be done with the file (it is, once a chunk
 * with `end` came; otherwise it is told to stop). */
static void stop_producer(struct pcm_feed *f)
{
	if (!f->threaded)
		return;
	pcm_ring_stop(&f->ring);
	pthread_join(f->thread, NULL);
	pcm_ring_destroy(&f->ring);
	f->threaded = false;
}

const struct pcm_scan *pcm_feed_scan(const struct pcm_feed *f)
{
	return &f->scan;
}

int pcm_feed_read_error(const struct pcm_feed *f)
{
	return f->io_errno;
}

uint64_t pcm_feed_bytes(const struct pcm_feed *f)
{
	return f->bytes;
}

bool pcm_feed_digest(struct pcm_feed *f, char out[65])
{
	char buf[1 << 14];
	size_t n;

	stop_producer(f);
	while (!f->at_end && (n = fread(buf, 1, sizeof buf, f->fp)) > 0) {
		pcm_sha256_update(&f->sha, buf, n);
		f->bytes += n;
	}
	if (ferror(f->fp)) {
		f->io_errno = errno ? errno : EIO;
		return false;
	}
	pcm_sha256_final_hex(&f->sha, out);
	return true;
}

void pcm_feed_close(struct pcm_feed *f)
{
	size_t i;

	if (!f)
		return;
	stop_producer(f);
	if (f->fp)
		fclose(f->fp);
	for (i = 0; i < NSLOTS; i++) {
		free(f->slots[i].buf);
		free(f->slots[i].marks);
	}
	pcm_scan_free(&f->scan);
	free(f);
}
