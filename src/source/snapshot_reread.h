/* SPDX-License-Identifier: MIT */
/* Re-reading rows libxml2 already read: a room's byte range, parsed again
 * when its messages are streamed, from a file whose every byte the load
 * checked (libxml2 found it well-formed, the guard found it UTF-8 and
 * without a DOCTYPE) and that has not changed since (size and time).
 *
 * Such bytes need only the little XML that rows use: start and end tags,
 * attributes in quotes with the five predefined entities and character
 * references, comments and processing instructions to skip, whitespace
 * between. This tokenizer does just that, several times faster than a
 * general parser, and hands each tag to the same callbacks libxml2's SAX2
 * parser calls. tests/test_snapshot_shape compares the two on every
 * snapshot of the test suite. Anything else it meets is an error ("the
 * file changed"), never a guess. */
#ifndef PCM_SNAPSHOT_REREAD_H
#define PCM_SNAPSHOT_REREAD_H

#include <stdbool.h>
#include <stddef.h>

struct pcm_reread;

/* start: a start tag with n attributes as libxml2's SAX2 passes them (5
 * pointers each: local name, prefix, URI, value, value end; prefix and
 * URI NULL); end: an end tag, or the end of an empty element. */
struct pcm_reread_calls {
	void (*start)(void *ctx, const char *name, int n, const unsigned char **attrs);
	void (*end)(void *ctx);
	void *ctx;
};

struct pcm_reread *pcm_reread_new(const struct pcm_reread_calls *calls);
/* Tokenizes the next n bytes (a tag may run on into the next call).
 * false when the bytes are not what a checked snapshot holds. */
bool pcm_reread_feed(struct pcm_reread *r, const char *data, size_t n);
/* True when no tag was left unfinished. */
bool pcm_reread_done(const struct pcm_reread *r);
void pcm_reread_free(struct pcm_reread *r);

#endif
