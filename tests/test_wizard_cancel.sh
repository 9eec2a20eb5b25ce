#!/bin/sh
# SPDX-License-Identifier: MIT
# Esc during the migration (step 9) cancels it: the screen says nothing
# was written, the output folder holds no file (not even a temporary
# one), and Enter runs it again to the end, giving the same package as
# the batch command on the same plan. The deployment is generated large
# enough (600,000 messages) that the run is still going when Esc arrives.
. "${top_srcdir:-.}/tests/wizard_lib.sh"
GEN="${top_builddir:-.}/bench/gen-snapshot"
if [ ! -x "$GEN" ]; then
	echo "1..0 # SKIP bench/gen-snapshot is not built"
	exit 0
fi
T="$WIZ_TMP/cancel"
OUT="$T/package"
mkdir -p "$T"
# depth 2: no over-long names, nothing blocks
"$GEN" --rooms 300 --categories 30 --principals 200 --messages 600000 --depth 2 \
	--seed 11 --out "$T/esc.xml"

wiz_start 100x30 xterm-256color -- --source "snapshot:$T/esc.xml" --out "$OUT"
expect "the wizard opens the generated deployment" "Step 1 of 11: Backup check" 60
for step in 2 3 4 5 6; do
	wiz_keys Tab
	wiz_wait "Step $step of 11" 30
done
wiz_keys Tab
wiz_wait "Step 7 of 11: Admin Tool worklist" 30
wiz_keys Tab
expect "the what-if is ready" "Ready: press Tab" 120
wiz_keys Tab
expect "step 9: the migration" "Step 9 of 11" 30
wiz_keys Enter
expect "Enter starts the run (the gauge is up)" "Esc cancels: nothing is written." 30
wiz_keys Escape
expect "Esc cancels it" "Cancelled: nothing was written." 60
check "the output folder holds no file at all" sh -c "[ -z \"\$(ls -A '$OUT' 2>/dev/null)\" ]"
wiz_keys Enter
expect "Enter runs it again to the end" "messages in the package (" 120
check "the package is written" test -s "$OUT/deployment.xml" -a -s "$OUT/runbook.ps1"
check "no temporary file is left beside it" sh -c "! ls -A '$OUT' | grep -q '^\\.\\|\\.tmp'"
wiz_keys q
expect "q asks before quitting" "Quit pcmigrate?"
wiz_keys y
st=$(wiz_wait_exit)
check "the wizard exits 0 ($st)" test "$st" = 0

# the batch command on the wizard's plan writes the same files
PLAN=$(ls "$XDG_STATE_HOME"/pcmigrate/*.plan.xml | head -1)
"$PCMIGRATE_BIN" migrate --source "snapshot:$T/esc.xml" --plan "$PLAN" --out "$T/batch" >/dev/null 2>&1
same=1
for f in deployment.xml runbook.ps1 recreate-structure.ps1 fix-source.sql copy-files.cmd warnings.txt warnings.tsv; do
	cmp -s "$OUT/$f" "$T/batch/$f" || { same=0; echo "# differs: $f"; }
done
check "the wizard's package after a cancel equals the batch command's" test "$same" = 1

echo "1..$WIZ_N"
exit $WIZ_FAILED
