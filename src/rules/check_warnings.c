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

/* Role holders that reach a node, from the node itself or inherited from
 * its categories, split by how far they travel (roles.h: "honoring" stop
 * at an override, "passing" reach every node below). */
struct reach {
	uint32_t fed_honoring, fed_passing;     /* federated assignments */
	uint32_t fed_example;                   /* one federated principal */
	uint32_t fed_scope;                     /* federated entries in the nearest scope */
	uint32_t scope_example;
	bool voiced_honoring, voiced_passing;   /* someone holds Voiced */
};

static bool is_federated(const struct pcm_principal *pr)
{
	return pr->kind == PCM_PRIN_FEDERATED_USER || pr->kind == PCM_PRIN_FEDERATED_GROUP;
}

/* Fills r[] for every node: own assignments first, then one pre-order
 * pass adds what the parent passes down; the scope is the nearest one
 * (roles.h). O(nodes + roles + scopes). */
static void compute_reach(const struct pcm_deployment *d, const struct pcm_plan *p,
                          struct reach *r)
{
	uint32_t *scope_up = pcm_xmalloc((d->nodes.n + 1) * sizeof *scope_up);
	size_t i;
	uint32_t n;

	for (i = 0; i < d->nodes.n; i++)
		r[i].fed_example = r[i].scope_example = PCM_NONE;
	for (i = 0; i < d->roles.n; i++) {
		const struct pcm_role *role = &d->roles.v[i];
		const struct pcm_principal *pr;
		enum pcm_inherit how;
		if (role->node >= d->nodes.n || role->principal >= d->principals.n)
			continue;
		pr = &d->principals.v[role->principal];
		how = pcm_role_inheritance(d, role);
		if (how == PCM_INHERIT_NONE || pcm_role_dropped(d, p, role))
			continue;       /* not migrated: DISABLED-PRINCIPAL, or dropped (R2) */
		if (is_federated(pr)) {
			if (how == PCM_INHERIT_UNTIL_OVERRIDE)
				r[role->node].fed_honoring++;
			else
				r[role->node].fed_passing++;
			if (r[role->node].fed_example == PCM_NONE)
				r[role->node].fed_example = role->principal;
		}
		if (role->kind == PCM_ROLE_VOICED) {
			if (how == PCM_INHERIT_UNTIL_OVERRIDE)
				r[role->node].voiced_honoring = true;
			else
				r[role->node].voiced_passing = true;
		}
	}
	/* federated principals in the scope a node holds itself */
	for (i = 0; i < d->scopes.n; i++) {
		const struct pcm_scope *s = &d->scopes.v[i];
		if (s->node >= d->nodes.n || s->principal >= d->principals.n ||
		    d->principals.v[s->principal].disabled || !is_federated(&d->principals.v[s->principal]))
			continue;
		r[s->node].fed_scope++;
		if (r[s->node].scope_example == PCM_NONE)
			r[s->node].scope_example = s->principal;
	}
	pcm_scope_nearest(d, scope_up);
	for (i = 0; d->parents_first && i < d->nodes.n; i++) {
		const struct pcm_node *node = &d->nodes.v[n = d->parents_first[i]];
		const struct reach *up;
		bool stop;
		if (node->parent == PCM_NONE)
			continue;
		up = &r[node->parent];
		stop = pcm_inherit_stops_at(PCM_INHERIT_UNTIL_OVERRIDE, node);
		r[n].fed_passing += up->fed_passing;
		r[n].voiced_passing |= up->voiced_passing;
		if (!stop) {
			r[n].fed_honoring += up->fed_honoring;
			r[n].voiced_honoring |= up->voiced_honoring;
		}
		if (r[n].fed_example == PCM_NONE && (up->fed_passing || (!stop && up->fed_honoring)))
			r[n].fed_example = up->fed_example;
	}
	/* a node's nearest scope holder has its own counts only: copy them */
	for (i = 0; i < d->nodes.n; i++)
		if (scope_up[i] != i && scope_up[i] != PCM_NONE) {
			r[i].fed_scope = r[scope_up[i]].fed_scope;
			r[i].scope_example = r[scope_up[i]].scope_example;
		}
	free(scope_up);
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
                       const struct reach *r, struct pcm_findings *out)
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
		uint32_t fed;

		if (!pcm_room_migrated(d, p, n))
			continue;
		id = pcm_node_id_text(d, n);
		path = pcm_node_path(d, n, sep);
		warn_room_files(&files, n, id, path, out);
		fed = r[n].fed_honoring + r[n].fed_passing + r[n].fed_scope;
		if (fed) {
			uint32_t who = r[n].fed_example != PCM_NONE ? r[n].fed_example : r[n].scope_example;
			pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FEDERATED", id, path, n,
			                who, fed,
			                _("room %s (nodeID %s): federated principals (%s; %u role or "
			                  "scope entries on the room or its categories) hold access "
			                  "that they lose after the migration"),
			                path, id, d->principals.v[who].uri, (unsigned)fed);
		}
		if (room->behavior == PCM_BEHAVIOR_AUDITORIUM &&
		    !r[n].voiced_honoring && !r[n].voiced_passing)
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
	struct reach *r;

	if (d->root == PCM_NONE)
		return;
	warn_endpoint(d, out);
	r = pcm_xcalloc(d->nodes.n + 1, sizeof *r);
	compute_reach(d, p, r);
	warn_rooms(d, p, r, out);
	free(r);
	warn_disabled_principals(d, p, out);
}
