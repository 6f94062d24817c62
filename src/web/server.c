/* server.c — poa serve's HTTP server (libmicrohttpd, one internal polling
 * thread) and the checks every request passes before a handler runs:
 *
 *   1. the Host header names the listen address or localhost:PORT, else 403
 *      (a page of another site cannot reach us by rebinding its DNS name);
 *   2. ?token=ACCESS-TOKEN (printed on start) is traded for a session
 *      cookie (HttpOnly, SameSite=Strict) and a redirect to the same URL
 *      without it; without a valid cookie, 403;
 *   3. the route exists (404) for this method (405), and a case route's
 *      case is a case number (404);
 *   4. the body fits: 1 MiB for forms and JSON, 25 MiB for multipart
 *      uploads, else 413 (refused before it is read when Content-Length
 *      says so);
 *   5. a change (POST, PATCH, DELETE) carries the session's CSRF token
 *      (form field "csrf" or header X-CSRF-Token) and, when the browser
 *      sends Origin, comes from this origin; else 403; and a change to a
 *      case made on a version of it ("version", If-Match) that is no
 *      longer the newest changes nothing: 409 (two tabs, or two people).
 *
 * With --team, step 2 is a sign-in instead (team.c): the session cookie
 * names a session of the store (poa_db_session_find, which ends it when
 * idle or old); without one a page answers 303 to /login?next=PATH and the
 * API 401. Then, after routing, the route's need (routes.c) is checked:
 * the case of a case route through poa_db_user_may() (404 when the user
 * may not see it, 403 when they may not change it), the role for the
 * others (403). The Host may also be --public-url's, and a browser's
 * Origin that URL's. Before the handler the store gets the user as actor
 * (team mode) and the case version the request expects
 * (poa_db_expect_version); after it, both are cleared, so that nothing
 * carries over to the next request.
 *
 * Every response says Content-Security-Policy: default-src 'self' (no
 * inline script or style), frame-ancestors 'none', nosniff and no referrer.
 * Pages whose handler marks them cacheable are kept until the case store
 * changes (poa_db_generation) or the day does. */
#include "dynlib.h"
#include "mhd.h"
#include "request.h"
#include "session.h"
#include "web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define CACHE_SLOTS 512
#define DRAIN_MAX ((size_t)16 << 20)

typedef struct cache_entry {
	char *key;
	long long gen;
	long day;
	char *body;
	size_t len;
	const char *ctype;
} cache_entry;

struct web_server {
	const web_mhd *mhd;
	struct MHD_Daemon *d;
	web_config cfg;
	poa_db *db;
	poa_kb *kb;
	char token[65];
	char host[64];
	unsigned port;
	int v6;
	char hosts[6][160];  /* Host header values accepted */
	web_sessions sessions;
	int loopback;        /* listening on a loopback address */
	char origin[200];    /* --public-url's scheme://host[:port], or "" */
	int secure;          /* --public-url is https: cookies get Secure */
	cache_entry cache[CACHE_SLOTS];
};

/* ---- --listen ---------------------------------------------------------------- */

poa_status web_parse_listen(const char *listen, int team, char *host, size_t hostsize, unsigned *port, int *v6,
			    int *loopback, poa_error *err)
{
	char addr[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof addr)
		return poa_error_set(err, POA_ERR_USAGE, "--listen takes ADDR:PORT (e.g. 127.0.0.1:8080), not '%s'",
				     listen);
	memcpy(addr, listen, (size_t)(colon - listen));
	addr[colon - listen] = '\0';
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 0 || p > 65535)
		return poa_error_set(err, POA_ERR_USAGE, "--listen: '%s' is not a port (0 to 65535)", colon + 1);
	*port = (unsigned)p;
	char *a = addr;
	size_t al = strlen(a);
	if (al >= 2 && a[0] == '[' && a[al - 1] == ']') {
		a[al - 1] = '\0';
		a++;
	}
	if (strcmp(a, "localhost") == 0)
		a = "127.0.0.1";
	struct in_addr in4;
	struct in6_addr in6;
	if (inet_pton(AF_INET, a, &in4) == 1) {
		*v6 = 0;
		*loopback = (ntohl(in4.s_addr) >> 24) == 127;
	} else if (inet_pton(AF_INET6, a, &in6) == 1) {
		*v6 = 1;
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6);
	} else {
		return poa_error_set(err, POA_ERR_USAGE, "--listen: '%s' is not an IP address (use 127.0.0.1 or ::1)", a);
	}
	/* Only a team server signs its users in: without --team, whoever
	 * reached the port with the token would hold every case. */
	if (!*loopback && !team)
		return poa_error_set(err, POA_ERR_USAGE,
				     "--listen %s: poa serve listens on a loopback address only (127.0.0.1, ::1); the "
				     "cases are confidential. A team server that others reach: poa serve --team "
				     "--public-url https://HOST (behind a TLS proxy)",
				     listen);
	snprintf(host, hostsize, "%s", a);
	return POA_OK;
}

poa_status web_parse_duration(const char *option, const char *s, long *seconds, poa_error *err)
{
	char *end;
	long n = s ? strtol(s, &end, 10) : 0;
	long unit = 0;
	if (s && end != s && n > 0 && end[0] && !end[1])
		unit = end[0] == 's' ? 1 : end[0] == 'm' ? 60 : end[0] == 'h' ? 3600 : end[0] == 'd' ? 86400 : 0;
	if (!unit || n > 366L * 86400 / unit)
		return poa_error_set(err, POA_ERR_USAGE,
				     "%s takes a duration: a number and s, m, h or d (45s, 30m, 8h, 2d), not '%s'", option,
				     s ? s : "");
	*seconds = n * unit;
	return POA_OK;
}

/* ---- libmicrohttpd, opened when serve starts ------------------------------------ */

static web_mhd mhd_api;
static const poa_dynlib_sym mhd_syms[] = {
	POA_DYNLIB_SYM(web_mhd, start_daemon, "MHD_start_daemon"),
	POA_DYNLIB_SYM(web_mhd, stop_daemon, "MHD_stop_daemon"),
	POA_DYNLIB_SYM(web_mhd, get_daemon_info, "MHD_get_daemon_info"),
	POA_DYNLIB_SYM(web_mhd, get_connection_values, "MHD_get_connection_values"),
	POA_DYNLIB_SYM(web_mhd, lookup_connection_value, "MHD_lookup_connection_value"),
	POA_DYNLIB_SYM(web_mhd, create_response_from_buffer, "MHD_create_response_from_buffer"),
	POA_DYNLIB_SYM(web_mhd, add_response_header, "MHD_add_response_header"),
	POA_DYNLIB_SYM(web_mhd, queue_response, "MHD_queue_response"),
	POA_DYNLIB_SYM(web_mhd, destroy_response, "MHD_destroy_response"),
	POA_DYNLIB_SYM(web_mhd, get_connection_info, "MHD_get_connection_info"),
	{NULL, 0},
};
static poa_dynlib mhd_lib = POA_DYNLIB("libmicrohttpd.so.12", "libmicrohttpd12", mhd_syms, &mhd_api);

poa_status web_mhd_load(const web_mhd **out, poa_error *err)
{
	poa_status st = poa_dynlib_load(&mhd_lib, POA_ERR_IO, err);
	*out = st ? NULL : &mhd_api;
	return st;
}

/* ---- helpers for handlers ------------------------------------------------------ */

poa_db *web_db(web_req *r)
{
	return r->srv->db;
}

const poa_kb *web_kb(web_req *r)
{
	return r->srv->kb;
}

const char *web_query(web_req *r, const char *key)
{
	return r->mhd->lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *web_header(web_req *r, const char *name)
{
	return r->mhd->lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *web_csrf(web_req *r)
{
	return r->session ? r->session->csrf : "";
}

void web_redirect(web_req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->location, sizeof r->location, fmt, ap);
	va_end(ap);
	r->status = 303;
	r->out.len = 0;
}

int web_http_status(poa_status st)
{
	switch (st) {
	case POA_OK: return 200;
	case POA_ERR_NOT_FOUND: return 404;
	case POA_ERR_TOO_LARGE: return 413;
	case POA_ERR_USAGE: case POA_ERR_INPUT: case POA_ERR_FACTS: return 422;
	case POA_ERR_AUTH: return 401;
	case POA_ERR_DENIED: return 403;
	case POA_ERR_CONFLICT: return 409;
	default: return 500;
	}
}

void web_json(web_req *r, int status, json_t *o)
{
	char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	web_json_text(r, status, s);
}

void web_json_text(web_req *r, int status, char *text)
{
	r->out.len = 0;
	if (!text) {
		r->status = 500;
		poa_buf_adds(&r->out, "{\"error\": \"out of memory\", \"status\": 500}\n");
	} else {
		r->status = status;
		poa_buf_adds(&r->out, text);
		poa_buf_addc(&r->out, '\n');
		free(text);
	}
	r->ctype = "application/json; charset=utf-8";
}

static web_str title_of(int status)
{
	switch (status) {
	case 401: return S_UNAUTHORIZED;
	case 409: return S_CONFLICT;
	case 429: return S_RATE_LIMITED;
	case 403: return S_FORBIDDEN;
	case 404: return S_NOT_FOUND;
	case 405: return S_METHOD;
	case 413: return S_TOO_LARGE;
	case 400: case 415: case 422: return S_BAD_REQUEST;
	default: return S_ERROR;
	}
}

void web_error(web_req *r, int status, const char *message)
{
	r->cacheable = 0;
	if (r->api) {
		web_json(r, status, json_pack("{s:s,s:i}", "error", message ? message : "", "status", status));
		return;
	}
	r->out.len = 0;
	page_begin(r, T(r, title_of(status)));
	poa_buf_printf(&r->out, "<h1>%d — ", status);
	h_esc(&r->out, T(r, title_of(status)));
	poa_buf_adds(&r->out, "</h1>\n<p class=\"error-message\">");
	h_esc(&r->out, message);
	poa_buf_adds(&r->out, "</p>\n");
	if (status == 403 && !web_team(r)) {
		poa_buf_adds(&r->out, "<p>");
		h_esc(&r->out, T(r, S_FORBIDDEN_HELP));
		poa_buf_adds(&r->out, "</p>\n");
	} else if (status == 409) {
		poa_buf_adds(&r->out, "<p>");
		h_esc(&r->out, T(r, S_CONFLICT_HELP));
		poa_buf_adds(&r->out, "</p>\n");
	} else if (status == 413) {
		poa_buf_adds(&r->out, "<p>");
		h_esc(&r->out, T(r, S_TOO_LARGE_HELP));
		poa_buf_printf(&r->out, " (%zu MiB / %zu MiB)</p>\n", r->srv->cfg.max_body >> 20,
			       r->srv->cfg.max_upload >> 20);
	}
	poa_buf_adds(&r->out, "<p><a href=\"/\">");
	h_esc(&r->out, T(r, S_CASES));
	poa_buf_adds(&r->out, "</a></p>\n");
	page_end(r);
	r->status = status;
}

void web_fail(web_req *r, const poa_error *err)
{
	if (err->status == POA_ERR_CONFLICT && r->api && r->case_id) {
		/* The case as it is now, so that the client can redo its change
		 * on it without another request. */
		json_t *o = json_pack("{s:s,s:i}", "error", err->message, "status", 409);
		json_t *extra = web_conflict_json(r, r->case_id);
		if (o && extra)
			json_object_update(o, extra);
		json_decref(extra);
		web_json(r, 409, o);
		return;
	}
	web_error(r, web_http_status(err->status), err->message);
}

long long web_case_id(web_req *r, const char *arg)
{
	char *end;
	long long id = strtoll(arg, &end, 10);
	if (!*arg || *end || id <= 0) {
		web_error(r, 404, "no such case");
		return 0;
	}
	return id;
}

poa_report_options web_report_options(web_req *r)
{
	return (poa_report_options){.lang = r->lang, .today = r->today, .color = 0};
}

int web_team(web_req *r)
{
	return r->srv->cfg.team;
}

void web_session_limits(web_req *r, long *idle, long *max_age)
{
	*idle = r->srv->cfg.session_idle;
	*max_age = r->srv->cfg.session_max;
}

const poa_user *web_user(web_req *r)
{
	return r->signed_in ? &r->user : NULL;
}

poa_status web_may(web_req *r, long long case_id, int write, poa_error *err)
{
	if (!r->srv->cfg.team)
		return POA_OK;
	if (!r->signed_in)
		return poa_error_set(err, POA_ERR_AUTH, "%s", T(r, S_SIGN_IN_FIRST));
	return poa_db_user_may(r->srv->db, &r->user, case_id, write, err);
}

int web_can_write(web_req *r, long long case_id)
{
	if (!r->srv->cfg.team)
		return 1;
	if (!r->signed_in)
		return 0;
	if (!case_id)
		return r->user.role >= POA_ROLE_OPERATOR;
	poa_error err;
	return poa_db_user_may(r->srv->db, &r->user, case_id, 1, &err) == POA_OK;
}

long long web_case_version(web_req *r, long long case_id)
{
	long long v = 0;
	poa_error err;
	if (poa_db_case_version(r->srv->db, case_id, &v, &err) != POA_OK)
		return 0;
	return v;
}

json_t *web_conflict_json(web_req *r, long long case_id)
{
	poa_db_query q = {.today = r->today, .lang = r->lang};
	char *cs = NULL;
	poa_error err;
	json_t *c = NULL;
	if (poa_db_case_json(r->srv->db, case_id, &q, &cs, &err) == POA_OK && cs)
		c = json_loads(cs, 0, NULL);
	free(cs);
	return json_pack("{s:I,s:o}", "version", (json_int_t)web_case_version(r, case_id), "case",
			 c ? c : json_null());
}

void web_set_cookie(web_req *r, int slot, const char *name, const char *value, long max_age)
{
	char age[48] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	snprintf(r->cookie[slot], sizeof r->cookie[slot], "%s=%s; Path=/%s; SameSite=Strict%s%s", name, value,
		 slot == 1 ? "" : "; HttpOnly", r->srv->secure ? "; Secure" : "", age);
}

const char *web_cookie(web_req *r, const char *name)
{
	return r->mhd->lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

void web_client(web_req *r, char *out, size_t size)
{
	snprintf(out, size, "unknown");
	const union MHD_ConnectionInfo *ci =
		r->mhd->get_connection_info ? r->mhd->get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS)
					    : NULL;
	int loopback = 0;
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET) {
			const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)sa;
			inet_ntop(AF_INET, &a->sin_addr, out, (socklen_t)size);
			loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
		} else if (sa->sa_family == AF_INET6) {
			const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)sa;
			inet_ntop(AF_INET6, &a->sin6_addr, out, (socklen_t)size);
			loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
		}
	}
	/* Behind the TLS proxy on this machine every peer is 127.0.0.1: the
	 * failed sign-ins of one client would lock out everybody. The proxy
	 * appends the address it saw to X-Forwarded-For (docs/team.md); only
	 * its last entry is the proxy's word, earlier ones are the client's. */
	const char *xff = loopback ? web_header(r, "X-Forwarded-For") : NULL;
	if (xff && *xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		size_t n = strcspn(last, " ");
		if (n && n < size && n < 64) {
			memcpy(out, last, n);
			out[n] = '\0';
		}
	}
}

/* ---- the cache --------------------------------------------------------------- */

static unsigned long hash_of(const char *s)
{
	unsigned long h = 5381;
	while (*s)
		h = h * 33 ^ (unsigned char)*s++;
	return h;
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	poa_buf *b = cls;
	poa_buf_printf(b, "&%s=%s", key, value ? value : "");
	return MHD_YES;
}

static char *cache_key(web_req *r)
{
	poa_buf b;
	poa_buf_init(&b);
	poa_buf_printf(&b, "%d|%s|%s?", (int)r->lang, r->session ? r->session->sid : "", r->path);
	r->mhd->get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &b);
	if (b.oom) {
		poa_buf_free(&b);
		return NULL;
	}
	return poa_buf_steal(&b);
}

static cache_entry *cache_find(web_server *s, const char *key, long long gen, long day)
{
	cache_entry *e = &s->cache[hash_of(key) % CACHE_SLOTS];
	if (e->key && strcmp(e->key, key) == 0 && e->gen == gen && e->day == day && gen >= 0)
		return e;
	return NULL;
}

static void cache_put(web_server *s, char *key, long long gen, long day, web_req *r)
{
	cache_entry *e = &s->cache[hash_of(key) % CACHE_SLOTS];
	char *body = malloc(r->out.len + 1);
	if (!body || gen < 0) {
		free(body);
		free(key);
		return;
	}
	memcpy(body, r->out.data ? r->out.data : "", r->out.len);
	free(e->key);
	free(e->body);
	*e = (cache_entry){key, gen, day, body, r->out.len, r->ctype};
}

static void cache_clear(web_server *s)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		free(s->cache[i].key);
		free(s->cache[i].body);
	}
	memset(s->cache, 0, sizeof s->cache);
}

/* ---- responses ----------------------------------------------------------------- */

static enum MHD_Result send_response(web_req *r, const char *body, size_t len, const char *ctype, int status)
{
	struct MHD_Response *resp = r->mhd->create_response_from_buffer(len, (void *)(body ? body : ""),
								   MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	r->mhd->add_response_header(resp, "Content-Type", ctype ? ctype : "text/html; charset=utf-8");
	r->mhd->add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
				"form-action 'self'");
	r->mhd->add_response_header(resp, "X-Content-Type-Options", "nosniff");
	r->mhd->add_response_header(resp, "Referrer-Policy", "no-referrer");
	r->mhd->add_response_header(resp, "X-Frame-Options", "DENY");
	r->mhd->add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	r->mhd->add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
	r->mhd->add_response_header(resp, "Cache-Control",
				strncmp(r->path ? r->path : "", "/assets/", 8) == 0 && status == 200
					? "private, max-age=3600"
					: "no-store");
	if (r->location[0])
		r->mhd->add_response_header(resp, "Location", r->location);
	for (int i = 0; i < 3; i++)
		if (r->cookie[i][0])
			r->mhd->add_response_header(resp, "Set-Cookie", r->cookie[i]);
	if (r->retry_after > 0) {
		char ra[32];
		snprintf(ra, sizeof ra, "%ld", r->retry_after);
		r->mhd->add_response_header(resp, "Retry-After", ra);
	}
	if (r->allow)
		r->mhd->add_response_header(resp, "Allow", r->allow);
	if (r->too_large)
		r->mhd->add_response_header(resp, "Connection", "close");
	enum MHD_Result ok = r->mhd->queue_response(r->conn, (unsigned)status, resp);
	r->mhd->destroy_response(resp);
	return ok;
}

static enum MHD_Result respond(web_req *r)
{
	r->responded = 1;
	if (!r->status)
		r->status = 200;
	return send_response(r, r->out.data, r->out.len, r->ctype, r->status);
}

static enum MHD_Result refuse(web_req *r, int status, const char *message)
{
	web_error(r, status, message);
	return respond(r);
}

/* ---- routing --------------------------------------------------------------------- */

static int segment_ok(const char *s, size_t n)
{
	if (!n || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.' || c == '@'))
			return 0;
	}
	return 1;
}

/* Matches path against pattern; fills args (copies) with the * segments. */
static int route_match(const char *pattern, const char *path, char **args, size_t *nargs)
{
	*nargs = 0;
	const char *p = pattern, *q = path;
	while (*p && *q) {
		if (*p == '*') {
			const char *e = q;
			while (*e && *e != '/')
				e++;
			if (!segment_ok(q, (size_t)(e - q)) || *nargs >= 4)
				goto no;
			args[(*nargs)++] = strndup(q, (size_t)(e - q));
			p++;
			q = e;
		} else if (*p == *q) {
			p++;
			q++;
		} else {
			goto no;
		}
	}
	if (!*p && !*q)
		return 1;
no:
	for (size_t i = 0; i < *nargs; i++)
		free(args[i]);
	*nargs = 0;
	return 0;
}

/* ---- the request ------------------------------------------------------------------- */

static int host_ok(web_server *s, const char *host)
{
	if (!host)
		return 0;
	for (int i = 0; i < 6; i++)
		if (s->hosts[i][0] && strcasecmp(host, s->hosts[i]) == 0)
			return 1;
	return 0;
}

static poa_lang lang_of(web_req *r)
{
	const char *q = web_query(r, "lang");
	if (q && (strcmp(q, "zh") == 0 || strcmp(q, "en") == 0)) {
		web_set_cookie(r, 1, "poa_lang", q, 31536000);
		return q[0] == 'z' ? POA_LANG_ZH : POA_LANG_EN;
	}
	const char *c = r->mhd->lookup_connection_value(r->conn, MHD_COOKIE_KIND, "poa_lang");
	if (c && strcmp(c, "zh") == 0)
		return POA_LANG_ZH;
	if (c && strcmp(c, "en") == 0)
		return POA_LANG_EN;
	return r->srv->cfg.lang;
}

/* The URL without its token parameter, for the redirect after the trade. */
typedef struct strip_ctx {
	poa_buf b;
	int n;
} strip_ctx;

static enum MHD_Result strip_token(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	strip_ctx *x = cls;
	if (strcmp(key, "token") == 0)
		return MHD_YES;
	poa_buf_addc(&x->b, x->n++ ? '&' : '?');
	h_url(&x->b, key);
	if (value) {
		poa_buf_addc(&x->b, '=');
		h_url(&x->b, value);
	}
	return MHD_YES;
}

static const web_route *find_route(web_req *r, char **args, size_t *nargs)
{
	const char *allowed[8];
	size_t nallowed = 0;
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	for (size_t i = 0; i < web_nroutes; i++) {
		char *tmp[4];
		size_t nt;
		if (!route_match(web_routes[i].pattern, r->path, tmp, &nt))
			continue;
		if (strcmp(web_routes[i].method, method) == 0) {
			memcpy(args, tmp, nt * sizeof *tmp);
			*nargs = nt;
			return &web_routes[i];
		}
		for (size_t k = 0; k < nt; k++)
			free(tmp[k]);
		if (nallowed < 8)
			allowed[nallowed++] = web_routes[i].method;
	}
	if (nallowed) {
		static char allow[64];
		allow[0] = '\0';
		for (size_t i = 0; i < nallowed; i++)
			if (!strstr(allow, allowed[i]))
				snprintf(allow + strlen(allow), sizeof allow - strlen(allow), "%s%s", allow[0] ? ", " : "",
					 allowed[i]);
		if (strstr(allow, "GET") && !strstr(allow, "HEAD"))
			snprintf(allow + strlen(allow), sizeof allow - strlen(allow), ", HEAD");
		r->allow = allow;
	}
	return NULL;
}

/* A case route's case: its first * under /cases/ or /api/cases/. */
static int case_route(const web_route *rt)
{
	return strncmp(rt->pattern, "/cases/*", 8) == 0 || strncmp(rt->pattern, "/api/cases/*", 12) == 0;
}

/* The case of a case route, for the version check of a change (two tabs,
 * or two people); 0 and the 404 answered when it is not a case number.
 * Whether the case exists is the handler's answer. */
static long long route_case(web_req *r, enum MHD_Result *res)
{
	long long id = web_case_id(r, r->args[0]);
	if (!id)
		*res = respond(r);
	return id;
}

/* Without --team: ?token=ACCESS-TOKEN is traded for a session; every
 * other request needs that session's cookie. */
static int token_checks(web_server *s, web_req *r, enum MHD_Result *res)
{
	const char *token = web_query(r, "token");
	time_t now = time(NULL);
	if (token) {
		if (!web_secret_equal(token, s->token) || r->post) {
			*res = refuse(r, 403, "this access token is not valid; use the URL poa serve printed");
			return 1;
		}
		r->session = web_session_new(&s->sessions, now);
		if (!r->session) {
			*res = refuse(r, 500, "no randomness for a session");
			return 1;
		}
		web_set_cookie(r, 0, "poa_session", r->session->sid, -1);
		strip_ctx x = {0};
		poa_buf_init(&x.b);
		poa_buf_adds(&x.b, r->path);
		r->mhd->get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, strip_token, &x);
		snprintf(r->location, sizeof r->location, "%s", x.b.data ? x.b.data : "/");
		poa_buf_free(&x.b);
		r->status = 303;
		*res = respond(r);
		return 1;
	}
	r->session = web_session_find(&s->sessions, r->mhd->lookup_connection_value(r->conn, MHD_COOKIE_KIND, "poa_session"),
				      now);
	if (!r->session) {
		*res = refuse(r, 403, "no session: open the URL poa serve printed (it carries the access token)");
		return 1;
	}
	r->route = find_route(r, r->args, &r->nargs);
	if (!r->route) {
		*res = r->allow ? refuse(r, 405, "this method is not allowed here") : refuse(r, 404, "no such page");
		return 1;
	}
	if (case_route(r->route) && !(r->case_id = route_case(r, res)))
		return 1;
	return 0;
}

/* The path and query of this request, percent-encoded, for ?next=. */
static void next_of(web_req *r, poa_buf *b)
{
	strip_ctx x = {0};
	poa_buf_init(&x.b);
	poa_buf_adds(&x.b, r->path);
	r->mhd->get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, strip_token, &x);
	h_url(b, x.b.data ? x.b.data : "/");
	poa_buf_free(&x.b);
}

/* With --team: the session of the cookie, then the route's need. */
static int team_checks(web_server *s, web_req *r, enum MHD_Result *res)
{
	time_t now = time(NULL);
	const char *sid = web_cookie(r, "poa_session");
	r->session_sent = sid != NULL;
	poa_session ps;
	poa_error err = {0};
	if (sid && poa_db_session_find(s->db, sid, now, s->cfg.session_idle, s->cfg.session_max, &ps, &err) == POA_OK) {
		r->signed_in = 1;
		r->user = ps.user;
		snprintf(r->team_session.sid, sizeof r->team_session.sid, "%s", ps.id);
		snprintf(r->team_session.csrf, sizeof r->team_session.csrf, "%s", ps.csrf);
		r->team_session.used = now;
		r->session = &r->team_session;
	}
	r->route = find_route(r, r->args, &r->nargs);
	if (!r->route) {
		*res = r->allow ? refuse(r, 405, "this method is not allowed here") : refuse(r, 404, "no such page");
		return 1;
	}
	web_need need = r->route->need;
	if (need == WEB_PUBLIC)
		return 0;
	if (!r->signed_in) {
		web_str why = r->session_sent ? S_SESSION_ENDED : S_SIGN_IN_FIRST;
		if (r->api) {
			*res = refuse(r, 401, T(r, why));
			return 1;
		}
		/* A page: to the sign-in form, which comes back here after. A
		 * POST's body is lost either way: back to the page it came from
		 * is not known, so to the list. */
		poa_buf b;
		poa_buf_init(&b);
		poa_buf_adds(&b, "/login");
		if (!r->post && strcmp(r->path, "/") != 0) {
			poa_buf_adds(&b, "?next=");
			next_of(r, &b);
		}
		if (r->session_sent)
			poa_buf_adds(&b, strchr(b.data, '?') ? "&ended=1" : "?ended=1");
		web_redirect(r, "%s", b.data ? b.data : "/login");
		poa_buf_free(&b);
		if (r->session_sent)
			web_set_cookie(r, 0, "poa_session", "", 0);
		*res = respond(r);
		return 1;
	}
	if (need == WEB_OWNER && r->user.role != POA_ROLE_OWNER) {
		*res = refuse(r, 403, T(r, S_OWNER_ONLY));
		return 1;
	}
	if (case_route(r->route)) {
		long long id = route_case(r, res);
		if (!id)
			return 1;
		if (poa_db_user_may(s->db, &r->user, id, need == WEB_WRITE, &err) != POA_OK) {
			*res = refuse(r, web_http_status(err.status), err.message);
			return 1;
		}
		r->case_id = id;
	} else if (need == WEB_WRITE && r->user.role < POA_ROLE_OPERATOR) {
		*res = refuse(r, 403, T(r, S_DENIED_ROLE));
		return 1;
	}
	return 0;
}

/* The first call of a request: the checks that need no body. Returns 1
 * when it answered. */
static int first_checks(web_server *s, web_req *r, enum MHD_Result *res)
{
	r->lang = lang_of(r);
	if (!host_ok(s, web_header(r, "Host"))) {
		*res = refuse(r, 403, "the Host header must name this server (DNS-rebinding defence)");
		return 1;
	}
	if (s->cfg.team) {
		if (team_checks(s, r, res))
			return 1;
	} else if (token_checks(s, r, res)) {
		return 1;
	}
	const char *ctype = web_header(r, "Content-Type");
	int multipart = ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0;
	r->limit = multipart ? s->cfg.max_upload : s->cfg.max_body;
	const char *cl = web_header(r, "Content-Length");
	unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
	if (declared > r->limit) {
		/* Read and dropped up to DRAIN_MAX more, then answered, so that a
		 * browser shows the 413 page instead of a reset connection;
		 * beyond that, answered now and closed. */
		r->too_large = 1;
		if (declared > r->limit + DRAIN_MAX) {
			*res = refuse(r, 413, "the request body is larger than poa serve accepts");
			return 1;
		}
	}
	return 0;
}

/* Whether the browser's Origin, when it sends one, is this server: as the
 * Host header names it, or --public-url's. */
static int origin_ok(web_req *r)
{
	const char *origin = web_header(r, "Origin");
	if (origin && strcmp(origin, "null") != 0) {
		const char *host = web_header(r, "Host");
		int same = strncmp(origin, "http://", 7) == 0 && host && strcasecmp(origin + 7, host) == 0;
		if (!same && !(r->srv->origin[0] && strcasecmp(origin, r->srv->origin) == 0))
			return 0;
	}
	const char *site = web_header(r, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return 0;
	return 1;
}

static int csrf_ok(web_req *r)
{
	if (!origin_ok(r))
		return 0;
	const char *t = web_header(r, "X-CSRF-Token");
	if (!t)
		t = web_field_get(r, "csrf");
	if (!t && r->json)
		t = json_string_value(json_object_get(r->json, "csrf"));
	if (r->route->need == WEB_PUBLIC && r->srv->cfg.team) {
		/* Signing in, there is no session yet: the form's token must
		 * equal the cookie GET /login set (a page of another site can
		 * set neither), so that nobody signs a victim's browser in to
		 * the attacker's account. POST /api/login takes JSON only,
		 * which no page of another site can send without asking. */
		if (strcmp(r->path, "/api/login") == 0)
			return 1;
		return web_secret_equal(t, web_cookie(r, "poa_login"));
	}
	return r->session && web_secret_equal(t, r->session->csrf);
}

const char *web_etag_value(const char *v, char *buf, size_t size)
{
	if (strncmp(v, "W/", 2) == 0)
		v += 2;
	size_t n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		v++;
		n -= 2;
	}
	if (n >= size)
		n = 0;   /* longer than any tag poa gives: matches none */
	memcpy(buf, v, n);
	buf[n] = '\0';
	return buf;
}

/* The case version a change expects: the form's or JSON body's "version",
 * else If-Match ("7", W/"7" or 7). 0: none given; -1: not a version. */
static long long expected_version(web_req *r)
{
	const char *v = web_field_get(r, "version");
	json_t *jv = r->json ? json_object_get(r->json, "version") : NULL;
	if (json_is_integer(jv))
		return json_integer_value(jv) > 0 ? (long long)json_integer_value(jv) : -1;
	if (jv && !json_is_null(jv))
		v = json_string_value(jv);
	if (!v && !jv)
		v = web_header(r, "If-Match");
	if (!v || !*v)
		return 0;
	char buf[32];
	if (!*web_etag_value(v, buf, sizeof buf))
		return -1;
	char *end;
	long long x = strtoll(buf, &end, 10);
	return *end || x <= 0 ? -1 : x;
}

/* Runs the handler as the signed-in user, expecting the version given. */
static void run_handler(web_server *s, web_req *r)
{
	poa_error err;
	if (r->signed_in)
		poa_db_set_actor(s->db, r->user.name, &err);
	r->route->fn(r, r->args);
	if (r->signed_in)
		poa_db_set_actor(s->db, NULL, &err);
	/* An expectation the handler did not use up (it refused before any
	 * change) must not hold the next request's change. */
	if (r->case_id)
		poa_db_expect_version(s->db, r->case_id, 0);
}

static long day_of(time_t t)
{
	return (long)(t / 86400);
}

static enum MHD_Result handle(web_server *s, web_req *r)
{
	r->today = s->cfg.today ? s->cfg.today : time(NULL);
	if (s->cfg.set_lang)
		s->cfg.set_lang(r->lang);
	if (r->post) {
		const char *why = NULL;
		int bad = web_body_parse(r, web_header(r, "Content-Type"), &why);
		if (!csrf_ok(r))
			return refuse(r, 403, "missing or wrong CSRF token: reload the page and try again");
		if (bad)
			return refuse(r, bad, why);
		if (r->case_id) {
			long long v = expected_version(r);
			if (v < 0)
				return refuse(r, 400, "\"version\" (or If-Match) is the case's version, a number from its page "
						      "or GET /api/cases/ID");
			if (v > 0)
				poa_db_expect_version(s->db, r->case_id, v);
		}
		run_handler(s, r);
		return respond(r);
	}
	long long gen = poa_db_generation(s->db);
	long day = day_of(r->today);
	char *key = r->cookie[1][0] ? NULL : cache_key(r);
	cache_entry *e = key ? cache_find(s, key, gen, day) : NULL;
	if (e) {
		free(key);
		r->responded = 1;
		return send_response(r, e->body, e->len, e->ctype, 200);
	}
	run_handler(s, r);
	if (key && r->cacheable && (r->status == 0 || r->status == 200) && !r->out.oom)
		cache_put(s, key, gen, day, r);
	else
		free(key);
	return respond(r);
}

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	web_server *s = cls;
	web_req *r = *con_cls;
	if (!r) {
		r = calloc(1, sizeof *r);
		if (!r)
			return MHD_NO;
		*con_cls = r;
		r->srv = s;
		r->mhd = s->mhd;
		r->conn = conn;
		r->method = method;
		r->path = url;
		r->post = strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
		r->api = strncmp(url, "/api/", 5) == 0;
		poa_buf_init(&r->body);
		poa_buf_init(&r->out);
		enum MHD_Result res = MHD_YES;
		if (first_checks(s, r, &res))
			return res;
		return MHD_YES;
	}
	if (r->responded) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* Past the limit the body is read and dropped, so that the client
		 * (which sent no Content-Length) reads the 413 rather than a
		 * reset; past 16 MiB more the connection is answered and closed. */
		if (r->too_large || r->body.len + *upload_data_size > r->limit) {
			r->too_large = 1;
			r->dropped += *upload_data_size + r->body.len;
			*upload_data_size = 0;
			poa_buf_free(&r->body);
			if (r->dropped > r->limit + DRAIN_MAX)
				return refuse(r, 413, "the request body is larger than poa serve accepts");
			return MHD_YES;
		}
		poa_buf_add(&r->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		if (r->body.oom)
			return refuse(r, 500, "out of memory");
		return MHD_YES;
	}
	if (r->too_large)
		return refuse(r, 413, "the request body is larger than poa serve accepts");
	return handle(s, r);
}

/* Decodes %XX in the path and the query, except %00: a NUL would cut the
 * path short ("/assets/app.css%00.png"); left as it is, the path matches
 * no route. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	char *o = s;
	for (const char *p = s; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hexdigit(p[1])) >= 0 && (lo = hexdigit(p[2])) >= 0 && (hi || lo)) {
			*o++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return (size_t)(o - s);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	web_req *r = *con_cls;
	if (!r)
		return;
	for (size_t i = 0; i < r->nargs; i++)
		free(r->args[i]);
	web_fields_free(r);
	poa_buf_free(&r->body);
	poa_buf_free(&r->out);
	free(r);
	*con_cls = NULL;
}

/* ---- start and stop ------------------------------------------------------------------- */

static void server_free(web_server *s)
{
	cache_clear(s);
	poa_db_close(s->db);
	poa_kb_free(s->kb);
	free(s);
}

/* --public-url: where users reach a team server through the operator's
 * TLS proxy. Its host is accepted in the Host header (the proxy passes it
 * on) and its origin in Origin; https makes the cookies Secure. A server
 * others reach (not on loopback) must have an https one: the passwords
 * and the session cookies would otherwise cross the network in clear. */
static poa_status public_url(web_server *s, poa_error *err)
{
	const char *u = s->cfg.public_url;
	if (!s->cfg.team) {
		if (u)
			return poa_error_set(err, POA_ERR_USAGE, "--public-url is for a team server: add --team");
		return POA_OK;
	}
	if (!u) {
		if (!s->loopback)
			return poa_error_set(err, POA_ERR_USAGE,
					     "--listen %s: a team server on a non-loopback address must be reached over TLS: "
					     "give --public-url https://HOST, the address your users open through your TLS "
					     "proxy (docs/team.md)",
					     s->cfg.listen);
		return POA_OK;
	}
	int https = strncmp(u, "https://", 8) == 0;
	const char *host = https ? u + 8 : strncmp(u, "http://", 7) == 0 ? u + 7 : NULL;
	if (!host || (!https && !s->loopback))
		return poa_error_set(err, POA_ERR_USAGE,
				     "--public-url %s: give the https:// address your users open through your TLS proxy "
				     "(e.g. https://poa.example.com)",
				     u);
	size_t n = strcspn(host, "/?#");
	if (!n || n >= 150 || (host[n] && strcmp(host + n, "/") != 0) || memchr(host, '@', n))
		return poa_error_set(err, POA_ERR_USAGE,
				     "--public-url %s: give the scheme and host only (https://poa.example.com); poa serve "
				     "is served at the root of its host",
				     u);
	snprintf(s->origin, sizeof s->origin, "%s%.*s", https ? "https://" : "http://", (int)n, host);
	snprintf(s->hosts[2], sizeof s->hosts[2], "%.*s", (int)n, host);
	/* A browser leaves the default port out; a proxy may put it in. */
	const char *bracket = host[0] == '[' ? memchr(host, ']', n) : NULL;
	int has_port = host[0] == '[' ? bracket && bracket + 1 < host + n && bracket[1] == ':' : memchr(host, ':', n) != NULL;
	if (!has_port)
		snprintf(s->hosts[3], sizeof s->hosts[3], "%.*s:%d", (int)n, host, https ? 443 : 80);
	s->secure = https;
	return POA_OK;
}

poa_status web_server_start(const web_config *cfg, web_server **out, poa_error *err)
{
	*out = NULL;
	web_server *s = calloc(1, sizeof *s);
	if (!s)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	s->cfg = *cfg;
	if (!s->cfg.max_body)
		s->cfg.max_body = WEB_MAX_BODY_DEFAULT;
	if (!s->cfg.max_upload)
		s->cfg.max_upload = WEB_MAX_UPLOAD_DEFAULT;
	if (!s->cfg.session_idle)
		s->cfg.session_idle = WEB_SESSION_IDLE_DEFAULT;
	if (!s->cfg.session_max)
		s->cfg.session_max = WEB_SESSION_MAX_DEFAULT;
	poa_status st = web_parse_listen(cfg->listen, cfg->team, s->host, sizeof s->host, &s->port, &s->v6,
					 &s->loopback, err);
	if (!st)
		st = public_url(s, err);
	if (!st && !web_random_hex(s->token, 32))
		st = poa_error_set(err, POA_ERR_IO, "no randomness for the access token: %s", strerror(errno));
	if (!st)
		st = web_mhd_load(&s->mhd, err);
	if (!st)
		st = poa_kb_load(cfg->kb_dir, &s->kb, err);
	if (!st)
		st = poa_db_open(cfg->db_path, &s->db, err);
	if (!st)
		poa_db_set_front(s->db, POA_FRONT_WEB);
	long long owners = 0;
	if (!st && cfg->team && (st = poa_db_owner_count(s->db, &owners, err)) == POA_OK && !owners)
		st = poa_error_set(err, POA_ERR_USAGE,
				   "poa serve --team: the store has no user who owns it; add one first: poa user add NAME "
				   "--role owner --password-file FILE");
	if (st) {
		server_free(s);
		return st;
	}
	struct sockaddr_in a4 = {0};
	struct sockaddr_in6 a6 = {0};
	struct sockaddr *sa;
	if (s->v6) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)s->port);
		inet_pton(AF_INET6, s->host, &a6.sin6_addr);
		sa = (struct sockaddr *)&a6;
	} else {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)s->port);
		inet_pton(AF_INET, s->host, &a4.sin_addr);
		sa = (struct sockaddr *)&a4;
	}
	unsigned flags = cfg->no_listen ? MHD_USE_NO_LISTEN_SOCKET
					: MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | (s->v6 ? MHD_USE_IPv6 : 0);
	s->d = s->mhd->start_daemon(flags, (uint16_t)s->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, sa,
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_UNESCAPE_CALLBACK,
				unescape, NULL, MHD_OPTION_END);
	if (!s->d) {
		server_free(s);
		return poa_error_set(err, POA_ERR_IO, "cannot listen on %s: the port is taken or not allowed", cfg->listen);
	}
	const union MHD_DaemonInfo *info = cfg->no_listen ? NULL : s->mhd->get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	if (info && info->port)
		s->port = info->port;
	const char *hostfmt = s->v6 ? "[%s]:%u" : "%s:%u";
	snprintf(s->hosts[0], sizeof s->hosts[0], hostfmt, s->host, s->port);
	snprintf(s->hosts[1], sizeof s->hosts[1], "localhost:%u", s->port);
	char url[512];
	/* A team server prints where it listens; users open --public-url. */
	if (cfg->team)
		snprintf(url, sizeof url, "http://%s/", s->hosts[0]);
	else
		snprintf(url, sizeof url, "http://%s/?token=%s", s->hosts[0], s->token);
	if (cfg->ready)
		cfg->ready(url, cfg->ready_ctx);
	*out = s;
	return POA_OK;
}

struct MHD_Daemon *web_server_daemon(web_server *s)
{
	return s->d;
}

void web_server_stop(web_server *s)
{
	if (!s)
		return;
	s->mhd->stop_daemon(s->d);
	server_free(s);
}

poa_status web_serve(const web_config *cfg, poa_error *err)
{
	/* SIGINT and SIGTERM are waited for below: block them before the
	 * server's thread starts, so that it inherits the mask. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	web_server *s = NULL;
	poa_status st = web_server_start(cfg, &s, err);
	if (st)
		return st;
	int sig = 0;
	sigwait(&stop, &sig);
	web_server_stop(s);
	return POA_OK;
}
