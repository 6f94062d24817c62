/* report.h — what the JSON and text writers share. */
#ifndef POA_REPORT_H
#define POA_REPORT_H

#include "date.h"
#include "notice.h"

typedef struct deadline_info {
	int known;
	poa_date date;
	long days_left;
	int from_today;    /* no Date header: counted from today */
} deadline_info;

/* The deadline as a calendar date: the message's Date (in its own zone) or,
 * for pasted text, today, plus the days the notice states. */
deadline_info poa_report_deadline(const poa_notice *n, const poa_message *m, time_t today);
/* Family summary plus the stake sentence; the caller frees it. */
char *poa_report_summary(const poa_kb *kb, const poa_notice *n, poa_lang lang, int translate);
void poa_report_date_str(poa_date d, char out[16]);

#endif
