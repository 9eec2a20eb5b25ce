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

struct pcm_flat;
/* The name and invitation checks on a target structure already built
 * (pcm_check_all builds it once for both). */
void pcm_check_names_flat(const struct pcm_deployment *d, const struct pcm_plan *p,
                          const struct pcm_flat *flat, struct pcm_findings *out);
void pcm_check_invitations_flat(const struct pcm_deployment *d, const struct pcm_plan *p,
                                const struct pcm_flat *flat, struct pcm_findings *out);

/* The nodeID of node n as text (the `id` of a room or category finding). */
char *pcm_node_id_text(const struct pcm_deployment *d, uint32_t n);

#endif
