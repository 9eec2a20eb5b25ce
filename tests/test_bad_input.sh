#!/bin/bash
# SPDX-License-Identifier: MIT
# The bad-input corpus: every tests/bad/*.case runs the real binary on a
# malformed snapshot, plan or command line and must give exactly the
# expected stderr and exit status (and never crash, hang or eat memory).
#
# A case file holds lines "key: value":
#   args:   the command line after "pcmigrate" (shell words)
#   {F}     anywhere in a case: the file tests/bad/F, copied into the
#           case's scratch folder and named there as F
#   gen:    FILE FUNCTION ARGS...: FILE made at test time by a generator
#           below (large inputs are never checked in)
#   setup:  a shell command run first in the scratch folder ($PCM runs the
#           binary); output ignored, must succeed
#   status: the expected exit status
#   stderr: one line of the expected stderr (repeat for more lines; the
#           whole stderr must match); "stderr: <none>" for an empty one
#   stdout~: a fixed string stdout must contain (optional)
#   stderr-head: yes: the stderr lines given need only begin stderr (for
#           a message followed by the usage text)
#   unless-root: yes: skipped when run as root (permission cases)
#   #       comment: what the case attacks
# Cases run with cwd = the scratch folder, so messages name files as given.
# BAD_RECORD=1 prints what each case gives instead (to write a new case).
: "${PCMIGRATE_BIN:?}" "${top_srcdir:?}"
bad="$top_srcdir/tests/bad"
. "$top_srcdir/tests/reliability-lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/pcm-bad.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8 LANGUAGE= NO_COLOR=1 XDG_STATE_HOME="$work/state"
PCM=$PCMIGRATE_BIN
export PCM
asan=
if nm "$PCMIGRATE_BIN" 2>/dev/null | grep -q __asan_init; then
	asan=1
fi

cases=$(ls "$bad"/*.case | sort)
echo "1..$(echo "$cases" | wc -l)"
n=0
for c in $cases; do
	n=$((n + 1))
	name=$(basename "$c" .case)
	dir="$work/$name"
	mkdir -p "$dir"
	args=
	status=
	want="$dir/.want"
	: >"$want"
	stdout_has=
	head_only=
	unless_root=
	setup_ok=1
	# every {FILE} the case names comes from tests/bad
	for f in $(grep -oE '\{[A-Za-z0-9_-]+\.[A-Za-z0-9.]+\}' "$c" | tr -d '{}' | sort -u); do
		cp "$bad/$f" "$dir/$f" || setup_ok=0
	done
	while IFS= read -r line; do
		line=$(printf '%s' "$line" | sed -E 's/\{([A-Za-z0-9_-]+\.[A-Za-z0-9.]+)\}/\1/g')
		case $line in
		"args: "*) args=${line#args: } ;;
		"status: "*) status=${line#status: } ;;
		"stderr: <none>") ;;
		"stderr: "*) printf '%s\n' "${line#stderr: }" >>"$want" ;;
		"stdout~: "*) stdout_has=${line#stdout~: } ;;
		"stderr-head: yes") head_only=1 ;;
		"unless-root: yes") unless_root=1 ;;
		"gen: "*)
			set -- ${line#gen: }
			f=$1
			shift
			(cd "$dir" && "$@" >"$f") || setup_ok=0 ;;
		"setup: "*)
			(cd "$dir" && eval "${line#setup: }") >>"$dir/.setup.log" 2>&1 || setup_ok=0 ;;
		esac
	done <"$c"
	if [ -n "$unless_root" ] && [ "$(id -u)" = 0 ]; then
		echo "ok $n - $name # SKIP root reads any file"
		continue
	fi
	if grep -qs "not built yet" "$dir/.setup.log"; then
		echo "ok $n - $name # SKIP a command the setup needs is not built yet"
		continue
	fi
	if [ $setup_ok = 0 ]; then
		echo "not ok $n - $name: setup failed"
		sed 's/^/# /' "$dir/.setup.log" 2>/dev/null | head -20
		continue
	fi
	# a minute and (outside ASan) 2 GB at most: entity bombs and deep
	# trees must neither hang nor eat the machine
	(
		cd "$dir" || exit 125
		[ -z "$asan" ] && ulimit -v 2097152
		eval "exec timeout 60 \"\$PCMIGRATE_BIN\" $args" >.out 2>.err
	)
	got=$?
	if grep -q "not built yet" "$dir/.err"; then
		echo "ok $n - $name # SKIP the command is not built yet"
		continue
	fi
	if [ -n "$BAD_RECORD" ]; then
		echo "ok $n - $name"
		echo "# status: $got"
		sed 's/^/# stderr: /' "$dir/.err"
		continue
	fi
	if [ -n "$head_only" ]; then
		head -n "$(wc -l <"$want")" "$dir/.err" >"$dir/.errhead"
	else
		cp "$dir/.err" "$dir/.errhead"
	fi
	if [ "$got" = "$status" ] && cmp -s "$want" "$dir/.errhead" &&
	   { [ -z "$stdout_has" ] || grep -qF -- "$stdout_has" "$dir/.out"; }; then
		echo "ok $n - $name (exit $got)"
	else
		echo "not ok $n - $name: exit $got, expected $status"
		diff "$want" "$dir/.errhead" | head -20 | sed 's/^/# /'
		[ -n "$stdout_has" ] && ! grep -qF -- "$stdout_has" "$dir/.out" &&
			echo "# stdout lacks: $stdout_has"
	fi
done
