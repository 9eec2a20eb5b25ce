/* SPDX-License-Identifier: MIT */
/* The snapshot reader (source_snapshot.c, snapshot_scan.c) on small
 * fixtures, the sqlcmd output shape, the bundled sample, invalid
 * snapshots (exact message and line each), the message iterator, and
 * memory that does not grow with messages. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>
#include "base/sha256.h"
#include "source/source.h"
#include "source/source_snapshot.h"
#include "base/timeconv.h"
#include "base/util.h"

static const char *srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s && *s ? s : ".";
}

static char *fixture(const char *dir, const char *name)
{
	return pcm_xasprintf("%s/tests/data/%s/%s", srcdir(), dir, name);
}

/* Loads path; returns the deployment and the open source, or fails the test. */
static struct pcm_deployment *load_ok(const char *path, struct pcm_source **src)
{
	struct pcm_error err = { 0 };
	struct pcm_deployment *d = pcm_deployment_new();
	struct pcm_source *s = pcm_source_open(path, &err);

	if (!s || pcm_source_load(s, d, &err) != 0)
		fail_msg("loading %s: %s", path, err.text);
	*src = s;
	return d;
}

/* Loads path expecting failure; returns the message (static buffer). */
static const char *load_error(const char *path)
{
	static struct pcm_error err;
	struct pcm_deployment *d = pcm_deployment_new();
	struct pcm_source *s;

	pcm_error_clear(&err);
	s = pcm_source_open(path, &err);
	if (s) {
		assert_int_equal(pcm_source_load(s, d, &err), -1);
		pcm_source_close(s);
	}
	pcm_deployment_free(d);
	assert_true(err.set);
	return err.text;
}

static uint32_t node(const struct pcm_deployment *d, int32_t id)
{
	uint32_t n = pcm_node_index(d, id);
	assert_int_not_equal(n, PCM_NONE);
	return n;
}

static void file_sha256(const char *path, char out[65], uint64_t *size)
{
	struct pcm_sha256 c;
	char buf[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");

	assert_non_null(fp);
	*size = 0;
	pcm_sha256_init(&c);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		pcm_sha256_update(&c, buf, n);
		*size += n;
	}
	fclose(fp);
	pcm_sha256_final_hex(&c, out);
}

/* ---- the small fixture, field by field ---- */

static void small_fixture_loads(void **state)
{
	char *path = fixture("snapshot", "small.xml"), hex[65], *p;
	struct pcm_source *s;
	struct pcm_deployment *d = load_ok(path, &s);
	const struct pcm_node *daily;
	uint64_t size;
	int64_t t;

	(void)state;
	assert_string_equal(d->info.server, "SQL01\\GROUPCHAT");
	assert_string_equal(d->info.database, "GroupChatDB");
	assert_string_equal(d->info.taken_at, "2013-02-01T09:00:00Z");
	assert_string_equal(d->info.lookup_server_uri, "sip:ocschat@contoso.com");
	assert_int_equal(d->info.utc_offset_minutes, 540);
	assert_string_equal(d->info.kind, "snapshot");
	assert_string_equal(d->info.location, path);
	file_sha256(path, hex, &size);
	assert_string_equal(d->info.sha256, hex);
	assert_int_equal(d->info.size, size);

	assert_int_equal(d->nodes.n, 7);
	assert_int_equal(d->root, node(d, 1));
	daily = &d->nodes.v[node(d, 20)];
	assert_int_equal(daily->depth, 3);
	assert_false(daily->is_category);
	assert_string_equal(daily->topic, "stand-up");
	assert_int_equal(daily->visibility, PCM_VIS_OPEN);
	p = pcm_node_path(d, node(d, 20), "/");
	assert_string_equal(p, "Sales/\xEC\x98\x81\xEC\x97\x85 1\xED\x8C\x80/daily");
	free(p);
	assert_int_equal(d->nodes.v[node(d, 3)].invite, PCM_ON);
	assert_int_equal(d->nodes.v[node(d, 2)].invite, PCM_NULL);
	assert_int_equal(d->nodes.v[node(d, 21)].behavior, PCM_BEHAVIOR_AUDITORIUM);
	assert_true(d->nodes.v[node(d, 22)].disabled);
	p = pcm_xasprintf("%s:21", path);
	assert_string_equal(d->nodes.v[node(d, 20)].where, p);
	free(p);
	assert_int_equal(pcm_count_rooms(d, d->root), 4);

	assert_int_equal(d->principals.n, 4);
	assert_int_equal(d->principals.v[pcm_principal_index(d, 12)].kind, PCM_PRIN_FEDERATED_USER);
	assert_int_equal(d->principals.v[pcm_principal_index(d, 13)].kind, PCM_PRIN_GROUP);
	assert_int_equal(d->principals.v[pcm_principal_index(d, 10)].kind, PCM_PRIN_USER);
	assert_int_equal(d->roles.n, 3);
	assert_int_equal(d->scopes.n, 1);
	assert_int_equal(d->affiliations.n, 1);
	assert_int_equal(d->addins.n, 1);
	assert_string_equal(d->addins.v[0].name, "Weather");
	assert_int_equal(d->invites.n, 1);

	/* OtherDB's backup is not this database's; times are server local */
	assert_int_equal(d->backups.n, 2);
	assert_int_equal(d->backups.v[0].type, 'D');
	assert_true(pcm_parse_datetime("2013-01-31T14:20:00Z", 0, &t));
	assert_true(d->backups.v[0].finish_ticks == t);
	assert_string_equal(d->backups.v[0].device, "D:\\Backup\\GroupChatDB_full.bak");

	assert_int_equal(d->messages, 6);
	assert_int_equal(daily->stats.messages, 3);
	assert_true(daily->stats.first_ticks == 634925952000000000LL);
	assert_true(daily->stats.last_ticks == 634927680000000000LL);
	assert_int_equal(daily->stats.ndays, 3);
	assert_int_equal(d->nodes.v[node(d, 21)].stats.files, 1);
	assert_int_equal(d->files.n, 1);
	assert_string_equal(d->files.v[0].link, "ma-filelink:///gc.contoso.com/files/plan.docx");
	assert_int_equal(d->nodes.v[node(d, 23)].stats.messages, 0);
	assert_true(d->first_ticks == 634300000000000000LL);

	pcm_source_close(s);
	pcm_deployment_free(d);
	free(path);
}

/* Collects one room's messages as "channel:chat:content" lines. */
static char *room_messages(struct pcm_source *s, const struct pcm_deployment *d, uint32_t room,
                           int64_t since)
{
	struct pcm_error err = { 0 };
	struct pcm_msg_iter *it = pcm_source_messages(s, d, room, since, &err);
	struct pcm_message m;
	char *out = pcm_xstrdup(""), *next;
	int r;

	if (!it)
		fail_msg("iterator: %s", err.text);
	while ((r = pcm_msg_next(s, it, &m, &err)) == 1) {
		next = pcm_xasprintf("%s%d:%lld:%s|", out, m.channel_id, (long long)m.chat_id, m.content);
		free(out);
		out = next;
	}
	if (r < 0)
		fail_msg("iterating: %s", err.text);
	pcm_msg_close(s, it);
	return out;
}

/* The same deployment written four ways: backups after the chat rows
 * (two passes), chat rows last (one pass), the sqlcmd shape (BOM, CRLF,
 * every row of every table on one line), and with comments, processing
 * instructions and '>' or "/>" inside values among the chat rows (the
 * byte ranges the iterator re-reads must still be exact). */
static void layouts_agree(void **state)
{
	static const char *const files[] = { "small.xml", "small-chatlast.xml", "sqlcmd.xml",
	                                     "comments.xml" };
	size_t f;

	(void)state;
	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		char *path = fixture("snapshot", files[f]), *got;
		struct pcm_source *s;
		struct pcm_deployment *d = load_ok(path, &s);

		assert_int_equal(d->nodes.n, 7);
		assert_int_equal(d->principals.n, 4);
		assert_int_equal(d->roles.n, 3);
		assert_int_equal(d->backups.n, 2);
		assert_int_equal(d->messages, 6);
		assert_int_equal(d->nodes.v[node(d, 20)].stats.messages, 3);
		assert_int_equal(d->nodes.v[node(d, 21)].stats.messages, 2);
		assert_int_equal(d->nodes.v[node(d, 22)].stats.messages, 1);
		got = room_messages(s, d, node(d, 20), 0);
		assert_string_equal(got, "20:1:hello|20:2:a <b> & \"c\"\r\nline 2|20:5:\xEC\x95\x88\xEB\x85\x95"
		                         "\xED\x95\x98\xEC\x84\xB8\xEC\x9A\x94|");
		free(got);
		got = room_messages(s, d, node(d, 21), 0);
		assert_string_equal(got, "21:1:see ma-filelink:///gc.contoso.com/files/plan.docx today|21:2:|");
		free(got);
		got = room_messages(s, d, node(d, 23), 0);
		assert_string_equal(got, "");
		free(got);
		got = room_messages(s, d, PCM_ALL_ROOMS, 0);
		assert_int_equal(strlen(got) > 0, 1);
		assert_non_null(strstr(got, "|22:1:old|"));
		assert_true(strstr(got, "21:2:") < strstr(got, "22:1:"));
		free(got);
		pcm_source_close(s);
		pcm_deployment_free(d);
		free(path);
	}
}

/* since_ticks keeps messages at or after it, in chatId order. */
static void iterator_applies_since(void **state)
{
	char *path = fixture("snapshot", "small.xml"), *got;
	struct pcm_source *s;
	struct pcm_deployment *d = load_ok(path, &s);

	(void)state;
	got = room_messages(s, d, node(d, 20), 634926816000000000LL);
	assert_string_equal(got, "20:2:a <b> & \"c\"\r\nline 2|20:5:\xEC\x95\x88\xEB\x85\x95"
	                         "\xED\x95\x98\xEC\x84\xB8\xEC\x9A\x94|");
	free(got);
	got = room_messages(s, d, PCM_ALL_ROOMS, 634927000000000000LL);
	assert_non_null(strstr(got, "20:5:"));
	assert_non_null(strstr(got, "21:2:|"));
	assert_null(strstr(got, "22:1:"));
	assert_null(strstr(got, "20:1:"));
	free(got);
	got = room_messages(s, d, node(d, 22), INT64_MAX);
	assert_string_equal(got, "");
	free(got);
	pcm_source_close(s);
	pcm_deployment_free(d);
	free(path);
}

/* A snapshot changed after loading is refused by the iterator, not
 * misread from stale offsets. */
static void changed_file_is_noticed(void **state)
{
	char *src = fixture("snapshot", "small.xml"), tmp[] = "/tmp/pcm-snapshot-XXXXXX", *want;
	struct pcm_error err = { 0 };
	struct pcm_source *s;
	struct pcm_deployment *d;
	FILE *in, *out;
	char buf[8192];
	size_t n;
	int fd = mkstemp(tmp);

	(void)state;
	assert_true(fd >= 0);
	out = fdopen(fd, "wb");
	in = fopen(src, "rb");
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	fclose(out);
	d = load_ok(tmp, &s);
	out = fopen(tmp, "ab");
	fputs("<!-- edited -->\n", out);
	fclose(out);
	assert_null(pcm_source_messages(s, d, node(d, 20), 0, &err));
	want = pcm_xasprintf("%s: the snapshot changed after it was loaded; load it again", tmp);
	assert_string_equal(err.text, want);
	free(want);
	pcm_source_close(s);
	pcm_deployment_free(d);
	unlink(tmp);
	free(src);
}

/* ---- every row, in file order, for the TDS test server ---- */

struct row_tally {
	size_t rows, chat, backup;
	char first_table[64];
	char first_node_where[256];
};

static int tally_row(const struct pcm_row *row, void *ctx)
{
	struct row_tally *t = ctx;

	if (!t->rows++)
		snprintf(t->first_table, sizeof t->first_table, "%s", row->table);
	t->chat += !strcmp(row->table, "tblChat");
	t->backup += !strcmp(row->table, "backupset");
	if (!strcmp(row->table, "tblNode") && !t->first_node_where[0])
		snprintf(t->first_node_where, sizeof t->first_node_where, "%s", row->where);
	return 0;
}

static int stop_at_third(const struct pcm_row *row, void *ctx)
{
	size_t *n = ctx;
	(void)row;
	return ++*n == 3 ? 7 : 0;
}

static void each_row_visits_every_row(void **state)
{
	char *path = fixture("snapshot", "small.xml"), *where;
	struct row_tally t = { 0 };
	struct pcm_error err = { 0 };
	size_t n = 0;

	(void)state;
	assert_int_equal(pcm_snapshot_each_row(path, tally_row, &t, &err), 0);
	assert_int_equal(t.rows, 34);
	assert_int_equal(t.chat, 6);
	assert_int_equal(t.backup, 3);
	assert_string_equal(t.first_table, "tblPrincipalType");
	where = pcm_xasprintf("%s:18", path);
	assert_string_equal(t.first_node_where, where);
	free(where);
	assert_int_equal(pcm_snapshot_each_row(path, stop_at_third, &n, &err), 7);
	assert_int_equal(n, 3);
	free(path);
	path = fixture("bad", "xxe.xml");
	assert_int_equal(pcm_snapshot_each_row(path, tally_row, &t, &err), -1);
	free(path);
}

/* ---- invalid snapshots: the exact message and line ---- */

struct bad_case {
	const char *file;
	const char *message;        /* after "<path>:" */
};

static const struct bad_case bad_cases[] = {
	{ "malformed.xml", "10: malformed XML: Opening and ending tag mismatch: tblNode line 9 and groupChatSnapshot" },
	{ "invalid-utf8.xml", "9: invalid UTF-8 (byte 0xE9); a snapshot must be UTF-8 text" },
	{ "utf16.xml", "1: the file is UTF-16; a snapshot must be UTF-8 (run sqlcmd with -f o:65001)" },
	{ "latin1.xml", "1: the snapshot declares encoding \"ISO-8859-1\"; a snapshot must be UTF-8 (run sqlcmd with -f o:65001)" },
	{ "nul-byte.xml", "9: NUL byte: a snapshot is UTF-8 text and XML cannot hold U+0000" },
	{ "control-char.xml", "9: malformed XML: xmlParseCharRef: invalid xmlChar value 7" },
	{ "truncated.xml", "9: the file ends before </groupChatSnapshot> (truncated?)" },
	{ "empty.xml", " the file is empty" },
	{ "xxe.xml", "2: DOCTYPE and other markup declarations are not allowed in a snapshot (no DTD, no entities)" },
	{ "billion-laughs.xml", "2: DOCTYPE and other markup declarations are not allowed in a snapshot (no DTD, no entities)" },
	{ "wrong-root.xml", "2: the root element is <snapshot>; a snapshot's root element is <groupChatSnapshot>" },
	{ "missing-header.xml", "2: the snapshot header <groupChatSnapshot> has no takenAt attribute" },
	{ "wrong-version.xml", "2: snapshot formatVersion \"2\" is not supported; this pcmigrate reads formatVersion 1" },
	{ "bad-takenat.xml", "2: takenAt=\"yesterday\" is not a UTC time (YYYY-MM-DDThh:mm:ssZ)" },
	{ "unknown-table.xml", "9: unknown table tblFoo" },
	{ "wrong-type.xml", "8: tblNode nodeType=\"7\" is not a bit (0 or 1)" },
	{ "bad-bit.xml", "8: tblNode disabled=\"yes\" is not a bit (0 or 1)" },
	{ "schema-guid.xml", "8: tblNode nodeGuid=\"not-a-guid\" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" },
	{ "missing-column.xml", "8: tblNode row has no nodeName (a required column)" },
	{ "duplicate-id.xml", "9: tblNode nodeID 20 appears twice (first at %s:8)" },
	{ "orphan-parent.xml", "8: tblNode nodeID 20 (\"daily\") has parentID 99, which does not exist" },
	{ "cycle.xml", "8: tblNode nodeID 3 (\"A\") is part of a cycle in the category tree (it is its own ancestor)" },
	{ "room-with-child.xml", "9: tblNode nodeID 30 (\"inner\") is under nodeID 20 (\"daily\"), which is a room; rooms cannot have children" },
	{ "unknown-principal.xml", "9: tblPrincipalRole prinRolePrinID=99 names a principal that does not exist in tblPrincipal" },
	{ "chat-before-nodes.xml", "6: tblChat row before any tblNode row; every tblChat row must come after every tblNode row" },
	{ "node-after-chat.xml", "10: tblNode row after the first tblChat row (%s:9); every tblChat row must come after every tblNode row" },
	{ "chat-out-of-order.xml", "11: tblChat row (channelId 20, chatId 1) comes after (channelId 21, chatId 1); rows must be ordered by channelId, chatId" },
	{ "chat-duplicate-id.xml", "10: tblChat row (channelId 20, chatId 1) appears twice" },
	{ "unknown-room.xml", "9: tblChat channelId=77 (chatId 1) names a room that does not exist in tblNode" },
	{ "no-root.xml", " no root category: no tblNode row has nodeID 1" },
};

/* tmpl with its "%s" (if any) replaced by path: the table's messages are
 * data, not formats. */
static char *with_path(const char *tmpl, const char *path)
{
	const char *at = strstr(tmpl, "%s");

	if (!at)
		return pcm_xstrdup(tmpl);
	return pcm_xasprintf("%.*s%s%s", (int)(at - tmpl), tmpl, path, at + 2);
}

static void bad_snapshots_say_what_and_where(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		char *path = fixture("bad", bad_cases[i].file);
		char *msg = with_path(bad_cases[i].message, path);
		char *want = pcm_xasprintf("%s:%s", path, msg);
		const char *got = load_error(path);

		if (strcmp(got, want) != 0)
			fail_msg("%s:\n  got  %s\n  want %s", bad_cases[i].file, got, want);
		free(want);
		free(msg);
		free(path);
	}
}

/* small-chatlast.xml with its first backupset row given extra attributes
 * (attrs, e.g. " time_zone=\"40\""), written to tmp. */
static void with_backup_attrs(char tmp[], const char *attrs)
{
	char *src = fixture("snapshot", "small-chatlast.xml");
	FILE *in = fopen(src, "rb"), *out;
	char *data = pcm_xmalloc(1 << 16), *at;
	size_t len;
	int fd = mkstemp(tmp);

	assert_non_null(in);
	assert_true(fd >= 0);
	close(fd);
	len = fread(data, 1, (1 << 16) - 1, in);
	data[len] = '\0';
	fclose(in);
	at = strstr(data, "media_set_id=\"7\"");
	assert_non_null(at);
	at += strlen("media_set_id=\"7\"");
	out = fopen(tmp, "wb");
	fwrite(data, 1, (size_t)(at - data), out);
	fputs(attrs, out);
	fputs(at, out);
	fclose(out);
	free(data);
	free(src);
}

/* The full backup's finish in a snapshot whose first backupset row has attrs. */
static int64_t backup_finish_with(const char *attrs)
{
	char tmp[] = "/tmp/pcm-tz-XXXXXX";
	struct pcm_source *s;
	struct pcm_deployment *d;
	int64_t t;

	with_backup_attrs(tmp, attrs);
	d = load_ok(tmp, &s);
	assert_int_equal(d->backups.n, 2);
	assert_int_equal(d->backups.v[0].type, 'D');
	t = d->backups.v[0].finish_ticks;
	pcm_source_close(s);
	pcm_deployment_free(d);
	unlink(tmp);
	return t;
}

/* msdb's time_zone on a backupset row (15-minute steps, 127 unknown)
 * converts that backup's times; without it, or unknown, the header's
 * serverUtcOffsetMinutes (540) does, as in snapshots made before the
 * column was read. A time_zone that is not a number is refused. */
static void backup_time_zone_in_snapshot(void **state)
{
	int64_t t;
	char tmp[] = "/tmp/pcm-tz-XXXXXX", *want;
	const char *got;

	(void)state;
	/* 23:20 local: 13:20Z at UTC+10 (time_zone 40), 14:20Z at UTC+9 */
	assert_true(pcm_parse_datetime("2013-01-31T13:20:00Z", 0, &t));
	assert_true(backup_finish_with(" time_zone=\"40\"") == t);
	assert_true(pcm_parse_datetime("2013-01-31T14:20:00Z", 0, &t));
	assert_true(backup_finish_with(" time_zone=\"127\"") == t);
	assert_true(backup_finish_with("") == t);
	assert_true(pcm_parse_datetime("2013-02-01T04:20:00Z", 0, &t));
	assert_true(backup_finish_with(" time_zone=\"-20\"") == t);

	with_backup_attrs(tmp, " time_zone=\"EST\"");
	got = load_error(tmp);
	want = pcm_xasprintf("%s:32:", tmp);
	if (strncmp(got, want, strlen(want)) != 0 || !strstr(got, "time_zone") ||
	    !strstr(got, "backupset"))
		fail_msg("time_zone=\"EST\": %s", got);
	free(want);
	unlink(tmp);
}

/* Every prefix of a valid snapshot is refused cleanly (no crash, no
 * partial deployment), and once the root has started the message says
 * the file was cut short. */
static void every_truncation_is_refused(void **state)
{
	char *src = fixture("snapshot", "small-chatlast.xml"), tmp[] = "/tmp/pcm-trunc-XXXXXX";
	FILE *in = fopen(src, "rb");
	char *data = pcm_xmalloc(1 << 16);
	size_t len = fread(data, 1, 1 << 16, in), cut, root;
	int fd = mkstemp(tmp);

	(void)state;
	fclose(in);
	close(fd);
	root = (size_t)(strstr(data, "<groupChatSnapshot") - data) + 20;
	for (cut = 0; cut < len - 21; cut++) {
		FILE *out = fopen(tmp, "wb");
		const char *got;

		fwrite(data, 1, cut, out);
		fclose(out);
		got = load_error(tmp);
		if (cut > root && !strstr(got, "(truncated?)"))
			fail_msg("cut at %zu: %s", cut, got);
	}
	unlink(tmp);
	free(data);
	free(src);
}

/* ---- the bundled sample ---- */

static void sample_loads(void **state)
{
	const char *path = pcm_sample_path();
	struct pcm_source *s;
	struct pcm_deployment *d;
	uint64_t total = 0;
	size_t i, max_depth = 0;

	(void)state;
	if (access(path, R_OK) != 0)
		fail_msg("the bundled sample %s is missing", path);
	d = load_ok(path, &s);
	assert_true(d->messages >= 1000);
	for (i = 0; i < d->nodes.n; i++) {
		total += d->nodes.v[i].stats.messages;
		if (d->nodes.v[i].depth > max_depth)
			max_depth = d->nodes.v[i].depth;
	}
	assert_true(total == d->messages);
	assert_true(max_depth >= 4);
	assert_non_null(d->info.lookup_server_uri);
	assert_true(d->backups.n > 0);
	/* the iterator gives back exactly what loading counted, in order */
	for (i = 0; i < d->nodes.n; i++) {
		struct pcm_error err = { 0 };
		struct pcm_msg_iter *it;
		struct pcm_message m;
		uint64_t n = 0;
		int64_t last = INT64_MIN;

		if (d->nodes.v[i].is_category)
			continue;
		it = pcm_source_messages(s, d, (uint32_t)i, 0, &err);
		assert_non_null(it);
		while (pcm_msg_next(s, it, &m, &err) == 1) {
			assert_int_equal(m.room, i);
			assert_true(m.chat_id > last);
			last = m.chat_id;
			n++;
		}
		assert_false(err.set);
		pcm_msg_close(s, it);
		assert_true(n == d->nodes.v[i].stats.messages);
	}
	pcm_source_close(s);
	pcm_deployment_free(d);
}

/* ---- memory does not grow with messages ---- */

/* Writes a snapshot with rooms x per_room messages. */
static void write_big(const char *path, int rooms, long per_room)
{
	FILE *fp = fopen(path, "wb");
	long c;
	int r;

	fputs("<groupChatSnapshot formatVersion=\"1\" server=\"S\" database=\"D\" "
	      "takenAt=\"2013-02-01T09:00:00Z\">\n"
	      "<tblPrincipalType ptypeID=\"5\" ptypeDesc=\"User\" ptypeIsUser=\"1\"/>\n"
	      "<tblPrincipal prinID=\"10\" prinUri=\"sip:a@b.c\" prinTypeID=\"5\"/>\n"
	      "<tblNode nodeID=\"1\" parentID=\"1\" nodeType=\"1\" nodeName=\"Root\" disabled=\"0\"/>\n", fp);
	for (r = 0; r < rooms; r++)
		fprintf(fp, "<tblNode nodeID=\"%d\" parentID=\"1\" nodeType=\"0\" nodeName=\"room %d\" "
		        "disabled=\"0\"/>\n", 100 + r, r);
	for (r = 0; r < rooms; r++)
		for (c = 1; c <= per_room; c++)
			fprintf(fp, "<tblChat channelId=\"%d\" chatId=\"%ld\" chatDate=\"%lld\" userId=\"10\" "
			        "content=\"message %ld of room %d, with a little text to make it longer\"/>\n",
			        100 + r, c, 634925952000000000LL + c * 600000000LL, c, r);
	fputs("</groupChatSnapshot>\n", fp);
	fclose(fp);
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void memory_is_bounded_by_rooms(void **state)
{
	char small[] = "/tmp/pcm-mem-small-XXXXXX", big[] = "/tmp/pcm-mem-big-XXXXXX";
	struct pcm_source *s;
	struct pcm_deployment *d;
	long before, after;
	char *got;
	const char *preload = getenv("LD_PRELOAD");

	(void)state;
	/* Under valgrind or ASan the peak RSS measures the tool, not us. */
	if (preload && strstr(preload, "vgpreload"))
		return;
#if defined(__SANITIZE_ADDRESS__)
	return;
#endif
	close(mkstemp(small));
	close(mkstemp(big));
	write_big(small, 4, 2000);
	write_big(big, 4, 100000);      /* 50 times the messages, about 45 MB */
	d = load_ok(small, &s);
	got = room_messages(s, d, 0 + node(d, 101), 0);
	free(got);
	pcm_source_close(s);
	pcm_deployment_free(d);
	before = peak_kb();
	d = load_ok(big, &s);
	assert_int_equal(d->messages, 400000);
	{
		struct pcm_error err = { 0 };
		struct pcm_msg_iter *it = pcm_source_messages(s, d, node(d, 102), 0, &err);
		struct pcm_message m;
		long n = 0;

		assert_non_null(it);
		while (pcm_msg_next(s, it, &m, &err) == 1)
			n++;
		pcm_msg_close(s, it);
		assert_int_equal(n, 100000);
	}
	after = peak_kb();
	pcm_source_close(s);
	pcm_deployment_free(d);
	unlink(small);
	unlink(big);
	if (after - before > 8 * 1024)
		fail_msg("peak RSS grew by %ld KB reading 400000 messages", after - before);
}

/* A DOCTYPE is refused before any expansion: no memory is spent on it. */
static void billion_laughs_costs_nothing(void **state)
{
	char *path = fixture("bad", "billion-laughs.xml");
	long before = peak_kb();

	(void)state;
	assert_non_null(strstr(load_error(path), "DOCTYPE"));
	assert_true(peak_kb() - before < 1024);
	free(path);
}

/* The source spec picks the backend; the data directory follows
 * PCMIGRATE_DATADIR. */
static void source_specs(void **state)
{
	struct pcm_error err = { 0 };
	char *want;

	(void)state;
	assert_null(pcm_source_open("", &err));
	assert_string_equal(err.text, "no source given: use snapshot:FILE or tds://USER@SERVER/DATABASE");
	pcm_error_clear(&err);
	assert_null(pcm_source_open("snapshot:", &err));
	assert_string_equal(err.text, "snapshot:: the snapshot file name is missing");
	pcm_error_clear(&err);
	assert_null(pcm_source_open("snapshot:/nonexistent/x.xml", &err));
	assert_string_equal(err.text, "/nonexistent/x.xml: cannot open the snapshot: No such file or directory");
	pcm_error_clear(&err);
	assert_null(pcm_source_open("tds://", &err));
	assert_true(err.set);
	want = pcm_xasprintf("%s/sample/contoso.xml", getenv("PCMIGRATE_DATADIR"));
	assert_string_equal(pcm_sample_path(), want);
	assert_string_equal(pcm_data_dir(), getenv("PCMIGRATE_DATADIR"));
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(source_specs),
		cmocka_unit_test(small_fixture_loads),
		cmocka_unit_test(layouts_agree),
		cmocka_unit_test(iterator_applies_since),
		cmocka_unit_test(changed_file_is_noticed),
		cmocka_unit_test(each_row_visits_every_row),
		cmocka_unit_test(bad_snapshots_say_what_and_where),
		cmocka_unit_test(backup_time_zone_in_snapshot),
		cmocka_unit_test(every_truncation_is_refused),
		cmocka_unit_test(billion_laughs_costs_nothing),
		cmocka_unit_test(sample_loads),
		cmocka_unit_test(memory_is_bounded_by_rooms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
