/* SPDX-License-Identifier: MIT */
/* Fuzz target: the plan file. Two oracles on one input:
 *  1. The bytes as a plan file: pcm_plan_load must load them or say why.
 *     A plan that loads is reviewed against a small deployment, drives the
 *     flattening and the checks, and survives a round trip: saved, it
 *     loads again and saves to the same bytes.
 *  2. The bytes as decisions (the strings an administrator types): a
 *     fresh plan records them as a rename, a disable, the separator, a
 *     cutoff and a backup override; if pcm_plan_save accepts the plan,
 *     the file it wrote must load back with the same values ("every file
 *     pcmigrate writes is readable by it"). */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "rules/checks.h"
#include "rules/flatten.h"
#include "fuzz.h"
#include "model/model.h"
#include "rules/plan.h"
#include "source/rowmap.h"
#include "base/util.h"

static char plan_in[64], plan_out1[64], plan_out2[64];
static struct pcm_deployment *plan_dep;

/* Scratch file names, unlinked at exit. */
static void plan_cleanup(void)
{
	unlink(plan_in);
	unlink(plan_out1);
	unlink(plan_out2);
	pcm_deployment_free(plan_dep);
}

static void make_temp(char *buf, size_t n)
{
	int fd;

	snprintf(buf, n, "/tmp/pcm-fuzz-plan-XXXXXX");
	fd = mkstemp(buf);
	if (fd < 0) {
		perror("mkstemp");
		abort();
	}
	close(fd);
}

/* One row "table", "col=value", ..., NULL into the mapping. */
static void plan_row(struct pcm_rowmap *m, const char *table, ...)
{
	const char *names[12], *values[12];
	char buf[12][128];
	struct pcm_row row = { table, 0, names, values, "fuzz-plan:1" };
	struct pcm_error err = { 0 };
	const char *kv;
	va_list ap;

	va_start(ap, table);
	while ((kv = va_arg(ap, const char *)) != NULL && row.ncols < 12) {
		const char *eq = strchr(kv, '=');
		size_t k = row.ncols++;
		snprintf(buf[k], sizeof buf[k], "%.*s", (int)(eq - kv), kv);
		names[k] = buf[k];
		values[k] = eq + 1;
	}
	va_end(ap);
	if (pcm_rowmap_add(m, &row, &err)) {
		fprintf(stderr, "%s\n", err.text);
		abort();
	}
}

/* The deployment plans are reviewed against: the bad-input base snapshot
 * (tests/bad/base.xml) as rows. */
static struct pcm_deployment *small_deployment(void)
{
	struct pcm_deployment *d = pcm_deployment_new();
	struct pcm_rowmap *m = pcm_rowmap_new(d);
	struct pcm_error err = { 0 };

	plan_row(m, "tblPrincipalType", "ptypeID=5", "ptypeDesc=User", "ptypeIsFederated=0", NULL);
	plan_row(m, "tblRoleType", "rtypeID=1", "rtypeDesc=Member", NULL);
	plan_row(m, "tblRoleType", "rtypeID=2", "rtypeDesc=Manager", NULL);
	plan_row(m, "tblPrincipal", "prinID=10", "prinUri=sip:ann@fabrikam.com", "prinTypeID=5", NULL);
	plan_row(m, "tblPrincipal", "prinID=11", "prinUri=sip:bob@fabrikam.com", "prinTypeID=5", NULL);
	plan_row(m, "tblNode", "nodeID=1", "parentID=1", "nodeType=1", "nodeName=Fabrikam",
	         "invite=0", "disabled=0", NULL);
	plan_row(m, "tblNode", "nodeID=2", "parentID=1", "nodeType=1", "nodeName=Sales",
	         "disabled=0", NULL);
	plan_row(m, "tblNode", "nodeID=3", "parentID=2", "nodeType=1", "nodeName=Seoul",
	         "invite=0", "disabled=0", NULL);
	plan_row(m, "tblNode", "nodeID=20", "parentID=2", "nodeType=0", "nodeName=general",
	         "disabled=0", NULL);
	plan_row(m, "tblNode", "nodeID=21", "parentID=3", "nodeType=0", "nodeName=deals",
	         "invite=1", "disabled=0", NULL);
	plan_row(m, "tblPrincipalRole", "prinRoleNodeID=1", "prinRolePrinID=10", "prinRoleTypeID=2", NULL);
	plan_row(m, "tblPrincipalRole", "prinRoleNodeID=20", "prinRolePrinID=11", "prinRoleTypeID=1", NULL);
	if (pcm_rowmap_finish(m, &err)) {
		fprintf(stderr, "%s\n", err.text);
		abort();
	}
	pcm_rowmap_free(m);
	d->info.kind = pcm_arena_strdup(d->arena, "snapshot");
	d->info.location = pcm_arena_strdup(d->arena, "base.xml");
	return d;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "");
#ifdef FUZZ_DATADIR
	setenv("PCMIGRATE_DATADIR", FUZZ_DATADIR, 0);
#endif
	make_temp(plan_in, sizeof plan_in);
	make_temp(plan_out1, sizeof plan_out1);
	make_temp(plan_out2, sizeof plan_out2);
	plan_dep = small_deployment();
	atexit(plan_cleanup);
	return 0;
}

static void write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp)) {
		perror(path);
		abort();
	}
}

/* Whole file into a malloc'd buffer; *n its size. */
static char *read_file(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, got;

	*n = 0;
	FUZZ_CHECK(fp != NULL);
	do {
		if (*n == cap)
			buf = pcm_xrealloc(buf, cap = cap ? 2 * cap : 4096);
		got = fread(buf + *n, 1, cap - *n, fp);
		*n += got;
	} while (got);
	fclose(fp);
	return buf;
}

/* Loads a fresh plan from path; NULL (and err) if it does not load. */
static struct pcm_plan *load(const char *path, struct pcm_error *err)
{
	struct pcm_plan *p = pcm_plan_new();

	if (pcm_plan_load(p, path, err) != 0) {
		pcm_plan_free(p);
		return NULL;
	}
	return p;
}

/* Saves p under another name (p->path is restored). The name's old file
 * goes first: a save merges what another process wrote to its own file
 * since it read it (plan.c), and the placeholder make_temp left there is
 * no plan. */
static int save_as(struct pcm_plan *p, const char *path, struct pcm_error *err)
{
	char *old = p->path;
	int rc;

	unlink(path);
	p->path = pcm_xstrdup(path);
	rc = pcm_plan_save(p, err);
	free(p->path);
	p->path = old;
	return rc;
}

/* A loaded plan used the way the commands use one. */
static void use_plan(const struct pcm_plan *p)
{
	struct pcm_error err = { 0 };
	struct pcm_plan_issues issues;
	struct pcm_findings findings;
	struct pcm_flat flat;

	(void)pcm_plan_matches(p, plan_dep, &err);
	memset(&issues, 0, sizeof issues);
	pcm_plan_review(p, plan_dep, &issues);
	pcm_plan_issues_free(&issues);
	memset(&flat, 0, sizeof flat);
	FUZZ_CHECK(pcm_flatten(plan_dep, p, &flat) == 0);
	pcm_flat_free(&flat);
	pcm_findings_init(&findings);
	pcm_check_all(plan_dep, p, &findings);
	pcm_findings_free(&findings);
}

/* Oracle 1: the input as a plan file. */
static void plan_file(const uint8_t *data, size_t size)
{
	struct pcm_error err = { 0 };
	struct pcm_plan *p, *q;
	char *b1, *b2;
	size_t n1, n2;

	write_file(plan_in, data, size);
	p = load(plan_in, &err);
	if (!p) {
		FUZZ_CHECK(err.set && err.text[0]);
		return;
	}
	use_plan(p);
	FUZZ_CHECK(save_as(p, plan_out1, &err) == 0);
	q = load(plan_out1, &err);
	if (!q)
		fprintf(stderr, "saved plan does not load: %s\n", err.text);
	FUZZ_CHECK(q != NULL);
	FUZZ_CHECK(save_as(q, plan_out2, &err) == 0);
	b1 = read_file(plan_out1, &n1);
	b2 = read_file(plan_out2, &n2);
	FUZZ_CHECK(n1 == n2 && !memcmp(b1, b2, n1));
	free(b1);
	free(b2);
	pcm_plan_free(q);
	pcm_plan_free(p);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Oracle 2: the input as strings an administrator types. */
static void plan_strings(const uint8_t *data, size_t size)
{
	struct pcm_error err = { 0 };
	struct pcm_plan *p = pcm_plan_new(), *q;
	char *text = pcm_xmalloc(size + 1);
	bool has_cutoff;

	memcpy(text, data, size);
	text[size] = '\0';
	pcm_plan_bind(p, plan_dep);
	pcm_plan_set_rename(p, 20, "general", text);
	pcm_plan_set_disabled(p, 21, text, true);
	if (*text)
		pcm_plan_set_separator(p, text);
	pcm_plan_override_backup(p, text);
	has_cutoff = pcm_plan_set_cutoff(p, text, &err) == 0;
	pcm_error_clear(&err);
	if (save_as(p, plan_out1, &err) != 0) {
		/* refusing to write what cannot be read back is fine */
		FUZZ_CHECK(err.set);
		goto out;
	}
	q = load(plan_out1, &err);
	if (!q)
		fprintf(stderr, "a plan pcmigrate wrote does not load: %s\n", err.text);
	FUZZ_CHECK(q != NULL);
	FUZZ_CHECK(same(pcm_plan_rename_of(q, 20), pcm_plan_rename_of(p, 20)));
	FUZZ_CHECK(pcm_plan_is_disabled(q, 21));
	FUZZ_CHECK(same(pcm_plan_separator(q), pcm_plan_separator(p)));
	FUZZ_CHECK(same(q->backup_override_reason, p->backup_override_reason));
	FUZZ_CHECK(q->has_cutoff == has_cutoff);
	if (has_cutoff)
		FUZZ_CHECK(q->cutoff_ticks == p->cutoff_ticks);
	pcm_plan_free(q);
out:
	pcm_plan_free(p);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 18)
		return 0;
	plan_file(data, size);
	if (size < 4096 && !memchr(data, 0, size))
		plan_strings(data, size);
	return 0;
}
