/* SPDX-License-Identifier: MIT */
/* Formats findings for files, terminals and the wizard. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "base/escape.h"
#include "base/i18n.h"
#include "rules/report.h"
#include "base/util.h"

char *pcm_tsv_escape(const char *s)
{
	return pcm_escape_text(s, PCM_ESC_BACKSLASH);
}

/* Writes one escaped field and the separator after it. */
static void put_field(FILE *out, const char *s, char after)
{
	char *e = pcm_tsv_escape(s ? s : "");

	fputs(e, out);
	fputc(after, out);
	free(e);
}

int pcm_report_tsv(FILE *out, const struct pcm_findings *f)
{
	size_t i;

	for (i = 0; i < f->list.n; i++) {
		const struct pcm_finding *x = &f->list.v[i];
		put_field(out, pcm_check_step_name(x->step), '\t');
		put_field(out, pcm_severity_name(x->severity), '\t');
		put_field(out, x->code, '\t');
		put_field(out, x->id, '\t');
		put_field(out, x->object, '\t');
		put_field(out, x->message, '\n');
	}
	return ferror(out) ? -1 : 0;
}

const char *pcm_report_step_title(enum pcm_check_step step)
{
	switch (step) {
	case PCM_CS_BACKUP: return _("Step 1: backup check");
	case PCM_CS_ROOT_MANAGERS: return _("Step 2: root managers");
	case PCM_CS_NAMES: return _("Step 3: room names after flattening");
	case PCM_CS_INVITATIONS: return _("Step 4: invitations");
	case PCM_CS_CUTOFF: return _("Step 5: date cutoff");
	case PCM_CS_DISABLE: return _("Step 6: disabled rooms");
	case PCM_CS_WARNINGS: return _("Warnings");
	case PCM_CS_VERIFY: return _("Verify: the target after the import");
	case PCM_CS_COUNT: break;
	}
	return "?";
}

const char *pcm_report_severity_label(enum pcm_severity sev)
{
	switch (sev) {
	case PCM_SEV_BLOCK: return _("BLOCKS");
	case PCM_SEV_WARNING: return _("warning");
	case PCM_SEV_INFO: return _("info");
	}
	return "?";
}

char *pcm_report_line(const struct pcm_finding *x)
{
	char *msg = pcm_tsv_escape(x->message ? x->message : "");
	char *line = pcm_xasprintf("%-7s %-23s %s", pcm_report_severity_label(x->severity),
	                           x->code, msg);

	free(msg);
	return line;
}

char *pcm_report_summary(const struct pcm_findings *f)
{
	size_t i, count[3] = { 0, 0, 0 };

	for (i = 0; i < f->list.n; i++)
		if ((unsigned)f->list.v[i].severity < 3)
			count[f->list.v[i].severity]++;
	return pcm_xasprintf(_("%zu findings: %zu blocking, %zu warnings, %zu notes"),
	                     f->list.n, count[PCM_SEV_BLOCK], count[PCM_SEV_WARNING],
	                     count[PCM_SEV_INFO]);
}

int pcm_report_text(FILE *out, const struct pcm_findings *f)
{
	int step;
	size_t i;
	char *summary;

	/* grouped by step in checklist order, each group in the order found */
	for (step = PCM_CS_BACKUP; step < PCM_CS_COUNT; step++) {
		bool heading = false;
		for (i = 0; i < f->list.n; i++) {
			char *line;
			if ((int)f->list.v[i].step != step)
				continue;
			if (!heading) {
				fprintf(out, "%s\n", pcm_report_step_title((enum pcm_check_step)step));
				heading = true;
			}
			line = pcm_report_line(&f->list.v[i]);
			fprintf(out, "  %s\n", line);
			free(line);
		}
		if (heading)
			fputc('\n', out);
	}
	summary = pcm_report_summary(f);
	fprintf(out, "%s\n", summary);
	free(summary);
	return ferror(out) ? -1 : 0;
}
