/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/nameset.h"
#include "base/util.h"

struct nameset_slot {
	uint64_t hash;
	const char *name;           /* NULL = empty slot */
	uint32_t value;
};

struct pcm_nameset {
	struct nameset_slot *slots;
	size_t mask, count;
};

/* Allocates a power-of-two table at least twice as large as n. */
static void nameset_alloc(struct pcm_nameset *s, size_t n)
{
	size_t size = 16;

	while (size < n * 2)
		size *= 2;
	s->slots = pcm_xcalloc(size, sizeof *s->slots);
	s->mask = size - 1;
}

struct pcm_nameset *pcm_nameset_new(size_t expected)
{
	struct pcm_nameset *s = pcm_xcalloc(1, sizeof *s);

	nameset_alloc(s, expected);
	return s;
}

/* Doubles the table when it is half full, keeping probes short. */
static void nameset_grow(struct pcm_nameset *s)
{
	struct nameset_slot *old = s->slots;
	size_t oldn = s->mask + 1, i;

	nameset_alloc(s, oldn);
	for (i = 0; i < oldn; i++) {
		size_t j;
		if (!old[i].name)
			continue;
		for (j = old[i].hash & s->mask; s->slots[j].name; j = (j + 1) & s->mask)
			;
		s->slots[j] = old[i];
	}
	free(old);
}

/* SQL Server compares nvarchar values with trailing spaces ignored (the
 * ANSI padding rule, whatever the collation): "Room " and "Room" are one
 * name in the target database. */
static size_t name_len(const char *name)
{
	size_t n = strlen(name);

	while (n && name[n - 1] == ' ')
		n--;
	return n;
}

uint64_t pcm_name_hash(const char *name)
{
	return pcm_casefold_hash_n(name, name_len(name));
}

bool pcm_name_equal(const char *a, const char *b)
{
	return pcm_casefold_equal_n(a, name_len(a), b, name_len(b));
}

/* Slot holding a name equal to name, or the empty slot where it belongs. */
static size_t nameset_probe(const struct pcm_nameset *s, const char *name, uint64_t h)
{
	size_t j;

	for (j = h & s->mask; s->slots[j].name; j = (j + 1) & s->mask)
		if (s->slots[j].hash == h && pcm_name_equal(s->slots[j].name, name))
			break;
	return j;
}

uint32_t pcm_nameset_add(struct pcm_nameset *s, const char *name, uint32_t value)
{
	uint64_t h = pcm_name_hash(name);
	size_t j;

	if ((s->count + 1) * 2 > s->mask + 1)
		nameset_grow(s);
	j = nameset_probe(s, name, h);
	if (s->slots[j].name)
		return s->slots[j].value;
	s->slots[j].hash = h;
	s->slots[j].name = name;
	s->slots[j].value = value;
	s->count++;
	return UINT32_MAX;
}

uint32_t pcm_nameset_find(const struct pcm_nameset *s, const char *name)
{
	size_t j;

	if (!s->count)
		return UINT32_MAX;  /* no hash to compute (no target items: the usual case) */
	j = nameset_probe(s, name, pcm_name_hash(name));

	return s->slots[j].name ? s->slots[j].value : UINT32_MAX;
}

void pcm_nameset_free(struct pcm_nameset *s)
{
	if (!s)
		return;
	free(s->slots);
	free(s);
}
