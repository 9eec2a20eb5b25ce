/* SPDX-License-Identifier: MIT */
/* The live source: the legacy Group Chat database read over TDS with
 * FreeTDS db-lib. The only file that includes FreeTDS headers.
 *
 * tds://USER@SERVER[:PORT]/DATABASE, SERVER being a host, host:port,
 * host\instance or a freetds.conf name; the TDS version and encryption
 * come from FreeTDS's own configuration (freetds.conf, TDSVER). The
 * password comes from PCMIGRATE_PASSWORD or the front end's prompt
 * (pcm_tds_set_password_prompt), and is wiped once the login is sent.
 *
 * Every table is read with a plain SELECT naming its columns as in
 * shared/reference/legacy-schema.md, and each result row goes to the same
 * row mapping the snapshot reader feeds (NULL = absent). db-lib's error
 * and message handlers only record what happened; this file turns it into
 * one message saying what failed, where, and what to check. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sybfront.h>
#include <sybdb.h>
#include "base/crash.h"
#include "base/i18n.h"
#include "base/interrupt.h"
#include "source/rowmap.h"
#include "base/sbuf.h"
#include "base/secret.h"
#include "source/source.h"
#include "source/source_tds.h"
#include "source/tds_conf.h"
#include "source/tds_tls_diag.h"
#include "base/timeconv.h"
#include "base/util.h"

/* What db-lib's handlers saw since the last reset: the first server error
 * (severity > 10) and the last library error. db-lib's handlers are
 * process-wide; pcmigrate holds one connection at a time. */
static struct {
	int msgno, severity;
	char msg[1024];
	int dberr;
	char dbmsg[512], osmsg[256];
	bool timed_out;                 /* SYBETIME on the way */
	bool interrupted;               /* ... because of Ctrl-C or SIGTERM */
} seen;

static void seen_reset(void)
{
	memset(&seen, 0, sizeof seen);
}

/* Server messages: keep the first error; informational messages (changed
 * database context, ...) are not for the user. Nothing is printed. */
static int on_message(DBPROCESS *dbp, DBINT msgno, int state, int severity, char *text,
                      char *server, char *proc, int line)
{
	(void)dbp;
	(void)state;
	(void)server;
	(void)proc;
	(void)line;
	if (severity > 10 && (seen.msgno == 0 || msgno == 4060)) {
		seen.msgno = msgno;
		seen.severity = severity;
		snprintf(seen.msg, sizeof seen.msg, "%s", text ? text : "");
	}
	return 0;
}

/* Library errors: record and cancel, so the call fails and returns
 * instead of db-lib printing or exiting. */
static int on_error(DBPROCESS *dbp, int severity, int dberr, int oserr, char *dberrstr,
                    char *oserrstr)
{
	(void)dbp;
	(void)severity;
	if (dberr == SYBESMSG)          /* "check messages from the server" */
		return INT_CANCEL;
	seen.dberr = dberr;
	/* a time limit, or our interrupt check (interrupt_handle): INT_CANCEL
	 * makes FreeTDS close the socket at once, where a cancel would wait
	 * again for a server that does not answer */
	seen.timed_out = seen.timed_out || dberr == SYBETIME;
	seen.interrupted = seen.interrupted || (dberr == SYBETIME && pcm_interrupt_signal());
	snprintf(seen.dbmsg, sizeof seen.dbmsg, "%s", dberrstr ? dberrstr : "");
	/* an OS error 0 is no error (it printed as ": Success") */
	if (oserr != DBNOERR && oserr != 0 && oserrstr)
		snprintf(seen.osmsg, sizeof seen.osmsg, "%s", oserrstr);
	else
		seen.osmsg[0] = 0;
	return INT_CANCEL;
}

struct tds_source {
	struct pcm_source base;
	DBPROCESS *dbp;
	char *user, *server, *database;
	char *label;                    /* USER@SERVER/DATABASE */
	char *lookup_uri;               /* ?lookup=URI: not in the legacy tables */
	char *chat_all, *chat_count;    /* tblChat's select lists (chat_columns) */
	char *chat_channel, *chat_date; /* its channelId and chatDate, as [name] */
	char *chat_id;                  /* and chatId */
	bool in_snapshot;               /* a load's SNAPSHOT transaction is open */
	bool unguarded;                 /* the last load was not one transaction */
	bool iterating;
	unsigned long rows_read;
	int login_timeout, query_timeout;   /* seconds in force (0: none) */
	bool login_took_limit;          /* the failed login lasted the whole limit */
	const char *expected;           /* the database it should be, for a
	                                   missing table (NULL: the legacy one) */
};

struct pcm_msg_iter {
	struct tds_source *s;
	const struct pcm_deployment *d;
	bool done;
	/* the current row */
	size_t ncols;
	const char **names, **values;
	char **bufs;
	size_t *caps;
};

static bool dblib_ready;

/* Time limits when neither the command line nor freetds.conf sets one:
 * the login, and the wait for each answer of a query (FreeTDS counts the
 * query limit per wait, not for the whole result). */
#define PCM_TDS_LOGIN_TIMEOUT 30
#define PCM_TDS_QUERY_TIMEOUT 300

/* ------------------------------------------------------------------ */
/* Connecting.                                                          */

/* The front end's prompt (app/prompt.c), set by main: the source layer
 * knows no terminal. */
static pcm_password_prompt_fn *password_prompt;

void pcm_tds_set_password_prompt(pcm_password_prompt_fn *fn)
{
	password_prompt = fn;
}

/* The time limits the command line gave (-1: not given). */
static int opt_login_timeout = -1, opt_query_timeout = -1;

void pcm_tds_set_timeouts(int login_seconds, int query_seconds)
{
	opt_login_timeout = login_seconds;
	opt_query_timeout = query_seconds;
}

/* What the user's FreeTDS configuration (tds_conf.h) says for a server:
 * the time limits and whether it names a TDS version (other than
 * "auto"). */
struct tds_conf {
	int connect_timeout, query_timeout;     /* 0: not set */
	bool version;
};

static void conf_key(const char *key, const char *value, void *ctx)
{
	struct tds_conf *c = ctx;
	long v = strtol(value, NULL, 10);

	if (!strcmp(key, "tds version"))
		c->version = strcasecmp(value, "auto") != 0;
	else if ((!strcmp(key, "timeout") || !strcmp(key, "query timeout")) && v > 0 && v < 86400)
		c->query_timeout = (int)v;
	else if (!strcmp(key, "connect timeout") && v > 0 && v < 86400)
		c->connect_timeout = (int)v;
}

static void conf_read(const char *server, struct tds_conf *c)
{
	memset(c, 0, sizeof *c);
	pcm_tds_conf_each(server, conf_key, c);
}

/* Splits USER@SERVER[:PORT]/DATABASE[?lookup=URI]. The legacy lookup
 * server's SIP URI is not in the tables pcmigrate reads; the snapshot
 * made with sqlcmd takes it as a variable, the URL takes it here. */
static int parse_url(struct tds_source *s, const char *url, struct pcm_error *err)
{
	const char *query = strchr(url, '?');
	size_t len = query ? (size_t)(query - url) : strlen(url);
	const char *slash = memchr(url, '/', len), *at = NULL;

	const char *first_at = memchr(url, '@', len);

	/* USER:PASSWORD@: refused, and not echoed (it would be copied into
	 * messages, the plan and the package) */
	if (first_at && memchr(url, ':', (size_t)(first_at - url))) {
		pcm_error_set(err, _("tds://...: the URL holds a password (USER:PASSWORD@); pcmigrate "
		                     "never takes one on the command line, where every user can read "
		                     "it: remove it and give it in PCMIGRATE_PASSWORD or at the prompt"));
		return -1;
	}
	for (const char *p = url; slash && p < slash; p++)
		if (*p == '@')
			at = p;
	if (!slash || !at || at == url || at + 1 == slash || slash + 1 == url + len ||
	    memchr(slash + 1, '/', (size_t)(url + len - slash - 1))) {
		pcm_error_set(err, _("tds://%s: not a TDS source; write tds://USER@SERVER[:PORT]/DATABASE "
		                     "(SERVER may be a host, host:port, host\\instance or a name from "
		                     "freetds.conf)"), url);
		return -1;
	}
	if (query && (strncmp(query, "?lookup=", 8) != 0 || !query[8])) {
		pcm_error_set(err, _("tds://%s: the only option after '?' is lookup=SIP-URI (the legacy "
		                     "lookup server's URI)"), url);
		return -1;
	}
	s->user = pcm_xasprintf("%.*s", (int)(at - url), url);
	s->server = pcm_xasprintf("%.*s", (int)(slash - at - 1), at + 1);
	s->database = pcm_xasprintf("%.*s", (int)(url + len - slash - 1), slash + 1);
	s->label = pcm_xasprintf("%s@%s/%s", s->user, s->server, s->database);
	s->lookup_uri = query ? pcm_xstrdup(query + 8) : NULL;
	return 0;
}

/* The login failed: say why, in the administrator's terms. */
static void login_error(const struct tds_source *s, struct pcm_error *err)
{
	char why[768];

	if (seen.msgno == 4060 || seen.msgno == 911) {
		pcm_error_set(err, _("tds://%s: database %s cannot be opened on server %s (server message "
		                     "%d: %s). Check the database name in the URL and that user %s may "
		                     "use it."), s->label, s->database, s->server, seen.msgno, seen.msg,
		              s->user);
	} else if (seen.msgno == 18456 || seen.msgno == 18452 || seen.msgno == 18470 ||
	           seen.msgno == 18488 || seen.dberr == SYBEPWD) {
		pcm_error_set(err, _("tds://%s: login failed for user %s on server %s (server message "
		                     "%d: %s). Check the user name and the password (PCMIGRATE_PASSWORD), "
		                     "and that the server accepts SQL Server logins."), s->label, s->user,
		              s->server, seen.msgno, seen.msg[0] ? seen.msg : seen.dbmsg);
	} else if (seen.msgno) {
		pcm_error_set(err, _("tds://%s: server %s refused the connection (server message %d: "
		                     "%s)."), s->label, s->server, seen.msgno, seen.msg);
	} else if (seen.interrupted) {
		pcm_error_set(err, _("tds://%s: interrupted while logging in to server %s"), s->label,
		              s->server);
	} else if (seen.timed_out || s->login_took_limit) {
		pcm_error_set(err, _("tds://%s: no answer from server %s within %d s while logging in. "
		                     "Check that it is a SQL Server, its port or instance, and the "
		                     "network; --login-timeout (or freetds.conf's \"connect timeout\") "
		                     "sets the limit."), s->label, s->server, s->login_timeout);
	} else if (seen.dberr == SYBEFCON && !seen.timed_out &&
	           pcm_tds_tls_diagnose(s->server, why, sizeof why)) {
		/* connected, then failed without a word: FreeTDS keeps TLS's
		 * reason to itself, so the server is asked again */
		pcm_error_set(err, _("tds://%s: TLS handshake with %s failed: %s."), s->label,
		              s->server, why);
	} else {
		pcm_error_set(err, _("tds://%s: cannot reach SQL Server %s (%s%s%s). Check the host name "
		                     "or the freetds.conf entry, the port or instance, that the server "
		                     "accepts TCP/IP connections, and the firewall; TDSVER and freetds.conf "
		                     "choose the TDS version and encryption."), s->label, s->server,
		              seen.dbmsg[0] ? seen.dbmsg : _("no answer"), seen.osmsg[0] ? ": " : "",
		              seen.osmsg);
	}
}

/* db-lib asks these at least once a second while it waits for the
 * server, and at once when a signal interrupts the wait: a recorded
 * Ctrl-C or SIGTERM (base/interrupt.h) ends the wait as a timeout, which
 * on_error turns into closing the connection. */
static int interrupt_check(void *dbp)
{
	(void)dbp;
	return pcm_interrupt_signal() != 0;
}

static int interrupt_handle(void *dbp)
{
	(void)dbp;
	return INT_CANCEL;
}

static int tds_connect(struct tds_source *s, struct pcm_error *err)
{
	LOGINREC *login;
	char *pw;

	if (!dblib_ready) {
		if (dbinit() == FAIL) {
			pcm_error_set(err, _("tds://%s: FreeTDS db-lib cannot start"), s->label);
			return -1;
		}
		dberrhandle(on_error);
		dbmsghandle(on_message);
		dblib_ready = true;
	}
	/* taken out of the environment at once: children and
	 * /proc/PID/environ never see it (secret.h) */
	pw = pcm_secret_from_env("PCMIGRATE_PASSWORD");
	if (!pw && password_prompt)
		pw = password_prompt(s->label, err);
	else if (!pw)
		pcm_error_set(err, _("tds://%s: no password: set PCMIGRATE_PASSWORD"), s->label);
	if (!pw)
		return -1;
	seen_reset();
	login = dblogin();
	if (!login) {
		pcm_secret_free(pw);
		pcm_error_set(err, _("tds://%s: FreeTDS cannot allocate a login"), s->label);
		return -1;
	}
	DBSETLUSER(login, s->user);
	DBSETLPWD(login, pw);
	DBSETLAPP(login, "pcmigrate");
	DBSETLCHARSET(login, "UTF-8");
	DBSETLDBNAME(login, s->database);
	pcm_secret_free(pw);

	/* Time limits: the command line, else freetds.conf, else ours.
	 * dbsetlogintime/dbsettime override freetds.conf inside FreeTDS, so
	 * its values are looked up here. The TDS version: 7.4 asked, the
	 * server answers its own (7.2 for SQL Server 2005, 7.3 for 2008 and
	 * 2008 R2), unless TDSVER or freetds.conf names one; the stock
	 * "tds version = auto" falls back to TDS 5.0, which SQL Server never
	 * answers, and retries. */
	struct tds_conf conf;
	conf_read(s->server, &conf);
	s->login_timeout = opt_login_timeout >= 0 ? opt_login_timeout
	                   : conf.connect_timeout ? conf.connect_timeout : PCM_TDS_LOGIN_TIMEOUT;
	s->query_timeout = opt_query_timeout >= 0 ? opt_query_timeout
	                   : conf.query_timeout ? conf.query_timeout : PCM_TDS_QUERY_TIMEOUT;
	dbsetlogintime(s->login_timeout);
	dbsettime(s->query_timeout);
	if (!getenv("TDSVER") && !conf.version)
		DBSETLVERSION(login, DBVERSION_74);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	s->dbp = dbopen(login, s->server);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	dbloginfree(login);
	if (!s->dbp) {
		/* FreeTDS reports a login that timed out as "connection failed" */
		s->login_took_limit = s->login_timeout > 0 &&
		                      (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >=
		                      (long)s->login_timeout * 1000 - 200;
		login_error(s, err);
		return -1;
	}
	dbsetinterrupt(s->dbp, interrupt_check, interrupt_handle);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Queries.                                                             */

/* The query failed: missing table, permission, lost connection, other. */
static void query_error(const struct tds_source *s, const char *what, struct pcm_error *err)
{
	if (seen.msgno == 208) {
		pcm_error_set(err, _("tds://%s: %s: the table does not exist in database %s on server %s "
		                     "(server message 208: %s). Is this the %s?"), s->label, what,
		              s->database, s->server, seen.msg,
		              s->expected ? s->expected
		                          : _("Lync Server 2010 / OCS 2007 R2 Group Chat database"));
	} else if (seen.msgno == 229 || seen.msgno == 230 || seen.msgno == 262 || seen.msgno == 916) {
		pcm_error_set(err, _("tds://%s: %s: permission denied for user %s in database %s on server "
		                     "%s (server message %d: %s). Grant the user SELECT on the Group Chat "
		                     "tables (for example the db_datareader role) and on msdb's backupset "
		                     "and backupmediafamily."), s->label, what, s->user, s->database,
		              s->server, seen.msgno, seen.msg);
	} else if (seen.msgno == 1222) {
		/* SET LOCK_TIMEOUT ran out (apply-to-source sets it): Group Chat's
		 * own services hold the rows */
		pcm_error_set(err, _("tds://%s: %s: waited too long for rows another session holds "
		                     "(server message 1222: %s). The Group Chat services still use "
		                     "database %s: stop them on every Group Chat Server (the Channel, "
		                     "Lookup and Compliance services) and run the command again."),
		              s->label, what, seen.msg, s->database);
	} else if (seen.msgno) {
		pcm_error_set(err, _("tds://%s: %s failed on server %s (server message %d: %s)"),
		              s->label, what, s->server, seen.msgno, seen.msg);
	} else if (seen.interrupted) {
		pcm_error_set(err, _("tds://%s: interrupted while reading %s; the query was cancelled "
		                     "and the connection to server %s closed"), s->label, what, s->server);
	} else if (seen.timed_out) {
		pcm_error_set(err, _("tds://%s: no answer from server %s within %d s while reading %s. "
		                     "The server may be overloaded, or the query blocked by another "
		                     "session's locks; --query-timeout (or freetds.conf's \"timeout\") "
		                     "sets the limit."), s->label, s->server, s->query_timeout, what);
	} else if (!s->dbp || dbdead(s->dbp) || seen.dberr) {
		pcm_error_set(err, _("tds://%s: the connection to server %s was lost while reading %s (%s%s%s). "
		                     "Check the network and the server, then run the command again."),
		              s->label, s->server, what, seen.dbmsg[0] ? seen.dbmsg : _("connection closed"),
		              seen.osmsg[0] ? ": " : "", seen.osmsg);
	} else {
		pcm_error_set(err, _("tds://%s: %s failed on server %s"), s->label, what, s->server);
	}
}

/* Sends sql and positions db-lib on its first result set. */
static int query(struct tds_source *s, const char *sql, const char *what, struct pcm_error *err)
{
	seen_reset();
	if (!s->dbp || dbdead(s->dbp)) {
		query_error(s, what, err);
		return -1;
	}
	if (dbcmd(s->dbp, sql) == FAIL || dbsqlexec(s->dbp) == FAIL) {
		query_error(s, what, err);
		dbcancel(s->dbp);
		return -1;
	}
	RETCODE rc = dbresults(s->dbp);
	if (rc != SUCCEED) {
		if (rc == NO_MORE_RESULTS && !seen.msgno)
			return 0;
		query_error(s, what, err);
		dbcancel(s->dbp);
		return -1;
	}
	return 0;
}

/* Reads the remaining result sets of a batch. */
static int drain(struct tds_source *s, const char *what, struct pcm_error *err)
{
	RETCODE rc;

	while ((rc = dbresults(s->dbp)) == SUCCEED)
		while (dbnextrow(s->dbp) != NO_MORE_ROWS)
			;
	if (rc == FAIL || seen.msgno) {
		query_error(s, what, err);
		dbcancel(s->dbp);
		return -1;
	}
	return 0;
}

/* Column c (1-based) of the current row as text, the way FOR XML RAW
 * writes it; false for NULL. */
static bool cell_text(DBPROCESS *dbp, int c, char **buf, size_t *cap)
{
	BYTE *data = dbdata(dbp, c);
	DBINT len = dbdatlen(dbp, c);
	int type = dbcoltype(dbp, c);
	char tmp[128];
	const char *out = tmp;
	size_t n;

	if (!data)
		return false;
	switch (type) {
	case SYBINT1:
		snprintf(tmp, sizeof tmp, "%u", (unsigned)*(DBTINYINT *)data);
		break;
	case SYBINT2: {
		DBSMALLINT v;
		memcpy(&v, data, sizeof v);
		snprintf(tmp, sizeof tmp, "%d", (int)v);
		break;
	}
	case SYBINT4: {
		DBINT v;
		memcpy(&v, data, sizeof v);
		snprintf(tmp, sizeof tmp, "%ld", (long)v);
		break;
	}
	case SYBINT8: {
		DBBIGINT v;
		memcpy(&v, data, sizeof v);
		snprintf(tmp, sizeof tmp, "%lld", (long long)v);
		break;
	}
	case SYBBIT:
	case SYBBITN:
		snprintf(tmp, sizeof tmp, "%d", *(DBBIT *)data ? 1 : 0);
		break;
	case SYBFLT8: {
		DBFLT8 v;
		memcpy(&v, data, sizeof v);
		snprintf(tmp, sizeof tmp, "%.17g", v);
		break;
	}
	case SYBDATETIME:
	case SYBDATETIMN:
	case SYBDATETIME4: {
		/* days since 1900-01-01 and 1/300 s (or minutes for smalldatetime) */
		int64_t days, ms;
		if (type == SYBDATETIME4 || len == 4) {
			DBDATETIME4 v;
			memcpy(&v, data, sizeof v);
			days = v.days;
			ms = (int64_t)v.minutes * 60000;
		} else {
			DBDATETIME v;
			memcpy(&v, data, sizeof v);
			days = v.dtdays;
			ms = ((int64_t)v.dttime * 10 + 1) / 3;
		}
		int64_t y;
		unsigned mo, d;
		pcm_civil_from_days(days - 25567, &y, &mo, &d);
		int h = (int)(ms / 3600000), mi = (int)(ms / 60000 % 60), sec = (int)(ms / 1000 % 60);
		int frac = (int)(ms % 1000);
		if (frac)
			snprintf(tmp, sizeof tmp, "%04lld-%02u-%02uT%02d:%02d:%02d.%03d", (long long)y, mo, d,
			         h, mi, sec, frac);
		else
			snprintf(tmp, sizeof tmp, "%04lld-%02u-%02uT%02d:%02d:%02d", (long long)y, mo, d, h,
			         mi, sec);
		break;
	}
	case SYBCHAR:
	case SYBVARCHAR:
	case SYBTEXT:
	case SYBNTEXT:
	case SYBNVARCHAR:
		out = (const char *)data;
		n = (size_t)(len > 0 ? len : 0);
		goto copy;
	default: {                      /* uniqueidentifier and the rest */
		DBINT r = dbconvert(dbp, type, data, len, SYBCHAR, (BYTE *)tmp, sizeof tmp - 1);
		tmp[r > 0 && r < (DBINT)sizeof tmp ? r : 0] = 0;
		break;
	}
	}
	n = strlen(tmp);
copy:
	if (n + 1 > *cap) {
		*cap = n + 64;
		*buf = pcm_xrealloc(*buf, *cap);
	}
	memcpy(*buf, out, n);
	(*buf)[n] = 0;
	return true;
}

/* The current result set's columns, and a buffer per column. */
struct rowbuf {
	size_t ncols;
	const char **names, **values;
	char **bufs;
	size_t *caps;
};

static void rowbuf_init(struct rowbuf *r, DBPROCESS *dbp)
{
	r->ncols = (size_t)dbnumcols(dbp);
	r->names = pcm_xcalloc(r->ncols, sizeof *r->names);
	r->values = pcm_xcalloc(r->ncols, sizeof *r->values);
	r->bufs = pcm_xcalloc(r->ncols, sizeof *r->bufs);
	r->caps = pcm_xcalloc(r->ncols, sizeof *r->caps);
	for (size_t i = 0; i < r->ncols; i++)
		r->names[i] = dbcolname(dbp, (int)i + 1);
}

static void rowbuf_fill(struct rowbuf *r, DBPROCESS *dbp)
{
	for (size_t i = 0; i < r->ncols; i++)
		r->values[i] = cell_text(dbp, (int)i + 1, &r->bufs[i], &r->caps[i]) ? r->bufs[i] : NULL;
}

static void rowbuf_free(struct rowbuf *r)
{
	for (size_t i = 0; i < r->ncols; i++)
		free(r->bufs[i]);
	free(r->names);
	free(r->values);
	free(r->bufs);
	free(r->caps);
	memset(r, 0, sizeof *r);
}

/* Runs sql and hands every row, as table's row, to cb. */
static int each_row(struct tds_source *s, const char *sql, const char *table,
                    int (*cb)(const struct pcm_row *row, void *ctx), void *ctx, struct pcm_error *err)
{
	struct rowbuf rb;
	struct pcm_row row;
	char where[512];
	unsigned long n = 0;
	RETCODE rc;

	if (query(s, sql, table, err))
		return -1;
	rowbuf_init(&rb, s->dbp);
	row.table = table;
	row.ncols = rb.ncols;
	row.names = rb.names;
	row.values = rb.values;
	row.where = where;
	while ((rc = dbnextrow(s->dbp)) == REG_ROW) {
		n++;
		if ((s->rows_read + n) % PCM_LOAD_REPORT_ROWS == 0)
			pcm_source_report(&s->base, 0, 0, s->rows_read + n);
		snprintf(where, sizeof where, "tds://%s %s row %lu", s->label, table, n);
		rowbuf_fill(&rb, s->dbp);
		if (cb(&row, ctx)) {
			rowbuf_free(&rb);
			dbcancel(s->dbp);
			return -1;
		}
	}
	rowbuf_free(&rb);
	if (rc == FAIL || seen.dberr || seen.msgno) {
		query_error(s, table, err);
		dbcancel(s->dbp);
		return -1;
	}
	s->rows_read += n;
	return drain(s, table, err);
}

/* A column name as a T-SQL identifier: bracketed unless plain. */
static void add_ident(struct pcm_sbuf *b, const char *name)
{
	bool plain = *name && !(*name >= '0' && *name <= '9');

	for (const char *p = name; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '_';
	if (plain) {
		pcm_sbuf_add(b, name);
		return;
	}
	pcm_sbuf_addc(b, '[');
	for (const char *p = name; *p; p++) {
		if (*p == ']')
			pcm_sbuf_addc(b, ']');
		pcm_sbuf_addc(b, *p);
	}
	pcm_sbuf_addc(b, ']');
}

/* The server's spelling of each of a table's columns we read: found[i]
 * for cols[i], "" when the table lacks it. A table of an older schema may
 * lack an optional column (Lync Server 2010's tblChat has no rtf, only
 * 2013's has: schemas-with-sources.md, [10:gg615031], [13:tblchat]; the
 * mapping names a missing required one). Names are compared without case,
 * as the database's CI collation does. */
#define PCM_TDS_MAXCOLS 24
static int discover_columns(struct tds_source *s, const char *table, const char *const *cols,
                            char found[][64], struct pcm_error *err)
{
	/* a table of the database, or msdb's (msdb.dbo.backupset: with the
	 * isolation hint read_begin's SNAPSHOT transaction needs there) */
	bool other_db = strchr(table, '.') != NULL;
	char *sql = pcm_xasprintf("SELECT TOP 0 * FROM %s%s%s", other_db ? "" : "dbo.", table,
	                          other_db ? " WITH (READCOMMITTED)" : "");
	int rc = query(s, sql, table, err);

	free(sql);
	if (rc)
		return -1;
	int n = dbnumcols(s->dbp);
	for (size_t i = 0; cols[i]; i++) {
		found[i][0] = 0;
		for (int c = 1; c <= n; c++) {
			const char *have = dbcolname(s->dbp, c);
			if (have && strcasecmp(have, cols[i]) == 0) {
				snprintf(found[i], 64, "%s", have);
				break;
			}
		}
	}
	while (dbnextrow(s->dbp) == REG_ROW)
		;
	return drain(s, table, err);
}

/* The select list of the columns found: a column the server spells
 * differently (2010 documents channelID, chatID) is selected by the
 * server's name under ours, so the mapping sees one spelling and a
 * case-sensitive database still finds it. skip: a column left out. */
static char *select_list(const char *const *cols, char found[][64], const char *skip)
{
	struct pcm_sbuf out = { 0 };

	for (size_t i = 0; cols[i]; i++) {
		if (!found[i][0] || (skip && !strcmp(cols[i], skip)))
			continue;
		if (out.n)
			pcm_sbuf_add(&out, ", ");
		if (strcmp(found[i], cols[i]) != 0) {
			add_ident(&out, found[i]);
			pcm_sbuf_add(&out, " AS ");
		}
		pcm_sbuf_add(&out, cols[i]);
	}
	if (!out.n)
		pcm_sbuf_add(&out, cols[0]);    /* let the server name what is missing */
	return pcm_sbuf_take(&out);
}

static char *present_columns(struct tds_source *s, const char *table, const char *const *cols,
                             struct pcm_error *err)
{
	char found[PCM_TDS_MAXCOLS][64];

	if (discover_columns(s, table, cols, found, err))
		return NULL;
	return select_list(cols, found, NULL);
}

/* tblChat's select lists (with rtf where the table has it, and without
 * for counting) and the server's names of the columns in WHERE clauses:
 * found once per connection. */
static const char *const chat_cols[] = { "channelId", "chatId", "chatDate", "userId", "isAlert",
                                         "content", "rtf", NULL };

static int chat_columns(struct tds_source *s, struct pcm_error *err)
{
	char found[PCM_TDS_MAXCOLS][64];
	struct pcm_sbuf b = { 0 };

	if (s->chat_all)
		return 0;
	if (discover_columns(s, "tblChat", chat_cols, found, err))
		return -1;
	s->chat_all = select_list(chat_cols, found, NULL);
	s->chat_count = select_list(chat_cols, found, "rtf");
	add_ident(&b, found[0][0] ? found[0] : chat_cols[0]);
	s->chat_channel = pcm_sbuf_take(&b);
	add_ident(&b, found[2][0] ? found[2] : chat_cols[2]);
	s->chat_date = pcm_sbuf_take(&b);
	add_ident(&b, found[1][0] ? found[1] : chat_cols[1]);
	s->chat_id = pcm_sbuf_take(&b);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Loading.                                                             */

/* Tables and the columns pcmigrate reads (legacy-schema.md). */
static const struct table_cols {
	const char *table;
	const char *const cols[PCM_TDS_MAXCOLS];
	const char *order;
} tables[] = {
	{ "tblPrincipalType", { "ptypeID", "ptypeDesc", "ptypeIsSystemUser", "ptypeIsUser",
	                        "ptypeIsFederated", NULL }, "ptypeID" },
	{ "tblRoleType", { "rtypeID", "rtypeDesc", "rtypeAllowedPermSet", "honorsOverride",
	                   "honorsScope", NULL }, "rtypeID" },
	{ "tblPrincipal", { "prinID", "prinGuid", "prinUri", "prinName", "prinCompanyName",
	                    "prinEmail", "prinADPath", "prinADUserPrincipalName", "prinDisabled",
	                    "prinTypeID", NULL }, "prinID" },
	{ "tblNode", { "nodeID", "nodeGuid", "parentID", "nodeType", "nodeName", "nodeDesc", "topic",
	               "filestoreURI", "inheritance", "scopeChange", "overrideMember", "invite",
	               "logged", "filePost", "disabled", "restrictChildCreate", "behavior",
	               "visibility", "siopID", "nodeAddedBy", "nodeUpdatedBy", "nodeAddedOn",
	               "nodeUpdatedOn", NULL }, "nodeID" },
	{ "tblPrincipalRole", { "prinRoleNodeID", "prinRolePrinID", "prinRoleTypeID",
	                        "prinRoleUpdatedBy", "honorsOverride", "honorsScope", NULL },
	  "prinRoleNodeID, prinRolePrinID, prinRoleTypeID" },
	{ "tblScopePrincipal", { "scopeNodeID", "scopePrinID", NULL }, "scopeNodeID, scopePrinID" },
	{ "tblPrincipalAffiliations", { "principalID", "affiliationID", NULL },
	  "principalID, affiliationID" },
	{ "tblSiopWhiteList", { "siopId", "siopName", "siopUrl", NULL }, "siopId" },
	{ "tblPrincipalInvites", { "prinID", "invID", "nodeID", "createdOn", NULL }, "invID" },
};

/* Where read rows go: the mapping (load) or a snapshot writer (dump). */
struct sink {
	int (*row)(const struct pcm_row *row, void *ctx);
	void *ctx;
};

static int sink_row(const struct pcm_row *row, void *ctx)
{
	const struct sink *k = ctx;
	return k->row(row, k->ctx);
}

/* A backupset row joined with its first media family: the backupset row
 * (without the join's physical_device_name, its last column), then the
 * backupmediafamily row when there is a device. */
static int sink_backup(const struct pcm_row *row, void *ctx)
{
	const struct sink *k = ctx;
	const char *media = NULL, *device = NULL;

	for (size_t i = 0; i < row->ncols; i++) {
		if (!strcmp(row->names[i], "media_set_id"))
			media = row->values[i];
		else if (!strcmp(row->names[i], "physical_device_name"))
			device = row->values[i];
	}
	struct pcm_row b = *row;
	b.table = "backupset";
	b.ncols = row->ncols - 1;
	if (k->row(&b, k->ctx))
		return -1;
	if (media && device) {
		static const char *const names[] = { "media_set_id", "physical_device_name" };
		const char *values[] = { media, device };
		struct pcm_row m = { "backupmediafamily", 2, names, values, row->where };
		return k->row(&m, k->ctx);
	}
	return 0;
}

struct loader {
	struct pcm_deployment *d;
	struct pcm_rowmap *map;
	struct pcm_error *err;
};

static int add_row(const struct pcm_row *row, void *ctx)
{
	struct loader *l = ctx;
	return pcm_rowmap_add(l->map, row, l->err);
}

static int count_chat(const struct pcm_row *row, void *ctx)
{
	struct loader *l = ctx;
	struct pcm_message msg;

	if (pcm_rowmap_chat(l->d, row, &msg, l->err))
		return -1;
	return pcm_rowmap_count_message(l->map, &msg, row->where, l->err);
}

/* The server's name and its offset from UTC (msdb's times are local; the
 * offset is used only for backups whose time_zone is unknown).
 * GETUTCDATE() and GETDATE() are two clock reads: DATEDIFF(minute, ...)
 * over a pair that straddles a minute boundary is one minute off. Counted
 * in seconds the straddle costs at most one second, which rounding to the
 * minute removes (SYSDATETIMEOFFSET reads once but is SQL Server 2008 and
 * later; this works on 2005 too). data/snapshot.sql does the same. */
static int server_facts(struct tds_source *s, struct pcm_deployment *d, struct pcm_error *err)
{
	static const char sql[] =
		"SELECT CAST(ROUND(DATEDIFF(second, GETUTCDATE(), GETDATE()) / 60.0, 0) AS int) "
		"AS utcOffsetMinutes, @@SERVERNAME AS serverName";
	struct rowbuf rb;
	int64_t offset = 0;
	bool got = false;

	if (query(s, sql, _("the server's time zone"), err))
		return -1;
	rowbuf_init(&rb, s->dbp);
	while (dbnextrow(s->dbp) == REG_ROW) {
		rowbuf_fill(&rb, s->dbp);
		if (rb.ncols >= 2 && rb.values[0] && pcm_parse_i64(rb.values[0], -1440, 1440, &offset))
			got = true;
		if (rb.ncols >= 2 && rb.values[1] && *rb.values[1])
			d->info.server = pcm_arena_strdup(d->arena, rb.values[1]);
	}
	rowbuf_free(&rb);
	if (drain(s, _("the server's time zone"), err))
		return -1;
	if (!got) {
		pcm_error_set(err, _("tds://%s: server %s did not say its offset from UTC"), s->label,
		              s->server);
		return -1;
	}
	d->info.utc_offset_minutes = (int32_t)offset;
	return 0;
}

/* SQL text as a T-SQL Unicode literal. */
static char *sql_literal(const char *text)
{
	struct pcm_sbuf b = { 0 };

	pcm_sbuf_add(&b, "N'");
	for (const char *p = text; *p; p++) {
		if (*p == '\'')
			pcm_sbuf_addc(&b, '\'');
		pcm_sbuf_addc(&b, *p);
	}
	pcm_sbuf_addc(&b, '\'');
	return pcm_sbuf_take(&b);
}

/* Every table but tblChat, then msdb's backup history for the database,
 * each row to k. */
static int read_tables(struct tds_source *s, struct sink *k, struct pcm_error *err)
{
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		char *cols = present_columns(s, tables[t].table, tables[t].cols, err);
		if (!cols)
			return -1;
		char *sql = pcm_xasprintf("SELECT %s FROM dbo.%s ORDER BY %s", cols, tables[t].table,
		                          tables[t].order);
		free(cols);
		int r = each_row(s, sql, tables[t].table, sink_row, k, err);
		free(sql);
		if (r)
			return -1;
	}
	/* each backup's own offset from UTC (time_zone, in msdb since SQL
	 * Server 2000, listed for 2005 at learn.microsoft.com/en-us/
	 * previous-versions/sql/sql-server-2005/ms186299(v=sql.90); rowmap.c)
	 * where the server's backupset has it. msdb
	 * allows no snapshot isolation: inside read_begin's SNAPSHOT
	 * transaction its tables are read with a READCOMMITTED hint, as
	 * "Using Row Versioning-based Isolation Levels" says (SQL Server
	 * 2005-2008 R2, learn.microsoft.com/en-us/previous-versions/sql/
	 * sql-server-2008-r2/ms179599(v=sql.105)), not error 3952 */
	static const char *const tz_col[] = { "time_zone", NULL };
	char tz[PCM_TDS_MAXCOLS][64];
	if (discover_columns(s, "msdb.dbo.backupset", tz_col, tz, err))
		return -1;
	char *db = sql_literal(s->database);
	char *sql = pcm_xasprintf(
		"SELECT b.backup_set_id, b.database_name, b.type, b.backup_start_date, "
		"b.backup_finish_date, b.is_copy_only, b.is_damaged, b.media_set_id, %s"
		"m.physical_device_name "
		"FROM msdb.dbo.backupset b WITH (READCOMMITTED) "
		"LEFT JOIN msdb.dbo.backupmediafamily m WITH (READCOMMITTED) "
		"ON m.media_set_id = b.media_set_id AND m.family_sequence_number = 1 "
		"WHERE b.database_name = %s ORDER BY b.backup_finish_date, b.backup_set_id",
		tz[0][0] ? "b.time_zone, " : "", db);
	free(db);
	int r = each_row(s, sql, "msdb.dbo.backupset", sink_backup, k, err);
	free(sql);
	return r;
}

/* Fills the source facts: kind, location, server, database, now, offset. */
static int source_info(struct tds_source *s, struct pcm_deployment *d, struct pcm_error *err)
{
	char taken[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(taken, sizeof taken, "%Y-%m-%dT%H:%M:%SZ", &tm);
	d->info.kind = pcm_arena_strdup(d->arena, "tds");
	char *location = pcm_xasprintf("tds://%s", s->label);
	d->info.location = pcm_arena_strdup(d->arena, location);
	free(location);
	d->info.server = pcm_arena_strdup(d->arena, s->server);
	d->info.database = pcm_arena_strdup(d->arena, s->database);
	d->info.taken_at = pcm_arena_strdup(d->arena, taken);
	if (s->lookup_uri)
		d->info.lookup_server_uri = pcm_arena_strdup(d->arena, s->lookup_uri);
	return server_facts(s, d, err);
}

/* ------------------------------------------------------------------ */
/* One consistent read.                                                 */

/* tblChat's row count and newest chatId: compared before and after a
 * load, they show a message posted (or removed) while it ran. */
struct chat_mark {
	char rows[32], newest[32];
};

static int chat_mark(struct tds_source *s, struct chat_mark *m, struct pcm_error *err)
{
	char *sql = pcm_xasprintf("SELECT COUNT_BIG(*) AS chatRows, MAX(%s) AS newestChatId "
	                          "FROM dbo.tblChat", s->chat_id);
	struct rowbuf rb;
	int rc = query(s, sql, "tblChat", err);

	free(sql);
	if (rc)
		return -1;
	memset(m, 0, sizeof *m);
	rowbuf_init(&rb, s->dbp);
	while (dbnextrow(s->dbp) == REG_ROW) {
		rowbuf_fill(&rb, s->dbp);
		if (rb.ncols >= 2) {
			snprintf(m->rows, sizeof m->rows, "%s", rb.values[0] ? rb.values[0] : "0");
			snprintf(m->newest, sizeof m->newest, "%s", rb.values[1] ? rb.values[1] : "none");
		}
	}
	rowbuf_free(&rb);
	return drain(s, "tblChat", err);
}

/* Starts a load: in one SNAPSHOT transaction where the database allows
 * it (ALTER DATABASE ... SET ALLOW_SNAPSHOT_ISOLATION ON; sys.databases'
 * snapshot_isolation_state = 1, SQL Server 2005 and later:
 * learn.microsoft.com/en-us/sql/relational-databases/system-catalog-views/
 * sys-databases-transact-sql), so the ~21 SELECTs see one state and take
 * no locks that would stall Group Chat. Otherwise each SELECT reads at
 * the default READ COMMITTED: REPEATABLE READ would hold shared locks on
 * every row read, tblChat included, and block Group Chat's writers for
 * the whole read, while new messages still got in. Either way the mark
 * taken here is compared at the end. */
static int read_begin(struct tds_source *s, struct chat_mark *m, struct pcm_error *err)
{
	struct pcm_error ignored = { 0 };
	char *db = sql_literal(s->database);
	char *sql = pcm_xasprintf("SELECT snapshot_isolation_state FROM sys.databases "
	                          "WHERE name = %s", db);
	struct rowbuf rb;
	int64_t state = 0;

	free(db);
	if (chat_columns(s, err))
		goto fail;
	/* a login that may not see sys.databases reads without the snapshot */
	if (query(s, sql, "sys.databases", &ignored) == 0) {
		rowbuf_init(&rb, s->dbp);
		while (dbnextrow(s->dbp) == REG_ROW) {
			rowbuf_fill(&rb, s->dbp);
			if (rb.ncols && rb.values[0] && !pcm_parse_i64(rb.values[0], 0, 255, &state))
				state = 0;
		}
		rowbuf_free(&rb);
		if (drain(s, "sys.databases", &ignored))
			state = 0;
	}
	free(sql);
	sql = NULL;
	s->unguarded = state != 1;
	if (state == 1) {
		if (pcm_tds_exec(&s->base, "SET TRANSACTION ISOLATION LEVEL SNAPSHOT; "
		                 "BEGIN TRANSACTION;", "BEGIN TRANSACTION (SNAPSHOT)", err))
			goto fail;
		s->in_snapshot = true;
	}
	return chat_mark(s, m, err);
fail:
	free(sql);
	return -1;
}

/* Ends a load: the mark again, then the snapshot transaction closed. */
static int read_end(struct tds_source *s, const struct chat_mark *start, struct pcm_error *err)
{
	struct chat_mark end;

	if (chat_mark(s, &end, err))
		return -1;
	if (s->in_snapshot) {
		s->in_snapshot = false;
		if (pcm_tds_exec(&s->base, "COMMIT TRANSACTION; "
		                 "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;",
		                 "COMMIT TRANSACTION (SNAPSHOT)", err))
			return -1;
	}
	if (strcmp(start->rows, end.rows) != 0 || strcmp(start->newest, end.newest) != 0) {
		pcm_error_set(err, _("tds://%s: database %s changed while it was read: tblChat went from "
		                     "%s messages (newest chatId %s) to %s (newest %s), so the tables "
		                     "read do not belong together. Stop the Group Chat services on "
		                     "every Group Chat Server (or allow SNAPSHOT isolation on the "
		                     "database) and run the command again."), s->label, s->database,
		              start->rows, start->newest, end.rows, end.newest);
		return -1;
	}
	return 0;
}

/* Leaves no transaction open after a failed load. */
static void read_abandon(struct tds_source *s)
{
	struct pcm_error ignored = { 0 };

	if (s->in_snapshot && s->dbp && !dbdead(s->dbp))
		pcm_tds_exec(&s->base, "IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; "
		             "SET TRANSACTION ISOLATION LEVEL READ COMMITTED;", "ROLLBACK", &ignored);
	s->in_snapshot = false;
}

static int tds_load(struct pcm_source *base, struct pcm_deployment *d, struct pcm_error *err)
{
	struct tds_source *s = (struct tds_source *)base;
	struct loader l = { .d = d, .err = err };
	struct sink k = { add_row, &l };
	struct chat_mark mark;
	int rc = -1;

	if (source_info(s, d, err))
		return -1;
	if (read_begin(s, &mark, err)) {
		read_abandon(s);
		return -1;
	}
	l.map = pcm_rowmap_new(d);
	if (read_tables(s, &k, err) || pcm_rowmap_finish(l.map, err))
		goto out;
	k.row = count_chat;
	char *sql = pcm_xasprintf("SELECT %s FROM dbo.tblChat ORDER BY channelId, chatId",
	                          s->chat_count);
	rc = each_row(s, sql, "tblChat", sink_row, &k, err) ? -1 : 0;
	free(sql);
	if (rc == 0)
		rc = read_end(s, &mark, err);
out:
	if (rc)
		read_abandon(s);
	pcm_rowmap_free(l.map);
	return rc;
}

int pcm_tds_dump(struct pcm_source *base, int (*cb)(const struct pcm_row *row, void *ctx),
                 void *ctx, struct pcm_error *err)
{
	struct tds_source *s = (struct tds_source *)base;
	struct sink k = { cb, ctx };
	struct chat_mark mark;

	if (read_begin(s, &mark, err) || read_tables(s, &k, err)) {
		read_abandon(s);
		return -1;
	}
	char *sql = pcm_xasprintf("SELECT %s FROM dbo.tblChat ORDER BY channelId, chatId",
	                          s->chat_all);
	int rc = each_row(s, sql, "tblChat", sink_row, &k, err);
	free(sql);
	if (rc == 0)
		rc = read_end(s, &mark, err);
	if (rc)
		read_abandon(s);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Messages, room by room.                                              */

static struct pcm_msg_iter *tds_messages(struct pcm_source *base, const struct pcm_deployment *d,
                                         uint32_t room, int64_t since_ticks, struct pcm_error *err)
{
	struct tds_source *s = (struct tds_source *)base;
	struct pcm_sbuf sql = { 0 };
	struct pcm_msg_iter *it;

	if (s->iterating) {
		pcm_error_set(err, _("tds://%s: one message iterator at a time over TDS"), s->label);
		return NULL;
	}
	if (room != PCM_ALL_ROOMS && room >= d->nodes.n) {
		pcm_error_set(err, _("tds://%s: no node with index %u"), s->label, (unsigned)room);
		return NULL;
	}
	if (chat_columns(s, err))
		return NULL;
	pcm_sbuf_printf(&sql, "SELECT %s FROM dbo.tblChat", s->chat_all);
	if (room != PCM_ALL_ROOMS)
		pcm_sbuf_printf(&sql, " WHERE %s = %ld", s->chat_channel, (long)d->nodes.v[room].id);
	if (since_ticks > 0)
		pcm_sbuf_printf(&sql, " %s %s >= %lld", room != PCM_ALL_ROOMS ? "AND" : "WHERE",
		                s->chat_date, (long long)since_ticks);
	pcm_sbuf_add(&sql, " ORDER BY channelId, chatId");
	int r = query(s, sql.s, "tblChat", err);
	pcm_sbuf_free(&sql);
	if (r)
		return NULL;
	it = pcm_xcalloc(1, sizeof *it);
	it->s = s;
	it->d = d;
	struct rowbuf rb;
	rowbuf_init(&rb, s->dbp);
	it->ncols = rb.ncols;
	it->names = rb.names;
	it->values = rb.values;
	it->bufs = rb.bufs;
	it->caps = rb.caps;
	s->iterating = true;
	return it;
}

static int tds_next(struct pcm_msg_iter *it, struct pcm_message *msg, struct pcm_error *err)
{
	struct tds_source *s = it->s;
	struct rowbuf rb = { it->ncols, it->names, it->values, it->bufs, it->caps };
	RETCODE rc;

	if (it->done)
		return 0;
	rc = dbnextrow(s->dbp);
	if (rc == REG_ROW) {
		char where[512];
		rowbuf_fill(&rb, s->dbp);
		struct pcm_row row = { "tblChat", it->ncols, it->names, it->values, where };
		snprintf(where, sizeof where, "tds://%s tblChat", s->label);
		return pcm_rowmap_chat(it->d, &row, msg, err) ? -1 : 1;
	}
	it->done = true;
	s->iterating = false;
	if (rc == NO_MORE_ROWS && !seen.msgno && !seen.dberr)
		return drain(s, "tblChat", err) ? -1 : 0;
	query_error(s, "tblChat", err);
	dbcancel(s->dbp);
	return -1;
}

static void tds_iter_close(struct pcm_msg_iter *it)
{
	if (!it)
		return;
	if (!it->done && it->s->dbp && !dbdead(it->s->dbp))
		dbcancel(it->s->dbp);
	it->s->iterating = false;
	struct rowbuf rb = { it->ncols, it->names, it->values, it->bufs, it->caps };
	rowbuf_free(&rb);
	free(it);
}

static void tds_close(struct pcm_source *base)
{
	struct tds_source *s = (struct tds_source *)base;

	if (s->dbp)
		dbclose(s->dbp);
	free(s->user);
	free(s->server);
	free(s->database);
	free(s->label);
	free(s->lookup_uri);
	free(s->chat_all);
	free(s->chat_count);
	free(s->chat_channel);
	free(s->chat_date);
	free(s->chat_id);
	free(s);
}

static const struct pcm_source_ops tds_ops = {
	.kind = "tds",
	.load = tds_load,
	.messages = tds_messages,
	.next = tds_next,
	.iter_close = tds_iter_close,
	.close = tds_close,
};

/* Parses the URL and logs in: a wrong password or an unreachable server
 * is reported here, before any work. */
struct pcm_source *pcm_source_tds_open(const char *url, struct pcm_error *err)
{
	struct tds_source *s = pcm_xcalloc(1, sizeof *s);

	s->base.ops = &tds_ops;
	if (parse_url(s, url, err) || tds_connect(s, err)) {
		tds_close(&s->base);
		return NULL;
	}
	/* text columns whole, whatever the server's default */
	if (pcm_tds_exec(&s->base, "SET TEXTSIZE 2147483647", "SET TEXTSIZE", err)) {
		tds_close(&s->base);
		return NULL;
	}
	return &s->base;
}

/* ------------------------------------------------------------------ */
/* Writing (apply-to-source).                                           */

bool pcm_source_is_tds(const struct pcm_source *s)
{
	return s && s->ops == &tds_ops;
}

int pcm_tds_exec(struct pcm_source *base, const char *sql, const char *what, struct pcm_error *err)
{
	struct tds_source *s = (struct tds_source *)base;

	if (query(s, sql, what, err))
		return -1;
	while (dbnextrow(s->dbp) == REG_ROW)
		;
	return drain(s, what, err);
}

int pcm_tds_trancount(struct pcm_source *base, struct pcm_error *err)
{
	struct tds_source *s = (struct tds_source *)base;
	int64_t n = -1;
	struct rowbuf rb;

	if (query(s, "SELECT @@TRANCOUNT AS trancount", "@@TRANCOUNT", err))
		return -1;
	rowbuf_init(&rb, s->dbp);
	while (dbnextrow(s->dbp) == REG_ROW) {
		rowbuf_fill(&rb, s->dbp);
		if (rb.ncols && rb.values[0] && !pcm_parse_i64(rb.values[0], 0, INT32_MAX, &n))
			n = -1;
	}
	rowbuf_free(&rb);
	if (drain(s, "@@TRANCOUNT", err))
		return -1;
	return (int)n;
}

void pcm_tds_set_expected(struct pcm_source *base, const char *what)
{
	((struct tds_source *)base)->expected = what;
}

int pcm_tds_each_row(struct pcm_source *base, const char *sql, const char *table,
                     int (*cb)(const struct pcm_row *row, void *ctx), void *ctx,
                     struct pcm_error *err)
{
	return each_row((struct tds_source *)base, sql, table, cb, ctx, err);
}

bool pcm_tds_read_unguarded(const struct pcm_source *base)
{
	return ((const struct tds_source *)base)->unguarded;
}

unsigned long pcm_tds_rows_read(const struct pcm_source *base)
{
	return ((const struct tds_source *)base)->rows_read;
}

const char *pcm_tds_label(const struct pcm_source *base)
{
	return ((const struct tds_source *)base)->label;
}

const char *pcm_tds_database(const struct pcm_source *base)
{
	return ((const struct tds_source *)base)->database;
}
