/* SPDX-License-Identifier: MIT */
/* What to do once the package is written: the same text on the wizard's
 * Next steps screen and at the end of `pcmigrate migrate --out`. */
#ifndef PCM_APP_NEXT_STEPS_H
#define PCM_APP_NEXT_STEPS_H

#include "engine/engine.h"
#include "model/model.h"
#include "rules/plan.h"

/* The name of the Admin Tool worklist in the package (written by the
 * engine when it knows it; the text falls back to fix-source.sql when
 * the folder does not hold one). */
#define PCM_PKG_WORKLIST_NAME "admin-tool-worklist.txt"

/* The numbered steps after writing the package into out_dir, then every
 * file of the package found there. UTF-8, lines ending in '\n', not
 * wrapped; caller frees. */
char *pcm_next_steps_text(const char *out_dir, const struct pcm_deployment *d,
                          const struct pcm_plan *p, const struct pcm_engine_summary *s);

#endif
