/* message.h — a decoded message rebuilt from what the case store kept of
 * it: the text, headers and date the notice was read from, so that a case
 * is planned and drafted from the same facts it was filed with. */
#ifndef POA_MESSAGE_H
#define POA_MESSAGE_H

#include "poa.h"

typedef struct poa_message_fields {
	const char *origin, *text, *subject, *from, *message_id, *charset;
	size_t len;
	int has_date;
	time_t date;
	int tz_minutes;
} poa_message_fields;

/* The caller frees *out with poa_message_free(). */
poa_status poa_message_restore(const poa_message_fields *f, poa_message **out, poa_error *err);

#endif
