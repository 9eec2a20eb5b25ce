/* SPDX-License-Identifier: MIT */
/* runbook.ps1 and recreate-structure.ps1 for the Lync Server 2013
 * Management Shell. Every name goes in single quotes with quotes doubled
 * (pcm_ps_quote), never in double quotes, so nothing in a name expands.
 * Both files start with a UTF-8 BOM (Windows PowerShell reads a file
 * without one in the ANSI code page and would garble Hangul) and use CRLF
 * line ends. No date of "now": a rerun gives the same bytes. */
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


/* PowerShell treats these as single quotes too: ' U+2018 U+2019 U+201A U+201B. */
static size_t ps_quote_char(const unsigned char *s)
{
	if (s[0] == '\'')
		return 1;
	if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x98 && s[2] <= 0x9B)
		return 3;
	return 0;
}

/* Code point of a character that must not appear raw in a script: C0
 * controls, DEL, C1 controls, U+2028/U+2029; its byte length in *len. */
static long ps_control_char(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x20 || s[0] == 0x7F) {
		*len = 1;
		return s[0];
	}
	if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
		*len = 2;
		return s[1];
	}
	if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) {
		*len = 3;
		return 0x2000 + (s[2] - 0x80);
	}
	return -1;
}

/* Can s go between single quotes as it is? No quote, no control, and
 * none of the lead bytes (C2, E2) of the other characters handled below:
 * the usual name, checked in one pass. */
static bool ps_plain(const unsigned char *s, size_t *n)
{
	const unsigned char *p;

	for (p = s; *p; p++)
		if (*p < 0x20 || *p == '\'' || *p == 0x7F || *p == 0xC2 || *p == 0xE2)
			return false;
	*n = (size_t)(p - s);
	return true;
}

char *pcm_ps_quote(const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	struct pcm_sbuf b = { 0 };
	bool has_control = false, open = false;
	const unsigned char *q;
	size_t len;

	if (ps_plain(s, &len)) {
		char *out = pcm_xmalloc(len + 3);
		out[0] = '\'';
		memcpy(out + 1, s, len);
		out[len + 1] = '\'';
		out[len + 2] = '\0';
		return out;
	}
	for (q = s; *q; q++)
		if (ps_control_char(q, &len) >= 0)
			has_control = true;
	if (has_control)
		pcm_sbuf_addc(&b, '(');
	while (*s) {
		long cp = ps_control_char(s, &len);
		if (cp >= 0) {
			if (open) {
				pcm_sbuf_add(&b, "' + ");
				open = false;
			} else if (b.n == 1) {
				pcm_sbuf_add(&b, "'' + ");
			} else {
				pcm_sbuf_add(&b, " + ");
			}
			pcm_sbuf_printf(&b, "[char]0x%04lX", cp);
			s += len;
			continue;
		}
		if (!open) {
			if (b.n > 1)
				pcm_sbuf_add(&b, " + ");
			pcm_sbuf_addc(&b, '\'');
			open = true;
		}
		len = ps_quote_char(s);
		if (len) {
			/* doubled: the tokenizer keeps the second of a pair */
			pcm_sbuf_addn(&b, (const char *)s, len);
			pcm_sbuf_addn(&b, (const char *)s, len);
			s += len;
		} else {
			pcm_sbuf_addc(&b, (char)*s++);
		}
	}
	if (open)
		pcm_sbuf_addc(&b, '\'');
	else if (!has_control)
		pcm_sbuf_add(&b, "''");
	if (has_control)
		pcm_sbuf_addc(&b, ')');
	return pcm_sbuf_take(&b);
}

/* Appends the quoted form of s. */
void pcm_ps_add_q(struct pcm_sbuf *b, const char *s)
{
	char *q = pcm_ps_quote(s);

	pcm_sbuf_add(b, q);
	free(q);
}

/* The text with every "\n" turned into CRLF, and the BOM in front; b is
 * consumed. */
static char *finish_windows_text(struct pcm_sbuf *b)
{
	struct pcm_sbuf out = { 0 };
	struct pcm_crlf_writer w = { *b, pcm_sbuf_put, &out, true, false };

	memset(b, 0, sizeof *b);        /* w owns the text now */
	pcm_crlf_end(&w);
	return pcm_sbuf_take(&out);
}

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

static uint64_t total_messages(const struct pcm_package *pkg, uint64_t *files)
{
	uint64_t m = 0;
	size_t i;

	*files = 0;
	for (i = 0; i < pkg->nrooms; i++) {
		m += pkg->rooms[i].messages_expected;
		*files += pkg->rooms[i].files;
	}
	return m;
}

/* Header comment shared by both scripts: where the data comes from. */
void pcm_ps_source_comment(struct pcm_sbuf *b, const struct pcm_package *pkg)
{
	const struct pcm_deployment *d = pkg->d;
	uint64_t files, msgs = total_messages(pkg, &files);
	char day[32];

	pcm_sbuf_add(b, "# Source: server ");
	pcm_ps_add_q(b, d->info.server);
	pcm_sbuf_add(b, ", database ");
	pcm_ps_add_q(b, d->info.database);
	if (d->info.taken_at) {
		pcm_sbuf_add(b, ", read at ");
		pcm_ps_add_q(b, d->info.taken_at);
	}
	pcm_sbuf_add(b, "\n");
	pcm_sbuf_printf(b, "# Migrated: %zu categories, %zu rooms, %llu messages, %llu uploaded files.\n",
	                pkg->ncategories, pkg->nrooms, (unsigned long long)msgs,
	                (unsigned long long)files);
	if (pkg->cutoff_ticks) {
		pcm_format_ticks(pkg->cutoff_ticks, day, sizeof day);
		pcm_sbuf_printf(b, "# Date cutoff: messages posted before %s are not migrated.\n", day);
	}
}

/* PowerShell lines that stop the script while a parameter still holds
 * its <placeholder>. */
void pcm_ps_placeholder_check(struct pcm_sbuf *b, const char *const *names, size_t n)
{
	size_t i;

	pcm_sbuf_add(b, "$unset = @()\nforeach ($name in @(");
	for (i = 0; i < n; i++)
		pcm_sbuf_printf(b, "%s'%s'", i ? ", " : "", names[i]);
	pcm_sbuf_add(b, ")) {\n"
	             "\tif ((Get-Variable -Name $name -ValueOnly) -like '<*>') { $unset += $name }\n"
	             "}\n"
	             "if ($unset.Count -gt 0) {\n"
	             "\tthrow ('Set these parameters first (at the top of this script, or as -Name value): ' + ($unset -join ', '))\n"
	             "}\n");
}

void pcm_ps_param(struct pcm_sbuf *b, const char *name, const char *value, const char *ph, bool last)
{
	pcm_sbuf_printf(b, "\t[string]$%s = ", name);
	pcm_ps_add_q(b, value && *value ? value : ph);
	pcm_sbuf_add(b, last ? "\n" : ",\n");
}

static const char *const runbook_params[] = {
	"PoolFqdn", "LegacySqlInstance", "TargetSqlInstance", "LegacyFileStore", "NewFileStore",
	"LookupServerUri",
};

char *pcm_runbook_text(const struct pcm_package *pkg)
{
	const struct pcm_deployment *d = pkg->d;
	const struct pcm_backup *bk = newest_full_backup(d);
	struct pcm_sbuf b = { 0 };
	char **stmts;
	size_t nstmts;
	uint64_t files;
	char when[32], *store = pcm_legacy_store_root(pkg);

	pcm_fixsql_statements(d, pkg->p, &stmts, &nstmts);
	pcm_fixsql_free(stmts, nstmts);
	total_messages(pkg, &files);

	pcm_sbuf_add(&b,
	        "# runbook.ps1: written by pcmigrate from the migration plan.\n"
	        "# The \"Performing the Migration\" steps of Microsoft's procedure for moving\n"
	        "# Lync Server 2010 Group Chat / OCS 2007 R2 Group Chat to Lync Server 2013\n"
	        "# Persistent Chat, in order, for the Lync Server 2013 Management Shell.\n"
	        "# Run it as a member of the CsPersistentChatAdministrator RBAC role. Each\n"
	        "# step is announced; any error stops the script; it pauses where the\n"
	        "# procedure asks you to inspect or confirm.\n");
	pcm_ps_source_comment(&b, pkg);
	pcm_sbuf_add(&b, "\nparam(\n");
	pcm_ps_param(&b, "PoolFqdn", pkg->p ? pkg->p->pool_fqdn : NULL, PCM_PH_POOL, false);
	pcm_ps_param(&b, "LegacySqlInstance", d->info.server, PCM_PH_LEGACY_SQL, false);
	pcm_ps_param(&b, "TargetSqlInstance", NULL, PCM_PH_TARGET_SQL, false);
	pcm_ps_param(&b, "LegacyFileStore", store, PCM_PH_LEGACY_FS, false);
	pcm_ps_param(&b, "NewFileStore", NULL, PCM_PH_NEW_FS, false);
	pcm_ps_param(&b, "LookupServerUri", d->info.lookup_server_uri, PCM_PH_LOOKUP_URI, false);
	pcm_sbuf_add(&b, "\t[string]$ExportFile = (Join-Path $PSScriptRoot 'legacy-export.zip')\n)\n\n");

	pcm_sbuf_add(&b,
	        "$ErrorActionPreference = 'Stop'\n"
	        "Set-StrictMode -Version 2.0\n\n");
	pcm_ps_placeholder_check(&b, runbook_params, sizeof runbook_params / sizeof *runbook_params);
	pcm_sbuf_add(&b,
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
	        "}\n\n");
	if (pkg->cutoff_ticks) {
		pcm_format_ticks(pkg->cutoff_ticks, when, sizeof when);
		pcm_sbuf_printf(&b,
		        "# R5 date cutoff: messages posted before it are not exported.\n"
		        "$StartDate = [datetime]::Parse('%s', [Globalization.CultureInfo]::InvariantCulture,\n"
		        "\t[Globalization.DateTimeStyles]'AssumeUniversal, AdjustToUniversal')\n\n", when);
	}

	/* procedure step 1 */
	pcm_sbuf_add(&b, "Write-Step 1 'Stop the services and back up the Group Chat database'\n");
	pcm_sbuf_add(&b, "Write-Host 'Shut down the Lync Server 2010 Group Chat or OCS 2007 R2 Group Chat services'\n"
	             "Write-Host '(and any Lync Server 2013 Persistent Chat services). All must be stopped.'\n");
	if (bk && bk->finish_local) {
		pcm_sbuf_add(&b, "Write-Host ('Newest full backup of the source database seen by pcmigrate finished at ' + ");
		pcm_ps_add_q(&b, bk->finish_local);
		pcm_sbuf_add(&b, " + ' (server local time).')\n");
	} else {
		pcm_sbuf_add(&b, "Write-Host 'pcmigrate saw no full backup of the source database: make one now.'\n");
	}
	if (nstmts)
		pcm_sbuf_printf(&b, "Write-Host 'Run fix-source.sql (%zu statements, the decisions of the plan) against the legacy database before the export.'\n",
		                nstmts);
	pcm_sbuf_add(&b, "Confirm-Continue 'Are all Group Chat services stopped and the database backed up?'\n\n");

	/* step 2 */
	pcm_sbuf_add(&b, "Write-Step 2 'Export the legacy data (Export-CsPersistentChatData)'\n");
	pcm_sbuf_add(&b, "Export-CsPersistentChatData -DBInstance $LegacySqlInstance -FileName $ExportFile");
	if (pkg->cutoff_ticks)
		pcm_sbuf_add(&b, " -StartDate $StartDate");
	pcm_sbuf_add(&b, "\nConfirm-Continue ('Inspect the exported contents in ' + $ExportFile + '.')\n\n");

	/* steps 3 and 4 */
	pcm_sbuf_add(&b, "Write-Step 3 'Stop Persistent Chat and back up its database'\n"
	             "Write-Host 'Shut down the Lync Server 2013 Persistent Chat services. If categories, rooms or'\n"
	             "Write-Host 'add-ins were created in the new pool before the migration, back up the'\n"
	             "Write-Host 'Persistent Chat database now: items with the same name are overwritten.'\n"
	             "Confirm-Continue 'Are the Persistent Chat services stopped (and the database backed up)?'\n\n");

	/* step 5 */
	pcm_sbuf_add(&b, "Write-Step 4 'Trial import (Import-CsPersistentChatData -WhatIf)'\n"
	             "Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -WhatIf\n"
	             "Confirm-Continue 'Review the errors and warnings above and fix them before the real import.'\n\n");

	/* step 6 */
	pcm_sbuf_add(&b, "Write-Step 5 'Import (Import-CsPersistentChatData)'\n"
	             "Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -Confirm:$false\n\n");

	/* step 7 */
	pcm_sbuf_printf(&b, "Write-Step 6 'Copy the uploaded files to the new file store'\n"
	             "# The tools do not copy uploaded files (%llu referenced by migrated messages;\n"
	             "# copy-files.cmd lists them per room). The whole folder is copied.\n"
	             "robocopy $LegacyFileStore $NewFileStore /E /COPY:DAT /R:2 /W:5\n"
	             "if ($LASTEXITCODE -ge 8) { throw ('robocopy failed with exit code ' + $LASTEXITCODE) }\n\n",
	             (unsigned long long)files);

	/* step 8 */
	pcm_sbuf_add(&b, "Write-Step 7 'Port the Lookup Server URI to a Persistent Chat endpoint'\n"
	             "Confirm-Continue ('Delete the Lookup Server user account ' + $LookupServerUri + ' (it pointed to the Group Chat Lookup Service) first.')\n"
	             "New-CsPersistentChatEndpoint -SipAddress $LookupServerUri -PersistentChatPoolFqdn $PoolFqdn\n\n");

	/* steps 9-13: manual */
	pcm_sbuf_add(&b, "Write-Step 8 'Steps left to do by hand'\n"
	             "Write-Host '- Start the Persistent Chat services: turn on every computer of the new pool.'\n"
	             "Write-Host '- Verify the migrated data with the Lync Server Control Panel and the Get-CsPersistentChat* cmdlets.'\n"
	             "Write-Host '- Uninstall Group Chat from the computers of the Group Chat pool.'\n"
	             "Write-Host '- Delete the trusted application and trusted application pool of Group Chat'\n"
	             "Write-Host '  (Remove-CsTrustedApplication, Remove-CsTrustedApplicationPool, or Topology Builder).'\n"
	             "Write-Host '- Enable Persistent Chat for users through the new clients.'\n"
	             "Write-Host ''\n"
	             "Write-Host 'The mandatory migration steps are done.'\n");
	free(store);
	return finish_windows_text(&b);
}
