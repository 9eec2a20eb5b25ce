/* SPDX-License-Identifier: MIT */
/* deployment.xml: the deployment as the new pool will hold it (schema:
 * data/deployment.rng), streamed with libxml2's text writer so messages
 * pass through one at a time. Text XML 1.0 cannot carry (control
 * characters, invalid UTF-8), and text holding DEL or a C1 control (a
 * terminal escape when the file is shown), is written base64-encoded,
 * marked as such, so nothing is lost, the file always parses and
 * showing it never drives a terminal. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>
#include "base/i18n.h"
#include "engine/package.h"
#include "base/sbuf.h"
#include "base/timeconv.h"
#include "base/util.h"
#include "base/xmlescape.h"

#define DEPLOYMENT_NS "urn:pcmigrate:deployment:1"

struct pcm_xml_writer {
	xmlTextWriterPtr w;
	struct pcm_pkg_file *f;
	const struct pcm_package *pkg;
	size_t open_category;       /* category whose element is open, or SIZE_MAX */
	size_t next_category;       /* first category not written yet */
	struct pcm_sbuf buf;        /* one message, reused */
	int64_t day;                /* cached civil date of add_date */
	char day_text[10];
	bool day_valid;
	int failed;
};

/* xmlOutputBuffer callback: into the package file (or counted, for a what-if). */
static int xml_out_write(void *ctx, const char *buf, int len)
{
	struct pcm_pkg_file *f = ctx;

	/* A failed write is recorded in f (with its errno) and reported with
	 * the file's name when the file is committed; telling libxml2 would
	 * only make it print a bare "I/O error : write error" to stderr. */
	pcm_pkg_file_write(f, buf, (size_t)len);
	return len;
}

static int xml_out_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static char *base64(const char *s)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, o = 0;
	char *out = pcm_xmalloc(4 * ((n + 2) / 3) + 1);

	for (i = 0; i + 2 < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		out[o++] = tab[v >> 18];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = tab[(v >> 6) & 63];
		out[o++] = tab[v & 63];
	}
	if (i < n) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0);
		out[o++] = tab[v >> 18];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return out;
}

static void chk(struct pcm_xml_writer *x, int rc)
{
	if (rc < 0)
		x->failed = 1;
}

static void attr(struct pcm_xml_writer *x, const char *name, const char *value)
{
	chk(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
}

/* The layout is ours (the writer's own indentation cannot mix with the
 * raw messages): a newline and `depth` spaces before every element, and
 * before the end tag of an element that holds elements. */
static void newline(struct pcm_xml_writer *x, int depth)
{
	static const char pad[] = "\n            ";

	chk(x, xmlTextWriterWriteRawLen(x->w, BAD_CAST pad, depth + 1));
}

static void start_el(struct pcm_xml_writer *x, const char *name, int depth)
{
	if (depth > 0)
		newline(x, depth);
	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void end_leaf(struct pcm_xml_writer *x)
{
	chk(x, xmlTextWriterEndElement(x->w));
}

static void end_block(struct pcm_xml_writer *x, int depth)
{
	newline(x, depth);
	chk(x, xmlTextWriterEndElement(x->w));
}

/* A text attribute: name="value", or nameBase64="..." when XML cannot
 * carry the value. Absent (NULL) values are left out. */
static void text_attr(struct pcm_xml_writer *x, const char *name, const char *value)
{
	if (!value)
		return;
	if (pcm_xml_text_plain(value)) {
		attr(x, name, value);
	} else {
		char *b = base64(value), *n = pcm_xasprintf("%sBase64", name);
		attr(x, n, b);
		free(b);
		free(n);
	}
}

static void int_attr(struct pcm_xml_writer *x, const char *name, long long v)
{
	chk(x, xmlTextWriterWriteFormatAttribute(x->w, BAD_CAST name, "%lld", v));
}

/* <name>text</name>, or <name encoding="base64">...</name>; nothing for
 * NULL or "". */
static void text_element(struct pcm_xml_writer *x, const char *name, const char *value, int depth)
{
	if (!value || !*value)
		return;
	start_el(x, name, depth);
	if (pcm_xml_text_plain(value)) {
		chk(x, xmlTextWriterWriteString(x->w, BAD_CAST value));
	} else {
		char *b = base64(value);
		attr(x, "encoding", "base64");
		chk(x, xmlTextWriterWriteString(x->w, BAD_CAST b));
		free(b);
	}
	end_leaf(x);
}

static void add_int(struct pcm_sbuf *b, long long v);

/* <elem ref="ID"/> per principal, as raw text in one write: a kept root
 * manager is listed on every room, so these add up to millions of
 * elements on a large deployment. Same output as the writer would give. */
static void refs(struct pcm_xml_writer *x, const char *elem, const struct pcm_prin_list *l, int depth)
{
	static const char pad[] = "\n            ";
	const struct pcm_deployment *d = x->pkg->d;
	struct pcm_sbuf *b = &x->buf;
	size_t i;

	if (!l->n)
		return;
	b->n = 0;
	for (i = 0; i < l->n; i++) {
		pcm_sbuf_addn(b, pad, (size_t)depth + 1);
		pcm_sbuf_addc(b, '<');
		pcm_sbuf_add(b, elem);
		pcm_sbuf_add(b, " ref=\"");
		add_int(b, d->principals.v[l->v[i]].id);
		pcm_sbuf_add(b, "\"/>");
	}
	chk(x, xmlTextWriterWriteRawLen(x->w, BAD_CAST b->s, (int)b->n));
}

static const char *kind_name(enum pcm_principal_kind k)
{
	switch (k) {
	case PCM_PRIN_USER:
		return "user";
	case PCM_PRIN_GROUP:
		return "group";
	case PCM_PRIN_FEDERATED_USER:
		return "federatedUser";
	case PCM_PRIN_FEDERATED_GROUP:
		return "federatedGroup";
	case PCM_PRIN_SYSTEM:
		return "system";
	default:
		return "other";
	}
}

static const struct pcm_deployment *sort_dep;

static int cmp_prin_id(const void *a, const void *b)
{
	int32_t x = sort_dep->principals.v[*(const uint32_t *)a].id;
	int32_t y = sort_dep->principals.v[*(const uint32_t *)b].id;

	return x < y ? -1 : x > y;
}

/* Every principal, by prinID (the rooms and messages refer to them). */
static void write_principals(struct pcm_xml_writer *x)
{
	const struct pcm_deployment *d = x->pkg->d;
	uint32_t *order = pcm_xmalloc((d->principals.n + 1) * sizeof *order);
	size_t i;

	for (i = 0; i < d->principals.n; i++)
		order[i] = (uint32_t)i;
	sort_dep = d;
	qsort(order, d->principals.n, sizeof *order, cmp_prin_id);
	start_el(x, "principals", 1);
	for (i = 0; i < d->principals.n; i++) {
		const struct pcm_principal *pr = &d->principals.v[order[i]];
		start_el(x, "principal", 2);
		int_attr(x, "id", pr->id);
		text_attr(x, "uri", pr->uri);
		attr(x, "kind", kind_name(pr->kind));
		text_attr(x, "name", pr->name);
		text_attr(x, "adPath", pr->ad_path);
		if (pr->disabled)
			attr(x, "disabled", "true");
		end_leaf(x);
	}
	end_block(x, 1);
	free(order);
}

static void write_addins(struct pcm_xml_writer *x)
{
	const struct pcm_deployment *d = x->pkg->d;
	size_t i;

	start_el(x, "addins", 1);
	for (i = 0; i < d->addins.n; i++) {
		const struct pcm_addin *a = &d->addins.v[i];
		if (!x->pkg->addin_used[i])
			continue;
		start_el(x, "addin", 2);
		text_attr(x, "name", a->name ? a->name : "");
		text_attr(x, "url", a->url ? a->url : "");
		text_attr(x, "siopId", a->siop_id);
		end_leaf(x);
	}
	end_block(x, 1);
}

struct pcm_xml_writer *pcm_xml_begin(struct pcm_pkg_file *f, const struct pcm_package *pkg,
                                     struct pcm_error *err)
{
	struct pcm_xml_writer *x = pcm_xcalloc(1, sizeof *x);
	const struct pcm_deployment *d = pkg->d;
	xmlOutputBufferPtr out;
	char when[32];

	x->f = f;
	x->pkg = pkg;
	x->open_category = SIZE_MAX;
	out = xmlOutputBufferCreateIO(xml_out_write, xml_out_close, f, NULL);
	x->w = out ? xmlNewTextWriter(out) : NULL;
	if (!x->w) {
		if (out)
			xmlOutputBufferClose(out);
		pcm_error_set(err, _("cannot start the XML writer for %s"), f->name);
		free(x);
		return NULL;
	}
	chk(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
	start_el(x, "persistentChatDeployment", 0);
	attr(x, "xmlns", DEPLOYMENT_NS);
	attr(x, "formatVersion", "1");
	text_attr(x, "separator", pkg->separator);
	if (pkg->cutoff_ticks) {
		pcm_format_ticks(pkg->cutoff_ticks, when, sizeof when);
		attr(x, "cutoff", when);
	}
	if (pkg->p && pkg->p->pool_fqdn && *pkg->p->pool_fqdn)
		text_attr(x, "pool", pkg->p->pool_fqdn);

	start_el(x, "source", 1);
	text_attr(x, "kind", d->info.kind);
	text_attr(x, "server", d->info.server);
	text_attr(x, "database", d->info.database);
	text_attr(x, "takenAt", d->info.taken_at);
	if (d->info.sha256[0])
		attr(x, "sha256", d->info.sha256);
	text_attr(x, "lookupServerUri", d->info.lookup_server_uri);
	end_leaf(x);

	write_principals(x);
	write_addins(x);
	start_el(x, "categories", 1);
	if (x->failed) {
		pcm_error_set(err, _("cannot write %s"), f->name);
		pcm_xml_abandon(x);
		return NULL;
	}
	return x;
}

static void open_category(struct pcm_xml_writer *x, size_t c)
{
	const struct pcm_pkg_category *cat = &x->pkg->categories[c];

	start_el(x, "category", 2);
	text_attr(x, "name", cat->t->name);
	int_attr(x, "legacyId", cat->legacy->id);
	attr(x, "invitations", cat->t->invitations ? "true" : "false");
	attr(x, "fileUpload", cat->t->file_upload ? "true" : "false");
	text_element(x, "description", cat->legacy->desc, 3);
	refs(x, "allowedMember", &cat->allowed, 3);
	refs(x, "creator", &cat->creators, 3);
	x->open_category = c;
	x->next_category = c + 1;
}

/* Writes the categories before `upto` that have not been written (a
 * category holds no migrated room only if flatten made one so), closing
 * the one that is open. */
static void categories_until(struct pcm_xml_writer *x, size_t upto)
{
	if (x->open_category != SIZE_MAX) {
		end_block(x, 2);
		x->open_category = SIZE_MAX;
	}
	while (x->next_category < upto) {
		open_category(x, x->next_category);
		end_block(x, 2);
		x->open_category = SIZE_MAX;
	}
}

int pcm_xml_room_begin(struct pcm_xml_writer *x, size_t room)
{
	const struct pcm_pkg_room *r = &x->pkg->rooms[room];
	const struct pcm_deployment *d = x->pkg->d;
	char *path;

	if (x->open_category != r->category) {
		categories_until(x, r->category);
		open_category(x, r->category);
	}
	start_el(x, "room", 3);
	text_attr(x, "name", r->t->name);
	int_attr(x, "legacyId", r->node->id);
	path = pcm_node_path(d, r->t->node, x->pkg->separator);
	text_attr(x, "legacyPath", path);
	free(path);
	attr(x, "type", r->type);
	attr(x, "privacy", r->privacy);
	attr(x, "invitations", r->invitations);
	if (r->invite_forced)
		attr(x, "invitationsForced", "true");
	if (r->addin)
		text_attr(x, "addin", r->addin->name ? r->addin->name : "");
	text_element(x, "description", r->node->desc, 4);
	text_element(x, "topic", r->node->topic, 4);
	refs(x, "manager", &r->managers, 4);
	refs(x, "member", &r->members, 4);
	refs(x, "presenter", &r->presenters, 4);
	return x->failed ? -1 : 0;
}

/* Appends text with &, <, > (and in attributes ") escaped, and \r as a
 * character reference so a parser does not fold it into \n. Only called
 * on text pcm_xml_text_plain accepted. */
static void add_escaped(struct pcm_sbuf *b, const char *s, bool attribute)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '\r':
			rep = "&#13;";
			break;
		case '"':
			rep = attribute ? "&quot;" : NULL;
			break;
		case '\n':
			rep = attribute ? "&#10;" : NULL;
			break;
		case '\t':
			rep = attribute ? "&#9;" : NULL;
			break;
		default:
			rep = NULL;
			break;
		}
		if (!rep)
			continue;
		pcm_sbuf_addn(b, run, (size_t)(s - run));
		pcm_sbuf_add(b, rep);
		run = s + 1;
	}
	pcm_sbuf_addn(b, run, (size_t)(s - run));
}

/* Decimal digits of v, without printf (this runs once per message). */
static void add_int(struct pcm_sbuf *b, long long v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	pcm_sbuf_addn(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void add_2digits(struct pcm_sbuf *b, int v)
{
	char two[2] = { (char)('0' + v / 10), (char)('0' + v % 10) };

	pcm_sbuf_addn(b, two, 2);
}

/* "YYYY-MM-DDThh:mm:ssZ" like pcm_format_ticks, with the civil date
 * cached per day (messages come in date order within a room). */
static void add_date(struct pcm_xml_writer *x, int64_t ticks)
{
	int64_t secs = pcm_ticks_to_unix(ticks);
	int64_t days = secs >= 0 ? secs / PCM_SECONDS_PER_DAY
	                         : -((-secs + PCM_SECONDS_PER_DAY - 1) / PCM_SECONDS_PER_DAY);
	int64_t rem = secs - days * PCM_SECONDS_PER_DAY;

	if (!x->day_valid || days != x->day) {
		char buf[32];
		pcm_format_ticks(pcm_ticks_from_unix(days * PCM_SECONDS_PER_DAY), buf, sizeof buf);
		memcpy(x->day_text, buf, 10);
		x->day = days;
		x->day_valid = true;
	}
	pcm_sbuf_addn(&x->buf, x->day_text, 10);
	pcm_sbuf_addc(&x->buf, 'T');
	add_2digits(&x->buf, (int)(rem / 3600));
	pcm_sbuf_addc(&x->buf, ':');
	add_2digits(&x->buf, (int)(rem / 60 % 60));
	pcm_sbuf_addc(&x->buf, ':');
	add_2digits(&x->buf, (int)(rem % 60));
	pcm_sbuf_addc(&x->buf, 'Z');
}

/* One message: built in a reused buffer and handed to the writer raw
 * (the text writer's own escaping and formatted attributes cost several
 * times more per message). Same output as the writer would give. */
int pcm_xml_message(struct pcm_xml_writer *x, const struct pcm_message *msg)
{
	struct pcm_sbuf *b = &x->buf;
	bool safe = pcm_xml_text_plain(msg->content);

	b->n = 0;
	pcm_sbuf_add(b, "\n    <message chatId=\"");
	add_int(b, msg->chat_id);
	pcm_sbuf_add(b, "\" date=\"");
	add_date(x, msg->date_ticks);
	pcm_sbuf_add(b, "\" ticks=\"");
	add_int(b, msg->date_ticks);
	pcm_sbuf_add(b, "\" user=\"");
	add_int(b, msg->user_id);
	pcm_sbuf_addc(b, '"');
	if (msg->is_alert)
		pcm_sbuf_add(b, " alert=\"true\"");
	if (safe) {
		pcm_sbuf_addc(b, '>');
		add_escaped(b, msg->content, false);
	} else {
		char *enc = base64(msg->content);
		pcm_sbuf_add(b, " encoding=\"base64\">");
		pcm_sbuf_add(b, enc);
		free(enc);
	}
	pcm_sbuf_add(b, "</message>");
	chk(x, xmlTextWriterWriteRawLen(x->w, BAD_CAST b->s, (int)b->n));
	return x->failed ? -1 : 0;
}

int pcm_xml_room_end(struct pcm_xml_writer *x, size_t room)
{
	(void)room;
	end_block(x, 3);
	return x->failed ? -1 : 0;
}

int pcm_xml_end(struct pcm_xml_writer *x, struct pcm_error *err)
{
	int failed;

	categories_until(x, x->pkg->ncategories);
	end_block(x, 1);                           /* categories */
	end_block(x, 0);                           /* the root */
	chk(x, xmlTextWriterEndDocument(x->w));
	chk(x, xmlTextWriterFlush(x->w));
	xmlFreeTextWriter(x->w);
	pcm_sbuf_free(&x->buf);
	failed = x->failed || x->f->failed;
	if (failed)
		pcm_error_set(err, _("cannot write %s"), x->f->name);
	free(x);
	return failed ? -1 : 0;
}

void pcm_xml_abandon(struct pcm_xml_writer *x)
{
	if (!x)
		return;
	xmlFreeTextWriter(x->w);
	pcm_sbuf_free(&x->buf);
	free(x);
}
