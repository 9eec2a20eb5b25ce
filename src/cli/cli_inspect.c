/* SPDX-License-Identifier: MIT */
/* pcmigrate inspect: what the legacy deployment holds, before any
 * decision: the category tree with room counts, principals by type,
 * messages (total, date range, per room) and the backup history. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "base/error.h"
#include "base/escape.h"
#include "rules/filesizes.h"
#include "base/i18n.h"
#include "base/textwidth.h"
#include "base/timeconv.h"
#include "base/util.h"

static void usage(FILE *out)
{
	fputs(_("Usage: pcmigrate inspect [--source SOURCE] [--file-sizes LISTING | --file-store DIR]\n"
	        "Show the legacy deployment: the category tree with room counts,\n"
	        "principals by type, messages (count, date range, per room) and\n"
	        "the backup history.\n"
	        "\n"
	        "  --source SOURCE  snapshot:FILE, FILE or tds://USER@SERVER[:PORT]/DATABASE\n"
	        "                   (default: the bundled training sample)\n"
	        "  --file-sizes LISTING  a listing of the legacy file store, one file\n"
	        "                   per line (SIZE<TAB>PATH, or Export-Csv with Length\n"
	        "                   and FullName): prints the size of the uploaded files\n"
	        "  --file-store DIR the same from a copy of the store\n"
	        "  --help           show this help\n"), out);
}

/* "2013-01-31" for ticks, or "-" when there is none. */
static void day_or_dash(int64_t ticks, bool have, char *buf, size_t size)
{
	if (have)
		pcm_format_day(ticks, buf, size);
	else
		snprintf(buf, size, "-");
}

static void print_source(const struct pcm_deployment *d)
{
	const struct pcm_source_info *i = &d->info;
	int off = i->utc_offset_minutes < 0 ? -i->utc_offset_minutes : i->utc_offset_minutes;

	printf(_("Source:        %s %s%s\n"), pcm_shown(i->kind), pcm_shown(i->location),
	       i->training ? _(" (training sample)") : "");
	printf(_("Server:        %s, database %s (server time UTC%c%02d:%02d)\n"),
	       pcm_shown(i->server), pcm_shown(i->database),
	       i->utc_offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
	if (i->taken_at)
		printf(_("Taken at:      %s\n"), pcm_shown(i->taken_at));
	if (i->sha256[0])
		printf(_("SHA-256:       %s (%llu bytes)\n"), i->sha256, (unsigned long long)i->size);
	printf(_("Lookup server: %s\n"), i->lookup_server_uri ? pcm_shown(i->lookup_server_uri)
	                                                    : _("(not given)"));
}

/* The tree, depth-first without recursion: categories with the number of
 * rooms below them, rooms with their message counts. */
static void print_tree(const struct pcm_deployment *d)
{
	size_t categories = 0, rooms = 0;
	uint32_t n;

	for (n = 0; n < d->nodes.n; n++) {
		categories += d->nodes.v[n].is_category;
		rooms += !d->nodes.v[n].is_category;
	}
	printf(_("\nCategories and rooms: %zu categories, %zu rooms\n"), categories, rooms);
	if (d->root == PCM_NONE)
		return;
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *x = &d->nodes.v[n];
		unsigned indent = 2 + 2 * x->depth;

		if (x->is_category) {
			size_t r = pcm_count_rooms(d, n);
			printf("%*s%s/  ", indent, "", pcm_shown(x->name));
			printf(ngettext("(%zu room)\n", "(%zu rooms)\n", r), r);
		} else {
			printf("%*s%s  ", indent, "", pcm_shown(x->name));
			printf(ngettext("[%llu message%s]\n", "[%llu messages%s]\n", x->stats.messages),
			       (unsigned long long)x->stats.messages, x->disabled ? _(", disabled") : "");
		}
	}
}

/* "  label                    count": the label padded by display
 * columns, so the counts line up with Hangul labels too. */
static void print_count(const char *label, size_t count)
{
	fputs("  ", stdout);
	pcm_fput_padded(stdout, label ? label : "", 24, false);
	printf(" %6zu\n", count);
}

/* Principals counted per tblPrincipalType row (a handful of types). */
static void print_principals(const struct pcm_deployment *d)
{
	size_t *count = pcm_xcalloc(d->ptypes.n + 1, sizeof *count), i, t, disabled = 0;

	printf(_("\nPrincipals: %zu\n"), d->principals.n);
	for (i = 0; i < d->principals.n; i++) {
		for (t = 0; t < d->ptypes.n; t++)
			if (d->ptypes.v[t].id == d->principals.v[i].type_id)
				break;
		count[t]++;
		disabled += d->principals.v[i].disabled;
	}
	for (t = 0; t < d->ptypes.n; t++)
		if (count[t])
			print_count(pcm_shown(d->ptypes.v[t].desc), count[t]);
	if (count[d->ptypes.n])
		print_count(_("(unknown type)"), count[d->ptypes.n]);
	if (disabled)
		print_count(_("of which disabled"), disabled);
	free(count);
}

/* The uploaded files: links, and with a listing of the store the total
 * size (rooms not disabled in the source; no plan here). */
static void print_files(const struct pcm_deployment *d)
{
	struct pcm_file_totals t;
	char size[32];

	printf(_("Uploaded files (ma-filelink): %zu\n"), d->files.n);
	pcm_file_totals_compute(&t, d, NULL);
	if (!t.sizes_known) {
		puts(_("  total size: unknown (the database records none; give a listing of the "
		       "file store with --file-sizes or --file-store)"));
	} else {
		pcm_format_size(t.bytes_total, size, sizeof size);
		printf(P_("  rooms not disabled: %s (%llu bytes) in %llu file found in %s",
		          "  rooms not disabled: %s (%llu bytes) in %llu files found in %s",
		          t.files_total),
		       size, (unsigned long long)t.bytes_total, (unsigned long long)t.files_total,
		       pcm_shown(d->file_sizes_from));
		printf(P_("; %llu linked file is not there\n", "; %llu linked files are not there\n",
		          t.missing_total),
		       (unsigned long long)t.missing_total);
	}
	pcm_file_totals_free(&t);
}

/* Totals, then one line per room in tree order: id, count, first and
 * last day, legacy path. */
static void print_messages(const struct pcm_deployment *d)
{
	char first[16], last[16], *path;
	uint32_t n;

	day_or_dash(d->first_ticks, d->messages > 0, first, sizeof first);
	day_or_dash(d->last_ticks, d->messages > 0, last, sizeof last);
	printf(_("\nMessages: %llu, from %s to %s\n"), (unsigned long long)d->messages, first, last);
	if (d->files.n)
		print_files(d);
	if (d->root == PCM_NONE)
		return;
	/* the headings are translated: pad them by display columns */
	fputs("  ", stdout);
	pcm_fput_padded(stdout, _("nodeID"), 8, true);
	fputs(" ", stdout);
	pcm_fput_padded(stdout, _("messages"), 9, true);
	fputs("  ", stdout);
	pcm_fput_padded(stdout, _("first"), 10, false);
	fputs("  ", stdout);
	pcm_fput_padded(stdout, _("last"), 10, false);
	printf("  %s\n", _("room"));
	for (n = d->root; n != PCM_NONE; n = pcm_tree_next(d, d->root, n)) {
		const struct pcm_node *x = &d->nodes.v[n];

		if (x->is_category)
			continue;
		day_or_dash(x->stats.first_ticks, x->stats.messages > 0, first, sizeof first);
		day_or_dash(x->stats.last_ticks, x->stats.messages > 0, last, sizeof last);
		path = pcm_node_path(d, n, "/");
		printf("  %8d %9llu  %-10s  %-10s  %s\n", x->id, (unsigned long long)x->stats.messages,
		       first, last, pcm_shown(path));
		free(path);
	}
}

static const char *backup_kind(char type)
{
	switch (type) {
	case 'D': return _("full");
	case 'I': return _("differential");
	case 'L': return _("log");
	default: return _("other");
	}
}

/* Per backup type: how many, and the newest one (UTC and as recorded). */
static void print_backups(const struct pcm_deployment *d)
{
	static const char types[] = { 'D', 'I', 'L', 0 };
	size_t i, t, damaged = 0;

	printf(_("\nBackups of %s: %zu\n"), pcm_shown(d->info.database), d->backups.n);
	for (t = 0; t < sizeof types; t++) {
		const struct pcm_backup *newest = NULL;
		size_t count = 0;
		char when[32];

		for (i = 0; i < d->backups.n; i++) {
			const struct pcm_backup *b = &d->backups.v[i];
			bool match = types[t] ? b->type == types[t] : !strchr("DIL", b->type);
			if (!match)
				continue;
			count++;
			if (!newest || b->finish_ticks > newest->finish_ticks)
				newest = b;
		}
		if (!count)
			continue;
		pcm_format_ticks(newest->finish_ticks, when, sizeof when);
		fputs("  ", stdout);
		pcm_fput_padded(stdout, backup_kind(newest->type), 13, false);
		printf(_(" %4zu, newest finished %s (server time %s)%s%s\n"),
		       count, when, pcm_shown(newest->finish_local),
		       newest->copy_only ? _(", copy-only") : "", newest->damaged ? _(", DAMAGED") : "");
		if (newest->device)
			printf(_("  %-13s       %s\n"), "", pcm_shown(newest->device));
	}
	for (i = 0; i < d->backups.n; i++)
		damaged += d->backups.v[i].damaged;
	if (damaged) {
		const struct pcm_backup *good = NULL;
		char when[32];

		printf(_("  damaged: %zu\n"), damaged);
		for (i = 0; i < d->backups.n; i++)
			if (d->backups.v[i].type == 'D' && !d->backups.v[i].damaged &&
			    (!good || d->backups.v[i].finish_ticks > good->finish_ticks))
				good = &d->backups.v[i];
		if (good) {
			pcm_format_ticks(good->finish_ticks, when, sizeof when);
			printf(_("  newest full backup that is not damaged: %s\n"), when);
		}
	}
	if (!d->backups.n)
		printf(_("  no backup history in this source\n"));
}

int pcm_cmd_inspect(int argc, char **argv)
{
	const char *spec = NULL, *listing = NULL, *store = NULL;
	struct pcm_source *src;
	struct pcm_deployment *d;
	int i, status;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return PCM_EXIT_OK;
		} else if (!strcmp(argv[i], "--source") && i + 1 < argc) {
			spec = argv[++i];
		} else if (!strncmp(argv[i], "--source=", 9)) {
			spec = argv[i] + 9;
		} else if (!strcmp(argv[i], "--file-sizes") && i + 1 < argc) {
			listing = argv[++i];
		} else if (!strncmp(argv[i], "--file-sizes=", 13)) {
			listing = argv[i] + 13;
		} else if (!strcmp(argv[i], "--file-store") && i + 1 < argc) {
			store = argv[++i];
		} else if (!strncmp(argv[i], "--file-store=", 13)) {
			store = argv[i] + 13;
		} else if ((!strcmp(argv[i], "--login-timeout") || !strcmp(argv[i], "--query-timeout")) &&
		           i + 1 < argc) {
			int opt = argv[i][2] == 'l' ? PCM_CLI_OPT_LOGIN_TIMEOUT : PCM_CLI_OPT_QUERY_TIMEOUT;
			if (pcm_cli_timeout_option("inspect", opt, argv[++i]))
				return PCM_EXIT_INPUT;
		} else {
			fprintf(stderr, _("pcmigrate inspect: unexpected argument '%s'\n"), argv[i]);
			usage(stderr);
			return PCM_EXIT_INPUT;
		}
	}
	status = pcm_app_load(spec, &src, &d);
	if (status != PCM_EXIT_OK)
		return status;
	status = pcm_app_file_sizes(d, listing, store);
	if (status != PCM_EXIT_OK) {
		pcm_deployment_free(d);
		pcm_source_close(src);
		return status;
	}
	print_source(d);
	print_tree(d);
	print_principals(d);
	print_messages(d);
	print_backups(d);
	pcm_deployment_free(d);
	pcm_source_close(src);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs(_("pcmigrate: cannot write the output\n"), stderr);
		return PCM_EXIT_INTERNAL;
	}
	return PCM_EXIT_OK;
}
