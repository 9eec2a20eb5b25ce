/* SPDX-License-Identifier: MIT */
/* runbook.ps1: the "Performing the Migration" steps of Microsoft's
 * procedure, for the Lync Server 2013 Management Shell, with every
 * command in the form its page gives (data/cmdlets.txt; checked by
 * tests/test_cmdlets.sh):
 *
 * - Export-CsPersistentChatData names the legacy database (-DBName) and
 *   writes a report (-Report). Its page says -StartDate "is valid only
 *   when Level is set to RoomDirectory": with a cutoff the export runs at
 *   that level, and nothing here claims the older messages are left out;
 *   the script says to check the import report.
 * - Before the import: the pool must have a Persistent Chat Server
 *   (Get-CsService -PersistentChatServer), and the categories and rooms
 *   it already holds are listed; a name the plan also uses stops the
 *   script (the import would overwrite it).
 * - Import-CsPersistentChatData writes a report, on the trial and the
 *   real import.
 * - The Lookup Server account is recorded (Get-CsUser, Export-Clixml)
 *   before the admin deletes it, and an error once the import has begun
 *   prints what to restore and restart (Show-Rollback).
 * - The legacy file store to copy is the plan's (pcmigrate plan
 *   --legacy-store), never taken from a file link; unset, the parameter
 *   keeps its placeholder and the script asks for it.
 * - A compliance database the plan names (pcmigrate plan --compliance) is
 *   named in step 1, to be backed up with the Group Chat database.
 * - The target pool must be in the same Active Directory forest; the Lync
 *   2013 client cannot upload or view files in chat rooms. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/fixsql.h"
#include "engine/package.h"
#include "engine/package_ps.h"
#include "base/sbuf.h"
#include "base/timeconv.h"
#include "base/util.h"

#define PH_LEGACY_DB "<legacy Group Chat database name>"

/* Newest full, undamaged backup of the source database (R1), or NULL. */
static const struct pcm_backup *newest_full_backup(const struct pcm_deployment *d)
{
	const struct pcm_backup *best = NULL;
	size_t i;

	for (i = 0; i < d->backups.n; i++) {
		const struct pcm_backup *bk = &d->backups.v[i];
		if (bk->type != 'D' || bk->damaged)
			continue;
		if (!best || bk->finish_ticks > best->finish_ticks)
			best = bk;
	}
	return best;
}

static const char *const runbook_params[] = {
	"PoolFqdn", "LegacySqlInstance", "LegacyDatabase", "TargetSqlInstance", "LegacyFileStore",
	"NewFileStore", "LookupServerUri",
};

static const char runbook_head[] =
	"# runbook.ps1: written by pcmigrate from the migration plan.\n"
	"# The \"Performing the Migration\" steps of Microsoft's procedure for moving\n"
	"# Lync Server 2010 Group Chat / OCS 2007 R2 Group Chat to Lync Server 2013\n"
	"# Persistent Chat, in order, for the Lync Server 2013 Management Shell.\n"
	"# Run it as a member of the CsPersistentChatAdministrator RBAC role. Each\n"
	"# step is announced; any error stops the script; it pauses where the\n"
	"# procedure asks you to inspect or confirm. The Lync Server 2013 pool must\n"
	"# be in the same Active Directory forest as the legacy deployment. If the\n"
	"# import fails, the script prints what to restore and restart\n"
	"# (Show-Rollback below).\n";

static const char runbook_functions[] =
	"if (-not (Get-Command Export-CsPersistentChatData -ErrorAction SilentlyContinue)) {\n"
	"\tImport-Module Lync\n"
	"}\n\n"
	"function Write-Step([int]$Number, [string]$Text) {\n"
	"\tWrite-Host ''\n"
	"\tWrite-Host ('=== Step ' + $Number + ': ' + $Text)\n"
	"}\n\n"
	"function Confirm-Continue([string]$Question) {\n"
	"\t$answer = Read-Host ($Question + ' Type YES to go on')\n"
	"\tif ($answer -cne 'YES') { throw 'Stopped: the answer was not YES.' }\n"
	"}\n\n"
	"$ExportReport = Join-Path $PSScriptRoot 'export-report.html'\n"
	"$TrialReport = Join-Path $PSScriptRoot 'import-whatif-report.html'\n"
	"$ImportReport = Join-Path $PSScriptRoot 'import-report.html'\n"
	"$LookupRecord = Join-Path $PSScriptRoot 'lookup-account.xml'\n\n"
	"# Rollback: what to restore and restart when the import fails.\n"
	"function Show-Rollback {\n"
	"\tWrite-Host ''\n"
	"\tWrite-Host '=== Rollback: the import did not finish'\n"
	"\tWrite-Host '1. Stop the Persistent Chat services of the new pool.'\n"
	"\tWrite-Host '2. Restore the Persistent Chat database from the backup of step 4: it holds the pool as it was before the import.'\n"
	"\tWrite-Host '3. The export does not change the legacy database: start the Group Chat services stopped in step 1 again, and users have their rooms back.'\n"
	"\tWrite-Host '   To undo the changes made to the legacy deployment before the export as well, restore the backup of step 1 first.'\n"
	"\tWrite-Host ('4. If the Lookup Server account was deleted, create it again as recorded in ' + $LookupRecord + '.')\n"
	"\tWrite-Host ('Then fix what ' + $ImportReport + ' names and run this script again.')\n"
	"}\n"
	"$ImportBegun = $false\n"
	"trap {\n"
	"\tif ($ImportBegun) { Show-Rollback }\n"
	"\tbreak\n"
	"}\n\n";

/* $Name = @(\n\t'a',\n\t'b'\n) */
static void add_name_array(struct pcm_sbuf *b, const char *var, const struct pcm_package *pkg,
                           bool rooms)
{
	size_t i, n = rooms ? pkg->nrooms : pkg->ncategories;

	pcm_sbuf_printf(b, "$%s = @(", var);
	for (i = 0; i < n; i++) {
		pcm_sbuf_add(b, i ? ",\n\t" : "\n\t");
		pcm_ps_add_q(b, rooms ? pkg->rooms[i].t->name : pkg->categories[i].t->name);
	}
	pcm_sbuf_add(b, n ? "\n)\n" : ")\n");
}

/* Step 3: the pool exists and holds none of the plan's names. */
static void add_pool_check(struct pcm_sbuf *b, const struct pcm_package *pkg, int step)
{
	pcm_sbuf_printf(b, "Write-Step %d 'Check the target pool before the import'\n", step);
	pcm_sbuf_add(b,
	        "$servers = @(Get-CsService -PersistentChatServer -PoolFqdn $PoolFqdn)\n"
	        "if ($servers.Count -eq 0) {\n"
	        "\tthrow ('Get-CsService -PersistentChatServer finds no Persistent Chat Server in the pool ' + $PoolFqdn + ': check -PoolFqdn and the topology.')\n"
	        "}\n"
	        "# the names the import creates (the plan's final names)\n");
	add_name_array(b, "PlanCategories", pkg, false);
	add_name_array(b, "PlanRooms", pkg, true);
	pcm_sbuf_add(b,
	        "$clash = @()\n"
	        "foreach ($c in @(Get-CsPersistentChatCategory -PersistentChatPoolFqdn $PoolFqdn)) {\n"
	        "\tWrite-Host ('Category already in the pool: ' + $c.Name)\n"
	        "\tif ($PlanCategories -contains [string]($c.Name)) { $clash += ('category ' + $c.Name) }\n"
	        "}\n"
	        "foreach ($r in @(Get-CsPersistentChatRoom -PersistentChatPoolFqdn $PoolFqdn)) {\n"
	        "\tWrite-Host ('Room already in the pool: ' + $r.Name)\n"
	        "\tif ($PlanRooms -contains [string]($r.Name)) { $clash += ('room ' + $r.Name) }\n"
	        "}\n"
	        "if ($clash.Count -gt 0) {\n"
	        "\tthrow ('The pool already holds these names, which the import would overwrite: ' + ($clash -join '; ') + '. Rename them in the plan (pcmigrate plan --rename) or remove them from the pool, then run this script again.')\n"
	        "}\n\n");
}

static void add_export(struct pcm_sbuf *b, const struct pcm_package *pkg, uint64_t msgs)
{
	char day[32];

	pcm_sbuf_add(b, "Write-Step 2 'Export the legacy data (Export-CsPersistentChatData)'\n");
	if (!pkg->cutoff_ticks) {
		pcm_sbuf_add(b, "Export-CsPersistentChatData -DBInstance $LegacySqlInstance -DBName $LegacyDatabase "
		             "-FileName $ExportFile -Report $ExportReport\n");
	} else {
		pcm_format_ticks(pkg->cutoff_ticks, day, sizeof day);
		pcm_sbuf_add(b,
		        "# -StartDate \"is valid only when Level is set to RoomDirectory\"\n"
		        "# (Export-CsPersistentChatData), so the export runs at that level. That it\n"
		        "# leaves out the messages before the cutoff is not proved here.\n"
		        "Export-CsPersistentChatData -DBInstance $LegacySqlInstance -DBName $LegacyDatabase "
		        "-FileName $ExportFile -Level RoomDirectory -StartDate $StartDate -Report $ExportReport\n");
		pcm_sbuf_printf(b, "Write-Host 'The export command carries -StartDate %s; check the import report: "
		                "pcmigrate counts %llu messages since then in the migrated rooms.'\n",
		                day, (unsigned long long)msgs);
	}
	pcm_sbuf_add(b, "Confirm-Continue ('Inspect the exported contents in ' + $ExportFile + ' and the report ' + $ExportReport + '.')\n\n");
}

static void add_import(struct pcm_sbuf *b, const struct pcm_package *pkg)
{
	pcm_sbuf_add(b, "Write-Step 4 'Stop Persistent Chat and back up its database'\n"
	             "Write-Host 'Shut down the Lync Server 2013 Persistent Chat services and back up the'\n"
	             "Write-Host 'Persistent Chat database now: a rollback restores it.'\n"
	             "Confirm-Continue 'Are the Persistent Chat services stopped and the database backed up?'\n\n");
	pcm_sbuf_add(b, "Write-Step 5 'Trial import (Import-CsPersistentChatData -WhatIf)'\n"
	             "Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -Report $TrialReport -WhatIf\n"
	             "Confirm-Continue ('Review the errors and warnings above and in ' + $TrialReport + ', and fix them before the real import.')\n\n");
	pcm_sbuf_add(b, "Write-Step 6 'Import (Import-CsPersistentChatData)'\n"
	             "$ImportBegun = $true\n"
	             "Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -Report $ImportReport -Confirm:$false\n"
	             "$ImportBegun = $false\n");
	if (pkg->cutoff_ticks)
		pcm_sbuf_add(b, "Write-Host ('Import report: ' + $ImportReport + '. Check in it whether the messages before the cutoff were left out.')\n\n");
	else
		pcm_sbuf_add(b, "Write-Host ('Import report: ' + $ImportReport)\n\n");
}

static void add_lookup(struct pcm_sbuf *b)
{
	pcm_sbuf_add(b, "Write-Step 8 'Port the Lookup Server URI to a Persistent Chat endpoint'\n"
	             "$lookup = $null\n"
	             "try { $lookup = Get-CsUser -Identity $LookupServerUri -ErrorAction Stop } catch { $lookup = $null }\n"
	             "if ($lookup) {\n"
	             "\tExport-Clixml -InputObject $lookup -Path $LookupRecord\n"
	             "\tWrite-Host ('The Lookup Server account is recorded in ' + $LookupRecord + ' (for a rollback).')\n"
	             "} else {\n"
	             "\tWrite-Host ('Get-CsUser finds no account ' + $LookupServerUri + ': note its settings by hand before you delete it.')\n"
	             "}\n"
	             "Confirm-Continue ('Delete the Lookup Server user account ' + $LookupServerUri + ' (it pointed to the Group Chat Lookup Service) first.')\n"
	             "New-CsPersistentChatEndpoint -SipAddress $LookupServerUri -PersistentChatPoolFqdn $PoolFqdn\n\n");
}

char *pcm_runbook_text(const struct pcm_package *pkg)
{
	const struct pcm_deployment *d = pkg->d;
	const struct pcm_backup *bk = newest_full_backup(d);
	struct pcm_sbuf b = { 0 };
	char **stmts;
	size_t nstmts;
	uint64_t files, msgs;
	char when[32];
	/* the plan's, never a file link's: the runbook copies the whole folder */
	const char *store = pkg->p ? pkg->p->file_store_root : NULL;

	pcm_fixsql_statements(d, pkg->p, &stmts, &nstmts);
	pcm_fixsql_free(stmts, nstmts);
	msgs = pcm_ps_totals(pkg, &files);

	pcm_sbuf_add(&b, runbook_head);
	pcm_ps_source_comment(&b, pkg);
	pcm_sbuf_add(&b, "\nparam(\n");
	pcm_ps_param(&b, "PoolFqdn", pkg->p ? pkg->p->pool_fqdn : NULL, PCM_PH_POOL, false);
	pcm_ps_param(&b, "LegacySqlInstance", d->info.server, PCM_PH_LEGACY_SQL, false);
	pcm_ps_param(&b, "LegacyDatabase", d->info.database, PH_LEGACY_DB, false);
	pcm_ps_param(&b, "TargetSqlInstance", NULL, PCM_PH_TARGET_SQL, false);
	pcm_ps_param(&b, "LegacyFileStore", store, PCM_PH_LEGACY_FS, false);
	pcm_ps_param(&b, "NewFileStore", NULL, PCM_PH_NEW_FS, false);
	pcm_ps_param(&b, "LookupServerUri", d->info.lookup_server_uri, PCM_PH_LOOKUP_URI, false);
	pcm_sbuf_add(&b, "\t[string]$ExportFile = (Join-Path $PSScriptRoot 'legacy-export.zip')\n)\n\n");
	pcm_sbuf_add(&b, "$ErrorActionPreference = 'Stop'\nSet-StrictMode -Version 2.0\n\n");
	pcm_ps_placeholder_check(&b, runbook_params, sizeof runbook_params / sizeof *runbook_params);
	pcm_sbuf_add(&b, runbook_functions);
	if (pkg->cutoff_ticks) {
		pcm_format_ticks(pkg->cutoff_ticks, when, sizeof when);
		pcm_sbuf_printf(&b,
		        "# R5 date cutoff, for Export-CsPersistentChatData -StartDate.\n"
		        "$StartDate = [datetime]::Parse('%s', [Globalization.CultureInfo]::InvariantCulture,\n"
		        "\t[Globalization.DateTimeStyles]'AssumeUniversal, AdjustToUniversal')\n\n", when);
	}

	/* procedure step 1 */
	pcm_sbuf_add(&b, "Write-Step 1 'Stop the services and back up the Group Chat database'\n"
	             "Write-Host 'The Lync Server 2013 Persistent Chat pool must be in the same Active Directory forest'\n"
	             "Write-Host 'as the legacy Group Chat deployment (Microsoft''s migration procedure).'\n"
	             "Write-Host 'Shut down the Lync Server 2010 Group Chat or OCS 2007 R2 Group Chat services'\n"
	             "Write-Host '(and any Lync Server 2013 Persistent Chat services). All must be stopped.'\n");
	if (bk && bk->finish_local) {
		pcm_sbuf_add(&b, "Write-Host ('Newest full backup of the source database seen by pcmigrate finished at ' + ");
		pcm_ps_add_q(&b, bk->finish_local);
		pcm_sbuf_add(&b, " + ' (server local time).')\n");
	} else {
		pcm_sbuf_add(&b, "Write-Host 'pcmigrate saw no full backup of the source database: make one now.'\n");
	}
	if (pkg->p && pkg->p->compliance_db) {
		pcm_sbuf_add(&b, "Write-Host ('Back up the compliance database ' + ");
		pcm_ps_add_q(&b, pkg->p->compliance_db);
		pcm_sbuf_add(&b, " + ' on ' + ");
		pcm_ps_add_q(&b, pkg->p->compliance_server ? pkg->p->compliance_server : "?");
		pcm_sbuf_add(&b, " + ' as well: pcmigrate does not see its backups.')\n");
	}
	if (nstmts)
		/* the supported way to change the legacy deployment is the Admin
		 * Tool (worklist.h); the SQL is the unsupported fallback */
		pcm_sbuf_printf(&b, "Write-Host 'Before the export, make the %zu changes of the plan to the legacy deployment with the Group Chat Admin Tool, as admin-tool-worklist.txt lists them (pcmigrate check then shows them done). fix-source.sql is the unsupported fallback: Microsoft does not support direct writes to the database.'\n",
		                nstmts);
	pcm_sbuf_add(&b, "Confirm-Continue 'Is the pool in the same forest, are all Group Chat services stopped and is the database backed up?'\n\n");

	add_export(&b, pkg, msgs);
	add_pool_check(&b, pkg, 3);
	add_import(&b, pkg);

	/* procedure step 7: the files */
	pcm_sbuf_printf(&b, "Write-Step 7 'Copy the uploaded files to the new file store'\n"
	             "# The tools do not copy uploaded files (%llu referenced by migrated messages;\n"
	             "# copy-files.cmd lists them per room). The whole folder is copied.\n"
	             "robocopy $LegacyFileStore $NewFileStore /E /COPY:DAT /R:2 /W:5\n"
	             "if ($LASTEXITCODE -ge 8) { throw ('robocopy failed with exit code ' + $LASTEXITCODE) }\n"
	             "Write-Host 'The Lync 2013 client cannot upload or view files in chat rooms (the legacy client can).'\n\n",
	             (unsigned long long)files);

	add_lookup(&b);

	/* steps 9-13: manual */
	pcm_sbuf_add(&b, "Write-Step 9 'Steps left to do by hand'\n"
	             "Write-Host '- Start the Persistent Chat services: turn on every computer of the new pool.'\n"
	             "Write-Host '- Verify the migrated data with the Lync Server Control Panel and the Get-CsPersistentChat* cmdlets.'\n"
	             "Write-Host '- Uninstall Group Chat from the computers of the Group Chat pool.'\n"
	             "Write-Host '- Delete the trusted application and trusted application pool of Group Chat'\n"
	             "Write-Host '  (Remove-CsTrustedApplication, Remove-CsTrustedApplicationPool, or Topology Builder).'\n"
	             "Write-Host '- Enable Persistent Chat for users through the new clients.'\n"
	             "Write-Host ''\n"
	             "Write-Host 'The mandatory migration steps are done.'\n");
	return pcm_ps_finish(&b);
}
