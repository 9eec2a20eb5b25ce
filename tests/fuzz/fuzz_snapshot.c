/* SPDX-License-Identifier: MIT */
/* Fuzz target: the snapshot reader. The fuzzer's bytes are written to a
 * temporary file (the reader takes a path) and read the way every command
 * reads a snapshot: open, load (guard, RELAX NG, row mapping), then the
 * message iterators, all rooms at once and room by room. A file that
 * loads must stream exactly the messages it counted, in (channelId,
 * chatId) order, and survive flattening and every check. A file that does
 * not load must say why. Nothing may crash, leak or hang. */
#include "config.h"
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "rules/checks.h"
#include "rules/flatten.h"
#include "fuzz.h"
#include "model/model.h"
#include "rules/plan.h"
#include "source/source.h"
#include "base/util.h"

static char snapshot_path[64];
static char *snapshot_spec;

/* Removes the scratch file when the process ends. */
static void snapshot_cleanup(void)
{
	if (snapshot_path[0])
		unlink(snapshot_path);
	free(snapshot_spec);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	(void)argc;
	(void)argv;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
#ifdef FUZZ_DATADIR
	/* the schema: the source tree's data/ unless the caller chose one */
	setenv("PCMIGRATE_DATADIR", FUZZ_DATADIR, 0);
#endif
	snprintf(snapshot_path, sizeof snapshot_path, "/tmp/pcm-fuzz-snapshot-XXXXXX");
	fd = mkstemp(snapshot_path);
	if (fd < 0) {
		perror("mkstemp");
		abort();
	}
	close(fd);
	snapshot_spec = pcm_xasprintf("snapshot:%s", snapshot_path);
	atexit(snapshot_cleanup);
	return 0;
}

/* Replaces the scratch file's content with the input. */
static void write_input(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(snapshot_path, "wb");

	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp)) {
		perror(snapshot_path);
		abort();
	}
}

/* Streams messages of one room (or all) since `since`; returns how many,
 * checking order and the cutoff. -1 if the iterator reported an error. */
static long long stream(struct pcm_source *src, const struct pcm_deployment *d, uint32_t room,
                        int64_t since)
{
	struct pcm_error err = { 0 };
	struct pcm_msg_iter *it = pcm_source_messages(src, d, room, since, &err);
	struct pcm_message msg;
	int32_t last_channel = INT32_MIN;
	int64_t last_chat = INT64_MIN;
	long long count = 0;
	int rc;

	if (!it) {
		FUZZ_CHECK(err.set);
		return -1;
	}
	while ((rc = pcm_msg_next(src, it, &msg, &err)) == 1) {
		FUZZ_CHECK(msg.content != NULL);
		FUZZ_CHECK(msg.date_ticks >= since);
		if (room != PCM_ALL_ROOMS)
			FUZZ_CHECK(msg.room == room);
		FUZZ_CHECK(msg.room != PCM_NONE && msg.room < d->nodes.n);
		FUZZ_CHECK(msg.channel_id > last_channel ||
		           (msg.channel_id == last_channel && msg.chat_id > last_chat));
		last_channel = msg.channel_id;
		last_chat = msg.chat_id;
		count++;
	}
	pcm_msg_close(src, it);
	if (rc < 0) {
		FUZZ_CHECK(err.set);
		return -1;
	}
	return count;
}

/* A deployment that loaded: messages as counted, structure usable. */
static void check_loaded(struct pcm_source *src, const struct pcm_deployment *d)
{
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_flat flat;
	struct pcm_findings findings;
	long long all, sum = 0, n;
	size_t i, rooms = 0;

	all = stream(src, d, PCM_ALL_ROOMS, 0);
	if (all >= 0)
		FUZZ_CHECK((uint64_t)all == d->messages);
	for (i = 0; i < d->nodes.n && rooms < 8; i++) {
		const struct pcm_node *node = &d->nodes.v[i];
		if (node->is_category)
			continue;
		rooms++;
		n = stream(src, d, (uint32_t)i, 0);
		if (n >= 0) {
			FUZZ_CHECK((uint64_t)n == node->stats.messages);
			sum += n;
		}
		if (node->stats.messages > 0) {
			/* since the room's last message: at least that one */
			n = stream(src, d, (uint32_t)i, node->stats.last_ticks);
			FUZZ_CHECK(n != 0);
		}
	}
	(void)sum;
	memset(&flat, 0, sizeof flat);
	FUZZ_CHECK(pcm_flatten(d, p, &flat) == 0);
	pcm_flat_free(&flat);
	pcm_findings_init(&findings);
	pcm_check_all(d, p, &findings);
	pcm_findings_free(&findings);
	pcm_plan_free(p);
}

/* FUZZ_VERBOSE=1: says what became of the input (to write seeds). */
static void verbose(const struct pcm_error *err, const struct pcm_deployment *d)
{
	if (!getenv("FUZZ_VERBOSE"))
		return;
	if (err->set)
		fprintf(stderr, "refused: %s\n", err->text);
	else if (d)
		fprintf(stderr, "loaded: %zu nodes, %llu messages\n", d->nodes.n,
		        (unsigned long long)d->messages);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcm_error err = { 0 };
	struct pcm_source *src;
	struct pcm_deployment *d;

	if (size > 1 << 20)
		return 0;
	write_input(data, size);
	src = pcm_source_open(snapshot_spec, &err);
	if (!src) {
		FUZZ_CHECK(err.set && err.text[0]);
		verbose(&err, NULL);
		return 0;
	}
	d = pcm_deployment_new();
	if (pcm_source_load(src, d, &err) == 0)
		check_loaded(src, d);
	else
		FUZZ_CHECK(err.set && err.text[0]);
	verbose(&err, d);
	pcm_deployment_free(d);
	pcm_source_close(src);
	return 0;
}
