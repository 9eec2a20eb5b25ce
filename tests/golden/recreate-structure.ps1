# recreate-structure.ps1: written by pcmigrate from the migration plan.
# For moving the structure WITHOUT the chat history: recreates the
# categories, rooms, add-ins and role assignments in an empty Lync Server
# 2013 Persistent Chat pool. Use it instead of the export/import of
# runbook.ps1, not after it.
# Source: server 'SQL01\GROUPCHAT', database 'GroupChatDB', read at '2013-02-01T09:00:00Z'
# Migrated: 4 categories, 5 rooms, 6 messages, 3 uploaded files.
# Date cutoff: messages posted before 2012-01-01T00:00:00Z are not migrated.

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

# pool\name, the -Identity of a category or room
function Get-PoolItem([string]$Name) { return $PoolFqdn + '\' + $Name }

Write-Host '=== Add-ins (1)'
New-CsPersistentChatAddin -Name 'Sales board' -Url 'https://intranet.contoso.com/board?a=1&b=''2''' -PersistentChatPoolFqdn $PoolFqdn

Write-Host '=== Categories (4)'
# legacy category nodeID 3
New-CsPersistentChatCategory -Name 'Sales/Seoul' -PersistentChatPoolFqdn $PoolFqdn
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Sales/Seoul') -Invitations $false -FileUpload $true -AllowedMembers @{Add='CN=Sales,OU=Groups,DC=contoso,DC=com'} -Creators @{Add='sip:park@contoso.com'}
# legacy category nodeID 2
New-CsPersistentChatCategory -Name 'Sales' -PersistentChatPoolFqdn $PoolFqdn -Description 'Sales & marketing'
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Sales') -Invitations $true -FileUpload $true -AllowedMembers @{Add='CN=Sales,OU=Groups,DC=contoso,DC=com'} -Creators @{Add='sip:park@contoso.com'}
# legacy category nodeID 4
New-CsPersistentChatCategory -Name 'Busan' -PersistentChatPoolFqdn $PoolFqdn -Description 'plant'
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Busan') -Invitations $true -FileUpload $true
# legacy category nodeID 1
New-CsPersistentChatCategory -Name 'Contoso' -PersistentChatPoolFqdn $PoolFqdn -Description 'root'
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Contoso') -Invitations $false -FileUpload $true

Write-Host '=== Rooms (5)'
# legacy room nodeID 21 (invitations forced to False, R4)
New-CsPersistentChatRoom -Name 'Sales/Seoul/it''s $HOME `whoami` 한 ’’q' -Category (Get-PoolItem 'Sales/Seoul') -PersistentChatPoolFqdn $PoolFqdn -Type Normal -Privacy Closed -Invitations False
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'Sales/Seoul/it''s $HOME `whoami` 한 ’’q') -Managers @{Add='sip:kim@contoso.com'} -Members @{Add='sip:park@contoso.com'}
# legacy room nodeID 22
New-CsPersistentChatRoom -Name 'Sales/Seoul/O''Neil''s "new" room' -Category (Get-PoolItem 'Sales/Seoul') -PersistentChatPoolFqdn $PoolFqdn -Type Normal -Privacy Closed -Invitations Inherit
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'Sales/Seoul/O''Neil''s "new" room') -Managers @{Add='sip:kim@contoso.com'} -Members @{Add='sip:park@contoso.com'}
# legacy room nodeID 20
New-CsPersistentChatRoom -Name 'general' -Category (Get-PoolItem 'Sales') -PersistentChatPoolFqdn $PoolFqdn -Type Normal -Privacy Open -Invitations Inherit -Description '<everyone>' -Addin 'Sales board'
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'general') -Managers @{Add='sip:kim@contoso.com'} -Members @{Add='sip:park@contoso.com','CN=Sales,OU=Groups,DC=contoso,DC=com'}
# legacy room nodeID 26
New-CsPersistentChatRoom -Name 'plant' -Category (Get-PoolItem 'Busan') -PersistentChatPoolFqdn $PoolFqdn -Type Normal -Privacy Secret -Invitations Inherit
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'plant') -Managers @{Add='sip:kim@contoso.com'}
# legacy room nodeID 25
New-CsPersistentChatRoom -Name 'lobby' -Category (Get-PoolItem 'Contoso') -PersistentChatPoolFqdn $PoolFqdn -Type Auditorium -Privacy Open -Invitations Inherit
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'lobby') -Managers @{Add='sip:kim@contoso.com'} -Presenters @{Add='sip:park@contoso.com'}

Write-Host 'The structure is recreated.'
