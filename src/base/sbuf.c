/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/sbuf.h"
#include "base/util.h"

/* Makes room for n more bytes plus the terminating NUL. */
static void sbuf_reserve(struct pcm_sbuf *b, size_t n)
{
	pcm_vec_grow((void **)&b->s, &b->cap, b->n + n + 1, 1);
}

void pcm_sbuf_addn(struct pcm_sbuf *b, const char *s, size_t n)
{
	sbuf_reserve(b, n);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void pcm_sbuf_add(struct pcm_sbuf *b, const char *s)
{
	pcm_sbuf_addn(b, s, strlen(s));
}

void pcm_sbuf_addc(struct pcm_sbuf *b, char c)
{
	pcm_sbuf_addn(b, &c, 1);
}

void pcm_sbuf_printf(struct pcm_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sbuf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

char *pcm_sbuf_take(struct pcm_sbuf *b)
{
	char *s = b->s ? b->s : pcm_xstrdup("");

	b->s = NULL;
	b->n = b->cap = 0;
	return s;
}

void pcm_sbuf_free(struct pcm_sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->n = b->cap = 0;
}
