/* SPDX-License-Identifier: MIT */
/* fix-source.sql: the plan's decisions as guarded T-SQL (see fixsql.h).
 * The script text is English and carries no date of "now", so a rerun
 * gives the same bytes. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/escape.h"
#include "engine/fixsql.h"
#include "base/sbuf.h"
#include "base/util.h"

/* Does s hold a control character (escape.h's list)? */
static bool has_control(const char *s)
{
	size_t n = strlen(s), k;
	char esc[8];
	uint32_t cp;

	for (; n; s += k, n -= k) {
		k = pcm_utf8_next(s, n, &cp);
		if (!k)
			k = 1;
		else if (pcm_escape_char(cp, esc))
			return true;
	}
	return false;
}

char *pcm_sql_quote(const char *str)
{
	struct pcm_sbuf b = { 0 };
	const char *s = str;
	size_t n = strlen(s), k;
	bool controls = has_control(s), open = false, first = true;
	char esc[8];
	uint32_t cp;

	if (!controls) {
		pcm_sbuf_add(&b, "N'");
		for (; *s; s++) {
			if (*s == '\'')
				pcm_sbuf_addc(&b, '\'');
			pcm_sbuf_addc(&b, *s);
		}
		pcm_sbuf_addc(&b, '\'');
		return pcm_sbuf_take(&b);
	}
	/* a control character never goes raw into the script (nor to the
	 * terminal apply-to-source --what-if prints on): NCHAR(code) */
	pcm_sbuf_addc(&b, '(');
	while (n) {
		k = pcm_utf8_next(s, n, &cp);
		if (k && pcm_escape_char(cp, esc)) {
			if (open)
				pcm_sbuf_addc(&b, '\'');
			pcm_sbuf_printf(&b, "%sNCHAR(%u)", first ? "" : " + ", (unsigned)cp);
			open = false;
		} else {
			if (!k)
				k = 1;
			if (!open)
				pcm_sbuf_add(&b, first ? "N'" : " + N'");
			open = true;
			if (*s == '\'')
				pcm_sbuf_addc(&b, '\'');
			pcm_sbuf_addn(&b, s, k);
		}
		first = false;
		s += k;
		n -= k;
	}
	if (open)
		pcm_sbuf_addc(&b, '\'');
	pcm_sbuf_addc(&b, ')');
	return pcm_sbuf_take(&b);
}

/* The check that follows every statement: exactly one row, or the whole
 * transaction is rolled back and the batch stops with an error that names
 * the row by its key (never by a name, which could hold anything). */
static void add_rowcount_check(struct pcm_sbuf *b, const char *what)
{
	pcm_sbuf_printf(b,
	        "IF @@ROWCOUNT <> 1\n"
	        "BEGIN\n"
	        "\tIF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;\n"
	        "\tRAISERROR(N'pcmigrate fix-source: %s did not match the plan "
	        "(changed since the snapshot?); nothing was changed.', 16, 1);\n"
	        "\tRETURN;\n"
	        "END\n", what);
}

/* Guard for a text column: exactly this value. The database's collation
 * (CI_AS by default) would also match another case, and every collation
 * ignores trailing spaces in = (SQL-92 padding: "String comparison",
 * learn.microsoft.com/sql/t-sql/language-elements/string-comparison-assignment);
 * a binary collation (SQL Server 2005 and later have Latin1_General_BIN2)
 * tells case apart, DATALENGTH the trailing spaces. */
static void add_text_guard(struct pcm_sbuf *b, const char *column, const char *quoted)
{
	pcm_sbuf_printf(b, "%s = %s COLLATE Latin1_General_BIN2 AND DATALENGTH(%s) = DATALENGTH(%s)",
	                column, quoted, column, quoted);
}

/* Guard for a nullable bit column: matches its current value exactly. */
static const char *tristate_guard(int8_t v)
{
	return v == PCM_NULL ? "IS NULL" : v == PCM_ON ? "= 1" : "= 0";
}

static int cmp_i32(int32_t a, int32_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_disable(const void *a, const void *b)
{
	return cmp_i32(((const struct pcm_disable *)a)->node_id,
	               ((const struct pcm_disable *)b)->node_id);
}

static int cmp_rename(const void *a, const void *b)
{
	return cmp_i32(((const struct pcm_rename *)a)->node_id,
	               ((const struct pcm_rename *)b)->node_id);
}

static int cmp_invite(const void *a, const void *b)
{
	return cmp_i32(((const struct pcm_category_invite *)a)->node_id,
	               ((const struct pcm_category_invite *)b)->node_id);
}

/* Sorted copy of a plan vector, so the order does not depend on when the
 * decisions were made. */
static void *sorted_copy(const void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	void *c = pcm_xmalloc(n * size + 1);

	if (n) {
		memcpy(c, v, n * size);
		qsort(c, n, size, cmp);
	}
	return c;
}

static void push_stmt(char ***stmts, size_t *n, size_t *cap, struct pcm_sbuf *b)
{
	pcm_vec_grow((void **)stmts, cap, *n + 1, sizeof **stmts);
	(*stmts)[(*n)++] = pcm_sbuf_take(b);
}

struct stmt_list {
	char **v;
	size_t n, cap;
};

/* Rooms the plan disables that are enabled in the source. */
static void disable_statements(const struct pcm_deployment *d, const struct pcm_plan *p,
                               struct stmt_list *out)
{
	struct pcm_disable *v = sorted_copy(p->disabled.v, p->disabled.n, sizeof *v, cmp_disable);
	size_t i;

	for (i = 0; i < p->disabled.n; i++) {
		uint32_t k = pcm_node_index(d, v[i].node_id);
		const struct pcm_node *nd;
		struct pcm_sbuf b = { 0 };
		char *name, what[64];

		if (k == PCM_NONE || (i && v[i].node_id == v[i - 1].node_id))
			continue;
		nd = &d->nodes.v[k];
		if (nd->is_category || nd->disabled)
			continue;
		name = pcm_sql_quote(nd->name);
		pcm_sbuf_printf(&b, "-- disable room nodeID %d (not migrated)\n", (int)nd->id);
		pcm_sbuf_printf(&b, "UPDATE dbo.tblNode SET disabled = 1\n"
		                "\tWHERE nodeID = %d AND nodeType = 0 AND disabled = 0\n\tAND ", (int)nd->id);
		add_text_guard(&b, "nodeName", name);
		pcm_sbuf_add(&b, ";\n");
		snprintf(what, sizeof what, "tblNode nodeID %d", (int)nd->id);
		add_rowcount_check(&b, what);
		push_stmt(&out->v, &out->n, &out->cap, &b);
		free(name);
	}
	free(v);
}

/* Rooms (and categories) the plan renames: the own name, not the
 * flattened prefix. */
static void rename_statements(const struct pcm_deployment *d, const struct pcm_plan *p,
                              struct stmt_list *out)
{
	struct pcm_rename *v = sorted_copy(p->renames.v, p->renames.n, sizeof *v, cmp_rename);
	size_t i;

	for (i = 0; i < p->renames.n; i++) {
		uint32_t k = pcm_node_index(d, v[i].node_id);
		const struct pcm_node *nd;
		struct pcm_sbuf b = { 0 };
		char *oldq, *newq, what[64];

		if (k == PCM_NONE || !v[i].new_name || (i && v[i].node_id == v[i - 1].node_id))
			continue;
		nd = &d->nodes.v[k];
		if (strcmp(nd->name, v[i].new_name) == 0)
			continue;
		oldq = pcm_sql_quote(nd->name);
		newq = pcm_sql_quote(v[i].new_name);
		pcm_sbuf_printf(&b, "-- rename %s nodeID %d\n", nd->is_category ? "category" : "room",
		                (int)nd->id);
		pcm_sbuf_printf(&b, "UPDATE dbo.tblNode SET nodeName = %s\n"
		                "\tWHERE nodeID = %d AND nodeType = %d\n\tAND ",
		                newq, (int)nd->id, nd->is_category ? 1 : 0);
		add_text_guard(&b, "nodeName", oldq);
		pcm_sbuf_add(&b, ";\n");
		snprintf(what, sizeof what, "tblNode nodeID %d", (int)nd->id);
		add_rowcount_check(&b, what);
		push_stmt(&out->v, &out->n, &out->cap, &b);
		free(oldq);
		free(newq);
	}
	free(v);
}

static int cmp_role_by_prin(const void *a, const void *b, const struct pcm_deployment *d)
{
	const struct pcm_role *x = a, *y = b;
	int c = cmp_i32(d->principals.v[x->principal].id, d->principals.v[y->principal].id);

	return c ? c : cmp_i32(x->type_id, y->type_id);
}

/* Manager assignments on the root that the plan drops, by prinID. */
static void root_manager_statements(const struct pcm_deployment *d, const struct pcm_plan *p,
                                    struct stmt_list *out)
{
	struct pcm_role *drop = NULL;
	size_t ndrop = 0, cap = 0, i, j;

	if (d->root == PCM_NONE)
		return;
	for (i = 0; i < d->roles.n; i++) {
		const struct pcm_role *r = &d->roles.v[i];
		if (r->node != d->root || r->kind != PCM_ROLE_MANAGER)
			continue;
		for (j = 0; j < p->root_managers.n; j++)
			if (p->root_managers.v[j].uri && !p->root_managers.v[j].keep &&
			    pcm_casefold_equal(p->root_managers.v[j].uri, d->principals.v[r->principal].uri))
				break;
		if (j == p->root_managers.n)
			continue;
		pcm_vec_grow((void **)&drop, &cap, ndrop + 1, sizeof *drop);
		drop[ndrop++] = *r;
	}
	/* insertion sort: root managers are few */
	for (i = 1; i < ndrop; i++)
		for (j = i; j > 0 && cmp_role_by_prin(&drop[j - 1], &drop[j], d) > 0; j--) {
			struct pcm_role t = drop[j];
			drop[j] = drop[j - 1];
			drop[j - 1] = t;
		}
	for (i = 0; i < ndrop; i++) {
		const struct pcm_principal *pr = &d->principals.v[drop[i].principal];
		const char *rdesc = "Manager";
		struct pcm_sbuf b = { 0 };
		char *uriq, *descq, what[96];

		for (j = 0; j < d->rtypes.n; j++)
			if (d->rtypes.v[j].id == drop[i].type_id)
				rdesc = d->rtypes.v[j].desc;
		uriq = pcm_sql_quote(pr->uri);
		descq = pcm_sql_quote(rdesc);
		pcm_sbuf_printf(&b, "-- drop root manager prinID %d (would manage every room)\n",
		                (int)pr->id);
		pcm_sbuf_printf(&b, "DELETE FROM dbo.tblPrincipalRole\n"
		                "\tWHERE prinRoleNodeID = %d AND prinRolePrinID = %d AND prinRoleTypeID = %d\n"
		                "\tAND EXISTS (SELECT 1 FROM dbo.tblPrincipal WHERE prinID = %d\n\t\tAND ",
		                PCM_ROOT_NODE_ID, (int)pr->id, (int)drop[i].type_id, (int)pr->id);
		add_text_guard(&b, "prinUri", uriq);
		pcm_sbuf_printf(&b, ")\n\tAND EXISTS (SELECT 1 FROM dbo.tblRoleType WHERE rtypeID = %d\n\t\tAND ",
		                (int)drop[i].type_id);
		add_text_guard(&b, "rtypeDesc", descq);
		pcm_sbuf_add(&b, ");\n");
		snprintf(what, sizeof what, "tblPrincipalRole (node %d, prinID %d, role %d)",
		         PCM_ROOT_NODE_ID, (int)pr->id, (int)drop[i].type_id);
		add_rowcount_check(&b, what);
		push_stmt(&out->v, &out->n, &out->cap, &b);
		free(uriq);
		free(descq);
	}
	free(drop);
}

/* Categories whose invitations the plan turns on. */
static void invite_statements(const struct pcm_deployment *d, const struct pcm_plan *p,
                              struct stmt_list *out)
{
	struct pcm_category_invite *v = sorted_copy(p->invitations.v, p->invitations.n,
	                                            sizeof *v, cmp_invite);
	size_t i;

	for (i = 0; i < p->invitations.n; i++) {
		uint32_t k = pcm_node_index(d, v[i].node_id);
		const struct pcm_node *nd;
		struct pcm_sbuf b = { 0 };
		char *name, what[64];

		if (k == PCM_NONE || !v[i].turn_on || (i && v[i].node_id == v[i - 1].node_id))
			continue;
		nd = &d->nodes.v[k];
		if (!nd->is_category || nd->invite == PCM_ON)
			continue;
		name = pcm_sql_quote(nd->name);
		pcm_sbuf_printf(&b, "-- turn invitations on for category nodeID %d\n", (int)nd->id);
		pcm_sbuf_printf(&b, "UPDATE dbo.tblNode SET invite = 1\n"
		                "\tWHERE nodeID = %d AND nodeType = 1 AND invite %s\n\tAND ",
		                (int)nd->id, tristate_guard(nd->invite));
		add_text_guard(&b, "nodeName", name);
		pcm_sbuf_add(&b, ";\n");
		snprintf(what, sizeof what, "tblNode nodeID %d", (int)nd->id);
		add_rowcount_check(&b, what);
		push_stmt(&out->v, &out->n, &out->cap, &b);
		free(name);
	}
	free(v);
}

int pcm_fixsql_statements(const struct pcm_deployment *d, const struct pcm_plan *p,
                          char ***stmts, size_t *n)
{
	struct stmt_list l = { 0 };

	disable_statements(d, p, &l);
	rename_statements(d, p, &l);
	root_manager_statements(d, p, &l);
	invite_statements(d, p, &l);
	*stmts = l.v;
	*n = l.n;
	return 0;
}

void pcm_fixsql_free(char **stmts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(stmts[i]);
	free(stmts);
}

/* A header line may only carry text without line breaks. */
static void add_comment_value(struct pcm_sbuf *b, const char *s)
{
	for (; s && *s; s++)
		pcm_sbuf_addc(b, (*s == '\n' || *s == '\r') ? ' ' : *s);
}

char *pcm_fixsql_script(const struct pcm_deployment *d, const struct pcm_plan *p)
{
	struct pcm_sbuf b = { 0 };
	char **stmts;
	size_t n, i;

	pcm_fixsql_statements(d, p, &stmts, &n);
	pcm_sbuf_add(&b, "-- fix-source.sql: written by pcmigrate from the migration plan.\n"
	             "-- UNSUPPORTED FALLBACK: Microsoft does not support direct writes to the\n"
	             "-- Group Chat database. The supported way to make these changes is the\n"
	             "-- Group Chat Admin Tool, following admin-tool-worklist.txt in this\n"
	             "-- package; then `pcmigrate check --source <database> --plan <plan>`\n"
	             "-- shows every change done. Run this script only on purpose, instead.\n"
	             "-- Applies the plan's decisions to the legacy Group Chat database, so that\n"
	             "-- Export-CsPersistentChatData carries them. Run it after a full backup,\n"
	             "-- with the Group Chat services stopped:\n"
	             "--   sqlcmd -b -S <server\\instance> -d <database> -i fix-source.sql\n"
	             "-- (the file is Unicode, UTF-16LE with a byte-order mark, which sqlcmd\n"
	             "-- reads as it is: no -f code page).\n"
	             "-- One transaction: every statement changes exactly the row it names\n"
	             "-- (names compared exactly: case and trailing spaces count), or nothing\n"
	             "-- at all is changed.\n");
	pcm_sbuf_add(&b, "-- Source: ");
	add_comment_value(&b, d->info.server);
	pcm_sbuf_add(&b, " / database ");
	add_comment_value(&b, d->info.database);
	if (d->info.taken_at) {
		pcm_sbuf_add(&b, ", taken at ");
		add_comment_value(&b, d->info.taken_at);
	}
	pcm_sbuf_printf(&b, "\n-- Statements: %zu\n", n);
	pcm_sbuf_add(&b, "SET XACT_ABORT ON;\nBEGIN TRANSACTION;\n");
	for (i = 0; i < n; i++) {
		pcm_sbuf_addc(&b, '\n');
		pcm_sbuf_add(&b, stmts[i]);
	}
	pcm_sbuf_add(&b, "\nCOMMIT TRANSACTION;\n");
	pcm_fixsql_free(stmts, n);
	return pcm_sbuf_take(&b);
}

/* sqlcmd 2005-2008 R2 read a script in the Windows code page unless it is
 * Unicode ("If no code pages are specified, sqlcmd uses the current code
 * page for both input and output files, unless the input file is a
 * Unicode file": the sqlcmd utility page, -f, on learn.microsoft.com):
 * UTF-16LE with a byte-order mark, as SSMS saves "Unicode". */
char *pcm_fixsql_utf16(const char *text, size_t *len)
{
	size_t n = strlen(text), k, at = 2;
	unsigned char *out = pcm_xmalloc(2 * n + 2);
	uint32_t cp;

	out[0] = 0xFF;
	out[1] = 0xFE;
	for (; n; text += k, n -= k) {
		k = pcm_utf8_next(text, n, &cp);
		if (!k) {
			k = 1;
			cp = 0xFFFD;
		}
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			unsigned hi = 0xD800 | (v >> 10), lo = 0xDC00 | (v & 0x3FF);
			out[at++] = (unsigned char)hi;
			out[at++] = (unsigned char)(hi >> 8);
			out[at++] = (unsigned char)lo;
			out[at++] = (unsigned char)(lo >> 8);
		} else {
			out[at++] = (unsigned char)cp;
			out[at++] = (unsigned char)(cp >> 8);
		}
	}
	*len = at;
	return (char *)out;
}
