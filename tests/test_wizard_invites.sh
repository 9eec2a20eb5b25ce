#!/bin/sh
# SPDX-License-Identifier: MIT
# The invitations step (issue 16) recomputes after a parent category
# changes: a child category with invite NULL inherits the parent's value,
# so turning the parent on takes the child's rooms out of the forced ones
# at once. The deployment is the sample with Executive Office's
# invitations off, Board Relations' NULL (it inherits) and CEO Town Hall
# asking for invitations. The selected category's whole path is shown
# under the list.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

SNAP="$WIZ_TMP/inherit.xml"
PLAN="$WIZ_TMP/inherit.plan.xml"
sed -e '/nodeID="65" /s/invite="1"/invite="0"/' -e '/nodeID="67" /s/ invite="0"//' \
	-e '/nodeID="66" /s/ invite="[01]"/ invite="1"/' \
	"${top_srcdir:-.}/data/sample/contoso.xml" > "$SNAP"
"$PCMIGRATE_BIN" plan --source "snapshot:$SNAP" --plan "$PLAN" \
	--override-backup "restore tested on the lab server" >/dev/null
check "the parent and its inheriting children are forced" \
	sh -c "'$PCMIGRATE_BIN' check --source 'snapshot:$SNAP' --plan '$PLAN' --tsv | grep INVITE-FORCED | grep -c 'Executive Office' | grep -qx 4"

wiz_start 100x34 xterm-256color -- --source "snapshot:$SNAP" --plan "$PLAN"
expect "the wizard offers to resume" "Resume at step 1"
wiz_keys y
expect "step 1" "Step 1 of"
wiz_keys Tab Tab
expect "step 3" "Room-name length fixer"
wiz_keys Tab
expect "going on with blocking names says they still block" "Step 3 (Names) still blocks"
expect "step 4" "Invitation reset"
expect "five categories, none decided" "Categories: 5, invitations turned on: 0, not decided: 5."
wiz_keys /
wiz_type "Executive Office"
wiz_keys Enter
expect "the whole path of the selected row under the list" " Executive Office"
wiz_keys Space
expect "turning the parent on recomputes its children" "invitations turned on: 1, on from a parent: 2, not decided: 2."
expect "a child says where its value comes from" "on, from a parent category"
wiz_keys a
expect "accepting the rest leaves the inheriting children alone" "Accepted the forced value for 2 categories."
check "the plan turns only the parent on" \
	sh -c "'$PCMIGRATE_BIN' plan --source 'snapshot:$SNAP' --plan '$PLAN' --show | grep -c 'turn invitations on' | grep -qx 1"
check "check forces no room of Executive Office any more" \
	sh -c "! '$PCMIGRATE_BIN' check --source 'snapshot:$SNAP' --plan '$PLAN' --tsv | grep INVITE-FORCED | grep -q 'Executive Office'"
wiz_keys Space
expect "turning the parent off again puts the children back" "invitations turned on: 0, not decided: 2."

wiz_keys q y
wiz_wait_exit >/dev/null
echo "1..$WIZ_N"
exit $WIZ_FAILED
