#!/bin/sh
# SPDX-License-Identifier: MIT
# The loopback TDS test server holds a real conversation with FreeTDS's
# own client, tsql: SELECT through TDS 7.4 and 7.1, errors as tokens.
. "${top_srcdir:-.}/tests/tds_lib.sh"

if ! command -v tsql >/dev/null 2>&1; then
	echo "1..0 # SKIP tsql (freetds-bin) is not installed"
	exit 0
fi

start_server srv --exec "INSERT INTO tblNode(nodeID, nodeGuid, parentID, nodeType, nodeName, disabled)
	VALUES (1, '6F9619FF-8B86-D011-B42D-00C04FC964FF', 1, 1, 'Root 한글', 0),
	       (20, '0B4C3E5A-1111-2222-3333-444455556666', 1, 0, 'general', 0)"
ok $? "server starts and writes its port"

# tsql: the query, then its result, through the given TDS version
tsql_run() {   # tsql_run TDSVER PASSWORD SQL...
	v=$1
	pw=$2
	shift 2
	printf '%s\ngo\n' "$@" | LC_ALL=C.UTF-8 TDSVER=$v tsql -H 127.0.0.1 -p "$PORT" -U sa -P "$pw" \
		>"$WORK/out" 2>"$WORK/err"
}

for v in 7.4 7.1; do
	tsql_run $v "$TDS_PASSWORD" "SELECT nodeID, nodeGuid, nodeName FROM [dbo].[tblNode] WHERE nodeType = 0"
	grep -q '^20	0B4C3E5A-1111-2222-3333-444455556666	general$' "$WORK/out"
	ok $? "tsql (TDS $v) SELECTs a row: int, uniqueidentifier, nvarchar" || diag "$WORK/out" "$WORK/err"
done

# the server answers the TDS version of the release it plays, not the
# client's: SQL Server 2008 R2 speaks 7.3 to a 7.4 client, 7.1 to a 7.1 one
grep -q '^login: .* tds=730b0003 (asked 74000004)' "$WORK/srv.log" &&
	grep -q '^login: .* tds=71000001 (asked 71000001)' "$WORK/srv.log"
ok $? "SQL Server 2008 R2 logs a 7.4 client in at TDS 7.3, a 7.1 client at 7.1" ||
	grep '^login:' "$WORK/srv.log" | diag

tsql_run 7.4 "$TDS_PASSWORD" "SELECT TOP 1 nodeName FROM GroupChatDB.dbo.tblNode WHERE nodeID = 1"
grep -q '^Root 한글$' "$WORK/out"
ok $? "non-ASCII text survives UTF-16 both ways (three-part name, TOP)" || diag "$WORK/out" "$WORK/err"

tsql_run 7.4 "$TDS_PASSWORD" "SELECT * FROM tblMissing"
grep -q "Msg 208" "$WORK/err" && grep -q "Invalid object name 'tblMissing'" "$WORK/err"
ok $? "a missing table answers error 208" || diag "$WORK/out" "$WORK/err"

# a run-time error under XACT_ABORT (a duplicate key) rolls the whole
# transaction back and ends the batch: RAISERROR after it never runs
# (SQL Server 2005-2008 R2 have no THROW: test_tds_dialect.sh)
tsql_run 7.4 "$TDS_PASSWORD" "SET XACT_ABORT ON BEGIN TRAN UPDATE tblNode SET nodeName = N'changed' WHERE nodeID = 20 INSERT INTO tblNode(nodeID, parentID, nodeType, nodeName, disabled) VALUES (20, 1, 0, N'dup', 0) RAISERROR(N'not reached', 16, 1) COMMIT" \
	"SELECT nodeName, @@TRANCOUNT FROM tblNode WHERE nodeID = 20"
grep -q "Msg 2627" "$WORK/err" && grep -q '^general	0$' "$WORK/out" && ! grep -q "not reached" "$WORK/err"
ok $? "an error under XACT_ABORT rolls the transaction back and ends the batch" || diag "$WORK/out" "$WORK/err"

tsql_run 7.4 wrong-password "SELECT 1"
grep -q "Msg 18456" "$WORK/err" && grep -q "Login failed for user 'sa'" "$WORK/err"
ok $? "a wrong password answers error 18456" || diag "$WORK/out" "$WORK/err"

tsql_run 7.4 "$TDS_PASSWORD" "SELECT COUNT(*) FROM tblNode"
grep -q '^2$' "$WORK/out"
ok $? "the server survives a failed login and serves the next connection" || diag "$WORK/out" "$WORK/err"

# fix-source.sql's statement form: guarded UPDATE, then the @@ROWCOUNT check
# that rolls back and raises when the row did not match
tsql_run 7.4 "$TDS_PASSWORD" "SET XACT_ABORT ON; BEGIN TRANSACTION;" \
	"UPDATE dbo.tblNode SET nodeName = N'renamed' WHERE nodeID = 20 AND nodeName = N'general';
IF @@ROWCOUNT <> 1 BEGIN IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; RAISERROR(N'room 20 changed', 16, 1); RETURN; END" \
	"UPDATE dbo.tblNode SET nodeName = N'again' WHERE nodeID = 20 AND nodeName = N'general';
IF @@ROWCOUNT <> 1 BEGIN IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; RAISERROR(N'room 20 changed', 16, 1); RETURN; END" \
	"SELECT nodeName, @@TRANCOUNT FROM tblNode WHERE nodeID = 20"
grep -q "room 20 changed" "$WORK/err" && grep -q '^general	0$' "$WORK/out"
ok $? "a failed @@ROWCOUNT guard rolls back the earlier statements of the transaction" || diag "$WORK/out" "$WORK/err"
stop_server

# the documented T-SQL scripts (data/sql) run on the server as they would on
# SQL Server, and the rows read back
NO_SCHEMA=1 start_server scripts --tsql "$top_srcdir/data/sql/legacy-schema.sql" \
	--tsql "$top_srcdir/data/sql/sample-data.sql" \
	--tsql-msdb "$top_srcdir/data/sql/msdb-schema.sql" \
	--tsql-msdb "$top_srcdir/data/sql/msdb-sample-data.sql"
ok $? "the data/sql scripts load through the server's T-SQL executor" || diag "$WORK/scripts.err"
tsql_run 7.4 "$TDS_PASSWORD" "SELECT COUNT(*) FROM dbo.tblChat" \
	"SELECT TOP 1 physical_device_name FROM msdb.dbo.backupmediafamily ORDER BY media_set_id"
expected=$(grep -c '^INSERT INTO tblChat ' "$top_srcdir/data/sql/sample-data.sql")
grep -q "^$expected\$" "$WORK/out" && grep -q 'GroupChatDB_FULL_20130113.bak' "$WORK/out"
ok $? "tsql reads the scripts' $expected messages and msdb's media family" || diag "$WORK/out" "$WORK/err"
stop_server

# streaming: a 250,000-row result (a cross join of 500 rooms) goes out
# packet by packet; the server's peak memory stays far below the reply's
# size (about 70 MB of TDS), where a reply built whole would hold it all
start_server big --exec "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 500)
	INSERT INTO tblNode(nodeID, parentID, nodeType, nodeName, disabled)
	SELECT i, 1, 0, printf('room %d %.100c', i, 'x'), 0 FROM k"
tsql_run 7.4 "$TDS_PASSWORD" "SELECT a.nodeName, b.nodeName FROM tblNode a CROSS JOIN tblNode b"
rows=$(grep -c '^room ' "$WORK/out")
bytes=$(wc -c <"$WORK/out")
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null)
if [ -n "$hwm" ]; then
	[ "$rows" -eq 250000 ] && [ "$bytes" -gt 50000000 ] && [ "$hwm" -lt 30000 ]
	ok $? "a 250,000-row result is streamed (server peak ${hwm} kB for ${bytes} bytes of rows)" ||
		diag "$WORK/err"
else
	skip "a 250,000-row result is streamed" "no /proc/PID/status"
fi
stop_server

# the stall fixtures for the client's time limits: the server stops
# answering mid-result (the first rows arrive, the reply never ends, an
# attention is not answered either), or never answers a login; another
# connection is still served meanwhile
if command -v timeout >/dev/null 2>&1; then
	start_server stall --stall-after-rows 2 --exec "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 50)
		INSERT INTO tblNode(nodeID, parentID, nodeType, nodeName, disabled) SELECT i, 1, 0, 'room ' || i, 0 FROM k"
	printf 'SELECT nodeName FROM tblNode ORDER BY nodeID\ngo\n' | LC_ALL=C.UTF-8 TDSVER=7.4 \
		timeout 3 tsql -H 127.0.0.1 -p "$PORT" -U sa -P "$TDS_PASSWORD" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	[ $rc -eq 124 ] && grep -q '^stalling after 2 rows' "$WORK/stall.log" && ! grep -q '^room 50$' "$WORK/out"
	ok $? "--stall-after-rows 2: the reply stops after 2 rows and never ends (status $rc)" ||
		diag "$WORK/out" "$WORK/err" "$WORK/stall.log"
	stop_server
	start_server stalllogin --stall-login
	echo 'SELECT 1' | TDSVER=7.4 timeout 3 tsql -H 127.0.0.1 -p "$PORT" -U sa -P "$TDS_PASSWORD" \
		>"$WORK/out" 2>"$WORK/err"
	rc=$?
	[ $rc -eq 124 ] && grep -q 'stalled: ignoring a request of type 18' "$WORK/stalllogin.log"
	ok $? "--stall-login: the connection is accepted and the PRELOGIN never answered (status $rc)" ||
		diag "$WORK/out" "$WORK/err" "$WORK/stalllogin.log"
	stop_server
	start_server stallbatch --stall-batch 2
	printf 'SELECT 1\ngo\nSELECT 2\ngo\n' | TDSVER=7.4 timeout 3 tsql -H 127.0.0.1 -p "$PORT" -U sa \
		-P "$TDS_PASSWORD" -o fhq >"$WORK/out" 2>"$WORK/err"
	rc=$?
	[ $rc -eq 124 ] && grep -q '^batch:SELECT 1' "$WORK/stallbatch.log" &&
		grep -q '^stalling at batch 2:SELECT 2' "$WORK/stallbatch.log"
	ok $? "--stall-batch 2: the first query is answered, the second never (status $rc)" ||
		diag "$WORK/out" "$WORK/err" "$WORK/stallbatch.log"
	stop_server
else
	skip "--stall-batch" "timeout (coreutils) is not installed"
	skip "--stall-after-rows" "timeout (coreutils) is not installed"
	skip "--stall-login" "timeout (coreutils) is not installed"
fi

for rel in 2005:72090002:9.00 2008:730a0003:10.0 2008R2:730b0003:10.50; do
	rv=${rel#*:}
	start_server "rel${rel%%:*}" --sql-server "${rel%%:*}"
	tsql_run 7.4 "$TDS_PASSWORD" "SELECT @@VERSION"
	grep -q "^Microsoft SQL Server .* - ${rv#*:}\." "$WORK/out" &&
		grep -q "^login: .* tds=${rv%:*} " "$WORK/rel${rel%%:*}.log"
	ok $? "--sql-server ${rel%%:*}: TDS ${rv%:*} to a 7.4 client, version ${rv#*:}" ||
		diag "$WORK/out" "$WORK/err" "$WORK/rel${rel%%:*}.log"
	stop_server
done

start_server deny --deny tblChat
tsql_run 7.4 "$TDS_PASSWORD" "SELECT channelId FROM tblChat"
grep -q "Msg 229" "$WORK/err" && grep -q "SELECT permission was denied on the object 'tblChat'" "$WORK/err"
ok $? "the permission fixture answers error 229" || diag "$WORK/out" "$WORK/err"
stop_server

finish
