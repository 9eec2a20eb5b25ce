/* Shared by the check_*.c files only: how a check appends a finding. */
#ifndef PCM_CHECKS_IMPL_H
#define PCM_CHECKS_IMPL_H

#include "checks.h"

/* Appends a finding; id and object are copied, the message is formatted
 * (already translated fmt). Returns it so a check may adjust it. */
struct pcm_finding *pcm_finding_add(struct pcm_findings *out, enum pcm_check_step step,
                                    enum pcm_severity sev, const char *code, const char *id,
                                    const char *object, uint32_t node, uint32_t principal,
                                    int64_t number, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));


/* The nodeID of node n as text (the `id` of a room or category finding). */
char *pcm_node_id_text(const struct pcm_deployment *d, uint32_t n);

#endif
