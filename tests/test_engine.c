/* SPDX-License-Identifier: MIT */
/* The engine on the fixture deployment and plan, with an in-memory
 * message source that records how the iterator is used: what-if writes
 * nothing, a real run writes the seven files and a rerun gives the same
 * bytes, deployment.xml is valid against data/deployment.rng and shows the
 * plan's effects, blocked/cancelled/failed runs leave nothing, messages
 * are streamed room by room. PCM_UPDATE_GOLDEN=1 rewrites the golden
 * deployment.xml. */
#include "config.h"
#include <dirent.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#define FX_WITH_SOURCE
#include "engine_fixture.h"
#include "engine/engine.h"
#include "engine/package.h"
#include "rules/report.h"

/* Bytes in use on the heap (glibc); 0 where unknown, which makes the
 * memory test vacuous there rather than wrong. */
static size_t fx_heap(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks;
#else
	return 0;
#endif
}

struct fx {
	struct pcm_deployment *d;
	struct pcm_plan *p;
	struct fx_usage u;
	struct pcm_source *src;
	struct pcm_findings w;
	struct pcm_engine_summary sum;
	struct pcm_error err;
	char dir[256];          /* a scratch folder; dir/out is the package */
	char out[300];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");

	f->d = fx_deployment();
	f->p = fx_plan(f->d);
	f->src = fx_source(&f->u);
	pcm_findings_init(&f->w);
	snprintf(f->dir, sizeof f->dir, "%s/pcm-engine-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->out, sizeof f->out, "%s/out", f->dir);
	*state = f;
	return 0;
}

/* Removes a folder and what is in it (one level of subfolders). */
static void remove_tree(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		char *p;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = pcm_xasprintf("%s/%s", dir, e->d_name);
		if (unlink(p) != 0)
			remove_tree(p);
		free(p);
	}
	closedir(dp);
	rmdir(dir);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	remove_tree(f->dir);
	pcm_findings_free(&f->w);
	pcm_source_close(f->src);
	pcm_plan_free(f->p);
	pcm_deployment_free(f->d);
	free(f);
	return 0;
}

/* Names in a folder (not . and ..), or -1 if it does not exist. */
static int count_entries(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!dp)
		return -1;
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(dp);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

static char *file_in(const char *dir, const char *name, size_t *len)
{
	char *p = pcm_xasprintf("%s/%s", dir, name), *s = slurp(p, len);

	free(p);
	return s;
}

static bool has_code(const struct pcm_findings *w, const char *code, const char *id)
{
	size_t i;

	for (i = 0; i < w->list.n; i++)
		if (!strcmp(w->list.v[i].code, code) && (!id || (w->list.v[i].id && !strcmp(w->list.v[i].id, id))))
			return true;
	return false;
}

static bool has_message(const struct pcm_findings *w, const char *code, const char *id, const char *text)
{
	size_t i;

	for (i = 0; i < w->list.n; i++)
		if (!strcmp(w->list.v[i].code, code) && w->list.v[i].id && !strcmp(w->list.v[i].id, id) &&
		    strstr(w->list.v[i].message, text))
			return true;
	return false;
}

static int run(struct fx *f, const char *out)
{
	pcm_findings_free(&f->w);
	pcm_findings_init(&f->w);
	pcm_error_clear(&f->err);
	return pcm_engine_run(f->src, f->d, f->p, out, NULL, NULL, &f->w, &f->sum, &f->err);
}

/* ---- what-if ---- */

static void what_if_writes_nothing(void **state)
{
	struct fx *f = *state;
	char *cwd = getcwd(NULL, 0);

	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(run(f, NULL), PCM_ENGINE_OK);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	assert_int_equal(count_entries(f->dir), 0);
	/* it still did everything: messages streamed, summary filled */
	assert_int_equal(f->sum.rooms, 5);
	assert_int_equal(f->sum.rooms_skipped, 2);
	assert_int_equal(f->sum.messages, 6);
	assert_int_equal(f->sum.categories, 4);
	assert_int_equal(f->sum.invitations_forced, 1);
	assert_int_equal(f->sum.managers_added, 5);
	assert_int_equal(f->sum.sql_statements, 4);
	assert_int_equal(f->sum.blocking, 0);
	assert_int_equal(f->u.opened, 5);
	/* the checks' findings and the run's own */
	assert_true(has_code(&f->w, "INVITE-FORCED", "21"));
	assert_true(has_code(&f->w, "ROOT-ROOM", "25"));
	assert_true(has_message(&f->w, "FILES", "22", "copy-files.cmd"));
}

/* ---- a real run ---- */

static void out_writes_every_file_and_rerun_is_identical(void **state)
{
	struct fx *f = *state;
	char *first[PCM_PKG_NFILES];
	size_t len[PCM_PKG_NFILES], len2, i;

	assert_int_equal(run(f, f->out), PCM_ENGINE_OK);
	assert_int_equal(count_entries(f->out), PCM_PKG_NFILES);    /* no temp file left */
	for (i = 0; i < PCM_PKG_NFILES; i++) {
		first[i] = file_in(f->out, pcm_package_files[i], &len[i]);
		assert_non_null(first[i]);
		assert_true(len[i] > 0);
	}
	assert_int_equal(run(f, f->out), PCM_ENGINE_OK);
	assert_int_equal(count_entries(f->out), PCM_PKG_NFILES);
	for (i = 0; i < PCM_PKG_NFILES; i++) {
		char *again = file_in(f->out, pcm_package_files[i], &len2);
		assert_int_equal(len2, len[i]);
		assert_memory_equal(again, first[i], len2);
		free(again);
		free(first[i]);
	}
}

/* copy-files.cmd is written a room at a time from the messages the run
 * streams; built whole from the load's links (pcm_copyfiles_text) it is
 * the same, byte for byte. */
static void copy_files_streamed_equals_the_loads_links(void **state)
{
	struct fx *f = *state;
	struct pcm_package pkg;
	struct pcm_error err = { 0 };
	size_t len, skipped = 0;
	uint32_t *per_room;
	char *streamed, *whole;

	assert_true(f->d->counting.keep_links);
	assert_true(f->d->files.n >= 3);       /* a plain, an odd and an unsafe link */
	assert_int_equal(run(f, f->out), PCM_ENGINE_OK);
	streamed = file_in(f->out, "copy-files.cmd", &len);
	assert_non_null(streamed);
	assert_int_equal(pcm_package_build(&pkg, f->d, f->p, &err), 0);
	per_room = calloc(pkg.nrooms + 1, sizeof *per_room);
	assert_non_null(per_room);
	whole = pcm_copyfiles_text(&pkg, &skipped, per_room);
	assert_int_equal(strlen(whole), len);
	assert_memory_equal(whole, streamed, len);
	free(whole);
	free(per_room);
	free(streamed);
	pcm_package_free(&pkg);
}

/* warnings.txt and warnings.tsv are the findings formatter's text of the
 * run's findings, byte for byte. */
static void warnings_files_are_the_report(void **state)
{
	struct fx *f = *state;
	char *txt, *tsv, *want = NULL;
	size_t n, wn = 0;
	FILE *mem;

	assert_int_equal(run(f, f->out), PCM_ENGINE_OK);
	txt = file_in(f->out, PCM_PKG_WARNINGS, &n);
	mem = open_memstream(&want, &wn);
	pcm_report_text(mem, &f->w);
	fclose(mem);
	assert_int_equal(n, wn);
	assert_memory_equal(txt, want, n);
	free(want);
	want = NULL;
	tsv = file_in(f->out, PCM_PKG_WARNINGS_TSV, &n);
	mem = open_memstream(&want, &wn);
	pcm_report_tsv(mem, &f->w);
	fclose(mem);
	assert_int_equal(n, wn);
	assert_memory_equal(tsv, want, n);
	assert_non_null(strstr(tsv, "\tINVITE-FORCED\t21\t"));
	free(want);
	free(txt);
	free(tsv);
}

/* ---- deployment.xml ---- */

static xmlXPathObjectPtr xp(xmlXPathContextPtr ctx, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);

	if (!o)
		fail_msg("bad XPath %s", expr);
	return o;
}

static double xp_number(xmlXPathContextPtr ctx, const char *expr)
{
	xmlXPathObjectPtr o = xp(ctx, expr);
	double v = xmlXPathCastToNumber(o);

	xmlXPathFreeObject(o);
	return v;
}

static char *xp_string(xmlXPathContextPtr ctx, const char *expr)
{
	xmlXPathObjectPtr o = xp(ctx, expr);
	char *v = (char *)xmlXPathCastToString(o);

	xmlXPathFreeObject(o);
	return v;
}

static void validate(const char *path)
{
	const char *datadir = getenv("PCMIGRATE_DATADIR");
	char *rng = pcm_xasprintf("%s/deployment.rng", datadir ? datadir : "data");
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(rng);
	xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
	xmlRelaxNGValidCtxtPtr vc;
	xmlDocPtr doc;

	assert_non_null(schema);
	vc = xmlRelaxNGNewValidCtxt(schema);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	assert_int_equal(xmlRelaxNGValidateDoc(vc, doc), 0);
	xmlFreeDoc(doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pc);
	free(rng);
}

static void deployment_xml_valid_golden_and_shows_the_plan(void **state)
{
	struct fx *f = *state;
	char *path = pcm_xasprintf("%s/%s", f->out, PCM_PKG_DEPLOYMENT), *s, *text;
	const char *top = getenv("top_srcdir");
	char *golden = pcm_xasprintf("%s/tests/golden/deployment.xml", top ? top : ".");
	xmlXPathContextPtr ctx;
	xmlDocPtr doc;
	size_t n, gn;

	assert_int_equal(run(f, f->out), PCM_ENGINE_OK);
	validate(path);
	s = slurp(path, &n);
	if (getenv("PCM_UPDATE_GOLDEN")) {
		FILE *fp = fopen(golden, "wb");
		assert_non_null(fp);
		fwrite(s, 1, n, fp);
		fclose(fp);
	}
	text = slurp(golden, &gn);
	if (!text || gn != n || memcmp(text, s, n) != 0)
		fail_msg("deployment.xml differs from %s", golden);
	free(text);
	free(s);
	free(golden);

	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "d", BAD_CAST "urn:pcmigrate:deployment:1");
	/* disabled rooms (source, plan) are not there */
	assert_true(xp_number(ctx, "count(//d:room)") == 5);
	assert_true(xp_number(ctx, "count(//d:room[@legacyId=23 or @legacyId=24])") == 0);
	/* renamed, flattened */
	text = xp_string(ctx, "string(//d:room[@legacyId=22]/@name)");
	assert_string_equal(text, "Sales/Seoul/O'Neil's \"new\" room");
	xmlFree(text);
	/* cutoff: the message before it is gone, the one exactly at it stays */
	assert_true(xp_number(ctx, "count(//d:room[@legacyId=20]/d:message)") == 2);
	assert_true(xp_number(ctx, "count(//d:message[@chatId=1 and ../@legacyId=20])") == 0);
	text = xp_string(ctx, "string(//d:room[@legacyId=20]/d:message[1]/@date)");
	assert_string_equal(text, "2012-01-01T00:00:00Z");
	xmlFree(text);
	assert_true(xp_number(ctx, "count(//d:room[@legacyId=25]/d:message)") == 0);
	/* root managers: kim kept on every room, lee dropped */
	assert_true(xp_number(ctx, "count(//d:room[d:manager/@ref=10])") == 5);
	assert_true(xp_number(ctx, "count(//d:manager[@ref=11])") == 0);
	/* R4 */
	text = xp_string(ctx, "string(//d:room[@legacyId=21]/@invitations)");
	assert_string_equal(text, "False");
	xmlFree(text);
	assert_true(xp_number(ctx, "count(//d:room[@legacyId=21][@invitationsForced='true'])") == 1);
	assert_true(xp_number(ctx, "count(//d:category[@name='Busan'][@invitations='true'])") == 1);
	/* a control character travels base64-encoded, nothing lost */
	text = xp_string(ctx, "string(//d:room[@legacyId=21]/d:message[@chatId=1]/@encoding)");
	assert_string_equal(text, "base64");
	xmlFree(text);
	text = xp_string(ctx, "string(//d:room[@legacyId=21]/d:message[@chatId=1])");
	assert_string_equal(text, "YmVsbAcgYW5kIO2VnOq4gA==");   /* "bell\a and 한글" */
	xmlFree(text);
	/* the room under the root, in a category named after the root */
	assert_true(xp_number(ctx, "count(//d:category[@name='Contoso']/d:room[@name='lobby'])") == 1);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	free(path);
}

/* ---- streaming ---- */

static void messages_stream_room_by_room(void **state)
{
	struct fx *f = *state;
	int i;

	assert_int_equal(run(f, NULL), PCM_ENGINE_OK);
	assert_int_equal(f->u.all_rooms_asked, 0);
	assert_int_equal(f->u.max_open, 1);
	assert_int_equal(f->u.open_now, 0);
	assert_int_equal(f->u.opened, 5);
	assert_true(f->u.since_seen == f->p->cutoff_ticks);
	for (i = 0; i < f->u.nrooms_asked; i++) {
		assert_int_not_equal(f->u.rooms_asked[i], 23);
		assert_int_not_equal(f->u.rooms_asked[i], 24);
	}
}

/* A source that allows it gets the next rooms' iterators opened while
 * the current room is written: never more than three open, every one
 * closed, and the package is the same byte for byte. */
static void next_room_is_opened_ahead_when_the_source_allows(void **state)
{
	struct fx *f = *state;
	char *first[PCM_PKG_NFILES];
	size_t len[PCM_PKG_NFILES], len2, i;

	assert_int_equal(run(f, f->out), PCM_ENGINE_OK);
	assert_int_equal(f->u.max_open, 1);
	for (i = 0; i < PCM_PKG_NFILES; i++)
		first[i] = file_in(f->out, pcm_package_files[i], &len[i]);
	pcm_source_close(f->src);
	memset(&f->u, 0, sizeof f->u);
	f->u.overlap = true;
	f->src = fx_source(&f->u);
	assert_int_equal(run(f, f->out), PCM_ENGINE_OK);
	/* the room written and two read ahead (5 rooms: room 1 opens 1-3) */
	assert_int_equal(f->u.max_open, 3);
	assert_int_equal(f->u.open_now, 0);
	assert_int_equal(f->u.opened, 5);
	for (i = 0; i < PCM_PKG_NFILES; i++) {
		char *again = file_in(f->out, pcm_package_files[i], &len2);
		assert_int_equal(len2, len[i]);
		assert_memory_equal(again, first[i], len2);
		free(again);
		free(first[i]);
	}
	/* a failure in one room closes the iterator opened ahead too */
	f->u.fail_room = 21;
	assert_int_equal(run(f, f->out), PCM_ENGINE_INPUT);
	assert_int_equal(f->u.open_now, 0);
}

static void memory_does_not_grow_with_messages(void **state)
{
	struct fx *f = *state;

	f->u.big_room = 20;
	f->u.big_count = 200000;
	assert_int_equal(run(f, NULL), PCM_ENGINE_OK);
	assert_true(f->sum.messages == 200000 + 4);
	/* heap in use after 1,000 and after 200,000 messages of one room */
	if (f->u.heap_growth > 64 * 1024)
		fail_msg("heap grew by %zu bytes while streaming 199,000 messages", f->u.heap_growth);
	/* the load counted 3 messages in room 20: the run says the source moved */
	assert_true(has_code(&f->w, "MESSAGES-CHANGED", "20"));
}

/* ---- runs that write nothing ---- */

static void blocked_run_writes_nothing(void **state)
{
	struct fx *f = *state;
	char longname[300];

	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	pcm_plan_set_rename(f->p, 22, FX_SQL_NAME, longname);
	assert_int_equal(run(f, f->out), PCM_ENGINE_BLOCKED);
	assert_non_null(strstr(f->err.text, "NAME-TOO-LONG"));
	assert_int_equal(count_entries(f->out), -1);
	assert_int_equal(f->u.opened, 0);
	/* a what-if still runs, and says it is blocked */
	assert_int_equal(run(f, NULL), PCM_ENGINE_OK);
	assert_true(f->sum.blocking > 0);
}

static int cancel_when_writing(const struct pcm_progress *p, void *user)
{
	int *calls = user;

	(*calls)++;
	return strcmp(p->phase, "writing") == 0;
}

static void cancelled_run_leaves_no_file(void **state)
{
	struct fx *f = *state;
	int calls = 0;

	pcm_findings_init(&f->w);
	assert_int_equal(pcm_engine_run(f->src, f->d, f->p, f->out, cancel_when_writing, &calls,
	                                &f->w, &f->sum, &f->err), PCM_ENGINE_CANCELLED);
	assert_true(calls >= 2);
	assert_int_equal(count_entries(f->out), 0);
}

static void source_failure_is_an_input_error(void **state)
{
	struct fx *f = *state;

	f->u.fail_room = 21;
	assert_int_equal(run(f, f->out), PCM_ENGINE_INPUT);
	assert_non_null(strstr(f->err.text, "connection lost in room 21"));
	assert_int_equal(count_entries(f->out), 0);
	assert_int_equal(f->u.open_now, 0);
}

static void unwritable_folder_is_an_output_error(void **state)
{
	struct fx *f = *state;
	char *file = pcm_xasprintf("%s/plainfile", f->dir);
	FILE *fp = fopen(file, "w");

	fclose(fp);
	assert_int_equal(run(f, file), PCM_ENGINE_ERROR);
	assert_non_null(strstr(f->err.text, "plainfile"));
	free(file);
}

struct progress_log {
	int calls, done_calls;
	struct pcm_progress last;
	bool saw_start;
};

static int log_progress(const struct pcm_progress *p, void *user)
{
	struct progress_log *l = user;

	if (l->calls++ == 0)
		l->saw_start = p->rooms_done == 0 && p->messages_done == 0;
	l->done_calls += p->done;
	l->last = *p;
	return 0;
}

static void progress_reports_rooms_and_messages(void **state)
{
	struct fx *f = *state;
	struct progress_log l = { 0 };

	pcm_findings_init(&f->w);
	assert_int_equal(pcm_engine_run(f->src, f->d, f->p, NULL, log_progress, &l, &f->w, &f->sum,
	                                &f->err), PCM_ENGINE_OK);
	assert_true(l.saw_start);
	assert_int_equal(l.done_calls, 1);
	assert_int_equal(l.last.rooms_done, 5);
	assert_int_equal(l.last.rooms_total, 5);
	assert_true(l.last.messages_done == 6);
	assert_true(l.last.messages_total == 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(what_if_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(out_writes_every_file_and_rerun_is_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(copy_files_streamed_equals_the_loads_links, setup, teardown),
		cmocka_unit_test_setup_teardown(warnings_files_are_the_report, setup, teardown),
		cmocka_unit_test_setup_teardown(deployment_xml_valid_golden_and_shows_the_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(messages_stream_room_by_room, setup, teardown),
		cmocka_unit_test_setup_teardown(memory_does_not_grow_with_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(next_room_is_opened_ahead_when_the_source_allows, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(blocked_run_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(cancelled_run_leaves_no_file, setup, teardown),
		cmocka_unit_test_setup_teardown(source_failure_is_an_input_error, setup, teardown),
		cmocka_unit_test_setup_teardown(unwritable_folder_is_an_output_error, setup, teardown),
		cmocka_unit_test_setup_teardown(progress_reports_rooms_and_messages, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
