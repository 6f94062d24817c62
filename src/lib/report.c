/* report.c — the output writers for a read notice: JSON (stable keys that
 * scripts and later poa commands rely on) and the human text report. */
#include "notice.h"
#include "buf.h"
#include "date.h"
#include "kb.h"
#include "report.h"

#include <jansson.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#define _(s) dgettext("poa", s)

/* ---- shared: summary and deadline ------------------------------------------- */

deadline_info poa_report_deadline(const poa_notice *n, const poa_message *m, time_t today)
{
	deadline_info d = {0};
	if (n->deadline_days < 0)
		return d;
	time_t utc;
	int tz;
	poa_date base;
	if (poa_message_date(m, &utc, &tz)) {
		base = poa_date_at(utc, tz);
	} else {
		base = poa_date_local(today);
		d.from_today = 1;
	}
	long day = poa_days_from_civil(base) + n->deadline_days;
	d.known = 1;
	d.date = poa_civil_from_days(day);
	d.days_left = day - poa_days_from_civil(poa_date_local(today));
	return d;
}

/* What happened plus what is at stake, in the report's language. */
char *poa_report_summary(const poa_kb *kb, const poa_notice *n, poa_lang lang, int translate)
{
	poa_buf b;
	poa_buf_init(&b);
	const kb_family *f = poa_kb_family(kb, n->family);
	if (f) {
		poa_buf_adds(&b, poa_kb_text(&f->summary, lang));
		const kb_stake *s = poa_kb_stake(kb, n->severity);
		if (s) {
			poa_buf_adds(&b, lang == POA_LANG_ZH ? "" : " ");
			poa_buf_adds(&b, poa_kb_text(&s->sentence, lang));
		}
	} else {
		char *r = poa_notice_reason_text(n, translate);
		poa_buf_adds(&b, r ? r : "");
		free(r);
	}
	return poa_buf_steal(&b);
}

void poa_report_date_str(poa_date d, char out[16])
{
	snprintf(out, 16, "%04d-%02d-%02d", d.y % 10000, d.m, d.d);
}

/* ---- JSON -------------------------------------------------------------------- */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *span_json(poa_span s) { return json_pack("{s:I,s:I}", "start", (json_int_t)s.start, "end", (json_int_t)s.end); }

static json_t *value_span(const notice_value *v) { return v->value ? span_json(v->span) : json_null(); }

static json_t *list_values(const notice_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->count; i++)
		json_array_append_new(a, json_string(l->items[i].value));
	return a;
}

static json_t *list_spans(const notice_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->count; i++)
		json_array_append_new(a, span_json(l->items[i].span));
	return a;
}

static json_t *evidence_json(const poa_notice *n)
{
	json_t *e = json_object();
	int known = strcmp(n->family, "unknown") != 0;
	json_object_set_new(e, "family", known ? span_json(n->family_span) : json_null());
	json_object_set_new(e, "severity", n->stakes.count ? span_json(n->severity_span) : json_null());
	json_object_set_new(e, "marketplace", value_span(&n->marketplace));
	json_t *asins = json_array(), *titles = json_object();
	for (size_t i = 0; i < n->nasins; i++) {
		json_array_append_new(asins, span_json(n->asins[i].span));
		if (n->asins[i].title)
			json_object_set_new(titles, n->asins[i].asin, span_json(n->asins[i].title_span));
	}
	json_object_set_new(e, "asins", asins);
	json_object_set_new(e, "titles", titles);
	json_object_set_new(e, "complaint_ids", list_spans(&n->complaint_ids));
	json_object_set_new(e, "infringement_type", value_span(&n->infringement_type));
	json_object_set_new(e, "rights_owner", json_pack("{s:o,s:o}", "name", value_span(&n->owner_name),
							 "email", value_span(&n->owner_email)));
	json_t *ip = json_array();
	for (size_t i = 0; i < n->nip_refs; i++)
		json_array_append_new(ip, span_json(n->ip_refs[i].span));
	json_object_set_new(e, "ip_refs", ip);
	json_object_set_new(e, "deadline", value_span(&n->deadline));
	json_object_set_new(e, "reply_to", value_span(&n->reply_to));
	json_object_set_new(e, "amazon_addresses", list_spans(&n->amazon_addresses));
	return e;
}

static json_t *options_json(const kb_family *f, poa_lang lang)
{
	json_t *a = json_array();
	for (size_t i = 0; f && i < f->noptions; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "text", poa_kb_text(&f->options[i].text, lang),
						   "source", f->options[i].source));
	return a;
}

static json_t *date_json(const poa_message *m)
{
	time_t utc;
	int tz;
	if (!poa_message_date(m, &utc, &tz))
		return json_null();
	long long s = (long long)utc + tz * 60LL;
	long long days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	long long sec = s - days * 86400;
	poa_date d = poa_civil_from_days((long)days);
	char buf[64];
	int a = tz < 0 ? -tz : tz;
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02lld:%02lld:%02lld%c%02d:%02d", d.y % 10000, d.m, d.d,
		 sec / 3600, sec / 60 % 60, sec % 60, tz < 0 ? '-' : '+', a / 60 % 100, a % 60);
	return json_string(buf);
}

static json_t *notice_json(const poa_kb *kb, const poa_notice *n, const poa_message *m,
			   const poa_report_options *opt)
{
	const kb_family *f = poa_kb_family(kb, n->family);
	json_t *o = json_object();
	json_object_set_new(o, "origin", json_string(poa_message_origin(m)));
	json_object_set_new(o, "family", json_string(n->family));
	json_object_set_new(o, "family_name", f ? json_string(poa_kb_text(&f->name, opt->lang)) : json_null());
	json_object_set_new(o, "is_amazon", json_boolean(n->is_amazon));
	json_object_set_new(o, "unknown_reason", str_or_null(n->unknown_reason));
	json_object_set_new(o, "severity", json_string(n->severity));
	json_object_set_new(o, "stakes", list_values(&n->stakes));
	char *summary = poa_report_summary(kb, n, opt->lang, 0);
	json_object_set_new(o, "summary", str_or_null(summary));
	free(summary);
	json_object_set_new(o, "explanation", f ? json_string(poa_kb_text(&f->explanation, opt->lang)) : json_null());
	json_object_set_new(o, "options", options_json(f, opt->lang));
	json_object_set_new(o, "marketplace", str_or_null(n->marketplace.value));
	json_t *asins = json_array();
	for (size_t i = 0; i < n->nasins; i++)
		json_array_append_new(asins, json_pack("{s:s,s:o,s:b}", "asin", n->asins[i].asin, "title",
						       str_or_null(n->asins[i].title), "masked", n->asins[i].masked));
	json_object_set_new(o, "asins", asins);
	json_object_set_new(o, "complaint_ids", list_values(&n->complaint_ids));
	json_object_set_new(o, "infringement_type", str_or_null(n->infringement_type.value));
	json_object_set_new(o, "rights_owner", json_pack("{s:o,s:o}", "name", str_or_null(n->owner_name.value),
							 "email", str_or_null(n->owner_email.value)));
	json_t *ip = json_array();
	for (size_t i = 0; i < n->nip_refs; i++)
		json_array_append_new(ip, json_pack("{s:s,s:s}", "kind", n->ip_refs[i].kind, "number", n->ip_refs[i].number));
	json_object_set_new(o, "ip_refs", ip);
	deadline_info d = poa_report_deadline(n, m, opt->today);
	char ds[16];
	poa_report_date_str(d.date, ds);
	json_object_set_new(o, "deadline_days", n->deadline_days >= 0 ? json_integer(n->deadline_days) : json_null());
	json_object_set_new(o, "deadline_date", d.known ? json_string(ds) : json_null());
	json_object_set_new(o, "deadline_basis", d.known ? json_string(d.from_today ? "today" : "message_date") : json_null());
	json_object_set_new(o, "days_left", d.known ? json_integer(d.days_left) : json_null());
	json_object_set_new(o, "deadline_text", str_or_null(n->deadline.value));
	json_object_set_new(o, "reply_to", str_or_null(n->reply_to.value));
	json_object_set_new(o, "amazon_addresses", list_values(&n->amazon_addresses));
	json_object_set_new(o, "message_id", str_or_null(poa_message_id(m)));
	json_object_set_new(o, "date", date_json(m));
	json_object_set_new(o, "subject", str_or_null(poa_message_subject(m)));
	json_object_set_new(o, "from", str_or_null(poa_message_from(m)));
	json_object_set_new(o, "charset", json_string(poa_message_charset(m)));
	json_object_set_new(o, "language", json_string(n->language));
	json_object_set_new(o, "evidence", evidence_json(n));
	return o;
}

char *poa_notice_to_json(const poa_kb *kb, const poa_notice *n, const poa_message *m,
			 const poa_report_options *opt)
{
	json_t *o = notice_json(kb, n, m, opt);
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}
