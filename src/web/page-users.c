/* page-users.c — an owner's Users page (poa serve --team, GET /users):
 * every user with their role, seller accounts and open sessions; a form
 * per user to change the role and accounts (as poa user set does, the
 * accounts always given: none ticked takes every one away); a Remove
 * button that asks first (GET /users/NAME/remove, whose form posts); a
 * Password button to a page that sets a new one, typed twice (GET and
 * POST /users/NAME/password, as poa user passwd does); and a form to add
 * a user (as poa user add does, the password typed twice).
 *
 * The forms answer with a redirect back (?msg=...) or, when refused, the
 * page again with the store's message and the status the JSON API gives
 * (422 bad input, 404 an unknown user or account, 409 the last owner),
 * what was typed in the add form kept but the passwords. The work is the
 * store's, through the same calls as POST, PATCH and DELETE /api/users
 * (actions.c, team.c). routes.c lets owners only in (WEB_OWNER). */
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a refused form leaves on the page. */
typedef struct users_view {
	const char *error;            /* the refusal, shown at the top */
	const char *name, *role;      /* the add form, as typed */
	const char *const *stores;    /* its accounts ticked */
	size_t nstores;
} users_view;

static const char *str_of(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Whether name is one of the n strings of list. */
static int listed(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] && strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

/* The values of every form field called name (checkboxes repeat it), at
 * most max; the strings are the request's. */
static size_t fields_named(web_req *r, const char *name, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfields && n < max; i++)
		if (!r->fields[i].filename && strcmp(r->fields[i].name, name) == 0)
			out[n++] = r->fields[i].value;
	return n;
}

/* The user's accounts as an array of names (json_t strings) into names. */
static size_t names_of(json_t *stores, const char **names, size_t max)
{
	size_t n = 0, i;
	json_t *s;
	json_array_foreach(stores, i, s) if (n < max && json_is_string(s)) names[n++] = json_string_value(s);
	return n;
}

/* <select name="role"> with role chosen; form: the form it belongs to
 * (NULL: the one it stands in). */
static void role_select(web_req *r, const char *id, const char *form, const char *role)
{
	poa_buf *b = &r->out;
	poa_buf_printf(b, "<select name=\"role\" id=\"%s\"", id);
	if (form)
		poa_buf_printf(b, " form=\"%s\"", form);
	poa_buf_adds(b, ">");
	for (poa_role k = POA_ROLE_OWNER; k >= POA_ROLE_VIEWER; k--) {
		const char *name = poa_role_name(k);
		poa_buf_printf(b, "<option value=\"%s\"%s>", name, strcmp(name, role) == 0 ? " selected" : "");
		h_esc(b, web_role_word(r, k));
		poa_buf_adds(b, "</option>");
	}
	poa_buf_adds(b, "</select>");
}

/* A checkbox "store" for each seller account, those of ticked checked. */
static void store_boxes(web_req *r, json_t *all, const char *form, const char *const *ticked, size_t nticked)
{
	poa_buf *b = &r->out;
	if (!json_array_size(all)) {
		h_str(r, "<span class=\"help\">", S_NO_STORES_YET, "</span>");
		return;
	}
	poa_buf_adds(b, "<span class=\"stores\">");
	size_t i;
	json_t *s;
	json_array_foreach(all, i, s) {
		const char *name = str_of(s, "name");
		poa_buf_adds(b, "<label class=\"check\"><input type=\"checkbox\" name=\"store\" value=\"");
		h_esc(b, name);
		poa_buf_adds(b, "\"");
		if (form)
			poa_buf_printf(b, " form=\"%s\"", form);
		poa_buf_printf(b, "%s> ", listed(name, ticked, nticked) ? " checked" : "");
		h_esc(b, name);
		poa_buf_adds(b, "</label> ");
	}
	poa_buf_adds(b, "</span>");
}

/* What the user's accounts come to: every one for an owner, else the
 * list, or none. */
static void stores_now(web_req *r, json_t *u)
{
	poa_buf *b = &r->out;
	json_t *stores = json_object_get(u, "stores");
	poa_buf_adds(b, "<span class=\"stores-now\">");
	if (strcmp(str_of(u, "role"), "owner") == 0) {
		h_esc(b, T(r, S_ALL_STORES));
	} else if (!json_array_size(stores)) {
		h_esc(b, T(r, S_NO_STORE_GIVEN));
	} else {
		size_t i;
		json_t *s;
		json_array_foreach(stores, i, s) {
			poa_buf_adds(b, i ? ", " : "");
			h_esc(b, json_string_value(s));
		}
	}
	poa_buf_adds(b, "</span><br>");
}

static void sessions_cell(web_req *r, json_t *u)
{
	json_t *n = json_object_get(u, "sessions");
	if (!json_is_integer(n) || json_integer_value(n) <= 0) {
		h_esc(&r->out, T(r, S_SESSIONS_NONE));
		return;
	}
	char s[96];
	if (json_integer_value(n) == 1)
		snprintf(s, sizeof s, "%s", T(r, S_SESSION_OPEN));
	else
		snprintf(s, sizeof s, T(r, S_SESSIONS_OPEN), (long)json_integer_value(n));
	h_esc(&r->out, s);
}

/* The path of a user's page or action: /users/NAME plus rest. */
static void user_path(poa_buf *b, const char *name, const char *rest)
{
	poa_buf_adds(b, "/users/");
	h_url(b, name);
	poa_buf_adds(b, rest);
}

/* Whether name is the owner looking at the page. */
static int is_you(web_req *r, const char *name)
{
	return web_user(r) && strcmp(name, web_user(r)->name) == 0;
}

/* A refusal at the top of a page (NULL: none). */
static void error_line(web_req *r, const char *error)
{
	if (!error)
		return;
	poa_buf_adds(&r->out, "<p class=\"error-message\" id=\"error\" role=\"alert\">");
	h_esc(&r->out, error);
	poa_buf_adds(&r->out, "</p>\n");
}

/* The name, marked when it is the owner looking. */
static void name_cell(web_req *r, const char *name)
{
	poa_buf *b = &r->out;
	poa_buf_adds(b, "<td class=\"name\"><strong>");
	h_esc(b, name);
	poa_buf_adds(b, "</strong>");
	if (is_you(r, name))
		h_str(r, " <span class=\"you\">", S_YOU, "</span>");
	poa_buf_adds(b, "</td>");
}

/* The user as the form was made on them: a change or removal posted
 * after someone else changed them changes nothing (409). */
static void h_etag(web_req *r, json_t *u)
{
	poa_buf_adds(&r->out, "<input type=\"hidden\" name=\"etag\" value=\"");
	h_esc(&r->out, str_of(u, "etag"));
	poa_buf_adds(&r->out, "\">");
}

/* The change form (its fields stand in the other cells, form="FORM") with
 * its Save button, and the Remove button, which asks first. */
static void actions_cell(web_req *r, json_t *u, const char *form)
{
	poa_buf *b = &r->out;
	const char *name = str_of(u, "name");
	poa_buf_printf(b, "<td class=\"actions\"><form method=\"post\" id=\"%s\" class=\"user-set\" action=\"", form);
	user_path(b, name, "");
	poa_buf_adds(b, "\">");
	h_csrf(r);
	h_etag(r, u);
	h_str(r, "<button type=\"submit\" class=\"save-user\">", S_SAVE, "</button></form> ");
	poa_buf_adds(b, "<form method=\"get\" class=\"user-password\" action=\"");
	user_path(b, name, "/password");
	h_str(r, "\"><button type=\"submit\" class=\"password-user\">", S_SET_PASSWORD, "</button></form> ");
	poa_buf_adds(b, "<form method=\"get\" class=\"user-remove\" action=\"");
	user_path(b, name, "/remove");
	h_str(r, "\"><button type=\"submit\" class=\"danger remove-user\">", S_REMOVE, "</button></form></td>");
}

/* One user's row; its change form is "uf-I". */
static void user_row(web_req *r, size_t i, json_t *u, json_t *all)
{
	poa_buf *b = &r->out;
	const char *name = str_of(u, "name");
	char form[32], role_id[40];
	snprintf(form, sizeof form, "uf-%zu", i);
	snprintf(role_id, sizeof role_id, "role-%zu", i);
	poa_buf_adds(b, "<tr data-user=\"");
	h_esc(b, name);
	poa_buf_adds(b, "\">");
	name_cell(r, name);
	poa_buf_adds(b, "<td>");
	role_select(r, role_id, form, str_of(u, "role"));
	poa_buf_adds(b, "</td><td>");
	stores_now(r, u);
	const char *mine[WEB_MAX_STORES];
	store_boxes(r, all, form, mine, names_of(json_object_get(u, "stores"), mine, WEB_MAX_STORES));
	poa_buf_adds(b, "</td><td class=\"sessions\">");
	sessions_cell(r, u);
	poa_buf_adds(b, "</td><td>");
	h_esc(b, str_of(u, "created"));
	poa_buf_adds(b, "</td>");
	actions_cell(r, u, form);
	poa_buf_adds(b, "</tr>\n");
}

static void users_table(web_req *r, json_t *users, json_t *all)
{
	poa_buf *b = &r->out;
	static const web_str heads[] = {S_USER_NAME, S_ROLE, S_STORES, S_SESSIONS, S_ADDED, S_ACTIONS};
	poa_buf_adds(b, "<table class=\"cases users\" id=\"users\">\n<thead><tr>");
	for (size_t k = 0; k < sizeof heads / sizeof *heads; k++) {
		h_str(r, "<th>", heads[k], "</th>");
	}
	poa_buf_adds(b, "</tr></thead>\n<tbody>\n");
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) user_row(r, i, u, all);
	h_str(r, "</tbody>\n</table>\n<p class=\"help\">", S_STORES_HELP, "</p>\n");
}

/* A labelled input of the add form; value NULL: none (a password). */
static void add_input(web_req *r, const char *id, const char *name, const char *type, web_str label,
		      const char *value, const char *attrs)
{
	poa_buf *b = &r->out;
	poa_buf_printf(b, "<label for=\"%s\">", id);
	h_esc(b, T(r, label));
	poa_buf_printf(b, "</label>\n<input type=\"%s\" id=\"%s\" name=\"%s\" %s", type, id, name, attrs);
	if (value) {
		poa_buf_adds(b, " value=\"");
		h_esc(b, value);
		poa_buf_adds(b, "\"");
	}
	poa_buf_adds(b, ">\n");
}

/* The password and the same again (ids ID and ID2), with the help. */
static void password_pair(web_req *r, const char *id, web_str label)
{
	char again[48];
	snprintf(again, sizeof again, "%s2", id);
	add_input(r, id, "password", "password", label, NULL, "required autocomplete=\"new-password\"");
	h_str(r, "<span class=\"help\">", S_PASSWORD_HELP, "</span><br>\n");
	add_input(r, again, "password2", "password", S_PASSWORD_AGAIN, NULL, "required autocomplete=\"new-password\"");
}

static void add_form(web_req *r, json_t *all, const users_view *v)
{
	poa_buf *b = &r->out;
	h_str(r, "<section id=\"add\">\n<h2>", S_ADD_USER, "</h2>\n");
	poa_buf_adds(b, "<form method=\"post\" action=\"/users\" id=\"add-user-form\" class=\"add-user\">");
	h_csrf(r);
	poa_buf_adds(b, "\n");
	add_input(r, "new-name", "name", "text", S_USER_NAME, v->name ? v->name : "",
		  "required maxlength=\"64\" autocomplete=\"off\"");
	h_str(r, "<span class=\"help\">", S_USER_NAME_HELP, "</span><br>\n");
	h_str(r, "<label for=\"new-role\">", S_ROLE, "</label>\n");
	role_select(r, "new-role", NULL, v->role ? v->role : "operator");
	h_str(r, "<br>\n<label>", S_STORES, "</label>\n");
	store_boxes(r, all, NULL, v->stores, v->nstores);
	poa_buf_adds(b, "<br>\n");
	password_pair(r, "new-password", S_PASSWORD);
	h_str(r, "<p><button type=\"submit\" id=\"add-user\">", S_ADD_USER, "</button></p>\n</form>\n</section>\n");
}

/* ?msg= of the redirect after a change. */
static void flash(web_req *r)
{
	static const struct {
		const char *key;
		web_str s;
	} msgs[] = {{"added", S_USER_ADDED},
		    {"changed", S_USER_CHANGED},
		    {"removed", S_USER_REMOVED},
		    {"password", S_PASSWORD_SET}};
	const char *m = web_query(r, "msg");
	for (size_t i = 0; m && i < sizeof msgs / sizeof *msgs; i++)
		if (strcmp(m, msgs[i].key) == 0) {
			h_str(r, "<p class=\"flash ok\" id=\"flash\">", msgs[i].s, "</p>\n");
		}
}

/* The users and the accounts from the store: 1, or 0 with the failure
 * answered. The caller frees both. */
static int load(web_req *r, json_t **users, json_t **all)
{
	poa_error err = {0};
	char *text = NULL;
	*all = NULL;
	*users = web_users(r, &err);
	if (*users && poa_db_stores_json(web_db(r), &text, &err) == POA_OK &&
	    !(*all = json_loads(text, 0, NULL)))
		poa_error_set(&err, POA_ERR_NOMEM, "out of memory");
	free(text);
	if (*users && *all)
		return 1;
	json_decref(*users);
	web_fail(r, &err);
	return 0;
}

/* The page with status: 200, or a refused form's (v->error). */
static void render(web_req *r, int status, const users_view *v)
{
	json_t *users, *all;
	r->out.len = 0;
	if (!load(r, &users, &all))
		return;
	poa_buf *b = &r->out;
	page_begin(r, T(r, S_USERS));
	h_str(r, "<h1>", S_USERS, "");
	poa_buf_printf(b, " <span class=\"count\">(%zu)</span></h1>\n", json_array_size(users));
	flash(r);
	error_line(r, v->error);
	h_str(r, "<p class=\"help\">", S_USERS_HELP, "</p>\n");
	users_table(r, users, all);
	add_form(r, all, v);
	page_end(r);
	r->status = status;
	json_decref(users);
	json_decref(all);
}

/* A change done: back to the list; refused: the page with the store's
 * message and the status the API would give. */
static void answer(web_req *r, poa_status st, const poa_error *err, const char *msg, const users_view *v)
{
	if (!st) {
		web_redirect(r, "/users?msg=%s", msg);
		return;
	}
	/* The store failing is no refusal of the form: its error page. */
	if (web_http_status(st) == 500) {
		web_fail(r, err);
		return;
	}
	users_view shown = *v;
	shown.error = err->message;
	render(r, web_http_status(st), &shown);
}

void page_users(web_req *r, char **args)
{
	(void)args;
	if (web_team_only(r))
		render(r, 200, &(users_view){0});
}

/* The form's password, typed twice as poa user add asks for it at a
 * terminal (a typing mistake would leave a user nobody can sign in as);
 * NULL with err filled when the two differ or one is missing. */
static const char *password_twice(web_req *r, poa_error *err)
{
	const char *pw = web_field_get(r, "password"), *again = web_field_get(r, "password2");
	if (pw && again && strcmp(pw, again) == 0)
		return pw;
	poa_error_set(err, POA_ERR_USAGE, "%s", T(r, S_PASSWORDS_DIFFER));
	return NULL;
}

void act_user_add(web_req *r, char **args)
{
	(void)args;
	if (!web_team_only(r))
		return;
	const char *stores[WEB_MAX_STORES];
	users_view v = {.name = web_field_get(r, "name"), .role = web_field_get(r, "role"), .stores = stores};
	v.nstores = fields_named(r, "store", stores, WEB_MAX_STORES);
	poa_error err = {0};
	const char *pw = password_twice(r, &err);
	poa_status st = pw ? web_user_add(r, v.name, v.role, stores, v.nstores, pw, &err) : POA_ERR_USAGE;
	answer(r, st, &err, "added", &v);
}

void act_user_set(web_req *r, char **args)
{
	if (!web_team_only(r))
		return;
	const char *stores[WEB_MAX_STORES];
	size_t n = fields_named(r, "store", stores, WEB_MAX_STORES);
	poa_error err = {0};
	/* The form shows every account with the user's ticked: what comes
	 * back is the whole new list, none ticked taking every one away. */
	poa_status st =
		web_user_set(r, args[0], web_field_get(r, "etag"), web_field_get(r, "role"), 1, stores, n, &err);
	answer(r, st, &err, "changed", &(users_view){0});
}

/* The user of that name in the list, or NULL. */
static json_t *find_user(json_t *users, const char *name)
{
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) if (strcmp(str_of(u, "name"), name) == 0) return u;
	return NULL;
}

/* The start of a page about one user (the remove and password pages):
 * its title, from title_fmt and the name, as the heading. */
static void user_page_begin(web_req *r, web_str title_fmt, const char *name)
{
	char title[200];
	snprintf(title, sizeof title, T(r, title_fmt), name);
	page_begin(r, title);
	poa_buf_adds(&r->out, "<h1>");
	h_esc(&r->out, title);
	poa_buf_adds(&r->out, "</h1>\n");
}

/* The form of such a page: its help, the warning when the user is the one
 * signed in, and the form's start, posting to /users/NAME/action. */
static void user_form(web_req *r, const char *name, web_str help, web_str self, const char *action)
{
	poa_buf *b = &r->out;
	h_str(r, "<p>", help, "</p>\n");
	if (is_you(r, name)) {
		poa_buf_printf(b, "<p class=\"flash warn\" id=\"%s-self\">", action);
		h_esc(b, T(r, self));
		poa_buf_adds(b, "</p>\n");
	}
	poa_buf_printf(b, "<form method=\"post\" id=\"%s-form\" action=\"", action);
	user_path(b, name, "/");
	poa_buf_adds(b, action);
	poa_buf_adds(b, "\">");
	h_csrf(r);
}

/* The page that asks before a user is removed; its form posts. */
static void confirm_remove(web_req *r, json_t *u)
{
	const char *name = str_of(u, "name");
	user_page_begin(r, S_REMOVE_USER, name);
	user_form(r, name, S_REMOVE_HELP, S_REMOVE_SELF, "remove");
	h_etag(r, u);
	h_str(r, "<button type=\"submit\" class=\"danger\" id=\"confirm-remove\">", S_REMOVE, "</button> ");
	h_str(r, "<a href=\"/users\" id=\"cancel-remove\">", S_CANCEL, "</a></form>\n");
	page_end(r);
}

/* The users and the one named name among them (the caller frees *users);
 * NULL with the failure answered: the store's error page, or the list with
 * a 404 when there is no such user. */
static json_t *user_named(web_req *r, const char *name, json_t **users)
{
	poa_error err = {0};
	*users = web_users(r, &err);
	if (!*users) {
		web_fail(r, &err);
		return NULL;
	}
	json_t *u = find_user(*users, name);
	if (!u) {
		poa_error_set(&err, POA_ERR_NOT_FOUND, "no user named '%s'; the Users page lists them", name);
		render(r, 404, &(users_view){.error = err.message});
	}
	return u;
}

void page_user_remove(web_req *r, char **args)
{
	if (!web_team_only(r))
		return;
	json_t *users, *u = user_named(r, args[0], &users);
	if (u)
		confirm_remove(r, u);
	json_decref(users);
}

void act_user_remove(web_req *r, char **args)
{
	if (!web_team_only(r))
		return;
	poa_error err = {0};
	const char *etag = web_field_get(r, "etag");
	poa_status st = poa_db_user_remove_if(web_db(r), args[0], etag && *etag ? etag : NULL, &err);
	answer(r, st, &err, "removed", &(users_view){0});
}

/* The page that sets a user's password, with the refusal of the last try
 * (error, or NULL) and its status. */
static void password_page(web_req *r, int status, const char *name, const char *error)
{
	r->out.len = 0;
	user_page_begin(r, S_PASSWORD_FOR, name);
	error_line(r, error);
	user_form(r, name, S_PASSWORD_FOR_HELP, S_PASSWORD_SELF, "password");
	poa_buf_adds(&r->out, "\n");
	password_pair(r, "set-password", S_NEW_PASSWORD);
	h_str(r, "<p><button type=\"submit\" id=\"confirm-password\">", S_SAVE, "</button> ");
	h_str(r, "<a href=\"/users\" id=\"cancel-password\">", S_CANCEL, "</a></p></form>\n");
	page_end(r);
	r->status = status;
}

void page_user_password(web_req *r, char **args)
{
	if (!web_team_only(r))
		return;
	json_t *users, *u = user_named(r, args[0], &users);
	if (u)
		password_page(r, 200, args[0], NULL);
	json_decref(users);
}

void act_user_password(web_req *r, char **args)
{
	if (!web_team_only(r))
		return;
	poa_error err = {0};
	const char *pw = password_twice(r, &err);
	poa_status st = pw ? web_user_passwd(r, args[0], pw, &err) : POA_ERR_USAGE;
	if (!st)
		web_redirect(r, "/users?msg=password");
	else if (st == POA_ERR_NOT_FOUND || web_http_status(st) == 500)
		answer(r, st, &err, "", &(users_view){0});   /* the list, or the error page */
	else
		password_page(r, web_http_status(st), args[0], err.message);
}
