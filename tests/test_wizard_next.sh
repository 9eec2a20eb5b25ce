#!/bin/sh
# SPDX-License-Identifier: MIT
# The end of the walk (issue 16): after the package is written, a Next
# steps screen (n on the Migrate step, Tab on the last step) says what to
# do with it, in the procedure's order: the legacy changes (the Admin
# Tool worklist, or fix-source.sql as the labelled fallback), the full
# backup with the services stopped, runbook.ps1 with the arguments it
# still needs, copy-files, the endpoint, the checks after (pcmigrate
# verify), then every file written, warnings.tsv included. `pcmigrate
# migrate --out` ends with the same text.
. "${top_srcdir:-.}/tests/wizard_lib.sh"

OUT="$WIZ_TMP/package"
wiz_plan --override-backup "restore tested on the lab server"
for id in $("$PCMIGRATE_BIN" check --tsv | awk -F'\t' '$3 == "NAME-TOO-LONG" { print $4 }'); do
	wiz_plan --disable "$id"
done
wiz_plan --rename "57=Project Hanbit Launch (Marketing)"

# the batch first, into its own folder
"$PCMIGRATE_BIN" migrate --plan "$WIZ_PLAN" --out "$WIZ_TMP/batch" >"$WIZ_TMP/batch.out" 2>/dev/null
check "migrate --out writes the package (status $?)" test -f "$WIZ_TMP/batch/runbook.ps1"
check "migrate --out ends with the next steps" grep -q "^Next steps, in order" "$WIZ_TMP/batch.out"
check "its list of files names warnings.tsv" grep -q "batch/warnings.tsv$" "$WIZ_TMP/batch.out"
check "the Admin Tool worklist is the way to make the changes" grep -q "with the Group Chat Admin Tool" "$WIZ_TMP/batch.out"
check "fix-source.sql is labelled as the fallback" grep -q "Fallback only, as Microsoft does not support writes to the database" "$WIZ_TMP/batch.out"
check "the backup with the services stopped" grep -q "Stop the Group Chat services and take a full backup" "$WIZ_TMP/batch.out"
check "runbook.ps1 with the arguments still to give" grep -q "runbook.ps1 -PoolFqdn '<persistent-chat-pool.fqdn>'" "$WIZ_TMP/batch.out"
check "the copy of the files" grep -q "copy-files.cmd" "$WIZ_TMP/batch.out"
check "the endpoint" grep -q "sip:ocschat@contoso.com becomes a Persistent Chat endpoint" "$WIZ_TMP/batch.out"
check "the checks after" grep -q "pcmigrate verify --plan" "$WIZ_TMP/batch.out"

wiz_start 100x40 xterm-256color -- --out "$OUT"
expect "the wizard offers to resume" "Resume at step 1"
wiz_keys y
expect "step 1" "Step 1 of"
wiz_keys Tab Tab Tab Tab
expect "step 5" "Date cutoff"
wiz_keys Tab Tab
expect "step 7, the worklist" "Step 7 of 11: Admin Tool worklist"
wiz_keys Tab
expect "the summary is ready" "Ready: press Tab" 60
wiz_keys Tab
expect "step 9" "Press Enter to write the migration package."
wiz_keys n
expect "n before writing says the package is not written" "The package is not written yet"
wiz_keys Enter
expect "the package is written" "Done:" 60
expect "every file is listed, warnings.tsv too" "warnings.tsv"
expect "the screen points to the next steps" "n for the next steps"
wiz_keys n
expect "n shows the next steps" "Next steps, in order"
expect "with runbook.ps1's arguments" "runbook.ps1 -PoolFqdn"
expect "and the checks after" "pcmigrate verify --plan"
batch_line=$(grep "^2\. " "$WIZ_TMP/batch.out" | cut -c1-60)
expect "the same text as migrate --out" "$batch_line"
wiz_keys q
expect "q closes it" "Files written in"
wiz_keys Tab
expect "the warnings step" "Step 10 of"
wiz_keys Tab
expect "the last step" "Step 11 of"
wiz_keys Tab
expect "Tab on the last step shows the next steps" "Next steps, in order"
wiz_keys q
expect "and says so" "This is the last step: Tab shows the next steps again"

wiz_keys q y
wiz_wait_exit >/dev/null
echo "1..$WIZ_N"
exit $WIZ_FAILED
