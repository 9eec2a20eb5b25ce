#!/bin/sh
# SPDX-License-Identifier: MIT
# The live source against the table shapes of real releases (tds-server
# --shape, fixture.c): Lync Server 2010 (tblChat without rtf, channelID
# and chatID), OCS 2007 R2 (fewer columns, names in another case) and a
# 2013-like one (rtf, 2010's node columns gone). Each is read by inspect,
# snapshot and migrate over TDS.
. "${top_srcdir:-.}/tests/tds_lib.sh"
live_env

# the rooms and their message counts, as inspect lists them
rooms() {
	grep -e 'messages' -e '^Categories and rooms' "$1"
}

pcm insnap inspect --source "$SAMPLE"
rooms "$WORK/insnap.out" >"$WORK/rooms.snap"
grep -v -e '^Source:' -e '^Taken at:' -e '^SHA-256:' -e '^Lookup server:' "$WORK/insnap.out" >"$WORK/insnap.cmp"
BLOCKERS="--disable 24 --disable 25 --disable 26 --disable 27 --disable 28 --disable 32
	--disable 48 --disable 49 --rename 57=Hanbit-Marketing --cutoff 2012-01-01
	--override-backup test-copy"

for shape in 2010 r2 2013; do
	start_server "$shape" --fixture "$SAMPLE" --utc-offset 540 \
		--server-name 'KRSEL-SQL01\GROUPCHAT' --shape "$shape"
	ok $? "$shape: the server starts with the $shape table shapes" || diag "$WORK/$shape.err"
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"

	pcm "in$shape" inspect --source "$URL"
	rooms "$WORK/in$shape.out" >"$WORK/rooms.$shape"
	[ "$rc" -eq 0 ] && [ -s "$WORK/rooms.$shape" ] && cmp -s "$WORK/rooms.snap" "$WORK/rooms.$shape"
	ok $? "$shape: inspect over TDS reads every room and message" || { diag "$WORK/in$shape.err"; diff "$WORK/rooms.snap" "$WORK/rooms.$shape" | diag; }

	pcm "snap$shape" snapshot --source "$URL" --out "$WORK/$shape.xml"
	case $shape in
	2013) [ "$rc" -eq 0 ] && [ "$(grep -c ' rtf="' "$WORK/$shape.xml")" -eq 340 ] ;;
	*) [ "$rc" -eq 0 ] && grep -q '<tblChat ' "$WORK/$shape.xml" && ! grep -q ' rtf="' "$WORK/$shape.xml" ;;
	esac
	ok $? "$shape: snapshot over TDS writes every message (rtf only where the table has it)" || diag "$WORK/snap$shape.err"

	pcm "plan$shape" plan --source "$URL" --plan "$WORK/$shape-plan.xml" $BLOCKERS
	pcm "mig$shape" migrate --source "$URL" --plan "$WORK/$shape-plan.xml" --out "$WORK/pkg-$shape"
	[ "$rc" -eq 0 ] && grep -q "<message" "$WORK/pkg-$shape/"*.xml
	ok $? "$shape: migrate over TDS reads each room's messages" || diag "$WORK/plan$shape.err" "$WORK/mig$shape.err"
	stop_server
done

# 2010: nothing the mapping uses is missing, so the deployment is the same
grep -v -e '^Source:' -e '^Taken at:' -e '^SHA-256:' -e '^Lookup server:' "$WORK/in2010.out" >"$WORK/in2010.cmp"
cmp -s "$WORK/insnap.cmp" "$WORK/in2010.cmp"
ok $? "2010: inspect shows the deployment the snapshot holds" || diff "$WORK/insnap.cmp" "$WORK/in2010.cmp" | diag
grep -q '^batch:SELECT channelID AS channelId, chatID AS chatId, .* FROM dbo.tblChat WHERE channelID = ' "$WORK/2010.log"
ok $? "2010: tblChat read by the server's names (channelID, chatID) and no rtf" || grep 'tblChat' "$WORK/2010.log" | diag
grep -q '^batch:SELECT CHANNELID AS channelId, CHATID AS chatId, .*CONTENT AS content FROM dbo.tblChat' "$WORK/r2.log"
ok $? "r2: column names matched without case" || grep 'tblChat' "$WORK/r2.log" | diag
finish
