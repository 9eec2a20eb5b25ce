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
 *   --move-link ROOM            ROOM's first file link names another file
 *   --link-host ROOM            ROOM's file links name another host
 *   --rename-category NAME=NEW  the category is created as NEW
 *   --type ROOM=TYPE            ROOM is Normal or Auditorium
 *   --no-addin ROOM             ROOM gets no add-in
 *   --extra-role ROOM=URI       URI is also a manager of ROOM
 *   --room-desc ROOM=TEXT       ROOM's description is TEXT
 *   --category-desc NAME=TEXT   the category's description is TEXT
 *   --drop-creator NAME=URI     URI is not a creator of the category
 *   --drop-scope NAME=URI       URI is not among the category's AllowedMembers
 *   --extra-scope NAME=URI      URI is among the category's AllowedMembers too
 *   --deny NAME=URI             URI is among the category's DeniedMembers
 * Every principal gets its tblPrincipal row (a disabled or federated one
 * too, holding no role unless a break gives it one); descriptions are
 * carried, topics not (the 2013 tblNode has no topic column).
 */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nettle/base64.h>
#include <libxml/xmlreader.h>
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

static char *b64_decode(const char *v)
{
	struct base64_decode_ctx ctx;
	size_t len = strlen(v), outlen = BASE64_DECODE_LENGTH(len) + 1;
	char *out = pcm_xmalloc(outlen);

	base64_decode_init(&ctx);
	if (!base64_decode_update(&ctx, &outlen, (uint8_t *)out, len, v) ||
	    !base64_decode_final(&ctx))
		die("bad base64");
	out[outlen] = 0;
	return out;
}

/* Attribute NAME of the reader's element, or NAMEBase64 decoded. Caller
 * frees. */
static char *attr(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, BAD_CAST name);
	char *out;

	if (v) {
		out = pcm_xstrdup((const char *)v);
		xmlFree(v);
		return out;
	}
	char *b64name = pcm_xasprintf("%sBase64", name);
	v = xmlTextReaderGetAttribute(r, BAD_CAST b64name);
	free(b64name);
	if (!v)
		return NULL;
	out = b64_decode((const char *)v);
	xmlFree(v);
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

/* What the document said so far: principals (id, URI, not carried) and
 * add-ins (name, siopId), both before the categories. */
struct prin {
	int id;
	char *uri;
	bool dropped;
};
struct addin {
	char *name, *siop;
};
struct cat {
	char *name;
	int id;
};
static PCM_VEC(struct prin) prins;
static PCM_VEC(struct addin) addins;
static PCM_VEC(struct cat) cats;

static const struct prin *prin_of(int id)
{
	for (size_t i = 0; i < prins.n; i++)
		if (prins.v[i].id == id)
			return &prins.v[i];
	return NULL;
}

static const struct prin *prin_by_uri(const char *uri)
{
	for (size_t i = 0; uri && i < prins.n; i++)
		if (prins.v[i].uri && !strcmp(prins.v[i].uri, uri))
			return &prins.v[i];
	return NULL;
}

/* Is there a break KIND NAME=URI naming this principal? */
static bool break_names(const char *kind, const char *name, const struct prin *p)
{
	for (size_t i = 0; p && name && i < nbreaks; i++)
		if (!strcmp(breaks[i].kind, kind) && !strcmp(breaks[i].a, name) && breaks[i].b &&
		    !strcmp(breaks[i].b, p->uri))
			return true;
	return false;
}

static void principal(xmlTextReaderPtr r)
{
	char *id = attr(r, "id"), *uri = attr(r, "uri"), *ad = attr(r, "adPath");
	char *kind = attr(r, "kind"), *disabled = attr(r, "disabled");
	struct prin *p = PCM_VEC_PUSH(prins);

	p->id = id ? atoi(id) : 0;
	p->uri = uri;
	p->dropped = (disabled && !strcmp(disabled, "true")) || (kind && !strncmp(kind, "federated", 9));
	{
		char prin[16];
		const char *type = kind && !strcmp(kind, "group") ? "9" : "5";
		snprintf(prin, sizeof prin, "%d", 1000 + p->id);
		const char *names[] = { "prinID", "prinUri", "prinADPath", "prinDisabled", "prinTypeID" };
		const char *values[] = { prin, uri, ad, "0", type };
		row("tblPrincipal", 5, names, values);
	}
	free(id);
	free(ad);
	free(kind);
	free(disabled);
}

static void addin(xmlTextReaderPtr r)
{
	char *name = attr(r, "name"), *url = attr(r, "url"), *siop = attr(r, "siopId");
	const char *names[] = { "siopID", "siopName", "siopUrl" };

	if (!siop)
		siop = pcm_xstrdup("6f1c0e57-0000-4000-8000-0000000000ff");
	const char *values[] = { siop, name, url };
	row("tblSiopWhiteList", 3, names, values);
	*PCM_VEC_PUSH(addins) = (struct addin){ name, siop };
	free(url);
}

static const char *addin_siop(const char *name)
{
	for (size_t i = 0; name && i < addins.n; i++)
		if (!strcmp(addins.v[i].name, name))
			return addins.v[i].siop;
	return NULL;
}

static void node_row(int id, int parent, bool category, const char *name, const char *desc,
                     const char *invite, const char *behavior, const char *visibility,
                     const char *siop)
{
	char sid[16], spar[16];
	snprintf(sid, sizeof sid, "%d", id);
	snprintf(spar, sizeof spar, "%d", parent);
	const char *names[] = { "nodeID", "parentID", "nodeType", "nodeName", "nodeDesc", "invite",
	                        "disabled", "behavior", "visibility", "siopID" };
	const char *values[] = { sid, spar, category ? "1" : "0", name, desc ? desc : "", invite, "0",
	                         behavior, visibility, siop };
	row("tblNode", 10, names, values);
}

static bool link_moved;  /* --move-link: done for this room */

/* The room being read. Its messages stream out as they come, unless a
 * break needs them all first (the earliest or the latest one). */
struct msg {
	long long ticks;
	int user;
	bool alert;
	char *text;
};
static struct {
	char *name;
	int id;
	bool dropped, hold;
	long long chat, last_ticks;
	int last_user;
	PCM_VEC(struct msg) held;
} room;

/* A node row waits for its <description>, which follows its element. */
static struct {
	bool active, category;
	int id, parent;
	char *name, *desc, *invite, *behavior, *visibility, *siop;
} pending;

static void pend(int id, int parent, bool category, const char *name, const char *invite,
                 const char *behavior, const char *visibility, const char *siop)
{
	pending.active = true;
	pending.category = category;
	pending.id = id;
	pending.parent = parent;
	pending.name = pcm_xstrdup(name);
	pending.desc = NULL;
	pending.invite = invite ? pcm_xstrdup(invite) : NULL;
	pending.behavior = pcm_xstrdup(behavior);
	pending.visibility = pcm_xstrdup(visibility);
	pending.siop = siop ? pcm_xstrdup(siop) : NULL;
}

static void flush_pending(void)
{
	const struct brk *b;

	if (!pending.active)
		return;
	b = pending.category ? find_break("--category-desc", cats.n ? cats.v[cats.n - 1].name : NULL)
	                     : find_break("--room-desc", room.name);
	if (b && b->b) {
		free(pending.desc);
		pending.desc = pcm_xstrdup(b->b);
	}
	node_row(pending.id, pending.parent, pending.category, pending.name, pending.desc,
	         pending.invite, pending.behavior, pending.visibility, pending.siop);
	free(pending.name);
	free(pending.desc);
	free(pending.invite);
	free(pending.behavior);
	free(pending.visibility);
	free(pending.siop);
	memset(&pending, 0, sizeof pending);
}

static void scope_row(int node, int legacy_prin, bool denied)
{
	char n[16], p[16];
	snprintf(n, sizeof n, "%d", node);
	snprintf(p, sizeof p, "%d", 1000 + legacy_prin);
	const char *names[] = { "scopeNodeID", "scopePrinID", "scopeIsDenied", "scopeUpdatedBy" };
	const char *values[] = { n, p, denied ? "1" : "0", "1" };
	row("tblScopePrincipal", 4, names, values);
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

static void chat_row(int node, long long chat, long long ticks, int user, bool alert,
                     const char *content)
{
	char n[16], c[24], t[24], u[16];
	snprintf(n, sizeof n, "%d", node);
	snprintf(c, sizeof c, "%lld", chat);
	snprintf(t, sizeof t, "%lld", ticks);
	snprintf(u, sizeof u, "%d", 1000 + user);
	const char *names[] = { "channelId", "chatId", "chatDate", "userId", "isAlert", "content" };
	const char *values[] = { n, c, t, u, alert ? "1" : "0", content };
	row("tblChat", 6, names, values);
}


static void room_begin(xmlTextReaderPtr r, int cat_id)
{
	char *type = attr(r, "type"), *priv = attr(r, "privacy");
	char *rinv = attr(r, "invitations"), *addin_name = attr(r, "addin");
	const struct brk *ren, *pv, *ty;
	const char *siop;

	room.name = attr(r, "name");
	room.id = next_node++;
	link_moved = false;
	room.chat = room.last_ticks = 0;
	room.dropped = find_break("--drop-room", room.name) != NULL;
	room.hold = find_break("--drop-first-message", room.name) ||
	            find_break("--shift-last-message", room.name);
	ren = find_break("--rename-room", room.name);
	pv = find_break("--privacy", room.name);
	ty = find_break("--type", room.name);
	siop = find_break("--no-addin", room.name) ? NULL : addin_siop(addin_name);
	if (pv) {
		free(priv);
		priv = pcm_xstrdup(pv->b);
	}
	if (ty) {
		free(type);
		type = pcm_xstrdup(ty->b);
	}
	if (!room.dropped)
		pend(room.id, cat_id, false, ren ? ren->b : room.name,
		     rinv && !strcmp(rinv, "False") ? "0" : NULL,
		     type && !strcmp(type, "Auditorium") ? "5" : "4",
		     !priv || !strcmp(priv, "Closed") ? "3" : !strcmp(priv, "Open") ? "6" : "2", siop);
	free(type);
	free(priv);
	free(rinv);
	free(addin_name);
}

static void room_role(xmlTextReaderPtr r, int type_id)
{
	char *ref = attr(r, "ref");
	const struct prin *p = prin_of(ref ? atoi(ref) : -1);
	bool lost = false;

	for (size_t i = 0; p && i < nbreaks; i++)
		if (!strcmp(breaks[i].kind, "--drop-role") && !strcmp(breaks[i].a, room.name) &&
		    breaks[i].b && !strcmp(breaks[i].b, p->uri))
			lost = true;
	if (!room.dropped && p && !p->dropped && !lost)
		role_row(room.id, p->id, type_id);
	free(ref);
}

static void emit(long long ticks, int user, bool alert, char *text)
{
	if (find_break("--strip-links", room.name))
		for (char *k = text; (k = strstr(k, "ma-filelink:")) != NULL;)
			memcpy(k, "ma-filegone:", 12);
	if (find_break("--link-host", room.name))       /* ma-filelink://HOST/: HOST -> hhhh */
		for (char *k = text; (k = strstr(k, "ma-filelink://")) != NULL;)
			for (k += 14; *k && *k != '/' && *k != ' '; k++)
				*k = 'h';
	if (!link_moved && find_break("--move-link", room.name)) {
		/* one ASCII letter or digit of the first link's file name changes
		 * (a multibyte UTF-8 name keeps its bytes valid) */
		char *k = strstr(text, "ma-filelink:"), *slash = NULL, *q;
		for (q = k; q && *q && !strchr(" \t\r\n\"'<>", *q); q++)
			if (*q == '/')
				slash = q;
		for (q = slash ? slash + 1 : NULL; q && *q && !strchr(" \t\r\n\"'<>", *q); q++)
			if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')) {
				*q = *q == 'X' ? 'Y' : 'X';
				link_moved = true;
				break;
			}
	}
	chat_row(room.id, ++room.chat, ticks, user, alert, text);
	if (ticks > room.last_ticks)
		room.last_ticks = ticks;
	room.last_user = user;
}

static void room_message(xmlTextReaderPtr r)
{
	char *ticks = attr(r, "ticks"), *user = attr(r, "user"), *alert = attr(r, "alert");
	char *enc = attr(r, "encoding");
	xmlChar *raw = xmlTextReaderReadString(r);
	char *text = enc && !strcmp(enc, "base64") ? b64_decode(raw ? (const char *)raw : "")
	                                           : pcm_xstrdup(raw ? (const char *)raw : "");
	struct msg m = { ticks ? atoll(ticks) : 0, user ? atoi(user) : 0, alert != NULL, text };

	xmlFree(raw);
	free(ticks);
	free(user);
	free(alert);
	free(enc);
	if (room.dropped) {
		free(text);
	} else if (room.hold) {
		*PCM_VEC_PUSH(room.held) = m;
	} else {
		emit(m.ticks, m.user, m.alert, m.text);
		free(m.text);
	}
}

static void room_end(void)
{
	size_t first = SIZE_MAX, last = SIZE_MAX;

	for (size_t i = 0; i < room.held.n; i++) {
		if (first == SIZE_MAX || room.held.v[i].ticks < room.held.v[first].ticks)
			first = i;
		if (last == SIZE_MAX || room.held.v[i].ticks >= room.held.v[last].ticks)
			last = i;
	}
	for (size_t i = 0; i < room.held.n; i++) {
		struct msg *m = &room.held.v[i];
		if (i == first && find_break("--drop-first-message", room.name)) {
			free(m->text);
			continue;
		}
		if (i == last && find_break("--shift-last-message", room.name))
			m->ticks += 10000000LL;
		emit(m->ticks, m->user, m->alert, m->text);
		free(m->text);
	}
	room.held.n = 0;
	for (size_t i = 0; !room.dropped && i < nbreaks; i++) {
		const struct prin *p;
		if (strcmp(breaks[i].kind, "--extra-role") || strcmp(breaks[i].a, room.name))
			continue;
		if (!(p = prin_by_uri(breaks[i].b)))
			die("--extra-role names no principal of the deployment");
		role_row(room.id, p->id, ROLE_MANAGER);
	}
	if (!room.dropped && find_break("--extra-message", room.name))
		emit((room.last_ticks ? room.last_ticks : 634609728000000000LL) + 10000000LL,
		     room.last_user, false, "posted after the import");
	free(room.name);
	room.name = NULL;
}

static void category(xmlTextReaderPtr r, int *cat_id)
{
	char *cname = attr(r, "name"), *inv = attr(r, "invitations");
	const struct brk *cren = find_break("--rename-category", cname);

	*cat_id = next_node++;
	pend(*cat_id, 1, true, cren ? cren->b : cname, inv && !strcmp(inv, "true") ? "1" : "0",
	     "4", "3", NULL);
	*PCM_VEC_PUSH(cats) = (struct cat){ cname, *cat_id };
	for (size_t i = 0; i < nbreaks; i++) {
		const struct prin *p;
		bool deny = !strcmp(breaks[i].kind, "--deny");
		if ((!deny && strcmp(breaks[i].kind, "--extra-scope")) || strcmp(breaks[i].a, cname))
			continue;
		if (!(p = prin_by_uri(breaks[i].b)))
			die("--extra-scope/--deny names no principal of the deployment");
		scope_row(*cat_id, p->id, deny);
	}
	free(inv);
}

/* <allowedMember ref=N/> and <creator ref=N/> of the category being read */
static void category_ref(xmlTextReaderPtr r, int cat_id, bool creator)
{
	char *ref = attr(r, "ref");
	const struct prin *p = prin_of(ref ? atoi(ref) : -1);
	const char *cname = cats.n ? cats.v[cats.n - 1].name : NULL;

	free(ref);
	if (!p || p->dropped)
		return;
	if (creator && !break_names("--drop-creator", cname, p))
		role_row(cat_id, p->id, ROLE_CREATOR);
	else if (!creator && !break_names("--drop-scope", cname, p))
		scope_row(cat_id, p->id, false);
}

/* <description> of the node waiting for it (flush_pending applies the
 * --room-desc and --category-desc breaks) */
static void description(xmlTextReaderPtr r)
{
	xmlChar *raw = xmlTextReaderReadString(r);

	if (pending.active && !pending.desc)
		pending.desc = pcm_xstrdup(raw ? (const char *)raw : "");
	xmlFree(raw);
}

/* Rooms made in the pool before the import: in the planned category of
 * that name, or in a category of their own. */
static void extra_rooms(void)
{
	for (size_t i = 0; i < nbreaks; i++) {
		if (strcmp(breaks[i].kind, "--extra-room") || !breaks[i].b)
			continue;
		int cat = 0, id;
		for (size_t k = 0; k < cats.n; k++)
			if (!strcmp(cats.v[k].name, breaks[i].a))
				cat = cats.v[k].id;
		if (!cat) {
			cat = next_node++;
			node_row(cat, 1, true, breaks[i].a, NULL, "1", "4", "3", NULL);
		}
		id = next_node++;
		node_row(id, cat, false, breaks[i].b, NULL, NULL, "4", "6", NULL);
		chat_row(id, 1, 635000000000000000LL, 0, false, "made before the import");
	}
}

static bool named(xmlTextReaderPtr r, const char *name)
{
	return !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

/* One pass over deployment.xml: each element becomes its rows at once. */
static void convert(xmlTextReaderPtr r)
{
	int rc, cat_id = 0;

	while ((rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		if (type == XML_READER_TYPE_END_ELEMENT) {
			if (named(r, "description") || named(r, "topic"))
				continue;
			flush_pending();
			if (named(r, "room"))
				room_end();
			continue;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (named(r, "description")) {
			description(r);
			continue;
		}
		if (named(r, "topic"))
			continue;
		flush_pending();
		if (named(r, "principal"))
			principal(r);
		else if (named(r, "addin"))
			addin(r);
		else if (named(r, "category"))
			category(r, &cat_id);
		else if (named(r, "room")) {
			room_begin(r, cat_id);
			if (xmlTextReaderIsEmptyElement(r)) {
				flush_pending();
				room_end();
			}
		} else if (!room.name && named(r, "allowedMember"))
			category_ref(r, cat_id, false);
		else if (!room.name && named(r, "creator"))
			category_ref(r, cat_id, true); else if (room.name && named(r, "manager"))
			room_role(r, ROLE_MANAGER);
		else if (room.name && named(r, "member"))
			room_role(r, ROLE_MEMBER);
		else if (room.name && named(r, "presenter"))
			room_role(r, ROLE_VOICED);
		else if (room.name && named(r, "message"))
			room_message(r);
	}
	if (rc < 0)
		die("cannot read the deployment");
	flush_pending();
	extra_rooms();
}

int main(int argc, char **argv)
{
	struct pcm_source_info info = { .server = "LOOPBACK", .database = "mgc",
	                                .taken_at = "2013-06-01T00:00:00Z" };
	xmlTextReaderPtr r;

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
	r = xmlReaderForFile(argv[1], NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	if (!r)
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
	node_row(1, 1, true, "Root", NULL, "0", "4", "3", NULL);
	convert(r);
	xmlFreeTextReader(r);
	if (pcm_snapshot_writer_commit(w, &err)) {
		w = NULL;
		die(argv[2]);
	}
	return 0;
}
