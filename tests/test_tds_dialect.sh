#!/bin/sh
# SPDX-License-Identifier: MIT
# The loopback server is held to SQL Server 2005-2008 R2: what those
# releases refuse fails the whole batch (nothing of it runs), so a
# regression of pcmigrate's SQL to newer (or SQLite's) syntax fails here;
# the built-ins they have answer as they do (LEN, DATALENGTH, NCHAR,
# CONVERT, SERVERPROPERTY, sys.databases); names compare as the database's
# collation does (CI_AS by default, CS_AS as an option; trailing spaces
# never count).
. "${top_srcdir:-.}/tests/tds_lib.sh"

if ! command -v tsql >/dev/null 2>&1; then
	echo "1..0 # SKIP tsql (freetds-bin) is not installed"
	exit 0
fi

ROWS="INSERT INTO tblNode(nodeID, parentID, nodeType, nodeName, disabled)
	VALUES (1, 1, 1, 'Root', 0), (20, 1, 0, 'General', 0), (21, 1, 0, 'b', 0),
	       (22, 1, 0, 'a', 0), (23, 1, 0, 'C', 0)"

tsql_run() {   # tsql_run SQL...: each a batch; rows in out, messages in err
	printf '%s\ngo\n' "$@" | LC_ALL=C.UTF-8 tsql -H 127.0.0.1 -p "$PORT" -U sa -P "$TDS_PASSWORD" \
		-o fhq >"$WORK/out" 2>"$WORK/err"
}

# refused SQL MSG WHAT: the batch "UPDATE ...; SQL" answers error MSG and
# its UPDATE did not run either (a compile error stops the whole batch)
refused() {
	tsql_run "UPDATE tblNode SET nodeName = N'ran' WHERE nodeID = 21; $1" \
		"SELECT nodeName FROM tblNode WHERE nodeID = 21"
	grep -q "^Msg $2 " "$WORK/err" && [ "$(cat "$WORK/out")" = b ]
	ok $? "SQL Server $TDS_SQL_SERVER refuses $3 (error $2), the batch does not run" ||
		diag "$WORK/out" "$WORK/err"
}

# accepted SQL EXPECTED WHAT: no error and the rows as expected
accepted() {
	tsql_run "$1"
	[ ! -s "$WORK/err" ] || ! grep -q '^Msg' "$WORK/err"
	no_error=$?
	[ $no_error -eq 0 ] && [ "$(cat "$WORK/out")" = "$2" ]
	ok $? "SQL Server $TDS_SQL_SERVER: $3" || { diag "$WORK/out" "$WORK/err"; echo "# expected: $2"; }
}

# ---- 2008 R2: what came in 2012 and later, and SQLite's own -------------
TDS_SQL_SERVER=2008R2
start_server r2 --sql-server 2008R2 --exec "$ROWS"
ok $? "server starts (2008 R2)" || diag "$WORK/r2.err"
refused "THROW 50001, N'stop', 1;" 102 "THROW (RAISERROR is what 2005-2008 R2 have)"
refused "SELECT IIF(nodeID = 1, 1, 0) FROM tblNode" 195 "IIF"
refused "SELECT FORMAT(GETDATE(), 'yyyy')" 195 "FORMAT"
refused "SELECT CONCAT(N'a', nodeName) FROM tblNode" 195 "CONCAT"
refused "SELECT TRY_CONVERT(int, N'1')" 195 "TRY_CONVERT"
refused "SELECT nodeID FROM tblNode ORDER BY nodeID OFFSET 1 ROWS FETCH NEXT 1 ROWS ONLY" 102 "OFFSET/FETCH"
refused "SELECT nodeID FROM tblNode ORDER BY nodeID LIMIT 1" 102 "LIMIT"
refused "SELECT nodeName || N'x' FROM tblNode" 102 "|| (T-SQL concatenates with +)"
refused "SELECT JSON_VALUE(N'{}', N'\$.a')" 195 "JSON_VALUE"
refused "SELECT nodeID FROM tblNode FOR JSON PATH" 102 "FOR JSON"
refused "SELECT length(nodeName) FROM tblNode" 195 "SQLite's length()"
refused "SELECT ifnull(topic, N'') FROM tblNode" 195 "SQLite's ifnull()"
refused "SELECT STRING_AGG(nodeName, N',') FROM tblNode" 195 "STRING_AGG"
accepted "DECLARE @d date = GETDATE(); DECLARE @n int = 5; SET @n += 1; SELECT @n, CONVERT(char(10), CONVERT(date, '2013-01-31'), 126)" \
	"6	2013-01-31" "DATE, DECLARE with a value and += (2008's) are accepted"
stop_server

# ---- 2005: also what 2008 added -------------------------------------------
TDS_SQL_SERVER=2005
start_server y2005 --sql-server 2005 --exec "$ROWS"
ok $? "server starts (2005)" || diag "$WORK/y2005.err"
refused "DECLARE @d date; SELECT 1" 2715 "a DATE variable"
refused "SELECT CAST(GETDATE() AS date)" 243 "CAST to DATE"
refused "SELECT CONVERT(datetime2, '2013-01-01')" 243 "CONVERT to DATETIME2"
refused "SELECT SYSDATETIME()" 195 "SYSDATETIME()"
refused "DECLARE @n int = 5; SELECT @n" 139 "DECLARE with a value"
refused "DECLARE @n int; SET @n = 5; SET @n += 1; SELECT @n" 102 "compound assignment (+=)"
refused "INSERT INTO tblNode(nodeID, parentID, nodeType, nodeName, disabled) VALUES (30, 1, 0, N'x', 0), (31, 1, 0, N'y', 0)" \
	102 "multi-row VALUES"
accepted "DECLARE @n int, @s nvarchar(10); SET @n = 5; SET @s = N'x'; SELECT @n, @s, 1 AS date" \
	"5	x	1" "DECLARE then SET, and DATE as a column name, run"
accepted "SELECT name, compatibility_level FROM sys.databases WHERE name = DB_NAME()" \
	"GroupChatDB	90" "sys.databases: the database at compatibility level 90"
stop_server

# ---- the built-ins as SQL Server answers them ----------------------------
TDS_SQL_SERVER=2008R2
start_server builtins --exec "$ROWS" --server-name 'SQL01\GROUPCHAT'
emoji=$(printf '\360\237\230\200')   # U+1F600: two UTF-16 units
accepted "SELECT LEN(N'ab  '), LEN(N'  a'), LEN(N'${emoji}x'), LEN(12345), DATALENGTH(N'ab ')" \
	"2	3	3	5	6" "LEN counts UTF-16 units without trailing spaces; DATALENGTH counts them"
accepted "SELECT N'A' + NCHAR(9) + NCHAR(66) + NCHAR(67) + N'x'" "A	BCx" \
	"NCHAR(code), and + between NCHAR() calls concatenates"
accepted "SELECT CONVERT(char(19), CONVERT(datetime, '2013-01-31T19:35:07.250'), 126) + 'Z', CONVERT(nvarchar(30), CONVERT(datetime, '20130131'), 121)" \
	"2013-01-31T19:35:07Z	2013-01-31 00:00:00.000" "CONVERT(datetime, ...) and styles 126 and 121, char(n) truncates"
accepted "SELECT CAST(SERVERPROPERTY('ServerName') AS nvarchar(256)), SERVERPROPERTY('ProductVersion'), SERVERPROPERTY('InstanceName')" \
	"SQL01\GROUPCHAT	10.50.1600.1	GROUPCHAT" "SERVERPROPERTY: ServerName, ProductVersion, InstanceName"
accepted "SELECT COUNT(*) FROM master.sys.databases; SELECT compatibility_level, collation_name FROM sys.databases WHERE name = N'groupchatdb'" \
	"5
100	SQL_Latin1_General_CP1_CI_AS" "sys.databases (master.sys too): 2008 R2 at level 100, CI_AS"
tsql_run "SELECT CONVERT(datetime, N'not a date')"
grep -q '^Msg 241 ' "$WORK/err"
ok $? "a string that is no date: error 241" || diag "$WORK/err"
stop_server

# ---- collation: CI_AS by default, CS_AS as an option ---------------------
start_server ci --exec "$ROWS"
accepted "SELECT nodeID FROM tblNode WHERE nodeName = N'general'; SELECT nodeID FROM tblNode WHERE nodeName = N'General   '" \
	"20
20" "CI_AS: a name matches in another case, and with trailing spaces"
accepted "SELECT COUNT(*) FROM tblNode WHERE nodeName = N'general' COLLATE Latin1_General_BIN2; SELECT COUNT(*) FROM tblNode WHERE nodeName = N'General ' COLLATE Latin1_General_BIN2" \
	"0
1" "COLLATE Latin1_General_BIN2 is exact in case (trailing spaces still do not count)"
accepted "SELECT nodeName FROM tblNode WHERE nodeType = 0 AND nodeID <> 20 ORDER BY nodeName" "a
b
C" "CI_AS sorts without case"
stop_server
start_server cs --collation CS_AS --exec "$ROWS"
accepted "SELECT COUNT(*) FROM tblNode WHERE nodeName = N'general'; SELECT nodeID FROM tblNode WHERE nodeName = N'General   '" \
	"0
20" "--collation CS_AS: another case does not match, trailing spaces still do"
stop_server

# ---- fix-source.sql's guards against a CI_AS database ---------------------
# The script is made from the sample snapshot; the database then differs
# from it only in a name's case or a trailing space. Under CI_AS a plain
# "nodeName = N'...'" would still match; the guards compare exactly, so the
# script rolls back and names the row. The script is read as sqlcmd reads
# it (UTF-16LE with a byte-order mark: no code page needed) and run with
# tsql, the way an administrator runs it.
SAMPLE="$top_srcdir/data/sample/contoso.xml"
export PCMIGRATE_DATADIR="${PCMIGRATE_DATADIR:-$top_srcdir/data}" XDG_STATE_HOME="$WORK/state"
# (the other decisions clear the sample's blockers, as in test_tds.sh)
"$PCMIGRATE" plan --source "snapshot:$SAMPLE" --plan "$WORK/plan.xml" --disable 10 \
	--rename "57=Project Hanbit Launch (Marketing)" --override-backup "test copy" \
	--disable 24 --disable 25 --disable 26 --disable 27 --disable 28 --disable 32 \
	--disable 48 --disable 49 --cutoff 2012-01-01 \
	>"$WORK/plan.out" 2>&1 &&
	"$PCMIGRATE" migrate --source "snapshot:$SAMPLE" --plan "$WORK/plan.xml" --out "$WORK/pkg" \
		>"$WORK/migrate.out" 2>&1
ok $? "a package with fix-source.sql from the sample (disable 10, rename 57)" || diag "$WORK/plan.out" "$WORK/migrate.out"
[ "$(od -An -tx1 -N2 "$WORK/pkg/fix-source.sql" | tr -d ' ')" = fffe ] &&
	iconv -f UTF-16 -t UTF-8 "$WORK/pkg/fix-source.sql" >"$WORK/fix.sql" && grep -q '^COMMIT TRANSACTION;' "$WORK/fix.sql"
ok $? "fix-source.sql is UTF-16LE with a byte-order mark (sqlcmd reads it without -f)"

# run_fix NAME [server options]: fix.sql on a sample server; rows of 10 and 57 in out
run_fix() {
	name=$1
	shift
	start_server "$name" --fixture "$SAMPLE" "$@"
	{ cat "$WORK/fix.sql"; printf 'go\n'; } | LC_ALL=C.UTF-8 tsql -H 127.0.0.1 -p "$PORT" -U sa \
		-P "$TDS_PASSWORD" -o fhq >"$WORK/$name.fix.out" 2>"$WORK/$name.fix.err"
	tsql_run "SELECT nodeID, disabled, nodeName FROM tblNode WHERE nodeID IN (10, 57) ORDER BY nodeID"
	stop_server
}
run_fix fixok
grep -q '^10	1	New Joiner Orientation$' "$WORK/out" && grep -q '^57	0	Project Hanbit Launch (Marketing)$' "$WORK/out"
ok $? "the unchanged database: the script commits both changes" || diag "$WORK/fixok.fix.err" "$WORK/out"
run_fix fixcase --exec "UPDATE tblNode SET nodeName = upper(nodeName) WHERE nodeID = 57"
grep -q "tblNode nodeID 57 did not match the plan" "$WORK/fixcase.fix.err" &&
	grep -q '^10	0	New Joiner Orientation$' "$WORK/out" && grep -q '^57	0	PROJECT HANBIT LAUNCH$' "$WORK/out"
ok $? "room 57 renamed in another case since the snapshot: its guard fails, everything rolls back" ||
	diag "$WORK/fixcase.fix.err" "$WORK/out"
run_fix fixspace --exec "UPDATE tblNode SET nodeName = nodeName || ' ' WHERE nodeID = 10"
grep -q "tblNode nodeID 10 did not match the plan" "$WORK/fixspace.fix.err" &&
	grep -q '^10	0	New Joiner Orientation $' "$WORK/out" && grep -q '^57	0	Project Hanbit Launch$' "$WORK/out"
ok $? "room 10 with a trailing space since the snapshot: its guard fails, nothing changes" ||
	diag "$WORK/fixspace.fix.err" "$WORK/out"

finish
