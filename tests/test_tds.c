/* SPDX-License-Identifier: MIT */
/* source_tds.c against the loopback TDS server: the deployment read over
 * TDS equals the one read from the snapshot holding the same rows, and so
 * do the messages the iterator hands out, room by room, with a cutoff.
 * The server is started here with the bundled sample as its fixture. */
#include "config.h"
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "source/source.h"
#include "source/source_tds.h"
#include "base/util.h"

#define PASSWORD "Test-Pass-1"

static pid_t server_pid;
static char url[256];
static char workdir[] = "/tmp/pcm-test-tds.XXXXXX";
static char sample[4096];

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

/* Starts tds-server with the sample snapshot as fixture; fills url. */
static int start_server(void **state)
{
	char server[4096], portfile[4200], log[4200];
	const char *builddir = env_or("top_builddir", ".");
	const char *srcdir = env_or("top_srcdir", ".");

	(void)state;
	if (!mkdtemp(workdir))
		return -1;
	snprintf(server, sizeof server, "%s/tests/tds-server/tds-server", builddir);
	snprintf(portfile, sizeof portfile, "%s/port", workdir);
	snprintf(log, sizeof log, "%s/server.log", workdir);
	snprintf(sample, sizeof sample, "%s/data/sample/contoso.xml", srcdir);
	char schema[4200];
	snprintf(schema, sizeof schema, "%s/tests/tds-server/legacy-schema.sql", srcdir);
	server_pid = fork();
	if (server_pid == 0) {
		execl(server, server, "--port-file", portfile, "--schema", schema, "--fixture", sample,
		      "--password", PASSWORD, "--utc-offset", "540", "--idle-exit", "60", "--log", log,
		      (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 300; i++) {
		FILE *f = fopen(portfile, "r");
		unsigned port;
		if (f && fscanf(f, "%u", &port) == 1) {
			fclose(f);
			snprintf(url, sizeof url, "tds://sa@127.0.0.1:%u/GroupChatDB", port);
			setenv("PCMIGRATE_PASSWORD", PASSWORD, 1);
			return 0;
		}
		if (f)
			fclose(f);
		if (waitpid(server_pid, NULL, WNOHANG) == server_pid)
			return -1;
		struct timespec ts = { 0, 20000000 };
		nanosleep(&ts, NULL);
	}
	return -1;
}

static int stop_server(void **state)
{
	char cmd[4200];

	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct pcm_deployment *load(const char *spec, struct pcm_source **src)
{
	struct pcm_error err = { 0 };
	struct pcm_deployment *d = pcm_deployment_new();

	/* each TDS open takes the password out of the environment (secret.h) */
	setenv("PCMIGRATE_PASSWORD", PASSWORD, 1);
	*src = pcm_source_open(spec, &err);
	if (!*src)
		fail_msg("open %s: %s", spec, err.text);
	if (pcm_source_load(*src, d, &err))
		fail_msg("load %s: %s", spec, err.text);
	return d;
}

static void same_str(const char *what, const char *a, const char *b)
{
	if (!a && !b)
		return;
	if (!a || !b || strcmp(a, b) != 0)
		fail_msg("%s: snapshot \"%s\" but TDS \"%s\"", what, a ? a : "(null)", b ? b : "(null)");
}

/* uniqueidentifier text: SQL Server writes upper case either way */
static void same_guid(const char *what, const char *a, const char *b)
{
	if (!a && !b)
		return;
	if (!a || !b || strcasecmp(a, b) != 0)
		fail_msg("%s: snapshot \"%s\" but TDS \"%s\"", what, a ? a : "(null)", b ? b : "(null)");
}

static void deployment_read_over_tds_equals_snapshot(void **state)
{
	struct pcm_source *ss, *ts;
	struct pcm_deployment *a = load(sample, &ss), *b = load(url, &ts);
	char what[256];

	(void)state;
	assert_string_equal(b->info.kind, "tds");
	assert_int_equal(b->info.utc_offset_minutes, 540);
	assert_int_equal(a->nodes.n, b->nodes.n);
	for (size_t i = 0; i < a->nodes.n; i++) {
		const struct pcm_node *x = &a->nodes.v[i], *y = &b->nodes.v[i];
		snprintf(what, sizeof what, "node %d", x->id);
		assert_int_equal(x->id, y->id);
		assert_int_equal(x->parent, y->parent);
		assert_int_equal(x->depth, y->depth);
		assert_int_equal(x->is_category, y->is_category);
		assert_int_equal(x->disabled, y->disabled);
		assert_int_equal(x->inheritance, y->inheritance);
		assert_int_equal(x->scope_change, y->scope_change);
		assert_int_equal(x->override_member, y->override_member);
		assert_int_equal(x->invite, y->invite);
		assert_int_equal(x->logged, y->logged);
		assert_int_equal(x->file_post, y->file_post);
		assert_int_equal(x->restrict_child_create, y->restrict_child_create);
		assert_int_equal(x->behavior, y->behavior);
		assert_int_equal(x->visibility, y->visibility);
		same_str(what, x->name, y->name);
		same_str(what, x->desc, y->desc);
		same_str(what, x->topic, y->topic);
		same_str(what, x->filestore_uri, y->filestore_uri);
		same_guid(what, x->guid, y->guid);
		same_guid(what, x->siop_id, y->siop_id);
		assert_true(x->added_on == y->added_on);
		assert_true(x->updated_on == y->updated_on);
		assert_true(x->stats.messages == y->stats.messages);
		assert_true(x->stats.first_ticks == y->stats.first_ticks);
		assert_true(x->stats.last_ticks == y->stats.last_ticks);
		assert_int_equal(x->stats.files, y->stats.files);
		assert_int_equal(x->stats.ndays, y->stats.ndays);
		for (size_t k = 0; k < x->stats.ndays; k++) {
			assert_int_equal(x->stats.days[k].day, y->stats.days[k].day);
			assert_int_equal(x->stats.days[k].count, y->stats.days[k].count);
		}
	}
	assert_int_equal(a->principals.n, b->principals.n);
	for (size_t i = 0; i < a->principals.n; i++) {
		const struct pcm_principal *x = &a->principals.v[i], *y = &b->principals.v[i];
		snprintf(what, sizeof what, "principal %d", x->id);
		assert_int_equal(x->id, y->id);
		assert_int_equal(x->type_id, y->type_id);
		assert_int_equal(x->disabled, y->disabled);
		assert_int_equal(x->kind, y->kind);
		same_guid(what, x->guid, y->guid);
		same_str(what, x->uri, y->uri);
		same_str(what, x->name, y->name);
		same_str(what, x->company, y->company);
		same_str(what, x->email, y->email);
		same_str(what, x->ad_path, y->ad_path);
		same_str(what, x->upn, y->upn);
	}
	assert_int_equal(a->ptypes.n, b->ptypes.n);
	for (size_t i = 0; i < a->ptypes.n; i++) {
		assert_int_equal(a->ptypes.v[i].id, b->ptypes.v[i].id);
		assert_int_equal(a->ptypes.v[i].is_federated, b->ptypes.v[i].is_federated);
		same_str("principal type", a->ptypes.v[i].desc, b->ptypes.v[i].desc);
	}
	assert_int_equal(a->rtypes.n, b->rtypes.n);
	for (size_t i = 0; i < a->rtypes.n; i++) {
		assert_int_equal(a->rtypes.v[i].kind, b->rtypes.v[i].kind);
		same_str("role type", a->rtypes.v[i].desc, b->rtypes.v[i].desc);
	}
	assert_int_equal(a->roles.n, b->roles.n);
	for (size_t i = 0; i < a->roles.n; i++) {
		assert_int_equal(a->roles.v[i].node, b->roles.v[i].node);
		assert_int_equal(a->roles.v[i].principal, b->roles.v[i].principal);
		assert_int_equal(a->roles.v[i].kind, b->roles.v[i].kind);
		assert_int_equal(a->roles.v[i].honors_override, b->roles.v[i].honors_override);
	}
	assert_int_equal(a->scopes.n, b->scopes.n);
	assert_int_equal(a->affiliations.n, b->affiliations.n);
	assert_int_equal(a->addins.n, b->addins.n);
	for (size_t i = 0; i < a->addins.n; i++) {
		same_guid("add-in", a->addins.v[i].siop_id, b->addins.v[i].siop_id);
		same_str("add-in", a->addins.v[i].name, b->addins.v[i].name);
		same_str("add-in", a->addins.v[i].url, b->addins.v[i].url);
	}
	assert_int_equal(a->invites.n, b->invites.n);
	assert_int_equal(a->files.n, b->files.n);
	for (size_t i = 0; i < a->files.n; i++)
		same_str("file", a->files.v[i].link, b->files.v[i].link);
	assert_int_equal(a->backups.n, b->backups.n);
	for (size_t i = 0; i < a->backups.n; i++) {
		const struct pcm_backup *x = &a->backups.v[i], *y = &b->backups.v[i];
		assert_int_equal(x->type, y->type);
		assert_true(x->finish_ticks == y->finish_ticks);
		assert_true(x->start_ticks == y->start_ticks);
		assert_int_equal(x->copy_only, y->copy_only);
		assert_int_equal(x->damaged, y->damaged);
		same_str("backup", x->database, y->database);
		/* the sample's backupset rows carry physical_device_name, which
		 * the mapping reads only from backupmediafamily rows: compare
		 * the device when the snapshot side has one */
		if (x->device)
			same_str("backup device", x->device, y->device);
		else
			assert_non_null(y->device);     /* from msdb's backupmediafamily */
	}
	assert_true(a->messages == b->messages);
	assert_true(a->messages > 0);
	assert_true(a->first_ticks == b->first_ticks);
	assert_true(a->last_ticks == b->last_ticks);
	pcm_deployment_free(a);
	pcm_deployment_free(b);
	pcm_source_close(ss);
	pcm_source_close(ts);
}

/* Every room's messages since a cutoff, from both sources, one by one. */
static void messages_since_cutoff_are_the_same(void **state)
{
	struct pcm_source *ss, *ts;
	struct pcm_deployment *a = load(sample, &ss), *b = load(url, &ts);
	struct pcm_error err = { 0 };
	int64_t cutoff = a->first_ticks + (a->last_ticks - a->first_ticks) / 2;
	uint64_t seen = 0, all = 0;

	(void)state;
	for (uint32_t r = 0; r < a->nodes.n; r++) {
		if (a->nodes.v[r].is_category)
			continue;
		struct pcm_msg_iter *x = pcm_source_messages(ss, a, r, cutoff, &err);
		assert_non_null(x);
		struct pcm_msg_iter *y = pcm_source_messages(ts, b, r, cutoff, &err);
		if (!y)
			fail_msg("%s", err.text);
		for (;;) {
			struct pcm_message m, n;
			int rx = pcm_msg_next(ss, x, &m, &err), ry;
			char *content = rx == 1 ? pcm_xstrdup(m.content) : NULL;
			char *rtf = rx == 1 && m.rtf ? pcm_xstrdup(m.rtf) : NULL;
			ry = pcm_msg_next(ts, y, &n, &err);
			if (ry < 0)
				fail_msg("%s", err.text);
			assert_int_equal(rx, ry);
			if (rx == 0)
				break;
			assert_int_equal(m.channel_id, n.channel_id);
			assert_int_equal(n.room, r);
			assert_true(m.chat_id == n.chat_id);
			assert_true(m.date_ticks == n.date_ticks);
			assert_true(n.date_ticks >= cutoff);
			assert_int_equal(m.user_id, n.user_id);
			assert_int_equal(m.is_alert, n.is_alert);
			same_str("content", content, n.content);
			same_str("rtf", rtf, n.rtf);
			free(content);
			free(rtf);
			seen++;
		}
		pcm_msg_close(ss, x);
		pcm_msg_close(ts, y);
		all += a->nodes.v[r].stats.messages;
	}
	assert_true(seen > 0);
	assert_true(seen < all);            /* the cutoff dropped some */
	pcm_deployment_free(a);
	pcm_deployment_free(b);
	pcm_source_close(ss);
	pcm_source_close(ts);
}

/* The cutoff and the room are in the SQL, not filtered on the client. */
static void cutoff_is_pushed_into_the_query(void **state)
{
	char log[4200], line[8192];
	bool found = false;

	(void)state;
	snprintf(log, sizeof log, "%s/server.log", workdir);
	FILE *f = fopen(log, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "batch:", 6) && strstr(line, "FROM dbo.tblChat WHERE channelId = ") &&
		    strstr(line, "AND chatDate >= "))
			found = true;
	fclose(f);
	assert_true(found);
}

/* A URL without user, server or database is refused before connecting. */
static void bad_urls_are_refused(void **state)
{
	static const char *const bad[] = { "tds://server/db", "tds://sa@/db", "tds://sa@server",
	                                   "tds://sa@server/", "tds://sa@server/db/x",
	                                   "tds://sa@server?lookup=sip:a@b" };
	struct pcm_error err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&err, 0, sizeof err);
		assert_null(pcm_source_open(bad[i], &err));
		assert_non_null(strstr(err.text, "tds://USER@SERVER[:PORT]/DATABASE"));
	}
	memset(&err, 0, sizeof err);
	assert_null(pcm_source_open("tds://sa@server/db?user=x", &err));
	assert_non_null(strstr(err.text, "lookup=SIP-URI"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deployment_read_over_tds_equals_snapshot),
		cmocka_unit_test(messages_since_cutoff_are_the_same),
		cmocka_unit_test(cutoff_is_pushed_into_the_query),
		cmocka_unit_test(bad_urls_are_refused),
	};
	return cmocka_run_group_tests(tests, start_server, stop_server);
}
