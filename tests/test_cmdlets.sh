#!/bin/sh
# SPDX-License-Identifier: MIT
# The cmdlet contract (issue 14, section 4): every command line of the
# PowerShell scripts pcmigrate writes must hold against data/cmdlets.txt,
# written from Microsoft's cmdlet pages, as checked by tests/ps_contract
# (unknown cmdlet or parameter, a switch given a value, a value outside
# the allowed set, presenters on a Normal room, a room role outside its
# category's AllowedMembers minus DeniedMembers, ...). Checked: the
# golden scripts of the unit fixture, the package of the bundled sample
# and of generated deployments (federated principals, auditoriums, kept
# root managers, a cutoff), the hostile-names snapshot; and planted bad
# lines that must fail, so the checker itself can fail.
#
# KNOWN lists findings today's writers still give, as "NAME|PATTERN": a
# script whose findings all match a known one reports "not ok # TODO"
# (XFAIL); once a known finding is gone, its "ok # TODO" (XPASS) fails
# the run, so the line is removed as the writer is fixed.
: "${PCMIGRATE_BIN:=${top_builddir:-.}/pcmigrate}"
: "${PCMIGRATE_DATADIR:=${top_srcdir:-.}/data}"
export PCMIGRATE_DATADIR
TOP=${top_srcdir:-.}
CHECKER=${top_builddir:-.}/tests/ps_contract
# The checker is a one-shot test tool: it keeps every token and parsed
# value until it exits, on purpose (no frees to get wrong), so
# LeakSanitizer's report at exit says nothing; the rest of ASan stays on.
run_checker() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" "$CHECKER" "$@"
}
CONTRACT=$TOP/data/cmdlets.txt
GEN=${top_builddir:-.}/bench/gen-snapshot
T=$(mktemp -d "${TMPDIR:-/tmp}/pcm-cmdlets.XXXXXX")
trap 'rm -rf "$T"' EXIT
export XDG_STATE_HOME="$T/state"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; [ -z "$2" ] || printf '%s\n' "$2" | sed 's/^/# /'; }

KNOWN='
'

# contract_ok DESCRIPTION FILE...: no finding, or only known ones (XFAIL)
contract_ok() {
	d=$1
	shift
	run_checker "$CONTRACT" "$@" >"$T/findings" 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then ok "$d"; return; fi
	if [ $rc -ne 1 ]; then not_ok "$d (checker status $rc)" "$(head -5 "$T/findings")"; return; fi
	cp "$T/findings" "$T/left"
	names=
	printf '%s\n' "$KNOWN" | while IFS='|' read -r name pat; do
		[ -n "$name" ] || continue
		if grep -q -e "$pat" "$T/left"; then
			grep -v -e "$pat" "$T/left" >"$T/left2"; mv "$T/left2" "$T/left"
			echo "$name" >>"$T/names"
		fi
	done
	names=$(cat "$T/names" 2>/dev/null | tr '\n' ' '); rm -f "$T/names"
	if [ -s "$T/left" ]; then
		not_ok "$d" "$(head -8 "$T/left")"
	else
		n=$((n + 1)); echo "not ok $n - $d # TODO known failures: $names"
	fi
}

# each KNOWN entry must still occur somewhere, else it is stale (XPASS)
known_still_needed() {
	printf '%s\n' "$KNOWN" | while IFS='|' read -r name pat; do
		[ -n "$name" ] || continue
		if grep -q -e "$pat" "$T/all-findings"; then
			echo "not ok - known failure $name still occurs # TODO"
		else
			echo "ok - known failure $name no longer occurs: remove it from KNOWN # TODO"
		fi
	done
}

# ---- the checker can fail: planted bad lines ----
BAD=$TOP/tests/data/contract/bad.ps1
run_checker "$CONTRACT" "$BAD" >"$T/bad.out" 2>&1
rc=$?
if [ $rc -eq 1 ]; then ok "the planted bad lines fail (status 1)"; else not_ok "the planted bad lines fail (status $rc)"; fi
grep -n '# FAIL: ' "$BAD" | while IFS= read -r l; do
	line=${l%%:*}
	want=${l#*# FAIL: }
	if grep -q -F -e "bad.ps1:$line: " "$T/bad.out" &&
	   grep -F -e "bad.ps1:$line: " "$T/bad.out" | grep -q -F -e "$want"; then
		echo "ok - bad.ps1 line $line: $want"
	else
		echo "not ok - bad.ps1 line $line: $want"
	fi
done >"$T/bad.tap"
# any finding on a line not marked FAIL is the checker's error
sed -n 's/^.*bad\.ps1:\([0-9]*\): .*/\1/p' "$T/bad.out" | sort -u | while read -r line; do
	if sed -n "${line}p" "$BAD" | grep -q '# FAIL: '; then :; else
		echo "not ok - bad.ps1 line $line gives a finding it should not: $(grep "bad.ps1:$line: " "$T/bad.out" | head -1)"
	fi
done >>"$T/bad.tap"
while IFS= read -r l; do
	n=$((n + 1))
	echo "$l" | sed "s/^\(not \)\{0,1\}ok - /&/; s/^ok - /ok $n - /; s/^not ok - /not ok $n - /"
done <"$T/bad.tap"
run_checker "$CONTRACT" "$TOP/tests/data/contract/good.ps1" >"$T/good.out" 2>&1
if [ $? -eq 0 ]; then ok "good.ps1 (quotes, continuations, -P:v, arrays, blocks) passes"
else not_ok "good.ps1 passes" "$(head -5 "$T/good.out")"; fi
printf 'New-CsPersistentChatRoom -Name x -Category y\n' >"$T/contract-bad.txt"
run_checker "$T/contract-bad.txt" "$BAD" >/dev/null 2>&1
if [ $? -eq 2 ]; then ok "a malformed contract is refused (status 2)"; else not_ok "a malformed contract is refused"; fi

# ---- the golden scripts of the unit fixture ----
: >"$T/all-findings"
for f in runbook.ps1 recreate-structure.ps1; do
	contract_ok "golden $f" "$TOP/tests/golden/$f"
	cat "$T/findings" >>"$T/all-findings"
done

# package SOURCE NAME: a plan that resolves every blocker (renames,
# backup override), keeps every root manager, a cutoff and a pool; then
# migrate --out into $T/NAME
package() {
	src=$1 name=$2 plan=$T/$2.plan
	"$PCMIGRATE_BIN" plan --source "$src" --plan "$plan" --override-backup "contract test" \
		--cutoff 2011-06-15 --pool pc.contoso.com --legacy-store '\\fs01\Group Chat' \
		--compliance 'SQL02\COMP/MGCComp' \
		>/dev/null 2>"$T/err" || return 1
	for round in 1 2 3; do
		"$PCMIGRATE_BIN" check --source "$src" --plan "$plan" --tsv >"$T/check.tsv" 2>"$T/err"
		args=$(awk -F '\t' '$2 == "block" && ($3 == "NAME-TOO-LONG" || $3 == "NAME-COLLISION") { printf " --rename %s=R%s%s", $4, $4, "'"$round"'" }
			$3 == "ROOT-MANAGER" && $4 !~ /\\/ { printf " --keep-root-manager %s", $4 }' "$T/check.tsv" | sort -u)
		[ -n "$args" ] || break
		# shellcheck disable=SC2086
		"$PCMIGRATE_BIN" plan --source "$src" --plan "$plan" $args >/dev/null 2>"$T/err" || return 1
	done
	"$PCMIGRATE_BIN" migrate --source "$src" --plan "$plan" --out "$T/$name" >"$T/$name.out" 2>"$T/err"
}

check_package() {
	src=$1 name=$2
	if package "$src" "$name"; then
		for f in runbook.ps1 recreate-structure.ps1; do
			contract_ok "$name: $f" "$T/$name/$f"
			cat "$T/findings" >>"$T/all-findings"
		done
	else
		not_ok "$name: a package is written" "$(tail -3 "$T/err")"
	fi
}

check_package "snapshot:$TOP/data/sample/contoso.xml" sample
check_package "snapshot:$TOP/tests/data/hostile/hostile.xml" hostile
if [ -x "$GEN" ]; then
	for seed in 3 7; do
		"$GEN" --rooms 150 --categories 25 --principals 80 --messages 3000 --seed $seed --out "$T/gen$seed.xml" 2>"$T/err"
		check_package "snapshot:$T/gen$seed.xml" "generated-seed$seed"
	done
else
	not_ok "bench/gen-snapshot is built"
fi

# with a cutoff, nothing claims the export leaves the older messages out
if grep -q "carries the cutoff as -StartDate: check the import report" "$T/sample.out" &&
   ! grep -q -i "cutoff[^:]* are not migrated\|are not exported" "$T/sample.out" "$T/sample/runbook.ps1" "$T/sample/warnings.txt"; then
	ok "sample: migrate, runbook.ps1 and warnings.txt say to check the import report for the cutoff"
else
	not_ok "sample: migrate, runbook.ps1 and warnings.txt say to check the import report for the cutoff" \
		"$(grep -i "cutoff\|not migrated" "$T/sample.out" "$T/sample/warnings.txt" | head -3)"
fi

# the legacy file store comes from the plan, never from a file link
if grep -q -F "[string]\$LegacyFileStore = '\\\\fs01\\Group Chat'," "$T/sample/runbook.ps1"; then
	ok "sample: runbook.ps1 copies the plan's legacy file store"
else
	not_ok "sample: runbook.ps1 copies the plan's legacy file store" "$(grep LegacyFileStore "$T/sample/runbook.ps1" | head -2)"
fi
"$PCMIGRATE_BIN" check --source "snapshot:$TOP/data/sample/contoso.xml" --tsv >"$T/noplan.tsv" 2>/dev/null
if grep -q "	FILE-STORE-ROOT	" "$T/noplan.tsv" && ! grep -q "	FILE-STORE-ROOT	" "$T/sample/warnings.tsv"; then
	ok "FILE-STORE-ROOT asks for the legacy file store until the plan names it"
else
	not_ok "FILE-STORE-ROOT asks for the legacy file store until the plan names it"
fi
for bad in 'ma-filelink://gc01/MGCFileStore' 'gc01\share' '\\gc01' 'D:\a"b' '\\gc01\share\'; do
	"$PCMIGRATE_BIN" plan --source "snapshot:$TOP/data/sample/contoso.xml" --plan "$T/sample.plan" \
		--legacy-store "$bad" >/dev/null 2>"$T/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "needs a UNC share" "$T/err"; then ok "plan --legacy-store '$bad' is refused (status 2)"
	else not_ok "plan --legacy-store '$bad' is refused (status $rc)" "$(cat "$T/err")"; fi
done

# the compliance database the plan names: in the backup check and the runbook
if grep -q -F "Back up the compliance database ' + 'MGCComp' + ' on ' + 'SQL02\\COMP'" "$T/sample/runbook.ps1" &&
   grep -q "BACKUP-COMPLIANCE" "$T/sample/warnings.tsv"; then
	ok "sample: the compliance database is named in runbook.ps1 and warnings.tsv"
else
	not_ok "sample: the compliance database is named in runbook.ps1 and warnings.tsv"
fi
"$PCMIGRATE_BIN" plan --source "snapshot:$TOP/data/sample/contoso.xml" --plan "$T/sample.plan" \
	--compliance 'MGCComp' >/dev/null 2>"$T/err"
rc=$?
if [ $rc -eq 2 ]; then ok "plan --compliance without SERVER/ is refused (status 2)"
else not_ok "plan --compliance without SERVER/ is refused (status $rc)"; fi

# the man page cites the page of every cmdlet of the contract
missing=
for url in $(awk '$1 == "cmdlet" || $1 == "native" { print $3 }' "$CONTRACT"); do
	esc=$(printf '%s' "$url" | sed 's/-/\\-/g')
	grep -q -F -e "$esc" "$TOP/man/pcmigrate.1" || missing="$missing $url"
done
if [ -z "$missing" ]; then ok "the man page cites every cmdlet page of data/cmdlets.txt"
else not_ok "the man page cites every cmdlet page of data/cmdlets.txt" "missing:$missing"; fi

known_still_needed >"$T/known.tap"
while IFS= read -r l; do
	n=$((n + 1))
	echo "$l" | sed "s/^ok - /ok $n - /; s/^not ok - /not ok $n - /"
done <"$T/known.tap"
echo "1..$n"
