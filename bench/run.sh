#!/bin/sh
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
measure() { # name cmd... -> figures appended, also to $WORK/last
	"$MEASURE" "$@" > "$WORK/last" || {
		rc=$?
		[ "$rc" = 1 ] || { echo "bench: $* failed with status $rc" >&2; return "$rc"; }
	}
	cat "$WORK/last" | tee -a "$OUT"
}

[ -x "$GEN" ] || { echo "bench: $GEN is not built" >&2; exit 2; }

# 1. Load + every check on 100,000 rooms / 10,000 categories / 50,000
#    principals (messages kept modest: this figure is about the structure).
"$GEN" --rooms 100000 --categories 10000 --principals 50000 --messages 200000 \
	--depth 8 --seed 1 --out "$WORK/rooms100k.xml"
measure check100k "$PCM" check --source "snapshot:$WORK/rooms100k.xml" \
	--plan "$WORK/rooms100k.plan.xml"

# 2. migrate --out on 1,000,000 messages against xmllint --stream on the
#    same file; 3. peak RSS at 100,000 and at 1,000,000 messages.
for n in 100000 1000000; do
	"$GEN" --rooms 2000 --categories 200 --principals 5000 --messages "$n" \
		--depth 3 --seed 2 --out "$WORK/msg$n.xml"
	plan="$WORK/msg$n.plan.xml"
	"$PCM" plan --source "snapshot:$WORK/msg$n.xml" --plan "$plan" \
		--override-backup "benchmark data" >/dev/null
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

# 5. TDS source rows per second over the loopback test server.
if [ -x "$B/tests/tds-bench.sh" ] || [ -f "$S/tests/tds-bench.sh" ]; then
	sh "$S/tests/tds-bench.sh" "$WORK/msg100000.xml" | tee -a "$OUT"
else
	skip tds_rows "no loopback TDS benchmark script yet"
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
