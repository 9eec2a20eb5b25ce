#!/bin/sh
# SPDX-License-Identifier: MIT
# Characters XML cannot carry, end to end with the real binary: a
# deployment whose names, descriptions, principals and messages hold every
# C0 control, DEL, C1 controls, the pcm1 marker, backslashes and non-BMP
# characters (tests/data/ctlchars/escaped.xml, in the pcm1 form) goes
#   snapshot -> loopback TDS server -> `pcmigrate snapshot` -> snapshot
# and both snapshots give the same deployment.xml, which validates against
# data/deployment.rng; a plan naming those rooms saves with escape="pcm1",
# validates against data/plan.rng and reloads; no file pcmigrate writes
# holds a raw control byte.
. "${top_srcdir:-.}/tests/tds_lib.sh"
export PCMIGRATE_DATADIR="${PCMIGRATE_DATADIR:-$top_srcdir/data}"
export XDG_STATE_HOME="$WORK/state" PCMIGRATE_PASSWORD="$TDS_PASSWORD"
export LC_ALL=C.UTF-8 NO_COLOR=1
FIXTURE="$top_srcdir/tests/data/ctlchars/escaped.xml"
HAVE_XMLLINT=0
command -v xmllint >/dev/null 2>&1 && HAVE_XMLLINT=1

# raw_controls FILE: lists raw C0 (but tab, LF, CR), DEL and C1 bytes
raw_controls() {
	LC_ALL=C grep -naP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"
}

pcm() {   # pcm NAME ARGS...: output in $WORK/NAME.out/.err, status in rc
	out=$1
	shift
	"$PCMIGRATE" "$@" >"$WORK/$out.out" 2>"$WORK/$out.err" </dev/null
	rc=$?
}

# ---- the fixture itself -------------------------------------------------
pcm direct migrate --source "snapshot:$FIXTURE" --out "$WORK/direct"
[ "$rc" -eq 0 ] && [ -s "$WORK/direct/deployment.xml" ]
ok $? "migrate --out from the pcm1 fixture" || diag "$WORK/direct.err"
if [ $HAVE_XMLLINT = 1 ]; then
	xmllint --noout --relaxng "$PCMIGRATE_DATADIR/deployment.rng" "$WORK/direct/deployment.xml" \
		>"$WORK/lint1.out" 2>&1
	ok $? "its deployment.xml validates against deployment.rng" || diag "$WORK/lint1.out"
else
	skip "its deployment.xml validates against deployment.rng" "xmllint not installed"
fi
! raw_controls "$WORK/direct/deployment.xml" >"$WORK/raw1.out"
ok $? "deployment.xml holds no raw control byte" || diag "$WORK/raw1.out"
# the room named with every C0 control: base64 of exactly those bytes
want=$(printf 'all C0 \001\002\003\004\005\006\007\010\011\012\013\014\015\016\017\020\021\022\023\024\025\026\027\030\031\032\033\034\035\036\037' | base64 -w0)
grep -q "<room nameBase64=\"$want\" legacyId=\"20\"" "$WORK/direct/deployment.xml"
ok $? "the all-C0 room name survives byte for byte (base64 in deployment.xml)"

# ---- through the loopback TDS server and `pcmigrate snapshot` -------------
if start_server ctl --fixture "$FIXTURE" --utc-offset 540 --server-name 'SQL01\GROUPCHAT'; then
	ok 0 "the loopback server loads the pcm1 fixture"
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB?lookup=sip:ocschat@fabrikam.com"
	pcm snap snapshot --source "$URL" --out "$WORK/taken.xml"
	[ "$rc" -eq 0 ] && grep -q 'escape="pcm1"' "$WORK/taken.xml"
	ok $? "pcmigrate snapshot over TDS writes a snapshot declaring escape=\"pcm1\"" ||
		diag "$WORK/snap.err"
	! raw_controls "$WORK/taken.xml" >"$WORK/raw2.out"
	ok $? "the snapshot holds no raw control byte" || diag "$WORK/raw2.out"
	grep -q 'nodeName="all C0 \\x1;\\x2;\\x3;' "$WORK/taken.xml" &&
		grep -q 'DOMAIN\\user' "$WORK/taken.xml" && grep -q '\\x5C;x' "$WORK/taken.xml"
	ok $? "controls as \\xHEX;, DOMAIN\\user as it is, a literal \\x as \\x5C;x"
	if [ $HAVE_XMLLINT = 1 ]; then
		xmllint --noout --relaxng "$PCMIGRATE_DATADIR/snapshot.rng" "$WORK/taken.xml" \
			>"$WORK/lint2.out" 2>&1
		ok $? "it validates against snapshot.rng" || diag "$WORK/lint2.out"
	else
		skip "it validates against snapshot.rng" "xmllint not installed"
	fi
	pcm viatds migrate --source "snapshot:$WORK/taken.xml" --out "$WORK/viatds"
	# the same deployment: every name, description, topic, principal and
	# message; only <source> (file, hash) differs
	grep -v '<source ' "$WORK/direct/deployment.xml" >"$WORK/direct.cmp"
	grep -v '<source ' "$WORK/viatds/deployment.xml" >"$WORK/viatds.cmp" 2>/dev/null
	[ "$rc" -eq 0 ] && cmp -s "$WORK/direct.cmp" "$WORK/viatds.cmp"
	ok $? "the snapshot taken over TDS gives the same deployment.xml, field for field" ||
		{ diag "$WORK/viatds.err"; diff "$WORK/direct.cmp" "$WORK/viatds.cmp" | head -20 | diag; }
	stop_server
else
	ok 1 "the loopback server loads the pcm1 fixture"
	diag "$WORK/ctl.err"
fi

# ---- the plan -------------------------------------------------------------
PLAN="$WORK/plan.xml"
pcm plan plan --source "snapshot:$FIXTURE" --plan "$PLAN" --disable 20 --rename 22=plain \
	--keep-root-manager sip:ann@fabrikam.com
[ "$rc" -eq 0 ] && grep -q 'escape="pcm1"' "$PLAN"
ok $? "a plan disabling the all-C0 room saves, declaring escape=\"pcm1\"" || diag "$WORK/plan.err"
! raw_controls "$PLAN" >"$WORK/raw3.out"
ok $? "the plan holds no raw control byte" || diag "$WORK/raw3.out"
if [ $HAVE_XMLLINT = 1 ]; then
	xmllint --noout --relaxng "$PCMIGRATE_DATADIR/plan.rng" "$PLAN" >"$WORK/lint3.out" 2>&1
	ok $? "the plan validates against plan.rng" || diag "$WORK/lint3.out"
else
	skip "the plan validates against plan.rng" "xmllint not installed"
fi
pcm migplan migrate --source "snapshot:$FIXTURE" --plan "$PLAN" --out "$WORK/planned"
# room 22's flattened name keeps its category's control characters
name22=$(sed -n 's/.*<room nameBase64="\([^"]*\)" legacyId="22".*/\1/p' \
	"$WORK/planned/deployment.xml" 2>/dev/null | base64 -d)
[ "$rc" -eq 0 ] && ! grep -q 'legacyId="20"' "$WORK/planned/deployment.xml" &&
	[ "$name22" = "$(printf 'Sales\033[2J\001\002\003\004/Seoul \354\204\234\354\232\270 \360\240\256\267/plain')" ]
ok $? "the plan reloads: room 20 is not migrated, room 22 is renamed" || diag "$WORK/migplan.err"

# ---- the plan applied over TDS: NCHAR() guards really execute -------------
# (the server is held to SQL Server's dialect and collation: the guards
# spell the controls with NCHAR() and compare exactly)
if command -v tsql >/dev/null 2>&1 && start_server ctlapply --fixture "$FIXTURE" --utc-offset 540 \
	--server-name 'SQL01\GROUPCHAT' --exec "INSERT INTO msdb.backupset (backup_set_id, media_set_id, name, database_name, type,
		backup_start_date, backup_finish_date, is_copy_only, is_damaged) VALUES (7999, 4999,
		'full', 'GroupChatDB', 'D', '2099-01-01T00:00:00.000', '2099-01-01T01:00:00.000', 0, 0)"; then
	URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
	pcm plan2 plan --source "$URL" --plan "$WORK/plan2.xml" --disable 20 --rename 22=plain \
		--keep-root-manager sip:ann@fabrikam.com --override-backup "test copy"
	pcm ctlapply apply-to-source --unsupported-direct-write --plan "$WORK/plan2.xml" --source "$URL" --confirm GroupChatDB
	rows=$(printf 'SELECT nodeID, disabled, nodeName FROM tblNode WHERE nodeID IN (20, 22) ORDER BY nodeID\ngo\n' |
		tsql -H 127.0.0.1 -p "$PORT" -U sa -P "$TDS_PASSWORD" -o fhq 2>/dev/null | tr '\n' '|')
	[ "$rc" -eq 0 ] && grep -q "NCHAR(1) + NCHAR(2)" "$WORK/ctlapply.log" &&
		printf '%s' "$rows" | grep -q '^20	1	all C0 .*|22	0	plain|$'
	ok $? "apply-to-source over TDS disables the all-C0 room and renames room 22 (NCHAR guards matched)" ||
		{ diag "$WORK/ctlapply.err"; echo "# $rows"; }
	stop_server
else
	skip "apply-to-source over TDS with NCHAR guards" "tsql (freetds-bin) is not installed"
fi

finish
