/* page-case.c — one case: its facts, the notice with every field libpoa
 * extracted highlighted in place (from the byte spans of
 * poa_notice_to_json's "evidence"), the questions as a form, the plan with
 * its reasons and checklist, the letters, evidence, the catalogue audit,
 * the timeline and the status. The forms post to actions below, which
 * redirect back (?msg=...) or, when something was refused, show the page
 * again with the messages beside the fields. Every form carries the case's
 * version (a change made meanwhile, by someone else or in another tab, is
 * refused: the page again, 409, the answers typed kept); in team mode a
 * viewer gets no forms, and the timeline says who did what. */
#include "web.h"

#include <stdlib.h>
#include <string.h>

typedef struct case_extra {
	json_t *errs;        /* question id -> message */
	json_t *missing;     /* question ids a draft needs */
	json_t *audit;       /* a sweep's result */
	const char *error;   /* a refusal, shown at the top */
	const char *anchor;
	int conflict;        /* someone else changed the case: a 409 banner, the posted answers kept */
	/* set by render_case */
	long long version;   /* the case's, for the forms' hidden field */
	int write;           /* the user may change the case: the forms are shown */
} case_extra;

static const char *str_of(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static json_t *load(char *s)
{
	json_t *o = s ? json_loads(s, 0, NULL) : NULL;
	free(s);
	return o;
}

static void section(web_req *r, const char *id, web_str title)
{
	poa_buf_printf(&r->out, "<section id=\"%s\">\n<h2>", id);
	h_esc(&r->out, T(r, title));
	poa_buf_adds(&r->out, "</h2>\n");
}

static void text_p(web_req *r, const char *cls, web_str label, const char *text)
{
	if (!text || !*text)
		return;
	poa_buf_printf(&r->out, "<p class=\"%s\"><strong>", cls);
	h_esc(&r->out, T(r, label));
	poa_buf_adds(&r->out, ":</strong> ");
	h_esc(&r->out, text);
	poa_buf_adds(&r->out, "</p>\n");
}

static void flash(web_req *r)
{
	static const struct {
		const char *key;
		web_str s;
		const char *cls;
	} msgs[] = {
		{"answers", S_ANSWERS_SAVED, "ok"},   {"evidence", S_EVIDENCE_ADDED, "ok"},
		{"evidence-dup", S_EVIDENCE_DUP, "warn"}, {"evidence-old", S_EVIDENCE_OLD, "warn"},
		{"saved", S_SAVED, "ok"},             {"sent", S_SENT_OK, "ok"},
		{"sent-repeat", S_SENT_REPEAT, "warn"},
	};
	const char *m = web_query(r, "msg");
	for (size_t i = 0; m && i < sizeof msgs / sizeof *msgs; i++)
		if (strcmp(m, msgs[i].key) == 0) {
			poa_buf_printf(&r->out, "<p class=\"flash %s\" id=\"flash\">", msgs[i].cls);
			h_esc(&r->out, T(r, msgs[i].s));
			poa_buf_adds(&r->out, "</p>\n");
		}
}

static void summary(web_req *r, json_t *c)
{
	poa_buf *b = &r->out;
	json_t *d = json_object_get(c, "days_left");
	const char *status = str_of(c, "status");
	int late = json_is_integer(d) && json_integer_value(d) < 0 &&
		   (strcmp(status, "open") == 0 || strcmp(status, "waiting") == 0);
	poa_buf_adds(b, "<dl class=\"summary\" id=\"summary\">\n");
	static const struct {
		web_str label;
		const char *key;
	} rows[] = {{S_FAMILY, "family"}, {S_STATUS, "status"}, {S_STORE, "store"}, {S_ASINS, "asins"},
		    {S_COMPLAINTS, "complaint_ids"}};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		poa_buf_adds(b, "<dt>");
		h_esc(b, T(r, rows[i].label));
		poa_buf_printf(b, "</dt><dd class=\"%s\">", rows[i].key);
		h_esc(b, *str_of(c, rows[i].key) ? str_of(c, rows[i].key) : "-");
		poa_buf_adds(b, "</dd>\n");
	}
	poa_buf_adds(b, "<dt>");
	h_esc(b, T(r, S_DEADLINE));
	poa_buf_printf(b, "</dt><dd class=\"deadline%s\">", late ? " overdue" : "");
	h_esc(b, *str_of(c, "deadline") ? str_of(c, "deadline") : "-");
	poa_buf_adds(b, " (");
	h_days(r, d);
	poa_buf_adds(b, ")</dd>\n</dl>\n");
}

static void notice(web_req *r, poa_message *m, json_t *nj)
{
	section(r, "notice", S_NOTICE);
	poa_buf *b = &r->out;
	const char *summ = str_of(nj, "summary");
	if (*summ) {
		poa_buf_adds(b, "<p class=\"notice-summary\">");
		h_esc(b, summ);
		poa_buf_adds(b, "</p>\n");
	}
	json_t *ev = json_object_get(nj, "evidence");
	poa_buf_adds(b, "<h3>");
	h_esc(b, T(r, S_FIELDS_FOUND));
	poa_buf_adds(b, "</h3>\n<ul class=\"fields\" id=\"fields\">\n");
	const char *key;
	json_t *val;
	json_object_foreach(ev, key, val) {
		if (json_is_null(val) || (json_is_array(val) && !json_array_size(val)) ||
		    (json_is_object(val) && !json_object_size(val)))
			continue;
		poa_buf_adds(b, "<li><mark class=\"f f-");
		h_esc(b, key);
		poa_buf_adds(b, "\">");
		h_esc(b, key);
		poa_buf_adds(b, "</mark> ");
		json_t *v = json_object_get(nj, strcmp(key, "deadline") == 0 ? "deadline_date" : key);
		if (json_is_string(v)) {
			h_esc(b, json_string_value(v));
		} else if (json_is_array(v)) {
			size_t i;
			json_t *it;
			json_array_foreach(v, i, it) {
				if (i)
					poa_buf_adds(b, ", ");
				if (json_is_string(it))
					h_esc(b, json_string_value(it));
				else if (json_is_object(it))
					h_esc(b, *str_of(it, "asin") ? str_of(it, "asin") : str_of(it, "number"));
			}
		} else if (json_is_object(v)) {
			h_esc(b, str_of(v, "name"));
			if (*str_of(v, "email")) {
				poa_buf_adds(b, " &lt;");
				h_esc(b, str_of(v, "email"));
				poa_buf_adds(b, "&gt;");
			}
		}
		poa_buf_adds(b, "</li>\n");
	}
	poa_buf_adds(b, "</ul>\n");
	size_t len = 0;
	const char *text = poa_message_text(m, &len);
	h_notice(b, text, len, ev);
	poa_buf_adds(b, "</section>\n");
}

/* The value a field shows: what was just posted (after a refusal), else
 * the stored answer. */
static const char *shown(web_req *r, json_t *q, const case_extra *x)
{
	char name[128];
	snprintf(name, sizeof name, "q.%s", str_of(q, "id"));
	const char *posted = x->errs || x->conflict ? web_field_get(r, name) : NULL;
	return posted ? posted : str_of(q, "answer");
}

static void question(web_req *r, json_t *q, const case_extra *x)
{
	poa_buf *b = &r->out;
	const char *id = str_of(q, "id"), *type = str_of(q, "type"), *value = shown(r, q, x);
	const char *msg = x->errs ? json_string_value(json_object_get(x->errs, id)) : NULL;
	poa_buf_printf(b, "<div class=\"question%s%s\" id=\"question-%s\">\n<label for=\"q.%s\">", msg ? " invalid" : "",
		       json_is_true(json_object_get(q, "open")) ? " open" : "", id, id);
	h_esc(b, str_of(q, "prompt"));
	poa_buf_adds(b, "</label>\n");
	if (strcmp(type, "yesno") == 0) {
		poa_buf_printf(b, "<span class=\"choices\"><label><input type=\"radio\" name=\"q.%s\" value=\"yes\"%s> ", id,
			       strcmp(value, "yes") == 0 ? " checked" : "");
		h_esc(b, T(r, S_YES));
		poa_buf_printf(b, "</label> <label><input type=\"radio\" name=\"q.%s\" value=\"no\"%s> ", id,
			       strcmp(value, "no") == 0 ? " checked" : "");
		h_esc(b, T(r, S_NO));
		poa_buf_adds(b, "</label></span>\n");
	} else if (strcmp(type, "choice") == 0) {
		poa_buf_printf(b, "<select id=\"q.%s\" name=\"q.%s\"><option value=\"\">", id, id);
		h_esc(b, T(r, S_CHOOSE));
		poa_buf_adds(b, "</option>");
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(q, "choices"), i, c) {
			poa_buf_adds(b, "<option value=\"");
			h_esc(b, str_of(c, "value"));
			poa_buf_printf(b, "\"%s>", strcmp(value, str_of(c, "value")) == 0 ? " selected" : "");
			h_esc(b, str_of(c, "label"));
			poa_buf_adds(b, "</option>");
		}
		poa_buf_adds(b, "</select>\n");
	} else if (strcmp(type, "text") == 0 || strcmp(type, "list") == 0 || strcmp(type, "asins") == 0) {
		poa_buf_printf(b, "<textarea id=\"q.%s\" name=\"q.%s\" rows=\"%d\">", id, id, strcmp(type, "text") ? 3 : 4);
		h_esc(b, value);
		poa_buf_adds(b, "</textarea>\n");
		if (strcmp(type, "text") != 0) {
			poa_buf_adds(b, "<span class=\"help\">");
			h_esc(b, T(r, S_LIST_HELP));
			poa_buf_adds(b, "</span>\n");
		}
	} else {
		const char *input = strcmp(type, "date") == 0 ? "date" : strcmp(type, "email") == 0 ? "email"
								  : strcmp(type, "number") == 0 ? "number" : "text";
		poa_buf_printf(b, "<input type=\"%s\" id=\"q.%s\" name=\"q.%s\" value=\"", input, id, id);
		h_esc(b, value);
		poa_buf_adds(b, "\">\n");
	}
	if (msg) {
		poa_buf_printf(b, "<span class=\"field-error\" id=\"error-%s\">", id);
		h_esc(b, msg);
		poa_buf_adds(b, "</span>\n");
	}
	const char *help = str_of(q, "help");
	if (*help) {
		poa_buf_adds(b, "<details class=\"help\"><summary>?</summary>");
		h_esc(b, help);
		poa_buf_adds(b, "</details>\n");
	}
	poa_buf_adds(b, "</div>\n");
}

static void questions(web_req *r, long long id, json_t *qs, const case_extra *x)
{
	section(r, "questions", S_QUESTIONS);
	poa_buf *b = &r->out;
	if (x->errs) {
		poa_buf_adds(b, "<p class=\"error-message\" id=\"answers-error\">");
		h_esc(b, T(r, S_FIX_BELOW));
		poa_buf_adds(b, "</p>\n");
	}
	if (!json_array_size(qs)) {
		poa_buf_adds(b, "<p>");
		h_esc(b, T(r, S_NO_QUESTIONS));
		poa_buf_adds(b, "</p>\n</section>\n");
		return;
	}
	poa_buf_adds(b, "<p class=\"help\">");
	h_esc(b, T(r, S_QUESTIONS_HELP));
	/* A viewer sees the questions and answers in a fieldset that
	 * cannot be changed or sent. */
	if (x->write) {
		poa_buf_printf(b, "</p>\n<form method=\"post\" action=\"/cases/%lld/answers\" id=\"answers\">", id);
		h_csrf(r);
		h_version(r, x->version);
	} else {
		poa_buf_adds(b, "</p>\n<fieldset disabled id=\"answers\">");
	}
	poa_buf_adds(b, "\n");
	size_t i;
	json_t *q;
	json_array_foreach(qs, i, q) question(r, q, x);
	if (!x->write) {
		poa_buf_adds(b, "</fieldset>\n</section>\n");
		return;
	}
	poa_buf_adds(b, "<p><button type=\"submit\" id=\"save-answers\">");
	h_esc(b, T(r, S_SAVE_ANSWERS));
	poa_buf_adds(b, "</button></p>\n</form>\n</section>\n");
}

static web_str status_word(const char *s)
{
	return strcmp(s, "fits") == 0 ? S_FITS : strcmp(s, "possible") == 0 ? S_POSSIBLE : S_RULED_OUT;
}

static void list_of(web_req *r, json_t *a, const char *cls)
{
	poa_buf_printf(&r->out, "<ul class=\"%s\">", cls);
	size_t i;
	json_t *it;
	json_array_foreach(a, i, it) {
		poa_buf_adds(&r->out, "<li>");
		h_esc(&r->out, json_string_value(it));
		poa_buf_adds(&r->out, "</li>");
	}
	poa_buf_adds(&r->out, "</ul>\n");
}

static void plan(web_req *r, long long id, json_t *pj, const case_extra *x)
{
	section(r, "plan", S_PLAN);
	poa_buf *b = &r->out;
	const char *best = str_of(pj, "best_route");
	json_t *routes = json_object_get(pj, "routes");
	if (!*best) {
		poa_buf_adds(b, "<p class=\"no-route\">");
		h_esc(b, T(r, S_NO_ROUTE));
		poa_buf_adds(b, "</p>\n");
	}
	size_t i;
	json_t *rt;
	json_array_foreach(routes, i, rt) {
		const char *st = str_of(rt, "status");
		poa_buf_printf(b, "<article class=\"route %s%s\" id=\"route-", st, strcmp(best, str_of(rt, "id")) == 0 ? " best" : "");
		h_esc(b, str_of(rt, "id"));
		poa_buf_adds(b, "\">\n<h3>");
		h_esc(b, str_of(rt, "name"));
		poa_buf_printf(b, " <span class=\"badge %s\">", st);
		h_esc(b, T(r, status_word(st)));
		poa_buf_adds(b, "</span>");
		if (strcmp(best, str_of(rt, "id")) == 0) {
			poa_buf_adds(b, " <span class=\"badge best\">");
			h_esc(b, T(r, S_BEST_ROUTE));
			poa_buf_adds(b, "</span>");
		}
		poa_buf_adds(b, "</h3>\n");
		text_p(r, "why", S_WHY, str_of(rt, "why"));
		if (strcmp(st, "ruled_out") != 0) {
			text_p(r, "costs", S_COSTS, str_of(rt, "costs"));
			text_p(r, "risks", S_RISKS, str_of(rt, "risks"));
			if (json_array_size(json_object_get(rt, "needs"))) {
				poa_buf_adds(b, "<p class=\"needs\"><strong>");
				h_esc(b, T(r, S_NEEDS));
				poa_buf_adds(b, ":</strong></p>");
				list_of(r, json_object_get(rt, "needs"), "needs");
			}
			poa_buf_adds(b, "<details class=\"checklist\"><summary>");
			h_esc(b, T(r, S_CHECKLIST));
			poa_buf_adds(b, "</summary>");
			list_of(r, json_object_get(rt, "checklist"), "checklist");
			poa_buf_adds(b, "</details>\n");
		}
		poa_buf_adds(b, "</article>\n");
	}
	if (x->missing && json_array_size(x->missing)) {
		poa_buf_adds(b, "<div class=\"error-message\" id=\"draft-missing\"><p>");
		h_esc(b, T(r, S_MISSING_FACTS));
		poa_buf_adds(b, "</p>");
		list_of(r, x->missing, "missing");
		poa_buf_adds(b, "</div>\n");
	}
	if (*best && x->write) {
		poa_buf_printf(b, "<form method=\"post\" action=\"/cases/%lld/draft\" id=\"draft\">", id);
		h_csrf(r);
		h_version(r, x->version);
		poa_buf_adds(b, "<label for=\"route\">");
		h_esc(b, T(r, S_DRAFT_ROUTE));
		poa_buf_adds(b, "</label> <select id=\"route\" name=\"route\">");
		json_array_foreach(routes, i, rt) {
			if (strcmp(str_of(rt, "status"), "fits") != 0)
				continue;
			poa_buf_adds(b, "<option value=\"");
			h_esc(b, str_of(rt, "id"));
			poa_buf_printf(b, "\"%s>", strcmp(best, str_of(rt, "id")) == 0 ? " selected" : "");
			h_esc(b, str_of(rt, "name"));
			poa_buf_adds(b, "</option>");
		}
		poa_buf_adds(b, "</select> <button type=\"submit\" id=\"draft-letters\">");
		h_esc(b, T(r, S_DRAFT));
		poa_buf_adds(b, "</button></form>\n");
	}
	poa_buf_adds(b, "</section>\n");
}

static web_str lint_word(json_t *v)
{
	if (!json_is_integer(v))
		return S_NOT_CHECKED;
	switch (json_integer_value(v)) {
	case -1: return S_CLEAN;
	case 0: return S_ADVICE;
	case 1: return S_WARNINGS;
	default: return S_BLOCKERS;
	}
}

static void letters(web_req *r, long long id, json_t *c)
{
	section(r, "letters", S_LETTERS);
	poa_buf *b = &r->out;
	json_t *ls = json_object_get(c, "letters");
	if (!json_array_size(ls)) {
		poa_buf_adds(b, "<p>");
		h_esc(b, T(r, S_NO_LETTERS));
		poa_buf_adds(b, "</p>\n</section>\n");
		return;
	}
	poa_buf_adds(b, "<ul class=\"letters\">\n");
	size_t n = json_array_size(ls);
	for (size_t i = 0; i < n; i++) {
		json_t *l = json_array_get(ls, i), *next = i + 1 < n ? json_array_get(ls, i + 1) : NULL;
		/* Rows come by letter, then version: show each letter's newest. */
		if (next && strcmp(str_of(next, "letter"), str_of(l, "letter")) == 0)
			continue;
		json_t *w = json_object_get(l, "lint_worst");
		poa_buf_printf(b, "<li class=\"letter lint-%s\" id=\"letter-", json_is_integer(w) && json_integer_value(w) == 2 ? "block" : "ok");
		h_esc(b, str_of(l, "letter"));
		poa_buf_printf(b, "\"><a href=\"/cases/%lld/letters/", id);
		h_url(b, str_of(l, "letter"));
		poa_buf_adds(b, "\">");
		h_esc(b, str_of(l, "letter"));
		poa_buf_printf(b, "</a> %s %lld — ", T(r, S_VERSION), (long long)json_integer_value(json_object_get(l, "version")));
		h_esc(b, T(r, lint_word(w)));
		if (*str_of(l, "sent_to")) {
			poa_buf_adds(b, " — ");
			h_esc(b, T(r, S_SENT_TO));
			poa_buf_adds(b, " ");
			h_esc(b, str_of(l, "sent_to"));
		}
		poa_buf_adds(b, "</li>\n");
	}
	poa_buf_adds(b, "</ul>\n</section>\n");
}

static void evidence(web_req *r, long long id, json_t *c, const case_extra *x)
{
	section(r, "evidence", S_EVIDENCE);
	poa_buf *b = &r->out;
	json_t *ev = json_object_get(c, "evidence");
	if (!json_array_size(ev)) {
		poa_buf_adds(b, "<p>");
		h_esc(b, T(r, S_NO_EVIDENCE));
		poa_buf_adds(b, "</p>\n");
	} else {
		poa_buf_adds(b, "<ul class=\"evidence\">\n");
		size_t i;
		json_t *e;
		json_array_foreach(ev, i, e) {
			poa_buf_adds(b, "<li>");
			h_esc(b, str_of(e, "kind"));
			poa_buf_adds(b, ": ");
			h_esc(b, str_of(e, "name"));
			poa_buf_printf(b, " (%s, %lld bytes)", str_of(e, "type"), (long long)json_integer_value(json_object_get(e, "size")));
			if (*str_of(e, "doc_date")) {
				poa_buf_adds(b, ", ");
				h_esc(b, str_of(e, "doc_date"));
			}
			poa_buf_adds(b, "</li>\n");
		}
		poa_buf_adds(b, "</ul>\n");
	}
	if (!x->write) {
		poa_buf_adds(b, "</section>\n");
		return;
	}
	poa_buf_printf(b, "<form method=\"post\" action=\"/cases/%lld/evidence\" enctype=\"multipart/form-data\" id=\"evidence-form\">", id);
	h_csrf(r);
	h_version(r, x->version);
	poa_buf_adds(b, "<label for=\"ev-kind\">");
	h_esc(b, T(r, S_KIND));
	poa_buf_adds(b, "</label> <select id=\"ev-kind\" name=\"kind\">");
	static const char *const kinds[] = {"invoice", "loa", "licence", "photo", "other"};
	for (size_t i = 0; i < 5; i++)
		poa_buf_printf(b, "<option value=\"%s\">%s</option>", kinds[i], kinds[i]);
	poa_buf_adds(b, "</select> <label for=\"ev-date\">");
	h_esc(b, T(r, S_DOC_DATE));
	poa_buf_adds(b, "</label> <input type=\"date\" id=\"ev-date\" name=\"date\"> <label for=\"ev-file\">");
	h_esc(b, T(r, S_FILE));
	poa_buf_adds(b, "</label> <input type=\"file\" id=\"ev-file\" name=\"file\"> <button type=\"submit\" id=\"upload-evidence\">");
	h_esc(b, T(r, S_UPLOAD));
	poa_buf_adds(b, "</button></form>\n</section>\n");
}

static void audit(web_req *r, long long id, json_t *res, const case_extra *x)
{
	section(r, "audit", S_AUDIT);
	poa_buf *b = &r->out;
	poa_buf_adds(b, "<p class=\"help\">");
	h_esc(b, T(r, S_AUDIT_HELP));
	poa_buf_adds(b, "</p>\n");
	if (x->write) {
		poa_buf_printf(b, "<form method=\"post\" action=\"/cases/%lld/audit\" enctype=\"multipart/form-data\" id=\"audit-form\">", id);
		h_csrf(r);
		h_version(r, x->version);
		poa_buf_adds(b, "<input type=\"file\" id=\"audit-file\" name=\"report\" accept=\".txt,.csv,.tsv\"> <button type=\"submit\" id=\"run-audit\">");
		h_esc(b, T(r, S_AUDIT_RUN));
		poa_buf_adds(b, "</button></form>\n");
	}
	if (res) {
		json_t *s = json_object_get(res, "summary"), *hits = json_object_get(res, "hits");
		poa_buf_printf(b, "<p id=\"audit-summary\">%lld ", (long long)json_integer_value(json_object_get(s, "rows")));
		h_esc(b, T(r, S_AUDIT_ROWS));
		poa_buf_printf(b, "; %lld hits.</p>\n", (long long)json_integer_value(json_object_get(s, "hits")));
		if (!json_array_size(hits)) {
			poa_buf_adds(b, "<p>");
			h_esc(b, T(r, S_AUDIT_NO_HITS));
			poa_buf_adds(b, "</p>\n");
		} else {
			poa_buf_adds(b, "<table class=\"hits\" id=\"audit-hits\"><thead><tr><th>");
			h_esc(b, T(r, S_ROW));
			poa_buf_adds(b, "</th><th>SKU</th><th>ASIN</th><th>");
			h_esc(b, T(r, S_COLUMN));
			poa_buf_adds(b, "</th><th>");
			h_esc(b, T(r, S_TERM));
			poa_buf_adds(b, "</th><th>");
			h_esc(b, T(r, S_MATCH));
			poa_buf_adds(b, "</th></tr></thead><tbody>\n");
			size_t i;
			json_t *h;
			json_array_foreach(hits, i, h) {
				const char *ctx = str_of(h, "context");
				size_t len = strlen(ctx);
				size_t ms = (size_t)json_integer_value(json_object_get(h, "mark_start"));
				size_t me = (size_t)json_integer_value(json_object_get(h, "mark_end"));
				poa_buf_printf(b, "<tr><td>%lld</td><td>", (long long)json_integer_value(json_object_get(h, "row")));
				h_esc(b, str_of(h, "sku"));
				poa_buf_adds(b, "</td><td>");
				h_esc(b, str_of(h, "asin"));
				poa_buf_adds(b, "</td><td>");
				h_esc(b, str_of(h, "column"));
				poa_buf_adds(b, "</td><td>");
				h_esc(b, str_of(h, "term"));
				poa_buf_adds(b, "</td><td>");
				if (ms <= me && me <= len) {
					h_escn(b, ctx, ms);
					poa_buf_adds(b, "<mark>");
					h_escn(b, ctx + ms, me - ms);
					poa_buf_adds(b, "</mark>");
					h_esc(b, ctx + me);
				} else {
					h_esc(b, ctx);
				}
				poa_buf_adds(b, "</td></tr>\n");
			}
			poa_buf_adds(b, "</tbody></table>\n");
		}
	}
	poa_buf_adds(b, "</section>\n");
}

static void timeline(web_req *r, long long id, json_t *c, const case_extra *x)
{
	section(r, "timeline", S_TIMELINE);
	poa_buf *b = &r->out;
	poa_buf_adds(b, "<ol class=\"timeline\">\n");
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(c, "timeline"), i, e) {
		poa_buf_adds(b, "<li><time>");
		h_esc(b, str_of(e, "at"));
		poa_buf_adds(b, "</time> <strong>");
		h_esc(b, str_of(e, "what"));
		poa_buf_adds(b, "</strong> ");
		h_esc(b, str_of(e, "detail"));
		if (*str_of(e, "by")) {
			char by[160];
			snprintf(by, sizeof by, T(r, S_BY), str_of(e, "by"));
			poa_buf_adds(b, " <span class=\"by\">— ");
			h_esc(b, by);
			poa_buf_adds(b, "</span>");
		}
		poa_buf_adds(b, "</li>\n");
	}
	poa_buf_adds(b, "</ol>\n");
	if (!x->write) {
		poa_buf_adds(b, "</section>\n");
		return;
	}
	poa_buf_printf(b, "<form method=\"post\" action=\"/cases/%lld/status\" id=\"status-form\">", id);
	h_csrf(r);
	h_version(r, x->version);
	poa_buf_adds(b, "<label for=\"status\">");
	h_esc(b, T(r, S_SET_STATUS));
	poa_buf_adds(b, "</label> <select id=\"status\" name=\"status\">");
	static const char *const states[] = {"open", "waiting", "resolved", "lost", "closed"};
	for (size_t k = 0; k < 5; k++)
		poa_buf_printf(b, "<option value=\"%s\"%s>%s</option>", states[k],
			       strcmp(states[k], str_of(c, "status")) == 0 ? " selected" : "", states[k]);
	poa_buf_adds(b, "</select> <button type=\"submit\" id=\"set-status\">");
	h_esc(b, T(r, S_CHANGE));
	poa_buf_adds(b, "</button></form>\n</section>\n");
}

static void render_case(web_req *r, long long id, const case_extra *given, int status)
{
	case_extra xv = *given, *x = &xv;
	const poa_kb *kb = web_kb(r);
	poa_db_query q = {.today = r->today, .lang = r->lang};
	poa_error err = {0};
	char *cs = NULL;
	poa_message *m = NULL;
	poa_notice *n = NULL;
	poa_answers *a = NULL;
	poa_plan *p = NULL;
	poa_status st = poa_db_case_json(web_db(r), id, &q, &cs, &err);
	json_t *c = st ? NULL : load(cs);
	if (!st)
		st = poa_db_case_notice(web_db(r), kb, id, &m, &n, &err);
	if (!st)
		st = poa_db_case_answers(web_db(r), kb, id, r->today, &a, &err);
	if (!st)
		st = poa_plan_make(kb, n, a, &p, &err);
	if (st) {
		json_decref(c);
		web_fail(r, &err);
		goto out;
	}
	xv.version = (long long)json_integer_value(json_object_get(c, "version"));
	xv.write = web_can_write(r, id);
	poa_report_options ro = web_report_options(r);
	json_t *nj = load(poa_notice_to_json(kb, n, m, &ro));
	json_t *pj = load(poa_plan_to_json(kb, p, n, m, &ro));
	json_t *qs = load(poa_web_questions_json(kb, p, a, r->lang));
	char title[512];
	snprintf(title, sizeof title, "%s %lld: %s", T(r, S_CASE), id, str_of(c, "title"));
	page_begin(r, title);
	poa_buf_printf(&r->out, "<h1 id=\"case-title\" data-case=\"%lld\">", id);
	h_esc(&r->out, title);
	poa_buf_adds(&r->out, "</h1>\n");
	flash(r);
	if (x->conflict) {
		poa_buf_adds(&r->out, "<div class=\"conflict error-message\" id=\"conflict\" role=\"alert\"><strong>");
		h_esc(&r->out, T(r, S_CONFLICT));
		poa_buf_adds(&r->out, "</strong><p>");
		h_esc(&r->out, T(r, S_CONFLICT_HELP));
		poa_buf_adds(&r->out, "</p></div>\n");
	} else if (!x->write) {
		poa_buf_adds(&r->out, "<p class=\"flash warn\" id=\"read-only\">");
		h_esc(&r->out, T(r, S_READ_ONLY));
		poa_buf_adds(&r->out, "</p>\n");
	}
	if (x->error) {
		poa_buf_adds(&r->out, "<p class=\"error-message\" id=\"error\">");
		h_esc(&r->out, x->error);
		poa_buf_adds(&r->out, "</p>\n");
	}
	poa_buf_adds(&r->out, "<nav class=\"toc\"><a href=\"#notice\">");
	h_esc(&r->out, T(r, S_NOTICE));
	poa_buf_adds(&r->out, "</a> · <a href=\"#questions\">");
	h_esc(&r->out, T(r, S_QUESTIONS));
	poa_buf_adds(&r->out, "</a> · <a href=\"#plan\">");
	h_esc(&r->out, T(r, S_PLAN));
	poa_buf_adds(&r->out, "</a> · <a href=\"#letters\">");
	h_esc(&r->out, T(r, S_LETTERS));
	poa_buf_adds(&r->out, "</a> · <a href=\"#evidence\">");
	h_esc(&r->out, T(r, S_EVIDENCE));
	poa_buf_adds(&r->out, "</a> · <a href=\"#audit\">");
	h_esc(&r->out, T(r, S_AUDIT));
	poa_buf_adds(&r->out, "</a> · <a href=\"#timeline\">");
	h_esc(&r->out, T(r, S_TIMELINE));
	poa_buf_adds(&r->out, "</a></nav>\n");
	summary(r, c);
	letters(r, id, c);
	questions(r, id, qs, x);
	plan(r, id, pj, x);
	notice(r, m, nj);
	evidence(r, id, c, x);
	audit(r, id, x->audit, x);
	timeline(r, id, c, x);
	page_end(r);
	r->status = status;
	r->cacheable = status == 200 && !x->errs && !x->missing && !x->audit && !x->error && !x->conflict;
	json_decref(nj);
	json_decref(pj);
	json_decref(qs);
	json_decref(c);
out:
	poa_plan_free(p);
	poa_answers_free(a);
	poa_notice_free(n);
	poa_message_free(m);
}

/* Someone else changed the case since the form was shown: the page as
 * the case is now, with a banner and (for the answers) what was typed. */
static int conflicted(web_req *r, long long id, poa_status st)
{
	if (st != POA_ERR_CONFLICT)
		return 0;
	case_extra x = {.conflict = 1};
	r->out.len = 0;
	render_case(r, id, &x, 409);
	return 1;
}

void page_case(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	case_extra x = {0};
	render_case(r, id, &x, 200);
}

void act_answers(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	const char *ids[WEB_MAX_ANSWERS], *values[WEB_MAX_ANSWERS];
	size_t n = 0;
	for (size_t i = 0; i < r->nfields && n < WEB_MAX_ANSWERS; i++)
		if (strncmp(r->fields[i].name, "q.", 2) == 0) {
			ids[n] = r->fields[i].name + 2;
			values[n++] = r->fields[i].value;
		}
	json_t *errs = json_object();
	poa_error err = {0};
	poa_status st = web_save_answers(r, id, ids, values, n, errs, &err);
	if (st == POA_ERR_CONFLICT) {
		conflicted(r, id, st);
	} else if (!st) {
		web_redirect(r, "/cases/%lld?msg=answers#plan", id);
	} else if (json_object_size(errs)) {
		case_extra x = {.errs = errs};
		render_case(r, id, &x, 422);
	} else {
		web_fail(r, &err);
	}
	json_decref(errs);
}

void act_draft(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	json_t *letters = json_array(), *missing = json_array();
	poa_error err = {0};
	poa_status st = web_draft(r, id, web_field_get(r, "route"), letters, missing, &err);
	if (st == POA_ERR_CONFLICT) {
		conflicted(r, id, st);
	} else if (!st && json_array_size(letters) == 1) {
		poa_buf b;
		poa_buf_init(&b);
		h_url(&b, json_string_value(json_object_get(json_array_get(letters, 0), "letter")));
		web_redirect(r, "/cases/%lld/letters/%s", id, b.data ? b.data : "");
		poa_buf_free(&b);
	} else if (!st) {
		web_redirect(r, "/cases/%lld?msg=saved#letters", id);
	} else if (st == POA_ERR_FACTS || st == POA_ERR_INPUT || st == POA_ERR_USAGE) {
		case_extra x = {.missing = missing, .error = err.message};
		render_case(r, id, &x, 422);
	} else {
		web_fail(r, &err);
	}
	json_decref(letters);
	json_decref(missing);
}

void act_evidence(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	const web_field *file = web_file(r, "file");
	poa_evidence_added a = {0};
	poa_error err = {0};
	poa_status st = web_add_evidence(r, id, file, web_field_get(r, "kind"), web_field_get(r, "date"), &a, &err);
	if (st == POA_ERR_CONFLICT) {
		conflicted(r, id, st);
	} else if (!st) {
		web_redirect(r, "/cases/%lld?msg=%s#evidence", id, a.duplicate ? "evidence-dup" : a.too_old ? "evidence-old" : "evidence");
	} else if (st == POA_ERR_INPUT || st == POA_ERR_USAGE || st == POA_ERR_TOO_LARGE) {
		/* The seller's file, kind or date: said on the case page. */
		case_extra x = {.error = err.message};
		render_case(r, id, &x, web_http_status(st));
	} else {
		web_fail(r, &err);
	}
}

void act_status(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	poa_error err = {0};
	const char *state = web_field_get(r, "status");
	poa_status st = poa_db_case_status(web_db(r), id, state ? state : "", r->today, &err);
	if (conflicted(r, id, st))
		return;
	if (st)
		return web_fail(r, &err);
	web_redirect(r, "/cases/%lld?msg=saved#timeline", id);
}

void act_audit(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	const web_field *file = web_file(r, "report");
	json_t *res = NULL;
	poa_error err = {0};
	poa_status st = web_audit(r, id, file, &res, &err);
	case_extra x = {.audit = res, .error = st ? err.message : NULL};
	if (st == POA_ERR_CONFLICT)
		conflicted(r, id, st);
	else if (st == POA_ERR_NOT_FOUND)
		web_fail(r, &err);
	else
		render_case(r, id, &x, st ? web_http_status(st) : 200);
	json_decref(res);
}
