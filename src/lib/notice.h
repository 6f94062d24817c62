/* notice.h — the notice record shared by the reader and the output writers. */
#ifndef POA_NOTICE_H
#define POA_NOTICE_H

#include "poa.h"

typedef struct notice_value {
	char *value;
	poa_span span;
} notice_value;

typedef struct notice_list {
	notice_value *items;
	size_t count;
} notice_list;

struct poa_notice {
	char *family;            /* family id or "unknown" */
	char *severity;          /* stake id */
	poa_span family_span;    /* the strongest signal that decided the family */
	poa_span severity_span;
	int is_amazon;
	int unknown_kind;        /* 0 known, 1 not from Amazon, 2 no family matched */
	char *closest;           /* for kind 2: the family that came nearest, or NULL */
	int closest_score, closest_threshold;
	char *unknown_reason;    /* English, for JSON and the accessor */
	char *language;          /* en, zh or mixed */
	notice_list stakes;      /* every stake whose phrase occurs */
	notice_value marketplace;
	poa_asin *asins;
	size_t nasins;
	notice_list complaint_ids;
	notice_value infringement_type, owner_name, owner_email, reply_to;
	notice_list amazon_addresses;
	poa_ip_ref *ip_refs;
	size_t nip_refs;
	int deadline_days;       /* -1: none stated */
	notice_value deadline;   /* the phrase, e.g. "within 17 days" */
};

/* The reason a notice is unknown, translated when translate is set
 * (gettext domain "poa"). The caller frees the result. */
char *poa_notice_reason_text(const poa_notice *n, int translate);

#endif
