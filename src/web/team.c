/* team.c — signing in and out of poa serve --team, as a page (GET and
 * POST /login, POST /logout) and as JSON (POST /api/login, POST
 * /api/logout, GET /api/me), and the owner's users as JSON: the list with
 * live sessions and etags (GET /api/users), a user added (POST
 * /api/users), a role or seller accounts changed (PATCH /api/users/NAME,
 * with "etag" only if still as seen), a user removed (DELETE
 * /api/users/NAME, with If-Match: only if still as seen), a new password
 * (POST /api/users/NAME/password). The Users page (page-users.c) does the
 * same through the same calls.
 *
 * The store does the work: poa_db_login() checks the password and counts
 * the failures (per name and per client, for every server of the team),
 * poa_db_session_new() draws the session id and its CSRF token. Every
 * sign-in gets a new session, whatever cookie came with it (a session
 * fixed beforehand by someone else is never the one signed in). The form's
 * own CSRF defence, before there is a session, is a double-submit token: a
 * random value in an HttpOnly cookie set by GET /login and in the form. */
#include "session.h"
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *web_role_word(web_req *r, poa_role role)
{
	return T(r, role == POA_ROLE_OWNER ? S_ROLE_OWNER : role == POA_ROLE_OPERATOR ? S_ROLE_OPERATOR : S_ROLE_VIEWER);
}

int web_team_only(web_req *r)
{
	if (web_team(r))
		return 1;
	web_error(r, 404, "no such page: signing in and users are for poa serve --team");
	return 0;
}

/* Where to go after signing in: a path of this server only (never
 * "//host" or "/\host", which browsers take for another site). */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
			return "/";
	if (strncmp(next, "/login", 6) == 0 || strncmp(next, "/logout", 7) == 0)
		return "/";
	return next;
}

static void login_form(web_req *r, const char *token, const char *name, const char *next, const char *error,
		       const char *notice)
{
	poa_buf *b = &r->out;
	r->out.len = 0;
	page_begin(r, T(r, S_SIGN_IN));
	poa_buf_adds(b, "<h1>");
	h_esc(b, T(r, S_SIGN_IN));
	poa_buf_adds(b, "</h1>\n");
	if (notice) {
		poa_buf_adds(b, "<p class=\"flash ok\" id=\"flash\">");
		h_esc(b, notice);
		poa_buf_adds(b, "</p>\n");
	}
	if (error) {
		poa_buf_adds(b, "<p class=\"error-message\" id=\"error\">");
		h_esc(b, error);
		poa_buf_adds(b, "</p>\n");
	}
	poa_buf_adds(b, "<p class=\"help\">");
	h_esc(b, T(r, S_SIGN_IN_HELP));
	poa_buf_adds(b, "</p>\n<form method=\"post\" action=\"/login\" id=\"login-form\" class=\"login\">"
			"<input type=\"hidden\" name=\"csrf\" value=\"");
	h_esc(b, token);
	poa_buf_adds(b, "\"><input type=\"hidden\" name=\"next\" value=\"");
	h_esc(b, safe_next(next));
	poa_buf_adds(b, "\">\n<label for=\"login-name\">");
	h_esc(b, T(r, S_USER_NAME));
	poa_buf_adds(b, "</label>\n<input type=\"text\" id=\"login-name\" name=\"name\" autocomplete=\"username\" "
			"required value=\"");
	h_esc(b, name);
	poa_buf_adds(b, "\">\n<label for=\"login-password\">");
	h_esc(b, T(r, S_PASSWORD));
	poa_buf_adds(b, "</label>\n<input type=\"password\" id=\"login-password\" name=\"password\" "
			"autocomplete=\"current-password\" required>\n<p><button type=\"submit\" id=\"sign-in\">");
	h_esc(b, T(r, S_SIGN_IN_BUTTON));
	poa_buf_adds(b, "</button></p>\n</form>\n");
	page_end(r);
}

void page_login(web_req *r, char **args)
{
	(void)args;
	if (!web_team_only(r))
		return;
	const char *next = web_query(r, "next");
	if (r->signed_in) {
		web_redirect(r, "%s", safe_next(next));
		return;
	}
	char token[65];
	if (!web_random_hex(token, 32)) {
		web_error(r, 500, "no randomness for the sign-in form");
		return;
	}
	web_set_cookie(r, 2, "poa_login", token, -1);
	const char *notice = NULL;
	if (web_query(r, "out"))
		notice = T(r, S_SIGNED_OUT);
	const char *q = web_query(r, "ended");
	login_form(r, token, "", next, q ? T(r, S_SESSION_ENDED) : NULL, notice);
}

/* Checks the name and password; on success a new session, its cookie
 * set, and 0; else the HTTP status of the refusal (401, 429 with *retry
 * seconds, or the store's error) with its message. */
static int sign_in(web_req *r, const char *name, const char *password, poa_session *ps, long *retry,
		   char *message, size_t size)
{
	char client[72];
	web_client(r, client, sizeof client);
	poa_user user;
	poa_error err = {0};
	*retry = 0;
	time_t now = time(NULL);
	poa_status st = poa_db_login(web_db(r), name ? name : "", password ? password : "", client, now, &user, retry,
				     &err);
	if (st == POA_ERR_AUTH && *retry > 0) {
		snprintf(message, size, T(r, S_LOGIN_LIMITED), *retry);
		r->retry_after = *retry;
		return 429;
	}
	if (st == POA_ERR_AUTH) {
		snprintf(message, size, "%s", T(r, S_LOGIN_WRONG));
		return 401;
	}
	if (!st && r->signed_in) {
		/* Signing in again ends the session the browser had: a cookie
		 * planted before must never turn into a signed-in session. */
		poa_error e;
		poa_db_session_end(web_db(r), r->team_session.sid, &e);
		r->signed_in = 0;
	}
	if (!st)
		st = poa_db_session_new(web_db(r), &user, now, ps, &err);
	if (!st) {
		/* Housekeeping at each sign-in: the sessions of browsers that
		 * never came back. A failure here costs nobody their sign-in. */
		poa_error e;
		long idle, max_age;
		web_session_limits(r, &idle, &max_age);
		poa_db_session_prune(web_db(r), now, idle, max_age, &e);
	}
	if (st) {
		snprintf(message, size, "%s", err.message);
		return web_http_status(st);
	}
	web_set_cookie(r, 0, "poa_session", ps->id, -1);
	return 0;
}

void act_login(web_req *r, char **args)
{
	(void)args;
	if (!web_team_only(r))
		return;
	const char *name = web_field_get(r, "name"), *next = web_field_get(r, "next");
	poa_session ps;
	long retry = 0;
	char message[1100];
	int status = sign_in(r, name, web_field_get(r, "password"), &ps, &retry, message, sizeof message);
	if (status) {
		/* The same form token again: it still equals the cookie. */
		login_form(r, web_field_get(r, "csrf"), name ? name : "", next, message, NULL);
		r->status = status;
		return;
	}
	web_set_cookie(r, 2, "poa_login", "", 0);
	web_redirect(r, "%s", safe_next(next));
}

/* Ends the request's session and clears its cookie; 0 when it answered
 * (not a team server, or the store failed). */
static int sign_out(web_req *r)
{
	if (!web_team_only(r))
		return 0;
	poa_error err = {0};
	if (poa_db_session_end(web_db(r), r->team_session.sid, &err) != POA_OK) {
		web_fail(r, &err);
		return 0;
	}
	web_set_cookie(r, 0, "poa_session", "", 0);
	return 1;
}

void act_logout(web_req *r, char **args)
{
	(void)args;
	if (sign_out(r))
		web_redirect(r, "/login?out=1");
}

void api_login(web_req *r, char **args)
{
	(void)args;
	if (!web_team_only(r))
		return;
	if (!r->json) {
		web_error(r, 415, "send JSON: {\"name\": \"...\", \"password\": \"...\"}");
		return;
	}
	const char *name = json_string_value(json_object_get(r->json, "name"));
	const char *password = json_string_value(json_object_get(r->json, "password"));
	if (!name || !password) {
		web_error(r, 422, "send {\"name\": \"...\", \"password\": \"...\"}");
		return;
	}
	poa_session ps;
	long retry = 0;
	char message[1100];
	int status = sign_in(r, name, password, &ps, &retry, message, sizeof message);
	if (status == 429) {
		web_json(r, 429, json_pack("{s:s,s:i,s:I}", "error", message, "status", 429, "retry_after", (json_int_t)retry));
		return;
	}
	if (status) {
		web_error(r, status, message);
		return;
	}
	web_json(r, 200, json_pack("{s:s,s:s,s:s}", "user", ps.user.name, "role", poa_role_name(ps.user.role), "csrf",
				   ps.csrf));
}

void api_logout(web_req *r, char **args)
{
	(void)args;
	if (sign_out(r))
		web_json(r, 200, json_pack("{s:b}", "signed_out", 1));
}

void api_me(web_req *r, char **args)
{
	(void)args;
	if (!web_team_only(r))
		return;
	web_json(r, 200, json_pack("{s:s,s:s,s:s}", "user", r->user.name, "role", poa_role_name(r->user.role), "csrf",
				   r->team_session.csrf));
}

json_t *web_users(web_req *r, poa_error *err)
{
	long idle, max_age;
	web_session_limits(r, &idle, &max_age);
	char *text = NULL;
	if (poa_db_users_json(web_db(r), time(NULL), idle, max_age, &text, err) != POA_OK)
		return NULL;
	json_t *list = json_loads(text, 0, NULL);
	free(text);
	if (!list)
		poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	return list;
}

/* 200 with the users as GET /api/users lists them: after a change too,
 * so that an owner's page shows the list as it now is. */
static void answer_users(web_req *r, int status)
{
	poa_error err = {0};
	json_t *list = web_users(r, &err);
	if (list)
		web_json(r, status, list);
	else
		web_fail(r, &err);
}

void api_users(web_req *r, char **args)
{
	(void)args;
	if (!web_team_only(r))
		return;
	answer_users(r, 200);
}

/* The strings of a JSON array of store names (NULL: none given) into a
 * list the caller frees (its strings are the JSON's); 0 with the 422
 * answered when it is not such an array. */
static int json_stores(web_req *r, json_t *stores_j, const char ***out, size_t *n)
{
	*n = json_array_size(stores_j);
	*out = NULL;
	if (stores_j && !json_is_array(stores_j)) {
		web_error(r, 422, "\"stores\" is a list of seller account names");
		return 0;
	}
	if (!(*out = calloc(*n + 1, sizeof **out))) {
		web_error(r, 500, "out of memory");
		return 0;
	}
	for (size_t i = 0; i < *n; i++)
		if (!((*out)[i] = json_string_value(json_array_get(stores_j, i)))) {
			free(*out);
			*out = NULL;
			web_error(r, 422, "\"stores\" is a list of seller account names");
			return 0;
		}
	return 1;
}

void api_user_set(web_req *r, char **args)
{
	if (!web_team_only(r))
		return;
	static const char usage[] = "send {\"role\": \"owner|operator|viewer\", \"stores\": [\"...\"]}, one or both";
	json_t *role_j = r->json ? json_object_get(r->json, "role") : NULL;
	json_t *stores_j = r->json ? json_object_get(r->json, "stores") : NULL;
	if (!r->json || (!role_j && !stores_j) || (role_j && !json_is_string(role_j))) {
		web_error(r, 422, usage);
		return;
	}
	const char **stores;
	size_t n;
	if (!json_stores(r, stores_j, &stores, &n))
		return;
	poa_error err = {0};
	poa_status st = web_user_set(r, args[0], json_string_value(json_object_get(r->json, "etag")),
				     json_string_value(role_j), stores_j != NULL, stores, n, &err);
	free(stores);
	if (st)
		web_fail(r, &err);
	else
		answer_users(r, 200);
}

void api_user_password(web_req *r, char **args)
{
	if (!web_team_only(r))
		return;
	json_t *pw_j = r->json ? json_object_get(r->json, "password") : NULL;
	if (!json_is_string(pw_j)) {
		web_error(r, 422, "send {\"password\": \"at least 12 characters\"}");
		return;
	}
	poa_error err = {0};
	if (web_user_passwd(r, args[0], json_string_value(pw_j), &err) != POA_OK)
		web_fail(r, &err);
	else
		answer_users(r, 200);
}

void api_user_add(web_req *r, char **args)
{
	(void)args;
	if (!web_team_only(r))
		return;
	json_t *name_j = r->json ? json_object_get(r->json, "name") : NULL;
	json_t *role_j = r->json ? json_object_get(r->json, "role") : NULL;
	json_t *pw_j = r->json ? json_object_get(r->json, "password") : NULL;
	if (!json_is_string(name_j) || !json_is_string(role_j) || !json_is_string(pw_j)) {
		web_error(r, 422, "send {\"name\": \"...\", \"role\": \"owner|operator|viewer\", \"stores\": [\"...\"], "
				  "\"password\": \"at least 12 characters\"}");
		return;
	}
	const char **stores;
	size_t n;
	if (!json_stores(r, json_object_get(r->json, "stores"), &stores, &n))
		return;
	poa_error err = {0};
	poa_status st = web_user_add(r, json_string_value(name_j), json_string_value(role_j), stores, n,
				     json_string_value(pw_j), &err);
	free(stores);
	if (st)
		web_fail(r, &err);
	else
		answer_users(r, 201);
}

void api_user_remove(web_req *r, char **args)
{
	if (!web_team_only(r))
		return;
	poa_error err = {0};
	char tag[64];
	const char *expect = web_header(r, "If-Match");
	if (expect && *expect)
		expect = web_etag_value(expect, tag, sizeof tag);
	else
		expect = NULL;
	if (poa_db_user_remove_if(web_db(r), args[0], expect, &err) != POA_OK)
		web_fail(r, &err);
	else
		answer_users(r, 200);
}
