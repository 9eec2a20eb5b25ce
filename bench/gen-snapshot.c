/* SPDX-License-Identifier: MIT */
/* gen-snapshot: writes a synthetic legacy Group Chat snapshot (the format
 * of shared/reference/snapshot-format.md) of any size, for benchmarks and
 * scale tests. Deterministic: the same options and seed give the same
 * bytes on every machine (integer arithmetic only, our own PRNG). It
 * streams: nothing grows with the number of messages, rooms or
 * principals; every per-object choice is a hash of (seed, object, field),
 * so any pass can recompute it instead of storing it. Only the category
 * parents and depths (bounded by --categories) are kept.
 *
 * Built by make, never installed. Not part of pcmigrate: no libxml2, plain
 * stdio with our own escaping. */
#include "config.h"
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TICKS_AT_EPOCH 621355968000000000ULL
#define TICKS_PER_SECOND 10000000ULL
#define MAX_DEPTH 8
#define ROOT_ID 1
#define FIRST_PRIN_ID 1000
#define DAY 86400ULL

/* 2008-01-01T00:00:00Z and 2013-01-31T14:00:00Z: the span of messages. */
#define T_FIRST 1199145600ULL
#define T_LAST 1359640800ULL

struct options {
	uint64_t rooms, categories, principals, messages, depth, seed, chain;
	const char *out;
};

static struct options opt = {
	.rooms = 1000, .categories = 100, .principals = 1000,
	.messages = 100000, .depth = 5, .seed = 1, .chain = 0, .out = NULL,
};

static FILE *out;
static const char *out_name = "standard output";
static char *tmp_name;          /* the temporary to remove on failure */

/* ---- randomness ---------------------------------------------------- */

/* splitmix64 finaliser: a good 64-bit mix of x. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

/* A stable random value for one field of one object: the same in every
 * pass, so nothing has to be remembered. */
static uint64_t hash3(uint64_t what, uint64_t id, uint64_t field)
{
	return mix64(mix64(mix64(opt.seed ^ 0x5EEDULL) ^ what) ^ (id * 0x100000001B3ULL) ^ field);
}

/* The sequential stream for message text. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state += 0x9E3779B97F4A7C15ULL;
	return mix64(rng_state);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* ---- output -------------------------------------------------------- */

/* Stops with a message naming the output when a write fails. */
static void write_failed(void)
{
	fprintf(stderr, "gen-snapshot: writing %s: %s\n", out_name, strerror(errno));
	if (tmp_name)
		unlink(tmp_name);
	exit(1);
}

static void put(const char *s)
{
	if (fputs(s, out) == EOF)
		write_failed();
}

static void put_n(const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, out) != n)
		write_failed();
}

/* Decimal without printf: the message loop writes tens of millions. */
static void put_u64(uint64_t v)
{
	char buf[24];
	char *p = buf + sizeof buf;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_n(p, (size_t)(buf + sizeof buf - p));
}

/* Writes s as XML attribute text: & < > " and the white space an
 * attribute would normalise (tab, newline, return) become references. */
static void put_escaped(const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *ent;
		switch (*s) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\n': ent = "&#xA;"; break;
		case '\r': ent = "&#xD;"; break;
		case '\t': ent = "&#x9;"; break;
		default: continue;
		}
		put_n(run, (size_t)(s - run));
		put(ent);
		run = s + 1;
	}
	put_n(run, (size_t)(s - run));
}

static void attr_s(const char *name, const char *value)
{
	put(" ");
	put(name);
	put("=\"");
	put_escaped(value);
	put("\"");
}

static void attr_u(const char *name, uint64_t value)
{
	put(" ");
	put(name);
	put("=\"");
	put_u64(value);
	put("\"");
}

/* A uniqueidentifier, upper-case hex with dashes, from two hashes. */
static void attr_guid(const char *name, uint64_t what, uint64_t id)
{
	char g[40];
	uint64_t a = hash3(what, id, 0x61), b = hash3(what, id, 0x62);

	snprintf(g, sizeof g, "%08" PRIX64 "-%04" PRIX64 "-%04" PRIX64 "-%04" PRIX64 "-%012" PRIX64,
	         a >> 32, (a >> 16) & 0xFFFF, (a & 0x0FFF) | 0x4000,
	         ((b >> 48) & 0x3FFF) | 0x8000, (uint64_t)(b & 0xFFFFFFFFFFFFu));
	attr_s(name, g);
}

/* ---- words --------------------------------------------------------- */

static const char *const en_words[] = {
	"the", "build", "server", "meeting", "customer", "release", "plan", "review",
	"today", "tomorrow", "please", "check", "update", "report", "team", "issue",
	"fixed", "deploy", "network", "budget", "forecast", "quote", "contract",
	"schedule", "test", "results", "migration", "backup", "weekly", "sales",
	"order", "line", "quality", "firmware", "invoice", "draft", "approved",
	"pending", "Seoul", "Busan", "Redmond", "Q3", "deadline", "call", "agenda",
	"minutes", "cutover", "rollback", "ticket", "escalation", "and", "for",
	"with", "on", "is", "we", "need", "can", "you", "I'll", "let's", "after",
};
static const char *const ko_words[] = {
	"회의", "일정", "확인", "부탁드립니다", "고객사", "견적", "계약", "검토",
	"오늘", "내일", "서버", "백업", "점검", "완료", "진행", "보고서", "공유",
	"수정", "요청", "승인", "생산", "품질", "불량", "출시", "제안서", "예산",
	"인력", "교육", "이관", "작업", "주간", "본부장님", "팀장님", "감사합니다",
	"네", "관련", "자료", "다음", "주", "금요일", "월요일", "부산", "서울",
};
static const char *const cat_words_en[] = {
	"Engineering", "Sales", "Marketing", "Operations", "Finance", "Platform",
	"Infrastructure", "Customer Programmes", "Regional Offices", "Product Line",
	"Quality", "Manufacturing", "Research", "Partners", "Projects", "Support",
	"Unified Communications", "Data Centre", "Working Group", "Task Force",
	"Asia Pacific", "Enterprise Accounts", "Public Sector", "Programme Office",
};
static const char *const cat_words_ko[] = {
	"영업본부", "기술연구소", "생산관리", "품질보증", "경영지원", "해외사업",
	"금융·공공", "기업고객", "전략기획", "구매팀", "인사총무", "정보시스템",
};
static const char *const room_words[] = {
	"Daily Standup", "Release", "Escalations", "Forecast", "Planning",
	"Design Review", "Alerts", "Announcements", "Support Bridge", "Lab",
	"Roadmap", "Hiring", "Budget", "War Room", "Rollout", "Vendor Sync",
	"주간 회의", "공지", "장애 대응", "프로젝트", "품질 회의", "현장",
};
static const char *const surnames[] = {
	"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
};
static const char *const given[] = {
	"Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Do-yoon", "Su-bin", "Hyun-woo",
	"Ji-min", "Ye-jun", "Seo-young", "Geon-woo", "Yu-jin",
};
static const char *const surnames_ko[] = { "김", "이", "박", "최", "정", "강", "조", "윤" };
static const char *const given_ko[] = { "민준", "서연", "지훈", "하은", "도윤", "수빈", "현우", "지민" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(a, h) ((a)[(h) % NELEM(a)])

/* Appends to a fixed buffer, truncating (never overflowing). */
struct sbuf {
	char *p;
	size_t n, cap;
};

static void sb_add(struct sbuf *b, const char *s)
{
	size_t k = strlen(s);
	if (b->n + k >= b->cap)
		k = b->cap - 1 - b->n;
	memcpy(b->p + b->n, s, k);
	b->n += k;
	b->p[b->n] = '\0';
}

static void sb_num(struct sbuf *b, uint64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%" PRIu64, v);
	sb_add(b, num);
}

/* ---- principals ---------------------------------------------------- */

enum pkind { P_USER, P_DISABLED_USER, P_FED_USER, P_GROUP, P_FED_GROUP };

/* The kind of principal i (0-based): a fixed pattern, so any pass knows it. */
static enum pkind prin_kind(uint64_t i)
{
	if (i % 20 == 0)
		return P_GROUP;
	if (i % 101 == 2)
		return P_FED_GROUP;
	if (i % 33 == 1)
		return P_FED_USER;
	if (i % 50 == 7)
		return P_DISABLED_USER;
	return P_USER;
}

static bool is_user(enum pkind k)
{
	return k == P_USER || k == P_DISABLED_USER || k == P_FED_USER;
}

/* A principal index of a user (any kind of user) near i. */
static uint64_t some_user(uint64_t h)
{
	uint64_t i = h % opt.principals;
	while (!is_user(prin_kind(i)))
		i = (i + 1) % opt.principals;
	return i;
}

/* A principal index of an enabled, non-federated user near i. */
static uint64_t some_local_user(uint64_t h)
{
	uint64_t i = h % opt.principals;
	while (prin_kind(i) != P_USER)
		i = (i + 1) % opt.principals;
	return i;
}

/* A group index near h (groups are every 20th principal). */
static uint64_t some_group(uint64_t h)
{
	uint64_t groups = (opt.principals + 19) / 20;
	return 20 * (h % groups);
}

/* A federated group index, or UINT64_MAX if there is none. */
static uint64_t some_fed_group(uint64_t h)
{
	uint64_t count = opt.principals > 2 ? (opt.principals - 3) / 101 + 1 : 0;
	for (uint64_t t = 0; t < count; t++) {
		uint64_t i = 101 * ((h + t) % count) + 2;
		if (prin_kind(i) == P_FED_GROUP)
			return i;
	}
	return UINT64_MAX;
}

static void write_principals(void)
{
	char buf[160];
	for (uint64_t i = 0; i < opt.principals; i++) {
		enum pkind k = prin_kind(i);
		uint64_t h = hash3('P', i, 1);
		put("  <tblPrincipal");
		attr_u("prinID", FIRST_PRIN_ID + i);
		attr_guid("prinGuid", 'P', i);
		switch (k) {
		case P_USER:
		case P_DISABLED_USER:
			snprintf(buf, sizeof buf, "sip:user%06" PRIu64 "@contoso.com", i);
			attr_s("prinUri", buf);
			if (h % 4 == 0)
				snprintf(buf, sizeof buf, "%s%s", PICK(surnames_ko, h >> 8),
				         PICK(given_ko, h >> 16));
			else
				snprintf(buf, sizeof buf, "%s %s", PICK(surnames, h >> 8),
				         PICK(given, h >> 16));
			attr_s("prinName", buf);
			attr_s("prinCompanyName", "Contoso Korea");
			snprintf(buf, sizeof buf, "user%06" PRIu64 "@contoso.com", i);
			attr_s("prinEmail", buf);
			snprintf(buf, sizeof buf, "CN=user%06" PRIu64 ",OU=Users,OU=Contoso Korea,DC=contoso,DC=com", i);
			attr_s("prinADPath", buf);
			snprintf(buf, sizeof buf, "user%06" PRIu64 "@contoso.com", i);
			attr_s("prinADUserPrincipalName", buf);
			attr_u("prinDisabled", k == P_DISABLED_USER);
			attr_u("prinTypeID", 5);
			break;
		case P_FED_USER:
			snprintf(buf, sizeof buf, "sip:partner%06" PRIu64 "@fabrikam.com", i);
			attr_s("prinUri", buf);
			snprintf(buf, sizeof buf, "Partner %06" PRIu64 " (Fabrikam)", i);
			attr_s("prinName", buf);
			attr_s("prinCompanyName", "Fabrikam, Inc.");
			attr_u("prinDisabled", 0);
			attr_u("prinTypeID", 7);
			break;
		case P_GROUP:
			snprintf(buf, sizeof buf, "ma-grp:contoso.com/SG-%05" PRIu64, i / 20);
			attr_s("prinUri", buf);
			snprintf(buf, sizeof buf, "Security group %05" PRIu64, i / 20);
			attr_s("prinName", buf);
			snprintf(buf, sizeof buf, "CN=SG-%05" PRIu64 ",OU=Groups,DC=contoso,DC=com", i / 20);
			attr_s("prinADPath", buf);
			attr_u("prinDisabled", 0);
			attr_u("prinTypeID", 9);
			break;
		case P_FED_GROUP:
			snprintf(buf, sizeof buf, "ma-grp:fabrikam.com/FG-%05" PRIu64, i);
			attr_s("prinUri", buf);
			attr_u("prinDisabled", 0);
			attr_u("prinTypeID", 11);
			break;
		}
		put("/>\n");
	}
}

/* Users belong to one or two groups; federated users to a federated group. */
static void write_affiliations(void)
{
	for (uint64_t i = 0; i < opt.principals; i++) {
		enum pkind k = prin_kind(i);
		uint64_t h = hash3('A', i, 1), g1, g2;
		if (k == P_USER || k == P_DISABLED_USER) {
			g1 = some_group(h);
			g2 = some_group(h >> 20);
			put("  <tblPrincipalAffiliations");
			attr_u("principalID", FIRST_PRIN_ID + i);
			attr_u("affiliationID", FIRST_PRIN_ID + g1);
			put("/>\n");
			if (i % 3 == 0 && g2 != g1) {
				put("  <tblPrincipalAffiliations");
				attr_u("principalID", FIRST_PRIN_ID + i);
				attr_u("affiliationID", FIRST_PRIN_ID + g2);
				put("/>\n");
			}
		} else if (k == P_FED_USER && (g1 = some_fed_group(h)) != UINT64_MAX) {
			put("  <tblPrincipalAffiliations");
			attr_u("principalID", FIRST_PRIN_ID + i);
			attr_u("affiliationID", FIRST_PRIN_ID + g1);
			put("/>\n");
		}
	}
}

/* ---- the tree ------------------------------------------------------ */

/* Category k (0-based) is nodeID k + 2; room r is nodeID ncat + 2 + r. */
static uint64_t ncat;
static uint32_t *cat_parent;    /* parent category index, UINT32_MAX = root */
static uint8_t *cat_depth;      /* 1 .. depth (capped at 255 in chain mode) */

static uint64_t cat_node_id(uint64_t k)
{
	return k + 2;
}

static uint64_t room_node_id(uint64_t r)
{
	return ncat + 2 + r;
}

/* Shapes the category tree: the first `depth` categories form a chain (so
 * the maximum depth is reached), the rest hang below random earlier
 * categories that still have room above the depth limit, some under the
 * root. In chain mode every category is the child of the previous one. */
static void build_tree(void)
{
	cat_parent = calloc(ncat ? ncat : 1, sizeof *cat_parent);
	cat_depth = calloc(ncat ? ncat : 1, sizeof *cat_depth);
	if (!cat_parent || !cat_depth) {
		fputs("gen-snapshot: out of memory\n", stderr);
		exit(1);
	}
	for (uint64_t k = 0; k < ncat; k++) {
		uint32_t p = UINT32_MAX;
		uint64_t h = hash3('C', k, 1);
		if (opt.chain || k < opt.depth) {
			p = k ? (uint32_t)(k - 1) : UINT32_MAX;
		} else if (h % 8 != 0) {
			p = (uint32_t)((h >> 8) % k);
			while (p != UINT32_MAX && cat_depth[p] >= opt.depth)
				p = cat_parent[p];
		}
		cat_parent[k] = p;
		unsigned d = p == UINT32_MAX ? 1 : cat_depth[p] + 1u;
		cat_depth[k] = (uint8_t)(d > 255 ? 255 : d);
	}
}

/* Rooms that share one name, differing in case, in categories at depth 1
 * (so their final names collide, R3): two in every 997. */
static bool room_collides(uint64_t r)
{
	return r % 997 < 2;
}

/* The category a room sits in, or UINT32_MAX for the root. */
static uint32_t room_parent(uint64_t r)
{
	uint64_t h = hash3('R', r, 1);
	if (ncat == 0 || h % 200 == 0)
		return UINT32_MAX;
	if (room_collides(r)) {
		/* the first depth-1 category at or after a random one */
		for (uint64_t t = 0; t < ncat; t++) {
			uint64_t k = ((h >> 8) + t) % ncat;
			if (cat_parent[k] == UINT32_MAX)
				return (uint32_t)k;
		}
	}
	return (uint32_t)((h >> 8) % ncat);
}

/* NULL (-1), 0 or 1 from a hash, with the given per-mille shares. */
static int tristate(uint64_t h, unsigned null_pm, unsigned on_pm)
{
	unsigned v = (unsigned)(h % 1000);
	if (v < null_pm)
		return -1;
	return v < null_pm + on_pm;
}

static bool room_disabled(uint64_t r) { return hash3('R', r, 2) % 100 < 3; }
static bool room_auditorium(uint64_t r) { return hash3('R', r, 3) % 100 < 2; }

static void category_name(uint64_t k, char *buf, size_t size)
{
	struct sbuf b = { buf, 0, size };
	uint64_t h = hash3('C', k, 2);
	buf[0] = '\0';
	if (opt.chain) {
		sb_add(&b, "Level ");
		sb_num(&b, k + 1);
		return;
	}
	unsigned words = 1 + (unsigned)(h % 3);
	for (unsigned w = 0; w < words; w++) {
		if (w)
			sb_add(&b, " ");
		h = mix64(h);
		sb_add(&b, h % 4 == 0 ? PICK(cat_words_ko, h >> 8) : PICK(cat_words_en, h >> 8));
	}
	if (h % 25 == 0)
		sb_add(&b, " (Seoul, Busan and Redmond liaison)");
	sb_add(&b, " ");
	sb_num(&b, k + 1);
}

static void room_name(uint64_t r, char *buf, size_t size)
{
	struct sbuf b = { buf, 0, size };
	uint64_t h = hash3('R', r, 4);
	buf[0] = '\0';
	if (room_collides(r)) {
		sb_add(&b, r % 2 ? "PROJECT HANBIT LAUNCH" : "Project Hanbit launch");
		return;
	}
	unsigned words = 1 + (unsigned)(h % 3);
	if (h % 50 == 0)
		words = 8 + (unsigned)((h >> 8) % 10);    /* the occasional essay */
	for (unsigned w = 0; w < words; w++) {
		if (w)
			sb_add(&b, " ");
		h = mix64(h);
		sb_add(&b, PICK(room_words, h >> 8));
	}
	sb_add(&b, " #");
	sb_num(&b, r + 1);
}

/* The columns every node row starts with; node_tail ends the row. */
static void node_common(uint64_t id, uint64_t parent, bool category, const char *name,
                        const char *desc)
{
	put("  <tblNode");
	attr_u("nodeID", id);
	attr_guid("nodeGuid", 'N', id);
	attr_u("parentID", parent);
	attr_u("nodeType", category);
	attr_s("nodeName", name);
	attr_s("nodeDesc", desc);
	attr_s("topic", "");
	if (id == ROOT_ID)
		attr_s("filestoreURI", "https://gc01.contoso.com/MGCWebService/MGCWebService.asmx");
	attr_u("inheritance", 0);
	attr_u("scopeChange", 1);
	attr_u("overrideMember", 0);
}

static void node_tail(uint64_t id)
{
	uint64_t added = (T_FIRST + hash3('N', id, 1) % (400 * DAY)) * TICKS_PER_SECOND + TICKS_AT_EPOCH;
	attr_u("nodeAddedBy", FIRST_PRIN_ID + some_local_user(hash3('N', id, 2)));
	attr_u("nodeAddedOn", added);
	put("/>\n");
}

static void write_nodes(void)
{
	char name[600];

	node_common(ROOT_ID, ROOT_ID, true, "Contoso", "Synthetic deployment");
	attr_u("disabled", 0);
	attr_u("behavior", 4);
	node_tail(ROOT_ID);
	for (uint64_t k = 0; k < ncat; k++) {
		uint64_t id = cat_node_id(k);
		int inv = tristate(hash3('C', k, 3), 500, 300);
		category_name(k, name, sizeof name);
		node_common(id, cat_parent[k] == UINT32_MAX ? ROOT_ID : cat_node_id(cat_parent[k]),
		            true, name, "");
		if (inv >= 0)
			attr_u("invite", (uint64_t)inv);
		attr_u("disabled", 0);
		attr_u("behavior", 4);
		node_tail(id);
	}
	for (uint64_t r = 0; r < opt.rooms; r++) {
		uint64_t id = room_node_id(r);
		uint32_t p = room_parent(r);
		uint64_t h = hash3('R', r, 5);
		int inv = tristate(h, 600, 250);
		static const unsigned vis[] = { 6, 6, 6, 6, 6, 6, 6, 3, 3, 2 };
		room_name(r, name, sizeof name);
		node_common(id, p == UINT32_MAX ? ROOT_ID : cat_node_id(p), false, name, "");
		if (inv >= 0)
			attr_u("invite", (uint64_t)inv);
		attr_u("logged", 1);
		attr_u("disabled", room_disabled(r));
		attr_u("behavior", room_auditorium(r) ? 5 : 4);
		attr_u("visibility", vis[(h >> 16) % 10]);
		if ((h >> 24) % 100 == 0)
			attr_guid("siopID", 'S', (h >> 32) % 3);
		node_tail(id);
	}
}

/* ---- roles, scopes, invites ---------------------------------------- */

enum { R_MEMBER = 1, R_MANAGER = 2, R_VOICED = 3, R_CREATOR = 4 };

/* Role rows of one node, never the same (principal, role) twice. */
struct node_roles {
	uint64_t node;
	uint64_t prin[8];
	int role[8];
	unsigned n;
};

static void role_add(struct node_roles *nr, uint64_t prin, int role)
{
	if (prin == UINT64_MAX || nr->n == 8)
		return;
	for (unsigned i = 0; i < nr->n; i++)
		if (nr->prin[i] == prin && nr->role[i] == role)
			return;
	nr->prin[nr->n] = prin;
	nr->role[nr->n++] = role;
	put("  <tblPrincipalRole");
	attr_u("prinRoleNodeID", nr->node);
	attr_u("prinRolePrinID", FIRST_PRIN_ID + prin);
	attr_u("prinRoleTypeID", (uint64_t)role);
	attr_u("honorsOverride", role == R_MEMBER || role == R_VOICED);
	attr_u("honorsScope", role != R_MANAGER);
	put("/>\n");
}

static void write_roles(void)
{
	struct node_roles nr = { .node = ROOT_ID };

	role_add(&nr, some_local_user(hash3('O', 0, 1)), R_MANAGER);
	role_add(&nr, some_local_user(hash3('O', 0, 2)), R_MANAGER);
	role_add(&nr, some_group(hash3('O', 0, 3)), R_CREATOR);
	for (uint64_t k = 0; k < ncat; k++) {
		uint64_t h = hash3('O', cat_node_id(k), 1);
		nr = (struct node_roles){ .node = cat_node_id(k) };
		role_add(&nr, some_local_user(h), R_MANAGER);
		if (h % 3 == 0)
			role_add(&nr, some_group(h >> 12), R_MEMBER);
		if (h % 50 == 1)
			role_add(&nr, some_fed_group(h >> 24), R_MEMBER);
	}
	for (uint64_t r = 0; r < opt.rooms; r++) {
		uint64_t h = hash3('O', room_node_id(r), 1);
		nr = (struct node_roles){ .node = room_node_id(r) };
		/* a manager now and then is a disabled user: not re-picked */
		role_add(&nr, h % 40 == 0 ? 7 % opt.principals : some_local_user(h), R_MANAGER);
		for (unsigned m = 0; m < (h >> 8) % 4; m++) {
			uint64_t x = mix64(h + m);
			role_add(&nr, x % 3 == 0 ? some_group(x >> 8) : some_user(x >> 8), R_MEMBER);
		}
		if ((h >> 16) % 40 == 0) {
			/* federated users are the principals 33k + 1 (see prin_kind) */
			uint64_t f = 33 * ((h >> 24) % ((opt.principals - 2) / 33 + 1)) + 1;
			if (f < opt.principals && prin_kind(f) == P_FED_USER)
				role_add(&nr, f, R_MEMBER);
		}
		if (room_auditorium(r) && (h >> 32) % 2 == 0)
			role_add(&nr, some_local_user(h >> 36), R_VOICED);
	}
}

static void write_scopes_and_invites(void)
{
	uint64_t inv = 1;
	for (uint64_t k = 0; k < ncat; k++) {
		if (cat_parent[k] != UINT32_MAX)
			continue;
		put("  <tblScopePrincipal");
		attr_u("scopeNodeID", cat_node_id(k));
		attr_u("scopePrinID", FIRST_PRIN_ID + some_group(hash3('X', k, 1)));
		put("/>\n");
	}
	for (uint64_t r = 0; r < opt.rooms; r++) {
		uint64_t h = hash3('R', r, 5);
		if (tristate(h, 600, 250) != 1 || hash3('I', r, 1) % 10 != 0)
			continue;
		put("  <tblPrincipalInvites");
		attr_u("prinID", FIRST_PRIN_ID + some_local_user(hash3('I', r, 2)));
		attr_u("invID", inv++);
		attr_u("nodeID", room_node_id(r));
		attr_s("createdOn", "2012-11-05T10:15:00.000");
		put("/>\n");
	}
}

/* Full backups on either side of the messages: the newest finishes after
 * the newest message, so the backup check passes on generated data. */
static void write_backups(void)
{
	static const char *const rows[][3] = {
		{ "D", "2013-01-27T02:00:00.000", "2013-01-27T02:51:09.000" },
		{ "I", "2013-01-30T02:00:00.000", "2013-01-30T02:09:12.000" },
		{ "D", "2013-02-01T01:00:00.000", "2013-02-01T02:12:40.000" },
		{ "L", "2013-02-01T04:00:00.000", "2013-02-01T04:01:13.000" },
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		put("  <backupset");
		attr_u("backup_set_id", 1 + i);
		attr_u("media_set_id", 1 + i);
		attr_s("database_name", "GroupChatBench");
		attr_s("type", rows[i][0]);
		attr_s("backup_start_date", rows[i][1]);
		attr_s("backup_finish_date", rows[i][2]);
		attr_u("is_copy_only", 0);
		attr_u("is_damaged", 0);
		put("/>\n");
	}
}

/* ---- messages ------------------------------------------------------ */

/* Relative message volume of a room: heavy-tailed, 1 .. 998 (small
 * enough that messages * sum of weights fits in 64 bits). */
static uint64_t room_weight(uint64_t r)
{
	uint64_t v = hash3('W', r, 1) % 1000;
	return 1 + v * v * v / 1000000;
}

/* Appends n random words, Hangul with probability ko_pm per mille. */
static void words(struct sbuf *b, unsigned n, unsigned ko_pm)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t x = rnd();
		if (i)
			sb_add(b, " ");
		sb_add(b, x % 1000 < ko_pm ? PICK(ko_words, x >> 10) : PICK(en_words, x >> 10));
	}
}

/* A message body of realistic length and mix: mostly one short line, some
 * paragraphs, alerts, links with markup, stories, uploaded files. */
static void message_text(struct sbuf *b, uint64_t room_id, uint64_t chat_id, unsigned ko_pm,
                         bool *alert)
{
	uint64_t kind = below(1000);
	unsigned n;

	*alert = false;
	if (kind < 10) {
		*alert = true;
		sb_add(b, "ALERT [Warning] KRSEL-SQL0");
		sb_num(b, 1 + below(4));
		sb_add(b, ": free disk space below ");
		sb_num(b, 5 + below(10));
		sb_add(b, "%");
		return;
	}
	if (kind < 40) {
		static const char *const files[] = {
			"forecast.xlsx", "runbook v2.docx", "제안서_최종.pptx", "line3 yield.xlsx",
			"notes & actions.txt",
		};
		sb_add(b, below(2) ? "Uploaded " : "파일 올렸습니다: ");
		sb_add(b, PICK(files, rnd()));
		sb_add(b, " ma-filelink://gc01.contoso.com/MGCFileStore/");
		sb_num(b, room_id);
		sb_add(b, "/");
		sb_num(b, chat_id);
		sb_add(b, "/");
		sb_add(b, PICK(files, chat_id));
		return;
	}
	if (kind < 60) {
		words(b, 2 + (unsigned)below(6), ko_pm);
		sb_add(b, " <a href=\"http://intranet.contoso.com/sites/team?id=");
		sb_num(b, below(100000));
		sb_add(b, "&view=all\">link</a>");
		return;
	}
	if (kind < 70) {
		sb_add(b, "[STORY]");
		words(b, 3, ko_pm);
		sb_add(b, "\n");
		words(b, 20 + (unsigned)below(60), ko_pm);
		sb_add(b, "\n");
		words(b, 10 + (unsigned)below(30), ko_pm);
		return;
	}
	/* plain chat: 3-10 words mostly, longer now and then */
	if (kind < 700)
		n = 1 + (unsigned)below(10);
	else if (kind < 960)
		n = 10 + (unsigned)below(25);
	else if (kind < 995)
		n = 35 + (unsigned)below(60);
	else
		n = 100 + (unsigned)below(250);
	words(b, n, ko_pm);
	if (kind % 17 == 0)
		sb_add(b, below(2) ? " \"quoted\" & <checked>" : " 확인 부탁드립니다 :)");
}

/* Decodes one UTF-8 sequence at *s (generated text: always valid). */
static uint32_t utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = *p++;
	int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (more)
		c &= 0x3Fu >> more;
	while (more-- > 0 && (*p & 0xC0) == 0x80)
		c = (c << 6) | (*p++ & 0x3F);
	*s = p;
	return c;
}

/* The RTF a legacy client stores next to the text: ASCII only, \uN? for
 * every UTF-16 unit of the rest (N signed). */
static void rtf_of(struct sbuf *b, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	char esc[32];

	sb_add(b, "{\\rtf1\\ansi\\ansicpg949\\deff0{\\fonttbl{\\f0\\fnil\\fcharset129 Malgun Gothic;}}"
	          "\\viewkind4\\uc1\\pard\\f0\\fs20 ");
	while (*s) {
		uint32_t c = utf8_next(&s);
		if (c == '\\' || c == '{' || c == '}') {
			esc[0] = '\\';
			esc[1] = (char)c;
			esc[2] = '\0';
		} else if (c == '\n') {
			strcpy(esc, "\\par ");
		} else if (c < 0x80) {
			esc[0] = (char)c;
			esc[1] = '\0';
		} else if (c < 0x10000) {
			snprintf(esc, sizeof esc, "\\u%d?", c > 0x7FFF ? (int)c - 65536 : (int)c);
		} else {
			c -= 0x10000;
			snprintf(esc, sizeof esc, "\\u%d?\\u%d?", (int)(0xD800 + (c >> 10)) - 65536,
			         (int)(0xDC00 + (c & 0x3FF)) - 65536);
		}
		sb_add(b, esc);
	}
	sb_add(b, "\\par}");
}

static void write_messages(void)
{
	static char text[8192], rtf[65536];
	uint64_t total_w = 0, cum = 0;

	for (uint64_t r = 0; r < opt.rooms; r++)
		total_w += room_weight(r);
	rng_state = mix64(opt.seed ^ 0xC4A7ULL);
	for (uint64_t r = 0; r < opt.rooms; r++) {
		uint64_t w = room_weight(r);
		/* exact shares of the total: the counts add up to --messages */
		uint64_t lo = opt.messages * cum / total_w;
		uint64_t hi = opt.messages * (cum + w) / total_w;
		uint64_t n = hi - lo, id = room_node_id(r);
		uint64_t h = hash3('T', r, 1);
		uint64_t span_all = T_LAST - T_FIRST;
		uint64_t start = T_FIRST + h % (span_all * 3 / 4);
		uint64_t end = start + 30 * DAY + (h >> 20) % (T_LAST - start - 30 * DAY + 1);
		uint64_t span = end - start;
		unsigned ko_pm = (unsigned)((h >> 40) % 1001);
		cum += w;
		for (uint64_t i = 0; i < n; i++) {
			struct sbuf tb = { text, 0, sizeof text };
			bool alert;
			uint64_t sec = start + (span * i + below(span)) / n;
			text[0] = '\0';
			message_text(&tb, id, i + 1, ko_pm, &alert);
			put("  <tblChat");
			attr_u("channelId", id);
			attr_u("chatId", i + 1);
			attr_u("chatDate", TICKS_AT_EPOCH + sec * TICKS_PER_SECOND);
			attr_u("userId", FIRST_PRIN_ID + some_user(rnd()));
			attr_u("isAlert", alert);
			attr_s("content", text);
			if (!alert && below(100) < 3) {
				struct sbuf rb = { rtf, 0, sizeof rtf };
				rtf[0] = '\0';
				rtf_of(&rb, text);
				attr_s("rtf", rtf);
			}
			put("/>\n");
		}
	}
}

/* ---- static tables ------------------------------------------------- */

static void write_static(void)
{
	static const struct { unsigned id; const char *desc; unsigned sys, user, fed; } pt[] = {
		{ 1, "Any", 0, 0, 0 }, { 2, "AnyUser", 0, 1, 0 }, { 3, "AnyGroup", 0, 0, 0 },
		{ 4, "SystemUser", 1, 1, 0 }, { 5, "User", 0, 1, 0 }, { 6, "ExternalUser", 0, 1, 0 },
		{ 7, "FederatedUser", 0, 1, 1 }, { 8, "DC", 0, 0, 0 }, { 9, "Group", 0, 0, 0 },
		{ 10, "Folder", 0, 0, 0 }, { 11, "Federated Group", 0, 0, 1 },
	};
	static const char *const rt[] = { "Member", "Manager", "Voiced", "Creator" };
	static const char *const addins[][2] = {
		{ "Ticket Viewer", "https://helpdesk.contoso.com/gcaddin/ticket.aspx" },
		{ "Line Dashboard", "https://mes.contoso.com/dashboard/gc.html?x=1&y=2" },
		{ "Stock Ticker", "https://intranet.contoso.com/ticker/" },
	};

	for (size_t i = 0; i < NELEM(pt); i++) {
		put("  <tblPrincipalType");
		attr_u("ptypeID", pt[i].id);
		attr_s("ptypeDesc", pt[i].desc);
		attr_u("ptypeIsSystemUser", pt[i].sys);
		attr_u("ptypeIsUser", pt[i].user);
		attr_u("ptypeIsFederated", pt[i].fed);
		put("/>\n");
	}
	for (size_t i = 0; i < NELEM(rt); i++) {
		put("  <tblRoleType");
		attr_u("rtypeID", i + 1);
		attr_s("rtypeDesc", rt[i]);
		put("/>\n");
	}
	for (size_t i = 0; i < NELEM(addins); i++) {
		put("  <tblSiopWhiteList");
		attr_guid("siopId", 'S', i);
		attr_s("siopName", addins[i][0]);
		attr_s("siopUrl", addins[i][1]);
		put("/>\n");
	}
}

static void write_document(void)
{
	put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	put("<groupChatSnapshot formatVersion=\"1\" server=\"BENCH-SQL01\\GROUPCHAT\""
	    " database=\"GroupChatBench\" takenAt=\"2013-02-01T06:00:00Z\""
	    " serverUtcOffsetMinutes=\"0\" lookupServerUri=\"sip:ocschat@contoso.com\">\n");
	write_static();
	write_principals();
	write_affiliations();
	write_nodes();
	write_roles();
	write_scopes_and_invites();
	write_backups();
	write_messages();
	put("</groupChatSnapshot>\n");
}

/* ---- command line -------------------------------------------------- */

static void usage(FILE *f)
{
	fputs("Usage: gen-snapshot [--rooms N] [--categories N] [--principals N]\n"
	      "                    [--messages N] [--depth D] [--seed S] [--out FILE]\n"
	      "Writes a synthetic legacy Group Chat snapshot, the same bytes for the\n"
	      "same options. Defaults: 1000 rooms, 100 categories, 1000 principals,\n"
	      "100000 messages, depth 5 (1..8), seed 1, standard output.\n", f);
}

/* Parses a whole decimal number within [min, max] or exits with status 2. */
static uint64_t number(const char *name, const char *s, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s ? s : "", &end, 10);
	if (!s || !*s || *end || errno || *s == '-' || v < min || v > max) {
		fprintf(stderr, "gen-snapshot: %s wants a number from %" PRIu64 " to %" PRIu64
		        ", not '%s'\n", name, min, max, s ? s : "");
		exit(2);
	}
	return v;
}

static void parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i += 2) {
		/* every option but --help takes one value */
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "--rooms")) {
			opt.rooms = number(a, v, 1, 10000000);
		} else if (!strcmp(a, "--categories")) {
			opt.categories = number(a, v, 0, 10000000);
		} else if (!strcmp(a, "--principals")) {
			opt.principals = number(a, v, 10, 10000000);
		} else if (!strcmp(a, "--messages")) {
			opt.messages = number(a, v, 0, 1000000000);
		} else if (!strcmp(a, "--depth")) {
			opt.depth = number(a, v, 1, MAX_DEPTH);
		} else if (!strcmp(a, "--seed")) {
			opt.seed = number(a, v, 0, UINT64_MAX);
		} else if (!strcmp(a, "--chain")) {     /* hidden: deep chain tests */
			opt.chain = number(a, v, 1, 10000000);
		} else if (!strcmp(a, "--out")) {
			if (!v) {
				fputs("gen-snapshot: --out wants a file name\n", stderr);
				exit(2);
			}
			opt.out = v;
		} else {
			fprintf(stderr, "gen-snapshot: unknown option '%s'\n", a);
			usage(stderr);
			exit(2);
		}
	}
	ncat = opt.chain ? opt.chain : opt.categories;
	if (ncat > UINT32_MAX - 1 || opt.rooms + ncat + 2 > INT32_MAX ||
	    opt.principals + FIRST_PRIN_ID > INT32_MAX) {
		fputs("gen-snapshot: too many nodes or principals for int ids\n", stderr);
		exit(2);
	}
	if (opt.depth > ncat && !opt.chain)
		opt.depth = ncat ? ncat : 1;
}

int main(int argc, char **argv)
{
	static char iobuf[1 << 20];
	char *tmp = NULL;

	parse_args(argc, argv);
	build_tree();
	if (!opt.out || !strcmp(opt.out, "-")) {
		out = stdout;
	} else {
		/* whole or not at all: a temporary beside the target, then rename */
		size_t n = strlen(opt.out) + 16;
		int fd;
		tmp = malloc(n);
		if (!tmp)
			return 1;
		snprintf(tmp, n, "%s.tmpXXXXXX", opt.out);
		fd = mkstemp(tmp);
		if (fd >= 0) {
			/* mkstemp makes it 0600; give it the mode a new file gets */
			mode_t mask = umask(0);
			umask(mask);
			(void)fchmod(fd, 0666 & ~mask);
		}
		if (fd < 0 || !(out = fdopen(fd, "w"))) {
			fprintf(stderr, "gen-snapshot: cannot create %s: %s\n", tmp, strerror(errno));
			return 1;
		}
		out_name = opt.out;
		tmp_name = tmp;
	}
	setvbuf(out, iobuf, _IOFBF, sizeof iobuf);
	write_document();
	if (fflush(out) == EOF)
		write_failed();
	if (tmp) {
		if (fsync(fileno(out)) != 0 || fclose(out) != 0)
			write_failed();
		if (rename(tmp, opt.out) != 0) {
			fprintf(stderr, "gen-snapshot: renaming %s to %s: %s\n", tmp, opt.out,
			        strerror(errno));
			unlink(tmp);
			return 1;
		}
		tmp_name = NULL;
		free(tmp);
	}
	free(cat_parent);
	free(cat_depth);
	return 0;
}
