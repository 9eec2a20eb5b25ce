/* SPDX-License-Identifier: MIT */
/* snapshot_writer.c: what it writes reads back as the same deployment,
 * message bodies included; nothing appears at the target unless commit
 * succeeds; invalid UTF-8 is refused by name (control characters are
 * carried in the pcm1 escape: see test_ctlchars.c). */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "source/source.h"
#include "source/source_snapshot.h"
#include "source/snapshot_writer.h"
#include "base/util.h"

static char dir[] = "/tmp/pcm-writer-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = pcm_xasprintf("rm -rf '%s'", dir);
	int rc;

	(void)state;
	rc = system(cmd);
	free(cmd);
	return rc;
}

static struct pcm_deployment *load(const char *path, struct pcm_source **s)
{
	struct pcm_error err = { 0 };
	struct pcm_deployment *d = pcm_deployment_new();

	*s = pcm_source_open(path, &err);
	if (!*s || pcm_source_load(*s, d, &err) != 0)
		fail_msg("%s: %s", path, err.text);
	return d;
}

static int copy_row(const struct pcm_row *row, void *ctx)
{
	static struct pcm_error err;

	if (pcm_snapshot_writer_row(ctx, row, &err) != 0)
		fail_msg("%s", err.text);
	return 0;
}

/* Every message of every room, as one string, for comparison. */
static char *all_messages(struct pcm_source *s, const struct pcm_deployment *d)
{
	struct pcm_error err = { 0 };
	struct pcm_msg_iter *it = pcm_source_messages(s, d, PCM_ALL_ROOMS, 0, &err);
	struct pcm_message m;
	char *out = pcm_xstrdup(""), *next;

	assert_non_null(it);
	while (pcm_msg_next(s, it, &m, &err) == 1) {
		next = pcm_xasprintf("%s[%d %lld %lld %d %d %s %s]", out, m.channel_id, (long long)m.chat_id,
		                     (long long)m.date_ticks, m.user_id, m.is_alert, m.content,
		                     m.rtf ? m.rtf : "(null)");
		free(out);
		out = next;
	}
	assert_false(err.set);
	pcm_msg_close(s, it);
	return out;
}

/* Copies a snapshot row by row (as `pcmigrate snapshot` does from TDS)
 * and compares the two deployments. */
static void copy_reads_back_the_same(const char *path)
{
	char *src = pcm_xstrdup(path);
	char *dst = pcm_xasprintf("%s/copy.xml", dir), *a, *b;
	struct pcm_error err = { 0 };
	struct pcm_source *s1, *s2;
	struct pcm_deployment *d1 = load(src, &s1), *d2;
	struct pcm_snapshot_writer *w;
	size_t i;

	w = pcm_snapshot_writer_open(dst, &d1->info, &err);
	assert_non_null(w);
	assert_int_equal(access(dst, F_OK), -1);        /* not before commit */
	assert_int_equal(pcm_snapshot_each_row(src, copy_row, w, &err), 0);
	assert_int_equal(pcm_snapshot_writer_commit(w, &err), 0);
	d2 = load(dst, &s2);

	assert_string_equal(d2->info.server, d1->info.server);
	assert_string_equal(d2->info.database, d1->info.database);
	assert_string_equal(d2->info.taken_at, d1->info.taken_at);
	assert_int_equal(d2->info.utc_offset_minutes, d1->info.utc_offset_minutes);
	if (d1->info.lookup_server_uri)
		assert_string_equal(d2->info.lookup_server_uri, d1->info.lookup_server_uri);
	assert_int_equal(d2->nodes.n, d1->nodes.n);
	for (i = 0; i < d1->nodes.n; i++) {
		const struct pcm_node *x = &d1->nodes.v[i], *y = &d2->nodes.v[i];
		assert_int_equal(x->id, y->id);
		assert_string_equal(x->name, y->name);
		assert_int_equal(x->parent, y->parent);
		assert_int_equal(x->invite, y->invite);
		assert_int_equal(x->disabled, y->disabled);
		assert_int_equal(x->stats.messages, y->stats.messages);
		assert_true(x->stats.first_ticks == y->stats.first_ticks);
	}
	assert_int_equal(d2->principals.n, d1->principals.n);
	for (i = 0; i < d1->principals.n; i++) {
		assert_string_equal(d2->principals.v[i].uri, d1->principals.v[i].uri);
		assert_int_equal(d2->principals.v[i].kind, d1->principals.v[i].kind);
	}
	assert_int_equal(d2->roles.n, d1->roles.n);
	assert_int_equal(d2->scopes.n, d1->scopes.n);
	assert_int_equal(d2->affiliations.n, d1->affiliations.n);
	assert_int_equal(d2->addins.n, d1->addins.n);
	assert_int_equal(d2->invites.n, d1->invites.n);
	assert_int_equal(d2->files.n, d1->files.n);
	assert_int_equal(d2->backups.n, d1->backups.n);
	for (i = 0; i < d1->backups.n; i++)
		assert_true(d2->backups.v[i].finish_ticks == d1->backups.v[i].finish_ticks);
	assert_int_equal(d2->messages, d1->messages);
	a = all_messages(s1, d1);
	b = all_messages(s2, d2);
	assert_string_equal(a, b);
	free(a);
	free(b);
	pcm_source_close(s1);
	pcm_source_close(s2);
	pcm_deployment_free(d1);
	pcm_deployment_free(d2);
	unlink(dst);
	free(src);
	free(dst);
}

static void small_fixture_round_trips(void **state)
{
	char *path = pcm_xasprintf("%s/tests/data/snapshot/small.xml", getenv("top_srcdir"));

	(void)state;
	copy_reads_back_the_same(path);
	free(path);
}

static void sample_round_trips(void **state)
{
	(void)state;
	copy_reads_back_the_same(pcm_sample_path());
}

/* Abort leaves the target as it was; a refused value names the row. */
static void abort_and_refusals(void **state)
{
	char *dst = pcm_xasprintf("%s/keep.xml", dir);
	struct pcm_source_info info = { .server = "S", .database = "D", .taken_at = "2013-02-01T09:00:00Z" };
	const char *names[] = { "channelId", "chatId", "chatDate", "userId", "content" };
	const char *values[] = { "20", "1", "634925952000000000", "10", "overlong \xC0\xAF" };
	struct pcm_row row = { "tblChat", 5, names, values, "tds row 7" };
	struct pcm_error err = { 0 };
	struct pcm_snapshot_writer *w;
	FILE *fp = fopen(dst, "w");
	char buf[64] = "";

	(void)state;
	fputs("old contents\n", fp);
	fclose(fp);
	w = pcm_snapshot_writer_open(dst, &info, &err);
	assert_non_null(w);
	assert_int_equal(pcm_snapshot_writer_row(w, &row, &err), -1);
	assert_string_equal(err.text, "tds row 7: tblChat content holds invalid UTF-8, which a "
	                              "snapshot cannot carry");
	pcm_error_clear(&err);
	row.table = "tblNope";
	assert_int_equal(pcm_snapshot_writer_row(w, &row, &err), -1);
	assert_string_equal(err.text, "tds row 7: unknown table tblNope");
	pcm_snapshot_writer_abort(w);
	fp = fopen(dst, "r");
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "old contents\n");
	unlink(dst);
	free(dst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_fixture_round_trips),
		cmocka_unit_test(sample_round_trips),
		cmocka_unit_test(abort_and_refusals),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
