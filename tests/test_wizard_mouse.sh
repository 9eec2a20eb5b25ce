#!/bin/sh
# SPDX-License-Identifier: MIT
# The mouse: a click on a list row selects it (Space then acts on it), a
# click on the step bar goes to that step, the wheel scrolls a list;
# --no-mouse leaves the mouse to the terminal. The events are typed into
# the pane as the terminal sends them (X10 encoding: ESC [ M, then the
# button, column and row in the SGR form xterm's terminfo names, ESC [ <
# B ; X ; Y M, the coordinates 1-based).
. "${top_srcdir:-.}/tests/wizard_lib.sh"

# click BUTTON COL ROW (0-based screen cell; button 0 = left, 65 = wheel down)
click() {
	wiz_tmux send-keys -t pcm -l -- "$(printf '\033[<%d;%d;%dM' "$1" $(($2 + 1)) $(($3 + 1)))"
	# a press of the left button ends with its release (a lower-case m)
	[ "$1" = 0 ] && wiz_tmux send-keys -t pcm -l -- "$(printf '\033[<0;%d;%dm' $(($2 + 1)) $(($3 + 1)))"
	return 0
}
# the column (0-based, in characters) of LABEL on the step bar
bar_col() {
	line=$(wiz_screen | sed -n 2p)
	echo $(( $(printf "%s" "${line%%"$1"*}" | LC_ALL=C.UTF-8 wc -m) + 1 ))
}
# the screen row (0-based) holding TEXT
row_of() {
	wiz_screen | grep -n -F -- "$1" | head -1 | cut -d: -f1 | awk '{ print $1 - 1 }'
}

wiz_plan --override-backup "restored copy checked"
wiz_start 80x24 xterm
expect "the wizard offers to resume" "Resume at step"
wiz_keys n
expect "step 1" "Backup check"
wiz_keys Tab
expect "step 2 lists the root managers" "Root managers: 3, kept: 3"
y=$(row_of "sip:markh")
click 0 10 "$y"
sleep 0.5
wiz_keys Space
expect "a click selects Mark Hanson's row and Space drops him" "sip:markh@contoso.com is dropped"

# the step bar: click on "Names"
x=$(bar_col Name)
click 0 "$x" 1
expect "a click on the step bar goes to that step" "Room-name length fixer"

# the wheel on the disable list
x=$(bar_col Disa)
click 0 "$x" 1
expect "the disable step" "Rooms: "
y=$(row_of "[ ] Contoso Korea Lobby")
click 65 10 "$y"
sleep 0.5
wiz_keys Space
expect "the wheel moved the selection three rows down (the fourth room is ticked)" "[x] Seoul Office/서울 점심 모임"
wiz_keys q y
wiz_wait_exit >/dev/null

# --no-mouse: a click does nothing
wiz_start 80x24 xterm -- --no-mouse
expect "the wizard offers to resume" "Resume at step"
wiz_keys n
expect "step 1" "Backup check"
x=$(bar_col Name)
click 0 "$x" 1
sleep 1
if wiz_screen | grep -q "Room-name length fixer"; then
	not_ok "with --no-mouse a click on the step bar does nothing"
else
	ok "with --no-mouse a click on the step bar does nothing"
fi
wiz_keys q y
wiz_wait_exit >/dev/null
echo "1..$WIZ_N"
exit $WIZ_FAILED
