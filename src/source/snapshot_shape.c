/* SPDX-License-Identifier: MIT */
/* Row shapes read from data/snapshot.rng, and the per-row check: see
 * snapshot_shape.h. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "base/i18n.h"
#include "source/snapshot_shape.h"
#include "base/util.h"

/* ---- value forms ---- */

/* What each named form must look like in the schema, so a changed
 * definition is noticed instead of checked the old way. */
struct form_def {
	const char *define;
	enum pcm_value_form form;
	const char *type;           /* <data type=...>, NULL for <choice> of values */
	const char *pattern;        /* its pattern param, if any */
};

static const struct form_def form_defs[] = {
	{ "text", PCM_FORM_TEXT, NULL, NULL },
	{ "bit", PCM_FORM_BIT, NULL, NULL },
	{ "smallint", PCM_FORM_SMALLINT, "short", NULL },
	{ "int", PCM_FORM_INT, "int", NULL },
	{ "bigint", PCM_FORM_BIGINT, "long", NULL },
	{ "guid", PCM_FORM_GUID, "string",
	  "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}" },
	{ "datetime", PCM_FORM_DATETIME, "string",
	  "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,7})?" },
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* xsd integer types: whitespace collapsed, optional sign, digits, range. */
static bool is_integer(const char *v, int64_t min, int64_t max)
{
	bool neg = false;
	uint64_t n = 0, limit;

	while (is_space(*v))
		v++;
	if (*v == '+' || *v == '-')
		neg = *v++ == '-';
	if (!is_digit(*v))
		return false;
	limit = neg ? (uint64_t)-(min + 1) + 1 : (uint64_t)max;
	for (; is_digit(*v); v++) {
		if (n > (limit - (uint64_t)(*v - '0')) / 10)
			return false;
		n = n * 10 + (uint64_t)(*v - '0');
	}
	while (is_space(*v))
		v++;
	return *v == '\0';
}

/* A <value> is a token: compared after collapsing whitespace. */
static bool is_bit(const char *v)
{
	static const char *const values[] = { "0", "1", "true", "false" };
	size_t len, i;

	while (is_space(*v))
		v++;
	for (len = strlen(v); len && is_space(v[len - 1]); len--)
		;
	for (i = 0; i < 4; i++)
		if (strlen(values[i]) == len && !strncmp(v, values[i], len))
			return true;
	return false;
}

static bool is_guid(const char *v)
{
	size_t i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (v[i] != '-')
				return false;
		} else if (pcm_hexval((unsigned char)v[i]) < 0) {
			return false;
		}
	}
	return v[36] == '\0';
}

static bool is_datetime(const char *v)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i, frac = 0;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !is_digit(v[i]) : v[i] != shape[i])
			return false;
	v += i;
	if (*v == '\0')
		return true;
	if (*v++ != '.')
		return false;
	while (is_digit(*v) && frac < 8)
		v++, frac++;
	return *v == '\0' && frac >= 1 && frac <= 7;
}

bool pcm_value_has_form(const char *v, enum pcm_value_form form)
{
	switch (form) {
	case PCM_FORM_TEXT:
		return true;
	case PCM_FORM_BIT:
		return is_bit(v);
	case PCM_FORM_SMALLINT:
		return is_integer(v, INT16_MIN, INT16_MAX);
	case PCM_FORM_INT:
		return is_integer(v, INT32_MIN, INT32_MAX);
	case PCM_FORM_BIGINT:
		return is_integer(v, INT64_MIN, INT64_MAX);
	case PCM_FORM_GUID:
		return is_guid(v);
	case PCM_FORM_DATETIME:
		return is_datetime(v);
	}
	return false;
}

static void bad_value(const struct pcm_row *row, const struct pcm_shape_column *c,
                      const char *v, struct pcm_error *err)
{
	const char *what = "";

	switch (c->form) {
	case PCM_FORM_TEXT:
		what = "text";
		break;
	case PCM_FORM_BIT:
		what = _("a bit (0 or 1)");
		break;
	case PCM_FORM_SMALLINT:
		what = _("an integer in range -32768..32767");
		break;
	case PCM_FORM_INT:
		what = _("an integer in range -2147483648..2147483647");
		break;
	case PCM_FORM_BIGINT:
		what = _("an integer in range -9223372036854775808..9223372036854775807");
		break;
	case PCM_FORM_GUID:
		what = _("a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
		break;
	case PCM_FORM_DATETIME:
		what = _("a date and time (YYYY-MM-DDThh:mm:ss, up to 7 decimals)");
		break;
	}
	pcm_error_set(err, _("%s: %s %s=\"%s\" is not %s"), row->where, row->table, c->name, v, what);
}

/* ---- the schema ---- */

static bool named(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The first element child, skipping comments and whitespace. */
static xmlNodePtr first_child(xmlNodePtr n)
{
	for (n = n ? n->children : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return n;
}

static xmlNodePtr next_elem(xmlNodePtr n)
{
	for (n = n ? n->next : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return n;
}

/* An attribute of a schema element, as a malloc'd string or NULL. */
static char *prop(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

struct loader {
	const char *path;
	xmlNodePtr grammar;
	struct pcm_error *err;
};

static int refuse(struct loader *l, xmlNodePtr at, const char *what)
{
	pcm_error_set(l->err, _("%s:%ld: %s (the row checker reads the schema's row definitions "
	                        "and knows only their usual pattern)"),
	              l->path, at ? xmlGetLineNo(at) : 0L, what);
	return -1;
}

/* The <define name=...> of the grammar. */
static xmlNodePtr find_define(struct loader *l, const char *name)
{
	xmlNodePtr d;

	for (d = first_child(l->grammar); d; d = next_elem(d)) {
		char *n = named(d, "define") ? prop(d, "name") : NULL;
		bool hit = n && !strcmp(n, name);

		xmlFree(n);
		if (hit)
			return d;
	}
	return NULL;
}

/* Proves the named form is defined as this checker checks it. */
static int check_form(struct loader *l, const struct form_def *f, xmlNodePtr at)
{
	xmlNodePtr d = find_define(l, f->define), body = first_child(d);
	char *type = NULL, *pname = NULL, *pattern = NULL;
	bool ok;

	if (!d)
		return refuse(l, at, _("a row column refers to an undefined value form"));
	if (!f->type) {
		/* text: <text/>; bit: <choice> of the four values */
		ok = f->form == PCM_FORM_TEXT ? named(body, "text") && !next_elem(body)
		                              : named(body, "choice");
		if (ok && f->form == PCM_FORM_BIT) {
			xmlNodePtr v;
			size_t n = 0;

			for (v = first_child(body); v && ok; v = next_elem(v), n++) {
				xmlChar *t = xmlNodeGetContent(v);
				char *vtype = prop(v, "type");
				ok = named(v, "value") && !vtype && t && is_bit((const char *)t) &&
				     !strchr((const char *)t, ' ');
				xmlFree(vtype);
				xmlFree(t);
			}
			ok = ok && n == 4;
		}
		return ok ? 0 : refuse(l, d, _("a value form is not defined the way the checker checks it"));
	}
	ok = named(body, "data") && !next_elem(body);
	if (ok) {
		xmlNodePtr param = first_child(body);

		type = prop(body, "type");
		ok = type && !strcmp(type, f->type);
		if (ok && f->pattern) {
			pname = param ? prop(param, "name") : NULL;
			pattern = param ? (char *)xmlNodeGetContent(param) : NULL;
			ok = named(param, "param") && !next_elem(param) && pname &&
			     !strcmp(pname, "pattern") && pattern && !strcmp(pattern, f->pattern);
		} else if (ok) {
			ok = param == NULL;
		}
	}
	xmlFree(type);
	xmlFree(pname);
	xmlFree(pattern);
	return ok ? 0 : refuse(l, d, _("a value form is not defined the way the checker checks it"));
}

/* One <attribute name=...><ref name=FORM/></attribute> into a column. */
static int read_column(struct loader *l, xmlNodePtr a, bool required, struct pcm_shape_column *c)
{
	xmlNodePtr ref = first_child(a);
	char *name = prop(a, "name"), *form = ref ? prop(ref, "name") : NULL;
	size_t i;
	int rc = -1;

	if (!name || !named(ref, "ref") || !form || next_elem(ref)) {
		rc = refuse(l, a, _("a row column is not <attribute name=...><ref name=.../></attribute>"));
		goto out;
	}
	for (i = 0; i < sizeof form_defs / sizeof form_defs[0]; i++) {
		if (!strcmp(form, form_defs[i].define)) {
			if (check_form(l, &form_defs[i], a))
				goto out;
			c->name = pcm_xstrdup(name);
			c->form = form_defs[i].form;
			c->required = required;
			rc = 0;
			goto out;
		}
	}
	rc = refuse(l, a, _("a row column uses a value form the checker does not know"));
out:
	xmlFree(name);
	xmlFree(form);
	return rc;
}

/* Is n the open-columns pattern: zero or more attributes of any other name? */
static bool is_open_columns(xmlNodePtr n)
{
	xmlNodePtr a = first_child(n);

	return named(n, "zeroOrMore") && named(a, "attribute") && !next_elem(a) &&
	       named(first_child(a), "anyName");
}

/* One row element: its columns from an <interleave> (or a plain list). */
static int read_table(struct loader *l, xmlNodePtr el, struct pcm_shape_table *t)
{
	xmlNodePtr body = first_child(el), n;
	char *name = prop(el, "name");

	if (!name)
		return refuse(l, el, _("a row element has no name"));
	t->name = pcm_xstrdup(name);
	xmlFree(name);
	if (named(body, "interleave") || named(body, "group")) {
		xmlNodePtr rest = next_elem(body);

		if (rest && (!named(rest, "empty") || next_elem(rest)))
			return refuse(l, rest, _("a row element holds more than columns"));
		body = first_child(body);
	}
	for (n = body; n; n = next_elem(n)) {
		struct pcm_shape_column c;
		bool required = named(n, "attribute");

		if (named(n, "empty") && !next_elem(n))
			break;
		if (is_open_columns(n))
			continue;
		if (!required && !(named(n, "optional") && named(first_child(n), "attribute") &&
		                   !next_elem(first_child(n))))
			return refuse(l, n, _("a row element holds more than columns"));
		if (read_column(l, required ? n : first_child(n), required, &c))
			return -1;
		t->cols = pcm_xrealloc(t->cols, (t->ncols + 1) * sizeof *t->cols);
		t->cols[t->ncols++] = c;
		t->nrequired += required;
	}
	return 0;
}

struct pcm_shapes *pcm_shapes_load(const char *path, struct pcm_error *err)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	struct pcm_shapes *s = pcm_xcalloc(1, sizeof *s);
	struct loader l = { .path = path, .err = err };
	xmlNodePtr d;

	if (!doc) {
		pcm_error_set(err, _("%s: cannot read the snapshot schema (is PCMIGRATE_DATADIR right?)"), path);
		free(s);
		return NULL;
	}
	l.grammar = xmlDocGetRootElement(doc);
	for (d = first_child(l.grammar); d; d = next_elem(d)) {
		xmlNodePtr el = first_child(d);

		if (!named(d, "define") || !named(el, "element"))
			continue;
		s->tables = pcm_xrealloc(s->tables, (s->ntables + 1) * sizeof *s->tables);
		memset(&s->tables[s->ntables], 0, sizeof s->tables[0]);
		if (read_table(&l, el, &s->tables[s->ntables++])) {
			xmlFreeDoc(doc);
			pcm_shapes_free(s);
			return NULL;
		}
	}
	xmlFreeDoc(doc);
	if (!s->ntables) {
		pcm_error_set(err, _("%s: the snapshot schema defines no row element"), path);
		pcm_shapes_free(s);
		return NULL;
	}
	return s;
}

void pcm_shapes_free(struct pcm_shapes *s)
{
	size_t i, j;

	if (!s)
		return;
	for (i = 0; i < s->ntables; i++) {
		for (j = 0; j < s->tables[i].ncols; j++)
			free((char *)s->tables[i].cols[j].name);
		free(s->tables[i].cols);
		free((char *)s->tables[i].name);
	}
	free(s->tables);
	free(s);
}

const struct pcm_shape_table *pcm_shapes_table(const struct pcm_shapes *s, const char *table)
{
	size_t i;

	for (i = 0; i < s->ntables; i++)
		if (!strcmp(s->tables[i].name, table))
			return &s->tables[i];
	return NULL;
}

const struct pcm_shape_column *pcm_shape_column(const struct pcm_shape_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].name, name))
			return &t->cols[i];
	return NULL;
}

int pcm_shape_check_row(const struct pcm_shape_table *t, const struct pcm_row *row,
                        const struct pcm_shape_column *const *cols, struct pcm_error *err)
{
	size_t i, required = 0;

	for (i = 0; i < row->ncols; i++) {
		const struct pcm_shape_column *c = cols[i];

		if (!c)
			continue;
		if (!pcm_value_has_form(row->values[i], c->form)) {
			bad_value(row, c, row->values[i], err);
			return -1;
		}
		required += c->required;
	}
	if (required == t->nrequired)
		return 0;
	/* say which one is missing */
	for (i = 0; i < t->ncols; i++) {
		size_t j;

		if (!t->cols[i].required)
			continue;
		for (j = 0; j < row->ncols && strcmp(row->names[j], t->cols[i].name); j++)
			;
		if (j == row->ncols) {
			pcm_error_set(err, _("%s: %s row has no %s (a required column)"), row->where,
			              row->table, t->cols[i].name);
			return -1;
		}
	}
	return 0;
}
