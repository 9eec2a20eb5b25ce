#!/bin/sh
# SPDX-License-Identifier: MIT
# pcmigrate migrate on the bundled sample (TAP): refused while findings
# block, then with a plan that resolves the blockers: what-if writes
# nothing, --out writes the package, a rerun is byte-identical, the
# scripts quote the sample's awkward names, exit statuses as documented.
: "${PCMIGRATE_BIN:?}" "${PCMIGRATE_DATADIR:?}"
BIN=$PCMIGRATE_BIN
SAMPLE=$PCMIGRATE_DATADIR/sample/contoso.xml
RNG=$PCMIGRATE_DATADIR/deployment.rng

T=$(mktemp -d "${TMPDIR:-/tmp}/pcm-migrate-XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
# never touch the user's own plans
XDG_STATE_HOME=$T/state
export XDG_STATE_HOME
LC_ALL=C
export LC_ALL

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
status() { # status WANT DESCRIPTION: compares $rc
	if [ "$rc" -eq "$1" ]; then ok "$2"; else not_ok "$2" "exit status $rc, expected $1" "$(head -c 600 "$T/err")"; fi
}

echo "1..24"

PLAN=$T/plan.xml
SRC=snapshot:$SAMPLE

# 1-4: usage
"$BIN" migrate --source "$SRC" --plan "$PLAN" >"$T/out" 2>"$T/err"; rc=$?
status 2 "neither --what-if nor --out is a usage error"
"$BIN" migrate --source "$SRC" --what-if --out "$T/x" >"$T/out" 2>"$T/err"; rc=$?
status 2 "both --what-if and --out is a usage error"
"$BIN" migrate --source "snapshot:$T/missing.xml" --what-if >"$T/out" 2>"$T/err"; rc=$?
status 2 "a missing snapshot is bad input"
check "the message names the missing file" grep -q "missing.xml" "$T/err"

# 5-8: the sample as it is has blocking findings
"$BIN" migrate --source "$SRC" --plan "$PLAN" --what-if >"$T/out" 2>"$T/err"; rc=$?
status 1 "what-if on the unresolved sample exits 1 (findings block)"
check "what-if prints the warnings (NAME-TOO-LONG)" grep -q "NAME-TOO-LONG" "$T/out"
"$BIN" migrate --source "$SRC" --plan "$PLAN" --out "$T/pkg" >"$T/out" 2>"$T/err"; rc=$?
status 1 "--out refuses while findings block"
if [ ! -e "$T/pkg" ] && grep -q "block" "$T/err"; then ok "nothing written, and it says why"
else not_ok "nothing written, and it says why" "$(cat "$T/err")"; fi

# a plan that resolves every blocker: override the stale backup, shorten
# every over-long or colliding room name
"$BIN" plan --source "$SRC" --plan "$PLAN" --override-backup "training run: backup taken after the snapshot" \
	--cutoff 2010-01-01 --drop-root-manager sip:markh@contoso.com >"$T/out" 2>"$T/err"
"$BIN" check --source "$SRC" --plan "$PLAN" --tsv >"$T/check.tsv" 2>"$T/err"
awk -F '\t' '$2 == "block" && ($3 == "NAME-TOO-LONG" || $3 == "NAME-COLLISION") { print $4 }' "$T/check.tsv" |
	sort -u >"$T/ids"
args=
for id in $(cat "$T/ids"); do args="$args --rename $id=R$id"; done
# shellcheck disable=SC2086
"$BIN" plan --source "$SRC" --plan "$PLAN" $args >"$T/out" 2>"$T/err"
"$BIN" check --source "$SRC" --plan "$PLAN" --tsv >"$T/check.tsv" 2>"$T/err"; rc=$?
status 0 "the plan resolves every blocker (check exits 0)"

# 10-11: what-if with the plan
"$BIN" migrate --source "$SRC" --plan "$PLAN" --what-if >"$T/out" 2>"$T/err"; rc=$?
status 0 "what-if with the plan exits 0"
if [ ! -e "$T/pkg" ] && grep -q "what-if" "$T/out"; then ok "what-if writes nothing"
else not_ok "what-if writes nothing" "$(tail -3 "$T/out")"; fi

# 12-16: the package
"$BIN" migrate --source "$SRC" --plan "$PLAN" --out "$T/pkg" >"$T/out" 2>"$T/err"; rc=$?
status 0 "--out with the plan exits 0"
missing=
for f in deployment.xml runbook.ps1 recreate-structure.ps1 admin-tool-worklist.txt fix-source.sql copy-files.cmd warnings.txt warnings.tsv; do
	[ -s "$T/pkg/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "all eight files written"; else not_ok "all eight files written" "missing:$missing"; fi
extra=$(ls "$T/pkg" | grep -c tmp)
if [ "$extra" -eq 0 ]; then ok "no temporary file left"; else not_ok "no temporary file left" "$(ls "$T/pkg")"; fi
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --noout --relaxng "$RNG" "$T/pkg/deployment.xml" 2>"$T/xmllint"; then ok "deployment.xml is valid against deployment.rng"
	else not_ok "deployment.xml is valid against deployment.rng" "$(tail -3 "$T/xmllint")"; fi
else
	ok "deployment.xml is valid against deployment.rng # SKIP xmllint not installed"
fi
check "the runbook exports with the cutoff as -StartDate" \
	grep -q "Export-CsPersistentChatData .*-StartDate \$StartDate" "$T/pkg/runbook.ps1"

# 17-20: what the plan did is visible
check "the dropped root manager manages no room" sh -c "! grep -q 'markh@contoso.com' '$T/pkg/recreate-structure.ps1'"
check "a kept root manager manages rooms" grep -q "Managers @{Add=.*sip:jihoon.lee@contoso.com" "$T/pkg/recreate-structure.ps1"
check "an apostrophe in a room name is doubled, in single quotes" \
	grep -q "'Founders'' Day 2012'" "$T/pkg/recreate-structure.ps1"
check "a dollar sign stays inside single quotes" grep -q "'Cost savings ideas (\\\$)'" "$T/pkg/recreate-structure.ps1"

# 21-22: the warnings files
check "warnings.tsv carries the ENDPOINT warning" grep -q "	ENDPOINT	sip:ocschat@contoso.com	" "$T/pkg/warnings.tsv"
check "the override is recorded as BACKUP-OVERRIDDEN" grep -q "BACKUP-OVERRIDDEN" "$T/pkg/warnings.tsv"

# 23: byte-identical rerun
cp -r "$T/pkg" "$T/first"
"$BIN" migrate --source "$SRC" --plan "$PLAN" --out "$T/pkg" >"$T/out" 2>"$T/err"
same=1
for f in "$T"/first/*; do cmp -s "$f" "$T/pkg/$(basename "$f")" || same=0; done
if [ $same -eq 1 ]; then ok "a rerun writes byte-identical files"; else not_ok "a rerun writes byte-identical files"; fi

# 24: an output folder that cannot be made is an output error
: >"$T/plainfile"
"$BIN" migrate --source "$SRC" --plan "$PLAN" --out "$T/plainfile/pkg" >"$T/out" 2>"$T/err"; rc=$?
status 3 "an output folder that cannot be created exits 3"

exit $failed
