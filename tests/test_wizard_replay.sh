#!/bin/sh
# SPDX-License-Identifier: MIT
# The hidden replay mode (tig style): keys from a file, the final screen
# dumped as text, no terminal needed. Deterministic checks of what a
# person sees, including where the cursor stands in the line editor after
# moving over Hangul (two columns per syllable, never inside one).
: "${PCMIGRATE_BIN:=${top_builddir:-.}/pcmigrate}"
: "${PCMIGRATE_DATADIR:=${top_srcdir:-.}/data}"
export PCMIGRATE_DATADIR LANG=C.UTF-8 LC_ALL= TERM=xterm
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcm-replay.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state"
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

replay() {      # replay KEYS [pcmigrate options]: screen on stdout, cursor in $tmp/cursor
	printf '%s' "$1" > "$tmp/keys"
	shift
	rm -rf "$XDG_STATE_HOME"        # no plan: no resume question
	"$PCMIGRATE_BIN" --replay "$tmp/keys" --dump-screen "$@" 2>"$tmp/cursor"
}

out=$(replay '')
check "the first screen is the backup check" sh -c 'printf "%s\n" "$0" | head -1 | grep -q "Step 1 of 11: Backup check"' "$out"
check "80x24 by default" test "$(printf '%s\n' "$out" | wc -l)" -eq 24
out=$(replay '' --size 100x30)
check "--size 100x30 gives 30 rows" test "$(printf '%s\n' "$out" | wc -l)" -eq 30

# to the names editor: override, Tab, Tab, then edit the first offender
keys='oreplay test<Enter><Tab><Tab><Enter><C-u>가나다 abc'
out=$(replay "$keys")
check "the editor shows the typed Hangul" sh -c 'printf "%s\n" "$0" | grep -q "Own name: 가나다 abc"' "$out"
end=$(sed -n 's/^cursor: row [0-9]* column //p' "$tmp/cursor")
replay "$keys<Left><Left><Left><Left>" >/dev/null
left4=$(sed -n 's/^cursor: row [0-9]* column //p' "$tmp/cursor")
replay "$keys<Left><Left><Left><Left><Left>" >/dev/null
left5=$(sed -n 's/^cursor: row [0-9]* column //p' "$tmp/cursor")
replay "$keys<Home>" >/dev/null
home=$(sed -n 's/^cursor: row [0-9]* column //p' "$tmp/cursor")
check "the cursor follows the text ($end)" test -n "$end"
check "four steps left over 'abc ' move four columns ($end -> $left4)" test "$((end - left4))" -eq 4
check "one more over a Hangul syllable moves two ($left4 -> $left5)" test "$((left4 - left5))" -eq 2
check "Home is 10 columns before the end (3 syllables x 2 + 4)" test "$((end - home))" -eq 10
out=$(replay "$keys<Left><Left><Left><Left><Left><C-k>")
check "Ctrl-K deletes to the end, leaving two syllables" sh -c 'printf "%s\n" "$0" | grep -q "Own name: 가나$"' "$out"

out=$(replay '<F1>')
check "F1 shows the help built from the key tables" sh -c 'printf "%s\n" "$0" | grep -q "o  *override a missing or stale backup"' "$out"
printf 'x<Nope>' > "$tmp/keys"
"$PCMIGRATE_BIN" --replay "$tmp/keys" --dump-screen >/dev/null 2>&1
check "an unknown key name is bad input (status 2)" test $? -eq 2
"$PCMIGRATE_BIN" --replay "$tmp/keys" --bench --dump-screen --size 80x24 >/dev/null 2>&1
printf '<Down><Down><Up>' > "$tmp/keys"
rm -rf "$XDG_STATE_HOME"
"$PCMIGRATE_BIN" --replay "$tmp/keys" --bench --dump-screen > /dev/null 2>"$tmp/bench"
check "--bench reports the redraw time per key" grep -q "^bench: 3 keys, redraw per key: median" "$tmp/bench"
echo "1..$n"
exit $failed
