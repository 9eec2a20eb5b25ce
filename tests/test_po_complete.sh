#!/bin/sh
# SPDX-License-Identifier: MIT
# The Korean catalog covers every message of the program: po/POTFILES.in
# lists every source file with _(), N_() or P_() strings, msgfmt -c accepts
# po/ko.po, and it leaves nothing untranslated or fuzzy, neither as
# committed nor merged with a template made from today's sources. No
# msgstr falls back on a particle pair such as 을(를) or (이)가. Skips
# when msgfmt is missing.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
PO="$top_srcdir/po/ko.po"
echo "1..5"
if ! command -v msgfmt >/dev/null 2>&1; then
	for i in 1 2 3 4 5; do echo "ok $i # SKIP msgfmt is not installed"; done
	exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/test_po_complete.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export LC_ALL=C

# 1. POTFILES.in: every file with marked strings, and only files that exist
(cd "$top_srcdir" && grep -lE '(^|[^A-Za-z0-9_])(_|N_|P_)\(' $(find src/ ui/ -name '*.c' | sort)) \
	> "$T/marked"
grep -v -e '^#' -e '^[[:space:]]*$' "$top_srcdir/po/POTFILES.in" > "$T/listed"
missing=$(grep -vxF -f "$T/listed" "$T/marked")
gone=$(while read -r f; do [ -f "$top_srcdir/$f" ] || echo "$f"; done < "$T/listed")
if [ -z "$missing$gone" ]; then
	echo "ok 1 - po/POTFILES.in lists every source file with translatable strings"
else
	echo "not ok 1 - po/POTFILES.in misses:" $missing "; lists absent files:" $gone
fi

# 2. the catalog compiles with format and header checks
if msgfmt -c -o /dev/null "$PO" 2> "$T/err"; then
	echo "ok 2 - msgfmt -c accepts po/ko.po"
else
	echo "not ok 2 - msgfmt -c rejects po/ko.po:"; sed 's/^/# /' "$T/err"
fi

# "N translated messages, M fuzzy translations, K untranslated messages."
complete() {
	msgfmt --statistics -o /dev/null "$1" 2> "$T/stat"
	cat "$T/stat" | sed 's/^/# /'
	! grep -qE 'fuzzy|untranslated' "$T/stat"
}

# 3. as committed
if complete "$PO"; then
	echo "ok 3 - po/ko.po has no untranslated or fuzzy message"
else
	echo "not ok 3 - po/ko.po has untranslated or fuzzy messages"
fi

# 4. merged with the template of today's sources (as make -C po update-po)
if ! command -v xgettext >/dev/null 2>&1 || ! command -v msgmerge >/dev/null 2>&1; then
	echo "ok 4 # SKIP xgettext or msgmerge is not installed"
elif ! (cd "$top_srcdir" && xgettext -o "$T/new.pot" --from-code=UTF-8 --keyword=_ \
		--keyword=N_ --keyword=P_:1,2 --files-from=po/POTFILES.in) 2> "$T/err"; then
	echo "not ok 4 - xgettext fails on the sources:"; sed 's/^/# /' "$T/err"
elif msgmerge -q -o "$T/merged.po" "$PO" "$T/new.pot" && complete "$T/merged.po"; then
	echo "ok 4 - po/ko.po translates every message of today's sources"
else
	echo "not ok 4 - messages of today's sources that po/ko.po does not translate:"
	msgattrib --only-fuzzy "$T/merged.po" 2>/dev/null | grep '^msgid' | sed 's/^/# /'
	msgattrib --untranslated "$T/merged.po" 2>/dev/null | grep '^msgid' | sed 's/^/# /'
fi

# 5. no particle pair left for the reader to choose from
msgattrib --no-obsolete --no-wrap --translated "$PO" 2>/dev/null |
	grep -E '^(msgstr|")' | grep -E '을\(를\)|\(을\)를|이\(가\)|\(이\)가|은\(는\)|\(은\)는|과\(와\)|와\(과\)|\(으\)로' \
	> "$T/pairs" || true
if [ ! -s "$T/pairs" ]; then
	echo "ok 5 - no msgstr falls back on a particle pair like 을(를)"
else
	echo "not ok 5 - msgstrs with a particle pair:"; sed 's/^/# /' "$T/pairs"
fi
