/* SPDX-License-Identifier: MIT */
/* The package writers on the fixture deployment and plan: quoting
 * (PowerShell, T-SQL, cmd), the fix-source.sql statements, the package
 * view (roles, settings, R4), and golden files for the scripts. Set
 * PCM_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate
 * change (then review the diff). */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "engine_fixture.h"
#include "engine/fixsql.h"
#include "engine/package.h"
#include "rules/checks.h"
#include "engine/worklist.h"

struct fx {
	struct pcm_deployment *d;
	struct pcm_plan *p;
	struct pcm_package pkg;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct pcm_error err = { 0 };

	f->d = fx_deployment();
	f->p = fx_plan(f->d);
	if (pcm_package_build(&f->pkg, f->d, f->p, &err) != 0) {
		fprintf(stderr, "package: %s\n", err.text);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	pcm_package_free(&f->pkg);
	pcm_plan_free(f->p);
	pcm_deployment_free(f->d);
	free(f);
	return 0;
}

/* Compares text with tests/golden/name byte for byte. */
static void assert_golden(const char *name, const char *text)
{
	const char *top = getenv("top_srcdir");
	char *path = pcm_xasprintf("%s/tests/golden/%s", top ? top : ".", name);
	size_t n = strlen(text), got;
	char *want;
	FILE *fp;

	if (getenv("PCM_UPDATE_GOLDEN")) {
		fp = fopen(path, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(text, 1, n, fp), n);
		fclose(fp);
	}
	fp = fopen(path, "rb");
	if (!fp)
		fail_msg("golden file %s is missing (run with PCM_UPDATE_GOLDEN=1 once)", path);
	want = malloc(n + 2);
	got = fread(want, 1, n + 1, fp);
	fclose(fp);
	if (got != n || memcmp(want, text, n) != 0)
		fail_msg("%s differs from the golden file %s", name, path);
	free(want);
	free(path);
}

static const struct pcm_pkg_room *room_by_id(const struct pcm_package *pkg, int32_t id)
{
	size_t i;

	for (i = 0; i < pkg->nrooms; i++)
		if (pkg->rooms[i].node->id == id)
			return &pkg->rooms[i];
	return NULL;
}

static bool has_prin(const struct pcm_deployment *d, const struct pcm_prin_list *l, int32_t id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (d->principals.v[l->v[i]].id == id)
			return true;
	return false;
}

/* First character of set found outside PowerShell single-quoted strings
 * (', U+2018..U+201B, doubled inside) and # comments, or NULL. */
static const char *ps_unquoted(const char *s, const char *set)
{
	bool in_str = false, in_comment = false;

	for (; *s; s++) {
		const unsigned char *u = (const unsigned char *)s;
		size_t q = *u == '\'' ? 1 : (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9B) ? 3 : 0;
		if (in_comment) {
			in_comment = *s != '\n';
			continue;
		}
		if (q) {
			if (in_str) {
				const unsigned char *n = u + q;
				size_t q2 = *n == '\'' ? 1 : (n[0] == 0xE2 && n[1] == 0x80 && n[2] >= 0x98 && n[2] <= 0x9B) ? 3 : 0;
				if (q2) {
					s += q + q2 - 1;
					continue;
				}
			}
			in_str = !in_str;
			s += q - 1;
			continue;
		}
		if (!in_str && *s == '#') {
			in_comment = true;
			continue;
		}
		if (!in_str && strchr(set, *s))
			return s;
	}
	return NULL;
}

/* ---- quoting ---- */

static void ps_quote_keeps_names_literal(void **state)
{
	char *q;

	(void)state;
	q = pcm_ps_quote("it's $HOME `whoami` \xED\x95\x9C");
	assert_string_equal(q, "'it''s $HOME `whoami` \xED\x95\x9C'");
	free(q);
	/* PowerShell also ends a single-quoted string at U+2018..U+201B */
	q = pcm_ps_quote("a\xE2\x80\x99" "b\xE2\x80\x98");
	assert_string_equal(q, "'a\xE2\x80\x99\xE2\x80\x99" "b\xE2\x80\x98\xE2\x80\x98'");
	free(q);
	q = pcm_ps_quote("");
	assert_string_equal(q, "''");
	free(q);
	/* no raw control character, newline or escape in a script */
	q = pcm_ps_quote("a\nb\x1B[31m");
	assert_string_equal(q, "('a' + [char]0x000A + 'b' + [char]0x001B + '[31m')");
	free(q);
	q = pcm_ps_quote("\t");
	assert_string_equal(q, "('' + [char]0x0009)");
	free(q);
	q = pcm_ps_quote("x\xE2\x80\xA8");
	assert_string_equal(q, "('x' + [char]0x2028)");
	free(q);
	/* never a double quote around anything */
	q = pcm_ps_quote("say \"hi\" $(rm -r C:\\)");
	assert_string_equal(q, "'say \"hi\" $(rm -r C:\\)'");
	free(q);
}

static void sql_quote_doubles_quotes(void **state)
{
	char *q;

	(void)state;
	q = pcm_sql_quote("O'Brien's");
	assert_string_equal(q, "N'O''Brien''s'");
	free(q);
	q = pcm_sql_quote("\xED\x95\x9C'; DROP TABLE tblNode; --");
	assert_string_equal(q, "N'\xED\x95\x9C''; DROP TABLE tblNode; --'");
	free(q);
}

/* ---- fix-source.sql ---- */

static void fixsql_one_guarded_statement_per_decision(void **state)
{
	struct fx *f = *state;
	char **stmts;
	size_t n, i;

	pcm_fixsql_statements(f->d, f->p, &stmts, &n);
	/* disable 24, rename 22, drop root manager 11, invitations on 4 */
	assert_int_equal(n, 4);
	assert_non_null(strstr(stmts[0], "SET disabled = 1"));
	assert_non_null(strstr(stmts[0], "WHERE nodeID = 24 AND nodeType = 0 AND disabled = 0\n\tAND nodeName = "
	                                 "N'to-disable' COLLATE Latin1_General_BIN2 AND DATALENGTH(nodeName) = "
	                                 "DATALENGTH(N'to-disable');"));
	assert_non_null(strstr(stmts[1], "SET nodeName = N'O''Neil''s \"new\" room'"));
	assert_non_null(strstr(stmts[1], "WHERE nodeID = 22 AND nodeType = 0\n\tAND nodeName = N'O''Brien''s room' "
	                                 "COLLATE Latin1_General_BIN2 AND DATALENGTH(nodeName) = "
	                                 "DATALENGTH(N'O''Brien''s room');"));
	assert_non_null(strstr(stmts[2], "DELETE FROM dbo.tblPrincipalRole"));
	assert_non_null(strstr(stmts[2], "prinRoleNodeID = 1 AND prinRolePrinID = 11 AND prinRoleTypeID = 2"));
	assert_non_null(strstr(stmts[2], "prinUri = N'sip:lee@contoso.com' COLLATE Latin1_General_BIN2 AND "
	                                 "DATALENGTH(prinUri) = DATALENGTH(N'sip:lee@contoso.com')"));
	assert_non_null(strstr(stmts[2], "rtypeDesc = N'Manager' COLLATE Latin1_General_BIN2 AND "
	                                 "DATALENGTH(rtypeDesc) = DATALENGTH(N'Manager')"));
	assert_non_null(strstr(stmts[3], "SET invite = 1"));
	assert_non_null(strstr(stmts[3], "nodeID = 4 AND nodeType = 1 AND invite = 0\n\tAND nodeName = N'Busan' "
	                                 "COLLATE Latin1_General_BIN2 AND DATALENGTH(nodeName) = DATALENGTH(N'Busan');"));
	for (i = 0; i < n; i++) {
		assert_non_null(strstr(stmts[i], "IF @@ROWCOUNT <> 1"));
		assert_non_null(strstr(stmts[i], "ROLLBACK TRANSACTION"));
		assert_non_null(strstr(stmts[i], "RAISERROR("));
	}
	pcm_fixsql_free(stmts, n);
}

/* The file is UTF-16LE after a byte-order mark (what sqlcmd reads with no
 * code page): ASCII, Hangul and a character outside the BMP. */
static void fixsql_file_is_utf16le_with_bom(void **state)
{
	static const unsigned char want[] = { 0xFF, 0xFE, 'N', 0, '\'', 0, 0x5C, 0xD5, 0x00, 0xAE,
					      0x42, 0xD8, 0xB7, 0xDF, 0xFD, 0xFF, '\n', 0 };
	size_t n;
	char *u = pcm_fixsql_utf16("N'\xed\x95\x9c\xea\xb8\x80\xf0\xa0\xae\xb7\xff\n", &n);

	(void)state;
	assert_int_equal(n, sizeof want);
	assert_memory_equal(u, want, sizeof want);
	free(u);
}

static void fixsql_script_is_one_transaction(void **state)
{
	struct fx *f = *state;
	char *s = pcm_fixsql_script(f->d, f->p);
	const char *begin = strstr(s, "BEGIN TRANSACTION;"), *commit = strstr(s, "COMMIT TRANSACTION;");

	assert_non_null(strstr(s, "SET XACT_ABORT ON;"));
	assert_non_null(begin);
	assert_non_null(commit);
	assert_true(begin < commit);
	assert_null(strstr(commit + 1, "BEGIN TRANSACTION"));
	assert_non_null(strstr(s, "UNSUPPORTED FALLBACK: Microsoft does not support direct writes"));
	assert_non_null(strstr(s, "admin-tool-worklist.txt"));
	assert_golden("fix-source.sql", s);
	free(s);
}

/* ---- admin-tool-worklist.txt ---- */

/* One item per change, grouped by category in tree order: the root's
 * dropped manager, then Sales (room 24 disabled), Seoul (room 22
 * renamed), Busan (invitations on); the kept root manager and the
 * accepted forced invitation change nothing and are not listed. */
static void worklist_lists_each_change_in_admin_tool_order(void **state)
{
	struct fx *f = *state;
	struct pcm_worklist wl;
	char *text;

	pcm_worklist_build(f->d, f->p, &wl);
	assert_int_equal(wl.items.n, 4);
	assert_int_equal(wl.done, 0);
	assert_int_equal(wl.items.v[0].kind, PCM_WORK_ROOT_MANAGER);
	assert_string_equal(wl.items.v[0].id, "sip:lee@contoso.com");
	assert_int_equal(wl.items.v[1].kind, PCM_WORK_DISABLE_ROOM);
	assert_string_equal(wl.items.v[1].id, "24");
	assert_string_equal(wl.items.v[1].path, "Sales/to-disable");
	assert_int_equal(wl.items.v[2].kind, PCM_WORK_RENAME_ROOM);
	assert_string_equal(wl.items.v[2].id, "22");
	assert_int_equal(wl.items.v[3].kind, PCM_WORK_INVITATIONS);
	assert_string_equal(wl.items.v[3].id, "4");
	for (size_t i = 0; i < wl.items.n; i++) {
		assert_false(wl.items.v[i].done);
		assert_memory_equal(wl.items.v[i].line, "[ ] ", 4);
		assert_non_null(strstr(wl.items.v[i].line, "(nodeID "));
	}
	assert_non_null(strstr(wl.items.v[2].line, "Sales/Seoul/O'Brien's room (nodeID 22)"));
	assert_non_null(strstr(wl.items.v[2].line, "from \"O'Brien's room\" to \"O'Neil's \"new\" room\""));
	assert_non_null(strstr(wl.items.v[1].line, "Disable this chat room"));
	assert_non_null(strstr(wl.items.v[3].line, "Invitations: Yes"));
	assert_non_null(strstr(wl.items.v[0].line, "Chat Room Managers tab"));
	/* headings open each category's group, once */
	char *h = pcm_worklist_group_heading(f->d, &wl, 0);
	assert_string_equal(h, "Root category Contoso (nodeID 1)");
	free(h);
	h = pcm_worklist_group_heading(f->d, &wl, 2);
	assert_string_equal(h, "Category Sales/Seoul (nodeID 3)");
	free(h);
	pcm_worklist_free(&wl);
	text = pcm_worklist_text(f->d, f->p);
	assert_golden("admin-tool-worklist.txt", text);
	free(text);
}

/* After the admin worked through it, a source that carries every change
 * shows every item done; one still undone stays "[ ]". */
static void worklist_marks_what_the_source_carries(void **state)
{
	struct fx *f = *state;
	struct pcm_deployment *d = f->d;
	struct pcm_worklist wl;
	uint32_t lee = pcm_principal_by_uri(d, "sip:lee@contoso.com");
	size_t i;

	d->nodes.v[pcm_node_index(d, 22)].name = (char *)"O'Neil's \"new\" room";
	d->nodes.v[pcm_node_index(d, 24)].disabled = true;
	for (i = 0; i < d->roles.n; i++)
		if (d->roles.v[i].node == d->root && d->roles.v[i].principal == lee)
			d->roles.v[i].kind = PCM_ROLE_MEMBER;
	pcm_worklist_build(d, f->p, &wl);
	assert_int_equal(wl.items.n, 4);
	assert_int_equal(wl.done, 3);
	for (i = 0; i < wl.items.n; i++) {
		bool invite = wl.items.v[i].kind == PCM_WORK_INVITATIONS;
		assert_int_equal(wl.items.v[i].done, !invite);
		assert_memory_equal(wl.items.v[i].line, invite ? "[ ] " : "[x] ", 4);
	}
	/* the done rename still says what it was */
	assert_non_null(strstr(wl.items.v[2].line, "from \"O'Brien's room\""));
	pcm_worklist_free(&wl);
	d->nodes.v[pcm_node_index(d, 4)].invite = PCM_ON;
	pcm_worklist_build(d, f->p, &wl);
	assert_int_equal(wl.done, wl.items.n);
	pcm_worklist_free(&wl);
}

/* The lines a wizard screen shows are the file's lines. */
static void worklist_lines_are_the_text(void **state)
{
	struct fx *f = *state;
	char *text = pcm_worklist_text(f->d, f->p);
	size_t n, i, len = 0;
	char **lines = pcm_worklist_lines(f->d, f->p, &n);
	struct pcm_sbuf b = { 0 };

	for (i = 0; i < n; i++) {
		assert_null(strchr(lines[i], '\n'));
		pcm_sbuf_printf(&b, "%s\n", lines[i]);
		len += strlen(lines[i]) + 1;
	}
	assert_int_equal(len, strlen(text));
	assert_string_equal(b.s, text);
	pcm_sbuf_free(&b);
	pcm_worklist_lines_free(lines, n);
	free(text);
}

static void fixsql_empty_plan_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct pcm_plan *p = pcm_plan_new();
	char **stmts;
	size_t n;

	pcm_plan_bind(p, f->d);
	/* a decision on a vanished node and a no-op rename are skipped */
	pcm_plan_set_rename(p, 999, "gone", "whatever");
	pcm_plan_set_rename(p, 20, "general", "general");
	pcm_plan_set_disabled(p, 23, "retired", true);    /* already disabled */
	pcm_fixsql_statements(f->d, p, &stmts, &n);
	assert_int_equal(n, 0);
	pcm_fixsql_free(stmts, n);
	pcm_plan_free(p);
}

/* ---- the package view ---- */

static void package_applies_the_plan(void **state)
{
	struct fx *f = *state;
	const struct pcm_package *pkg = &f->pkg;
	const struct pcm_pkg_room *r;

	/* migrated: 20, 21, 22, 25, 26 (23 disabled in source, 24 by plan) */
	assert_int_equal(pkg->nrooms, 5);
	assert_null(room_by_id(pkg, 23));
	assert_null(room_by_id(pkg, 24));
	/* renamed, with the flattened prefix */
	r = room_by_id(pkg, 22);
	assert_non_null(r);
	assert_string_equal(r->t->name, "Sales/Seoul/O'Neil's \"new\" room");
	/* R4: 21 asks for invitations in a category that has them off: forced */
	r = room_by_id(pkg, 21);
	assert_string_equal(r->invitations, "False");
	assert_true(r->invite_forced);
	assert_string_equal(r->privacy, "Closed");
	/* 26: its category was turned on by the plan: not forced */
	r = room_by_id(pkg, 26);
	assert_string_equal(r->invitations, "Inherit");
	assert_false(r->invite_forced);
	assert_string_equal(r->privacy, "Secret");
	/* R2: kim (kept) manages every migrated room, lee (dropped) none */
	for (size_t i = 0; i < pkg->nrooms; i++) {
		assert_true(has_prin(f->d, &pkg->rooms[i].managers, 10));
		assert_false(has_prin(f->d, &pkg->rooms[i].managers, 11));
	}
	assert_int_equal(pkg->managers_added, 5);
	/* roles: 12 member of Sales reaches its rooms; 14 disabled is dropped */
	r = room_by_id(pkg, 20);
	assert_true(has_prin(f->d, &r->members, 12));
	assert_true(has_prin(f->d, &r->members, 13));
	assert_false(has_prin(f->d, &r->members, 14));
	assert_non_null(r->addin);
	assert_string_equal(r->addin->name, "Sales board");
	assert_string_equal(r->privacy, "Open");
	assert_true(has_prin(f->d, &room_by_id(pkg, 21)->members, 12));
	assert_false(has_prin(f->d, &room_by_id(pkg, 26)->members, 12));
	/* auditorium under the root, presenter 12 */
	r = room_by_id(pkg, 25);
	assert_string_equal(r->type, "Auditorium");
	assert_true(has_prin(f->d, &r->presenters, 12));
	assert_true(r->t->under_root);
	/* cutoff: 20 keeps 2 of its 3 messages (one exactly at the cutoff);
	 * the lobby's only message is older */
	assert_int_equal(room_by_id(pkg, 20)->messages_expected, 2);
	assert_int_equal(room_by_id(pkg, 25)->messages_expected, 0);
	assert_int_equal(room_by_id(pkg, 20)->files, 1);
}

static void category_scope_and_creators(void **state)
{
	struct fx *f = *state;
	size_t i;
	bool seen = false;

	for (i = 0; i < f->pkg.ncategories; i++) {
		const struct pcm_pkg_category *c = &f->pkg.categories[i];
		if (strcmp(c->t->name, "Sales") != 0)
			continue;
		seen = true;
		assert_true(has_prin(f->d, &c->allowed, 13));
		assert_true(has_prin(f->d, &c->creators, 12));
		assert_true(c->t->invitations);
	}
	assert_true(seen);
}

/* ---- scripts ---- */

static void runbook_follows_the_procedure(void **state)
{
	struct fx *f = *state;
	char *s = pcm_runbook_text(&f->pkg);
	const char *steps[] = {
		"same Active Directory forest",
		"Confirm-Continue 'Is the pool in the same forest, are all Group Chat services stopped",
		/* -StartDate only with -Level RoomDirectory, as the page says; -DBName, -Report */
		("Export-CsPersistentChatData -DBInstance $LegacySqlInstance -DBName $LegacyDatabase -FileName $ExportFile "
		 "-Level RoomDirectory -StartDate $StartDate -Report $ExportReport"),
		"The export command carries -StartDate 2012-01-01T00:00:00Z; check the import report",
		/* the pool exists and holds none of the plan's names */
		"$servers = @(Get-CsService -PersistentChatServer -PoolFqdn $PoolFqdn)",
		"$PlanRooms = @(",
		"\t'plant',",
		"foreach ($c in @(Get-CsPersistentChatCategory -PersistentChatPoolFqdn $PoolFqdn))",
		"foreach ($r in @(Get-CsPersistentChatRoom -PersistentChatPoolFqdn $PoolFqdn))",
		"throw ('The pool already holds these names",
		"Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -Report $TrialReport -WhatIf",
		"Confirm-Continue ('Review the errors",
		"$ImportBegun = $true",
		"Import-CsPersistentChatData -DBInstance $TargetSqlInstance -FileName $ExportFile -Report $ImportReport -Confirm:$false",
		"robocopy $LegacyFileStore $NewFileStore",
		"cannot upload or view files in chat rooms",
		/* the Lookup Server account recorded before it is deleted */
		"Export-Clixml -InputObject $lookup -Path $LookupRecord",
		"Confirm-Continue ('Delete the Lookup Server user account",
		"New-CsPersistentChatEndpoint -SipAddress $LookupServerUri -PersistentChatPoolFqdn $PoolFqdn",
		"Remove-CsTrustedApplication",
	};
	const char *at = s;
	size_t i;

	assert_memory_equal(s, "\xEF\xBB\xBF", 3);
	assert_null(ps_unquoted(s, "\"`"));
	assert_non_null(strstr(s, "$ErrorActionPreference = 'Stop'"));
	assert_non_null(strstr(s, "[string]$LegacySqlInstance = 'SQL01\\GROUPCHAT'"));
	assert_non_null(strstr(s, "[string]$LookupServerUri = 'sip:ocschat@contoso.com'"));
	assert_non_null(strstr(s, "[string]$LegacyDatabase = 'GroupChatDB'"));
	/* the rollback, printed when the import fails */
	assert_non_null(strstr(s, "function Show-Rollback {"));
	assert_non_null(strstr(s, "Restore the Persistent Chat database from the backup of step 4"));
	assert_non_null(strstr(s, "\tif ($ImportBegun) { Show-Rollback }"));
	/* no claim that the older messages are left out */
	assert_null(strstr(s, "are not migrated"));
	assert_null(strstr(s, "are not exported"));
	/* never the first file link's share: the plan gives it, else it is asked for */
	assert_non_null(strstr(s, "[string]$LegacyFileStore = '<\\\\legacy-server\\GroupChatFileStore>'"));
	assert_null(strstr(s, "gc01.contoso.com"));
	assert_non_null(strstr(s, "'2012-01-01T00:00:00Z'"));
	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		const char *p = strstr(at, steps[i]);
		if (!p)
			fail_msg("runbook step missing or out of order: %s", steps[i]);
		at = p;
	}
	assert_golden("runbook.ps1", s);
	free(s);
}

static void recreate_quotes_every_name(void **state)
{
	struct fx *f = *state;
	char *s = pcm_recreate_text(&f->pkg);

	/* the nasty room: ' doubled, $ and ` literal, U+2019 doubled, Hangul kept */
	assert_non_null(strstr(s, "New-CsPersistentChatRoom -Name 'Sales/Seoul/it''s $HOME `whoami` \xED\x95\x9C \xE2\x80\x99\xE2\x80\x99q'"));
	assert_non_null(strstr(s, "-Type Normal -Privacy Closed -Invitations False"));
	assert_non_null(strstr(s, "New-CsPersistentChatAddin -Name 'Sales board' -Url 'https://intranet.contoso.com/board?a=1&b=''2''' -PersistentChatPoolFqdn $PoolFqdn"));
	assert_non_null(strstr(s, "-Managers @{Add='sip:kim@contoso.com'}"));
	assert_non_null(strstr(s, "-Members @{Add='sip:park@contoso.com','CN=Sales,OU=Groups,DC=contoso,DC=com'}"));
	/* the legacy scope, then what its rooms' roles need (a room role must
	 * lie within the category's AllowedMembers) */
	assert_non_null(strstr(s, "-AllowedMembers @{Add='CN=Sales,OU=Groups,DC=contoso,DC=com','sip:kim@contoso.com','sip:park@contoso.com'}"));
	assert_non_null(strstr(s, "# AllowedMembers: 2 added that its rooms' managers, members or presenters need"));
	/* settings through Set-, chat history from the legacy logged (NULL: on) */
	assert_non_null(strstr(s, "Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Busan') -Invitations $true -FileUpload $true -ChatHistory $true"));
	/* each item named when it fails; a rerun skips what exists */
	assert_non_null(strstr(s, "Invoke-PoolItem ('room ' + 'plant' + ' (legacy nodeID 26)') {\r\n"
	                          "\tif (-not (Test-Room 'plant')) {\r\n"
	                          "\t\tNew-CsPersistentChatRoom -Name 'plant'"));
	assert_non_null(strstr(s, "catch { throw ('Stopped at ' + $What"));
	/* outside single-quoted strings and comments: no " and no backtick */
	assert_null(ps_unquoted(s, "\"`"));
	assert_null(strstr(s, "sip:lee@contoso.com"));     /* dropped root manager */
	assert_null(strstr(s, "sip:gone@contoso.com"));    /* disabled principal */
	assert_null(strstr(s, "to-disable"));
	assert_null(strstr(s, "retired"));
	assert_golden("recreate-structure.ps1", s);
	free(s);
}

static void copy_files_quotes_paths(void **state)
{
	struct fx *f = *state;
	size_t skipped;
	uint32_t *per_room = calloc(f->pkg.nrooms, sizeof *per_room);
	char *s = pcm_copyfiles_text(&f->pkg, &skipped, per_room);

	assert_non_null(strstr(s, "set \"LEGACY_STORE=\\\\gc01.contoso.com\\MGCFileStore\"\r\n"));
	assert_non_null(strstr(s, "robocopy \"%LEGACY_STORE%\\20\\a1\" \"%NEW_STORE%\\20\\a1\" \"Q1 plan.xlsx\""));
	/* %25 decodes to %, doubled for cmd.exe */
	assert_non_null(strstr(s, "\"100%%\""));
	/* ../secret.txt is refused, not copied */
	assert_int_equal(skipped, 1);
	assert_int_equal(per_room[room_by_id(&f->pkg, 22) - f->pkg.rooms], 1);
	assert_int_equal(per_room[room_by_id(&f->pkg, 20) - f->pkg.rooms], 0);
	free(per_room);
	assert_null(strstr(s, "secret"));
	assert_non_null(strstr(s, "REM skipped: a file link in room nodeID 22"));
	assert_null(strstr(s, "\n\n"));     /* CRLF everywhere: no bare LF pair */
	assert_golden("copy-files.cmd", s);
	free(s);
}

static void empty_plan_keeps_every_root_manager(void **state)
{
	struct fx *f = *state;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_package pkg;
	struct pcm_error err = { 0 };
	size_t i;

	pcm_plan_bind(p, f->d);
	assert_int_equal(pcm_package_build(&pkg, f->d, p, &err), 0);
	/* no decision: both root managers stay, every enabled room migrates */
	assert_int_equal(pkg.nrooms, 6);
	for (i = 0; i < pkg.nrooms; i++) {
		assert_true(has_prin(f->d, &pkg.rooms[i].managers, 10));
		assert_true(has_prin(f->d, &pkg.rooms[i].managers, 11));
	}
	/* no cutoff: every message of room 20 */
	assert_int_equal(room_by_id(&pkg, 20)->messages_expected, 3);
	pcm_package_free(&pkg);
	pcm_plan_free(p);
}

/* The plan's legacy file store: the runbook's robocopy source and
 * copy-files.cmd's LEGACY_STORE (issue 14, section 2). */
static void runbook_takes_the_store_from_the_plan(void **state)
{
	struct fx *f = *state;
	char *s, *c;
	size_t skipped;

	f->p->file_store_root = pcm_xstrdup("\\\\fs02\\Group Chat Files");
	f->p->compliance_server = pcm_xstrdup("SQL02\\COMP");
	f->p->compliance_db = pcm_xstrdup("MGC'Comp");
	s = pcm_runbook_text(&f->pkg);
	/* the compliance database the plan names, in step 1 (issue 14, section 2) */
	assert_non_null(strstr(s, "Write-Host ('Back up the compliance database ' + 'MGC''Comp' + ' on ' + 'SQL02\\COMP' + ' as well"));
	c = pcm_copyfiles_text(&f->pkg, &skipped, NULL);
	assert_non_null(strstr(s, "[string]$LegacyFileStore = '\\\\fs02\\Group Chat Files',"));
	assert_non_null(strstr(c, "set \"LEGACY_STORE=\\\\fs02\\Group Chat Files\""));
	/* the links name another share: their lines keep it */
	assert_non_null(strstr(c, "robocopy \"\\\\gc01.contoso.com\\MGCFileStore\\20\\a1\""));
	free(s);
	free(c);
}

/* recreate-structure.ps1 on a deployment made for section 3 of issue 14:
 * a federated user and group in the scope and the roles, a presenter on
 * a Normal room, a member inside an OU of the scope, chat history off. */
static void recreate_keeps_roles_valid(void **state)
{
	struct pcm_deployment *d = pcm_deployment_new();
	struct pcm_rowmap *m = pcm_rowmap_new(d);
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_package pkg;
	struct pcm_error err = { 0 };
	char *s;

	(void)state;
	d->info.server = pcm_arena_strdup(d->arena, "SQL01");
	d->info.database = pcm_arena_strdup(d->arena, "GroupChatDB");
	FX_OK(ROW(m, &err, "tblPrincipalType", "ptypeID=5", "ptypeDesc=User", "ptypeIsUser=1", "ptypeIsFederated=0"));
	FX_OK(ROW(m, &err, "tblPrincipalType", "ptypeID=7", "ptypeDesc=Federated User", "ptypeIsUser=1", "ptypeIsFederated=1"));
	FX_OK(ROW(m, &err, "tblPrincipalType", "ptypeID=9", "ptypeDesc=Group", "ptypeIsUser=0", "ptypeIsFederated=0"));
	FX_OK(ROW(m, &err, "tblPrincipalType", "ptypeID=11", "ptypeDesc=Federated Group", "ptypeIsUser=0", "ptypeIsFederated=1"));
	FX_OK(ROW(m, &err, "tblRoleType", "rtypeID=1", "rtypeDesc=Member"));
	FX_OK(ROW(m, &err, "tblRoleType", "rtypeID=2", "rtypeDesc=Manager"));
	FX_OK(ROW(m, &err, "tblRoleType", "rtypeID=3", "rtypeDesc=Voiced"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=10", "prinUri=sip:kim@contoso.com", "prinTypeID=5"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=11", "prinUri=sip:bob@fabrikam.com", "prinTypeID=7"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=12", "prinUri=ma-grp://fab", "prinADPath=CN=Fab,DC=fabrikam,DC=com", "prinTypeID=11"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=13", "prinUri=ma-grp://ou", "prinADPath=OU=Ops,DC=contoso,DC=com", "prinTypeID=9"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=14", "prinUri=ma-grp://team", "prinADPath=CN=Team,OU=Ops,DC=contoso,DC=com", "prinTypeID=9"));
	FX_OK(ROW(m, &err, "tblPrincipal", "prinID=15", "prinUri=sip:lee@contoso.com", "prinTypeID=5"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=1", "parentID=1", "nodeType=1", "nodeName=Root", "nodeDesc=", "disabled=0"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=2", "parentID=1", "nodeType=1", "nodeName=Ops", "nodeDesc=", "disabled=0", "logged=0"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=20", "parentID=2", "nodeType=0", "nodeName=talk", "nodeDesc=", "disabled=0", "behavior=4"));
	FX_OK(ROW(m, &err, "tblNode", "nodeID=21", "parentID=2", "nodeType=0", "nodeName=stage", "nodeDesc=", "disabled=0", "behavior=5"));
	FX_OK(ROW(m, &err, "tblScopePrincipal", "scopeNodeID=2", "scopePrinID=13"));
	FX_OK(ROW(m, &err, "tblScopePrincipal", "scopeNodeID=2", "scopePrinID=12"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=20", "prinRolePrinID=10", "prinRoleTypeID=2"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=20", "prinRolePrinID=11", "prinRoleTypeID=1"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=20", "prinRolePrinID=14", "prinRoleTypeID=1"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=20", "prinRolePrinID=15", "prinRoleTypeID=3"));
	FX_OK(ROW(m, &err, "tblPrincipalRole", "prinRoleNodeID=21", "prinRolePrinID=15", "prinRoleTypeID=3"));
	FX_OK(pcm_rowmap_finish(m, &err));
	pcm_rowmap_free(m);
	pcm_plan_bind(p, d);
	if (pcm_package_build(&pkg, d, p, &err) != 0)
		fail_msg("package: %s", err.text);
	s = pcm_recreate_text(&pkg);
	/* no federated user or group anywhere */
	assert_null(strstr(s, "fabrikam"));
	/* the scope's OU holds Team; kim (manager) is added, lee (presenter
	 * of the auditorium) too; chat history off from logged=0 */
	assert_non_null(strstr(s, "Set-CsPersistentChatCategory -Identity (Get-PoolItem 'Ops') -Invitations $false -FileUpload $true -ChatHistory $false "
	                          "-AllowedMembers @{Add='OU=Ops,DC=contoso,DC=com','sip:kim@contoso.com','sip:lee@contoso.com'}\r\n"));
	/* the Normal room: its presenter left out and said so */
	assert_non_null(strstr(s, "# 1 legacy presenter(s) left out: a Normal room has no presenters\r\n"));
	assert_non_null(strstr(s, "Set-CsPersistentChatRoom -Identity (Get-PoolItem 'talk') -Managers @{Add='sip:kim@contoso.com'} "
	                          "-Members @{Add='CN=Team,OU=Ops,DC=contoso,DC=com'}\r\n"));
	/* the auditorium keeps it */
	assert_non_null(strstr(s, "Set-CsPersistentChatRoom -Identity (Get-PoolItem 'stage') -Presenters @{Add='sip:lee@contoso.com'}\r\n"));
	assert_non_null(strstr(s, "# 2 federated list entries were left out (FEDERATED in warnings.txt).\r\n"));
	free(s);
	/* and the run says so in the warnings */
	{
		struct pcm_findings fs;
		size_t i, added = 0, normal = 0;
		pcm_findings_init(&fs);
		pcm_recreate_findings(&pkg, &fs);
		for (i = 0; i < fs.list.n; i++) {
			const struct pcm_finding *x = &fs.list.v[i];
			if (!strcmp(x->code, "ALLOWED-ADDED")) {
				added++;
				assert_string_equal(x->id, "2");
				assert_int_equal(x->number, 2);
				assert_non_null(strstr(x->message, "adds 2 principals (sip:kim@contoso.com first)"));
			} else if (!strcmp(x->code, "PRESENTERS-NORMAL")) {
				normal++;
				assert_string_equal(x->id, "20");
				assert_non_null(strstr(x->message, "its 1 legacy presenters (sip:lee@contoso.com first)"));
			}
		}
		assert_int_equal(added, 1);
		assert_int_equal(normal, 1);
		pcm_findings_free(&fs);
	}
	pcm_package_free(&pkg);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ps_quote_keeps_names_literal),
		cmocka_unit_test(sql_quote_doubles_quotes),
		cmocka_unit_test_setup_teardown(fixsql_one_guarded_statement_per_decision, setup, teardown),
		cmocka_unit_test(fixsql_file_is_utf16le_with_bom),
		cmocka_unit_test_setup_teardown(fixsql_script_is_one_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(fixsql_empty_plan_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(worklist_lists_each_change_in_admin_tool_order, setup, teardown),
		cmocka_unit_test_setup_teardown(worklist_marks_what_the_source_carries, setup, teardown),
		cmocka_unit_test_setup_teardown(worklist_lines_are_the_text, setup, teardown),
		cmocka_unit_test_setup_teardown(package_applies_the_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(category_scope_and_creators, setup, teardown),
		cmocka_unit_test_setup_teardown(runbook_follows_the_procedure, setup, teardown),
		cmocka_unit_test_setup_teardown(recreate_quotes_every_name, setup, teardown),
		cmocka_unit_test_setup_teardown(copy_files_quotes_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_plan_keeps_every_root_manager, setup, teardown),
		cmocka_unit_test(recreate_keeps_roles_valid),
		cmocka_unit_test_setup_teardown(runbook_takes_the_store_from_the_plan, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
