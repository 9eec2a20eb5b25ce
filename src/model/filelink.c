/* SPDX-License-Identifier: MIT */
/* File links in message content: see filelink.h. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "model/filelink.h"
#include "base/sbuf.h"
#include "base/util.h"

/* Decodes %XX, turns / into \, refuses what cannot be a safe Windows
 * path segment sequence (quotes, control characters, wildcards, colons,
 * empty, "." or ".." segments). Returns NULL when refused. */
static char *safe_path(const char *s, size_t n)
{
	struct pcm_sbuf b = { 0 };
	char *path, *seg;
	size_t i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n && pcm_hexval(s[i + 1]) >= 0 &&
		    pcm_hexval(s[i + 2]) >= 0) {
			c = pcm_hexval(s[i + 1]) * 16 + pcm_hexval(s[i + 2]);
			i += 2;
		}
		if (c == '/')
			c = '\\';
		if (c < 0x20 || c == 0x7F || c == '"' || c == ':' || c == '*' || c == '?' ||
		    c == '<' || c == '>' || c == '|') {
			pcm_sbuf_free(&b);
			return NULL;
		}
		pcm_sbuf_addc(&b, (char)c);
	}
	path = pcm_sbuf_take(&b);
	if (!*path || !pcm_utf8_valid(path, strlen(path)))
		goto bad;
	for (seg = path, i = 0;; i++) {
		if (path[i] == '\\' || path[i] == '\0') {
			size_t len = (size_t)(path + i - seg);
			if (len == 0 || (len == 1 && seg[0] == '.') ||
			    (len == 2 && seg[0] == '.' && seg[1] == '.'))
				goto bad;
			if (path[i] == '\0')
				break;
			seg = path + i + 1;
		}
	}
	return path;
bad:
	free(path);
	return NULL;
}

const char *pcm_filelink_find(const char *text, size_t *len)
{
	const char *p = strstr(text, PCM_FILELINK);

	if (p)
		*len = strcspn(p, " \t\r\n\"'<>");
	return p;
}

uint64_t pcm_filelink_key(const char *link, size_t len)
{
	const char *s = link, *end = link + len;
	size_t plen = strlen(PCM_FILELINK);
	uint64_t h = 14695981039346656037ULL;       /* FNV-1a */

	if (len >= plen && strncmp(s, PCM_FILELINK, plen) == 0)
		s += plen;
	if (end - s >= 3 && s[0] == '/' && s[1] == '/' && s[2] != '/') {
		const char *host_end = memchr(s + 2, '/', (size_t)(end - s - 2));
		const char *share_end = host_end ? memchr(host_end + 1, '/', (size_t)(end - host_end - 1))
		                                 : NULL;
		if (share_end)
			s = share_end + 1;
	} else {
		while (s < end && *s == '/')
			s++;
	}
	for (; s < end; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	/* spread the bits (splitmix64's finalizer): sums of FNV values of
	 * similar paths would otherwise cancel out too easily */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

/* (ours) A link reads ma-filelink://HOST/SHARE/PATH: the file is PATH in
 * the legacy file store \\HOST\SHARE. Without a host (ma-filelink:///PATH)
 * the store is unknown (*root = NULL). */
bool pcm_filelink_parse(const char *link, char **root, char **rel)
{
	const char *s = link, *slash, *share_end;
	char *host = NULL, *share = NULL;

	*root = *rel = NULL;
	if (strncmp(s, PCM_FILELINK, strlen(PCM_FILELINK)) == 0)
		s += strlen(PCM_FILELINK);
	if (s[0] == '/' && s[1] == '/' && s[2] != '/') {
		s += 2;
		slash = strchr(s, '/');
		share_end = slash ? strchr(slash + 1, '/') : NULL;
		if (!slash || !share_end)
			return false;
		host = safe_path(s, (size_t)(slash - s));
		share = safe_path(slash + 1, (size_t)(share_end - slash - 1));
		if (!host || !share || strchr(host, '\\') || strchr(share, '\\')) {
			free(host);
			free(share);
			return false;
		}
		*root = pcm_xasprintf("\\\\%s\\%s", host, share);
		free(host);
		free(share);
		s = share_end + 1;
	} else {
		while (*s == '/')
			s++;
	}
	*rel = safe_path(s, strlen(s));
	if (!*rel) {
		free(*root);
		*root = NULL;
		return false;
	}
	return true;
}

