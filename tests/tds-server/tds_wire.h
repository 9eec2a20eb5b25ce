/* SPDX-License-Identifier: MIT */
/* The loopback TDS test server: byte buffers and the TDS tokens it
 * writes (MS-TDS 2.2.7). Test code, never installed. */
#ifndef TDS_WIRE_H
#define TDS_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* TDS versions as LOGIN7 and LOGINACK carry them. */
#define TDSV_71 0x71000001u
#define TDSV_72 0x72090002u
#define TDSV_73 0x730B0003u
#define TDSV_74 0x74000004u

/* Packet types (MS-TDS 2.2.3.1.1). */
#define PKT_SQL_BATCH 0x01
#define PKT_RPC 0x03
#define PKT_REPLY 0x04
#define PKT_ATTENTION 0x06
#define PKT_LOGIN7 0x10
#define PKT_PRELOGIN 0x12

/* Token types. */
#define TOK_COLMETADATA 0x81
#define TOK_ERROR 0xAA
#define TOK_INFO 0xAB
#define TOK_LOGINACK 0xAD
#define TOK_FEATUREEXTACK 0xAE
#define TOK_ROW 0xD1
#define TOK_ENVCHANGE 0xE3
#define TOK_DONE 0xFD

/* DONE status bits. */
#define DONE_MORE 0x0001
#define DONE_ERROR 0x0002
#define DONE_INXACT 0x0004
#define DONE_COUNT 0x0010
#define DONE_ATTN 0x0020

/* ENVCHANGE types. */
#define ENV_DATABASE 1
#define ENV_LANGUAGE 2
#define ENV_PACKETSIZE 4
#define ENV_COLLATION 7
#define ENV_BEGINTRAN 8
#define ENV_COMMITTRAN 9
#define ENV_ROLLBACKTRAN 10

/* Column types the server sends (TYPE_INFO). */
enum col_kind {
	COL_INT1, COL_INT2, COL_INT4, COL_INT8,
	COL_BIT, COL_FLOAT, COL_GUID, COL_DATETIME,
	COL_NVARCHAR,           /* nvarchar(4000) */
	COL_NVARCHAR_MAX,       /* PLP, TDS 7.2+ */
	COL_NTEXT,
};

struct wbuf {
	uint8_t *p;
	size_t n, cap;
};

void wb_free(struct wbuf *b);
void wb_bytes(struct wbuf *b, const void *data, size_t n);
void wb_u8(struct wbuf *b, unsigned v);
void wb_u16le(struct wbuf *b, unsigned v);
void wb_u16be(struct wbuf *b, unsigned v);
void wb_u32le(struct wbuf *b, uint32_t v);
void wb_u32be(struct wbuf *b, uint32_t v);
void wb_u64le(struct wbuf *b, uint64_t v);
/* Patches a little-endian 16-bit length at offset at. */
void wb_patch_u16le(struct wbuf *b, size_t at, unsigned v);

/* UTF-8 -> UTF-16LE appended to b; returns the number of UTF-16 units.
 * Invalid bytes become U+FFFD. */
size_t wb_utf16(struct wbuf *b, const char *utf8, size_t len);
/* UTF-16LE (n units) -> newly allocated UTF-8. */
char *utf16_to_utf8(const uint8_t *p, size_t units);

/* B_VARCHAR / US_VARCHAR: length-prefixed UTF-16. */
void wb_bvarchar(struct wbuf *b, const char *utf8);
void wb_usvarchar(struct wbuf *b, const char *utf8);

/* One connection's protocol state for writing tokens. */
struct tds_out {
	struct wbuf buf;
	uint32_t version;       /* negotiated TDSV_* */
	size_t done_at, done_end;   /* the last DONE token, [at, end) */
	int error_seen;
};

int tds_is72(const struct tds_out *o);
void tok_done(struct tds_out *o, unsigned status, unsigned curcmd, uint64_t rows);
void tok_message(struct tds_out *o, int is_error, int32_t number, unsigned state,
		 unsigned cls, const char *text, const char *server, unsigned line);
void tok_env_string(struct tds_out *o, unsigned type, const char *newv, const char *oldv);
void tok_env_bytes(struct tds_out *o, unsigned type, const uint8_t *newv, size_t nn,
		   const uint8_t *oldv, size_t on);
/* progname and the server's version, e.g. 10.50.1600 */
void tok_loginack(struct tds_out *o, const char *progname, unsigned major, unsigned minor,
		  unsigned build);

/* A column to describe in COLMETADATA. */
struct col_desc {
	enum col_kind kind;
	const char *name;
	const char *table;      /* for ntext */
};
void tok_colmetadata(struct tds_out *o, const struct col_desc *cols, size_t n);
/* ROW value writers, one per column, in order. NULL text = SQL NULL. */
void val_null(struct tds_out *o, enum col_kind k);
void val_int(struct tds_out *o, enum col_kind k, int64_t v);
void val_float(struct tds_out *o, double v);
/* Text forms: GUID "8-4-4-4-12", datetime "YYYY-MM-DD[T ]hh:mm:ss[.fff]".
 * Returns -1 when the text does not parse (a NULL is written). */
int val_text(struct tds_out *o, enum col_kind k, const char *text, size_t len);

/* Ends the response: the last DONE loses DONE_MORE, or a final DONE is
 * appended. */
void tok_finish(struct tds_out *o);

#endif
