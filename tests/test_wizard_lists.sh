#!/bin/sh
# SPDX-License-Identifier: MIT
# The list screens share one key handler (ui/listscreen.c): a search
# prompt starts empty (it used to keep the last text, and typing appended
# to it), Up in the prompt brings the last search back, Space acts on the
# row the search found.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

wiz_plan --override-backup "restored copy checked"
wiz_start 80x24 xterm
expect "the wizard offers to resume" "Resume at step"
wiz_keys n
expect "step 1" "Step 1 of 11: Backup check"
wiz_keys Tab
expect "step 2 lists the root managers" "Step 2 of 11: Root-manager review"
wiz_keys /
expect "/ asks for a search text" "Search:"
wiz_type "markh"
wiz_keys Enter Space
expect "the search found Mark Hanson and Space dropped him" "kept: 2, dropped: 1"
wiz_keys /
expect "/ asks again" "Search:"
if wiz_screen | grep -q "Search: markh"; then
	not_ok "the second search prompt starts empty"
else
	ok "the second search prompt starts empty"
fi
wiz_type "jihoon"
wiz_keys Enter Space
expect "the second search found Lee Ji-hoon, not 'markhjihoon'" "kept: 1, dropped: 2"
check "the plan drops both managers" sh -c \
	"grep -c 'decision=\"drop\"' '$WIZ_PLAN' | grep -qx 2"
wiz_keys /
expect "/ asks again" "Search:"
wiz_keys Up
expect "Up brings the last search back" "Search: jihoon"
wiz_keys Escape
wiz_keys q
expect "q asks before quitting" "Quit pcmigrate?"
wiz_keys y
st=$(wiz_wait_exit)
check "the wizard exits 0 (status $st)" test "$st" = 0
echo "1..$WIZ_N"
exit $WIZ_FAILED
