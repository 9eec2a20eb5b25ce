/* SPDX-License-Identifier: MIT */
/* The one mapping from legacy rows to the model. Both sources feed it:
 * the snapshot reader with FOR XML RAW elements, the TDS reader with
 * result rows. It takes rows, never XML or SQL. Column names are spelled
 * as in the database (shared/reference/legacy-schema.md). */
#ifndef PCM_ROWMAP_H
#define PCM_ROWMAP_H

#include <stddef.h>
#include "model/model.h"
#include "base/error.h"
#include "source/source.h"

struct pcm_rowmap;

struct pcm_rowmap *pcm_rowmap_new(struct pcm_deployment *d);
/* Adds one non-chat row. Returns 0, or -1 with err naming row->where,
 * the table and the column. */
int pcm_rowmap_add(struct pcm_rowmap *m, const struct pcm_row *row, struct pcm_error *err);
/* Resolves ids, builds the tree, checks cycles, orphans, root, unknown
 * principals. Must be called after every non-chat row, before chat rows. */
int pcm_rowmap_finish(struct pcm_rowmap *m, struct pcm_error *err);
/* Converts a tblChat row into msg (strings point into row->values). */
int pcm_rowmap_chat(const struct pcm_deployment *d, const struct pcm_row *row,
                    struct pcm_message *msg, struct pcm_error *err);
/* Counts one message into the room's statistics while loading; checks the
 * (channelId, chatId) order; records file links. where for errors. */
int pcm_rowmap_count_message(struct pcm_rowmap *m, const struct pcm_message *msg,
                             const char *where, struct pcm_error *err);
/* The deployment this map fills. */
struct pcm_deployment *pcm_rowmap_deployment(struct pcm_rowmap *m);
void pcm_rowmap_free(struct pcm_rowmap *m);

/* True for a table name the snapshot may contain. */
bool pcm_is_known_table(const char *table);

#endif
