/* SPDX-License-Identifier: MIT */
/* A ring of slots between one producer thread and one consumer, for
 * reading ahead (snapshot_feed.c: chunks of the file; snapshot_stream.c:
 * batches of parsed rows). The slots are the caller's; the ring hands out
 * their indexes in order and makes each side wait for the other. */
#ifndef PCM_RING_H
#define PCM_RING_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pcm_ring {
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	size_t n, prod, cons, nfilled;
	bool holding;               /* the consumer holds slot cons */
	bool stop;
};

void pcm_ring_init(struct pcm_ring *r, size_t n);
void pcm_ring_destroy(struct pcm_ring *r);
/* Producer: the next slot to fill, once one is free; SIZE_MAX when the
 * consumer asked it to stop. */
size_t pcm_ring_claim(struct pcm_ring *r);
/* Producer: the slot it claimed is filled. */
void pcm_ring_publish(struct pcm_ring *r);
/* Consumer: gives back the slot it holds, then waits for the next filled
 * one and returns its index. */
size_t pcm_ring_take(struct pcm_ring *r);
/* Consumer: the producer stops at its next claim. */
void pcm_ring_stop(struct pcm_ring *r);

#endif
