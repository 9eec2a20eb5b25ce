/* SPDX-License-Identifier: MIT */
/* R3 (and R4 for the target categories): the one-level target structure
 * and every final name. See shared/reference/migration-rules.md. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "rules/flatten.h"
#include "base/nameset.h"
#include "base/util.h"

/* A node's own name after the plan's rename, if any. */
static const char *own_name(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t n)
{
	const char *renamed = pcm_plan_rename_of(p, d->nodes.v[n].id);

	return renamed ? renamed : d->nodes.v[n].name;
}

char *pcm_final_category_name(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t cat)
{
	const struct pcm_node *nodes = d->nodes.v;
	const char *sep = pcm_plan_separator(p);
	size_t seplen = strlen(sep), len = 0, parts = 0;
	uint32_t k;
	char *out, *w;

	/* the root (depth 0) names the category of ROOT-ROOM rooms; a
	 * depth-1 category keeps its name */
	if (nodes[cat].depth <= 1)
		return pcm_xstrdup(own_name(d, p, cat));
	/* depth >= 2: the names from depth 1 down to cat, joined by sep;
	 * two passes up the tree: measure, then fill from the end */
	for (k = cat; k != PCM_NONE && nodes[k].depth >= 1; k = nodes[k].parent) {
		len += strlen(own_name(d, p, k));
		parts++;
	}
	len += (parts - 1) * seplen;
	out = pcm_xmalloc(len + 1);
	w = out + len;
	*w = '\0';
	for (k = cat; k != PCM_NONE && nodes[k].depth >= 1; k = nodes[k].parent) {
		const char *name = own_name(d, p, k);
		size_t l = strlen(name);
		w -= l;
		memcpy(w, name, l);
		if (w > out) {
			w -= seplen;
			memcpy(w, sep, seplen);
		}
	}
	return out;
}

/* Final room name from its category's final name (already computed). */
static char *room_name_in(const struct pcm_deployment *d, const struct pcm_plan *p,
                          uint32_t cat, const char *cat_name, const char *name)
{
	const char *sep = pcm_plan_separator(p);
	size_t lc, ls, ln;
	char *out;

	/* rooms under the root or a depth-1 category keep their name */
	if (cat == PCM_NONE || d->nodes.v[cat].depth <= 1)
		return pcm_xstrdup(name);
	/* cat_name + sep + name, written out: one per room */
	lc = strlen(cat_name);
	ls = strlen(sep);
	ln = strlen(name);
	out = pcm_xmalloc(lc + ls + ln + 1);
	memcpy(out, cat_name, lc);
	memcpy(out + lc, sep, ls);
	memcpy(out + lc + ls, name, ln + 1);
	return out;
}

char *pcm_final_room_name(const struct pcm_deployment *d, const struct pcm_plan *p,
                          uint32_t room, const char *name)
{
	uint32_t cat = d->nodes.v[room].parent;
	char *cat_name, *out;

	if (cat == PCM_NONE || d->nodes.v[cat].depth <= 1)
		return pcm_xstrdup(name);
	cat_name = pcm_final_category_name(d, p, cat);
	out = room_name_in(d, p, cat, cat_name, name);
	free(cat_name);
	return out;
}

bool pcm_effective_invite(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t node)
{
	const struct pcm_node *nodes = d->nodes.v;
	uint32_t k = node;

	if (!nodes[k].is_category)
		k = nodes[k].parent;
	for (; k != PCM_NONE; k = nodes[k].parent) {
		if (pcm_plan_category_invite(p, nodes[k].id) == 1)
			return true;
		if (nodes[k].invite != PCM_NULL)
			return nodes[k].invite == PCM_ON;
	}
	return PCM_ROOT_INVITE_DEFAULT;
}

bool pcm_effective_file_post(const struct pcm_deployment *d, uint32_t node)
{
	const struct pcm_node *nodes = d->nodes.v;
	uint32_t k = node;

	if (!nodes[k].is_category)
		k = nodes[k].parent;
	for (; k != PCM_NONE; k = nodes[k].parent)
		if (nodes[k].file_post != PCM_NULL)
			return nodes[k].file_post == PCM_ON;
	return PCM_ROOT_FILE_POST_DEFAULT;
}

bool pcm_effective_logged(const struct pcm_deployment *d, uint32_t node)
{
	const struct pcm_node *nodes = d->nodes.v;
	uint32_t k = node;

	if (!nodes[k].is_category)
		k = nodes[k].parent;
	for (; k != PCM_NONE; k = nodes[k].parent)
		if (nodes[k].logged != PCM_NULL)
			return nodes[k].logged == PCM_ON;
	return PCM_ROOT_LOGGED_DEFAULT;
}

/* One pass, parents first (model.h), so the target categories get theirs
 * in O(n) even in a deep tree. */
void pcm_effective_values(const struct pcm_deployment *d, const struct pcm_plan *p,
                          bool *invite, bool *file_post)
{
	size_t i;

	for (i = 0; d->parents_first && i < d->nodes.n; i++) {
		uint32_t n = d->parents_first[i];
		const struct pcm_node *node = &d->nodes.v[n];
		uint32_t up = node->parent;
		bool inv = up == PCM_NONE ? PCM_ROOT_INVITE_DEFAULT : invite[up];
		bool fp = up == PCM_NONE || !file_post ? PCM_ROOT_FILE_POST_DEFAULT : file_post[up];

		if (node->is_category) {
			if (pcm_plan_category_invite(p, node->id) == 1)
				inv = true;
			else if (node->invite != PCM_NULL)
				inv = node->invite == PCM_ON;
			if (node->file_post != PCM_NULL)
				fp = node->file_post == PCM_ON;
		}
		invite[n] = inv;
		if (file_post)
			file_post[n] = fp;
	}
}

/* Marks groups of equal names (case-insensitive): for each name, how many
 * share it and one other member. One hash pass, O(n). */
static void mark_collisions(char **names, size_t n, uint32_t *counts, uint32_t *twins)
{
	struct pcm_nameset *set = pcm_nameset_new(n);
	uint32_t *leader = pcm_xmalloc((n ? n : 1) * sizeof *leader);
	uint32_t *second = pcm_xmalloc((n ? n : 1) * sizeof *second);
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t first = pcm_nameset_add(set, names[i], (uint32_t)i);
		leader[i] = first == UINT32_MAX ? (uint32_t)i : first;
		counts[i] = 0;
		second[i] = PCM_NONE;
	}
	for (i = 0; i < n; i++) {
		counts[leader[i]]++;
		if (leader[i] != i && second[leader[i]] == PCM_NONE)
			second[leader[i]] = (uint32_t)i;
	}
	for (i = 0; i < n; i++) {
		uint32_t l = leader[i];
		counts[i] = counts[l];
		twins[i] = counts[l] < 2 ? PCM_NONE : (l == i ? second[l] : l);
	}
	free(second);
	free(leader);
	pcm_nameset_free(set);
}

int pcm_flatten(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_flat *out)
{
	size_t nn = d->nodes.n ? d->nodes.n : 1, i;
	uint32_t *cat_target = pcm_xmalloc(nn * sizeof *cat_target);
	bool *invite = pcm_xcalloc(nn, sizeof *invite);
	bool *file_post = pcm_xcalloc(nn, sizeof *file_post);
	char **names;
	uint32_t *counts, *twins, n;

	memset(out, 0, sizeof *out);
	out->room_of_node = pcm_xmalloc(nn * sizeof *out->room_of_node);
	for (i = 0; i < nn; i++)
		out->room_of_node[i] = cat_target[i] = PCM_NONE;
	if (d->root == PCM_NONE)
		goto done;
	pcm_effective_values(d, p, invite, file_post);

	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *node = &d->nodes.v[n];
		struct pcm_target_room *room;
		uint32_t cat = node->parent;

		if (node->is_category || cat == PCM_NONE || !pcm_room_migrated(d, p, n))
			continue;
		if (cat_target[cat] == PCM_NONE) {
			struct pcm_target_category *tc = PCM_VEC_PUSH(out->categories);
			tc->legacy = cat;
			tc->name = pcm_final_category_name(d, p, cat);
			tc->units = pcm_utf16_length(tc->name);
			tc->invitations = invite[cat];
			tc->file_upload = file_post[cat];
			cat_target[cat] = (uint32_t)(out->categories.n - 1);
		}
		room = PCM_VEC_PUSH(out->rooms);
		room->node = n;
		room->category = cat_target[cat];
		room->name = room_name_in(d, p, cat, out->categories.v[cat_target[cat]].name,
		                          own_name(d, p, n));
		room->units = pcm_utf16_length(room->name);
		room->under_root = cat == d->root;
		out->room_of_node[n] = (uint32_t)(out->rooms.n - 1);
	}

	/* R3: collisions among rooms (the whole pool) and among categories */
	names = pcm_xmalloc((out->rooms.n + 1) * sizeof *names);
	counts = pcm_xmalloc((out->rooms.n + 1) * sizeof *counts);
	twins = pcm_xmalloc((out->rooms.n + 1) * sizeof *twins);
	for (i = 0; i < out->rooms.n; i++)
		names[i] = out->rooms.v[i].name;
	mark_collisions(names, out->rooms.n, counts, twins);
	for (i = 0; i < out->rooms.n; i++) {
		out->rooms.v[i].same_count = counts[i];
		out->rooms.v[i].twin = twins[i];
	}
	free(names);
	free(counts);
	free(twins);
	names = pcm_xmalloc((out->categories.n + 1) * sizeof *names);
	counts = pcm_xmalloc((out->categories.n + 1) * sizeof *counts);
	twins = pcm_xmalloc((out->categories.n + 1) * sizeof *twins);
	for (i = 0; i < out->categories.n; i++)
		names[i] = out->categories.v[i].name;
	mark_collisions(names, out->categories.n, counts, twins);
	for (i = 0; i < out->categories.n; i++) {
		out->categories.v[i].same_count = counts[i];
		out->categories.v[i].twin = twins[i];
	}
	free(names);
	free(counts);
	free(twins);
done:
	free(cat_target);
	free(invite);
	free(file_post);
	return 0;
}

void pcm_flat_free(struct pcm_flat *f)
{
	size_t i;

	for (i = 0; i < f->categories.n; i++)
		free(f->categories.v[i].name);
	free(f->categories.v);
	for (i = 0; i < f->rooms.n; i++)
		free(f->rooms.v[i].name);
	free(f->rooms.v);
	free(f->room_of_node);
	memset(f, 0, sizeof *f);
}
