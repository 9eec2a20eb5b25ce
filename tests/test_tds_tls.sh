#!/bin/sh
# SPDX-License-Identifier: MIT
# TLS between pcmigrate (FreeTDS) and the loopback server, negotiated the
# way SQL Server does it (MS-TDS 2.2.6.5): the PRELOGIN ENCRYPTION option,
# the handshake inside PRELOGIN packets, then the login packet alone or
# the whole session encrypted. The server's certificate is self-signed,
# made here with the openssl command; freetds.conf is this test's own
# ($FREETDS/etc/freetds.conf), naming the server "loop".
. "${top_srcdir:-.}/tests/tds_lib.sh"
SAMPLE="$top_srcdir/data/sample/contoso.xml"
export PCMIGRATE_DATADIR="${PCMIGRATE_DATADIR:-$top_srcdir/data}"
export XDG_STATE_HOME="$WORK/state"
export PCMIGRATE_PASSWORD="$TDS_PASSWORD"
unset FREETDSCONF TDSVER TDSPORT TDSHOST TDSDUMP

if ! command -v openssl >/dev/null 2>&1; then
	echo "1..0 # SKIP the openssl command (Debian package openssl) makes the test certificates"
	exit 0
fi

# cert NAME SUBJECT-ALT-NAMES: a self-signed certificate and its key
cert() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" \
		-addext "subjectAltName=$2" -keyout "$WORK/$1.key" -out "$WORK/$1.pem" \
		>"$WORK/openssl.err" 2>&1
}
cert loop 'DNS:localhost,IP:127.0.0.1' && cert stranger 'DNS:stranger.invalid'
ok $? "openssl makes a self-signed server certificate and a stranger's" || diag "$WORK/openssl.err"
TLS="--tls-cert $WORK/loop.pem --tls-key $WORK/loop.key"

# conf NAME [freetds.conf lines...]: server "loop" at $PORT, TDS 7.3 (as
# SQL Server 2008 R2), and the lines given; FREETDS points at it
conf() {
	mkdir -p "$WORK/$1/etc"
	conf_file="$WORK/$1/etc/freetds.conf"
	shift
	printf '[loop]\n\thost = 127.0.0.1\n\tport = %s\n\ttds version = 7.3\n' "$PORT" >"$conf_file"
	for line; do
		printf '\t%s\n' "$line" >>"$conf_file"
	done
	export FREETDS="${conf_file%/etc/freetds.conf}"
}

# inspect NAME: pcmigrate inspect through "loop", output in NAME.out/.err,
# status in rc; never more than a minute
inspect() {
	timeout 60 "$PCMIGRATE" inspect --source "tds://sa@loop/GroupChatDB?lookup=sip:ocschat@contoso.com" \
		>"$WORK/$1.out" 2>"$WORK/$1.err" </dev/null
	rc=$?
}

# the deployment as inspect shows it, without the lines naming the source
deployment() {
	grep -v -e '^Source:' -e '^Taken at:' -e '^SHA-256:' "$WORK/$1.out"
}

# seen NAME TEXT: the capture of the server's sockets holds TEXT, as the
# UTF-16LE of TDS (ASCII text: every other byte zero)
seen() {
	tr -d '\000' <"$WORK/$1.wire" | grep -a -q -- "$2"
}

# server NAME [options]: the sample deployment on a server logging its
# sockets' bytes to NAME.wire
server() {
	name=$1
	shift
	start_server "$name" --fixture "$SAMPLE" --wire-log "$WORK/$name.wire" "$@"
}

# ---- no TLS: the capture shows what an eavesdropper would read ----------
server plain
ok $? "a server without a certificate starts" || diag "$WORK/plain.err"
conf plain
inspect plain
[ "$rc" -eq 0 ] && grep -q 'server ENCRYPT_NOT_SUP: no encryption' "$WORK/plain.log" &&
	seen plain pcmigrate && seen plain tblPrincipal
ok $? "without a certificate nothing is encrypted: the login (application name pcmigrate) and the queries are in the capture" ||
	diag "$WORK/plain.err" "$WORK/plain.log"
deployment plain >"$WORK/plain.cmp"
stop_server

# ---- the login encrypted, as SQL Server always does ---------------------
server login $TLS
ok $? "a server with a certificate starts" || diag "$WORK/login.err"
conf login
inspect login
deployment login >"$WORK/login.cmp"
[ "$rc" -eq 0 ] && [ -s "$WORK/login.cmp" ] && cmp -s "$WORK/plain.cmp" "$WORK/login.cmp"
ok $? "inspect through a server offering TLS shows the same deployment" || diag "$WORK/login.err"
grep -q '^prelogin: client ENCRYPT_OFF, server ENCRYPT_OFF: login packet encrypted' "$WORK/login.log" &&
	grep -q '^tls: TLS1.2 negotiated, login packet encrypted' "$WORK/login.log" &&
	grep -q '^tls: login packet received encrypted' "$WORK/login.log"
ok $? "FreeTDS's default (encryption = request) gets the login packet encrypted with TLS 1.2" ||
	diag "$WORK/login.log"
! seen login pcmigrate && seen login tblPrincipal
ok $? "... the login is not in the capture, the queries are (ENCRYPT_OFF: login only)"
stop_server

# ---- encryption = require: the whole session ----------------------------
server whole $TLS
conf whole 'encryption = require'
inspect whole
deployment whole >"$WORK/whole.cmp"
[ "$rc" -eq 0 ] && cmp -s "$WORK/plain.cmp" "$WORK/whole.cmp" &&
	grep -q '^prelogin: client ENCRYPT_ON, server ENCRYPT_ON: whole session encrypted' "$WORK/whole.log" &&
	grep -q '^tls: TLS1.2 negotiated, whole session encrypted' "$WORK/whole.log"
ok $? "encryption = require: the whole session is encrypted, and inspect shows the same deployment" ||
	diag "$WORK/whole.err" "$WORK/whole.log"
! seen whole pcmigrate && ! seen whole tblPrincipal && ! seen whole GroupChatDB &&
	! seen whole 'Changed database context'
ok $? "... neither the login, the queries nor the replies are in the capture"
stop_server

# ---- the server's certificate, checked against a CA file ----------------
server trusted $TLS
conf trusted "ca file = $WORK/loop.pem" 'check certificate hostname = yes'
inspect trusted
[ "$rc" -eq 0 ] && grep -q '^tls: TLS1.2 negotiated' "$WORK/trusted.log"
ok $? "ca file holding the server's certificate: FreeTDS accepts it (name 127.0.0.1 checked)" ||
	diag "$WORK/trusted.err" "$WORK/trusted.log"
stop_server

# ---- an old server: SQL Server 2008 R2 before its TLS 1.2 update --------
server old $TLS --tls-version 1.0
conf old 'enable tls v1 = yes'
inspect old
[ "$rc" -eq 0 ] && grep -q '^tls: TLS1.0 negotiated, login packet encrypted' "$WORK/old.log"
ok $? "a TLS 1.0 server is reached when freetds.conf allows TLS 1.0 (enable tls v1 = yes)" ||
	diag "$WORK/old.err" "$WORK/old.log"
stop_server

# ---- refusals: exit 2, "TLS handshake with loop failed: REASON", and
# never "cannot reach" (the server was reached) -------------------------

# refused NAME PATTERN DESCRIPTION
refused() {
	[ "$rc" -eq 2 ] && grep -q "^pcmigrate: tds://sa@loop/GroupChatDB: TLS handshake with loop failed: $2" \
		"$WORK/$1.err" && ! grep -q 'cannot reach' "$WORK/$1.err" && [ ! -s "$WORK/$1.out" ]
	ok $? "$3" || diag "$WORK/$1.err" "$WORK/$1.log"
}

server noenc
conf noenc 'encryption = require'
inspect noenc
refused noenc 'the server does not support encryption (it answers PRELOGIN with ENCRYPT_NOT_SUP) and freetds.conf requires it (encryption = require)' \
	"encryption = require against a server without TLS: refused, the reason named"
grep -q '^prelogin: client ENCRYPT_ON, server ENCRYPT_NOT_SUP: connection terminated' "$WORK/noenc.log"
ok $? "... the client asked ENCRYPT_ON, the server ended the connection as MS-TDS says" || diag "$WORK/noenc.log"
# the same with the server as host:port and the setting in [global]
printf '[global]\n\ttds version = 7.3\n\tencryption = require\n' >"$conf_file"
timeout 60 "$PCMIGRATE" inspect --source "tds://sa@127.0.0.1:$PORT/GroupChatDB" \
	>"$WORK/noenc2.out" 2>"$WORK/noenc2.err" </dev/null
[ $? -eq 2 ] && grep -q "TLS handshake with 127.0.0.1:$PORT failed: the server does not support encryption" "$WORK/noenc2.err"
ok $? "... also for a server given as host:port, encryption = require in [global]" || diag "$WORK/noenc2.err"
stop_server

server stranger $TLS
conf stranger "ca file = $WORK/stranger.pem"
inspect stranger
refused stranger "FreeTDS does not trust the server's certificate: neither it nor its issuer is in the ca file $WORK/stranger.pem, or it does not name the host 127.0.0.1" \
	"a certificate the ca file does not vouch for: refused, the ca file named"
grep -q '^tls: handshake failed' "$WORK/stranger.log" && ! grep -q '^login:' "$WORK/stranger.log"
ok $? "... the handshake failed on the server's side too, and no login reached it" || diag "$WORK/stranger.log"
stop_server

server old0 $TLS --tls-version 1.0
conf old0 'enable tls v1 = no'
inspect old0
refused old0 'the server speaks TLS 1.0 at most (SQL Server 2005, 2008 and 2008 R2 before their TLS 1.2 updates) and FreeTDS does not accept it' \
	"a TLS 1.0 server and enable tls v1 = no: refused, the TLS version named"
stop_server

server forced $TLS --force-encryption
conf forced
inspect forced
[ "$rc" -eq 0 ] && grep -q '^prelogin: client ENCRYPT_OFF, server ENCRYPT_REQ: whole session encrypted' "$WORK/forced.log" &&
	! seen forced tblPrincipal
ok $? "a server forcing encryption (ENCRYPT_REQ) encrypts the whole session of a default client" ||
	diag "$WORK/forced.err" "$WORK/forced.log"
conf forcedoff 'encryption = off'
inspect forcedoff
refused forcedoff 'the server requires encryption (it answers PRELOGIN with ENCRYPT_REQ) and freetds.conf turns it off (encryption = off)' \
	"... and refuses a client with encryption = off, the reason named"
stop_server

# a server that is not at fault for TLS is not blamed for it: the login
# packet dropped after a plain PRELOGIN
server dropped --drop-after 2
conf dropped 'encryption = request'
inspect dropped
[ "$rc" -eq 2 ] && ! grep -q 'TLS' "$WORK/dropped.err"
ok $? "a connection lost after a PRELOGIN without encryption is not called a TLS failure" ||
	diag "$WORK/dropped.err"
stop_server

finish
