#!/bin/sh
# SPDX-License-Identifier: MIT
# The man page's WIZARD section names every key the wizard binds: each key
# name of every keymap in ui/ (the help screen's source) must appear as a
# bold word there, so the page cannot drift from the program.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
MAN="$top_srcdir/man/pcmigrate.1"
T=$(mktemp -d "${TMPDIR:-/tmp}/test_man_keys.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# key names: the third field of each keybind row, { KEY, ACTION, "NAME", ...
cat "$top_srcdir"/ui/*.c "$top_srcdir"/ui/widgets/*.c | grep -o '{ [^{}]*, [A-Z_]*, "[^"]*",' |
	sed 's/.*, "\([^"]*\)",$/\1/' | sort -u > "$T/keys"
# bold words of the section: .B/.BR/.RB lines, roff escapes undone
awk '/^\.SH WIZARD/ { f = 1; next } /^\.SH/ { f = 0 } f' "$MAN" |
	grep -E '^\.(B|BR|RB) ' | sed -e 's/^\.[A-Z]* //' -e 's/\\-/-/g' |
	tr ' ' '\n' | sed -e 's/^[,.;:()]*//' -e 's/[,.;:()]*$//' | grep . | sort -u > "$T/bold"
# names the page spells out in words
alias_of() {
	case $1 in
	S-Tab) echo Shift-Tab ;;
	Up|Down) echo arrow ;;
	*) echo "$1" ;;
	esac
}
n=0
nkeys=$(wc -l < "$T/keys")
echo "1..$((nkeys + 1))"
n=1
if [ "$nkeys" -ge 30 ]; then echo "ok 1 - the keymaps of ui/ name $nkeys keys"; else echo "not ok 1 - only $nkeys key names found in ui/"; fi
while read -r key; do
	n=$((n + 1))
	want=$(alias_of "$key")
	if [ "$want" = arrow ]; then
		awk '/^\.SH WIZARD/ { f = 1; next } /^\.SH/ { f = 0 } f' "$MAN" | grep -q 'arrow keys'
	else
		grep -qxF -- "$want" "$T/bold"
	fi && echo "ok $n - WIZARD names the key $key" || echo "not ok $n - WIZARD does not name the key $key"
done < "$T/keys"
