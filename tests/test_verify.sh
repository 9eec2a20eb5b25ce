#!/bin/sh
# SPDX-License-Identifier: MIT
# pcmigrate verify (TAP): the bundled sample's package is "imported" by
# tests/verify_fixture into a Lync Server 2013 shaped database; a clean
# import verifies with exit 0 and no difference, then each break makes
# exactly one kind of difference, reported with its code and object and
# nothing else (exit 1). Everything runs twice: through a snapshot of the
# target and through the loopback TDS server holding it. Bad input (a
# legacy database as target, a plan from another deployment, usage):
# one message, exit 2.
: "${top_srcdir:=.}" "${top_builddir:=.}" "${PCMIGRATE_DATADIR:?}"
. "$top_srcdir/tests/tds_lib.sh"
FIXTURE="$top_builddir/tests/verify_fixture"
TARGET_SCHEMA="$top_srcdir/tests/tds-server/target-schema.sql"
LEGACY_SCHEMA=$TDS_SCHEMA
SAMPLE=$PCMIGRATE_DATADIR/sample/contoso.xml
SRC=snapshot:$SAMPLE
PLAN=$WORK/plan.xml
XDG_STATE_HOME=$WORK/state
LC_ALL=C
PCMIGRATE_PASSWORD=$TDS_PASSWORD
export XDG_STATE_HOME LC_ALL PCMIGRATE_PASSWORD

# the plan that resolves the sample's blockers (as test_migrate_cli.sh)
"$PCMIGRATE" plan --source "$SRC" --plan "$PLAN" --override-backup "training run" \
	--cutoff 2010-01-01 --drop-root-manager sip:markh@contoso.com >/dev/null 2>&1
"$PCMIGRATE" check --source "$SRC" --plan "$PLAN" --tsv >"$WORK/check.tsv" 2>/dev/null
args=
for id in $(awk -F '\t' '$2 == "block" && ($3 == "NAME-TOO-LONG" || $3 == "NAME-COLLISION") { print $4 }' \
	"$WORK/check.tsv" | sort -u); do
	args="$args --rename $id=R$id"
done
# shellcheck disable=SC2086
"$PCMIGRATE" plan --source "$SRC" --plan "$PLAN" $args >/dev/null 2>&1
"$PCMIGRATE" migrate --source "$SRC" --plan "$PLAN" --out "$WORK/pkg" >"$WORK/migrate.out" 2>&1
ok $? "the sample's package is written"
PKG=$WORK/pkg/deployment.xml
ROOM="IT Service Desk"

# target NAME [BREAK ARG]: the 2013 database after the import, as a snapshot
target() {
	name=$1
	shift
	"$FIXTURE" "$PKG" "$WORK/$name.xml" "$@" 2>"$WORK/$name.fixture.err"
}

# expect HOW NAME STATUS LINES: runs verify --tsv on target NAME, through
# a snapshot (HOW=snapshot) or the loopback server (HOW=tds), and checks
# the exit status and the differences' "code<TAB>object" lines, exactly
expect() {
	how=$1 name=$2 want_rc=$3 want=$4
	if [ "$how" = tds ]; then
		NO_SCHEMA=0 TDS_SCHEMA=$TARGET_SCHEMA start_server "$name" \
			--fixture "$WORK/$name.xml" --database mgc ||
			{ ok 1 "$how $name: the server starts"; return; }
		spec="tds://sa@127.0.0.1:$PORT/mgc"
	else
		spec="snapshot:$WORK/$name.xml"
	fi
	"$PCMIGRATE" verify --plan "$PLAN" --target "$spec" --tsv >"$WORK/$how.$name.tsv" \
		2>"$WORK/$how.$name.err"
	rc=$?
	[ "$how" = tds ] && stop_server
	cut -f 3,5 "$WORK/$how.$name.tsv" >"$WORK/$how.$name.got"
	printf '%s' "$want" >"$WORK/$how.$name.want"
	[ -n "$want" ] && echo >>"$WORK/$how.$name.want"
	if [ "$rc" -eq "$want_rc" ] && cmp -s "$WORK/$how.$name.got" "$WORK/$how.$name.want"; then
		ok 0 "$how $name: exit $want_rc, $(wc -l <"$WORK/$how.$name.want") difference(s) as expected"
	else
		ok 1 "$how $name: exit $want_rc and the expected differences (got exit $rc)"
		diag "$WORK/$how.$name.tsv" "$WORK/$how.$name.err"
	fi
}

T='	'
target clean
ok $? "the fixture imports the package"
target no-room --drop-room "$ROOM"
target renamed --rename-room "$ROOM=IT Help"
target lost-member --drop-role "$ROOM=ma-grp:contoso.com/SG-KR-AllStaff"
target boundary --drop-first-message "$ROOM"
target one-more --extra-message "$ROOM"
target pre-existing --extra-room "Seoul Office=Pre-existing room"
target secret --privacy "$ROOM=Secret"
target later --shift-last-message "$ROOM"
target no-links --strip-links "$ROOM"
target category --rename-category "Archive=Old archive"
target auditorium --type "$ROOM=Auditorium"
target no-addin --no-addin "$ROOM"
# issue 17, second part: roles beyond the plan, categories' lists, descriptions
SEOUL="Seoul Office"
target extra-manager --extra-role "$ROOM=sip:jaewon.oh@contoso.com"
target extra-disabled --extra-role "$ROOM=sip:donghyun.choi@contoso.com"
target room-desc --room-desc "$ROOM=Changed after the import"
target category-desc --category-desc "$SEOUL=HQ"
target no-creator --drop-creator "$SEOUL=ma-grp:contoso.com/SG-KR-IT"
target no-scope --drop-scope "$SEOUL=ma-grp:contoso.com/SG-KR-AllStaff"
target extra-scope --extra-scope "$SEOUL=sip:jaewon.oh@contoso.com"
target added-scope --extra-scope "$SEOUL=sip:jihoon.lee@contoso.com"
target denied --deny "$SEOUL=sip:jaewon.oh@contoso.com"
target moved-link --move-link "$ROOM"
target link-host --link-host "$ROOM"

for how in snapshot tds; do
	if [ "$how" = tds ] && [ ! -x "$TDS_SERVER" ]; then
		skip "tds: the loopback server" "tests/tds-server/tds-server not built"
		continue
	fi
	expect "$how" clean 0 ""
	expect "$how" no-room 1 "ROOM-MISSING$T$ROOM"
	expect "$how" renamed 1 "ROOM-MISSING$T$ROOM
TARGET-EXTRA${T}IT Help"
	expect "$how" lost-member 1 "ROLE-MISSING$T$ROOM"
	expect "$how" boundary 1 "MESSAGES-MISSING$T$ROOM"
	expect "$how" one-more 1 "MESSAGES-EXTRA$T$ROOM"
	expect "$how" pre-existing 1 "TARGET-EXTRA${T}Pre-existing room"
	expect "$how" secret 1 "ROOM-SETTING$T$ROOM"
	expect "$how" later 1 "MESSAGES-DATES$T$ROOM"
	expect "$how" no-links 1 "FILE-LINKS$T$ROOM"
	expect "$how" category 1 "CATEGORY-MISSING${T}Archive
ROOM-SETTING${T}Sales Kick-off 2011
TARGET-EXTRA${T}Old archive"
	expect "$how" auditorium 1 "ROOM-SETTING$T$ROOM"
	expect "$how" no-addin 1 "ROOM-SETTING$T$ROOM"
	expect "$how" extra-manager 1 "ROLE-EXTRA$T$ROOM"
	# a disabled principal's role: info (the warnings said it does not migrate)
	expect "$how" extra-disabled 0 "ROLE-EXTRA$T$ROOM"
	expect "$how" room-desc 1 "ROOM-SETTING$T$ROOM"
	expect "$how" category-desc 1 "CATEGORY-SETTING$T$SEOUL"
	expect "$how" no-creator 1 "ROLE-MISSING$T$SEOUL"
	expect "$how" no-scope 1 "SCOPE-MISSING$T$SEOUL"
	expect "$how" extra-scope 1 "SCOPE-EXTRA$T$SEOUL"
	# one recreate-structure.ps1 adds for a room manager (ALLOWED-ADDED)
	expect "$how" added-scope 0 ""
	expect "$how" denied 1 "SCOPE-DENIED$T$SEOUL"
	# as many links, one to another file: FILE-LINKS; another host: none
	expect "$how" moved-link 1 "FILE-LINKS$T$ROOM"
	expect "$how" link-host 0 ""
done

# both live: the legacy database and the 2013 one, each on its own
# loopback server; the target's password from PCMIGRATE_TARGET_PASSWORD,
# since the legacy source takes PCMIGRATE_PASSWORD
if [ -x "$TDS_SERVER" ] && NO_SCHEMA=0 TDS_SCHEMA=$LEGACY_SCHEMA start_server legacy-live --fixture "$SAMPLE"; then
	LEGACY_PID=$SERVER_PID
	LEGACY_URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
	cp "$PLAN" "$WORK/plan-live.xml"
	"$PCMIGRATE" plan --source "$LEGACY_URL" --plan "$WORK/plan-live.xml" --rebase >/dev/null 2>&1
	if NO_SCHEMA=0 TDS_SCHEMA=$TARGET_SCHEMA start_server target-live --fixture "$WORK/no-room.xml" \
		--database mgc; then
		PCMIGRATE_TARGET_PASSWORD=$TDS_PASSWORD "$PCMIGRATE" verify --source "$LEGACY_URL" \
			--plan "$WORK/plan-live.xml" --target "tds://sa@127.0.0.1:$PORT/mgc" --tsv \
			>"$WORK/live.tsv" 2>"$WORK/live.err" </dev/null
		rc=$?
		[ $rc -eq 1 ] && [ "$(cut -f 3,5 "$WORK/live.tsv")" = "ROOM-MISSING$T$ROOM" ]
		ok $? "both live: the target's password from PCMIGRATE_TARGET_PASSWORD, one difference" ||
			diag "$WORK/live.err"
		"$PCMIGRATE" verify --source "$LEGACY_URL" --plan "$WORK/plan-live.xml" \
			--target "tds://sa@127.0.0.1:$PORT/mgc" >"$WORK/live.out" 2>"$WORK/live.err" </dev/null
		rc=$?
		[ $rc -eq 2 ] && grep -q "no password" "$WORK/live.err"
		ok $? "both live, no password left for the target and no terminal: exit 2" ||
			diag "$WORK/live.err"
		stop_server
	else
		ok 1 "both live: the target server starts"
	fi
	kill "$LEGACY_PID" 2>/dev/null
	wait "$LEGACY_PID" 2>/dev/null
else
	skip "both live" "no loopback server"
fi

# data/target-snapshot.sql runs (FreeTDS's tsql standing in for sqlcmd,
# as in test_snapshot_sql.sh) against the 2013 database and what it
# writes verifies clean; against a legacy database its output is refused
TARGET_SCRIPT=$top_srcdir/data/target-snapshot.sql
if ! command -v tsql >/dev/null 2>&1 || [ ! -x "$TDS_SERVER" ]; then
	skip "target-snapshot.sql" "tsql (freetds-bin) or the loopback server is missing"
	skip "target-snapshot.sql on a legacy database" "tsql or the loopback server is missing"
else
	sqlcmd() {   # sqlcmd DATABASE OUT: the script through tsql, :XML lines left to the client
		sed -e '/^:XML /d' "$TARGET_SCRIPT" |
			LC_ALL=C.UTF-8 tsql -H 127.0.0.1 -p "$PORT" -U sa -P "$TDS_PASSWORD" -D "$1" -o fhq >"$2" 2>"$2.err"
	}
	if NO_SCHEMA=0 TDS_SCHEMA=$TARGET_SCHEMA start_server script --fixture "$WORK/clean.xml" --database mgc; then
		sqlcmd mgc "$WORK/script.xml"
		stop_server
		"$PCMIGRATE" verify --plan "$PLAN" --target "snapshot:$WORK/script.xml" --tsv \
			>"$WORK/script.tsv" 2>"$WORK/script.err"
		rc=$?
		[ $rc -eq 0 ] && [ ! -s "$WORK/script.tsv" ] && ! grep -q '^Msg' "$WORK/script.xml.err"
		ok $? "target-snapshot.sql: its output of the imported database verifies clean" ||
			diag "$WORK/script.xml.err" "$WORK/script.err"
	else
		ok 1 "target-snapshot.sql: the server starts"
	fi
	if NO_SCHEMA=0 TDS_SCHEMA=$LEGACY_SCHEMA start_server script-legacy --fixture "$SAMPLE"; then
		sqlcmd GroupChatDB "$WORK/script-legacy.xml"
		stop_server
		"$PCMIGRATE" verify --plan "$PLAN" --target "snapshot:$WORK/script-legacy.xml" \
			>"$WORK/script-legacy.out" 2>"$WORK/script-legacy.err"
		rc=$?
		[ $rc -eq 2 ] && grep -q "tblNode has the column topic" "$WORK/script-legacy.err"
		ok $? "target-snapshot.sql on a legacy database: verify refuses its output" ||
			diag "$WORK/script-legacy.xml.err" "$WORK/script-legacy.err"
	else
		ok 1 "target-snapshot.sql: the legacy server starts"
	fi
fi

# the missing member is named by its URI, the missing message by its date
grep -q "^verify${T}block${T}ROLE-MISSING${T}ma-grp:contoso.com/SG-KR-AllStaff${T}" \
	"$WORK/snapshot.lost-member.tsv"
ok $? "ROLE-MISSING's id is the member's URI"
grep -q "planned 125, 2010-01-11T00:58:04Z to .* in the target 124, 2010-02-04" \
	"$WORK/snapshot.boundary.tsv"
ok $? "MESSAGES-MISSING gives the counts and the first dates, planned and found"
grep -q "the type is Auditorium in the target, the plan says Normal" "$WORK/snapshot.auditorium.tsv" &&
	grep -q "the add-in is (none) in the target, the plan says Contoso IT Ticket Viewer" \
		"$WORK/snapshot.no-addin.tsv" &&
	grep -q "the category is Old archive in the target, the plan says Archive" \
		"$WORK/snapshot.category.tsv"
ok $? "ROOM-SETTING names the setting, what the target holds and what the plan says"

# the new codes' severities and messages
T2="verify${T}"
grep -q "^${T2}warning${T}ROLE-EXTRA${T}sip:jaewon.oh@contoso.com${T}$ROOM${T}room $ROOM: manager sip:jaewon.oh@contoso.com holds that role in the target, which the plan does not give" \
	"$WORK/snapshot.extra-manager.tsv" &&
	grep -q "^${T2}info${T}ROLE-EXTRA${T}sip:donghyun.choi@contoso.com${T}.*disabled or federated" \
		"$WORK/snapshot.extra-disabled.tsv"
ok $? "ROLE-EXTRA: a warning naming the principal, info for a disabled one"
grep -q "the description is \"Changed after the import\" in the target, the plan says \"\"" \
	"$WORK/snapshot.room-desc.tsv" &&
	grep -q "^${T2}block${T}CATEGORY-SETTING${T}3${T}$SEOUL${T}.*the description is \"HQ\" in the target, the plan says \"Gangnam-gu, Seoul headquarters\"" \
		"$WORK/snapshot.category-desc.tsv"
ok $? "ROOM-SETTING and CATEGORY-SETTING quote both descriptions"
grep -q "^${T2}block${T}ROLE-MISSING${T}ma-grp:contoso.com/SG-KR-IT${T}$SEOUL${T}category $SEOUL: creator" \
	"$WORK/snapshot.no-creator.tsv" &&
	grep -q "^${T2}block${T}SCOPE-MISSING${T}ma-grp:contoso.com/SG-KR-AllStaff${T}" "$WORK/snapshot.no-scope.tsv" &&
	grep -q "^${T2}warning${T}SCOPE-EXTRA${T}sip:jaewon.oh@contoso.com${T}" "$WORK/snapshot.extra-scope.tsv" &&
	grep -q "^${T2}warning${T}SCOPE-DENIED${T}sip:jaewon.oh@contoso.com${T}.*DeniedMembers" "$WORK/snapshot.denied.tsv"
ok $? "creators and AllowedMembers/DeniedMembers: code, severity and principal"
grep -q "file links planned since the cutoff and as many in the target, but not to the same files" \
	"$WORK/snapshot.moved-link.tsv" && grep -q "ma-filelink://hhhh" "$WORK/link-host.xml"
ok $? "FILE-LINKS compares the files the links name, not the host of the store"

# a room the plan lists as already in the pool is info, not a difference
printf 'Pre-existing room\n' >"$WORK/items.txt"
cp "$PLAN" "$WORK/plan-items.xml"
"$PCMIGRATE" plan --source "$SRC" --plan "$WORK/plan-items.xml" --target-items "$WORK/items.txt" \
	>/dev/null 2>&1
"$PCMIGRATE" verify --plan "$WORK/plan-items.xml" --target "snapshot:$WORK/pre-existing.xml" --tsv \
	>"$WORK/items.tsv" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "^verify${T}info${T}TARGET-EXTRA${T}[0-9]*${T}Pre-existing room${T}" "$WORK/items.tsv"
ok $? "TARGET-EXTRA of a listed target item is info, exit 0"

# the text form: the heading, the code, the summary line
"$PCMIGRATE" verify --plan "$PLAN" --target "snapshot:$WORK/no-room.xml" >"$WORK/text.out" 2>&1
grep -q "ROOM-MISSING" "$WORK/text.out" && grep -q "^verified 55 of 56 planned rooms found" "$WORK/text.out"
ok $? "text output names the code and sums up the rooms found"

# the wizard: a plan whose package was written (steps 1 to 10 done) opens
# on step 11, Verify, where v asks for the target and the warnings pane
# lists the differences
done_steps=
for step in backup root-managers names invitations cutoff disable worklist summary migrate warnings; do
	done_steps="$done_steps<stepDone step=\"$step\"/>"
done
sed "s|</pcmigratePlan>|$done_steps</pcmigratePlan>|" "$PLAN" >"$WORK/wizard-plan.xml"
wizard() {   # wizard KEYS: the final screen on stdout
	printf '%s' "$1" >"$WORK/wizard.keys"
	"$PCMIGRATE" --source "$SRC" --plan "$WORK/wizard-plan.xml" --replay "$WORK/wizard.keys" \
		--dump-screen --size 100x30 2>/dev/null
}
wizard "y" >"$WORK/wizard.screen"
grep -q "Step 11 of 11: Verify" "$WORK/wizard.screen" && grep -q "press v" "$WORK/wizard.screen"
ok $? "wizard: a plan whose package was written resumes at step 11, Verify" || diag "$WORK/wizard.screen"
wizard "yvsnapshot:$WORK/no-room.xml<Enter>" >"$WORK/wizard.screen"
grep -q "^ Verify:" "$WORK/wizard.screen" &&
	grep -q "ROOM-MISSING  *room $ROOM (category Seoul Office) is not in the target" "$WORK/wizard.screen" &&
	grep -q "1 differences: 55 of 56 planned rooms found" "$WORK/wizard.screen"
ok $? "wizard: v lists the differences of the target in the warnings pane" || diag "$WORK/wizard.screen"
grep -q 'stepDone step="verify"' "$WORK/wizard-plan.xml"
[ $? -ne 0 ]
ok $? "wizard: a target that differs leaves the step not done"
wizard "yvsnapshot:$WORK/clean.xml<Enter>" >"$WORK/wizard.screen"
grep -q "No difference: everything planned arrived." "$WORK/wizard.screen" &&
	grep -q "Everything planned arrived: 56 rooms" "$WORK/wizard.screen" &&
	grep -q 'stepDone step="verify"' "$WORK/wizard-plan.xml"
ok $? "wizard: a clean target shows no difference and marks the step done" || diag "$WORK/wizard.screen"
wizard "yvsnapshot:$WORK/no-room.xml<Enter><BTab>" >"$WORK/wizard.screen"
! grep -q "ROOM-MISSING" "$WORK/wizard.screen" && grep -q "Step 10 of 11: Warnings" "$WORK/wizard.screen"
ok $? "wizard: step 10 shows the run's warnings again" || diag "$WORK/wizard.screen"
# a short path, so the message fits its row wherever the tree lies
cp "$SAMPLE" "$WORK/legacy.xml"
wizard "yvsnapshot:$WORK/legacy.xml<Enter>" >"$WORK/wizard.screen"
grep -q "Not verified: .*this is a Lync Server 2010" "$WORK/wizard.screen"
ok $? "wizard: a legacy target is refused in the message row" || diag "$WORK/wizard.screen"

# bad input: one message, exit 2
bad() {   # bad DESCRIPTION PATTERN ARGS...
	desc=$1 pattern=$2
	shift 2
	"$PCMIGRATE" verify "$@" >"$WORK/bad.out" 2>"$WORK/bad.err"
	rc=$?
	# one message: the first line says it, no other line is a message
	# (a usage error prints the usage after it)
	if [ $rc -eq 2 ] && head -n 1 "$WORK/bad.err" | grep -q -e "$pattern" &&
		[ "$(grep -c '^pcmigrate' "$WORK/bad.err")" -le 1 ] && [ ! -s "$WORK/bad.out" ]; then
		ok 0 "$desc: exit 2, one message"
	else
		ok 1 "$desc: exit 2, one message (got $rc)"
		diag "$WORK/bad.err"
	fi
}
bad "a legacy snapshot as the target" "tblNode has the column topic" \
	--plan "$PLAN" --target "snapshot:$SAMPLE"
if [ -x "$TDS_SERVER" ] && NO_SCHEMA=0 TDS_SCHEMA=$LEGACY_SCHEMA start_server legacy --fixture "$SAMPLE"; then
	bad "a legacy database as the target, over TDS" "GroupChatDB tblNode row 1: this is a Lync Server 2010" \
		--plan "$PLAN" --target "tds://sa@127.0.0.1:$PORT/GroupChatDB"
	stop_server
else
	skip "a legacy database as the target, over TDS" "no loopback server"
fi
if [ -x "$TDS_SERVER" ] && NO_SCHEMA=1 start_server empty --database mgc; then
	bad "a database without the 2013 tables" "tblNode: the table does not exist.*Is this the Lync Server 2013 Persistent Chat database" \
		--plan "$PLAN" --target "tds://sa@127.0.0.1:$PORT/mgc"
	stop_server
else
	skip "a database without the 2013 tables" "no loopback server"
fi
other=$top_srcdir/tests/data/snapshot/small.xml
bad "a plan from another deployment" "the plan .* was made for the snapshot" \
	--plan "$PLAN" --source "snapshot:$other" --target "snapshot:$WORK/clean.xml"
bad "a missing target file" "missing.xml" --plan "$PLAN" --target "snapshot:$WORK/missing.xml"
bad "no --target" "--target is required" --plan "$PLAN"
bad "a plan that does not exist" "names no source" --plan "$WORK/none.xml" \
	--target "snapshot:$WORK/clean.xml"

finish
