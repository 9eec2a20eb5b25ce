# runbook.ps1: written by pcmigrate from the migration plan.
# The "Performing the Migration" steps of Microsoft's procedure for moving
# Lync Server 2010 Group Chat / OCS 2007 R2 Group Chat to Lync Server 2013
# Persistent Chat, in order, for the Lync Server 2013 Management Shell.
# Run it as a member of the CsPersistentChatAdministrator RBAC role. Each
# step is announced; any error stops the script; it pauses where the
# procedure asks you to inspect or confirm. The Lync Server 2013 pool must
# be in the same Active Directory forest as the legacy deployment. If the
# import fails, the script prints what to restore and restart
# (Show-Rollback below).
# Source: server 'SQL01\GROUPCHAT', database 'GroupChatDB', read at '2013-02-01T09:00:00Z'
# Migrated: 4 categories, 5 rooms, 6 messages, 3 uploaded files.
# Date cutoff 2012-01-01T00:00:00Z: the export command of runbook.ps1 carries it as -StartDate
# (with -Level RoomDirectory, as its page requires); whether the messages
# before it are left out is not proved here: check the import report.

param(
	[string]$PoolFqdn = '<persistent-chat-pool.fqdn>',
	[string]$LegacySqlInstance = 'SQL01\GROUPCHAT',
	[string]$LegacyDatabase = 'GroupChatDB',
	[string]$TargetSqlInstance = '<2013 Persistent Chat SQL server\instance>',
	[string]$LegacyFileStore = '<\\legacy-server\GroupChatFileStore>',
	[string]$NewFileStore = '<\\new-server\PersistentChatFileStore>',
	[string]$LookupServerUri = 'sip:ocschat@contoso.com',
	[string]$ExportFile = (Join-Path $PSScriptRoot 'legacy-export.zip')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

$unset = @()
foreach ($name in @('PoolFqdn', 'LegacySqlInstance', 'LegacyDatabase', 'TargetSqlInstance', 'LegacyFileStore', 'NewFileStore', 'LookupServerUri')) {
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

$ExportReport = Join-Path $PSScriptRoot 'export-report.html'
$TrialReport = Join-Path $PSScriptRoot 'import-whatif-report.html'
$ImportReport = Join-Path $PSScriptRoot 'import-report.html'
$LookupRecord = Join-Path $PSScriptRoot 'lookup-account.xml'

# Rollback: what to restore and restart when the import fails.
function Show-Rollback {
	Write-Host ''
	Write-Host '=== Rollback: the import did not finish'
	Write-Host '1. Stop the Persistent Chat services of the new pool.'
	Write-Host '2. Restore the Persistent Chat database from the backup of step 4: it holds the pool as it was before the import.'
	Write-Host '3. The export does not change the legacy database: start the Group Chat services stopped in step 1 again, and users have their rooms back.'
	Write-Host '   To undo the changes made to the legacy deployment before the export as well, restore the backup of step 1 first.'
	Write-Host ('4. If the Lookup Server account was deleted, create it again as recorded in ' + $LookupRecord + '.')
	Write-Host ('Then fix what ' + $ImportReport + ' names and run this script again.')
}
$ImportBegun = $false
trap {
	if ($ImportBegun) { Show-Rollback }
	break
}

# R5 date cutoff, for Export-CsPersistentChatData -StartDate.
$StartDate = [datetime]::Parse('2012-01-01T00:00:00Z', [Globalization.CultureInfo]::InvariantCulture,
	[Globalization.DateTimeStyles]'AssumeUniversal, AdjustToUniversal')

Write-Step 1 'Stop the services and back up the Group Chat database'
Write-Host 'The Lync Server 2013 Persistent Chat pool must be in the same Active Directory forest'
Write-Host 'as the legacy Group Chat deployment (Microsoft''s migration procedure).'
Write-Host 'Shut down the Lync Server 2010 Group Chat or OCS 2007 R2 Group Chat services'
Write-Host '(and any Lync Server 2013 Persistent Chat services). All must be stopped.'
Write-Host ('Newest full backup of the source database seen by pcmigrate finished at ' + '2013-02-01T08:30:00' + ' (server local time).')
Write-Host 'Before the export, make the 4 changes of the plan to the legacy deployment with the Group Chat Admin Tool, as admin-tool-worklist.txt lists them (pcmigrate check then shows them done). fix-source.sql is the unsupported fallback: Microsoft does not support direct writes to the database.'
Confirm-Continue 'Is the pool in the same forest, are all Group Chat services stopped and is the database backed up?'

Write-Step 2 'Export the legacy data (Export-CsPersistentChatData)'
# -StartDate "is valid only when Level is set to RoomDirectory"
# (Export-CsPersistentChatData), so the export runs at that level. That it
# leaves out the messages before the cutoff is not proved here.
Export-CsPersistentChatData -DBInstance $LegacySqlInstance -DBName $LegacyDatabase -FileName $ExportFile -Level RoomDirectory -StartDate $StartDate -Report $ExportReport
Write-Host 'The export command carries -StartDate 2012-01-01T00:00:00Z; check the import report: pcmigrate counts 6 messages since then in the migrated rooms.'
Confirm-Continue ('Inspect the exported contents in ' + $ExportFile + ' and the report ' + $ExportReport + '.')

Write-Step 3 'Check the target pool before the import'
$servers = @(Get-CsService -PersistentChatServer -PoolFqdn $PoolFqdn)
if ($servers.Count -eq 0) {
	throw ('Get-CsService -PersistentChatServer finds no Persistent Chat Server in the pool ' + $PoolFqdn + ': check -PoolFqdn and the topology.')
}
# the names the import creates (the plan's final names)
$PlanCategories = @(
	'Sales/Seoul',
	'Sales',
	'Busan',
	'Contoso'
)
$PlanRooms = @(
	'Sales/Seoul/it''s $HOME `whoami` 한 ’’q',
	'Sales/Seoul/O''Neil''s "new" room',
	'general',
	'plant',
	'lobby'
)
$clash = @()
foreach ($c in @(Get-CsPersistentChatCategory -PersistentChatPoolFqdn $PoolFqdn)) {
	Write-Host ('Category already in the pool: ' + $c.Name)
	if ($PlanCategories -contains [string]($c.Name)) { $clash += ('category ' + $c.Name) }
}
foreach ($r in @(Get-CsPersistentChatRoom -PersistentChatPoolFqdn $PoolFqdn)) {
	Write-Host ('Room already in the pool: ' + $r.Name)
	if ($PlanRooms -contains [string]($r.Name)) { $clash += ('room ' + $r.Name) }
}
if ($clash.Count -gt 0) {
	throw ('The pool already holds these names, which the import would overwrite: ' + ($clash -join '; ') + '. Rename them in the plan (pcmigrate plan --rename) or remove them from the pool, then run this script again.')
}

Write-Step 4 'Stop Persistent Chat and back up its database'
Write-Host 'Shut down the Lync Server 2013 Persistent Chat services and back up the'
Write-Host 'Persistent Chat database now: a rollback restores it.'
Confirm-Continue 'Are the Persistent Chat services stopped and the database backed up?'

Write-Step 5 'Trial import (Import-CsPersistentChatData -WhatIf)'
Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -Report $TrialReport -WhatIf
Confirm-Continue ('Review the errors and warnings above and in ' + $TrialReport + ', and fix them before the real import.')

Write-Step 6 'Import (Import-CsPersistentChatData)'
$ImportBegun = $true
Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -Report $ImportReport -Confirm:$false
$ImportBegun = $false
Write-Host ('Import report: ' + $ImportReport + '. Check in it whether the messages before the cutoff were left out.')

Write-Step 7 'Copy the uploaded files to the new file store'
# The tools do not copy uploaded files (3 referenced by migrated messages;
# copy-files.cmd lists them per room). The whole folder is copied.
robocopy $LegacyFileStore $NewFileStore /E /COPY:DAT /R:2 /W:5
if ($LASTEXITCODE -ge 8) { throw ('robocopy failed with exit code ' + $LASTEXITCODE) }
Write-Host 'The Lync 2013 client cannot upload or view files in chat rooms (the legacy client can).'

Write-Step 8 'Port the Lookup Server URI to a Persistent Chat endpoint'
$lookup = $null
try { $lookup = Get-CsUser -Identity $LookupServerUri -ErrorAction Stop } catch { $lookup = $null }
if ($lookup) {
	Export-Clixml -InputObject $lookup -Path $LookupRecord
	Write-Host ('The Lookup Server account is recorded in ' + $LookupRecord + ' (for a rollback).')
} else {
	Write-Host ('Get-CsUser finds no account ' + $LookupServerUri + ': note its settings by hand before you delete it.')
}
Confirm-Continue ('Delete the Lookup Server user account ' + $LookupServerUri + ' (it pointed to the Group Chat Lookup Service) first.')
New-CsPersistentChatEndpoint -SipAddress $LookupServerUri -PersistentChatPoolFqdn $PoolFqdn

Write-Step 9 'Steps left to do by hand'
Write-Host '- Start the Persistent Chat services: turn on every computer of the new pool.'
Write-Host '- Verify the migrated data with the Lync Server Control Panel and the Get-CsPersistentChat* cmdlets.'
Write-Host '- Uninstall Group Chat from the computers of the Group Chat pool.'
Write-Host '- Delete the trusted application and trusted application pool of Group Chat'
Write-Host '  (Remove-CsTrustedApplication, Remove-CsTrustedApplicationPool, or Topology Builder).'
Write-Host '- Enable Persistent Chat for users through the new clients.'
Write-Host ''
Write-Host 'The mandatory migration steps are done.'
