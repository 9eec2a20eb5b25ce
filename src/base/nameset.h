/* SPDX-License-Identifier: MIT */
/* A set of names compared as the target database compares them (R3): case-
 * insensitively, as the default SQL Server collation (CI_AS) does, and
 * with trailing spaces ignored, as SQL Server always does. Hash lookups, so collision detection over
 * every room stays O(n). The set keeps pointers: the names must outlive it. */
#ifndef PCM_NAMESET_H
#define PCM_NAMESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pcm_nameset;

/* The comparison itself, for one pair of names; equal names hash alike. */
bool pcm_name_equal(const char *a, const char *b);
uint64_t pcm_name_hash(const char *name);

struct pcm_nameset *pcm_nameset_new(size_t expected);
/* Adds name with value unless an equal name is there. Returns the value
 * stored under the equal name, or UINT32_MAX when name was new. */
uint32_t pcm_nameset_add(struct pcm_nameset *s, const char *name, uint32_t value);
/* Value stored under a name equal to this one, or UINT32_MAX. */
uint32_t pcm_nameset_find(const struct pcm_nameset *s, const char *name);
void pcm_nameset_free(struct pcm_nameset *s);

#endif
