#!/bin/sh
# SPDX-License-Identifier: MIT
# The wizard's step 11, Verify, in tmux against a live 2013 database (the
# loopback TDS server holding what tests/verify_fixture made of the
# sample's package, with one room missing): a plan whose package was
# written resumes at Verify; v takes the tds:// target, the wizard gives
# the terminal to the password prompt (echo off) and takes it back, and
# the warnings pane lists the one difference; the password is never on
# the screen.
. "${top_srcdir:-.}/tests/wizard_lib.sh"
: "${top_builddir:=.}"
SERVER="$top_builddir/tests/tds-server/tds-server"
FIXTURE="$top_builddir/tests/verify_fixture"
if [ ! -x "$SERVER" ] || [ ! -x "$FIXTURE" ]; then
	echo "1..0 # SKIP the loopback TDS server or tests/verify_fixture is not built"
	exit 0
fi
PW='Tgt-9q$x'
SRC="snapshot:$PCMIGRATE_DATADIR/sample/contoso.xml"
PLAN=$WIZ_TMP/plan.xml
T=$WIZ_TMP

# the plan that clears the sample's blockers, its package, the import
"$PCMIGRATE_BIN" plan --source "$SRC" --plan "$PLAN" --override-backup "training run" \
	--cutoff 2010-01-01 --drop-root-manager sip:markh@contoso.com >/dev/null 2>&1
args=
for id in $("$PCMIGRATE_BIN" check --source "$SRC" --plan "$PLAN" --tsv 2>/dev/null |
	awk -F '\t' '$2 == "block" && ($3 == "NAME-TOO-LONG" || $3 == "NAME-COLLISION") { print $4 }' | sort -u); do
	args="$args --rename $id=R$id"
done
# shellcheck disable=SC2086
"$PCMIGRATE_BIN" plan --source "$SRC" --plan "$PLAN" $args >/dev/null 2>&1
"$PCMIGRATE_BIN" migrate --source "$SRC" --plan "$PLAN" --out "$T/pkg" >/dev/null 2>&1
"$FIXTURE" "$T/pkg/deployment.xml" "$T/target.xml" --drop-room "IT Service Desk"
check "the package is written and imported" test -s "$T/target.xml"
# steps 1 to 10 done, as the wizard leaves them once the package is written
done_steps=
for step in backup root-managers names invitations cutoff disable worklist summary migrate warnings; do
	done_steps="$done_steps<stepDone step=\"$step\"/>"
done
sed -i "s|</pcmigratePlan>|$done_steps</pcmigratePlan>|" "$PLAN"

"$SERVER" --port-file "$T/port" --schema="$top_srcdir/tests/tds-server/target-schema.sql" \
	--fixture "$T/target.xml" --database mgc --password "$PW" --idle-exit 60 \
	--log "$T/server.log" 2>"$T/server.err" &
server=$!
trap 'kill $server 2>/dev/null; wiz_cleanup' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat "$T/port")
check "the 2013 database is served" test -n "$PORT"

wiz_start 100x30 xterm -- --source "$SRC" --plan "$PLAN"
expect "a plan whose package was written offers step 11" "Resume at step 11 (Verify)?"
wiz_keys y
expect "step 11, Verify" "Step 11 of 11: Verify"
wiz_keys v
expect "v asks for the 2013 database" "The 2013 database"
wiz_type "tds://sa@127.0.0.1:$PORT/mgc"
wiz_keys Enter
expect "the terminal goes to the password prompt" "Password for sa@127.0.0.1:$PORT/mgc:"
wiz_type "$PW"
wiz_keys Enter
expect "the pane lists the missing room" "ROOM-MISSING" 30
expect "and sums up" "1 differences: 55 of 56 planned rooms found"
if wiz_screen | grep -qF "$PW"; then
	not_ok "the password is not on the screen"
else
	ok "the password is not on the screen"
fi
wiz_keys q y
st=$(wiz_wait_exit)
check "the wizard ends normally (status $st)" test "$st" = 0
check "the plan does not hold the password" sh -c "! grep -qF '$PW' '$PLAN'"
echo "1..$WIZ_N"
exit $WIZ_FAILED
