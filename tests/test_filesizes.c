/* SPDX-License-Identifier: MIT */
/* Sizes of uploaded files (filesizes.c): the listing readers, how listed
 * paths match links (case, separators, prefixes), missing files,
 * duplicates, the totals and the findings they give. */
#include "config.h"
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
#include <wchar.h>
#include <cmocka.h>
#include "rules/checks.h"
#include "deploy_builder.h"
#include "rules/filesizes.h"
#include "rules/plan.h"
#include "base/util.h"

#define STORE "ma-filelink://gc01.contoso.com/MGCFileStore/"

/* Room 100 links a.doc twice, "Q1 plan.xlsx" (%20 in the link) and a
 * Hangul name; room 101 links a.doc too and one file the store lacks;
 * room 102 is disabled and links big.iso; 103 links a path that is none. */
static struct pcm_deployment *deployment(void)
{
	struct tb t;

	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_room(&t, 100, 10, "files");
	tb_room(&t, 101, 10, "more");
	tb_room_ex(&t, 102, 10, "old", NULL, 1, 4, 0);
	tb_room(&t, 103, 10, "odd");
	tb_finish(&t);
	tb_message(&t, 100, "2012-01-01T00:00:00Z", "see " STORE "20/a1/a.doc");
	tb_message(&t, 100, "2013-01-01T00:00:00Z", STORE "20/a1/a.doc again");
	tb_message(&t, 100, "2013-01-02T00:00:00Z", STORE "20/b2/Q1%20plan.xlsx");
	tb_message(&t, 100, "2013-01-03T00:00:00Z", STORE "20/c3/회의록.docx");
	tb_message(&t, 101, "2013-01-02T00:00:00Z", STORE "20/a1/a.doc");
	tb_message(&t, 101, "2013-01-03T00:00:00Z", STORE "21/gone/lost.txt");
	tb_message(&t, 102, "2013-01-03T00:00:00Z", STORE "22/x/big.iso");
	tb_message(&t, 103, "2013-01-03T00:00:00Z", STORE "22/../../etc/passwd");
	return tb_done(&t);
}

/* Writes bytes to a temporary file; returns its path (caller frees and
 * unlinks). */
static char *temp_file(const void *bytes, size_t n)
{
	char *path = pcm_xstrdup("/tmp/pcm-filesizes-XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	return path;
}

static const struct pcm_file_ref *file_of(const struct pcm_deployment *d, int32_t room,
                                          const char *tail)
{
	uint32_t r = pcm_node_index(d, room);
	size_t i, n = strlen(tail);

	for (i = 0; i < d->files.n; i++) {
		const char *l = d->files.v[i].link;
		if (d->files.v[i].room == r && strlen(l) >= n && !strcmp(l + strlen(l) - n, tail))
			return &d->files.v[i];
	}
	fail_msg("no link ending in %s in room %d", tail, (int)room);
	return NULL;
}

/* Loads listing text into a fresh deployment. Returns the status. */
static int load(struct pcm_deployment *d, const char *text, struct pcm_error *err)
{
	char *path = temp_file(text, strlen(text));
	int rc = pcm_file_sizes_from_listing(d, path, err);

	unlink(path);
	free(path);
	return rc;
}

static void link_parse_decodes_and_refuses(void **state)
{
	char *root, *rel;

	(void)state;
	assert_true(pcm_filelink_parse(STORE "20/b2/Q1%20plan.xlsx", &root, &rel));
	assert_string_equal(root, "\\\\gc01.contoso.com\\MGCFileStore");
	assert_string_equal(rel, "20\\b2\\Q1 plan.xlsx");
	free(root);
	free(rel);
	assert_true(pcm_filelink_parse("ma-filelink:///x/y.txt", &root, &rel));
	assert_null(root);
	assert_string_equal(rel, "x\\y.txt");
	free(rel);
	assert_false(pcm_filelink_parse(STORE "a/../b", &root, &rel));
	assert_null(rel);
	assert_false(pcm_filelink_parse(STORE "a/b%22c", &root, &rel));
}

/* The key verify adds up per room: the path inside the store, not the
 * host and share (the store moves in a migration). */
static void link_key_ignores_the_store(void **state)
{
#define KEY(s) pcm_filelink_key(s, strlen(s))
	(void)state;
	assert_true(KEY(STORE "20/b2/Q1.xlsx") == KEY("ma-filelink://new-server/PCStore/20/b2/Q1.xlsx"));
	assert_true(KEY(STORE "20/b2/Q1.xlsx") == KEY("ma-filelink:///20/b2/Q1.xlsx"));
	assert_true(KEY(STORE "20/b2/Q1.xlsx") != KEY(STORE "20/b2/Q2.xlsx"));
	assert_true(KEY(STORE "20/b2/Q1.xlsx") != KEY(STORE "21/b2/Q1.xlsx"));
	/* only len bytes count: the rest of the message is not the link */
	assert_true(pcm_filelink_key(STORE "20/b2/Q1.xlsx and more", strlen(STORE "20/b2/Q1.xlsx")) ==
	            KEY(STORE "20/b2/Q1.xlsx"));
	/* two links to each other's files add up the same in either order,
	 * two other ones do not */
	assert_true(KEY(STORE "a/x") + KEY(STORE "a/y") == KEY(STORE "a/y") + KEY(STORE "a/x"));
	assert_true(KEY(STORE "a/x") + KEY(STORE "a/y") != KEY(STORE "a/x") + KEY(STORE "a/z"));
#undef KEY
}

/* Every form of path an admin's tool writes, in any case, either
 * separator, matches; the rest of the listing is ignored. */
static void tsv_matches_case_separators_and_prefixes(void **state)
{
	struct pcm_deployment *d = deployment();
	struct pcm_error err = { 0 };
	const struct pcm_file_ref *f;

	(void)state;
	assert_int_equal(load(d,
	        "# comment, then an empty line\n"
	        "\n"
	        "100\t\\\\GC01.CONTOSO.COM\\mgcfilestore\\20\\A1\\A.DOC\r\n"
	        "2048\tZ:\\20\\b2\\q1 PLAN.xlsx\r\n"
	        "3000\t/mnt/store/20/c3/회의록.docx\n"
	        "5\t20/other/unlinked.txt\n"
	        "77\t22/x/big.iso\n",
	        &err), 0);
	f = file_of(d, 100, "a.doc");
	assert_int_equal(f->size_state, PCM_FSIZE_KNOWN);
	assert_int_equal(f->size, 100);
	assert_int_equal(file_of(d, 101, "a.doc")->size, 100);
	assert_int_equal(file_of(d, 100, "plan.xlsx")->size, 2048);
	assert_int_equal(file_of(d, 100, "회의록.docx")->size, 3000);
	assert_int_equal(file_of(d, 101, "lost.txt")->size_state, PCM_FSIZE_MISSING);
	assert_int_equal(file_of(d, 103, "passwd")->size_state, PCM_FSIZE_MISSING);
	assert_int_equal(file_of(d, 103, "passwd")->store_file, PCM_NONE);
	/* a.doc (linked three times) is one store file */
	assert_int_equal(file_of(d, 100, "a.doc")->store_file, file_of(d, 101, "a.doc")->store_file);
	assert_non_null(d->file_sizes_from);
	pcm_deployment_free(d);
}

/* Without a listing every size is unknown; the totals say so. */
static void no_listing_means_unknown(void **state)
{
	struct pcm_deployment *d = deployment();
	struct pcm_file_totals t;

	(void)state;
	assert_int_equal(file_of(d, 100, "a.doc")->size_state, PCM_FSIZE_UNKNOWN);
	pcm_file_totals_compute(&t, d, NULL);
	assert_false(t.sizes_known);
	/* migrated rooms only (102 is disabled): 4 + 2 + 1 links */
	assert_int_equal(t.links_total, 7);
	assert_int_equal(t.rooms, 3);
	assert_int_equal(t.bytes_total, 0);
	pcm_file_totals_free(&t);
	pcm_deployment_free(d);
}

/* The totals count a file once per room and once overall; the cutoff
 * and disabled rooms keep files out. */
static void totals_count_distinct_files(void **state)
{
	struct pcm_deployment *d = deployment();
	struct pcm_error err = { 0 };
	struct pcm_file_totals t;
	struct pcm_plan *p = pcm_plan_new();
	uint32_t r100 = pcm_node_index(d, 100), r101 = pcm_node_index(d, 101);

	(void)state;
	assert_int_equal(load(d, "100\t20/a1/a.doc\n2048\t20/b2/Q1 plan.xlsx\n"
	                         "3000\t20/c3/회의록.docx\n77\t22/x/big.iso\n", &err), 0);
	pcm_file_totals_compute(&t, d, NULL);
	assert_true(t.sizes_known);
	assert_int_equal(t.links[r100], 4);
	assert_int_equal(t.files[r100], 3);
	assert_int_equal(t.bytes[r100], 100 + 2048 + 3000);
	assert_int_equal(t.files[r101], 1);
	assert_int_equal(t.missing[r101], 1);
	assert_int_equal(t.bytes[r101], 100);
	/* a.doc once; big.iso is in a disabled room; lost.txt and the
	 * non-path link are missing */
	assert_int_equal(t.files_total, 3);
	assert_int_equal(t.bytes_total, 100 + 2048 + 3000);
	assert_int_equal(t.missing_total, 2);
	pcm_file_totals_free(&t);

	/* from 2013-01-02: the two a.doc links of room 100 are older */
	assert_int_equal(pcm_plan_set_cutoff(p, "2013-01-02", NULL), 0);
	pcm_file_totals_compute(&t, d, p);
	assert_int_equal(t.links[r100], 2);
	assert_int_equal(t.bytes[r100], 2048 + 3000);
	assert_int_equal(t.bytes_total, 100 + 2048 + 3000);     /* room 101 still has a.doc */
	pcm_file_totals_free(&t);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

static bool has(const struct pcm_findings *f, const char *code, const char *id, const char *text)
{
	size_t i;

	for (i = 0; i < f->list.n; i++)
		if (!strcmp(f->list.v[i].code, code) && !strcmp(f->list.v[i].id, id) &&
		    (!text || strstr(f->list.v[i].message, text)))
			return true;
	return false;
}

/* FILES carries bytes, FILES-MISSING names room and link, FILE-STORE
 * sums up; without a listing it says how to give one, never "0 bytes". */
static void findings_carry_sizes(void **state)
{
	struct pcm_deployment *d = deployment();
	struct pcm_error err = { 0 };
	struct pcm_findings f;
	size_t i, missing = 0;

	(void)state;
	pcm_findings_init(&f);
	pcm_check_warnings(d, NULL, &f);
	assert_true(has(&f, "FILE-STORE", "-", "--file-sizes"));
	assert_true(has(&f, "FILES", "100", "size unknown"));
	for (i = 0; i < f.list.n; i++)
		assert_null(strstr(f.list.v[i].message, "0 bytes"));
	pcm_findings_free(&f);

	assert_int_equal(load(d, "100\t20/a1/a.doc\n2048\t20/b2/Q1 plan.xlsx\n"
	                         "3000\t20/c3/회의록.docx\n", &err), 0);
	pcm_findings_init(&f);
	pcm_check_warnings(d, NULL, &f);
	assert_true(has(&f, "FILES", "100", "(5148 bytes)"));
	assert_true(has(&f, "FILES", "101", "not found: 1"));
	assert_true(has(&f, "FILES-MISSING", "101", STORE "21/gone/lost.txt"));
	assert_true(has(&f, "FILES-MISSING", "103", "not a path"));
	assert_true(has(&f, "FILE-STORE", d->file_sizes_from, "(5148 bytes)"));
	for (i = 0; i < f.list.n; i++)
		if (!strcmp(f.list.v[i].code, "FILES-MISSING")) {
			missing++;
			assert_int_equal(f.list.v[i].severity, PCM_SEV_WARNING);
		}
	assert_int_equal(missing, 2);
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

/* Errors name the listing and the line. */
static void bad_lines_name_file_and_line(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "100\t20/a1/a.doc\nabc\t20/b2/x\n", ":2: expected SIZE<TAB>PATH" },
		{ "# c\n100 20/a1/a.doc\n", ":2: expected SIZE<TAB>PATH" },
		{ "-5\t20/a1/a.doc\n", ":1: expected" },
		{ "100\t\n", ":1: expected" },
		/* the same file twice with two sizes */
		{ "100\t20/a1/a.doc\n5\tx\n200\t20\\A1\\a.doc\n", ":3: 20/A1/a.doc is listed again" },
		{ "\"Name\",\"Size\"\n", ":1: expected SIZE<TAB>PATH" },
		{ "\"Length\",\"FullName\"\n\"12\",\"20/a1/a.doc\n", ":2: a quoted field is not closed" },
		{ "\"Length\",\"FullName\"\n\"x\",\"20/a1/a.doc\"\n", ":2: Length \"x\"" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pcm_deployment *d = deployment();
		struct pcm_error err = { 0 };
		char *path = temp_file(cases[i].text, strlen(cases[i].text));

		assert_int_equal(pcm_file_sizes_from_listing(d, path, &err), -1);
		if (!strstr(err.text, path) || !strstr(err.text, cases[i].want))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.text, cases[i].want);
		/* a failed load leaves the sizes unknown */
		assert_null(d->file_sizes_from);
		assert_int_equal(d->files.v[0].size_state, PCM_FSIZE_UNKNOWN);
		unlink(path);
		free(path);
		pcm_deployment_free(d);
	}
	{
		struct pcm_deployment *d = deployment();
		struct pcm_error err = { 0 };
		assert_int_equal(pcm_file_sizes_from_listing(d, "/nonexistent/list.tsv", &err), -1);
		assert_non_null(strstr(err.text, "/nonexistent/list.tsv"));
		pcm_deployment_free(d);
	}
}

/* The same file listed twice with the same size is fine; a copy deeper
 * in the tree loses to the file at the share's root. */
static void duplicates_same_size_and_deeper_copies(void **state)
{
	struct pcm_deployment *d = deployment();
	struct pcm_error err = { 0 };

	(void)state;
	assert_int_equal(load(d, "900\tbackup/old/20/a1/a.doc\n"
	                         "100\t20/a1/a.doc\n"
	                         "100\t20/A1/A.doc\n"
	                         "900\tbackup/20/a1/a.doc\n", &err), 0);
	assert_int_equal(file_of(d, 100, "a.doc")->size, 100);
	pcm_deployment_free(d);
}

/* What Export-Csv writes (Windows PowerShell: a #TYPE line, every field
 * quoted, more columns than we need, folders without Length). */
static void export_csv_is_read(void **state)
{
	struct pcm_deployment *d = deployment();
	struct pcm_error err = { 0 };

	(void)state;
	assert_int_equal(load(d,
	        "#TYPE System.IO.FileInfo\r\n"
	        "\"PSPath\",\"Name\",\"Length\",\"DirectoryName\",\"FullName\"\r\n"
	        "\"x\",\"a1\",\"\",\"\\\\gc01\\s\\20\",\"\\\\gc01\\s\\20\\a1\"\r\n"
	        "\"x\",\"a.doc\",\"100\",\"\\\\gc01\\s\\20\\a1\",\"\\\\gc01\\s\\20\\a1\\a.doc\"\r\n"
	        "\"x\",\"Q1 \"\"plan\"\".xlsx\",\"7\",\"d\",\"\\\\gc01\\s\\20\\b2\\Q1 plan.xlsx\"\r\n",
	        &err), 0);
	assert_int_equal(file_of(d, 100, "a.doc")->size, 100);
	assert_int_equal(file_of(d, 100, "plan.xlsx")->size, 7);
	assert_int_equal(file_of(d, 100, "회의록.docx")->size_state, PCM_FSIZE_MISSING);
	pcm_deployment_free(d);
}

/* What PowerShell's > writes: UTF-16LE with a BOM, CRLF. */
static void utf16_listing_is_read(void **state)
{
	static const char *text = "2048\t\\\\gc01\\s\\20\\c3\\회의록.docx\r\n100\t20/a1/a.doc\r\n";
	struct pcm_deployment *d = deployment();
	struct pcm_error err = { 0 };
	unsigned char buf[512];
	size_t n = 0;
	wchar_t wc;
	const char *p = text;
	mbstate_t st;
	char *path;

	(void)state;
	memset(&st, 0, sizeof st);
	buf[n++] = 0xFF;
	buf[n++] = 0xFE;
	while (*p) {
		size_t k = mbrtowc(&wc, p, strlen(p), &st);
		assert_true(k > 0 && k < 5);
		buf[n++] = (unsigned char)(wc & 0xFF);
		buf[n++] = (unsigned char)((wc >> 8) & 0xFF);
		p += k;
	}
	path = temp_file(buf, n);
	assert_int_equal(pcm_file_sizes_from_listing(d, path, &err), 0);
	assert_int_equal(file_of(d, 100, "회의록.docx")->size, 2048);
	assert_int_equal(file_of(d, 100, "a.doc")->size, 100);
	unlink(path);
	free(path);
	pcm_deployment_free(d);
}

/* A name with an unpaired surrogate (NTFS allows it) right before the
 * line end: that line gets U+FFFD, and the next line stays its own. */
static void utf16_unpaired_surrogate_keeps_the_next_line(void **state)
{
	static const char *first = "5\tjunk/x", *second = "2048\t20/c3/회의록.docx\n";
	struct pcm_deployment *d = deployment();
	struct pcm_error err = { 0 };
	unsigned char buf[512];
	size_t n = 0;
	wchar_t wc;
	const char *p;
	mbstate_t st;
	char *path;
	int part;

	(void)state;
	buf[n++] = 0xFF;
	buf[n++] = 0xFE;
	for (part = 0; part < 2; part++) {
		memset(&st, 0, sizeof st);
		for (p = part ? second : first; *p;) {
			size_t k = mbrtowc(&wc, p, strlen(p), &st);
			assert_true(k > 0 && k < 5);
			buf[n++] = (unsigned char)(wc & 0xFF);
			buf[n++] = (unsigned char)((wc >> 8) & 0xFF);
			p += k;
		}
		if (!part) {
			buf[n++] = 0x00;        /* U+D800, then straight the line feed */
			buf[n++] = 0xD8;
			buf[n++] = '\n';
			buf[n++] = 0x00;
		}
	}
	path = temp_file(buf, n);
	assert_int_equal(pcm_file_sizes_from_listing(d, path, &err), 0);
	assert_int_equal(file_of(d, 100, "회의록.docx")->size, 2048);
	unlink(path);
	free(path);
	pcm_deployment_free(d);
}

static void write_sized(const char *path, size_t n)
{
	FILE *f = fopen(path, "wb");
	size_t i;

	assert_non_null(f);
	for (i = 0; i < n; i++)
		fputc('x', f);
	assert_int_equal(fclose(f), 0);
}

/* --file-store: a copy of the store, walked; names in another case on
 * a case-sensitive file system still match. */
static void folder_is_walked(void **state)
{
	struct pcm_deployment *d = deployment();
	struct pcm_error err = { 0 };
	char dir[] = "/tmp/pcm-store-XXXXXX", *p;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = pcm_xasprintf("%s/20", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = pcm_xasprintf("%s/20/A1", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = pcm_xasprintf("%s/20/A1/a.DOC", dir);
	write_sized(p, 123);
	assert_int_equal(pcm_file_sizes_from_dir(d, dir, &err), 0);
	assert_int_equal(file_of(d, 100, "a.doc")->size, 123);
	assert_int_equal(file_of(d, 100, "plan.xlsx")->size_state, PCM_FSIZE_MISSING);
	assert_string_equal(d->file_sizes_from, dir);
	unlink(p);
	free(p);
	p = pcm_xasprintf("%s/20/A1", dir);
	rmdir(p);
	free(p);
	p = pcm_xasprintf("%s/20", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
	assert_int_equal(pcm_file_sizes_from_dir(d, "/nonexistent/store", &err), -1);
	assert_non_null(strstr(err.text, "/nonexistent/store"));
	pcm_deployment_free(d);
}

static void sizes_read_as_people_do(void **state)
{
	char buf[32];

	(void)state;
	pcm_format_size(1023, buf, sizeof buf);
	assert_string_equal(buf, "1023 bytes");
	pcm_format_size(1536, buf, sizeof buf);
	assert_string_equal(buf, "1.5 KiB");
	pcm_format_size(3437648, buf, sizeof buf);
	assert_string_equal(buf, "3.3 MiB");
	pcm_format_size(5ULL << 40, buf, sizeof buf);
	assert_string_equal(buf, "5.0 TiB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(link_parse_decodes_and_refuses),
		cmocka_unit_test(link_key_ignores_the_store),
		cmocka_unit_test(tsv_matches_case_separators_and_prefixes),
		cmocka_unit_test(no_listing_means_unknown),
		cmocka_unit_test(totals_count_distinct_files),
		cmocka_unit_test(findings_carry_sizes),
		cmocka_unit_test(bad_lines_name_file_and_line),
		cmocka_unit_test(duplicates_same_size_and_deeper_copies),
		cmocka_unit_test(export_csv_is_read),
		cmocka_unit_test(utf16_listing_is_read),
		cmocka_unit_test(utf16_unpaired_surrogate_keeps_the_next_line),
		cmocka_unit_test(folder_is_walked),
		cmocka_unit_test(sizes_read_as_people_do),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
