#!/bin/sh
# SPDX-License-Identifier: MIT
# pcmigrate check and pcmigrate plan on the bundled sample (TAP).
# Env (from make check): PCMIGRATE_BIN, PCMIGRATE_DATADIR.
bin=${PCMIGRATE_BIN:-./pcmigrate}
data=${PCMIGRATE_DATADIR:-data}
sample=$data/sample/contoso.xml

if [ ! -x "$bin" ] || [ ! -f "$sample" ]; then
	echo "1..0 # SKIP pcmigrate or the sample is not built"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
XDG_STATE_HOME=$tmp/state
HOME=$tmp
export XDG_STATE_HOME HOME
LC_ALL=C.UTF-8
export LC_ALL

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

echo "1..16"
plan=$tmp/plan.xml

"$bin" check --source "snapshot:$sample" --plan "$plan" --tsv >"$tmp/out.tsv" 2>"$tmp/err"
status=$?
check "check --tsv exits 1 while names are too long (got $status)" test "$status" -eq 1

bad=$(awk -F '\t' 'NF != 6 { print NR": "NF" fields" }' "$tmp/out.tsv")
if [ -s "$tmp/out.tsv" ] && [ -z "$bad" ]; then
	ok "every line has six tab-separated fields ($(wc -l <"$tmp/out.tsv") lines)"
else
	not_ok "every line has six tab-separated fields" "$bad"
fi

bad=$(awk -F '\t' '
	$1 !~ /^(backup|root-managers|names|invitations|cutoff|disable|warnings)$/ { print NR": step "$1 }
	$2 !~ /^(block|warning|info)$/ { print NR": severity "$2 }
	$3 !~ /^[A-Z]+(-[A-Z]+)*$/ { print NR": code "$3 }
	$4 == "" || $6 == "" { print NR": empty id or message" }' "$tmp/out.tsv")
check "steps, severities and codes are from the documented sets" test -z "$bad"

missing=""
for code in BACKUP-STALE ROOT-MANAGER NAME-TOO-LONG NAME-COLLISION ROOT-ROOM INVITE-FORCED \
	ROOM-DISABLED FILES FEDERATED ENDPOINT AUDITORIUM-NO-PRESENTER DISABLED-PRINCIPAL; do
	cut -f3 "$tmp/out.tsv" | grep -qx "$code" || missing="$missing $code"
done
check "the sample raises every code it was built for (missing:$missing)" test -z "$missing"

bad=$(awk -F '\t' '($3 ~ /^(NAME-|ROOT-ROOM|INVITE-FORCED|FILES|FEDERATED|ROOM-)/) && $4 !~ /^-?[0-9]+$/ { print NR": "$4 }' "$tmp/out.tsv")
check "room and category findings carry the nodeID as id" test -z "$bad"

check "name findings block, the rest do not" test -z "$(awk -F '\t' '
	($3 ~ /^(NAME-TOO-LONG|NAME-COLLISION|NAME-CLASH|BACKUP-MISSING|BACKUP-STALE)$/) != ($2 == "block") { print NR }' "$tmp/out.tsv")"

check "check does not write the plan" test ! -e "$plan"

# Fix every blocking finding through the plan command, then check again.
long_ids=$(awk -F '\t' '$3 == "NAME-TOO-LONG" { print $4 }' "$tmp/out.tsv")
i=0
fail=""
for id in $long_ids; do
	i=$((i + 1))
	"$bin" plan --source "snapshot:$sample" --plan "$plan" --rename "$id=Room $i" \
		>/dev/null 2>>"$tmp/err" || fail="$fail $id"
done
coll=$(awk -F '\t' '$3 == "NAME-COLLISION" { print $4; exit }' "$tmp/out.tsv")
"$bin" plan --source "snapshot:$sample" --plan "$plan" --rename "$coll=Renamed after a collision" \
	--override-backup "training: the DBA confirmed a tape backup" >/dev/null 2>>"$tmp/err" ||
	fail="$fail $coll"
check "plan --rename fixes each over-long name and the collision ($i renames${fail:+, failed:$fail})" \
	test -z "$fail"

"$bin" check --source "snapshot:$sample" --plan "$plan" --tsv >"$tmp/out2.tsv" 2>>"$tmp/err"
status=$?
check "after the fixes nothing blocks: exit 0 (got $status)" test "$status" -eq 0
check "BACKUP-OVERRIDDEN replaces BACKUP-STALE" \
	sh -c "cut -f3 '$tmp/out2.tsv' | grep -qx BACKUP-OVERRIDDEN && ! cut -f3 '$tmp/out2.tsv' | grep -qx BACKUP-STALE"

if command -v xmllint >/dev/null 2>&1; then
	check "the saved plan validates against data/plan.rng" \
		sh -c "xmllint --noout --relaxng '$data/plan.rng' '$plan' 2>/dev/null"
else
	ok "the saved plan validates against data/plan.rng # SKIP xmllint absent"
fi
check "no temporary file is left beside the plan" test "$(ls "$tmp" | grep -c 'plan\.xml.')" -eq 0

# A rename that would be too long is refused with status 2 and the length.
long=$(printf '%0300d' 0)
"$bin" plan --source "snapshot:$sample" --plan "$plan" --rename "$coll=$long" >/dev/null 2>"$tmp/err3"
status=$?
check "a rename over 256 units is refused with status 2 (got $status)" \
	sh -c "test $status -eq 2 && grep -q 300 '$tmp/err3'"

# A plan belongs to one database: a snapshot of another is refused (a plan
# of its own is advised), --rebase
# binds it (a new snapshot of the same database: tests/test_worklist.sh).
sed 's/server="KRSEL-SQL01/server="OTHER-SQL01/' "$sample" >"$tmp/changed.xml"
"$bin" check --source "snapshot:$tmp/changed.xml" --plan "$plan" >/dev/null 2>"$tmp/err4"
status=$?
check "a plan made for a snapshot of another server is refused with status 2 advising --plan (got $status)" \
	sh -c "test $status -eq 2 && grep -q -- 'a plan of its own: --plan' '$tmp/err4'"
"$bin" plan --source "snapshot:$tmp/changed.xml" --plan "$plan" --rebase >/dev/null 2>&1 &&
	"$bin" check --source "snapshot:$tmp/changed.xml" --plan "$plan" >/dev/null 2>&1
status=$?
check "after plan --rebase the plan is accepted (got $status)" test "$status" -eq 0

"$bin" plan --source "snapshot:$sample" --plan "$tmp/other.xml" --disable 999999 >/dev/null 2>&1
status=$?
check "an unknown room is refused with status 2 (got $status)" test "$status" -eq 2
