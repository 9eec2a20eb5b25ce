/* SPDX-License-Identifier: MIT */
/* What the batch commands (src/cli/) and the wizard (ui/) share: opening
 * and loading a source with a progress line, the default plan path, the
 * file store sizes. Each returns an exit status from enum pcm_exit. */
#ifndef PCM_APP_H
#define PCM_APP_H

#include <stdbool.h>
#include "model/model.h"
#include "rules/plan.h"
#include "source/source.h"

/* Opens spec (NULL = the bundled sample) and loads it. On failure prints
 * "pcmigrate: <message>" to stderr and returns PCM_EXIT_INPUT. */
int pcm_app_load(const char *spec, struct pcm_source **src, struct pcm_deployment **dep);
/* The same, counting what plan_path's plan needs: when that plan can be
 * read, the messages before its cutoff (a fixed size per room) instead
 * of day histograms, which grow with the days that have messages, and
 * the file links per room instead of every link, unless need_links (a
 * file store listing is to be matched against them). */
int pcm_app_load_for_plan(const char *spec, const char *plan_path, bool need_links,
                          struct pcm_source **src, struct pcm_deployment **dep);
/* Loads the sizes of the uploaded files from a listing of the legacy file
 * store (--file-sizes) or a copy of it (--file-store); both NULL: none.
 * Prints the error and returns PCM_EXIT_INPUT on bad input. */
int pcm_app_file_sizes(struct pcm_deployment *d, const char *listing, const char *dir);
/* Default plan path for a deployment:
 * $XDG_STATE_HOME/pcmigrate/<name>.plan.xml (~/.local/state/... when
 * unset), <name> being SERVER-DATABASE-<first 8 hex digits of the
 * snapshot's SHA-256>, or SERVER-DATABASE for a live source (characters
 * other than letters, digits, . - _ become _). The directory is created.
 * A plan under the name used before (the snapshot's file name without
 * .xml, SERVER_DATABASE live) is returned instead, with a note on stderr,
 * while it belongs to this source and no plan has the new name. */
char *pcm_app_default_plan_path(const struct pcm_deployment *d);

#endif
