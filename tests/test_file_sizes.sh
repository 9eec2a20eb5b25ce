#!/bin/sh
# SPDX-License-Identifier: MIT
# Sizes of the uploaded files on the bundled sample (TAP): check, migrate
# (warnings.tsv, copy-files.cmd) and inspect with tests/data/filestore/
# contoso.tsv, a listing of the sample's file store in every path form an
# admin's tool writes; the same from a folder (--file-store); errors in
# the listing name file:line and exit 2; without a listing the size is
# reported unknown, never 0.
#
# The listing (see its header) lists every file the sample links except
# two, one in room 7 and one in room 57; it adds a file nobody links and
# lists one file twice. The migrated rooms' files total 3437648 bytes;
# room 36 (Hanbit Firmware) holds 15 files of 865240 bytes.
: "${PCMIGRATE_BIN:?}" "${PCMIGRATE_DATADIR:?}"
BIN=$PCMIGRATE_BIN
SAMPLE=$PCMIGRATE_DATADIR/sample/contoso.xml
LISTING=${top_srcdir:-.}/tests/data/filestore/contoso.tsv

if [ ! -x "$BIN" ] || [ ! -f "$SAMPLE" ] || [ ! -f "$LISTING" ]; then
	echo "1..0 # SKIP pcmigrate, the sample or the listing is missing"
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/pcm-fsizes-XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
XDG_STATE_HOME=$T/state
export XDG_STATE_HOME
LC_ALL=C.UTF-8
export LC_ALL
SRC=snapshot:$SAMPLE
PLAN=$T/plan.xml

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# field CODE ID FILE: the message of the finding with this code and id
field() { awk -F '\t' -v c="$1" -v i="$2" '$3 == c && $4 == i { print $6 }' "$3"; }

echo "1..22"

# without a listing
"$BIN" check --source "$SRC" --plan "$PLAN" --tsv >"$T/none.tsv" 2>"$T/err"
msg=$(field FILE-STORE - "$T/none.tsv")
case $msg in
*unknown*--file-sizes*) ok "without a listing FILE-STORE says the size is unknown and how to give it" ;;
*) not_ok "without a listing FILE-STORE says the size is unknown and how to give it" "$msg" ;;
esac
check "without a listing no finding prints a size of 0" \
	test -z "$(awk -F '\t' '$3 ~ /^FILE/ && $6 ~ /(^| )0 bytes/' "$T/none.tsv")"

# with the listing
"$BIN" check --source "$SRC" --plan "$PLAN" --tsv --file-sizes "$LISTING" >"$T/with.tsv" 2>"$T/err"
rc=$?
check "check with a listing exits as without one (1: names block; got $rc)" test "$rc" -eq 1
msg=$(awk -F '\t' '$3 == "FILE-STORE" { print $6 }' "$T/with.tsv")
case $msg in
*"65 files"*"3.3 MiB (3437648 bytes)"*"not there: 2") ok "FILE-STORE gives the total of the files to copy and the missing count" ;;
*) not_ok "FILE-STORE gives the total of the files to copy and the missing count" "$msg" ;;
esac
msg=$(field FILES 36 "$T/with.tsv")
case $msg in
*"15 uploaded files, 845.0 KiB (865240 bytes)"*) ok "FILES of room 36 carries count and bytes" ;;
*) not_ok "FILES of room 36 carries count and bytes" "$msg" ;;
esac
msg=$(field FILES 7 "$T/with.tsv")
case $msg in
*"found in the store: 12"*"not found: 1"*) ok "FILES of room 7 says one file is not found" ;;
*) not_ok "FILES of room 7 says one file is not found" "$msg" ;;
esac
ids=$(awk -F '\t' '$3 == "FILES-MISSING" { print $2 ":" $4 }' "$T/with.tsv" | tr '\n' ' ')
check "FILES-MISSING: one warning in room 7 and one in room 57 (got $ids)" \
	test "$ids" = "warning:7 warning:57 "
check "FILES-MISSING names the link" \
	grep -q "FILES-MISSING.*MGCFileStore/57/e20e7ceb-5278-5577-b92d-ba05fc5ef5d4/Q1_forecast.xlsx" "$T/with.tsv"

# the package: a plan that resolves the blockers, then --out with the listing
"$BIN" plan --source "$SRC" --plan "$PLAN" --override-backup "test" >/dev/null 2>&1
args=
for id in $(awk -F '\t' '$2 == "block" && $3 ~ /^NAME-/ { print $4 }' "$T/with.tsv" | sort -u); do
	args="$args --rename $id=R$id"
done
# shellcheck disable=SC2086
"$BIN" plan --source "$SRC" --plan "$PLAN" $args >/dev/null 2>"$T/err"
"$BIN" migrate --source "$SRC" --plan "$PLAN" --out "$T/pkg" --file-sizes "$LISTING" >"$T/out" 2>"$T/err"
rc=$?
check "migrate --out with the listing exits 0 (got $rc)" test "$rc" -eq 0
msg=$(field FILES 36 "$T/pkg/warnings.tsv")
case $msg in
*"(865240 bytes)"*) ok "warnings.tsv carries the bytes of room 36" ;;
*) not_ok "warnings.tsv carries the bytes of room 36" "$msg" ;;
esac
check "warnings.txt carries the total" grep -q "3437648 bytes" "$T/pkg/warnings.txt"
check "copy-files.cmd: the total" grep -q "^REM 65 distinct files to copy, 3.3 MiB (3437648 bytes) in total.*2 linked files are not in it" "$T/pkg/copy-files.cmd"
room36=$(grep -A1 "^REM room nodeID 36" "$T/pkg/copy-files.cmd" | tail -1)
case $room36 in
"REM 15 files, 845.0 KiB (865240 bytes)"*) ok "copy-files.cmd: a comment with room 36's total" ;;
*) not_ok "copy-files.cmd: a comment with room 36's total" "$room36" ;;
esac

# inspect
"$BIN" inspect --source "$SRC" --file-sizes "$LISTING" >"$T/inspect" 2>"$T/err"
check "inspect prints the total" grep -q "3.3 MiB (3437648 bytes) in 65 files" "$T/inspect"

# a folder holding the store: every listed file, made to its size
mkdir -p "$T/store"
ok_made=true
grep -v '^#' "$LISTING" | tr '\\' '/' | while IFS="$(printf '\t')" read -r size path; do
	case $path in
	//*) path=${path#//*/*/} ;;   # \\HOST\SHARE\ off
	/mnt/mgcfilestore/*) path=${path#/mnt/mgcfilestore/} ;;
	esac
	mkdir -p "$T/store/$(dirname "$path")" && head -c "$size" /dev/zero >"$T/store/$path" || exit 1
done || ok_made=false
"$BIN" check --source "$SRC" --plan "$PLAN" --tsv --file-store "$T/store" >"$T/dir.tsv" 2>"$T/err"
msg=$(awk -F '\t' '$3 == "FILE-STORE" { print $6 }' "$T/dir.tsv")
case $msg in
*"(3437648 bytes)"*"not there: 2") $ok_made && ok "--file-store gives the same total" || not_ok "--file-store: could not build the folder" ;;
*) not_ok "--file-store gives the same total" "$msg" "$(cat "$T/err")" ;;
esac

# errors name file:line and exit 2
{ head -5 "$LISTING"; printf '12x\tsome/file\n'; } >"$T/bad.tsv"
"$BIN" check --source "$SRC" --plan "$PLAN" --file-sizes "$T/bad.tsv" >"$T/out" 2>"$T/err"
rc=$?
check "a bad line exits 2 (got $rc)" test "$rc" -eq 2
check "the message names file:line" grep -q "bad.tsv:6: expected SIZE<TAB>PATH" "$T/err"

# the wizard takes the same option, and refuses the same bad listing
"$BIN" --source "$SRC" --plan "$PLAN" --file-sizes "$T/bad.tsv" </dev/null >"$T/out" 2>"$T/err"
rc=$?
check "the wizard refuses a bad listing with exit 2 (got $rc)" test "$rc" -eq 2
check "... naming file:line" grep -q "bad.tsv:6: expected SIZE<TAB>PATH" "$T/err"

# ... and shows the sizes a good listing gives: the warnings pane (step 10,
# reached by a replay from step 1) carries the store's total in bytes;
# without the listing the same walk shows none
printf 'n<Tab><Tab><Tab>y<Tab><Tab><Tab><Tab><Tab>y<Tab>y' >"$T/walk.keys"
for with in listing none; do
	set -- --file-sizes "$LISTING"
	[ "$with" = none ] && set --
	"$BIN" plan --source "$SRC" --plan "$T/wiz-$with.xml" --override-backup "file sizes test" \
		>/dev/null 2>&1
	XDG_STATE_HOME=$T/state-wiz-$with "$BIN" --source "$SRC" --plan "$T/wiz-$with.xml" "$@" \
		--replay "$T/walk.keys" --dump-screen --size 120x40 >"$T/wiz-$with.screen" 2>"$T/err"
done
check "the wizard reaches the warnings pane" grep -q "Step 10 of 11: Warnings" "$T/wiz-listing.screen"
check "... with the listing: FILE-STORE gives the total in bytes" \
	grep -q "FILE-STORE .*(3437648 bytes) in total" "$T/wiz-listing.screen"
check "... without it: no size" sh -c "grep -q 'Step 10 of 11' '$T/wiz-none.screen' && ! grep -q '3437648' '$T/wiz-none.screen'"
