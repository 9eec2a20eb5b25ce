/* SPDX-License-Identifier: MIT */
/* Which decisions of a loaded plan no longer apply to the deployment:
 * a room that vanished, a rename now too long or overtaken by the source,
 * a root manager who is no longer one... Each is named, so the admin can
 * review it instead of having it silently ignored. */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "rules/flatten.h"
#include "base/i18n.h"
#include "rules/plan.h"
#include "base/util.h"

static void add_issue(struct pcm_plan_issues *out, const char *decision, const char *key,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add_issue(struct pcm_plan_issues *out, const char *decision, const char *key,
                      const char *fmt, ...)
{
	struct pcm_plan_issue *x = PCM_VEC_PUSH(out->list);
	va_list ap;
	int n;

	x->decision = decision;
	x->key = pcm_xstrdup(key);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	x->message = pcm_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	x->message[0] = '\0';
	va_start(ap, fmt);
	if (n >= 0)
		vsnprintf(x->message, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

void pcm_plan_issues_free(struct pcm_plan_issues *issues)
{
	size_t i;

	for (i = 0; i < issues->list.n; i++) {
		free(issues->list.v[i].key);
		free(issues->list.v[i].message);
	}
	free(issues->list.v);
	memset(issues, 0, sizeof *issues);
}

/* A rename: the node must still exist, still carry the name the decision
 * was made from, and the final name must still fit (R3). */
static void review_rename(const struct pcm_plan *p, const struct pcm_deployment *d,
                          const struct pcm_rename *r, struct pcm_plan_issues *out)
{
	uint32_t n = pcm_node_index(d, r->node_id);
	char key[16], *final;
	const struct pcm_node *node;
	long units;

	snprintf(key, sizeof key, "%d", (int)r->node_id);
	if (n == PCM_NONE) {
		add_issue(out, "rename", key, _("rename of nodeID %d (\"%s\" to \"%s\"): no such room "
		                                "or category in the source any more"),
		          (int)r->node_id, r->old_name ? r->old_name : "?", r->new_name);
		return;
	}
	node = &d->nodes.v[n];
	if (!strcmp(node->name, r->new_name))
		return;         /* already applied to the source: harmless */
	if (r->old_name && strcmp(node->name, r->old_name) != 0)
		add_issue(out, "rename", key, _("rename of nodeID %d to \"%s\": the decision was made "
		                                "for the name \"%s\", but the source now says \"%s\""),
		          (int)r->node_id, r->new_name, r->old_name, node->name);
	final = node->is_category ? pcm_final_category_name(d, p, n)
	                          : pcm_final_room_name(d, p, n, r->new_name);
	units = pcm_utf16_length(final);
	if (units > PCM_NAME_LIMIT)
		add_issue(out, "rename", key, _("rename of nodeID %d to \"%s\": the final name \"%s\" "
		                                "is now %ld UTF-16 units, over the limit of %d"),
		          (int)r->node_id, r->new_name, final, units, PCM_NAME_LIMIT);
	free(final);
}

/* Is uri a manager of the root category in this deployment? */
static bool is_root_manager(const struct pcm_deployment *d, const char *uri)
{
	uint32_t pr = pcm_principal_by_uri(d, uri);
	size_t i;

	if (pr == PCM_NONE)
		return false;
	for (i = 0; i < d->roles.n; i++)
		if (d->roles.v[i].node == d->root && d->roles.v[i].principal == pr &&
		    d->roles.v[i].kind == PCM_ROLE_MANAGER)
			return true;
	return false;
}

size_t pcm_plan_review(const struct pcm_plan *p, const struct pcm_deployment *d,
                       struct pcm_plan_issues *out)
{
	size_t before = out->list.n, i;
	char key[16];

	for (i = 0; i < p->renames.n; i++)
		review_rename(p, d, &p->renames.v[i], out);
	for (i = 0; i < p->disabled.n; i++) {
		const struct pcm_disable *x = &p->disabled.v[i];
		uint32_t n = pcm_node_index(d, x->node_id);
		snprintf(key, sizeof key, "%d", (int)x->node_id);
		if (n == PCM_NONE)
			add_issue(out, "disable", key, _("disabling room nodeID %d (\"%s\"): no such room "
			                                 "in the source any more"),
			          (int)x->node_id, x->name ? x->name : "?");
		else if (d->nodes.v[n].is_category)
			add_issue(out, "disable", key, _("disabling nodeID %d (\"%s\"): it is a category, "
			                                 "not a room"),
			          (int)x->node_id, d->nodes.v[n].name);
		/* a room the source already has disabled: the decision is done
		 * (the Admin Tool worklist was worked through), not stale */
	}
	for (i = 0; i < p->root_managers.n; i++) {
		const struct pcm_root_manager_decision *r = &p->root_managers.v[i];
		if (pcm_principal_by_uri(d, r->uri) == PCM_NONE)
			add_issue(out, "root-manager", r->uri,
			          r->keep ? _("keeping root manager %s: no such principal in the source "
			                      "any more")
			                  : _("dropping root manager %s: no such principal in the source "
			                      "any more"),
			          r->uri);
		else if (r->keep && !is_root_manager(d, r->uri))
			add_issue(out, "root-manager", r->uri,
			          _("keeping root manager %s: no longer a manager of the root category"),
			          r->uri);
		/* dropping one who no longer manages the root: done, not stale */
	}
	for (i = 0; i < p->invitations.n; i++) {
		const struct pcm_category_invite *c = &p->invitations.v[i];
		uint32_t n = pcm_node_index(d, c->node_id);
		snprintf(key, sizeof key, "%d", (int)c->node_id);
		if (n == PCM_NONE)
			add_issue(out, "category-invitations", key, _("invitations of category nodeID %d: "
			                                              "no such category in the source any more"),
			          (int)c->node_id);
		else if (!d->nodes.v[n].is_category)
			add_issue(out, "category-invitations", key, _("invitations of nodeID %d (\"%s\"): it "
			                                              "is a room, not a category"),
			          (int)c->node_id, d->nodes.v[n].name);
	}
	return out->list.n - before;
}
