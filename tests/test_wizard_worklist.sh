#!/bin/sh
# SPDX-License-Identifier: MIT
# The Admin Tool worklist in the wizard (issue 14 section 1, issue 16's
# Next steps): step 7, after Disable, lists every change the plan makes to
# the legacy deployment grouped by category, [ ] to do or [x] when the
# loaded source carries it, "N of M done", the selected row's whole path,
# and says that the Admin Tool is the supported path and fix-source.sql /
# apply-to-source the fallback Microsoft does not support. A new snapshot
# in which some changes were made shows them done. And the Next steps of a
# plan that only drops a root manager do not say "the plan changes
# nothing".
. "${top_srcdir:-.}/tests/wizard_lib.sh"

SAMPLE="$PCMIGRATE_DATADIR/sample/contoso.xml"

# a rename (a category), a disabled room, a dropped root manager; the
# steps before the worklist marked done, so the wizard resumes there
wiz_plan --override-backup "restore tested on the lab server" --rename "3=Seoul Branch" \
	--disable 10 --drop-root-manager sip:markh@contoso.com
done_steps=
for step in backup root-managers names invitations cutoff disable; do
	done_steps="$done_steps<stepDone step=\"$step\"/>"
done
sed -i "s|</pcmigratePlan>|$done_steps</pcmigratePlan>|" "$WIZ_PLAN"

wiz_start 200x30 xterm-256color -- --plan "$WIZ_PLAN"
expect "the wizard resumes at the worklist, after Disable" "Resume at step 7 (Admin Tool worklist)?"
wiz_keys y
expect "step 7 of 11 is the Admin Tool worklist" "Step 7 of 11: Admin Tool worklist"
expect "the step bar has it between Disable and Summary" "Disable✓ [Worklist ] Summary"
expect "nothing is done in the sample" "0 of 3 changes done in the loaded source."
expect "the Admin Tool is the supported path" "The supported path: the Group Chat Admin Tool."
expect "the SQL is the fallback Microsoft does not support" "Unsupported fallback (Microsoft does not support direct writes): fix-source.sql, apply-to-source."
expect "the root category's group" "Root category Contoso (nodeID 1)"
expect "the dropped root manager, to do" "  [ ] Root category Contoso (nodeID 1): remove the manager sip:markh@contoso.com"
expect "the category's group" "Category Seoul Office (nodeID 3)"
expect "the rename, to do" '  [ ] Category Seoul Office (nodeID 3): rename it from "Seoul Office" to "Seoul Branch"'
expect "the disabled room, to do, under its category" "  [ ] Chat room Seoul Office/New Joiner Orientation (nodeID 10): disable it"
groups=$(wiz_screen | grep -n '^Category Seoul Office\|^  \[ \] Chat room Seoul Office/New' | cut -d: -f1 | tr '\n' ' ')
check "the room's line comes after its category's heading (lines $groups)" \
	sh -c "set -- $groups; test \$# -eq 2 && test \$1 -lt \$2"
wiz_keys Down Down Down Down
expect "the detail line shows the selected item's whole path" "Path: Seoul Office/New Joiner Orientation (nodeID 10)"
wiz_keys Up Up Up
expect "... and the manager for a root-manager item" "Path: Contoso (manager sip:markh@contoso.com)"
wiz_keys v
expect "v shows the whole worklist text" "Group Chat Admin Tool worklist"
expect "... as admin-tool-worklist.txt holds it" "Changes: 3, 0 already done in the source"
wiz_keys q
wiz_keys Tab
expect "Tab goes on to the Summary" "Step 8 of 11: Summary"
wiz_keys q y
wiz_wait_exit >/dev/null

# The Admin Tool did two of the three: a new snapshot carries the rename
# and the disabled room; the manager is still there.
cp "$SAMPLE" "$WIZ_TMP/new.xml"
sed -i '/<tblNode nodeID="3" /s/nodeName="Seoul Office"/nodeName="Seoul Branch"/' "$WIZ_TMP/new.xml"
sed -i '/<tblNode nodeID="10" /s/disabled="0"/disabled="1"/' "$WIZ_TMP/new.xml"
wiz_start 200x30 xterm-256color -- --source "snapshot:$WIZ_TMP/new.xml" --plan "$WIZ_PLAN"
# the worklist step was left with Tab: done, the wizard resumes after it
expect "the new snapshot of the same database opens the plan" "Resume at step 8 (Summary"
wiz_keys y BTab
expect "S-Tab goes back to the worklist" "Step 7 of 11: Admin Tool worklist"
expect "the worklist counts what the new snapshot carries" "2 of 3 changes done in the loaded source."
expect "the rename is done" '  [x] Category Seoul Branch (nodeID 3): rename it from "Seoul Office" to "Seoul Branch"'
expect "the disabled room is done" "  [x] Chat room Seoul Branch/New Joiner Orientation (nodeID 10): disable it"
expect "the root manager is still to do" "  [ ] Root category Contoso (nodeID 1): remove the manager sip:markh@contoso.com"
wiz_keys q y
wiz_wait_exit >/dev/null

# Next steps: a plan that only drops a root manager changes the legacy
# deployment. The sample's blocking names are fixed in a copy of the
# snapshot (as if renamed at the source) so the package can be written.
cp "$SAMPLE" "$WIZ_TMP/fixed.xml"
sed -i 's/nodeName="Lync Server 2010 Group Chat to Lync Server 2013 Persistent Chat Migration Programme"/nodeName="Migration"/' "$WIZ_TMP/fixed.xml"
sed -i 's/nodeName="Unified Communications and Collaboration Services (UC&amp;C)"/nodeName="UC"/' "$WIZ_TMP/fixed.xml"
for id in 27 48 49 57; do
	sed -i "/<tblNode nodeID=\"$id\" /s/nodeName=\"[^\"]*\"/nodeName=\"Room$id\"/" "$WIZ_TMP/fixed.xml"
done
"$PCMIGRATE_BIN" plan --source "snapshot:$WIZ_TMP/fixed.xml" --plan "$WIZ_TMP/rootonly.xml" \
	--override-backup "lab" --drop-root-manager sip:markh@contoso.com >/dev/null 2>&1
"$PCMIGRATE_BIN" migrate --source "snapshot:$WIZ_TMP/fixed.xml" --plan "$WIZ_TMP/rootonly.xml" \
	--out "$WIZ_TMP/rootonly" >"$WIZ_TMP/rootonly.out" 2>"$WIZ_TMP/rootonly.err"
check "a plan that only drops a root manager writes its package (status $?)" \
	test -s "$WIZ_TMP/rootonly/admin-tool-worklist.txt"
check "its Next steps do not say the plan changes nothing" \
	sh -c "grep -q '^Next steps, in order' '$WIZ_TMP/rootonly.out' && ! grep -q 'The plan changes nothing' '$WIZ_TMP/rootonly.out'"
check "... they send the admin to the worklist, naming the root manager to remove" \
	grep -q "as admin-tool-worklist.txt lists them (1 root manager to remove)" "$WIZ_TMP/rootonly.out"
# the same for turning a category's invitations on
"$PCMIGRATE_BIN" plan --source "snapshot:$WIZ_TMP/fixed.xml" --plan "$WIZ_TMP/invonly.xml" \
	--override-backup "lab" --category-invitations 67=on >/dev/null 2>&1
"$PCMIGRATE_BIN" migrate --source "snapshot:$WIZ_TMP/fixed.xml" --plan "$WIZ_TMP/invonly.xml" \
	--out "$WIZ_TMP/invonly" >"$WIZ_TMP/invonly.out" 2>/dev/null
check "a plan that only turns invitations on is not told it changes nothing" \
	sh -c "grep -q '(1 category to turn invitations on)' '$WIZ_TMP/invonly.out' && ! grep -q 'The plan changes nothing' '$WIZ_TMP/invonly.out'"
# and a plan without changes still says so
"$PCMIGRATE_BIN" plan --source "snapshot:$WIZ_TMP/fixed.xml" --plan "$WIZ_TMP/none.xml" \
	--override-backup "lab" >/dev/null 2>&1
"$PCMIGRATE_BIN" migrate --source "snapshot:$WIZ_TMP/fixed.xml" --plan "$WIZ_TMP/none.xml" \
	--out "$WIZ_TMP/none" >"$WIZ_TMP/none.out" 2>/dev/null
check "a plan without changes is told it changes nothing" \
	grep -q "The plan changes nothing in the legacy deployment" "$WIZ_TMP/none.out"

echo "1..$WIZ_N"
exit $WIZ_FAILED
