#!/bin/sh
# The documented way to make a snapshot stays true: the script printed in
# pcmigrate(1) is data/snapshot.sql, it selects every table the schema
# knows (chat rows last, ordered), and the man page formats cleanly.
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

echo "1..6"
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
if command -v groff >/dev/null 2>&1; then
	check "pcmigrate(1) formats without groff warnings" '[ -z "$(groff -man -ww -z "$man" 2>&1)" ]'
else
	n=$((n + 1)); echo "ok $n # SKIP groff not installed"
fi
