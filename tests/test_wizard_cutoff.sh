#!/bin/sh
# SPDX-License-Identifier: MIT
# The cutoff step (issue 16): Tab goes to the next step and never saves
# the date silently (an unsaved date keeps the wizard there and says so,
# Esc puts the saved one back); a day that does not exist is named as
# such; a cutoff on January 1 drops nothing of that year, and the
# histogram does not call the year "partly dropped".
. "${top_srcdir:-.}/tests/wizard_lib.sh"

wiz_plan --override-backup "restore tested on the lab server"
wiz_start 100x34 xterm-256color -- --out "$WIZ_TMP/package"
expect "the wizard offers to resume" "Resume at step 1"
wiz_keys y
expect "step 1" "Step 1 of"
wiz_keys Tab Tab
expect "step 3" "Room-name length fixer"
wiz_keys Tab
expect "going on with blocking names says they still block" "Step 3 (Names) still blocks"
expect "step 4" "Invitation reset"
wiz_keys Tab
expect "step 5 asks for a date" "Date cutoff"

# a day that does not exist
wiz_type "2013-02-30"
expect "2013-02-30 is named as no date" "2013-02-30 is not a date: that day does not exist."

# Tab never saves silently
wiz_keys Tab
expect "Tab with an unsaved date stays and says so" "The date in the field is not saved"
check "the plan holds no cutoff" sh -c "! '$PCMIGRATE_BIN' plan --plan '$WIZ_PLAN' --show | grep -q '^Cutoff'"
wiz_keys Escape
expect "Esc puts the saved (empty) date back" "No cutoff: all"

# January 1: nothing of that year dropped
wiz_type "2012-01-01"
expect "the histogram follows the date" "dropped"
screen=$(wiz_screen)
check "the histogram has a row for 2012" \
	sh -c "printf '%s\n' \"\$1\" | grep -q '^ 2012 '" _ "$screen"
check "the year of a January 1 cutoff is not partly dropped" \
	sh -c "! printf '%s\n' \"\$1\" | grep -q '^ 2012 .*partly dropped'" _ "$screen"
check "the years before it are dropped" \
	sh -c "printf '%s\n' \"\$1\" | grep -q '^ 2011 .*dropped'" _ "$screen"
wiz_keys BSpace BSpace
wiz_type "15"
expect "a date inside the year" "2012-01-15"
expect "makes that year partly dropped" "partly dropped"
wiz_keys Enter
expect "Enter saves the date" "Cutoff 2012-01-15 saved"
check "the plan holds it" sh -c "'$PCMIGRATE_BIN' plan --plan '$WIZ_PLAN' --show | grep -q '^Cutoff: 2012-01-15'"
wiz_keys Tab
expect "Tab with the saved date goes to the next step" "Disable rooms"

wiz_keys q y
wiz_wait_exit >/dev/null
echo "1..$WIZ_N"
exit $WIZ_FAILED
