/* SPDX-License-Identifier: MIT */
/* The row checker that replaced libxml2's RELAX NG validation of
 * snapshots (snapshot_shape.c) and the guard's fast paths
 * (snapshot_scan.c), each against what it replaced:
 *  - every mutation of a valid snapshot's values, columns and content
 *    gets the same verdict from the row checker as from libxml2's RELAX
 *    NG validator with data/snapshot.rng;
 *  - a schema changed where the checker would check less is refused;
 *  - the guard gives the same marks, lines and refusals whether a file
 *    comes a byte at a time (no fast path) or in one piece;
 *  - reading ahead on a second thread gives the same bytes, marks,
 *    refusal and digest as reading inline. */
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
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include "source/snapshot_feed.h"
#include "source/snapshot_reread.h"
#include "source/snapshot_scan.h"
#include "source/snapshot_shape.h"
#include "source/snapshot_stream.h"
#include "source/source.h"
#include "source/source_snapshot.h"
#include "base/util.h"

static const char *srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s && *s ? s : ".";
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = pcm_xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static char *schema_path(void)
{
	return pcm_xasprintf("%s/data/%s", srcdir(), PCM_SNAPSHOT_SCHEMA);
}

/* ---- value forms at their edges ---- */

static void value_forms_follow_xsd(void **state)
{
	(void)state;
	assert_true(pcm_value_has_form("32767", PCM_FORM_SMALLINT));
	assert_true(pcm_value_has_form("-32768", PCM_FORM_SMALLINT));
	assert_true(pcm_value_has_form(" +007 ", PCM_FORM_SMALLINT));
	assert_false(pcm_value_has_form("32768", PCM_FORM_SMALLINT));
	assert_false(pcm_value_has_form("-32769", PCM_FORM_SMALLINT));
	assert_false(pcm_value_has_form("", PCM_FORM_INT));
	assert_false(pcm_value_has_form("+", PCM_FORM_INT));
	assert_false(pcm_value_has_form("1 2", PCM_FORM_INT));
	assert_false(pcm_value_has_form("1e3", PCM_FORM_INT));
	assert_true(pcm_value_has_form("-2147483648", PCM_FORM_INT));
	assert_false(pcm_value_has_form("2147483648", PCM_FORM_INT));
	assert_true(pcm_value_has_form("9223372036854775807", PCM_FORM_BIGINT));
	assert_true(pcm_value_has_form("-9223372036854775808", PCM_FORM_BIGINT));
	assert_false(pcm_value_has_form("9223372036854775808", PCM_FORM_BIGINT));
	assert_false(pcm_value_has_form("99999999999999999999", PCM_FORM_BIGINT));
	assert_true(pcm_value_has_form(" true ", PCM_FORM_BIT));
	assert_false(pcm_value_has_form("TRUE", PCM_FORM_BIT));
	assert_false(pcm_value_has_form("2", PCM_FORM_BIT));
	assert_true(pcm_value_has_form("4bc9A689-9DF3-4327-AAC8-0601BF771920", PCM_FORM_GUID));
	assert_false(pcm_value_has_form("{4BC9A689-9DF3-4327-AAC8-0601BF771920}", PCM_FORM_GUID));
	assert_false(pcm_value_has_form(" 4BC9A689-9DF3-4327-AAC8-0601BF771920", PCM_FORM_GUID));
	assert_true(pcm_value_has_form("2012-03-04T05:06:07", PCM_FORM_DATETIME));
	assert_true(pcm_value_has_form("2012-03-04T05:06:07.1234567", PCM_FORM_DATETIME));
	assert_false(pcm_value_has_form("2012-03-04T05:06:07.12345678", PCM_FORM_DATETIME));
	assert_false(pcm_value_has_form("2012-03-04T05:06:07.", PCM_FORM_DATETIME));
	assert_false(pcm_value_has_form("2012-03-04T05:06:07Z", PCM_FORM_DATETIME));
	assert_false(pcm_value_has_form("2012-03-04 05:06:07", PCM_FORM_DATETIME));
}

/* ---- the schema as the checker reads it ---- */

static void shapes_come_from_the_schema(void **state)
{
	struct pcm_error err = { 0 };
	char *path = schema_path();
	struct pcm_shapes *s = pcm_shapes_load(path, &err);
	const struct pcm_shape_table *node;
	const struct pcm_shape_column *c;

	(void)state;
	assert_non_null(s);
	assert_int_equal(s->ntables, 12);
	node = pcm_shapes_table(s, "tblNode");
	assert_non_null(node);
	c = pcm_shape_column(node, "nodeID");
	assert_non_null(c);
	assert_true(c->required);
	assert_int_equal(c->form, PCM_FORM_INT);
	c = pcm_shape_column(node, "nodeGuid");
	assert_non_null(c);
	assert_false(c->required);
	assert_int_equal(c->form, PCM_FORM_GUID);
	assert_null(pcm_shape_column(node, "someColumnWeDoNotUse"));
	assert_null(pcm_shapes_table(s, "tblFoo"));
	pcm_shapes_free(s);
	free(path);
}

/* Writes the schema with one substitution and loads it. */
static const char *load_changed(const char *from, const char *to, char *tmp)
{
	static struct pcm_error err;
	size_t len;
	char *path = schema_path(), *text = slurp(path, &len), *at = strstr(text, from);
	FILE *f;
	struct pcm_shapes *s;
	int fd = mkstemp(tmp);

	assert_non_null(at);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fwrite(text, 1, (size_t)(at - text), f);
	fputs(to, f);
	fputs(at + strlen(from), f);
	fclose(f);
	memset(&err, 0, sizeof err);
	s = pcm_shapes_load(tmp, &err);
	pcm_shapes_free(s);
	unlink(tmp);
	free(text);
	free(path);
	return s ? NULL : err.text;
}

static void a_schema_the_checker_cannot_follow_is_refused(void **state)
{
	char tmp[] = "/tmp/pcm-rng-XXXXXX";
	const char *e;

	(void)state;
	e = load_changed("{12}</param>", "{13}</param>", tmp);
	assert_non_null(e);
	assert_non_null(strstr(e, "a value form is not defined the way the checker checks it"));
	memcpy(tmp, "/tmp/pcm-rng-XXXXXX", sizeof tmp);
	e = load_changed("<attribute name=\"nodeID\"><ref name=\"int\"/></attribute>",
	                 "<attribute name=\"nodeID\"><choice><ref name=\"int\"/><value>x</value></choice>"
	                 "</attribute>", tmp);
	assert_non_null(e);
	assert_non_null(strstr(e, "a row column is not"));
	memcpy(tmp, "/tmp/pcm-rng-XXXXXX", sizeof tmp);
	e = load_changed("<define name=\"bigint\"><data type=\"long\"/>",
	                 "<define name=\"bigint\"><data type=\"int\"/>", tmp);
	assert_non_null(e);
	memcpy(tmp, "/tmp/pcm-rng-XXXXXX", sizeof tmp);
	/* an unchanged schema loads */
	assert_null(load_changed("<grammar", "<grammar", tmp));
}

/* ---- the checker against libxml2's RELAX NG validator ---- */

static int noop_row(const struct pcm_row *row, void *ctx)
{
	(void)row;
	(void)ctx;
	return 0;
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* RELAX NG's verdict on a document in memory. */
static bool rng_valid(xmlRelaxNGPtr schema, const char *text, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(text, (int)len, "mutant.xml", NULL,
	                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlRelaxNGValidCtxtPtr v;
	int rc;

	if (!doc)
		return false;
	v = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(v, quiet_structured, NULL);
	rc = xmlRelaxNGValidateDoc(v, doc);
	xmlRelaxNGFreeValidCtxt(v);
	xmlFreeDoc(doc);
	return rc == 0;
}

/* The reader's verdict (rows only: no references are resolved). */
static bool reader_valid(const char *text, size_t len, char *why, size_t why_size)
{
	char tmp[] = "/tmp/pcm-mutant-XXXXXX";
	int fd = mkstemp(tmp);
	struct pcm_error err = { 0 };
	size_t n;
	int rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	rc = pcm_snapshot_each_row(tmp, noop_row, NULL, &err);
	unlink(tmp);
	n = strnlen(err.text, why_size - 1);
	memcpy(why, err.text, n);
	why[n] = '\0';
	return rc == 0;
}

/* Values to put in each column: edges of every form. */
static const char *const probes[] = {
	"0", "1", " 1 ", "true", "false", "2", "-1", "+5", "007", "", " ", "x",
	"32767", "32768", "-32768", "-32769", "2147483647", "2147483648", "-2147483649",
	"9223372036854775807", "9223372036854775808", "1.5", "1e3",
	"4BC9A689-9DF3-4327-AAC8-0601BF771920", "4bc9a689-9df3-4327-aac8-0601bf77192",
	"4BC9A689-9DF3-4327-AAC8-0601BF771920 ", "2012-03-04T05:06:07", "2012-03-04T05:06:07.1234567",
	"2012-03-04T05:06:07.12345678", "2012-03-04T05:06:07Z", "2012-3-4T5:6:7",
};

/* Replaces the value of the attribute at text[at] (pointing at name=")
 * with v, into out. */
static size_t replace_value(const char *text, size_t len, size_t vstart, size_t vend, const char *v,
                            char *out)
{
	size_t n = strlen(v);

	memcpy(out, text, vstart);
	memcpy(out + vstart, v, n);
	memcpy(out + vstart + n, text + vend, len - vend);
	return len - (vend - vstart) + n;
}

static void agree(xmlRelaxNGPtr schema, const char *text, size_t len, const char *what, int *checked)
{
	char why[512];
	bool ours = reader_valid(text, len, why, sizeof why), theirs = rng_valid(schema, text, len);

	if (ours != theirs)
		fail_msg("%s: the reader says %s (%s), RELAX NG says %s", what, ours ? "valid" : "invalid",
		         why, theirs ? "valid" : "invalid");
	(*checked)++;
}

static void checker_agrees_with_relax_ng(void **state)
{
	char *path = pcm_xasprintf("%s/tests/data/snapshot/small.xml", srcdir()), *rng = schema_path();
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr schema;
	size_t len, i, p;
	char *text = slurp(path, &len), *out = pcm_xmalloc(len + 256);
	const char *body = strstr(text, "<tblPrincipalType");
	int checked = 0;

	(void)state;
	xmlSetGenericErrorFunc(NULL, quiet);
	pc = xmlRelaxNGNewParserCtxt(rng);
	schema = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	assert_non_null(schema);
	assert_non_null(body);
	agree(schema, text, len, "small.xml", &checked);
	/* every value of every row, replaced by each probe */
	for (i = (size_t)(body - text); i < len; i++) {
		size_t vstart, vend;

		if (text[i] != '=' || text[i + 1] != '"')
			continue;
		vstart = i + 2;
		for (vend = vstart; text[vend] != '"'; vend++)
			;
		for (p = 0; p < sizeof probes / sizeof probes[0]; p++) {
			size_t n = replace_value(text, len, vstart, vend, probes[p], out);
			char what[128];

			snprintf(what, sizeof what, "value at byte %zu = \"%s\"", vstart, probes[p]);
			agree(schema, out, n, what, &checked);
		}
		/* the column dropped: a required one makes the row invalid */
		{
			size_t nstart = i;

			while (text[nstart - 1] != ' ')
				nstart--;
			memcpy(out, text, nstart);
			memcpy(out + nstart, text + vend + 1, len - vend - 1);
			agree(schema, out, len - (vend + 1 - nstart), "a column dropped", &checked);
		}
	}
	/* content inside a row, text between rows, an unknown column */
	{
		static const char *const inserts[][2] = {
			{ "/>", "><x/></tblPrincipalType>" },
			{ "/>", ">text</tblPrincipalType>" },
			{ "/>", ">  </tblPrincipalType>" },
			{ "/>", " somethingElse=\"1\"/>" },
			{ "/>", "/>stray text" },
		};
		const char *at = strstr(body, "/>");

		for (i = 0; i < sizeof inserts / sizeof inserts[0]; i++) {
			size_t off = (size_t)(at - text);

			memcpy(out, text, off);
			strcpy(out + off, inserts[i][1]);
			strcat(out + off, at + 2);
			agree(schema, out, strlen(out), inserts[i][1], &checked);
		}
	}
	print_message("%d documents, same verdict\n", checked);
	assert_true(checked > 1000);
	xmlRelaxNGFree(schema);
	free(out);
	free(text);
	free(rng);
	free(path);
}

/* ---- the guard's fast paths change nothing ---- */

struct scan_result {
	bool trusted;               /* in: follow the markup only */
	bool ok;
	uint64_t err_line, offset, line;
	char err[256];
	struct pcm_scan_mark marks[4096];
	size_t nmarks;
};

static void scan_in_pieces(const unsigned char *buf, size_t len, size_t piece, struct scan_result *r)
{
	struct pcm_scan s;
	size_t i;

	bool trusted = r->trusted;

	memset(r, 0, sizeof *r);
	r->trusted = trusted;
	pcm_scan_init(&s, 0, 1, 0);
	s.trusted = trusted;
	r->ok = true;
	for (i = 0; i < len && r->ok; i += piece)
		r->ok = pcm_scan_feed(&s, buf + i, len - i < piece ? len - i : piece);
	if (r->ok)
		r->ok = pcm_scan_finish(&s);
	r->err_line = s.err_line;
	snprintf(r->err, sizeof r->err, "%s", s.err);
	r->offset = s.offset;
	r->line = s.line;
	while (r->nmarks < 4096 && pcm_scan_take(&s, &r->marks[r->nmarks]))
		r->nmarks++;
	pcm_scan_free(&s);
}

static void guard_fast_paths_change_nothing(void **state)
{
	static const char *const bad[] = {
		"\x01", "\x80", "\xC0\xAF", "\xC3", "\xE0\x80\xAF", "\xED\xA0\x80", "\xEF\xBF\xBE",
		"\xEF\xBF\xBF", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xEA\xB0\x80", "\xF0\x9F\x98\x80",
		"<", ">", "\"", "'", "\n", "/", "\t", "\r\n", "\xC2\x9B",
	};
	char *path = pcm_xasprintf("%s/tests/data/snapshot/small.xml", srcdir());
	size_t len, k;
	char *text = slurp(path, &len);
	unsigned char *m = pcm_xmalloc(len + 16);
	struct scan_result *one = pcm_xmalloc(sizeof *one), *whole = pcm_xmalloc(sizeof *whole);
	unsigned seed = 12345;
	size_t refused = 0, bad_utf8_refused = 0;

	(void)state;
	for (k = 0; k < 3000; k++) {
		const char *ins = bad[k % (sizeof bad / sizeof bad[0])];
		size_t at, n = strlen(ins), mlen;

		seed = seed * 1103515245u + 12345u;
		at = k == 0 ? len : (seed >> 8) % len;
		memcpy(m, text, at);
		memcpy(m + at, ins, n);
		memcpy(m + at + n, text + at, len - at);
		mlen = k == 0 ? len : len + n;
		one->trusted = whole->trusted = false;
		scan_in_pieces(m, mlen, 1, one);
		scan_in_pieces(m, mlen, mlen, whole);
		if (one->ok != whole->ok || one->err_line != whole->err_line ||
		    strcmp(one->err, whole->err) || one->nmarks != whole->nmarks ||
		    (one->ok && (one->offset != whole->offset || one->line != whole->line)) ||
		    memcmp(one->marks, whole->marks, one->nmarks * sizeof one->marks[0]))
			fail_msg("insert %zu bytes at %zu: byte-wise %s line %llu \"%s\", whole %s line %llu \"%s\"",
			         n, at, one->ok ? "ok" : "refused", (unsigned long long)one->err_line, one->err,
			         whole->ok ? "ok" : "refused", (unsigned long long)whole->err_line, whole->err);
		if (k == 0)
			assert_true(whole->ok && whole->nmarks > 10);
		refused += !whole->ok;
		/* an overlong form or a surrogate can never pass, wherever it is */
		if (!strcmp(ins, "\xC0\xAF") || !strcmp(ins, "\xED\xA0\x80")) {
			assert_false(whole->ok);
			bad_utf8_refused++;
		}
		/* bytes a whole-file pass accepted: following only the markup
		 * (a re-read range) gives the same marks and lines */
		if (whole->ok) {
			one->trusted = true;
			scan_in_pieces(m, mlen, mlen, one);
			if (!one->ok || one->nmarks != whole->nmarks || one->line != whole->line ||
			    memcmp(one->marks, whole->marks, one->nmarks * sizeof one->marks[0]))
				fail_msg("insert %zu bytes at %zu: trusted scan differs", n, at);
		}
	}
	/* the guard refuses: both ways agreeing on "accept all" proves nothing */
	assert_true(refused > 1000);
	assert_true(bad_utf8_refused > 200);
	free(one);
	free(whole);
	free(m);
	free(text);
	free(path);
}

/* ---- reading ahead on a thread changes nothing ---- */

struct feed_result {
	char *bytes;
	size_t n, nmarks;
	struct pcm_scan_mark *marks;
	char digest[65];
	bool refused;
	uint64_t err_line, root_end;
};

static void read_feed(const char *path, size_t len, bool threaded, struct feed_result *r)
{
	FILE *fp = fopen(path, "rb");
	struct pcm_feed *f;
	struct pcm_feed_chunk c;

	memset(r, 0, sizeof *r);
	assert_non_null(fp);
	r->bytes = pcm_xmalloc(len + 1);
	r->marks = pcm_xmalloc(len * sizeof *r->marks);
	f = pcm_feed_start(fp, 0, UINT64_MAX, 1, 0, true, threaded, false);
	for (pcm_feed_next(f, &c); !c.end; pcm_feed_next(f, &c)) {
		assert_true(r->n + c.n <= len);
		memcpy(r->bytes + r->n, c.data, c.n);
		r->n += c.n;
		memcpy(r->marks + r->nmarks, c.marks, c.nmarks * sizeof *c.marks);
		r->nmarks += c.nmarks;
	}
	r->refused = pcm_feed_scan(f)->failed;
	r->err_line = pcm_feed_scan(f)->err_line;
	r->root_end = pcm_feed_scan(f)->root_end;
	assert_true(pcm_feed_digest(f, r->digest));
	pcm_feed_close(f);
}

static void reading_ahead_changes_nothing(void **state)
{
	char *src = pcm_xasprintf("%s/tests/data/snapshot/small.xml", srcdir());
	char tmp[] = "/tmp/pcm-feed-XXXXXX";
	size_t len, i, big;
	char *text = slurp(src, &len);
	const char *rows = strstr(text, "<tblPrincipalType"), *end = strstr(text, "</groupChatSnapshot>");
	struct feed_result a, b;
	int fd = mkstemp(tmp), pass;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	/* a file of a few MB: the small snapshot's rows many times over, the
	 * second time with a bad byte near the end */
	for (pass = 0; pass < 2; pass++) {
		rewind(f);
		assert_int_equal(ftruncate(fd, 0), 0);
		fwrite(text, 1, (size_t)(rows - text), f);
		for (i = 0; i < 400; i++) {
			fwrite(rows, 1, (size_t)(end - rows), f);
			if (pass == 1 && i == 390)
				fputs("<!-- \x01 -->\x01", f);
		}
		fputs(end, f);
		fflush(f);
		big = (size_t)ftell(f);
		read_feed(tmp, big, false, &a);
		read_feed(tmp, big, true, &b);
		assert_int_equal(a.refused, pass == 1);
		assert_int_equal(a.refused, b.refused);
		assert_int_equal(a.err_line, b.err_line);
		assert_int_equal(a.n, b.n);
		assert_memory_equal(a.bytes, b.bytes, a.n);
		assert_int_equal(a.nmarks, b.nmarks);
		assert_memory_equal(a.marks, b.marks, a.nmarks * sizeof *a.marks);
		assert_string_equal(a.digest, b.digest);
		assert_int_equal(a.root_end, b.root_end);
		if (pass == 0) {
			assert_int_equal(a.n, big);
			assert_true(a.nmarks > 400 * 20);
		}
		free(a.bytes);
		free(a.marks);
		free(b.bytes);
		free(b.marks);
	}
	fclose(f);
	unlink(tmp);
	free(text);
	free(src);
}

/* ---- re-reading a range: the row tokenizer against libxml2 ---- */

/* Reads [start, end) of path both ways and compares every element. */
static int compare_range(const char *path, uint64_t start, uint64_t end, uint64_t line, bool escaped)
{
	struct pcm_error e1 = { 0 }, e2 = { 0 };
	struct pcm_snap_stream *fast = pcm_snap_stream_open(path, start, end, line, false, &e1);
	struct pcm_snap_stream *slow = pcm_snap_stream_open(path, start, end, line, false, &e2);
	struct pcm_snap_row a, b;
	int ra, rb, rows = 0;
	size_t i;

	assert_non_null(fast);
	assert_non_null(slow);
	pcm_snap_stream_use_libxml2(slow);
	pcm_snap_stream_set_escaped(fast, escaped);
	pcm_snap_stream_set_escaped(slow, escaped);
	for (;;) {
		ra = pcm_snap_stream_next(fast, &a, &e1);
		rb = pcm_snap_stream_next(slow, &b, &e2);
		if (ra != rb)
			fail_msg("%s: tokenizer %d (%s), libxml2 %d (%s) after %d rows", path, ra, e1.text,
			         rb, e2.text, rows);
		if (ra != 1)
			break;
		rows++;
		if (a.depth != b.depth || strcmp(a.row.table, b.row.table) || a.row.ncols != b.row.ncols ||
		    a.mark.offset != b.mark.offset || a.mark.line != b.mark.line ||
		    strcmp(a.row.where, b.row.where))
			fail_msg("%s: row %d differs: <%s> at %s", path, rows, b.row.table, b.row.where);
		for (i = 0; i < a.row.ncols; i++)
			if (strcmp(a.row.names[i], b.row.names[i]) || strcmp(a.row.values[i], b.row.values[i]))
				fail_msg("%s: %s %s: tokenizer \"%s\", libxml2 \"%s\"", path, b.row.where,
				         b.row.names[i], a.row.values[i], b.row.values[i]);
	}
	assert_int_equal(ra, 0);
	pcm_snap_stream_close(fast);
	pcm_snap_stream_close(slow);
	return rows;
}

/* The range after the header: its first row to the root's end tag. */
static int compare_file(const char *path)
{
	struct pcm_error err = { 0 };
	struct pcm_snap_stream *st = pcm_snap_stream_open(path, 0, UINT64_MAX, 1, false, &err);
	struct pcm_snap_row row;
	uint64_t start = 0, line = 0;
	bool escaped;
	int r;

	assert_non_null(st);
	while ((r = pcm_snap_stream_next(st, &row, &err)) == 1)
		if (row.depth == 1 && !start) {
			start = row.mark.offset;
			line = row.mark.line;
		}
	if (r != 0)
		fail_msg("%s: %s", path, err.text);
	escaped = pcm_snap_stream_escaped(st);
	r = compare_range(path, start, pcm_snap_stream_root_end(st), line, escaped);
	pcm_snap_stream_close(st);
	return r;
}

static void ignore_start(void *ctx, const char *name, int n, const unsigned char **attrs)
{
	(void)name;
	(void)n;
	(void)attrs;
	++*(int *)ctx;
}

static void ignore_end(void *ctx)
{
	(void)ctx;
}

/* What a checked row cannot hold is refused, not guessed at. */
static void reread_refuses_what_rows_cannot_hold(void **state)
{
	static const char *const bad[] = {
		"<a b=\"&foo;\"/>", "<a b=\"&#xD800;\"/>", "<a b=\"&#0;\"/>", "<a b=\"&#x;\"/>",
		"<a b=\"&amp\"/>", "<![CDATA[x]]>", "<a b=c/>", "<a =\"x\"/>", "<a b\"x\"/>",
	};
	int count = 0;
	const struct pcm_reread_calls calls = { ignore_start, ignore_end, &count };
	struct pcm_reread *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = pcm_reread_new(&calls);
		if (pcm_reread_feed(r, bad[i], strlen(bad[i])))
			fail_msg("accepted %s", bad[i]);
		pcm_reread_free(r);
	}
	/* a tag cut short is left for the next bytes, and is unfinished at the end */
	r = pcm_reread_new(&calls);
	assert_true(pcm_reread_feed(r, "<a b=\"1\"/><a b=\"2", 17));
	assert_int_equal(count, 1);
	assert_false(pcm_reread_done(r));
	assert_true(pcm_reread_feed(r, "\"/>", 3));
	assert_int_equal(count, 2);
	assert_true(pcm_reread_done(r));
	pcm_reread_free(r);
}

/* Writes row template tmpl with its one "%d" replaced by id (the rows are
 * data, not formats). */
static void put_row(FILE *f, const char *tmpl, int id)
{
	const char *at = strstr(tmpl, "%d");

	assert_non_null(at);
	fprintf(f, "%.*s%d%s", (int)(at - tmpl), tmpl, id, at + 2);
}

static void reread_rows_equal_libxml2s(void **state)
{
	static const char *const files[] = {
		"tests/data/snapshot/small.xml", "tests/data/snapshot/small-chatlast.xml",
		"tests/data/snapshot/sqlcmd.xml", "tests/data/snapshot/comments.xml",
		"tests/data/ctlchars/escaped.xml", "tests/data/hostile/hostile.xml",
		"data/sample/contoso.xml",
	};
	/* rows with every form a value can take, repeated past several
	 * chunks so that tags and references are cut at chunk ends */
	static const char *const rows[] = {
		"  <tblChat channelId=\"20\" chatId=\"%d\" chatDate=\"634346987530000000\" userId=\"10\" "
		"content=\"a &amp; b &lt;c&gt; &quot;q&quot; &apos;s&apos; &#10;nl &#x9;tab &#x1F600; &#233; "
		"\xea\xb0\x80\"/>\n",
		"  <tblChat channelId='20' chatId='%d' chatDate = '634346987530000000' content='single "
		"\"quoted\" literal\ttab\nline\r\ncrlf\rcr'/>\r\n",
		"  <!-- a comment <tblChat> between rows -->\n  <?pi data?>\n"
		"  <tblChat\n    channelId=\"20\"\n    chatId=\"%d\" chatDate=\"634346987530000000\""
		" content=\"\"></tblChat>\n",
	};
	char tmp[] = "/tmp/pcm-reread-XXXXXX";
	int fd = mkstemp(tmp), i, id = 1, n = 0;
	FILE *f;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof files / sizeof files[0]; k++) {
		char *path = pcm_xasprintf("%s/%s", srcdir(), files[k]);
		n += compare_file(path);
		free(path);
	}
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<groupChatSnapshot formatVersion=\"1\" "
	      "server=\"S\" database=\"D\" takenAt=\"2013-02-01T06:00:00Z\">\n"
	      "  <tblNode nodeID=\"1\" nodeName=\"Root\" nodeType=\"1\" disabled=\"0\"/>\n", f);
	for (i = 0; i < 3000; i++)
		put_row(f, rows[i % 3], id++);
	fputs("</groupChatSnapshot>\n", f);
	fclose(f);
	n += compare_file(tmp);
	unlink(tmp);
	print_message("%d rows, the same both ways\n", n);
	assert_true(n > 3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(value_forms_follow_xsd),
		cmocka_unit_test(shapes_come_from_the_schema),
		cmocka_unit_test(a_schema_the_checker_cannot_follow_is_refused),
		cmocka_unit_test(checker_agrees_with_relax_ng),
		cmocka_unit_test(guard_fast_paths_change_nothing),
		cmocka_unit_test(reading_ahead_changes_nothing),
		cmocka_unit_test(reread_rows_equal_libxml2s),
		cmocka_unit_test(reread_refuses_what_rows_cannot_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
