/* SPDX-License-Identifier: MIT */
/* One package file: written to a temporary name and renamed into place by
 * pcm_pkg_file_commit (atomic.h), or, for a what-if, counted and dropped. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/atomic.h"
#include "base/i18n.h"
#include "engine/package.h"
#include "base/util.h"

int pcm_pkg_file_open(struct pcm_pkg_file *f, const char *dir, const char *name,
                      struct pcm_error *err)
{
	struct pcm_atomic *a;
	char *path;

	memset(f, 0, sizeof *f);
	f->name = name;
	if (!dir)
		return 0;
	a = pcm_xcalloc(1, sizeof *a);
	path = pcm_xasprintf("%s/%s", dir, name);
	if (pcm_atomic_open(a, path, 0, err) != 0) {
		free(path);
		free(a);
		f->failed = 1;
		return -1;
	}
	free(path);
	f->atomic = a;
	f->fp = a->fp;
	return 0;
}

void pcm_pkg_file_write(struct pcm_pkg_file *f, const void *buf, size_t n)
{
	f->bytes += n;
	if (f->fp && !f->failed && n && fwrite(buf, 1, n, f->fp) != n) {
		f->failed = 1;
		f->error = errno ? errno : EIO;
	}
}

void pcm_pkg_file_error(const struct pcm_pkg_file *f, struct pcm_error *err)
{
	const struct pcm_atomic *a = f->atomic;

	pcm_error_set(err, _("cannot write %s: %s"), a && a->path ? a->path : f->name,
	              strerror(f->error ? f->error : EIO));
}

void pcm_pkg_remove_stale(const char *dir, const char *const *names, size_t n)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t i;

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL)
		for (i = 0; i < n; i++) {
			size_t len = strlen(names[i]);
			/* atomic.c names them PATH.tmp-XXXXXX (mkstemp) */
			if (strncmp(e->d_name, names[i], len) == 0 &&
			    strncmp(e->d_name + len, ".tmp-", 5) == 0 && strlen(e->d_name + len + 5) == 6) {
				char *p = pcm_xasprintf("%s/%s", dir, e->d_name);
				unlink(p);
				free(p);
				break;
			}
		}
	closedir(dp);
}

void pcm_pkg_file_puts(struct pcm_pkg_file *f, const char *s)
{
	pcm_pkg_file_write(f, s, strlen(s));
}

int pcm_pkg_file_commit(struct pcm_pkg_file *f, struct pcm_error *err)
{
	struct pcm_atomic *a = f->atomic;
	int rc;

	if (!a)
		return f->failed ? -1 : 0;
	if (f->failed) {
		pcm_pkg_file_error(f, err);
		pcm_atomic_abort(a);
		rc = -1;
	} else {
		rc = pcm_atomic_commit(a, err);
	}
	free(a);
	f->atomic = NULL;
	f->fp = NULL;
	return rc;
}

void pcm_pkg_file_abort(struct pcm_pkg_file *f)
{
	struct pcm_atomic *a = f->atomic;

	if (!a)
		return;
	pcm_atomic_abort(a);
	free(a);
	f->atomic = NULL;
	f->fp = NULL;
}

#define UTF8_BOM "\xEF\xBB\xBF"
#define CRLF_PIECE 65536

static void crlf_flush(struct pcm_crlf_writer *w)
{
	const char *s = w->b.s, *end = w->b.s + w->b.n, *nl;

	if (w->bom && !w->started)
		w->put(w->ctx, UTF8_BOM, strlen(UTF8_BOM));
	w->started = true;
	/* runs between newlines go out whole */
	while (s < end && (nl = memchr(s, '\n', (size_t)(end - s)))) {
		w->put(w->ctx, s, (size_t)(nl - s));
		w->put(w->ctx, "\r\n", 2);
		s = nl + 1;
	}
	if (s < end)
		w->put(w->ctx, s, (size_t)(end - s));
	w->b.n = 0;
}

void pcm_crlf_maybe_flush(struct pcm_crlf_writer *w)
{
	if (w->b.n >= CRLF_PIECE)
		crlf_flush(w);
}

void pcm_crlf_end(struct pcm_crlf_writer *w)
{
	crlf_flush(w);
	pcm_sbuf_free(&w->b);
}

void pcm_sbuf_put(void *ctx, const char *text, size_t n)
{
	pcm_sbuf_addn(ctx, text, n);
}
