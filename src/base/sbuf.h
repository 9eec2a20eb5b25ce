/* SPDX-License-Identifier: MIT */
/* A growable string for the package writers: scripts and SQL are built
 * in memory (they grow with rooms, never with messages), then written to
 * their file at once. */
#ifndef PCM_SBUF_H
#define PCM_SBUF_H

#include <stddef.h>

struct pcm_sbuf {
	char *s;            /* always NUL-terminated once anything was added */
	size_t n, cap;
};

void pcm_sbuf_add(struct pcm_sbuf *b, const char *s);
void pcm_sbuf_addn(struct pcm_sbuf *b, const char *s, size_t n);
void pcm_sbuf_addc(struct pcm_sbuf *b, char c);
void pcm_sbuf_printf(struct pcm_sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the string over (never NULL: "" when empty) and resets b. */
char *pcm_sbuf_take(struct pcm_sbuf *b);
void pcm_sbuf_free(struct pcm_sbuf *b);

#endif
