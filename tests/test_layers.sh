#!/bin/sh
# SPDX-License-Identifier: MIT
# The layers (HACKING): every #include in src/ and ui/ points to its own
# folder or to one the table below allows, so no folder reaches up and no
# circle of folders can form. Then the same on the built libraries: no
# library leaves undefined a symbol that only a library above it
# defines (an upward call). Then the checker is shown to fail on a
# planted upward include, and on a folder the table does not know.
: "${top_srcdir:=.}" "${top_builddir:=.}"
n=0
failed=0
tap() {   # tap STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

# folder: the folders its files may include (besides its own)
LAYER_TABLE='
base:
model: base
source: model base
rules: source model base
engine: rules source model base
app: engine rules source model base
cli: app engine rules source model base
widgets: base
ui: widgets app engine rules source model base
main: cli ui widgets app engine rules source model base
'

# folder_of PATH (relative to the tree): the layer name of a file.
folder_of() {
	case $1 in
	src/main.c) echo main ;;
	src/*/*) d=${1#src/}; echo "${d%%/*}" ;;
	ui/widgets/*) echo widgets ;;
	ui/*/*) d=${1#ui/}; echo "ui/${d%%/*}" ;;
	ui/*) echo ui ;;
	*) echo "?" ;;
	esac
}

allowed() {   # allowed FROM TO: 0 when FROM may include TO
	[ "$1" = "$2" ] && return 0
	line=$(printf '%s\n' "$LAYER_TABLE" | grep "^$1:") || return 1
	case " ${line#*:} " in *" $2 "*) return 0 ;; esac
	return 1
}

# check_tree ROOT: prints one line per wrong include; status 1 if any.
check_tree() {
	root=$1
	bad=0
	for f in $(cd "$root" && find src ui -name '*.[ch]' | sort); do
		from=$(folder_of "$f")
		if ! printf '%s\n' "$LAYER_TABLE" | grep -q "^$from:"; then
			echo "$f: folder '$from' is not in the layer table of tests/test_layers.sh"
			bad=1
			continue
		fi
		dir=$(dirname "$f")
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$root/$f" |
		sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' > "$tmp/incs"
		while read -r line inc; do
			[ "$inc" = config.h ] && continue
			target=
			for cand in "$dir/$inc" "src/$inc" "ui/$inc"; do
				if [ -f "$root/$cand" ]; then target=$cand; break; fi
			done
			if [ -z "$target" ]; then
				echo "$f:$line: includes \"$inc\", which is in no layer folder"
				bad=1
				continue
			fi
			to=$(folder_of "$target")
			if ! allowed "$from" "$to"; then
				echo "$f:$line: $from may not include $to (\"$inc\"): layers point down"
				bad=1
			fi
		done < "$tmp/incs"
	done
	return $bad
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pcm-layers.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
echo "1..5"

out=$(check_tree "$top_srcdir"); st=$?
[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
tap $st "every #include in src/ and ui/ points down the layer table"

# Upward calls in the built libraries: a symbol a library needs that it
# and the layers below it do not define, but a layer above does.
libs="base:src/base/libbase.a model:src/model/libmodel.a source:src/source/libsource.a
rules:src/rules/librules.a engine:src/engine/libengine.a app:src/app/libapp.a
cli:src/cli/libcli.a widgets:ui/widgets/libwidgets.a ui:ui/libui.a"
have=1
for l in $libs; do [ -f "$top_builddir/${l#*:}" ] || have=0; done
if [ $have = 1 ] && command -v nm >/dev/null; then
	for l in $libs; do
		nm -g --defined-only "$top_builddir/${l#*:}" 2>/dev/null |
		awk -v lay="${l%%:*}" 'NF == 3 { print $3, lay }' >> "$tmp/defs"
	done
	up=0
	for l in $libs; do
		from=${l%%:*}
		nm -u "$top_builddir/${l#*:}" 2>/dev/null | awk '{ print $NF }' | sort -u > "$tmp/undef"
		while read -r sym; do
			def=$(awk -v s="$sym" '$1 == s { print $2; exit }' "$tmp/defs")
			[ -z "$def" ] && continue          # libc, libxml2, FreeTDS...
			if ! allowed "$from" "$def"; then
				echo "# ${l#*:} calls $sym, defined in the $def layer above it"
				up=1
			fi
		done < "$tmp/undef"
	done
	tap $up "no library calls a layer above it (nm)"
else
	echo "ok 2 # SKIP the libraries are not built"
	n=2
fi

# The checker fails on a planted upward include, naming file and line.
mkdir -p "$tmp/tree"
cp -R "$top_srcdir/src" "$top_srcdir/ui" "$tmp/tree/"
printf '#include "rules/checks.h"\n' >> "$tmp/tree/src/base/util.c"
out=$(check_tree "$tmp/tree"); st=$?
case $out in *"src/base/util.c:"*"base may not include rules"*) named=0 ;; *) named=1 ;; esac
[ $st -ne 0 ] && [ $named -eq 0 ]; tap $? "a planted upward include (base -> rules) fails, naming the file and line"

# ... and on a new folder nobody put in the table.
rm -rf "$tmp/tree"; mkdir -p "$tmp/tree"
cp -R "$top_srcdir/src" "$top_srcdir/ui" "$tmp/tree/"
mkdir -p "$tmp/tree/src/newlayer"
printf '#include "base/util.h"\n' > "$tmp/tree/src/newlayer/x.c"
out=$(check_tree "$tmp/tree"); st=$?
case $out in *"folder 'newlayer' is not in the layer table"*) named=0 ;; *) named=1 ;; esac
[ $st -ne 0 ] && [ $named -eq 0 ]; tap $? "a folder missing from the layer table fails"
# The libraries each stay where HACKING says: FreeTDS in source_tds.c
# alone, curses in ui/ alone, libxml2 in the snapshot reader and writer,
# the plan and the package writers.
confined() {   # confined PATTERN ALLOWED-REGEX
	(cd "$top_srcdir" && grep -l -E "^[[:space:]]*#[[:space:]]*include[[:space:]]*<($1)" \
		$(find src ui -name '*.[ch]') 2>/dev/null) | grep -v -E "$2"
}
stray=$(confined 'sybdb|sybfront' '^src/source/source_tds\.c$'
	confined 'n?cursesw?\.h|ncursesw/' '^ui/'
	confined 'libxml/' '^src/source/snapshot_(shape|stream|writer)\.c$|^src/rules/plan\.c$|^src/engine/package_')
[ -n "$stray" ] && printf '# outside its place: %s\n' $stray
[ -z "$stray" ]; tap $? "FreeTDS, curses and libxml2 are included only where HACKING says"
exit $failed
