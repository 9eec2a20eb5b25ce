/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "model/model.h"
#include "base/timeconv.h"
#include "base/util.h"

struct pcm_deployment *pcm_deployment_new(void)
{
	struct pcm_deployment *d = pcm_xcalloc(1, sizeof *d);

	d->arena = pcm_arena_new();
	d->node_ids = pcm_idmap_new();
	d->prin_ids = pcm_idmap_new();
	d->root = PCM_NONE;
	d->counting.per_day = true;
	d->counting.keep_links = true;
	return d;
}

void pcm_deployment_free(struct pcm_deployment *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nodes.n; i++)
		free(d->nodes.v[i].stats.days);
	free(d->nodes.v);
	free(d->parents_first);
	free(d->principals.v);
	free(d->ptypes.v);
	free(d->rtypes.v);
	free(d->roles.v);
	free(d->scopes.v);
	free(d->affiliations.v);
	free(d->addins.v);
	free(d->invites.v);
	free(d->files.v);
	free(d->backups.v);
	pcm_idmap_free(d->node_ids);
	pcm_idmap_free(d->prin_ids);
	pcm_arena_free(d->arena);
	free(d);
}

uint32_t pcm_node_index(const struct pcm_deployment *d, int32_t node_id)
{
	return pcm_idmap_get(d->node_ids, node_id);
}

uint32_t pcm_principal_index(const struct pcm_deployment *d, int32_t prin_id)
{
	return pcm_idmap_get(d->prin_ids, prin_id);
}

uint32_t pcm_principal_by_uri(const struct pcm_deployment *d, const char *uri)
{
	size_t i;

	for (i = 0; i < d->principals.n; i++)
		if (d->principals.v[i].uri && pcm_casefold_equal(d->principals.v[i].uri, uri))
			return (uint32_t)i;
	return PCM_NONE;
}

uint32_t pcm_tree_next(const struct pcm_deployment *d, uint32_t top, uint32_t n)
{
	const struct pcm_node *nodes = d->nodes.v;

	if (nodes[n].first_child != PCM_NONE)
		return nodes[n].first_child;
	while (n != top) {
		if (nodes[n].next_sibling != PCM_NONE)
			return nodes[n].next_sibling;
		n = nodes[n].parent;
	}
	return PCM_NONE;
}

size_t pcm_count_rooms(const struct pcm_deployment *d, uint32_t top)
{
	size_t rooms = 0;
	uint32_t n;

	for (n = top; n != PCM_NONE; n = pcm_tree_next(d, top, n))
		rooms += !d->nodes.v[n].is_category;
	return rooms;
}

char *pcm_node_path(const struct pcm_deployment *d, uint32_t n, const char *sep)
{
	size_t len = 0, seplen = strlen(sep), depth = 0;
	uint32_t k;
	char *out, *p;

	if (n == d->root || d->nodes.v[n].depth == 0)
		return pcm_xstrdup(d->nodes.v[n].name);
	for (k = n; k != PCM_NONE && d->nodes.v[k].depth > 0; k = d->nodes.v[k].parent) {
		len += strlen(d->nodes.v[k].name);
		depth++;
	}
	len += (depth - 1) * seplen;
	out = pcm_xmalloc(len + 1);
	p = out + len;
	*p = '\0';
	for (k = n; k != PCM_NONE && d->nodes.v[k].depth > 0; k = d->nodes.v[k].parent) {
		size_t l = strlen(d->nodes.v[k].name);
		p -= l;
		memcpy(p, d->nodes.v[k].name, l);
		if (p > out) {
			p -= seplen;
			memcpy(p, sep, seplen);
		}
	}
	return out;
}

uint32_t pcm_node_lookup(const struct pcm_deployment *d, const char *key, const char *sep)
{
	int64_t id;
	size_t i;

	if (pcm_parse_i64(key, INT32_MIN, INT32_MAX, &id)) {
		uint32_t n = pcm_node_index(d, (int32_t)id);
		if (n != PCM_NONE)
			return n;
	}
	/* Paths are looked up rarely (command line): a linear scan is fine. */
	for (i = 0; i < d->nodes.n; i++) {
		char *p = pcm_node_path(d, (uint32_t)i, sep);
		bool same = strcmp(p, key) == 0;
		free(p);
		if (same)
			return (uint32_t)i;
	}
	return PCM_NONE;
}

uint64_t pcm_room_messages_before(const struct pcm_deployment *d, const struct pcm_node *room,
                                  int64_t cutoff_ticks)
{
	const struct pcm_room_stats *s = &room->stats;
	int32_t cut_day = pcm_ticks_day(cutoff_ticks);
	size_t lo = 0, hi = s->ndays;
	uint64_t total = 0;
	size_t i;

	if (s->messages == 0 || cutoff_ticks <= s->first_ticks)
		return 0;
	if (cutoff_ticks > s->last_ticks)
		return s->messages;
	if (d->counting.has_cutoff && cutoff_ticks == d->counting.cutoff_ticks)
		return s->before_cutoff;
	/* binary search the first bucket at or after the cutoff's day */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->days[mid].day < cut_day)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = 0; i < lo; i++)
		total += s->days[i].count;
	return total;
}

/* A backupset row that proves a full backup of this database: type D, not
 * damaged; copy-only counts (R1). */
static bool is_usable_full(const struct pcm_deployment *d, const struct pcm_backup *b)
{
	if (b->type != 'D' || b->damaged)
		return false;
	if (d->info.database && b->database && !pcm_casefold_equal(d->info.database, b->database))
		return false;
	return true;
}

uint32_t pcm_newest_full_backup(const struct pcm_deployment *d)
{
	uint32_t best = PCM_NONE;
	size_t i;

	for (i = 0; i < d->backups.n; i++) {
		const struct pcm_backup *b = &d->backups.v[i];
		if (is_usable_full(d, b) &&
		    (best == PCM_NONE || b->finish_ticks > d->backups.v[best].finish_ticks))
			best = (uint32_t)i;
	}
	return best;
}
