#!/bin/sh
# SPDX-License-Identifier: MIT
# Long texts at 80x24 (issue 16): the backup finding says where the rest
# is and v shows it whole; a backup's device path is cut in the middle in
# its row and shown whole on the detail line; the override prompt has its
# question whole above it; a resume question longer than the row is not
# cut.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

wiz_start 80x24 xterm-256color -- --out "$WIZ_TMP/package"
expect "step 1" "Step 1 of"
expect "a cut finding says where the rest is" "(v: whole)"
expect "a device path keeps its end in the row" "…1302010400.trn"
expect "the selected backup's whole device path under the list" " E:\\SQLBackup\\GroupChatDB\\GroupChatDB_LOG_201302010400.trn"
wiz_keys v
expect "v shows the finding whole" "Selected backup:"
last=$("$PCMIGRATE_BIN" check --tsv | awk -F'\t' '$3 == "BACKUP-STALE" { print $6 }' | awk '{ print $NF }')
expect "with its end ($last)" "$last"
wiz_keys q
expect "back to the step" "Backup history"
wiz_keys o
expect "the override prompt" "Override reason:"
expect "with its question whole above it" "recorded in the plan with your name and the time."
wiz_type "restore tested"
wiz_keys Enter
expect "the override is recorded" "Override recorded by"
wiz_keys Tab Tab
expect "step 3" "Room-name length fixer"
wiz_keys q y
wiz_wait_exit >/dev/null

wiz_start 80x24 xterm-256color -- --out "$WIZ_TMP/package"
expect "the resume question starts" "This plan already holds decisions."
expect "the question is whole" "Resume at step 3 (Room-name length fixer)?"
expect "with its (y/n) on the next row" "(y/n)"
wiz_keys y
expect "resumed" "Step 3 of"
wiz_keys q y
wiz_wait_exit >/dev/null

# the Disable list at 160 columns: the path column takes the width
wiz_start 160x40 xterm-256color -- --out "$WIZ_TMP/package"
expect "resume" "Resume at step 3"
wiz_keys y
expect "step 3" "Step 3 of"
wiz_keys Tab
expect "going on says the step still blocks" "still blocks"
expect "step 4" "Invitation reset"
wiz_keys Tab Tab
expect "step 6" "Disable rooms"
wiz_keys /
wiz_type "rehearsal"
wiz_keys Enter
check "a row uses the width (more than 45 columns of path)" \
	sh -c "tmux -L '$WIZ_SOCK' -f /dev/null capture-pane -p -t pcm | grep -q '^\[.\] Engineering/Platform Engineering/Unified Communications and Co.*…'"
expect "the selected room's whole path under the list" "Cutover and Decommissioning Working Group/Old cutover rehearsal notes (superseded, do not use)"
wiz_keys q y
wiz_wait_exit >/dev/null
# a root manager's address longer than its column: whole under the list
SNAP="$WIZ_TMP/longuri.xml"
sed 's/sip:markh@contoso\.com/sip:mark.hanson.platform.engineering.lead@contoso.com/g' \
	"${top_srcdir:-.}/data/sample/contoso.xml" > "$SNAP"
"$PCMIGRATE_BIN" plan --source "snapshot:$SNAP" --plan "$WIZ_TMP/longuri.plan.xml" \
	--override-backup "restore tested" >/dev/null
wiz_start 80x24 xterm-256color -- --source "snapshot:$SNAP" --plan "$WIZ_TMP/longuri.plan.xml"
expect "resume" "Resume at step 1"
wiz_keys y Tab
expect "step 2" "Root managers: 3"
wiz_keys /
wiz_type "mark.hanson"
wiz_keys Enter
expect "the selected manager's whole address under the list" "sip:mark.hanson.platform.engineering.lead@contoso.com  Mark Hanson"
wiz_keys q y
wiz_wait_exit >/dev/null

echo "1..$WIZ_N"
exit $WIZ_FAILED
