#!/bin/sh
# SPDX-License-Identifier: MIT
# Backup times over TDS: msdb's times are the server's local time, and
# each backup carries its own offset from UTC (backupset.time_zone, in
# 15-minute steps, 127 = unknown). A server now at UTC+1 (winter) holds a
# full backup taken in summer time (UTC+2) just before the clocks went
# back and one taken just after: by local time the first looks newer, by
# UTC the second is. An unknown time_zone falls back to the server's
# offset.
. "${top_srcdir:-.}/tests/tds_lib.sh"
live_env

# 2013-10-27 03:00 CEST became 02:00 CET
BACKUPS="INSERT INTO msdb.backupset (backup_set_id, media_set_id, database_name, type,
	backup_start_date, backup_finish_date, is_copy_only, is_damaged, time_zone) VALUES
	(9001, 9001, 'GroupChatDB', 'D', '2013-10-27T02:20:00', '2013-10-27T02:50:00', 0, 0, 8),
	(9002, 9002, 'GroupChatDB', 'D', '2013-10-27T02:05:00', '2013-10-27T02:10:00', 0, 0, 4),
	(9003, 9003, 'GroupChatDB', 'L', '2013-10-28T02:55:00', '2013-10-28T03:00:00', 0, 0, 127)"
start_server dst --fixture "$SAMPLE" --utc-offset 60 --server-name 'PARIS-SQL01' --exec "$BACKUPS"
ok $? "a server at UTC+1 with backups on both sides of the end of summer time" || diag "$WORK/dst.err"
URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"

pcm tds inspect --source "$URL"
grep -q '^  full  *8, newest finished 2013-10-27T01:10:00Z (server time 2013-10-27T02:10:00)' "$WORK/tds.out"
ok $? "the newest full backup is the one after the change (01:10 UTC), though its local time is earlier" ||
	{ diag "$WORK/tds.err"; sed -n '/^Backups/,$p' "$WORK/tds.out" | diag; }
grep -q '^  log  *3, newest finished 2013-10-28T02:00:00Z (server time 2013-10-28T03:00:00)' "$WORK/tds.out"
ok $? "time_zone 127 (unknown): the server's offset, UTC+1" || sed -n '/^Backups/,$p' "$WORK/tds.out" | diag
grep -q 'b.time_zone' "$WORK/dst.log"
ok $? "... read from msdb.dbo.backupset.time_zone" || grep backupset "$WORK/dst.log" | diag

pcm snap snapshot --source "$URL" --out "$WORK/dst.xml"
pcm back inspect --source "$WORK/dst.xml"
[ "$rc" -eq 0 ] && grep -q 'time_zone="8"' "$WORK/dst.xml" &&
	sed -n '/^Backups/,$p' "$WORK/tds.out" >"$WORK/a" && sed -n '/^Backups/,$p' "$WORK/back.out" >"$WORK/b" &&
	cmp -s "$WORK/a" "$WORK/b"
ok $? "a snapshot taken over TDS keeps each backup's time_zone and gives the same times" ||
	{ diag "$WORK/snap.err" "$WORK/back.err"; diff "$WORK/a" "$WORK/b" | diag; }
stop_server

# The backup check's verdict. The sample's newest message is 2013-01-31
# 14:32Z and its newest good full backup finished hours before it. A
# server now at UTC+10 holds one more full backup finished at 00:00 local
# on 2013-02-01, taken at UTC+9 (time_zone 36): 15:00Z, after the newest
# message. By the server's present offset it would be 14:00Z, before it.
late_full() {
	echo "INSERT INTO msdb.backupset (backup_set_id, media_set_id, database_name, type,
	backup_start_date, backup_finish_date, is_copy_only, is_damaged, time_zone) VALUES
	(9101, 9101, 'GroupChatDB', 'D', '2013-01-31T23:40:00', '2013-02-01T00:00:00', 0, 0, $1)"
}
start_server own --fixture "$SAMPLE" --utc-offset 600 --exec "$(late_full 36)"
ok $? "a server at UTC+10 with a full backup taken at UTC+9" || diag "$WORK/own.err"
URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
pcm chk check --source "$URL" --tsv
[ "$rc" -le 1 ] && [ -s "$WORK/chk.out" ] && ! cut -f3 "$WORK/chk.out" | grep -q '^BACKUP-'
ok $? "the backup covers the newest message by its own offset: no BACKUP- finding" ||
	{ diag "$WORK/chk.err"; grep BACKUP "$WORK/chk.out" | diag; }
stop_server

start_server unknown --fixture "$SAMPLE" --utc-offset 600 --exec "$(late_full 127)"
ok $? "the same backup with time_zone 127 (unknown)" || diag "$WORK/unknown.err"
URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
pcm chk check --source "$URL" --tsv
cut -f3 "$WORK/chk.out" | grep -qx 'BACKUP-STALE'
ok $? "... is read with the server's UTC+10: 14:00Z, BACKUP-STALE" ||
	{ diag "$WORK/chk.err"; cut -f3 "$WORK/chk.out" | diag; }
stop_server
finish
