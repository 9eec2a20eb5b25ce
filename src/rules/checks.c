/* SPDX-License-Identifier: MIT */
/* The checks run in the procedure's order. The rules themselves are in
 * check_*.c, one file per checklist step; the findings list they write
 * is in findings.c. */
#include "config.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rules/checks.h"
#include "base/timeconv.h"
#include "base/util.h"

/* The names check (it flattens the whole tree): the heaviest part of the
 * checks, run beside the others. */
struct names_job {
	const struct pcm_deployment *d;
	const struct pcm_plan *p;
	struct pcm_findings out;
};

static void *names(void *arg)
{
	struct names_job *j = arg;

	pcm_check_names(j->d, j->p, &j->out);
	return NULL;
}

/* Moves every finding of from to the end of to. */
static void append_findings(struct pcm_findings *to, struct pcm_findings *from)
{
	size_t i;

	for (i = 0; i < from->list.n; i++)
		*PCM_VEC_PUSH(to->list) = from->list.v[i];
	free(from->list.v);
	memset(from, 0, sizeof *from);
}

pcm_check_fn *const pcm_check_rules[PCM_CS_RULES] = {
	pcm_check_backup, pcm_check_root_managers, pcm_check_names, pcm_check_invitations,
	pcm_check_cutoff, pcm_check_disable, pcm_check_warnings,
};

/* The checks read the deployment and the plan and write only their own
 * findings, so two groups run at once; the findings come out in the
 * procedure's order all the same. */
void pcm_check_all(const struct pcm_deployment *d, const struct pcm_plan *p, struct pcm_findings *out)
{
	struct names_job job = { .d = d, .p = p };
	struct pcm_findings tail;
	pthread_t thread;
	bool threaded;

	pcm_findings_init(&job.out);
	pcm_findings_init(&tail);
	threaded = pthread_create(&thread, NULL, names, &job) == 0;
	pcm_check_backup(d, p, out);
	pcm_check_root_managers(d, p, out);
	pcm_check_invitations(d, p, &tail);
	pcm_check_cutoff(d, p, &tail);
	pcm_check_disable(d, p, &tail);
	pcm_check_warnings(d, p, &tail);
	if (threaded)
		pthread_join(thread, NULL);
	else
		names(&job);
	append_findings(out, &job.out);
	append_findings(out, &tail);
}
