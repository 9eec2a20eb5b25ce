/* SPDX-License-Identifier: MIT */
/* Opening a source: the spec names the backend. The one file that knows
 * every backend, so the backends and the interface (source.c) do not
 * know each other. */
#include "config.h"
#include <string.h>
#include "base/i18n.h"
#include "source/source.h"
#include "base/util.h"

#define SNAPSHOT_PREFIX "snapshot:"
#define TDS_PREFIX "tds://"

/* "snapshot:FILE" or a bare path go to the snapshot reader, "tds://..."
 * to the FreeTDS reader. The spec is kept as given for messages. */
struct pcm_source *pcm_source_open(const char *spec, struct pcm_error *err)
{
	struct pcm_source *s;

	if (!spec || !*spec) {
		pcm_error_set(err, _("no source given: use snapshot:FILE or tds://USER@SERVER/DATABASE"));
		return NULL;
	}
	if (!strncmp(spec, TDS_PREFIX, strlen(TDS_PREFIX))) {
		s = pcm_source_tds_open(spec + strlen(TDS_PREFIX), err);
	} else {
		const char *path = spec;
		if (!strncmp(spec, SNAPSHOT_PREFIX, strlen(SNAPSHOT_PREFIX)))
			path = spec + strlen(SNAPSHOT_PREFIX);
		if (!*path) {
			pcm_error_set(err, _("%s: the snapshot file name is missing"), spec);
			return NULL;
		}
		s = pcm_source_snapshot_open(path, err);
	}
	if (s && !s->spec)
		s->spec = pcm_xstrdup(spec);
	return s;
}
