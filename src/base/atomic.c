/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/atomic.h"
#include "base/i18n.h"
#include "base/util.h"

int pcm_atomic_open(struct pcm_atomic *a, const char *path, int mode_private, struct pcm_error *err)
{
	int fd;

	memset(a, 0, sizeof *a);
	a->path = pcm_xstrdup(path);
	a->tmp = pcm_xasprintf("%s.tmp-XXXXXX", path);
	fd = mkstemp(a->tmp);
	if (fd < 0) {
		pcm_error_set(err, _("cannot create a temporary file for %s: %s"), path, strerror(errno));
		free(a->tmp);
		free(a->path);
		a->tmp = a->path = NULL;
		return -1;
	}
	fchmod(fd, mode_private ? 0600 : 0644);
	a->fp = fdopen(fd, "w");
	if (!a->fp) {
		pcm_error_set(err, _("cannot write %s: %s"), a->tmp, strerror(errno));
		close(fd);
		pcm_atomic_abort(a);
		return -1;
	}
	return 0;
}

/* fsync the directory holding path so the rename itself is durable. */
static void sync_dir(const char *path)
{
	char *dir = pcm_xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int pcm_atomic_commit(struct pcm_atomic *a, struct pcm_error *err)
{
	int e = 0;

	if (!a->fp)
		return -1;
	if (ferror(a->fp) || fflush(a->fp) != 0 || fsync(fileno(a->fp)) != 0)
		e = errno ? errno : EIO;
	if (fclose(a->fp) != 0 && !e)
		e = errno ? errno : EIO;
	a->fp = NULL;
	if (!e && rename(a->tmp, a->path) != 0)
		e = errno;
	if (e) {
		pcm_error_set(err, _("cannot write %s: %s"), a->path, strerror(e));
		pcm_atomic_abort(a);
		return -1;
	}
	sync_dir(a->path);
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	return 0;
}

void pcm_atomic_abort(struct pcm_atomic *a)
{
	if (a->fp) {
		fclose(a->fp);
		a->fp = NULL;
	}
	if (a->tmp) {
		unlink(a->tmp);
		free(a->tmp);
		a->tmp = NULL;
	}
	free(a->path);
	a->path = NULL;
}
