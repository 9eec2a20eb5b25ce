/* SPDX-License-Identifier: MIT */
/* Fuzz target: the re-read row tokenizer (src/snapshot_reread.c) against
 * libxml2. The input is a byte range of rows, as `migrate` re-reads one
 * room's tblChat rows. It is
 *
 *  1. tokenized in one piece and in chunks whose sizes come from the
 *     input (so tags, references and comments are cut at chunk ends):
 *     every split gives the same verdict and the same callbacks;
 *  2. read as a range of a file through the snapshot stream twice, with
 *     the tokenizer and with libxml2 (pcm_snap_stream_use_libxml2), raw
 *     and, when the input holds "\x", with the pcm1 escape decoded.
 *
 * Then the same bytes go through both as the value of one row.
 *
 * The contract: the tokenizer may refuse what libxml2 accepts (it knows
 * only what rows use), but when it accepts a range, libxml2 accepts it
 * too and hands out exactly the same rows (depth, table, column names,
 * values, place), in order. One precondition, stated precisely: the
 * bytes are UTF-8 holding only characters XML 1.0 allows. A re-read range
 * is trusted for that (the load checked every byte, and the re-read
 * exists not to check them again), so input that breaks it is only held
 * to (1) and to crashing, leaking and reading out of bounds never. */
#include "config.h"
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "fuzz.h"
#include "source/snapshot_reread.h"
#include "source/snapshot_stream.h"
#include "base/util.h"

/* inputs at most this long: a range this short is parsed on the
 * caller's thread (snapshot_stream.c's PARSE_THREAD_MIN) */
#define MAX_INPUT ((1 << 16) - 1)

static char range_path[64];

/* Removes the scratch file when the process ends. */
static void range_cleanup(void)
{
	if (range_path[0])
		unlink(range_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	(void)argc;
	(void)argv;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	snprintf(range_path, sizeof range_path, "/tmp/pcm-fuzz-reread-XXXXXX");
	fd = mkstemp(range_path);
	if (fd < 0) {
		perror("mkstemp");
		abort();
	}
	close(fd);
	atexit(range_cleanup);
	return 0;
}

/* ---- what a run produced, flattened to bytes to compare ---- */

struct trace {
	char *buf;
	size_t n, cap;
};

static void put(struct trace *t, const void *p, size_t n)
{
	pcm_vec_grow((void **)&t->buf, &t->cap, t->n + n, 1);
	memcpy(t->buf + t->n, p, n);
	t->n += n;
}

/* A length-prefixed byte string (values may hold any byte). */
static void put_bytes(struct trace *t, const void *p, size_t n)
{
	put(t, &n, sizeof n);
	put(t, p, n);
}

static void put_str(struct trace *t, const char *s)
{
	put_bytes(t, s, strlen(s));
}

static bool same(const struct trace *a, const struct trace *b)
{
	return a->n == b->n && (!a->n || !memcmp(a->buf, b->buf, a->n));
}

/* ---- 1. the tokenizer alone, in one piece and in chunks ---- */

static void tok_start(void *ctx, const char *name, int n, const unsigned char **attrs)
{
	struct trace *t = ctx;
	int i;

	FUZZ_CHECK(name && name[0] && n >= 0);
	put(t, "S", 1);
	put_str(t, name);
	put(t, &n, sizeof n);
	for (i = 0; i < n; i++) {
		const unsigned char **a = attrs + 5 * i;

		/* as SAX2 passes them: no prefix, no URI, value as a range */
		FUZZ_CHECK(a[0] && a[0][0] && !a[1] && !a[2] && a[3] && a[4] >= a[3]);
		put_str(t, (const char *)a[0]);
		put_bytes(t, a[3], (size_t)(a[4] - a[3]));
	}
}

static void tok_end(void *ctx)
{
	put(ctx, "E", 1);
}

/* The next pseudo-random number of a sequence the input seeds. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Tokenizes data in chunks: all of it at once (seed 0), one byte at a
 * time (seed 1), else sizes drawn from seed. Each chunk is a buffer of
 * its own, so a read past its end is caught. Returns the verdict: every
 * feed accepted and no tag left unfinished. */
static bool tokenize(const uint8_t *data, size_t size, uint64_t seed, struct trace *t)
{
	const struct pcm_reread_calls calls = { tok_start, tok_end, t };
	struct pcm_reread *r = pcm_reread_new(&calls);
	size_t at = 0;
	bool ok = true;

	do {
		size_t n = size - at;
		char *chunk;

		if (seed == 1)
			n = n ? 1 : 0;
		else if (seed)
			n = (next_rand(&seed) & 7) ? 1 + next_rand(&seed) % 40
			                           : 1 + next_rand(&seed) % 1000;
		if (n > size - at)
			n = size - at;
		chunk = pcm_xmalloc(n ? n : 1);
		if (n)
			memcpy(chunk, data + at, n);
		ok = pcm_reread_feed(r, chunk, n);
		free(chunk);
		at += n;
	} while (ok && at < size);
	if (ok)
		ok = pcm_reread_done(r);
	pcm_reread_free(r);
	put(t, ok ? "+" : "-", 1);
	return ok;
}

/* FNV-1a of the input: the seed of its chunk sizes. */
static uint64_t hash_of(const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 0x100000001b3ULL;
	return h | 2;   /* never 0 or 1: those are the fixed splits */
}

static void check_splits(const uint8_t *data, size_t size)
{
	struct trace whole = { 0 }, part = { 0 };
	uint64_t seeds[3] = { hash_of(data, size), 1, 0 };
	bool ok = tokenize(data, size, 0, &whole);
	int k;

	/* one byte at a time rescans a long tag once per byte: short input */
	for (k = 0; k < (size <= 2048 ? 2 : 1); k++) {
		part.n = 0;
		FUZZ_CHECK(tokenize(data, size, seeds[k], &part) == ok);
		FUZZ_CHECK(same(&whole, &part));
	}
	free(whole.buf);
	free(part.buf);
}

/* ---- 2. the stream: tokenizer and libxml2 on the same range ---- */

/* Replaces the scratch file's content with the input. */
static void write_input(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(range_path, "wb");

	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp)) {
		perror(range_path);
		abort();
	}
}

/* Reads the file as a range, every row into t; 0 at a clean end, -1 on
 * an error (its text into why). */
static int read_range(size_t size, bool libxml2, bool escaped, struct trace *t, char *why,
                      size_t why_size)
{
	struct pcm_error err = { 0 };
	struct pcm_snap_stream *st = pcm_snap_stream_open(range_path, 0, size, 1, false, &err);
	struct pcm_snap_row row;
	size_t i;
	int rc;

	FUZZ_CHECK(st != NULL);
	if (libxml2)
		pcm_snap_stream_use_libxml2(st);
	pcm_snap_stream_set_escaped(st, escaped);
	while ((rc = pcm_snap_stream_next(st, &row, &err)) == 1) {
		put(t, &row.depth, sizeof row.depth);
		put_str(t, row.row.table);
		put(t, &row.row.ncols, sizeof row.row.ncols);
		for (i = 0; i < row.row.ncols; i++) {
			put_str(t, row.row.names[i]);
			put_str(t, row.row.values[i]);
		}
		put(t, &row.mark, sizeof row.mark);
		put_str(t, row.row.where);
	}
	FUZZ_CHECK(rc == 0 || (rc == -1 && err.set && err.text[0]));
	snprintf(why, why_size, "%s", rc ? err.text : "");
	pcm_snap_stream_close(st);
	return rc;
}

/* The precondition of the comparison: UTF-8 of XML 1.0 characters. */
static bool xml_chars(const uint8_t *data, size_t size)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < size) {
		k = pcm_utf8_next((const char *)data + i, size - i, &cp);
		if (!k || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE ||
		    cp == 0xFFFF)
			return false;
		i += k;
	}
	return true;
}

static void check_against_libxml2(size_t size, bool escaped)
{
	struct trace fast = { 0 }, slow = { 0 };
	char fast_why[sizeof ((struct pcm_error *)0)->text], slow_why[sizeof fast_why];
	int fast_rc = read_range(size, false, escaped, &fast, fast_why, sizeof fast_why);
	int slow_rc = read_range(size, true, escaped, &slow, slow_why, sizeof slow_why);

	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "escaped=%d tokenizer: %s (%zu bytes of rows); libxml2: %s (%zu)\n",
		        escaped, fast_rc ? fast_why : "accepted", fast.n,
		        slow_rc ? slow_why : "accepted", slow.n);
	if (fast_rc == 0) {
		FUZZ_CHECK(slow_rc == 0);
		FUZZ_CHECK(same(&fast, &slow));
	}
	free(fast.buf);
	free(slow.buf);
}

/* Both checks on one range. */
static void check_range(const uint8_t *data, size_t size)
{
	check_splits(data, size);
	if (!xml_chars(data, size))
		return;
	write_input(data, size);
	check_against_libxml2(size, false);
	if (memmem(data, size, "\\x", 2))
		check_against_libxml2(size, true);
}

/* The input as the value of one row's column: <tblChat content="..."/>
 * without its '"' and '<'. Few mutated inputs are rows, but nearly every
 * one is a value (references, whitespace, pcm1 escapes, UTF-8), and
 * values are where the bytes of real rows vary. */
static uint8_t *as_value(const uint8_t *data, size_t size, size_t *n)
{
	static const char head[] = "<tblChat channelId=\"20\" content=\"", tail[] = "\"/>\n";
	uint8_t *row = pcm_xmalloc(sizeof head + size + sizeof tail);
	size_t i, k = sizeof head - 1;

	memcpy(row, head, k);
	for (i = 0; i < size; i++)
		if (data[i] != '"' && data[i] != '<')
			row[k++] = data[i];
	memcpy(row + k, tail, sizeof tail - 1);
	*n = k + sizeof tail - 1;
	return row;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *row;
	size_t n;

	if (size > MAX_INPUT - 64)
		return 0;
	check_range(data, size);
	row = as_value(data, size, &n);
	check_range(row, n);
	free(row);
	return 0;
}
