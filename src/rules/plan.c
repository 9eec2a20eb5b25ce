/* SPDX-License-Identifier: MIT */
/* The plan file: XML (data/plan.rng), validated on load, written whole
 * or not at all (atomic.h) after every change, under a lock, merging what
 * another process wrote meanwhile. Only this file reads or writes it. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlwriter.h>
#include "base/atomic.h"
#include "base/i18n.h"
#include "rules/plan.h"
#include "rules/plan_impl.h"
#include "base/datadir.h"
#include "base/util.h"
#include "base/xmlescape.h"

#define PLAN_SCHEMA "plan.rng"
#define PLAN_FORMAT_VERSION "1"

/* ---- saving ---- */

/* The pcm1 escape (xmlescape.h) for one attempt at writing the plan: a
 * plan declares it only when a value needs it (a room name with a control
 * character, say), so every other plan reads as it always did. */
struct plan_escape {
	bool on;                /* this attempt writes escape="pcm1" */
	bool needed;            /* a value needed it while it was off */
};

static int write_attr(xmlTextWriterPtr w, struct plan_escape *e, const char *name, const char *value)
{
	char *enc;
	int rc;

	if (!value)
		return 0;
	/* The writer would copy a broken UTF-8 byte as it is, and the plan
	 * would never load again: refuse instead. */
	if (!pcm_utf8_valid(value, strlen(value)))
		return -1;
	if (!e->on) {
		if (pcm_esc_needed(value)) {
			e->needed = true;
			return -1;
		}
		return xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST value) < 0 ? -1 : 0;
	}
	enc = pcm_esc_encode(value);
	rc = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST enc) < 0 ? -1 : 0;
	free(enc);
	return rc;
}

/* Writes the at/by attributes of a stamp that has them. */
static int write_stamp(xmlTextWriterPtr w, struct plan_escape *e, const struct pcm_stamp *s)
{
	if (write_attr(w, e, "at", s->at) || write_attr(w, e, "by", s->by))
		return -1;
	return 0;
}

static int write_int_attr(xmlTextWriterPtr w, const char *name, long long value)
{
	return xmlTextWriterWriteFormatAttribute(w, BAD_CAST name, "%lld", value) < 0 ? -1 : 0;
}

static int start(xmlTextWriterPtr w, const char *name)
{
	return xmlTextWriterStartElement(w, BAD_CAST name) < 0 ? -1 : 0;
}

static int end(xmlTextWriterPtr w)
{
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* The whole plan as XML, in the order plan.rng gives. */
static int write_plan(xmlTextWriterPtr w, const struct pcm_plan *p, struct plan_escape *e)
{
	size_t i;
	int rc = 0;

	rc |= xmlTextWriterSetIndent(w, 1) < 0;
	rc |= xmlTextWriterSetIndentString(w, BAD_CAST "  ") < 0;
	rc |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
	rc |= start(w, "pcmigratePlan");
	rc |= write_attr(w, e, "formatVersion", PLAN_FORMAT_VERSION);
	if (e->on)
		rc |= write_attr(w, e, PCM_ESCAPE_ATTR, PCM_ESCAPE_PCM1);
	if (p->source_kind) {
		rc |= start(w, "source");
		rc |= write_attr(w, e, "kind", p->source_kind);
		rc |= write_attr(w, e, "location", p->source_location);
		rc |= write_attr(w, e, "server", p->source_server);
		rc |= write_attr(w, e, "database", p->source_database);
		if (p->source_sha256[0]) {
			rc |= write_attr(w, e, "sha256", p->source_sha256);
			rc |= write_int_attr(w, "size", (long long)p->source_size);
		}
		rc |= end(w);
	}
	if (p->separator && strcmp(p->separator, PCM_DEFAULT_SEPARATOR) != 0) {
		rc |= start(w, "separator");
		rc |= write_attr(w, e, "value", p->separator);
		rc |= write_stamp(w, e, &p->separator_stamp);
		rc |= end(w);
	}
	if (p->has_cutoff) {
		rc |= start(w, "cutoff");
		rc |= write_attr(w, e, "date", p->cutoff_text);
		rc |= write_stamp(w, e, &p->cutoff_stamp);
		rc |= end(w);
	}
	if (p->backup_override_reason) {
		rc |= start(w, "backupOverride");
		rc |= write_attr(w, e, "reason", p->backup_override_reason);
		rc |= write_stamp(w, e, &p->backup_override_stamp);
		rc |= end(w);
	}
	if (p->target_items_file) {
		rc |= start(w, "targetItems");
		rc |= write_attr(w, e, "file", p->target_items_file);
		rc |= write_stamp(w, e, &p->target_items_stamp);
		for (i = 0; i < p->ntarget_items; i++) {
			rc |= start(w, "item");
			rc |= write_attr(w, e, "name", p->target_items[i]);
			rc |= end(w);
		}
		rc |= end(w);
	}
	if (p->pool_fqdn) {
		rc |= start(w, "pool");
		rc |= write_attr(w, e, "fqdn", p->pool_fqdn);
		rc |= end(w);
	}
	if (p->file_store_root) {
		rc |= start(w, "fileStore");
		rc |= write_attr(w, e, "root", p->file_store_root);
		rc |= end(w);
	}
	if (p->compliance_db) {
		rc |= start(w, "compliance");
		rc |= write_attr(w, e, "server", p->compliance_server ? p->compliance_server : "");
		rc |= write_attr(w, e, "database", p->compliance_db);
		rc |= end(w);
	}
	for (i = 0; i < p->renames.n; i++) {
		const struct pcm_rename *r = &p->renames.v[i];
		rc |= start(w, "rename");
		rc |= write_int_attr(w, "nodeID", r->node_id);
		rc |= write_attr(w, e, "oldName", r->old_name);
		rc |= write_attr(w, e, "newName", r->new_name);
		rc |= write_stamp(w, e, &r->stamp);
		rc |= end(w);
	}
	for (i = 0; i < p->root_managers.n; i++) {
		const struct pcm_root_manager_decision *r = &p->root_managers.v[i];
		rc |= start(w, "rootManager");
		rc |= write_attr(w, e, "uri", r->uri);
		rc |= write_attr(w, e, "decision", r->keep ? "keep" : "drop");
		rc |= write_stamp(w, e, &r->stamp);
		rc |= end(w);
	}
	for (i = 0; i < p->invitations.n; i++) {
		const struct pcm_category_invite *c = &p->invitations.v[i];
		rc |= start(w, "categoryInvitations");
		rc |= write_int_attr(w, "nodeID", c->node_id);
		rc |= write_attr(w, e, "decision", c->turn_on ? "on" : "accept");
		rc |= write_stamp(w, e, &c->stamp);
		rc |= end(w);
	}
	for (i = 0; i < p->disabled.n; i++) {
		const struct pcm_disable *x = &p->disabled.v[i];
		rc |= start(w, "disable");
		rc |= write_int_attr(w, "nodeID", x->node_id);
		rc |= write_attr(w, e, "name", x->name);
		rc |= write_stamp(w, e, &x->stamp);
		rc |= end(w);
	}
	for (i = 0; i < PCM_STEP_COUNT; i++) {
		if (!p->steps_done[i])
			continue;
		rc |= start(w, "stepDone");
		rc |= write_attr(w, e, "step", pcm_plan_step_name((enum pcm_step)i));
		rc |= end(w);
	}
	rc |= end(w);
	rc |= xmlTextWriterEndDocument(w) < 0;
	return rc ? -1 : 0;
}

/* Makes the directory of path (and its parents), for the default plan
 * path under ~/.local/state that may not exist yet. */
static int make_parent_dirs(const char *path, struct pcm_error *err)
{
	char *dir = pcm_xstrdup(path), *s;

	for (s = dir + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			pcm_error_set(err, _("%s: cannot create directory: %s"), dir, strerror(errno));
			free(dir);
			return -1;
		}
		*s = '/';
	}
	free(dir);
	return 0;
}

static int validate(xmlDocPtr doc, const char *path, struct pcm_error *err);

/* Would pcm_plan_load accept this text? A plan that does not load again
 * (an empty new name, a value the schema refuses) is never written: the
 * old plan stays, and err says why. */
static bool loads_again(xmlBufferPtr buf, const char *path, struct pcm_error *err)
{
	struct pcm_error why = { 0 };
	xmlDocPtr doc = xmlReadMemory((const char *)xmlBufferContent(buf), xmlBufferLength(buf),
	                              path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                              XML_PARSE_NOWARNING);
	bool ok = doc && validate(doc, path, &why) == 0;

	if (doc)
		xmlFreeDoc(doc);
	if (!ok)
		pcm_error_set(err, _("%s: not saved: the plan would not load again (%s)"), path,
		              why.set ? why.text : _("not well-formed XML"));
	return ok;
}

/* The plan's XML in a new buffer (NULL with err set): plainly, or with
 * the pcm1 escape when a value holds a character XML cannot carry. */
static xmlBufferPtr plan_xml(const struct pcm_plan *p, struct pcm_error *err)
{
	struct plan_escape e = { false, false };
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int rc;

	for (;;) {
		buf = xmlBufferCreate();
		w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
		if (!w) {
			if (buf)
				xmlBufferFree(buf);
			pcm_error_set(err, _("%s: cannot build the plan XML"), p->path);
			return NULL;
		}
		rc = write_plan(w, p, &e);
		xmlFreeTextWriter(w);      /* flushes into buf */
		if (!rc)
			return buf;
		xmlBufferFree(buf);
		if (!e.needed || e.on)
			break;
		e.on = true;
	}
	pcm_error_set(err, _("%s: cannot write the plan: a name or reason holds invalid UTF-8, "
	                     "which XML cannot hold"), p->path);
	return NULL;
}

/* ---- loading ---- */

/* The first validation error, with its line. */
struct first_error {
	char text[512];
	int line;
	int set;
};

/* libxml2's message on one line: newlines (it ends each message with one,
 * and some carry a second line) become spaces, trailing ones go. */
static void one_line(char *dst, size_t n, const char *msg)
{
	size_t len;
	char *c;

	snprintf(dst, n, "%s", msg);
	for (c = dst; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	len = strlen(dst);
	while (len && dst[len - 1] == ' ')
		dst[--len] = '\0';
}

static void keep_first_error(void *data, xmlErrorPtr e)
{
	struct first_error *fe = data;

	if (fe->set || !e)
		return;
	fe->set = 1;
	fe->line = e->line;
	one_line(fe->text, sizeof fe->text, e->message ? e->message : "?");
}

/* Checks the parsed document against data/plan.rng. */
static int validate(xmlDocPtr doc, const char *path, struct pcm_error *err)
{
	char *schema = pcm_xasprintf("%s/%s", pcm_data_dir(), PLAN_SCHEMA);
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(schema);
	xmlRelaxNGPtr rng = pc ? xmlRelaxNGParse(pc) : NULL;
	xmlRelaxNGValidCtxtPtr vc = rng ? xmlRelaxNGNewValidCtxt(rng) : NULL;
	struct first_error fe = { "", 0, 0 };
	int rc = -1;

	if (!vc) {
		pcm_error_set(err, _("%s: cannot read the plan schema (is pcmigrate installed "
		                     "completely?)"), schema);
	} else {
		xmlRelaxNGSetValidStructuredErrors(vc, keep_first_error, &fe);
		if (xmlRelaxNGValidateDoc(vc, doc) == 0)
			rc = 0;
		else
			pcm_error_set(err, _("%s:%d: not a valid pcmigrate plan: %s"), path, fe.line,
			              fe.set ? fe.text : "?");
	}
	if (vc)
		xmlRelaxNGFreeValidCtxt(vc);
	if (rng)
		xmlRelaxNGFree(rng);
	if (pc)
		xmlRelaxNGFreeParserCtxt(pc);
	free(schema);
	return rc;
}

/* An attribute's value (caller frees with xmlFree), NULL when absent. */
static char *attr(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, BAD_CAST name);
}

/* Reads the stamp of an element into s. */
static void read_stamp(xmlNodePtr n, struct pcm_stamp *s)
{
	char *at = attr(n, "at"), *by = attr(n, "by");
	struct pcm_stamp tmp = { at, by };

	pcm_stamp_set(s, &tmp);
	xmlFree(at);
	xmlFree(by);
}

/* An int attribute the schema already checked. */
static int32_t int_attr(xmlNodePtr n, const char *name)
{
	char *v = attr(n, name);
	int64_t x = 0;

	pcm_parse_i64(v, INT32_MIN, INT32_MAX, &x);
	xmlFree(v);
	return (int32_t)x;
}

static void replace(char **dst, char *xml_value)
{
	free(*dst);
	*dst = xml_value ? pcm_xstrdup(xml_value) : NULL;
	xmlFree(xml_value);
}

/* Decodes every attribute of a plan that declares escape="pcm1", in
 * place, so read_plan sees the real characters. Iterative: the plan is
 * shallow, but no tree walk here recurses. */
static int decode_plan(xmlNodePtr root, const char *path, struct pcm_error *err)
{
	xmlNodePtr n = root;
	char *esc = (char *)xmlGetProp(root, BAD_CAST PCM_ESCAPE_ATTR);
	bool on = esc != NULL;

	xmlFree(esc);
	while (on && n) {
		xmlAttrPtr a;
		for (a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next) {
			xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
			char *out, why[256];
			int rc = 0;
			if (v && pcm_esc_present((const char *)v)) {
				out = pcm_xmalloc(strlen((const char *)v) + 1);
				rc = pcm_esc_decode((const char *)v, out, why, sizeof why);
				if (rc)
					pcm_error_set(err, "%s:%ld: <%s> %s: %s", path, xmlGetLineNo(n),
					              (const char *)n->name, (const char *)a->name, why);
				else
					xmlSetProp(n, a->name, BAD_CAST out);
				free(out);
			}
			xmlFree(v);
			if (rc)
				return -1;
		}
		if (n->children) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		n = n && n != root ? n->next : NULL;
	}
	return 0;
}

/* Fills p from a valid document. */
static int read_plan(struct pcm_plan *p, xmlNodePtr root, const char *path, struct pcm_error *err)
{
	xmlNodePtr n;

	for (n = root->children; n; n = n->next) {
		const char *name = (const char *)n->name;
		struct pcm_stamp st = { NULL, NULL };

		if (n->type != XML_ELEMENT_NODE)
			continue;
		read_stamp(n, &st);
		if (!strcmp(name, "source")) {
			char *sha = attr(n, "sha256"), *size = attr(n, "size");
			int64_t sz = 0;
			replace(&p->source_kind, attr(n, "kind"));
			replace(&p->source_location, attr(n, "location"));
			replace(&p->source_server, attr(n, "server"));
			replace(&p->source_database, attr(n, "database"));
			snprintf(p->source_sha256, sizeof p->source_sha256, "%s", sha ? sha : "");
			pcm_parse_i64(size, 0, INT64_MAX, &sz);
			p->source_size = (uint64_t)sz;
			xmlFree(sha);
			xmlFree(size);
		} else if (!strcmp(name, "separator")) {
			replace(&p->separator, attr(n, "value"));
			pcm_stamp_set(&p->separator_stamp, &st);
		} else if (!strcmp(name, "cutoff")) {
			char *date = attr(n, "date");
			int rc = pcm_plan_set_cutoff(p, date, NULL);
			if (rc)
				pcm_error_set(err, _("%s:%ld: cutoff date=\"%s\" is not a date (YYYY-MM-DD)"),
				              path, xmlGetLineNo(n), date);
			xmlFree(date);
			if (rc) {
				pcm_stamp_free(&st);
				return -1;
			}
			pcm_stamp_set(&p->cutoff_stamp, &st);
		} else if (!strcmp(name, "backupOverride")) {
			replace(&p->backup_override_reason, attr(n, "reason"));
			pcm_stamp_set(&p->backup_override_stamp, &st);
		} else if (!strcmp(name, "targetItems")) {
			xmlNodePtr it;
			size_t cap = 0;
			replace(&p->target_items_file, attr(n, "file"));
			pcm_stamp_set(&p->target_items_stamp, &st);
			for (it = n->children; it; it = it->next) {
				char *v;
				if (it->type != XML_ELEMENT_NODE)
					continue;
				v = attr(it, "name");
				pcm_vec_grow((void **)&p->target_items, &cap, p->ntarget_items + 1,
				             sizeof *p->target_items);
				p->target_items[p->ntarget_items++] = pcm_xstrdup(v ? v : "");
				xmlFree(v);
			}
		} else if (!strcmp(name, "pool")) {
			replace(&p->pool_fqdn, attr(n, "fqdn"));
		} else if (!strcmp(name, "compliance")) {
			replace(&p->compliance_server, attr(n, "server"));
			replace(&p->compliance_db, attr(n, "database"));
		} else if (!strcmp(name, "fileStore")) {
			replace(&p->file_store_root, attr(n, "root"));
			if (!pcm_store_root_ok(p->file_store_root)) {
				pcm_error_set(err, _("%s:%ld: fileStore root=\"%s\" is not a UNC share "
				                     "(\\\\host\\share) or a drive path (X:\\path)"),
				              path, xmlGetLineNo(n), p->file_store_root);
				pcm_stamp_free(&st);
				return -1;
			}
		} else if (!strcmp(name, "rename")) {
			char *old = attr(n, "oldName"), *new_name = attr(n, "newName");
			pcm_plan_put_rename(p, int_attr(n, "nodeID"), old, new_name, &st);
			xmlFree(old);
			xmlFree(new_name);
		} else if (!strcmp(name, "rootManager")) {
			char *uri = attr(n, "uri"), *dec = attr(n, "decision");
			pcm_plan_put_root_manager(p, uri, !strcmp(dec, "keep"), &st);
			xmlFree(uri);
			xmlFree(dec);
		} else if (!strcmp(name, "categoryInvitations")) {
			char *dec = attr(n, "decision");
			pcm_plan_put_category_invite(p, int_attr(n, "nodeID"), !strcmp(dec, "on"), &st);
			xmlFree(dec);
		} else if (!strcmp(name, "disable")) {
			char *dname = attr(n, "name");
			pcm_plan_put_disabled(p, int_attr(n, "nodeID"), dname, &st);
			xmlFree(dname);
		} else if (!strcmp(name, "stepDone")) {
			char *step = attr(n, "step");
			pcm_plan_set_step_done(p, pcm_plan_step_from_name(step), true);
			xmlFree(step);
		}
		pcm_stamp_free(&st);
	}
	return 0;
}

/* ---- the file on disk: identity, whole reads, parsing ---- */

static void disk_set_id(struct pcm_plan_disk *d, const struct stat *sb)
{
	d->known = true;
	d->dev = (uint64_t)sb->st_dev;
	d->ino = (uint64_t)sb->st_ino;
	d->size = (uint64_t)sb->st_size;
	d->mtime_sec = (int64_t)sb->st_mtim.tv_sec;
	d->mtime_nsec = (int64_t)sb->st_mtim.tv_nsec;
}

/* Is the file the one this process last read or wrote? A save renames a
 * new file into place, so another writer always changes the inode. */
static bool disk_same(const struct pcm_plan_disk *d, const struct stat *sb)
{
	return d->known && d->dev == (uint64_t)sb->st_dev && d->ino == (uint64_t)sb->st_ino &&
	       d->size == (uint64_t)sb->st_size && d->mtime_sec == (int64_t)sb->st_mtim.tv_sec &&
	       d->mtime_nsec == (int64_t)sb->st_mtim.tv_nsec;
}

/* Remembers text (taken over) as the file's content. */
static void disk_set_text(struct pcm_plan_disk *d, char *text, size_t len)
{
	free(d->text);
	d->text = text;
	d->len = len;
}

/* Reads the whole file: 0, 1 when it does not exist, -1 with err. */
static int read_whole(const char *path, char **text, size_t *len, struct stat *sb,
                      struct pcm_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0, cap;
	ssize_t r;
	char *s;

	*text = NULL;
	*len = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		pcm_error_set(err, _("%s: %s"), path, strerror(errno));
		return -1;
	}
	if (fstat(fd, sb) != 0) {
		pcm_error_set(err, _("%s: %s"), path, strerror(errno));
		close(fd);
		return -1;
	}
	cap = (size_t)sb->st_size + 1;
	s = pcm_xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap)
			s = pcm_xrealloc(s, cap *= 2);
		r = read(fd, s + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			pcm_error_set(err, _("%s: %s"), path, strerror(errno));
			free(s);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	s[n] = 0;
	*text = s;
	*len = n;
	return 0;
}

/* Parses plan text, checks it against the schema (when check) and decodes
 * the pcm1 escape. NULL with err on failure. */
static xmlDocPtr parse_text(const char *text, size_t len, const char *path, bool check,
                            struct pcm_error *err)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc;

	if (!ctxt) {
		pcm_error_set(err, _("%s: out of memory"), path);
		return NULL;
	}
	doc = xmlCtxtReadMemory(ctxt, text, (int)len, path, NULL,
	                        XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
	                        XML_PARSE_NOWARNING);
	if (!doc) {
		xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
		char msg[512];
		one_line(msg, sizeof msg, e && e->message ? e->message : "?");
		pcm_error_set(err, _("%s:%d: not a pcmigrate plan: %s"), path, e ? e->line : 0, msg);
		xmlFreeParserCtxt(ctxt);
		return NULL;
	}
	xmlFreeParserCtxt(ctxt);
	if ((check && validate(doc, path, err) != 0) ||
	    decode_plan(xmlDocGetRootElement(doc), path, err) != 0) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

int pcm_plan_load(struct pcm_plan *p, const char *path, struct pcm_error *err)
{
	struct stat sb;
	xmlDocPtr doc;
	char *text;
	size_t len;
	int rc;

	free(p->path);
	p->path = pcm_xstrdup(path);
	p->disk.read = true;
	rc = read_whole(path, &text, &len, &sb, err);
	if (rc != 0) {
		p->disk.known = false;
		disk_set_text(&p->disk, NULL, 0);
		return rc > 0 ? 0 : -1;         /* missing: a new plan */
	}
	doc = parse_text(text, len, path, true, err);
	rc = doc ? read_plan(p, xmlDocGetRootElement(doc), path, err) : -1;
	if (doc)
		xmlFreeDoc(doc);
	if (rc == 0) {
		disk_set_id(&p->disk, &sb);
		disk_set_text(&p->disk, text, len);
	} else {
		free(text);
	}
	return rc;
}

/* ---- two processes on one plan ---- */

/* One top-level element of a plan: what it decides about (its key: the
 * element name and the nodeID, uri or step it names) and its whole text. */
struct elem {
	char *key, *text;
	xmlNodePtr node;
	int from;                   /* 0 base, 1 mine, 2 theirs */
};

static int by_key(const void *a, const void *b)
{
	const struct elem *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->from - y->from;
}

/* Appends every element of doc's root to *v. */
static void collect(xmlDocPtr doc, int from, struct elem **v, size_t *n, size_t *cap)
{
	static const char *const ids[] = { "nodeID", "uri", "step" };
	xmlNodePtr c;
	size_t i;

	if (!doc)
		return;
	for (c = xmlDocGetRootElement(doc)->children; c; c = c->next) {
		xmlBufferPtr buf;
		char *id = NULL;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < sizeof ids / sizeof ids[0] && !id; i++)
			id = (char *)xmlGetProp(c, BAD_CAST ids[i]);
		pcm_vec_grow((void **)v, cap, *n + 1, sizeof **v);
		(*v)[*n].key = pcm_xasprintf("%s\t%s", (const char *)c->name, id ? id : "");
		xmlFree(id);
		buf = xmlBufferCreate();
		xmlNodeDump(buf, doc, c, 0, 0);
		(*v)[*n].text = pcm_xstrdup((const char *)xmlBufferContent(buf));
		xmlBufferFree(buf);
		(*v)[*n].node = c;
		(*v)[*n].from = from;
		(*n)++;
	}
}

/* Three-way merge: for every decision, this process's value when it
 * changed it since base (the file as last read or written), else the
 * file's. p takes the result. */
static int merge_into(struct pcm_plan *p, const char *theirs_text, size_t theirs_len,
                      struct pcm_error *err)
{
	xmlDocPtr docs[3] = { NULL, NULL, NULL }, out;
	xmlNodePtr root;
	xmlBufferPtr mine;
	struct elem *v = NULL;
	size_t n = 0, cap = 0, i, j;
	struct pcm_plan *fresh, keep;
	int rc = -1;

	mine = plan_xml(p, err);
	if (!mine)
		return -1;
	if (p->disk.text)
		docs[0] = parse_text(p->disk.text, p->disk.len, p->path, false, err);
	docs[1] = parse_text((const char *)xmlBufferContent(mine), (size_t)xmlBufferLength(mine),
	                     p->path, false, err);
	docs[2] = parse_text(theirs_text, theirs_len, p->path, true, err);
	xmlBufferFree(mine);
	if ((p->disk.text && !docs[0]) || !docs[1] || !docs[2])
		goto done;
	for (i = 0; i < 3; i++)
		collect(docs[i], (int)i, &v, &n, &cap);
	qsort(v, n, sizeof *v, by_key);
	out = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "pcmigratePlan");
	xmlDocSetRootElement(out, root);
	for (i = 0; i < n; i = j) {
		const struct elem *e[3] = { NULL, NULL, NULL }, *pick;
		for (j = i; j < n && !strcmp(v[j].key, v[i].key); j++)
			e[v[j].from] = &v[j];
		/* changed here when it appears, goes or differs since base */
		if ((e[0] == NULL) != (e[1] == NULL) || (e[0] && strcmp(e[0]->text, e[1]->text) != 0))
			pick = e[1];
		else
			pick = e[2];
		if (pick)
			xmlAddChild(root, xmlDocCopyNode(pick->node, out, 1));
	}
	fresh = pcm_plan_new();
	rc = read_plan(fresh, root, p->path, err);
	xmlFreeDoc(out);
	if (rc == 0) {
		/* p takes fresh's decisions and keeps its file, lock and history */
		keep = *p;
		*p = *fresh;
		p->path = keep.path;
		p->disk = keep.disk;
		p->merged = keep.merged;
		p->owner_fd = keep.owner_fd;
		p->owner_path = keep.owner_path;
		keep.path = NULL;
		keep.disk.text = NULL;
		keep.owner_fd = -1;
		keep.owner_path = NULL;
		*fresh = keep;
	}
	pcm_plan_free(fresh);
done:
	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].text);
	}
	free(v);
	for (i = 0; i < 3; i++)
		if (docs[i])
			xmlFreeDoc(docs[i]);
	return rc;
}

/* Takes the file in when another process wrote it since this one last
 * read or wrote it: merges and remembers it as the base. Call holding
 * the folder lock. */
static int take_in_disk(struct pcm_plan *p, bool *changed, struct pcm_error *err)
{
	struct stat sb;
	char *text;
	size_t len;
	int rc;

	if (!p->disk.read)
		return 0;       /* never loaded: a new file, written as it is */
	rc = read_whole(p->path, &text, &len, &sb, err);
	if (rc != 0)
		return rc > 0 ? 0 : -1;         /* gone: this process writes it anew */
	if (disk_same(&p->disk, &sb) ||
	    (p->disk.text && len == p->disk.len && !memcmp(text, p->disk.text, len))) {
		disk_set_id(&p->disk, &sb);
		free(text);
		return 0;
	}
	if (merge_into(p, text, len, err) != 0) {
		free(text);
		return -1;
	}
	disk_set_id(&p->disk, &sb);
	disk_set_text(&p->disk, text, len);
	p->merged++;
	if (changed)
		*changed = true;
	return 0;
}

/* Locks the plan's folder (flock: released when the descriptor closes,
 * also when the process dies). The folder, not a file beside the plan:
 * nothing is left behind. */
static int lock_folder(const char *path, struct pcm_error *err)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? pcm_xasprintf("%.*s", slash == path ? 1 : (int)(slash - path), path)
	                  : pcm_xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		pcm_error_set(err, _("%s: cannot lock the plan's folder: %s"), dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(dir);
	return fd;
}

int pcm_plan_save(struct pcm_plan *p, struct pcm_error *err)
{
	xmlBufferPtr buf;
	struct pcm_atomic a;
	struct stat sb;
	int lock, rc = -1;

	if (!p->path) {
		pcm_error_set(err, _("the plan has no file to be saved to"));
		return -1;
	}
	if (make_parent_dirs(p->path, err))
		return -1;
	lock = lock_folder(p->path, err);
	if (lock < 0)
		return -1;
	if (take_in_disk(p, NULL, err) != 0)
		goto out;
	buf = plan_xml(p, err);
	if (!buf)
		goto out;
	if (!loads_again(buf, p->path, err) || pcm_atomic_open(&a, p->path, 0, err)) {
		xmlBufferFree(buf);
		goto out;
	}
	fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), a.fp);
	rc = pcm_atomic_commit(&a, err);
	if (rc == 0 && stat(p->path, &sb) == 0) {
		p->disk.read = true;
		disk_set_id(&p->disk, &sb);
		disk_set_text(&p->disk, pcm_xstrdup((const char *)xmlBufferContent(buf)),
		              (size_t)xmlBufferLength(buf));
	}
	xmlBufferFree(buf);
out:
	close(lock);
	return rc;
}

int pcm_plan_refresh(struct pcm_plan *p, bool *changed, struct pcm_error *err)
{
	struct stat sb;
	int lock, rc;

	*changed = false;
	if (!p->path || stat(p->path, &sb) != 0 || disk_same(&p->disk, &sb))
		return 0;
	lock = lock_folder(p->path, err);
	if (lock < 0)
		return -1;
	rc = take_in_disk(p, changed, err);
	close(lock);
	return rc;
}

int pcm_plan_hold(struct pcm_plan *p, struct pcm_error *err)
{
	struct pcm_stamp now = { NULL, NULL };
	struct stat a, b;
	char *owner, line[512];
	int fd = -1, tries;
	ssize_t r;

	if (!p->path || p->owner_fd >= 0)
		return 0;
	if (make_parent_dirs(p->path, err))
		return -1;
	owner = pcm_xasprintf("%s.wizard", p->path);
	for (tries = 0; tries < 10; tries++) {
		fd = open(owner, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0) {
			pcm_error_set(err, _("%s: %s"), owner, strerror(errno));
			break;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			char pid[32] = "?", user[256] = "?", since[64] = "?";
			r = errno == EWOULDBLOCK ? read(fd, line, sizeof line - 1) : -1;
			line[r > 0 ? r : 0] = 0;
			sscanf(line, "%31[^\t]\t%255[^\t]\t%63[^\t\n]", pid, user, since);
			pcm_error_set(err, _("the plan %s is open in another pcmigrate wizard (pid %s, user %s, "
			                     "since %s); quit that one first, or work on another plan with "
			                     "--plan FILE"), p->path, pid, user, since);
			close(fd);
			fd = -1;
			break;
		}
		/* the holder removes the file when it quits: a file already
		 * removed is not the lock any more, open it again */
		if (fstat(fd, &a) == 0 && stat(owner, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev) {
			pcm_stamp_now(&now);
			snprintf(line, sizeof line, "%ld\t%s\t%s\n", (long)getpid(), now.by, now.at);
			pcm_stamp_free(&now);
			if (ftruncate(fd, 0) != 0 || write(fd, line, strlen(line)) < 0) {
				/* the lock holds without the note */
			}
			p->owner_fd = fd;
			p->owner_path = owner;
			return 0;
		}
		close(fd);
		fd = -1;
	}
	if (!err->set)
		pcm_error_set(err, _("%s: cannot take the plan's lock"), owner);
	free(owner);
	return -1;
}

void pcm_plan_release(struct pcm_plan *p)
{
	if (p->owner_fd < 0)
		return;
	unlink(p->owner_path);
	close(p->owner_fd);
	p->owner_fd = -1;
	free(p->owner_path);
	p->owner_path = NULL;
}

/* ---- the source the plan belongs to ---- */

/* The plan names the server and database, and in names the same ones
 * (case-insensitive, as SQL Server compares them by default). */
static bool same_database(const struct pcm_plan *p, const struct pcm_source_info *in)
{
	return p->source_server && p->source_database && in->server && in->database &&
	       strcasecmp(p->source_server, in->server) == 0 &&
	       strcasecmp(p->source_database, in->database) == 0;
}

bool pcm_plan_other_snapshot(const struct pcm_plan *p, const struct pcm_deployment *d)
{
	const struct pcm_source_info *in = &d->info;

	return p->source_kind && !strcmp(p->source_kind, "snapshot") &&
	       (!in->kind || !strcmp(in->kind, "snapshot")) && p->source_sha256[0] && in->sha256[0] &&
	       strcmp(p->source_sha256, in->sha256) != 0;
}

int pcm_plan_matches(const struct pcm_plan *p, const struct pcm_deployment *d, struct pcm_error *err)
{
	const struct pcm_source_info *in = &d->info;
	const char *kind = in->kind ? in->kind : "snapshot";

	if (!p->source_kind)
		return 0;       /* bound to nothing yet */
	/* a snapshot of the database the plan was made on line, or the
	 * database on line after a plan made from its snapshot: the same
	 * data, so it fits (the worklist check: pcmigrate(1), CHANGING THE
	 * LEGACY DEPLOYMENT) */
	if (strcmp(p->source_kind, kind) != 0 && !same_database(p, in)) {
		pcm_error_set(err, _("the plan %s belongs to a %s source (%s), not to the %s source %s; "
		                     "give this source a plan of its own: --plan with another file, "
		                     "or no --plan for its default plan"),
		              p->path ? p->path : "", p->source_kind,
		              p->source_location ? p->source_location : "?", kind,
		              in->location ? in->location : "?");
		return -1;
	}
	if (!strcmp(kind, "snapshot")) {
		/* a new snapshot of the same database (taken after the Admin Tool
		 * worklist was worked through, say) fits: the decisions it now
		 * carries are simply done, the others still to do */
		if (pcm_plan_other_snapshot(p, d) && !same_database(p, in)) {
			pcm_error_set(err, _("the plan %s was made for the snapshot with SHA-256 %s "
			                     "(%llu bytes), but %s has SHA-256 %s (%llu bytes); give this "
			                     "snapshot a plan of its own: --plan with another file, or no "
			                     "--plan for its default plan"),
			              p->path ? p->path : "", p->source_sha256,
			              (unsigned long long)p->source_size,
			              in->location ? in->location : "?", in->sha256,
			              (unsigned long long)in->size);
			return -1;
		}
		return 0;
	}
	if ((p->source_server && in->server && strcasecmp(p->source_server, in->server) != 0) ||
	    (p->source_database && in->database && strcasecmp(p->source_database, in->database) != 0)) {
		pcm_error_set(err, _("the plan %s was made for database %s on %s, not %s on %s; give "
		                     "this database a plan of its own: --plan with another file, or no "
		                     "--plan for its default plan"),
		              p->path ? p->path : "", p->source_database ? p->source_database : "?",
		              p->source_server ? p->source_server : "?",
		              in->database ? in->database : "?", in->server ? in->server : "?");
		return -1;
	}
	return 0;
}
