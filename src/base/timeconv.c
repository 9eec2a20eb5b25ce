/* SPDX-License-Identifier: MIT */
#include "config.h"
#include <stdio.h>
#include <string.h>
#include "base/timeconv.h"

int64_t pcm_ticks_from_unix(int64_t unix_seconds)
{
	return unix_seconds * PCM_TICKS_PER_SECOND + PCM_TICKS_AT_UNIX_EPOCH;
}

/* Floor division so that times before 1970 round down, not toward 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t pcm_ticks_to_unix(int64_t ticks)
{
	return floor_div(ticks - PCM_TICKS_AT_UNIX_EPOCH, PCM_TICKS_PER_SECOND);
}

int32_t pcm_ticks_day(int64_t ticks)
{
	return (int32_t)floor_div(pcm_ticks_to_unix(ticks), PCM_SECONDS_PER_DAY);
}

/* Howard Hinnant's civil-date algorithms (public domain descriptions). */
int64_t pcm_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void pcm_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool pcm_parse_datetime(const char *s, int32_t offset_minutes, int64_t *ticks)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h = 0, mi = 0, se = 0, frac = 0, fdigits = 0;
	size_t n;
	int64_t secs;

	if (!s)
		return false;
	n = strlen(s);
	if (n < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d))
		return false;
	s += 10;
	if (*s == 'T' || *s == ' ') {
		if (strlen(s) < 9 || !digits(s + 1, 2, &h) || s[3] != ':' || !digits(s + 4, 2, &mi) ||
		    s[6] != ':' || !digits(s + 7, 2, &se))
			return false;
		s += 9;
		if (*s == '.') {
			s++;
			while (*s >= '0' && *s <= '9') {
				if (fdigits < 7) {
					frac = frac * 10 + (*s - '0');
					fdigits++;
				}
				s++;
			}
			if (fdigits == 0)
				return false;
			while (fdigits < 7) {
				frac *= 10;
				fdigits++;
			}
		}
		if (*s == 'Z')
			s++;
	}
	if (*s)
		return false;
	if (y < 1753 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap(y)) || h > 23 || mi > 59 || se > 59)
		return false;
	secs = pcm_days_from_civil(y, (unsigned)mo, (unsigned)d) * PCM_SECONDS_PER_DAY +
	       h * 3600 + mi * 60 + se - (int64_t)offset_minutes * 60;
	*ticks = pcm_ticks_from_unix(secs) + frac;
	return true;
}

void pcm_format_ticks(int64_t ticks, char *buf, unsigned long size)
{
	int64_t secs = pcm_ticks_to_unix(ticks), days = floor_div(secs, PCM_SECONDS_PER_DAY), y;
	int64_t rem = secs - days * PCM_SECONDS_PER_DAY;
	unsigned m, d;

	pcm_civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
	         (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

void pcm_format_day(int64_t ticks, char *buf, unsigned long size)
{
	int64_t y;
	unsigned m, d;

	pcm_civil_from_days(pcm_ticks_day(ticks), &y, &m, &d);
	snprintf(buf, size, "%04lld-%02u-%02u", (long long)y, m, d);
}
