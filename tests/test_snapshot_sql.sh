#!/bin/sh
# SPDX-License-Identifier: MIT
# data/snapshot.sql runs: FreeTDS's tsql runs it against the loopback
# server the way an administrator runs it with sqlcmd (the -v LOOKUP value
# put in, the :XML lines, sqlcmd's own commands, left to the client), and
# what it writes loads as a snapshot and gives the same deployment as
# `pcmigrate snapshot` of the same database: the sample at SQL Server 2005
# and 2008 R2, and the fixture whose names hold every control character.
. "${top_srcdir:-.}/tests/tds_lib.sh"
export PCMIGRATE_DATADIR="${PCMIGRATE_DATADIR:-$top_srcdir/data}"
export XDG_STATE_HOME="$WORK/state" PCMIGRATE_PASSWORD="$TDS_PASSWORD"
export LC_ALL=C.UTF-8 NO_COLOR=1
SCRIPT="$top_srcdir/data/snapshot.sql"
LOOKUP=sip:ocschat@contoso.com

if ! command -v tsql >/dev/null 2>&1; then
	echo "1..0 # SKIP tsql (freetds-bin) is not installed"
	exit 0
fi
HAVE_XMLLINT=0
command -v xmllint >/dev/null 2>&1 && HAVE_XMLLINT=1

# one deployment.xml without its <source> line (file, hash, time taken),
# through a plan with the decisions that clear the sample's blockers
DECISIONS="--disable 24 --disable 25 --disable 26 --disable 27 --disable 28 --disable 32
	--disable 48 --disable 49 --rename 57=Hanbit-Marketing --cutoff 2012-01-01
	--override-backup test-copy"
deployment() {   # deployment SNAPSHOT NAME
	plan=
	if [ -n "$DECISIONS" ]; then
		"$PCMIGRATE" plan --source "snapshot:$1" --plan "$WORK/$2.plan" $DECISIONS \
			>"$WORK/$2.mig" 2>&1 || return 1
		plan="--plan $WORK/$2.plan"
	fi
	"$PCMIGRATE" migrate --source "snapshot:$1" $plan --out "$WORK/$2.pkg" >>"$WORK/$2.mig" 2>&1 &&
		grep -v '<source ' "$WORK/$2.pkg/deployment.xml" >"$WORK/$2.cmp"
}

# same_as_pcmigrate NAME FIXTURE [server options]
same_as_pcmigrate() {
	name=$1
	fixture=$2
	shift 2
	start_server "$name" --fixture "$fixture" --utc-offset 540 --server-name 'SQL01\GROUPCHAT' "$@"
	ok $? "$name: the server loads $(basename "$fixture")" || { diag "$WORK/$name.err"; return; }
	# what sqlcmd does on the client: -v LOOKUP=..., :XML ON/OFF
	sed -e "s/\$(LOOKUP)/$LOOKUP/g" -e '/^:XML /d' "$SCRIPT" |
		tsql -H 127.0.0.1 -p "$PORT" -U sa -P "$TDS_PASSWORD" -o fhq \
		>"$WORK/$name.sqlcmd.xml" 2>"$WORK/$name.sqlcmd.err"
	! grep -q '^Msg' "$WORK/$name.sqlcmd.err" && head -1 "$WORK/$name.sqlcmd.xml" |
		grep -q "^<groupChatSnapshot formatVersion=\"1\" escape=\"pcm1\" server=\"SQL01\\\\GROUPCHAT\" database=\"GroupChatDB\" takenAt=\"[0-9T:-]*Z\" serverUtcOffsetMinutes=\"540\" lookupServerUri=\"$LOOKUP\">\$" &&
		[ "$(tail -1 "$WORK/$name.sqlcmd.xml")" = '</groupChatSnapshot>' ]
	ok $? "$name: snapshot.sql runs without an error: the header, the rows, the closing line" ||
		{ diag "$WORK/$name.sqlcmd.err"; head -c 600 "$WORK/$name.sqlcmd.xml" | diag; }
	if [ $HAVE_XMLLINT = 1 ]; then
		xmllint --noout --relaxng "$PCMIGRATE_DATADIR/snapshot.rng" "$WORK/$name.sqlcmd.xml" \
			>"$WORK/$name.lint" 2>&1
		ok $? "$name: its output validates against snapshot.rng" || diag "$WORK/$name.lint"
	else
		skip "$name: its output validates against snapshot.rng" "xmllint is not installed"
	fi
	"$PCMIGRATE" snapshot --source "tds://sa@127.0.0.1:$PORT/GroupChatDB?lookup=$LOOKUP" \
		--out "$WORK/$name.pcmigrate.xml" >"$WORK/$name.snap.out" 2>&1
	ok $? "$name: pcmigrate snapshot of the same database" || diag "$WORK/$name.snap.out"
	stop_server
	deployment "$WORK/$name.sqlcmd.xml" "$name.a" && deployment "$WORK/$name.pcmigrate.xml" "$name.b" &&
		cmp -s "$WORK/$name.a.cmp" "$WORK/$name.b.cmp"
	ok $? "$name: both load and give the same deployment.xml, field for field" ||
		{ diag "$WORK/$name.a.mig" "$WORK/$name.b.mig"; diff "$WORK/$name.a.cmp" "$WORK/$name.b.cmp" | head -20 | diag; }
}

same_as_pcmigrate sample2008r2 "$top_srcdir/data/sample/contoso.xml" --sql-server 2008R2
same_as_pcmigrate sample2005 "$top_srcdir/data/sample/contoso.xml" --sql-server 2005
DECISIONS=   # nothing blocks in this fixture
same_as_pcmigrate ctlchars "$top_srcdir/tests/data/ctlchars/escaped.xml"
grep -q 'nodeName="all C0 \\x1;\\x2;\\x3;' "$WORK/ctlchars.sqlcmd.xml"
ok $? "ctlchars: FOR XML's &#x1; became the pcm1 escape \\x1; (the script's REPLACEs ran)"

finish
