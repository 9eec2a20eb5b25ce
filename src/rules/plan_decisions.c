/* SPDX-License-Identifier: MIT */
/* The plan in memory: creating, binding to a source, recording decisions
 * (each with its stamp) and looking them up. No file I/O except reading a
 * target-items list; plan.c reads and writes the plan file. */
#include "config.h"
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pwd.h>
#include <unistd.h>
#include "base/i18n.h"
#include "rules/plan.h"
#include "rules/plan_impl.h"
#include "base/timeconv.h"
#include "base/util.h"

struct pcm_plan *pcm_plan_new(void)
{
	struct pcm_plan *p = pcm_xcalloc(1, sizeof *p);

	p->separator = pcm_xstrdup(PCM_DEFAULT_SEPARATOR);
	p->owner_fd = -1;
	return p;
}

void pcm_stamp_free(struct pcm_stamp *s)
{
	free(s->at);
	free(s->by);
	s->at = s->by = NULL;
}

/* Frees the target item names. */
static void target_items_free(struct pcm_plan *p)
{
	size_t i;

	for (i = 0; i < p->ntarget_items; i++)
		free(p->target_items[i]);
	free(p->target_items);
	free(p->target_items_file);
	p->target_items = NULL;
	p->target_items_file = NULL;
	p->ntarget_items = 0;
	pcm_stamp_free(&p->target_items_stamp);
}

void pcm_plan_free(struct pcm_plan *p)
{
	size_t i;

	if (!p)
		return;
	pcm_plan_release(p);
	free(p->disk.text);
	free(p->package_dir);
	pcm_stamp_free(&p->package_stamp);
	free(p->path);
	free(p->source_kind);
	free(p->source_location);
	free(p->source_server);
	free(p->source_database);
	free(p->separator);
	pcm_stamp_free(&p->separator_stamp);
	free(p->cutoff_text);
	pcm_stamp_free(&p->cutoff_stamp);
	free(p->backup_override_reason);
	pcm_stamp_free(&p->backup_override_stamp);
	target_items_free(p);
	free(p->pool_fqdn);
	free(p->file_store_root);
	free(p->compliance_server);
	free(p->compliance_db);
	for (i = 0; i < p->renames.n; i++) {
		free(p->renames.v[i].old_name);
		free(p->renames.v[i].new_name);
		pcm_stamp_free(&p->renames.v[i].stamp);
	}
	free(p->renames.v);
	for (i = 0; i < p->root_managers.n; i++) {
		free(p->root_managers.v[i].uri);
		pcm_stamp_free(&p->root_managers.v[i].stamp);
	}
	free(p->root_managers.v);
	for (i = 0; i < p->invitations.n; i++)
		pcm_stamp_free(&p->invitations.v[i].stamp);
	free(p->invitations.v);
	for (i = 0; i < p->disabled.n; i++) {
		free(p->disabled.v[i].name);
		pcm_stamp_free(&p->disabled.v[i].stamp);
	}
	free(p->disabled.v);
	free(p);
}

/* Replaces *dst with a copy of src (NULL allowed). */
static void set_str(char **dst, const char *src)
{
	char *copy = src ? pcm_xstrdup(src) : NULL;

	free(*dst);
	*dst = copy;
}

void pcm_plan_bind(struct pcm_plan *p, const struct pcm_deployment *d)
{
	const struct pcm_source_info *in = &d->info;

	set_str(&p->source_kind, in->kind ? in->kind : "snapshot");
	set_str(&p->source_location, in->location);
	set_str(&p->source_server, in->server);
	set_str(&p->source_database, in->database);
	memcpy(p->source_sha256, in->sha256, sizeof p->source_sha256);
	p->source_sha256[sizeof p->source_sha256 - 1] = '\0';
	p->source_size = in->size;
}

void pcm_stamp_now(struct pcm_stamp *s)
{
	char buf[32];
	const char *user = getenv("USER");

	const struct passwd *pw;

	if (!user || !*user)
		user = getenv("LOGNAME");
	if (!user || !*user) {
		/* cron, systemd and sudo -i may leave both unset: the account
		 * the process runs as is still known */
		pw = getpwuid(geteuid());
		user = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : "unknown";
	}
	pcm_format_ticks(pcm_ticks_from_unix((int64_t)time(NULL)), buf, sizeof buf);
	set_str(&s->at, buf);
	set_str(&s->by, user);
}

void pcm_stamp_set(struct pcm_stamp *dst, const struct pcm_stamp *src)
{
	if (!src) {
		pcm_stamp_now(dst);
		return;
	}
	set_str(&dst->at, src->at);
	set_str(&dst->by, src->by);
}

/* Binary search in a vector sorted by node_id: the position of node_id,
 * or where it would go (*found false). The element size and the offset
 * of node_id make it serve every decision vector. */
static size_t search_id(const void *base, size_t n, size_t elem, size_t off, int32_t id, bool *found)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int32_t v;
		memcpy(&v, (const char *)base + mid * elem + off, sizeof v);
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n) {
		int32_t v;
		memcpy(&v, (const char *)base + lo * elem + off, sizeof v);
		*found = v == id;
	} else {
		*found = false;
	}
	return lo;
}

/* Opens a zeroed slot at position pos of a sorted vector. */
#define VEC_INSERT_AT(vec, pos) \
	(pcm_vec_grow((void **)&(vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v), \
	 memmove(&(vec).v[(pos) + 1], &(vec).v[(pos)], ((vec).n - (pos)) * sizeof *(vec).v), \
	 memset(&(vec).v[(pos)], 0, sizeof *(vec).v), (vec).n++, &(vec).v[(pos)])
#define VEC_REMOVE_AT(vec, pos) \
	(memmove(&(vec).v[(pos)], &(vec).v[(pos) + 1], ((vec).n - (pos) - 1) * sizeof *(vec).v), \
	 (vec).n--)
#define SEARCH(vec, type, id, found) \
	search_id((vec).v, (vec).n, sizeof(type), offsetof(type, node_id), (id), (found))

void pcm_plan_set_rename(struct pcm_plan *p, int32_t node_id, const char *old_name, const char *new_name)
{
	pcm_plan_put_rename(p, node_id, old_name, new_name, NULL);
}

void pcm_plan_put_rename(struct pcm_plan *p, int32_t node_id, const char *old_name,
                         const char *new_name, const struct pcm_stamp *stamp)
{
	bool found;
	size_t pos = SEARCH(p->renames, struct pcm_rename, node_id, &found);
	struct pcm_rename *r;

	if (!new_name || (old_name && !strcmp(old_name, new_name))) {
		if (found) {
			r = &p->renames.v[pos];
			free(r->old_name);
			free(r->new_name);
			pcm_stamp_free(&r->stamp);
			VEC_REMOVE_AT(p->renames, pos);
		}
		return;
	}
	if (found) {
		r = &p->renames.v[pos];
		/* the old name stays the one the source had before any rename */
		if (!r->old_name)
			set_str(&r->old_name, old_name);
	} else {
		r = VEC_INSERT_AT(p->renames, pos);
		r->node_id = node_id;
		set_str(&r->old_name, old_name);
	}
	set_str(&r->new_name, new_name);
	pcm_stamp_set(&r->stamp, stamp);
}

void pcm_plan_set_root_manager(struct pcm_plan *p, const char *uri, bool keep)
{
	pcm_plan_put_root_manager(p, uri, keep, NULL);
}

void pcm_plan_put_root_manager(struct pcm_plan *p, const char *uri, bool keep,
                               const struct pcm_stamp *stamp)
{
	struct pcm_root_manager_decision *r = NULL;
	size_t i;

	for (i = 0; i < p->root_managers.n; i++)
		if (pcm_casefold_equal(p->root_managers.v[i].uri, uri))
			r = &p->root_managers.v[i];
	if (!r) {
		r = PCM_VEC_PUSH(p->root_managers);
		r->uri = pcm_xstrdup(uri);
	}
	r->keep = keep;
	pcm_stamp_set(&r->stamp, stamp);
}

void pcm_plan_set_category_invite(struct pcm_plan *p, int32_t node_id, bool turn_on)
{
	pcm_plan_put_category_invite(p, node_id, turn_on, NULL);
}

void pcm_plan_put_category_invite(struct pcm_plan *p, int32_t node_id, bool turn_on,
                                  const struct pcm_stamp *stamp)
{
	bool found;
	size_t pos = SEARCH(p->invitations, struct pcm_category_invite, node_id, &found);
	struct pcm_category_invite *c;

	if (found) {
		c = &p->invitations.v[pos];
	} else {
		c = VEC_INSERT_AT(p->invitations, pos);
		c->node_id = node_id;
	}
	c->turn_on = turn_on;
	pcm_stamp_set(&c->stamp, stamp);
}

/* Removes the disabled mark of node_id, if any. */
static void clear_disabled(struct pcm_plan *p, int32_t node_id)
{
	bool found;
	size_t pos = SEARCH(p->disabled, struct pcm_disable, node_id, &found);

	if (!found)
		return;
	free(p->disabled.v[pos].name);
	pcm_stamp_free(&p->disabled.v[pos].stamp);
	VEC_REMOVE_AT(p->disabled, pos);
}

void pcm_plan_set_disabled(struct pcm_plan *p, int32_t node_id, const char *name, bool disabled)
{
	if (disabled)
		pcm_plan_put_disabled(p, node_id, name, NULL);
	else
		clear_disabled(p, node_id);
}

void pcm_plan_put_disabled(struct pcm_plan *p, int32_t node_id, const char *name,
                           const struct pcm_stamp *stamp)
{
	bool found;
	size_t pos = SEARCH(p->disabled, struct pcm_disable, node_id, &found);
	struct pcm_disable *x;

	if (found) {
		x = &p->disabled.v[pos];
	} else {
		x = VEC_INSERT_AT(p->disabled, pos);
		x->node_id = node_id;
	}
	set_str(&x->name, name);
	pcm_stamp_set(&x->stamp, stamp);
}

int pcm_plan_set_cutoff(struct pcm_plan *p, const char *text, struct pcm_error *err)
{
	int64_t ticks;

	/* R5: a plain date is 00:00:00 UTC of that day; a time without a
	 * zone is taken as UTC too */
	if (!pcm_parse_datetime(text, 0, &ticks)) {
		pcm_error_set(err, _("cutoff '%s' is not a date: use YYYY-MM-DD (00:00 UTC) "
		                     "or YYYY-MM-DDThh:mm:ssZ"), text);
		return -1;
	}
	p->has_cutoff = true;
	p->cutoff_ticks = ticks;
	set_str(&p->cutoff_text, text);
	pcm_stamp_now(&p->cutoff_stamp);
	return 0;
}

void pcm_plan_clear_cutoff(struct pcm_plan *p)
{
	p->has_cutoff = false;
	p->cutoff_ticks = 0;
	set_str(&p->cutoff_text, NULL);
	pcm_stamp_free(&p->cutoff_stamp);
}

void pcm_plan_set_separator(struct pcm_plan *p, const char *sep)
{
	set_str(&p->separator, sep && *sep ? sep : PCM_DEFAULT_SEPARATOR);
	pcm_stamp_now(&p->separator_stamp);
}

void pcm_plan_override_backup(struct pcm_plan *p, const char *reason)
{
	if (!reason || !*reason) {
		set_str(&p->backup_override_reason, NULL);
		pcm_stamp_free(&p->backup_override_stamp);
		return;
	}
	set_str(&p->backup_override_reason, reason);
	pcm_stamp_now(&p->backup_override_stamp);
}

static const char *const step_names[PCM_STEP_COUNT] = {
	"backup", "root-managers", "names", "invitations", "cutoff", "disable", "worklist",
	"summary", "migrate", "warnings", "verify"
};

const char *pcm_plan_step_name(enum pcm_step step)
{
	return (unsigned)step < PCM_STEP_COUNT ? step_names[step] : "?";
}

enum pcm_step pcm_plan_step_from_name(const char *name)
{
	int i;

	for (i = 0; i < PCM_STEP_COUNT; i++)
		if (!strcmp(step_names[i], name))
			return (enum pcm_step)i;
	return PCM_STEP_COUNT;
}

void pcm_plan_set_step_done(struct pcm_plan *p, enum pcm_step step, bool done)
{
	if ((unsigned)step < PCM_STEP_COUNT)
		p->steps_done[step] = done;
}

int pcm_plan_set_target_items(struct pcm_plan *p, const char *file, struct pcm_error *err)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0, n = 0, alloc = 0;
	char **names = NULL;
	ssize_t len;
	long lineno = 0;

	if (!f) {
		pcm_error_set(err, _("%s: cannot open: %s"), file, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (!pcm_utf8_valid(line, (size_t)len)) {
			pcm_error_set(err, _("%s:%ld: not valid UTF-8"), file, lineno);
			break;
		}
		pcm_vec_grow((void **)&names, &alloc, n + 1, sizeof *names);
		names[n++] = pcm_xstrdup(line);
	}
	free(line);
	if (ferror(f) && !(err && err->set))
		pcm_error_set(err, _("%s: read error: %s"), file, strerror(errno));
	fclose(f);
	if (err && err->set) {
		while (n)
			free(names[--n]);
		free(names);
		return -1;
	}
	target_items_free(p);
	p->target_items = names;
	p->ntarget_items = n;
	p->target_items_file = pcm_xstrdup(file);
	pcm_stamp_now(&p->target_items_stamp);
	return 0;
}

const char *pcm_plan_separator(const struct pcm_plan *p)
{
	return p && p->separator && *p->separator ? p->separator : PCM_DEFAULT_SEPARATOR;
}

const char *pcm_plan_rename_of(const struct pcm_plan *p, int32_t node_id)
{
	bool found;
	size_t pos;

	if (!p)
		return NULL;
	pos = SEARCH(p->renames, struct pcm_rename, node_id, &found);
	return found ? p->renames.v[pos].new_name : NULL;
}

bool pcm_plan_is_disabled(const struct pcm_plan *p, int32_t node_id)
{
	bool found = false;

	if (p)
		SEARCH(p->disabled, struct pcm_disable, node_id, &found);
	return found;
}

int pcm_plan_root_manager(const struct pcm_plan *p, const char *uri)
{
	size_t i;

	if (!p || !uri)
		return -1;
	for (i = 0; i < p->root_managers.n; i++)
		if (pcm_casefold_equal(p->root_managers.v[i].uri, uri))
			return p->root_managers.v[i].keep;
	return -1;
}

int pcm_plan_category_invite(const struct pcm_plan *p, int32_t node_id)
{
	bool found;
	size_t pos;

	if (!p)
		return -1;
	pos = SEARCH(p->invitations, struct pcm_category_invite, node_id, &found);
	return found ? p->invitations.v[pos].turn_on : -1;
}

bool pcm_store_root_ok(const char *s)
{
	const char *p, *share;

	if (!s || !*s)
		return false;
	/* a trailing backslash would escape robocopy's closing quote */
	if (s[strlen(s) - 1] == '\\' && strlen(s) != 3)
		return false;
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F || strchr("\"<>|?*%/", *p))
			return false;
	if (((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) && s[1] == ':' && s[2] == '\\')
		return !strstr(s + 2, "\\\\") && !strchr(s + 2, ':');
	if (s[0] != '\\' || s[1] != '\\' || s[2] == '\\' || s[2] == '\0')
		return false;
	share = strchr(s + 2, '\\');              /* \\host\share: both non-empty */
	if (!share || share[1] == '\0' || share[1] == '\\')
		return false;
	return !strstr(share, "\\\\") && !strchr(s, ':');
}
