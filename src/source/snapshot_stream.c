/* SPDX-License-Identifier: MIT */
/* One pass over a snapshot as rows: see snapshot_stream.h.
 *
 * libxml2's push parser (or, for a re-read range, the row tokenizer)
 * calls us back for each element of a chunk; the callbacks copy the
 * element's columns into a batch, and the caller pulls the rows and
 * checks their shapes. An error found while parsing (the parser's
 * complaint, a bad escape) is kept with the number of rows queued before
 * it, so the caller sees every earlier row first and then the error: the
 * same order as if the file were read row by row. A row that does not
 * have its table's shape is handed out before its error. */
#include "config.h"
#include <pthread.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include "base/i18n.h"
#include "base/ring.h"
#include "source/snapshot_feed.h"
#include "source/snapshot_reread.h"
#include "source/snapshot_shape.h"
#include "source/snapshot_stream.h"
#include "source/source.h"
#include "source/source_snapshot.h"
#include "base/util.h"
#include "base/xmlescape.h"

#define ROOT_ELEMENT "groupChatSnapshot"
#define RANGE_ELEMENT "pcmigrate-range"
/* No network, line numbers past 65535. NOENT: SAX2 hands attribute
 * values with &amp; decoded only when it replaces entities; only the
 * predefined ones exist, since the guard refuses any DOCTYPE. Names are
 * interned in the parser's dictionary (they repeat; values never are).
 * HUGE: a message is nvarchar(max), and libxml2 refuses any text node or
 * attribute over 10 MB without it ("Huge input lookup"); its other
 * limits guard entity expansion, which cannot happen here (no DOCTYPE).
 * A value is still held whole: memory follows the largest message (a few
 * times its size), never the number of messages. */
#define PARSER_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOENT | XML_PARSE_HUGE)

/* A queued element; its columns are cols[col0 .. col0 + ncols). */
struct qrow {
	const char *table;
	int depth;
	struct pcm_scan_mark mark;
	size_t col0, ncols;
};

struct qcol {
	const char *name;           /* interned by the parser */
	size_t value;               /* offset into vals */
};

/* (table, interned column name) -> the column's shape, NULL if open. */
struct shape_slot {
	const struct pcm_shape_table *table;
	const char *name;
	const struct pcm_shape_column *col;
};

/* Rows parsed from a few chunks: the parser fills one while the caller
 * reads (and checks against the row shapes) another. An error found while filling it stands after
 * `err_after` of its rows. */
struct batch {
	struct qrow *rows;
	size_t nrows, rows_cap;
	struct qcol *cols;
	size_t ncols, cols_cap;
	char *vals;
	size_t nvals, vals_cap;
	bool failed;
	size_t err_after;
	struct pcm_error err;
	bool last;                  /* nothing follows it */
};

/* A row as handed out: column arrays and "file:line". The caller's view
 * and the row checker's (on the parser's thread) are separate. */
struct view {
	const char **names, **values;
	size_t cap;
	char *where;
};

#define NBATCHES 3
/* a batch is handed over once it holds this many rows or value bytes */
#define BATCH_ROWS 512
#define BATCH_BYTES (1 << 17)
/* a range shorter than this is parsed on the caller's thread */
#define PARSE_THREAD_MIN (1 << 16)

struct pcm_snap_stream {
	const char *path;
	bool range;                 /* a byte range inside a synthetic root */
	struct pcm_feed *feed;
	bool at_eof, done;          /* the feed ended; the parser was told */
	const struct pcm_scan *scan;    /* the guard's state, once at_eof */
	int io_errno;
	/* start tags the feed marked and the parser has not reached */
	struct pcm_scan_mark *marks;
	size_t marks_head, nmarks, marks_cap;
	xmlParserCtxtPtr ctxt;
	int depth;                  /* elements open in the parser */
	bool escaped;               /* values are in pcm1 form: decode them */
	bool parse_started;
	/* a re-read range: the row tokenizer instead of libxml2 (see
	 * snapshot_reread.h), unless a test asks for libxml2 */
	bool reread;
	struct pcm_reread *rr;
	const char *row_table;      /* the row open in the parser, for messages */
	uint64_t row_line;
	/* the parser's side: the batch it fills, whether it stopped */
	struct batch *fill;
	bool failed;
	bool xml_failed;            /* the first error came from the parser */
	int xml_code;
	char *check_where;          /* file:line of a row being checked */
	/* the batches, and the parser's thread when it has one */
	struct batch batches[NBATCHES];
	struct pcm_ring ring;
	bool threaded, started;
	pthread_t thread;
	/* the caller's side: the batch it reads, the next row in it, and a
	 * row's shape error, due right after the row */
	struct batch *read;
	size_t head;
	bool pending;
	struct pcm_error pending_err;
	struct view out;
	/* row checking */
	const struct pcm_shapes *shapes;
	const char *last_table;
	const struct pcm_shape_table *last_shape;
	struct shape_slot *slots;
	size_t nslots;              /* a power of two */
	size_t nslots_used;
	const struct pcm_shape_column **row_shapes;
	size_t row_shapes_cap;
	size_t where_prefix;
};

/* ---- the schema's shapes, loaded once per process ---- */

static const struct pcm_shapes *load_shapes(struct pcm_error *err)
{
	static struct pcm_shapes *cached;
	static char *cached_path;
	char *path = pcm_xasprintf("%s/%s", pcm_data_dir(), PCM_SNAPSHOT_SCHEMA);
	struct pcm_shapes *s;

	if (cached && !strcmp(cached_path, path)) {
		free(path);
		return cached;
	}
	s = pcm_shapes_load(path, err);
	if (!s) {
		free(path);
		return NULL;
	}
	pcm_shapes_free(cached);
	free(cached_path);
	cached = s;
	cached_path = path;
	return s;
}

/* ---- errors ---- */

/* Keeps the first error; rows queued before it are still handed out. */
static void fail(struct pcm_snap_stream *st, const struct pcm_error *e)
{
	if (st->failed)
		return;
	st->failed = true;
	st->fill->failed = true;
	st->fill->err_after = st->fill->nrows;
	st->fill->err = *e;
	if (st->ctxt)
		xmlStopParser(st->ctxt);
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

/* The parser's errors; libxml2 never prints anything itself. */
static void on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct pcm_snap_stream *st = ctx;
	struct pcm_error pe = { 0 };
	char msg[512];

	if (e->level == XML_ERR_WARNING || st->failed)
		return;
	copy_message(msg, sizeof msg, e->message);
	pcm_error_set(&pe, _("%s:%d: malformed XML: %s"), st->path, e->line, msg);
	st->xml_failed = true;
	st->xml_code = e->code;
	fail(st, &pe);
}

/* ---- the queue ---- */

/* "file:line" of a row into the view's buffer. */
static const char *where_in(const struct pcm_snap_stream *st, char *where, uint64_t line)
{
	char digits[24], *p = digits + sizeof digits;
	size_t n;

	*--p = '\0';
	do {
		*--p = (char)('0' + line % 10);
		line /= 10;
	} while (line);
	n = (size_t)(digits + sizeof digits - p);
	memcpy(where + st->where_prefix, p, n);
	return where;
}

/* The parser's side names a place with where_of. */
static const char *where_of(struct pcm_snap_stream *st, uint64_t line)
{
	return where_in(st, st->check_where, line);
}

/* Copies a value into the queue, decoding the pcm1 escape when the file
 * declares it. false with e set on a malformed escape. */
static bool keep_value(struct pcm_snap_stream *st, const xmlChar *v, const xmlChar *end,
                       const char *table, const char *column, uint64_t line, size_t *at,
                       struct pcm_error *e)
{
	struct batch *b = st->fill;
	size_t n = (size_t)(end - v);
	char why[256], *out;

	*at = b->nvals;
	pcm_vec_grow((void **)&b->vals, &b->vals_cap, b->nvals + n + 1, 1);
	out = b->vals + *at;
	memcpy(out, v, n);
	out[n] = '\0';
	if (st->escaped && pcm_esc_present(out)) {
		if (pcm_esc_decode(out, out, why, sizeof why) != 0) {
			pcm_error_set(e, "%s: %s %s: %s", where_of(st, line), table, column, why);
			return false;
		}
		n = strlen(out);
	}
	b->nvals += n + 1;
	return true;
}

/* A root that declares escape="pcm1" has its values, and every row's,
 * decoded; any other value is the header check's to refuse. */
static void note_escape(struct pcm_snap_stream *st, int nb_attributes, const xmlChar **attributes)
{
	int i;

	for (i = 0; i < nb_attributes; i++) {
		const xmlChar **a = attributes + 5 * i;
		size_t n = (size_t)(a[4] - a[3]);

		if (!a[1] && !strcmp((const char *)a[0], PCM_ESCAPE_ATTR) &&
		    n == strlen(PCM_ESCAPE_PCM1) && !memcmp(a[3], PCM_ESCAPE_PCM1, n))
			st->escaped = true;
	}
}

/* The shape of column `name` of table t, through a small cache keyed by
 * the interned pointers (the names repeat on every row). */
static const struct pcm_shape_column *column_shape(struct pcm_snap_stream *st,
                                                   const struct pcm_shape_table *t,
                                                   const char *name)
{
	size_t mask, i;

	if (!st->nslots) {
		st->nslots = 256;
		st->slots = pcm_xcalloc(st->nslots, sizeof *st->slots);
	}
	mask = st->nslots - 1;
	i = (((uintptr_t)t >> 4) ^ ((uintptr_t)name >> 3) * 0x9E3779B1u) & mask;
	for (;; i = (i + 1) & mask) {
		struct shape_slot *s = &st->slots[i];

		if (s->table == t && s->name == name)
			return s->col;
		if (s->table)
			continue;
		if (++st->nslots_used * 2 >= st->nslots) {
			/* rare (a file with many distinct column names): start over bigger */
			free(st->slots);
			st->nslots *= 4;
			st->nslots_used = 0;
			st->slots = pcm_xcalloc(st->nslots, sizeof *st->slots);
			return column_shape(st, t, name);
		}
		s->table = t;
		s->name = name;
		s->col = pcm_shape_column(t, name);
		return s->col;
	}
}

/* Builds a view of row k of batch b. */
static void view_row(const struct pcm_snap_stream *st, const struct batch *b, size_t k,
                     struct view *v, struct pcm_snap_row *out)
{
	const struct qrow *q = &b->rows[k];
	size_t i;

	if (q->ncols > v->cap) {
		v->cap = q->ncols * 2;
		v->names = pcm_xrealloc(v->names, v->cap * sizeof *v->names);
		v->values = pcm_xrealloc(v->values, v->cap * sizeof *v->values);
	}
	for (i = 0; i < q->ncols; i++) {
		v->names[i] = b->cols[q->col0 + i].name;
		v->values[i] = b->vals + b->cols[q->col0 + i].value;
	}
	out->depth = q->depth;
	out->mark = q->mark;
	out->row.table = q->table;
	out->row.ncols = q->ncols;
	out->row.names = v->names;
	out->row.values = v->values;
	out->row.where = where_in(st, v->where, q->mark.line);
}

/* Checks a row about to be handed out against its table's shape (on the
 * caller's thread: the parser's is the busier). false with e set. */
static bool check_row(struct pcm_snap_stream *st, const struct batch *b, size_t k,
                      const struct pcm_snap_row *view, struct pcm_error *e)
{
	const struct qrow *q = &b->rows[k];
	const struct pcm_shape_table *t;
	size_t i;

	if (q->table != st->last_table) {
		st->last_table = q->table;
		st->last_shape = pcm_shapes_table(st->shapes, q->table);
	}
	t = st->last_shape;
	if (!t)
		return true;        /* an unknown table: the reader names it */
	pcm_vec_grow((void **)&st->row_shapes, &st->row_shapes_cap, q->ncols + 1, sizeof *st->row_shapes);
	for (i = 0; i < q->ncols; i++)
		st->row_shapes[i] = column_shape(st, t, b->cols[q->col0 + i].name);
	return pcm_shape_check_row(t, &view->row, st->row_shapes, e) == 0;
}

/* A start tag: a root or a row is queued; anything deeper is content a
 * row may not have. */
static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
	struct pcm_snap_stream *st = ctx;
	struct batch *b = st->fill;
	struct pcm_error e = { 0 };
	struct pcm_scan_mark mark;
	struct qrow *q;
	int depth = st->depth++, i;

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (st->failed)
		return;
	if (st->marks_head < st->nmarks) {
		mark = st->marks[st->marks_head++];
	} else {
		/* cannot happen for input the guard passed; keep a sane line */
		mark.offset = 0;
		mark.line = st->ctxt ? (uint64_t)xmlSAX2GetLineNumber(st->ctxt) : 0;
	}
	if (depth >= 2 || uri) {
		if (uri)
			pcm_error_set(&e, _("%s: <%s> is in namespace %s; snapshot elements are in no namespace"),
			              where_of(st, mark.line), (const char *)localname, (const char *)uri);
		else
			pcm_error_set(&e, _("%s: <%s> inside a row; a row is an empty element whose "
			                    "columns are attributes"), where_of(st, mark.line),
			              (const char *)localname);
		fail(st, &e);
		return;
	}
	if (b->nrows == b->rows_cap)
		pcm_vec_grow((void **)&b->rows, &b->rows_cap, b->nrows + 1, sizeof *b->rows);
	if (depth == 0 && !st->range)
		note_escape(st, nb_attributes, attributes);
	q = &b->rows[b->nrows++];
	st->row_table = q->table = (const char *)localname;
	st->row_line = mark.line;
	q->depth = depth;
	q->mark = mark;
	q->col0 = b->ncols;
	q->ncols = 0;
	for (i = 0; i < nb_attributes; i++) {
		const xmlChar **a = attributes + 5 * i;
		struct qcol *c;

		if (a[1])
			continue;       /* a prefixed attribute is not a column */
		pcm_vec_grow((void **)&b->cols, &b->cols_cap, b->ncols + 1, sizeof *b->cols);
		c = &b->cols[b->ncols++];
		c->name = (const char *)a[0];
		if (!keep_value(st, a[3], a[4], q->table, c->name, mark.line, &c->value, &e)) {
			b->nrows--;         /* the error stands in its place */
			fail(st, &e);
			return;
		}
		q->ncols++;
	}
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct pcm_snap_stream *st = ctx;

	(void)localname;
	(void)prefix;
	(void)uri;
	st->depth--;
}

/* Text: only whitespace between rows or inside one. */
static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct pcm_snap_stream *st = ctx;
	struct pcm_error e = { 0 };
	int i;

	if (st->failed || st->depth == 0)
		return;
	for (i = 0; i < len; i++)
		if (ch[i] != ' ' && ch[i] != '\t' && ch[i] != '\n' && ch[i] != '\r')
			break;
	if (i == len)
		return;
	if (st->depth >= 2)
		pcm_error_set(&e, _("%s: <%s> holds text; a row is an empty element whose columns "
		                    "are attributes"), where_of(st, st->row_line), st->row_table);
	else
		pcm_error_set(&e, _("%s:%ld: text between rows; a snapshot holds only row elements"),
		              st->path, (long)xmlSAX2GetLineNumber(st->ctxt));
	fail(st, &e);
}

/* ---- feeding the parser ---- */

static void truncated(struct pcm_snap_stream *st, struct pcm_error *err)
{
	pcm_error_set(err, _("%s:%" PRIu64 ": the file ends before </%s> (truncated?)"),
	              st->path, st->scan->line, ROOT_ELEMENT);
}

/* Keeps the marks of a chunk for the start tags the parser will meet. */
static void add_marks(struct pcm_snap_stream *st, const struct pcm_scan_mark *m, size_t n)
{
	/* the ones consumed go; a tag cut by the chunk's end keeps its mark */
	if (st->marks_head) {
		memmove(st->marks, st->marks + st->marks_head,
		        (st->nmarks - st->marks_head) * sizeof *st->marks);
		st->nmarks -= st->marks_head;
		st->marks_head = 0;
	}
	if (!n)
		return;
	pcm_vec_grow((void **)&st->marks, &st->marks_cap, st->nmarks + n, sizeof *st->marks);
	memcpy(st->marks + st->nmarks, m, n * sizeof *m);
	st->nmarks += n;
}

/* A re-read range that is not what the load read: the file was changed
 * in place (same size and time) since. */
static void changed(struct pcm_snap_stream *st)
{
	struct pcm_error e = { 0 };

	pcm_error_set(&e, _("%s: the snapshot changed after it was loaded; load it again"), st->path);
	fail(st, &e);
}

static void reread_start(void *ctx, const char *name, int n, const unsigned char **attrs)
{
	on_start(ctx, (const xmlChar *)name, NULL, NULL, 0, NULL, n, 0, attrs);
}

static void reread_end(void *ctx)
{
	on_end(ctx, NULL, NULL, NULL);
}

/* The parser for this pass, made on the thread that parses: libxml2's
 * SAX2 push parser, or the row tokenizer for a re-read range. */
static bool start_parser(struct pcm_snap_stream *st)
{
	xmlSAXHandler sax;
	struct pcm_error e = { 0 };

	if (st->reread) {
		const struct pcm_reread_calls calls = { reread_start, reread_end, st };
		st->rr = pcm_reread_new(&calls);
		return true;
	}
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.ignorableWhitespace = on_text;
	sax.serror = on_xml_error;
	st->ctxt = xmlCreatePushParserCtxt(&sax, st, NULL, 0, st->path);
	if (!st->ctxt) {
		pcm_error_set(&e, _("%s: cannot start the XML parser"), st->path);
		fail(st, &e);
		return false;
	}
	xmlCtxtUseOptions(st->ctxt, PARSER_OPTIONS);
	return true;
}

/* Fills batch b: parses chunks until it holds enough rows, the input
 * ends or an error stops the parser. */
static void parse_batch(struct pcm_snap_stream *st, struct batch *b)
{
	struct pcm_feed_chunk c;

	b->nrows = b->ncols = b->nvals = 0;
	b->failed = b->last = false;
	st->fill = b;
	if (!st->parse_started) {
		st->parse_started = true;
		if (!start_parser(st))
			goto out;
		if (st->reread)
			on_start(st, (const xmlChar *)RANGE_ELEMENT, NULL, NULL, 0, NULL, 0, 0, NULL);
		else if (st->range)
			xmlParseChunk(st->ctxt, "<" RANGE_ELEMENT ">", (int)strlen("<" RANGE_ELEMENT ">"), 0);
	}
	while (!st->done && !st->failed && b->nrows < BATCH_ROWS &&
	       b->nvals < (st->reread ? BATCH_BYTES / 4 : BATCH_BYTES)) {
		pcm_feed_next(st->feed, &c);
		if (!c.end) {
			add_marks(st, c.marks, c.nmarks);
			if (!st->reread)
				xmlParseChunk(st->ctxt, c.data, (int)c.n, 0);
			else if (!pcm_reread_feed(st->rr, c.data, c.n))
				changed(st);
			continue;
		}
		st->done = true;
		st->scan = pcm_feed_scan(st->feed);
		st->io_errno = pcm_feed_read_error(st->feed);
		if (st->scan->failed || st->io_errno)
			break;
		st->at_eof = true;
		if (!st->range && pcm_scan_in_markup(st->scan)) {
			/* cut inside a tag: the parser would hand out half of it */
			struct pcm_error e = { 0 };

			truncated(st, &e);
			fail(st, &e);
			break;
		}
		if (st->reread) {
			if (!pcm_reread_done(st->rr))
				changed(st);
			else
				on_end(st, NULL, NULL, NULL);
			continue;
		}
		if (st->range)
			xmlParseChunk(st->ctxt, "</" RANGE_ELEMENT ">", (int)strlen("</" RANGE_ELEMENT ">"), 0);
		xmlParseChunk(st->ctxt, NULL, 0, 1);
	}
out:
	b->last = st->done || st->failed;
}

/* The parser's thread: fills free batches until the last. */
static void *parser(void *arg)
{
	struct pcm_snap_stream *st = arg;
	bool last = false;

	while (!last) {
		size_t k = pcm_ring_claim(&st->ring);

		if (k == SIZE_MAX)
			break;
		parse_batch(st, &st->batches[k]);
		last = st->batches[k].last;
		pcm_ring_publish(&st->ring);
	}
	return NULL;
}

void pcm_snap_stream_start(struct pcm_snap_stream *st)
{
	if (st->started)
		return;
	st->started = true;
	if (!st->threaded)
		return;
	pcm_ring_init(&st->ring, NBATCHES);
	if (pthread_create(&st->thread, NULL, parser, st) != 0) {
		pcm_ring_destroy(&st->ring);
		st->threaded = false;       /* parse on the caller's thread */
	}
}

/* The next batch to read (the previous one is given back). */
static struct batch *next_batch(struct pcm_snap_stream *st)
{
	if (!st->threaded) {
		parse_batch(st, &st->batches[0]);
		return &st->batches[0];
	}
	return &st->batches[pcm_ring_take(&st->ring)];
}

/* Turns a stop that no callback explained into one message naming
 * file:line: the guard's refusal first (it saw the bytes before the
 * parser did), then a read error, an empty or a truncated file. */
static int stop_error(struct pcm_snap_stream *st, const struct batch *b, struct pcm_error *err)
{
	if (st->scan && st->scan->failed) {
		pcm_error_set(err, "%s:%" PRIu64 ": %s", st->path, st->scan->err_line, st->scan->err);
	} else if (st->io_errno) {
		pcm_error_set(err, _("%s: read error: %s"), st->path, strerror(st->io_errno));
	} else if (st->at_eof && pcm_feed_bytes(st->feed) == 0 && !st->range) {
		pcm_error_set(err, _("%s: the file is empty"), st->path);
	} else if (st->at_eof && !st->scan->root_closed && !st->range &&
	           (pcm_scan_in_markup(st->scan) || !st->xml_failed ||
	            st->xml_code == XML_ERR_TAG_NOT_FINISHED || st->xml_code == XML_ERR_DOCUMENT_END)) {
		truncated(st, err);
	} else if (b->failed) {
		*err = b->err;
	} else {
		pcm_error_set(err, _("%s: the XML parser failed"), st->path);
	}
	return -1;
}

int pcm_snap_stream_next(struct pcm_snap_stream *st, struct pcm_snap_row *row,
                         struct pcm_error *err)
{
	struct batch *b;

	pcm_snap_stream_start(st);
	if (st->pending) {
		/* The row was handed out before its error: the row mapping's
		 * own message, more specific, wins when it has one. */
		*err = st->pending_err;
		return -1;
	}
	for (;;) {
		if (!st->read) {
			st->read = next_batch(st);
			st->head = 0;
		}
		b = st->read;
		if (st->head < b->nrows && !(b->failed && st->head == b->err_after)) {
			view_row(st, b, st->head, &st->out, row);
			if (st->shapes && row->depth == 1 &&
			    !check_row(st, b, st->head, row, &st->pending_err))
				st->pending = true;
			st->head++;
			return 1;
		}
		/* this batch is done: an error stands here, or more follow */
		if (b->failed && st->head == b->err_after) {
			/* a parser error at the very end may mean a file cut short */
			if (st->xml_failed)
				return stop_error(st, b, err);
			*err = b->err;
			return -1;
		}
		if (b->last) {
			if ((st->scan && st->scan->failed) || st->io_errno)
				return stop_error(st, b, err);
			return st->done && st->at_eof ? 0 : stop_error(st, b, err);
		}
		st->read = NULL;            /* the next batch, at the top */
	}
}

/* ---- opening and closing ---- */

struct pcm_snap_stream *pcm_snap_stream_open(const char *path, uint64_t start, uint64_t end,
                                             uint64_t line, bool check, struct pcm_error *err)
{
	struct pcm_snap_stream *st = pcm_xcalloc(1, sizeof *st);
	bool whole = start == 0 && end == UINT64_MAX;
	FILE *fp;

	xmlInitParser();            /* once, before any thread parses */
	st->path = path;
	st->where_prefix = strlen(path) + 1;
	st->out.where = pcm_xmalloc(st->where_prefix + 24);
	memcpy(st->out.where, path, st->where_prefix - 1);
	st->out.where[st->where_prefix - 1] = ':';
	st->check_where = pcm_xmalloc(st->where_prefix + 24);
	memcpy(st->check_where, st->out.where, st->where_prefix);
	/* the schema first: nothing is opened or started when it fails */
	if (check && !(st->shapes = load_shapes(err)))
		goto fail;
	fp = fopen(path, "rb");
	if (!fp) {
		pcm_error_set(err, _("%s: cannot open the snapshot: %s"), path, strerror(errno));
		goto fail;
	}
	if (start && fseeko(fp, (off_t)start, SEEK_SET) != 0) {
		pcm_error_set(err, _("%s: cannot seek to byte %" PRIu64 ": %s"), path, start, strerror(errno));
		fclose(fp);
		goto fail;
	}
	st->range = !whole;
	if (st->range) {
		struct pcm_scan_mark wrapper = { start, line };

		add_marks(st, &wrapper, 1);
	}
	st->feed = pcm_feed_start(fp, start, end - start, whole ? 1 : line, whole ? 0 : 1, whole,
	                           whole, !whole);
	/* a range the whole-file pass checked is re-read by the tokenizer */
	st->reread = st->range;
	/* a whole file or a long range is parsed on a thread of its own */
	st->threaded = whole || end - start >= PARSE_THREAD_MIN;
	return st;
fail:
	pcm_snap_stream_close(st);
	return NULL;
}

int pcm_snap_stream_digest(struct pcm_snap_stream *st, char out[65], struct pcm_error *err)
{
	if (!pcm_feed_digest(st->feed, out)) {
		pcm_error_set(err, _("%s: read error: %s"), st->path, strerror(pcm_feed_read_error(st->feed)));
		return -1;
	}
	return 0;
}

void pcm_snap_stream_use_libxml2(struct pcm_snap_stream *st)
{
	st->reread = false;
}

bool pcm_snap_stream_escaped(const struct pcm_snap_stream *st)
{
	return st->escaped;
}

void pcm_snap_stream_set_escaped(struct pcm_snap_stream *st, bool escaped)
{
	st->escaped = escaped;
}

uint64_t pcm_snap_stream_bytes(const struct pcm_snap_stream *st)
{
	return pcm_feed_bytes(st->feed);
}

uint64_t pcm_snap_stream_root_end(const struct pcm_snap_stream *st)
{
	return st->scan ? st->scan->root_end : 0;
}

void pcm_snap_stream_close(struct pcm_snap_stream *st)
{
	size_t i;

	if (!st)
		return;
	if (st->started && st->threaded) {
		pcm_ring_stop(&st->ring);
		pthread_join(st->thread, NULL);
		pcm_ring_destroy(&st->ring);
	}
	if (st->ctxt)
		xmlFreeParserCtxt(st->ctxt);
	pcm_reread_free(st->rr);
	pcm_feed_close(st->feed);
	free(st->marks);
	for (i = 0; i < NBATCHES; i++) {
		free(st->batches[i].rows);
		free(st->batches[i].cols);
		free(st->batches[i].vals);
	}
	free(st->slots);
	free(st->row_shapes);
	free(st->out.names);
	free(st->out.values);
	free(st->out.where);
	free(st->check_where);
	free(st);
}
