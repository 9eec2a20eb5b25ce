/* SPDX-License-Identifier: MIT */
/* The source interface: forwards each call to the backend that opened
 * the source (source_open.c picks it), and finds the training sample. */
#include "config.h"
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/datadir.h"
#include "base/i18n.h"
#include "source/source.h"
#include "base/util.h"

int pcm_source_load(struct pcm_source *s, struct pcm_deployment *d, struct pcm_error *err)
{
	return s->ops->load(s, d, err);
}

void pcm_source_set_progress(struct pcm_source *s, const struct pcm_load_progress *p)
{
	if (p)
		s->progress = *p;
	else
		memset(&s->progress, 0, sizeof s->progress);
}

void pcm_source_report(const struct pcm_source *s, uint64_t done, uint64_t total, uint64_t rows)
{
	if (s->progress.report)
		s->progress.report(s->progress.user, done, total, rows);
}

bool pcm_source_iterators_overlap(const struct pcm_source *s)
{
	return s->ops->iterators_overlap;
}

struct pcm_msg_iter *pcm_source_messages(struct pcm_source *s, const struct pcm_deployment *d,
                                         uint32_t room, int64_t since_ticks, struct pcm_error *err)
{
	return s->ops->messages(s, d, room, since_ticks, err);
}

int pcm_msg_next(struct pcm_source *s, struct pcm_msg_iter *it, struct pcm_message *msg,
                 struct pcm_error *err)
{
	return s->ops->next(it, msg, err);
}

void pcm_msg_close(struct pcm_source *s, struct pcm_msg_iter *it)
{
	if (it)
		s->ops->iter_close(it);
}

/* The spec string belongs to this file; the backend frees the rest. */
void pcm_source_close(struct pcm_source *s)
{
	char *spec;

	if (!s)
		return;
	spec = s->spec;
	s->ops->close(s);
	free(spec);
}

/* The bundled training deployment, data/sample/contoso.xml. */
const char *pcm_sample_path(void)
{
	static char *path;

	if (!path)
		path = pcm_xasprintf("%s/sample/contoso.xml", pcm_data_dir());
	return path;
}
