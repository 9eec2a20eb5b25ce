# SPDX-License-Identifier: MIT
# Shared by the tmux end-to-end tests of the wizard (tests/test_wizard_*.sh).
# Drives the real binary in a detached tmux server of its own (-L socket,
# -f /dev/null), fixed size, TERM set; reads the screen with capture-pane
# and polls until the expected text appears instead of sleeping.
# Prints TAP. Skips the whole test when tmux is absent.

: "${PCMIGRATE_BIN:=${top_builddir:-.}/pcmigrate}"
: "${PCMIGRATE_DATADIR:=${top_srcdir:-.}/data}"
export PCMIGRATE_DATADIR

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
if [ ! -x "$PCMIGRATE_BIN" ]; then
	echo "1..0 # SKIP $PCMIGRATE_BIN is not built"
	exit 0
fi

WIZ_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pcm-wiz.XXXXXX")
WIZ_RUN=0
WIZ_SOCK="pcmwiz-$$-0"
WIZ_TIMEOUT=${WIZ_TIMEOUT:-20}
WIZ_N=0
WIZ_FAILED=0
export XDG_STATE_HOME="$WIZ_TMP/state"
# the sample's default plan: named after its server, database and digest
WIZ_PLAN="$XDG_STATE_HOME/pcmigrate/KRSEL-SQL01_GROUPCHAT-GroupChatDB-$(sha256sum \
	"$PCMIGRATE_DATADIR/sample/contoso.xml" | cut -c1-8).plan.xml"

wiz_tmux() {
	tmux -L "$WIZ_SOCK" -f /dev/null "$@"
}

wiz_cleanup() {
	wiz_tmux kill-server >/dev/null 2>&1
	rm -rf "$WIZ_TMP"
}
trap wiz_cleanup EXIT

# wiz_start COLSxROWS TERM [ENV=VALUE...] -- [pcmigrate arguments]
# Starts the wizard in the test's tmux server; the pane stays after the
# program ends so its exit status can be read.
wiz_start() {
	size=$1 term=$2
	shift 2
	envs=""
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs="$envs $1"
		shift
	done
	[ "$1" = "--" ] && shift
	wiz_tmux kill-server >/dev/null 2>&1
	# a fresh server per start: no race with the one going away
	WIZ_RUN=$((WIZ_RUN + 1))
	WIZ_SOCK="pcmwiz-$$-$WIZ_RUN"
	rm -f "$WIZ_TMP/status"
	# A small shell stays in front and writes the wizard's exit status to a
	# file (128+N for signal N): tmux may mark the pane dead before it knows
	# the status. "trap : INT" keeps the shell alive through Ctrl-C without
	# changing what the wizard gets (a caught signal is reset by exec).
	# wiz_pid gives the wizard's own pid for tests that signal it.
	run="trap : INT; env TERM=$term LANG=${WIZ_LANG:-C.UTF-8} LC_ALL= XDG_STATE_HOME=$XDG_STATE_HOME PCMIGRATE_DATADIR=$PCMIGRATE_DATADIR $envs $PCMIGRATE_BIN $* 2>$WIZ_TMP/stderr; echo \$? >$WIZ_TMP/status"
	wiz_tmux new-session -d -s pcm -x "${size%x*}" -y "${size#*x}" "$run"
	wiz_tmux set-option -t pcm remain-on-exit on >/dev/null
	wiz_tmux set-option -g window-size manual >/dev/null 2>&1
}

# The screen as text.
wiz_screen() {
	wiz_tmux capture-pane -p -t pcm 2>/dev/null
}

# wiz_wait TEXT [SECONDS]: polls the screen until TEXT (fixed string)
# shows; 0 if it did, 1 after the timeout.
wiz_wait() {
	text=$1 limit=${2:-$WIZ_TIMEOUT}
	i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		if wiz_screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wiz_pid: the wizard's own pid (the child of the shell in front of it).
wiz_pid() {
	pgrep -P "$(wiz_tmux display-message -p -t pcm '#{pane_pid}')" | head -1
}

# wiz_keys KEY...: tmux key names (Tab, Enter, BTab, Down, C-u, Space...).
wiz_keys() {
	wiz_tmux send-keys -t pcm "$@"
}

# wiz_type TEXT: literal text (UTF-8 included).
wiz_type() {
	wiz_tmux send-keys -t pcm -l -- "$1"
}

# "1:STATUS" or "1:sigN" once the program ended, "0:" while it runs.
wiz_dead_status() {
	wiz_tmux display-message -p -t pcm '#{pane_dead}:#{pane_dead_status}#{?pane_dead_signal,sig#{pane_dead_signal},}' 2>/dev/null
}

# wiz_wait_exit [SECONDS]: waits for the program to end, prints its status
# ("0", "sig15"); tmux's own "Pane is dead (...)" line is the fallback
# when its status variables lag behind under load.
wiz_wait_exit() {
	limit=${1:-60}
	i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		# The shell in front writes the status before it exits, so once the
		# pane is dead the file is the truth; tmux's own status (that of the
		# shell) counts only when the shell itself was killed first.
		st=$(wiz_dead_status)
		line=$(wiz_screen | grep -o 'Pane is dead ([a-z]* [0-9]*' | head -1)
		if [ -s "$WIZ_TMP/status" ]; then
			v=$(cat "$WIZ_TMP/status")
			if [ "$v" -gt 128 ]; then echo "sig$((v - 128))"; else echo "$v"; fi
			return 0
		fi
		case "$st" in
		1:?*) echo "${st#1:}"; return 0 ;;
		esac
		case "$line" in
		*signal*) echo "sig${line##* }"; return 0 ;;
		*status*) echo "${line##* }"; return 0 ;;
		esac
		sleep 0.05
		i=$((i + 1))
	done
	echo "running($(wiz_dead_status))"
	return 1
}

# TAP helpers.
ok() {
	WIZ_N=$((WIZ_N + 1))
	echo "ok $WIZ_N - $1"
}
not_ok() {
	WIZ_N=$((WIZ_N + 1))
	WIZ_FAILED=1
	echo "not ok $WIZ_N - $1"
	wiz_screen | sed 's/^/# | /'
}
# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	d=$1
	shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
# expect DESCRIPTION TEXT [SECONDS]: ok when TEXT shows on the screen.
expect() {
	if wiz_wait "$2" "${3:-$WIZ_TIMEOUT}"; then ok "$1"; else not_ok "$1 (waited for: $2)"; fi
}

# Saves the current screen as docs/screens/NAME.txt when SCREENS_DIR is set
# (make screens), trailing blanks removed.
wiz_shot() {
	[ -n "${SCREENS_DIR:-}" ] || return 0
	mkdir -p "$SCREENS_DIR"
	# machine-specific paths replaced, so the captures do not change per machine
	wiz_screen | sed -e 's/[[:space:]]*$//' -e "s|$WIZ_TMP|/tmp/pcm|g" \
		-e "s|$PCMIGRATE_DATADIR|/usr/share/pcmigrate|g" > "$SCREENS_DIR/$1.txt"
}

# Seeds a plan with the batch command (the same plan file the wizard uses).
wiz_plan() {
	mkdir -p "$(dirname "$WIZ_PLAN")"
	"$PCMIGRATE_BIN" plan --plan "$WIZ_PLAN" "$@" >/dev/null
}
