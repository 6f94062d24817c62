/* page-list.c — the cases: store, family, deadline with days left, status;
 * sorted by ?sort=deadline|id|store|family|status|title (and &desc=1),
 * ?open=1 for open cases only, 100 a page (?page=N). Overdue open cases
 * are red (class "overdue"). The rows are libpoa's poa_db_list_json. */
#include "web.h"

#include <stdlib.h>
#include <string.h>

#define PER_PAGE 100

static const char *sort_key;

static const char *str_of(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static long long id_of(json_t *o)
{
	return (long long)json_integer_value(json_object_get(o, "id"));
}

static int cmp_rows(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = 0;
	if (strcmp(sort_key, "id") == 0) {
		c = id_of(x) < id_of(y) ? -1 : id_of(x) > id_of(y);
	} else if (strcmp(sort_key, "deadline") == 0) {
		/* Cases without a deadline last. */
		const char *dx = str_of(x, "deadline"), *dy = str_of(y, "deadline");
		c = !*dx - !*dy;
		if (!c)
			c = strcmp(dx, dy);
	} else {
		c = strcmp(str_of(x, sort_key), str_of(y, sort_key));
	}
	if (!c)
		c = id_of(x) < id_of(y) ? -1 : id_of(x) > id_of(y);
	return c;
}

static const char *const sort_keys[] = {"id", "title", "store", "family", "deadline", "status", NULL};

static void header_cell(web_req *r, const char *key, web_str label, const char *cur, int desc, int open)
{
	int active = strcmp(key, cur) == 0;
	poa_buf_printf(&r->out, "<th><a href=\"/?sort=%s%s%s\"%s>", key, active && !desc ? "&amp;desc=1" : "",
		       open ? "&amp;open=1" : "", active ? " class=\"sorted\"" : "");
	h_esc(&r->out, T(r, label));
	if (active)
		poa_buf_adds(&r->out, desc ? " ▼" : " ▲");
	poa_buf_adds(&r->out, "</a></th>");
}

void page_list(web_req *r, char **args)
{
	(void)args;
	const char *sort = web_query(r, "sort");
	int desc = web_query(r, "desc") && strcmp(web_query(r, "desc"), "1") == 0;
	int open = web_query(r, "open") && strcmp(web_query(r, "open"), "1") == 0;
	const char *pg = web_query(r, "page");
	long page = pg ? strtol(pg, NULL, 10) : 1;
	if (page < 1)
		page = 1;
	sort_key = "deadline";
	for (size_t i = 0; sort && sort_keys[i]; i++)
		if (strcmp(sort, sort_keys[i]) == 0)
			sort_key = sort_keys[i];
	poa_db_query q = {.open_only = open, .today = r->today, .lang = r->lang,
			  .user_id = web_user(r) ? web_user(r)->id : 0};
	char *json = NULL;
	poa_error err = {0};
	if (poa_db_list_json(web_db(r), &q, &json, &err) != POA_OK) {
		web_fail(r, &err);
		return;
	}
	json_t *list = json_loads(json, 0, NULL);
	free(json);
	size_t n = json_array_size(list);
	json_t **rows = n ? malloc(n * sizeof *rows) : NULL;
	for (size_t i = 0; rows && i < n; i++)
		rows[i] = json_array_get(list, i);
	if (rows)
		qsort(rows, n, sizeof *rows, cmp_rows);
	page_begin(r, T(r, S_CASES));
	poa_buf *b = &r->out;
	poa_buf_adds(b, "<h1>");
	h_esc(b, T(r, S_CASES));
	poa_buf_printf(b, " <span class=\"count\">(%zu)</span></h1>\n<p class=\"filters\">", n);
	poa_buf_printf(b, "<a href=\"/?sort=%s%s%s\">", sort_key, desc ? "&amp;desc=1" : "", open ? "" : "&amp;open=1");
	h_esc(b, T(r, open ? S_ALL_CASES : S_OPEN_ONLY));
	poa_buf_adds(b, "</a>");
	if (web_can_write(r, 0)) {
		poa_buf_adds(b, " · <a href=\"/cases/new\">");
		h_esc(b, T(r, S_NEW_CASE));
		poa_buf_adds(b, "</a>");
	}
	poa_buf_adds(b, "</p>\n");
	if (!n) {
		poa_buf_adds(b, "<p class=\"empty\">");
		h_esc(b, T(r, S_NO_CASES));
		poa_buf_adds(b, "</p>\n");
	} else {
		poa_buf_adds(b, "<table class=\"cases\" id=\"cases\">\n<thead><tr>");
		header_cell(r, "id", S_ID, sort_key, desc, open);
		header_cell(r, "title", S_TITLE, sort_key, desc, open);
		header_cell(r, "store", S_STORE, sort_key, desc, open);
		header_cell(r, "family", S_FAMILY, sort_key, desc, open);
		header_cell(r, "deadline", S_DEADLINE, sort_key, desc, open);
		poa_buf_adds(b, "<th>");
		h_esc(b, T(r, S_DAYS));
		poa_buf_adds(b, "</th>");
		header_cell(r, "status", S_STATUS, sort_key, desc, open);
		poa_buf_adds(b, "</tr></thead>\n<tbody>\n");
		size_t first = (size_t)(page - 1) * PER_PAGE;
		for (size_t k = first; k < n && k < first + PER_PAGE; k++) {
			json_t *o = rows[desc ? n - 1 - k : k];
			json_t *d = json_object_get(o, "days_left");
			const char *status = str_of(o, "status");
			int live = strcmp(status, "open") == 0 || strcmp(status, "waiting") == 0;
			int late = live && json_is_integer(d) && json_integer_value(d) < 0;
			int soon = live && json_is_integer(d) && json_integer_value(d) >= 0 && json_integer_value(d) <= 7;
			poa_buf_printf(b, "<tr class=\"%s\" data-id=\"%lld\"><td><a href=\"/cases/%lld\">%lld</a></td><td>",
				       late ? "overdue" : soon ? "soon" : "", id_of(o), id_of(o), id_of(o));
			poa_buf_printf(b, "<a href=\"/cases/%lld\">", id_of(o));
			h_esc(b, *str_of(o, "title") ? str_of(o, "title") : "-");
			poa_buf_adds(b, "</a></td><td>");
			h_esc(b, *str_of(o, "store") ? str_of(o, "store") : "-");
			poa_buf_adds(b, "</td><td>");
			h_esc(b, str_of(o, "family"));
			poa_buf_adds(b, "</td><td>");
			h_esc(b, *str_of(o, "deadline") ? str_of(o, "deadline") : "-");
			poa_buf_adds(b, "</td><td class=\"days\">");
			h_days(r, d);
			poa_buf_adds(b, "</td><td class=\"status\">");
			h_esc(b, status);
			poa_buf_adds(b, "</td></tr>\n");
		}
		poa_buf_adds(b, "</tbody>\n</table>\n");
		size_t pages = (n + PER_PAGE - 1) / PER_PAGE;
		if (pages > 1) {
			poa_buf_adds(b, "<nav class=\"pages\">");
			for (size_t p = 1; p <= pages; p++)
				poa_buf_printf(b, "<a href=\"/?sort=%s%s%s&amp;page=%zu\"%s>%zu</a> ", sort_key,
					       desc ? "&amp;desc=1" : "", open ? "&amp;open=1" : "", p,
					       (long)p == page ? " class=\"current\"" : "", p);
			poa_buf_adds(b, "</nav>\n");
		}
	}
	page_end(r);
	free(rows);
	json_decref(list);
	r->cacheable = 1;
}
