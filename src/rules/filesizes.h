/* SPDX-License-Identifier: MIT */
/* Sizes of the uploaded files. The legacy database records none: a
 * message only holds a ma-filelink: link to a file in the legacy file
 * store. An administrator lists the store (PowerShell on Windows, find on
 * a Linux mount) or mounts a copy of it; pcmigrate matches that listing to
 * the links and fills the size of every d->files entry, so the checks,
 * the package and inspect can say how much there is to copy and which
 * files are missing from the store.
 *
 * Matching (documented in pcmigrate(1), FILE SIZES): a link
 * ma-filelink://HOST/SHARE/PATH names PATH inside the share \\HOST\SHARE.
 * A listed path matches when PATH is the listed path or its end at a
 * folder boundary (so \\HOST\SHARE\PATH, X:\PATH, /mnt/store/PATH and
 * PATH itself all match), compared case-insensitively as Windows does,
 * with / and \ equivalent and %XX in the link decoded. When several
 * listed files match one link, the one with the fewest leading folders
 * before PATH wins. Hash lookups only: memory grows with the links, not
 * with the listing, which is read as a stream. */
#ifndef PCM_FILESIZES_H
#define PCM_FILESIZES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/error.h"
#include "model/filelink.h"
#include "model/model.h"
#include "rules/plan.h"

/* Reads a listing of the legacy file store and sets the size of every
 * d->files entry (PCM_FSIZE_KNOWN or PCM_FSIZE_MISSING). The listing: one
 * file per line, SIZE TAB PATH (size in bytes); or the CSV that
 * Export-Csv writes, with the columns Length and FullName. UTF-8 (with or
 * without a BOM) or UTF-16 with a BOM (what PowerShell's > writes). Empty
 * lines and lines starting with # are skipped. Returns 0, or -1 with err
 * naming file:line. */
int pcm_file_sizes_from_listing(struct pcm_deployment *d, const char *path, struct pcm_error *err);

/* The same from a folder holding a copy of the store (or the share
 * mounted): every regular file below dir, by its path relative to dir. */
int pcm_file_sizes_from_dir(struct pcm_deployment *d, const char *dir, struct pcm_error *err);

/* One-step helpers for the commands: exactly one of listing and dir may
 * be non-NULL (both NULL: nothing to do, returns 0). */
int pcm_file_sizes_load(struct pcm_deployment *d, const char *listing, const char *dir,
                        struct pcm_error *err);

/* "512 bytes", "1.5 KiB", "3.4 MiB", "1.2 GiB" (binary units, as
 * Windows Explorer counts them). */
void pcm_format_size(uint64_t bytes, char *buf, size_t size);

/* What the migration carries of the uploaded files: the links in the
 * messages of migrated rooms posted at or after the plan's cutoff. A file
 * linked twice in one room counts once in that room; a file linked from
 * several rooms counts once in the totals. */
struct pcm_file_totals {
	bool sizes_known;           /* d->file_sizes_from is set */
	uint32_t *links;            /* per node index: links (every occurrence) */
	uint32_t *files;            /* per node: distinct files found in the store */
	uint32_t *missing;          /* per node: distinct links with no file */
	uint64_t *bytes;            /* per node: size of its distinct files found */
	uint64_t links_total;       /* every link carried */
	uint32_t rooms;             /* rooms with at least one link */
	uint64_t files_total, missing_total, bytes_total;   /* distinct, all rooms */
};

void pcm_file_totals_compute(struct pcm_file_totals *t, const struct pcm_deployment *d,
                             const struct pcm_plan *p);
void pcm_file_totals_free(struct pcm_file_totals *t);

/* Calls fn for each distinct (room, file) the migration carries that has
 * no file in the store, in room order, so FILES-MISSING can name them. */
void pcm_file_missing_each(const struct pcm_deployment *d, const struct pcm_plan *p,
                           void (*fn)(const struct pcm_file_ref *f, void *user), void *user);

#endif
