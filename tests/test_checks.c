/* SPDX-License-Identifier: MIT */
/* The checklist rules R1-R7 (checks.c, check_*.c) on purpose-built
 * deployments, edge cases included. */
#include "config.h"
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "rules/checks.h"
#include "rules/cutoff_index.h"
#include "rules/flatten.h"
#include "deploy_builder.h"
#include "rules/plan.h"
#include "rules/rename_rule.h"
#include "base/timeconv.h"
#include "base/util.h"

typedef void (*check_fn)(const struct pcm_deployment *, const struct pcm_plan *,
                         struct pcm_findings *);

static size_t count_code(const struct pcm_findings *f, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < f->list.n; i++)
		n += !strcmp(f->list.v[i].code, code);
	return n;
}

/* The finding with this code and id, or NULL. */
static const struct pcm_finding *find(const struct pcm_findings *f, const char *code, const char *id)
{
	size_t i;

	for (i = 0; i < f->list.n; i++)
		if (!strcmp(f->list.v[i].code, code) && !strcmp(f->list.v[i].id, id))
			return &f->list.v[i];
	return NULL;
}

/* Runs one check into a fresh findings list. */
static void run(check_fn fn, const struct pcm_deployment *d, const struct pcm_plan *p,
                struct pcm_findings *f)
{
	pcm_findings_init(f);
	fn(d, p, f);
}

static char *repeat(const char *unit, size_t n)
{
	size_t l = strlen(unit), i;
	char *s = pcm_xmalloc(l * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * l, unit, l);
	s[l * n] = '\0';
	return s;
}

/* ---- R1 backup ---- */

/* Rooms 100 (two messages) and 101 (one), newest at 2013-02-01T09:00:00Z;
 * the server's clock is UTC+9 (serverUtcOffsetMinutes 540). */
static struct pcm_deployment *backup_deployment(const char *type, const char *finish_local,
                                                int copy_only, int damaged)
{
	struct tb t;

	tb_init(&t, 540);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_room(&t, 100, 10, "general");
	tb_room(&t, 101, 10, "deals");
	if (type)
		tb_backup(&t, type, finish_local, copy_only, damaged);
	tb_finish(&t);
	tb_message(&t, 100, "2013-01-30T10:00:00Z", "a");
	tb_message(&t, 100, "2013-02-01T09:00:00Z", "b");
	tb_message(&t, 101, "2013-01-31T10:00:00Z", "c");
	return tb_done(&t);
}

static void backup_missing_blocks(void **state)
{
	struct pcm_deployment *d = backup_deployment(NULL, NULL, 0, 0);
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	run(pcm_check_backup, d, NULL, &f);
	assert_int_equal(f.list.n, 1);
	x = find(&f, "BACKUP-MISSING", "GroupChatDB");
	assert_non_null(x);
	assert_int_equal(x->severity, PCM_SEV_BLOCK);
	assert_int_equal(x->step, PCM_CS_BACKUP);
	assert_int_equal(x->number, 3);
	assert_int_equal(pcm_findings_blocking(&f), 1);
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

static void backup_exactly_at_newest_message_passes(void **state)
{
	/* 18:00 local at UTC+9 is 09:00Z, the newest message's chatDate */
	struct pcm_deployment *d = backup_deployment("D", "2013-02-01T18:00:00", 0, 0);
	struct pcm_findings f;

	(void)state;
	run(pcm_check_backup, d, NULL, &f);
	assert_int_equal(f.list.n, 0);
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

static void backup_one_second_early_is_stale(void **state)
{
	struct pcm_deployment *d = backup_deployment("D", "2013-02-01T17:59:59", 0, 0);
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	run(pcm_check_backup, d, NULL, &f);
	x = find(&f, "BACKUP-STALE", "GroupChatDB");
	assert_non_null(x);
	assert_int_equal(x->severity, PCM_SEV_BLOCK);
	/* the one message after it is on the backup's own day */
	assert_int_equal(x->number, 1);
	assert_non_null(strstr(x->message, "; 1 messages in 1 rooms"));
	assert_non_null(strstr(x->message, "Sales/general"));
	assert_null(strstr(x->message, "Sales/deals"));
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

static void backup_stale_counts_messages_and_rooms(void **state)
{
	/* finished 2013-01-30T23:00Z: two messages on later days, in two rooms */
	struct pcm_deployment *d = backup_deployment("D", "2013-01-31T08:00:00", 0, 0);
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	run(pcm_check_backup, d, NULL, &f);
	x = find(&f, "BACKUP-STALE", "GroupChatDB");
	assert_non_null(x);
	assert_int_equal(x->number, 2);
	assert_non_null(strstr(x->message, "Sales/general"));
	assert_non_null(strstr(x->message, "Sales/deals"));
	assert_non_null(strstr(x->message, " 2 "));
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

/* The rooms and messages of backup_deployment (newest 2013-02-01T09:00Z)
 * on a server now at server_offset, with one full backup whose msdb
 * time_zone is tz (15-minute steps; "127" unknown; NULL no column). */
static struct pcm_deployment *tz_deployment(int32_t server_offset, const char *finish_local,
                                            const char *tz)
{
	struct tb t;

	tb_init(&t, server_offset);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_room(&t, 100, 10, "general");
	tb_room(&t, 101, 10, "deals");
	tb_backup_tz(&t, "D", finish_local, tz);
	tb_finish(&t);
	tb_message(&t, 100, "2013-01-30T10:00:00Z", "a");
	tb_message(&t, 100, "2013-02-01T09:00:00Z", "b");
	tb_message(&t, 101, "2013-01-31T10:00:00Z", "c");
	return tb_done(&t);
}

/* Finds (0) or blocks (1) with BACKUP-STALE; checks the UTC finish. */
static void tz_verdict(int32_t server_offset, const char *finish_local, const char *tz,
                       const char *finish_utc, int stale)
{
	struct pcm_deployment *d = tz_deployment(server_offset, finish_local, tz);
	struct pcm_findings f;
	int64_t want;

	assert_int_equal(d->backups.n, 1);
	assert_true(pcm_parse_datetime(finish_utc, 0, &want));
	if (d->backups.v[0].finish_ticks != want)
		fail_msg("%s with time_zone %s on a server at %+d: not %s", finish_local,
		         tz ? tz : "NULL", (int)server_offset, finish_utc);
	run(pcm_check_backup, d, NULL, &f);
	assert_int_equal(count_code(&f, "BACKUP-STALE"), stale);
	assert_int_equal(f.list.n, stale);
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

/* Backup times across a daylight-saving change: each backup converts
 * with its own msdb time_zone, not the server's present offset. */
static void backup_uses_its_own_time_zone(void **state)
{
	(void)state;
	/* taken in winter (UTC+1, time_zone 4), checked in summer (UTC+2):
	 * 10:00 local is 09:00Z, the newest message; today's offset would
	 * make it 08:00Z, stale */
	tz_verdict(120, "2013-02-01T10:00:00", "4", "2013-02-01T09:00:00Z", 0);
	/* taken in summer (time_zone 8, UTC+2), checked in winter (UTC+1):
	 * 10:30 local is 08:30Z, before the newest message (09:30Z by
	 * today's offset) */
	tz_verdict(60, "2013-02-01T10:30:00", "8", "2013-02-01T08:30:00Z", 1);
	/* west of UTC: -20 is EST, five hours behind */
	tz_verdict(540, "2013-02-01T04:00:00", "-20", "2013-02-01T09:00:00Z", 0);
	/* 15-minute steps: +5:45 (Nepal) is 23 */
	tz_verdict(0, "2013-02-01T14:45:00", "23", "2013-02-01T09:00:00Z", 0);
}

/* Unknown (127) or no time_zone: the server's present offset. */
static void backup_unknown_time_zone_uses_server_offset(void **state)
{
	(void)state;
	tz_verdict(120, "2013-02-01T10:00:00", "127", "2013-02-01T08:00:00Z", 1);
	tz_verdict(120, "2013-02-01T10:00:00", NULL, "2013-02-01T08:00:00Z", 1);
	tz_verdict(60, "2013-02-01T10:00:00", "127", "2013-02-01T09:00:00Z", 0);
}

static void copy_only_counts_damaged_does_not(void **state)
{
	struct pcm_deployment *d = backup_deployment("D", "2013-02-02T00:00:00", 1, 0);
	struct pcm_findings f;

	(void)state;
	run(pcm_check_backup, d, NULL, &f);
	assert_int_equal(f.list.n, 0);
	pcm_findings_free(&f);
	pcm_deployment_free(d);

	d = backup_deployment("D", "2013-02-02T00:00:00", 0, 1);
	run(pcm_check_backup, d, NULL, &f);
	assert_int_equal(count_code(&f, "BACKUP-MISSING"), 1);
	pcm_findings_free(&f);
	pcm_deployment_free(d);

	/* a differential is not a full backup */
	d = backup_deployment("I", "2013-02-02T00:00:00", 0, 0);
	run(pcm_check_backup, d, NULL, &f);
	assert_int_equal(count_code(&f, "BACKUP-MISSING"), 1);
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

static void backup_override_is_info_with_who_and_why(void **state)
{
	struct pcm_deployment *d = backup_deployment(NULL, NULL, 0, 0);
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	setenv("USER", "kim", 1);
	pcm_plan_override_backup(p, "tape backup taken by the DBA");
	run(pcm_check_backup, d, p, &f);
	assert_int_equal(f.list.n, 1);
	x = find(&f, "BACKUP-OVERRIDDEN", "GroupChatDB");
	assert_non_null(x);
	assert_int_equal(x->severity, PCM_SEV_INFO);
	assert_non_null(strstr(x->message, "tape backup taken by the DBA"));
	assert_non_null(strstr(x->message, "kim"));
	assert_non_null(strstr(x->message, "BACKUP-MISSING"));
	assert_int_equal(pcm_findings_blocking(&f), 0);
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* A compliance database the plan names is a BACKUP-COMPLIANCE warning
 * that names it (issue 14, section 2); none without one. */
static void backup_names_the_compliance_database(void **state)
{
	struct pcm_deployment *d = backup_deployment(NULL, NULL, 0, 0);
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	run(pcm_check_backup, d, p, &f);
	assert_int_equal(count_code(&f, "BACKUP-COMPLIANCE"), 0);
	pcm_findings_free(&f);
	p->compliance_server = pcm_xstrdup("SQL02\\COMP");
	p->compliance_db = pcm_xstrdup("MGCComp");
	run(pcm_check_backup, d, p, &f);
	x = find(&f, "BACKUP-COMPLIANCE", "MGCComp");
	assert_non_null(x);
	assert_int_equal(x->severity, PCM_SEV_WARNING);
	assert_non_null(strstr(x->message, "compliance database MGCComp on SQL02\\COMP"));
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* Without day histograms (what check and migrate ask for when they know
 * the plan) the load counts the plan's cutoff and the newest full
 * backup exactly, even inside a day, and keeps nothing per day. */
static void counted_cutoff_and_backup_are_exact_without_histograms(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	const struct pcm_node *room;
	uint64_t lo, hi;
	int64_t c, other;

	(void)state;
	tb_init(&t, 0);
	tb_room(&t, 100, 1, "r");
	tb_backup(&t, "D", "2013-01-10T12:30:00", 0, 0);
	tb_finish(&t);
	assert_true(pcm_parse_datetime("2013-01-10T12:30:00Z", 0, &c));
	t.d->counting.per_day = false;
	t.d->counting.has_cutoff = true;
	t.d->counting.cutoff_ticks = c;
	tb_message(&t, 100, "2013-01-09T10:00:00Z", "a");
	tb_message(&t, 100, "2013-01-10T11:00:00Z", "b");
	tb_message(&t, 100, "2013-01-10T12:00:00Z", "c");
	tb_message(&t, 100, "2013-01-10T13:00:00Z", "d");
	tb_message(&t, 100, "2013-01-11T00:00:00Z", "e");
	d = tb_done(&t);
	room = &d->nodes.v[pcm_node_index(d, 100)];
	assert_null(room->stats.days);
	assert_int_equal(room->stats.ndays, 0);
	/* the counted cutoff, inside the day's span: exact (3), where the
	 * histogram could only say 2 to 3 */
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 3 && hi == 3);
	assert_int_equal(pcm_room_messages_before(d, room, c), 3);
	/* the newest full backup finished at 12:30: d and e came after it */
	assert_true(d->counting.has_backup && d->counting.backup_ticks == c);
	assert_int_equal(room->stats.after_backup, 2);
	pcm_room_messages_before_bounds(d, room, c + 1, &lo, &hi);
	assert_true(lo == 3 && hi == 3);
	/* any other time inside the span: only what first and last allow */
	assert_true(pcm_parse_datetime("2013-01-10T00:00:00Z", 0, &other));
	pcm_room_messages_before_bounds(d, room, other, &lo, &hi);
	assert_true(lo == 1 && hi == 4);
	/* outside the span: exact as always */
	pcm_room_messages_before_bounds(d, room, other - PCM_TICKS_PER_SECOND * 86400, &lo, &hi);
	assert_true(lo == 0 && hi == 0);
	pcm_deployment_free(d);
}

static void message_bounds_exact_unless_inside_a_days_span(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	const struct pcm_node *room;
	uint64_t lo, hi;
	int64_t c;

	(void)state;
	tb_init(&t, 0);
	tb_room(&t, 100, 1, "r");
	tb_finish(&t);
	tb_message(&t, 100, "2013-01-09T10:00:00Z", "a");
	tb_message(&t, 100, "2013-01-10T11:00:00Z", "b");
	tb_message(&t, 100, "2013-01-10T12:00:00Z", "c");
	tb_message(&t, 100, "2013-01-10T13:00:00Z", "d");
	tb_message(&t, 100, "2013-01-11T00:00:00Z", "e");
	d = tb_done(&t);
	room = &d->nodes.v[pcm_node_index(d, 100)];
	assert_true(pcm_parse_datetime("2013-01-10", 0, &c));
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 1 && hi == 1);
	assert_true(pcm_parse_datetime("2013-01-11", 0, &c));
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 4 && hi == 4);            /* the midnight message is kept */
	/* inside a day but outside its messages' span: exact */
	assert_true(pcm_parse_datetime("2013-01-10T09:00:00Z", 0, &c));
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 1 && hi == 1);
	assert_true(pcm_parse_datetime("2013-01-10T11:00:00Z", 0, &c));
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 1 && hi == 1);            /* equal to the day's first: kept */
	assert_true(pcm_parse_datetime("2013-01-10T13:00:01Z", 0, &c));
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 4 && hi == 4);
	/* equal to the day's last message: that one is kept */
	assert_true(pcm_parse_datetime("2013-01-10T13:00:00Z", 0, &c));
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 2 && hi == 3);            /* truth: 3 */
	/* strictly inside the day's span: the documented limit */
	assert_true(pcm_parse_datetime("2013-01-10T12:30:00Z", 0, &c));
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 2 && hi == 3);            /* truth: 3 */
	assert_true(pcm_parse_datetime("2013-01-09T10:00:00Z", 0, &c));
	pcm_room_messages_before_bounds(d, room, c, &lo, &hi);
	assert_true(lo == 0 && hi == 0);            /* at the first message */
	pcm_deployment_free(d);
}

/* ---- R2 root managers ---- */

static void root_managers_listed_with_room_count(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	tb_init(&t, 0);
	tb_principal(&t, 10, "sip:kim@contoso.com", 5, 0);
	tb_principal(&t, 11, "sip:lee@contoso.com", 5, 0);
	tb_principal(&t, 12, "sip:park@contoso.com", 5, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_room(&t, 100, 10, "a");
	tb_room(&t, 101, 10, "b");
	tb_room_ex(&t, 102, 10, "c", NULL, 1, 4, 0);       /* disabled: not managed */
	tb_role(&t, 1, 10, "Manager");
	tb_role(&t, 1, 11, "Manager");
	tb_role(&t, 1, 12, "Member");                      /* not a manager */
	tb_role(&t, 10, 12, "Manager");                    /* not on the root */
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_root_managers, d, NULL, &f);
	assert_int_equal(count_code(&f, "ROOT-MANAGER"), 2);
	x = find(&f, "ROOT-MANAGER", "sip:kim@contoso.com");
	assert_non_null(x);
	assert_int_equal(x->number, 2);
	assert_int_equal(x->severity, PCM_SEV_WARNING);
	assert_int_equal(x->step, PCM_CS_ROOT_MANAGERS);
	assert_null(find(&f, "ROOT-MANAGER", "sip:park@contoso.com"));
	pcm_findings_free(&f);
	/* dropped: reported as information only; kept stays a warning */
	pcm_plan_set_root_manager(p, "SIP:KIM@contoso.com", false);
	pcm_plan_set_root_manager(p, "sip:lee@contoso.com", true);
	run(pcm_check_root_managers, d, p, &f);
	assert_int_equal(find(&f, "ROOT-MANAGER", "sip:kim@contoso.com")->severity, PCM_SEV_INFO);
	assert_int_equal(find(&f, "ROOT-MANAGER", "sip:lee@contoso.com")->severity, PCM_SEV_WARNING);
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* ---- R3 names ---- */

static void name_of_256_units_passes_257_fails(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_findings f;
	const struct pcm_finding *x;
	/* "Sales/EMEA/" is 11 units */
	char *n245 = repeat("a", 245), *n246 = repeat("b", 246);
	char *hangul256 = repeat("\xED\x95\x9C", 256), *hangul257 = repeat("\xEA\xB8\x80", 257);
	char *astral128 = repeat("\xF0\x9F\x98\x80", 128);
	char *astral129 = repeat("\xF0\x9F\x98\x81", 128);
	char *astral_plus = pcm_xasprintf("%sz", astral129);

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 10, "EMEA", NULL);
	tb_room(&t, 100, 11, n245);
	tb_room(&t, 101, 11, n246);
	tb_room(&t, 102, 10, hangul256);     /* depth-1 category: no prefix */
	tb_room(&t, 103, 10, hangul257);
	tb_room(&t, 104, 10, astral128);     /* 128 x 2 units */
	tb_room(&t, 105, 10, astral_plus);   /* 257 units */
	tb_room_ex(&t, 106, 10, n246, NULL, 1, 4, 0);     /* disabled: out of scope */
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_names, d, NULL, &f);
	assert_null(find(&f, "NAME-TOO-LONG", "100"));
	x = find(&f, "NAME-TOO-LONG", "101");
	assert_non_null(x);
	assert_int_equal(x->number, 1);
	assert_int_equal(x->severity, PCM_SEV_BLOCK);
	assert_int_equal(strncmp(x->object, "Sales/EMEA/", 11), 0);
	assert_non_null(strstr(x->message, "257"));
	assert_null(find(&f, "NAME-TOO-LONG", "102"));
	assert_non_null(find(&f, "NAME-TOO-LONG", "103"));
	assert_null(find(&f, "NAME-TOO-LONG", "104"));
	assert_non_null(find(&f, "NAME-TOO-LONG", "105"));
	assert_null(find(&f, "NAME-TOO-LONG", "106"));
	assert_int_equal(count_code(&f, "NAME-TOO-LONG"), 3);
	pcm_findings_free(&f);
	free(n245);
	free(n246);
	free(hangul256);
	free(hangul257);
	free(astral128);
	free(astral129);
	free(astral_plus);
	pcm_deployment_free(d);
}

static void rename_is_rechecked_with_its_prefix(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;
	char *long_name = repeat("x", 300), *n246 = repeat("c", 246), *n245 = repeat("c", 245);

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 10, "EMEA", NULL);
	tb_room(&t, 100, 11, long_name);
	tb_finish(&t);
	d = tb_done(&t);
	pcm_plan_set_rename(p, 100, long_name, "short");
	run(pcm_check_names, d, p, &f);
	assert_int_equal(count_code(&f, "NAME-TOO-LONG"), 0);
	pcm_findings_free(&f);
	/* 246 units alone fit, but not behind "Sales/EMEA/" */
	pcm_plan_set_rename(p, 100, long_name, n246);
	run(pcm_check_names, d, p, &f);
	assert_int_equal(count_code(&f, "NAME-TOO-LONG"), 1);
	assert_int_equal(find(&f, "NAME-TOO-LONG", "100")->number, 1);
	pcm_findings_free(&f);
	pcm_plan_set_rename(p, 100, long_name, n245);
	run(pcm_check_names, d, p, &f);
	assert_int_equal(count_code(&f, "NAME-TOO-LONG"), 0);
	pcm_findings_free(&f);
	free(long_name);
	free(n246);
	free(n245);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* The rename rule `plan --rename` and the wizard's editor share
 * (rules/rename_rule.c): what it refuses, why, and the offenders a
 * category's rename fixes; the plan is left as it was. */
static void rename_rule_refuses_and_counts(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_rename_verdict v;
	char *n247 = repeat("x", 247), *n300 = repeat("y", 300);
	uint32_t room100, room101, cat11;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 10, "EMEA", NULL);
	tb_room(&t, 100, 11, n247);
	tb_room(&t, 101, 11, "Alpha");
	tb_room(&t, 102, 11, "Beta");
	tb_room(&t, 104, 11, n300);
	tb_finish(&t);
	d = tb_done(&t);
	room100 = pcm_node_index(d, 100);
	room101 = pcm_node_index(d, 101);
	cat11 = pcm_node_index(d, 11);

	assert_false(pcm_rename_judge(d, p, room100, n300, false, &v));
	assert_int_equal(v.problem, PCM_RENAME_TOO_LONG);
	assert_true(v.units > PCM_NAME_LIMIT);
	assert_non_null(strstr(v.why, "over the limit of 256"));
	assert_false(pcm_rename_judge(d, p, room100, "", false, &v));
	assert_int_equal(v.problem, PCM_RENAME_EMPTY);
	assert_false(pcm_rename_judge(d, p, room100, "a\x01b", false, &v));
	assert_int_equal(v.problem, PCM_RENAME_CONTROL);
	/* case-insensitive collision with room 102 */
	assert_false(pcm_rename_judge(d, p, room101, "BETA", false, &v));
	assert_int_equal(v.problem, PCM_RENAME_COLLISION);
	assert_non_null(strstr(v.why, "nodeID 102"));
	assert_true(pcm_rename_judge(d, p, room101, "Gamma", false, &v));
	assert_int_equal(v.problem, PCM_RENAME_OK);
	assert_null(pcm_plan_rename_of(p, 101));
	/* an earlier rename stays when the new one is only judged */
	pcm_plan_set_rename(p, 101, "Alpha", "Delta");
	assert_false(pcm_rename_judge(d, p, room101, "beta", false, &v));
	assert_string_equal(pcm_plan_rename_of(p, 101), "Delta");

	/* a category: accepted whatever its rooms become; 3 units shorter
	 * fixes the 247-unit room, not the 300-unit one */
	assert_true(pcm_rename_judge(d, p, cat11, "E", true, &v));
	assert_int_equal(v.offenders_before, 2);
	assert_int_equal(v.fixed, 1);
	assert_int_equal(v.offenders_after, 1);
	assert_null(pcm_plan_rename_of(p, 11));
	assert_false(pcm_rename_judge(d, p, cat11, "", true, &v));
	free(n247);
	free(n300);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* The target database compares names as SQL Server does: trailing spaces
 * ignored (ANSI padding), so "General " and "general" are one name; and
 * an empty or all-space name is refused by New-CsPersistentChatRoom's
 * mandatory -Name: NAME-EMPTY, blocking. */
static void trailing_spaces_collide_and_empty_names_block(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_findings f;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 1, "Support", NULL);
	tb_room(&t, 100, 10, "General ");
	tb_room(&t, 101, 11, "general");
	tb_room(&t, 102, 11, " General");       /* a leading space is kept */
	tb_room(&t, 103, 10, "   ");
	tb_room(&t, 104, 11, "Plain");
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_names, d, NULL, &f);
	assert_non_null(find(&f, "NAME-COLLISION", "100"));
	assert_non_null(find(&f, "NAME-COLLISION", "101"));
	assert_null(find(&f, "NAME-COLLISION", "102"));
	assert_non_null(find(&f, "NAME-EMPTY", "103"));
	assert_int_equal(find(&f, "NAME-EMPTY", "103")->severity, PCM_SEV_BLOCK);
	assert_non_null(strstr(find(&f, "NAME-EMPTY", "103")->message, "New-CsPersistentChatRoom"));
	assert_int_equal(count_code(&f, "NAME-EMPTY"), 1);
	assert_null(find(&f, "NAME-COLLISION", "104"));
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

static void collisions_differing_only_in_case_one_per_room(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 1, "Support", NULL);
	tb_room(&t, 100, 10, "General");
	tb_room(&t, 101, 11, "gENERAL");
	tb_room(&t, 102, 11, "\xC3\x89t\xC3\xA9");        /* Été */
	tb_room(&t, 103, 10, "\xC3\xA9T\xC3\x89");        /* éTÉ */
	tb_room(&t, 104, 10, "other");
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_names, d, NULL, &f);
	assert_int_equal(count_code(&f, "NAME-COLLISION"), 4);
	assert_non_null(find(&f, "NAME-COLLISION", "100"));
	assert_non_null(find(&f, "NAME-COLLISION", "101"));
	assert_non_null(strstr(find(&f, "NAME-COLLISION", "100")->message, "101"));
	assert_non_null(strstr(find(&f, "NAME-COLLISION", "101")->message, "100"));
	assert_int_equal(find(&f, "NAME-COLLISION", "102")->severity, PCM_SEV_BLOCK);
	assert_null(find(&f, "NAME-COLLISION", "104"));
	pcm_findings_free(&f);
	/* disabling one side ends the collision; renaming ends the other */
	pcm_plan_set_disabled(p, 101, "gENERAL", true);
	pcm_plan_set_rename(p, 103, "\xC3\xA9T\xC3\x89", "ete 2");
	run(pcm_check_names, d, p, &f);
	assert_int_equal(count_code(&f, "NAME-COLLISION"), 0);
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

static void category_collisions_and_target_clashes(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;
	char path[] = "/tmp/pcm-target-items-XXXXXX";
	FILE *fp;
	int fd;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_category(&t, 11, 10, "EMEA", NULL);
	tb_category(&t, 12, 1, "SALES/emea", NULL);
	tb_category(&t, 13, 1, "Empty", NULL);
	tb_category(&t, 14, 1, "empty", NULL);            /* holds nothing migrated */
	tb_room(&t, 100, 11, "x");
	tb_room(&t, 101, 12, "y");
	tb_room(&t, 102, 13, "Town Hall");
	tb_room_ex(&t, 103, 14, "z", NULL, 1, 4, 0);
	tb_finish(&t);
	d = tb_done(&t);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("town hall\r\n\nSales/EMEA/X\n", fp);
	fclose(fp);
	assert_int_equal(pcm_plan_set_target_items(p, path, NULL), 0);
	unlink(path);
	assert_int_equal(p->ntarget_items, 2);
	run(pcm_check_names, d, p, &f);
	/* one line per category involved; "Empty" has no twin in scope */
	assert_non_null(find(&f, "NAME-COLLISION", "11"));
	assert_non_null(find(&f, "NAME-COLLISION", "12"));
	assert_null(find(&f, "NAME-COLLISION", "13"));
	assert_int_equal(count_code(&f, "NAME-COLLISION"), 2);
	assert_non_null(find(&f, "NAME-CLASH", "102"));
	assert_non_null(find(&f, "NAME-CLASH", "100"));
	assert_int_equal(find(&f, "NAME-CLASH", "100")->severity, PCM_SEV_BLOCK);
	assert_int_equal(count_code(&f, "NAME-CLASH"), 2);
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

static void room_under_root_is_a_root_room(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	tb_init(&t, 0);
	tb_room(&t, 100, 1, "lobby");
	tb_room_ex(&t, 101, 1, "gone", NULL, 1, 4, 0);
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_names, d, NULL, &f);
	x = find(&f, "ROOT-ROOM", "100");
	assert_non_null(x);
	assert_int_equal(x->severity, PCM_SEV_WARNING);
	assert_non_null(strstr(x->message, "\"Root\""));
	assert_null(find(&f, "ROOT-ROOM", "101"));
	assert_int_equal(pcm_findings_blocking(&f), 0);
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

/* ---- R4 invitations ---- */

static unsigned lcg(unsigned *x)
{
	*x = *x * 1103515245u + 12345u;
	return (*x >> 16) & 0x7fff;
}

/* pcm_invite_forcing (the wizard's list for step 4, without flattening)
 * names exactly the categories and room counts that INVITE-FORCED names
 * with no category decision, on random trees with disabled rooms, and
 * whatever category decisions the plan holds; and pcm_effective_values
 * (one pass, index order) gives every node the value the walk up the tree
 * gives it. */
static void invite_forcing_matches_the_check(void **state)
{
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 40; seed++) {
		static const char *const inv[] = { "1", "0", NULL };
		unsigned x = seed * 2654435761u;
		struct tb t;
		struct pcm_deployment *d;
		struct pcm_plan *p = pcm_plan_new();
		struct pcm_findings f;
		uint32_t *forced, *want;
		size_t i, ncats, nwant = 0;
		int id;
		char name[16];

#define NEXT() lcg(&x)
		tb_init(&t, 0);         /* the root's invite is NULL: off */
		for (id = 10; id < 30; id++) {
			int parent = 1;
			if (id > 10 && NEXT() % 4 != 0)
				parent = 10 + (int)(NEXT() % (unsigned)(id - 10));
			char sid[16], spar[16], guid[40];
			snprintf(name, sizeof name, "c%d", id);
			snprintf(sid, sizeof sid, "%d", id);
			snprintf(spar, sizeof spar, "%d", parent);
			snprintf(guid, sizeof guid, "00000000-0000-0000-0000-%012d", id);
			tb_row(&t, "tblNode", "nodeID", sid, "nodeGuid", guid, "parentID", spar,
			       "nodeType", "1", "nodeName", name, "nodeDesc", "", "invite",
			       inv[NEXT() % 3], "filePost", inv[NEXT() % 3], "disabled", "0",
			       "behavior", "4", NULL);
		}
		for (id = 100; id < 160; id++) {
			int parent = 1;
			if (NEXT() % 10 != 0)
				parent = 10 + (int)(NEXT() % 20);
			snprintf(name, sizeof name, "r%d", id);
			tb_room_ex(&t, id, parent, name, inv[NEXT() % 3], NEXT() % 8 == 0, 4, 0);
			if (NEXT() % 8 == 0)
				pcm_plan_set_disabled(p, id, name, true);
		}
		tb_finish(&t);
		d = tb_done(&t);
		/* the check with no category decision ... */
		run(pcm_check_invitations, d, p, &f);
		want = calloc(d->nodes.n + 1, sizeof *want);
		assert_non_null(want);
		for (i = 0; i < f.list.n; i++) {
			uint32_t cat = pcm_node_index(d, (int32_t)f.list.v[i].number);
			assert_true(cat < d->nodes.n);
			nwant += want[cat]++ == 0;
		}
		pcm_findings_free(&f);
		/* ... against the function, with decisions the plan then holds */
		for (id = 10; id < 30; id++)
			if (NEXT() % 3 == 0)
				pcm_plan_set_category_invite(p, id, NEXT() % 2);
		forced = malloc((d->nodes.n + 1) * sizeof *forced);
		assert_non_null(forced);
		ncats = pcm_invite_forcing(d, p, forced);
		assert_int_equal(ncats, nwant);
		for (i = 0; i < d->nodes.n; i++)
			if (forced[i] != want[i])
				fail_msg("seed %u, category %d: %u rooms forced, the check says %u", seed,
				         (int)d->nodes.v[i].id, (unsigned)forced[i], (unsigned)want[i]);
		if (seed == 1)
			assert_true(nwant > 0);     /* the trees are not trivial */
		/* the one-pass values equal the node-by-node walk up the tree */
		{
			bool *iv = malloc((d->nodes.n + 1) * sizeof *iv);
			bool *fv = malloc((d->nodes.n + 1) * sizeof *fv);
			assert_non_null(iv);
			assert_non_null(fv);
			pcm_effective_values(d, p, iv, fv);
			for (i = 0; i < d->nodes.n; i++) {
				if (iv[i] != pcm_effective_invite(d, p, (uint32_t)i))
					fail_msg("seed %u, node %d: invite", seed, (int)d->nodes.v[i].id);
				if (fv[i] != pcm_effective_file_post(d, (uint32_t)i))
					fail_msg("seed %u, node %d: filePost", seed, (int)d->nodes.v[i].id);
			}
			free(fv);
			free(iv);
		}
		free(forced);
		free(want);
		pcm_plan_free(p);
		pcm_deployment_free(d);
#undef NEXT
	}
}

static void invitations_off_nested_under_on(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "On", "1");
	tb_category(&t, 11, 10, "Off", "0");
	tb_room_ex(&t, 100, 10, "asks, category on", "1", 0, 4, 0);
	tb_room_ex(&t, 101, 11, "asks, category off", "1", 0, 4, 0);
	tb_room_ex(&t, 102, 11, "inherits", NULL, 0, 4, 0);
	tb_room_ex(&t, 103, 11, "refuses", "0", 0, 4, 0);
	tb_room_ex(&t, 104, 1, "asks, root NULL", "1", 0, 4, 0);
	tb_room_ex(&t, 105, 11, "asks, disabled", "1", 1, 4, 0);
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_invitations, d, NULL, &f);
	assert_null(find(&f, "INVITE-FORCED", "100"));
	x = find(&f, "INVITE-FORCED", "101");
	assert_non_null(x);
	assert_int_equal(x->number, 11);             /* the category to fix */
	assert_int_equal(x->severity, PCM_SEV_WARNING);
	assert_null(find(&f, "INVITE-FORCED", "102"));
	assert_null(find(&f, "INVITE-FORCED", "103"));
	assert_non_null(find(&f, "INVITE-FORCED", "104"));   /* NULL on the root = off */
	assert_null(find(&f, "INVITE-FORCED", "105"));
	assert_int_equal(f.list.n, 2);
	pcm_findings_free(&f);
	/* the admin turns "Off" on: room 101 is no longer forced */
	pcm_plan_set_category_invite(p, 11, true);
	run(pcm_check_invitations, d, p, &f);
	assert_null(find(&f, "INVITE-FORCED", "101"));
	pcm_findings_free(&f);
	/* or accepts: still reported, saying it was accepted */
	pcm_plan_set_category_invite(p, 11, false);
	run(pcm_check_invitations, d, p, &f);
	x = find(&f, "INVITE-FORCED", "101");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "accept"));
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* ---- R5 cutoff ---- */

static void cutoff_equal_to_a_message_keeps_it(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_room(&t, 100, 10, "mixed");
	tb_room(&t, 101, 10, "old");
	tb_room(&t, 102, 10, "new");
	tb_room(&t, 103, 10, "empty");
	tb_room_ex(&t, 104, 10, "disabled old", NULL, 1, 4, 0);
	tb_finish(&t);
	tb_message(&t, 100, "2012-12-31T23:59:59Z", "dropped");
	tb_message(&t, 100, "2013-01-01T00:00:00Z", "kept: exactly at the cutoff");
	tb_message(&t, 100, "2013-01-02T00:00:00Z", "kept");
	tb_message(&t, 101, "2012-06-01T00:00:00Z", "dropped");
	tb_message(&t, 101, "2012-06-02T00:00:00Z", "dropped");
	tb_message(&t, 102, "2013-01-01T00:00:00Z", "kept");
	tb_message(&t, 104, "2012-06-01T00:00:00Z", "not migrated anyway");
	d = tb_done(&t);
	run(pcm_check_cutoff, d, NULL, &f);           /* no cutoff, no finding */
	assert_int_equal(f.list.n, 0);
	pcm_findings_free(&f);
	assert_int_equal(pcm_plan_set_cutoff(p, "2013-01-01", NULL), 0);
	run(pcm_check_cutoff, d, p, &f);
	x = find(&f, "CUTOFF-DROPS", "100");
	assert_non_null(x);
	assert_int_equal(x->number, 1);
	assert_null(find(&f, "ROOM-EMPTIED", "100"));
	assert_int_equal(find(&f, "CUTOFF-DROPS", "101")->number, 2);
	assert_non_null(find(&f, "ROOM-EMPTIED", "101"));
	assert_null(find(&f, "CUTOFF-DROPS", "102"));
	assert_null(find(&f, "CUTOFF-DROPS", "103"));
	assert_null(find(&f, "ROOM-EMPTIED", "103"));      /* empty before the cutoff */
	assert_null(find(&f, "CUTOFF-DROPS", "104"));
	assert_int_equal(f.list.n, 3);
	pcm_findings_free(&f);
	/* a cutoff at a message's exact time, not at midnight: still kept */
	assert_int_equal(pcm_plan_set_cutoff(p, "2013-01-02T00:00:00Z", NULL), 0);
	run(pcm_check_cutoff, d, p, &f);
	assert_int_equal(find(&f, "CUTOFF-DROPS", "100")->number, 2);
	assert_null(find(&f, "ROOM-EMPTIED", "100"));
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* The cutoff step's index (cutoff_index.c) answers every date as the
 * room-by-room count does: random rooms, messages over three years,
 * rooms disabled in the source and by the plan, and dates before, inside
 * and after the history. */
static void cutoff_index_answers_as_the_rooms_count(void **state)
{
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 20; seed++) {
		unsigned x = seed * 40503u;
		struct tb t;
		struct pcm_deployment *d;
		struct pcm_plan *p = pcm_plan_new();
		struct pcm_cutoff_index ix;
		int id, k, day;
		char name[16], when[32], text[16];

		tb_init(&t, 0);
		tb_category(&t, 10, 1, "c", NULL);
		for (id = 100; id < 140; id++) {
			snprintf(name, sizeof name, "r%d", id);
			tb_room_ex(&t, id, 10, name, NULL, lcg(&x) % 10 == 0, 4, 0);
			if (lcg(&x) % 8 == 0)
				pcm_plan_set_disabled(p, id, name, true);
		}
		tb_finish(&t);
		for (id = 100; id < 140; id++) {
			int n = (int)(lcg(&x) % 30);       /* some rooms stay empty */
			for (k = 0; k < n; k++) {
				day = (int)(lcg(&x) % 1000);
				snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:00Z", 2010 + day / 336,
				         1 + day % 336 / 28, 1 + day % 28, (int)(lcg(&x) % 24), (int)(lcg(&x) % 60));
				tb_message(&t, id, when, "m");
			}
		}
		d = tb_done(&t);
		pcm_cutoff_index_build(&ix, d, p);
		for (k = 0; k < 60; k++) {
			int64_t cut;
			struct pcm_cutoff_answer a;
			uint64_t dropped = 0, total = 0;
			size_t losing = 0, emptied = 0;
			uint32_t n;

			day = (int)(lcg(&x) % 1200) - 100;
			snprintf(text, sizeof text, "%04d-%02d-%02d", 2010 + (day < 0 ? -1 : day / 336),
			         1 + (day < 0 ? 11 : day % 336 / 28), 1 + (day < 0 ? 0 : day % 28));
			assert_true(pcm_parse_datetime(text, 0, &cut));
			for (n = 0; n < d->nodes.n; n++) {
				const struct pcm_node *room = &d->nodes.v[n];
				uint64_t before;
				if (room->is_category || !pcm_room_migrated(d, p, n))
					continue;
				before = pcm_room_messages_before(d, room, cut);
				total += room->stats.messages;
				dropped += before;
				losing += before > 0;
				emptied += before > 0 && before == room->stats.messages;
			}
			a = pcm_cutoff_index_query(&ix, cut);
			if (a.dropped != dropped || a.rooms_losing != losing || a.rooms_emptied != emptied)
				fail_msg("seed %u, cutoff %s: index %llu/%zu/%zu, rooms %llu/%zu/%zu", seed, text,
				         (unsigned long long)a.dropped, a.rooms_losing, a.rooms_emptied,
				         (unsigned long long)dropped, losing, emptied);
			assert_int_equal(ix.total, total);
		}
		pcm_cutoff_index_free(&ix);
		pcm_plan_free(p);
		pcm_deployment_free(d);
	}
}

/* ---- R6 disable ---- */

static void disabled_rooms_report_what_they_exclude(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	tb_init(&t, 0);
	tb_principal(&t, 10, "sip:kim@contoso.com", 5, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_room_ex(&t, 100, 10, "off in source", NULL, 1, 4, 0);
	tb_room(&t, 101, 10, "marked");
	tb_room(&t, 102, 10, "kept");
	tb_role(&t, 100, 10, "Member");
	tb_finish(&t);
	tb_message(&t, 100, "2013-01-01T00:00:00Z", "x");
	tb_message(&t, 100, "2013-01-01T00:00:01Z", "ma-filelink://fs/a.doc");
	tb_message(&t, 101, "2013-01-01T00:00:00Z", "y");
	d = tb_done(&t);
	pcm_plan_set_disabled(p, 101, "marked", true);
	run(pcm_check_disable, d, p, &f);
	assert_int_equal(f.list.n, 2);
	x = find(&f, "ROOM-DISABLED", "100");
	assert_non_null(x);
	assert_int_equal(x->number, 2);
	assert_int_equal(x->severity, PCM_SEV_INFO);
	assert_non_null(strstr(x->message, "source"));
	assert_non_null(strstr(x->message, "1 files"));
	assert_non_null(strstr(x->message, "1 role"));
	x = find(&f, "ROOM-DISABLED", "101");
	assert_non_null(x);
	assert_non_null(strstr(x->message, "plan"));
	assert_null(find(&f, "ROOM-DISABLED", "102"));
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

/* ---- R7 warnings ---- */

static void files_count_per_room_after_the_cutoff(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_plan *p = pcm_plan_new();
	struct pcm_findings f;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_room(&t, 100, 10, "files");
	tb_room(&t, 101, 10, "none");
	tb_finish(&t);
	tb_message(&t, 100, "2012-01-01T00:00:00Z", "ma-filelink://fs/old.doc");
	tb_message(&t, 100, "2013-01-01T00:00:00Z", "see ma-filelink://fs/a.doc");
	tb_message(&t, 100, "2013-01-02T00:00:00Z", "ma-filelink://fs/b.doc");
	tb_message(&t, 101, "2013-01-02T00:00:00Z", "no file here");
	d = tb_done(&t);
	run(pcm_check_warnings, d, NULL, &f);
	assert_int_equal(find(&f, "FILES", "100")->number, 3);
	assert_null(find(&f, "FILES", "101"));
	pcm_findings_free(&f);
	pcm_plan_set_cutoff(p, "2012-06-01", NULL);
	run(pcm_check_warnings, d, p, &f);
	assert_int_equal(find(&f, "FILES", "100")->number, 2);
	pcm_findings_free(&f);
	pcm_plan_free(p);
	pcm_deployment_free(d);
}

static void federated_roles_reach_rooms_below_unless_overridden(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_findings f;

	(void)state;
	tb_init(&t, 0);
	tb_principal(&t, 10, "sip:ext@fabrikam.com", 7, 0);
	tb_principal(&t, 11, "ma-grp://fabrikam/partners", 11, 0);
	tb_principal(&t, 12, "sip:kim@contoso.com", 5, 0);
	tb_category(&t, 10, 1, "Partners", NULL);
	tb_category(&t, 11, 10, "Deep", NULL);
	tb_category(&t, 12, 1, "Internal", NULL);
	tb_room(&t, 100, 10, "a");
	tb_room(&t, 101, 11, "b");                                 /* inherited twice down */
	tb_room_ex(&t, 102, 10, "overrides", NULL, 0, 4, 1);       /* overrideMember */
	tb_room_ex(&t, 103, 10, "disabled", NULL, 1, 4, 0);
	tb_room(&t, 104, 12, "internal");
	tb_room(&t, 105, 12, "direct");
	tb_room_ex(&t, 106, 12, "overrides, role does not honor", NULL, 0, 4, 1);
	tb_role(&t, 10, 10, "Member");
	tb_role(&t, 104, 12, "Member");
	tb_role(&t, 105, 11, "Manager");
	tb_role_ex(&t, 12, 11, "Member", 0);
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_warnings, d, NULL, &f);
	assert_non_null(find(&f, "FEDERATED", "100"));
	assert_non_null(find(&f, "FEDERATED", "101"));
	assert_null(find(&f, "FEDERATED", "102"));
	assert_null(find(&f, "FEDERATED", "103"));
	/* room 104 gets the group's role from Internal (honorsOverride 0) */
	assert_non_null(find(&f, "FEDERATED", "104"));
	assert_int_equal(find(&f, "FEDERATED", "105")->number, 2);
	assert_non_null(find(&f, "FEDERATED", "106"));
	assert_int_equal(count_code(&f, "FEDERATED"), 5);
	assert_non_null(strstr(find(&f, "FEDERATED", "100")->message, "sip:ext@fabrikam.com"));
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

static void endpoint_auditorium_and_disabled_principals(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_findings f;
	const struct pcm_finding *x;

	(void)state;
	tb_init(&t, 0);
	t.d->info.lookup_server_uri = pcm_arena_strdup(t.d->arena, "sip:ocschat@contoso.com");
	tb_principal(&t, 10, "sip:gone@contoso.com", 5, 1);
	tb_principal(&t, 11, "sip:speaker@contoso.com", 5, 0);
	tb_category(&t, 10, 1, "Talks", NULL);
	tb_category(&t, 11, 1, "Closed", NULL);
	tb_room_ex(&t, 100, 10, "silent stage", NULL, 0, 5, 0);
	tb_room_ex(&t, 101, 10, "stage", NULL, 0, 5, 0);
	tb_room_ex(&t, 102, 11, "old", NULL, 1, 4, 0);
	tb_role(&t, 101, 11, "Voiced");
	tb_role(&t, 10, 10, "Member");
	tb_role(&t, 100, 10, "Manager");
	tb_role(&t, 102, 10, "Member");       /* on a disabled room: out of scope */
	tb_role(&t, 101, 10, "Voiced");       /* a disabled presenter presents nothing */
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_warnings, d, NULL, &f);
	x = find(&f, "ENDPOINT", "sip:ocschat@contoso.com");
	assert_non_null(x);
	assert_int_equal(x->severity, PCM_SEV_WARNING);
	assert_non_null(find(&f, "AUDITORIUM-NO-PRESENTER", "100"));
	assert_null(find(&f, "AUDITORIUM-NO-PRESENTER", "101"));
	x = find(&f, "DISABLED-PRINCIPAL", "sip:gone@contoso.com");
	assert_non_null(x);
	assert_int_equal(x->number, 3);
	assert_int_equal(count_code(&f, "DISABLED-PRINCIPAL"), 1);
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

static void endpoint_defaults_to_ocschat_at_the_sip_domain(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_findings f;

	(void)state;
	tb_init(&t, 0);
	tb_room(&t, 100, 1, "r");
	tb_finish(&t);
	d = tb_done(&t);
	run(pcm_check_warnings, d, NULL, &f);
	assert_non_null(find(&f, "ENDPOINT", "sip:ocschat@contoso.com"));
	pcm_findings_free(&f);
	pcm_deployment_free(d);
}

/* ---- all ---- */

static void check_all_runs_steps_in_order(void **state)
{
	struct tb t;
	struct pcm_deployment *d;
	struct pcm_findings f;
	char *long_name = repeat("n", 257);
	size_t i;

	(void)state;
	tb_init(&t, 0);
	tb_category(&t, 10, 1, "Sales", NULL);
	tb_room(&t, 100, 10, long_name);
	tb_finish(&t);
	tb_message(&t, 100, "2013-01-01T00:00:00Z", "x");
	d = tb_done(&t);
	run(pcm_check_all, d, NULL, &f);
	assert_int_equal(pcm_findings_blocking(&f), 2);   /* BACKUP-MISSING, NAME-TOO-LONG */
	for (i = 1; i < f.list.n; i++)
		assert_true(f.list.v[i - 1].step <= f.list.v[i].step);
	assert_string_equal(pcm_check_step_name(PCM_CS_ROOT_MANAGERS), "root-managers");
	assert_string_equal(pcm_severity_name(PCM_SEV_WARNING), "warning");
	assert_true(pcm_room_migrated(d, NULL, pcm_node_index(d, 100)));
	assert_false(pcm_room_migrated(d, NULL, pcm_node_index(d, 10)));
	pcm_findings_free(&f);
	free(long_name);
	pcm_deployment_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_missing_blocks),
		cmocka_unit_test(backup_names_the_compliance_database),
		cmocka_unit_test(backup_exactly_at_newest_message_passes),
		cmocka_unit_test(backup_one_second_early_is_stale),
		cmocka_unit_test(backup_stale_counts_messages_and_rooms),
		cmocka_unit_test(backup_uses_its_own_time_zone),
		cmocka_unit_test(backup_unknown_time_zone_uses_server_offset),
		cmocka_unit_test(copy_only_counts_damaged_does_not),
		cmocka_unit_test(backup_override_is_info_with_who_and_why),
		cmocka_unit_test(message_bounds_exact_unless_inside_a_days_span),
		cmocka_unit_test(counted_cutoff_and_backup_are_exact_without_histograms),
		cmocka_unit_test(root_managers_listed_with_room_count),
		cmocka_unit_test(name_of_256_units_passes_257_fails),
		cmocka_unit_test(rename_is_rechecked_with_its_prefix),
		cmocka_unit_test(collisions_differing_only_in_case_one_per_room),
		cmocka_unit_test(trailing_spaces_collide_and_empty_names_block),
		cmocka_unit_test(category_collisions_and_target_clashes),
		cmocka_unit_test(room_under_root_is_a_root_room),
		cmocka_unit_test(invitations_off_nested_under_on),
		cmocka_unit_test(invite_forcing_matches_the_check),
		cmocka_unit_test(cutoff_equal_to_a_message_keeps_it),
		cmocka_unit_test(cutoff_index_answers_as_the_rooms_count),
		cmocka_unit_test(disabled_rooms_report_what_they_exclude),
		cmocka_unit_test(files_count_per_room_after_the_cutoff),
		cmocka_unit_test(federated_roles_reach_rooms_below_unless_overridden),
		cmocka_unit_test(endpoint_auditorium_and_disabled_principals),
		cmocka_unit_test(endpoint_defaults_to_ocschat_at_the_sip_domain),
		cmocka_unit_test(check_all_runs_steps_in_order),
		cmocka_unit_test(rename_rule_refuses_and_counts),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
