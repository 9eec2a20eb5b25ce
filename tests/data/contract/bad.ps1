# SPDX-License-Identifier: MIT
# Planted bad lines for tests/ps_contract: each line that ends in a FAIL
# comment must give a finding on that line holding the comment's text
# (tests/test_cmdlets.sh); no other line may give one.
param([string]$PoolFqdn = 'pool.contoso.com')
function Get-PoolItem([string]$Name) { return $PoolFqdn + '\' + $Name }

New-CsPersistentChatCategry -Name 'x' -PersistentChatPoolFqdn $PoolFqdn # FAIL: unknown cmdlet New-CsPersistentChatCategry
New-CsPersistentChatCategory -Name 'Cat' -PersistentChatPoolFqdn $PoolFqdn -Invitations $true # FAIL: unknown parameter -Invitations
New-CsPersistentChatCategory -Name 'Cat2' -EnableInvitations $true # FAIL: a switch is given a value
New-CsPersistentChatCategory -Name 'Cat3' -EnableFileUpload:'yes' # FAIL: the switch -EnableFileUpload is given a value
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Cat') -Invitations False # FAIL: is Boolean
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Cat') -ChatHistory # FAIL: -ChatHistory needs a value
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Cat') -AllowedMembers 'sip:a@contoso.com' # FAIL: takes @{Add=...}
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Cat') -AllowedMembers @{Put='sip:a@contoso.com'} # FAIL: 'Put' is not Add
Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Cat') -AllowedMembers @{Add='sip:a@contoso.com','OU=Sales,DC=contoso,DC=com'} -DeniedMembers @{Add='sip:d@contoso.com'}
New-CsPersistentChatRoom -Name 'r1' -Category (Get-PoolItem 'Cat') -Privacy Hidden # FAIL: -Privacy 'Hidden' is not one of
New-CsPersistentChatRoom -Name 'r2' -Category (Get-PoolItem 'Cat') -Invitations True # FAIL: -Invitations 'True' is not one of
New-CsPersistentChatRoom -Name 'r3' -Category (Get-PoolItem 'Cat') -Disabled # FAIL: -Disabled needs a value
New-CsPersistentChatRoom -Category (Get-PoolItem 'Cat') -Type Normal # FAIL: the required -Name is missing
New-CsPersistentChatRoom -Name 'normal' -Category (Get-PoolItem 'Cat') -Type Normal
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'normal') -Presenters @{Add='sip:a@contoso.com'} # FAIL: presenters on the Normal room 'normal'
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'normal') -Members @{Add='sip:b@contoso.com'} # FAIL: Members 'sip:b@contoso.com' of room 'normal' is outside
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'normal') -Managers @{Add='sip:d@contoso.com'} # FAIL: Managers 'sip:d@contoso.com' of room 'normal' is outside
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'normal') -Members @{Add='CN=x,OU=Sales,DC=contoso,DC=com','sip:a@contoso.com'}
New-CsPersistentChatRoom -Name 'hall' -Category (Get-PoolItem 'Cat') -Type Auditorium
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'hall') -Presenters @{Add='sip:a@contoso.com'}
Set-CsPersistentChatRoom -Identity (Get-PoolItem 'ghost') -Members @{Add='sip:a@contoso.com'} # FAIL: room 'ghost' is not created above
Export-CsPersistentChatData -DBInstance 'sql\gc' -FileName 'x.zip' -StartDate $StartDate # FAIL: -StartDate is valid only with -Level RoomDirectory
Export-CsPersistentChatData -DBInstance 'sql\gc' -FileName 'x.zip' -Level Everything # FAIL: -Level 'Everything' is not one of
Import-CsPersistentChatData -DBInstance 'sql' -FileName 'x.zip' `
	-Reprot 'r.html' # FAIL: unknown parameter -Reprot
Import-CsPersistentChatData -DBInstance 'sql' -FileName 'x.zip' -Confirm:$false -WhatIf -WhatIf # FAIL: -WhatIf given twice
Write-Host 'a' 'b' # FAIL: an argument no parameter takes
Import-CsPersistentChatData -FileName 'x.zip' # FAIL: the required -DBInstance is missing
$x = (New-CsPersistentChatEndpoint -SipAddress 'sip:x@contoso.com') # FAIL: the required -PersistentChatPoolFqdn is missing
if ($true) { foreach ($i in @(1, 2)) { Set-CsPersistentChatRoom -Identity (Get-PoolItem 'hall') -Colour 'red' } } # FAIL: unknown parameter -Colour
