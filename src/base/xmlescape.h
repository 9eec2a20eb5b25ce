/* SPDX-License-Identifier: MIT */
/* The "pcm1" escape: how pcmigrate's XML files (the snapshot, the plan)
 * carry characters XML 1.0 cannot hold. A file that declares
 * escape="pcm1" on its root element writes, inside attribute values,
 *
 *   \xHEX;   the character U+HEX (1 to 6 hex digits, either case)
 *
 * and nothing else changes: a backslash is itself only where it is not
 * followed by a lowercase x (a literal "\x" is written "\x5C;x"), so
 * DOMAIN\user and SQL01\GROUPCHAT stay as they are. The sqlcmd script
 * (data/snapshot.sql) makes the same form from FOR XML's output with two
 * REPLACEs: "\x" -> "\x5C;x", then "&#x" -> "\x". A file without the
 * declaration is read as it always was: no value is decoded. */
#ifndef PCM_XMLESCAPE_H
#define PCM_XMLESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* The value of the escape attribute that declares this form. */
#define PCM_ESCAPE_ATTR "escape"
#define PCM_ESCAPE_PCM1 "pcm1"

/* Must pcm1 write a character of s as \xHEX; ? True for C0 controls but
 * tab, LF and CR, for DEL and C1 controls (terminal escapes), and for
 * U+FFFE/U+FFFF. A literal "\x" does not count: it only matters once the
 * escape is declared. A byte scan: s must be valid UTF-8 (check first). */
bool pcm_esc_needed(const char *s);
/* s in pcm1 form (malloc'd): the characters pcm_esc_needed names and
 * every backslash followed by 'x' as \xHEX; , the rest unchanged. */
char *pcm_esc_encode(const char *s);
/* True when s holds "\x", i.e. may need decoding. */
bool pcm_esc_present(const char *s);
/* Decodes pcm1 form s into out (room for strlen(s) + 1 bytes: decoding
 * never lengthens). 0 on success; -1 on a malformed escape, with why
 * set to a translated sentence naming it. */
int pcm_esc_decode(const char *s, char *out, char *why, size_t why_size);

#endif
