/* deployment.xml: the deployment as the new pool will hold it (schema:
 * data/deployment.rng), streamed with libxml2's text writer so messages
 * pass through one at a time. Text XML 1.0 cannot carry (control
 * characters, invalid UTF-8) is written base64-encoded, marked as such,
 * so nothing is lost and the file always parses. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>
#include "i18n.h"
#include "package.h"
#include "timeconv.h"
#include "util.h"

#define DEPLOYMENT_NS "urn:pcmigrate:deployment:1"

struct pcm_xml_writer {
	xmlTextWriterPtr w;
	struct pcm_pkg_file *f;
	const struct pcm_package *pkg;
	size_t open_category;       /* category whose element is open, or SIZE_MAX */
	size_t next_category;       /* first category not written yet */
	int failed;
};

/* xmlOutputBuffer callback: into the package file (or counted, for a what-if). */
static int xml_out_write(void *ctx, const char *buf, int len)
{
	struct pcm_pkg_file *f = ctx;

	pcm_pkg_file_write(f, buf, (size_t)len);
	return f->failed ? -1 : len;
}

static int xml_out_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Can XML 1.0 carry s as it is? */
static bool xml_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!pcm_utf8_valid(s, strlen(s)))
		return false;
	for (; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return false;
		/* U+FFFE and U+FFFF: EF BF BE / EF BF BF */
		if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			return false;
	}
	return true;
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

/* A text attribute: name="value", or nameBase64="..." when XML cannot
 * carry the value. Absent (NULL) values are left out. */
static void text_attr(struct pcm_xml_writer *x, const char *name, const char *value)
{
	if (!value)
		return;
	if (xml_safe(value)) {
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
static void text_element(struct pcm_xml_writer *x, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
	if (xml_safe(value)) {
		chk(x, xmlTextWriterWriteString(x->w, BAD_CAST value));
	} else {
		char *b = base64(value);
		attr(x, "encoding", "base64");
		chk(x, xmlTextWriterWriteString(x->w, BAD_CAST b));
		free(b);
	}
	chk(x, xmlTextWriterEndElement(x->w));
}

static void refs(struct pcm_xml_writer *x, const char *elem, const struct pcm_prin_list *l)
{
	const struct pcm_deployment *d = x->pkg->d;
	size_t i;

	for (i = 0; i < l->n; i++) {
		chk(x, xmlTextWriterStartElement(x->w, BAD_CAST elem));
		int_attr(x, "ref", d->principals.v[l->v[i]].id);
		chk(x, xmlTextWriterEndElement(x->w));
	}
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
	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "principals"));
	for (i = 0; i < d->principals.n; i++) {
		const struct pcm_principal *pr = &d->principals.v[order[i]];
		chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "principal"));
		int_attr(x, "id", pr->id);
		text_attr(x, "uri", pr->uri);
		attr(x, "kind", kind_name(pr->kind));
		text_attr(x, "name", pr->name);
		text_attr(x, "adPath", pr->ad_path);
		if (pr->disabled)
			attr(x, "disabled", "true");
		chk(x, xmlTextWriterEndElement(x->w));
	}
	chk(x, xmlTextWriterEndElement(x->w));
	free(order);
}

static void write_addins(struct pcm_xml_writer *x)
{
	const struct pcm_deployment *d = x->pkg->d;
	size_t i;

	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "addins"));
	for (i = 0; i < d->addins.n; i++) {
		const struct pcm_addin *a = &d->addins.v[i];
		if (!x->pkg->addin_used[i])
			continue;
		chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "addin"));
		text_attr(x, "name", a->name ? a->name : "");
		text_attr(x, "url", a->url ? a->url : "");
		text_attr(x, "siopId", a->siop_id);
		chk(x, xmlTextWriterEndElement(x->w));
	}
	chk(x, xmlTextWriterEndElement(x->w));
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
	chk(x, xmlTextWriterSetIndent(x->w, 1));
	chk(x, xmlTextWriterSetIndentString(x->w, BAD_CAST " "));
	chk(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "persistentChatDeployment"));
	attr(x, "xmlns", DEPLOYMENT_NS);
	attr(x, "formatVersion", "1");
	text_attr(x, "separator", pkg->separator);
	if (pkg->cutoff_ticks) {
		pcm_format_ticks(pkg->cutoff_ticks, when, sizeof when);
		attr(x, "cutoff", when);
	}
	if (pkg->p && pkg->p->pool_fqdn && *pkg->p->pool_fqdn)
		text_attr(x, "pool", pkg->p->pool_fqdn);

	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "source"));
	text_attr(x, "kind", d->info.kind);
	text_attr(x, "server", d->info.server);
	text_attr(x, "database", d->info.database);
	text_attr(x, "takenAt", d->info.taken_at);
	if (d->info.sha256[0])
		attr(x, "sha256", d->info.sha256);
	text_attr(x, "lookupServerUri", d->info.lookup_server_uri);
	chk(x, xmlTextWriterEndElement(x->w));

	write_principals(x);
	write_addins(x);
	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "categories"));
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

	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "category"));
	text_attr(x, "name", cat->t->name);
	int_attr(x, "legacyId", cat->legacy->id);
	attr(x, "invitations", cat->t->invitations ? "true" : "false");
	attr(x, "fileUpload", cat->t->file_upload ? "true" : "false");
	text_element(x, "description", cat->legacy->desc);
	refs(x, "allowedMember", &cat->allowed);
	refs(x, "creator", &cat->creators);
	x->open_category = c;
	x->next_category = c + 1;
}

/* Writes the categories before `upto` that have not been written (a
 * category holds no migrated room only if flatten made one so), closing
 * the one that is open. */
static void categories_until(struct pcm_xml_writer *x, size_t upto)
{
	if (x->open_category != SIZE_MAX) {
		chk(x, xmlTextWriterEndElement(x->w));
		x->open_category = SIZE_MAX;
	}
	while (x->next_category < upto) {
		open_category(x, x->next_category);
		chk(x, xmlTextWriterEndElement(x->w));
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
	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "room"));
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
	text_element(x, "description", r->node->desc);
	text_element(x, "topic", r->node->topic);
	refs(x, "manager", &r->managers);
	refs(x, "member", &r->members);
	refs(x, "presenter", &r->presenters);
	return x->failed ? -1 : 0;
}

int pcm_xml_message(struct pcm_xml_writer *x, const struct pcm_message *msg)
{
	char when[32];

	pcm_format_ticks(msg->date_ticks, when, sizeof when);
	chk(x, xmlTextWriterStartElement(x->w, BAD_CAST "message"));
	int_attr(x, "chatId", msg->chat_id);
	attr(x, "date", when);
	int_attr(x, "ticks", msg->date_ticks);
	int_attr(x, "user", msg->user_id);
	if (msg->is_alert)
		attr(x, "alert", "true");
	if (xml_safe(msg->content)) {
		chk(x, xmlTextWriterWriteString(x->w, BAD_CAST msg->content));
	} else {
		char *b = base64(msg->content);
		attr(x, "encoding", "base64");
		chk(x, xmlTextWriterWriteString(x->w, BAD_CAST b));
		free(b);
	}
	chk(x, xmlTextWriterEndElement(x->w));
	return x->failed ? -1 : 0;
}

int pcm_xml_room_end(struct pcm_xml_writer *x, size_t room)
{
	(void)room;
	chk(x, xmlTextWriterEndElement(x->w));
	return x->failed ? -1 : 0;
}

int pcm_xml_end(struct pcm_xml_writer *x, struct pcm_error *err)
{
	int failed;

	categories_until(x, x->pkg->ncategories);
	chk(x, xmlTextWriterEndElement(x->w));     /* categories */
	chk(x, xmlTextWriterEndDocument(x->w));    /* root, and flushes */
	chk(x, xmlTextWriterFlush(x->w));
	xmlFreeTextWriter(x->w);
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
	free(x);
}
