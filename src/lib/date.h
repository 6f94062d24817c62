/* date.h — calendar arithmetic on civil dates (no time zone database). */
#ifndef POA_DATE_H
#define POA_DATE_H

#include <time.h>

typedef struct poa_date {
	int y, m, d;
} poa_date;

/* Days since 1970-01-01 of a civil date, and back. */
long poa_days_from_civil(poa_date d);
poa_date poa_civil_from_days(long days);
/* The calendar date of utc seconds at a zone offset in minutes. */
poa_date poa_date_at(time_t utc, int tz_minutes);
/* The local calendar date of t (the machine's zone). */
poa_date poa_date_local(time_t t);
/* Parses YYYY-MM-DD; returns 1 on success. */
int poa_date_parse(const char *s, poa_date *out);

#endif
