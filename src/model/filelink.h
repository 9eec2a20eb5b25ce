/* SPDX-License-Identifier: MIT */
/* File links in message content. A message that carried an uploaded file
 * holds a ma-filelink: link to the file in the legacy file store; the
 * readers record each link (model.h, struct pcm_file_ref) and the rules
 * and the package match them to the store. */
#ifndef PCM_FILELINK_H
#define PCM_FILELINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Splits a ma-filelink: link into the legacy store \\HOST\SHARE (*root;
 * NULL when the link names no host) and the file's path inside it (*rel:
 * %XX decoded, folders separated by \). Returns false, both NULL, when
 * the link cannot be a safe relative path (quotes, control characters,
 * wildcards, colons, empty, "." or ".." segments). Caller frees. */
bool pcm_filelink_parse(const char *link, char **root, char **rel);
/* What starts a link in a message's content. */
#define PCM_FILELINK "ma-filelink:"
/* The next ma-filelink: link in text, its length in *len; NULL if none.
 * A link runs to the first space, quote or angle bracket. */
const char *pcm_filelink_find(const char *text, size_t *len);
/* A number for the file a link (len bytes, as pcm_filelink_find gives it)
 * names inside its store: the path after ma-filelink://HOST/SHARE/ as it
 * is written, the host and share left out (the store moves in a
 * migration). Links are compared as a multiset by adding these up (a
 * sum does not depend on the order), so memory does not grow with them. */
uint64_t pcm_filelink_key(const char *link, size_t len);

#endif
