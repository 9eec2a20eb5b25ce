#!/bin/sh
# SPDX-License-Identifier: MIT
# The wizard gives the terminal back when it dies of a bug: a failed
# always-on invariant check (PCM_ASSERT, on in a release build; tripped by
# the test-only PCMIGRATE_TEST_ASSERT=1 and the key '!') and a fatal signal
# sent from outside (SIGSEGV, SIGBUS, SIGFPE). After each, in the same
# pane: the terminal mode is the one the shell had before (stty -g equal,
# echo and icanon on), the alternate screen is left, the cursor is
# visible, the message is on the normal screen, and the process died of
# the signal (a core is still possible: the default action ran).
. "${top_srcdir:-.}/tests/wizard_lib.sh"

# crash_start [ENV=VALUE...]: the wizard in a pane whose shell saves the
# terminal mode before and after it and then stays (sleep), so tmux can
# be asked about the pane's state after the wizard is gone.
crash_start() {
	wiz_tmux kill-server >/dev/null 2>&1
	WIZ_RUN=$((WIZ_RUN + 1))
	WIZ_SOCK="pcmwiz-$$-$WIZ_RUN"
	rm -f "$WIZ_TMP/status" "$WIZ_TMP/before" "$WIZ_TMP/after" "$WIZ_TMP/after.txt"
	rm -rf "$XDG_STATE_HOME"
	run="stty -g >$WIZ_TMP/before; env TERM=xterm-256color LANG=C.UTF-8 LC_ALL= XDG_STATE_HOME=$XDG_STATE_HOME PCMIGRATE_DATADIR=$PCMIGRATE_DATADIR $* $PCMIGRATE_BIN; echo \$? >$WIZ_TMP/status.tmp; stty -g >$WIZ_TMP/after; stty -a >$WIZ_TMP/after.txt; mv $WIZ_TMP/status.tmp $WIZ_TMP/status; exec sleep 600"
	wiz_tmux new-session -d -s pcm -x 80 -y 24 "$run"
	wiz_tmux set-option -g window-size manual >/dev/null 2>&1
}

# wait_status: the wizard's exit status once the shell has saved the mode.
wait_status() {
	i=0
	while [ ! -s "$WIZ_TMP/status" ] && [ $i -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	cat "$WIZ_TMP/status" 2>/dev/null
}

# joined_screen_has REGEX: the pane's text, wrapped lines joined, matches.
joined_screen_has() {
	wiz_tmux capture-pane -p -J -t pcm | grep -q -- "$1"
}

pane_flag() {
	wiz_tmux display-message -p -t pcm "#{$1}" 2>/dev/null
}

# restored WHAT: the checks every crash must pass.
restored() {
	check "$1: the terminal mode is the shell's again (stty -g)" cmp -s "$WIZ_TMP/before" "$WIZ_TMP/after"
	check "$1: echo and icanon are on" sh -c "grep -qw echo '$WIZ_TMP/after.txt' && grep -qw icanon '$WIZ_TMP/after.txt'"
	check "$1: the alternate screen is left" test "$(pane_flag alternate_on)" = 0
	check "$1: the cursor is visible" test "$(pane_flag cursor_flag)" = 1
	check "$1: the cursor keys are back in normal mode" test "$(pane_flag keypad_cursor_flag)" = 0
}

# ---- a failed invariant check ----
crash_start PCMIGRATE_TEST_ASSERT=1
expect "the wizard draws" "Step 1 of 11: Backup check"
check "it runs on the alternate screen with the cursor hidden" \
	test "$(pane_flag alternate_on)$(pane_flag cursor_flag)" = 10
check "its terminal mode is not the shell's while it runs" \
	sh -c "! stty -g <'$(pane_flag pane_tty)' | cmp -s '$WIZ_TMP/before' -"
wiz_keys '!'
st=$(wait_status)
check "a failed check aborts: the status is SIGABRT's ($st)" test "$st" = 134
restored "failed check"
expect "the message names the file, line and condition on the normal screen" \
	"internal error at "
check "... as FILE:LINE in FUNCTION: check failed: CONDITION" joined_screen_has \
	"internal error at .*wizard\\.c:[0-9][0-9]* in test_assert_key: check failed: key != '!'"

# ---- the same key without the test switch does nothing ----
crash_start
expect "without PCMIGRATE_TEST_ASSERT the wizard draws" "Step 1 of 11: Backup check"
wiz_keys '!'
sleep 0.3
check "... and '!' does not trip anything" test ! -s "$WIZ_TMP/status"
wiz_keys q
expect "... it still asks before quitting" "Quit pcmigrate?"
wiz_keys y
st=$(wait_status)
check "... and quits with status 0 ($st)" test "$st" = 0
restored "normal quit"

# ---- fatal signals from outside ----
for sig in SEGV BUS FPE; do
	crash_start
	expect "SIG$sig: the wizard draws" "Step 1 of 11: Backup check"
	pid=$(pgrep -P "$(wiz_tmux display-message -p -t pcm '#{pane_pid}')" -x pcmigrate | head -1)
	kill -"$sig" "$pid"
	st=$(wait_status)
	case $sig in SEGV) num=11 ;; BUS) num=7 ;; FPE) num=8 ;; esac
	check "SIG$sig: the process dies of the signal ($st)" test "$st" = $((128 + num))
	restored "SIG$sig"
	expect "SIG$sig: it says so on the normal screen" "stopped by signal $num (SIG$sig); the terminal was restored"
done

# ---- without a terminal (replay mode): the message and SIGABRT ----
printf '<Down>!' >"$WIZ_TMP/keys"
rm -rf "$XDG_STATE_HOME"
PCMIGRATE_TEST_ASSERT=1 TERM=xterm "$PCMIGRATE_BIN" --replay "$WIZ_TMP/keys" --dump-screen \
	>/dev/null 2>"$WIZ_TMP/replay.err"
st=$?
check "replay: a failed check aborts with SIGABRT's status ($st)" test "$st" = 134
check "replay: the message names file:line and the condition" \
	grep -q "^pcmigrate: internal error at .*wizard\\.c:[0-9]* in test_assert_key: check failed: key != '!'$" "$WIZ_TMP/replay.err"

echo "1..$WIZ_N"
exit $WIZ_FAILED
