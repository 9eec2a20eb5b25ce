# runbook.ps1: written by pcmigrate from the migration plan.
# The "Performing the Migration" steps of Microsoft's procedure for moving
# Lync Server 2010 Group Chat / OCS 2007 R2 Group Chat to Lync Server 2013
# Persistent Chat, in order, for the Lync Server 2013 Management Shell.
# Run it as a member of the CsPersistentChatAdministrator RBAC role. Each
# step is announced; any error stops the script; it pauses where the
# procedure asks you to inspect or confirm.
# Source: server 'SQL01\GROUPCHAT', database 'GroupChatDB', read at '2013-02-01T09:00:00Z'
# Migrated: 4 categories, 5 rooms, 6 messages, 3 uploaded files.
# Date cutoff: messages posted before 2012-01-01T00:00:00Z are not migrated.

param(
	[string]$PoolFqdn = '<persistent-chat-pool.fqdn>',
	[string]$LegacySqlInstance = 'SQL01\GROUPCHAT',
	[string]$TargetSqlInstance = '<2013 Persistent Chat SQL server\instance>',
	[string]$LegacyFileStore = '\\gc01.contoso.com\MGCFileStore',
	[string]$NewFileStore = '<\\new-server\PersistentChatFileStore>',
	[string]$LookupServerUri = 'sip:ocschat@contoso.com',
	[string]$ExportFile = (Join-Path $PSScriptRoot 'legacy-export.zip')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

$unset = @()
foreach ($name in @('PoolFqdn', 'LegacySqlInstance', 'TargetSqlInstance', 'LegacyFileStore', 'NewFileStore', 'LookupServerUri')) {
	if ((Get-Variable -Name $name -ValueOnly) -like '<*>') { $unset += $name }
}
if ($unset.Count -gt 0) {
	throw ('Set these parameters first (at the top of this script, or as -Name value): ' + ($unset -join ', '))
}
if (-not (Get-Command Export-CsPersistentChatData -ErrorAction SilentlyContinue)) {
	Import-Module Lync
}

function Write-Step([int]$Number, [string]$Text) {
	Write-Host ''
	Write-Host ('=== Step ' + $Number + ': ' + $Text)
}

function Confirm-Continue([string]$Question) {
	$answer = Read-Host ($Question + ' Type YES to go on')
	if ($answer -cne 'YES') { throw 'Stopped: the answer was not YES.' }
}

# R5 date cutoff: messages posted before it are not exported.
$StartDate = [datetime]::Parse('2012-01-01T00:00:00Z', [Globalization.CultureInfo]::InvariantCulture,
	[Globalization.DateTimeStyles]'AssumeUniversal, AdjustToUniversal')

Write-Step 1 'Stop the services and back up the Group Chat database'
Write-Host 'Shut down the Lync Server 2010 Group Chat or OCS 2007 R2 Group Chat services'
Write-Host '(and any Lync Server 2013 Persistent Chat services). All must be stopped.'
Write-Host ('Newest full backup of the source database seen by pcmigrate finished at ' + '2013-02-01T08:30:00' + ' (server local time).')
Write-Host 'Run fix-source.sql (4 statements, the decisions of the plan) against the legacy database before the export.'
Confirm-Continue 'Are all Group Chat services stopped and the database backed up?'

Write-Step 2 'Export the legacy data (Export-CsPersistentChatData)'
Export-CsPersistentChatData -DBInstance $LegacySqlInstance -FileName $ExportFile -StartDate $StartDate
Confirm-Continue ('Inspect the exported contents in ' + $ExportFile + '.')

Write-Step 3 'Stop Persistent Chat and back up its database'
Write-Host 'Shut down the Lync Server 2013 Persistent Chat services. If categories, rooms or'
Write-Host 'add-ins were created in the new pool before the migration, back up the'
Write-Host 'Persistent Chat database now: items with the same name are overwritten.'
Confirm-Continue 'Are the Persistent Chat services stopped (and the database backed up)?'

Write-Step 4 'Trial import (Import-CsPersistentChatData -WhatIf)'
Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -WhatIf
Confirm-Continue 'Review the errors and warnings above and fix them before the real import.'

Write-Step 5 'Import (Import-CsPersistentChatData)'
Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -Confirm:$false

Write-Step 6 'Copy the uploaded files to the new file store'
# The tools do not copy uploaded files (3 referenced by migrated messages;
# copy-files.cmd lists them per room). The whole folder is copied.
robocopy $LegacyFileStore $NewFileStore /E /COPY:DAT /R:2 /W:5
if ($LASTEXITCODE -ge 8) { throw ('robocopy failed with exit code ' + $LASTEXITCODE) }

Write-Step 7 'Port the Lookup Server URI to a Persistent Chat endpoint'
Confirm-Continue ('Delete the Lookup Server user account ' + $LookupServerUri + ' (it pointed to the Group Chat Lookup Service) first.')
New-CsPersistentChatEndpoint -SipAddress $LookupServerUri -PersistentChatPoolFqdn $PoolFqdn

Write-Step 8 'Steps left to do by hand'
Write-Host '- Start the Persistent Chat services: turn on every computer of the new pool.'
Write-Host '- Verify the migrated data with the Lync Server Control Panel and the Get-CsPersistentChat* cmdlets.'
Write-Host '- Uninstall Group Chat from the computers of the Group Chat pool.'
Write-Host '- Delete the trusted application and trusted application pool of Group Chat'
Write-Host '  (Remove-CsTrustedApplication, Remove-CsTrustedApplicationPool, or Topology Builder).'
Write-Host '- Enable Persistent Chat for users through the new clients.'
Write-Host ''
Write-Host 'The mandatory migration steps are done.'
