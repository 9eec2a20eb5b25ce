#!/bin/bash
# SPDX-License-Identifier: MIT
# Crash safety of the outputs (DESIGN.md: "an output file appears whole or
# not at all").
#  - `pcmigrate migrate --out DIR` killed with SIGKILL at 20 moments spread
#    over its run: DIR never holds a partial file under a final name (every
#    package file present is byte-identical to a complete run's), and a
#    rerun completes with byte-identical output and no stale temporary files.
#  - `pcmigrate plan` killed at random moments while it saves: the plan on
#    disk always loads.
#  - Disk full (a file-size limit, and a tiny tmpfs when mounting is
#    permitted): exit status 3, a message naming the file, no partial
#    output, the plan untouched.
: "${PCMIGRATE_BIN:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/reliability-lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/pcm-crash.XXXXXX") || exit 1
mnt=
cleanup()
{
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8 LANGUAGE= XDG_STATE_HOME="$work/state"
PCM=$PCMIGRATE_BIN
cd "$work" || exit 1

# The package files, as src/engine.h names them.
pkg_files="deployment.xml runbook.ps1 recreate-structure.ps1 admin-tool-worklist.txt fix-source.sql copy-files.cmd warnings.txt warnings.tsv"
kills=20
plan_kills=40
total=$((2 + kills + 1 + 1 + 1 + 2 + 1))
echo "1..$total"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
skip_rest()
{
	while [ $n -lt $total ]; do
		n=$((n + 1))
		echo "ok $n # SKIP $1"
	done
	exit 0
}

# now_ms: wall clock in milliseconds.
now_ms() { date +%s%3N; }

# check_dir DIR: every file is a complete package file (identical to the
# reference run's) or a temporary name; prints what is wrong, if anything.
check_dir()
{
	local f base bad=
	for f in "$1"/* "$1"/.[!.]*; do
		[ -e "$f" ] || continue
		base=${f##*/}
		case " $pkg_files " in
		*" $base "*)
			cmp -s "$f" "ref/$base" || bad="$bad partial:$base" ;;
		*)
			case $base in
			*.tmp-*) ;;
			*) bad="$bad unknown:$base" ;;
			esac ;;
		esac
	done
	echo "$bad"
}

# ---- the reference run on a snapshot big enough to take a while ----
gen_snapshot 150 600 >big.xml
"$PCM" plan --source snapshot:big.xml --plan plan.xml --cutoff 2012-01-02 >/dev/null 2>plan.err
if grep -q "not built yet" plan.err; then
	skip_rest "pcmigrate plan is not built yet"
fi
t0=$(now_ms)
"$PCM" migrate --source snapshot:big.xml --plan plan.xml --out ref >ref.out 2>ref.err
st=$?
t1=$(now_ms)
if grep -q "not built yet" ref.err; then
	skip_rest "pcmigrate migrate is not built yet"
fi
run_ms=$((t1 - t0))
if [ $st = 0 ] && [ -z "$(check_dir ref)" ]; then
	ok "reference migrate --out run completes (exit 0, ${run_ms} ms)"
else
	notok "reference migrate --out run: exit $st"
	sed 's/^/# /' ref.err | head
	skip_rest "no reference output"
fi
missing=
for f in $pkg_files; do
	[ -f "ref/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ] && [ -z "$(ls ref | grep -F .tmp-)" ]; then
	ok "the reference run wrote every package file and no temporary file"
else
	notok "reference output lacks:$missing; has: $(ls ref | tr '\n' ' ')"
fi

# ---- SIGKILL at 20 moments spread over the run ----
for i in $(seq 1 $kills); do
	out="kill$i"
	delay_ms=$((run_ms * i / (kills + 1)))
	"$PCM" migrate --source snapshot:big.xml --plan plan.xml --out "$out" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	present=$(ls "$out" 2>/dev/null | grep -vF .tmp- | tr '\n' ' ')
	bad=$(check_dir "$out")
	if [ -n "$bad" ]; then
		notok "killed at ${delay_ms} ms: $bad"
		continue
	fi
	"$PCM" migrate --source snapshot:big.xml --plan plan.xml --out "$out" >/dev/null 2>"$out.err"
	st=$?
	stale=$(ls "$out" | grep -F .tmp-)
	if [ $st = 0 ] && [ -z "$(check_dir "$out")" ] && [ -z "$stale" ] &&
	   diff -r ref "$out" >/dev/null; then
		ok "killed at ${delay_ms} ms (complete files then: ${present:-none}); rerun gives identical output"
	else
		notok "killed at ${delay_ms} ms: rerun exit $st, stale temporary files: ${stale:-none}"
		diff -r ref "$out" 2>&1 | head -5 | sed 's/^/# /'
		sed 's/^/# /' "$out.err" | head -5
	fi
done

# ---- SIGKILL while the plan is saved ----
gen_snapshot 300 0 >small.xml
"$PCM" plan --source snapshot:small.xml --plan p.xml --cutoff 2011-01-01 >/dev/null 2>&1
for r in $(seq 0 20); do
	"$PCM" plan --source snapshot:small.xml --plan p.xml --disable "$((1000 + r))" >/dev/null 2>&1
done
t0=$(now_ms)
"$PCM" plan --source snapshot:small.xml --plan p.xml --cutoff 2011-01-02 >/dev/null 2>&1
plan_ms=$(($(now_ms) - t0))
broken=0
for i in $(seq 1 $plan_kills); do
	delay_us=$(( (plan_ms * 1000 * i) / plan_kills + RANDOM % 500 ))
	"$PCM" plan --source snapshot:small.xml --plan p.xml \
		--cutoff "2011-01-$(printf %02d $((i % 28 + 1)))" >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%06d' $((delay_us / 1000000)) $((delay_us % 1000000)))"
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	"$PCM" check --source snapshot:small.xml --plan p.xml >/dev/null 2>check.err
	st=$?
	if [ $st -gt 1 ]; then
		broken=$((broken + 1))
		cp p.xml "broken-plan-$i.xml"
		sed 's/^/# /' check.err | head -3
	fi
done
if [ $broken = 0 ]; then
	ok "the plan loads after each of $plan_kills kills during plan saves (a save takes ~${plan_ms} ms)"
else
	notok "$broken of $plan_kills kills left a plan that does not load"
fi

# ---- disk full: a file-size limit (EFBIG) ----
cp plan.xml plan.before
(
	trap '' XFSZ
	ulimit -f 64        # 64 KiB (bash counts 1024-byte blocks)
	exec "$PCM" migrate --source snapshot:big.xml --plan plan.xml --out full
) >/dev/null 2>full.err
st=$?
msg=$(head -1 full.err)
bad=$(check_dir full)
# the whole stderr: one line naming the file and the reason, no library noise
if [ $st = 3 ] && [ "$(wc -l <full.err)" = 1 ] &&
   grep -qE '^pcmigrate: cannot write full/[a-z.-]+\.(xml|ps1|sql|cmd|txt|tsv): File too large$' full.err &&
   [ -z "$bad" ] && [ -z "$(ls full 2>/dev/null | grep -F .tmp-)" ]; then
	ok "file-size limit: exit 3, the file named ($msg), no partial output"
else
	notok "file-size limit: exit $st, output problems:${bad:- none}, temp: $(ls full 2>/dev/null | grep -F .tmp- | tr '\n' ' ')"
	sed 's/^/# /' full.err | head -5
fi
if cmp -s plan.xml plan.before && "$PCM" check --source snapshot:big.xml --plan plan.xml >/dev/null 2>&1; then
	ok "the plan is intact after the failed run"
else
	notok "the plan changed or no longer loads after the failed run"
fi

# ---- disk full: a tiny tmpfs, when this user may mount one ----
mkdir -p tiny
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=256k tmpfs tiny 2>/dev/null; then
	mnt="$work/tiny"
	"$PCM" migrate --source snapshot:big.xml --plan plan.xml --out tiny/out >/dev/null 2>tiny.err
	st=$?
	msg=$(head -1 tiny.err)
	bad=$(check_dir tiny/out)
	if [ $st = 3 ] && [ "$(wc -l <tiny.err)" = 1 ] &&
	   grep -qE '^pcmigrate: cannot write tiny/out/[a-z.-]+\.(xml|ps1|sql|cmd|txt|tsv): No space left on device$' tiny.err &&
	   [ -z "$bad" ] &&
	   [ -z "$(ls tiny/out 2>/dev/null | grep -F .tmp-)" ]; then
		ok "full tmpfs: exit 3, the file named ($msg), no partial output"
	else
		notok "full tmpfs: exit $st, output problems:${bad:- none}"
		sed 's/^/# /' tiny.err | head -5
	fi
	# the plan itself on a full disk: the old plan survives a failed save
	cp plan.xml tiny/plan.xml
	head -c 300000 /dev/zero >tiny/filler 2>/dev/null
	cp tiny/plan.xml plan.tiny.before
	"$PCM" plan --source snapshot:big.xml --plan tiny/plan.xml --separator ' :: ' >/dev/null 2>tinyplan.err
	st=$?
	if [ $st = 3 ] && cmp -s tiny/plan.xml plan.tiny.before &&
	   [ -z "$(ls tiny | grep -F .tmp-)" ]; then
		ok "full tmpfs: a failed plan save exits 3 and leaves the old plan ($(head -1 tinyplan.err))"
	else
		notok "full tmpfs: plan save exit $st; plan unchanged: $(cmp -s tiny/plan.xml plan.tiny.before && echo yes || echo no)"
		sed 's/^/# /' tinyplan.err | head -5
	fi
	umount tiny && mnt=
else
	n=$((n + 1)); echo "ok $n # SKIP mounting a tmpfs is not permitted here"
	n=$((n + 1)); echo "ok $n # SKIP mounting a tmpfs is not permitted here"
fi

# ---- the output folder itself cannot be written ----
mkdir -p ro && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	"$PCM" migrate --source snapshot:big.xml --plan plan.xml --out ro >/dev/null 2>ro.err
	st=$?
	if [ $st = 3 ] && [ -z "$(ls ro)" ] && grep -q "ro" ro.err; then
		ok "read-only output folder: exit 3 ($(head -1 ro.err))"
	else
		notok "read-only output folder: exit $st"
		sed 's/^/# /' ro.err | head -5
	fi
else
	ok "read-only output folder # SKIP root writes anyway"
fi
