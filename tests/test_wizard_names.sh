#!/bin/sh
# SPDX-License-Identifier: MIT
# The name fixer (issue 16): a category's own name is renamed in the
# wizard with the offenders below it counted live; the editor refuses what
# `pcmigrate plan --rename` refuses (a collision, a final name over 256
# units), live and on Enter; every rename is listed with its old and new
# name and can be undone; Tab in the editor never saves or drops a name
# silently; long paths are cut in the middle, the whole path on the detail
# line.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

wiz_plan --override-backup "restore tested on the lab server"
wiz_start 100x30 xterm-256color -- --out "$WIZ_TMP/package"
expect "the wizard offers to resume" "Resume at step 1"
wiz_keys y
expect "step 1" "Step 1 of 11"
wiz_keys Tab
expect "step 2" "Step 2 of 11"
wiz_keys Tab
expect "step 3 lists ten offenders" "Offenders: 10 (8 too long, 2 colliding)"

# long paths: cut in the middle (start and end kept), whole on the detail line
check "a long category path is cut in the middle with an ellipsis" \
	sh -c "wiz_screen() { tmux -L '$WIZ_SOCK' -f /dev/null capture-pane -p -t pcm; }; wiz_screen | grep -q 'Engineering/Platform .*….*Working Group'"
expect "the selected row's whole path is on the detail line" "Engineering/Platform Engineering/Unified Communications and Collaboration Services"

# 4. "Not found" stays until Esc dismisses it
wiz_keys /
wiz_type "no such room anywhere"
wiz_keys Enter
expect "a search without a match says so" "Not found: no such room anywhere"
wiz_keys Down
expect "the notice stays through the next key" "Not found: no such room anywhere"
wiz_keys Escape
sleep 0.3
check "Esc dismisses it" sh -c "! tmux -L '$WIZ_SOCK' -f /dev/null capture-pane -p -t pcm | grep -q 'Not found'"
wiz_keys Up

# 1. a category rename, counted live
wiz_keys c
expect "c lists the categories above the room" "Categories above the room"
expect "each with the offenders below it" "Unified Communications and Collaboration Services (UC&C)  (6 offenders below)"
wiz_keys Up Up Enter
expect "Enter opens the editor on the category" "Category: Engineering/Platform Engineering/Unified"
wiz_keys C-u
wiz_type "UC"
expect "the fixed offenders are counted while typing" "This rename fixes 4 of 6 offenders below it; 2 remain."
wiz_keys Enter
expect "saving asks when offenders remain below" "2 offenders below this category remain after the rename. Save it anyway?"
wiz_keys y
expect "the category rename is saved and the list checked again" "Offenders: 6 (4 too long, 2 colliding)"
expect "the message counts what it fixed" "fixed 4 offenders"
check "the plan holds the category's rename" sh -c "'$PCMIGRATE_BIN' plan --plan '$WIZ_PLAN' --show | grep -q 'Rename [0-9]*: \"Unified Communications and Collaboration Services (UC&C)\" to \"UC\"'"

# 2. the editor refuses what the batch refuses
wiz_keys /
wiz_type "Hanbit Launch"
wiz_keys Enter
wiz_keys Enter
expect "the editor opens on a colliding room" "Room: Marketing/Project Hanbit Launch"
wiz_keys C-u
wiz_type "PROJECT HANBIT LAUNCH"
expect "the collision is shown while typing" "would equal that of nodeID 63"
wiz_keys Enter
expect "Enter refuses the colliding name" "Not saved: the final name would equal another room's"
check "the batch refuses the same name" sh -c "! '$PCMIGRATE_BIN' plan --plan '$WIZ_PLAN' --rename '57=PROJECT HANBIT LAUNCH' >/dev/null 2>&1"
check "the plan holds no rename of the colliding room" sh -c "! '$PCMIGRATE_BIN' plan --plan '$WIZ_PLAN' --show | grep -q 'Rename 57'"
wiz_keys C-u
wiz_type "$(printf '%0300d' 0)"
expect "a name over the limit is shown as too many" "too many"
wiz_keys Enter
expect "Enter refuses the over-long name" "over the limit of 256"
# 9. Tab: the next step, never a silent save
wiz_keys Tab
expect "Tab with an unsaved name says so" "The name is not saved: Enter saves it, Esc drops it"
expect "and stays in the editor" "Own name:"
wiz_keys Escape
expect "Esc goes back to the list" "Offenders: 6"
wiz_keys Enter
expect "the editor opens again" "Own name:"
wiz_keys C-u
wiz_type "Hanbit Launch (Marketing)"
wiz_keys Enter
expect "an accepted name is saved" "Saved: the final name has"

# 3. review and undo
wiz_keys Escape
wiz_keys r
expect "r lists every rename" "2 renames in the plan (rooms and categories)."
expect "with the old and the new name" "→ UC"
expect "the selected rename's path on the detail line" "(UC&C)  → new"
wiz_keys u
expect "undo asks first" "Undo the rename of nodeID"
wiz_keys y
expect "the rename is undone" "Rename undone. Offenders now: 8."
check "the plan no longer holds it" sh -c "! '$PCMIGRATE_BIN' plan --plan '$WIZ_PLAN' --show | grep -q 'to \"UC\"'"
wiz_keys Escape
expect "back to the offenders" "Offenders: 8"
# Tab in an unchanged editor is the wizard's Tab
wiz_keys Enter
expect "the editor opens" "Own name:"
wiz_keys Tab
expect "Tab in an unchanged editor is the wizard's Tab" "still blocks"
expect "and goes to the next step" "Step 4 of 11"

wiz_keys q y
wiz_wait_exit >/dev/null
echo "1..$WIZ_N"
exit $WIZ_FAILED
