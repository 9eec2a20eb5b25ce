/* R7: the warnings that are not checklist steps: uploaded files, federated
 * principals, the lookup-server endpoint, auditoriums without presenters,
 * roles of disabled principals. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "checks_impl.h"
#include "i18n.h"
#include "roles.h"
#include "util.h"

/* Role holders that reach a node, from the node itself or inherited from
 * its categories, split by how far they travel (roles.h: "honoring" stop
 * at an override, "passing" reach every node below). */
struct reach {
	uint32_t fed_honoring, fed_passing;     /* federated assignments */
	uint32_t fed_example;                   /* one federated principal */
	bool voiced_honoring, voiced_passing;   /* someone holds Voiced */
};

static bool is_federated(const struct pcm_principal *pr)
{
	return pr->kind == PCM_PRIN_FEDERATED_USER || pr->kind == PCM_PRIN_FEDERATED_GROUP;
}

/* Fills r[] for every node: own assignments first, then one pre-order
 * pass adds what the parent passes down. O(nodes + roles + scopes). */
static void compute_reach(const struct pcm_deployment *d, struct reach *r)
{
	size_t i;
	uint32_t n;

	for (i = 0; i < d->nodes.n; i++)
		r[i].fed_example = PCM_NONE;
	for (i = 0; i < d->roles.n; i++) {
		const struct pcm_role *role = &d->roles.v[i];
		const struct pcm_principal *pr;
		enum pcm_inherit how;
		if (role->node >= d->nodes.n || role->principal >= d->principals.n)
			continue;
		pr = &d->principals.v[role->principal];
		how = pcm_role_inheritance(d, role);
		if (how == PCM_INHERIT_NONE)
			continue;       /* not migrated: DISABLED-PRINCIPAL */
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
	/* a federated principal in a node's scope counts as a holder that
	 * stops at an override, as an honoring role does */
	for (i = 0; i < d->scopes.n; i++) {
		const struct pcm_scope *s = &d->scopes.v[i];
		if (s->node >= d->nodes.n || s->principal >= d->principals.n ||
		    d->principals.v[s->principal].disabled || !is_federated(&d->principals.v[s->principal]))
			continue;
		r[s->node].fed_honoring++;
		if (r[s->node].fed_example == PCM_NONE)
			r[s->node].fed_example = s->principal;
	}
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *node = &d->nodes.v[n];
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

/* FILES, FEDERATED and AUDITORIUM-NO-PRESENTER for every migrated room. */
static void warn_rooms(const struct pcm_deployment *d, const struct pcm_plan *p,
                       const struct reach *r, struct pcm_findings *out)
{
	const char *sep = pcm_plan_separator(p);
	uint32_t *files = pcm_xcalloc(d->nodes.n + 1, sizeof *files), n;
	size_t i;

	/* files posted before the cutoff are not migrated (R5) */
	for (i = 0; i < d->files.n; i++) {
		const struct pcm_file_ref *f = &d->files.v[i];
		if (f->room < d->nodes.n && !(p && p->has_cutoff && f->posted_ticks < p->cutoff_ticks))
			files[f->room]++;
	}
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *room = &d->nodes.v[n];
		char *id, *path;

		if (!pcm_room_migrated(d, p, n))
			continue;
		id = pcm_node_id_text(d, n);
		path = pcm_node_path(d, n, sep);
		if (files[n])
			pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FILES", id, path, n,
			                PCM_NONE, files[n],
			                _("room %s (nodeID %s): %u uploaded files must be copied by hand "
			                  "to the new file store (the engine writes the copy commands)"),
			                path, id, (unsigned)files[n]);
		if (r[n].fed_honoring + r[n].fed_passing) {
			const struct pcm_principal *ex = &d->principals.v[r[n].fed_example];
			pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_WARNING, "FEDERATED", id, path, n,
			                r[n].fed_example, r[n].fed_honoring + r[n].fed_passing,
			                _("room %s (nodeID %s): federated principals (%s; %u role or "
			                  "scope entries on the room or its categories) hold access "
			                  "that they lose after the migration"),
			                path, id, ex->uri, (unsigned)(r[n].fed_honoring + r[n].fed_passing));
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
	free(files);
}

/* DISABLED-PRINCIPAL: one per disabled principal holding roles on a
 * migrated room or on a category above one. */
static void warn_disabled_principals(const struct pcm_deployment *d, const struct pcm_plan *p,
                                     struct pcm_findings *out)
{
	bool *needed = pcm_xcalloc(d->nodes.n + 1, sizeof *needed);
	uint32_t *order = pcm_xmalloc((d->nodes.n + 1) * sizeof *order);
	uint32_t *count = pcm_xcalloc(d->principals.n + 1, sizeof *count), n;
	size_t norder = 0, i;

	/* a node matters when its subtree holds a migrated room: children
	 * come after their parent in pre-order, so walk it backwards */
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n))
		order[norder++] = n;
	for (i = norder; i-- > 0;) {
		n = order[i];
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
	free(order);
	free(needed);
}

void pcm_check_warnings(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out)
{
	struct reach *r;

	if (d->root == PCM_NONE)
		return;
	warn_endpoint(d, out);
	r = pcm_xcalloc(d->nodes.n + 1, sizeof *r);
	compute_reach(d, r);
	warn_rooms(d, p, r, out);
	free(r);
	warn_disabled_principals(d, p, out);
}
