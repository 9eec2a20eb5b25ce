#!/bin/sh
# SPDX-License-Identifier: MIT
# pcmigrate inspect, end to end: the real binary on the small fixture, the
# bundled sample and broken snapshots; exit statuses as pcmigrate(1) says.
: "${PCMIGRATE_BIN:=./pcmigrate}" "${top_srcdir:=.}"
export PCMIGRATE_DATADIR="${PCMIGRATE_DATADIR:-$top_srcdir/data}"
LC_ALL=C.UTF-8; LANGUAGE=; export LC_ALL LANGUAGE
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
run() { "$PCMIGRATE_BIN" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc"; }
rc() { cat "$tmp/rc"; }
has() { grep -qF -- "$1" "$tmp/out"; }

echo "1..16"
small="$top_srcdir/tests/data/snapshot/small.xml"

run inspect --source "snapshot:$small"
check "small fixture: exit 0" '[ "$(rc)" = 0 ] && [ ! -s "$tmp/err" ]'
check "small fixture: header" 'has "Server:        SQL01\\GROUPCHAT, database GroupChatDB (server time UTC+09:00)"'
check "small fixture: tree with room counts, in nodeID order" \
	'grep -A6 "^  Root/  (4 rooms)" "$tmp/out" | tr -d "\n" | grep -q "Sales/  (3 rooms).*daily  \[3 messages\].*announcements  \[2 messages\].*quiet  \[0 messages\].*lobby  \[1 message, disabled\]"'
check "small fixture: principals by type" 'has "  User                          2" && has "  FederatedUser                 1"'
check "small fixture: message count and range" 'has "Messages: 6, from 2011-01-07 to 2013-01-06"'
check "small fixture: per-room counts" 'grep -q "^ *20 *3 *2013-01-01 *2013-01-03 *Sales/" "$tmp/out"'
check "small fixture: backups converted from server time" \
	'has "full             1, newest finished 2013-01-31T14:20:00Z (server time 2013-01-31T23:20:00)"'

run inspect --source "$small"
check "a bare path is a snapshot" '[ "$(rc)" = 0 ] && has "Messages: 6,"'

run inspect
if [ -f "$PCMIGRATE_DATADIR/sample/contoso.xml" ]; then
	check "no --source: the training sample" '[ "$(rc)" = 0 ] && has "(training sample)" && has "Lookup server: sip:ocschat@"'
	total=$(sed -n 's/^Messages: \([0-9]*\),.*/\1/p' "$tmp/out")
	sum=$(awk '/^ *nodeID +messages/ {on=1; next} on && NF == 0 {on=0} on && $1 ~ /^[0-9]+$/ {s += $2} END {print s+0}' "$tmp/out")
	check "sample: per-room counts add up to the total ($total)" '[ -n "$total" ] && [ "$total" = "$sum" ]'
else
	ok "# SKIP the sample is not in this tree"
	ok "# SKIP the sample is not in this tree"
fi

run inspect --help
check "--help: exit 0, usage on stdout" '[ "$(rc)" = 0 ] && has "Usage: pcmigrate inspect [--source SOURCE]"'

run inspect --source "$top_srcdir/tests/data/bad/orphan-parent.xml"
check "bad snapshot: exit 2" '[ "$(rc)" = 2 ] && [ ! -s "$tmp/out" ]'
check "bad snapshot: pcmigrate: file:line: message" \
	'grep -qxF "pcmigrate: $top_srcdir/tests/data/bad/orphan-parent.xml:8: tblNode nodeID 20 (\"daily\") has parentID 99, which does not exist" "$tmp/err"'

run inspect --source "snapshot:$tmp/missing.xml"
check "missing file: exit 2 with the reason" '[ "$(rc)" = 2 ] && grep -q "missing.xml: cannot open the snapshot: No such file or directory" "$tmp/err"'

run inspect --frobnicate
check "unknown option: exit 2" '[ "$(rc)" = 2 ] && grep -q "unexpected argument" "$tmp/err"'

if [ -w /dev/full ]; then
	"$PCMIGRATE_BIN" inspect --source "$small" >/dev/full 2>"$tmp/err"
	echo $? >"$tmp/rc"
	check "output that cannot be written: exit 3" '[ "$(rc)" = 3 ]'
else
	ok "# SKIP no /dev/full"
fi
