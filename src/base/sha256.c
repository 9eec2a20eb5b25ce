/* SPDX-License-Identifier: MIT */
/* SHA-256 through nettle (see sha256.h for why not our own). */
#include "config.h"
#include "base/sha256.h"

void pcm_sha256_init(struct pcm_sha256 *c)
{
	sha256_init(&c->ctx);
}

void pcm_sha256_update(struct pcm_sha256 *c, const void *data, size_t n)
{
	sha256_update(&c->ctx, n, data);
}

void pcm_sha256_final(struct pcm_sha256 *c, unsigned char out[32])
{
	sha256_digest(&c->ctx, SHA256_DIGEST_SIZE, out);
}

void pcm_sha256_final_hex(struct pcm_sha256 *c, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];
	unsigned i;

	pcm_sha256_final(c, d);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}
