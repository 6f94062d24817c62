/* date.c — civil-date arithmetic (Howard Hinnant's days-from-civil method). */
#include "date.h"

#include <stdio.h>

long poa_days_from_civil(poa_date c)
{
	long y = c.y - (c.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (c.m + (c.m > 2 ? -3 : 9)) + 2) / 5 + c.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

poa_date poa_civil_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	poa_date d;
	d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.y = (int)(y + (d.m <= 2));
	return d;
}

poa_date poa_date_at(time_t utc, int tz_minutes)
{
	long long s = (long long)utc + (long long)tz_minutes * 60;
	long long days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	return poa_civil_from_days((long)days);
}

poa_date poa_date_local(time_t t)
{
	struct tm tm;
	poa_date d = {1970, 1, 1};
	if (localtime_r(&t, &tm)) {
		d.y = tm.tm_year + 1900;
		d.m = tm.tm_mon + 1;
		d.d = tm.tm_mday;
	}
	return d;
}

int poa_date_parse(const char *s, poa_date *out)
{
	int y, m, d, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	poa_date c = {y, m, d};
	poa_date back = poa_civil_from_days(poa_days_from_civil(c));
	if (back.m != m || back.d != d)
		return 0;  /* 2026-02-30 */
	*out = c;
	return 1;
}
