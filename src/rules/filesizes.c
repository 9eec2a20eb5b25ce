/* SPDX-License-Identifier: MIT */
/* Sizes of the uploaded files from a listing of the legacy file store
 * (filesizes.h): the link index, the listing readers (TSV,
 * Export-Csv, a folder) and the totals the reports print. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "rules/checks.h"
#include "rules/filesizes.h"
#include "base/i18n.h"
#include "base/sbuf.h"
#include "base/textwidth.h"
#include "base/util.h"

/* ---- the index of linked files: store path -> what the listing says ---- */

struct stored {
	char *key;              /* path inside the share, / separated */
	uint64_t hash;          /* pcm_casefold_hash(key) */
	uint64_t size;
	unsigned long line;     /* listing line that gave the size; 0 = none */
	unsigned strip;         /* leading folders the listed path had before key */
};

struct index {
	struct stored *v;
	size_t n, cap;
	uint32_t *slot;         /* open addressing: index into v, PCM_NONE empty */
	size_t nslots;          /* power of two, at least twice n */
	const char *source;     /* listing path or folder, for messages */
};

/* The entry whose key equals key (case-insensitively), or PCM_NONE. */
static uint32_t index_find(const struct index *ix, const char *key, uint64_t h)
{
	size_t i = (size_t)h & (ix->nslots - 1);

	while (ix->slot[i] != PCM_NONE) {
		const struct stored *s = &ix->v[ix->slot[i]];
		if (s->hash == h && pcm_casefold_equal(s->key, key))
			return ix->slot[i];
		i = (i + 1) & (ix->nslots - 1);
	}
	return PCM_NONE;
}

/* Numbers the distinct store paths of d->files (store_file) and indexes
 * them. Every link starts as missing; links that are no path get
 * store_file = PCM_NONE. */
static void index_build(struct index *ix, struct pcm_deployment *d)
{
	size_t i;

	memset(ix, 0, sizeof *ix);
	ix->nslots = 16;
	while (ix->nslots < 2 * d->files.n + 2)
		ix->nslots *= 2;
	ix->slot = pcm_xmalloc(ix->nslots * sizeof *ix->slot);
	for (i = 0; i < ix->nslots; i++)
		ix->slot[i] = PCM_NONE;
	for (i = 0; i < d->files.n; i++) {
		struct pcm_file_ref *f = &d->files.v[i];
		char *root, *rel, *p;
		uint64_t h;
		uint32_t at;
		size_t s;

		f->size = 0;
		f->size_state = PCM_FSIZE_MISSING;
		f->store_file = PCM_NONE;
		if (!pcm_filelink_parse(f->link, &root, &rel))
			continue;
		free(root);
		for (p = rel; *p; p++)
			if (*p == '\\')
				*p = '/';
		h = pcm_casefold_hash(rel);
		at = index_find(ix, rel, h);
		if (at == PCM_NONE) {
			struct stored *e;
			pcm_vec_grow((void **)&ix->v, &ix->cap, ix->n + 1, sizeof *ix->v);
			e = &ix->v[ix->n];
			memset(e, 0, sizeof *e);
			e->key = rel;
			e->hash = h;
			at = (uint32_t)ix->n++;
			for (s = (size_t)h & (ix->nslots - 1); ix->slot[s] != PCM_NONE;
			     s = (s + 1) & (ix->nslots - 1))
				;
			ix->slot[s] = at;
		} else {
			free(rel);
		}
		f->store_file = at;
	}
	d->store_files = (uint32_t)ix->n;
}

static void index_free(struct index *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		free(ix->v[i].key);
	free(ix->v);
	free(ix->slot);
}

/* One listed file: path as listed (either separator), its size. The
 * longest tail of the path at a folder boundary that names a linked file
 * decides; a later line with fewer leading folders replaces an earlier
 * match; two lines at the same depth with different sizes contradict
 * each other. */
static int index_offer(struct index *ix, char *path, uint64_t size, unsigned long line,
                       struct pcm_error *err)
{
	char *p = path;
	unsigned strip = 0;

	for (; *p; p++)
		if (*p == '\\')
			*p = '/';
	p = path;
	for (;;) {
		uint32_t at;
		char *slash;

		while (*p == '/')
			p++;
		if (!*p)
			return 0;
		at = index_find(ix, p, pcm_casefold_hash(p));
		if (at != PCM_NONE) {
			struct stored *s = &ix->v[at];
			if (!s->line || strip < s->strip) {
				s->size = size;
				s->line = line;
				s->strip = strip;
			} else if (strip == s->strip && s->size != size) {
				pcm_error_set(err, _("%s:%lu: %s is listed again with another size "
				                     "(%" PRIu64 " bytes here, %" PRIu64 " bytes at line "
				                     "%lu); list each file once"),
				              ix->source, line, path, size, s->size, s->line);
				return -1;
			}
			return 0;
		}
		slash = strchr(p, '/');
		if (!slash)
			return 0;
		p = slash + 1;
		strip++;
	}
}

/* Writes what the index found into d->files. */
static void index_apply(const struct index *ix, struct pcm_deployment *d, const char *source)
{
	size_t i;

	for (i = 0; i < d->files.n; i++) {
		struct pcm_file_ref *f = &d->files.v[i];
		if (f->store_file != PCM_NONE && ix->v[f->store_file].line) {
			f->size = ix->v[f->store_file].size;
			f->size_state = PCM_FSIZE_KNOWN;
		}
	}
	d->file_sizes_from = pcm_arena_strdup(d->arena, source);
}

/* ---- reading the listing ---- */

/* Lines of a listing as UTF-8, whatever its encoding. */
struct lines {
	FILE *fp;
	int utf16;              /* 0 no, 1 little-endian, 2 big-endian */
	struct pcm_sbuf buf;
	unsigned long line;
	long pending;           /* a unit read ahead and not used, or -1 */
};

/* One UTF-16 unit, or -1 at the end. */
static long unit16(struct lines *l)
{
	int a, b;

	if (l->pending >= 0) {
		long u = l->pending;
		l->pending = -1;
		return u;
	}
	a = getc(l->fp);

	if (a == EOF)
		return -1;
	b = getc(l->fp);
	if (b == EOF)
		return -1;
	return l->utf16 == 1 ? (long)(a | (b << 8)) : (long)((a << 8) | b);
}

/* Reads the next line into l->buf (no line end). Returns 1, 0 at the end
 * of the file. */
static int next_line(struct lines *l)
{
	int c;
	bool any = false;

	l->buf.n = 0;
	if (l->buf.s)
		l->buf.s[0] = '\0';
	if (l->utf16) {
		long u;
		while ((u = unit16(l)) >= 0) {
			uint32_t cp = (uint32_t)u;
			any = true;
			if (u == '\n')
				break;
			if (u >= 0xD800 && u < 0xDC00) {
				long lo = unit16(l);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
				} else {
					/* unpaired (NTFS allows it): the next unit is its own */
					cp = 0xFFFD;
					l->pending = lo;
				}
			} else if (u >= 0xDC00 && u < 0xE000) {
				cp = 0xFFFD;
			}
			{
				char utf8[4];
				pcm_sbuf_addn(&l->buf, utf8, pcm_utf8_encode(cp, utf8));
			}
		}
	} else {
		while ((c = getc(l->fp)) != EOF) {
			any = true;
			if (c == '\n')
				break;
			pcm_sbuf_addc(&l->buf, (char)c);
		}
	}
	if (!any)
		return 0;
	l->line++;
	if (l->buf.n && l->buf.s[l->buf.n - 1] == '\r')
		l->buf.s[--l->buf.n] = '\0';
	if (!l->buf.s)
		pcm_sbuf_add(&l->buf, "");
	return 1;
}

/* Opens a listing and skips its byte-order mark. */
static int lines_open(struct lines *l, const char *path, struct pcm_error *err)
{
	int a, b, c;

	memset(l, 0, sizeof *l);
	l->pending = -1;
	l->fp = fopen(path, "rb");
	if (!l->fp) {
		pcm_error_set(err, _("cannot read the file store listing %s: %s"), path,
		              strerror(errno));
		return -1;
	}
	a = getc(l->fp);
	b = getc(l->fp);
	if (a == 0xFF && b == 0xFE) {
		l->utf16 = 1;
		return 0;
	}
	if (a == 0xFE && b == 0xFF) {
		l->utf16 = 2;
		return 0;
	}
	c = getc(l->fp);
	if (a == 0xEF && b == 0xBB && c == 0xBF)
		return 0;
	rewind(l->fp);
	return 0;
}

/* Splits one CSV line (comma separated, fields optionally in double
 * quotes with "" for a quote) into fields, in place. Returns the number
 * of fields, or -1 when a quote is not closed. */
static int csv_split(char *s, char **field, int max)
{
	int n = 0;
	char *r = s, *w;

	for (;;) {
		if (n == max)
			return n;
		field[n++] = w = r;
		if (*r == '"') {
			r++;
			for (;;) {
				if (!*r)
					return -1;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
			while (*r && *r != ',')
				r++;
		} else {
			while (*r && *r != ',')
				*w++ = *r++;
		}
		if (!*r) {
			*w = '\0';
			return n;
		}
		r++;
		*w = '\0';
	}
}

#define CSV_MAX_FIELDS 64

/* A size field: decimal bytes. */
static bool parse_size(const char *s, uint64_t *out)
{
	int64_t v;

	if (!pcm_parse_i64(s, 0, INT64_MAX, &v))
		return false;
	*out = (uint64_t)v;
	return true;
}

static int read_listing(struct index *ix, const char *path, struct pcm_error *err)
{
	struct lines l;
	bool csv = false, header_seen = false;
	int col_len = -1, col_name = -1, rc = 0;

	if (lines_open(&l, path, err) != 0)
		return -1;
	while (next_line(&l)) {
		char *s = l.buf.s, *tab;
		uint64_t size;

		if (!*s || *s == '#')
			continue;
		if (!header_seen) {
			header_seen = true;
			/* a SIZE<TAB>PATH line always holds a tab; a CSV header
			 * (Export-Csv) none */
			if (!strchr(s, '\t')) {
				char *field[CSV_MAX_FIELDS];
				int n = csv_split(s, field, CSV_MAX_FIELDS), i;
				csv = true;
				for (i = 0; i < n; i++) {
					if (!strcasecmp(field[i], "Length"))
						col_len = i;
					else if (!strcasecmp(field[i], "FullName"))
						col_name = i;
				}
				if (col_len < 0 || col_name < 0) {
					pcm_error_set(err, _("%s:%lu: expected SIZE<TAB>PATH (the size in "
					                     "bytes, a tab, the file's path), or a CSV header "
					                     "with the columns Length and FullName"),
					              path, l.line);
					rc = -1;
					break;
				}
				continue;
			}
		}
		if (csv) {
			char *field[CSV_MAX_FIELDS];
			int n = csv_split(s, field, CSV_MAX_FIELDS);
			if (n < 0) {
				pcm_error_set(err, _("%s:%lu: a quoted field is not closed"), path, l.line);
				rc = -1;
				break;
			}
			if (n <= col_len || n <= col_name) {
				pcm_error_set(err, _("%s:%lu: %d fields; the header names %d"), path,
				              l.line, n, (col_len > col_name ? col_len : col_name) + 1);
				rc = -1;
				break;
			}
			if (!*field[col_len])
				continue;       /* a folder: it has no Length */
			if (!parse_size(field[col_len], &size) || !*field[col_name]) {
				pcm_error_set(err, _("%s:%lu: Length \"%s\" is not a size in bytes, or "
				                     "FullName is empty"),
				              path, l.line, field[col_len]);
				rc = -1;
				break;
			}
			if (index_offer(ix, field[col_name], size, l.line, err) != 0) {
				rc = -1;
				break;
			}
			continue;
		}
		tab = strchr(s, '\t');
		if (tab)
			*tab = '\0';
		if (!tab || !parse_size(s, &size) || !tab[1]) {
			pcm_error_set(err, _("%s:%lu: expected SIZE<TAB>PATH (the size in bytes, a tab, "
			                     "the file's path)"),
			              path, l.line);
			rc = -1;
			break;
		}
		if (index_offer(ix, tab + 1, size, l.line, err) != 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(l.fp)) {
		pcm_error_set(err, _("cannot read the file store listing %s: %s"), path,
		              strerror(errno));
		rc = -1;
	}
	fclose(l.fp);
	pcm_sbuf_free(&l.buf);
	return rc;
}

/* Matches d's links against what read() offers from source (a listing
 * or a folder); on an error no size is known. */
static int sizes_from(struct pcm_deployment *d, const char *source,
                      int (*read)(struct index *ix, const char *source, struct pcm_error *err),
                      struct pcm_error *err)
{
	struct index ix;
	int rc;

	index_build(&ix, d);
	ix.source = source;
	rc = read(&ix, source, err);
	if (rc == 0)
		index_apply(&ix, d, source);
	else
		for (size_t i = 0; i < d->files.n; i++)
			d->files.v[i].size_state = PCM_FSIZE_UNKNOWN;
	index_free(&ix);
	return rc;
}

int pcm_file_sizes_from_listing(struct pcm_deployment *d, const char *path, struct pcm_error *err)
{
	return sizes_from(d, path, read_listing, err);
}

/* ---- a folder holding the store ---- */

/* Walks dir without recursion (a stack of folders still to read) and
 * offers every regular file by its path relative to dir. Symbolic links
 * to files count; links to folders are not followed (no loops). */
static int walk_dir(struct index *ix, const char *dir, struct pcm_error *err)
{
	PCM_VEC(char *) todo = { 0 };
	unsigned long seen = 0;
	int rc = 0;

	*PCM_VEC_PUSH(todo) = pcm_xstrdup("");
	while (todo.n) {
		char *rel = todo.v[--todo.n];
		char *full = *rel ? pcm_xasprintf("%s/%s", dir, rel) : pcm_xstrdup(dir);
		DIR *dp = opendir(full);
		struct dirent *e;

		if (!dp) {
			pcm_error_set(err, _("cannot read the file store folder %s: %s"), full,
			              strerror(errno));
			free(full);
			free(rel);
			rc = -1;
			break;
		}
		while ((e = readdir(dp)) != NULL) {
			char *child, *path;
			struct stat st;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			child = *rel ? pcm_xasprintf("%s/%s", rel, e->d_name) : pcm_xstrdup(e->d_name);
			path = pcm_xasprintf("%s/%s", full, e->d_name);
			if (lstat(path, &st) != 0) {
				pcm_error_set(err, _("cannot read the file store folder %s: %s"), path,
				              strerror(errno));
				rc = -1;
			} else if (S_ISDIR(st.st_mode)) {
				*PCM_VEC_PUSH(todo) = child;
				child = NULL;
			} else if ((S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
			                                    S_ISREG(st.st_mode)))) {
				seen++;
				rc = index_offer(ix, child, (uint64_t)st.st_size, seen, err);
			}
			free(path);
			free(child);
			if (rc)
				break;
		}
		closedir(dp);
		free(full);
		free(rel);
		if (rc)
			break;
	}
	while (todo.n)
		free(todo.v[--todo.n]);
	free(todo.v);
	return rc;
}

int pcm_file_sizes_from_dir(struct pcm_deployment *d, const char *dir, struct pcm_error *err)
{
	struct stat st;

	if (stat(dir, &st) != 0) {
		pcm_error_set(err, _("cannot read the file store folder %s: %s"), dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		pcm_error_set(err, _("the file store folder %s is not a folder"), dir);
		return -1;
	}
	return sizes_from(d, dir, walk_dir, err);
}

int pcm_file_sizes_load(struct pcm_deployment *d, const char *listing, const char *dir,
                        struct pcm_error *err)
{
	if (listing && dir) {
		pcm_error_set(err, _("give either --file-sizes or --file-store, not both"));
		return -1;
	}
	if (listing)
		return pcm_file_sizes_from_listing(d, listing, err);
	if (dir)
		return pcm_file_sizes_from_dir(d, dir, err);
	return 0;
}

/* ---- totals ---- */

void pcm_format_size(uint64_t bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)bytes;
	int u = -1;

	if (bytes < 1024) {
		snprintf(buf, size, P_("%" PRIu64 " byte", "%" PRIu64 " bytes", bytes), bytes);
		return;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, "%.1f %s", v, unit[u]);
}

/* Is this link part of the migration (a migrated room, at or after the
 * cutoff)? */
static bool carried(const struct pcm_deployment *d, const struct pcm_plan *p,
                    const struct pcm_file_ref *f)
{
	return f->room < d->nodes.n && !(p && p->has_cutoff && f->posted_ticks < p->cutoff_ticks) &&
	       pcm_room_migrated(d, p, f->room);
}

/* The carried links grouped by room (counting sort): the links of node n
 * are idx[start[n] .. start[n + 1]). */
static void group_links(const struct pcm_deployment *d, const struct pcm_plan *p,
                        uint32_t **start_out, uint32_t **idx_out)
{
	size_t nn = d->nodes.n, i;
	uint32_t *start = pcm_xcalloc(nn + 2, sizeof *start), *idx, *fill;
	bool *in = pcm_xmalloc((d->files.n + 1) * sizeof *in);

	/* asked once per link (a binary search in the plan's disabled rooms) */
	for (i = 0; i < d->files.n; i++)
		if ((in[i] = carried(d, p, &d->files.v[i])))
			start[d->files.v[i].room + 1]++;
	for (i = 0; i < nn; i++)
		start[i + 1] += start[i];
	idx = pcm_xmalloc(((size_t)start[nn] + 1) * sizeof *idx);
	fill = pcm_xmalloc((nn + 1) * sizeof *fill);
	memcpy(fill, start, (nn + 1) * sizeof *fill);
	for (i = 0; i < d->files.n; i++)
		if (in[i])
			idx[fill[d->files.v[i].room]++] = (uint32_t)i;
	free(fill);
	free(in);
	*start_out = start;
	*idx_out = idx;
}

/* Walks the carried links room by room, each distinct file of a room
 * once (last[] remembers the room that last saw a store file). */
static void each_distinct(const struct pcm_deployment *d, const struct pcm_plan *p,
                          void (*fn)(const struct pcm_file_ref *f, bool first_in_room,
                                     void *user),
                          void *user)
{
	uint32_t *start, *idx, *last = NULL, n;
	size_t i;

	group_links(d, p, &start, &idx);
	if (d->file_sizes_from) {
		last = pcm_xmalloc(((size_t)d->store_files + 1) * sizeof *last);
		for (i = 0; i < d->store_files; i++)
			last[i] = PCM_NONE;
	}
	for (n = 0; n < d->nodes.n; n++)
		for (i = start[n]; i < start[n + 1]; i++) {
			const struct pcm_file_ref *f = &d->files.v[idx[i]];
			bool first = true;
			if (last && f->store_file != PCM_NONE && f->store_file < d->store_files) {
				first = last[f->store_file] != n;
				last[f->store_file] = n;
			}
			fn(f, first, user);
		}
	free(last);
	free(start);
	free(idx);
}

struct totals_walk {
	struct pcm_file_totals *t;
	const struct pcm_deployment *d;
	bool *counted;          /* per store file: in the totals already */
};

static void add_to_totals(const struct pcm_file_ref *f, bool first, void *user)
{
	struct totals_walk *w = user;
	struct pcm_file_totals *t = w->t;
	bool once;

	if (!t->links[f->room])
		t->rooms++;
	t->links[f->room]++;
	t->links_total++;
	if (!t->sizes_known || !first)
		return;
	once = f->store_file == PCM_NONE || f->store_file >= w->d->store_files ||
	       !w->counted[f->store_file];
	if (f->store_file != PCM_NONE && f->store_file < w->d->store_files)
		w->counted[f->store_file] = true;
	if (f->size_state == PCM_FSIZE_KNOWN) {
		t->files[f->room]++;
		t->bytes[f->room] += f->size;
		if (once) {
			t->files_total++;
			t->bytes_total += f->size;
		}
	} else {
		t->missing[f->room]++;
		if (once)
			t->missing_total++;
	}
}

/* Without the links (a load that only counted them, for the plan's
 * cutoff): the links carried per room, from the counts; no sizes. */
static void totals_from_counts(struct pcm_file_totals *t, const struct pcm_deployment *d,
                               const struct pcm_plan *p)
{
	size_t n;

	for (n = 0; n < d->nodes.n; n++) {
		const struct pcm_room_stats *s = &d->nodes.v[n].stats;
		uint32_t carried_links = s->files;

		if (!s->files || !pcm_room_migrated(d, p, (uint32_t)n))
			continue;
		if (p && p->has_cutoff)
			carried_links -= s->files_before_cutoff;
		if (!carried_links)
			continue;
		t->links[n] = carried_links;
		t->links_total += carried_links;
		t->rooms++;
	}
}

void pcm_file_totals_compute(struct pcm_file_totals *t, const struct pcm_deployment *d,
                             const struct pcm_plan *p)
{
	struct totals_walk w = { .t = t, .d = d };
	size_t nn = d->nodes.n + 1;

	memset(t, 0, sizeof *t);
	t->sizes_known = d->file_sizes_from != NULL;
	t->links = pcm_xcalloc(nn, sizeof *t->links);
	t->files = pcm_xcalloc(nn, sizeof *t->files);
	t->missing = pcm_xcalloc(nn, sizeof *t->missing);
	t->bytes = pcm_xcalloc(nn, sizeof *t->bytes);
	if (!d->counting.keep_links) {
		totals_from_counts(t, d, p);
		return;
	}
	w.counted = pcm_xcalloc((size_t)d->store_files + 1, sizeof *w.counted);
	each_distinct(d, p, add_to_totals, &w);
	free(w.counted);
}

void pcm_file_totals_free(struct pcm_file_totals *t)
{
	free(t->links);
	free(t->files);
	free(t->missing);
	free(t->bytes);
	memset(t, 0, sizeof *t);
}

struct missing_walk {
	void (*fn)(const struct pcm_file_ref *f, void *user);
	void *user;
};

static void call_if_missing(const struct pcm_file_ref *f, bool first, void *user)
{
	struct missing_walk *w = user;

	if (first && f->size_state == PCM_FSIZE_MISSING)
		w->fn(f, w->user);
}

void pcm_file_missing_each(const struct pcm_deployment *d, const struct pcm_plan *p,
                           void (*fn)(const struct pcm_file_ref *f, void *user), void *user)
{
	struct missing_walk w = { fn, user };

	if (d->file_sizes_from)
		each_distinct(d, p, call_if_missing, &w);
}
