/* SPDX-License-Identifier: MIT */
/* Characters XML 1.0 cannot carry (issue 8, item 6): the pcm1 escape
 * (xmlescape.c) encodes and decodes every one of them without loss; the
 * snapshot reader decodes a file that declares escape="pcm1" and reads
 * one that does not exactly as before; what the snapshot writer makes of
 * a deployment full of control characters reads back field by field;
 * malformed escapes are refused naming file:line and the column. */
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
#include "rules/plan.h"
#include "source/source.h"
#include "source/source_snapshot.h"
#include "source/snapshot_writer.h"
#include "base/util.h"
#include "base/xmlescape.h"

static char dir[] = "/tmp/pcm-ctlchars-XXXXXX";

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

/* UTF-8 of one code point. */
static void utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp, o[1] = 0;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6), o[1] = (char)(0x80 | (cp & 63)), o[2] = 0;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12), o[1] = (char)(0x80 | ((cp >> 6) & 63));
		o[2] = (char)(0x80 | (cp & 63)), o[3] = 0;
	} else {
		o[0] = (char)(0xF0 | cp >> 18), o[1] = (char)(0x80 | ((cp >> 12) & 63));
		o[2] = (char)(0x80 | ((cp >> 6) & 63)), o[3] = (char)(0x80 | (cp & 63)), o[4] = 0;
	}
}

static char *decoded(const char *s)
{
	char *out = pcm_xmalloc(strlen(s) + 1), why[256];

	if (pcm_esc_decode(s, out, why, sizeof why) != 0)
		fail_msg("decoding \"%s\": %s", s, why);
	return out;
}

/* Every code point class round-trips; the encoded form is what XML 1.0
 * carries (no control characters left); plain text is left alone. */
static void codec_round_trips(void **state)
{
	static const uint32_t extra[] = { '\\', 'x', 0x7E, 0xA0, 0xFFFD, 0xFFFE, 0xFFFF, 0xE000,
	                                  0x1F600, 0x10FFFF, 0xD7FF };
	char s[8], *e, *d;
	uint32_t cp, left;
	size_t i;

	(void)state;
	for (cp = 1; cp <= 0xA0 + 11; cp++) {
		uint32_t c = cp <= 0xA0 ? cp : extra[cp - 0xA1];
		char *with = NULL;
		utf8(s, c);
		with = pcm_xasprintf("a%sx\\%s\\x%s", s, s, s);
		e = pcm_esc_encode(with);
		assert_true(pcm_xml_text_ok(e));
		left = pcm_first_control(e, false);
		assert_true(left == 0 || left == '\t' || left == '\n' || left == '\r');
		d = decoded(e);
		assert_string_equal(d, with);
		assert_int_equal(pcm_esc_needed(with),
		                 (c < 0x20 && c != 9 && c != 10 && c != 13) ||
		                 (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF);
		free(e);
		free(d);
		free(with);
	}
	/* exact forms */
	e = pcm_esc_encode("esc\x1B[0m bell\a DEL\x7F CSI\xC2\x9B \\x41; DOMAIN\\user \\\\x tab\t");
	assert_string_equal(e, "esc\\x1B;[0m bell\\x7; DEL\\x7F; CSI\\x9B; \\x5C;x41; DOMAIN\\user "
	                       "\\\\x5C;x tab\t");
	free(e);
	for (i = 0; i < 3; i++) {
		static const char *const plain[] = { "SQL01\\GROUPCHAT", "C:\\temp\\X", "\xEC\x84\x9C\xEC\x9A\xB8" };
		e = pcm_esc_encode(plain[i]);
		assert_string_equal(e, plain[i]);
		assert_false(pcm_esc_present(e));
		free(e);
	}
	/* what sqlcmd makes of FOR XML's &#x9; &#x09; &#x1b; &#xA; */
	d = decoded("\\x9;\\x09;\\x1b;\\x1B;\\xA;\\x01F600;\\x5C;x\\X1B;\\\\");
	assert_string_equal(d, "\t\t\x1B\x1B\n\xF0\x9F\x98\x80\\x\\X1B;\\\\");
	free(d);
}

/* 20,000 random strings mixing controls, backslashes, 'x', hex digits,
 * ';' and non-BMP characters: decode(encode(s)) == s, and the encoded
 * form never holds a character XML 1.0 cannot carry. */
static void codec_random_round_trips(void **state)
{
	static const uint32_t pool[] = { 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0x9B,
	                                 '\\', 'x', 'X', '5', 'C', ';', '&', '#', 0xFFFE, 0xFFFF,
	                                 0xE000, 0x1F600, 0x10FFFF, 0xAC00 };
	uint32_t seed = 12345;
	char s[256], *e, *d;
	int i, j;

	(void)state;
	for (i = 0; i < 20000; i++) {
		size_t n = 0;
		int len;
		seed = seed * 1103515245u + 12345u;
		len = (int)(seed >> 16) % 24;
		for (j = 0; j < len; j++) {
			seed = seed * 1103515245u + 12345u;
			utf8(s + n, pool[(seed >> 16) % (sizeof pool / sizeof pool[0])]);
			n += strlen(s + n);
		}
		s[n] = '\0';
		e = pcm_esc_encode(s);
		assert_true(pcm_xml_text_ok(e));
		assert_false(pcm_esc_needed(e));
		d = decoded(e);
		assert_string_equal(d, s);
		free(e);
		free(d);
	}
}

/* Malformed escapes: a sentence that says which and why. */
static void codec_refuses_malformed(void **state)
{
	static const struct {
		const char *in, *why;
	} bad[] = {
		{ "a\\x;", "malformed escape \"\\x;\"" },
		{ "a\\xZZ;", "malformed escape \"\\xZZ;\"" },
		{ "a\\x1B", "malformed escape \"\\x1B\"" },
		{ "\\x1234567;", "malformed escape \"\\x1234567;\"" },
		{ "\\x1B\x1B;", "malformed escape \"\\x1B\"" },
		{ "\\x0;", "escape \"\\x0;\" is U+0000, which no value can hold" },
		{ "\\x000;", "escape \"\\x000;\" is U+0000, which no value can hold" },
		{ "\\xD800;", "escape \"\\xD800;\" is a UTF-16 surrogate, not a character" },
		{ "\\x110000;", "escape \"\\x110000;\" is beyond U+10FFFF" },
	};
	char out[64], why[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(pcm_esc_decode(bad[i].in, out, why, sizeof why), -1);
		if (strncmp(why, bad[i].why, strlen(bad[i].why)) != 0)
			fail_msg("%s: got \"%s\", want \"%s...\"", bad[i].in, why, bad[i].why);
	}
}

static char *fixture(const char *name)
{
	return pcm_xasprintf("%s/tests/data/ctlchars/%s", getenv("top_srcdir"), name);
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

static void same_text(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
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
		next = pcm_xasprintf("%s[%d %lld %d %s]", out, m.channel_id, (long long)m.chat_id,
		                     m.user_id, m.content);
		free(out);
		out = next;
	}
	if (err.set)
		fail_msg("%s", err.text);
	pcm_msg_close(s, it);
	return out;
}

/* The fixture decodes to the characters it was made from. */
static void reader_decodes(void **state)
{
	char *path = fixture("escaped.xml"), *msgs;
	struct pcm_source *s;
	struct pcm_deployment *d = load(path, &s);
	size_t i;
	bool seen = false;

	(void)state;
	assert_string_equal(d->info.server, "SQL01\\GROUPCHAT");
	assert_string_equal(d->info.database, "GroupChatDB");
	assert_int_equal(d->backups.n, 1);      /* matched through the decoded name */
	for (i = 0; i < d->nodes.n; i++) {
		if (d->nodes.v[i].id != 22)
			continue;
		assert_string_equal(d->nodes.v[i].name, "marker \\x1B; \\xZZ \\X1B; DOMAIN\\user &#x1B; "
		                                        "\xF0\x9D\x84\x9E");
		seen = true;
	}
	assert_true(seen);
	msgs = all_messages(s, d);
	assert_non_null(strstr(msgs, "[20 1 11 every C0: \x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0B\x0C\r"
	                             "\x0E\x0F\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1A\x1B\x1C\x1D"
	                             "\x1E\x1F]"));
	assert_non_null(strstr(msgs, "marker: \\x \\x5C; \\x41; \\\\x DOMAIN\\user C:\\x86\\ ]"));
	free(msgs);
	pcm_source_close(s);
	pcm_deployment_free(d);
	free(path);
}

/* Without escape="pcm1" nothing is decoded: old files read as before. */
static void undeclared_reads_literally(void **state)
{
	char *in = fixture("escaped.xml"), *out = pcm_xasprintf("%s/old.xml", dir), line[8192];
	FILE *a = fopen(in, "r"), *b = fopen(out, "w");
	struct pcm_source *s;
	struct pcm_deployment *d;
	size_t i;

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	while (fgets(line, sizeof line, a)) {
		char *p = strstr(line, " escape=\"pcm1\"");
		if (p)
			memmove(p, p + strlen(" escape=\"pcm1\""), strlen(p + strlen(" escape=\"pcm1\"")) + 1);
		fputs(line, b);
	}
	fclose(a);
	fclose(b);
	d = load(out, &s);
	assert_string_equal(d->info.database, "Group\\x43;hatDB");
	for (i = 0; i < d->nodes.n; i++)
		if (d->nodes.v[i].id == 2)
			assert_string_equal(d->nodes.v[i].name, "Sales\\x1B;[2J\\x1;\\x2;\\x3;\\x4;");
	pcm_source_close(s);
	pcm_deployment_free(d);
	free(in);
	free(out);
}

static int copy_row(const struct pcm_row *row, void *ctx)
{
	static struct pcm_error err;

	if (pcm_snapshot_writer_row(ctx, row, &err) != 0)
		fail_msg("%s", err.text);
	return 0;
}

/* The writer's file: no raw control character, and the same deployment
 * field by field, message bodies included. */
static void writer_round_trips(void **state)
{
	char *src = fixture("escaped.xml"), *dst = pcm_xasprintf("%s/copy.xml", dir), *a, *b;
	struct pcm_error err = { 0 };
	struct pcm_source *s1, *s2;
	struct pcm_deployment *d1 = load(src, &s1), *d2;
	struct pcm_snapshot_writer *w;
	FILE *fp;
	int c;
	size_t i;

	(void)state;
	d1->info.lookup_server_uri = "sip:look\x1B\\x@fabrikam.com";
	w = pcm_snapshot_writer_open(dst, &d1->info, &err);
	assert_non_null(w);
	assert_int_equal(pcm_snapshot_each_row(src, copy_row, w, &err), 0);
	assert_int_equal(pcm_snapshot_writer_commit(w, &err), 0);
	fp = fopen(dst, "rb");
	assert_non_null(fp);
	while ((c = getc(fp)) != EOF)
		if ((c < 0x20 && c != '\n') || c == 0x7F)
			fail_msg("%s holds the raw byte 0x%02X", dst, c);
	fclose(fp);
	d2 = load(dst, &s2);
	same_text(d2->info.server, d1->info.server);
	same_text(d2->info.database, d1->info.database);
	same_text(d2->info.lookup_server_uri, "sip:look\x1B\\x@fabrikam.com");
	assert_int_equal(d2->nodes.n, d1->nodes.n);
	for (i = 0; i < d1->nodes.n; i++) {
		const struct pcm_node *x = &d1->nodes.v[i], *y = &d2->nodes.v[i];
		assert_int_equal(x->id, y->id);
		same_text(x->name, y->name);
		same_text(x->desc, y->desc);
		same_text(x->topic, y->topic);
		assert_int_equal(x->stats.messages, y->stats.messages);
	}
	assert_int_equal(d2->principals.n, d1->principals.n);
	for (i = 0; i < d1->principals.n; i++) {
		const struct pcm_principal *x = &d1->principals.v[i], *y = &d2->principals.v[i];
		same_text(x->uri, y->uri);
		same_text(x->name, y->name);
		same_text(x->ad_path, y->ad_path);
	}
	assert_int_equal(d2->roles.n, d1->roles.n);
	assert_int_equal(d2->backups.n, d1->backups.n);
	a = all_messages(s1, d1);
	b = all_messages(s2, d2);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "\x7F\xC2\x80\xC2\x81"));
	assert_non_null(strstr(a, "\xEF\xBF\xBE\xEF\xBF\xBF"));
	free(a);
	free(b);
	pcm_source_close(s1);
	pcm_source_close(s2);
	pcm_deployment_free(d1);
	pcm_deployment_free(d2);
	free(src);
	free(dst);
}

/* A malformed escape stops the load with file:line, element and column. */
static void reader_refuses_malformed(void **state)
{
	static const struct {
		const char *row, *want;
	} bad[] = {
		{ "<tblNode nodeID=\"2\" parentID=\"1\" nodeType=\"0\" nodeName=\"bad\\x1G;\" disabled=\"0\"/>",
		  ":3: tblNode nodeName: malformed escape \"\\x1G;\"" },
		{ "<tblNode nodeID=\"2\" parentID=\"1\" nodeType=\"0\" nodeName=\"n\" nodeDesc=\"\\x0;\" "
		  "disabled=\"0\"/>", ":3: tblNode nodeDesc: escape \"\\x0;\" is U+0000" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = pcm_xasprintf("%s/bad%zu.xml", dir, i), *want;
		FILE *fp = fopen(path, "w");
		struct pcm_error err = { 0 };
		struct pcm_deployment *d = pcm_deployment_new();
		struct pcm_source *s;

		fprintf(fp, "<groupChatSnapshot formatVersion=\"1\" escape=\"pcm1\" server=\"s\" "
		            "database=\"d\" takenAt=\"2013-02-01T09:00:00Z\">\n"
		            "<tblNode nodeID=\"1\" parentID=\"1\" nodeType=\"1\" nodeName=\"r\" disabled=\"0\"/>\n"
		            "%s\n</groupChatSnapshot>\n", bad[i].row);
		fclose(fp);
		s = pcm_source_open(path, &err);
		assert_non_null(s);
		assert_int_equal(pcm_source_load(s, d, &err), -1);
		want = pcm_xasprintf("%s%s", path, bad[i].want);
		if (strncmp(err.text, want, strlen(want)) != 0)
			fail_msg("got \"%s\", want \"%s...\"", err.text, want);
		free(want);
		pcm_source_close(s);
		pcm_deployment_free(d);
		free(path);
	}
}

/* The whole file as a string. */
static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = pcm_xmalloc(1 << 16);
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, (1 << 16) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* No byte XML 1.0 cannot hold, no DEL, no C1 control: the file reads
 * back, and a `cat` of it never drives the terminal. */
static void no_raw_controls(const char *text, const char *path)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			fail_msg("%s holds the raw byte 0x%02X at %td", path, *p, (const char *)p - text);
}

/* A plan whose decisions name rooms and principals with control
 * characters saves (declaring escape="pcm1") and loads them back; a
 * plan without such a value stays as it was, "\x" and all. */
static void plan_carries_them(void **state)
{
	const char *name = "all C0 \x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0B\x0C\r\x0E\x0F\x10"
	                   "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1A\x1B\x1C\x1D\x1E\x1F "
	                   "DEL\x7F C1\xC2\x80\xC2\x9B\xC2\x9F \\x5C; DOMAIN\\user \xF0\x9F\x98\x80";
	struct pcm_plan *p = pcm_plan_new(), *q = pcm_plan_new(), *r = pcm_plan_new();
	char *path = pcm_xasprintf("%s/plan.xml", dir), *text;
	struct pcm_error err = { 0 };

	(void)state;
	p->path = pcm_xstrdup(path);
	pcm_plan_set_disabled(p, 20, name, true);
	pcm_plan_set_rename(p, 21, name, "plain new name");
	pcm_plan_set_root_manager(p, "sip:\x1B[2J@fabrikam.com", true);
	pcm_plan_override_backup(p, "reason \x07 and \\x41;");
	if (pcm_plan_save(p, &err) != 0)
		fail_msg("%s", err.text);
	text = slurp(path);
	assert_non_null(strstr(text, "escape=\"pcm1\""));
	no_raw_controls(text, path);
	free(text);
	if (pcm_plan_load(q, path, &err) != 0)
		fail_msg("%s", err.text);
	assert_int_equal(q->disabled.n, 1);
	assert_string_equal(q->disabled.v[0].name, name);
	assert_int_equal(q->renames.n, 1);
	assert_string_equal(q->renames.v[0].old_name, name);
	assert_string_equal(q->renames.v[0].new_name, "plain new name");
	assert_int_equal(q->root_managers.n, 1);
	assert_string_equal(q->root_managers.v[0].uri, "sip:\x1B[2J@fabrikam.com");
	assert_string_equal(q->backup_override_reason, "reason \x07 and \\x41;");

	/* nothing to escape: no declaration, "\x41;" stays literal */
	pcm_plan_free(p);
	p = pcm_plan_new();
	p->path = pcm_xstrdup(path);
	pcm_plan_set_rename(p, 21, "DOMAIN\\x41;", "new");
	if (pcm_plan_save(p, &err) != 0)
		fail_msg("%s", err.text);
	text = slurp(path);
	assert_null(strstr(text, "escape="));
	assert_non_null(strstr(text, "oldName=\"DOMAIN\\x41;\""));
	free(text);
	if (pcm_plan_load(r, path, &err) != 0)
		fail_msg("%s", err.text);
	assert_string_equal(r->renames.v[0].old_name, "DOMAIN\\x41;");
	pcm_plan_free(p);
	pcm_plan_free(q);
	pcm_plan_free(r);
	free(path);
}

/* A malformed escape in a plan names the file, line, element and
 * attribute. */
static void plan_refuses_malformed(void **state)
{
	char *path = pcm_xasprintf("%s/badplan.xml", dir), *want;
	FILE *fp = fopen(path, "w");
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_error err = { 0 };

	(void)state;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<pcmigratePlan formatVersion=\"1\" escape=\"pcm1\">\n"
	      "  <disable nodeID=\"20\" name=\"bad \\x1B\" at=\"2013-02-01T09:00:00Z\" by=\"kim\"/>\n"
	      "</pcmigratePlan>\n", fp);
	fclose(fp);
	assert_int_equal(pcm_plan_load(p, path, &err), -1);
	want = pcm_xasprintf("%s:3: <disable> name: malformed escape \"\\x1B\"", path);
	if (strncmp(err.text, want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", err.text, want);
	free(want);
	pcm_plan_free(p);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codec_round_trips),
		cmocka_unit_test(codec_random_round_trips),
		cmocka_unit_test(codec_refuses_malformed),
		cmocka_unit_test(reader_decodes),
		cmocka_unit_test(undeclared_reads_literally),
		cmocka_unit_test(writer_round_trips),
		cmocka_unit_test(reader_refuses_malformed),
		cmocka_unit_test(plan_carries_them),
		cmocka_unit_test(plan_refuses_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
