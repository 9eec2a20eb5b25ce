#!/bin/sh
# SPDX-License-Identifier: MIT
# Two processes on one plan. With the wizard open, `pcmigrate plan` in
# another shell renames a room; the next decision in the wizard saves the
# plan, and the rename survives (the save merges instead of writing the
# wizard's memory over it); the wizard says so. A change on disk also
# shows at the next key without a save. A second wizard on the same plan
# is refused and says who holds it.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

tsv=$(LC_ALL=C "$PCMIGRATE_BIN" check --tsv)
room=$(printf '%s\n' "$tsv" | awk -F'\t' '$3 == "NAME-COLLISION" { print $4; exit }')
other=$(printf '%s\n' "$tsv" | awk -F'\t' '$3 == "NAME-TOO-LONG" { print $4; exit }')
check "the sample has a colliding and an over-long room ($room, $other)" test -n "$room" -a -n "$other"

wiz_plan --override-backup "restored copy checked"
wiz_start 80x24 xterm
expect "the wizard offers to resume" "Resume at step"
wiz_keys n
expect "step 1" "Step 1 of 11: Backup check"
wiz_keys Tab
expect "step 2 lists the root managers" "Root managers: 3, kept: 3, dropped: 0"

wiz_plan --rename "$room=Renamed in another shell"
wiz_keys Space
expect "the wizard drops a manager" "kept: 2, dropped: 1"
expect "the wizard says another process changed the plan" "Another pcmigrate changed the plan"
check "the rename made in the other shell survives the wizard's save" \
	grep -q 'newName="Renamed in another shell"' "$WIZ_PLAN"
check "the wizard's own decision is saved too" grep -q 'decision="drop"' "$WIZ_PLAN"

# a change on disk shows at the next key, without a save
wiz_plan --disable "$other"
wiz_keys Down
expect "a key takes in the change on disk" "Another pcmigrate changed the plan"

# a second wizard on the same plan
pid=$(wiz_pid)
env TERM=xterm "$PCMIGRATE_BIN" --plan "$WIZ_PLAN" </dev/null >"$WIZ_TMP/second.out" 2>"$WIZ_TMP/second.err"
st=$?
check "a second wizard on the same plan is refused (status $st)" test "$st" = 2
check "it names the pid holding the plan ($pid)" grep -q "open in another pcmigrate wizard (pid $pid, user " "$WIZ_TMP/second.err"
check "and since when" grep -Eq "since [0-9]{4}-[0-9]{2}-[0-9]{2}T" "$WIZ_TMP/second.err"

wiz_keys q
expect "q asks before quitting" "Quit pcmigrate?"
wiz_keys y
st=$(wiz_wait_exit)
check "the wizard exits 0 (status $st)" test "$st" = 0
check "the plan keeps the rename, the disabled room and the dropped manager" sh -c \
	"grep -q 'Renamed in another shell' '$WIZ_PLAN' && grep -q '<disable nodeID=\"$other\"' '$WIZ_PLAN' && grep -q 'decision=\"drop\"' '$WIZ_PLAN'"
check "the wizard's lock file is gone after it quit" test ! -e "$WIZ_PLAN.wizard"
echo "1..$WIZ_N"
exit $WIZ_FAILED
