/* The snapshot backend: reads the legacy snapshot (snapshot-format.md)
 * with libxml2's streaming reader, validating against data/snapshot.rng as
 * it goes, and feeds every row to the one row mapping (rowmap.c).
 *
 * Every byte first passes the guard in snapshot_scan.c (UTF-8, no
 * DOCTYPE, exact line and offset of every row). Messages are counted at
 * load time and never kept: the source remembers, per room, the byte
 * range of its tblChat rows and re-reads just that range, wrapped in a
 * synthetic element, when someone iterates the room's messages. */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/relaxng.h>
#include <libxml/xmlreader.h>
#include "i18n.h"
#include "sha256.h"
#include "snapshot_scan.h"
#include "source.h"
#include "source_snapshot.h"
#include "timeconv.h"
#include "util.h"
#include "xmlescape.h"

/* Parser options: no network, no DTD, no entity substitution, names not
 * interned (a dictionary would grow with distinct values, i.e. with
 * messages), line numbers past 65535. */
#define READER_OPTIONS (XML_PARSE_NONET | XML_PARSE_NODICT | XML_PARSE_BIG_LINES)

#define ROOT_ELEMENT "groupChatSnapshot"
#define RANGE_ELEMENT "pcmigrate-range"
#define CHAT_TABLE "tblChat"
#define NODE_TABLE "tblNode"

/* ------------------------------------------------------------------ */
/* One pass over the file (or a byte range of it) through the reader.   */

struct stream {
	const char *path;
	FILE *fp;
	uint64_t left;              /* bytes of the file still to feed */
	const char *pre, *post;     /* wrapper around a range, else NULL */
	size_t pre_pos, post_pos;
	bool at_eof;                /* the file part is exhausted */
	struct pcm_scan scan;
	bool hashing;
	struct pcm_sha256 sha;
	uint64_t bytes;             /* file bytes fed */
	int io_errno;
	xmlTextReaderPtr reader;
	xmlRelaxNGPtr schema;       /* shared, see load_schema */
	/* first fatal parser error, first schema error */
	bool xml_failed;
	int xml_code;
	long xml_line;
	char xml_msg[512];
	bool rng_pending;
	char rng_msg[512];
	/* the current element */
	xmlNodePtr node;            /* valid until the next read */
	char elem[64];              /* its name, for later messages */
	int depth;
	struct pcm_scan_mark mark;
	char where[4200];
	/* the current row's columns */
	const char **names, **values;
	size_t cols_cap;
	char **owned;               /* values libxml2 could not lend */
	size_t nowned, owned_cap;
	bool escaped;               /* the root declares escape="pcm1" */
};

/* Feeds libxml2: the wrapper's head, the file bytes (through the guard
 * and the hash), the wrapper's tail. -1 stops the parser on a refusal. */
static int stream_read(void *ctx, char *buf, int len)
{
	struct stream *st = ctx;
	size_t want = (size_t)len, n;

	if (st->pre && st->pre[st->pre_pos]) {
		n = strlen(st->pre + st->pre_pos);
		n = n < want ? n : want;
		memcpy(buf, st->pre + st->pre_pos, n);
		st->pre_pos += n;
		return (int)n;
	}
	if (!st->at_eof) {
		if (want > st->left)
			want = (size_t)st->left;
		n = want ? fread(buf, 1, want, st->fp) : 0;
		if (n == 0 && want && ferror(st->fp)) {
			st->io_errno = errno ? errno : EIO;
			return -1;
		}
		if (n > 0) {
			st->left -= n;
			st->bytes += n;
			if (st->hashing)
				pcm_sha256_update(&st->sha, buf, n);
			if (!pcm_scan_feed(&st->scan, (const unsigned char *)buf, n))
				return -1;
			return (int)n;
		}
		st->at_eof = true;
		if (!pcm_scan_finish(&st->scan))
			return -1;
	}
	if (st->post && st->post[st->post_pos]) {
		n = strlen(st->post + st->post_pos);
		n = n < (size_t)len ? n : (size_t)len;
		memcpy(buf, st->post + st->post_pos, n);
		st->post_pos += n;
		return (int)n;
	}
	return 0;
}

/* Copies a libxml2 message without its trailing newline. */
static void copy_message(char *dst, size_t size, const char *msg)
{
	size_t n;

	snprintf(dst, size, "%s", msg ? msg : "?");
	n = strlen(dst);
	while (n && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
		dst[--n] = '\0';
}

/* Keeps the first fatal parser error and the schema errors of the
 * current element; libxml2 never prints anything itself. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct stream *st = ctx;

	if (e->level == XML_ERR_WARNING)
		return;
	if (e->domain == XML_FROM_RELAXNGV) {
		size_t n = strlen(st->rng_msg);
		if (!st->rng_pending) {
			copy_message(st->rng_msg, sizeof st->rng_msg, e->message);
			st->rng_pending = true;
		} else if (n + 3 < sizeof st->rng_msg) {
			strcat(st->rng_msg, "; ");
			copy_message(st->rng_msg + n + 2, sizeof st->rng_msg - n - 2, e->message);
		}
		return;
	}
	if (st->xml_failed)
		return;
	st->xml_failed = true;
	st->xml_code = e->code;
	st->xml_line = e->line;
	copy_message(st->xml_msg, sizeof st->xml_msg, e->message);
}

/* Silences libxml2's generic error printer while a schema compiles. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Loads data/snapshot.rng once per process (a compiled schema is
 * read-only during validation, so every pass shares it). */
static xmlRelaxNGPtr load_schema(struct pcm_error *err)
{
	static xmlRelaxNGPtr cached;
	static char *cached_path;
	char *path = pcm_xasprintf("%s/%s", pcm_data_dir(), PCM_SNAPSHOT_SCHEMA);
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr schema = NULL;
	xmlGenericErrorFunc old_handler;
	void *old_ctx;
	FILE *probe;

	if (cached && !strcmp(cached_path, path)) {
		free(path);
		return cached;
	}
	probe = fopen(path, "r");

	if (!probe) {
		pcm_error_set(err, _("%s: cannot read the snapshot schema: %s (is PCMIGRATE_DATADIR right?)"),
		              path, strerror(errno));
		free(path);
		return NULL;
	}
	fclose(probe);
	old_handler = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet);
	pc = xmlRelaxNGNewParserCtxt(path);
	if (pc) {
		schema = xmlRelaxNGParse(pc);
		xmlRelaxNGFreeParserCtxt(pc);
	}
	xmlSetGenericErrorFunc(old_ctx, old_handler);
	if (!schema) {
		pcm_error_set(err, _("%s: the snapshot schema does not compile"), path);
		free(path);
		return NULL;
	}
	if (cached)
		xmlRelaxNGFree(cached);
	free(cached_path);
	cached = schema;
	cached_path = path;
	return schema;
}

static void free_owned(struct stream *st)
{
	while (st->nowned)
		xmlFree(st->owned[--st->nowned]);
}

static void stream_close(struct stream *st)
{
	if (st->reader)
		xmlFreeTextReader(st->reader);
	if (st->fp)
		fclose(st->fp);
	free_owned(st);
	free(st->owned);
	free(st->names);
	free(st->values);
	pcm_scan_free(&st->scan);
	memset(st, 0, sizeof *st);
}

/* Opens a pass over path: the whole file (start 0, end UINT64_MAX), or
 * the bytes [start, end) wrapped in <pcmigrate-range> with the first of
 * them on line `line`. validate: check against the schema (whole file). */
static int stream_open(struct stream *st, const char *path, uint64_t start, uint64_t end,
                       uint64_t line, bool validate, struct pcm_error *err)
{
	bool whole = start == 0 && end == UINT64_MAX;

	memset(st, 0, sizeof *st);
	st->path = path;
	st->fp = fopen(path, "rb");
	if (!st->fp) {
		pcm_error_set(err, _("%s: cannot open the snapshot: %s"), path, strerror(errno));
		return -1;
	}
	setvbuf(st->fp, NULL, _IOFBF, 1 << 16);
	if (start && fseeko(st->fp, (off_t)start, SEEK_SET) != 0) {
		pcm_error_set(err, _("%s: cannot seek to byte %" PRIu64 ": %s"), path, start, strerror(errno));
		stream_close(st);
		return -1;
	}
	st->left = end - start;
	pcm_scan_init(&st->scan, start, whole ? 1 : line, whole ? 0 : 1);
	if (!whole) {
		st->pre = "<" RANGE_ELEMENT ">";
		st->post = "</" RANGE_ELEMENT ">";
		pcm_scan_push(&st->scan, start, line);
	}
	st->hashing = whole;
	pcm_sha256_init(&st->sha);
	if (validate) {
		st->schema = load_schema(err);
		if (!st->schema) {
			stream_close(st);
			return -1;
		}
	}
	st->reader = xmlReaderForIO(stream_read, NULL, st, path, NULL, READER_OPTIONS);
	if (!st->reader) {
		pcm_error_set(err, _("%s: cannot start the XML reader"), path);
		stream_close(st);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(st->reader, on_xml_error, st);
	if (st->schema && xmlTextReaderRelaxNGSetSchema(st->reader, st->schema) != 0) {
		pcm_error_set(err, _("%s: cannot validate against the snapshot schema"), path);
		stream_close(st);
		return -1;
	}
	return 0;
}

/* Turns whatever stopped the pass into one message naming file:line:
 * the guard's refusal first (it saw the bytes before the parser did),
 * then a read error, a truncated file, the parser's complaint. */
static int stream_fail(struct stream *st, struct pcm_error *err)
{
	if (st->scan.failed) {
		pcm_error_set(err, "%s:%" PRIu64 ": %s", st->path, st->scan.err_line, st->scan.err);
	} else if (st->io_errno) {
		pcm_error_set(err, _("%s: read error: %s"), st->path, strerror(st->io_errno));
	} else if (st->at_eof && st->bytes == 0 && !st->pre) {
		pcm_error_set(err, _("%s: the file is empty"), st->path);
	} else if (st->at_eof && !st->scan.root_closed && !st->pre &&
	           (pcm_scan_in_markup(&st->scan) || st->xml_code == XML_ERR_TAG_NOT_FINISHED ||
	            st->xml_code == XML_ERR_DOCUMENT_END)) {
		pcm_error_set(err, _("%s:%" PRIu64 ": the file ends before </%s> (truncated?)"),
		              st->path, st->scan.line, ROOT_ELEMENT);
	} else if (st->xml_failed) {
		pcm_error_set(err, _("%s:%ld: malformed XML: %s"), st->path, st->xml_line, st->xml_msg);
	} else {
		pcm_error_set(err, _("%s: the XML reader failed"), st->path);
	}
	return -1;
}

/* Reports a schema error of the element just handled, if any. */
static int stream_check_schema(struct stream *st, struct pcm_error *err)
{
	if (!st->rng_pending)
		return 0;
	pcm_error_set(err, _("%s: <%s> does not match the snapshot schema (%s): %s"), st->where,
	              st->elem, PCM_SNAPSHOT_SCHEMA, st->rng_msg);
	return -1;
}

/* Advances to the next element. 1: st->node, depth, mark and where are
 * set; 0: end of input; -1: error. */
static int stream_next(struct stream *st, struct pcm_error *err)
{
	for (;;) {
		int r = xmlTextReaderRead(st->reader);

		if (r < 0 || st->scan.failed || st->io_errno || st->xml_failed)
			return stream_fail(st, err);
		if (r == 0)
			return stream_check_schema(st, err);
		if (xmlTextReaderNodeType(st->reader) != XML_READER_TYPE_ELEMENT) {
			st->node = NULL;
			if (stream_check_schema(st, err))
				return -1;
			continue;
		}
		st->node = xmlTextReaderCurrentNode(st->reader);
		snprintf(st->elem, sizeof st->elem, "%s", (const char *)st->node->name);
		st->depth = xmlTextReaderDepth(st->reader);
		if (!pcm_scan_take(&st->scan, &st->mark)) {
			/* cannot happen for well-formed input; keep a sane line */
			st->mark.offset = 0;
			st->mark.line = (uint64_t)xmlTextReaderGetParserLineNumber(st->reader);
		}
		snprintf(st->where, sizeof st->where, "%s:%" PRIu64, st->path, st->mark.line);
		return 1;
	}
}

/* The value of one attribute, borrowed from the tree when possible. */
static const char *attr_value(struct stream *st, xmlAttrPtr a)
{
	xmlChar *v;

	if (!a->children)
		return "";
	if (a->children->type == XML_TEXT_NODE && !a->children->next)
		return (const char *)a->children->content;
	v = xmlNodeListGetString(a->doc, a->children, 1);
	if (!v)
		return "";
	pcm_vec_grow((void **)&st->owned, &st->owned_cap, st->nowned + 1, sizeof *st->owned);
	st->owned[st->nowned++] = (char *)v;
	return (const char *)v;
}

/* Decodes a pcm1 value (xmlescape.h) into memory the row owns; NULL with
 * err naming the place and the column on a malformed escape. */
static const char *decode_value(struct stream *st, const char *v, const char *column,
                                struct pcm_error *err)
{
	char *out = xmlMalloc(strlen(v) + 1), why[256];

	if (!out) {
		pcm_error_set(err, _("%s: out of memory"), st->where);
		return NULL;
	}
	pcm_vec_grow((void **)&st->owned, &st->owned_cap, st->nowned + 1, sizeof *st->owned);
	st->owned[st->nowned++] = out;
	if (pcm_esc_decode(v, out, why, sizeof why) != 0) {
		pcm_error_set(err, "%s: %s %s: %s", st->where, st->elem, column, why);
		return NULL;
	}
	return out;
}

/* The current element as a row: table = element name, one column per
 * attribute (an absent attribute is a NULL column); values in pcm1 form
 * decoded when the file declares it. */
static int stream_row(struct stream *st, struct pcm_row *row, struct pcm_error *err)
{
	xmlAttrPtr a;
	size_t n = 0;

	free_owned(st);
	for (a = st->node->properties; a; a = a->next)
		n++;
	if (n > st->cols_cap) {
		st->cols_cap = n * 2;
		st->names = pcm_xrealloc(st->names, st->cols_cap * sizeof *st->names);
		st->values = pcm_xrealloc(st->values, st->cols_cap * sizeof *st->values);
	}
	n = 0;
	for (a = st->node->properties; a; a = a->next, n++) {
		st->names[n] = (const char *)a->name;
		st->values[n] = attr_value(st, a);
		if (st->escaped && pcm_esc_present(st->values[n]) &&
		    !(st->values[n] = decode_value(st, st->values[n], st->names[n], err)))
			return -1;
	}
	row->table = (const char *)st->node->name;
	row->ncols = n;
	row->names = st->names;
	row->values = st->values;
	row->where = st->where;
	return 0;
}

/* Reads the rest of the file into the hash (after the root's end tag
 * libxml2 may stop early) and writes the hex digest. */
static int stream_digest(struct stream *st, char out[65], struct pcm_error *err)
{
	char buf[1 << 14];
	size_t n;

	while (!st->at_eof && (n = fread(buf, 1, sizeof buf, st->fp)) > 0) {
		pcm_sha256_update(&st->sha, buf, n);
		st->bytes += n;
	}
	if (ferror(st->fp)) {
		pcm_error_set(err, _("%s: read error: %s"), st->path, strerror(errno));
		return -1;
	}
	pcm_sha256_final_hex(&st->sha, out);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The header and the rows.                                             */

static const char *attr(xmlNodePtr node, const char *name)
{
	xmlAttrPtr a;

	for (a = node->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name))
			return a->children && a->children->content ? (const char *)a->children->content : "";
	return NULL;
}

/* Checks the root element and copies its attributes into info. */
static int read_header(struct stream *st, struct pcm_deployment *d, struct pcm_error *err)
{
	static const char *const required[] = { "formatVersion", "server", "database", "takenAt" };
	static const char *const text[] = { "server", "database", "lookupServerUri" };
	const char *value[3];
	struct pcm_source_info *info = d ? &d->info : NULL;
	const char *v;
	int64_t ticks, offset = 0;
	size_t i;

	if (strcmp((const char *)st->node->name, ROOT_ELEMENT) != 0) {
		pcm_error_set(err, _("%s: the root element is <%s>; a snapshot's root element is <%s>"),
		              st->where, (const char *)st->node->name, ROOT_ELEMENT);
		return -1;
	}
	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (!attr(st->node, required[i])) {
			pcm_error_set(err, _("%s: the snapshot header <%s> has no %s attribute"), st->where,
			              ROOT_ELEMENT, required[i]);
			return -1;
		}
	}
	v = attr(st->node, "formatVersion");
	if (strcmp(v, "1") != 0) {
		pcm_error_set(err, _("%s: snapshot formatVersion \"%s\" is not supported; this pcmigrate "
		                     "reads formatVersion 1"), st->where, v);
		return -1;
	}
	v = attr(st->node, "takenAt");
	if (!pcm_parse_datetime(v, 0, &ticks) || v[strlen(v) - 1] != 'Z') {
		pcm_error_set(err, _("%s: takenAt=\"%s\" is not a UTC time (YYYY-MM-DDThh:mm:ssZ)"),
		              st->where, v);
		return -1;
	}
	v = attr(st->node, "serverUtcOffsetMinutes");
	if (v && !pcm_parse_i64(v, -1440, 1440, &offset)) {
		pcm_error_set(err, _("%s: serverUtcOffsetMinutes=\"%s\" is not a number of minutes "
		                     "between -1440 and 1440"), st->where, v);
		return -1;
	}
	v = attr(st->node, PCM_ESCAPE_ATTR);
	if (v && strcmp(v, PCM_ESCAPE_PCM1) != 0) {
		pcm_error_set(err, _("%s: escape=\"%s\" is not supported; this pcmigrate reads "
		                     "escape=\"%s\" or no escape attribute"), st->where, v, PCM_ESCAPE_PCM1);
		return -1;
	}
	st->escaped = v != NULL;
	free_owned(st);
	for (i = 0; i < 3; i++) {
		value[i] = attr(st->node, text[i]);
		if (value[i] && st->escaped && pcm_esc_present(value[i]) &&
		    !(value[i] = decode_value(st, value[i], text[i], err)))
			return -1;
	}
	if (!info)
		return 0;
	info->server = pcm_arena_strdup(d->arena, value[0]);
	info->database = pcm_arena_strdup(d->arena, value[1]);
	info->lookup_server_uri = pcm_arena_strdup(d->arena, value[2]);
	info->taken_at = pcm_arena_strdup(d->arena, attr(st->node, "takenAt"));
	info->utc_offset_minutes = (int32_t)offset;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The source.                                                          */

/* Byte range of one room's tblChat rows: [start, end), first row on line. */
struct room_range {
	uint64_t start, end, line;
};

struct snap_source {
	struct pcm_source base;
	char *path;
	struct stat st;             /* at load: a changed file is noticed */
	bool loaded;
	struct room_range *rooms;   /* by node index */
	size_t nrooms;
	struct room_range all;      /* every tblChat row */
	bool escaped;               /* the header declares escape="pcm1" */
};

/* Load state shared by the passes. */
struct loader {
	struct snap_source *s;
	struct pcm_deployment *d;
	struct pcm_rowmap *map;
	bool seen_node;
	bool seen_chat;
	char first_chat_where[4200];
	uint32_t open_room;         /* room whose range is still open */
	bool chat_open;             /* the last row was a chat row */
};

/* Closes the byte range of the chat run that ends where the next element
 * (or the root's end tag) starts. */
static void close_run(struct loader *l, uint64_t offset)
{
	if (!l->chat_open)
		return;
	if (l->open_room != PCM_NONE)
		l->s->rooms[l->open_room].end = offset;
	l->s->all.end = offset;
	l->chat_open = false;
}

/* Counts one tblChat row into its room and extends the room's range. */
static int count_chat(struct loader *l, const struct pcm_row *row, const struct pcm_scan_mark *mark,
                      struct pcm_error *err)
{
	struct pcm_message msg;
	struct room_range *r;

	if (pcm_rowmap_chat(l->d, row, &msg, err) ||
	    pcm_rowmap_count_message(l->map, &msg, row->where, err))
		return -1;
	if (!l->s->rooms) {
		l->s->nrooms = l->d->nodes.n;
		l->s->rooms = pcm_xcalloc(l->s->nrooms ? l->s->nrooms : 1, sizeof *l->s->rooms);
		l->s->all.start = mark->offset;
		l->s->all.line = mark->line;
	}
	r = &l->s->rooms[msg.room];
	if (r->line == 0) {
		r->start = mark->offset;
		r->line = mark->line;
	}
	l->open_room = msg.room;
	l->chat_open = true;
	return 0;
}

/* Handles one non-chat row. */
static int add_row(struct loader *l, const struct pcm_row *row, struct pcm_error *err)
{
	if (!pcm_is_known_table(row->table)) {
		pcm_error_set(err, _("%s: unknown table %s"), row->where, row->table);
		return -1;
	}
	if (!strcmp(row->table, NODE_TABLE)) {
		if (l->seen_chat) {
			pcm_error_set(err, _("%s: tblNode row after the first tblChat row (%s); every tblChat "
			                     "row must come after every tblNode row"),
			              row->where, l->first_chat_where);
			return -1;
		}
		l->seen_node = true;
	}
	return pcm_rowmap_add(l->map, row, err);
}

/* Notes the first tblChat row; refuses one that comes before any node. */
static int first_chat(struct loader *l, const struct pcm_row *row, struct pcm_error *err)
{
	if (l->seen_chat)
		return 0;
	if (!l->seen_node) {
		pcm_error_set(err, _("%s: tblChat row before any tblNode row; every tblChat row must "
		                     "come after every tblNode row"), row->where);
		return -1;
	}
	l->seen_chat = true;
	snprintf(l->first_chat_where, sizeof l->first_chat_where, "%s", row->where);
	return 0;
}

enum pass_result { PASS_OK, PASS_ERROR, PASS_LATE_ROWS };

/* The usual single pass: rows before the first tblChat row are mapped,
 * then the mapping is finished and messages are counted as they stream.
 * A non-chat row after the chat rows (allowed by the format, except for
 * tblNode) makes it give up with PASS_LATE_ROWS; see load_two_pass. */
static enum pass_result load_one_pass(struct loader *l, struct stream *st, struct pcm_error *err)
{
	struct pcm_row row;
	int r;

	while ((r = stream_next(st, err)) == 1) {
		if (st->depth == 0) {
			if (read_header(st, l->d, err))
				return PASS_ERROR;
		} else if (st->depth == 1) {
			if (stream_row(st, &row, err))
				return PASS_ERROR;
			close_run(l, st->mark.offset);
			if (!strcmp(row.table, CHAT_TABLE)) {
				if (first_chat(l, &row, err) || count_chat(l, &row, &st->mark, err))
					return PASS_ERROR;
			} else if (l->seen_chat && strcmp(row.table, NODE_TABLE) != 0 &&
			           pcm_is_known_table(row.table)) {
				return PASS_LATE_ROWS;
			} else if (add_row(l, &row, err)) {
				return PASS_ERROR;
			}
		}
		if (stream_check_schema(st, err))
			return PASS_ERROR;
	}
	if (r < 0)
		return PASS_ERROR;
	close_run(l, st->scan.root_end);
	return PASS_OK;
}

/* Empties d in place for a second attempt (the caller owns d). */
static void reset_deployment(struct pcm_deployment *d)
{
	struct pcm_deployment *fresh = pcm_deployment_new(), tmp;

	tmp = *d;
	*d = *fresh;
	*fresh = tmp;
	pcm_deployment_free(fresh);
}

/* For snapshots with rows after the chat rows: first every non-chat row
 * of the whole file, then the chat rows again, from their byte range. */
static int load_two_pass(struct loader *l, struct pcm_error *err)
{
	struct snap_source *s = l->s;
	struct stream st;
	struct pcm_row row;
	uint64_t first = 0, first_line = 0, end = 0;
	bool in_chat = false;
	char digest[65];
	int r;

	if (stream_open(&st, s->path, 0, UINT64_MAX, 1, true, err))
		return -1;
	while ((r = stream_next(&st, err)) == 1) {
		if (st.depth == 0) {
			if (read_header(&st, l->d, err))
				break;
		} else if (st.depth == 1) {
			if (stream_row(&st, &row, err))
				break;
			if (in_chat) {
				end = st.mark.offset;
				in_chat = false;
			}
			if (!strcmp(row.table, CHAT_TABLE)) {
				if (first_chat(l, &row, err))
					break;
				if (!first) {
					first = st.mark.offset;
					first_line = st.mark.line;
				}
				in_chat = true;
			} else if (add_row(l, &row, err)) {
				break;
			}
		}
		if (stream_check_schema(&st, err))
			break;
	}
	if (r == 0 && in_chat)
		end = st.scan.root_end;
	if (r != 0 || err->set || stream_digest(&st, digest, err)) {
		stream_close(&st);
		return -1;
	}
	snprintf(l->d->info.sha256, sizeof l->d->info.sha256, "%s", digest);
	l->d->info.size = st.bytes;
	s->escaped = st.escaped;
	stream_close(&st);
	if (pcm_rowmap_finish(l->map, err))
		return -1;
	if (!first)
		return 0;
	/* the chat rows, counted from their byte range */
	if (stream_open(&st, s->path, first, end, first_line, false, err))
		return -1;
	st.escaped = s->escaped;
	l->chat_open = false;
	while ((r = stream_next(&st, err)) == 1) {
		if (st.depth != 1)
			continue;
		if (stream_row(&st, &row, err)) {
			r = -1;
			break;
		}
		close_run(l, st.mark.offset);
		if (!strcmp(row.table, CHAT_TABLE) && count_chat(l, &row, &st.mark, err)) {
			r = -1;
			break;
		}
	}
	close_run(l, end);
	stream_close(&st);
	return r;
}

/* A few mapping errors concern the whole file ("no root category"):
 * they get the file name in front, like every other message. */
static void name_the_file(const char *path, struct pcm_error *err)
{
	char *text;

	if (!err->set || !strncmp(err->text, path, strlen(path)))
		return;
	text = pcm_xasprintf("%s: %s", path, err->text);
	snprintf(err->text, sizeof err->text, "%s", text);
	free(text);
}

/* Loads everything but message bodies: one pass in the usual case. */
static int snap_load(struct pcm_source *base, struct pcm_deployment *d, struct pcm_error *err)
{
	struct snap_source *s = (struct snap_source *)base;
	struct loader l = { .s = s, .d = d, .open_room = PCM_NONE };
	struct stream st;
	enum pass_result pr;
	char digest[65];
	int rc = -1;

	if (stat(s->path, &s->st) != 0) {
		pcm_error_set(err, _("%s: cannot open the snapshot: %s"), s->path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(s->st.st_mode)) {
		pcm_error_set(err, _("%s: not a regular file (a snapshot is read more than once)"), s->path);
		return -1;
	}
	free(s->rooms);
	s->rooms = NULL;
	memset(&s->all, 0, sizeof s->all);
	d->info.kind = pcm_arena_strdup(d->arena, "snapshot");
	d->info.location = pcm_arena_strdup(d->arena, s->path);
	if (stream_open(&st, s->path, 0, UINT64_MAX, 1, true, err))
		return -1;
	l.map = pcm_rowmap_new(d);
	pr = load_one_pass(&l, &st, err);
	s->escaped = st.escaped;
	if (pr == PASS_OK && !stream_digest(&st, digest, err)) {
		snprintf(d->info.sha256, sizeof d->info.sha256, "%s", digest);
		d->info.size = st.bytes;
		rc = pcm_rowmap_finish(l.map, err);
	}
	stream_close(&st);
	if (pr == PASS_LATE_ROWS) {
		pcm_rowmap_free(l.map);
		reset_deployment(d);
		free(s->rooms);
		s->rooms = NULL;
		memset(&s->all, 0, sizeof s->all);
		l = (struct loader){ .s = s, .d = d, .open_room = PCM_NONE };
		d->info.kind = pcm_arena_strdup(d->arena, "snapshot");
		d->info.location = pcm_arena_strdup(d->arena, s->path);
		l.map = pcm_rowmap_new(d);
		rc = load_two_pass(&l, err);
	}
	pcm_rowmap_free(l.map);
	if (rc == 0 && d->info.size != (uint64_t)s->st.st_size) {
		pcm_error_set(err, _("%s: the file changed while it was read"), s->path);
		rc = -1;
	}
	if (rc == 0 && !s->rooms) {
		s->nrooms = d->nodes.n;
		s->rooms = pcm_xcalloc(s->nrooms ? s->nrooms : 1, sizeof *s->rooms);
	}
	if (rc != 0)
		name_the_file(s->path, err);
	s->loaded = rc == 0;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Messages.                                                            */

struct pcm_msg_iter {
	struct stream st;
	const struct pcm_deployment *d;
	uint32_t room;
	int64_t since;
	bool empty;
	bool seen_room;
};

/* A pass over one room's byte range (or every chat row). */
static struct pcm_msg_iter *snap_messages(struct pcm_source *base, const struct pcm_deployment *d,
                                          uint32_t room, int64_t since_ticks, struct pcm_error *err)
{
	struct snap_source *s = (struct snap_source *)base;
	struct pcm_msg_iter *it;
	const struct room_range *r;
	struct stat now;

	if (!s->loaded) {
		pcm_error_set(err, _("%s: messages asked for before the snapshot was loaded"), s->path);
		return NULL;
	}
	if (room != PCM_ALL_ROOMS && (room >= s->nrooms || room >= d->nodes.n)) {
		pcm_error_set(err, _("%s: no node with index %u"), s->path, (unsigned)room);
		return NULL;
	}
	if (stat(s->path, &now) != 0 || now.st_size != s->st.st_size ||
	    now.st_mtim.tv_sec != s->st.st_mtim.tv_sec || now.st_mtim.tv_nsec != s->st.st_mtim.tv_nsec) {
		pcm_error_set(err, _("%s: the snapshot changed after it was loaded; load it again"), s->path);
		return NULL;
	}
	it = pcm_xcalloc(1, sizeof *it);
	it->d = d;
	it->room = room;
	it->since = since_ticks;
	r = room == PCM_ALL_ROOMS ? &s->all : &s->rooms[room];
	if (r->line == 0) {
		it->empty = true;
		return it;
	}
	if (stream_open(&it->st, s->path, r->start, r->end, r->line, false, err)) {
		free(it);
		return NULL;
	}
	it->st.escaped = s->escaped;
	return it;
}

static int snap_next(struct pcm_msg_iter *it, struct pcm_message *msg, struct pcm_error *err)
{
	struct pcm_row row;
	int r;

	if (it->empty)
		return 0;
	while ((r = stream_next(&it->st, err)) == 1) {
		if (it->st.depth != 1)
			continue;
		if (stream_row(&it->st, &row, err))
			return -1;
		if (strcmp(row.table, CHAT_TABLE) != 0)
			continue;
		if (pcm_rowmap_chat(it->d, &row, msg, err))
			return -1;
		if (it->room != PCM_ALL_ROOMS && msg->room != it->room) {
			if (it->seen_room)
				break;
			continue;
		}
		it->seen_room = true;
		if (msg->date_ticks >= it->since)
			return 1;
	}
	if (r < 0)
		return -1;
	it->empty = true;
	return 0;
}

static void snap_iter_close(struct pcm_msg_iter *it)
{
	if (!it)
		return;
	if (it->st.reader || it->st.fp)
		stream_close(&it->st);
	free(it);
}

static void snap_close(struct pcm_source *base)
{
	struct snap_source *s = (struct snap_source *)base;

	free(s->rooms);
	free(s->path);
	free(s);
}

static const struct pcm_source_ops snapshot_ops = {
	.kind = "snapshot",
	.load = snap_load,
	.messages = snap_messages,
	.next = snap_next,
	.iter_close = snap_iter_close,
	.close = snap_close,
};

/* Opening only checks that the file can be read; load does the work. */
struct pcm_source *pcm_source_snapshot_open(const char *path, struct pcm_error *err)
{
	struct snap_source *s;
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		pcm_error_set(err, _("%s: cannot open the snapshot: %s"), path, strerror(errno));
		return NULL;
	}
	fclose(fp);
	s = pcm_xcalloc(1, sizeof *s);
	s->base.ops = &snapshot_ops;
	s->path = pcm_xstrdup(path);
	return &s->base;
}

/* ------------------------------------------------------------------ */

int pcm_snapshot_each_row(const char *path, int (*cb)(const struct pcm_row *row, void *ctx),
                          void *ctx, struct pcm_error *err)
{
	struct stream st;
	struct pcm_row row;
	int r, rc = 0;

	if (stream_open(&st, path, 0, UINT64_MAX, 1, true, err))
		return -1;
	while ((r = stream_next(&st, err)) == 1) {
		if (st.depth == 0) {
			if (read_header(&st, NULL, err)) {
				rc = -1;
				break;
			}
		} else if (st.depth == 1) {
			if (stream_row(&st, &row, err)) {
				rc = -1;
				break;
			}
			if (!pcm_is_known_table(row.table)) {
				pcm_error_set(err, _("%s: unknown table %s"), row.where, row.table);
				rc = -1;
				break;
			}
			if ((rc = cb(&row, ctx)) != 0)
				break;
		}
		if (stream_check_schema(&st, err)) {
			rc = -1;
			break;
		}
	}
	if (r < 0)
		rc = -1;
	stream_close(&st);
	return rc;
}
