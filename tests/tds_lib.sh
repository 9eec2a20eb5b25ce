# SPDX-License-Identifier: MIT
# Shared by the TDS shell tests: TAP helpers and the loopback server.
# Sourced, not run.

: "${top_srcdir:=.}" "${top_builddir:=.}"
TDS_SERVER="$top_builddir/tests/tds-server/tds-server"
TDS_SCHEMA="$top_srcdir/tests/tds-server/legacy-schema.sql"
PCMIGRATE="${PCMIGRATE_BIN:-$top_builddir/pcmigrate}"
TDS_PASSWORD='Secret-123'
n=0
failed=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pcm-tds.XXXXXX") || exit 99
SERVER_PID=

ok() {   # ok CONDITION-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

diag() {
	sed 's/^/# /' "$@"
}

# start_server NAME [server options...]: starts a server, sets PORT. The
# tables come from the test schema unless NO_SCHEMA=1 (options load them).
# The log is $WORK/NAME.log. Fault options (tds-server --help has all):
#   --stall-after-rows N  after the Nth row sent on a connection the reply
#                         never ends and nothing more is answered there
#                         (attention included); logs "stalling after N rows"
#   --stall-login         accept connections and never answer (not even
#                         PRELOGIN)
#   --stall-batch N       a connection's Nth SQL batch is never answered
#                         (logged in, then a query hangs); logs "stalling
#                         at batch N:SQL"
#   --drop-after N        close a connection at its Nth packet
#   --deny TABLE          permission denied (error 229) on TABLE
# The SQL side (tds-server --help): --sql-server 2005|2008|2008R2 (the
# release: TDS version, @@VERSION, dialect), --collation CI_AS|CS_AS (the
# database's collation, CI_AS by default; trailing spaces never count).
# TDS_SQL_SERVER (2005, 2008 or 2008R2, the default) is the release every
# server plays: TDS 7.2 for 2005, 7.3 for 2008/2008 R2, and its dialect.
# TDS_LOGIN_VERSION is the TDS version (LOGINACK, as the log writes it) a
# 7.4 client gets from that release.
TDS_SQL_SERVER=${TDS_SQL_SERVER:-2008R2}
case $TDS_SQL_SERVER in
2005) TDS_LOGIN_VERSION=72090002 ;;
2008) TDS_LOGIN_VERSION=730a0003 ;;
*) TDS_LOGIN_VERSION=730b0003 ;;
esac
start_server() {
	name=$1
	shift
	rm -f "$WORK/$name.port"
	schema_opt="--schema=$TDS_SCHEMA"
	[ "${NO_SCHEMA:-0}" = 1 ] && schema_opt="--idle-exit=60"
	"$TDS_SERVER" --port-file "$WORK/$name.port" "$schema_opt" \
		--password "$TDS_PASSWORD" --log "$WORK/$name.log" --idle-exit 60 \
		--sql-server "$TDS_SQL_SERVER" "$@" \
		2>"$WORK/$name.err" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$WORK/$name.port" ] && [ $i -lt 100 ]; do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	PORT=$(cat "$WORK/$name.port" 2>/dev/null)
	[ -n "$PORT" ]
}

stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
		SERVER_PID=
	fi
}

finish() {
	stop_server
	echo "1..$n"
	if [ $failed -eq 0 ]; then
		rm -rf "$WORK"
	else
		echo "# work files kept in $WORK"
	fi
	exit $failed
}

# The live tests' pcmigrate: the bundled sample as fixture, the data of
# this tree, a state folder of its own and the test password.
SAMPLE="$top_srcdir/data/sample/contoso.xml"
live_env() {
	PCMIGRATE_DATADIR="${PCMIGRATE_DATADIR:-$top_srcdir/data}"
	XDG_STATE_HOME="$WORK/state"
	PCMIGRATE_PASSWORD="$TDS_PASSWORD"
	export PCMIGRATE_DATADIR XDG_STATE_HOME PCMIGRATE_PASSWORD
}

# pcm NAME ARGS...: runs pcmigrate (at most 60 s), output in
# $WORK/NAME.out/.err, status in rc
pcm() {
	out=$1
	shift
	timeout 60 "$PCMIGRATE" "$@" >"$WORK/$out.out" 2>"$WORK/$out.err" </dev/null
	rc=$?
}

trap 'stop_server' EXIT
trap 'stop_server; exit 1' INT TERM
