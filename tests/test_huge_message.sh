#!/bin/sh
# SPDX-License-Identifier: MIT
# A message is nvarchar(max): a snapshot whose message holds 30 MB loads
# (libxml2 refuses any value over 10 MB unless told: "Huge input lookup"),
# migrates whole, and memory stays a small multiple of that message.
: "${top_srcdir:=.}" "${top_builddir:=.}"
PCM="${PCMIGRATE_BIN:-$top_builddir/pcmigrate}"
MEASURE="$top_builddir/bench/measure"
n=0 failed=0
tap() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcm-huge.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state"
echo "1..4"

# 30 MiB of text in the first message of tests/data/snapshot/small.xml
head -c 31457280 /dev/zero | tr '\0' 'x' > "$tmp/big"
{
	sed -n '1,/content="hello"/p' "$top_srcdir/tests/data/snapshot/small.xml" |
		sed '$d'
	sed -n '/content="hello"/p' "$top_srcdir/tests/data/snapshot/small.xml" |
		sed 's/content="hello".*//' | tr -d '\n'
	printf 'content="hello '; cat "$tmp/big"; printf '"/>\n'
	sed -n '/content="hello"/,$p' "$top_srcdir/tests/data/snapshot/small.xml" | sed '1d'
} > "$tmp/huge.xml"

"$PCM" inspect --source "snapshot:$tmp/huge.xml" > "$tmp/inspect.out" 2> "$tmp/inspect.err"
tap $? "a snapshot with a 30 MB message loads (inspect)"
"$PCM" plan --source "snapshot:$tmp/huge.xml" --plan "$tmp/plan.xml" \
	--override-backup "test data" > /dev/null 2>&1
MEASURE_KEEP_OUTPUT=0 "$MEASURE" migrate "$PCM" migrate --source "snapshot:$tmp/huge.xml" \
	--plan "$tmp/plan.xml" --out "$tmp/out" > "$tmp/measure.out" 2>&1
tap $? "migrate --out writes the package"
# the message arrives whole: deployment.xml holds all 31,457,280 x's
count=$(tr -cd 'x' < "$tmp/out/deployment.xml" | wc -c)
[ "$count" -ge 31457280 ]; tap $? "deployment.xml carries the whole message ($count x)"
rss=$(awk '$1 == "migrate.peak_rss" { printf "%d", $2 }' "$tmp/measure.out")
echo "# migrate peak RSS ${rss} MiB for a 30 MiB message"
if nm "$PCM" 2>/dev/null | grep -q __asan_init; then
	echo "ok 4 # SKIP peak RSS under AddressSanitizer says little"
else
	[ -n "$rss" ] && [ "$rss" -lt 400 ]; tap $? "memory stays bounded: peak RSS ${rss} MiB < 400 MiB"
fi
exit $failed
