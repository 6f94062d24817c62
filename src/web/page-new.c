/* page-new.c — a new case: paste a notice, or upload .eml (mbox, .html,
 * .txt) files; each notice files a new case or joins the case of its
 * complaint. One case: straight to its page; several: a summary. In team
 * mode an operator chooses one of their own seller accounts. */
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Team mode: the seller accounts the user works (from web_users), for
 * the form's choice; NULL for an owner, who may file under any account
 * or none, and without --team. */
static json_t *own_stores(web_req *r)
{
	const poa_user *u = web_user(r);
	if (!u || u->role == POA_ROLE_OWNER)
		return NULL;
	poa_error err;
	json_t *all = web_users(r, &err), *mine = NULL;
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o) {
		const char *name = json_string_value(json_object_get(o, "name"));
		if (name && strcmp(name, u->name) == 0 && json_is_array(json_object_get(o, "stores")))
			mine = json_incref(json_object_get(o, "stores"));
	}
	json_decref(all);
	return mine ? mine : json_array();
}

static void form(web_req *r, const char *text, const char *store)
{
	poa_buf *b = &r->out;
	json_t *stores = own_stores(r);
	if (stores && !json_array_size(stores)) {
		poa_buf_adds(b, "<p class=\"error-message\" id=\"no-stores\">");
		h_esc(b, T(r, S_NO_STORES));
		poa_buf_adds(b, "</p>\n");
		json_decref(stores);
		return;
	}
	poa_buf_adds(b, "<form class=\"new-case\" id=\"new-case\" method=\"post\" action=\"/cases\" "
			"enctype=\"multipart/form-data\">");
	h_csrf(r);
	poa_buf_adds(b, "\n<label for=\"notice\">");
	h_esc(b, T(r, S_PASTE_NOTICE));
	poa_buf_adds(b, "</label>\n<p class=\"help\">");
	h_esc(b, T(r, S_PASTE_HELP));
	poa_buf_adds(b, "</p>\n<textarea id=\"notice\" name=\"notice\" rows=\"16\">");
	h_esc(b, text);
	poa_buf_adds(b, "</textarea>\n<label for=\"files\">");
	h_esc(b, T(r, S_UPLOAD_EML));
	poa_buf_adds(b, "</label>\n<p class=\"help\">");
	h_esc(b, T(r, S_UPLOAD_HELP));
	poa_buf_adds(b, "</p>\n<input type=\"file\" id=\"files\" name=\"files\" multiple "
			"accept=\".eml,.mbox,.html,.htm,.txt,message/rfc822,text/plain,text/html\">\n<label for=\"store\">");
	if (stores) {
		/* An operator or viewer files under one of their accounts: the
		 * server would refuse any other (poa_db_user_may_file). */
		h_esc(b, T(r, S_CHOOSE_STORE));
		poa_buf_adds(b, "</label>\n<select id=\"store\" name=\"store\" required>");
		size_t i;
		json_t *it;
		json_array_foreach(stores, i, it) {
			const char *name = json_string_value(it);
			if (!name && json_is_object(it))
				name = json_string_value(json_object_get(it, "name"));
			if (!name)
				continue;
			poa_buf_adds(b, "<option value=\"");
			h_esc(b, name);
			poa_buf_printf(b, "\"%s>", strcmp(name, store) == 0 ? " selected" : "");
			h_esc(b, name);
			poa_buf_adds(b, "</option>");
		}
		poa_buf_adds(b, "</select>\n");
	} else {
		h_esc(b, T(r, S_STORE_OPTIONAL));
		poa_buf_adds(b, "</label>\n<input type=\"text\" id=\"store\" name=\"store\" value=\"");
		h_esc(b, store);
		poa_buf_adds(b, "\">\n");
	}
	poa_buf_adds(b, "<p><button type=\"submit\" id=\"file-notice\">");
	h_esc(b, T(r, S_FILE_CASE));
	poa_buf_adds(b, "</button></p>\n</form>\n");
	json_decref(stores);
}

void page_new(web_req *r, char **args)
{
	(void)args;
	page_begin(r, T(r, S_NEW_CASE));
	poa_buf_adds(&r->out, "<h1>");
	h_esc(&r->out, T(r, S_NEW_CASE));
	poa_buf_adds(&r->out, "</h1>\n");
	form(r, "", "");
	page_end(r);
	r->cacheable = 1;
}

static void refused(web_req *r, int status, const char *message)
{
	const char *text = web_field_get(r, "notice"), *store = web_field_get(r, "store");
	r->out.len = 0;
	page_begin(r, T(r, S_NEW_CASE));
	poa_buf_adds(&r->out, "<h1>");
	h_esc(&r->out, T(r, S_NEW_CASE));
	poa_buf_adds(&r->out, "</h1>\n<p class=\"error-message\" id=\"error\">");
	h_esc(&r->out, message);
	poa_buf_adds(&r->out, "</p>\n");
	form(r, text ? text : "", store ? store : "");
	page_end(r);
	r->status = status;
}

void act_new_case(web_req *r, char **args)
{
	(void)args;
	filed v[64];
	size_t n = 0;
	poa_error err = {0};
	const char *text = web_field_get(r, "notice"), *store = web_field_get(r, "store");
	int given = 0;
	poa_status st = web_file_notices(r, text && strspn(text, " \t\r\n") < strlen(text) ? text : NULL, store, v,
					 64, &n, &given, &err);
	if (st)
		return refused(r, web_http_status(st), err.message);
	if (!given)
		return refused(r, 422, T(r, S_NOTHING_GIVEN));
	int cases = 0;
	long long last = 0;
	for (size_t i = 0; i < n; i++)
		if (!v[i].skipped) {
			cases++;
			last = v[i].case_id;
		}
	if (cases == 1 && n == 1) {
		web_redirect(r, "/cases/%lld", last);
		return;
	}
	if (!cases)
		return refused(r, 422, T(r, S_NOT_NOTICE));
	page_begin(r, T(r, S_RESULT));
	poa_buf *b = &r->out;
	poa_buf_adds(b, "<h1>");
	h_esc(b, T(r, S_RESULT));
	poa_buf_adds(b, "</h1>\n<ul class=\"filed\">\n");
	for (size_t i = 0; i < n; i++) {
		poa_buf_adds(b, "<li>");
		h_esc(b, v[i].origin);
		poa_buf_adds(b, ": ");
		if (v[i].skipped) {
			h_esc(b, T(r, S_NOT_NOTICE));
		} else {
			poa_buf_printf(b, "<a href=\"/cases/%lld\">", v[i].case_id);
			h_esc(b, T(r, S_CASE));
			poa_buf_printf(b, " %lld</a> — ", v[i].case_id);
			h_esc(b, T(r, v[i].duplicate ? S_ALREADY_FILED : v[i].joined ? S_JOINED : S_FILED));
			poa_buf_adds(b, " (");
			h_esc(b, v[i].family);
			poa_buf_adds(b, ")");
		}
		poa_buf_adds(b, "</li>\n");
	}
	poa_buf_adds(b, "</ul>\n");
	page_end(r);
}
