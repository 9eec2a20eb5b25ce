#!/bin/sh
# SPDX-License-Identifier: MIT
# Colour mode: the selected row, a search match and the over-limit marks
# get their colour on the text itself, not only on the padding after it
# (the colour pair went to setcchar as 0). Read with capture-pane -e,
# which shows the SGR sequences of each cell.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

# the SGR state just before TEXT on the screen's row holding it
sgr_before() {
	wiz_tmux capture-pane -e -p -t pcm | grep -F -- "$1" | head -1 |
		awk -v t="$1" '{ i = index($0, t); print substr($0, 1, i - 1) }' |
		sed 's/\x1b\[/\n/g' | tail -3 | tr '\n' ' '
}

wiz_plan --override-backup "restored copy checked"
wiz_start 80x24 xterm-256color
expect "the wizard offers to resume" "Resume at step"
wiz_keys n
expect "step 1" "Backup check"
wiz_keys Tab
expect "step 2 lists the root managers" "Root managers: 3"
s=$(sgr_before "sip:jihoon.lee")
case "$s" in
*46m*) ok "the selected row's text is on the cursor colour (cyan background: $s)" ;;
*) not_ok "the selected row's text is on the cursor colour (cyan background: $s)" ;;
esac
s=$(sgr_before "sip:markh")
case "$s" in
*46m*) not_ok "an unselected row is not on the cursor colour ($s)" ;;
*) ok "an unselected row is not on the cursor colour ($s)" ;;
esac
wiz_keys /
wiz_type "markh"
wiz_keys Enter
expect "the search moves to Mark Hanson" "Root managers: 3"
sleep 0.3
row=$(wiz_tmux capture-pane -e -p -t pcm | grep -F "Mark Hanson" | head -1)
check "a search match is on the match colour (yellow background)" sh -c \
	"printf '%s' '$row' | grep -q '43mmarkh'"
wiz_keys Tab y
expect "step 3 lists the over-long names" "Offenders:"
# the second offender (the first is under the cursor)
row=$(wiz_tmux capture-pane -e -p -t pcm | grep -E '^.*\+[0-9]+  ' | sed -n 2p)
check "the over-limit mark is on red" sh -c "printf '%s' '$row' | grep -Eq '41m +\\+[0-9]'"
wiz_keys q y
st=$(wiz_wait_exit)
check "the wizard exits 0 (status $st)" test "$st" = 0

# NO_COLOR: the selected row in reverse video, no colour
wiz_start 80x24 xterm-256color NO_COLOR=1
expect "the wizard offers to resume" "Resume at step"
wiz_keys n Tab
expect "step 2 again" "Root managers: 3"
s=$(sgr_before "sip:jihoon.lee")
case "$s" in
*7m*) ok "NO_COLOR shows the selected row in reverse video ($s)" ;;
*) not_ok "NO_COLOR shows the selected row in reverse video ($s)" ;;
esac
case "$s" in
*4[0-7]m*) not_ok "NO_COLOR uses no background colour ($s)" ;;
*) ok "NO_COLOR uses no background colour ($s)" ;;
esac
wiz_keys q y
wiz_wait_exit >/dev/null
echo "1..$WIZ_N"
exit $WIZ_FAILED
