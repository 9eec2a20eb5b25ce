/* SPDX-License-Identifier: MIT */
/* Legacy timestamps: .NET DateTime ticks in UTC (100 ns since
 * 0001-01-01T00:00:00Z). An inference (legacy-schema.md "Time"): every
 * conversion lives here so it can be corrected in one place. */
#ifndef PCM_TIMECONV_H
#define PCM_TIMECONV_H

#include <stdint.h>
#include <stdbool.h>

#define PCM_TICKS_PER_SECOND 10000000LL
#define PCM_TICKS_AT_UNIX_EPOCH 621355968000000000LL   /* 1970-01-01T00:00:00Z */
#define PCM_SECONDS_PER_DAY 86400LL

int64_t pcm_ticks_from_unix(int64_t unix_seconds);
int64_t pcm_ticks_to_unix(int64_t ticks);
/* Days since 1970-01-01 of the UTC day holding ticks. */
int32_t pcm_ticks_day(int64_t ticks);
/* Parses "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ss[.fff][Z]" (also with a space
 * for T) as UTC minus offset_minutes (0 for UTC). false when malformed or
 * out of range (year 1753..9999, as SQL Server datetime). */
bool pcm_parse_datetime(const char *s, int32_t offset_minutes, int64_t *ticks);
/* Formats as "YYYY-MM-DDThh:mm:ssZ" into buf (at least 21 bytes). */
void pcm_format_ticks(int64_t ticks, char *buf, unsigned long size);
/* "YYYY-MM-DD" */
void pcm_format_day(int64_t ticks, char *buf, unsigned long size);
/* Civil date <-> days since epoch (proleptic Gregorian). */
int64_t pcm_days_from_civil(int64_t y, unsigned m, unsigned d);
void pcm_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

#endif
