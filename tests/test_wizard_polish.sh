#!/bin/sh
# SPDX-License-Identifier: MIT
# Small things of issue 16: the "reading ... and running the checks" line
# does not stay in the shell after the wizard ends; the help lists Space
# only on screens with ticks; counts of one are singular; a decision's
# stamp names the account when $USER and $LOGNAME are unset.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

# the stamp without $USER
env -u USER -u LOGNAME "$PCMIGRATE_BIN" plan --plan "$WIZ_PLAN" \
	--override-backup "restore tested on the lab server" >/dev/null
me=$(id -un)
check "without \$USER the stamp names the account ($me)" \
	sh -c "'$PCMIGRATE_BIN' plan --plan '$WIZ_PLAN' --show | grep -q 'by $me at'"
room=$("$PCMIGRATE_BIN" check --tsv | awk -F'\t' '$3 == "FILES" { print $4; exit }')
wiz_plan --disable "$room"

# the load line, on a terminal: a shell in the pane runs the wizard with
# stderr on the terminal and says when it is back
wiz_tmux kill-server >/dev/null 2>&1
WIZ_SOCK="pcmwiz-$$-polish"
wiz_tmux new-session -d -s pcm -x 100 -y 34 \
	"env TERM=xterm-256color LANG=C.UTF-8 XDG_STATE_HOME=$XDG_STATE_HOME PCMIGRATE_DATADIR=$PCMIGRATE_DATADIR $PCMIGRATE_BIN; echo SHELL-IS-BACK; sleep 60"
expect "the wizard starts" "Resume at step 1"
wiz_keys n
expect "step 1" "Step 1 of"
wiz_keys F1
expect "the help of the backup step" "Help: Backup check"
check "lists no Space on a screen without ticks" sh -c "! tmux -L '$WIZ_SOCK' -f /dev/null capture-pane -p -t pcm | grep -q 'tick or untick'"
wiz_keys Escape
wiz_keys Tab
expect "step 2" "Root-manager review"
wiz_keys F1
expect "the help of the root managers" "Help: Root-manager review"
expect "lists Space where rows have ticks" "tick or untick"
wiz_keys Escape
wiz_keys Tab
expect "step 3" "Room-name length fixer"
wiz_keys F1
expect "the help of the name fixer" "Help: Room-name length fixer"
check "lists no Space either" sh -c "! tmux -L '$WIZ_SOCK' -f /dev/null capture-pane -p -t pcm | grep -q 'tick or untick'"
wiz_keys Escape
wiz_keys Tab
expect "going on says the step still blocks" "still blocks"
wiz_keys Tab Tab Tab Tab
expect "the summary" "What-if preview" 60
check "one room disabled by the plan is singular" sh -c "tmux -L '$WIZ_SOCK' -f /dev/null capture-pane -p -t pcm | grep -q 'Disabled by the plan  *1 room\$'"
check "not \"1 rooms\"" sh -c "! tmux -L '$WIZ_SOCK' -f /dev/null capture-pane -p -t pcm | grep -q ' 1 rooms'"
wiz_keys q y
expect "the shell is back" "SHELL-IS-BACK"
check "the load line did not stay in the shell" sh -c "! tmux -L '$WIZ_SOCK' -f /dev/null capture-pane -p -t pcm | grep -q 'running the checks'"

echo "1..$WIZ_N"
exit $WIZ_FAILED
