/* SPDX-License-Identifier: MIT */
/* A byte-level guard and locator that every snapshot byte passes through
 * before libxml2 sees it. It refuses what must never reach the parser (a
 * DOCTYPE, so no DTD, no entity declarations: XXE and billion-laughs are
 * refused before any expansion), checks UTF-8 and XML's character rules
 * with exact line numbers, and records the byte offset and line of every
 * start tag, so the reader can name rows by line and re-read one room's
 * rows later from their byte range. Memory is bounded by the parser's
 * read-ahead, not by the file. */
#ifndef PCM_SNAPSHOT_SCAN_H
#define PCM_SNAPSHOT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where one start tag begins. */
struct pcm_scan_mark {
	uint64_t offset;            /* of its '<' in the file */
	uint64_t line;              /* 1-based */
};

struct pcm_scan {
	/* position of the next byte */
	uint64_t offset, line;
	/* bytes a whole-file pass already checked (a re-read range): only
	 * the markup is followed, for the marks; UTF-8 is not checked again */
	bool trusted;
	/* tokenizer state */
	int state, quote;
	unsigned char bang[8];      /* bytes after "<!" so far */
	size_t nbang;
	int dashes;                 /* '-' or ']' seen before a possible end */
	bool slash;                 /* last tag byte was '/' (empty element) */
	bool in_decl;               /* inside the <?xml ...?> declaration */
	char decl[256];
	size_t ndecl;
	bool decl_seen_anything;    /* a byte other than a BOM came before */
	long depth;                 /* element depth after what was scanned */
	bool root_closed;
	uint64_t root_end;          /* offset of the root's end tag */
	uint64_t tag_start, tag_line;
	/* UTF-8 decoder state */
	uint32_t cp, cp_min;
	int need;
	unsigned char lead;         /* first byte of the character */
	uint64_t cp_line;
	/* start tags scanned but not yet taken by the reader */
	struct pcm_scan_mark *q;
	size_t qhead, qlen, qcap;
	/* first error: line and text (the caller adds the file name) */
	bool failed;
	uint64_t err_line;
	char err[256];
};

/* Starts scanning at offset/line, at element depth (0 for a whole file,
 * 1 for a byte range inside the root). */
void pcm_scan_init(struct pcm_scan *s, uint64_t offset, uint64_t line, long depth);
void pcm_scan_free(struct pcm_scan *s);
/* Scans the next n bytes. false on the first refused byte (s->err set). */
bool pcm_scan_feed(struct pcm_scan *s, const unsigned char *buf, size_t n);
/* Call at end of input: reports a multi-byte character cut short. */
bool pcm_scan_finish(struct pcm_scan *s);
/* True when the bytes so far end inside a tag, comment, CDATA section or
 * processing instruction (a file cut short there). */
bool pcm_scan_in_markup(const struct pcm_scan *s);
/* Takes the oldest start tag not yet taken; false when none is queued. */
bool pcm_scan_take(struct pcm_scan *s, struct pcm_scan_mark *m);
/* Queues a start tag that is not in the file (the wrapper element used
 * when re-reading a byte range). */
void pcm_scan_push(struct pcm_scan *s, uint64_t offset, uint64_t line);

#endif
