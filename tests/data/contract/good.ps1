# SPDX-License-Identifier: MIT
# Valid lines in the forms the tokenizer must follow (tests/ps_contract
# gives no finding here): quotes and their escapes, typographic quotes,
# backtick continuation, -Param:value, arrays, hashtables, script blocks,
# nested groups, comments, keywords.
param(
	[string]$PoolFqdn = 'pool.contoso.com',
	[string]$Sql = "sql01`"\gc"
)
<# a block comment
   New-Nothing -At all #>
function Get-PoolItem([string]$Name) { return $PoolFqdn + '\' + $Name }
function Invoke-Checked([string]$What, [scriptblock]$Action) {
	try { & $Action } catch { throw ('Stopped at ' + $What + ': ' + $_) }
}
$StartDate = [datetime]::Parse('2012-01-01T00:00:00Z', [Globalization.CultureInfo]::InvariantCulture,
	[Globalization.DateTimeStyles]'AssumeUniversal, AdjustToUniversal')
New-CsPersistentChatCategory -Name 'it''s ‘‘quoted’’ # not a comment' -PersistentChatPoolFqdn $PoolFqdn `
	-Description "a ""b"" `$c" -EnableInvitations -EnableFileUpload:$true
Set-CsPersistentChatCategory (Get-PoolItem 'it''s ‘‘quoted’’ # not a comment') -Invitations:$false -ChatHistory $true `
	-AllowedMembers @{Add='sip:a@contoso.com', 'sip:b@contoso.com'
		Remove='sip:c@contoso.com'} -Creators @{Add=@('sip:a@contoso.com')}
Invoke-Checked 'room ''r''' {
	if (-not (Get-CsPersistentChatRoom -Identity (Get-PoolItem 'r') -ErrorAction SilentlyContinue)) {
		New-CsPersistentChatRoom -Name 'r' -Category (Get-PoolItem 'it''s ‘‘quoted’’ # not a comment') -Type Auditorium -Privacy Secret -Invitations Inherit -Disabled $false
	}
	Set-CsPersistentChatRoom -Identity (Get-PoolItem 'r') -Members @{Add='sip:a@contoso.com'}; Set-CsPersistentChatRoom -Identity (Get-PoolItem 'r') -Presenters @{Add='sip:b@contoso.com'}
}
Export-CsPersistentChatData -DBInstance $Sql -DBName 'GroupChatDB' -FileName (Join-Path $PSScriptRoot 'x.zip') -Level RoomDirectory -StartDate $StartDate -Report 'e.html'
Import-CsPersistentChatData -DBInstance $Sql -FileName 'x.zip' -Report 'i.html' -Confirm:$false
$have = @{}
foreach ($c in @(Get-CsPersistentChatCategory -PersistentChatPoolFqdn $PoolFqdn)) { $have[[string]$c.Name] = $true }
Get-CsService -PersistentChatServer -PoolFqdn $PoolFqdn
robocopy '\\a\b' '\\c\d' /E /COPY:DAT
Write-Host ('x' + $have.Count) -ForegroundColor Yellow
