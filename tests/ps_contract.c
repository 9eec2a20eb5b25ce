/* SPDX-License-Identifier: MIT */
/* ps_contract CONTRACT FILE.ps1...: checks every command line of the
 * PowerShell scripts pcmigrate writes against data/cmdlets.txt (written
 * from Microsoft's cmdlet pages), since no Lync Server is here to run
 * them (a one-shot tool: it frees nothing before it exits). A small
 * PowerShell tokenizer (ps_lex.c: single quotes with '' and the
 * typographic quotes, double quotes, backtick continuation and escapes,
 * comments, -Param:value, arrays, hashtables, script blocks, ( ), $( ),
 * @( ), variables, [types]) and a statement parser that finds the
 * commands at every depth. For each command it reports, as FILE:LINE:
 * an unknown cmdlet, an unknown parameter, a switch given a value, a
 * parameter without its value, a value outside the allowed set, a
 * Boolean given a word, a parameter valid only with another one, a
 * missing required parameter; and from what the script sets: presenters
 * on a Normal room, a room manager, member or presenter outside its
 * category's AllowedMembers minus DeniedMembers. Exit 0 clean, 1 with
 * findings, 2 on unreadable input. */
#include "config.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ps_lex.h"

/* ---- the contract ------------------------------------------------- */

struct param {
	char *name, *type, *values;     /* values: ",A,B," or NULL */
	int position;                   /* -1: named only */
	bool is_switch, required, list;
	char *req_param, *req_value;
};

struct cmdlet {
	char *name, *url;
	bool native, common;
	struct param *p;
	size_t np, cap;
};

static struct cmdlet *cmds;
static size_t ncmds, capcmds;
static struct cmdlet common_params;

static void load_contract(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int lineno = 0;
	struct cmdlet *cur = NULL;

	if (!f) {
		fprintf(stderr, "ps_contract: cannot read %s\n", path);
		exit(2);
	}
	while (fgets(line, sizeof line, f)) {
		char *w[16], *save = NULL, *t;
		int n = 0;

		lineno++;
		for (t = strtok_r(line, " \t\r\n", &save); t && n < 16; t = strtok_r(NULL, " \t\r\n", &save))
			w[n++] = t;
		if (!n || w[0][0] == '#')
			continue;
		if ((!strcmp(w[0], "cmdlet") || !strcmp(w[0], "native")) && n == 3) {
			struct cmdlet c = { 0 };
			c.name = strdup(w[1]);
			c.url = strdup(w[2]);
			c.native = w[0][0] == 'n';
			PUSH(cmds, ncmds, capcmds, c);
			cur = &cmds[ncmds - 1];
		} else if (!strcmp(w[0], "common") && n == 1 && cur) {
			cur->common = true;
		} else if ((!strcmp(w[0], "param") || !strcmp(w[0], "switch") ||
		            !strcmp(w[0], "commonparam") || !strcmp(w[0], "commonswitch")) && n >= 2) {
			struct cmdlet *into = !strncmp(w[0], "common", 6) ? &common_params : cur;
			struct param p = { 0 };
			int i;
			if (!into)
				goto bad;
			p.name = strdup(w[1]);
			p.position = -1;
			p.is_switch = strstr(w[0], "switch") != NULL;
			p.type = strdup(p.is_switch ? "SwitchParameter" : n > 2 ? w[2] : "Object");
			for (i = p.is_switch ? 2 : 3; i < n; i++) {
				if (!strncmp(w[i], "values=", 7)) {
					size_t l = strlen(w[i] + 7);
					p.values = xrealloc(NULL, l + 3);
					snprintf(p.values, l + 3, ",%s,", w[i] + 7);
				} else if (!strncmp(w[i], "position=", 9)) {
					p.position = atoi(w[i] + 9);
				} else if (!strncmp(w[i], "requires=", 9) && strchr(w[i], ':')) {
					char *c = strchr(w[i], ':');
					p.req_param = xstrndup(w[i] + 9, (size_t)(c - w[i] - 9));
					p.req_value = strdup(c + 1);
				} else if (!strcmp(w[i], "required")) {
					p.required = true;
				} else if (!strcmp(w[i], "list")) {
					p.list = true;
				} else {
					goto bad;
				}
			}
			PUSH(into->p, into->np, into->cap, p);
		} else {
			goto bad;
		}
	}
	fclose(f);
	return;
bad:
	fprintf(stderr, "ps_contract: %s:%d: not a contract line\n", path, lineno);
	exit(2);
}

static struct cmdlet *find_cmdlet(const char *name)
{
	size_t i;

	for (i = 0; i < ncmds; i++)
		if (!strcasecmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

static struct param *find_param(struct cmdlet *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->np; i++)
		if (!strcasecmp(c->p[i].name, name))
			return &c->p[i];
	if (c->common)
		for (i = 0; i < common_params.np; i++)
			if (!strcasecmp(common_params.p[i].name, name))
				return &common_params.p[i];
	return NULL;
}

static bool value_allowed(const struct param *p, const char *v)
{
	const char *s = p->values + 1;

	while (*s) {
		const char *e = strchr(s, ',');
		if ((size_t)(e - s) == strlen(v) && !strncasecmp(s, v, (size_t)(e - s)))
			return true;
		s = e + 1;
	}
	return false;
}

/* ---- findings ----------------------------------------------------- */

static const char *cur_file;
static int nfindings;

void finding(int line, const char *fmt, ...)
{
	va_list ap;

	printf("%s:%d: ", cur_file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	nfindings++;
}

/* ---- what the script sets ----------------------------------------- */

struct strset {
	char **v;
	size_t n, cap;
};

static bool set_has(const struct strset *s, const char *x)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcasecmp(s->v[i], x))
			return true;
	return false;
}

static void set_add(struct strset *s, const char *x)
{
	if (!set_has(s, x))
		PUSH(s->v, s->n, s->cap, strdup(x));
}

static void set_remove(struct strset *s, const char *x)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcasecmp(s->v[i], x)) {
			free(s->v[i]);
			s->v[i] = s->v[--s->n];
			return;
		}
}

struct category {
	char *name;
	struct strset allowed, denied;
};

struct room {
	char *name, *category, *type;
};

static struct category *cats;
static size_t ncats, capcats;
static struct room *rooms;
static size_t nrooms, caprooms;
static struct strset functions;         /* defined in the script */

static struct category *find_category(const char *name)
{
	size_t i;

	for (i = 0; i < ncats; i++)
		if (!strcasecmp(cats[i].name, name))
			return &cats[i];
	return NULL;
}

static struct room *find_room(const char *name)
{
	size_t i;

	for (i = 0; i < nrooms; i++)
		if (!strcasecmp(rooms[i].name, name))
			return &rooms[i];
	return NULL;
}

/* Is principal p (sip: URI or AD distinguished name) inside an entry of
 * AllowedMembers: the same entry, or an OU or domain (DC=) it lies in.
 * A user's group membership cannot be known here, so a SIP user is
 * inside only when listed. */
static bool principal_in(const struct strset *list, const char *p)
{
	size_t i, lp = strlen(p);

	for (i = 0; i < list->n; i++) {
		const char *e = list->v[i];
		size_t le = strlen(e);
		if (!strcasecmp(e, p))
			return true;
		if ((!strncasecmp(e, "OU=", 3) || !strncasecmp(e, "DC=", 3)) && lp > le + 1 &&
		    p[lp - le - 1] == ',' && !strcasecmp(p + lp - le, e))
			return true;
	}
	return false;
}

/* ---- parsing ------------------------------------------------------ */

/* One argument of a command as the checks see it. */
struct arg {
	int line;
	bool literal;           /* one plain word or string, no expression */
	char *text;             /* its value when literal; a $variable's name otherwise */
	bool is_var;
	char *key;              /* (Get-PoolItem 'x') and the like: 'x' */
	bool is_hash;           /* @{Add=...; Remove=...} */
	struct strset add, remove;
	char *bad_hash_key;
	int nitems;             /* 1, or the count of a comma array */
};

static size_t parse_statements(size_t i, int end);
static size_t parse_pipeline(size_t i);

/* The last command parsed and whether it had exactly one literal
 * argument (for the key of a parenthesised Get-PoolItem 'x'). */
static int ncommands_parsed;
static char *last_single_literal;

static bool is_end(int type)
{
	return type == T_EOF || type == T_NL || type == T_SEMI || type == T_PIPE ||
	       type == T_RPAREN || type == T_RBRACE;
}

static size_t skip_nl(size_t i)
{
	while (toks[i].type == T_NL)
		i++;
	return i;
}

static size_t parse_hashtable(size_t i, struct arg *a);

/* One primary of an argument: a string, word, variable, group, hashtable,
 * script block or cast, with whatever is glued to it (members, indexes). */
static size_t parse_primary(size_t i, struct arg *a)
{
	struct tok *t = &toks[i];
	int before = ncommands_parsed;

	switch (t->type) {
	case T_SQ:
	case T_WORD:
		a->literal = true;
		a->text = t->text;
		i++;
		break;
	case T_DQ:
		a->literal = !t->dynamic;
		a->text = t->text;
		i++;
		break;
	case T_VAR:
		a->is_var = true;
		a->text = t->text;
		i++;
		break;
	case T_LPAREN:
	case T_SUBEXPR:
	case T_ARRAY:
		i = parse_statements(i + 1, T_RPAREN);
		if (ncommands_parsed == before + 1 && last_single_literal)
			a->key = last_single_literal;
		break;
	case T_LBRACE:
		i = parse_statements(i + 1, T_RBRACE);
		break;
	case T_HASH:
		a->is_hash = true;
		i = parse_hashtable(i + 1, a);
		break;
	case T_TYPE:
		i++;
		if (!is_end(toks[i].type) && !toks[i].sp && toks[i].type != T_COMMA) {
			struct arg inner = { 0 };
			i = parse_primary(i, &inner);
		}
		break;
	default:
		i++;
		break;
	}
	/* glued on: .Member, [index], (args) */
	while (!is_end(toks[i].type) && !toks[i].sp && toks[i].type != T_COMMA) {
		struct arg inner = { 0 };
		a->literal = false;
		a->is_var = false;
		i = parse_primary(i, &inner);
	}
	return i;
}

/* An argument: a primary, or a comma array of them. */
static size_t parse_value(size_t i, struct arg *a)
{
	a->line = toks[i].line;
	a->nitems = 1;
	i = parse_primary(i, a);
	while (toks[i].type == T_COMMA) {
		struct arg more = { 0 };
		i = skip_nl(i + 1);
		i = parse_primary(i, &more);
		if (a->literal && more.literal) {
			/* keep the items of a literal array, for the checks */
			size_t l = strlen(a->text) + strlen(more.text) + 2;
			char *j = xrealloc(NULL, l);
			snprintf(j, l, "%s\x1f%s", a->text, more.text);
			a->text = j;
		} else {
			a->literal = false;
		}
		a->is_var = false;
		a->nitems++;
	}
	return i;
}

/* @{ key = value; ... }: the Add and Remove lists of a PSListModifier. */
static size_t parse_hashtable(size_t i, struct arg *a)
{
	for (;;) {
		struct arg v = { 0 };
		const char *key;

		while (toks[i].type == T_NL || toks[i].type == T_SEMI)
			i++;
		if (toks[i].type == T_RBRACE)
			return i + 1;
		if (toks[i].type == T_EOF) {
			finding(toks[i].line, "unclosed @{");
			return i;
		}
		key = toks[i].text ? toks[i].text : "";
		i++;
		if (toks[i].type != T_WORD || strcmp(toks[i].text, "=")) {
			finding(toks[i].line, "hashtable entry '%s' without '='", key);
			while (!is_end(toks[i].type))
				i++;
			continue;
		}
		i = parse_value(skip_nl(i + 1), &v);
		if (!strcasecmp(key, "Add") || !strcasecmp(key, "Remove")) {
			struct strset *into = !strcasecmp(key, "Add") ? &a->add : &a->remove;
			if (v.literal) {
				char *s = v.text, *sep;
				while ((sep = strchr(s, '\x1f')) != NULL) {
					char *one = xstrndup(s, (size_t)(sep - s));
					set_add(into, one);
					free(one);
					s = sep + 1;
				}
				set_add(into, s);
			}
		} else if (!a->bad_hash_key && strcasecmp(key, "Replace")) {
			a->bad_hash_key = strdup(key);
		}
	}
}

/* A named parameter given on a command line, with its value. */
struct given {
	struct param *p;
	const char *name;
	int line;
	bool has_value;
	struct arg v;
};

static const struct given *given_find(const struct given *g, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (g[i].p && !strcasecmp(g[i].p->name, name))
			return &g[i];
	return NULL;
}

static const char *arg_key(const struct arg *a)
{
	if (a->key)
		return a->key;
	return a->literal ? a->text : NULL;
}

/* What the script sets: categories, rooms, their members. */
static void track(struct cmdlet *c, const struct given *g, size_t n, int line)
{
	const struct given *name = given_find(g, n, "Name"), *id = given_find(g, n, "Identity");
	const char *k;
	size_t i;

	if (!strcasecmp(c->name, "New-CsPersistentChatCategory") && name && (k = arg_key(&name->v))) {
		if (!find_category(k)) {
			struct category cat = { 0 };
			cat.name = strdup(k);
			PUSH(cats, ncats, capcats, cat);
		}
	} else if (!strcasecmp(c->name, "Set-CsPersistentChatCategory") && id && (k = arg_key(&id->v))) {
		struct category *cat = find_category(k);
		const char *lists[] = { "AllowedMembers", "DeniedMembers" };
		if (!cat) {
			finding(line, "Set-CsPersistentChatCategory: category '%s' is not created above", k);
			return;
		}
		for (i = 0; i < 2; i++) {
			const struct given *l = given_find(g, n, lists[i]);
			struct strset *s = i ? &cat->denied : &cat->allowed;
			size_t j;
			if (!l)
				continue;
			for (j = 0; j < l->v.add.n; j++)
				set_add(s, l->v.add.v[j]);
			for (j = 0; j < l->v.remove.n; j++)
				set_remove(s, l->v.remove.v[j]);
		}
	} else if (!strcasecmp(c->name, "New-CsPersistentChatRoom") && name && (k = arg_key(&name->v))) {
		const struct given *cg = given_find(g, n, "Category"), *ty = given_find(g, n, "Type");
		struct room r = { 0 };
		const char *ck = cg ? arg_key(&cg->v) : NULL;
		if (ck && !find_category(ck))
			finding(line, "New-CsPersistentChatRoom: room '%s' in category '%s', which is not created above", k, ck);
		if (find_room(k))
			return;
		r.name = strdup(k);
		r.category = ck ? strdup(ck) : NULL;
		r.type = strdup(ty && ty->v.literal ? ty->v.text : "Normal");
		PUSH(rooms, nrooms, caprooms, r);
	} else if (!strcasecmp(c->name, "Set-CsPersistentChatRoom") && id && (k = arg_key(&id->v))) {
		struct room *r = find_room(k);
		struct category *cat;
		const struct given *ty = given_find(g, n, "Type"), *pres = given_find(g, n, "Presenters");
		const char *roles[] = { "Managers", "Members", "Presenters" };
		if (!r) {
			finding(line, "Set-CsPersistentChatRoom: room '%s' is not created above", k);
			return;
		}
		if (ty && ty->v.literal) {
			free(r->type);
			r->type = strdup(ty->v.text);
		}
		if (pres && pres->v.add.n && !strcasecmp(r->type, "Normal"))
			finding(pres->line, "Set-CsPersistentChatRoom: presenters on the Normal room '%s' "
			        "(only an Auditorium room has presenters)", k);
		cat = r->category ? find_category(r->category) : NULL;
		if (!cat)
			return;
		for (i = 0; i < 3; i++) {
			const struct given *l = given_find(g, n, roles[i]);
			size_t j;
			if (!l)
				continue;
			for (j = 0; j < l->v.add.n; j++) {
				const char *p = l->v.add.v[j];
				if (!principal_in(&cat->allowed, p) || principal_in(&cat->denied, p))
					finding(l->line, "Set-CsPersistentChatRoom: %s '%s' of room '%s' is outside "
					        "the AllowedMembers (minus DeniedMembers) of its category '%s'",
					        roles[i], p, k, cat->name);
			}
		}
	}
}

/* Checks one command line against its cmdlet and records what it sets. */
static void check_command(const char *name, int line, struct given *g, size_t ng,
                          struct arg *positional, size_t npos, const bool *after_switch)
{
	struct cmdlet *c = find_cmdlet(name);
	size_t i, k;

	if (!c) {
		if (!set_has(&functions, name))
			finding(line, "unknown cmdlet %s (not in the contract)", name);
		return;
	}
	if (c->native)
		return;
	for (i = 0; i < ng; i++) {
		struct param *p = find_param(c, g[i].name);
		g[i].p = p;
		if (!p) {
			finding(g[i].line, "%s: unknown parameter -%s (%s)", c->name, g[i].name, c->url);
			continue;
		}
		for (k = 0; k < i; k++)
			if (g[k].p == p)
				finding(g[i].line, "%s: -%s given twice", c->name, p->name);
		if (p->is_switch) {
			if (g[i].has_value && !(g[i].v.is_var && (!strcasecmp(g[i].v.text, "true") ||
			                                         !strcasecmp(g[i].v.text, "false"))))
				finding(g[i].line, "%s: the switch -%s is given a value (only -%s or -%s:$false)",
				        c->name, p->name, p->name, p->name);
			continue;
		}
		if (!g[i].has_value) {
			finding(g[i].line, "%s: -%s needs a value (%s)", c->name, p->name, p->type);
			continue;
		}
		if (p->values && g[i].v.literal && g[i].v.nitems == 1 && !value_allowed(p, g[i].v.text)) {
			size_t l = strlen(p->values);
			finding(g[i].line, "%s: -%s '%s' is not one of %.*s", c->name, p->name, g[i].v.text,
			        (int)(l - 2), p->values + 1);
		}
		if (!strcmp(p->type, "Boolean") && g[i].v.literal && strcmp(g[i].v.text, "0") && strcmp(g[i].v.text, "1"))
			finding(g[i].line, "%s: -%s is Boolean: give $true or $false, not '%s'", c->name, p->name, g[i].v.text);
		if (p->list && !g[i].v.is_hash && !g[i].v.is_var)
			finding(g[i].line, "%s: -%s takes @{Add=...} or @{Remove=...}", c->name, p->name);
		if (p->list && g[i].v.bad_hash_key)
			finding(g[i].line, "%s: -%s: '%s' is not Add, Remove or Replace", c->name, p->name, g[i].v.bad_hash_key);
	}
	for (i = 0; i < ng; i++) {
		const struct given *other;
		struct param *p = g[i].p;
		if (!p || !p->req_param)
			continue;
		other = given_find(g, ng, p->req_param);
		if (!other || !other->v.literal || strcasecmp(other->v.text, p->req_value))
			finding(g[i].line, "%s: -%s is valid only with -%s %s (%s)", c->name, p->name,
			        p->req_param, p->req_value, c->url);
	}
	/* positional arguments fill the positional parameters not named */
	for (i = 0, k = 0; i < npos; i++) {
		struct param *slot = NULL;
		size_t j;
		for (; !slot; k++) {
			for (j = 0; j < c->np; j++)
				if (c->p[j].position == (int)k && !given_find(g, ng, c->p[j].name))
					slot = &c->p[j];
			if (k > 16)
				break;
		}
		if (!slot) {
			const char *what = positional[i].literal || positional[i].is_var ? positional[i].text
			                   : "an expression";
			const char *dollar = positional[i].is_var ? "$" : "";
			if (after_switch[i])
				finding(positional[i].line, "%s: a switch is given a value ('%s%s' after it)", c->name,
				        dollar, what);
			else
				finding(positional[i].line, "%s: an argument no parameter takes ('%s%s')", c->name,
				        dollar, what);
			continue;
		}
		if (ng < 64) {
			g[ng].p = slot;
			g[ng].name = slot->name;
			g[ng].line = positional[i].line;
			g[ng].has_value = true;
			g[ng].v = positional[i];
			ng++;
		}
	}
	for (i = 0; i < c->np; i++)
		if (c->p[i].required && !given_find(g, ng, c->p[i].name))
			finding(line, "%s: the required -%s is missing", c->name, c->p[i].name);
	track(c, g, ng, line);
}

/* A command: its name, then parameters and arguments to the end of the
 * pipeline element. */
static size_t parse_command(size_t i)
{
	const char *name = toks[i].text;
	int line = toks[i].line;
	struct given g[64 + 16];
	struct arg positional[64];
	bool after_switch[64];
	size_t ng = 0, npos = 0;
	bool prev_param_no_value = false;

	i++;
	while (!is_end(toks[i].type)) {
		struct tok *t = &toks[i];
		if (t->type == T_WORD && t->sp && t->text[0] == '-' && isalpha((unsigned char)t->text[1])) {
			struct given *gv = &g[ng < 64 ? ng : 63];
			size_t l = strlen(t->text);
			memset(gv, 0, sizeof *gv);
			gv->line = t->line;
			if (t->text[l - 1] == ':') {
				gv->name = xstrndup(t->text + 1, l - 2);
				gv->has_value = true;
				i = parse_value(skip_nl(i + 1), &gv->v);
				prev_param_no_value = false;
			} else {
				struct param *p;
				struct cmdlet *c = find_cmdlet(name);
				gv->name = t->text + 1;
				i++;
				p = c ? find_param(c, gv->name) : NULL;
				/* a switch takes no value; anything else takes the next argument */
				if ((!p || !p->is_switch) && !is_end(toks[i].type) &&
				    !(toks[i].type == T_WORD && toks[i].text[0] == '-' && isalpha((unsigned char)toks[i].text[1]))) {
					gv->has_value = true;
					i = parse_value(i, &gv->v);
				}
				prev_param_no_value = !gv->has_value;
			}
			if (ng < 64)
				ng++;
			continue;
		}
		if (npos < 64) {
			memset(&positional[npos], 0, sizeof positional[npos]);
			after_switch[npos] = prev_param_no_value;
			i = parse_value(i, &positional[npos++]);
		} else {
			struct arg tmp = { 0 };
			i = parse_value(i, &tmp);
		}
		prev_param_no_value = false;
	}
	check_command(name, line, g, ng, positional, npos, after_switch);
	ncommands_parsed++;
	last_single_literal = ng == 0 && npos == 1 && positional[0].literal ? positional[0].text : NULL;
	return i;
}

/* An expression to the end of the statement; an assignment's right side
 * is a pipeline again. */
static size_t parse_expression(size_t i)
{
	while (!is_end(toks[i].type)) {
		struct tok *t = &toks[i];
		if (t->type == T_WORD && (!strcmp(t->text, "=") || (strlen(t->text) == 2 && t->text[1] == '=' &&
		                                                     strchr("+-*/%", t->text[0]))))
			return parse_pipeline(skip_nl(i + 1));
		if (t->type == T_COMMA) {
			i = skip_nl(i + 1);
			continue;
		}
		{
			struct arg a = { 0 };
			i = parse_primary(i, &a);
		}
	}
	return i;
}

static bool command_word(const struct tok *t)
{
	unsigned char c;

	if (t->type != T_WORD)
		return false;
	c = (unsigned char)t->text[0];
	return isalpha(c) || c == '_';
}

static size_t parse_pipeline(size_t i)
{
	for (;;) {
		if (command_word(&toks[i]))
			i = parse_command(i);
		else if (toks[i].type == T_WORD && (!strcmp(toks[i].text, "&") || !strcmp(toks[i].text, ".")) &&
		         toks[i + 1].sp)
			i = parse_expression(i + 1);    /* & $scriptblock: the block was checked */
		else
			i = parse_expression(i);
		if (toks[i].type != T_PIPE)
			return i;
		i = skip_nl(i + 1);
	}
}

/* Records a function and its parameter names (unused now beyond the
 * name: a function's own parameters are the script's business). */
static size_t parse_function(size_t i)
{
	i++;
	if (toks[i].type == T_WORD) {
		set_add(&functions, toks[i].text);
		i++;
	}
	if (toks[i].type == T_LPAREN)
		i = parse_statements(i + 1, T_RPAREN);
	i = skip_nl(i);
	if (toks[i].type == T_LBRACE)
		i = parse_statements(i + 1, T_RBRACE);
	return i;
}

static bool kw(const struct tok *t, const char *w)
{
	return t->type == T_WORD && !strcasecmp(t->text, w);
}

/* A keyword statement (if, foreach, try, ...), or 0 when i is none. */
static size_t parse_keyword(size_t i)
{
	struct tok *t = &toks[i];
	static const char *const cond_block[] = { "if", "elseif", "while", "switch", "foreach", "for", "until" };
	static const char *const block[] = { "else", "try", "finally", "do", "begin", "process", "end" };
	static const char *const expr[] = { "return", "throw", "exit", "break", "continue" };
	size_t k;

	if (kw(t, "function") || kw(t, "filter"))
		return parse_function(i);
	if (kw(t, "param") && toks[i + 1].type == T_LPAREN)
		return parse_statements(i + 2, T_RPAREN);
	for (k = 0; k < sizeof cond_block / sizeof *cond_block; k++)
		if (kw(t, cond_block[k])) {
			i++;
			if (toks[i].type == T_LPAREN)
				i = parse_statements(i + 1, T_RPAREN);
			i = skip_nl(i);
			if (toks[i].type == T_LBRACE)
				i = parse_statements(i + 1, T_RBRACE);
			goto chain;
		}
	for (k = 0; k < sizeof block / sizeof *block; k++)
		if (kw(t, block[k])) {
			i = skip_nl(i + 1);
			if (toks[i].type == T_LBRACE)
				i = parse_statements(i + 1, T_RBRACE);
			goto chain;
		}
	if (kw(t, "catch") || kw(t, "trap")) {
		i++;
		while (toks[i].type == T_TYPE || toks[i].type == T_COMMA)
			i++;
		i = skip_nl(i);
		if (toks[i].type == T_LBRACE)
			i = parse_statements(i + 1, T_RBRACE);
		goto chain;
	}
	for (k = 0; k < sizeof expr / sizeof *expr; k++)
		if (kw(t, expr[k]))
			return is_end(toks[i + 1].type) ? i + 1 : parse_pipeline(i + 1);
	return 0;
chain:
	/* elseif / else / catch / finally / while after a block */
	{
		size_t j = skip_nl(i);
		if (kw(&toks[j], "elseif") || kw(&toks[j], "else") || kw(&toks[j], "catch") ||
		    kw(&toks[j], "finally") || kw(&toks[j], "while") || kw(&toks[j], "until"))
			return parse_keyword(j);
	}
	return i;
}

/* Statements up to the token end (consumed) or EOF. */
static size_t parse_statements(size_t i, int end)
{
	for (;;) {
		size_t j;
		while (toks[i].type == T_NL || toks[i].type == T_SEMI)
			i++;
		if (toks[i].type == end)
			return i + 1;
		if (toks[i].type == T_EOF) {
			if (end != T_EOF)
				finding(toks[i].line, "unclosed %s", end == T_RPAREN ? "(" : "{");
			return i;
		}
		if (toks[i].type == T_RPAREN || toks[i].type == T_RBRACE) {
			finding(toks[i].line, "unexpected %s", toks[i].type == T_RPAREN ? ")" : "}");
			i++;
			continue;
		}
		j = parse_keyword(i);
		i = j ? j : parse_pipeline(i);
	}
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;

	if (!f) {
		fprintf(stderr, "ps_contract: cannot read %s\n", path);
		exit(2);
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		bput(&b, chunk, n);
	fclose(f);
	return btake(&b);
}

int main(int argc, char **argv)
{
	int a;

	if (argc < 3) {
		fputs("Usage: ps_contract CONTRACT FILE.ps1...\n", stderr);
		return 2;
	}
	load_contract(argv[1]);
	for (a = 2; a < argc; a++) {
		char *text = read_file(argv[a]);
		cur_file = argv[a];
		/* each file is a script of its own (tokens and state leak: a test program) */
		ntoks = 0;
		ncats = nrooms = 0;
		functions.n = 0;
		if (memchr(text, '\0', strlen(text)) == NULL && lex(text))
			parse_statements(0, T_EOF);
		free(text);
	}
	return nfindings ? 1 : 0;
}
