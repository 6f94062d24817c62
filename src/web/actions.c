/* actions.c — what a page's form and the matching API call both do: file
 * a notice, save answers, draft, lint and save a letter, mark it sent,
 * attach evidence, sweep a listings report. All of it is libpoa; each
 * caller answers in its own form (a page or JSON). */
#include "web.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads every message of one paste or upload as a notice and, unless dry,
 * files each (out[*n], while there is room). */
static poa_status file_one(web_req *r, const char *name, const char *data, size_t len, int pasted, int dry,
			   const char *store, filed *out, size_t max, size_t *n, poa_error *err)
{
	const poa_kb *kb = web_kb(r);
	poa_input *in = NULL;
	poa_message *m = NULL;
	poa_status st;
	if (pasted)
		st = poa_message_from_memory(name, data, len, NULL, &m, err);
	else if ((st = poa_input_open_memory(name, data, len, NULL, &in, err)) == POA_OK)
		st = poa_input_next(in, &m, err);
	if (!st && !m)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: holds no message", name);
	while (!st && m) {
		poa_notice *nt = NULL;
		st = poa_notice_read(kb, m, &nt, err);
		if (!st && !dry && *n < max) {
			filed *f = &out[*n];
			memset(f, 0, sizeof *f);
			snprintf(f->origin, sizeof f->origin, "%s", name);
			/* The name is the browser's: any bytes, cut to fit; it goes
			 * into JSON, which takes text only. */
			poa_utf8_fix(f->origin);
			snprintf(f->family, sizeof f->family, "%s", poa_notice_family(nt));
			if (!poa_notice_is_amazon(nt)) {
				f->skipped = 1;
			} else {
				poa_case_added a;
				st = poa_db_case_add(web_db(r), kb, m, nt, store && *store ? store : NULL, r->today, &a, err);
				f->case_id = a.case_id;
				f->joined = a.joined;
				f->duplicate = a.duplicate;
			}
			if (!st)
				(*n)++;
		}
		poa_notice_free(nt);
		poa_message_free(m);
		m = NULL;
		if (!st && in)
			st = poa_input_next(in, &m, err);
	}
	poa_message_free(m);
	poa_input_free(in);
	return st;
}

poa_status web_file_notices(web_req *r, const char *text, const char *store, filed *out, size_t max, size_t *n,
			    int *given, poa_error *err)
{
	*n = 0;
	*given = 0;
	/* Team mode: an operator files under one of their own accounts only
	 * (poa_db_user_may_file says which, and why not). */
	poa_status st = web_user(r) ? poa_db_user_may_file(web_db(r), web_user(r), store && *store ? store : NULL, err)
				    : POA_OK;
	/* All or nothing: every message is read first, so that a bad one
	 * (the second file of an upload, the third message of a mailbox) is
	 * refused before any case is filed; the seller fixes it and sends the
	 * whole again. */
	for (int dry = 1; dry >= 0 && !st; dry--) {
		if (text) {
			*given = 1;
			st = file_one(r, "pasted notice", text, strlen(text), 1, dry, store, out, max, n, err);
		}
		for (size_t i = 0; !st && i < r->nfields; i++) {
			const web_field *f = &r->fields[i];
			if (f->filename && strcmp(f->name, "files") == 0 && (f->len || f->filename[0])) {
				*given = 1;
				st = file_one(r, f->filename[0] ? f->filename : "upload", f->value, f->len, 0, dry, store, out,
					      max, n, err);
			}
		}
	}
	return st;
}

poa_status web_save_answers(web_req *r, long long id, const char *const *ids, const char *const *values, size_t n,
			    json_t *errs, poa_error *err)
{
	const poa_kb *kb = web_kb(r);
	poa_answers *a = NULL;
	poa_message *m = NULL;
	poa_notice *nt = NULL;
	/* The case must exist before anything is checked. */
	poa_status st = poa_db_case_notice(web_db(r), kb, id, &m, &nt, err);
	poa_notice_free(nt);
	poa_message_free(m);
	if (!st)
		st = poa_answers_load(kb, NULL, r->today, &a, err);
	size_t refused = 0;
	for (size_t i = 0; !st && i < n; i++) {
		if (!values[i] || !*values[i])
			continue;
		poa_buf as;
		poa_buf_init(&as);
		poa_buf_printf(&as, "%s=%s", ids[i], values[i]);
		poa_error e = {0};
		poa_status s = as.oom ? POA_ERR_NOMEM : poa_answers_set(kb, a, as.data, r->today, &e);
		poa_buf_free(&as);
		if (s == POA_ERR_NOMEM)
			st = poa_error_set(err, s, "out of memory");
		else if (s && ++refused)   /* the message names the question beside its field: "--set: " says nothing here */
			json_object_set_new(errs, ids[i],
					    json_string(strncmp(e.message, "--set: ", 7) == 0 ? e.message + 7 : e.message));
	}
	/* Counted apart from errs: an id that is not UTF-8 (a form's field
	 * name is any bytes) cannot be a key of errs, and its answer was
	 * refused all the same. */
	if (!st && refused)
		st = poa_error_set(err, POA_ERR_INPUT, "%zu answers were not accepted", refused);
	if (!st)
		st = poa_db_case_answer(web_db(r), id, a, r->today, err);
	poa_answers_free(a);
	return st;
}

poa_status web_draft(web_req *r, long long id, const char *route, json_t *letters, json_t *missing,
		     poa_error *err)
{
	const poa_kb *kb = web_kb(r);
	poa_message *m = NULL;
	poa_notice *nt = NULL;
	poa_answers *a = NULL;
	poa_draft *d = NULL;
	poa_draft_options opt = {.route = route && *route ? route : NULL, .today = r->today};
	poa_status st = poa_db_case_notice(web_db(r), kb, id, &m, &nt, err);
	if (!st)
		st = poa_db_case_answers(web_db(r), kb, id, r->today, &a, err);
	if (!st)
		st = poa_draft_make(kb, nt, a, &opt, &d, err);
	if (st == POA_ERR_FACTS && d)
		for (size_t i = 0; i < poa_draft_missing_count(d); i++)
			json_array_append_new(missing, json_string(poa_draft_missing(d, i)));
	poa_report_options ro = web_report_options(r);
	for (size_t i = 0; !st && i < poa_draft_count(d); i++) {
		const char *text = poa_draft_letter_text(d, i);
		poa_lint *l = NULL;
		int version = 0;
		st = poa_lint_letter(kb, poa_draft_letter_id(d, i), text, strlen(text), poa_draft_letter_kind(d, i), nt, &l,
				     err);
		char *lj = st ? NULL : poa_lint_to_json(l, &ro);
		if (!st)
			st = poa_db_letter_add(web_db(r), id, poa_draft_letter_id(d, i), poa_draft_letter_kind(d, i), text,
					       poa_lint_worst(l), lj, r->today, &version, err);
		if (!st)
			json_array_append_new(letters, json_pack("{s:s,s:i,s:i}", "letter", poa_draft_letter_id(d, i),
								 "version", version, "lint_worst", poa_lint_worst(l)));
		free(lj);
		poa_lint_free(l);
	}
	if (!st && d)
		st = poa_db_case_note(web_db(r), id, r->today, "draft", poa_draft_route(d), err);
	poa_draft_free(d);
	poa_answers_free(a);
	poa_notice_free(nt);
	poa_message_free(m);
	return st;
}

poa_status web_lint_letter(web_req *r, long long id, const char *letter, const char *text, const char *kind,
			   int save, int *version, poa_lint **l, poa_error *err)
{
	const poa_kb *kb = web_kb(r);
	poa_message *m = NULL;
	poa_notice *nt = NULL;
	char **sent = NULL, *stored_kind = NULL, *old = NULL;
	size_t nsent = 0;
	poa_status st = POA_OK;
	*l = NULL;
	if (id) {
		st = poa_db_case_notice(web_db(r), kb, id, &m, &nt, err);
		if (!st)
			st = poa_db_sent_texts(web_db(r), id, &sent, &nsent, err);
		if (!st && letter && !kind) {
			poa_error e;
			if (poa_db_letter_get(web_db(r), id, letter, &old, &stored_kind, NULL, NULL, &e) == POA_OK)
				kind = stored_kind;
			else if (e.status != POA_ERR_NOT_FOUND)
				st = poa_error_set(err, e.status, "%s", e.message);
		}
	}
	if (!st)
		st = poa_lint_letter(kb, letter ? letter : "letter", text, strlen(text), kind && *kind ? kind : NULL, nt, l,
				     err);
	if (!st)
		st = poa_lint_history(kb, *l, (const char *const *)sent, nsent, err);
	if (!st && save && id && letter) {
		poa_report_options ro = web_report_options(r);
		char *lj = poa_lint_to_json(*l, &ro);
		st = poa_db_letter_add(web_db(r), id, letter, kind ? kind : poa_lint_kind(*l), text, poa_lint_worst(*l), lj,
				       r->today, version, err);
		free(lj);
	}
	free(old);
	free(stored_kind);
	poa_db_free_list(sent, nsent);
	poa_notice_free(nt);
	poa_message_free(m);
	return st;
}

poa_status web_mark_sent(web_req *r, long long id, const char *letter, const char *to, int *blocked, int *repeat,
			 int *version, poa_error *err)
{
	char *text = NULL;
	int worst = -1;
	*blocked = *repeat = 0;
	if (!to || !*to)
		return poa_error_set(err, POA_ERR_USAGE, "say where the letter was sent (an address, or Account Health)");
	poa_status st = poa_db_letter_get(web_db(r), id, letter, &text, NULL, version, &worst, err);
	free(text);
	if (st)
		return st;
	if (worst == POA_LINT_BLOCK) {
		*blocked = 1;
		return poa_error_set(err, POA_ERR_FACTS,
				     "case %lld: %s v%d has lint blockers; fix them and save a new version first", id, letter,
				     *version);
	}
	return poa_db_letter_sent(web_db(r), id, letter, to, r->today, repeat, err);
}

static const char *base_name(const char *s)
{
	const char *slash = s ? strrchr(s, '/') : NULL, *bs = s ? strrchr(s, '\\') : NULL;
	if (bs > slash)
		slash = bs;
	return slash ? slash + 1 : s;
}

poa_status web_add_evidence(web_req *r, long long id, const web_field *file, const char *kind, const char *date,
			    poa_evidence_added *out, poa_error *err)
{
	if (!file || !file->len)
		return poa_error_set(err, POA_ERR_INPUT, "choose a file to upload");
	const char *name = base_name(file->filename && *file->filename ? file->filename : "upload");
	return poa_db_evidence_add(web_db(r), web_kb(r), id, kind && *kind ? kind : "other", name, file->value, file->len,
				   date && *date ? date : NULL, r->today, out, err);
}

poa_status web_user_add(web_req *r, const char *name, const char *role, const char *const *stores, size_t n,
			const char *password, poa_error *err)
{
	poa_role rl = 0;
	/* No role, or an unknown one, stays 0: the store refuses it and says
	 * which roles there are. */
	if (role)
		poa_role_parse(role, &rl);
	return poa_db_user_add(web_db(r), name ? name : "", rl, stores, n, password, r->today, err);
}

poa_status web_user_set(web_req *r, const char *name, const char *expect, const char *role, int set_stores,
			const char *const *stores, size_t n, poa_error *err)
{
	poa_role rl = 0;
	/* 0 keeps the role: an unknown one must not pass for "no change". */
	if (role && !poa_role_parse(role, &rl))
		return poa_error_set(err, POA_ERR_USAGE, "the role is owner, operator or viewer, not '%s'", role);
	return poa_db_user_set_if(web_db(r), name, expect && *expect ? expect : NULL, rl, set_stores, stores, n, err);
}

poa_status web_user_passwd(web_req *r, const char *name, const char *password, poa_error *err)
{
	return poa_db_user_passwd(web_db(r), name, password ? password : "", r->today, err);
}

typedef struct audit_ctx {
	json_t *hits;
	size_t max;
} audit_ctx;

static void on_hit(void *ctx, const poa_audit_hit *h)
{
	audit_ctx *x = ctx;
	if (json_array_size(x->hits) >= x->max)
		return;
	json_array_append_new(x->hits, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I}", "row", (json_int_t)h->row,
						 "sku", h->sku ? h->sku : "", "asin", h->asin ? h->asin : "", "column",
						 h->column ? h->column : "", "term", h->term ? h->term : "", "match",
						 h->match ? h->match : "", "context", h->context ? h->context : "",
						 "mark_start", (json_int_t)h->mark_start, "mark_end", (json_int_t)h->mark_end));
}

poa_status web_audit(web_req *r, long long id, const web_field *file, json_t **out, poa_error *err)
{
	if (!file || !file->len)
		return poa_error_set(err, POA_ERR_INPUT, "choose a listings report to upload");
	const poa_kb *kb = web_kb(r);
	poa_message *m = NULL;
	poa_notice *nt = NULL;
	poa_audit_terms *t = NULL;
	poa_audit *a = NULL;
	audit_ctx x = {json_array(), 1000};
	char path[] = "/tmp/poa-serve-audit-XXXXXX.csv";
	const char *name = base_name(file->filename ? file->filename : "");
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (dot && (strcmp(dot, ".txt") == 0 || strcmp(dot, ".tsv") == 0))
		memcpy(path + strlen(path) - 4, dot, 4);
	int fd = -1;
	poa_status st = poa_db_case_notice(web_db(r), kb, id, &m, &nt, err);
	if (!st && (fd = mkstemps(path, 4)) < 0)
		st = poa_error_set(err, POA_ERR_IO, "cannot write a temporary file: %s", strerror(errno));
	if (!st) {
		size_t done = 0;
		while (done < file->len) {
			ssize_t w = write(fd, file->value + done, file->len - done);
			if (w <= 0)
				break;
			done += (size_t)w;
		}
		close(fd);
		if (done < file->len)
			st = poa_error_set(err, POA_ERR_IO, "cannot write a temporary file");
	}
	if (!st)
		st = poa_audit_terms_new(&t, err);
	if (!st)
		st = poa_audit_terms_from_notice(t, nt, err);
	poa_audit_options opt = {.threads = 1, .on_hit = on_hit, .ctx = &x};
	if (!st)
		st = poa_audit_new(t, &opt, &a, err);
	if (!st)
		st = poa_audit_report(a, path, err);
	if (fd >= 0)
		unlink(path);
	/* The report's messages name the upload, not the temporary file; set
	 * again through poa_error_set, which keeps a message text when the
	 * browser's name for the file is not UTF-8 (else JSON could not carry
	 * it: a 500 "out of memory"). */
	size_t pl = strlen(path);
	if (st && strncmp(err->message, path, pl) == 0) {
		poa_buf b;
		poa_buf_init(&b);
		poa_buf_printf(&b, "%s%s", name && *name ? name : "report", err->message + pl);
		if (b.data)
			poa_error_set(err, st, "%s", b.data);
		poa_buf_free(&b);
	}
	if (!st) {
		char *sum = poa_audit_summary_json(a);
		json_t *o = json_object();
		json_object_set_new(o, "summary", sum ? json_loads(sum, 0, NULL) : json_null());
		json_object_set_new(o, "hits", x.hits);
		x.hits = NULL;
		free(sum);
		*out = o;
		char detail[128];
		snprintf(detail, sizeof detail, "%zu listings, %zu hits", poa_audit_rows(a), poa_audit_hit_count(a));
		st = poa_db_case_note(web_db(r), id, r->today, "audit", detail, err);
	}
	json_decref(x.hits);
	poa_audit_free(a);
	poa_audit_terms_free(t);
	poa_notice_free(nt);
	poa_message_free(m);
	return st;
}
