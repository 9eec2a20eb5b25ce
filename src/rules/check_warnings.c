/* SPDX-License-Identifier: MIT */
/* R7: the warnings that are not checklist steps: uploaded files, federated
 * principals, the lookup-server endpoint, auditoriums without presenters,
 * roles of disabled principals. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rules/checks.h"
#include "rules/filesizes.h"
#include "base/i18n.h"
#include "rules/roles.h"
#include "base/util.h"

/* Federated entries in the scope that applies to a node (the nearest one,
 * roles.h). */
struct scope_fed {
	uint32_t count;         /* federated entries in the nearest scope */
	uint32_t example;       /* one of them */
};

/* Role holders that reach one room, by roles.h's walk (the package's). */
struct reach {
	uint32_t fed;           /* federated assignments */
	uint32_t fed_example;   /* the principal of the nearest one */
	bool voiced;            /* someone holds Voiced */
};

static bool is_federated(const struct pcm_principal *pr)
{
	return pr->kind == PCM_PRIN_FEDERATED_USER || pr->kind == PCM_PRIN_FEDERATED_GROUP;
}

/* Fills sc[] for every node: each scope holder's own counts, copied to
 * the nodes whose nearest scope it is. O(nodes + scopes). */
static void compute_scope_fed(const struct pcm_deployment *d, struct scope_fed *sc)
{
	uint32_t *scope_up = pcm_xmalloc((d->nodes.n + 1) * sizeof *scope_up);
	size_t i;

	for (i = 0; i < d->nodes.n; i++)
		sc[i].example = PCM_NONE;
	for (i = 0; i < d->scopes.n; i++) {
		const struct pcm_scope *s = &d->scopes.v[i];
		if (s->node >= d->nodes.n || s->principal >= d->principals.n ||
		    d->principals.v[s->principal].disabled || !is_federated(&d->principals.v[s->principal]))
			continue;
		sc[s->node].count++;
		if (sc[s->node].example == PCM_NONE)
			sc[s->node].example = s->principal;
	}
	pcm_scope_nearest(d, scope_up);
	/* a node's nearest scope holder has its own counts only: copy them */
	for (i = 0; i < d->nodes.n; i++)
		if (scope_up[i] != i && scope_up[i] != PCM_NONE)
			sc[i] = sc[scope_up[i]];
	free(scope_up);
}

/* The migrated assignments that reach room n (roles.h's walk). */
static void room_reach(const struct pcm_role_index *ix, uint32_t n, struct reach *r)
{
	const struct pcm_deployment *d = ix->d;
	struct pcm_role_walk w;
	const struct pcm_role *role;

	r->fed = 0;
	r->fed_example = PCM_NONE;
	r->voiced = false;
	pcm_role_walk_start(&w, ix, n, PCM_WALK_REACHING);
	while ((role = pcm_role_walk_next(&w)) != NULL) {
		if (is_federated(&d->principals.v[role->principal])) {
			if (!r->fed++)
				r->fed_example = role->principal;
		}
		if (role->kind == PCM_ROLE_VOICED)
			r->voiced = true;
	}
}

/* ENDPOINT: the lookup server URI, from the source, else the default
 * sip:ocschat@<domain> with the domain of the first SIP principal. */
static char *lookup_server_uri(const struct pcm_deployment *d, bool *assumed)
{
	size_t i;

	*assumed = false;
	if (d->info.lookup_server_uri && *d->info.lookup_server_uri)
		return pcm_xstrdup(d->info.lookup_server_uri);
	*assumed = true;
	for (i = 0; i < d->principals.n; i++) {
		const char *uri = d->principals.v[i].uri;
		if (uri && strncasecmp(uri, "sip:ocschat@", 12) == 0)
			return pcm_xstrdup(uri);
	}
	for (i = 0; i < d->principals.n; i++) {
		const char *uri = d->principals.v[i].uri, *at;
		if (uri && strncasecmp(uri, "sip:", 4) == 0 && (at = strchr(uri, '@')) && at[1])
			return pcm_xasprintf("sip:ocschat@%s", at + 1);
	}
	return pcm_xstrdup("sip:ocschat@<domain>");
}

static void warn_endpoint(const struct pcm_deployment *d, struct pcm_findings *out)
{
	bool assumed;
	char *uri = lookup_server_uri(d, &assumed);

	pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "ENDPOINT", uri, uri, PCM_NONE,
	                PCM_NONE, 0,
	                assumed
	                ? _("the legacy lookup server URI %s (assumed: the source does not record "
	                    "it) must be recreated as a Persistent Chat endpoint with the same SIP "
	                    "URI (New-CsPersistentChatEndpoint, written by the engine)")
	                : _("the legacy lookup server URI %s must be recreated as a Persistent "
	                    "Chat endpoint with the same SIP URI (New-CsPersistentChatEndpoint, "
	                    "written by the engine)"),
	                uri);
	free(uri);
}

/* FILES for one migrated room: its links, and with a listing of the file
 * store their size and how many are not in it. */
static void warn_room_files(const struct pcm_file_totals *t, uint32_t n, const char *id,
                            const char *path, struct pcm_findings *out)
{
	char size[32];
	unsigned links = t->links[n];

	if (!links)
		return;
	if (!t->sizes_known) {
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FILES", id, path, n, PCM_NONE,
		                links,
		                P_("room %s (nodeID %s): %u uploaded file (size unknown) must be "
		                   "copied by hand to the new file store (the engine writes the copy "
		                   "commands); the Lync 2013 client cannot upload or view files in "
		                   "chat rooms (the legacy client can)",
		                   "room %s (nodeID %s): %u uploaded files (size unknown) must be "
		                   "copied by hand to the new file store (the engine writes the copy "
		                   "commands); the Lync 2013 client cannot upload or view files in "
		                   "chat rooms (the legacy client can)", links),
		                path, id, links);
		return;
	}
	pcm_format_size(t->bytes[n], size, sizeof size);
	if (!t->missing[n])
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FILES", id, path, n, PCM_NONE,
		                links,
		                P_("room %s (nodeID %s): %u uploaded file, %s (%llu bytes), must be "
		                   "copied by hand to the new file store (the engine writes the copy "
		                   "commands); the Lync 2013 client cannot upload or view files in "
		                   "chat rooms (the legacy client can)",
		                   "room %s (nodeID %s): %u uploaded files, %s (%llu bytes), must be "
		                   "copied by hand to the new file store (the engine writes the copy "
		                   "commands); the Lync 2013 client cannot upload or view files in "
		                   "chat rooms (the legacy client can)", links),
		                path, id, links, size, (unsigned long long)t->bytes[n]);
	else
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FILES", id, path, n, PCM_NONE,
		                links,
		                P_("room %s (nodeID %s): %u uploaded file must be copied by hand to "
		                   "the new file store (the engine writes the copy commands); found in "
		                   "the store: %u, %s (%llu bytes); not found: %u (FILES-MISSING); the "
		                   "Lync 2013 client cannot upload or view files in chat rooms (the "
		                   "legacy client can)",
		                   "room %s (nodeID %s): %u uploaded files must be copied by hand to "
		                   "the new file store (the engine writes the copy commands); found in "
		                   "the store: %u, %s (%llu bytes); not found: %u (FILES-MISSING); the "
		                   "Lync 2013 client cannot upload or view files in chat rooms (the "
		                   "legacy client can)",
		                   links),
		                path, id, links, (unsigned)t->files[n], size,
		                (unsigned long long)t->bytes[n], (unsigned)t->missing[n]);
}

/* FILE-STORE: one summary of what there is to copy, or how to learn its
 * size when no listing was given. */
static void warn_file_store(const struct pcm_deployment *d, const struct pcm_file_totals *t,
                            struct pcm_findings *out)
{
	char size[32];
	const char *from = d->file_sizes_from;

	if (!t->links_total)
		return;
	if (!t->sizes_known) {
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_INFO, "FILE-STORE", "-", "", PCM_NONE,
		                PCM_NONE, -1,
		                P_("%llu uploaded file link in %u migrated room: the total size is "
		                   "unknown, as the database records no file sizes; list the legacy "
		                   "file store and pass the listing with --file-sizes FILE (or a copy "
		                   "of the store with --file-store DIR), see FILE SIZES in pcmigrate(1)",
		                   "%llu uploaded file links in %u migrated rooms: the total size is "
		                   "unknown, as the database records no file sizes; list the legacy "
		                   "file store and pass the listing with --file-sizes FILE (or a copy "
		                   "of the store with --file-store DIR), see FILE SIZES in pcmigrate(1)",
		                   t->links_total),
		                (unsigned long long)t->links_total, (unsigned)t->rooms);
		return;
	}
	pcm_format_size(t->bytes_total, size, sizeof size);
	pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_INFO, "FILE-STORE", from, from, PCM_NONE,
	                PCM_NONE, (int64_t)t->bytes_total,
	                P_("%llu file to copy by hand from the legacy file store, %s (%llu bytes) "
	                   "in total, according to %s; files linked but not there: %llu",
	                   "%llu files to copy by hand from the legacy file store, %s (%llu bytes) "
	                   "in total, according to %s; files linked but not there: %llu",
	                   t->files_total),
	                (unsigned long long)t->files_total, size, (unsigned long long)t->bytes_total,
	                from, (unsigned long long)t->missing_total);
	if (t->missing_total && !t->files_total)
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FILE-STORE", from, from,
		                PCM_NONE, PCM_NONE, 0,
		                _("no file link matched a file in %s: does it list the share the "
		                  "links name, with paths that end in the path after \\\\HOST\\SHARE\\ "
		                  "(see FILE SIZES in pcmigrate(1))?"),
		                from);
}

struct missing_ctx {
	const struct pcm_deployment *d;
	const char *sep;
	struct pcm_findings *out;
};

/* FILES-MISSING: one per room and linked file that the listing lacks. */
static void warn_missing_file(const struct pcm_file_ref *f, void *user)
{
	struct missing_ctx *c = user;
	char *id = pcm_node_id_text(c->d, f->room);
	char *path = pcm_node_path(c->d, f->room, c->sep);

	if (f->store_file == PCM_NONE)
		pcm_finding_add(c->out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FILES-MISSING", id, path,
		                f->room, f->poster, 0,
		                _("room %s (nodeID %s): the file link %s is not a path in a file "
		                  "store: copy that file by hand if you can find it"),
		                path, id, f->link);
	else
		pcm_finding_add(c->out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FILES-MISSING", id, path,
		                f->room, f->poster, 0,
		                _("room %s (nodeID %s): the uploaded file %s is not in %s: it cannot "
		                  "be copied, and its link will lead nowhere after the migration"),
		                path, id, f->link, c->d->file_sizes_from);
	free(path);
	free(id);
}

/* FILES, FEDERATED and AUDITORIUM-NO-PRESENTER for every migrated room. */
static void warn_rooms(const struct pcm_deployment *d, const struct pcm_plan *p,
                       const struct pcm_role_index *ix, const struct scope_fed *sc,
                       struct pcm_findings *out)
{
	const char *sep = pcm_plan_separator(p);
	struct pcm_file_totals files;
	struct missing_ctx missing = { d, sep, out };
	uint32_t n;

	/* files posted before the cutoff are not migrated (R5) */
	pcm_file_totals_compute(&files, d, p);
	warn_file_store(d, &files, out);
	/* the database does not record the share; runbook.ps1 copies it */
	if (files.links_total && !(p && p->file_store_root))
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_INFO, "FILE-STORE-ROOT", "-", "", PCM_NONE,
		                PCM_NONE, -1,
		                _("the legacy file store runbook.ps1 copies is not in the plan: set it "
		                  "with pcmigrate plan --legacy-store PATH (a UNC share or a drive path); "
		                  "the database does not record it, and a file link is no proof of it"));
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *room = &d->nodes.v[n];
		char *id, *path;
		struct reach r;
		uint32_t fed;

		if (!pcm_room_migrated(d, p, n))
			continue;
		id = pcm_node_id_text(d, n);
		path = pcm_node_path(d, n, sep);
		warn_room_files(&files, n, id, path, out);
		room_reach(ix, n, &r);
		fed = r.fed + sc[n].count;
		if (fed) {
			uint32_t who = r.fed_example != PCM_NONE ? r.fed_example : sc[n].example;
			pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FEDERATED", id, path, n,
			                who, fed,
			                _("room %s (nodeID %s): federated principals (%s; %u role or "
			                  "scope entries on the room or its categories) hold access "
			                  "that they lose after the migration"),
			                path, id, d->principals.v[who].uri, (unsigned)fed);
		}
		if (room->behavior == PCM_BEHAVIOR_AUDITORIUM &&
		    !r.voiced)
			pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "AUDITORIUM-NO-PRESENTER",
			                id, path, n, PCM_NONE, 0,
			                _("room %s (nodeID %s) is an auditorium but no one holds the "
			                  "Voiced role: after the migration no one can post in it"),
			                path, id);
		free(path);
		free(id);
	}
	pcm_file_totals_free(&files);
	pcm_file_missing_each(d, p, warn_missing_file, &missing);
}

/* DISABLED-PRINCIPAL: one per disabled principal holding roles on a
 * migrated room or on a category above one. */
static void warn_disabled_principals(const struct pcm_deployment *d, const struct pcm_plan *p,
                                     struct pcm_findings *out)
{
	bool *needed = pcm_xcalloc(d->nodes.n + 1, sizeof *needed);
	uint32_t *count = pcm_xcalloc(d->principals.n + 1, sizeof *count), n;
	size_t i;

	/* a node matters when its subtree holds a migrated room: children
	 * come after their parent, so walk the parents-first order backwards */
	for (i = d->parents_first ? d->nodes.n : 0; i-- > 0;) {
		n = d->parents_first[i];
		if (pcm_room_migrated(d, p, n))
			needed[n] = true;
		if (needed[n] && d->nodes.v[n].parent != PCM_NONE)
			needed[d->nodes.v[n].parent] = true;
	}
	for (i = 0; i < d->roles.n; i++) {
		const struct pcm_role *role = &d->roles.v[i];
		if (role->node < d->nodes.n && role->principal < d->principals.n &&
		    needed[role->node] && d->principals.v[role->principal].disabled)
			count[role->principal]++;
	}
	for (i = 0; i < d->principals.n; i++) {
		const struct pcm_principal *pr = &d->principals.v[i];
		const char *who = pr->name && *pr->name ? pr->name : pr->uri;
		if (!count[i])
			continue;
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "DISABLED-PRINCIPAL", pr->uri,
		                who, PCM_NONE, (uint32_t)i, count[i],
		                _("principal %s (%s) is disabled: its %u role assignments on migrated "
		                  "rooms and their categories are not migrated"),
		                pr->uri, who, (unsigned)count[i]);
	}
	free(count);
	free(needed);
}

void pcm_check_warnings(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out)
{
	struct pcm_role_index ix;
	struct scope_fed *sc;

	if (d->root == PCM_NONE)
		return;
	warn_endpoint(d, out);
	sc = pcm_xcalloc(d->nodes.n + 1, sizeof *sc);
	compute_scope_fed(d, sc);
	pcm_role_index_init(&ix, d, p);
	warn_rooms(d, p, &ix, sc, out);
	pcm_role_index_free(&ix);
	free(sc);
	warn_disabled_principals(d, p, out);
}
