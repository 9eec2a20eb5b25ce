/* Fuzz target: names. Builds a small deployment from the fuzzer's bytes
 * through the row mapping (the same path both sources take), then checks
 * the rules every name passes through: the UTF-16 length, the
 * case-insensitive comparison and its hash, the tree walk and legacy paths.
 *
 * Input: fields separated by NUL bytes. Field 0 is the separator. Every
 * other field is one node: its first byte picks the kind (bit 0: category),
 * the parent among the nodes made so far (bits 1-4), the invite bit (bits
 * 5-6: 0, 1 or NULL) and whether the room is disabled (bit 7); the rest is
 * the node's name. Node ids run 2, 3, ... under the root (nodeID 1). */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include "fuzz.h"
#include "model.h"
#include "rowmap.h"
#include "util.h"

#define NAMES_MAX_NODES 48

struct names_input {
	char *sep;
	size_t nnodes;
	char *name[NAMES_MAX_NODES];
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

	for (i = 0; i < in->nnodes; i++)
		free(in->name[i]);
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
	bool ab = pcm_casefold_equal(a, b);

	FUZZ_CHECK(ab == pcm_casefold_equal(b, a));
	if (ab)
		FUZZ_CHECK(pcm_casefold_hash(a) == pcm_casefold_hash(b));
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
	if (ok && pcm_rowmap_finish(m, &err) == 0)
		check_tree(d, in.sep);
	else
		FUZZ_CHECK(err.set && err.text[0]);
	pcm_rowmap_free(m);
	pcm_deployment_free(d);
	names_free(&in);
	return 0;
}
