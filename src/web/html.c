/* html.c — writing pages: escaping, the frame every page shares (language
 * switch, CSRF meta tag, the one stylesheet and script), days left, and a
 * notice's text with every field libpoa found marked in place. No inline
 * script or style: the Content-Security-Policy forbids them. */
#include "mhd.h"
#include "web.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

void h_escn(poa_buf *b, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = "\xEF\xBF\xBD"; break;
		}
		if (rep) {
			poa_buf_add(b, s + run, i - run);
			poa_buf_adds(b, rep);
			run = i + 1;
		}
	}
	poa_buf_add(b, s + run, n - run);
}

void h_esc(poa_buf *b, const char *s)
{
	if (s)
		h_escn(b, s, strlen(s));
}

void h_url(poa_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~')
			poa_buf_addc(b, (char)c);
		else
			poa_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

void h_str(web_req *r, const char *before, web_str s, const char *after)
{
	poa_buf_adds(&r->out, before);
	h_esc(&r->out, T(r, s));
	poa_buf_adds(&r->out, after);
}

void h_csrf(web_req *r)
{
	poa_buf_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", web_csrf(r));
}

void h_version(web_req *r, long long version)
{
	if (version > 0)
		poa_buf_printf(&r->out, "<input type=\"hidden\" name=\"version\" value=\"%lld\">", version);
}

typedef struct lang_link {
	poa_buf *b;
	int n;
} lang_link;

static enum MHD_Result keep_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	lang_link *x = cls;
	if (strcmp(key, "lang") == 0 || strcmp(key, "token") == 0)
		return MHD_YES;
	poa_buf_adds(x->b, x->n++ ? "&amp;" : "?");
	h_url(x->b, key);
	poa_buf_addc(x->b, '=');
	h_url(x->b, value ? value : "");
	return MHD_YES;
}

void page_begin(web_req *r, const char *title)
{
	poa_buf *b = &r->out;
	r->ctype = "text/html; charset=utf-8";
	poa_buf_printf(b,
		       "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<meta name=\"csrf-token\" content=\"%s\">\n<title>",
		       T(r, S_LANG_NAME), web_csrf(r));
	h_esc(b, title);
	poa_buf_adds(b, " · poa</title>\n");
	/* Without a session the assets would be refused too (403): a page
	 * refusing a request stands alone. A team server serves them to
	 * anybody (they are the same for all), for the sign-in page. */
	if (r->session || web_team(r))
		poa_buf_adds(b, "<link rel=\"stylesheet\" href=\"/assets/app.css\">\n"
				"<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\n"
				"<script src=\"/assets/app.js\" defer></script>\n");
	poa_buf_adds(b, "</head>\n");
	poa_buf_printf(b, "<body data-lang=\"%s\" data-copied=\"", r->lang == POA_LANG_ZH ? "zh" : "en");
	h_esc(b, T(r, S_COPIED));
	poa_buf_adds(b, "\" data-checking=\"");
	h_esc(b, T(r, S_JS_LINT));
	poa_buf_adds(b, "\" data-clean=\"");
	h_esc(b, T(r, S_NO_FINDINGS));
	poa_buf_adds(b, "\" data-line=\"");
	h_esc(b, T(r, S_LINE));
	static const struct {
		const char *attr;
		web_str s;
	} more[] = {{"level-block", S_LEVEL_BLOCK}, {"level-warn", S_LEVEL_WARN}, {"level-info", S_LEVEL_INFO}};
	for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
		poa_buf_printf(b, "\" data-%s=\"", more[i].attr);
		h_esc(b, T(r, more[i].s));
	}
	poa_buf_adds(b, "\">\n<header class=\"top\"><nav><a class=\"brand\" href=\"/\">poa</a> ");
	/* A team server's pages for nobody signed in (the sign-in form, an
	 * error) link nowhere they could not go. */
	if (!web_team(r) || r->signed_in) {
		poa_buf_adds(b, "<a href=\"/\">");
		h_esc(b, T(r, S_CASES));
		poa_buf_adds(b, "</a> ");
	}
	if (web_can_write(r, 0)) {
		poa_buf_adds(b, "<a href=\"/cases/new\">");
		h_esc(b, T(r, S_NEW_CASE));
		poa_buf_adds(b, "</a> ");
	}
	/* Only an owner may open it (routes.c): nobody else is shown the way. */
	if (web_team(r) && r->signed_in && r->user.role == POA_ROLE_OWNER) {
		poa_buf_adds(b, "<a href=\"/users\" id=\"nav-users\">");
		h_esc(b, T(r, S_USERS));
		poa_buf_adds(b, "</a> ");
	}
	poa_buf_adds(b, "<a class=\"lang-switch\" id=\"lang-switch\" href=\"");
	h_esc(b, r->path);
	lang_link x = {b, 0};
	r->mhd->get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, keep_arg, &x);
	poa_buf_printf(b, "%slang=%s\">", x.n ? "&amp;" : "?", r->lang == POA_LANG_ZH ? "en" : "zh");
	h_esc(b, T(r, S_SWITCH_LANG));
	poa_buf_adds(b, "</a>");
	if (r->signed_in) {
		poa_buf_adds(b, " <span class=\"user\" id=\"user\">");
		h_esc(b, T(r, S_SIGNED_IN_AS));
		poa_buf_adds(b, " <strong id=\"user-name\">");
		h_esc(b, r->user.name);
		poa_buf_adds(b, "</strong> (<span id=\"user-role\">");
		h_esc(b, web_role_word(r, r->user.role));
		poa_buf_adds(b, "</span>)</span> <form method=\"post\" action=\"/logout\" class=\"logout\" id=\"logout-form\">");
		h_csrf(r);
		poa_buf_adds(b, "<button type=\"submit\" id=\"sign-out\">");
		h_esc(b, T(r, S_SIGN_OUT));
		poa_buf_adds(b, "</button></form>");
	}
	poa_buf_adds(b, "</nav></header>\n<main>\n");
}

void page_end(web_req *r)
{
	poa_buf_adds(&r->out, "</main>\n</body>\n</html>\n");
}

void h_days(web_req *r, json_t *d)
{
	if (!json_is_integer(d)) {
		h_esc(&r->out, T(r, S_NO_DEADLINE));
		return;
	}
	long n = (long)json_integer_value(d);
	char s[96];
	if (n < -1)
		snprintf(s, sizeof s, T(r, S_DAYS_OVERDUE), -n);
	else if (n == -1)
		snprintf(s, sizeof s, "%s", T(r, S_DAY_OVERDUE));
	else if (n == 0)
		snprintf(s, sizeof s, "%s", T(r, S_DUE_TODAY));
	else if (n == 1)
		snprintf(s, sizeof s, "%s", T(r, S_DAY_LEFT));
	else
		snprintf(s, sizeof s, T(r, S_DAYS_LEFT), n);
	h_esc(&r->out, s);
}

/* ---- a notice with its fields marked ------------------------------------------ */

typedef struct mark {
	size_t start, end;
	const char *field;
} mark;

static void add_mark(mark **v, size_t *n, size_t *cap, json_t *o, const char *field, size_t len)
{
	json_t *s = json_object_get(o, "start"), *e = json_object_get(o, "end");
	if (!json_is_integer(s) || !json_is_integer(e))
		return;
	json_int_t a = json_integer_value(s), z = json_integer_value(e);
	if (a < 0 || z <= a || (size_t)z > len)
		return;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 32;
		mark *nv = realloc(*v, nc * sizeof *nv);
		if (!nv)
			return;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = (mark){(size_t)a, (size_t)z, field};
}

static int by_start(const void *a, const void *b)
{
	const mark *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;
}

/* Whether a byte is inside a UTF-8 sequence (a span must not cut one). */
static int continuation(const char *text, size_t len, size_t at)
{
	return at < len && ((unsigned char)text[at] & 0xC0) == 0x80;
}

static void open_mark(poa_buf *b, const mark *m)
{
	poa_buf_adds(b, "<mark class=\"f f-");
	h_esc(b, m->field);
	poa_buf_adds(b, "\" title=\"");
	h_esc(b, m->field);
	poa_buf_adds(b, "\" data-field=\"");
	h_esc(b, m->field);
	poa_buf_adds(b, "\">");
}

void h_notice(poa_buf *b, const char *text, size_t len, json_t *evidence)
{
	mark *v = NULL;
	size_t n = 0, cap = 0;
	const char *key;
	json_t *val;
	json_object_foreach(evidence, key, val) {
		if (json_is_array(val)) {
			size_t i;
			json_t *it;
			json_array_foreach(val, i, it) add_mark(&v, &n, &cap, it, key, len);
		} else if (json_is_object(val) && json_object_get(val, "start")) {
			add_mark(&v, &n, &cap, val, key, len);
		} else if (json_is_object(val)) {
			const char *k2;
			json_t *v2;
			json_object_foreach(val, k2, v2) add_mark(&v, &n, &cap, v2, key, len);
		}
	}
	qsort(v, n, sizeof *v, by_start);
	/* Nested spans nest; a span that crosses the end of an open one is
	 * left out, so the markup stays well formed. */
	mark *stack[16];
	size_t depth = 0, at = 0;
	poa_buf_adds(b, "<pre class=\"notice-text\" id=\"notice-text\">");
	for (size_t i = 0; i < n; i++) {
		mark *m = &v[i];
		if (continuation(text, len, m->start) || continuation(text, len, m->end) || m->start < at)
			continue;
		while (depth && stack[depth - 1]->end <= m->start) {
			h_escn(b, text + at, stack[depth - 1]->end - at);
			at = stack[depth - 1]->end;
			poa_buf_adds(b, "</mark>");
			depth--;
		}
		if ((depth && m->end > stack[depth - 1]->end) || depth == 16)
			continue;
		h_escn(b, text + at, m->start - at);
		at = m->start;
		open_mark(b, m);
		stack[depth++] = m;
	}
	while (depth) {
		h_escn(b, text + at, stack[depth - 1]->end - at);
		at = stack[depth - 1]->end;
		poa_buf_adds(b, "</mark>");
		depth--;
	}
	h_escn(b, text + at, len - at);
	poa_buf_adds(b, "</pre>\n");
	free(v);
}
