# recreate-structure.ps1: written by pcmigrate from the migration plan.
# For moving the structure WITHOUT the chat history: recreates the
# categories, rooms, add-ins and role assignments in a Lync Server 2013
# Persistent Chat pool. Use it instead of the export/import of
# runbook.ps1, not after it. The first error stops it, naming the item;
# run it again once the cause is fixed: the categories, rooms and add-ins
# the pool already holds are skipped (their settings and lists are set
# again). Federated principals are never added (see FEDERATED in
# warnings.txt); a Normal room gets no presenters; a room's roles lie
# within its category's AllowedMembers.
# Source: server 'SQL01\GROUPCHAT', database 'GroupChatDB', read at '2013-02-01T09:00:00Z'
# Migrated: 4 categories, 5 rooms, 6 messages, 3 uploaded files.
# Date cutoff 2012-01-01T00:00:00Z: the export command of runbook.ps1 carries it as -StartDate
# (with -Level RoomDirectory, as its page requires); whether the messages
# before it are left out is not proved here: check the import report.

param(
	[string]$PoolFqdn = '<persistent-chat-pool.fqdn>'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

$unset = @()
foreach ($name in @('PoolFqdn')) {
	if ((Get-Variable -Name $name -ValueOnly) -like '<*>') { $unset += $name }
}
if ($unset.Count -gt 0) {
	throw ('Set these parameters first (at the top of this script, or as -Name value): ' + ($unset -join ', '))
}

# pool\name, the -Identity of a category, room or add-in
function Get-PoolItem([string]$Name) { return $PoolFqdn + '\' + $Name }

# Runs one item's commands; the first error stops the script, naming the item.
function Invoke-PoolItem([string]$What, [scriptblock]$Action) {
	try { & $Action }
	catch { throw ('Stopped at ' + $What + ': ' + $_.Exception.Message + ' Fix the cause and run this script again: what the pool holds already is skipped.') }
}

# Does the pool hold it already? (a rerun skips what exists)
function Test-Category([string]$Name) {
	try { return @(Get-CsPersistentChatCategory -Identity (Get-PoolItem $Name) -ErrorAction Stop).Count -gt 0 }
	catch { return $false }
}
function Test-Room([string]$Name) {
	try { return @(Get-CsPersistentChatRoom -Identity (Get-PoolItem $Name) -ErrorAction Stop).Count -gt 0 }
	catch { return $false }
}
function Test-Addin([string]$Name) {
	try { return @(Get-CsPersistentChatAddin -Identity (Get-PoolItem $Name) -ErrorAction Stop).Count -gt 0 }
	catch { return $false }
}

Write-Host '=== Add-ins (1)'
Invoke-PoolItem ('add-in ' + 'Sales board') {
	if (-not (Test-Addin 'Sales board')) {
		New-CsPersistentChatAddin -Name 'Sales board' -Url 'https://intranet.contoso.com/board?a=1&b=''2''' -PersistentChatPoolFqdn $PoolFqdn
	}
}

Write-Host '=== Categories (4)'
# legacy category nodeID 3
# AllowedMembers: 2 added that its rooms' managers, members or presenters need (a room role must lie within the category's AllowedMembers)
Invoke-PoolItem ('category ' + 'Sales/Seoul' + ' (legacy nodeID 3)') {
	if (-not (Test-Category 'Sales/Seoul')) {
		New-CsPersistentChatCategory -Name 'Sales/Seoul' -PersistentChatPoolFqdn $PoolFqdn
	}
	Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Sales/Seoul') -Invitations $false -FileUpload $true -ChatHistory $true -AllowedMembers @{Add='CN=Sales,OU=Groups,DC=contoso,DC=com','sip:kim@contoso.com','sip:park@contoso.com'} -Creators @{Add='sip:park@contoso.com'}
}
# legacy category nodeID 2
# AllowedMembers: 2 added that its rooms' managers, members or presenters need (a room role must lie within the category's AllowedMembers)
Invoke-PoolItem ('category ' + 'Sales' + ' (legacy nodeID 2)') {
	if (-not (Test-Category 'Sales')) {
		New-CsPersistentChatCategory -Name 'Sales' -PersistentChatPoolFqdn $PoolFqdn -Description 'Sales & marketing'
	}
	Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Sales') -Invitations $true -FileUpload $true -ChatHistory $true -AllowedMembers @{Add='CN=Sales,OU=Groups,DC=contoso,DC=com','sip:kim@contoso.com','sip:park@contoso.com'} -Creators @{Add='sip:park@contoso.com'}
}
# legacy category nodeID 4
# AllowedMembers: 1 added that its rooms' managers, members or presenters need (a room role must lie within the category's AllowedMembers)
Invoke-PoolItem ('category ' + 'Busan' + ' (legacy nodeID 4)') {
	if (-not (Test-Category 'Busan')) {
		New-CsPersistentChatCategory -Name 'Busan' -PersistentChatPoolFqdn $PoolFqdn -Description 'plant'
	}
	Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Busan') -Invitations $true -FileUpload $true -ChatHistory $true -AllowedMembers @{Add='sip:kim@contoso.com'}
}
# legacy category nodeID 1
# AllowedMembers: 2 added that its rooms' managers, members or presenters need (a room role must lie within the category's AllowedMembers)
Invoke-PoolItem ('category ' + 'Contoso' + ' (legacy nodeID 1)') {
	if (-not (Test-Category 'Contoso')) {
		New-CsPersistentChatCategory -Name 'Contoso' -PersistentChatPoolFqdn $PoolFqdn -Description 'root'
	}
	Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Contoso') -Invitations $false -FileUpload $true -ChatHistory $true -AllowedMembers @{Add='sip:kim@contoso.com','sip:park@contoso.com'}
}

Write-Host '=== Rooms (5)'
# legacy room nodeID 21 (invitations forced to False, R4)
Invoke-PoolItem ('room ' + 'Sales/Seoul/it''s $HOME `whoami` 한 ’’q' + ' (legacy nodeID 21)') {
	if (-not (Test-Room 'Sales/Seoul/it''s $HOME `whoami` 한 ’’q')) {
		New-CsPersistentChatRoom -Name 'Sales/Seoul/it''s $HOME `whoami` 한 ’’q' -Category (Get-PoolItem 'Sales/Seoul') -PersistentChatPoolFqdn $PoolFqdn -Type Normal -Privacy Closed -Invitations False
	}
	Set-CsPersistentChatRoom -Identity (Get-PoolItem 'Sales/Seoul/it''s $HOME `whoami` 한 ’’q') -Managers @{Add='sip:kim@contoso.com'} -Members @{Add='sip:park@contoso.com'}
}
# legacy room nodeID 22
Invoke-PoolItem ('room ' + 'Sales/Seoul/O''Neil''s "new" room' + ' (legacy nodeID 22)') {
	if (-not (Test-Room 'Sales/Seoul/O''Neil''s "new" room')) {
		New-CsPersistentChatRoom -Name 'Sales/Seoul/O''Neil''s "new" room' -Category (Get-PoolItem 'Sales/Seoul') -PersistentChatPoolFqdn $PoolFqdn -Type Normal -Privacy Closed -Invitations Inherit
	}
	Set-CsPersistentChatRoom -Identity (Get-PoolItem 'Sales/Seoul/O''Neil''s "new" room') -Managers @{Add='sip:kim@contoso.com'} -Members @{Add='sip:park@contoso.com'}
}
# legacy room nodeID 20
Invoke-PoolItem ('room ' + 'general' + ' (legacy nodeID 20)') {
	if (-not (Test-Room 'general')) {
		New-CsPersistentChatRoom -Name 'general' -Category (Get-PoolItem 'Sales') -PersistentChatPoolFqdn $PoolFqdn -Type Normal -Privacy Open -Invitations Inherit -Description '<everyone>' -Addin 'Sales board'
	}
	Set-CsPersistentChatRoom -Identity (Get-PoolItem 'general') -Managers @{Add='sip:kim@contoso.com'} -Members @{Add='sip:park@contoso.com','CN=Sales,OU=Groups,DC=contoso,DC=com'}
}
# legacy room nodeID 26
Invoke-PoolItem ('room ' + 'plant' + ' (legacy nodeID 26)') {
	if (-not (Test-Room 'plant')) {
		New-CsPersistentChatRoom -Name 'plant' -Category (Get-PoolItem 'Busan') -PersistentChatPoolFqdn $PoolFqdn -Type Normal -Privacy Secret -Invitations Inherit
	}
	Set-CsPersistentChatRoom -Identity (Get-PoolItem 'plant') -Managers @{Add='sip:kim@contoso.com'}
}
# legacy room nodeID 25
Invoke-PoolItem ('room ' + 'lobby' + ' (legacy nodeID 25)') {
	if (-not (Test-Room 'lobby')) {
		New-CsPersistentChatRoom -Name 'lobby' -Category (Get-PoolItem 'Contoso') -PersistentChatPoolFqdn $PoolFqdn -Type Auditorium -Privacy Open -Invitations Inherit
	}
	Set-CsPersistentChatRoom -Identity (Get-PoolItem 'lobby') -Managers @{Add='sip:kim@contoso.com'} -Presenters @{Add='sip:park@contoso.com'}
}

Write-Host 'The structure is recreated.'
