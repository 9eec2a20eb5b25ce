#!/bin/sh
# SPDX-License-Identifier: MIT
# make bench: the scale scenarios of issue 7. Prints "name value unit" per
# figure and appends the block to bench/RESULTS.md with the machine and the
# commit. Work files go to $BENCH_WORK (default: a temp dir, removed after).
set -eu
B=${BENCH_BUILDDIR:?run through make bench}
S=${BENCH_SRCDIR:?run through make bench}
PCM="$B/pcmigrate"
GEN="$B/bench/gen-snapshot"
MEASURE="$B/bench/measure"
WORK=${BENCH_WORK:-$(mktemp -d)}
KEEP=${BENCH_WORK:+1}
OUT="$WORK/figures.txt"
: > "$OUT"
trap '[ -n "$KEEP" ] || rm -rf "$WORK"' EXIT

fig() {    # name value unit
	printf '%s %s %s\n' "$1" "$2" "$3" | tee -a "$OUT"
}
value() {  # figure-file name -> value
	awk -v n="$2" '$1 == n { print $2 }' "$1"
}
ratio() {  # a b -> a/b
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}
skip() {   # name reason
	printf '%s SKIPPED %s\n' "$1" "$2" | tee -a "$OUT"
}
# Each command runs BENCH_RUNS times (default 3): the fastest wall time
# and the largest peak RSS are kept, so a moment of other load on the
# machine does not make the figure, and memory is never understated.
RUNS=${BENCH_RUNS:-3}
measure() { # name cmd... -> figures appended, also to $WORK/last
	: > "$WORK/runs"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		"$MEASURE" "$@" >> "$WORK/runs" || {
			rc=$?
			[ "$rc" = 1 ] || { echo "bench: $* failed with status $rc" >&2; return "$rc"; }
		}
		i=$((i + 1))
	done
	awk '$1 ~ /\.wall$/ { if (!($1 in w) || $2 < w[$1]) w[$1] = $2; u[$1] = $3; o[$1] = ++n }
	     $1 ~ /\.peak_rss$/ { if (!($1 in w) || $2 > w[$1]) w[$1] = $2; u[$1] = $3; o[$1] = ++n }
	     END { for (k in o) print o[k], k, w[k], u[k] }' "$WORK/runs" |
		sort -n | cut -d' ' -f2- > "$WORK/last"
	cat "$WORK/last" | tee -a "$OUT"
}

[ -x "$GEN" ] || { echo "bench: $GEN is not built" >&2; exit 2; }
fig bench_runs "$RUNS" "runs per command (fastest wall, largest peak RSS kept)"

# 1. Load + every check on 100,000 rooms / 10,000 categories / 50,000
#    principals (messages kept modest: this figure is about the structure).
"$GEN" --rooms 100000 --categories 10000 --principals 50000 --messages 200000 \
	--depth 8 --seed 1 --out "$WORK/rooms100k.xml"
measure check100k "$PCM" check --source "snapshot:$WORK/rooms100k.xml" \
	--plan "$WORK/rooms100k.plan.xml"
# 1b. The engine over the same 100,000 rooms (what the wizard's step 7
#     runs): the per-room costs (role lists, scripts, one re-read per room)
#     that the 1M-message figure below, on 2,000 rooms, does not show.
measure whatif100k "$PCM" migrate --what-if --source "snapshot:$WORK/rooms100k.xml" \
	--plan "$WORK/rooms100k.plan.xml"

# 2. migrate --out on 1,000,000 messages against xmllint --stream on the
#    same file; 3. peak RSS at 100,000 and at 1,000,000 messages.
for n in 100000 1000000; do
	"$GEN" --rooms 2000 --categories 200 --principals 5000 --messages "$n" \
		--depth 3 --seed 2 --out "$WORK/msg$n.xml"
	plan="$WORK/msg$n.plan.xml"
	"$PCM" plan --source "snapshot:$WORK/msg$n.xml" --plan "$plan" \
		--override-backup "benchmark data" >/dev/null
	# The generator plants collisions and over-long names: disable the rooms
	# they block so the run writes its package.
	set -- $("$PCM" check --source "snapshot:$WORK/msg$n.xml" --plan "$plan" --tsv |
		awk -F'\t' '$2 == "block" && $4 ~ /^[0-9]+$/ { print "--disable", $4 }' | sort -u)
	[ $# -eq 0 ] || "$PCM" plan --source "snapshot:$WORK/msg$n.xml" --plan "$plan" "$@" >/dev/null
	"$PCM" check --source "snapshot:$WORK/msg$n.xml" --plan "$plan" >/dev/null || {
		echo "bench: the plan for msg$n still blocks" >&2; exit 2; }
	rm -rf "$WORK/out$n"
	measure "migrate$n" "$PCM" migrate --source "snapshot:$WORK/msg$n.xml" \
		--plan "$plan" --out "$WORK/out$n"
done
if command -v xmllint >/dev/null; then
	measure xmllint1000000 xmllint --stream --noout "$WORK/msg1000000.xml"
	m=$(value "$OUT" migrate1000000.wall)
	x=$(value "$OUT" xmllint1000000.wall)
	fig migrate_vs_xmllint "$(ratio "$m" "$x")" x
	fig migrate_rate "$(awk -v t="$m" 'BEGIN { printf "%.0f", 1000000 / t }')" messages/s
else
	skip migrate_vs_xmllint "xmllint not installed"
fi
a=$(value "$OUT" migrate100000.peak_rss)
b=$(value "$OUT" migrate1000000.peak_rss)
fig migrate_rss_growth "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')" %

# 3b. verify (issue 17) on the 1,000,000-message deployment: the 2013
#     database its package gives once imported (tests/verify_fixture, a
#     snapshot of it), against the same plan; target: within 2 x migrate.
FIXTURE="$B/tests/verify_fixture"
if [ -x "$FIXTURE" ]; then
	"$FIXTURE" "$WORK/out1000000/deployment.xml" "$WORK/target1000000.xml"
	measure verify1000000 "$PCM" verify --plan "$WORK/msg1000000.plan.xml" \
		--source "snapshot:$WORK/msg1000000.xml" --target "snapshot:$WORK/target1000000.xml"
	fig verify_vs_migrate "$(ratio "$(value "$OUT" verify1000000.wall)" \
		"$(value "$OUT" migrate1000000.wall)")" x
else
	skip verify1000000 "tests/verify_fixture is not built (configure without cmocka/SQLite)"
fi

# 4. Wizard redraw per keystroke in the 100,000-room list (disable step),
#    timed inside the program (--replay --bench: monotonic clock per key).
keys="$WORK/wizard.keys"
{
	printf 'obenchmark<Enter><Tab><Tab><Tab>y<Tab><Tab><BenchStart>'
	i=0
	while [ $i -lt 50 ]; do
		printf '<Down><PgDn><Down> <Up><PgUp><End><Home>'
		i=$((i + 1))
	done
} > "$keys"
XDG_STATE_HOME="$WORK/state" "$PCM" --source "snapshot:$WORK/rooms100k.xml" \
	--replay "$keys" --bench --dump-screen --size 80x24 >"$WORK/wizard.screen" 2>"$WORK/wizard.bench" || true
if grep -q 'Disable rooms' "$WORK/wizard.screen" && grep -q '^bench:' "$WORK/wizard.bench"; then
	fig wizard_redraw_median "$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' "$WORK/wizard.bench")" ms
	fig wizard_redraw_max "$(sed -n 's/.*max \([0-9.]*\) ms.*/\1/p' "$WORK/wizard.bench")" ms
else
	skip wizard_redraw "the replay did not reach the disable-rooms list"
fi

# 4b. The same in the warnings pane (step 9) with over 100,000 findings:
#     a plan whose cutoff is after every message empties every room (two
#     findings each) on top of the 100k-room snapshot's own findings.
wplan="$WORK/warnings.plan.xml"
rm -rf "$WORK/state-w"
"$PCM" plan --source "snapshot:$WORK/rooms100k.xml" --plan "$wplan" \
	--override-backup "benchmark data" --cutoff 2030-01-01 >/dev/null 2>&1 || true
{
	# from step 1 (n: do not resume): through the names step's and the
	# summary's prompts to the warnings pane
	printf 'n<Tab><Tab><Tab>y<Tab><Tab><Tab><Tab>y<Tab>y<BenchStart>'
	i=0
	while [ $i -lt 50 ]; do
		printf '<Down><PgDn><Down><Up><PgUp><End><Home>'
		i=$((i + 1))
	done
} > "$WORK/warnings.keys"
XDG_STATE_HOME="$WORK/state-w" "$PCM" --source "snapshot:$WORK/rooms100k.xml" --plan "$wplan" \
	--replay "$WORK/warnings.keys" --bench --dump-screen --size 100x30 \
	>"$WORK/warnings.screen" 2>"$WORK/warnings.bench" || true
if grep -q 'Step 9 of 9: Warnings' "$WORK/warnings.screen" && grep -q '^bench:' "$WORK/warnings.bench"; then
	fig warnings_pane_findings "$(sed -n 's/.*blocking.*showing \([0-9,]*\).*/\1/p' \
		"$WORK/warnings.screen" | tr -d ,)" findings
	fig warnings_redraw_median "$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' "$WORK/warnings.bench")" ms
	fig warnings_redraw_max "$(sed -n 's/.*max \([0-9.]*\) ms.*/\1/p' "$WORK/warnings.bench")" ms
else
	skip warnings_redraw "the replay did not reach the warnings pane"
fi

# 4c. A walk through the steps with a decision in each (override, drop a
#     root manager, rename, invitations, cutoff, disable, what-if, back
#     four steps and forward again) on the 100,000-room snapshot: the
#     slowest key that showed no progress indication (target: under
#     100 ms), and the keys that did (the recheck notice, the gauge).
#     The walk is tests/test_wizard_progress.sh's (tests/data/wizard/walk.keys),
#     timed from its first key.
{ printf '<BenchStart>'; cat "$S/tests/data/wizard/walk.keys"; } > "$WORK/walk.keys"
best_quiet=""
: > "$WORK/walk.rss"
j=0
while [ "$j" -lt "$RUNS" ]; do
	rm -rf "$WORK/state-walk"
	# measure gives the walk's peak RSS too (the wizard's memory, with
	# every step's findings and the what-if's)
	MEASURE_KEEP_OUTPUT=1 "$MEASURE" walk100k sh -c 'exec env XDG_STATE_HOME="$1" "$2" \
		--source "snapshot:$3" --replay "$4" --bench --dump-screen --size 100x30 \
		>"$5" 2>"$6"' sh "$WORK/state-walk" "$PCM" "$WORK/rooms100k.xml" "$WORK/walk.keys" \
		"$WORK/walk.screen" "$WORK/walk.bench" >> "$WORK/walk.rss" || true
	q=$(sed -n 's/^bench: slowest key without a progress indication \([0-9.]*\) ms.*/\1/p' "$WORK/walk.bench")
	if [ -n "$q" ] && { [ -z "$best_quiet" ] || awk -v a="$q" -v b="$best_quiet" 'BEGIN { exit !(a < b) }'; }; then
		best_quiet=$q
		cp "$WORK/walk.bench" "$WORK/walk.best"
	fi
	j=$((j + 1))
done
if grep -q 'Step 7 of 9' "$WORK/walk.screen" && [ -n "$best_quiet" ]; then
	fig wizard_walk_keys "$(sed -n 's/^bench: \([0-9]*\) keys.*/\1/p' "$WORK/walk.best")" keys
	fig wizard_walk_quiet_max "$best_quiet" ms
	fig wizard_walk_announced "$(sed -n 's/.*; \([0-9]*\) keys showed one.*/\1/p' "$WORK/walk.best")" keys
	fig wizard_walk_announced_max "$(sed -n 's/.*showed one, the slowest \([0-9.]*\) ms.*/\1/p' "$WORK/walk.best")" ms
	fig wizard_walk_peak_rss "$(awk '$1 == "walk100k.peak_rss" && $2 > m { m = $2 } END { print m }' "$WORK/walk.rss")" MiB
else
	skip wizard_walk "the replay did not reach the what-if"
fi

# 5. The TDS source against the snapshot source on the same data (100,000
#    messages), over the loopback test server from tests/.
server="$B/tests/tds-server/tds-server"
if [ -x "$server" ]; then
	"$server" --port-file "$WORK/tds.port" --schema "$S/tests/tds-server/legacy-schema.sql" \
		--fixture "$WORK/msg100000.xml" --password bench-pw --idle-exit 120 \
		2>"$WORK/tds.err" &
	spid=$!
	i=0
	while [ ! -s "$WORK/tds.port" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	port=$(cat "$WORK/tds.port" 2>/dev/null || true)
	if [ -n "$port" ]; then
		rows=$(grep -c '<tbl\|<backupset' "$WORK/msg100000.xml")
		PCMIGRATE_PASSWORD=bench-pw measure tds100000 "$PCM" inspect \
			--source "tds://sa@127.0.0.1:$port/GroupChatDB"
		measure snapshot100000 "$PCM" inspect --source "snapshot:$WORK/msg100000.xml"
		t=$(value "$OUT" tds100000.wall)
		u=$(value "$OUT" snapshot100000.wall)
		fig tds_rows_per_s "$(awk -v r="$rows" -v t="$t" 'BEGIN { printf "%.0f", r / t }')" rows/s
		fig snapshot_rows_per_s "$(awk -v r="$rows" -v t="$u" 'BEGIN { printf "%.0f", r / t }')" rows/s
	else
		skip tds_rows "the loopback TDS server did not start"
	fi
	kill "$spid" 2>/dev/null || true
	wait "$spid" 2>/dev/null || true
else
	skip tds_rows "tests/tds-server/tds-server is not built (make check builds it)"
fi

# Append to RESULTS.md with the machine and the commit.
{
	printf '\n## %s, commit %s\n\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		"$(git -C "$S" rev-parse --short HEAD 2>/dev/null || echo unknown)"
	printf 'Machine: %s, %s cores, %s\n\n```\n' "$(uname -srm)" "$(nproc)" \
		"$(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
	cat "$OUT"
	printf '```\n'
} >> "$S/bench/RESULTS.md"
echo "bench: figures appended to $S/bench/RESULTS.md"
