/* SPDX-License-Identifier: MIT */
/* recreate-structure.ps1: the categories, rooms, add-ins and role lists
 * of the plan, for an empty Lync Server 2013 Persistent Chat pool, in the
 * forms Microsoft's cmdlet pages give (data/cmdlets.txt holds them, and
 * tests/test_cmdlets.sh checks every line against it):
 *
 * - New-CsPersistentChatCategory gets only -Name, -PersistentChatPoolFqdn
 *   and -Description; the settings (-Invitations, -FileUpload,
 *   -ChatHistory from the legacy "logged", all Boolean) and the lists go
 *   through Set-CsPersistentChatCategory.
 * - No federated principal in any list: the FEDERATED warnings name them.
 * - A Normal room gets no presenters ("List of users who are allowed to
 *   post messages in an auditorium chat room", Set-CsPersistentChatRoom).
 * - A room's managers, members and presenters must lie within its
 *   category's AllowedMembers minus DeniedMembers (Microsoft, "Manage
 *   rooms"; reference/migration-rules.md): the ones the legacy scope does
 *   not hold (allowed_added, target.c) are added to the category's
 *   AllowedMembers, and the script says so beside the category (and the
 *   ALLOWED-ADDED finding). No DeniedMembers are written.
 * - Each item runs in Invoke-PoolItem: the first error stops the script with
 *   the item's name; a rerun skips the categories, rooms and add-ins the
 *   pool already holds and sets their settings and lists again, so a
 *   half-built pool can be finished.
 *
 * Written in pieces through a pcm_crlf_writer (see package.h). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/i18n.h"
#include "rules/checks.h"
#include "engine/package.h"
#include "engine/package_ps.h"
#include "rules/flatten.h"
#include "base/sbuf.h"
#include "base/util.h"

/* Working state: each principal's quoted name, made once (a kept root
 * manager is listed on every room). */
struct rec {
	const struct pcm_deployment *d;
	struct pcm_crlf_writer w;
	char **quoted;
	size_t nfederated;          /* list entries left out, federated */
};

static const char *quoted(struct rec *r, uint32_t p)
{
	if (!r->quoted[p])
		r->quoted[p] = pcm_ps_quote(pcm_principal_target_id(&r->d->principals.v[p]));
	return r->quoted[p];
}

/* " -Name @{Add='a','b'}" for the non-federated principals of the lists
 * (up to two), nothing when none is left. */
static void add_list(struct rec *r, const char *param, const struct pcm_prin_list *a,
                     const struct pcm_prin_list *b)
{
	const struct pcm_prin_list *lists[2] = { a, b };
	bool any = false;
	size_t i, k;

	for (k = 0; k < 2; k++)
		for (i = 0; lists[k] && i < lists[k]->n; i++) {
			uint32_t p = lists[k]->v[i];
			if (pcm_principal_federated(&r->d->principals.v[p])) {
				r->nfederated++;
				continue;
			}
			pcm_sbuf_add(&r->w.b, any ? "," : " -");
			if (!any) {
				pcm_sbuf_add(&r->w.b, param);
				pcm_sbuf_add(&r->w.b, " @{Add=");
			}
			pcm_sbuf_add(&r->w.b, quoted(r, p));
			any = true;
		}
	if (any)
		pcm_sbuf_addc(&r->w.b, '}');
}

/* "Invoke-PoolItem ('KIND ' + 'name' + ' (legacy nodeID N)') {" */
static void begin_item(struct rec *r, const char *kind, const char *name, int node_id)
{
	pcm_sbuf_printf(&r->w.b, "Invoke-PoolItem ('%s ' + ", kind);
	pcm_ps_add_q(&r->w.b, name);
	if (node_id >= 0)
		pcm_sbuf_printf(&r->w.b, " + ' (legacy nodeID %d)'", node_id);
	pcm_sbuf_add(&r->w.b, ") {\n");
}

/* "\tif (-not (Test-KIND 'name')) {\n\t\t" */
static void begin_new(struct rec *r, const char *test, const char *name)
{
	pcm_sbuf_printf(&r->w.b, "\tif (-not (%s ", test);
	pcm_ps_add_q(&r->w.b, name);
	pcm_sbuf_add(&r->w.b, ")) {\n\t\t");
}

static void add_description(struct pcm_sbuf *b, const char *desc)
{
	if (!desc || !*desc)
		return;
	pcm_sbuf_add(b, " -Description ");
	pcm_ps_add_q(b, desc);
}

static void write_category(struct rec *r, const struct pcm_package *pkg, size_t ci)
{
	const struct pcm_pkg_category *c = &pkg->categories[ci];
	struct pcm_sbuf *b = &r->w.b;

	pcm_sbuf_printf(b, "# legacy category nodeID %d\n", (int)c->legacy->id);
	if (c->allowed_added.n)
		pcm_sbuf_printf(b, "# AllowedMembers: %zu added that its rooms' managers, members or "
		                "presenters need (a room role must lie within the category's AllowedMembers)\n",
		                c->allowed_added.n);
	begin_item(r, "category", c->t->name, (int)c->legacy->id);
	begin_new(r, "Test-Category", c->t->name);
	pcm_sbuf_add(b, "New-CsPersistentChatCategory -Name ");
	pcm_ps_add_q(b, c->t->name);
	pcm_sbuf_add(b, " -PersistentChatPoolFqdn $PoolFqdn");
	add_description(b, c->legacy->desc);
	pcm_sbuf_add(b, "\n\t}\n\tSet-CsPersistentChatCategory -Identity (Get-PoolItem ");
	pcm_ps_add_q(b, c->t->name);
	pcm_sbuf_printf(b, ") -Invitations $%s -FileUpload $%s -ChatHistory $%s",
	                c->t->invitations ? "true" : "false", c->t->file_upload ? "true" : "false",
	                pcm_effective_logged(r->d, c->t->legacy) ? "true" : "false");
	add_list(r, "AllowedMembers", &c->allowed, &c->allowed_added);
	add_list(r, "Creators", &c->creators, NULL);
	pcm_sbuf_add(b, "\n}\n");
}

static void write_room(struct rec *r, const struct pcm_package *pkg, const struct pcm_pkg_room *room)
{
	const struct pcm_pkg_category *c = &pkg->categories[room->category];
	struct pcm_sbuf *b = &r->w.b;
	bool aud = pcm_pkg_room_auditorium(room);

	pcm_sbuf_printf(b, "# legacy room nodeID %d%s\n", (int)room->node->id,
	                room->invite_forced ? " (invitations forced to False, R4)" : "");
	if (!aud && room->presenters.n)
		pcm_sbuf_printf(b, "# %zu legacy presenter(s) left out: a Normal room has no presenters\n",
		                room->presenters.n);
	begin_item(r, "room", room->t->name, (int)room->node->id);
	begin_new(r, "Test-Room", room->t->name);
	pcm_sbuf_add(b, "New-CsPersistentChatRoom -Name ");
	pcm_ps_add_q(b, room->t->name);
	pcm_sbuf_add(b, " -Category (Get-PoolItem ");
	pcm_ps_add_q(b, c->t->name);
	pcm_sbuf_printf(b, ") -PersistentChatPoolFqdn $PoolFqdn -Type %s -Privacy %s -Invitations %s",
	                room->type, room->privacy, room->invitations);
	add_description(b, room->node->desc);
	if (room->addin) {
		pcm_sbuf_add(b, " -Addin ");
		pcm_ps_add_q(b, room->addin->name);
	}
	pcm_sbuf_add(b, "\n\t}\n");
	{
		size_t before = b->n;
		pcm_sbuf_add(b, "\tSet-CsPersistentChatRoom -Identity (Get-PoolItem ");
		pcm_ps_add_q(b, room->t->name);
		pcm_sbuf_addc(b, ')');
		{
			size_t bare = b->n;
			add_list(r, "Managers", &room->managers, NULL);
			add_list(r, "Members", &room->members, NULL);
			if (aud)
				add_list(r, "Presenters", &room->presenters, NULL);
			if (b->n == bare) {         /* no list left: no Set line */
				b->n = before;
				b->s[b->n] = '\0';
			} else {
				pcm_sbuf_addc(b, '\n');
			}
		}
	}
	pcm_sbuf_add(b, "}\n");
}

static const char script_head[] =
	"# recreate-structure.ps1: written by pcmigrate from the migration plan.\n"
	"# For moving the structure WITHOUT the chat history: recreates the\n"
	"# categories, rooms, add-ins and role assignments in a Lync Server 2013\n"
	"# Persistent Chat pool. Use it instead of the export/import of\n"
	"# runbook.ps1, not after it. The first error stops it, naming the item;\n"
	"# run it again once the cause is fixed: the categories, rooms and add-ins\n"
	"# the pool already holds are skipped (their settings and lists are set\n"
	"# again). Federated principals are never added (see FEDERATED in\n"
	"# warnings.txt); a Normal room gets no presenters; a room's roles lie\n"
	"# within its category's AllowedMembers.\n";

static const char script_functions[] =
	"\n# pool\\name, the -Identity of a category, room or add-in\n"
	"function Get-PoolItem([string]$Name) { return $PoolFqdn + '\\' + $Name }\n\n"
	"# Runs one item's commands; the first error stops the script, naming the item.\n"
	"function Invoke-PoolItem([string]$What, [scriptblock]$Action) {\n"
	"\ttry { & $Action }\n"
	"\tcatch { throw ('Stopped at ' + $What + ': ' + $_.Exception.Message + ' Fix the cause and run this script again: what the pool holds already is skipped.') }\n"
	"}\n\n"
	"# Does the pool hold it already? (a rerun skips what exists)\n"
	"function Test-Category([string]$Name) {\n"
	"\ttry { return @(Get-CsPersistentChatCategory -Identity (Get-PoolItem $Name) -ErrorAction Stop).Count -gt 0 }\n"
	"\tcatch { return $false }\n"
	"}\n"
	"function Test-Room([string]$Name) {\n"
	"\ttry { return @(Get-CsPersistentChatRoom -Identity (Get-PoolItem $Name) -ErrorAction Stop).Count -gt 0 }\n"
	"\tcatch { return $false }\n"
	"}\n"
	"function Test-Addin([string]$Name) {\n"
	"\ttry { return @(Get-CsPersistentChatAddin -Identity (Get-PoolItem $Name) -ErrorAction Stop).Count -gt 0 }\n"
	"\tcatch { return $false }\n"
	"}\n\n";

char *pcm_recreate_text(const struct pcm_package *pkg)
{
	struct pcm_sbuf out = { 0 };

	pcm_recreate_write(pkg, pcm_sbuf_put, &out);
	return pcm_sbuf_take(&out);
}

void pcm_recreate_write(const struct pcm_package *pkg,
                        void (*put)(void *ctx, const char *text, size_t n), void *ctx)
{
	const struct pcm_deployment *d = pkg->d;
	static const char *const params[] = { "PoolFqdn" };
	struct rec r = { 0 };
	size_t i, naddins = 0;

	r.d = d;
	r.w.put = put;
	r.w.ctx = ctx;
	r.w.bom = true;
	r.quoted = pcm_xcalloc(d->principals.n + 1, sizeof *r.quoted);
	for (i = 0; i < d->addins.n; i++)
		naddins += pkg->addin_used[i];
	pcm_sbuf_add(&r.w.b, script_head);
	pcm_ps_source_comment(&r.w.b, pkg);
	pcm_sbuf_add(&r.w.b, "\nparam(\n");
	pcm_ps_param(&r.w.b, "PoolFqdn", pkg->p ? pkg->p->pool_fqdn : NULL, PCM_PH_POOL, true);
	pcm_sbuf_add(&r.w.b, ")\n\n$ErrorActionPreference = 'Stop'\nSet-StrictMode -Version 2.0\n\n");
	pcm_ps_placeholder_check(&r.w.b, params, 1);
	pcm_sbuf_add(&r.w.b, script_functions);

	pcm_sbuf_printf(&r.w.b, "Write-Host '=== Add-ins (%zu)'\n", naddins);
	for (i = 0; i < d->addins.n; i++) {
		const struct pcm_addin *a = &d->addins.v[i];
		if (!pkg->addin_used[i])
			continue;
		begin_item(&r, "add-in", a->name, -1);
		begin_new(&r, "Test-Addin", a->name);
		pcm_sbuf_add(&r.w.b, "New-CsPersistentChatAddin -Name ");
		pcm_ps_add_q(&r.w.b, a->name);
		pcm_sbuf_add(&r.w.b, " -Url ");
		pcm_ps_add_q(&r.w.b, a->url);
		pcm_sbuf_add(&r.w.b, " -PersistentChatPoolFqdn $PoolFqdn\n\t}\n}\n");
	}

	pcm_sbuf_printf(&r.w.b, "\nWrite-Host '=== Categories (%zu)'\n", pkg->ncategories);
	for (i = 0; i < pkg->ncategories; i++) {
		write_category(&r, pkg, i);
		pcm_crlf_maybe_flush(&r.w);
	}

	pcm_sbuf_printf(&r.w.b, "\nWrite-Host '=== Rooms (%zu)'\n", pkg->nrooms);
	for (i = 0; i < pkg->nrooms; i++) {
		write_room(&r, pkg, &pkg->rooms[i]);
		pcm_crlf_maybe_flush(&r.w);
	}
	if (r.nfederated)
		pcm_sbuf_printf(&r.w.b, "\n# %zu federated list entries were left out (FEDERATED in warnings.txt).\n",
		                r.nfederated);
	pcm_sbuf_add(&r.w.b, "\nWrite-Host 'The structure is recreated.'\n");
	pcm_crlf_end(&r.w);
	for (i = 0; i < d->principals.n; i++)
		free(r.quoted[i]);
	free(r.quoted);
}

/* What recreate-structure.ps1 changes so a 2013 pool accepts the roles:
 * ALLOWED-ADDED per category whose AllowedMembers it extends, and
 * PRESENTERS-NORMAL per Normal room whose legacy presenters it leaves
 * out. */
void pcm_recreate_findings(const struct pcm_package *pkg, struct pcm_findings *out)
{
	const struct pcm_deployment *d = pkg->d;
	size_t i;

	for (i = 0; i < pkg->ncategories; i++) {
		const struct pcm_pkg_category *c = &pkg->categories[i];
		uint32_t n = c->t->legacy;
		char *id, *path;
		if (!c->allowed_added.n)
			continue;
		id = pcm_node_id_text(d, n);
		path = pcm_node_path(d, n, pkg->separator);
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_INFO, "ALLOWED-ADDED", id, path, n,
		                c->allowed_added.v[0], (int64_t)c->allowed_added.n,
		                _("category %s (nodeID %s): recreate-structure.ps1 adds %zu principals "
		                  "(%s first) to its AllowedMembers: its rooms' managers, members and "
		                  "presenters must lie within them in Lync Server 2013"),
		                path, id, c->allowed_added.n,
		                pcm_principal_target_id(&d->principals.v[c->allowed_added.v[0]]));
		free(id);
		free(path);
	}
	for (i = 0; i < pkg->nrooms; i++) {
		const struct pcm_pkg_room *room = &pkg->rooms[i];
		uint32_t n = room->t->node;
		char *id, *path;
		if (pcm_pkg_room_auditorium(room) || !room->presenters.n)
			continue;
		id = pcm_node_id_text(d, n);
		path = pcm_node_path(d, n, pkg->separator);
		pcm_finding_add(out, PCM_CS_WARNINGS, PCM_SEV_INFO, "PRESENTERS-NORMAL", id, path, n,
		                room->presenters.v[0], (int64_t)room->presenters.n,
		                _("room %s (nodeID %s): a Normal room, so its %zu legacy presenters "
		                  "(%s first) are left out: only an Auditorium room has presenters"),
		                path, id, room->presenters.n,
		                pcm_principal_target_id(&d->principals.v[room->presenters.v[0]]));
		free(id);
		free(path);
	}
}
