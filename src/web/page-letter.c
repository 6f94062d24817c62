/* page-letter.c — one letter of a case in an editor: a textarea (no
 * wrapping, so that the diagnostics stand beside their lines), the
 * findings of the linter (rendered here; app.js re-checks through
 * POST /api/lint as the seller types), a copy button for each part of the
 * letter as its template heads it (Amazon's form takes the Plan of
 * Action's parts one by one), and "mark as sent", refused while the newest
 * version has blockers. Both forms carry the case's version: when the case
 * changed meanwhile (someone else, or another tab), the page comes again
 * (409) with the newest version's findings and the seller's own text still
 * in the editor, so nothing typed is lost; in team mode a viewer gets no
 * forms. */
#include "web.h"

#include <stdlib.h>
#include <string.h>

static const char *str_of(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static web_str level_word(const char *level)
{
	return strcmp(level, "block") == 0 ? S_LEVEL_BLOCK : strcmp(level, "warn") == 0 ? S_LEVEL_WARN : S_LEVEL_INFO;
}

static void diagnostics(web_req *r, json_t *lj)
{
	poa_buf *b = &r->out;
	json_t *ds = json_object_get(lj, "diagnostics");
	poa_buf_printf(b, "<ol class=\"diagnostics\" id=\"diagnostics\" data-count=\"%zu\">\n", json_array_size(ds));
	if (!json_array_size(ds)) {
		poa_buf_adds(b, "<li class=\"clean\" id=\"lint-clean\">");
		h_esc(b, T(r, S_NO_FINDINGS));
		poa_buf_adds(b, "</li>\n");
	}
	size_t i;
	json_t *d;
	json_array_foreach(ds, i, d) {
		const char *level = str_of(d, "level");
		poa_buf_printf(b, "<li class=\"diag %s\" data-line=\"%lld\" data-rule=\"", level,
			       (long long)json_integer_value(json_object_get(d, "line")));
		h_esc(b, str_of(d, "rule"));
		poa_buf_printf(b, "\"><span class=\"where\">%s %lld</span> <span class=\"level\">", T(r, S_LINE),
			       (long long)json_integer_value(json_object_get(d, "line")));
		h_esc(b, T(r, level_word(level)));
		/* The rule's page in a tab of its own: the editor stays as it is. */
		poa_buf_adds(b, "</span> <a class=\"rule\" target=\"_blank\" rel=\"noopener\" href=\"/rules/");
		h_esc(b, str_of(d, "rule"));
		poa_buf_adds(b, "\"><code>");
		h_esc(b, str_of(d, "rule"));
		poa_buf_adds(b, "</code></a> ");
		h_esc(b, str_of(d, "message"));
		poa_buf_adds(b, "</li>\n");
	}
	poa_buf_adds(b, "</ol>\n");
}

static void parts(web_req *r, const char *letter, const char *text)
{
	poa_buf *b = &r->out;
	json_t *pj = NULL;
	char *s = poa_web_letter_parts_json(web_kb(r), letter, text);
	if (s)
		pj = json_loads(s, 0, NULL);
	free(s);
	json_t *ps = json_object_get(pj, "parts");
	size_t len = strlen(text);
	poa_buf_adds(b, "<section id=\"parts\">\n<h2>");
	h_esc(b, T(r, S_PARTS));
	poa_buf_adds(b, "</h2>\n<p><button type=\"button\" class=\"copy\" data-copy=\"editor\" id=\"copy-all\">");
	h_esc(b, T(r, S_COPY_ALL));
	poa_buf_adds(b, "</button></p>\n");
	size_t i;
	json_t *p;
	json_array_foreach(ps, i, p) {
		size_t a = (size_t)json_integer_value(json_object_get(p, "start"));
		size_t z = (size_t)json_integer_value(json_object_get(p, "end"));
		if (a > z || z > len)
			continue;
		poa_buf_printf(b, "<div class=\"part\"><h3>");
		h_esc(b, str_of(p, "heading"));
		poa_buf_printf(b, " <button type=\"button\" class=\"copy\" data-copy=\"part-%zu\" id=\"copy-part-%zu\">", i, i);
		h_esc(b, T(r, S_COPY));
		poa_buf_printf(b, "</button></h3><pre class=\"part-text\" id=\"part-%zu\">", i);
		h_escn(b, text + a, z - a);
		poa_buf_adds(b, "</pre></div>\n");
	}
	poa_buf_adds(b, "</section>\n");
	json_decref(pj);
}

/* The editor page, with the newest version's text, or after a conflict
 * (status 409, kept not NULL) what the seller was editing, when kept is
 * not empty. */
static void render_letter(web_req *r, long long id, const char *letter, const char *error, int status,
			  const char *kept)
{
	char *text = NULL, *kind = NULL;
	int version = 0, worst = -1;
	poa_error err = {0};
	r->out.len = 0;
	if (poa_db_letter_get(web_db(r), id, letter, &text, &kind, &version, &worst, &err)) {
		web_fail(r, &err);
		return;
	}
	long long case_version = web_case_version(r, id);
	int write = web_can_write(r, id);
	poa_lint *l = NULL;
	if (web_lint_letter(r, id, letter, text, kind, 0, NULL, &l, &err)) {
		free(text);
		free(kind);
		web_fail(r, &err);
		return;
	}
	poa_report_options ro = web_report_options(r);
	char *ls = poa_lint_to_json(l, &ro);
	json_t *lj = ls ? json_loads(ls, 0, NULL) : NULL;
	free(ls);
	char title[300];
	snprintf(title, sizeof title, "%s %lld — %s", T(r, S_CASE), id, letter);
	page_begin(r, title);
	poa_buf *b = &r->out;
	poa_buf_printf(b, "<p class=\"crumbs\"><a href=\"/cases/%lld\" id=\"back\">← ", id);
	h_esc(b, T(r, S_BACK_TO_CASE));
	poa_buf_adds(b, "</a></p>\n<h1>");
	h_esc(b, T(r, S_LETTER));
	poa_buf_adds(b, ": ");
	h_esc(b, letter);
	poa_buf_printf(b, " <span class=\"version\">%s %d</span></h1>\n", T(r, S_VERSION), version);
	const char *m = web_query(r, "msg");
	if (m && (strcmp(m, "saved") == 0 || strcmp(m, "sent") == 0 || strcmp(m, "sent-repeat") == 0)) {
		poa_buf_printf(b, "<p class=\"flash %s\" id=\"flash\">", strcmp(m, "sent-repeat") == 0 ? "warn" : "ok");
		h_esc(b, T(r, strcmp(m, "saved") == 0 ? S_SAVED : strcmp(m, "sent") == 0 ? S_SENT_OK : S_SENT_REPEAT));
		poa_buf_adds(b, "</p>\n");
	}
	if (status == 409 && kept) {
		poa_buf_adds(b, "<div class=\"conflict error-message\" id=\"conflict\" role=\"alert\"><strong>");
		h_esc(b, T(r, S_CONFLICT));
		poa_buf_adds(b, "</strong><p>");
		h_esc(b, T(r, S_CONFLICT_HELP));
		if (*kept) {
			poa_buf_adds(b, " ");
			h_esc(b, T(r, S_CONFLICT_KEPT));
		}
		poa_buf_adds(b, "</p></div>\n");
	} else if (error) {
		poa_buf_adds(b, "<p class=\"error-message\" id=\"error\">");
		h_esc(b, error);
		poa_buf_adds(b, "</p>\n");
	}
	if (!write) {
		poa_buf_adds(b, "<p class=\"flash warn\" id=\"read-only\">");
		h_esc(b, T(r, S_READ_ONLY));
		poa_buf_adds(b, "</p>\n<pre class=\"letter-text\" id=\"letter-text\">");
		h_esc(b, text);
		poa_buf_adds(b, "</pre>\n<aside class=\"findings\"><h2>");
		h_esc(b, T(r, S_LINT));
		poa_buf_adds(b, "</h2>\n");
		diagnostics(r, lj);
		poa_buf_adds(b, "</aside>\n");
		parts(r, letter, text);
		goto done;
	}
	poa_buf_adds(b, "<p class=\"help\">");
	h_esc(b, T(r, S_EDITOR_HELP));
	poa_buf_printf(b, "</p>\n<form method=\"post\" action=\"/cases/%lld/letters/", id);
	h_url(b, letter);
	poa_buf_printf(b, "\" id=\"letter-form\" class=\"editor-form\" data-case=\"%lld\" data-letter=\"", id);
	h_esc(b, letter);
	poa_buf_adds(b, "\" data-kind=\"");
	h_esc(b, kind);
	poa_buf_adds(b, "\">");
	h_csrf(r);
	h_version(r, case_version);
	poa_buf_adds(b, "\n<div class=\"editor\"><div class=\"editor-main\"><textarea id=\"editor\" name=\"text\" "
			"wrap=\"off\" spellcheck=\"true\" rows=\"30\">");
	h_esc(b, kept && *kept ? kept : text);
	poa_buf_adds(b, "</textarea><div class=\"gutter\" id=\"gutter\" aria-hidden=\"true\"></div></div>\n"
			"<aside class=\"findings\"><h2>");
	h_esc(b, T(r, S_LIVE_LINT));
	poa_buf_printf(b, " <span class=\"lint-state\" id=\"lint-state\" data-worst=\"%d\"></span></h2>\n", poa_lint_worst(l));
	diagnostics(r, lj);
	poa_buf_adds(b, "</aside></div>\n<p><button type=\"submit\" id=\"save-letter\">");
	h_esc(b, T(r, S_SAVE_VERSION));
	poa_buf_adds(b, "</button></p>\n</form>\n");
	parts(r, letter, text);
	poa_buf_printf(b, "<section id=\"send\"><h2>");
	h_esc(b, T(r, S_MARK_SENT));
	poa_buf_printf(b, "</h2><form method=\"post\" action=\"/cases/%lld/letters/", id);
	h_url(b, letter);
	poa_buf_adds(b, "/sent\" id=\"sent-form\">");
	h_csrf(r);
	h_version(r, case_version);
	poa_buf_adds(b, "<label for=\"sent-to\">");
	h_esc(b, T(r, S_SENT_TO_ADDR));
	poa_buf_adds(b, "</label> <input type=\"text\" id=\"sent-to\" name=\"to\" value=\"Account Health\"> "
			"<button type=\"submit\" id=\"mark-sent\">");
	h_esc(b, T(r, S_MARK_SENT));
	poa_buf_adds(b, "</button></form></section>\n");
done:
	page_end(r);
	r->status = status;
	r->cacheable = status == 200 && !error;
	json_decref(lj);
	poa_lint_free(l);
	free(text);
	free(kind);
}

void page_letter(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (id)
		render_letter(r, id, args[1], NULL, 200, NULL);
}

static void letter_redirect(web_req *r, long long id, const char *letter, const char *msg)
{
	poa_buf b;
	poa_buf_init(&b);
	h_url(&b, letter);
	web_redirect(r, "/cases/%lld/letters/%s?msg=%s", id, b.data ? b.data : "", msg);
	poa_buf_free(&b);
}

void act_letter_save(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	const char *text = web_field_get(r, "text");
	poa_error err = {0};
	poa_lint *l = NULL;
	int version = 0;
	if (!text || !*text) {
		render_letter(r, id, args[1], T(r, S_NOTHING_GIVEN), 422, NULL);
		return;
	}
	poa_status st = web_lint_letter(r, id, args[1], text, NULL, 1, &version, &l, &err);
	if (st == POA_ERR_CONFLICT)
		render_letter(r, id, args[1], err.message, 409, text);
	else if (st)
		web_fail(r, &err);
	else
		letter_redirect(r, id, args[1], "saved");
	poa_lint_free(l);
}

void act_letter_sent(web_req *r, char **args)
{
	long long id = web_case_id(r, args[0]);
	if (!id)
		return;
	int blocked, repeat, version = 0;
	poa_error err = {0};
	if (web_mark_sent(r, id, args[1], web_field_get(r, "to"), &blocked, &repeat, &version, &err)) {
		if (blocked)
			render_letter(r, id, args[1], T(r, S_SENT_REFUSED), 409, NULL);
		else if (err.status == POA_ERR_CONFLICT)
			render_letter(r, id, args[1], err.message, 409, "");
		else if (err.status == POA_ERR_USAGE)
			render_letter(r, id, args[1], err.message, 422, NULL);
		else
			web_fail(r, &err);
		return;
	}
	letter_redirect(r, id, args[1], repeat ? "sent-repeat" : "sent");
}
