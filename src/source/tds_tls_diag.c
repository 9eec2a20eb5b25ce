/* SPDX-License-Identifier: MIT */
/* Asks a TDS server what FreeTDS asked it before its login failed:
 *
 * 1. freetds.conf, read the way FreeTDS reads it (tds_conf.h): the host
 *    and port, and the client's encryption settings (encryption, ca
 *    file, enable tls v1, check certificate hostname).
 * 2. A PRELOGIN with the ENCRYPTION value FreeTDS sends for that setting;
 *    the server's answer follows MS-TDS 2.2.6.5's table
 *    (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-tds/60f56408-0188-4cd5-8b90-25c6f2423868):
 *    ENCRYPT_NOT_SUP against a client that requires encryption, or
 *    ENCRYPT_REQ against one that turned it off, ends the connection.
 * 3. When the handshake was to run, a TLS ClientHello (RFC 5246 7.4.1.2)
 *    offering TLS 1.0 to 1.2, carried in a PRELOGIN packet as MS-TDS says:
 *    the ServerHello gives the newest TLS the server speaks. The
 *    connection is closed right after; no handshake is completed. */
#include "config.h"
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "base/i18n.h"
#include "base/util.h"
#include "source/tds_conf.h"
#include "source/tds_tls_diag.h"

/* The server answered FreeTDS moments ago: a few seconds, all questions
 * together, are plenty. */
#define DIAG_WAIT_MS 5000

/* The connection and the time it has left. */
struct link {
	int fd;
	struct timespec deadline;       /* CLOCK_MONOTONIC */
};

/* Waits for events on l->fd until the deadline; true when they came. */
static bool wait_for(const struct link *l, short events)
{
	struct timespec now;
	struct pollfd p = { .fd = l->fd, .events = events };

	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (long)(l->deadline.tv_sec - now.tv_sec) * 1000 +
	          (l->deadline.tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 && poll(&p, 1, (int)ms) == 1;
}

enum { ENCRYPT_OFF = 0, ENCRYPT_ON = 1, ENCRYPT_NOT_SUP = 2, ENCRYPT_REQ = 3 };

/* What freetds.conf says of the server; -1 = not set. */
struct client_conf {
	char host[256];
	char port[16];
	char instance[128];
	char encryption[16];    /* off, request, require, strict, or "" */
	char ca_file[1024];
	int enable_tls_v1;
	int check_hostname;
};

/* ------------------------------------------------------------------ */
/* freetds.conf                                                         */

static int conf_bool(const char *v)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcasecmp(v, "true") || !strcmp(v, "1"))
		return 1;
	if (!strcasecmp(v, "no") || !strcasecmp(v, "off") || !strcasecmp(v, "false") || !strcmp(v, "0"))
		return 0;
	return -1;
}

static void conf_set(struct client_conf *c, const char *key, const char *value)
{
	if (!strcmp(key, "host"))
		snprintf(c->host, sizeof c->host, "%s", value);
	else if (!strcmp(key, "port"))
		snprintf(c->port, sizeof c->port, "%s", value);
	else if (!strcmp(key, "instance"))
		snprintf(c->instance, sizeof c->instance, "%s", value);
	else if (!strcmp(key, "encryption"))
		snprintf(c->encryption, sizeof c->encryption, "%s", value);
	else if (!strcmp(key, "ca file"))
		snprintf(c->ca_file, sizeof c->ca_file, "%s", value);
	else if (!strcmp(key, "enable tls v1"))
		c->enable_tls_v1 = conf_bool(value);
	else if (!strcmp(key, "check certificate hostname"))
		c->check_hostname = conf_bool(value);
}

static void conf_apply(const char *key, const char *value, void *ctx)
{
	conf_set(ctx, key, value);
}

/* The settings FreeTDS would use for server; false when the server is
 * out of reach of a plain TCP question (an instance name). */
static bool conf_lookup(const char *server, struct client_conf *c)
{
	bool found;

	memset(c, 0, sizeof *c);
	c->enable_tls_v1 = c->check_hostname = -1;
	found = pcm_tds_conf_each(server, conf_apply, c);
	if (!found) {
		/* host, host:port or host\instance */
		size_t n = strcspn(server, ":\\");
		snprintf(c->host, sizeof c->host, "%.*s", (int)n, server);
		if (server[n] == ':')
			snprintf(c->port, sizeof c->port, "%s", server + n + 1);
		else if (server[n] == '\\')
			snprintf(c->instance, sizeof c->instance, "%s", server + n + 1);
	}
	if (!c->port[0] && c->instance[0])
		return false;           /* the port is SQL Browser's to tell */
	if (!c->port[0])
		snprintf(c->port, sizeof c->port, "1433");
	return c->host[0] != 0;
}

/* ------------------------------------------------------------------ */
/* The questions                                                        */

/* Connects l to host:port; l->fd is -1 when no address answered. */
static void dial(struct link *l, const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;

	clock_gettime(CLOCK_MONOTONIC, &l->deadline);
	l->deadline.tv_sec += DIAG_WAIT_MS / 1000;
	l->fd = -1;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return;
	for (ai = res; ai && l->fd < 0; ai = ai->ai_next) {
		l->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		               ai->ai_protocol);
		if (l->fd < 0)
			continue;
		int soerr = 0;
		socklen_t len = sizeof soerr;
		if ((connect(l->fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) ||
		    !wait_for(l, POLLOUT) ||
		    getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0 || soerr) {
			close(l->fd);
			l->fd = -1;
		}
	}
	freeaddrinfo(res);
}

static int send_all(const struct link *l, const uint8_t *p, size_t n)
{
	while (n) {
		if (!wait_for(l, POLLOUT))
			return -1;
		ssize_t w = send(l->fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int recv_all(const struct link *l, uint8_t *p, size_t n)
{
	while (n) {
		if (!wait_for(l, POLLIN))
			return -1;
		ssize_t r = recv(l->fd, p, n, 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* One TDS packet (MS-TDS 2.2.3): type, end of message, length, SPID 0,
 * packet 1, window 0. */
static int send_packet(const struct link *l, uint8_t type, const uint8_t *data, size_t n)
{
	uint8_t pkt[1024];

	if (n + 8 > sizeof pkt)
		return -1;
	pkt[0] = type;
	pkt[1] = 0x01;
	pkt[2] = (uint8_t)((n + 8) >> 8);
	pkt[3] = (uint8_t)(n + 8);
	pkt[4] = pkt[5] = 0;
	pkt[6] = 1;
	pkt[7] = 0;
	memcpy(pkt + 8, data, n);
	return send_all(l, pkt, n + 8);
}

/* The body of the next packet into buf; its length, or -1. */
static long recv_packet(const struct link *l, uint8_t *buf, size_t size)
{
	uint8_t hdr[8];

	if (recv_all(l, hdr, 8) < 0)
		return -1;
	size_t len = (size_t)hdr[2] << 8 | hdr[3];
	if (len < 8 || len - 8 > size || recv_all(l, buf, len - 8) < 0)
		return -1;
	return (long)(len - 8);
}

/* PRELOGIN (MS-TDS 2.2.6.5) with the client's ENCRYPTION value; returns
 * the server's, or -1 when no PRELOGIN answer came. */
static int ask_prelogin(const struct link *l, unsigned client_enc)
{
	/* VERSION, ENCRYPTION, INSTOPT, THREADID, MARS, TERMINATOR; the data
	 * starts after the 5 * 5 + 1 bytes of the table */
	uint8_t req[] = {
		0x00, 0, 26, 0, 6,
		0x01, 0, 32, 0, 1,
		0x02, 0, 33, 0, 1,
		0x03, 0, 34, 0, 4,
		0x04, 0, 38, 0, 1,
		0xFF,
		9, 0, 0, 0, 0, 0,       /* client version */
		(uint8_t)client_enc,
		0,                      /* the default instance */
		0, 0, 0, 0,             /* thread id */
		0,                      /* MARS off */
	};
	uint8_t body[4096];
	long n;

	if (send_packet(l, 0x12, req, sizeof req) < 0 || (n = recv_packet(l, body, sizeof body)) < 0)
		return -1;
	for (long i = 0; i + 5 <= n && body[i] != 0xFF; i += 5) {
		long off = body[i + 1] << 8 | body[i + 2], len = body[i + 3] << 8 | body[i + 4];
		if (body[i] == 0x01 && len >= 1 && off < n)
			return body[off];
	}
	return -1;
}

/* A ClientHello offering TLS 1.0 to 1.2 with the usual suites of those
 * versions (RFC 5246, RFC 4492, RFC 5746's empty renegotiation_info). */
static size_t client_hello(uint8_t *out)
{
	static const uint8_t suites[] = {
		0xC0, 0x2F, 0xC0, 0x2B, 0xC0, 0x30, 0xC0, 0x2C,     /* ECDHE GCM */
		0xC0, 0x13, 0xC0, 0x14, 0xC0, 0x09, 0xC0, 0x0A,     /* ECDHE CBC */
		0x00, 0x9C, 0x00, 0x9D, 0x00, 0x2F, 0x00, 0x35,     /* RSA */
		0x00, 0x0A,                                         /* 3DES */
	};
	static const uint8_t extensions[] = {
		0x00, 0x0A, 0x00, 0x08, 0x00, 0x06, 0x00, 0x17, 0x00, 0x18, 0x00, 0x1D,
		0x00, 0x0B, 0x00, 0x02, 0x01, 0x00,
		0x00, 0x0D, 0x00, 0x12, 0x00, 0x10,
		0x04, 0x01, 0x04, 0x03, 0x05, 0x01, 0x05, 0x03, 0x08, 0x04, 0x06, 0x01, 0x02, 0x01,
		0x02, 0x03,
		0xFF, 0x01, 0x00, 0x01, 0x00,
	};
	size_t n = 0;

	out[n++] = 22;                          /* handshake record */
	out[n++] = 3, out[n++] = 1;             /* record version TLS 1.0 */
	size_t rec_len = n;
	n += 2;
	out[n++] = 1;                           /* ClientHello */
	size_t hs_len = n;
	n += 3;
	out[n++] = 3, out[n++] = 3;             /* up to TLS 1.2 */
	uint32_t x = (uint32_t)time(NULL) ^ (uint32_t)getpid() << 16;
	for (int i = 0; i < 32; i++) {          /* random: no key is ever made */
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		out[n++] = (uint8_t)x;
	}
	out[n++] = 0;                           /* no session id */
	out[n++] = 0, out[n++] = sizeof suites;
	memcpy(out + n, suites, sizeof suites);
	n += sizeof suites;
	out[n++] = 1, out[n++] = 0;             /* no compression */
	out[n++] = 0, out[n++] = sizeof extensions;
	memcpy(out + n, extensions, sizeof extensions);
	n += sizeof extensions;
	size_t hs = n - hs_len - 3, rec = n - rec_len - 2;
	out[hs_len] = 0, out[hs_len + 1] = (uint8_t)(hs >> 8), out[hs_len + 2] = (uint8_t)hs;
	out[rec_len] = (uint8_t)(rec >> 8), out[rec_len + 1] = (uint8_t)rec;
	return n;
}

/* The TLS version the server picks (0x0301 = TLS 1.0 ...), or -(alert
 * description + 1) when it refuses the hello, or 0 when it says nothing
 * readable. */
static int ask_tls_version(const struct link *l)
{
	uint8_t hello[256], body[4096];
	long n;

	if (send_packet(l, 0x12, hello, client_hello(hello)) < 0 ||
	    (n = recv_packet(l, body, sizeof body)) < 0 || n < 7)
		return 0;
	if (body[0] == 21)                      /* alert: level, description */
		return -(body[6] + 1);
	if (body[0] == 22 && body[5] == 2 && n >= 11)   /* ServerHello */
		return body[9] << 8 | body[10];
	return 0;
}

/* ------------------------------------------------------------------ */
/* The verdict                                                          */

static const char *tls_name(int version)
{
	switch (version) {
	case 0x0300: return "SSL 3.0";
	case 0x0301: return "TLS 1.0";
	case 0x0302: return "TLS 1.1";
	case 0x0303: return "TLS 1.2";
	default: return "TLS";
	}
}

static const char *alert_name(int description)
{
	switch (description) {
	case 40: return "handshake_failure";
	case 47: return "illegal_parameter";
	case 70: return "protocol_version";
	case 71: return "insufficient_security";
	case 80: return "internal_error";
	default: return "alert";
	}
}

/* Why the login failed, from the server's answers; 0 when TLS is not
 * to blame. */
static int verdict(const struct link *l, const struct client_conf *c, unsigned sent, int answer,
                   char *why, size_t whysize)
{
	int version;

	if (answer == ENCRYPT_NOT_SUP && sent == ENCRYPT_ON) {
		snprintf(why, whysize, _("the server does not support encryption (it answers PRELOGIN "
		                         "with ENCRYPT_NOT_SUP) and freetds.conf requires it (encryption "
		                         "= %s): set encryption = request there, or give the server a "
		                         "certificate"), c->encryption);
		return 1;
	}
	if (answer == ENCRYPT_REQ && sent == ENCRYPT_NOT_SUP) {
		snprintf(why, whysize, _("the server requires encryption (it answers PRELOGIN with "
		                         "ENCRYPT_REQ) and freetds.conf turns it off (encryption = off): "
		                         "set encryption = request there"));
		return 1;
	}
	if (answer < 0 || answer == ENCRYPT_NOT_SUP || sent == ENCRYPT_NOT_SUP)
		return 0;               /* no TDS, or no TLS was to run */
	version = ask_tls_version(l);
	if (version < 0) {
		snprintf(why, whysize, _("the server refuses TLS 1.0, 1.1 and 1.2 (its alert: %s)"),
		         alert_name(-version - 1));
	} else if (version == 0) {
		snprintf(why, whysize, _("the server offers encryption in PRELOGIN but does not answer "
		                         "a TLS ClientHello"));
	} else if (version <= 0x0301 && c->enable_tls_v1 != 1) {
		snprintf(why, whysize, _("the server speaks %s at most (SQL Server 2005, 2008 and 2008 R2 "
		                         "before their TLS 1.2 updates) and FreeTDS does not accept it: "
		                         "update the server, or set enable tls v1 = yes in freetds.conf"),
		         tls_name(version));
	} else if (c->ca_file[0] && c->check_hostname != 0) {
		snprintf(why, whysize, _("FreeTDS does not trust the server's certificate: neither it "
		                         "nor its issuer is in the ca file %s, or it does not name the "
		                         "host %s (check certificate hostname)"), c->ca_file, c->host);
	} else if (c->ca_file[0]) {
		snprintf(why, whysize, _("FreeTDS does not trust the server's certificate: neither it "
		                         "nor its issuer is in the ca file %s"), c->ca_file);
	} else {
		snprintf(why, whysize, _("the server or FreeTDS broke off the %s handshake (check the "
		                         "server's certificate and the TLS versions and ciphers both "
		                         "sides allow)"), tls_name(version));
	}
	return 1;
}

int pcm_tds_tls_diagnose(const char *server, char *why, size_t whysize)
{
	struct client_conf c;
	struct link l;

	if (!conf_lookup(server, &c))
		return 0;
	dial(&l, c.host, c.port);
	if (l.fd < 0)
		return 0;
	/* what FreeTDS sends for its setting (its default is request) */
	unsigned sent = !strcasecmp(c.encryption, "require") || !strcasecmp(c.encryption, "strict") ?
	                ENCRYPT_ON : !strcasecmp(c.encryption, "off") ? ENCRYPT_NOT_SUP : ENCRYPT_OFF;
	int rc = verdict(&l, &c, sent, ask_prelogin(&l, sent), why, whysize);
	close(l.fd);
	return rc;
}
