#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile names in the batch commands' output (issue 8, item 7): on
# tests/data/hostile/hostile.xml (ESC [ 2 J, OSC 0 ; title BEL, CSI and OSC
# as C1 controls, DEL, newline, CR, quotes, $(), backticks, semicolons in
# room, category, principal and type names), inspect, check, check --tsv,
# plan, plan --show, migrate --what-if, every file of migrate --out and
# apply-to-source --what-if's T-SQL hold no raw control byte (tab and line
# ends aside where the format has them), and show the names in the escaped
# form of src/escape.h.
: "${PCMIGRATE_BIN:=${top_builddir:-.}/pcmigrate}"
: "${PCMIGRATE_DATADIR:=${top_srcdir:-.}/data}"
export PCMIGRATE_DATADIR
HOSTILE="${top_srcdir:-.}/tests/data/hostile/hostile.xml"
if ! printf 'a\033b\n' | LC_ALL=C grep -q -P '\x1b' 2>/dev/null; then
	echo "1..0 # SKIP grep -P is not available"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcm-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state"
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }

# Every byte a terminal acts on: C0 but tab, LF, CR; DEL; C1 in UTF-8
# (C2 80..C2 9F). (A lone 0x80..0x9F byte would be invalid UTF-8, which
# the reader refuses.)
RAW='[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]'
# no_raw DESCRIPTION FILE...: none of the files holds such a byte
no_raw() {
	d=$1
	shift
	bad=$(LC_ALL=C grep -l -a -P "$RAW" "$@" 2>/dev/null)
	if [ -z "$bad" ]; then ok "$d"; else not_ok "$d (raw control in: $bad)"; fi
}
has() {         # has FILE FIXED-TEXT
	grep -q -F -- "$2" "$1"
}

# the probe can tell
check "the probe finds ESC in a file that holds it" sh -c "printf 'x\\033[2J\\n' >'$tmp/probe'; LC_ALL=C grep -q -P '$RAW' '$tmp/probe'"
check "the probe finds U+009B in a file that holds it" sh -c "printf 'x\\302\\2332J\\n' >'$tmp/probe'; LC_ALL=C grep -q -P '$RAW' '$tmp/probe'"
check "the probe passes Hangul and typographic quotes" sh -c "printf '\\355\\225\\234 \\342\\200\\231\\n' >'$tmp/probe'; ! LC_ALL=C grep -q -P '$RAW' '$tmp/probe'"

"$PCMIGRATE_BIN" inspect --source "$HOSTILE" >"$tmp/inspect.out" 2>"$tmp/inspect.err"
check "inspect reads the hostile snapshot (status $?)" test -s "$tmp/inspect.out"
no_raw "inspect: no raw control on stdout or stderr" "$tmp/inspect.out" "$tmp/inspect.err"
check "inspect: OSC 0 ; title BEL shown as \\x1b]0;owned-title\\x07" has "$tmp/inspect.out" 'Sales\x1b]0;owned-title\x07/  (5 rooms)'
check "inspect: OSC as U+009D shown as \\u009d" has "$tmp/inspect.out" 'Ops\u009d0;owned-title\u009c/'
check "inspect: CSI as U+009B shown as \\u009b" has "$tmp/inspect.out" 'csi\u009b2J c1'
check "inspect: newline, DEL, BEL, CR shown escaped" has "$tmp/inspect.out" 'line\nbreak del\x7f bell\x07 cr\rx'
check "inspect: quotes, \$(), backticks, semicolons as they are" has "$tmp/inspect.out" "it's \$(id) \`id\`; rm -rf ~ \"q\""
check "inspect: a type name with ESC [5m escaped" has "$tmp/inspect.out" 'User\x1b[5m'
check "inspect: a backslash stays single (SQL01\\GROUPCHAT)" has "$tmp/inspect.out" 'SQL01\GROUPCHAT,'

"$PCMIGRATE_BIN" check --source "$HOSTILE" >"$tmp/check.out" 2>"$tmp/check.err"
check "check: status 1 (the over-long name blocks)" test $? -eq 1
no_raw "check: no raw control on stdout or stderr" "$tmp/check.out" "$tmp/check.err"
check "check: a principal name with ESC, CSI and OSC escaped" has "$tmp/check.out" '(Ann \x1b[31mRed\u009b0m \x1b]0;owned-title\x07)'
check "check: a SIP address with ESC [2J escaped" has "$tmp/check.out" 'sip:bob\x1b[2J@fabrikam.com'
"$PCMIGRATE_BIN" check --tsv --source "$HOSTILE" >"$tmp/tsv.out" 2>"$tmp/tsv.err"
no_raw "check --tsv: no raw control" "$tmp/tsv.out" "$tmp/tsv.err"
check "check --tsv: six fields on every line (no name breaks a line)" \
	sh -c "awk -F'\t' 'NF != 6 { bad = 1 } END { exit bad }' '$tmp/tsv.out'"
check "check --tsv: the object field escaped" has "$tmp/tsv.out" '	Sales\x1b]0;owned-title\x07/clear\x1b[2J\x1b[Hscreen	'

# decisions on hostile rooms: the plan carries their names (pcm1), the
# over-long one (the only blocker) is disabled
PLAN="$tmp/plan.xml"
"$PCMIGRATE_BIN" plan --source "$HOSTILE" --plan "$PLAN" --disable 24 --disable 23 \
	--rename '20=clear screen' --rename "21=renamed 21" >"$tmp/plan.out" 2>"$tmp/plan.err"
check "plan: decisions on hostile rooms are recorded (status $?)" test -s "$PLAN"
no_raw "plan: no raw control in its messages" "$tmp/plan.out" "$tmp/plan.err"
no_raw "plan: the plan file carries the names without a raw control (pcm1)" "$PLAN"
check "plan: the renamed room's old name shown escaped" has "$tmp/plan.out" '"clear\x1b[2J\x1b[Hscreen" is renamed "clear screen"'
"$PCMIGRATE_BIN" plan --source "$HOSTILE" --plan "$PLAN" --show >"$tmp/show.out" 2>"$tmp/show.err"
no_raw "plan --show: no raw control" "$tmp/show.out" "$tmp/show.err"
check "plan --show: a disabled room's name escaped" has "$tmp/show.out" 'Disable room 23 (line\nbreak del\x7f bell\x07 cr\rx)'
check "plan --show: quotes, \$() and backticks as they are" has "$tmp/show.out" "Rename 21: \"it's \$(id) \`id\`; rm -rf ~ \"q\"\" to \"renamed 21\""

"$PCMIGRATE_BIN" migrate --what-if --source "$HOSTILE" --plan "$PLAN" >"$tmp/whatif.out" 2>"$tmp/whatif.err"
check "migrate --what-if runs (status $?)" test -s "$tmp/whatif.out"
no_raw "migrate --what-if: no raw control" "$tmp/whatif.out" "$tmp/whatif.err"
"$PCMIGRATE_BIN" migrate --source "$HOSTILE" --plan "$PLAN" --out "$tmp/pkg" >"$tmp/migrate.out" 2>"$tmp/migrate.err"
check "migrate --out writes the package (status $?)" test -s "$tmp/pkg/warnings.txt"
no_raw "migrate --out: no raw control on stdout or stderr" "$tmp/migrate.out" "$tmp/migrate.err"
# fix-source.sql is UTF-16LE with a byte-order mark (what sqlcmd reads as
# it is): its text is read back as UTF-8
FIXSQL="$tmp/fix-source.utf8"
check "fix-source.sql: UTF-16LE after a byte-order mark" sh -c \
	"[ \"\$(od -An -tx1 -N2 '$tmp/pkg/fix-source.sql' | tr -d ' ')\" = fffe ] &&
	 iconv -f UTF-16 -t UTF-8 '$tmp/pkg/fix-source.sql' >'$FIXSQL'"
for f in "$tmp"/pkg/*; do
	[ "$(basename "$f")" = fix-source.sql ] && f=$FIXSQL
	no_raw "migrate --out: $(basename "$f") holds no raw control" "$f"
done
check "warnings.txt: names escaped" has "$tmp/pkg/warnings.txt" 'Sales\x1b]0;owned-title\x07'
check "warnings.tsv: names escaped" has "$tmp/pkg/warnings.tsv" 'sip:bob\x1b[2J@fabrikam.com'
check "recreate-structure.ps1: the OSC category spelled with [char]" has "$tmp/pkg/recreate-structure.ps1" "('Sales' + [char]0x001B + ']0;owned-title' + [char]0x0007)"
check "recreate-structure.ps1: the CSI room spelled with [char]" has "$tmp/pkg/recreate-structure.ps1" "[char]0x009B + '2J c1'"
check "fix-source.sql: a disabled room's name spelled with NCHAR()" \
	has "$FIXSQL" "(N'line' + NCHAR(10) + N'break del' + NCHAR(127) + N' bell' + NCHAR(7) + N' cr' + NCHAR(13) + N'x')"
check "fix-source.sql: the renamed room's old name spelled with NCHAR()" \
	has "$FIXSQL" "nodeName = (N'clear' + NCHAR(27) + N'[2J' + NCHAR(27) + N'[Hscreen')"

echo "1..$n"
exit $failed
