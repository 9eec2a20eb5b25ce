#!/bin/sh
# SPDX-License-Identifier: MIT
# A package older than the plan is not "Done": write the package, go back,
# change the cutoff, come back: the migrate step loses its tick and says
# the plan changed after the package was written; Enter writes it again.
# The output folder is saved in the plan: a later start without --out
# writes to the same folder.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

OUT="$WIZ_TMP/package"
tsv=$(LC_ALL=C "$PCMIGRATE_BIN" check --tsv)
for id in $(printf '%s\n' "$tsv" | awk -F'\t' '$3 == "NAME-TOO-LONG" { print $4 }'); do
	wiz_plan --disable "$id"
done
clash=$(printf '%s\n' "$tsv" | awk -F'\t' '$3 == "NAME-COLLISION" { print $4; exit }')
wiz_plan --rename "$clash=Renamed by the stale test"
wiz_plan --override-backup "restored copy checked"

# goto TITLE KEY: presses KEY (Tab or BTab) until the step titled TITLE
# shows, answering yes to "Go on?" (a step with blocking findings)
goto() {
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		wiz_screen | sed -n 1p | grep -qF ": $1" && return 0
		wiz_keys "$2"
		sleep 0.4
		wiz_screen | grep -q "Go on?" && wiz_keys y && sleep 0.3
	done
	return 1
}

wiz_start 80x24 xterm -- --out "$OUT"
expect "the wizard offers to resume" "Resume at step"
wiz_keys n
expect "step 1" "Backup check"
check "Tab goes on to the summary" goto "Summary and what-if" Tab
expect "the summary's what-if ends" "Ready" 60
wiz_keys Tab
expect "the migrate step" "Press Enter to write the migration package."
wiz_keys Enter
expect "the package is written" "Done:" 120
check "the plan records the package folder" grep -q "<package folder=\"$OUT\"" "$WIZ_PLAN"
bar=$(wiz_screen | sed -n 2p)
case "$bar" in
*"[Migrate✓"*|*"Migrate✓"*) ok "the step bar ticks Migrate ($bar)" ;;
*) not_ok "the step bar ticks Migrate ($bar)" ;;
esac

goto "Date cutoff" BTab
expect "back at the cutoff" "Date cutoff"
wiz_type "2011-06-15"
wiz_keys Enter
expect "the cutoff is saved" "2011-06-15 saved"
check "forward to the summary" goto "Summary and what-if" Tab
expect "the what-if runs again on the new cutoff" "Ready" 60
wiz_keys Tab
expect "the migrate step says the package is older than the plan" \
	"The plan changed after the package was written: Enter writes it again."
bar=$(wiz_screen | sed -n 2p)
case "$bar" in
*"Migrate✓"*) not_ok "the step bar no longer ticks Migrate ($bar)" ;;
*) ok "the step bar no longer ticks Migrate ($bar)" ;;
esac
if wiz_screen | grep -q "Done:"; then not_ok "no 'Done:' on the migrate step"; else ok "no 'Done:' on the migrate step"; fi
wiz_keys q y
st=$(wiz_wait_exit)
check "the wizard exits 0 (status $st)" test "$st" = 0

# a later start without --out: the folder comes from the plan
wiz_start 80x24 xterm
expect "the wizard offers to resume at the migrate step, its package out of date" "(Migration)?"
wiz_keys y
expect "the migrate step shows the folder from the plan" "Output folder: $OUT"
expect "and still says the package is older than the plan" "Enter writes it again"
wiz_keys Enter
expect "Enter writes it again" "Done:" 120
check "runbook.ps1 now carries the new cutoff" grep -q "2011-06-15" "$OUT/runbook.ps1"
wiz_keys q y
st=$(wiz_wait_exit)
check "the wizard exits 0 (status $st)" test "$st" = 0
echo "1..$WIZ_N"
exit $WIZ_FAILED
