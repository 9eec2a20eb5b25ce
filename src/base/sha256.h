/* SPDX-License-Identifier: MIT */
/* SHA-256, streaming. The snapshot reader hashes the file as it reads it,
 * so the backup check can record exactly which snapshot the plan was made
 * from without a second pass. The work is nettle's: its SHA-256 uses the
 * CPU's SHA extensions where present (about 5x our portable version). */
#ifndef PCM_SHA256_H
#define PCM_SHA256_H

#include <stddef.h>
#include <stdint.h>
#include <nettle/sha2.h>

struct pcm_sha256 {
	struct sha256_ctx ctx;
};

void pcm_sha256_init(struct pcm_sha256 *c);
void pcm_sha256_update(struct pcm_sha256 *c, const void *data, size_t n);
/* Writes the 32-byte digest. */
void pcm_sha256_final(struct pcm_sha256 *c, unsigned char out[32]);
/* Writes the digest as 64 lower-case hex digits plus NUL. */
void pcm_sha256_final_hex(struct pcm_sha256 *c, char out[65]);

#endif
