/* SPDX-License-Identifier: MIT */
/* The administrator's decisions, saved as a small XML file (data/plan.rng)
 * after every change, atomically, so the wizard resumes exactly and batch
 * runs reuse them. Only plan.c reads or writes the file. */
#ifndef PCM_PLAN_H
#define PCM_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include "model/model.h"
#include "base/error.h"

/* R3 (ours): the default separator joining category names. */
#define PCM_DEFAULT_SEPARATOR "/"

/* When and by whom a decision was made (ISO 8601 UTC; user from $USER). */
struct pcm_stamp {
	char *at, *by;
};

struct pcm_rename {
	int32_t node_id;            /* room's (or category's) legacy nodeID */
	char *old_name;             /* for the "vanished/changed" report */
	char *new_name;             /* the node's own new name (not the prefix) */
	struct pcm_stamp stamp;
};

struct pcm_root_manager_decision {
	char *uri;                  /* prinUri */
	bool keep;
	struct pcm_stamp stamp;
};

struct pcm_category_invite {
	int32_t node_id;            /* category nodeID */
	bool turn_on;               /* true: set invite=1 on the category;
	                               false: accept the forced value */
	struct pcm_stamp stamp;
};

struct pcm_disable {
	int32_t node_id;
	char *name;
	struct pcm_stamp stamp;
};

/* Wizard steps, in the procedure's order. */
enum pcm_step {
	PCM_STEP_BACKUP, PCM_STEP_ROOT_MANAGERS, PCM_STEP_NAMES, PCM_STEP_INVITATIONS,
	PCM_STEP_CUTOFF, PCM_STEP_DISABLE, PCM_STEP_WORKLIST, PCM_STEP_SUMMARY,
	PCM_STEP_MIGRATE, PCM_STEP_WARNINGS, PCM_STEP_VERIFY, PCM_STEP_COUNT
};

/* The plan file as this process last read or wrote it: a save or
 * pcm_plan_refresh that finds another file there (another pcmigrate wrote
 * it meanwhile) merges that file's changes with this process's. */
struct pcm_plan_disk {
	bool read;                  /* loaded or saved once (else a save just writes) */
	bool known;                 /* the file existed then */
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec;
	char *text;                 /* its content then (NULL: no file) */
	size_t len;
};

struct pcm_plan {
	char *path;                 /* file it is saved to; NULL = not saved */
	struct pcm_plan_disk disk;
	unsigned merged;            /* times another process's changes were merged in */
	int owner_fd;               /* pcm_plan_hold's lock (-1: none) */
	char *owner_path;
	/* the source it belongs to */
	char *source_kind, *source_location, *source_server, *source_database;
	char source_sha256[65];     /* snapshot sources */
	uint64_t source_size;
	char *separator;            /* PCM_DEFAULT_SEPARATOR unless changed */
	struct pcm_stamp separator_stamp;   /* at == NULL: never changed */
	bool has_cutoff;
	int64_t cutoff_ticks;       /* R5: messages before it are not migrated */
	char *cutoff_text;          /* as entered: "2010-01-01" */
	struct pcm_stamp cutoff_stamp;
	char *backup_override_reason;   /* R1 override, NULL if none */
	struct pcm_stamp backup_override_stamp;
	char *target_items_file;    /* items already in the target pool */
	char **target_items;        /* their names */
	size_t ntarget_items;
	struct pcm_stamp target_items_stamp;
	char *pool_fqdn;            /* package parameters (optional) */
	char *file_store_root;      /* the legacy file store, \\host\share or X:\path;
	                               pcm_store_root_ok() holds (NULL: not given) */
	char *compliance_server;    /* the legacy compliance database, when the */
	char *compliance_db;        /* deployment has one (both NULL: none given) */
	/* renames, invitations and disabled are kept sorted by node_id, so the
	 * lookups below are O(log n) (hundreds of renames stay cheap) */
	PCM_VEC(struct pcm_rename) renames;
	PCM_VEC(struct pcm_root_manager_decision) root_managers;
	PCM_VEC(struct pcm_category_invite) invitations;
	PCM_VEC(struct pcm_disable) disabled;
	bool steps_done[PCM_STEP_COUNT];   /* wizard progress, for resume */
};

struct pcm_plan *pcm_plan_new(void);
void pcm_plan_free(struct pcm_plan *p);
/* Binds a fresh plan to the deployment's source (kind, location, hash). */
void pcm_plan_bind(struct pcm_plan *p, const struct pcm_deployment *d);
/* Loads path; a missing file gives an empty plan bound to nothing (0). */
int pcm_plan_load(struct pcm_plan *p, const char *path, struct pcm_error *err);
/* Writes to a temporary name, fsyncs, renames, holding a lock (flock on
 * the plan's folder) so two writers take turns. When the file changed
 * since this process last read or wrote it, the other writer's changes
 * are merged first (a decision this process changed wins, every other one
 * comes from the file) and p holds the result (p->merged counts up). */
int pcm_plan_save(struct pcm_plan *p, struct pcm_error *err);
/* Reads the file again when another process changed it since the last
 * load or save, merging as pcm_plan_save does; *changed says whether p
 * changed. */
int pcm_plan_refresh(struct pcm_plan *p, bool *changed, struct pcm_error *err);
/* Holds the plan for one wizard ("<plan>.wizard", flock, holding the pid,
 * user and start time): a second wizard on the same plan is refused with
 * who holds it. Released by pcm_plan_release or pcm_plan_free. */
int pcm_plan_hold(struct pcm_plan *p, struct pcm_error *err);
void pcm_plan_release(struct pcm_plan *p);
/* The plan belongs to this deployment's source (same hash for a snapshot,
 * or another snapshot of the same server and database, for instance one
 * taken after the Admin Tool worklist was worked through; same server and
 * database for TDS)? If not, err says why and advises a plan of its own
 * (--plan with another file, or the source's default plan). */
int pcm_plan_matches(const struct pcm_plan *p, const struct pcm_deployment *d, struct pcm_error *err);
/* The plan was made from a snapshot and d is another snapshot (another
 * SHA-256), whatever database it holds. */
bool pcm_plan_other_snapshot(const struct pcm_plan *p, const struct pcm_deployment *d);

/* Decision setters; each replaces an earlier decision on the same object. */
void pcm_plan_set_rename(struct pcm_plan *p, int32_t node_id, const char *old_name, const char *new_name);
void pcm_plan_set_root_manager(struct pcm_plan *p, const char *uri, bool keep);
void pcm_plan_set_category_invite(struct pcm_plan *p, int32_t node_id, bool turn_on);
void pcm_plan_set_disabled(struct pcm_plan *p, int32_t node_id, const char *name, bool disabled);
int pcm_plan_set_cutoff(struct pcm_plan *p, const char *text, struct pcm_error *err);
void pcm_plan_clear_cutoff(struct pcm_plan *p);
void pcm_plan_set_separator(struct pcm_plan *p, const char *sep);
void pcm_plan_override_backup(struct pcm_plan *p, const char *reason);

/* Items already created in the target pool (R3 NAME-CLASH): one name per
 * line of file (UTF-8; empty lines ignored; a trailing CR dropped). The
 * names are copied into the plan, so the plan stands on its own. */
int pcm_plan_set_target_items(struct pcm_plan *p, const char *file, struct pcm_error *err);
/* Wizard progress (no stamp). */
void pcm_plan_set_step_done(struct pcm_plan *p, enum pcm_step step, bool done);
/* Fills a stamp with now (UTC) and $USER. */
void pcm_stamp_now(struct pcm_stamp *s);

/* Lookups for the checks and the engine (NULL / false when none).
 * Every lookup accepts p == NULL (no plan: no decisions). */
const char *pcm_plan_separator(const struct pcm_plan *p);
const char *pcm_plan_rename_of(const struct pcm_plan *p, int32_t node_id);
bool pcm_plan_is_disabled(const struct pcm_plan *p, int32_t node_id);
/* -1 no decision, 0 drop, 1 keep */
int pcm_plan_root_manager(const struct pcm_plan *p, const char *uri);
/* -1 no decision, 0 accept forced, 1 turn on */
int pcm_plan_category_invite(const struct pcm_plan *p, int32_t node_id);

/* Decisions that no longer apply to the deployment (a room that vanished,
 * a rename whose final name is now too long, a root manager that is no
 * longer one...), each named in a translated one-line message. */
struct pcm_plan_issue {
	const char *decision;       /* "rename", "disable", "root-manager", ... */
	char *key;                  /* nodeID or prinUri as text */
	char *message;
};
struct pcm_plan_issues {
	PCM_VEC(struct pcm_plan_issue) list;
};
/* Appends one issue per stale decision; returns how many it found. */
size_t pcm_plan_review(const struct pcm_plan *p, const struct pcm_deployment *d,
                       struct pcm_plan_issues *out);
void pcm_plan_issues_free(struct pcm_plan_issues *issues);

/* Is s a path the runbook's robocopy may take as the legacy file store
 * root: a UNC share (\\host\share[\path]) or a drive path (X:\path),
 * without control characters or the characters Windows refuses in a path
 * or cmd.exe expands (" < > | ? * %)? The database holds no such setting
 * (its filestoreURI is the web service's URI), so the plan carries it. */
bool pcm_store_root_ok(const char *s);

#endif
