/* SPDX-License-Identifier: MIT */
/* The migration engine: applies the administrator's plan to the legacy
 * deployment and streams the result to the package writers (deployment.xml,
 * runbook.ps1, recreate-structure.ps1, admin-tool-worklist.txt (the
 * supported way to change the legacy deployment, worklist.h),
 * fix-source.sql (the unsupported fallback), copy-files.cmd,
 * warnings.txt, warnings.tsv), collecting every warning on the way.
 *
 * One run: flatten the categories (pcm_flatten), apply renames, drop the
 * root managers the plan drops and add the kept ones as managers of every
 * migrated room, apply the invitation rules (R4), skip disabled rooms
 * (already, or by the plan), and stream each migrated room's messages since
 * the cutoff through the source's iterator, one room at a time (memory is
 * bounded by rooms, never by messages).
 *
 * A what-if run (out_dir == NULL) does all of that, messages included, and
 * writes nothing. A real run writes every file whole or not at all (temp
 * name, fsync, rename) and refuses to write while a finding blocks. Running
 * twice on the same input gives byte-identical files. The wizard and
 * `pcmigrate migrate` both call pcm_engine_run. */
#ifndef PCM_ENGINE_H
#define PCM_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include "model/model.h"
#include "rules/plan.h"
#include "rules/checks.h"
#include "source/source.h"
#include "base/error.h"

/* Names of the files of the package, in the order the engine writes them. */
#define PCM_PKG_DEPLOYMENT  "deployment.xml"
#define PCM_PKG_RUNBOOK     "runbook.ps1"
#define PCM_PKG_RECREATE    "recreate-structure.ps1"
#define PCM_PKG_FIXSQL      "fix-source.sql"
#define PCM_PKG_WORKLIST    "admin-tool-worklist.txt"
#define PCM_PKG_COPYFILES   "copy-files.cmd"
#define PCM_PKG_WARNINGS    "warnings.txt"
#define PCM_PKG_WARNINGS_TSV "warnings.tsv"
#define PCM_PKG_NFILES 8

/* Names of the package files, PCM_PKG_NFILES of them, in writing order. */
extern const char *const pcm_package_files[PCM_PKG_NFILES];

/* Where a run is; handed to the progress callback. */
struct pcm_progress {
	size_t rooms_done, rooms_total;         /* migrated rooms */
	uint64_t messages_done, messages_total; /* messages since the cutoff */
	const char *phase;      /* untranslated, static: "checks", "messages",
	                           "writing", "done" (the UI may translate it) */
	const char *room;       /* final name of the room being streamed, or NULL */
	int done;               /* 1 on the last call of a successful run */
};

/* Called at the start, at most every PCM_PROGRESS_INTERVAL_MS while the
 * messages stream (the clock is read after each room and every
 * PCM_PROGRESS_EVERY_MESSAGES messages), when the scripts are written, and
 * once at the end of a successful run (done = 1). Return nonzero to
 * cancel the run: the engine stops, removes its temporary files, writes
 * nothing and returns PCM_ENGINE_CANCELLED. */
typedef int (*pcm_progress_fn)(const struct pcm_progress *p, void *user);
#define PCM_PROGRESS_INTERVAL_MS 50
#define PCM_PROGRESS_EVERY_MESSAGES 4096   /* clock read only this often */

/* pcm_engine_run results */
enum pcm_engine_status {
	PCM_ENGINE_OK = 0,
	PCM_ENGINE_ERROR = -1,      /* err says what (I/O, source, bad data) */
	PCM_ENGINE_BLOCKED = -2,    /* a real run refused: a finding blocks
	                               (what-if runs never return this) */
	PCM_ENGINE_CANCELLED = -3,  /* the progress callback asked to stop */
	PCM_ENGINE_INPUT = -4,      /* the source failed while streaming messages
	                               (bad data, lost connection); err says where */
};

/* What a run moved, for the summary screen and the command's last line. */
struct pcm_engine_summary {
	size_t categories;          /* target categories */
	size_t rooms;               /* migrated rooms */
	size_t rooms_skipped;       /* disabled, already or by the plan */
	uint64_t messages;          /* messages since the cutoff, streamed */
	uint64_t messages_dropped;  /* before the cutoff, in migrated rooms */
	uint64_t files;             /* uploaded files to copy */
	size_t managers_added;      /* kept root manager x room pairs */
	size_t invitations_forced;  /* rooms set to False (R4) */
	size_t sql_statements;      /* in fix-source.sql */
	size_t worklist_items;      /* in admin-tool-worklist.txt */
	size_t worklist_done;       /* of those, already done in the source */
	size_t blocking;            /* blocking findings */
};

/* Runs the migration.
 *   src, d     the loaded source and its deployment (d unchanged);
 *   p          the plan (may be an empty plan; not changed);
 *   out_dir    output folder (created if missing), NULL for a what-if;
 *   progress   may be NULL; user is passed back to it;
 *   warnings   initialised by the caller; receives the checks' findings
 *              (pcm_check_all) followed by what only the run finds, in a
 *              stable order;
 *   summary    may be NULL;
 *   err        set whenever the result is not PCM_ENGINE_OK.
 * Returns an enum pcm_engine_status. */
int pcm_engine_run(struct pcm_source *src, const struct pcm_deployment *d,
                   const struct pcm_plan *p, const char *out_dir,
                   pcm_progress_fn progress, void *user,
                   struct pcm_findings *warnings, struct pcm_engine_summary *summary,
                   struct pcm_error *err);

#endif
