#!/bin/sh
# SPDX-License-Identifier: MIT
# pcmigrate over TDS against the loopback server: the documented errors
# (exit 2, one clear message), apply-to-source committing everything or
# rolling everything back, --what-if, and no password anywhere.
. "${top_srcdir:-.}/tests/tds_lib.sh"
live_env

# sample_server NAME [options]: the bundled sample as the fixture, on a
# server with the sample's name and time zone
sample_server() {
	name=$1
	shift
	start_server "$name" --fixture "$SAMPLE" --utc-offset 540 \
		--server-name 'KRSEL-SQL01\GROUPCHAT' "$@"
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
}

# exits2 NAME PATTERN DESCRIPTION: status 2 and the message on stderr
exits2() {
	[ "$rc" -eq 2 ] && grep -q -- "$2" "$WORK/$1.err"
	ok $? "$3" || diag "$WORK/$1.err"
}

# inspect output without the lines that name the source itself (kind and
# location, when it was read, the file's hash)
deployment() {
	grep -v -e '^Source:' -e '^Taken at:' -e '^SHA-256:' "$1"
}

HAVE_TSQL=0
command -v tsql >/dev/null 2>&1 && HAVE_TSQL=1

# sql PORT QUERY: one query through tsql, rows on stdout
sql() {
	printf '%s\ngo\n' "$2" | LC_ALL=C.UTF-8 tsql -H 127.0.0.1 -p "$1" -U sa -P "$TDS_PASSWORD" \
		-o fhq 2>/dev/null
}

# ---- errors -------------------------------------------------------------
sample_server main
ok $? "server starts with the sample snapshot as its fixture" || diag "$WORK/main.err"
GOOD_URL=$URL

# ---- the same deployment over TDS, and through a snapshot taken over TDS ---
pcm insnap inspect --source "$SAMPLE"
pcm intds inspect --source "$URL?lookup=sip:ocschat@contoso.com"
[ "$rc" -eq 0 ] && [ -s "$WORK/intds.out" ] &&
	deployment "$WORK/insnap.out" >"$WORK/insnap.cmp" && deployment "$WORK/intds.out" >"$WORK/intds.cmp" &&
	cmp -s "$WORK/insnap.cmp" "$WORK/intds.cmp"
ok $? "inspect over TDS shows the deployment the snapshot holds (server name, time zone, lookup URI too)" || diff "$WORK/insnap.cmp" "$WORK/intds.cmp" | diag

grep -q "^login: .* tds=$TDS_LOGIN_VERSION " "$WORK/main.log"
ok $? "pcmigrate logs in at the TDS version SQL Server $TDS_SQL_SERVER speaks ($TDS_LOGIN_VERSION)" ||
	grep '^login:' "$WORK/main.log" | diag

pcm snap snapshot --source "$URL?lookup=sip:ocschat@contoso.com" --out "$WORK/taken.xml"
pcm insnap2 inspect --source "$WORK/taken.xml"
[ "$rc" -eq 0 ] && deployment "$WORK/insnap2.out" >"$WORK/insnap2.cmp" &&
	cmp -s "$WORK/intds.cmp" "$WORK/insnap2.cmp" && ! ls "$WORK"/taken.xml.tmp* >/dev/null 2>&1
ok $? "a snapshot taken over TDS reads back as the same deployment" || { diag "$WORK/snap.err"; diff "$WORK/intds.cmp" "$WORK/insnap2.cmp" | diag; }
grep -q 'serverUtcOffsetMinutes="540"' "$WORK/taken.xml" && grep -q '<backupmediafamily ' "$WORK/taken.xml"
ok $? "... with the server's UTC offset and msdb's media rows"

pcm snapbad snapshot --source "$SAMPLE" --out "$WORK/never.xml"
[ "$rc" -eq 2 ] && [ ! -e "$WORK/never.xml" ]
ok $? "snapshot refuses a source that is not tds://"

# the whole migration over TDS writes the package the snapshot gives
# (the source's own lines aside)
# a package file without the source's own lines and today's time stamps
# (the two plans were made seconds apart)
normalize() {
	grep -v -e '<source kind=' -e 'taken at' -e 'read at' "$1" |
		sed -E 's/20[2-9][0-9]-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/NOW/g'
}
BLOCKERS="--disable 24 --disable 25 --disable 26 --disable 27 --disable 28 --disable 32
	--disable 48 --disable 49 --rename 57=Hanbit-Marketing --cutoff 2012-01-01
	--override-backup test-copy"
pcm mplant plan --source "$URL?lookup=sip:ocschat@contoso.com" --plan "$WORK/mt.xml" $BLOCKERS
pcm mplans plan --source "$SAMPLE" --plan "$WORK/ms.xml" $BLOCKERS
pcm migt migrate --source "$URL?lookup=sip:ocschat@contoso.com" --plan "$WORK/mt.xml" --out "$WORK/pkg-tds"
migt=$rc
pcm migs migrate --source "$SAMPLE" --plan "$WORK/ms.xml" --out "$WORK/pkg-snap"
same=0
[ "$migt" -eq 0 ] && [ "$rc" -eq 0 ] || same=1
for f in "$WORK"/pkg-snap/*; do
	b=$(basename "$f")
	normalize "$f" >"$WORK/a.cmp"
	normalize "$WORK/pkg-tds/$b" >"$WORK/b.cmp" 2>/dev/null &&
		cmp -s "$WORK/a.cmp" "$WORK/b.cmp" || { same=1; echo "# $b differs"; }
done
ok $same "migrate over TDS writes the same package as from the snapshot" || diag "$WORK/migt.err"
grep -q "^batch:SELECT .* FROM dbo.tblChat WHERE channelId = [0-9]* AND chatDate >= " "$WORK/main.log"
ok $? "... reading each room's messages with the cutoff in the WHERE clause"

# the password prompt: on the terminal, echo off; no terminal: a clear refusal
if command -v script >/dev/null 2>&1; then
	(sleep 1; printf '%s\n' "$TDS_PASSWORD") | env -u PCMIGRATE_PASSWORD \
		script -qec "\"$PCMIGRATE\" inspect --source '$URL'" /dev/null >"$WORK/pty.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && grep -q "^Password for sa@127.0.0.1:$PORT/GroupChatDB: " "$WORK/pty.out" &&
		grep -q "^Server: .*GroupChatDB" "$WORK/pty.out" && ! grep -q -- "$TDS_PASSWORD" "$WORK/pty.out"
	ok $? "the password is asked for on the terminal, without echo" || diag "$WORK/pty.out"
else
	skip "the password is asked for on the terminal, without echo" "script (util-linux) is not installed"
fi
if command -v setsid >/dev/null 2>&1; then
	env -u PCMIGRATE_PASSWORD setsid -w "$PCMIGRATE" inspect --source "$URL" </dev/null \
		>"$WORK/notty.out" 2>"$WORK/notty.err"
	rc=$?
	exits2 notty "set PCMIGRATE_PASSWORD or run pcmigrate from a terminal" "no password and no terminal: exit 2, says how to give it"
else
	skip "no password and no terminal: exit 2" "setsid (util-linux) is not installed"
fi

PCMIGRATE_PASSWORD=wrong pcm login check --source "$URL"
exits2 login "login failed for user sa on server 127.0.0.1:$PORT" "a wrong password: exit 2, login failed, which user and server"
grep -q "PCMIGRATE_PASSWORD" "$WORK/login.err"
ok $? "the login message says what to check"

pcm nodb check --source "tds://sa@127.0.0.1:$PORT/NoSuchDb"
exits2 nodb "database NoSuchDb cannot be opened on server" "an unknown database: exit 2, names the database"

pcm url check --source "tds://127.0.0.1/GroupChatDB"
exits2 url "tds://USER@SERVER\[:PORT\]/DATABASE" "a URL without a user: exit 2 and the syntax"

# ---- apply-to-source commits every change --------------------------------
# (an unsupported fallback: only with --unsupported-direct-write and a
# full backup that holds every message; the plan's override is not enough)
FRESH_BACKUP="INSERT INTO msdb.backupset (backup_set_id, media_set_id, name, server_name,
	database_name, type, backup_start_date, backup_finish_date, is_copy_only, is_damaged)
	VALUES (7999, 4999, 'GroupChatDB-Full Database Backup', 'KRSEL-SQL01\\GROUPCHAT',
	'GroupChatDB', 'D', '2013-02-01T07:00:00.000', '2013-02-01T08:00:00.000', 0, 0)"
PLAN="$WORK/plan.xml"
pcm plan plan --source "$URL" --plan "$PLAN" --rename "57=Project Hanbit Launch (Marketing)" \
	--disable 10 --drop-root-manager sip:markh@contoso.com --category-invitations 3=on
ok $rc "a plan with a rename, a disabled room, a dropped root manager, an invitation" || diag "$WORK/plan.err"

pcm apply-unflagged apply-to-source --plan "$PLAN" --confirm GroupChatDB
exits2 apply-unflagged "Microsoft does not support.*admin-tool-worklist.txt.*--unsupported-direct-write" \
	"without --unsupported-direct-write: exit 2, names the Admin Tool worklist and the flag"
pcm apply-blocked apply-to-source --unsupported-direct-write --plan "$PLAN" --confirm GroupChatDB
[ "$rc" -eq 1 ] && grep -q "backup check does not pass" "$WORK/apply-blocked.err"
ok $? "apply-to-source refuses while the backup check blocks (exit 1)" || diag "$WORK/apply-blocked.err"
pcm override plan --source "$URL" --plan "$PLAN" --override-backup "test copy of the database"
pcm apply-override apply-to-source --unsupported-direct-write --plan "$PLAN" --confirm GroupChatDB
[ "$rc" -eq 1 ] && grep -q "override is not enough" "$WORK/apply-override.err"
ok $? "... and an override in the plan is not enough (exit 1)" || diag "$WORK/apply-override.err"
stop_server
sample_server applied --exec "$FRESH_BACKUP"
ok $? "a server whose msdb holds a full backup newer than every message" || diag "$WORK/applied.err"

before=$(sql "$PORT" "SELECT nodeID, nodeName, disabled, invite FROM tblNode WHERE nodeID IN (3, 10, 57) ORDER BY nodeID")
pcm whatif apply-to-source --source "$URL" --plan "$PLAN" --what-if
after=$(sql "$PORT" "SELECT nodeID, nodeName, disabled, invite FROM tblNode WHERE nodeID IN (3, 10, 57) ORDER BY nodeID")
[ "$rc" -eq 0 ] && grep -q "^BEGIN TRANSACTION;" "$WORK/whatif.out" &&
	grep -q "SET nodeName = N'Project Hanbit Launch (Marketing)'" "$WORK/whatif.out" &&
	grep -q "^COMMIT TRANSACTION;" "$WORK/whatif.out" && [ "$before" = "$after" ]
ok $? "--what-if prints the T-SQL batches and changes nothing" || diag "$WORK/whatif.out" "$WORK/whatif.err"

pcm refuse apply-to-source --unsupported-direct-write --source "$URL" --plan "$PLAN" --confirm groupchat
exits2 refuse "not confirmed" "a wrong database name at the confirmation: exit 2, nothing changed"
# the confirmation typed on the terminal (no --confirm): a wrong name stops it
if command -v script >/dev/null 2>&1; then
	(sleep 1; printf 'groupchat\n') | env PCMIGRATE_PASSWORD="$TDS_PASSWORD" \
		script -qec "\"$PCMIGRATE\" apply-to-source --unsupported-direct-write --source '$URL' --plan '$PLAN'" \
		/dev/null >"$WORK/confirm-tty.out" 2>&1
	rc=$?
	now=$(sql "$PORT" "SELECT nodeID, nodeName, disabled, invite FROM tblNode WHERE nodeID IN (3, 10, 57) ORDER BY nodeID")
	[ $rc -eq 2 ] && grep -q "Type the database name (GroupChatDB) to go on" "$WORK/confirm-tty.out" &&
		grep -q "not confirmed" "$WORK/confirm-tty.out" && [ "$now" = "$before" ]
	ok $? "the confirmation asked on the terminal: a wrong name typed there stops it, nothing changed" || diag "$WORK/confirm-tty.out"
else
	skip "the confirmation asked on the terminal" "script (util-linux) is not installed"
fi

pcm apply apply-to-source --unsupported-direct-write --source "$URL" --plan "$PLAN" --confirm GroupChatDB
rows=$(sql "$PORT" "SELECT nodeID, nodeName, disabled, invite FROM tblNode WHERE nodeID IN (3, 10, 57) ORDER BY nodeID")
mgr=$(sql "$PORT" "SELECT prinRolePrinID FROM tblPrincipalRole WHERE prinRoleNodeID = 1 AND prinRolePrinID = 102")
apply_rc=$rc
[ "$apply_rc" -eq 0 ] && { [ $HAVE_TSQL = 0 ] || { printf '%s\n' "$rows" | grep -q '^3	Seoul Office	0	1$' &&
	printf '%s\n' "$rows" | grep -q '^10	New Joiner Orientation	1	1$' &&
	printf '%s\n' "$rows" | grep -q '^57	Project Hanbit Launch (Marketing)	0	NULL$' && [ -z "$mgr" ]; }; }
ok $? "apply-to-source commits all four changes (rows checked with tsql when installed)" || { diag "$WORK/apply.out" "$WORK/apply.err"; echo "# $rows"; }
pcm afterapply inspect --source "$URL"
grep -q "Project Hanbit Launch (Marketing)" "$WORK/afterapply.out"
ok $? "... and pcmigrate reads the new name back over TDS" || diag "$WORK/afterapply.err"
grep -q "SET XACT_ABORT ON" "$WORK/applied.log" && [ "$(grep -c '^batch:BEGIN TRANSACTION' "$WORK/applied.log")" -eq 1 ] &&
	[ "$(grep -c '^batch:COMMIT TRANSACTION' "$WORK/applied.log")" -eq 1 ]
ok $? "... in one transaction (one BEGIN, one COMMIT, XACT_ABORT on)"

pcm again apply-to-source --unsupported-direct-write --source "$URL" --plan "$PLAN" --confirm GroupChatDB
[ "$rc" -eq 0 ] && grep -q "Nothing to apply" "$WORK/again.out"
ok $? "applying the same plan again changes nothing" || diag "$WORK/again.out" "$WORK/again.err"
pcm worklistdone check --source "$URL" --plan "$PLAN" --tsv
[ "$rc" -ne 2 ] && [ "$(grep -c '^worklist	info	WORKLIST-DONE	' "$WORK/worklistdone.out")" -eq 4 ] &&
	! grep -q 'WORKLIST-TODO' "$WORK/worklistdone.out" && ! grep -q -- '--rebase' "$WORK/worklistdone.err"
ok $? "check on the changed live database (the plan made before): all four changes done, no --rebase" ||
	diag "$WORK/worklistdone.out" "$WORK/worklistdone.err"
pcm snapplan plan --source "snapshot:$SAMPLE" --plan "$WORK/snapplan.xml" --disable 10
pcm snapplancheck check --source "$URL" --plan "$WORK/snapplan.xml" --tsv
[ "$rc" -ne 2 ] && grep -q '^worklist	info	WORKLIST-DONE	10	' "$WORK/snapplancheck.out" &&
	grep -q 'another read of the same database' "$WORK/snapplancheck.err"
ok $? "a plan made from a snapshot checks against the live database of the same name" ||
	diag "$WORK/snapplancheck.err"

! grep -r -l -- "$TDS_PASSWORD" "$WORK"/*.out "$WORK"/*.err "$PLAN" "$WORK/state" 2>/dev/null | grep -q .
ok $? "the password appears in no output, message, plan or state file"
stop_server

# ---- apply-to-source rolls everything back when one statement fails -------
sample_server locked --exec "CREATE TRIGGER locked BEFORE UPDATE OF invite ON tblNode
	WHEN NEW.nodeID = 3 BEGIN SELECT RAISE(ABORT, 'category 3 is locked'); END" --exec "$FRESH_BACKUP"
pcm rollback apply-to-source --unsupported-direct-write --source "$URL" --plan "$PLAN" --confirm GroupChatDB
rows=$(sql "$PORT" "SELECT nodeID, nodeName, disabled, invite FROM tblNode WHERE nodeID IN (3, 10, 57) ORDER BY nodeID")
mgr=$(sql "$PORT" "SELECT prinRolePrinID FROM tblPrincipalRole WHERE prinRoleNodeID = 1 AND prinRolePrinID = 102")
[ "$rc" -eq 2 ] && grep -q "statement 4 of 4 failed" "$WORK/rollback.err" &&
	grep -q "category 3 is locked" "$WORK/rollback.err" &&
	grep -q "UPDATE dbo.tblNode SET invite = 1" "$WORK/rollback.err" &&
	grep -q "rolled back" "$WORK/rollback.err"
ok $? "a failing statement: exit 2, the statement and the server's message" || diag "$WORK/rollback.err"
pcm afterrollback inspect --source "$URL"
! grep -q "Project Hanbit Launch (Marketing)" "$WORK/afterrollback.out" && [ -s "$WORK/afterrollback.out" ]
ok $? "... the rename is not there after the rollback" || diag "$WORK/afterrollback.err"
if [ $HAVE_TSQL = 1 ]; then
	printf '%s\n' "$rows" | grep -q '^57	Project Hanbit Launch	0	NULL$' &&
		printf '%s\n' "$rows" | grep -q '^10	New Joiner Orientation	0	1$' && [ "$mgr" = 102 ]
	ok $? "... and the three earlier changes are rolled back" || echo "# $rows / $mgr"
else
	skip "... and the three earlier changes are rolled back" "tsql (freetds-bin) is not installed"
fi
stop_server

# ---- missing table, permission denied, dropped connection, unreachable ----
sample_server notable --exec "DROP TABLE tblScopePrincipal"
pcm notable check --source "$URL"
exits2 notable "tblScopePrincipal: the table does not exist in database GroupChatDB" "a missing table: exit 2, names the table and the database"
stop_server

sample_server denied --deny tblChat
pcm denied check --source "$URL"
exits2 denied "tblChat: permission denied for user sa in database GroupChatDB" "permission denied: exit 2, names the table and what to grant"
grep -q "db_datareader" "$WORK/denied.err"
ok $? "the permission message says what to grant"
stop_server

# packets: prelogin, login, SET TEXTSIZE, server facts, a few tables...
sample_server dropped --drop-after 9
pcm dropped check --source "$URL"
exits2 dropped "the connection to server 127.0.0.1:$PORT was lost while reading" "a dropped connection: exit 2, connection lost while reading a table"
grep -q "dropping the connection at packet 9" "$WORK/dropped.log"
ok $? "... the server really dropped it mid-load"
stop_server

pcm unreachable check --source "$URL"
exits2 unreachable "cannot reach SQL Server 127.0.0.1:$PORT" "an unreachable server: exit 2, what to check"


# ---- a long load shows its progress on a terminal, and only there --------
GEN="${top_builddir:-.}/bench/gen-snapshot"
if [ -x "$GEN" ] && command -v script >/dev/null 2>&1; then
	"$GEN" --rooms 300 --categories 30 --principals 200 --messages 9000 --seed 3 \
		--out "$WORK/progress.xml"
	start_server progress --fixture "$WORK/progress.xml"
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
	# script(1) gives the command a terminal; what it drew is in the log
	script -qec "'$PCMIGRATE' inspect --source '$URL' >/dev/null" "$WORK/progress.tty" \
		>/dev/null 2>&1 </dev/null
	# (the first report is always drawn; later ones ten times a second)
	grep -q "pcmigrate: reading $URL: 4,096 rows" "$WORK/progress.tty"
	ok $? "on a terminal the TDS load counts its rows as they come" || diag "$WORK/progress.tty"
	! grep -q -- "$TDS_PASSWORD" "$WORK/progress.tty"
	ok $? "... and the line never shows the password"
	pcm progress inspect --source "$URL"
	[ "$rc" -eq 0 ] && ! grep -q "reading" "$WORK/progress.err"
	ok $? "not on a terminal: no progress line on stderr" || diag "$WORK/progress.err"
	# snapshot reads the database twice: the second pass (writing) shows
	# rows written of those the first read
	script -qec "'$PCMIGRATE' snapshot --source '$URL' --out '$WORK/progress-copy.xml' >/dev/null" \
		"$WORK/snapshot.tty" >/dev/null 2>&1 </dev/null
	grep -q "pcmigrate: writing [^ ]*progress-copy.xml: [0-9]*% (4,096 of [0-9,]* rows)" "$WORK/snapshot.tty" &&
		[ -s "$WORK/progress-copy.xml" ]
	ok $? "snapshot on a terminal: the writing pass counts rows against the load's" || diag "$WORK/snapshot.tty"
	stop_server
else
	skip "on a terminal the TDS load counts its rows as they come" "bench/gen-snapshot or script(1) is missing"
	skip "... and the line never shows the password" "bench/gen-snapshot or script(1) is missing"
	skip "not on a terminal: no progress line on stderr" "bench/gen-snapshot or script(1) is missing"
	skip "snapshot on a terminal: the writing pass counts rows against the load's" "bench/gen-snapshot or script(1) is missing"
fi

finish
