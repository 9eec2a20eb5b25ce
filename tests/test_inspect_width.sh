#!/bin/sh
# SPDX-License-Identifier: MIT
# pcmigrate inspect pads its columns by display width (TAP): a principal
# type named in Hangul (3 syllables, 9 bytes, 6 columns) gets 18 spaces
# up to the 24-column label, not 15, so its count lines up with the rest.
: "${PCMIGRATE_BIN:=./pcmigrate}" "${top_srcdir:=.}"
small=$top_srcdir/tests/data/snapshot/small.xml
if [ ! -x "$PCMIGRATE_BIN" ] || [ ! -f "$small" ]; then
	echo "1..0 # SKIP pcmigrate or the small fixture is missing"
	exit 0
fi
LC_ALL=C.UTF-8; LANGUAGE=; export LC_ALL LANGUAGE
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "1..2"
sed 's/ptypeDesc="User"/ptypeDesc="사용자"/' "$small" >"$tmp/hangul.xml"
"$PCMIGRATE_BIN" inspect --source "snapshot:$tmp/hangul.xml" >"$tmp/out" 2>"$tmp/err"
want="  사용자                        2"
if grep -qxF "$want" "$tmp/out"; then
	echo "ok 1 - the Hangul label is padded to 24 columns"
else
	echo "not ok 1 - the Hangul label is padded to 24 columns"
	grep -F "사용자" "$tmp/out" | sed 's/^/# got: /'
fi
# the count of the Hangul line ends in the same byte column as an ASCII
# line's would end in display columns: 2 + 24 + 1 + 6 = 33 columns each
ascii=$(grep -F "  Group " "$tmp/out" | head -1)
if [ "${#ascii}" -eq 33 ] && grep -qxF "  Group                         1" "$tmp/out"; then
	echo "ok 2 - ASCII labels unchanged"
else
	echo "not ok 2 - ASCII labels unchanged"
	echo "# got: $ascii"
fi
