#!/bin/sh
# SPDX-License-Identifier: MIT
# The Group Chat Admin Tool worklist on the bundled sample (TAP): the
# package's admin-tool-worklist.txt and plan --worklist, then "worklist
# done?": the changes applied to a copy of the snapshot as the Admin Tool
# would make them, and check on that new snapshot says which are done,
# without asking for --rebase.
# Env (from make check): PCMIGRATE_BIN, PCMIGRATE_DATADIR, top_srcdir.
bin=${PCMIGRATE_BIN:-./pcmigrate}
data=${PCMIGRATE_DATADIR:-data}
top=${top_srcdir:-.}
sample=$data/sample/contoso.xml
golden=$top/tests/golden/sample-admin-tool-worklist.txt

if [ ! -x "$bin" ] || [ ! -f "$sample" ]; then
	echo "1..0 # SKIP pcmigrate or the sample is not built"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
XDG_STATE_HOME=$tmp/state
HOME=$tmp
LC_ALL=C.UTF-8
export XDG_STATE_HOME HOME LC_ALL

n=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do echo "# $line"; done
}
check() {   # check DESCRIPTION COMMAND...: ok when COMMAND succeeds
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
count() {   # count CODE FILE: lines of check --tsv with that code
	awk -F '\t' -v c="$1" '$1 == "worklist" && $3 == c' "$2" | wc -l | tr -d ' '
}

echo "1..20"
plan=$tmp/plan.xml
src="snapshot:$sample"

# The plan: every over-long name renamed, the collision renamed, a root
# manager dropped, a category's invitations on, a room disabled, a
# category renamed: 13 changes to the legacy deployment.
long="24 25 26 27 28 32 48 49"
args=""
for id in $long; do args="$args --rename $id=Room$id"; done
# shellcheck disable=SC2086
"$bin" plan --source "$src" --plan "$plan" $args --rename "57=Renamed after a collision" \
	--override-backup "training" --drop-root-manager sip:markh@contoso.com \
	--category-invitations 67=on --disable 10 --rename "3=Seoul Branch" >/dev/null 2>"$tmp/err"
check "the plan is recorded (status $?)" test ! -s "$tmp/err"

"$bin" plan --source "$src" --plan "$plan" --worklist >"$tmp/wl.txt" 2>"$tmp/err"
status=$?
check "plan --worklist exits 0 (got $status)" test "$status" -eq 0
if cmp -s "$tmp/wl.txt" "$golden"; then
	ok "plan --worklist is the golden worklist for the sample"
else
	not_ok "plan --worklist is the golden worklist for the sample" \
		"$(diff "$golden" "$tmp/wl.txt" | head -10)"
fi
boxes=$(grep -c '^  \[ \] .*(nodeID [0-9]*)' "$tmp/wl.txt")
check "13 changes, each a line with a tick box, a path and a nodeID (got $boxes)" test "$boxes" -eq 13
# in the order of the Admin Tool's tree: the root first, its manager
first=$(grep -m1 '^  \[' "$tmp/wl.txt")
check "the root category's manager comes first" \
	sh -c "echo '$first' | grep -q 'sip:markh@contoso.com'"
order=$(grep -n '^  \[' "$tmp/wl.txt" | grep -E 'nodeID (3|10)\)' | cut -d: -f1 | tr '\n' ' ')
check "a category's own change comes before its rooms' (Seoul Office 3, then room 10: lines $order)" \
	sh -c "set -- $order; test \$1 -lt \$2 && grep -q 'nodeID 3): rename it from \"Seoul Office\" to \"Seoul Branch\"' '$tmp/wl.txt'"

"$bin" migrate --source "$src" --plan "$plan" --out "$tmp/pkg" >"$tmp/out" 2>"$tmp/err"
status=$?
check "migrate --out exits 0 (got $status)" test "$status" -eq 0
printf '\357\273\277' >"$tmp/bom"
check "admin-tool-worklist.txt starts with a UTF-8 BOM and has CRLF line ends" \
	sh -c "head -c 3 '$tmp/pkg/admin-tool-worklist.txt' | cmp -s - '$tmp/bom' &&
		test \$(grep -c \"\$(printf '\\r')\$\" '$tmp/pkg/admin-tool-worklist.txt') -eq \$(wc -l <'$tmp/pkg/admin-tool-worklist.txt')"
tail -c +4 "$tmp/pkg/admin-tool-worklist.txt" | tr -d '\r' >"$tmp/pkg-wl.txt"
check "the package's worklist is plan --worklist's text" cmp -s "$tmp/pkg-wl.txt" "$tmp/wl.txt"
check "migrate's summary points to the worklist" grep -q "13 changes .*admin-tool-worklist.txt" "$tmp/out"

# Before any change: every change is to do, and nothing blocks because of it.
"$bin" check --source "$src" --plan "$plan" --tsv >"$tmp/c0.tsv" 2>"$tmp/err"
status=$?
check "check on the original: 13 WORKLIST-TODO, 0 WORKLIST-DONE, exit 0 (got $(count WORKLIST-TODO "$tmp/c0.tsv"), $(count WORKLIST-DONE "$tmp/c0.tsv"), $status)" \
	test "$(count WORKLIST-TODO "$tmp/c0.tsv")" -eq 13 -a "$(count WORKLIST-DONE "$tmp/c0.tsv")" -eq 0 -a "$status" -eq 0
bad=$(awk -F '\t' '$1 == "worklist" && (NF != 6 || $4 == "" || $5 == "")' "$tmp/c0.tsv")
check "worklist lines have six fields, an id and an object" test -z "$bad"

# Half the worklist done in the Admin Tool, then a new snapshot.
edit() {   # edit NODEID SED-EXPR: change that tblNode row of the copy
	sed -i "/<tblNode nodeID=\"$1\" /$2" "$tmp/new.xml"
}
cp "$sample" "$tmp/new.xml"
edit 3 's/nodeName="Seoul Office"/nodeName="Seoul Branch"/'
edit 10 's/disabled="0"/disabled="1"/'
edit 67 's/invite="0"/invite="1"/'
sed -i '/<tblPrincipalRole prinRoleNodeID="1" prinRolePrinID="102" prinRoleTypeID="2"/d' "$tmp/new.xml"
for id in 24 25 26; do edit "$id" "s/nodeName=\"[^\"]*\"/nodeName=\"Room$id\"/"; done
"$bin" check --source "snapshot:$tmp/new.xml" --plan "$plan" --tsv >"$tmp/c1.tsv" 2>"$tmp/err1"
status=$?
check "a new snapshot of the same database is accepted without --rebase (status $status)" \
	sh -c "test $status -ne 2 && ! grep -q -- '--rebase' '$tmp/err1'"
check "no decision is called stale (stderr: $(grep -c 'no longer applies' "$tmp/err1") such lines)" \
	sh -c "! grep -q 'no longer applies' '$tmp/err1'"
check "7 changes done, 6 still to do (got $(count WORKLIST-DONE "$tmp/c1.tsv"), $(count WORKLIST-TODO "$tmp/c1.tsv"))" \
	test "$(count WORKLIST-DONE "$tmp/c1.tsv")" -eq 7 -a "$(count WORKLIST-TODO "$tmp/c1.tsv")" -eq 6
todo=$(awk -F '\t' '$3 == "WORKLIST-TODO" { print $4 }' "$tmp/c1.tsv" | sort -n | tr '\n' ' ')
check "the ones still to do are named by nodeID ($todo)" test "$todo" = "27 28 32 48 49 57 "

# All of it done.
for id in 27 28 32 48 49; do edit "$id" "s/nodeName=\"[^\"]*\"/nodeName=\"Room$id\"/"; done
edit 57 's/nodeName="Project Hanbit Launch"/nodeName="Renamed after a collision"/'
"$bin" check --source "snapshot:$tmp/new.xml" --plan "$plan" >"$tmp/c2.txt" 2>"$tmp/err2"
status=$?
check "with the whole worklist done, check says the legacy data matches the plan (status $status)" \
	sh -c "test $status -eq 0 && grep -q 'All 13 changes .* are done: the legacy data matches the plan' '$tmp/c2.txt' && ! grep -q '^  \[ \]' '$tmp/c2.txt'"
"$bin" migrate --source "snapshot:$tmp/new.xml" --plan "$plan" --out "$tmp/pkg2" >"$tmp/out2" 2>&1
# fix-source.sql is UTF-16 with a BOM (sqlcmd reads it as Unicode)
check "a package from the changed snapshot has nothing left for fix-source.sql" \
	sh -c "iconv -f UTF-16 -t UTF-8 '$tmp/pkg2/fix-source.sql' | tr -d '\r' | grep -q '^-- Statements: 0'"
check "and its worklist shows every change done" \
	sh -c "test \$(tr -d '\r' <'$tmp/pkg2/admin-tool-worklist.txt' | grep -c '^  \[x\] .*(done in the source)\$') -eq 13"

# A snapshot of another database is still refused, advising a plan of its own.
sed 's/database="GroupChatDB"/database="OtherDB"/' "$sample" >"$tmp/other.xml"
"$bin" check --source "snapshot:$tmp/other.xml" --plan "$plan" >/dev/null 2>"$tmp/err3"
status=$?
check "a snapshot of another database is refused with status 2 advising --plan, not --rebase (got $status)" \
	sh -c "test $status -eq 2 && grep -q -- 'a plan of its own: --plan' '$tmp/err3' && ! grep -q -- '--rebase' '$tmp/err3'"
