#!/bin/sh
# SPDX-License-Identifier: MIT
# Resizing redraws without losing state: the list cursor stays on its room
# through a resize to 120x40, the layout follows the new width, a window
# below 40x12 says which size it needs instead of drawing garbage, and
# growing back restores the screen.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

wiz_plan --override-backup "resize test"
wiz_start 80x24 screen
expect "resume offered" "Resume at step 1"
wiz_keys y Tab Tab Tab y Tab Tab
expect "step 6 at 80x24" "Step 6 of 11: Disable rooms"
wiz_keys Down Down Down Down Down
sleep 0.2
# the sixth room row (the cursor's) before the resize: its own name
row=$(wiz_screen | grep '^\[.\] ' | sed -n 6p)
name=$(printf '%s\n' "$row" | sed 's/^\[.\] //; s/  .*//; s/.*\///')
check "a room row is under the cursor ($name)" test -n "$name"

wiz_tmux resize-window -t pcm -x 120 -y 40
# poll until the title row is redrawn at the new width
i=0
width=0
while [ "$i" -lt $((WIZ_TIMEOUT * 20)) ]; do
	width=$(wiz_screen | head -1 | awk '{ print length($0) }')
	[ "$width" -ge 118 ] && break
	sleep 0.05
	i=$((i + 1))
done
check "the title row is redrawn across the new width ($width of 120 columns)" test "$width" -ge 118
lines=$(wiz_screen | grep -c '^\[.\] ')
check "more rows show in 40 lines ($lines)" test "$lines" -gt 14
wiz_keys Space
expect "Space still acts on the same room after the resize" "not migrated: 7"
check "the plan disabled that very room" grep -qF "name=\"$name\"" "$WIZ_PLAN"

wiz_tmux resize-window -t pcm -x 30 -y 10
expect "a window below 40x12 says which size it needs" "at least 40x12"
wiz_tmux resize-window -t pcm -x 80 -y 24
expect "growing back restores the screen" "Step 6 of 11: Disable rooms"
expect "and its state" "not migrated: 7"
echo "1..$WIZ_N"
exit $WIZ_FAILED
