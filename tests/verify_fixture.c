/* SPDX-License-Identifier: MIT */
/* verify_fixture: the Lync Server 2013 Persistent Chat database a package
 * would give once imported, as a snapshot (the form target-snapshot.sql
 * writes), for the verify tests: the same file is read by
 * `pcmigrate verify --target snapshot:FILE` and loaded into the loopback
 * TDS server (--schema tests/tds-server/target-schema.sql --fixture FILE).
 *
 *   verify_fixture DEPLOYMENT.XML OUT.XML [BREAK]...
 *
 * It creates what deployment.xml says the import creates: one category
 * node under the root per <category>, one room node per <room> (type,
 * privacy, invitations, add-in as planned), its managers, members and
 * presenters (not the disabled or federated principals, which the import
 * does not carry), and every message with its date. New ids on purpose
 * (nodes from 100, principals at 1000 + the legacy id): verify must
 * match by names and URIs. Each BREAK makes one difference:
 *   --drop-room NAME            the room is not created
 *   --rename-room NAME=NEW      the room is created as NEW
 *   --drop-role ROOM=URI        URI holds no role in ROOM
 *   --drop-first-message ROOM   ROOM's earliest message is not imported
 *   --extra-message ROOM        one more message in ROOM, after its last
 *   --extra-room CATEGORY=NAME  a room made in the pool before the import
 *   --privacy ROOM=PRIVACY      ROOM gets Open, Closed or Secret
 *   --shift-last-message ROOM   ROOM's latest message one second later
 *   --strip-links ROOM          ROOM's file links lose their ma-filelink:
 *   --rename-category NAME=NEW  the category is created as NEW
 *   --type ROOM=TYPE            ROOM is Normal or Auditorium
 *   --no-addin ROOM             ROOM gets no add-in
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nettle/base64.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "base/util.h"
#include "source/snapshot_writer.h"

enum { ROLE_MEMBER = 1, ROLE_MANAGER = 2, ROLE_VOICED = 3, ROLE_CREATOR = 4 };

struct brk {
	const char *kind, *a, *b;
};

static struct brk breaks[64];
static size_t nbreaks;
static struct pcm_snapshot_writer *w;
static struct pcm_error err;
static int next_node = 100;

static void die(const char *what)
{
	fprintf(stderr, "verify_fixture: %s%s%s\n", what, err.text[0] ? ": " : "", err.text);
	pcm_snapshot_writer_abort(w);
	exit(2);
}

/* Attribute NAME, or NAMEBase64 decoded. Caller frees. */
static char *attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *out;

	if (v) {
		out = pcm_xstrdup((const char *)v);
		xmlFree(v);
		return out;
	}
	char *b64name = pcm_xasprintf("%sBase64", name);
	v = xmlGetProp(n, BAD_CAST b64name);
	free(b64name);
	if (!v)
		return NULL;
	struct base64_decode_ctx ctx;
	size_t len = strlen((const char *)v), outlen = BASE64_DECODE_LENGTH(len) + 1;
	out = pcm_xmalloc(outlen);
	base64_decode_init(&ctx);
	if (!base64_decode_update(&ctx, &outlen, (uint8_t *)out, len, (const char *)v) ||
	    !base64_decode_final(&ctx))
		die("bad base64");
	out[outlen] = 0;
	xmlFree(v);
	return out;
}

/* The text of a <message>, base64-decoded when it says so. */
static char *message_text(xmlNode *n)
{
	xmlChar *enc = xmlGetProp(n, BAD_CAST "encoding");
	xmlChar *text = xmlNodeGetContent(n);
	char *out;

	if (enc && !strcmp((const char *)enc, "base64")) {
		struct base64_decode_ctx ctx;
		size_t len = strlen((const char *)text), outlen = BASE64_DECODE_LENGTH(len) + 1;
		out = pcm_xmalloc(outlen);
		base64_decode_init(&ctx);
		if (!base64_decode_update(&ctx, &outlen, (uint8_t *)out, len, (const char *)text) ||
		    !base64_decode_final(&ctx))
			die("bad base64 message");
		out[outlen] = 0;
	} else {
		out = pcm_xstrdup(text ? (const char *)text : "");
	}
	xmlFree(enc);
	xmlFree(text);
	return out;
}

static void row(const char *table, size_t n, const char *const *names, const char *const *values)
{
	struct pcm_row r = { table, n, names, values, "verify_fixture" };

	if (pcm_snapshot_writer_row(w, &r, &err))
		die(table);
}

static const struct brk *find_break(const char *kind, const char *a)
{
	for (size_t i = 0; i < nbreaks; i++)
		if (!strcmp(breaks[i].kind, kind) && a && !strcmp(breaks[i].a, a))
			return &breaks[i];
	return NULL;
}

static bool is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNode *child(xmlNode *n, const char *name)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* Legacy principal ids the import does not carry (disabled, federated). */
static int dropped[4096];
static size_t ndropped;

static bool prin_dropped(int id)
{
	for (size_t i = 0; i < ndropped; i++)
		if (dropped[i] == id)
			return true;
	return false;
}

static char *uri_of(xmlNode *root, int id)
{
	for (xmlNode *p = child(child(root, "principals"), "principal"); p; p = p->next) {
		char *v = is(p, "principal") ? attr(p, "id") : NULL;
		bool hit = v && atoi(v) == id;
		free(v);
		if (hit)
			return attr(p, "uri");
	}
	return NULL;
}

static void principals(xmlNode *root)
{
	for (xmlNode *p = child(child(root, "principals"), "principal"); p; p = p->next) {
		if (!is(p, "principal"))
			continue;
		char *id = attr(p, "id"), *uri = attr(p, "uri"), *ad = attr(p, "adPath");
		char *kind = attr(p, "kind"), *disabled = attr(p, "disabled");
		if ((disabled && !strcmp(disabled, "true")) ||
		    (kind && !strncmp(kind, "federated", 9))) {
			if (ndropped < sizeof dropped / sizeof dropped[0])
				dropped[ndropped++] = atoi(id);
		} else {
			char prin[16];
			const char *type = kind && !strcmp(kind, "group") ? "9" : "5";
			snprintf(prin, sizeof prin, "%d", 1000 + atoi(id));
			const char *names[] = { "prinID", "prinUri", "prinADPath", "prinDisabled",
			                        "prinTypeID" };
			const char *values[] = { prin, uri, ad, "0", type };
			row("tblPrincipal", 5, names, values);
		}
		free(id);
		free(uri);
		free(ad);
		free(kind);
		free(disabled);
	}
}

static void addins(xmlNode *root)
{
	for (xmlNode *a = child(child(root, "addins"), "addin"); a; a = a->next) {
		if (!is(a, "addin"))
			continue;
		char *name = attr(a, "name"), *url = attr(a, "url"), *siop = attr(a, "siopId");
		const char *names[] = { "siopID", "siopName", "siopUrl" };
		const char *values[] = { siop ? siop : "6f1c0e57-0000-4000-8000-0000000000ff", name, url };
		row("tblSiopWhiteList", 3, names, values);
		free(name);
		free(url);
		free(siop);
	}
}

static char *addin_siop(xmlNode *root, const char *addin)
{
	for (xmlNode *a = child(child(root, "addins"), "addin"); a; a = a->next) {
		if (!is(a, "addin"))
			continue;
		char *name = attr(a, "name");
		bool hit = name && !strcmp(name, addin);
		free(name);
		if (hit) {
			char *siop = attr(a, "siopId");
			return siop ? siop : pcm_xstrdup("6f1c0e57-0000-4000-8000-0000000000ff");
		}
	}
	return NULL;
}

static void node_row(int id, int parent, bool category, const char *name, const char *invite,
                     const char *behavior, const char *visibility, const char *siop)
{
	char sid[16], spar[16];
	snprintf(sid, sizeof sid, "%d", id);
	snprintf(spar, sizeof spar, "%d", parent);
	const char *names[] = { "nodeID", "parentID", "nodeType", "nodeName", "nodeDesc", "invite",
	                        "disabled", "behavior", "visibility", "siopID" };
	const char *values[] = { sid, spar, category ? "1" : "0", name, "", invite, "0", behavior,
	                         visibility, siop };
	row("tblNode", 10, names, values);
}

static void role_row(int node, int legacy_prin, int type)
{
	char n[16], p[16], t[8];
	snprintf(n, sizeof n, "%d", node);
	snprintf(p, sizeof p, "%d", 1000 + legacy_prin);
	snprintf(t, sizeof t, "%d", type);
	const char *names[] = { "prinRoleNodeID", "prinRolePrinID", "prinRoleTypeID",
	                        "prinRoleUpdatedBy" };
	const char *values[] = { n, p, t, "1" };
	row("tblPrincipalRole", 4, names, values);
}

static void chat_row(int node, long long chat, const char *ticks, int user, bool alert,
                     const char *content)
{
	char n[16], c[24], u[16];
	snprintf(n, sizeof n, "%d", node);
	snprintf(c, sizeof c, "%lld", chat);
	snprintf(u, sizeof u, "%d", 1000 + user);
	const char *names[] = { "channelId", "chatId", "chatDate", "userId", "isAlert", "content" };
	const char *values[] = { n, c, ticks, u, alert ? "1" : "0", content };
	row("tblChat", 6, names, values);
}

/* Pass 1 writes the nodes and roles, pass 2 the messages; the room ids
 * come out the same in both. */
static struct {
	char *name;
	int id;
} cats[1024];
static size_t ncats;

static void rooms(xmlNode *root, int pass)
{
	int cat_id;

	next_node = 100;
	for (xmlNode *c = child(child(root, "categories"), "category"); c; c = c->next) {
		if (!is(c, "category"))
			continue;
		char *cname = attr(c, "name"), *inv = attr(c, "invitations");
		const struct brk *cren = find_break("--rename-category", cname);
		cat_id = next_node++;
		if (pass == 1 && ncats < sizeof cats / sizeof cats[0]) {
			cats[ncats].name = pcm_xstrdup(cname);
			cats[ncats++].id = cat_id;
		}
		if (pass == 1)
			node_row(cat_id, 1, true, cren ? cren->b : cname,
			         inv && !strcmp(inv, "true") ? "1" : "0", "4", "3", NULL);
		for (xmlNode *r = c->children; r; r = r->next) {
			if (!is(r, "room"))
				continue;
			char *name = attr(r, "name");
			const struct brk *drop = find_break("--drop-room", name);
			const struct brk *ren = find_break("--rename-room", name);
			int id = next_node++;
			if (drop) {
				free(name);
				continue;
			}
			if (pass == 1) {
				char *type = attr(r, "type"), *priv = attr(r, "privacy");
				char *rinv = attr(r, "invitations"), *addin = attr(r, "addin");
				char *siop = addin ? addin_siop(root, addin) : NULL;
				const struct brk *pv = find_break("--privacy", name);
				const struct brk *ty = find_break("--type", name);
				if (pv) {
					free(priv);
					priv = pcm_xstrdup(pv->b);
				}
				if (ty) {
					free(type);
					type = pcm_xstrdup(ty->b);
				}
				if (find_break("--no-addin", name)) {
					free(siop);
					siop = NULL;
				}
				node_row(id, cat_id, false, ren ? ren->b : name,
				         rinv && !strcmp(rinv, "False") ? "0" : NULL,
				         type && !strcmp(type, "Auditorium") ? "5" : "4",
				         !priv || !strcmp(priv, "Closed") ? "3" :
				         !strcmp(priv, "Open") ? "6" : "2", siop);
				free(type);
				free(priv);
				free(rinv);
				free(addin);
				free(siop);
				for (xmlNode *x = r->children; x; x = x->next) {
					int type_id = is(x, "manager") ? ROLE_MANAGER : is(x, "member") ?
					              ROLE_MEMBER : is(x, "presenter") ? ROLE_VOICED : 0;
					if (!type_id)
						continue;
					char *ref = attr(x, "ref");
					int prin = atoi(ref);
					char *uri = uri_of(root, prin);
					bool lost = false;
					for (size_t i = 0; i < nbreaks; i++)
						if (!strcmp(breaks[i].kind, "--drop-role") &&
						    !strcmp(breaks[i].a, name) && uri && !strcmp(breaks[i].b, uri))
							lost = true;
					if (!prin_dropped(prin) && !lost)
						role_row(id, prin, type_id);
					free(ref);
					free(uri);
				}
			} else {
				long long chat = 0;
				char last[32] = "";
				int last_user = 0;
				xmlNode *first = NULL;
				if (find_break("--drop-first-message", name)) {
					long long best = 0;
					for (xmlNode *m = r->children; m; m = m->next) {
						char *t = is(m, "message") ? attr(m, "ticks") : NULL;
						if (t && (!first || atoll(t) < best)) {
							first = m;
							best = atoll(t);
						}
						free(t);
					}
				}
				long long latest = 0;
				for (xmlNode *m = r->children; m; m = m->next) {
					char *t = is(m, "message") ? attr(m, "ticks") : NULL;
					if (t && atoll(t) > latest)
						latest = atoll(t);
					free(t);
				}
				for (xmlNode *m = r->children; m; m = m->next) {
					if (!is(m, "message") || m == first)
						continue;
					char *ticks = attr(m, "ticks"), *user = attr(m, "user");
					char *alert = attr(m, "alert"), *text = message_text(m);
					if (find_break("--shift-last-message", name) && atoll(ticks) == latest) {
						free(ticks);
						ticks = pcm_xasprintf("%lld", latest + 10000000LL);
					}
					for (char *k = text; find_break("--strip-links", name) &&
					     (k = strstr(k, "ma-filelink:")) != NULL;)
						memcpy(k, "ma-filegone:", 12);
					chat_row(id, ++chat, ticks, atoi(user), alert != NULL, text);
					if (!last[0] || atoll(ticks) > atoll(last))
						snprintf(last, sizeof last, "%s", ticks);
					last_user = atoi(user);
					free(ticks);
					free(user);
					free(alert);
					free(text);
				}
				if (find_break("--extra-message", name)) {
					char t[32];
					snprintf(t, sizeof t, "%lld", (last[0] ? atoll(last) : 634609728000000000LL) +
					                              10000000LL);
					chat_row(id, ++chat, t, last_user, false, "posted after the import");
				}
			}
			free(name);
		}
		free(cname);
		free(inv);
	}
	/* rooms made in the pool before the import, in the planned category
	 * of that name, or in a category of their own */
	for (size_t i = 0; i < nbreaks; i++) {
		if (strcmp(breaks[i].kind, "--extra-room"))
			continue;
		int cat = 0, id;
		for (size_t k = 0; k < ncats; k++)
			if (!strcmp(cats[k].name, breaks[i].a))
				cat = cats[k].id;
		if (!cat) {
			cat = next_node++;
			if (pass == 1)
				node_row(cat, 1, true, breaks[i].a, "1", "4", "3", NULL);
		}
		id = next_node++;
		if (pass == 1) {
			node_row(id, cat, false, breaks[i].b, NULL, "4", "6", NULL);
		} else {
			chat_row(id, 1, "635000000000000000", 0, false, "made before the import");
		}
	}
}

int main(int argc, char **argv)
{
	struct pcm_source_info info = { .server = "LOOPBACK", .database = "mgc",
	                                .taken_at = "2013-06-01T00:00:00Z" };
	xmlDoc *doc;
	xmlNode *root;

	if (argc < 3) {
		fputs("usage: verify_fixture DEPLOYMENT.XML OUT.XML [BREAK]...\n", stderr);
		return 2;
	}
	for (int i = 3; i + 1 < argc && nbreaks < 64; i += 2) {
		char *eq = strchr(argv[i + 1], '=');
		breaks[nbreaks].kind = argv[i];
		breaks[nbreaks].a = argv[i + 1];
		if (eq) {
			*eq = 0;
			breaks[nbreaks].b = eq + 1;
		}
		nbreaks++;
	}
	doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	if (!doc || !(root = xmlDocGetRootElement(doc)))
		die("cannot read the deployment");
	w = pcm_snapshot_writer_open(argv[2], &info, &err);
	if (!w)
		die(argv[2]);
	{
		static const char *const names[] = { "rtypeID", "rtypeDesc" };
		static const char *const types[][2] = { { "1", "Member" }, { "2", "Manager" },
		                                        { "3", "Voiced" }, { "4", "Creator" } };
		for (size_t i = 0; i < 4; i++)
			row("tblRoleType", 2, names, types[i]);
	}
	principals(root);
	node_row(1, 1, true, "Root", "0", "4", "3", NULL);
	rooms(root, 1);
	addins(root);
	rooms(root, 2);
	if (pcm_snapshot_writer_commit(w, &err)) {
		w = NULL;
		die(argv[2]);
	}
	xmlFreeDoc(doc);
	return 0;
}
