#!/bin/sh
# SPDX-License-Identifier: MIT
# The TDS password never leaks (issue 8, item 5). With a password made to
# trip quoting bugs, Pw-7f3c$(id)'x, given in PCMIGRATE_PASSWORD or typed
# at the no-echo prompt, the password (its core "Pw-7f3c", in UTF-8 or
# UTF-16) appears in none of: the plan, every file of `migrate --out`
# (warnings.txt and warnings.tsv included), the snapshot, stdout and stderr
# of good and failing runs (wrong password, server gone mid-run, bad URLs,
# a password written into the URL), the argv of the running process
# (/proc/PID/cmdline), its environment block (/proc/PID/environ keeps the
# name with the value wiped), the environment its children would get (no
# children are started; tests/test_secret shows unsetenv), its memory
# after the login (every readable mapping, read through /proc/PID/mem),
# the crash message after SIGSEGV and SIGABRT, and a Ctrl-C at the
# prompt (the terminal mode comes back). "uid=" in an output would mean
# a shell ran $(id): checked too.
: "${top_srcdir:=.}" "${top_builddir:=.}"
if [ ! -x "$top_builddir/tests/tds-server/tds-server" ]; then
	echo "1..0 # SKIP the loopback TDS server (tests/tds-server) is not built"
	exit 0
fi
if ! command -v tsql >/dev/null 2>&1; then
	echo "1..0 # SKIP tsql (FreeTDS) is not installed"
	exit 0
fi
. "$top_srcdir/tests/tds_lib.sh"
SAMPLE="$top_srcdir/data/sample/contoso.xml"
export PCMIGRATE_DATADIR="${PCMIGRATE_DATADIR:-$top_srcdir/data}"
export XDG_STATE_HOME="$WORK/state"
PW='Pw-7f3c$(id)'"'"'x'
CORE='Pw-7f3c'
TDS_PASSWORD=$PW
unset PCMIGRATE_PASSWORD

# clean WHAT FILE...: none of the files (folders searched whole) holds the
# password's core or the output of a shell-expanded $(id) ("uid=0(root)")
clean() {
	what=$1
	shift
	found=$(grep -r -l -a -F -e "$CORE" -e 'uid=[0-9]' -- "$@" 2>/dev/null)
	[ -z "$found" ]
	ok $? "$what" || echo "$found" | sed 's/^/# leaked in: /'
}

# pcm NAME ARGS...: pcmigrate with the password in its environment; output
# in $WORK/NAME.out/.err, status in rc
pcm() {
	out=$1
	shift
	PCMIGRATE_PASSWORD=$PW "$PCMIGRATE" "$@" >"$WORK/$out.out" 2>"$WORK/$out.err" </dev/null
	rc=$?
}

start_server main --fixture "$SAMPLE" --utc-offset 540
ok $? "the server starts with the password $PW" || diag "$WORK/main.err"
URL="tds://sa@127.0.0.1:$PORT/GroupChatDB?lookup=sip:ocschat@contoso.com"

# ---- good runs: every file and stream ----
pcm inspect inspect --source "$URL"
ok $rc "inspect logs in with the password from PCMIGRATE_PASSWORD" || diag "$WORK/inspect.err"
PLAN="$WORK/plan.xml"
pcm plan plan --source "$URL" --plan "$PLAN" --disable 24 --disable 25 --disable 26 \
	--disable 27 --disable 28 --disable 32 --disable 48 --disable 49 \
	--rename 57=Hanbit-Marketing --cutoff 2012-01-01 --override-backup "secrets test"
ok $rc "plan over TDS" || diag "$WORK/plan.err"
pcm check check --source "$URL" --plan "$PLAN"
pcm tsv check --tsv --source "$URL" --plan "$PLAN"
pcm whatif migrate --what-if --source "$URL" --plan "$PLAN"
pcm migrate migrate --source "$URL" --plan "$PLAN" --out "$WORK/pkg"
ok $rc "migrate --out over TDS writes the package" || diag "$WORK/migrate.err"
test -s "$WORK/pkg/warnings.txt" && test -s "$WORK/pkg/warnings.tsv"
ok $? "... with warnings.txt and warnings.tsv"
pcm snapshot snapshot --source "$URL" --out "$WORK/snap.xml"
ok $rc "snapshot over TDS" || diag "$WORK/snapshot.err"
clean "the plan holds no password" "$PLAN"
clean "no file of the package holds it (grep -r)" "$WORK/pkg"
clean "the snapshot holds none" "$WORK/snap.xml"
clean "inspect, check, check --tsv, migrate --what-if, migrate, snapshot: stdout and stderr clean" \
	"$WORK"/inspect.* "$WORK"/plan.out "$WORK"/plan.err "$WORK"/check.* "$WORK"/tsv.* \
	"$WORK"/whatif.* "$WORK"/migrate.* "$WORK"/snapshot.*
clean "the state folder holds none" "$XDG_STATE_HOME"

# ---- failing runs ----
stop_server
start_server other --fixture "$SAMPLE" --password 'Other-1'
pcm wrong check --source "tds://sa@127.0.0.1:$PORT/GroupChatDB"
[ "$rc" -eq 2 ] && grep -q "login failed for user sa" "$WORK/wrong.err"
ok $? "a wrong password: exit 2, login failed" || diag "$WORK/wrong.err"
clean "... and the message does not show the password sent" "$WORK"/wrong.*
stop_server
start_server dropped --fixture "$SAMPLE" --drop-after 9
pcm dropped inspect --source "tds://sa@127.0.0.1:$PORT/GroupChatDB"
[ "$rc" -eq 2 ] && [ -s "$WORK/dropped.err" ]
ok $? "the server gone mid-run: exit 2" || diag "$WORK/dropped.err"
clean "... and the message does not show the password" "$WORK"/dropped.*
DEAD_PORT=$PORT
stop_server
pcm gone check --source "tds://sa@127.0.0.1:$DEAD_PORT/GroupChatDB"
[ "$rc" -eq 2 ]
ok $? "no server at all: exit 2" || diag "$WORK/gone.err"
clean "... clean" "$WORK"/gone.*
pcm nouser check --source "tds://127.0.0.1/GroupChatDB"
[ "$rc" -eq 2 ]
ok $? "a URL without a user: exit 2"
clean "... clean" "$WORK"/nouser.*
"$PCMIGRATE" check --source "tds://sa:$PW@127.0.0.1:$DEAD_PORT/GroupChatDB" \
	>"$WORK/inurl.out" 2>"$WORK/inurl.err" </dev/null
rc=$?
[ "$rc" -eq 2 ] && grep -q "the URL holds a password" "$WORK/inurl.err"
ok $? "a password written into the URL is refused: exit 2" || diag "$WORK/inurl.err"
clean "... without echoing it" "$WORK"/inurl.*
"$PCMIGRATE" check --source "tds://sa:x/y@127.0.0.1/$PW" >"$WORK/inurl2.out" 2>"$WORK/inurl2.err" </dev/null
rc=$?
[ "$rc" -eq 2 ]
ok $? "... also when the password holds a slash"
clean "... without echoing it" "$WORK"/inurl2.*

# ---- the prompt: typed on a terminal, never echoed ----
start_server prompt --fixture "$SAMPLE"
URL="tds://sa@127.0.0.1:$PORT/GroupChatDB"
if command -v script >/dev/null 2>&1; then
	(sleep 1; printf '%s\n' "$PW") | script -qec "'$PCMIGRATE' inspect --source '$URL'" /dev/null \
		>"$WORK/pty.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && grep -q "^Password for sa@" "$WORK/pty.out" && grep -q "^Server: " "$WORK/pty.out"
	ok $? "the prompt takes the typed password" || diag "$WORK/pty.out"
	clean "... and the terminal transcript does not show it" "$WORK/pty.out"
else
	skip "the prompt takes the typed password" "script (util-linux) is not installed"
fi

# ---- a running process: argv, environment, children, memory, crash ----
if ! command -v tmux >/dev/null 2>&1; then
	skip "the running wizard (argv, environ, memory, crash)" "tmux is not installed"
	finish
fi
RUN=0
SOCK="pcmsecret-$$-0"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'stop_server; tm kill-server >/dev/null 2>&1' EXIT

# wizard START-ENV: the wizard in a tmux pane over TDS; sets WPID
wizard() {
	tm kill-server >/dev/null 2>&1
	RUN=$((RUN + 1))
	SOCK="pcmsecret-$$-$RUN"       # a fresh server: no race with the old one
	rm -f "$WORK/wiz.status" "$WORK/wiz.err"
	rm -f "$WORK/stty.before" "$WORK/stty.after"
	cat >"$WORK/wiz.sh" <<EOF
trap : INT
stty -g >'$WORK/stty.before'
$1 TERM=xterm LANG=C.UTF-8 XDG_STATE_HOME='$WORK/wstate' PCMIGRATE_DATADIR='$PCMIGRATE_DATADIR' \\
	'$PCMIGRATE' --source '$URL' 2>'$WORK/wiz.err'
st=\$?
stty -g >'$WORK/stty.after'
echo \$st >'$WORK/wiz.status'
exec sleep 600
EOF
	tm new-session -d -s s -x 100 -y 30 "sh '$WORK/wiz.sh'"
}
screen_has() {
	i=0
	while [ $i -lt 200 ]; do
		tm capture-pane -p -J -t s 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
wiz_pid() {
	pgrep -P "$(tm display-message -p -t s '#{pane_pid}')" -x pcmigrate | head -1
}
# memory PID: prints the mappings holding the password (UTF-8 or UTF-16LE),
# then "probe:N" with N the mappings holding the source URL's user@server
# (proof the scan reads the process's memory at all)
memory() {
	python3 - "$1" "$CORE" "sa@127.0.0.1:$PORT" <<'EOF'
import sys
pid, core, probe = sys.argv[1], sys.argv[2], sys.argv[3]
needles = [core.encode(), core.encode("utf-16-le")]
hits, seen = [], 0
with open("/proc/%s/maps" % pid) as maps, open("/proc/%s/mem" % pid, "rb", 0) as mem:
    for line in maps:
        f = line.split()
        if "r" not in f[1] or (len(f) > 5 and f[5] in ("[vvar]", "[vsyscall]")):
            continue
        lo, hi = (int(x, 16) for x in f[0].split("-"))
        if hi - lo > (1 << 30):     # sanitizer shadow memory: reserved, not used
            continue
        hit = found = False
        prev = b""
        while lo < hi:              # in chunks, overlapping by a needle's length
            try:
                mem.seek(lo)
                data = prev + mem.read(min(1 << 24, hi - lo))
            except (OSError, OverflowError, ValueError, MemoryError):
                break
            hit = hit or any(n in data for n in needles)
            found = found or probe.encode() in data
            prev = data[-64:]
            lo += 1 << 24
        if hit:
            hits.append(line.strip())
        seen += found
for h in hits:
    print(h)
print("probe:%d" % seen)
EOF
}

# running HOW SIG NUMBER: the checks on a wizard that has logged in, then
# kill -SIG (signal NUMBER) and the crash message
running() {
	how=$1
	pid=$(wiz_pid)
	[ -n "$pid" ]
	ok $? "$how: the wizard runs (pid $pid)"
	tr '\0' '\n' <"/proc/$pid/cmdline" >"$WORK/cmdline"
	grep -q -- "--source" "$WORK/cmdline"
	ok $? "$how: /proc/PID/cmdline is readable (it holds --source)"
	clean "$how: ... and holds no password" "$WORK/cmdline"
	tr '\0' '\n' <"/proc/$pid/environ" >"$WORK/environ"
	grep -q '^XDG_STATE_HOME=' "$WORK/environ"
	ok $? "$how: /proc/PID/environ is readable"
	clean "$how: ... and holds no password" "$WORK/environ"
	[ -z "$(pgrep -P "$pid")" ]
	ok $? "$how: pcmigrate started no child process"
	if [ "$how" = PCMIGRATE_PASSWORD ] && ldd "$PCMIGRATE" 2>/dev/null | grep -q libasan; then
		# AddressSanitizer's runtime reads /proc/self/environ into a
		# buffer of its own at start-up, before main: not ours to wipe
		skip "$how: the memory scan" "an AddressSanitizer build keeps its own copy of the environment"
	elif command -v python3 >/dev/null 2>&1 && [ -r "/proc/$pid/mem" ]; then
		memory "$pid" >"$WORK/mem" 2>"$WORK/mem.err"
		grep -q '^probe:[1-9]' "$WORK/mem"
		ok $? "$how: its memory is readable (the URL is found in it)" || diag "$WORK/mem.err"
		! grep -qv '^probe:' "$WORK/mem"
		ok $? "$how: no readable mapping holds the password, UTF-8 or UTF-16" || diag "$WORK/mem"
	else
		skip "$how: the memory scan" "python3 or /proc/PID/mem is not available"
	fi
	kill -"$2" "$pid"
	i=0
	while [ ! -s "$WORK/wiz.status" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	[ "$(cat "$WORK/wiz.status" 2>/dev/null)" = $((128 + $3)) ] &&
		grep -q "stopped by signal $3 (SIG$2)" "$WORK/wiz.err"
	ok $? "$how: SIG$2: the crash message is written" || diag "$WORK/wiz.err"
	tm capture-pane -p -J -S - -t s >"$WORK/crash.screen"
	clean "$how: ... and neither it nor stderr shows the password" "$WORK/crash.screen" "$WORK/wiz.err"
}

wizard "PCMIGRATE_PASSWORD='$(printf '%s' "$PW" | sed "s/'/'\\\\''/g")'"
screen_has "Step 1 of 11"
ok $? "the wizard logs in with PCMIGRATE_PASSWORD" || diag "$WORK/wiz.err"
running "PCMIGRATE_PASSWORD" SEGV 11
grep -q '^PCMIGRATE_PASSWORD=$' "$WORK/environ"
ok $? "PCMIGRATE_PASSWORD: the environ block still names the variable, its value wiped"

wizard ""
screen_has "Password for sa@"
ok $? "without PCMIGRATE_PASSWORD the wizard asks on the terminal"
tm send-keys -t s -l -- "$PW"
tm send-keys -t s Enter
screen_has "Step 1 of 11"
ok $? "the typed password logs in" || diag "$WORK/wiz.err"
running "prompt" ABRT 6

# Ctrl-C at the prompt (echo is off there): the terminal mode comes back
wizard ""
screen_has "Password for sa@"
ok $? "the prompt again"
tm send-keys -t s -l -- "Pw-7f3c"
tm send-keys -t s C-c
i=0
while [ ! -s "$WORK/wiz.status" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ "$(cat "$WORK/wiz.status" 2>/dev/null)" = 130 ]
ok $? "Ctrl-C at the prompt ends pcmigrate with SIGINT ($(cat "$WORK/wiz.status" 2>/dev/null))"
cmp -s "$WORK/stty.before" "$WORK/stty.after"
ok $? "... and gives the terminal its mode back (echo on; stty -g equal)"
tm capture-pane -p -J -S - -t s >"$WORK/ctrlc.screen"
clean "... and the half-typed password is not on the screen" "$WORK/ctrlc.screen"
finish
