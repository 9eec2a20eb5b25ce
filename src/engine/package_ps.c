/* SPDX-License-Identifier: MIT */
/* runbook.ps1 and recreate-structure.ps1 for the Lync Server 2013
 * Management Shell. Every name goes in single quotes with quotes doubled
 * (pcm_ps_quote), never in double quotes, so nothing in a name expands.
 * Both files start with a UTF-8 BOM (Windows PowerShell reads a file
 * without one in the ANSI code page and would garble Hangul) and use CRLF
 * line ends. No date of "now": a rerun gives the same bytes. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/package.h"
#include "engine/package_ps.h"
#include "base/sbuf.h"
#include "base/timeconv.h"
#include "base/util.h"


/* PowerShell treats these as single quotes too: ' U+2018 U+2019 U+201A U+201B. */
static size_t ps_quote_char(const unsigned char *s)
{
	if (s[0] == '\'')
		return 1;
	if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x98 && s[2] <= 0x9B)
		return 3;
	return 0;
}

/* Code point of a character that must not appear raw in a script: C0
 * controls, DEL, C1 controls, U+2028/U+2029; its byte length in *len. */
static long ps_control_char(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x20 || s[0] == 0x7F) {
		*len = 1;
		return s[0];
	}
	if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
		*len = 2;
		return s[1];
	}
	if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) {
		*len = 3;
		return 0x2000 + (s[2] - 0x80);
	}
	return -1;
}

/* Can s go between single quotes as it is? No quote, no control, and
 * none of the lead bytes (C2, E2) of the other characters handled below:
 * the usual name, checked in one pass. */
static bool ps_plain(const unsigned char *s, size_t *n)
{
	const unsigned char *p;

	for (p = s; *p; p++)
		if (*p < 0x20 || *p == '\'' || *p == 0x7F || *p == 0xC2 || *p == 0xE2)
			return false;
	*n = (size_t)(p - s);
	return true;
}

char *pcm_ps_quote(const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	struct pcm_sbuf b = { 0 };
	bool has_control = false, open = false;
	const unsigned char *q;
	size_t len;

	if (ps_plain(s, &len)) {
		char *out = pcm_xmalloc(len + 3);
		out[0] = '\'';
		memcpy(out + 1, s, len);
		out[len + 1] = '\'';
		out[len + 2] = '\0';
		return out;
	}
	for (q = s; *q; q++)
		if (ps_control_char(q, &len) >= 0)
			has_control = true;
	if (has_control)
		pcm_sbuf_addc(&b, '(');
	while (*s) {
		long cp = ps_control_char(s, &len);
		if (cp >= 0) {
			if (open) {
				pcm_sbuf_add(&b, "' + ");
				open = false;
			} else if (b.n == 1) {
				pcm_sbuf_add(&b, "'' + ");
			} else {
				pcm_sbuf_add(&b, " + ");
			}
			pcm_sbuf_printf(&b, "[char]0x%04lX", cp);
			s += len;
			continue;
		}
		if (!open) {
			if (b.n > 1)
				pcm_sbuf_add(&b, " + ");
			pcm_sbuf_addc(&b, '\'');
			open = true;
		}
		len = ps_quote_char(s);
		if (len) {
			/* doubled: the tokenizer keeps the second of a pair */
			pcm_sbuf_addn(&b, (const char *)s, len);
			pcm_sbuf_addn(&b, (const char *)s, len);
			s += len;
		} else {
			pcm_sbuf_addc(&b, (char)*s++);
		}
	}
	if (open)
		pcm_sbuf_addc(&b, '\'');
	else if (!has_control)
		pcm_sbuf_add(&b, "''");
	if (has_control)
		pcm_sbuf_addc(&b, ')');
	return pcm_sbuf_take(&b);
}

/* Appends the quoted form of s. */
void pcm_ps_add_q(struct pcm_sbuf *b, const char *s)
{
	char *q = pcm_ps_quote(s);

	pcm_sbuf_add(b, q);
	free(q);
}

/* The text with every "\n" turned into CRLF, and the BOM in front; b is
 * consumed. */
char *pcm_ps_finish(struct pcm_sbuf *b)
{
	struct pcm_sbuf out = { 0 };
	struct pcm_crlf_writer w = { *b, pcm_sbuf_put, &out, true, false };

	memset(b, 0, sizeof *b);        /* w owns the text now */
	pcm_crlf_end(&w);
	return pcm_sbuf_take(&out);
}

uint64_t pcm_ps_totals(const struct pcm_package *pkg, uint64_t *files)
{
	uint64_t m = 0;
	size_t i;

	*files = 0;
	for (i = 0; i < pkg->nrooms; i++) {
		m += pkg->rooms[i].messages_expected;
		*files += pkg->rooms[i].files;
	}
	return m;
}

/* Header comment shared by both scripts: where the data comes from. */
void pcm_ps_source_comment(struct pcm_sbuf *b, const struct pcm_package *pkg)
{
	const struct pcm_deployment *d = pkg->d;
	uint64_t files, msgs = pcm_ps_totals(pkg, &files);
	char day[32];

	pcm_sbuf_add(b, "# Source: server ");
	pcm_ps_add_q(b, d->info.server);
	pcm_sbuf_add(b, ", database ");
	pcm_ps_add_q(b, d->info.database);
	if (d->info.taken_at) {
		pcm_sbuf_add(b, ", read at ");
		pcm_ps_add_q(b, d->info.taken_at);
	}
	pcm_sbuf_add(b, "\n");
	pcm_sbuf_printf(b, "# Migrated: %zu categories, %zu rooms, %llu messages, %llu uploaded files.\n",
	                pkg->ncategories, pkg->nrooms, (unsigned long long)msgs,
	                (unsigned long long)files);
	if (pkg->cutoff_ticks) {
		pcm_format_ticks(pkg->cutoff_ticks, day, sizeof day);
		pcm_sbuf_printf(b, "# Date cutoff %s: the export command of runbook.ps1 carries it as -StartDate\n"
		                "# (with -Level RoomDirectory, as its page requires); whether the messages\n"
		                "# before it are left out is not proved here: check the import report.\n", day);
	}
}

/* PowerShell lines that stop the script while a parameter still holds
 * its <placeholder>. */
void pcm_ps_placeholder_check(struct pcm_sbuf *b, const char *const *names, size_t n)
{
	size_t i;

	pcm_sbuf_add(b, "$unset = @()\nforeach ($name in @(");
	for (i = 0; i < n; i++)
		pcm_sbuf_printf(b, "%s'%s'", i ? ", " : "", names[i]);
	pcm_sbuf_add(b, ")) {\n"
	             "\tif ((Get-Variable -Name $name -ValueOnly) -like '<*>') { $unset += $name }\n"
	             "}\n"
	             "if ($unset.Count -gt 0) {\n"
	             "\tthrow ('Set these parameters first (at the top of this script, or as -Name value): ' + ($unset -join ', '))\n"
	             "}\n");
}

void pcm_ps_param(struct pcm_sbuf *b, const char *name, const char *value, const char *ph, bool last)
{
	pcm_sbuf_printf(b, "\t[string]$%s = ", name);
	pcm_ps_add_q(b, value && *value ? value : ph);
	pcm_sbuf_add(b, last ? "\n" : ",\n");
}
