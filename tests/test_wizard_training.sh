#!/bin/sh
# SPDX-License-Identifier: MIT
# pcmigrate --training (issue 16): on the sample, each step opens with what
# to look at and a task; Tab checks the task and says when it is not done
# (the trainee may stay or go on); the name step's task is to fix the
# three longest names. --training refuses another source.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

cp "${top_srcdir:-.}/data/sample/contoso.xml" "$WIZ_TMP/copy.xml"
"$PCMIGRATE_BIN" --training --source "snapshot:$WIZ_TMP/copy.xml" </dev/null >/dev/null 2>"$WIZ_TMP/err"
st=$?
check "--training with another source is refused with status 2 ($st)" test "$st" = 2
check "and says why" grep -q "training sample only" "$WIZ_TMP/err"

wiz_start 100x34 xterm-256color -- --training --out "$WIZ_TMP/package"
expect "step 1 opens with its lesson" "Training: step 1"
expect "with a task" "Record an override with o"
wiz_keys q
expect "q closes the lesson" "Backup history"
wiz_keys o
wiz_type "training"
wiz_keys Enter
expect "the override is recorded" "Override recorded by"
wiz_keys Tab
expect "the task checked at Tab" "Training: step 1's task is done."
expect "step 2 opens with its lesson" "Training: step 2"
wiz_keys q
wiz_keys Tab
expect "an undone task is named" "Training: the task of step 2 is not done (no root manager is decided). Go on anyway?"
wiz_keys n
expect "n stays and repeats the task" "Training: Decide for at least one root manager"
wiz_keys Space Tab
expect "step 3's lesson: the three longest names" "Fix the three longest names"
wiz_keys q
expect "the names step" "Offenders: 10"
wiz_keys Enter C-u
wiz_type "Vendors"
wiz_keys Enter
expect "the first is fixed" "Saved: the final name has"
wiz_keys Tab
expect "then the task is checked" "one of the three longest names is still an offender"
wiz_keys n
wiz_keys Enter C-u
wiz_type "Risk log"
wiz_keys Enter
expect "the second is fixed" "8 offenders left"
wiz_keys C-u
wiz_type "긴급"
wiz_keys Enter
expect "the third is fixed" "7 offenders left"
wiz_keys Escape Tab
expect "the task is checked and done (the names still block: Tab goes on)" "Training: step 3's task is done."
expect "step 4's lesson" "Training: step 4"

wiz_keys q q y
wiz_wait_exit >/dev/null
echo "1..$WIZ_N"
exit $WIZ_FAILED
