/* SPDX-License-Identifier: MIT */
/* tds-server: the loopback TDS test server (test code, not installed).
 *
 * Listens on 127.0.0.1 on a free port, writes the port to --port-file,
 * and serves its connections in turn, request by request: PRELOGIN
 * (encryption negotiated as MS-TDS 2.2.6.5 says when --tls-cert is given,
 * then the TLS handshake inside PRELOGIN packets, tds_tls.c), LOGIN7
 * (LOGINACK, ENVCHANGE, DONE; error 18456 for
 * a wrong password, 4060 for an unknown database), SQL batches run on an
 * in-memory SQLite database holding the legacy tables and msdb's backup
 * history (attached as "msdb"), attention. Replies are streamed: a large
 * result goes out packet by packet as its rows are read. Fixtures for the
 * client's faults: --drop-after, --stall-after-rows, --stall-login, --deny.
 * Written from MS-TDS. */
#include "config.h"
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tds_tls.h"
#include "tsql_internal.h"

#define SPID 55

/* Where a connection's TLS stands (MS-TDS 3.3.5). */
enum tls_state {
	TLS_NONE,               /* plain TDS */
	TLS_HANDSHAKE,          /* PRELOGIN agreed on encryption: handshake next */
	TLS_LOGIN_ONLY,         /* ENCRYPT_OFF: the next packet (LOGIN7) only */
	TLS_FULL,               /* ENCRYPT_ON/REQ: every packet from now on */
};

struct conn {
	int fd;
	long packets;           /* received on this connection */
	unsigned packet_size;   /* negotiated */
	uint8_t out_id;         /* PacketID of our packets */
	struct tds_out out;
	struct session sess;
	int logged_in;
	enum tls_state tls_state;
	int tls_full;           /* the session stays encrypted after the handshake */
	struct tls_link *tls;
	long rows;              /* ROW tokens sent on this connection */
	long batches;           /* SQL batches received on it */
	int stalled;            /* the stall fixture fired: never answer again */
	int gone;               /* a write failed while streaming */
};

static const struct server_config *cfg;

/* Encryption: what the server offers in PRELOGIN (ENCRYPT_NOT_SUP without
 * a certificate, ENCRYPT_OFF with one, ENCRYPT_REQ when forced), and the
 * raw capture of the sockets' bytes. */
static struct {
	unsigned offer;
	FILE *wire;
} enc = { ENCRYPT_NOT_SUP, NULL };

static int conn_read(struct conn *c, uint8_t *p, size_t n)
{
	if (c->tls_state == TLS_LOGIN_ONLY || c->tls_state == TLS_FULL)
		return tls_read_full(c->tls, p, n);
	return wire_read_full(c->fd, p, n, enc.wire);
}

static int conn_write(struct conn *c, const uint8_t *p, size_t n)
{
	if (c->tls_state == TLS_FULL)
		return tls_write_full(c->tls, p, n);
	return wire_write_full(c->fd, p, n, enc.wire);
}

/* ENCRYPT_OFF: the client encrypted its login packet only, and the rest
 * of the session is plain TDS. */
static void tls_drop(struct conn *c)
{
	tls_link_free(c->tls);
	c->tls = NULL;
	c->tls_state = TLS_NONE;
	if (cfg->log)
		fprintf(cfg->log, "tls: login packet received encrypted; the session goes on unencrypted\n");
}

/* Reads one message (packets up to end-of-message). Returns its type, or
 * -1 when the client went away or the drop-after fixture fired. */
static int read_message(struct conn *c, struct wbuf *msg)
{
	uint8_t hdr[8];
	int type = -1;

	msg->n = 0;
	for (;;) {
		if (conn_read(c, hdr, 8) < 0)
			return -1;
		size_t len = (size_t)hdr[2] << 8 | hdr[3];
		if (len < 8)
			return -1;
		c->packets++;
		if (cfg->drop_after > 0 && c->packets >= cfg->drop_after) {
			if (cfg->log)
				fprintf(cfg->log, "dropping the connection at packet %ld\n", c->packets);
			return -1;
		}
		static uint8_t body[65536];
		if (conn_read(c, body, len - 8) < 0)
			return -1;
		if (c->tls_state == TLS_LOGIN_ONLY)
			tls_drop(c);
		wb_bytes(msg, body, len - 8);
		type = hdr[0];
		if (hdr[1] & 0x01)
			return type;
	}
}

/* Sends data as reply packets; the last one ends the message when eom. */
static int send_packets(struct conn *c, const uint8_t *data, size_t n, int eom)
{
	size_t room = c->packet_size - 8;
	uint8_t hdr[8];

	do {
		size_t chunk = n < room ? n : room;
		int last = chunk == n && eom;
		hdr[0] = PKT_REPLY;
		hdr[1] = last ? 0x01 : 0x00;
		hdr[2] = (uint8_t)((chunk + 8) >> 8);
		hdr[3] = (uint8_t)(chunk + 8);
		hdr[4] = SPID >> 8;
		hdr[5] = SPID & 0xFF;
		hdr[6] = ++c->out_id;
		hdr[7] = 0;
		if (conn_write(c, hdr, 8) < 0 || conn_write(c, data, chunk) < 0)
			return -1;
		data += chunk;
		n -= chunk;
	} while (n);
	return 0;
}

static void out_reset(struct conn *c)
{
	c->out.buf.n = 0;
	c->out.done_at = c->out.done_end = 0;
	c->out.error_seen = 0;
}

/* Sends the reply built in c->out as the end of the message. A stalled
 * connection sends nothing more. */
static int flush_out(struct conn *c)
{
	int rc = c->stalled ? 0 : send_packets(c, c->out.buf.p, c->out.buf.n, 1);
	out_reset(c);
	return rc;
}

/* Streaming: once a few packets' worth of a result is ready, the whole
 * packets go out (not ending the message) and the buffer keeps only the
 * rest, so a large result never sits whole in memory. */
enum { STREAM_PACKETS = 8 };

static int stream_out(struct conn *c)
{
	struct tds_out *o = &c->out;
	size_t room = c->packet_size - 8;

	if (o->buf.n < room * STREAM_PACKETS)
		return 0;
	size_t cut = o->buf.n / room * room;
	if (o->done_end == o->buf.n && cut > o->done_at)
		cut = o->done_at / room * room;   /* the last DONE may still change */
	if (cut == 0)
		return 0;
	if (send_packets(c, o->buf.p, cut, 0) < 0)
		return -1;
	memmove(o->buf.p, o->buf.p + cut, o->buf.n - cut);
	o->buf.n -= cut;
	if (o->done_end > cut) {
		o->done_at = o->done_at > cut ? o->done_at - cut : 0;
		o->done_end -= cut;
	} else {
		o->done_at = o->done_end = 0;
	}
	return 0;
}

/* The session's row hook: streams, and fires the stall fixture (what is
 * ready goes out, the message never ends, and nothing more is answered
 * on this connection). */
static int row_sent(struct session *s)
{
	struct conn *c = s->conn;

	c->rows++;
	if (cfg->stall_after_rows > 0 && c->rows >= cfg->stall_after_rows) {
		if (cfg->log) {
			fprintf(cfg->log, "stalling after %ld rows\n", c->rows);
			fflush(cfg->log);
		}
		if (c->out.buf.n)
			send_packets(c, c->out.buf.p, c->out.buf.n, 0);
		out_reset(c);
		c->stalled = 1;
		return -1;
	}
	if (stream_out(c) < 0) {
		c->gone = 1;
		return -1;
	}
	return 0;
}

static const char *encrypt_name(unsigned v)
{
	static const char *const names[] = { "ENCRYPT_OFF", "ENCRYPT_ON", "ENCRYPT_NOT_SUP",
					     "ENCRYPT_REQ" };
	return v < 4 ? names[v] : "ENCRYPT_?";
}

/* The client's PRELOGIN ENCRYPTION byte (ENCRYPT_NOT_SUP when absent). */
static unsigned client_encryption(const struct wbuf *m)
{
	for (size_t i = 0; i + 5 <= m->n && m->p[i] != 0xFF; i += 5) {
		size_t off = (size_t)m->p[i + 1] << 8 | m->p[i + 2];
		size_t len = (size_t)m->p[i + 3] << 8 | m->p[i + 4];
		if (m->p[i] == 0x01 && len >= 1 && off < m->n)
			return m->p[off];
	}
	return ENCRYPT_NOT_SUP;
}

/* The server's answer to the client's encryption value, from MS-TDS
 * 2.2.6.5's table: OFF against OFF encrypts the login packet only, ON or
 * REQ on either side the whole session, NOT_SUP on either side nothing;
 * *close is set where the table says the connection is terminated
 * (one side requires what the other does not support). */
static unsigned negotiate(struct conn *c, unsigned client, int *close)
{
	int client_needs = client == ENCRYPT_ON || client == ENCRYPT_REQ;

	*close = 0;
	if (enc.offer == ENCRYPT_NOT_SUP || client == ENCRYPT_NOT_SUP) {
		*close = client_needs || enc.offer == ENCRYPT_REQ;
		return enc.offer == ENCRYPT_REQ ? ENCRYPT_REQ : ENCRYPT_NOT_SUP;
	}
	c->tls_state = TLS_HANDSHAKE;
	c->tls_full = client_needs || enc.offer == ENCRYPT_REQ;
	if (enc.offer == ENCRYPT_REQ)
		return ENCRYPT_REQ;
	return client_needs ? ENCRYPT_ON : ENCRYPT_OFF;
}

/* PRELOGIN reply: version, the negotiated encryption, instance OK, no
 * thread id, MARS off. Returns -1 when the connection is to be closed. */
static int answer_prelogin(struct conn *c, const struct wbuf *m)
{
	struct wbuf *b = &c->out.buf;
	unsigned client = client_encryption(m);
	int close_after;
	unsigned answer = negotiate(c, client, &close_after);
	/* 5 options * 5 bytes + terminator = 26: data starts there */
	const unsigned base = 26;

	wb_u8(b, 0x00); wb_u16be(b, base); wb_u16be(b, 6);
	wb_u8(b, 0x01); wb_u16be(b, base + 6); wb_u16be(b, 1);
	wb_u8(b, 0x02); wb_u16be(b, base + 7); wb_u16be(b, 1);
	wb_u8(b, 0x03); wb_u16be(b, base + 8); wb_u16be(b, 0);
	wb_u8(b, 0x04); wb_u16be(b, base + 8); wb_u16be(b, 1);
	wb_u8(b, 0xFF);
	wb_u8(b, 10); wb_u8(b, 50); wb_u16be(b, 1600); wb_u16be(b, 0);
	wb_u8(b, answer);
	wb_u8(b, 0x00);         /* instance matches */
	wb_u8(b, 0x00);         /* MARS off */
	if (cfg->log) {
		fprintf(cfg->log, "prelogin: client %s, server %s%s\n", encrypt_name(client),
			encrypt_name(answer), close_after ? ": connection terminated" :
			c->tls_state == TLS_NONE ? ": no encryption" :
			c->tls_full ? ": whole session encrypted" : ": login packet encrypted");
		fflush(cfg->log);
	}
	if (flush_out(c) < 0 || close_after)
		return -1;
	return 0;
}

/* The TLS handshake the PRELOGIN answer announced. */
static int handshake(struct conn *c)
{
	char why[256];

	c->tls = tls_link_new(c->fd, &c->out_id, enc.wire);
	if (tls_handshake(c->tls, why, sizeof why) < 0) {
		if (cfg->log) {
			fprintf(cfg->log, "tls: handshake failed: %s\n", why);
			fflush(cfg->log);
		}
		return -1;
	}
	c->tls_state = c->tls_full ? TLS_FULL : TLS_LOGIN_ONLY;
	if (cfg->log) {
		fprintf(cfg->log, "tls: %s negotiated, %s\n", tls_version_name(c->tls),
			c->tls_full ? "whole session encrypted" : "login packet encrypted");
		fflush(cfg->log);
	}
	return 0;
}

static uint32_t rd32le(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned rd16le(const uint8_t *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

/* One LOGIN7 string field (offset/length pair at off). */
static char *login_field(const struct wbuf *m, size_t off, int password)
{
	if (off + 4 > m->n)
		return strdup("");
	size_t at = rd16le(m->p + off), units = rd16le(m->p + off + 2);
	if (at + units * 2 > m->n)
		return strdup("");
	if (!password)
		return utf16_to_utf8(m->p + at, units);
	uint8_t *tmp = malloc(units * 2 + 1);
	if (!tmp)
		abort();
	for (size_t i = 0; i < units * 2; i++) {
		uint8_t x = m->p[at + i] ^ 0xA5;
		tmp[i] = (uint8_t)((x & 0x0F) << 4 | (x >> 4));
	}
	char *s = utf16_to_utf8(tmp, units);
	free(tmp);
	return s;
}

/* LOGIN7: checks the user, password and database; answers LOGINACK and
 * the environment, or the login errors. Returns 0 when logged in. */
static int answer_login(struct conn *c, const struct wbuf *m)
{
	struct tds_out *o = &c->out;
	char msg[512];

	if (m->n < 94)
		return -1;
	uint32_t v = rd32le(m->p + 4);
	uint32_t ask = rd32le(m->p + 8);
	int ext = (m->p[27] & 0x10) != 0;
	/* the lower of the client's and the release's, as a real server
	 * answers (MS-TDS 2.2.7.14 LOGINACK: the server's TDS version) */
	const struct release_info *rel = release_info(cfg->release);
	o->version = v >= TDSV_74 ? TDSV_74 : v >= 0x73000000u ? TDSV_73 : v >= TDSV_72 ? TDSV_72 : TDSV_71;
	if (o->version > rel->tds_version)
		o->version = rel->tds_version;
	char *user = login_field(m, 40, 0);
	char *pass = login_field(m, 44, 1);
	char *db = login_field(m, 68, 0);
	int ok = -1;

	if (cfg->log)
		fprintf(cfg->log, "login: user=%s database=%s tds=%08x (asked %08x)\n", user, db,
			(unsigned)o->version, (unsigned)v);
	if (strcmp(user, cfg->user) != 0 || strcmp(pass, cfg->password) != 0) {
		snprintf(msg, sizeof msg, "Login failed for user '%s'.", user);
		tok_message(o, 1, 18456, 1, 14, msg, cfg->server_name, 1);
		tok_done(o, DONE_ERROR, 0, 0);
		goto out;
	}
	if (!*db) {
		free(db);
		db = strdup(cfg->database);
	}
	if (strcasecmp(db, cfg->database) && strcasecmp(db, "master") && strcasecmp(db, "msdb")) {
		snprintf(msg, sizeof msg, "Cannot open database \"%s\" requested by the login. The login failed.", db);
		tok_message(o, 1, 4060, 1, 11, msg, cfg->server_name, 1);
		snprintf(msg, sizeof msg, "Login failed for user '%s'.", user);
		tok_message(o, 1, 18456, 1, 14, msg, cfg->server_name, 1);
		tok_done(o, DONE_ERROR, 0, 0);
		goto out;
	}
	c->packet_size = ask >= 512 && ask <= 32767 ? ask : 4096;
	static const uint8_t collation[5] = { 0x09, 0x04, 0xD0, 0x00, 0x34 };
	char size[16];
	snprintf(size, sizeof size, "%u", c->packet_size);
	tok_env_string(o, ENV_DATABASE, db, "master");
	snprintf(msg, sizeof msg, "Changed database context to '%s'.", db);
	tok_message(o, 0, 5701, 2, 0, msg, cfg->server_name, 1);
	tok_env_bytes(o, ENV_COLLATION, collation, 5, NULL, 0);
	tok_env_string(o, ENV_LANGUAGE, "us_english", "");
	tok_message(o, 0, 5703, 1, 0, "Changed language setting to us_english.", cfg->server_name, 1);
	tok_loginack(o, "Microsoft SQL Server", rel->major, rel->minor, rel->build);
	if (ext && o->version >= TDSV_74)
		wb_u8(&o->buf, TOK_FEATUREEXTACK), wb_u8(&o->buf, 0xFF);
	tok_env_string(o, ENV_PACKETSIZE, size, "4096");
	tok_done(o, 0, 0, 0);
	c->sess.current_db = strdup(db);
	ok = 0;
out:
	free(user);
	free(pass);
	free(db);
	if (flush_out(c) < 0)
		return -1;
	return ok;
}

/* SQL batch: skips ALL_HEADERS (TDS 7.2+), runs the text. */
static int answer_batch(struct conn *c, const struct wbuf *m)
{
	size_t at = 0;

	if (tds_is72(&c->out) && m->n >= 4) {
		uint32_t total = rd32le(m->p);
		if (total >= 4 && total <= m->n)
			at = total;
	}
	char *sql = utf16_to_utf8(m->p + at, (m->n - at) / 2);
	if (cfg->stall_batch > 0 && ++c->batches >= cfg->stall_batch) {
		if (cfg->log) {
			fprintf(cfg->log, "stalling at batch %ld:%s\n", c->batches, sql);
			fflush(cfg->log);
		}
		free(sql);
		c->stalled = 1;
		return 0;
	}
	if (cfg->exec_when && strstr(sql, cfg->exec_when)) {
		/* another session's change between two of the client's queries */
		static int fired;
		if (!fired++) {
			char *e = NULL;
			if (sqlite3_exec(c->sess.db, cfg->exec_when_sql, NULL, NULL, &e) != SQLITE_OK)
				fprintf(stderr, "tds-server: --exec-when: %s\n", e ? e : "failed");
			if (cfg->log)
				fprintf(cfg->log, "exec-when fired before: %s\n", sql);
			sqlite3_free(e);
		}
	}
	if (cfg->log) {
		fprintf(cfg->log, "batch:%s\n", sql);
		fflush(cfg->log);
	}
	tsql_exec_batch(&c->sess, sql);
	free(sql);
	if (cfg->log)
		fflush(cfg->log);
	if (c->gone)
		return -1;
	if (c->stalled) {
		out_reset(c);
		return 0;
	}
	tok_finish(&c->out);
	return flush_out(c);
}

static struct conn *conn_new(int fd, sqlite3 *db)
{
	struct conn *c = calloc(1, sizeof *c);

	if (!c)
		abort();
	c->fd = fd;
	c->packet_size = 4096;
	c->out.version = TDSV_74;
	c->sess.db = db;
	c->sess.cfg = cfg;
	c->sess.out = &c->out;
	c->sess.row_sent = row_sent;
	c->sess.conn = c;
	c->stalled = cfg->stall_login;
	return c;
}

/* Reads one request of c and answers it; -1 when the connection ends. */
static int conn_step(struct conn *c, struct wbuf *msg)
{
	if (c->tls_state == TLS_HANDSHAKE)
		return handshake(c);

	int type = read_message(c, msg);

	if (type < 0)
		return -1;
	if (c->stalled) {       /* read and ignored, attention too */
		if (cfg->log) {
			fprintf(cfg->log, "stalled: ignoring a request of type %d\n", type);
			fflush(cfg->log);
		}
		return 0;
	}
	tsql_register(c->sess.db, &c->sess);   /* this session's authorizer */
	if (type == PKT_PRELOGIN && !c->logged_in)
		return answer_prelogin(c, msg);
	if (type == PKT_LOGIN7 && !c->logged_in) {
		if (answer_login(c, msg) < 0)
			return -1;      /* a failed login ends the connection */
		c->logged_in = 1;
		return 0;
	}
	if (type == PKT_SQL_BATCH && c->logged_in)
		return answer_batch(c, msg);
	if (type == PKT_ATTENTION) {
		tok_done(&c->out, DONE_ATTN, 0, 0);
		return flush_out(c);
	}
	tok_message(&c->out, 1, 50000, 1, 16, "The loopback test server does not support this request.",
		    cfg->server_name, 1);
	tok_done(&c->out, DONE_ERROR, 0, 0);
	return flush_out(c);
}

/* Closes c; an open transaction is rolled back, as SQL Server does. */
static void conn_free(struct conn *c)
{
	if (cfg->log) {
		fprintf(cfg->log, "connection closed after %ld packets\n", c->packets);
		fflush(cfg->log);
	}
	tsql_session_end(&c->sess);
	wb_free(&c->out.buf);
	tls_link_free(c->tls);
	close(c->fd);
	free(c);
}

/* Writes the port atomically so a waiting test never reads half of it. */
static int write_port_file(const char *path, unsigned port)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "%u\n", port);
	if (fclose(f) != 0)
		return -1;
	return rename(tmp, path);
}

static int run_sql_file(sqlite3 *db, const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL, *err = NULL;
	size_t n = 0;

	if (!f) {
		fprintf(stderr, "tds-server: %s: %s\n", path, strerror(errno));
		return -1;
	}
	FILE *m = open_memstream(&text, &n);
	int ch;
	while ((ch = getc(f)) != EOF)
		putc(ch, m);
	fclose(f);
	fclose(m);
	char *collated = collate_schema(text);   /* the database's collation */
	free(text);
	text = collated;
	if (sqlite3_exec(db, text, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "tds-server: %s: %s\n", path, err);
		sqlite3_free(err);
		free(text);
		return -1;
	}
	free(text);
	return 0;
}

/* Runs a T-SQL script (data/sql/) through the server's own executor, in
 * database db: the fixture is loaded the way an administrator would load
 * it into a real SQL Server. */
static int run_tsql_file(sqlite3 *db, const char *path, const char *dbname)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t n = 0;
	struct tds_out out = { .version = TDSV_74 };
	struct session sess = { .db = db, .cfg = cfg, .out = &out };
	int ch, rc = 0;

	if (!f) {
		fprintf(stderr, "tds-server: %s: %s\n", path, strerror(errno));
		return -1;
	}
	FILE *m = open_memstream(&text, &n);
	while ((ch = getc(f)) != EOF)
		putc(ch, m);
	fclose(f);
	fclose(m);
	sess.current_db = strdup(dbname);
	tsql_register(db, &sess);
	tsql_exec_batch(&sess, text);
	if (out.error_seen) {
		fprintf(stderr, "tds-server: %s: error %s\n", path, sess.last_error_text);
		rc = -1;
	}
	tsql_session_end(&sess);
	wb_free(&out.buf);
	free(text);
	return rc;
}

static void usage(void)
{
	fputs("usage: tds-server --port-file FILE [--schema SQL_FILE] [--fixture SNAPSHOT]\n"
	      "  [--tsql TSQL_FILE]... [--tsql-msdb TSQL_FILE]...\n"
	      "  [--exec SQL]... [--database NAME] [--user NAME] [--password PW]\n"
	      "  [--deny TABLE] [--drop-after PACKETS] [--utc-offset MINUTES]\n"
	      "  [--idle-exit SECONDS] [--log FILE] [--server-name NAME]\n"
	      "  [--stall-after-rows N] [--stall-login] [--stall-batch N]\n"
	      "  [--sql-server 2005|2008|2008R2]\n"
	      "  [--tls-cert PEM --tls-key PEM [--tls-version 1.0|1.1|1.2|1.3]\n"
	      "   [--force-encryption]] [--wire-log FILE] [--shape 2010|r2|2013]\n"
	      "  [--exec-when TEXT=SQL]\n"
	      "--exec-when TEXT=SQL: SQL (SQLite) runs once, just before the first\n"
	      "  batch that holds TEXT: another session's change between two queries.\n"
	      "--shape: the tables as that release has them (fixture.c): 2010 has no\n"
	      "  tblChat.rtf, r2 lacks more, 2013 has rtf and drops 2010's columns\n"
	      "--sql-server: the release played (default 2008R2): TDS 7.2 for 2005,\n"
	      "  7.3 for 2008 and 2008 R2 at most, its version and its dialect.\n"
	      "--collation CI_AS|CS_AS: the database's collation (default CI_AS:\n"
	      "  names compare without case; trailing spaces never count).\n"
	      "--stall-after-rows N: after the Nth row sent on a connection, the\n"
	      "  rows so far go out but the reply never ends, and nothing more is\n"
	      "  answered on that connection (attention included): a server that\n"
	      "  stops replying mid-result.\n"
	      "--stall-login: connections are accepted and never answered (not even\n"
	      "  PRELOGIN): a listener that hangs the login.\n"
	      "--tls-cert, --tls-key: encryption offered (ENCRYPT_OFF: the login\n"
	      "  packet, or the whole session when the client asks); --tls-version:\n"
	      "  that TLS version only (default 1.0 to 1.2); --force-encryption:\n"
	      "  ENCRYPT_REQ. --wire-log: every byte of the sockets, as captured.\n", stderr);
}

int main(int argc, char **argv)
{
	static struct server_config config = {
		.database = "GroupChatDB", .user = "sa", .password = "Secret-123",
		.server_name = "LOOPBACK", .release = SQL_2008R2,
	};
	static const struct option opts[] = {
		{ "port-file", required_argument, NULL, 'p' },
		{ "schema", required_argument, NULL, 's' },
		{ "fixture", required_argument, NULL, 'f' },
		{ "tsql", required_argument, NULL, 't' },
		{ "tsql-msdb", required_argument, NULL, 'm' },
		{ "exec", required_argument, NULL, 'e' },
		{ "database", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'U' },
		{ "password", required_argument, NULL, 'P' },
		{ "deny", required_argument, NULL, 'D' },
		{ "drop-after", required_argument, NULL, 'x' },
		{ "utc-offset", required_argument, NULL, 'z' },
		{ "idle-exit", required_argument, NULL, 'i' },
		{ "log", required_argument, NULL, 'l' },
		{ "server-name", required_argument, NULL, 'n' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "tls-version", required_argument, NULL, 'V' },
		{ "force-encryption", no_argument, NULL, 'F' },
		{ "wire-log", required_argument, NULL, 'W' },
		{ "stall-after-rows", required_argument, NULL, 'S' },
		{ "stall-login", no_argument, NULL, 'L' },
		{ "stall-batch", required_argument, NULL, 'B' },
		{ "exec-when", required_argument, NULL, 'E' },
		{ "sql-server", required_argument, NULL, 'R' },
		{ "collation", required_argument, NULL, 'O' },
		{ "shape", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	const char *port_file = NULL, *schema = NULL, *fixture = NULL, *shape = NULL;
	const char *tls_cert = NULL, *tls_key = NULL, *tls_version = NULL;
	int force_encryption = 0;
	const char *execs[32], *tsql[8], *tsql_msdb[8];
	int nexec = 0, ntsql = 0, nmsdb = 0, idle = 120, o;
	sqlite3 *db;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'p': port_file = optarg; break;
		case 's': schema = optarg; break;
		case 'f': fixture = optarg; break;
		case 'H': shape = optarg; break;
		case 'e': if (nexec < 32) execs[nexec++] = optarg; break;
		case 't': if (ntsql < 8) tsql[ntsql++] = optarg; break;
		case 'm': if (nmsdb < 8) tsql_msdb[nmsdb++] = optarg; break;
		case 'd': config.database = optarg; break;
		case 'U': config.user = optarg; break;
		case 'P': config.password = optarg; break;
		case 'D': config.deny_table = optarg; break;
		case 'x': config.drop_after = atol(optarg); break;
		case 'z': config.utc_offset_minutes = atoi(optarg); break;
		case 'i': idle = atoi(optarg); break;
		case 'n': config.server_name = optarg; break;
		case 'C': tls_cert = optarg; break;
		case 'K': tls_key = optarg; break;
		case 'V': tls_version = optarg; break;
		case 'F': force_encryption = 1; break;
		case 'W':
			enc.wire = fopen(optarg, "ab");
			if (!enc.wire) {
				perror(optarg);
				return 2;
			}
			break;
		case 'S': config.stall_after_rows = atol(optarg); break;
		case 'L': config.stall_login = 1; break;
		case 'B': config.stall_batch = atol(optarg); break;
		case 'E': {
			char *eq = strstr(optarg, "=");
			if (!eq) {
				fprintf(stderr, "tds-server: --exec-when TEXT=SQL\n");
				return 2;
			}
			*eq = 0;
			config.exec_when = optarg;
			config.exec_when_sql = eq + 1;
			break;
		}
		case 'O':
			if (!strcasecmp(optarg, "CS_AS") || !strcasecmp(optarg, "CS"))
				config.collation_cs = 1;
			else if (strcasecmp(optarg, "CI_AS") && strcasecmp(optarg, "CI")) {
				fprintf(stderr, "tds-server: --collation %s: not CI_AS or CS_AS\n", optarg);
				return 2;
			}
			break;
		case 'R':
			if (!strcasecmp(optarg, "2005"))
				config.release = SQL_2005;
			else if (!strcasecmp(optarg, "2008"))
				config.release = SQL_2008;
			else if (!strcasecmp(optarg, "2008R2") || !strcasecmp(optarg, "2008 R2"))
				config.release = SQL_2008R2;
			else {
				fprintf(stderr, "tds-server: --sql-server %s: not 2005, 2008 or 2008R2\n", optarg);
				return 2;
			}
			break;
		case 'l':
			config.log = fopen(optarg, "a");
			if (!config.log) {
				perror(optarg);
				return 2;
			}
			break;
		default: usage(); return 2;
		}
	}
	if (!port_file || optind != argc || !tls_cert != !tls_key ||
	    ((tls_version || force_encryption) && !tls_cert)) {
		usage();
		return 2;
	}
	if (tls_cert) {
		if (tls_server_init(tls_cert, tls_key, tls_version) < 0)
			return 2;
		enc.offer = force_encryption ? ENCRYPT_REQ : ENCRYPT_OFF;
	}
	cfg = &config;
	signal(SIGPIPE, SIG_IGN);
	setlocale(LC_CTYPE, "C.UTF-8");  /* towlower() for the CI collation */

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "ATTACH DATABASE ':memory:' AS msdb", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "tds-server: cannot open SQLite: %s\n", sqlite3_errmsg(db));
		return 2;
	}
	tsql_register(db, NULL);
	dialect_register(db, &config);
	if (schema && run_sql_file(db, schema) < 0)
		return 2;
	for (int i = 0; i < ntsql; i++)
		if (run_tsql_file(db, tsql[i], config.database) < 0)
			return 2;
	for (int i = 0; i < nmsdb; i++)
		if (run_tsql_file(db, tsql_msdb[i], "msdb") < 0)
			return 2;
	if (shape && fixture_shape(db, shape) < 0)
		return 2;
	if (fixture && fixture_load_snapshot(db, fixture) < 0)
		return 2;
	for (int i = 0; i < nexec; i++) {
		char *err = NULL;
		if (sqlite3_exec(db, execs[i], NULL, NULL, &err) != SQLITE_OK) {
			fprintf(stderr, "tds-server: --exec %s: %s\n", execs[i], err);
			return 2;
		}
	}

	int ls = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
	socklen_t salen = sizeof sa;
	int one = 1;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, 8) < 0 ||
	    getsockname(ls, (struct sockaddr *)&sa, &salen) < 0) {
		perror("tds-server: listen");
		return 2;
	}
	if (write_port_file(port_file, ntohs(sa.sin_port)) < 0) {
		perror(port_file);
		return 2;
	}
	if (config.log) {
		fprintf(config.log, "listening on 127.0.0.1:%u\n", ntohs(sa.sin_port));
		fflush(config.log);
	}
	/* Connections are served in turn, one request at a time (they share
	 * the one SQLite database, and its transaction). */
	enum { MAX_CONNS = 32 };
	struct conn *conns[MAX_CONNS];
	struct pollfd pfd[MAX_CONNS + 1];
	struct wbuf msg = { 0 };
	size_t nconns = 0;
	for (;;) {
		/* TLS may hold a request it has read from the socket already */
		int pending = 0;
		pfd[0].fd = ls;
		pfd[0].events = nconns < MAX_CONNS ? POLLIN : 0;
		for (size_t i = 0; i < nconns; i++) {
			pfd[i + 1].fd = conns[i]->fd;
			pfd[i + 1].events = POLLIN;
			if (conns[i]->tls && conns[i]->tls_state != TLS_HANDSHAKE &&
			    tls_pending(conns[i]->tls))
				pending = 1;
		}
		int r = poll(pfd, nconns + 1, pending ? 0 : idle > 0 ? idle * 1000 : -1);
		if (r == 0 && !pending) {
			if (config.log)
				fprintf(config.log, "idle for %d s: exiting\n", idle);
			break;
		}
		if (r < 0)
			continue;
		for (size_t i = nconns; i-- > 0;) {
			if (!(pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) &&
			    !(conns[i]->tls && conns[i]->tls_state != TLS_HANDSHAKE &&
			      tls_pending(conns[i]->tls)))
				continue;
			if (conn_step(conns[i], &msg) < 0) {
				conn_free(conns[i]);
				conns[i] = conns[--nconns];
			}
		}
		if (pfd[0].revents & POLLIN) {
			int fd = accept(ls, NULL, NULL);
			if (fd >= 0) {
				setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
				conns[nconns++] = conn_new(fd, db);
			}
		}
	}
	while (nconns > 0)
		conn_free(conns[--nconns]);
	wb_free(&msg);
	sqlite3_close(db);
	if (tls_cert)
		tls_server_done();
	return 0;
}
