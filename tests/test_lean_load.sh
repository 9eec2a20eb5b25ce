#!/bin/sh
# SPDX-License-Identifier: MIT
# check and migrate given --plan read the plan first and load lean: the
# messages before its cutoff and the file links are counted per room, no
# day histograms, no list of every link (copy-files.cmd then takes the
# links from the messages as they stream). Without --plan (the plan's
# path comes from the source) they load as before. Both loads must give
# the same report and the same package, byte for byte.
set -u
PCM=${PCMIGRATE_BIN:?}
DATA=${PCMIGRATE_DATADIR:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_STATE_HOME="$T/state"
S="$T/contoso.xml"
cp "$DATA/sample/contoso.xml" "$S"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }

echo 1..6
# a plan at the source's default path, with a cutoff inside the history
"$PCM" plan --source "snapshot:$S" --cutoff 2012-03-01 --override-backup "lean load test" \
	--pool pchat.contoso.com >/dev/null 2>&1
PLAN="$XDG_STATE_HOME/pcmigrate/KRSEL-SQL01_GROUPCHAT-GroupChatDB-$(sha256sum "$S" | cut -c1-8).plan.xml"
# disable what blocks, so both runs write a package
set -- $("$PCM" check --source "snapshot:$S" --tsv 2>/dev/null |
	awk -F'\t' '$2 == "block" && $4 ~ /^[0-9]+$/ { print "--disable", $4 }' | sort -u)
[ $# -eq 0 ] || "$PCM" plan --source "snapshot:$S" "$@" >/dev/null 2>&1
[ -f "$PLAN" ] && ok "the plan is at the source's default path" || no "no plan at $PLAN"

"$PCM" check --source "snapshot:$S" --tsv >"$T/full.tsv" 2>&1
"$PCM" check --source "snapshot:$S" --plan "$PLAN" --tsv >"$T/lean.tsv" 2>&1
if cmp -s "$T/full.tsv" "$T/lean.tsv" && grep -q CUTOFF-DROPS "$T/lean.tsv" &&
   grep -q '	FILES	' "$T/lean.tsv"; then
	ok "check: the same findings (cutoff drops and file counts among them)"
else
	no "check differs between the two loads"; diff "$T/full.tsv" "$T/lean.tsv" | sed 's/^/# /' | head -20
fi

"$PCM" migrate --source "snapshot:$S" --out "$T/full" >/dev/null 2>&1; a=$?
"$PCM" migrate --source "snapshot:$S" --plan "$PLAN" --out "$T/lean" >/dev/null 2>&1; b=$?
[ "$a" = 0 ] && [ "$b" = 0 ] && ok "migrate writes a package both ways" ||
	no "migrate exit statuses $a and $b"

same=1
for f in "$T"/full/*; do
	g="$T/lean/$(basename "$f")"
	cmp -s "$f" "$g" || { same=0; echo "# $(basename "$f") differs"; diff "$f" "$g" | head -10 | sed 's/^/# /'; }
done
[ "$same" = 1 ] && [ "$(ls "$T/full" | wc -l)" -ge 7 ] &&
	ok "migrate: every package file identical" || no "the packages differ"

grep -q '^robocopy ' "$T/lean/copy-files.cmd" &&
	ok "copy-files.cmd from the streamed messages lists the files" ||
	no "copy-files.cmd has no robocopy line"
links=$(grep -c '^robocopy ' "$T/lean/copy-files.cmd")
declared=$(sed -n 's/^REM \([0-9]*\) file links in .*/\1/p' "$T/lean/copy-files.cmd" | tr -d '\r')
[ -n "$declared" ] && [ "$links" -le "$declared" ] && [ "$links" -gt 0 ] &&
	ok "its header counts the links ($declared; $links distinct per room)" ||
	no "header count '$declared' against $links lines"
