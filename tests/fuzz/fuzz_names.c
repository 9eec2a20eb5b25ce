/* SPDX-License-Identifier: MIT */
/* Fuzz target: names. Builds a small deployment from the fuzzer's bytes
 * through the row mapping (the same path both sources take), then checks
 * the rules every name passes through: the UTF-16 length, the
 * case-insensitive comparison and its hash, the tree walk and legacy paths.
 *
 * Input: fields separated by NUL bytes. Field 0 is the separator. Every
 * other field is one node: its first byte picks the kind (bit 0: category),
 * the parent among the nodes made so far (bits 1-4), the invite bit (bits
 * 5-6: 0, 1 or NULL) and whether the room is disabled (bit 7); the rest is
 * the node's name, and after a 0x1F byte, the plan's new name for it (a
 * 0x1E byte there instead marks it disabled by the plan). Node ids run
 * 2, 3, ... under the root (nodeID 1). With the plan's separator set to
 * field 0, flattening must give each migrated room once, with the name
 * pcm_final_room_name gives, its UTF-16 length, and collision counts equal
 * to a quadratic recount; the checks must run clean (sanitizers). */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include "rules/checks.h"
#include "rules/flatten.h"
#include "fuzz.h"
#include "model/model.h"
#include "rules/plan.h"
#include "source/rowmap.h"
#include "base/nameset.h"
#include "base/util.h"

#define NAMES_MAX_NODES 48

struct names_input {
	char *sep;
	size_t nnodes;
	char *name[NAMES_MAX_NODES];
	char *rename[NAMES_MAX_NODES];      /* NULL: no decision */
	bool plan_disabled[NAMES_MAX_NODES];
	unsigned char flags[NAMES_MAX_NODES];
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* towlower folds non-ASCII letters only under a UTF-8 LC_CTYPE, as in
	 * the program (main calls setlocale(LC_ALL, "")). */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
	return 0;
}

/* "name\x1Fnew" is a rename decision, "name\x1E" a plan disable. */
static void split_decision(struct names_input *in, size_t k)
{
	char *mark = strpbrk(in->name[k], "\x1E\x1F");

	if (!mark)
		return;
	if (*mark == 0x1F)
		in->rename[k] = pcm_xstrdup(mark + 1);
	else
		in->plan_disabled[k] = true;
	*mark = '\0';
}

/* Splits data at NUL bytes into the separator and node fields. */
static void names_split(const uint8_t *data, size_t size, struct names_input *in)
{
	size_t start = 0, i, field = 0;

	memset(in, 0, sizeof *in);
	for (i = 0; i <= size && in->nnodes < NAMES_MAX_NODES; i++) {
		if (i < size && data[i] != 0)
			continue;
		if (field == 0) {
			in->sep = pcm_xmalloc(i - start + 1);
			memcpy(in->sep, data + start, i - start);
			in->sep[i - start] = '\0';
		} else if (i > start) {
			size_t k = in->nnodes++;
			in->flags[k] = data[start];
			in->name[k] = pcm_xmalloc(i - start);
			memcpy(in->name[k], data + start + 1, i - start - 1);
			in->name[k][i - start - 1] = '\0';
			split_decision(in, k);
		}
		field++;
		start = i + 1;
	}
	if (!in->sep)
		in->sep = pcm_xstrdup("");
}

static void names_free(struct names_input *in)
{
	size_t i;

	for (i = 0; i < in->nnodes; i++) {
		free(in->name[i]);
		free(in->rename[i]);
	}
	free(in->sep);
}

/* UTF-16 units of valid UTF-8, counted independently of util.c: one unit
 * per lead byte, two for a 4-byte sequence. */
static long oracle_utf16(const char *s)
{
	long units = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xC0) != 0x80)
			units += (c >= 0xF0) ? 2 : 1;
	}
	return units;
}

/* The length and folding rules on one string. */
static void check_string(const char *s)
{
	long units = pcm_utf16_length(s);
	bool valid = pcm_utf8_valid(s, strlen(s));

	FUZZ_CHECK(valid == (units >= 0));
	if (valid)
		FUZZ_CHECK(units == oracle_utf16(s));
	FUZZ_CHECK(pcm_casefold_equal(s, s));
}

/* Equal names (as the collation compares) must hash alike, or the
 * collision check misses them; equality must be symmetric. */
static void check_pair(const char *a, const char *b)
{
	bool ab = pcm_name_equal(a, b);

	FUZZ_CHECK(ab == pcm_name_equal(b, a));
	if (ab)
		FUZZ_CHECK(pcm_name_hash(a) == pcm_name_hash(b));
	if (!strcmp(a, b))
		FUZZ_CHECK(ab);
}

/* Adds one tblNode row through the row mapping. */
static int add_node(struct pcm_rowmap *m, int32_t id, int32_t parent, bool category,
                    const char *name, int invite, bool disabled, struct pcm_error *err)
{
	char idbuf[16], parentbuf[16];
	const char *names[7] = { "nodeID", "parentID", "nodeType", "nodeName", "disabled",
	                         "nodeDesc", "invite" };
	const char *values[7];
	struct pcm_row row = { "tblNode", 7, names, values, "fuzz.xml:1" };

	snprintf(idbuf, sizeof idbuf, "%d", (int)id);
	snprintf(parentbuf, sizeof parentbuf, "%d", (int)parent);
	values[0] = idbuf;
	values[1] = parentbuf;
	values[2] = category ? "1" : "0";
	values[3] = name;
	values[4] = disabled ? "1" : "0";
	values[5] = "";
	values[6] = invite == 0 ? "0" : invite == 1 ? "1" : NULL;
	return pcm_rowmap_add(m, &row, err);
}

/* The tree the mapping built: the walk visits every node once, depths
 * follow parents, and a node's legacy path finds a node with that path. */
static void check_tree(const struct pcm_deployment *d, const char *sep)
{
	size_t visited = 0;
	uint32_t n;

	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *node = &d->nodes.v[n];
		visited++;
		FUZZ_CHECK(visited <= d->nodes.n);
		if (n == d->root) {
			FUZZ_CHECK(node->depth == 0);
			continue;
		}
		FUZZ_CHECK(node->parent != PCM_NONE);
		FUZZ_CHECK(node->depth == d->nodes.v[node->parent].depth + 1);
		FUZZ_CHECK(d->nodes.v[node->parent].is_category);
		if (*sep) {
			char *path = pcm_node_path(d, n, sep);
			uint32_t found = pcm_node_lookup(d, path, sep);
			int64_t id;
			FUZZ_CHECK(found != PCM_NONE);
			if (found != n && !pcm_parse_i64(path, INT32_MIN, INT32_MAX, &id)) {
				char *other = pcm_node_path(d, found, sep);
				FUZZ_CHECK(!strcmp(other, path));
				free(other);
			}
			free(path);
		}
	}
	FUZZ_CHECK(visited == d->nodes.n);
	FUZZ_CHECK(pcm_count_rooms(d, d->root) <= d->nodes.n);
}

/* How many names of the list equal names[i] as the collation compares. */
static uint32_t recount(char *const *names, size_t n, size_t i)
{
	uint32_t same = 0;
	size_t j;

	for (j = 0; j < n; j++)
		same += pcm_name_equal(names[i], names[j]);
	return same;
}

/* The flattened structure against the rules it must keep. */
static void check_flat(const struct pcm_deployment *d, const struct pcm_plan *p,
                       const struct pcm_flat *f)
{
	char **names = pcm_xcalloc(f->rooms.n + f->categories.n + 1, sizeof *names);
	size_t i, migrated = 0;

	for (i = 0; i < d->nodes.n; i++)
		if (pcm_room_migrated(d, p, (uint32_t)i)) {
			uint32_t r = f->room_of_node[i];
			FUZZ_CHECK(r != PCM_NONE && r < f->rooms.n && f->rooms.v[r].node == i);
			migrated++;
		} else {
			FUZZ_CHECK(f->room_of_node[i] == PCM_NONE);
		}
	FUZZ_CHECK(migrated == f->rooms.n);
	for (i = 0; i < f->rooms.n; i++) {
		const struct pcm_target_room *r = &f->rooms.v[i];
		const struct pcm_node *node = &d->nodes.v[r->node];
		const char *own = pcm_plan_rename_of(p, node->id);
		char *again;
		size_t ln, lo;

		if (!own)
			own = node->name;
		again = pcm_final_room_name(d, p, r->node, own);
		FUZZ_CHECK(!strcmp(again, r->name));
		free(again);
		ln = strlen(r->name);
		lo = strlen(own);
		FUZZ_CHECK(ln >= lo && !strcmp(r->name + ln - lo, own));
		FUZZ_CHECK(r->units == pcm_utf16_length(r->name));
		FUZZ_CHECK(r->category < f->categories.n);
		names[i] = r->name;
	}
	for (i = 0; i < f->rooms.n; i++)
		FUZZ_CHECK(f->rooms.v[i].same_count == recount(names, f->rooms.n, i));
	for (i = 0; i < f->categories.n; i++) {
		const struct pcm_target_category *c = &f->categories.v[i];
		char *again = pcm_final_category_name(d, p, c->legacy);
		FUZZ_CHECK(!strcmp(again, c->name));
		free(again);
		FUZZ_CHECK(c->units == pcm_utf16_length(c->name));
		names[i] = c->name;
	}
	for (i = 0; i < f->categories.n; i++)
		FUZZ_CHECK(f->categories.v[i].same_count == recount(names, f->categories.n, i));
	free(names);
}

/* Decisions from the input, the flattening and every check. */
static void check_plan(const struct pcm_deployment *d, const struct names_input *in)
{
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_flat flat;
	struct pcm_findings findings;
	size_t i;

	if (*in->sep)
		pcm_plan_set_separator(p, in->sep);
	for (i = 0; i < in->nnodes; i++) {
		if (in->rename[i])
			pcm_plan_set_rename(p, (int32_t)(i + 2), in->name[i], in->rename[i]);
		if (in->plan_disabled[i])
			pcm_plan_set_disabled(p, (int32_t)(i + 2), in->name[i], true);
	}
	memset(&flat, 0, sizeof flat);
	FUZZ_CHECK(pcm_flatten(d, p, &flat) == 0);
	check_flat(d, p, &flat);
	pcm_flat_free(&flat);
	pcm_findings_init(&findings);
	pcm_check_all(d, p, &findings);
	for (i = 0; i < findings.list.n; i++)
		FUZZ_CHECK(findings.list.v[i].code && findings.list.v[i].message);
	pcm_findings_free(&findings);
	pcm_plan_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct names_input in;
	struct pcm_deployment *d;
	struct pcm_rowmap *m;
	struct pcm_error err = { 0 };
	size_t i, j;
	bool ok = true;

	if (size > 65536)
		return 0;
	names_split(data, size, &in);
	check_string(in.sep);
	for (i = 0; i < in.nnodes; i++) {
		check_string(in.name[i]);
		for (j = 0; j <= i; j++)
			check_pair(in.name[i], in.name[j]);
	}

	d = pcm_deployment_new();
	m = pcm_rowmap_new(d);
	if (add_node(m, PCM_ROOT_NODE_ID, PCM_ROOT_NODE_ID, true, "Root", 0, false, &err))
		ok = false;
	for (i = 0; ok && i < in.nnodes; i++) {
		unsigned char f = in.flags[i];
		int32_t parent = (int32_t)(1 + ((f >> 1) & 15) % (i + 1));
		int invite = (f >> 5) & 3;
		bool category = f & 1;
		if (add_node(m, (int32_t)(i + 2), parent, category, in.name[i], invite,
		             !category && (f & 0x80), &err))
			ok = false;
	}
	if (ok && pcm_rowmap_finish(m, &err) == 0) {
		check_tree(d, in.sep);
		check_plan(d, &in);
	} else
		FUZZ_CHECK(err.set && err.text[0]);
	pcm_rowmap_free(m);
	pcm_deployment_free(d);
	names_free(&in);
	return 0;
}
