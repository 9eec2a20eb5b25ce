#!/bin/sh
# SPDX-License-Identifier: MIT
# The wizard works with TERM=xterm, screen, tmux-256color, vt100 and linux
# (each with terminfo present): it draws, shows help, and quits cleanly.
# Colours come only when NO_COLOR is unset; with NO_COLOR the screen uses
# attributes alone.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

for term in xterm screen tmux-256color vt100 linux; do
	if ! infocmp "$term" >/dev/null 2>&1; then
		echo "ok $((WIZ_N + 1)) - # SKIP no terminfo for $term"
		WIZ_N=$((WIZ_N + 1))
		continue
	fi
	rm -rf "$XDG_STATE_HOME"
	wiz_start 80x24 "$term"
	expect "TERM=$term: the first step draws" "Step 1 of 11: Backup check"
	wiz_keys '?'
	expect "TERM=$term: ? shows the help" "Help: Backup check"
	wiz_keys q
	expect "TERM=$term: q leaves the help" "Step 1 of 11"
	wiz_keys q
	expect "TERM=$term: q asks before quitting" "Quit pcmigrate?"
	wiz_keys y
	st=$(wiz_wait_exit)
	check "TERM=$term: quits with status 0 ($st)" test "$st" = 0
done

esc=$(printf '\033')
rm -rf "$XDG_STATE_HOME"
wiz_start 80x24 xterm-256color
expect "colour terminal draws" "Step 1 of 11"
check "colours are used without NO_COLOR" \
	sh -c "tmux -L '$WIZ_SOCK' capture-pane -e -p -t pcm | grep -q '$esc\[[0-9;]*[34][0-7][;m]'"
wiz_start 80x24 xterm-256color NO_COLOR=1
expect "NO_COLOR draws" "Step 1 of 11"
check "NO_COLOR gives no colour sequences" \
	sh -c "! tmux -L '$WIZ_SOCK' capture-pane -e -p -t pcm | grep -q '$esc\[[0-9;]*[34][0-7][;m]'"
check "NO_COLOR still marks the title with an attribute" \
	sh -c "tmux -L '$WIZ_SOCK' capture-pane -e -p -t pcm | head -1 | grep -q '$esc\[[0-9;]*7'"
echo "1..$WIZ_N"
exit $WIZ_FAILED
