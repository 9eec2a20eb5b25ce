/* One package file: written to a temporary name and renamed into place by
 * pcm_pkg_file_commit (atomic.h), or, for a what-if, counted and dropped. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "atomic.h"
#include "i18n.h"
#include "package.h"
#include "util.h"

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
	if (f->fp && !f->failed && n && fwrite(buf, 1, n, f->fp) != n)
		f->failed = 1;
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
	if (f->failed && !ferror(a->fp)) {
		pcm_error_set(err, _("cannot write %s"), a->path);
		pcm_atomic_abort(a);
		rc = -1;
	} else {
		/* a failed fwrite left ferror set: commit refuses and says why */
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
