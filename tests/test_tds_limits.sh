#!/bin/sh
# SPDX-License-Identifier: MIT
# Time limits and interrupts over TDS against the loopback server: a
# server that never answers the login (--stall-login) or stops in the
# middle of a result (--stall-after-rows) ends the command within its time
# limit with a message naming the cause; freetds.conf's limits are
# honoured and the options win; the stock "tds version = auto" does not
# retry for ever; Ctrl-C and SIGTERM during a live read cancel it, remove
# every temporary and exit 130 or 143 within a second or two.
. "${top_srcdir:-.}/tests/tds_lib.sh"
live_env
unset TDSVER
# the stock Debian freetds.conf's [global], the one that retries for ever
printf '[global]\n\ttds version = auto\n' >"$WORK/auto.conf"
FREETDSCONF="$WORK/auto.conf"
export FREETDSCONF

# srv NAME [options]: a server with the bundled sample as its fixture
srv() {
	name=$1
	shift
	start_server "$name" --fixture "$SAMPLE" "$@"
}

now_ms() {
	date +%s%3N
}

# timed NAME ARGS...: runs pcmigrate (at most 60 s), output in
# $WORK/NAME.out/.err, status in rc, milliseconds in ms
timed() {
	out=$1
	shift
	t0=$(now_ms)
	timeout 60 "$PCMIGRATE" "$@" >"$WORK/$out.out" 2>"$WORK/$out.err" </dev/null
	rc=$?
	ms=$(($(now_ms) - t0))
}

# ---- the login --------------------------------------------------------
srv login --stall-login
URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
timed login inspect --source "$URL" --login-timeout 2
[ "$rc" -eq 2 ] && [ "$ms" -lt 5000 ] &&
	grep -q "no answer from server 127.0.0.1:$PORT within 2 s while logging in" "$WORK/login.err"
ok $? "a login never answered: exit 2 after --login-timeout 2, 'no answer from SERVER within 2 s' (${ms} ms)" || diag "$WORK/login.err"
! grep -q -i -e 'success' -e 'cannot reach' "$WORK/login.err"
ok $? "... neither ': Success' (an OS error 0) nor 'cannot reach'" || diag "$WORK/login.err"
[ "$(grep -c 'stalled: ignoring' "$WORK/login.log")" -eq 1 ]
ok $? "... one login attempt: TDS 7.x asked, no fallback to TDS 5.0 under 'tds version = auto'" || diag "$WORK/login.log"

# verify reads the 2013 database through the same connection code
"$PCMIGRATE" plan --source "snapshot:$SAMPLE" --plan "$WORK/verify.plan.xml" \
	--override-backup "time-limit test" >/dev/null 2>&1
timed verifylogin verify --plan "$WORK/verify.plan.xml" --target "$URL" --login-timeout 2
[ "$rc" -eq 2 ] && [ "$ms" -lt 5000 ] &&
	grep -q "no answer from server 127.0.0.1:$PORT within 2 s while logging in" "$WORK/verifylogin.err"
ok $? "verify takes --login-timeout too: exit 2, 'no answer ... within 2 s' (${ms} ms)" || diag "$WORK/verifylogin.err"

printf '[global]\n\ttds version = auto\n\tconnect timeout = 1\n' >"$WORK/ct.conf"
FREETDSCONF="$WORK/ct.conf" timed loginconf check --source "$URL"
[ "$rc" -eq 2 ] && [ "$ms" -lt 4000 ] && grep -q "within 1 s while logging in" "$WORK/loginconf.err"
ok $? "freetds.conf's 'connect timeout = 1' is the limit when no option is given (${ms} ms)" || diag "$WORK/loginconf.err"
printf '[global]\n\tconnect timeout = 30\n' >"$WORK/ct30.conf"
FREETDSCONF="$WORK/ct30.conf" timed loginopt snapshot --source "$URL" --out "$WORK/never.xml" --login-timeout 1
[ "$rc" -eq 2 ] && [ "$ms" -lt 4000 ] && grep -q "within 1 s while logging in" "$WORK/loginopt.err"
ok $? "--login-timeout wins over freetds.conf's 30 (${ms} ms)" || diag "$WORK/loginopt.err"
timed badopt migrate --source "$URL" --what-if --query-timeout soon
[ "$rc" -eq 2 ] && grep -q -- "--query-timeout soon: give a number of seconds" "$WORK/badopt.err"
ok $? "a bad --query-timeout: exit 2, says what it takes" || diag "$WORK/badopt.err"
stop_server

# ---- a server that stops in the middle of a result ---------------------
# rows of one load of the sample (tables, msdb, tblChat)
srv count
timed count snapshot --source "tds://sa@127.0.0.1:$PORT/GroupChatDB" --out "$WORK/count.xml"
ROWS=$(sed -n 's/^Wrote .*: \([0-9]*\) rows of .*/\1/p' "$WORK/count.out")
[ "$rc" -eq 0 ] && [ "${ROWS:-0}" -gt 1000 ]
ok $? "a snapshot of the sample reads $ROWS rows" || diag "$WORK/count.err"
stop_server

srv mid --stall-after-rows $((ROWS / 2))
URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
timed mid inspect --source "$URL" --query-timeout 2
[ "$rc" -eq 2 ] && [ "$ms" -lt 6000 ] &&
	grep -q "no answer from server 127.0.0.1:$PORT within 2 s while reading" "$WORK/mid.err"
ok $? "a result that stops: exit 2 after --query-timeout 2, 'no answer ... within 2 s while reading' (${ms} ms)" || diag "$WORK/mid.err"
! grep -q -i 'success' "$WORK/mid.err"
ok $? "... no ': Success'" || diag "$WORK/mid.err"
printf '[global]\n\ttimeout = 1\n' >"$WORK/qt.conf"
FREETDSCONF="$WORK/qt.conf" timed midconf inspect --source "$URL"
[ "$rc" -eq 2 ] && [ "$ms" -lt 5000 ] && grep -q "within 1 s while reading" "$WORK/midconf.err"
ok $? "freetds.conf's 'timeout = 1' is the query limit when no option is given (${ms} ms)" || diag "$WORK/midconf.err"
stop_server

# ---- apply-to-source behind Group Chat's locks ---------------------------
# the fixture's trigger answers the first UPDATE the way SQL Server does
# when SET LOCK_TIMEOUT runs out (error 1222)
srv locks --utc-offset 540 --server-name 'KRSEL-SQL01\GROUPCHAT' \
	--exec "CREATE TRIGGER locked BEFORE UPDATE ON tblNode BEGIN
		SELECT RAISE(ABORT, 'Lock request time out period exceeded.'); END" \
	--exec "INSERT INTO msdb.backupset (backup_set_id, media_set_id, name, database_name, type,
		backup_start_date, backup_finish_date, is_copy_only, is_damaged) VALUES (7999, 4999,
		'full', 'GroupChatDB', 'D', '2099-01-01T00:00:00.000', '2099-01-01T01:00:00.000', 0, 0)"
URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
timeout 60 "$PCMIGRATE" plan --source "$URL" --plan "$WORK/lockplan.xml" \
	--rename "57=Project Hanbit Launch (Marketing)" --override-backup "test copy" \
	>"$WORK/lockplan.out" 2>&1
timed lock apply-to-source --unsupported-direct-write --source "$URL" --plan "$WORK/lockplan.xml" --confirm GroupChatDB
[ "$rc" -eq 2 ] && grep -q "server message 1222" "$WORK/lock.err" &&
	grep -q "stop them on every Group Chat Server" "$WORK/lock.err" &&
	grep -q "rolled back" "$WORK/lock.err"
ok $? "apply-to-source behind a lock: exit 2, says to stop the Group Chat services, rolled back" ||
	diag "$WORK/lockplan.out" "$WORK/lock.err"
grep '^batch:' "$WORK/locks.log" | grep -n -e 'SET LOCK_TIMEOUT 30000' -e 'BEGIN TRANSACTION' >"$WORK/lockorder"
[ "$(sed -n 1p "$WORK/lockorder" | grep -c 'SET LOCK_TIMEOUT 30000')" -eq 1 ] &&
	[ "$(sed -n 2p "$WORK/lockorder" | grep -c 'BEGIN TRANSACTION')" -eq 1 ]
ok $? "... SET LOCK_TIMEOUT 30000 is sent before the transaction begins" || diag "$WORK/lockorder"
timed lockwhatif apply-to-source --source "$URL" --plan "$WORK/lockplan.xml" --what-if
[ "$rc" -eq 0 ] && grep -q '^SET LOCK_TIMEOUT 30000;' "$WORK/lockwhatif.out"
ok $? "... and --what-if prints it" || diag "$WORK/lockwhatif.out"
stop_server

# ---- interrupts ---------------------------------------------------------
# interrupt NAME SIGNAL DIR ARGS...: runs pcmigrate in the background
# until the server stalls (its log says so), sends SIGNAL, and records the
# exit status (rc), how long it took to exit after the signal (ms) and how
# many temporaries DIR held when the signal went (temps).
# The shell starts background commands with SIGINT ignored; env resets it.
interrupt() {
	name=$1 sig=$2 dir=$3
	shift 3
	env --default-signal=INT "$PCMIGRATE" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null &
	pid=$!
	i=0
	until grep -q '^stalling after' "$WORK/$SERVER_NAME.log" 2>/dev/null || [ $i -ge 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.5
	temps=$(find "$dir" -name '*.tmp-*' 2>/dev/null | wc -l)
	t0=$(now_ms)
	kill "-$sig" "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	ms=$(($(now_ms) - t0))
	kill -9 "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
}

# no temporaries anywhere under $1
no_temps() {
	! find "$1" -name '*.tmp-*' | grep -q .
}

plan_for() {
	timeout 60 "$PCMIGRATE" plan --source "$1" --plan "$2" --disable 24 --disable 25 \
		--disable 26 --disable 27 --disable 28 --disable 32 --disable 48 --disable 49 \
		--rename 57=Hanbit-Marketing --override-backup test-copy >/dev/null 2>&1
}

for sig in INT TERM; do
	[ $sig = INT ] && want=130 || want=143
	# snapshot: the load reads ROWS rows, the writing pass stalls half way
	SERVER_NAME=snap$sig
	srv $SERVER_NAME --stall-after-rows $((ROWS + ROWS / 2))
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
	mkdir -p "$WORK/snapdir$sig"
	interrupt snap$sig $sig "$WORK/snapdir$sig" snapshot --source "$URL" --out "$WORK/snapdir$sig/taken.xml"
	[ "$temps" -gt 0 ] && [ "$rc" -eq $want ] && [ "$ms" -lt 2000 ] && no_temps "$WORK/snapdir$sig" &&
		[ ! -e "$WORK/snapdir$sig/taken.xml" ]
	ok $? "snapshot stalled while writing ($temps temporary), SIG$sig: exit $want in ${ms} ms, none left" ||
		{ echo "# status $rc"; diag "$WORK/snap$sig.err"; ls -la "$WORK/snapdir$sig" | diag; }
	grep -q "interrupted; .*taken.xml was not written" "$WORK/snap$sig.err"
	ok $? "... and says it was interrupted and the file not written" || diag "$WORK/snap$sig.err"
	stop_server

	# migrate --out: the load, then the messages room by room, stalled
	# while the package is being written
	SERVER_NAME=mig$sig
	srv $SERVER_NAME --stall-after-rows $((ROWS * 2))
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
	plan_for "$URL" "$WORK/plan$sig.xml"
	: >"$WORK/$SERVER_NAME.log"
	stop_server
	srv $SERVER_NAME --stall-after-rows $((ROWS + ROWS / 4))
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
	interrupt mig$sig $sig "$WORK/pkg$sig" migrate --source "$URL" --plan "$WORK/plan$sig.xml" --out "$WORK/pkg$sig"
	[ "$temps" -gt 0 ] && [ "$rc" -eq $want ] && [ "$ms" -lt 2000 ] && no_temps "$WORK/pkg$sig"
	ok $? "migrate --out stalled while writing the package ($temps temporaries), SIG$sig: exit $want in ${ms} ms, none left" ||
		{ echo "# status $rc"; diag "$WORK/mig$sig.err"; ls -la "$WORK/pkg$sig" | diag; }
	stop_server
done

# inspect: nothing to remove; it ends at once
SERVER_NAME=ins
srv ins --stall-after-rows $((ROWS / 2))
interrupt ins INT "$WORK" inspect --source "tds://sa@127.0.0.1:$PORT/GroupChatDB"
[ "$rc" -eq 130 ] && [ "$ms" -lt 2000 ]
ok $? "inspect stalled, SIGINT: exit 130 in ${ms} ms" || { echo "# status $rc"; diag "$WORK/ins.err"; }
finish
