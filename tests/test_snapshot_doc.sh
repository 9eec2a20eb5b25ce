#!/bin/sh
# SPDX-License-Identifier: MIT
# The documented way to make a snapshot stays true: the script printed in
# pcmigrate(1) is data/snapshot.sql, it selects every table the schema
# knows (chat rows last, ordered), and the man page formats cleanly. Its
# escape="pcm1" REPLACEs wrap every FOR XML and, run by SQLite on what FOR
# XML writes for control characters, give what pcmigrate decodes (no SQL
# Server here: FOR XML's output is written by hand, as documented).
: "${top_srcdir:=.}"
man="$top_srcdir/man/pcmigrate.1"
sql="$top_srcdir/data/snapshot.sql"
rng="$top_srcdir/data/snapshot.rng"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
check() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}

echo "1..8"
# the man page's copy, roff escapes undone
sed -n '/^\.\\" BEGIN snapshot.sql/,/^\.\\" END snapshot.sql/p' "$man" | sed '1d;$d' |
	sed -e 's/^\\&//' -e 's/\\-/-/g' -e 's/\\e/\\/g' >"$tmp/man.sql"
check "pcmigrate(1) prints data/snapshot.sql exactly" 'cmp -s "$tmp/man.sql" "$sql"'

# every table of the schema is selected FOR XML RAW under its own name
grep -o '<element name="[A-Za-z]*">' "$rng" | sed 's/.*name="\([A-Za-z]*\)".*/\1/' |
	grep -v '^groupChatSnapshot$' >"$tmp/tables"
missing=""
while read -r t; do
	grep -q "FOR XML RAW('$t')" "$sql" || missing="$missing $t"
done <"$tmp/tables"
check "the script selects every table of snapshot.rng (missing:$missing)" '[ -z "$missing" ] && [ -s "$tmp/tables" ]'
check "chat rows come last, ordered by channelId, chatId" \
	'[ "$(grep -o "FOR XML RAW(.[A-Za-z]*.)" "$sql" | tail -1)" = "FOR XML RAW('"'"'tblChat'"'"')" ] && grep -q "ORDER BY channelId, chatId" "$sql"'
check "the script only reads" '! grep -Eiq "^[^-]*\<(insert|update|delete|drop|alter|create|exec|truncate)\>" "$sql"'
header_complete() {
	for a in formatVersion server '\[database\]' takenAt serverUtcOffsetMinutes lookupServerUri; do
		grep -q "AS $a" "$sql" || return 1
	done
}
check "the header carries every header attribute" header_complete
# every FOR XML (the header's too) goes through the same two REPLACEs
chain="COLLATE Latin1_General_BIN2, N'\\x', N'\\x5C;x'), N'&#x', N'\\x')"
check "every FOR XML passes the pcm1 REPLACEs, and the header declares escape=pcm1" \
	'[ "$(grep -c "FOR XML RAW(" "$sql")" -eq "$(grep -cF "$chain" "$sql")" ] &&
	 grep -q "N'"'"'pcm1'"'"' AS \[escape\]" "$sql"'

# the REPLACEs as the script spells them, run by SQLite (exact, like the
# binary collation) on FOR XML-style text; pcmigrate must decode the
# result to the original characters
if command -v sqlite3 >/dev/null 2>&1 && [ -n "${PCMIGRATE_BIN:-}" ]; then
	lits=$(grep -F "$chain" "$sql" | head -1 | grep -o "N'[^']*'" | sed "s/^N//")
	set -- $lits
	# FOR XML's text for: ESC, SOH (both ways), tab, LF, CR, DEL, US, a
	# literal \x41;, DOMAIN\user, a backslash before ESC, a literal &#x1B;
	ser='a&#x1B;b&#x01;c&#x1;d&#x09;e&#xA;f&#xD;g \x41; DOMAIN\user \&#x1B; &amp;#x1B; &#x7F; &#x1f;'
	want=$(printf 'a\033b\001c\001d\te\nf\rg \\x41; DOMAIN\\user \\\033 &#x1B; \177 \037' | od -An -tx1)
	esc=$(sqlite3 :memory: "SELECT replace(replace('$ser', $1, $2), $3, $4);")
	cat >"$tmp/snap.xml" <<SNAP
<?xml version="1.0" encoding="UTF-8"?>
<groupChatSnapshot formatVersion="1" escape="pcm1" server="S" database="D" takenAt="2013-02-01T09:00:00Z">
<tblPrincipalType ptypeID="5" ptypeDesc="User" ptypeIsUser="1"/>
<tblRoleType rtypeID="2" rtypeDesc="Manager"/>
<tblNode nodeID="1" parentID="1" nodeType="1" nodeName="Root" disabled="0"/>
<tblNode nodeID="2" parentID="1" nodeType="1" nodeName="C" disabled="0"/>
<tblNode nodeID="3" parentID="2" nodeType="0" nodeName="$esc" disabled="0"/>
<backupset database_name="D" type="D" backup_finish_date="2013-01-31T23:20:00"/>
</groupChatSnapshot>
SNAP
	PCMIGRATE_DATADIR="${PCMIGRATE_DATADIR:-$top_srcdir/data}" XDG_STATE_HOME="$tmp/state" \
		"$PCMIGRATE_BIN" migrate --source "snapshot:$tmp/snap.xml" --out "$tmp/out" \
		>"$tmp/migrate.out" 2>&1
	got=$(sed -n 's/.*<room nameBase64="\([^"]*\)" legacyId="3".*/\1/p' "$tmp/out/deployment.xml" \
		2>/dev/null | base64 -d | od -An -tx1)
	check "the script's REPLACEs on FOR XML's &#x..; give what pcmigrate decodes" \
		'[ -n "$esc" ] && [ "$got" = "$want" ]'
	[ "$got" = "$want" ] || sed 's/^/# /' "$tmp/migrate.out"
else
	n=$((n + 1)); echo "ok $n # SKIP sqlite3 or the built binary not available"
fi

if command -v groff >/dev/null 2>&1; then
	check "pcmigrate(1) formats without groff warnings" '[ -z "$(groff -man -ww -z "$man" 2>&1)" ]'
else
	n=$((n + 1)); echo "ok $n # SKIP groff not installed"
fi
