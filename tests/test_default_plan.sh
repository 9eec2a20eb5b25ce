#!/bin/sh
# SPDX-License-Identifier: MIT
# The default plan is named after the deployment (issue 16): two snapshots
# with the same file name in two folders, one edited so its digest differs,
# get a plan each; a plan under the old name (the file name) that belongs
# to the source is still used, with a note; one that does not is left
# alone. A plan of another deployment advises --plan, not --rebase.
set -u
PCM=${PCMIGRATE_BIN:?}
DATA=${PCMIGRATE_DATADIR:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_STATE_HOME="$T/state"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
digest() { sha256sum "$1" | cut -c1-8; }
DIR="$XDG_STATE_HOME/pcmigrate"
NAME=KRSEL-SQL01_GROUPCHAT-GroupChatDB

mkdir -p "$T/a" "$T/b" "$T/c"
cp "$DATA/sample/contoso.xml" "$T/a/gc.xml"
sed 's/nodeName="Seoul Office"/nodeName="Seoul Branch"/' "$DATA/sample/contoso.xml" >"$T/b/gc.xml"
cmp -s "$T/a/gc.xml" "$T/b/gc.xml" && { echo "Bail out! the edit changed nothing"; exit 1; }
A="$DIR/$NAME-$(digest "$T/a/gc.xml").plan.xml"
B="$DIR/$NAME-$(digest "$T/b/gc.xml").plan.xml"

echo 1..10
"$PCM" plan --source "snapshot:$T/a/gc.xml" --cutoff 2012-03-01 >/dev/null 2>"$T/err1"
"$PCM" plan --source "snapshot:$T/b/gc.xml" --cutoff 2011-01-01 >/dev/null 2>"$T/err2"
st=$?
if [ -f "$A" ] && [ -f "$B" ] && [ "$A" != "$B" ] && [ ! -e "$DIR/gc.plan.xml" ]; then
	ok "two snapshots named gc.xml: a default plan each, named after server, database, digest"
else
	no "plans: $(ls "$DIR" | tr '\n' ' ')"
fi
[ $st -eq 0 ] && ! grep -q -- '--rebase' "$T/err2" &&
	ok "the second one starts without advice to --rebase" || no "second: status $st, $(cat "$T/err2")"
grep -q 'cutoff.*2012-03-01\|2012-03-01' "$A" && ! grep -q 2012-03-01 "$B" &&
	ok "each keeps its own decisions" || no "decisions mixed: $(grep -i cutoff "$A" "$B")"
! grep -q "no plan yet" "$T/err1" && grep -q "no plan yet.*$A.*give --plan $A\$" "$T/err2" &&
	ok "a new snapshot of the same database is told where the earlier plan is" ||
	no "note: $(cat "$T/err1" "$T/err2")"
"$PCM" check --source "snapshot:$T/b/gc.xml" >/dev/null 2>"$T/err2b"
! grep -q "no plan yet" "$T/err2b" && ok "once it has a plan of its own, no note" ||
	no "note again: $(cat "$T/err2b")"

# an old-style plan (the file name) that belongs to the source: still used
mv "$A" "$DIR/gc.plan.xml"
"$PCM" check --source "snapshot:$T/a/gc.xml" --tsv >"$T/out3" 2>"$T/err3"
grep -q "using the plan $DIR/gc.plan.xml" "$T/err3" &&
	ok "the old-style plan is used, and stderr says so" || no "no note: $(cat "$T/err3")"
grep -q CUTOFF "$T/out3" && [ ! -e "$A" ] &&
	ok "its decisions count (cutoff), no new plan is made" || no "old plan not used: $(ls "$DIR")"
"$PCM" plan --source "snapshot:$T/a/gc.xml" --rename 3=Seoul >/dev/null 2>&1
grep -q 'Seoul' "$DIR/gc.plan.xml" && [ ! -e "$A" ] &&
	ok "plan writes the old-style file in place" || no "rename went elsewhere: $(ls "$DIR")"

# an old-style plan of another deployment is not taken over
sed 's/database="GroupChatDB"/database="OtherDB"/' "$DATA/sample/contoso.xml" >"$T/c/gc.xml"
C="$DIR/KRSEL-SQL01_GROUPCHAT-OtherDB-$(digest "$T/c/gc.xml").plan.xml"
"$PCM" plan --source "snapshot:$T/c/gc.xml" --cutoff 2010-01-01 >/dev/null 2>"$T/err4"
st=$?
[ $st -eq 0 ] && [ -f "$C" ] && ! grep -q 2010-01-01 "$DIR/gc.plan.xml" &&
	ok "another database's snapshot named gc.xml gets its own plan" ||
	no "status $st, $(ls "$DIR"), $(cat "$T/err4")"

# given a plan of another deployment: a plan of its own is advised
"$PCM" check --source "snapshot:$T/c/gc.xml" --plan "$B" >/dev/null 2>"$T/err5"
st=$?
[ $st -eq 2 ] && grep -q -- 'a plan of its own: --plan with another file' "$T/err5" &&
	! grep -q -- '--rebase' "$T/err5" &&
	ok "a plan of another deployment: status 2, --plan advised, not --rebase" ||
	no "status $st: $(cat "$T/err5")"
