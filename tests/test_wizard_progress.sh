#!/bin/sh
# SPDX-License-Identifier: MIT
# Issue 7: no step of the wizard that takes over 100 ms without a progress
# indication. On a deployment of 10,000 nodes and more, every recheck the
# decisions cause draws the "Running the checks again" notice first, and
# the what-if draws its gauge; on the small sample the checks are instant
# and no notice flickers. A replay walks every step with a decision in
# each (--replay; PCM_BENCH_TRACE marks each key that drew an indication),
# and the real terminal in tmux is shown to receive the notice's text.
# The load before the first screen draws a progress line on a terminal
# (src/progress_line.c), wiped at the end, and nothing when stderr is not
# a terminal.
# Timings are for make bench (wizard_walk_*), never asserted here.
. "${top_srcdir:-.}/tests/wizard_lib.sh"
GEN="${top_builddir:-.}/bench/gen-snapshot"
T="$WIZ_TMP/progress"
mkdir -p "$T"
if [ ! -x "$GEN" ]; then
	echo "1..0 # SKIP bench/gen-snapshot is not built"
	exit 0
fi

# The walk: override the backup, drop a root manager, rename an offender,
# go on past the rest, turn a category's invitations on, set a cutoff,
# disable two rooms, reach the what-if, go back four steps and forward
# (tests/data/wizard/walk.keys, which make bench walks too).
cp "${top_srcdir:-.}/tests/data/wizard/walk.keys" "$T/walk.keys"
walk() { # source-file state-dir -> $T/<name>.screen, .trace
	name=$(basename "$1" .xml)
	XDG_STATE_HOME="$2" PCM_BENCH_TRACE=1 "$PCMIGRATE_BIN" --source "snapshot:$1" \
		--replay "$T/walk.keys" --bench --dump-screen --size 100x30 \
		>"$T/$name.screen" 2>"$T/$name.trace"
}
# The keys with a recheck behind them each drew the notice: "recheck ...
# (notice shown)" is followed by its key, marked "(progress shown)".
rechecked_keys_announced() {
	awk '/^recheck .*notice shown/ { pending = 1; next }
	     /^key / { if (pending && $0 !~ /progress shown/) bad = 1; pending = 0 }
	     END { exit bad }' "$1"
}

# 12,000 rooms and 1,200 categories: over the notice's threshold
"$GEN" --rooms 12000 --categories 1200 --principals 3000 --messages 24000 --depth 6 \
	--seed 7 --out "$T/large.xml"
walk "$T/large.xml" "$T/state-large"
check "large: the walk reaches the what-if (step 8)" grep -q 'Step 8 of 11: Summary and what-if' "$T/large.screen"
# the first recheck is the load's, before curses starts: the line on stderr
# says so ("running the checks"); every later one follows a decision
rechecks=$(grep -c '^recheck ' "$T/large.trace")
shown=$(grep -c '^recheck .*(notice shown)$' "$T/large.trace")
check "large: the decisions cause rechecks ($rechecks)" test "$rechecks" -ge 5
check "large: every recheck after the load showed the notice ($shown of $((rechecks - 1)))" \
	test "$shown" -eq $((rechecks - 1))
check "large: the load's own recheck shows no notice (curses is not up yet)" \
	sh -c "grep '^recheck ' '$T/large.trace' | head -1 | grep -qv 'notice shown'"
# each key that rechecked is marked as having shown an indication
check "large: a key that rechecked is marked as showing progress" \
	rechecked_keys_announced "$T/large.trace"
# the gauge itself, counted where it is drawn (a recheck notice also
# marks a key "progress shown", so that mark alone proves nothing here)
check "large: the what-if key showed its gauge" \
	sh -c "grep -q '^engine run: the gauge was drawn [1-9][0-9]* times' '$T/large.trace' &&
	       grep '^key 9: .*(progress shown)' '$T/large.trace' | grep -q ."
check "large: --bench reports the slowest key with and without an indication" \
	grep -q '^bench: slowest key without a progress indication [0-9.]* ms; [1-9][0-9]* keys showed one' "$T/large.trace"

# On a real terminal: every byte the wizard sends is logged (pipe-pane);
# dropping a root manager and moving on sends the notice's text.
wiz_start 100x30 xterm-256color -- --source "snapshot:$T/large.xml"
expect "tmux: the wizard opens the large deployment" "Step 1 of 11: Backup check" 60
wiz_tmux pipe-pane -o -t pcm "cat >> '$T/tty.log'"
wiz_keys o
wiz_type "progress test"
wiz_keys Enter Tab
expect "tmux: step 2 after the override" "Step 2 of 11" 30
wiz_keys Space Tab
expect "tmux: step 3 after a root-manager decision" "Step 3 of 11" 30
check "tmux: the terminal received the notice's text" \
	grep -q 'Running the checks again' "$T/tty.log"
wiz_keys q
expect "tmux: q asks before quitting" "Quit pcmigrate?"
wiz_keys y
st=$(wiz_wait_exit)
check "tmux: quits with status 0 ($st)" test "$st" = 0

# The load itself: on a terminal, a line says how far it is, then is
# wiped; with stderr not a terminal, nothing is said.
wiz_tmux kill-server >/dev/null 2>&1
WIZ_RUN=$((WIZ_RUN + 1))
WIZ_SOCK="pcmwiz-$$-$WIZ_RUN"
wiz_tmux new-session -d -s pcm -x 100 -y 10 \
	"sleep 0.5; '$PCMIGRATE_BIN' inspect --source 'snapshot:$T/large.xml' >/dev/null; echo load-done; sleep 30"
wiz_tmux pipe-pane -o -t pcm "cat >> '$T/load.log'"
expect "tmux: inspect of the large snapshot ends" "load-done" 60
check "tmux: the terminal got the progress line (percent of the file, rows)" \
	grep -q "pcmigrate: reading [^ ]*large\.xml: [0-9]*% ([0-9]* of [0-9]* MB, [0-9,]* rows)" "$T/load.log"
check "tmux: the line is wiped at the end (nothing of it left on the screen)" \
	sh -c "! tmux -L '$WIZ_SOCK' capture-pane -p -t pcm | grep -q 'pcmigrate: reading'"
"$PCMIGRATE_BIN" inspect --source "snapshot:$T/large.xml" >/dev/null 2>"$T/load.err"
check "not a terminal: nothing on stderr" test ! -s "$T/load.err"

# migrate --what-if on a terminal (script(1) gives it one): the load's
# line, then the engine's rooms and messages on the same line, wiped
if command -v script >/dev/null 2>&1; then
	script -qec "'$PCMIGRATE_BIN' migrate --what-if --source 'snapshot:$T/large.xml' >/dev/null" \
		"$T/migrate.tty" >/dev/null 2>&1 </dev/null
	check "migrate on a terminal: the engine's rooms and messages on the progress line" \
		grep -q 'pcmigrate: rooms [0-9]*/[0-9]*, messages [0-9]*/[0-9]*' "$T/migrate.tty"
	# the last rooms line is followed by a carriage return, blanks over
	# it, and a carriage return: the line is wiped, nothing is left
	wiped() {
		cr=$(printf '\r')
		grep -q "pcmigrate: rooms [^$cr]*$cr  *$cr" "$1"
	}
	check "... drawn in place and wiped (carriage returns, blanks over it)" wiped "$T/migrate.tty"
else
	ok "migrate on a terminal # SKIP script(1) is not installed"
	ok "... drawn in place and wiped # SKIP script(1) is not installed"
fi

# the bundled sample: 60-odd nodes, the checks take no time, no notice
cp "$PCMIGRATE_DATADIR/sample/contoso.xml" "$T/contoso.xml"
walk "$T/contoso.xml" "$T/state-small"
check "sample: the walk runs (it moves past step 1)" \
	sh -c "! grep -q 'Step 1 of 11' '$T/contoso.screen' && grep -q 'Step [2-9] of 11' '$T/contoso.screen'"
check "sample: the decisions cause rechecks" grep -q '^recheck ' "$T/contoso.trace"
check "sample: no recheck notice on a small deployment" \
	sh -c "! grep -q 'notice shown' '$T/contoso.trace'"

echo "1..$WIZ_N"
exit $WIZ_FAILED
