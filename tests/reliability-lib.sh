# SPDX-License-Identifier: MIT
# Generators for the reliability tests (sourced). Large or odd inputs are
# made at test time with awk, never checked in. Each writes to stdout.

# snapshot_header: the root element's start tag and the static rows.
snapshot_header()
{
	cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<groupChatSnapshot formatVersion="1" server="SQL01\GROUPCHAT" database="GroupChatDB" takenAt="2013-02-01T09:00:00Z" serverUtcOffsetMinutes="540" lookupServerUri="sip:ocschat@fabrikam.com">
  <tblPrincipalType ptypeID="5" ptypeDesc="User" ptypeIsSystemUser="0" ptypeIsUser="1" ptypeIsFederated="0"/>
  <tblRoleType rtypeID="1" rtypeDesc="Member"/>
  <tblRoleType rtypeID="2" rtypeDesc="Manager"/>
  <tblPrincipal prinID="10" prinUri="sip:ann@fabrikam.com" prinName="Ann" prinTypeID="5"/>
  <tblNode nodeID="1" parentID="1" nodeType="1" nodeName="Fabrikam" nodeDesc="" invite="0" disabled="0"/>
  <tblPrincipalRole prinRoleNodeID="1" prinRolePrinID="10" prinRoleTypeID="2"/>
  <backupset database_name="GroupChatDB" type="D" backup_start_date="2013-01-31T23:00:00" backup_finish_date="2013-01-31T23:20:00"/>
EOF
}

# gen_snapshot ROOMS MESSAGES-PER-ROOM: a valid deployment with ROOMS rooms
# in 10 categories, each holding MESSAGES-PER-ROOM messages in 2012.
gen_snapshot()
{
	snapshot_header
	awk -v rooms="$1" -v msgs="$2" 'BEGIN {
		for (c = 0; c < 10; c++)
			printf "  <tblNode nodeID=\"%d\" parentID=\"1\" nodeType=\"1\" nodeName=\"Category %d\" nodeDesc=\"\" disabled=\"0\"/>\n", 100 + c, c
		for (r = 0; r < rooms; r++)
			printf "  <tblNode nodeID=\"%d\" parentID=\"%d\" nodeType=\"0\" nodeName=\"Room %d\" nodeDesc=\"\" disabled=\"0\" visibility=\"6\"/>\n", 1000 + r, 100 + r % 10, r
		base = 634609728000000000   # 2012-01-01T00:00:00Z in ticks
		for (r = 0; r < rooms; r++)
			for (m = 1; m <= msgs; m++)
				printf "  <tblChat channelId=\"%d\" chatId=\"%d\" chatDate=\"%.0f\" userId=\"10\" isAlert=\"0\" content=\"message %d of room %d: the quick brown fox jumps over the lazy dog\"/>\n", 1000 + r, m, base + (m * 600 + r) * 10000000, m, r
		print "</groupChatSnapshot>"
	}'
}

# gen_long_name LENGTH: one room whose name is LENGTH characters.
gen_long_name()
{
	snapshot_header
	awk -v len="$1" 'BEGIN {
		s = "abcdefghij"
		while (length(s) * 2 <= len)
			s = s s
		s = s substr(s, 1, len - length(s))
		print "  <tblNode nodeID=\"2\" parentID=\"1\" nodeType=\"1\" nodeName=\"Sales\" nodeDesc=\"\" disabled=\"0\"/>"
		printf "  <tblNode nodeID=\"3\" parentID=\"2\" nodeType=\"0\" nodeName=\"%s\" nodeDesc=\"\" disabled=\"0\"/>\n", s
		print "</groupChatSnapshot>"
	}'
}

# gen_chain DEPTH: categories nested DEPTH levels deep (nodeID 2 under the
# root, 3 under 2, ...) with one room at the bottom.
gen_chain()
{
	snapshot_header
	awk -v depth="$1" 'BEGIN {
		for (i = 2; i <= depth + 1; i++)
			printf "  <tblNode nodeID=\"%d\" parentID=\"%d\" nodeType=\"1\" nodeName=\"c%d\" nodeDesc=\"\" disabled=\"0\"/>\n", i, i == 2 ? 1 : i - 1, i
		printf "  <tblNode nodeID=\"%d\" parentID=\"%d\" nodeType=\"0\" nodeName=\"bottom\" nodeDesc=\"\" disabled=\"0\"/>\n", depth + 2, depth + 1
		print "</groupChatSnapshot>"
	}'
}

# gen_cycle LENGTH: categories 2 -> 3 -> ... -> LENGTH+1 -> 2, a cycle
# that does not reach the root.
gen_cycle()
{
	snapshot_header
	awk -v len="$1" 'BEGIN {
		for (i = 2; i <= len + 1; i++)
			printf "  <tblNode nodeID=\"%d\" parentID=\"%d\" nodeType=\"1\" nodeName=\"c%d\" nodeDesc=\"\" disabled=\"0\"/>\n", i, i == len + 1 ? 2 : i + 1, i
		print "</groupChatSnapshot>"
	}'
}

# gen_with_byte OCTAL-ESCAPE: a one-room snapshot whose room name holds
# the raw byte(s) given as printf escapes (NUL, control characters, ...).
gen_with_byte()
{
	snapshot_header
	printf '  <tblNode nodeID="2" parentID="1" nodeType="0" nodeName="bad'
	printf "$1"
	printf 'byte" nodeDesc="" disabled="0"/>\n</groupChatSnapshot>\n'
}

# gen_truncated FILE BYTES: the first BYTES bytes of tests/bad/FILE.
gen_truncated()
{
	head -c "$2" "$bad/$1"
}

# gen_cut_in_char: a snapshot that ends inside a multi-byte character
# (the first two bytes of the three of a Hangul syllable).
gen_cut_in_char()
{
	snapshot_header
	printf '  <tblNode nodeID="2" parentID="1" nodeType="0" nodeName="\355\225'
}
