#!/bin/sh
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

tsql_run 7.4 "$TDS_PASSWORD" "SELECT TOP 1 nodeName FROM GroupChatDB.dbo.tblNode WHERE nodeID = 1"
grep -q '^Root 한글$' "$WORK/out"
ok $? "non-ASCII text survives UTF-16 both ways (three-part name, TOP)" || diag "$WORK/out" "$WORK/err"

tsql_run 7.4 "$TDS_PASSWORD" "SELECT * FROM tblMissing"
grep -q "Msg 208" "$WORK/err" && grep -q "Invalid object name 'tblMissing'" "$WORK/err"
ok $? "a missing table answers error 208" || diag "$WORK/out" "$WORK/err"

tsql_run 7.4 "$TDS_PASSWORD" "SET XACT_ABORT ON BEGIN TRAN UPDATE tblNode SET nodeName = N'changed' WHERE nodeID = 20 IF @@ROWCOUNT <> 1 RAISERROR(N'not found', 16, 1) THROW 50001, N'stop here', 1 COMMIT" \
	"SELECT nodeName, @@TRANCOUNT FROM tblNode WHERE nodeID = 20"
grep -q "stop here" "$WORK/err" && grep -q '^general	0$' "$WORK/out" && ! grep -q "not found" "$WORK/err"
ok $? "THROW under XACT_ABORT rolls the transaction back" || diag "$WORK/out" "$WORK/err"

tsql_run 7.4 wrong-password "SELECT 1"
grep -q "Msg 18456" "$WORK/err" && grep -q "Login failed for user 'sa'" "$WORK/err"
ok $? "a wrong password answers error 18456" || diag "$WORK/out" "$WORK/err"

tsql_run 7.4 "$TDS_PASSWORD" "SELECT COUNT(*) FROM tblNode"
grep -q '^2$' "$WORK/out"
ok $? "the server survives a failed login and serves the next connection" || diag "$WORK/out" "$WORK/err"
stop_server

start_server deny --deny tblChat
tsql_run 7.4 "$TDS_PASSWORD" "SELECT channelId FROM tblChat"
grep -q "Msg 229" "$WORK/err" && grep -q "SELECT permission was denied on the object 'tblChat'" "$WORK/err"
ok $? "the permission fixture answers error 229" || diag "$WORK/out" "$WORK/err"
stop_server

finish
