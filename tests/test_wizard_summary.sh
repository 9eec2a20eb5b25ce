#!/bin/sh
# SPDX-License-Identifier: MIT
# The Summary (issue 16) counts the findings as `pcmigrate check` does
# with the same plan (blocking, warnings, notes) and the root managers as
# the migration treats them (an undecided manager is kept).
. "${top_srcdir:-.}/tests/wizard_lib.sh"

wiz_plan --override-backup "restore tested on the lab server"
mgr=$("$PCMIGRATE_BIN" check --tsv | awk -F'\t' '$3 == "ROOT-MANAGER" { print $4; exit }')
nmgr=$("$PCMIGRATE_BIN" check --tsv | awk -F'\t' '$3 == "ROOT-MANAGER"' | wc -l)
check "the sample has root managers ($nmgr)" test "$nmgr" -ge 2
wiz_plan --drop-root-manager "$mgr"
line=$("$PCMIGRATE_BIN" check --plan "$WIZ_PLAN" | grep " findings: " | tail -1)
b=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) blocking.*/\1/p')
wn=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9]*\) warnings.*/\1/p')
nt=$(printf '%s\n' "$line" | sed -n 's/.* \([0-9]*\) notes.*/\1/p')
check "check gives the three counts ($line)" test -n "$b" -a -n "$wn" -a -n "$nt"

wiz_start 100x34 xterm-256color -- --out "$WIZ_TMP/package"
expect "the wizard offers to resume" "Resume at step 1"
wiz_keys y
expect "step 1" "Step 1 of"
wiz_keys Tab Tab
expect "step 3" "Room-name length fixer"
wiz_keys Tab
expect "going on with blocking names says they still block" "Step 3 (Names) still blocks"
expect "step 4" "Invitation reset"
wiz_keys Tab
expect "step 5" "Date cutoff"
wiz_keys Tab
expect "step 6" "Disable rooms"
wiz_keys Tab
expect "step 7" "Admin Tool worklist"
wiz_keys Tab
expect "the summary's what-if ends" "What-if preview" 60
expect "the findings are counted as check counts them" "$b blocking, $wn warnings, $nt notes" 60
expect "the root managers: one dropped, the undecided kept" "$((nmgr - 1)) kept, 1 dropped"

wiz_keys q y
wiz_wait_exit >/dev/null
echo "1..$WIZ_N"
exit $WIZ_FAILED
