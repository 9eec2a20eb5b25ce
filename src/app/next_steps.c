/* SPDX-License-Identifier: MIT */
/* The next steps after writing the package (app/next_steps.h): the order
 * of the procedure's "Performing the Migration" as runbook.ps1 follows it,
 * with what this package needs filled in. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "app/next_steps.h"
#include "base/i18n.h"
#include "base/sbuf.h"
#include "base/util.h"
#include "engine/worklist.h"

/* "2 renames, 1 room to disable, 1 root manager to remove": the kinds of
 * change the worklist holds (engine/worklist.h), the ones it has. */
static void change_counts(const struct pcm_worklist *wl, char *buf, size_t size)
{
	size_t n[5] = { 0 }, i, len = 0;
	char part[128];

	for (i = 0; i < wl->items.n; i++)
		n[wl->items.v[i].kind]++;
	buf[0] = '\0';
	for (i = 0; i < 4; i++) {
		size_t k = i == 0 ? n[PCM_WORK_RENAME_CATEGORY] + n[PCM_WORK_RENAME_ROOM]
		         : i == 1 ? n[PCM_WORK_DISABLE_ROOM]
		         : i == 2 ? n[PCM_WORK_INVITATIONS]
		         : n[PCM_WORK_ROOT_MANAGER];

		if (!k)
			continue;
		if (i == 0)
			snprintf(part, sizeof part, ngettext("%zu rename", "%zu renames", k), k);
		else if (i == 1)
			snprintf(part, sizeof part, ngettext("%zu room to disable", "%zu rooms to disable", k), k);
		else if (i == 2)
			snprintf(part, sizeof part,
			         ngettext("%zu category to turn invitations on", "%zu categories to turn invitations on", k), k);
		else
			snprintf(part, sizeof part,
			         ngettext("%zu root manager to remove", "%zu root managers to remove", k), k);
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? ", " : "", part);
		if (len >= size)
			break;
	}
}

static char *in_dir(const char *dir, const char *name)
{
	return pcm_xasprintf("%s/%s", dir, name);
}

static bool exists(const char *dir, const char *name)
{
	char *path = in_dir(dir, name);
	bool ok = access(path, F_OK) == 0;

	free(path);
	return ok;
}

/* The runbook's parameters still holding a placeholder ('<...>'): they
 * must be given on the command line. Appends " -Name <...>" for each. */
static void unset_params(const char *dir, struct pcm_sbuf *b)
{
	char *path = in_dir(dir, PCM_PKG_RUNBOOK), line[1024], name[128], value[512];
	FILE *f = fopen(path, "r");

	free(path);
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (!strncmp(line, ")", 1))
			break;
		if (sscanf(line, " [string]$%127[A-Za-z] = '%511[^']'", name, value) == 2 &&
		    value[0] == '<')
			pcm_sbuf_printf(b, " -%s '%s'", name, value);
	}
	fclose(f);
}

char *pcm_next_steps_text(const char *dir, const struct pcm_deployment *d,
                          const struct pcm_plan *p, const struct pcm_engine_summary *s)
{
	struct pcm_sbuf b = { 0 };
	struct pcm_worklist wl = { 0 };
	size_t changes = 0;
	const char *db = d->info.database ? d->info.database : "?";
	const char *server = d->info.server ? d->info.server : "?";
	int n = 1, i;
	char counts[300] = "";

	/* every change to the legacy deployment, root managers and
	 * invitations too: what admin-tool-worklist.txt lists */
	if (p) {
		pcm_worklist_build(d, p, &wl);
		changes = wl.items.n;
		change_counts(&wl, counts, sizeof counts);
		pcm_worklist_free(&wl);
	}
	pcm_sbuf_printf(&b, _("Next steps, in order (the package is in %s):\n"), dir);
	pcm_sbuf_add(&b, "\n");
	if (!changes) {
		pcm_sbuf_printf(&b, _("%d. The plan changes nothing in the legacy deployment: no rename, no room to disable,\n"
		                      "   no root manager to remove, no invitations to turn on.\n"), n++);
	} else if (exists(dir, PCM_PKG_WORKLIST_NAME)) {
		pcm_sbuf_printf(&b, _("%d. Make the plan's changes in the legacy deployment with the Group Chat Admin Tool,\n"
		                      "   item by item as %s lists them (%s);\n"
		                      "   pcmigrate check --plan on a new snapshot then shows each one done.\n"
		                      "   Fallback only, as Microsoft does not support writes to the database:\n"
		                      "   %s with sqlcmd, or pcmigrate apply-to-source --unsupported-direct-write.\n"),
		                n++, PCM_PKG_WORKLIST_NAME, counts, PCM_PKG_FIXSQL);
	} else {
		pcm_sbuf_printf(&b, _("%d. Make the plan's changes in the legacy deployment (%s).\n"
		                      "   Fallback, as this package has no Admin Tool worklist: %s makes them in\n"
		                      "   the database directly; run it with sqlcmd only after the backup of the\n"
		                      "   next step.\n"),
		                n++, counts, PCM_PKG_FIXSQL);
	}
	pcm_sbuf_printf(&b, _("%d. Stop the Group Chat services and take a full backup of database %s on %s\n"
	                      "   (runbook.ps1's step 1 stops and waits for it): the migration may only start\n"
	                      "   from a backup newer than the newest message.\n"),
	                n++, db, server);
	pcm_sbuf_printf(&b, _("%d. In the Lync Server 2013 Management Shell, as a member of\n"
	                      "   CsPersistentChatAdministrator, run:\n"
	                      "     .\\%s"), n++, PCM_PKG_RUNBOOK);
	unset_params(dir, &b);
	pcm_sbuf_add(&b, "\n");
	pcm_sbuf_add(&b, _("   It exports, checks the pool, imports with -WhatIf first, then for real, and\n"
	                   "   pauses where the procedure asks you to look.\n"));
	if (s && s->files)
		pcm_sbuf_printf(&b, _("%d. Copy the uploaded files (%llu) from the legacy file store to the new one:\n"
		                      "   runbook.ps1's step 7 runs %s.\n"),
		                n++, (unsigned long long)s->files, PCM_PKG_COPYFILES);
	else
		pcm_sbuf_printf(&b, _("%d. No uploaded file to copy (%s is empty).\n"), n++, PCM_PKG_COPYFILES);
	pcm_sbuf_printf(&b, _("%d. The Lookup Server URI %s becomes a Persistent Chat endpoint\n"
	                      "   (runbook.ps1's step 8, New-CsPersistentChatEndpoint).\n"),
	                n++, d->info.lookup_server_uri ? d->info.lookup_server_uri : "?");
	pcm_sbuf_printf(&b, _("%d. Check the result: the import report beside runbook.ps1, %s, then\n"
	                      "     pcmigrate verify --plan %s --target tds://USER@SERVER/mgc\n"
	                      "   compares the 2013 database with the plan.\n"),
	                n++, PCM_PKG_WARNINGS, p && p->path ? p->path : "PLAN");
	pcm_sbuf_add(&b, "\n");
	pcm_sbuf_add(&b, _("Files written:\n"));
	for (i = 0; i < PCM_PKG_NFILES; i++)
		if (exists(dir, pcm_package_files[i]))
			pcm_sbuf_printf(&b, "  %s/%s\n", dir, pcm_package_files[i]);
	/* the worklist, while the engine's list does not name it */
	for (i = 0; i < PCM_PKG_NFILES; i++)
		if (!strcmp(pcm_package_files[i], PCM_PKG_WORKLIST_NAME))
			break;
	if (i == PCM_PKG_NFILES && exists(dir, PCM_PKG_WORKLIST_NAME))
		pcm_sbuf_printf(&b, "  %s/%s\n", dir, PCM_PKG_WORKLIST_NAME);
	return pcm_sbuf_take(&b);
}
