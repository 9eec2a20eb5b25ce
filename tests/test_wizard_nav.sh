#!/bin/sh
# SPDX-License-Identifier: MIT
# Free navigation (issue 16): on the sample the backup check blocks (its
# newest full backup is older than the newest message), yet Tab reaches
# step 2 without an override and says step 1 still blocks; the step list
# (F2) jumps to step 6; Enter on Migrate refuses to write without a backup
# or an override and says why; an override recorded then withdrawn, in
# the wizard and with plan --withdraw-override, changes the step bar at once.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

OUT="$WIZ_TMP/package"
# the step bar (row 2) marks the backup step as blocking
bar_blocks() { wiz_screen | sed -n 2p | grep -q 'Backup!'; }
bar_clear() { ! bar_blocks; }

wiz_start 100x30 tmux-256color -- --out "$OUT"
expect "step 1 is the backup check" "Step 1 of 11: Backup check"
expect "the stale backup blocks" "[block]"
check "the step bar marks the backup step as blocking" bar_blocks
wiz_keys Tab
expect "Tab reaches step 2 without an override" "Step 2 of 11: Root-manager review"
expect "the status line says step 1 still blocks" "Step 1 (Backup) still blocks"
check "no override was recorded on the way" sh -c "! grep -q override '$WIZ_PLAN' 2>/dev/null"
wiz_keys BTab
expect "S-Tab goes back to step 1" "Step 1 of 11: Backup check"

wiz_keys F2
expect "F2 opens the step list" "Steps: Enter goes to the selected one"
expect "the list shows each step's state" "blocks"
wiz_keys Down Down Down Down Down
wiz_shot step-list
wiz_keys Enter
expect "Enter in the step list jumps to step 6" "Step 6 of 11:"
wiz_keys =
expect "= opens the step list too" "Steps: Enter goes to the selected one"
wiz_keys Escape
expect "Esc closes the step list and stays" "Step 6 of 11:"

# to the Migrate step (9) through the list
wiz_keys F2 End Up Up Enter
expect "the step list reaches the Migrate step" "Step 9 of 11: Migration"
wiz_keys Enter
expect "Enter on Migrate without backup or override refuses and says why" "Not written: no full backup"
check "nothing was written" test ! -e "$OUT"

# the override, recorded and withdrawn in the wizard: the bar follows at once
wiz_keys Escape F2 Home Enter
expect "back on step 1 through the list" "Step 1 of 11: Backup check"
wiz_keys o
expect "the override asks for a reason" "Override reason:"
wiz_type "training walkthrough"
wiz_keys Enter
expect "the override is recorded" "Override recorded by"
check "the step bar drops the backup mark at once" bar_clear
check "the plan holds the override" grep -q "training walkthrough" "$WIZ_PLAN"
wiz_keys w
expect "withdrawing asks first" "Withdraw the override"
wiz_keys y
expect "the override is withdrawn" "Override withdrawn from the plan"
check "the step bar marks the backup step again at once" bar_blocks
check "the plan no longer holds the override" sh -c "! grep -q 'training walkthrough' '$WIZ_PLAN'"
wiz_keys w
expect "withdrawing nothing says so" "nothing to withdraw"
wiz_keys q y
st=$(wiz_wait_exit)
check "the wizard ends cleanly ($st)" test "$st" = 0

# batch: plan --withdraw-override
wiz_plan --override-backup "batch reason"
check "the batch override is in the plan" grep -q "batch reason" "$WIZ_PLAN"
out=$("$PCMIGRATE_BIN" plan --plan "$WIZ_PLAN" --withdraw-override)
check "plan --withdraw-override says what it did" test "$out" = "plan: backup override withdrawn"
check "plan --withdraw-override removes it from the plan" sh -c "! grep -q 'batch reason' '$WIZ_PLAN'"
"$PCMIGRATE_BIN" check --plan "$WIZ_PLAN" --tsv >"$WIZ_TMP/check.tsv" 2>/dev/null
check "the backup check blocks again in batch" grep -q "	block	" "$WIZ_TMP/check.tsv"

echo "1..$WIZ_N"
exit $WIZ_FAILED
