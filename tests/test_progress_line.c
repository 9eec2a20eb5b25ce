/* SPDX-License-Identifier: MIT */
/* The load's progress line (src/progress_line.c) and the snapshot
 * reader's reports that feed it (source.h: pcm_load_progress). */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "model/model.h"
#include "app/progress_line.h"
#include "source/source.h"
#include "base/util.h"

static double fake_time;
static double fake_clock(void)
{
	return fake_time;
}

/* A progress line writing to memory, with the fake clock and cols. */
struct mem {
	char *buf;
	size_t size;
	FILE *f;
	struct pcm_progress_line pl;
};

static void mem_open(struct mem *m, const char *what, int cols)
{
	m->buf = NULL;
	m->size = 0;
	m->f = open_memstream(&m->buf, &m->size);
	assert_non_null(m->f);
	pcm_progress_line_init(&m->pl, m->f, what);
	m->pl.now = fake_clock;
	m->pl.cols = cols;
	fake_time = 100.0;
}

static void mem_close(struct mem *m)
{
	fclose(m->f);
	free(m->buf);
}

/* The text after the last carriage return. */
static const char *last_draw(struct mem *m)
{
	const char *cr;

	fflush(m->f);
	cr = strrchr(m->buf, '\r');
	return cr ? cr + 1 : m->buf;
}

static void formats_percent_megabytes_and_rows(void **state)
{
	char line[256];

	(void)state;
	pcm_progress_line_format(line, sizeof line, "big.xml", 45000000, 100000000, 1234567);
	assert_string_equal(line, "pcmigrate: reading big.xml: 45% (45 of 100 MB, 1,234,567 rows)");
	pcm_progress_line_format(line, sizeof line, "big.xml", 100, 100, 1);
	assert_string_equal(line, "pcmigrate: reading big.xml: 100% (0 of 0 MB, 1 row)");
	/* done past the total (the file grew) never shows over 100% */
	pcm_progress_line_format(line, sizeof line, "x", 300, 200, 4096);
	assert_non_null(strstr(line, ": 100% ("));
	/* a live database: rows only */
	pcm_progress_line_format(line, sizeof line, "tds://sa@db/GroupChatDB", 0, 0, 40960);
	assert_string_equal(line, "pcmigrate: reading tds://sa@db/GroupChatDB: 40,960 rows");
}

static void redraws_at_most_ten_times_a_second(void **state)
{
	struct mem m;

	(void)state;
	mem_open(&m, "f.xml", 200);
	pcm_progress_line_update(&m.pl, 10, 100, 4096);
	assert_string_equal(last_draw(&m), "pcmigrate: reading f.xml: 10% (0 of 0 MB, 4,096 rows)");
	fake_time += 0.05;                  /* too soon: not drawn */
	pcm_progress_line_update(&m.pl, 20, 100, 8192);
	assert_non_null(strstr(last_draw(&m), "10%"));
	fake_time += 0.06;
	pcm_progress_line_update(&m.pl, 30, 100, 12288);
	assert_non_null(strstr(last_draw(&m), "30%"));
	/* three updates, two draws: two carriage returns */
	fflush(m.f);
	assert_int_equal(m.buf[0], '\r');
	assert_non_null(strchr(m.buf + 1, '\r'));
	assert_null(strchr(strchr(m.buf + 1, '\r') + 1, '\r'));
	pcm_progress_line_end(&m.pl);
	mem_close(&m);
}

static void shorter_line_and_end_leave_no_tail(void **state)
{
	struct mem m;
	size_t first;
	const char *s;

	(void)state;
	mem_open(&m, "a-long-name-for-a-snapshot.xml", 200);
	pcm_progress_line_update(&m.pl, 0, 0, 123456789);
	first = strlen(last_draw(&m));
	free(m.pl.what);
	m.pl.what = pcm_xstrdup("s.xml");   /* a shorter line next */
	fake_time += 1;
	pcm_progress_line_update(&m.pl, 0, 0, 1);
	s = last_draw(&m);
	assert_int_equal(strlen(s), first);  /* padded over the old one */
	assert_int_equal(s[strlen(s) - 1], ' ');
	pcm_progress_line_end(&m.pl);
	fflush(m.f);
	/* the end wipes the line and leaves the cursor at its start */
	s = strrchr(m.buf, '\r');
	assert_non_null(s);
	assert_int_equal(s[1], '\0');
	mem_close(&m);
}

static void nothing_drawn_nothing_wiped(void **state)
{
	struct mem m;

	(void)state;
	mem_open(&m, "f.xml", 80);
	pcm_progress_line_end(&m.pl);
	fflush(m.f);
	assert_int_equal(m.size, 0);
	mem_close(&m);
}

/* A narrow terminal: the line never wraps (a wrapped line cannot be
 * redrawn in place): the path gives way to its base name, then the line
 * is cut at the edge. */
static void fits_the_terminal(void **state)
{
	struct mem m;
	const char *s;

	(void)state;
	mem_open(&m, "/srv/exports/2013/group-chat/GroupChatDB-snapshot.xml", 70);
	pcm_progress_line_update(&m.pl, 5000000, 10000000, 4096);
	s = last_draw(&m);
	assert_true(strlen(s) < 70);
	assert_non_null(strstr(s, "reading GroupChatDB-snapshot.xml: 50%"));
	assert_null(strstr(s, "/srv/"));
	pcm_progress_line_end(&m.pl);
	mem_close(&m);
	mem_open(&m, "/x/y.xml", 30);
	fake_time += 1;
	pcm_progress_line_update(&m.pl, 1, 2, 4096);
	assert_true(strlen(last_draw(&m)) <= 29);
	pcm_progress_line_end(&m.pl);
	mem_close(&m);
}

/* The writing pass of a snapshot: rows written of those the load read,
 * the base name when the path does not fit. */
static void writing_counts_rows_against_the_load(void **state)
{
	struct mem m;

	(void)state;
	mem_open(&m, "/srv/out/copy.xml", 200);
	pcm_progress_line_writing(&m.pl, 4096, 16384);
	assert_string_equal(last_draw(&m), "pcmigrate: writing /srv/out/copy.xml: 25% (4,096 of 16,384 rows)");
	fake_time += 1;
	pcm_progress_line_writing(&m.pl, 20000, 16384);     /* more than the load read */
	assert_non_null(strstr(last_draw(&m), ": 100% (20,000 of 16,384 rows)"));
	pcm_progress_line_end(&m.pl);
	mem_close(&m);
	mem_open(&m, "/a/very/long/directory/name/for/the/snapshots/of/2013/copy.xml", 60);
	pcm_progress_line_writing(&m.pl, 1, 2);
	assert_string_equal(last_draw(&m), "pcmigrate: writing copy.xml: 50% (1 of 2 rows)");
	pcm_progress_line_end(&m.pl);
	mem_close(&m);
}

/* A control character in the file name reaches the terminal escaped. */
static void escapes_the_name(void **state)
{
	struct mem m;

	(void)state;
	mem_open(&m, "evil\033]0;title\007.xml", 200);
	pcm_progress_line_update(&m.pl, 1, 2, 4096);
	fflush(m.f);
	assert_null(memchr(m.buf, '\033', m.size));
	assert_null(memchr(m.buf, '\007', m.size));
	assert_non_null(strstr(m.buf, "evil\\x1b]0;title\\x07.xml"));
	pcm_progress_line_end(&m.pl);
	mem_close(&m);
}

/* The snapshot reader reports every PCM_LOAD_REPORT_ROWS rows: bytes
 * growing up to the file's size, the rows read so far. */
struct reports {
	uint64_t n, last_done, last_rows, total;
	bool monotonic;
};

static void record(void *user, uint64_t done, uint64_t total, uint64_t rows)
{
	struct reports *r = user;

	if (r->n && (done < r->last_done || rows <= r->last_rows))
		r->monotonic = false;
	r->n++;
	r->last_done = done;
	r->last_rows = rows;
	r->total = total;
}

static void snapshot_load_reports_its_progress(void **state)
{
	char path[] = "/tmp/test_progress_XXXXXX";
	int fd = mkstemp(path), i;
	FILE *f;
	struct pcm_error err = { 0 };
	struct pcm_source *s;
	struct pcm_deployment *d;
	struct reports r = { .monotonic = true };
	struct pcm_load_progress p = { record, &r };
	long size;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<groupChatSnapshot formatVersion=\"1\" "
	      "database=\"GroupChatDB\" server=\"SQL01\" takenAt=\"2013-02-01T00:00:00Z\" "
	      "serverUtcOffsetMinutes=\"0\">\n"
	      "<tblNode nodeID=\"1\" nodeGuid=\"00000000-0000-0000-0000-000000000001\" parentID=\"1\" "
	      "nodeType=\"1\" nodeName=\"Root\" nodeDesc=\"\" disabled=\"0\" behavior=\"4\"/>\n"
	      "<tblNode nodeID=\"2\" nodeGuid=\"00000000-0000-0000-0000-000000000002\" parentID=\"1\" "
	      "nodeType=\"0\" nodeName=\"room\" nodeDesc=\"\" disabled=\"0\" behavior=\"4\"/>\n"
	      "<tblPrincipalType ptypeID=\"5\" ptypeDesc=\"User\"/>\n"
	      "<tblPrincipal prinID=\"10\" prinUri=\"sip:a@contoso.com\" prinTypeID=\"5\"/>\n", f);
	for (i = 1; i <= 10000; i++)
		fprintf(f, "<tblChat channelId=\"2\" chatId=\"%d\" chatDate=\"%lld\" userId=\"10\" "
		        "isAlert=\"0\" content=\"message %d\"/>\n", i,
		        633747784170000000LL + (long long)i * 10000000LL, i);
	fputs("</groupChatSnapshot>\n", f);
	size = ftell(f);
	fclose(f);
	s = pcm_source_open(path, &err);
	if (!s)
		fail_msg("%s", err.text);
	pcm_source_set_progress(s, &p);
	d = pcm_deployment_new();
	if (pcm_source_load(s, d, &err) != 0)
		fail_msg("%s", err.text);
	/* 10,006 rows: two reports (4,096 and 8,192) */
	assert_int_equal(r.n, 2);
	assert_true(r.monotonic);
	assert_int_equal(r.last_rows, 8192);
	assert_int_equal(r.total, (uint64_t)size);
	assert_true(r.last_done > (uint64_t)size / 2 && r.last_done < (uint64_t)size);
	assert_int_equal(d->messages, 10000);
	/* asked to stop: a second load reports nothing */
	pcm_deployment_free(d);
	pcm_source_set_progress(s, NULL);
	r.n = 0;
	d = pcm_deployment_new();
	assert_int_equal(pcm_source_load(s, d, &err), 0);
	assert_int_equal(r.n, 0);
	pcm_deployment_free(d);
	pcm_source_close(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_percent_megabytes_and_rows),
		cmocka_unit_test(redraws_at_most_ten_times_a_second),
		cmocka_unit_test(shorter_line_and_end_leave_no_tail),
		cmocka_unit_test(nothing_drawn_nothing_wiped),
		cmocka_unit_test(fits_the_terminal),
		cmocka_unit_test(escapes_the_name),
		cmocka_unit_test(writing_counts_rows_against_the_load),
		cmocka_unit_test(snapshot_load_reports_its_progress),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
