/* SPDX-License-Identifier: MIT */
/* TLS for the loopback TDS test server, with GnuTLS. Written from
 * MS-TDS: section 2.2.6.5 (PRELOGIN also "wraps the SSL handshake
 * payload": the packet data is the raw handshake bytes) and 3.3.5 (the
 * server's TLS/SSL negotiation state). During the handshake GnuTLS reads
 * and writes through tls_pull/tls_push, which unwrap and wrap PRELOGIN
 * packets; afterwards they go straight to the socket. */
#include "config.h"
#include <errno.h>
#include <gnutls/gnutls.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tds_tls.h"
#include "tds_wire.h"

/* A client that stops in the middle of the handshake must not hold the
 * server (it serves its connections in turn) for ever. */
#define HANDSHAKE_WAIT_MS 30000
/* Handshake packets are cut at the size every TDS 7 client accepts
 * before the login has negotiated one. */
#define HANDSHAKE_PACKET 4096

static gnutls_certificate_credentials_t creds;
static gnutls_priority_t priority;

struct tls_link {
	gnutls_session_t s;
	int fd;
	uint8_t *packet_id;
	FILE *wire;
	int wrapped;            /* handshake: records inside PRELOGIN packets */
	struct wbuf in;         /* unwrapped bytes GnuTLS has not read yet */
	size_t in_at;
	struct wbuf out;        /* handshake bytes to wrap and send */
};

ssize_t wire_read(int fd, void *p, size_t n, FILE *wire)
{
	ssize_t r;

	do
		r = read(fd, p, n);
	while (r < 0 && errno == EINTR);
	if (r > 0 && wire) {
		fwrite(p, 1, (size_t)r, wire);
		fflush(wire);
	}
	return r;
}

int wire_read_full(int fd, uint8_t *p, size_t n, FILE *wire)
{
	while (n) {
		ssize_t r = wire_read(fd, p, n, wire);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int wire_write_full(int fd, const uint8_t *p, size_t n, FILE *wire)
{
	if (wire && n) {
		fwrite(p, 1, n, wire);
		fflush(wire);
	}
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int tls_server_init(const char *cert, const char *key, const char *version)
{
	char prio[128];
	const char *bad = NULL;
	int rc;

	if (version && strcmp(version, "1.0") && strcmp(version, "1.1") && strcmp(version, "1.2") &&
	    strcmp(version, "1.3")) {
		fprintf(stderr, "tds-server: --tls-version %s: give 1.0, 1.1, 1.2 or 1.3\n", version);
		return -1;
	}
	/* SQL Server 2008 R2 speaks TLS 1.0, and TLS 1.1/1.2 once updated;
	 * TLS 1.3 came to SQL Server with TDS 8, outside TDS 7's PRELOGIN */
	if (version)
		snprintf(prio, sizeof prio, "NORMAL:-VERS-ALL:+VERS-TLS%s", version);
	else
		snprintf(prio, sizeof prio, "NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0");
	if ((rc = gnutls_global_init()) < 0 ||
	    (rc = gnutls_certificate_allocate_credentials(&creds)) < 0) {
		fprintf(stderr, "tds-server: GnuTLS: %s\n", gnutls_strerror(rc));
		return -1;
	}
	rc = gnutls_certificate_set_x509_key_file(creds, cert, key, GNUTLS_X509_FMT_PEM);
	if (rc < 0) {
		fprintf(stderr, "tds-server: %s, %s: %s\n", cert, key, gnutls_strerror(rc));
		return -1;
	}
	rc = gnutls_priority_init(&priority, prio, &bad);
	if (rc < 0) {
		fprintf(stderr, "tds-server: TLS priority %s (at %s): %s\n", prio, bad ? bad : "?",
			gnutls_strerror(rc));
		return -1;
	}
	return 0;
}

void tls_server_done(void)
{
	if (priority)
		gnutls_priority_deinit(priority);
	if (creds)
		gnutls_certificate_free_credentials(creds);
	priority = NULL;
	creds = NULL;
	gnutls_global_deinit();
}

/* Sends the handshake bytes GnuTLS wrote as PRELOGIN packets, the last
 * one marked end of message. */
static int flush_wrapped(struct tls_link *t)
{
	const size_t room = HANDSHAKE_PACKET - 8;
	size_t at = 0;
	uint8_t pkt[HANDSHAKE_PACKET];

	while (at < t->out.n) {
		size_t chunk = t->out.n - at < room ? t->out.n - at : room;
		int last = at + chunk == t->out.n;
		pkt[0] = PKT_PRELOGIN;
		pkt[1] = last ? 0x01 : 0x00;
		pkt[2] = (uint8_t)((chunk + 8) >> 8);
		pkt[3] = (uint8_t)(chunk + 8);
		pkt[4] = pkt[5] = 0;
		pkt[6] = ++*t->packet_id;
		pkt[7] = 0;
		memcpy(pkt + 8, t->out.p + at, chunk);
		if (wire_write_full(t->fd, pkt, chunk + 8, t->wire) < 0)
			return -1;
		at += chunk;
	}
	t->out.n = 0;
	return 0;
}

/* Reads one PRELOGIN packet of the handshake into t->in. */
static int read_wrapped(struct tls_link *t)
{
	struct pollfd pfd = { .fd = t->fd, .events = POLLIN };
	uint8_t hdr[8];
	static uint8_t body[65536];

	if (poll(&pfd, 1, HANDSHAKE_WAIT_MS) <= 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (wire_read_full(t->fd, hdr, 8, t->wire) < 0) {
		errno = 0;              /* end of file */
		return -1;
	}
	size_t len = (size_t)hdr[2] << 8 | hdr[3];
	if (hdr[0] != PKT_PRELOGIN || len < 8) {
		errno = EPROTO;         /* not a handshake packet */
		return -1;
	}
	if (wire_read_full(t->fd, body, len - 8, t->wire) < 0) {
		errno = 0;
		return -1;
	}
	t->in.n = 0;
	t->in_at = 0;
	wb_bytes(&t->in, body, len - 8);
	return 0;
}

static ssize_t tls_pull(gnutls_transport_ptr_t ptr, void *data, size_t len)
{
	struct tls_link *t = ptr;

	if (!t->wrapped) {
		ssize_t r = wire_read(t->fd, data, len, t->wire);
		if (r < 0)
			gnutls_transport_set_errno(t->s, errno);
		return r;
	}
	/* GnuTLS reads only when its flight is complete: send that first */
	if (t->out.n && flush_wrapped(t) < 0) {
		gnutls_transport_set_errno(t->s, EPIPE);
		return -1;
	}
	while (t->in_at == t->in.n) {
		if (read_wrapped(t) < 0) {
			if (errno == 0)
				return 0;
			gnutls_transport_set_errno(t->s, errno);
			return -1;
		}
	}
	size_t n = t->in.n - t->in_at < len ? t->in.n - t->in_at : len;
	memcpy(data, t->in.p + t->in_at, n);
	t->in_at += n;
	return (ssize_t)n;
}

static ssize_t tls_push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
	struct tls_link *t = ptr;

	if (t->wrapped) {
		wb_bytes(&t->out, data, len);
		return (ssize_t)len;
	}
	if (wire_write_full(t->fd, data, len, t->wire) < 0) {
		gnutls_transport_set_errno(t->s, EPIPE);
		return -1;
	}
	return (ssize_t)len;
}

struct tls_link *tls_link_new(int fd, uint8_t *packet_id, FILE *wire)
{
	struct tls_link *t = calloc(1, sizeof *t);

	if (!t)
		abort();
	t->fd = fd;
	t->packet_id = packet_id;
	t->wire = wire;
	/* no TLS 1.3 session tickets: none would be wanted after a
	 * login-only handshake, when the client has dropped TLS */
	if (gnutls_init(&t->s, GNUTLS_SERVER | GNUTLS_NO_TICKETS) < 0 ||
	    gnutls_priority_set(t->s, priority) < 0 ||
	    gnutls_credentials_set(t->s, GNUTLS_CRD_CERTIFICATE, creds) < 0) {
		fputs("tds-server: cannot start a TLS session\n", stderr);
		abort();
	}
	gnutls_certificate_server_set_request(t->s, GNUTLS_CERT_IGNORE);
	gnutls_transport_set_ptr(t->s, t);
	gnutls_transport_set_pull_function(t->s, tls_pull);
	gnutls_transport_set_push_function(t->s, tls_push);
	return t;
}

int tls_handshake(struct tls_link *t, char *why, size_t whysize)
{
	int rc;

	t->wrapped = 1;
	do
		rc = gnutls_handshake(t->s);
	while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0 && rc != GNUTLS_E_FATAL_ALERT_RECEIVED && rc != GNUTLS_E_PUSH_ERROR &&
	    rc != GNUTLS_E_PULL_ERROR && rc != GNUTLS_E_PREMATURE_TERMINATION)
		gnutls_alert_send_appropriate(t->s, rc);    /* tell the client why */
	/* the last flight (TLS 1.2: the server's Finished), or the alert */
	int sent = t->out.n == 0 || flush_wrapped(t) == 0;
	t->wrapped = 0;
	wb_free(&t->in);
	wb_free(&t->out);
	if (rc < 0) {
		if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED || rc == GNUTLS_E_WARNING_ALERT_RECEIVED)
			snprintf(why, whysize, "%s (%s)", gnutls_strerror(rc),
				 gnutls_alert_get_name(gnutls_alert_get(t->s)));
		else
			snprintf(why, whysize, "%s", gnutls_strerror(rc));
		return -1;
	}
	if (!sent) {
		snprintf(why, whysize, "the client went away at the end of the handshake");
		return -1;
	}
	return 0;
}

const char *tls_version_name(const struct tls_link *t)
{
	const char *name = gnutls_protocol_get_name(gnutls_protocol_get_version(t->s));
	return name ? name : "?";
}

int tls_read_full(struct tls_link *t, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t r = gnutls_record_recv(t->s, p, n);
		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int tls_write_full(struct tls_link *t, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = gnutls_record_send(t->s, p, n);
		if (w == GNUTLS_E_AGAIN || w == GNUTLS_E_INTERRUPTED)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

size_t tls_pending(const struct tls_link *t)
{
	return gnutls_record_check_pending(t->s);
}

void tls_link_free(struct tls_link *t)
{
	if (!t)
		return;
	gnutls_deinit(t->s);
	wb_free(&t->in);
	wb_free(&t->out);
	free(t);
}
