/* SPDX-License-Identifier: MIT */
/* The migrated deployment as the package writers see it: the engine builds
 * it from the deployment, the plan and the flattened names (target.c),
 * then hands it to one writer per output file. Nothing here holds a
 * message: deployment.xml gets them room by room from the engine.
 * Internal to the engine and its writers. */
#ifndef PCM_PACKAGE_H
#define PCM_PACKAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "model/model.h"
#include "rules/plan.h"
#include "rules/flatten.h"
#include "source/source.h"
#include "base/error.h"
#include "base/sbuf.h"

/* Placeholders the runbook refuses to run with (it says which to set). */
#define PCM_PH_POOL        "<persistent-chat-pool.fqdn>"
#define PCM_PH_TARGET_SQL  "<2013 Persistent Chat SQL server\\instance>"
#define PCM_PH_LEGACY_SQL  "<legacy Group Chat SQL server\\instance>"
#define PCM_PH_LEGACY_FS   "<\\\\legacy-server\\GroupChatFileStore>"
#define PCM_PH_NEW_FS      "<\\\\new-server\\PersistentChatFileStore>"
#define PCM_PH_LOOKUP_URI  "<sip:ocschat@your-domain>"

/* A list of principal indexes, sorted by prinID, no duplicates. */
struct pcm_prin_list {
	uint32_t *v;
	size_t n, cap;
};

struct pcm_pkg_category {
	const struct pcm_target_category *t;
	const struct pcm_node *legacy;      /* category it came from (root for root rooms) */
	struct pcm_prin_list allowed;       /* scope of the legacy category (nearest set) */
	struct pcm_prin_list creators;      /* Creator roles, inherited */
	/* not in allowed, itself or through an OU or domain it lists, but a
	 * manager, member or (auditorium) presenter of one of its rooms: a
	 * room role must lie within the category's AllowedMembers (Microsoft,
	 * "Manage rooms"), so recreate-structure.ps1 adds these; no federated
	 * principal (pcm_principal_federated) */
	struct pcm_prin_list allowed_added;
	size_t first_room, nrooms;          /* its rooms: rooms[first_room ..] */
};

struct pcm_pkg_room {
	const struct pcm_target_room *t;
	const struct pcm_node *node;
	uint32_t category;                  /* index into pkg categories */
	const char *type;                   /* "Normal" | "Auditorium" */
	const char *privacy;                /* "Open" | "Closed" | "Secret" */
	const char *invitations;            /* "Inherit" | "False" */
	bool invite_forced;                 /* R4: asked for invitations, forced off */
	const struct pcm_addin *addin;      /* NULL when none */
	struct pcm_prin_list managers, members, presenters;
	uint64_t messages_expected;         /* since the cutoff, from the load */
	uint64_t messages;                  /* streamed in this run */
	uint32_t files;                     /* uploaded files since the cutoff */
};

struct pcm_package {
	const struct pcm_deployment *d;
	const struct pcm_plan *p;
	struct pcm_flat flat;
	struct pcm_pkg_category *categories;   /* in flat order */
	size_t ncategories;
	struct pcm_pkg_room *rooms;             /* grouped by category, flat order within */
	size_t nrooms;
	uint32_t *room_of_flat;                 /* flat.rooms index -> rooms index */
	bool *addin_used;                       /* per d->addins, used by a migrated room */
	int64_t cutoff_ticks;                   /* 0 = no cutoff */
	const char *separator;
	size_t managers_added;                  /* kept root manager x room pairs */
};

/* Builds the package view (target.c). Returns 0, or -1 with err set. */
int pcm_package_build(struct pcm_package *pkg, const struct pcm_deployment *d,
                      const struct pcm_plan *p, struct pcm_error *err);
void pcm_package_free(struct pcm_package *pkg);

/* R7 (ours): legacy visibility -> 2013 privacy; NULL/unknown -> Closed. */
const char *pcm_room_privacy(int visibility);
/* The name a 2013 cmdlet accepts for a principal: its sip: URI, or for a
 * group its AD distinguished name when the URI is not sip:. */
const char *pcm_principal_target_id(const struct pcm_principal *pr);
/* A federated user or group: never added to a 2013 list (FEDERATED). */
bool pcm_principal_federated(const struct pcm_principal *pr);
/* A room of type Auditorium (the only kind with presenters). */
bool pcm_pkg_room_auditorium(const struct pcm_pkg_room *room);

/* ---- quoting ---- */

/* A PowerShell expression for the literal s: '...' with every single
 * quote (', and the typographic U+2018..U+201B PowerShell also treats as
 * quotes) doubled; control characters joined in as [char]0xNN, so the
 * script holds no raw control character. Never double quotes. */
char *pcm_ps_quote(const char *s);

/* ---- output ---- */

/* One package file: a temporary file committed at the end of a run, or
 * nothing at all for a what-if (fp == NULL: writes are counted, dropped). */
struct pcm_pkg_file {
	const char *name;
	void *atomic;               /* struct pcm_atomic *, NULL for what-if */
	FILE *fp;
	uint64_t bytes;
	int failed;
	int error;                  /* errno of the first failed write */
};

int pcm_pkg_file_open(struct pcm_pkg_file *f, const char *dir, const char *name,
                      struct pcm_error *err);
void pcm_pkg_file_write(struct pcm_pkg_file *f, const void *buf, size_t n);

/* Text for Windows (the scripts) written as it is made: the caller
 * appends to b with "\n" line ends; the writer hands put the text with
 * CRLF ones, a UTF-8 BOM first when bom is set, in pieces of about 64 KiB,
 * so a script for 100,000 rooms is never held whole. */
struct pcm_crlf_writer {
	struct pcm_sbuf b;
	void (*put)(void *ctx, const char *text, size_t n);
	void *ctx;
	bool bom, started;
};
/* Hands over b's text if it has grown past the piece size. */
void pcm_crlf_maybe_flush(struct pcm_crlf_writer *w);
/* Hands over what is left and frees b. */
void pcm_crlf_end(struct pcm_crlf_writer *w);
/* A put that collects the text into the pcm_sbuf ctx (the whole-text
 * forms, for tests). */
void pcm_sbuf_put(void *ctx, const char *text, size_t n);
void pcm_pkg_file_puts(struct pcm_pkg_file *f, const char *s);
int pcm_pkg_file_commit(struct pcm_pkg_file *f, struct pcm_error *err);
void pcm_pkg_file_abort(struct pcm_pkg_file *f);
/* Sets err to "cannot write PATH: reason" for a failed file. */
void pcm_pkg_file_error(const struct pcm_pkg_file *f, struct pcm_error *err);
/* Removes the temporary files a killed run left for the package files
 * in dir (NAME.tmp-XXXXXX), so they do not pile up. */
void pcm_pkg_remove_stale(const char *dir, const char *const *names, size_t n);

/* ---- writers ---- */

/* deployment.xml, streamed: begin (header, principals, add-ins), then per
 * room room_begin / message... / room_end (rooms in pkg order; categories
 * open and close around their rooms), then end. */
struct pcm_xml_writer;
struct pcm_xml_writer *pcm_xml_begin(struct pcm_pkg_file *f, const struct pcm_package *pkg,
                                     struct pcm_error *err);
int pcm_xml_room_begin(struct pcm_xml_writer *w, size_t room);
int pcm_xml_message(struct pcm_xml_writer *w, const struct pcm_message *msg);
int pcm_xml_room_end(struct pcm_xml_writer *w, size_t room);
/* Closes the document; frees w in every case. */
int pcm_xml_end(struct pcm_xml_writer *w, struct pcm_error *err);
void pcm_xml_abandon(struct pcm_xml_writer *w);

/* runbook.ps1 and recreate-structure.ps1 (UTF-8 with a BOM, as Windows
 * PowerShell needs to read non-ASCII names). Caller frees. */
char *pcm_runbook_text(const struct pcm_package *pkg);
char *pcm_recreate_text(const struct pcm_package *pkg);
/* The same recreate-structure.ps1 handed to put in pieces as it is made:
 * with a role list on every one of 100,000 rooms it runs to hundreds of
 * megabytes, so it is never held whole. */
struct pcm_findings;
/* ALLOWED-ADDED and PRESENTERS-NORMAL: what recreate-structure.ps1 changes
 * in the roles for a 2013 pool to accept them (the run adds them to the
 * warnings). */
void pcm_recreate_findings(const struct pcm_package *pkg, struct pcm_findings *out);
void pcm_recreate_write(const struct pcm_package *pkg,
                        void (*put)(void *ctx, const char *text, size_t n), void *ctx);
/* copy-files.cmd (CRLF lines), handed to put a room at a time (its
 * lines grow with the uploaded files, so they are never held whole);
 * *skipped counts files whose path cmd.exe cannot carry, room_skipped
 * (NULL, or zeroed, one per package room) the same per room; each is
 * listed as a REM line. */
void pcm_copyfiles_write(const struct pcm_package *pkg, size_t *skipped, uint32_t *room_skipped,
                         void (*put)(void *ctx, const char *s, size_t n), void *ctx);
/* The same as one string (tests). Caller frees. */
char *pcm_copyfiles_text(const struct pcm_package *pkg, size_t *skipped, uint32_t *room_skipped);
/* The same in steps, for links taken from the messages as they stream
 * (a deployment that did not keep them): the header, each package
 * room's links in package order (room_skipped: NULL or that room's
 * counter), the end, which returns how many were skipped. */
struct pcm_copyfiles;
struct pcm_copyfiles *pcm_copyfiles_begin(const struct pcm_package *pkg,
                                          void (*put)(void *ctx, const char *s, size_t n),
                                          void *ctx);
void pcm_copyfiles_room(struct pcm_copyfiles *cf, size_t room, char **links, size_t n,
                        uint32_t *room_skipped);
size_t pcm_copyfiles_end(struct pcm_copyfiles *cf);
void pcm_copyfiles_abandon(struct pcm_copyfiles *cf);
/* The legacy file store \\HOST\SHARE named by the first migrated
 * ma-filelink://HOST/SHARE/... link, or NULL. Caller frees. */
char *pcm_legacy_store_root(const struct pcm_package *pkg);

#endif
