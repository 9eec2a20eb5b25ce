#!/bin/sh
# SPDX-License-Identifier: MIT
# Decisions survive an interrupted wizard: SIGTERM in the middle of a step,
# Ctrl-C (SIGINT) and a lost terminal (SIGHUP) each restore the terminal and
# leave the plan with every decision made so far; the next start offers to
# resume at the first unfinished step.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

wiz_start 80x24 xterm
expect "a fresh plan starts at step 1" "Step 1 of 11: Backup check"
wiz_keys o
wiz_type "tape restore verified"
wiz_keys Enter
expect "the override is recorded" "Override recorded by"
wiz_keys Tab
expect "step 2" "Step 2 of 11"
wiz_keys Space
expect "a root manager is dropped" "dropped: 1"
wiz_keys Tab Tab y
expect "step 4, past the blocked names with an explicit yes" "Step 4 of 11"
pid=$(wiz_pid)
kill -TERM "$pid"
st=$(wiz_wait_exit)
check "SIGTERM ends the wizard by that signal (status $st)" test "$st" = sig15
check "the plan already holds the override and the dropped manager" \
	sh -c "grep -q 'tape restore verified' '$WIZ_PLAN' && grep -q 'decision=\"drop\"' '$WIZ_PLAN'"
check "the message names the plan file" grep -q "decisions are saved in" "$WIZ_TMP/stderr"

wiz_start 80x24 xterm
expect "the next start offers to resume at the first unfinished step" "Resume at step 3 (Room-name length fixer)?"
wiz_keys y
expect "yes resumes there" "Step 3 of 11: Room-name length fixer"
wiz_keys C-c
st=$(wiz_wait_exit)
check "Ctrl-C ends the wizard by SIGINT (status $st)" test "$st" = sig2
if wiz_screen | grep -q 'Step 3 of 11'; then
	not_ok "the terminal is restored after Ctrl-C (the wizard's screen is gone)"
else
	ok "the terminal is restored after Ctrl-C (the wizard's screen is gone)"
fi

wiz_start 80x24 xterm
expect "resume again after Ctrl-C" "Resume at step 3"
wiz_keys n
expect "no starts at step 1, decisions kept" "Override recorded by"
wiz_keys Tab
expect "step 2 keeps the dropped manager" "dropped: 1"
pid=$(wiz_pid)
kill -HUP "$pid"
st=$(wiz_wait_exit)
check "SIGHUP ends the wizard (status $st)" test "$st" = sig1
check "the plan is still well formed after SIGHUP" grep -q '</pcmigratePlan>' "$WIZ_PLAN"
check "no temporary plan file is left behind" sh -c "! ls '$(dirname "$WIZ_PLAN")' | grep -q tmp"
echo "1..$WIZ_N"
exit $WIZ_FAILED
