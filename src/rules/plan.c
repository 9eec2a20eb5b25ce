/* SPDX-License-Identifier: MIT */
/* The plan file: XML (data/plan.rng), validated on load, written whole
 * or not at all (atomic.h) after every change. Only this file reads or
 * writes it. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
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

int pcm_plan_save(const struct pcm_plan *p, struct pcm_error *err)
{
	xmlBufferPtr buf;
	struct pcm_atomic a;

	if (!p->path) {
		pcm_error_set(err, _("the plan has no file to be saved to"));
		return -1;
	}
	buf = plan_xml(p, err);
	if (!buf)
		return -1;
	if (!loads_again(buf, p->path, err) || make_parent_dirs(p->path, err) ||
	    pcm_atomic_open(&a, p->path, 0, err)) {
		xmlBufferFree(buf);
		return -1;
	}
	fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), a.fp);
	xmlBufferFree(buf);
	return pcm_atomic_commit(&a, err);
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

int pcm_plan_load(struct pcm_plan *p, const char *path, struct pcm_error *err)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	struct stat sb;
	int rc;

	free(p->path);
	p->path = pcm_xstrdup(path);
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return 0;       /* a new plan */
		pcm_error_set(err, _("%s: %s"), path, strerror(errno));
		return -1;
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		pcm_error_set(err, _("%s: out of memory"), path);
		return -1;
	}
	doc = xmlCtxtReadFile(ctxt, path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		xmlErrorPtr e = xmlCtxtGetLastError(ctxt);
		char msg[512];
		one_line(msg, sizeof msg, e && e->message ? e->message : "?");
		pcm_error_set(err, _("%s:%d: not a pcmigrate plan: %s"), path, e ? e->line : 0, msg);
		xmlFreeParserCtxt(ctxt);
		return -1;
	}
	rc = validate(doc, path, err);
	if (rc == 0)
		rc = decode_plan(xmlDocGetRootElement(doc), path, err);
	if (rc == 0)
		rc = read_plan(p, xmlDocGetRootElement(doc), path, err);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
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
		                     "to use its decisions here on purpose, run `pcmigrate plan --rebase`"),
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
			                     "(%llu bytes), but %s has SHA-256 %s (%llu bytes); to keep its "
			                     "decisions for this snapshot on purpose, run "
			                     "`pcmigrate plan --rebase`"),
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
		pcm_error_set(err, _("the plan %s was made for database %s on %s, not %s on %s; to use "
		                     "its decisions here on purpose, run `pcmigrate plan --rebase`"),
		              p->path ? p->path : "", p->source_database ? p->source_database : "?",
		              p->source_server ? p->source_server : "?",
		              in->database ? in->database : "?", in->server ? in->server : "?");
		return -1;
	}
	return 0;
}
