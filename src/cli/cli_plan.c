/* SPDX-License-Identifier: MIT */
/* pcmigrate plan: records the checklist decisions without the wizard, for
 * scripted or repeated runs. Every change is saved at once (atomically);
 * --show prints the plan; --rebase binds it to the current source. */
#include "config.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "cli/cli.h"
#include "engine/worklist.h"
#include "base/error.h"
#include "base/escape.h"
#include "rules/flatten.h"
#include "base/i18n.h"
#include "rules/plan.h"
#include "rules/rename_rule.h"
#include "base/util.h"

enum plan_action {
	ACT_CUTOFF = 256, ACT_SEPARATOR, ACT_TARGET_ITEMS, ACT_DISABLE, ACT_ENABLE, ACT_RENAME,
	ACT_DROP_RM, ACT_KEEP_RM, ACT_CAT_INVITE, ACT_OVERRIDE_BACKUP, ACT_REBASE, ACT_SHOW,
	ACT_POOL, ACT_LEGACY_STORE, ACT_COMPLIANCE, ACT_WORKLIST, ACT_WITHDRAW_OVERRIDE
};

struct action {
	int what;
	const char *arg;
};

static void plan_usage(FILE *out)
{
	fputs(_("Usage: pcmigrate plan [--source SOURCE] [--plan FILE] ACTION...\n"
	        "Records decisions in the plan (saved after every change). Actions:\n"
	        "  --cutoff DATE               the export gets -StartDate DATE (YYYY-MM-DD,\n"
	        "                              00:00 UTC); --cutoff none removes it\n"
	        "  --separator SEP             joins category names in flattened names\n"
	        "  --target-items FILE         names already created in the target pool\n"
	        "  --disable ROOM              do not migrate ROOM\n"
	        "  --enable ROOM               undo --disable\n"
	        "  --rename ROOM=NAME          give ROOM (or a category) a new own name\n"
	        "  --drop-root-manager URI     remove a root manager before migration\n"
	        "  --keep-root-manager URI     keep it: it manages every migrated room\n"
	        "  --category-invitations CAT=on|off\n"
	        "                              on: turn the category's invitations on;\n"
	        "                              off: accept that its rooms are forced off\n"
	        "  --override-backup REASON    go on without a full backup holding every\n"
	        "                              message (recorded with who and when)\n"
	        "  --withdraw-override         withdraw that override: the backup check\n"
	        "                              blocks the package again\n"
	        "  --pool FQDN                 the Persistent Chat pool, for the package\n"
	        "  --legacy-store PATH         the legacy file store the runbook copies:\n"
	        "                              \\\\host\\share or X:\\path\n"
	        "  --compliance SERVER/DB      the legacy compliance database, named in the\n"
	        "                              backup check and the runbook; none removes it\n"
	        "  --rebase                    bind the plan to this source on purpose\n"
	        "  --show                      print the plan\n"
	        "  --worklist                  print the Group Chat Admin Tool worklist: the\n"
	        "                              plan's changes to the legacy deployment, as\n"
	        "                              admin-tool-worklist.txt holds them\n"
	        "ROOM and CAT are a legacy nodeID (70) or a legacy path (Marketing/general,\n"
	        "names joined by the separator); URI is a prinUri.\n"), out);
}

/* Resolves ROOM or CAT (nodeID or legacy path); prints why not. */
static uint32_t lookup_node(const struct pcm_deployment *d, const struct pcm_plan *p,
                            const char *key, bool want_category)
{
	uint32_t n = pcm_node_lookup(d, key, pcm_plan_separator(p));

	if (n == PCM_NONE) {
		fprintf(stderr, _("pcmigrate plan: no room or category '%s' (give a nodeID or a legacy "
		                  "path joined by '%s')\n"), key, pcm_plan_separator(p));
		return PCM_NONE;
	}
	if (want_category != d->nodes.v[n].is_category) {
		fprintf(stderr, want_category
		        ? _("pcmigrate plan: '%s' (nodeID %d) is a room, not a category\n")
		        : _("pcmigrate plan: '%s' (nodeID %d) is a category, not a room\n"),
		        key, (int)d->nodes.v[n].id);
		return PCM_NONE;
	}
	return n;
}

/* Splits "KEY=VALUE" where KEY may itself hold '=': the first split whose
 * key names a node wins. */
static uint32_t split_node_arg(const struct pcm_deployment *d, const struct pcm_plan *p,
                               const char *arg, const char **value)
{
	const char *eq;
	char *key;

	for (eq = strchr(arg, '='); eq; eq = strchr(eq + 1, '=')) {
		uint32_t n;
		key = pcm_xstrdup(arg);
		key[eq - arg] = '\0';
		n = pcm_node_lookup(d, key, pcm_plan_separator(p));
		free(key);
		if (n != PCM_NONE) {
			*value = eq + 1;
			return n;
		}
	}
	return PCM_NONE;
}

/* Is uri a principal with the Manager role on the root? */
static bool root_manager(const struct pcm_deployment *d, const char *uri)
{
	uint32_t pr = pcm_principal_by_uri(d, uri);
	size_t i;

	for (i = 0; pr != PCM_NONE && i < d->roles.n; i++)
		if (d->roles.v[i].node == d->root && d->roles.v[i].principal == pr &&
		    d->roles.v[i].kind == PCM_ROLE_MANAGER)
			return true;
	return false;
}

/* R3 for a rename before it is recorded (rules/rename_rule.c, the rule
 * the wizard's editor applies too). Prints why not. */
static bool rename_acceptable(const struct pcm_deployment *d, struct pcm_plan *p, uint32_t n,
                              const char *name)
{
	struct pcm_rename_verdict v;

	if (pcm_rename_judge(d, p, n, name, false, &v))
		return true;
	fprintf(stderr, "pcmigrate plan: %s\n", v.why);
	return false;
}

static void print_stamp(const struct pcm_stamp *s)
{
	if (s->at || s->by)
		printf(_(" (by %s at %s)"), pcm_shown(s->by), pcm_shown(s->at));
	putchar('\n');
}

/* --show: the plan in words, then what no longer applies. */
static void show_plan(const struct pcm_plan *p, const struct pcm_deployment *d)
{
	const char *sep = pcm_plan_separator(p);
	struct pcm_plan_issues issues = { { NULL, 0, 0 } };
	size_t i;

	printf(_("Plan: %s\n"), pcm_shown(p->path));
	if (p->source_kind)
		printf(_("Source: %s %s%s%s\n"), pcm_shown(p->source_kind),
		       p->source_location ? pcm_shown(p->source_location) : "",
		       p->source_sha256[0] ? _(", SHA-256 ") : "", p->source_sha256);
	printf(_("Separator: \"%s\""), pcm_shown(sep));
	print_stamp(&p->separator_stamp);
	if (p->has_cutoff) {
		printf(_("Cutoff: %s"), pcm_shown(p->cutoff_text));
		print_stamp(&p->cutoff_stamp);
	}
	if (p->backup_override_reason) {
		printf(_("Backup check overridden: %s"), pcm_shown(p->backup_override_reason));
		print_stamp(&p->backup_override_stamp);
	}
	if (p->target_items_file) {
		printf(_("Target items: %s (%zu names)"), pcm_shown(p->target_items_file), p->ntarget_items);
		print_stamp(&p->target_items_stamp);
	}
	if (p->pool_fqdn)
		printf(_("Pool: %s\n"), pcm_shown(p->pool_fqdn));
	if (p->file_store_root)
		printf(_("Legacy file store: %s\n"), pcm_shown(p->file_store_root));
	if (p->compliance_db)
		printf(_("Compliance database: %s on %s\n"), pcm_shown(p->compliance_db),
		       pcm_shown(p->compliance_server ? p->compliance_server : "?"));
	for (i = 0; i < p->renames.n; i++) {
		const struct pcm_rename *r = &p->renames.v[i];
		printf(_("Rename %d: \"%s\" to \"%s\""), (int)r->node_id,
		       pcm_shown(r->old_name), pcm_shown(r->new_name));
		print_stamp(&r->stamp);
	}
	for (i = 0; i < p->root_managers.n; i++) {
		const struct pcm_root_manager_decision *r = &p->root_managers.v[i];
		printf(r->keep ? _("Root manager %s: keep") : _("Root manager %s: drop"), pcm_shown(r->uri));
		print_stamp(&r->stamp);
	}
	for (i = 0; i < p->invitations.n; i++) {
		const struct pcm_category_invite *c = &p->invitations.v[i];
		uint32_t n = pcm_node_index(d, c->node_id);
		char *path = n != PCM_NONE ? pcm_node_path(d, n, sep) : pcm_xstrdup("?");
		printf(c->turn_on ? _("Category %d (%s): turn invitations on")
		                  : _("Category %d (%s): accept invitations forced off"),
		       (int)c->node_id, pcm_shown(path));
		print_stamp(&c->stamp);
		free(path);
	}
	for (i = 0; i < p->disabled.n; i++) {
		const struct pcm_disable *x = &p->disabled.v[i];
		printf(_("Disable room %d (%s)"), (int)x->node_id, pcm_shown(x->name));
		print_stamp(&x->stamp);
	}
	pcm_plan_review(p, d, &issues);
	for (i = 0; i < issues.list.n; i++)
		printf(_("No longer applies: %s\n"), pcm_shown(issues.list.v[i].message));
	pcm_plan_issues_free(&issues);
}

/* Applies one action to the plan. Returns an exit status; *changed tells
 * whether the plan must be saved. */
static int apply(const struct action *a, struct pcm_plan *p, const struct pcm_deployment *d,
                 bool *changed)
{
	struct pcm_error err = { 0 };
	const char *value = NULL;
	uint32_t n;

	*changed = true;
	switch (a->what) {
	case ACT_CUTOFF:
		if (!strcmp(a->arg, "none")) {
			pcm_plan_clear_cutoff(p);
			printf(_("plan: no cutoff\n"));
		} else if (pcm_plan_set_cutoff(p, a->arg, &err)) {
			fprintf(stderr, "pcmigrate plan: %s\n", err.text);
			return PCM_EXIT_INPUT;
		} else {
			printf(_("plan: cutoff %s: the export command carries it as -StartDate; check the import report\n"), a->arg);
		}
		return PCM_EXIT_OK;
	case ACT_SEPARATOR:
		if (!*a->arg || pcm_utf16_length(a->arg) < 0) {
			fprintf(stderr, _("pcmigrate plan: the separator must be non-empty UTF-8\n"));
			return PCM_EXIT_INPUT;
		}
		if (pcm_first_control(a->arg, false)) {
			fprintf(stderr, _("pcmigrate plan: the separator holds the control character "
			                  "U+%04X; it becomes part of every flattened name\n"),
			        (unsigned)pcm_first_control(a->arg, false));
			return PCM_EXIT_INPUT;
		}
		pcm_plan_set_separator(p, a->arg);
		printf(_("plan: separator \"%s\"\n"), a->arg);
		return PCM_EXIT_OK;
	case ACT_TARGET_ITEMS:
		if (pcm_plan_set_target_items(p, a->arg, &err)) {
			fprintf(stderr, "pcmigrate plan: %s\n", err.text);
			return PCM_EXIT_INPUT;
		}
		printf(_("plan: %zu names already in the target pool, from %s\n"), p->ntarget_items,
		       a->arg);
		return PCM_EXIT_OK;
	case ACT_DISABLE:
	case ACT_ENABLE:
		n = lookup_node(d, p, a->arg, false);
		if (n == PCM_NONE)
			return PCM_EXIT_INPUT;
		if (a->what == ACT_ENABLE && d->nodes.v[n].disabled) {
			fprintf(stderr, _("pcmigrate plan: room '%s' (nodeID %d) is disabled in the source; "
			                  "pcmigrate does not enable rooms\n"), a->arg, (int)d->nodes.v[n].id);
			return PCM_EXIT_INPUT;
		}
		pcm_plan_set_disabled(p, d->nodes.v[n].id, d->nodes.v[n].name, a->what == ACT_DISABLE);
		printf(a->what == ACT_DISABLE ? _("plan: room %d (%s) is not migrated\n")
		                              : _("plan: room %d (%s) is migrated\n"),
		       (int)d->nodes.v[n].id, pcm_shown(d->nodes.v[n].name));
		return PCM_EXIT_OK;
	case ACT_RENAME:
		n = split_node_arg(d, p, a->arg, &value);
		if (n == PCM_NONE) {
			fprintf(stderr, _("pcmigrate plan: --rename '%s': give ROOM=NAME with ROOM a nodeID "
			                  "or a legacy path\n"), a->arg);
			return PCM_EXIT_INPUT;
		}
		if (!rename_acceptable(d, p, n, value))
			return PCM_EXIT_INPUT;
		pcm_plan_set_rename(p, d->nodes.v[n].id, d->nodes.v[n].name, value);
		printf(_("plan: nodeID %d \"%s\" is renamed \"%s\"\n"), (int)d->nodes.v[n].id,
		       pcm_shown(d->nodes.v[n].name), pcm_shown(value));
		return PCM_EXIT_OK;
	case ACT_DROP_RM:
	case ACT_KEEP_RM:
		if (!root_manager(d, a->arg)) {
			fprintf(stderr, _("pcmigrate plan: %s is not a manager of the root category\n"),
			        a->arg);
			return PCM_EXIT_INPUT;
		}
		pcm_plan_set_root_manager(p, a->arg, a->what == ACT_KEEP_RM);
		printf(a->what == ACT_KEEP_RM ? _("plan: root manager %s is kept\n")
		                              : _("plan: root manager %s is dropped\n"), a->arg);
		return PCM_EXIT_OK;
	case ACT_CAT_INVITE:
		n = split_node_arg(d, p, a->arg, &value);
		if (n == PCM_NONE || (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)) {
			fprintf(stderr, _("pcmigrate plan: --category-invitations '%s': give CAT=on or "
			                  "CAT=off with CAT a nodeID or a legacy path\n"), a->arg);
			return PCM_EXIT_INPUT;
		}
		if (!d->nodes.v[n].is_category) {
			fprintf(stderr, _("pcmigrate plan: nodeID %d is a room, not a category\n"),
			        (int)d->nodes.v[n].id);
			return PCM_EXIT_INPUT;
		}
		pcm_plan_set_category_invite(p, d->nodes.v[n].id, !strcmp(value, "on"));
		printf(!strcmp(value, "on") ? _("plan: category %d turns invitations on\n")
		                            : _("plan: category %d keeps invitations off; its rooms "
		                                "are forced off\n"), (int)d->nodes.v[n].id);
		return PCM_EXIT_OK;
	case ACT_OVERRIDE_BACKUP:
		if (!*a->arg) {
			fprintf(stderr, _("pcmigrate plan: --override-backup needs a reason\n"));
			return PCM_EXIT_INPUT;
		}
		if (pcm_utf16_length(a->arg) < 0 || pcm_first_control(a->arg, true)) {
			fprintf(stderr, _("pcmigrate plan: the reason must be UTF-8 text without "
			                  "control characters\n"));
			return PCM_EXIT_INPUT;
		}
		pcm_plan_override_backup(p, a->arg);
		printf(_("plan: backup check overridden: %s\n"), a->arg);
		return PCM_EXIT_OK;
	case ACT_WITHDRAW_OVERRIDE:
		if (!p->backup_override_reason) {
			*changed = false;
			printf(_("plan: no backup override is recorded; nothing withdrawn\n"));
			return PCM_EXIT_OK;
		}
		pcm_plan_override_backup(p, NULL);
		printf(_("plan: backup override withdrawn\n"));
		return PCM_EXIT_OK;
	case ACT_POOL:
		if (!*a->arg || pcm_utf16_length(a->arg) < 0 || pcm_first_control(a->arg, false)) {
			fprintf(stderr, _("pcmigrate plan: --pool needs a host name (UTF-8, no control "
			                  "characters)\n"));
			return PCM_EXIT_INPUT;
		}
		free(p->pool_fqdn);
		p->pool_fqdn = pcm_xstrdup(a->arg);
		printf(_("plan: pool %s\n"), a->arg);
		return PCM_EXIT_OK;
	case ACT_LEGACY_STORE:
		if (!pcm_store_root_ok(a->arg)) {
			fprintf(stderr, _("pcmigrate plan: --legacy-store needs a UNC share (\\\\host\\share) "
			                  "or a drive path (X:\\path), without \" < > | ? * %% / or a "
			                  "trailing backslash\n"));
			return PCM_EXIT_INPUT;
		}
		free(p->file_store_root);
		p->file_store_root = pcm_xstrdup(a->arg);
		printf(_("plan: legacy file store %s\n"), a->arg);
		return PCM_EXIT_OK;
	case ACT_COMPLIANCE: {
		const char *slash = strrchr(a->arg, '/');
		if (!strcmp(a->arg, "none")) {
			free(p->compliance_server);
			free(p->compliance_db);
			p->compliance_server = p->compliance_db = NULL;
			printf(_("plan: no compliance database\n"));
			return PCM_EXIT_OK;
		}
		if (!slash || slash == a->arg || !slash[1] || pcm_utf16_length(a->arg) < 0 ||
		    pcm_first_control(a->arg, false)) {
			fprintf(stderr, _("pcmigrate plan: --compliance needs SERVER[\\INSTANCE]/DATABASE "
			                  "(UTF-8, no control characters)\n"));
			return PCM_EXIT_INPUT;
		}
		free(p->compliance_server);
		free(p->compliance_db);
		p->compliance_server = pcm_xasprintf("%.*s", (int)(slash - a->arg), a->arg);
		p->compliance_db = pcm_xstrdup(slash + 1);
		printf(_("plan: compliance database %s on %s\n"), p->compliance_db, p->compliance_server);
		return PCM_EXIT_OK;
	}
	case ACT_REBASE:
		pcm_plan_bind(p, d);
		printf(_("plan: now bound to %s\n"), d->info.location ? d->info.location : "?");
		return PCM_EXIT_OK;
	case ACT_SHOW:
		*changed = false;
		show_plan(p, d);
		return PCM_EXIT_OK;
	case ACT_WORKLIST: {
		char *text = pcm_worklist_text(d, p);
		*changed = false;
		fputs(text, stdout);
		free(text);
		return PCM_EXIT_OK;
	}
	}
	*changed = false;
	return PCM_EXIT_INPUT;
}

int pcm_cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "plan", required_argument, NULL, 'p' },
		PCM_CLI_TIMEOUT_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ "cutoff", required_argument, NULL, ACT_CUTOFF },
		{ "separator", required_argument, NULL, ACT_SEPARATOR },
		{ "target-items", required_argument, NULL, ACT_TARGET_ITEMS },
		{ "disable", required_argument, NULL, ACT_DISABLE },
		{ "enable", required_argument, NULL, ACT_ENABLE },
		{ "rename", required_argument, NULL, ACT_RENAME },
		{ "drop-root-manager", required_argument, NULL, ACT_DROP_RM },
		{ "keep-root-manager", required_argument, NULL, ACT_KEEP_RM },
		{ "category-invitations", required_argument, NULL, ACT_CAT_INVITE },
		{ "override-backup", required_argument, NULL, ACT_OVERRIDE_BACKUP },
		{ "withdraw-override", no_argument, NULL, ACT_WITHDRAW_OVERRIDE },
		{ "pool", required_argument, NULL, ACT_POOL },
		{ "legacy-store", required_argument, NULL, ACT_LEGACY_STORE },
		{ "compliance", required_argument, NULL, ACT_COMPLIANCE },
		{ "rebase", no_argument, NULL, ACT_REBASE },
		{ "show", no_argument, NULL, ACT_SHOW },
		{ "worklist", no_argument, NULL, ACT_WORKLIST },
		{ NULL, 0, NULL, 0 },
	};
	const char *spec = NULL, *plan_path = NULL;
	struct action *actions = pcm_xcalloc((size_t)argc + 1, sizeof *actions);
	size_t nactions = 0, i;
	bool rebase = false;
	struct pcm_source *src = NULL;
	struct pcm_deployment *d = NULL;
	struct pcm_plan *plan = NULL;
	struct pcm_error err = { 0 };
	char *default_path = NULL;
	int c, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's': spec = optarg; break;
		case 'p': plan_path = optarg; break;
		case PCM_CLI_OPT_LOGIN_TIMEOUT:
		case PCM_CLI_OPT_QUERY_TIMEOUT:
			if (pcm_cli_timeout_option("plan", c, optarg)) {
				free(actions);
				return PCM_EXIT_INPUT;
			}
			break;
		case 'h': plan_usage(stdout); free(actions); return PCM_EXIT_OK;
		case '?': plan_usage(stderr); free(actions); return PCM_EXIT_INPUT;
		default:
			actions[nactions].what = c;
			actions[nactions++].arg = optarg;
			rebase |= c == ACT_REBASE;
		}
	}
	if (optind < argc || nactions == 0) {
		if (optind < argc)
			fprintf(stderr, _("pcmigrate plan: unexpected argument '%s'\n"), argv[optind]);
		else
			fputs(_("pcmigrate plan: give at least one action\n"), stderr);
		plan_usage(stderr);
		free(actions);
		return PCM_EXIT_INPUT;
	}
	status = pcm_app_load(spec, &src, &d);
	if (status != PCM_EXIT_OK) {
		free(actions);
		return status;
	}
	if (!plan_path)
		plan_path = default_path = pcm_app_default_plan_path(d);
	plan = pcm_plan_new();
	if (pcm_plan_load(plan, plan_path, &err) || (!rebase && pcm_plan_matches(plan, d, &err))) {
		fprintf(stderr, "pcmigrate: %s\n", err.text);
		status = PCM_EXIT_INPUT;
		goto out;
	}
	if (!plan->source_kind)
		pcm_plan_bind(plan, d);
	for (i = 0; i < nactions && status == PCM_EXIT_OK; i++) {
		bool changed = false;
		status = apply(&actions[i], plan, d, &changed);
		/* saved after every change, so a later failure keeps the earlier ones */
		if (status == PCM_EXIT_OK && changed && pcm_plan_save(plan, &err)) {
			fprintf(stderr, "pcmigrate: %s\n", err.text);
			status = PCM_EXIT_INTERNAL;
		}
	}
	if (status == PCM_EXIT_OK && rebase) {
		struct pcm_plan_issues issues = { { NULL, 0, 0 } };
		pcm_plan_review(plan, d, &issues);
		for (i = 0; i < issues.list.n; i++)
			fprintf(stderr, _("pcmigrate: plan %s: decision no longer applies: %s\n"),
			        plan_path, pcm_shown(issues.list.v[i].message));
		pcm_plan_issues_free(&issues);
	}
out:
	pcm_plan_free(plan);
	free(default_path);
	free(actions);
	pcm_deployment_free(d);
	pcm_source_close(src);
	return status;
}
