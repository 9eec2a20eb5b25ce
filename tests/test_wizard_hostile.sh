#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile names in the wizard (issue 8, item 7): on a snapshot whose room,
# category and principal names hold ESC [ 2 J, OSC 0 ; title BEL, CSI as
# U+009B, OSC as U+009D, DEL, newlines, quotes, $() and backticks
# (tests/data/hostile/hostile.xml), every screen shows them escaped
# (escape.h: \x1b, \u009b, \n) and the terminal never gets them raw: the
# tmux pane title stays what it was and the screen is not cleared.
# First a probe proves this tmux does act on such sequences when they
# arrive raw, so their absence means something.
. "${top_srcdir:-.}/tests/wizard_lib.sh"
HOSTILE="${top_srcdir:-.}/tests/data/hostile/hostile.xml"

title() {
	wiz_tmux display-message -p -t pcm '#{pane_title}' 2>/dev/null
}

# ---- the probe: raw sequences do change the title and clear the screen ----
wiz_tmux kill-server >/dev/null 2>&1
WIZ_RUN=$((WIZ_RUN + 1))
WIZ_SOCK="pcmwiz-$$-$WIZ_RUN"
wiz_tmux new-session -d -s pcm -x 80 -y 24 \
	"printf 'probe-before-clear\\n'; sleep 0.5; printf '\\033]0;probe-osc-title\\007\\033[2J\\033[Hprobe-after\\n'; sleep 30"
wiz_tmux pipe-pane -o -t pcm "cat >> '$WIZ_TMP/probe.tty'"
expect "probe: a raw OSC 0 sets this tmux's pane title" "probe-after"
check "probe: the pane's byte log holds the raw sequence (so its absence below means something)" \
	sh -c "LC_ALL=C grep -qaP '\\x1b\\]0;probe-osc-title\\x07\\x1b\\[2J' '$WIZ_TMP/probe.tty'"
check "... (title is now '$(title)')" test "$(title)" = probe-osc-title
check "probe: a raw ESC [ 2 J clears the screen" sh -c "! tmux -L '$WIZ_SOCK' capture-pane -p -t pcm | grep -q probe-before-clear"

# ---- the wizard on hostile names ----
wiz_start 80x24 xterm-256color -- --source "snapshot:$HOSTILE"
expect "the wizard opens the hostile snapshot" "Step 1 of 11: Backup check"
# every byte the wizard sends from here on (Ctrl-L draws the first
# screen again into the log): capture-pane shows only cells, never the
# control bytes a terminal acts on, so the stream itself is checked too
TTYLOG="$WIZ_TMP/hostile.tty"
wiz_tmux pipe-pane -o -t pcm "cat >> '$TTYLOG'"
wiz_keys C-l
wiz_tmux select-pane -t pcm -T kept-title
check "the pane title is set to kept-title" test "$(title)" = kept-title

# intact WHERE: the frame drawn before the names is still on screen
intact() {
	check "$1: the pane title is unchanged ('$(title)')" test "$(title)" = kept-title
	check "$1: the screen was not cleared (title row and key row still there)" \
		sh -c "s=\$(tmux -L '$WIZ_SOCK' capture-pane -p -t pcm); printf '%s\n' \"\$s\" | head -1 | grep -q 'pcmigrate  Step' && printf '%s\n' \"\$s\" | tail -1 | grep -q 'Quit'"
	check "$1: no raw control byte in the pane's text" \
		sh -c "! tmux -L '$WIZ_SOCK' capture-pane -p -t pcm | LC_ALL=C grep -q -P '[\\x00-\\x08\\x0b-\\x1f\\x7f]|\\xc2[\\x80-\\x9f]'"
	# sequences only the hostile names hold (curses sends SGR and clears
	# of its own, never followed by these texts)
	check "$1: the terminal never received a hostile name's sequence raw" \
		sh -c "[ -s '$TTYLOG' ] && ! LC_ALL=C grep -qaP '\\x1b\\]0;owned-title|\\x1b\\[2J\\x1b\\[Hscreen|\\x1b\\[2J@fabrikam|\\x1b\\[2Jaaaa|\\x1b\\[31mRed|\\xc2\\x9b0m' '$TTYLOG'"
}

wiz_keys Tab
expect "root managers: ESC [31m and CSI U+009B in a name shown escaped" 'Ann \x1b[31mRed\u009b0'
expect "root managers: ESC [2J in a SIP address shown escaped" 'sip:bob\x1b[2J@fabrikam.com'
intact "root managers"

wiz_keys Tab
expect "names: the over-long name with ESC [2J shown escaped" '+12  long\x1b[2Jaaaa'
expect "names: the category with OSC 0 ; title BEL shown escaped" 'Sales\x1b]0;owned-title\x07/long\x1b[2J'
intact "names"

wiz_keys Tab
expect "names: leaving says the step still blocks" "Step 3 (Names) still blocks"
expect "invitations: the category with OSC 0 shown escaped" '[ ] Sales\x1b]0;owned-title\x07'
intact "invitations"

wiz_keys Tab
expect "cutoff step" "Step 5 of 11"
wiz_keys Tab
# a row cuts a long path in the middle; the line under the list shows the
# selected row's whole path, escaped the same way
expect "disable: OSC as U+009D shown escaped" 'Sales\x1b]0;owned-title\x07/Ops\u009d0;owned'
wiz_keys Down
expect "disable: ESC [2J ESC [H shown escaped" 'Sales\x1b]0;owned-title\x07/clear\x1b[2J\x1b'
wiz_keys Down
expect "disable: quotes, \$() and backticks shown as they are" "/it's \$(id) \`id\`;"
wiz_keys Down
expect "disable: a newline and DEL shown escaped" '/line\nbreak del'
wiz_keys Up Up Up
intact "disable"

wiz_keys q
expect "q asks before quitting" "Quit pcmigrate?"
wiz_keys y
st=$(wiz_wait_exit)
check "quits with status 0 ($st)" test "$st" = 0

echo "1..$WIZ_N"
exit $WIZ_FAILED
