/* SPDX-License-Identifier: MIT */
/* copy-files.cmd: the uploaded files each migrated room references (its
 * messages since the cutoff), to copy from the legacy file store to the
 * new one, since the migration tools do not copy them. One robocopy line
 * per file, grouped by room, from the legacy store the links name
 * (LEGACY_STORE, set to \\HOST\SHARE of the first link), paths in
 * double quotes with % doubled (the
 * only character cmd.exe still expands inside quotes once delayed
 * expansion is off). A link that cannot be a safe relative path (quotes,
 * control characters, "..", a drive or a colon) is not copied but listed
 * in a REM line by its room's nodeID and counted. CRLF line ends. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "rules/filesizes.h"
#include "engine/package.h"
#include "base/sbuf.h"
#include "base/util.h"

char *pcm_legacy_store_root(const struct pcm_package *pkg)
{
	const struct pcm_deployment *d = pkg->d;
	size_t i;

	if (!d->counting.keep_links) {
		/* the links were only counted: the first store, in the order of
		 * the chat rows (by room nodeID), that a carried link names */
		const struct pcm_node *best = NULL;

		for (i = 0; i < d->nodes.n; i++) {
			const struct pcm_node *n = &d->nodes.v[i];
			if (n->stats.first_root && pkg->flat.room_of_node[i] != PCM_NONE &&
			    (!best || n->id < best->id))
				best = n;
		}
		return best ? pcm_xstrdup(best->stats.first_root) : NULL;
	}
	for (i = 0; i < d->files.n; i++) {
		const struct pcm_file_ref *f = &d->files.v[i];
		uint32_t r = f->room < d->nodes.n ? pkg->flat.room_of_node[f->room] : PCM_NONE;
		char *root, *rel;
		if (r == PCM_NONE || f->posted_ticks < pkg->cutoff_ticks)
			continue;
		if (pcm_filelink_parse(f->link, &root, &rel)) {
			free(rel);
			if (root)
				return root;
		}
	}
	return NULL;
}

/* s with every % doubled, for a batch file line. */
static void add_cmd_text(struct pcm_sbuf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%')
			pcm_sbuf_addc(b, '%');
		pcm_sbuf_addc(b, s[i]);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One room's lines: sorted, each file once; with a listing of the store,
 * a comment with the room's total first. */
static void room_lines(struct pcm_sbuf *b, const struct pcm_pkg_room *r, char **links, size_t n,
                       const char *store, const struct pcm_file_totals *t,
                       size_t *skipped, uint32_t *room_skipped)
{
	size_t i;
	uint32_t node = r->t->node;

	qsort(links, n, sizeof *links, cmp_str);
	pcm_sbuf_printf(b, "\nREM room nodeID %d\n", (int)r->node->id);
	if (t->sizes_known) {
		char size[32];
		pcm_format_size(t->bytes[node], size, sizeof size);
		pcm_sbuf_printf(b, "REM %u files, %s (%llu bytes)", (unsigned)t->files[node], size,
		                (unsigned long long)t->bytes[node]);
		if (t->missing[node])
			pcm_sbuf_printf(b, "; %u linked files are not in the file store listing",
			                (unsigned)t->missing[node]);
		pcm_sbuf_add(b, "\n");
	}
	for (i = 0; i < n; i++) {
		char *root, *rel, *slash;
		if (i && strcmp(links[i], links[i - 1]) == 0)
			continue;
		if (!pcm_filelink_parse(links[i], &root, &rel)) {
			pcm_sbuf_printf(b, "REM skipped: a file link in room nodeID %d is not a safe path; copy it by hand\n",
			                (int)r->node->id);
			(*skipped)++;
			if (room_skipped)
				(*room_skipped)++;
			continue;
		}
		slash = strrchr(rel, '\\');
		pcm_sbuf_add(b, "robocopy \"");
		if (!root || (store && strcmp(root, store) == 0))
			pcm_sbuf_add(b, "%LEGACY_STORE%");
		else
			add_cmd_text(b, root, strlen(root));
		if (slash) {
			pcm_sbuf_addc(b, '\\');
			add_cmd_text(b, rel, (size_t)(slash - rel));
		}
		pcm_sbuf_add(b, "\" \"%NEW_STORE%");
		if (slash) {
			pcm_sbuf_addc(b, '\\');
			add_cmd_text(b, rel, (size_t)(slash - rel));
		}
		pcm_sbuf_add(b, "\" \"");
		add_cmd_text(b, slash ? slash + 1 : rel, strlen(slash ? slash + 1 : rel));
		pcm_sbuf_add(b, "\" /COPY:DAT /R:2 /W:5 /NP /NJH /NJS\n"
		             "if errorlevel 8 set FAILED=1\n");
		free(root);
		free(rel);
	}
}

struct pcm_copyfiles {
	const struct pcm_package *pkg;
	char *store;
	struct pcm_file_totals totals;
	struct pcm_crlf_writer w;   /* CRLF lines, no BOM (cmd.exe) */
	size_t skipped;
};

struct pcm_copyfiles *pcm_copyfiles_begin(const struct pcm_package *pkg,
                                          void (*put)(void *ctx, const char *s, size_t n),
                                          void *ctx)
{
	const struct pcm_deployment *d = pkg->d;
	struct pcm_copyfiles *cf = pcm_xcalloc(1, sizeof *cf);
	struct pcm_sbuf *b = &cf->w.b;
	uint64_t nlinks;
	size_t i;

	cf->pkg = pkg;
	cf->w.put = put;
	cf->w.ctx = ctx;
	/* the plan's root when given; else the store the links name */
	cf->store = pkg->p && pkg->p->file_store_root ? pcm_xstrdup(pkg->p->file_store_root)
	                                              : pcm_legacy_store_root(pkg);
	pcm_file_totals_compute(&cf->totals, d, pkg->p);
	for (i = 0, nlinks = 0; i < pkg->nrooms; i++)
		nlinks += cf->totals.links[pkg->rooms[i].t->node];
	pcm_sbuf_add(b,
	        "@echo off\n"
	        "REM copy-files.cmd: written by pcmigrate from the migration plan.\n"
	        "REM The files uploaded to the migrated rooms (messages since the cutoff),\n"
	        "REM copied from the legacy Group Chat file store to the new Persistent Chat\n"
	        "REM file store; the migration tools do not copy them. runbook.ps1 copies the\n"
	        "REM whole folder instead; use this to copy only what the migrated rooms use.\n"
	        "REM Set the two folders below, then run it on a machine that reaches both.\n"
	        "setlocal EnableExtensions DisableDelayedExpansion\n"
	        "chcp 65001 >nul\n");
	pcm_sbuf_add(b, "set \"LEGACY_STORE=");
	add_cmd_text(b, cf->store ? cf->store : PCM_PH_LEGACY_FS,
	             strlen(cf->store ? cf->store : PCM_PH_LEGACY_FS));
	pcm_sbuf_add(b, "\"\n"
	        "set \"NEW_STORE=" PCM_PH_NEW_FS "\"\n"
	        "if \"%LEGACY_STORE:~0,1%\"==\"<\" goto unset\n"
	        "if \"%NEW_STORE:~0,1%\"==\"<\" goto unset\n"
	        "set FAILED=0\n");
	pcm_sbuf_printf(b, "REM %llu file links in %zu migrated rooms\n", (unsigned long long)nlinks,
	                pkg->nrooms);
	if (cf->totals.sizes_known) {
		char size[32];
		pcm_format_size(cf->totals.bytes_total, size, sizeof size);
		/* the listing's path may hold anything: keep it out of the script */
		pcm_sbuf_printf(b, "REM %llu distinct files to copy, %s (%llu bytes) in total, by the "
		                "file store listing given to pcmigrate; %llu linked files are not in it\n",
		                (unsigned long long)cf->totals.files_total, size,
		                (unsigned long long)cf->totals.bytes_total,
		                (unsigned long long)cf->totals.missing_total);
	}
	return cf;
}

void pcm_copyfiles_room(struct pcm_copyfiles *cf, size_t i, char **links, size_t n,
                        uint32_t *room_skipped)
{
	if (n)
		room_lines(&cf->w.b, &cf->pkg->rooms[i], links, n, cf->store, &cf->totals, &cf->skipped,
		           room_skipped);
	pcm_crlf_maybe_flush(&cf->w);
}

size_t pcm_copyfiles_end(struct pcm_copyfiles *cf)
{
	size_t skipped = cf->skipped;

	pcm_sbuf_add(&cf->w.b,
	        "\nif %FAILED%==1 goto failed\n"
	        "echo All files copied.\n"
	        "exit /b 0\n"
	        ":failed\n"
	        "echo Some files could not be copied: see the robocopy lines above.\n"
	        "exit /b 1\n"
	        ":unset\n"
	        "echo Set LEGACY_STORE and NEW_STORE at the top of this file first.\n"
	        "exit /b 2\n");
	pcm_crlf_end(&cf->w);
	pcm_copyfiles_abandon(cf);
	return skipped;
}

void pcm_copyfiles_abandon(struct pcm_copyfiles *cf)
{
	if (!cf)
		return;
	free(cf->store);
	pcm_file_totals_free(&cf->totals);
	pcm_sbuf_free(&cf->w.b);
	free(cf);
}

void pcm_copyfiles_write(const struct pcm_package *pkg, size_t *skipped, uint32_t *room_skipped,
                         void (*put)(void *ctx, const char *s, size_t n), void *ctx)
{
	const struct pcm_deployment *d = pkg->d;
	struct pcm_copyfiles *cf = pcm_copyfiles_begin(pkg, put, ctx);
	uint32_t *start, *fill;
	char **links;
	size_t i, nlinks = 0;

	/* group the kept links by package room (counting sort) */
	start = pcm_xcalloc(pkg->nrooms + 2, sizeof *start);
	for (i = 0; i < d->files.n; i++) {
		const struct pcm_file_ref *f = &d->files.v[i];
		uint32_t r = f->room < d->nodes.n ? pkg->flat.room_of_node[f->room] : PCM_NONE;
		if (r == PCM_NONE || f->posted_ticks < pkg->cutoff_ticks)
			continue;
		start[pkg->room_of_flat[r] + 1]++;
		nlinks++;
	}
	for (i = 0; i < pkg->nrooms; i++)
		start[i + 1] += start[i];
	links = pcm_xcalloc(nlinks + 1, sizeof *links);
	fill = pcm_xmalloc((pkg->nrooms + 1) * sizeof *fill);
	memcpy(fill, start, (pkg->nrooms + 1) * sizeof *fill);
	for (i = 0; i < d->files.n; i++) {
		const struct pcm_file_ref *f = &d->files.v[i];
		uint32_t r = f->room < d->nodes.n ? pkg->flat.room_of_node[f->room] : PCM_NONE;
		if (r == PCM_NONE || f->posted_ticks < pkg->cutoff_ticks)
			continue;
		links[fill[pkg->room_of_flat[r]]++] = f->link;
	}
	free(fill);
	for (i = 0; i < pkg->nrooms; i++)
		pcm_copyfiles_room(cf, i, links + start[i], start[i + 1] - start[i],
		                   room_skipped ? &room_skipped[i] : NULL);
	free(start);
	free(links);
	*skipped = pcm_copyfiles_end(cf);
}

char *pcm_copyfiles_text(const struct pcm_package *pkg, size_t *skipped, uint32_t *room_skipped)
{
	struct pcm_sbuf all = { 0 };

	pcm_copyfiles_write(pkg, skipped, room_skipped, pcm_sbuf_put, &all);
	return pcm_sbuf_take(&all);
}
