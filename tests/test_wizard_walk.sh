#!/bin/sh
# SPDX-License-Identifier: MIT
# End to end, as a person would: walk every step of the wizard on the
# bundled sample in an 80x24 tmux pane; override the backup with a reason,
# drop a root manager, fix one over-long room name with Hangul in it in the
# line editor, turn a category's invitations on, set a cutoff, disable a
# room, preview, migrate, find the expected warnings in the pane, save the
# report; then check the output folder and the plan.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

OUT="$WIZ_TMP/package"

# Every over-long name but one Hangul name is settled with the batch command,
# and one of the two colliding rooms renamed, so the walk fixes exactly one.
tsv=$(LC_ALL=C "$PCMIGRATE_BIN" check --tsv)
hangul_id=$(printf '%s\n' "$tsv" | LC_ALL=C awk -F'\t' '$3 == "NAME-TOO-LONG" && $5 ~ /[\352-\355][\200-\277][\200-\277]/ {
	n = $6; sub(/ over the limit.*/, "", n); sub(/.* /, "", n); print n "\t" $4 }' | sort -n | head -1 | cut -f2)
for id in $(printf '%s\n' "$tsv" | awk -F'\t' -v keep="$hangul_id" '$3 == "NAME-TOO-LONG" && $4 != keep { print $4 }'); do
	wiz_plan --disable "$id"
done
clash=$(printf '%s\n' "$tsv" | awk -F'\t' '$3 == "NAME-COLLISION" { print $4; exit }')
[ -n "$clash" ] && wiz_plan --rename "$clash=Renamed by the walk test"
check "the sample has a Hangul room name to fix (nodeID $hangul_id)" test -n "$hangul_id"

wiz_start 80x24 tmux-256color -- --out "$OUT"
expect "the wizard offers to resume a plan holding decisions" "Resume at step 1"
wiz_keys y
expect "step 1 is the backup check" "Step 1 of 11: Backup check"
expect "the bundled sample is labelled as a training deployment" "TRAINING DEPLOYMENT"
expect "a stale backup blocks" "[block]"
wiz_shot backup
wiz_keys o
expect "the override asks for a reason" "Override reason:"
wiz_type "restored copy checked by the DBA"
wiz_keys Enter
expect "the override is recorded" "Override recorded by"

wiz_keys Tab
expect "step 2 lists the root managers" "Step 2 of 11: Root-manager review"
wiz_keys Down Space
expect "a root manager can be dropped" "kept: 2, dropped: 1"
wiz_shot rootmgr

wiz_keys Tab
expect "step 3 lists the one offender left" "Offenders: 1 (1 too long"
wiz_shot names
wiz_keys Enter
expect "Enter opens the line editor on the room's own name" "Own name:"
wiz_shot names-editor
wiz_keys C-u
wiz_type "고객 검토방"
expect "the final name and its UTF-16 length follow the typing" "of 256 UTF-16 units"
units=$(wiz_screen | sed -n 's/.*Final name: \([0-9]*\) of 256.*/\1/p' | head -1)
check "the new final name fits ($units units)" test "${units:-999}" -le 256
wiz_keys Enter
expect "saving checks again and the list is empty" "Every final room name fits"

wiz_keys Tab
expect "step 4 groups the forced invitations by category" "Step 4 of 11: Invitation reset"
wiz_keys Space a
expect "one category on, the rest accepted" "invitations turned on: 1, not decided: 0"
wiz_shot invites

wiz_keys Tab
expect "step 5 asks for a date" "Step 5 of 11: Date cutoff"
wiz_type "2011-06-15"
expect "the dropped counts update as the date is typed" "Messages before the cutoff:"
wiz_shot cutoff
wiz_keys Enter
expect "Enter saves the date" "Cutoff 2011-06-15 saved"
wiz_keys Tab
expect "step 6 lists every room" "Step 6 of 11: Disable rooms"
wiz_keys /
wiz_type "Quality Assurance"
wiz_keys Enter Space
expect "a ticked room is not migrated" "[x] Busan Plant/Quality Assurance"
wiz_shot disable

wiz_keys Tab
expect "step 7 is the Admin Tool worklist" "Step 7 of 11: Admin Tool worklist"
expect "it counts the changes done in the loaded source" "changes done in the loaded source."
wiz_keys /
wiz_type "Quality Assurance"
wiz_keys Enter
expect "the ticked room is an item to disable in the Admin Tool" "Path: Busan Plant/Quality Assurance (nodeID 62)"
wiz_shot worklist
wiz_keys Tab
expect "the summary runs the what-if and is ready" "Ready: press Tab" 60
wiz_shot summary
wiz_keys Tab Enter
expect "the real run finishes" "Done:" 120
expect "no claim that the export leaves out the older messages" "check the import report"
wiz_shot migrate
wiz_keys Tab
expect "step 10 is the warnings pane" "Step 10 of 11: Warnings"
expect "the final screen states the same-forest condition" "must be in the same Active Directory forest"
wiz_keys /
wiz_type "ENDPOINT"
wiz_keys Enter
expect "search finds the endpoint warning" "ENDPOINT"
wiz_shot warnings
wiz_keys s
expect "s asks where to save" "Save the report to:"
wiz_keys C-u
wiz_type "$WIZ_TMP/pane-report.txt"
wiz_keys Enter
expect "the report is saved" "Saved "
wiz_keys q
expect "q asks before quitting" "Quit pcmigrate?"
wiz_keys y
st=$(wiz_wait_exit)
check "the wizard exits 0 (status $st)" test "$st" = 0

check "the package has its files" test -s "$OUT/deployment.xml" -a -s "$OUT/runbook.ps1" -a -s "$OUT/warnings.txt"
check "the pane's saved report is the batch report's text" cmp -s "$WIZ_TMP/pane-report.txt" "$OUT/warnings.txt"
check "the plan holds the Hangul rename, the cutoff, the override and the disabled room" \
	sh -c "grep -q '고객 검토방' '$WIZ_PLAN' && grep -q '2011-06-15' '$WIZ_PLAN' && grep -q 'restored copy checked' '$WIZ_PLAN' && grep -q 'Quality Assurance' '$WIZ_PLAN'"
echo "1..$WIZ_N"
exit $WIZ_FAILED
