/* api.c — the JSON API under /api/ (docs/openapi.yaml): the same actions as
 * the pages, with the same authentication (the session cookie; a POST
 * also carries the X-CSRF-Token header). Errors are {"error", "status"};
 * a change refused because the case changed first (someone else, or
 * another tab) is 409 with "version" and "case", the case as it is now. */
#include "web.h"

#include <stdlib.h>
#include <string.h>

static const char *jstr(web_req *r, const char *key)
{
	return r->json ? json_string_value(json_object_get(r->json, key)) : NULL;
}

/* A string from the JSON body or, for multipart calls, a form field. */
static const char *param(web_req *r, const char *key)
{
	const char *s = jstr(r, key);
	return s ? s : web_field_get(r, key);
}

static void fail_json(web_req *r, const poa_error *err, json_t *extra)
{
	if (err->status == POA_ERR_CONFLICT) {
		/* 409 with the case as it is now (web_fail). */
		json_decref(extra);
		web_fail(r, err);
		return;
	}
	int status = web_http_status(err->status);
	json_t *o = json_pack("{s:s,s:i}", "error", err->message, "status", status);
	if (extra)
		json_object_update(o, extra);
	json_decref(extra);
	web_json(r, status, o);
}

void api_cases(web_req *r, char **args)
{
	(void)args;
	const char *open = web_query(r, "open");
	poa_db_query q = {.store = web_query(r, "store"), .open_only = open && strcmp(open, "1") == 0,
			  .today = r->today, .lang = r->lang, .user_id = web_user(r) ? web_user(r)->id : 0};
	char *json = NULL;
	poa_error err = {0};
	if (poa_db_list_json(web_db(r), &q, &json, &err))
		return fail_json(r, &err, NULL);
	web_json_text(r, 200, json);
	r->cacheable = 1;
}

static json_t *filed_json(const filed *f)
{
	return json_pack("{s:o,s:b,s:b,s:b,s:s,s:s}", "case_id", f->skipped ? json_null() : json_integer(f->case_id),
			 "joined", f->joined, "duplicate", f->duplicate, "skipped", f->skipped, "family", f->family,
			 "origin", f->origin);
}

void api_case_new(web_req *r, char **args)
{
	(void)args;
	filed v[64];
	size_t n = 0;
	poa_error err = {0};
	const char *store = param(r, "store");
	const char *text = param(r, "text");
	int given = 0;
	poa_status st = web_file_notices(r, text && *text ? text : NULL, store, v, 64, &n, &given, &err);
	if (!st && !given)
		st = poa_error_set(&err, POA_ERR_USAGE, "give the notice: \"text\" (pasted) or files (multipart \"files\")");
	if (st)
		return fail_json(r, &err, NULL);
	json_t *list = json_array();
	int any = 0;
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(list, filed_json(&v[i]));
		any |= !v[i].skipped;
	}
	if (!any) {
		json_decref(list);
		poa_error_set(&err, POA_ERR_INPUT, "not a marketplace notice: nothing was filed");
		return fail_json(r, &err, NULL);
	}
	web_json(r, 201, json_pack("{s:o}", "cases", list));
}

void api_case(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	poa_db_query q = {.today = r->today, .lang = r->lang};
	char *json = NULL;
	poa_error err = {0};
	if (poa_db_case_json(web_db(r), id, &q, &json, &err))
		return fail_json(r, &err, NULL);
	web_json_text(r, 200, json);
	r->cacheable = 1;
}

void api_notice(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	poa_message *m = NULL;
	poa_notice *n = NULL;
	poa_error err = {0};
	if (poa_db_case_notice(web_db(r), web_kb(r), id, &m, &n, &err))
		return fail_json(r, &err, NULL);
	poa_report_options ro = web_report_options(r);
	char *s = poa_notice_to_json(web_kb(r), n, m, &ro);
	json_t *o = s ? json_loads(s, 0, NULL) : NULL;
	free(s);
	size_t len = 0;
	const char *text = poa_message_text(m, &len);
	if (o)
		json_object_set_new(o, "text", json_stringn(text, len));
	poa_notice_free(n);
	poa_message_free(m);
	web_json(r, 200, o);
	r->cacheable = 1;
}

/* The case's notice, answers and plan; the caller frees all three. */
static poa_status case_plan(web_req *r, long long id, poa_message **m, poa_notice **n, poa_answers **a, poa_plan **p,
			    poa_error *err)
{
	poa_status st = poa_db_case_notice(web_db(r), web_kb(r), id, m, n, err);
	if (!st)
		st = poa_db_case_answers(web_db(r), web_kb(r), id, r->today, a, err);
	if (!st)
		st = poa_plan_make(web_kb(r), *n, *a, p, err);
	return st;
}

/* The plan (questions 0) or the questions form data (questions 1). */
static void plan_view(web_req *r, char **args, int questions)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	poa_message *m = NULL;
	poa_notice *n = NULL;
	poa_answers *a = NULL;
	poa_plan *p = NULL;
	poa_error err = {0};
	if (case_plan(r, id, &m, &n, &a, &p, &err) == POA_OK) {
		poa_report_options ro = web_report_options(r);
		web_json_text(r, 200, questions ? poa_web_questions_json(web_kb(r), p, a, r->lang)
						: poa_plan_to_json(web_kb(r), p, n, m, &ro));
		r->cacheable = 1;
	} else {
		fail_json(r, &err, NULL);
	}
	poa_plan_free(p);
	poa_answers_free(a);
	poa_notice_free(n);
	poa_message_free(m);
}

void api_plan(web_req *r, char **args)
{
	plan_view(r, args, 0);
}

void api_questions(web_req *r, char **args)
{
	plan_view(r, args, 1);
}

void api_answers(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	json_t *answers = r->json ? json_object_get(r->json, "answers") : NULL;
	poa_error err = {0};
	if (!json_is_object(answers)) {
		poa_error_set(&err, POA_ERR_USAGE, "send {\"answers\": {\"question_id\": \"value\", ...}}");
		return fail_json(r, &err, NULL);
	}
	size_t n = json_object_size(answers), k = 0;
	const char **ids = calloc(n + 1, sizeof *ids), **values = calloc(n + 1, sizeof *values);
	char **owned = calloc(n + 1, sizeof *owned);
	json_t *errs = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(answers, key, v) {
		ids[k] = key;
		if (json_is_string(v)) {
			values[k] = json_string_value(v);
		} else if (json_is_integer(v) || json_is_real(v) || json_is_boolean(v)) {
			owned[k] = json_is_boolean(v) ? strdup(json_is_true(v) ? "yes" : "no") : json_dumps(v, JSON_ENCODE_ANY);
			values[k] = owned[k];
		} else if (json_is_array(v)) {
			/* A list: items joined by commas, as --set takes them. */
			poa_buf b;
			poa_buf_init(&b);
			size_t i;
			json_t *it;
			json_array_foreach(v, i, it) {
				if (json_is_string(it))
					poa_buf_printf(&b, "%s%s", b.len ? ", " : "", json_string_value(it));
			}
			owned[k] = poa_buf_steal(&b);
			values[k] = owned[k] ? owned[k] : "";
		} else {
			json_object_set_new(errs, key, json_string("give a string, a number, yes/no or a list of strings"));
			values[k] = "";
		}
		k++;
	}
	poa_status st = web_save_answers(r, id, ids, values, n, errs, &err);
	if (st)
		fail_json(r, &err, json_object_size(errs) ? json_pack("{s:O}", "fields", errs) : NULL);
	else
		web_json(r, 200, json_pack("{s:b,s:I}", "saved", 1, "answers", (json_int_t)n));
	json_decref(errs);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(ids);
	free(values);
}

void api_draft(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	json_t *letters = json_array(), *missing = json_array();
	poa_error err = {0};
	if (web_draft(r, id, param(r, "route"), letters, missing, &err) == POA_OK) {
		web_json(r, 200, json_pack("{s:O}", "letters", letters));
	} else {
		fail_json(r, &err, json_array_size(missing) ? json_pack("{s:O}", "missing", missing) : NULL);
	}
	json_decref(letters);
	json_decref(missing);
}

void api_letter(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	char *text = NULL, *kind = NULL;
	int version = 0, worst = -1;
	poa_error err = {0};
	if (poa_db_letter_get(web_db(r), id, args[1], &text, &kind, &version, &worst, &err))
		return fail_json(r, &err, NULL);
	char *parts = poa_web_letter_parts_json(web_kb(r), args[1], text);
	json_t *po = parts ? json_loads(parts, 0, NULL) : NULL;
	free(parts);
	web_json(r, 200, json_pack("{s:s,s:s,s:i,s:o,s:s,s:o}", "letter", args[1], "kind", kind ? kind : "", "version",
				   version, "lint_worst", worst < -1 ? json_null() : json_integer(worst), "text", text,
				   "parts", po ? json_incref(json_object_get(po, "parts")) : json_array()));
	json_decref(po);
	free(text);
	free(kind);
	r->cacheable = 1;
}

static json_t *lint_json(web_req *r, const poa_lint *l)
{
	poa_report_options ro = web_report_options(r);
	char *s = poa_lint_to_json(l, &ro);
	json_t *o = s ? json_loads(s, 0, NULL) : NULL;
	free(s);
	return o ? o : json_null();
}

void api_letter_save(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	const char *text = param(r, "text");
	poa_error err = {0};
	if (!text || !*text) {
		poa_error_set(&err, POA_ERR_USAGE, "send the letter as {\"text\": \"...\"}");
		return fail_json(r, &err, NULL);
	}
	poa_lint *l = NULL;
	int version = 0;
	if (web_lint_letter(r, id, args[1], text, param(r, "kind"), 1, &version, &l, &err) == POA_OK)
		web_json(r, 200, json_pack("{s:s,s:i,s:i,s:o}", "letter", args[1], "version", version, "lint_worst",
					   poa_lint_worst(l), "lint", lint_json(r, l)));
	else
		fail_json(r, &err, NULL);
	poa_lint_free(l);
}

void api_letter_sent(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	int blocked, repeat, version = 0;
	poa_error err = {0};
	const char *to = param(r, "to");
	if (web_mark_sent(r, id, args[1], to, &blocked, &repeat, &version, &err) != POA_OK) {
		if (blocked) {
			web_json(r, 409, json_pack("{s:s,s:i,s:b,s:i}", "error", err.message, "status", 409, "blocked", 1,
						   "version", version));
			return;
		}
		return fail_json(r, &err, NULL);
	}
	web_json(r, 200, json_pack("{s:s,s:i,s:s,s:b}", "letter", args[1], "version", version, "to", to, "repeat",
				   repeat));
}

void api_evidence(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	poa_evidence_added a = {0};
	poa_error err = {0};
	if (web_add_evidence(r, id, web_file(r, "file"), param(r, "kind"), param(r, "date"), &a, &err))
		return fail_json(r, &err, NULL);
	web_json(r, a.duplicate ? 200 : 201, json_pack("{s:s,s:b,s:b,s:I}", "type", a.type ? a.type : "", "duplicate",
						       a.duplicate, "too_old", a.too_old, "age_days",
						       (json_int_t)a.age_days));
}

void api_status(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	const char *state = param(r, "status");
	poa_error err = {0};
	if (!state)
		poa_error_set(&err, POA_ERR_USAGE, "send {\"status\": \"open|waiting|resolved|lost|closed\"}");
	if (!state || poa_db_case_status(web_db(r), id, state, r->today, &err))
		return fail_json(r, &err, NULL);
	web_json(r, 200, json_pack("{s:I,s:s}", "case_id", (json_int_t)id, "status", state));
}

void api_audit(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	json_t *o = NULL;
	poa_error err = {0};
	if (web_audit(r, id, web_file(r, "report"), &o, &err))
		return fail_json(r, &err, NULL);
	web_json(r, 200, o);
}

void api_lint(web_req *r, char **args)
{
	(void)args;
	const char *text = param(r, "text");
	poa_error err = {0};
	if (!text) {
		poa_error_set(&err, POA_ERR_USAGE, "send {\"text\": \"...\"} (and optionally kind, case_id, letter)");
		return fail_json(r, &err, NULL);
	}
	json_t *cid = r->json ? json_object_get(r->json, "case_id") : NULL;
	long long id = json_is_integer(cid) ? (long long)json_integer_value(cid) : 0;
	if (cid && !json_is_null(cid) && id <= 0) {
		poa_error_set(&err, POA_ERR_USAGE, "case_id is a case's number");
		return fail_json(r, &err, NULL);
	}
	/* Linting against a case reads it: only a case the user may read. */
	if (id && web_may(r, id, 0, &err))
		return fail_json(r, &err, NULL);
	poa_lint *l = NULL;
	if (web_lint_letter(r, id, param(r, "letter"), text, param(r, "kind"), 0, NULL, &l, &err) == POA_OK)
		web_json(r, 200, lint_json(r, l));
	else
		fail_json(r, &err, NULL);
	poa_lint_free(l);
}
