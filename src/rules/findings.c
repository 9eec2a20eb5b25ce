/* SPDX-License-Identifier: MIT */
/* The findings list the checks write, and the small facts every check
 * asks (is a room migrated, a node's id as text, messages before a
 * date). */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "base/timeconv.h"
#include "base/util.h"

void pcm_findings_init(struct pcm_findings *f)
{
	memset(f, 0, sizeof *f);
}

void pcm_findings_free(struct pcm_findings *f)
{
	size_t i;

	for (i = 0; i < f->list.n; i++) {
		free(f->list.v[i].id);
		free(f->list.v[i].object);
		free(f->list.v[i].message);
	}
	free(f->list.v);
	memset(f, 0, sizeof *f);
}

size_t pcm_findings_blocking(const struct pcm_findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->list.n; i++)
		n += f->list.v[i].severity == PCM_SEV_BLOCK;
	return n;
}

struct pcm_finding *pcm_finding_add(struct pcm_findings *out, enum pcm_check_step step,
                                    enum pcm_severity sev, const char *code, const char *id,
                                    const char *object, uint32_t node, uint32_t principal,
                                    int64_t number, const char *fmt, ...)
{
	struct pcm_finding *f = PCM_VEC_PUSH(out->list);
	char buf[1024];
	va_list ap;
	int n;

	f->step = step;
	f->severity = sev;
	f->code = code;
	f->id = pcm_xstrdup(id ? id : "");
	f->object = pcm_xstrdup(object ? object : "");
	f->node = node;
	f->principal = principal;
	f->number = number;
	/* one formatting pass for the usual short message */
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	f->message = pcm_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	f->message[0] = '\0';
	if (n >= 0 && (size_t)n < sizeof buf) {
		memcpy(f->message, buf, (size_t)n + 1);
	} else if (n >= 0) {
		va_start(ap, fmt);
		vsnprintf(f->message, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return f;
}

char *pcm_node_id_text(const struct pcm_deployment *d, uint32_t n)
{
	return pcm_xasprintf("%d", (int)d->nodes.v[n].id);
}

bool pcm_room_migrated(const struct pcm_deployment *d, const struct pcm_plan *p, uint32_t room)
{
	const struct pcm_node *node = &d->nodes.v[room];

	return !node->is_category && !node->disabled && !pcm_plan_is_disabled(p, node->id);
}

const char *pcm_check_step_name(enum pcm_check_step step)
{
	static const char *const names[] = {
		"backup", "root-managers", "names", "invitations", "cutoff", "disable", "warnings",
		"verify"
	};

	return (unsigned)step < sizeof names / sizeof names[0] ? names[step] : "?";
}

const char *pcm_severity_name(enum pcm_severity sev)
{
	static const char *const names[] = { "block", "warning", "info" };

	return (unsigned)sev < sizeof names / sizeof names[0] ? names[sev] : "?";
}

/* Bucket of the histogram for day, or NULL (binary search). */
static const struct pcm_day_count *day_bucket(const struct pcm_room_stats *s, int32_t day)
{
	size_t lo = 0, hi = s->ndays;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->ndays && s->days[lo].day == day ? &s->days[lo] : NULL;
}

void pcm_room_messages_before_bounds(const struct pcm_deployment *d, const struct pcm_node *room,
                                     int64_t ticks, uint64_t *lo, uint64_t *hi)
{
	const struct pcm_room_stats *s = &room->stats;
	int32_t day = pcm_ticks_day(ticks);
	int64_t midnight = pcm_ticks_from_unix((int64_t)day * PCM_SECONDS_PER_DAY);
	const struct pcm_day_count *b;
	uint64_t before;

	if (s->messages == 0 || ticks <= s->first_ticks) {
		*lo = *hi = 0;
		return;
	}
	if (ticks > s->last_ticks) {
		*lo = *hi = s->messages;
		return;
	}
	/* the two thresholds the load counted exactly */
	if (d->counting.has_cutoff && ticks == d->counting.cutoff_ticks) {
		*lo = *hi = s->before_cutoff;
		return;
	}
	if (d->counting.has_backup && ticks == d->counting.backup_ticks + 1) {
		*lo = *hi = s->messages - s->after_backup;
		return;
	}
	if (!s->days) {
		/* no histogram: all that first < ticks <= last allows */
		*lo = 1;
		*hi = s->messages - 1;
		return;
	}
	/* first < ticks <= last: whole days before the cutoff's day, then
	 * the cutoff's own day split by its earliest and latest message */
	before = pcm_room_messages_before(d, room, midnight);
	b = day_bucket(s, day);
	*lo = *hi = before;
	if (!b || ticks <= b->first_ticks)
		return;
	if (ticks > b->last_ticks) {
		*lo = *hi = before + b->count;
		return;
	}
	/* first < ticks <= last of that day: its first message is before,
	 * its last is not; the ones between are unknown */
	*lo = before + 1;
	*hi = before + b->count - 1;
}
