#!/bin/sh
# SPDX-License-Identifier: MIT
# One consistent read of the live database: the load's SELECTs run in one
# SNAPSHOT transaction where the database allows it, otherwise pcmigrate
# says the database must be quiet; either way a message posted while the
# tables are read (the fixture inserts one between two queries) fails the
# read instead of giving tables that do not belong together.
. "${top_srcdir:-.}/tests/tds_lib.sh"
live_env

srv() {
	name=$1
	shift
	start_server "$name" --fixture "$SAMPLE" --utc-offset 540 --server-name 'KRSEL-SQL01\GROUPCHAT' "$@"
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
}

# line numbers of the batches in a server log that hold TEXT
batch_at() {
	grep '^batch:' "$WORK/$1.log" | grep -n -F -- "$2" | cut -d: -f1 | head -1
}

# ---- a default database: no SNAPSHOT isolation -------------------------
srv plain
pcm plainin inspect --source "$URL"
[ "$rc" -eq 0 ] && grep -q '^batch:SELECT snapshot_isolation_state FROM sys.databases' "$WORK/plain.log" &&
	! grep -q 'ISOLATION LEVEL SNAPSHOT' "$WORK/plain.log" &&
	[ "$(grep -c '^batch:SELECT COUNT_BIG(\*) AS chatRows, MAX(chatId)' "$WORK/plain.log")" -eq 2 ]
ok $? "snapshot isolation off: no SNAPSHOT transaction, tblChat marked before and after the load" || diag "$WORK/plainin.err"
pcm plainsnap snapshot --source "$URL" --out "$WORK/plain.xml"
[ "$rc" -eq 0 ] && grep -q "does not allow SNAPSHOT isolation.*Group Chat services should be stopped" "$WORK/plainsnap.err"
ok $? "... and snapshot says the Group Chat services should be stopped while it reads" || diag "$WORK/plainsnap.err"
stop_server

# ---- ALLOW_SNAPSHOT_ISOLATION ON -----------------------------------------
srv snap --exec "UPDATE sys.databases SET snapshot_isolation_state = 1 WHERE name = 'GroupChatDB'"
pcm snapin inspect --source "$URL"
begin=$(batch_at snap 'SET TRANSACTION ISOLATION LEVEL SNAPSHOT; BEGIN TRANSACTION;')
first=$(batch_at snap 'FROM dbo.tblPrincipalType ORDER BY')
chat=$(batch_at snap 'FROM dbo.tblChat ORDER BY')
commit=$(batch_at snap 'COMMIT TRANSACTION; SET TRANSACTION ISOLATION LEVEL READ COMMITTED;')
[ "$rc" -eq 0 ] && [ -n "$begin" ] && [ -n "$first" ] && [ -n "$chat" ] && [ -n "$commit" ] &&
	[ "$begin" -lt "$first" ] && [ "$chat" -lt "$commit" ] &&
	grep -q '^Backups of GroupChatDB: 10$' "$WORK/snapin.out"
ok $? "snapshot isolation on: the load's SELECTs run inside one SNAPSHOT transaction ($begin < $first .. $chat < $commit), msdb's read with READCOMMITTED (no error 3952)" ||
	{ diag "$WORK/snapin.err"; grep '^batch:' "$WORK/snap.log" | head -30 | diag; }
pcm snapsnap snapshot --source "$URL" --out "$WORK/snap.xml"
[ "$rc" -eq 0 ] && ! grep -q "SNAPSHOT isolation" "$WORK/snapsnap.err" &&
	[ "$(grep -c '^batch:SET TRANSACTION ISOLATION LEVEL SNAPSHOT' "$WORK/snap.log")" -eq 3 ]
ok $? "... snapshot's two passes each in their own (with inspect's, 3), and no note" || diag "$WORK/snapsnap.err"
stop_server

# ---- a message posted while the tables are read ---------------------------
POST="INSERT INTO tblChat (channelId, chatId, chatDate, userId, isAlert, content)
	VALUES (2, 999999, 635000000000000000, 150, 0, 'posted meanwhile')"
srv moved --exec-when "FROM dbo.tblNode=$POST"
pcm movedin inspect --source "$URL"
[ "$rc" -eq 2 ] && grep -q "database GroupChatDB changed while it was read" "$WORK/movedin.err" &&
	grep -q "newest 999999" "$WORK/movedin.err" && grep -q "Stop the Group Chat services" "$WORK/movedin.err"
ok $? "a message posted during the load: exit 2, 'changed while it was read', what to do" || diag "$WORK/movedin.err"
grep -q '^exec-when fired' "$WORK/moved.log"
ok $? "... the fixture really posted it between two queries" || diag "$WORK/moved.log"
stop_server
srv moved2 --exec-when "FROM dbo.tblChat ORDER BY=$POST"
mkdir -p "$WORK/out"
pcm movedsnap snapshot --source "$URL" --out "$WORK/out/moved.xml"
[ "$rc" -eq 2 ] && grep -q "changed while it was read" "$WORK/movedsnap.err" && [ -z "$(ls "$WORK/out")" ]
ok $? "... snapshot too: exit 2, no file and no temporary" || { diag "$WORK/movedsnap.err"; ls "$WORK/out" | diag; }
stop_server
finish
