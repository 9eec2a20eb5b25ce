/* SPDX-License-Identifier: MIT */
/* The producer/consumer ring: see ring.h. */
#include "config.h"
#include "base/ring.h"

void pcm_ring_init(struct pcm_ring *r, size_t n)
{
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->filled, NULL);
	pthread_cond_init(&r->freed, NULL);
	r->n = n;
	r->prod = r->cons = r->nfilled = 0;
	r->holding = r->stop = false;
}

void pcm_ring_destroy(struct pcm_ring *r)
{
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->filled);
	pthread_cond_destroy(&r->freed);
}

size_t pcm_ring_claim(struct pcm_ring *r)
{
	size_t k;

	pthread_mutex_lock(&r->mu);
	while (r->nfilled == r->n && !r->stop)
		pthread_cond_wait(&r->freed, &r->mu);
	k = r->stop ? SIZE_MAX : r->prod;
	pthread_mutex_unlock(&r->mu);
	return k;
}

void pcm_ring_publish(struct pcm_ring *r)
{
	pthread_mutex_lock(&r->mu);
	r->prod = (r->prod + 1) % r->n;
	r->nfilled++;
	pthread_cond_signal(&r->filled);
	pthread_mutex_unlock(&r->mu);
}

size_t pcm_ring_take(struct pcm_ring *r)
{
	size_t k;

	pthread_mutex_lock(&r->mu);
	if (r->holding) {
		r->cons = (r->cons + 1) % r->n;
		r->nfilled--;
		r->holding = false;
		pthread_cond_signal(&r->freed);
	}
	while (r->nfilled == 0)
		pthread_cond_wait(&r->filled, &r->mu);
	k = r->cons;
	r->holding = true;
	pthread_mutex_unlock(&r->mu);
	return k;
}

void pcm_ring_stop(struct pcm_ring *r)
{
	pthread_mutex_lock(&r->mu);
	r->stop = true;
	pthread_cond_signal(&r->freed);
	pthread_mutex_unlock(&r->mu);
}
