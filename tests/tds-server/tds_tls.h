/* SPDX-License-Identifier: MIT */
/* The loopback TDS test server's TLS (GnuTLS), as TDS 7.x carries it
 * (MS-TDS 2.2.6.5 and 3.3.5): the handshake travels inside PRELOGIN
 * (0x12) packets, then TLS records go straight on the socket, for the
 * login packet only (ENCRYPT_OFF) or for the whole session. Test code. */
#ifndef TDS_TLS_H
#define TDS_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* PRELOGIN ENCRYPTION values (MS-TDS 2.2.6.5). */
#define ENCRYPT_OFF 0x00
#define ENCRYPT_ON 0x01
#define ENCRYPT_NOT_SUP 0x02
#define ENCRYPT_REQ 0x03

/* Loads the certificate and key (PEM) once for the server. version is
 * NULL (TLS 1.0 to 1.2, as an updated SQL Server 2008 R2), or "1.0",
 * "1.1", "1.2", "1.3": that version only. Returns -1 with a message on
 * stderr. */
int tls_server_init(const char *cert, const char *key, const char *version);
void tls_server_done(void);

struct tls_link;

/* A connection's TLS; fd is its socket, *packet_id the PacketID counter
 * the handshake's PRELOGIN packets share with the replies, wire a raw
 * capture of the socket's bytes (or NULL). */
struct tls_link *tls_link_new(int fd, uint8_t *packet_id, FILE *wire);
/* Runs the handshake inside PRELOGIN packets. Returns 0, or -1 with the
 * reason in why (a GnuTLS message, the client's alert). */
int tls_handshake(struct tls_link *t, char *why, size_t whysize);
/* "TLS1.2" */
const char *tls_version_name(const struct tls_link *t);
/* Reads/writes exactly n bytes of TLS records; -1 when the peer is gone. */
int tls_read_full(struct tls_link *t, uint8_t *p, size_t n);
int tls_write_full(struct tls_link *t, const uint8_t *p, size_t n);
/* Decrypted bytes already read from the socket and not yet consumed. */
size_t tls_pending(const struct tls_link *t);
void tls_link_free(struct tls_link *t);

/* Raw socket I/O, every byte copied to wire when it is set: what a packet
 * capture between client and server would show. */
ssize_t wire_read(int fd, void *p, size_t n, FILE *wire);
int wire_read_full(int fd, uint8_t *p, size_t n, FILE *wire);
int wire_write_full(int fd, const uint8_t *p, size_t n, FILE *wire);

#endif
