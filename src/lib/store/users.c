/* users.c — an agency's people in the store (poa serve --team): roles,
 * adding a user, changing a password, a role or the seller accounts,
 * removing a user (never the last owner), the list of users, and what
 * each may read or change. Logins and sessions are in login.c. */
#include "db.h"
#include "buf.h"
#include "login.h"

#include <glib.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#define _(s) dgettext("poa", s)

static const char *const role_names[] = {NULL, "viewer", "operator", "owner"};

const char *poa_role_name(poa_role role)
{
	return role >= POA_ROLE_VIEWER && role <= POA_ROLE_OWNER ? role_names[role] : NULL;
}

int poa_role_parse(const char *name, poa_role *out)
{
	for (int r = POA_ROLE_VIEWER; name && r <= POA_ROLE_OWNER; r++)
		if (strcmp(name, role_names[r]) == 0) {
			*out = (poa_role)r;
			return 1;
		}
	return 0;
}

/* 1-64 of letters, digits, '.', '_', '-' and '@' (ASCII: a name is typed
 * at a login form and in commands, and must look like only itself). */
static poa_status check_name(const char *name, poa_error *err)
{
	size_t n = name ? strlen(name) : 0;
	if (n < 1 || n > 64)
		return poa_error_set(err, POA_ERR_USAGE, "a user name has 1 to 64 characters, not %zu", n);
	for (const char *p = name; *p; p++)
		if (!g_ascii_isalnum(*p) && !strchr("._-@", *p))
			return poa_error_set(err, POA_ERR_USAGE,
					     "user name '%s': use only letters, digits, '.', '_', '-' and '@'", name);
	return POA_OK;
}

poa_status login_check_password(const char *password, poa_error *err)
{
	if (!password || !g_utf8_validate(password, -1, NULL))
		return poa_error_set(err, POA_ERR_USAGE, "the password is not UTF-8 text; type it again");
	size_t bytes = strlen(password);
	glong chars = g_utf8_strlen(password, -1);
	if (chars < 12)
		return poa_error_set(err, POA_ERR_USAGE,
				     "the password has %ld characters; use at least 12 (a few words make a good one)",
				     (long)chars);
	if (bytes > LOGIN_PASSWORD_MAX)
		return poa_error_set(err, POA_ERR_USAGE, "the password is longer than %d bytes; use a shorter one",
				     LOGIN_PASSWORD_MAX);
	return POA_OK;
}

/* Gives user_id the seller account named store. */
static poa_status give_store(poa_db *db, long long user_id, const char *store, poa_error *err)
{
	long long store_id = 0;
	int found = 0;
	poa_status s = poa_db_store_check(db, store, err);
	if (!s)
		s = db_query_int(db, "SELECT id FROM stores WHERE name = ?", 0, store, &store_id, &found, err);
	sql_stmt *st;
	if (s || (s = db_prepare(db, "INSERT INTO user_stores (user_id, store_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
				 &st, err)))
		return s;
	sql_bind_int64(st, 1, user_id);
	sql_bind_int64(st, 2, store_id);
	return step_done(db, st, "giving the user the account", err);
}

static poa_status insert_user(poa_db *db, const char *name, poa_role role, const char *hash, time_t now,
			      long long *id, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "INSERT INTO users (name, role, hash, created, pw_changed) VALUES (?, ?, ?, ?, ?)"
				  " ON CONFLICT DO NOTHING RETURNING id",
				  &st, err);
	if (s)
		return s;
	char at[32];
	db_time(now, at);
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, poa_role_name(role));
	db_bind_text(st, 3, hash);
	db_bind_text(st, 4, at);
	db_bind_text(st, 5, at);
	sql_rc rc = sql_step(st);
	*id = rc == SQL_ROW ? sql_column_int64(st, 0) : 0;
	sql_finalize(st);
	if (rc == SQL_DONE && db_for_web(db))
		return poa_error_set(err, POA_ERR_INPUT,
				     "a user named '%s' exists already; Password on their row of the Users page gives "
				     "them a new one",
				     name);
	if (rc == SQL_DONE)
		return poa_error_set(err, POA_ERR_INPUT,
				     "a user named '%s' exists already in %s; poa user passwd %s gives a new password",
				     name, db->path, name);
	return rc == SQL_ROW ? POA_OK : db_fail(db, rc, "adding the user", err);
}

poa_status poa_db_user_add(poa_db *db, const char *name, poa_role role, const char *const *stores,
			   size_t nstores, const char *password, time_t now, poa_error *err)
{
	poa_status s = check_name(name, err);
	if (!s && !poa_role_name(role))
		s = poa_error_set(err, POA_ERR_USAGE, "a role is owner, operator or viewer");
	if (!s && role == POA_ROLE_OWNER && nstores)
		s = db_for_web(db) ? poa_error_set(err, POA_ERR_USAGE,
						   "an owner works every store: add '%s' with no stores, or as an operator",
						   name)
				   : poa_error_set(err, POA_ERR_USAGE,
						   "an owner works every seller account: add '%s' without --store, or as "
						   "an operator",
						   name);
	if (!s)
		s = login_check_password(password, err);
	/* Hashed before the transaction: it takes a while, and other writers
	 * need not wait for it. */
	char hash[LOGIN_HASH_MAX];
	if (!s)
		s = login_hash(password, hash, err);
	long long id = 0;
	if (!s)
		s = db_begin(db, err);
	if (s)
		return s;
	s = insert_user(db, name, role, hash, now, &id, err);
	for (size_t i = 0; !s && i < nstores; i++)
		s = give_store(db, id, stores[i], err);
	return db_end(db, s, err);
}

/* The id and role of the user of that name (role 0 when the store holds
 * a role poa does not know); POA_ERR_NOT_FOUND naming the fix when there
 * is none. */
static poa_status user_of(poa_db *db, const char *name, long long *id, poa_role *role, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT id, role FROM users WHERE name = ?", &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	sql_rc rc = sql_step(st);
	*id = rc == SQL_ROW ? sql_column_int64(st, 0) : 0;
	if (rc != SQL_ROW || !poa_role_parse(db_col(st, 1), role))
		*role = 0;
	sql_finalize(st);
	if (rc == SQL_DONE && db_for_web(db))
		return poa_error_set(err, POA_ERR_NOT_FOUND, "no user named '%s'; the Users page lists them",
				     name ? name : "");
	if (rc == SQL_DONE)
		return poa_error_set(err, POA_ERR_NOT_FOUND, "no user named '%s' in %s; poa user list shows them",
				     name ? name : "", db->path);
	return rc == SQL_ROW ? POA_OK : db_fail(db, rc, "reading the users", err);
}

/* Runs a statement that writes, with the user's id as ?1. doing: as
 * step_done's (xgettext keyword write_user_id:4). */
static poa_status write_user_id(poa_db *db, const char *sql, long long id, const char *doing, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, sql, &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, id);
	return step_done(db, st, doing, err);
}

/* The seller accounts of one user, by name, as a JSON array of names. */
static poa_status stores_of(poa_db *db, long long user_id, json_t *stores, poa_error *err)
{
	static const char *const store_col[] = {"name", NULL};
	json_t *names = json_array();
	poa_status s = db_rows_json(db,
				    "SELECT s.name FROM user_stores us JOIN stores s ON s.id = us.store_id"
				    " WHERE us.user_id = ? ORDER BY s.name",
				    user_id, store_col, names, err);
	size_t k;
	json_t *o;
	json_array_foreach(names, k, o) json_array_append(stores, json_object_get(o, "name"));
	json_decref(names);
	return s;
}

/* The user's role and seller accounts as a change form shows them, as 16
 * hex digits: the "etag" of poa_db_users_json(), which a change may
 * expect (poa_db_user_set_if) so that a form shown before another change
 * changes nothing. */
static void etag_of(const char *role, json_t *stores, char out[17])
{
	poa_buf b;
	poa_buf_init(&b);
	poa_buf_adds(&b, role ? role : "");
	size_t i;
	json_t *name;
	json_array_foreach(stores, i, name) {
		poa_buf_addc(&b, '\n');
		poa_buf_adds(&b, json_string_value(name));
	}
	char sha[65];
	db_sha256(b.data ? b.data : "", b.data ? b.len : 0, sha);
	poa_buf_free(&b);
	memcpy(out, sha, 16);
	out[16] = '\0';
}

/* POA_ERR_CONFLICT when the user (id, now role) is no longer as the
 * caller saw them (expect, an etag_of). */
static poa_status still_as_seen(poa_db *db, const char *name, long long id, poa_role role, const char *expect,
				poa_error *err)
{
	json_t *stores = json_array();
	char now[17];
	poa_status s = stores_of(db, id, stores, err);
	etag_of(poa_role_name(role), stores, now);
	json_decref(stores);
	if (!s && strcmp(now, expect) != 0)
		s = poa_error_set(err, POA_ERR_CONFLICT,
				  "'%s' was changed after this form was shown (by another owner, or in another tab); "
				  "nothing was changed: look at the user as they are now and change again",
				  name);
	return s;
}

/* What a change does to the user id (of that name, now role), inside
 * change_user()'s transaction. */
typedef poa_status (*user_change_fn)(poa_db *db, const char *name, long long id, poa_role role, const void *ctx,
				     poa_error *err);

/* Changes the user of that name in one transaction: looks them up
 * (POA_ERR_NOT_FOUND naming the fix), checks they are as expect says
 * (NULL: no check), ends their sessions, then change. Every change to a
 * user ends the sessions: a session carries the role it was opened with
 * (poa_user), and a new password, rights taken away or a removal must
 * reach a browser signed in already at once. */
static poa_status change_user(poa_db *db, const char *name, const char *expect, user_change_fn change,
			      const void *ctx, poa_error *err)
{
	long long id = 0;
	poa_role role = 0;
	poa_status s = db_begin(db, err);
	if (s)
		return s;
	s = user_of(db, name, &id, &role, err);
	if (!s && expect)
		s = still_as_seen(db, name, id, role, expect, err);
	if (!s)
		s = write_user_id(db, "DELETE FROM sessions WHERE user_id = ?", id, "ending the user's sessions", err);
	if (!s)
		s = change(db, name, id, role, ctx, err);
	return db_end(db, s, err);
}

typedef struct new_password {
	char hash[LOGIN_HASH_MAX], at[32];
} new_password;

static poa_status set_password(poa_db *db, const char *name, long long id, poa_role role, const void *ctx,
			       poa_error *err)
{
	(void)name;
	(void)role;
	const new_password *pw = ctx;
	sql_stmt *st;
	poa_status s = db_prepare(db, "UPDATE users SET hash = ?, pw_changed = ? WHERE id = ?", &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, pw->hash);
	db_bind_text(st, 2, pw->at);
	sql_bind_int64(st, 3, id);
	return step_done(db, st, "changing the password", err);
}

poa_status poa_db_user_passwd(poa_db *db, const char *name, const char *password, time_t now, poa_error *err)
{
	new_password pw;
	poa_status s = login_check_password(password, err);
	if (!s)
		s = login_hash(password, pw.hash, err);
	if (s)
		return s;
	db_time(now, pw.at);
	return change_user(db, name, NULL, set_password, &pw, err);
}

/* Refuses a change that takes the last owner away (removed, or made an
 * operator or viewer): nobody could then manage the users, and poa serve
 * --team would not start. Inside the change's transaction, so that two
 * owners demoting each other cannot both pass. */
static poa_status keep_an_owner(poa_db *db, const char *name, int removing, poa_error *err)
{
	long long owners = 0;
	poa_status s = poa_db_owner_count(db, &owners, err);
	if (s || owners > 1)
		return s;
	if (db_for_web(db))
		return removing ? poa_error_set(err, POA_ERR_CONFLICT,
						"'%s' is the last owner and cannot be removed; make another user an "
						"owner first",
						name)
				: poa_error_set(err, POA_ERR_CONFLICT,
						"'%s' is the last owner and must stay an owner; make another user an "
						"owner first",
						name);
	return removing ? poa_error_set(err, POA_ERR_CONFLICT,
					"'%s' is the last owner in %s and cannot be removed; add another owner first: "
					"poa user add NAME --role owner",
					name, db->path)
			: poa_error_set(err, POA_ERR_CONFLICT,
					"'%s' is the last owner in %s and must stay an owner; add another owner "
					"first: poa user add NAME --role owner",
					name, db->path);
}

typedef struct new_rights {
	poa_role role; /* 0: kept */
	int set_stores;
	const char *const *stores;
	size_t nstores;
} new_rights;

static poa_status set_rights(poa_db *db, const char *name, long long id, poa_role was, const void *ctx,
			     poa_error *err)
{
	const new_rights *to = ctx;
	poa_role becomes = to->role ? to->role : was;
	poa_status s = POA_OK;
	if (becomes == POA_ROLE_OWNER && to->set_stores && to->nstores)
		s = poa_error_set(err, POA_ERR_USAGE,
				  "an owner works every seller account: give '%s' no seller accounts, or make them an "
				  "operator",
				  name);
	if (!s && was == POA_ROLE_OWNER && becomes != POA_ROLE_OWNER)
		s = keep_an_owner(db, name, 0, err);
	if (!s && becomes != was) {
		sql_stmt *st;
		if (!(s = db_prepare(db, "UPDATE users SET role = ? WHERE id = ?", &st, err))) {
			db_bind_text(st, 1, poa_role_name(becomes));
			sql_bind_int64(st, 2, id);
			s = step_done(db, st, "changing the role", err);
		}
	}
	/* An owner is given every account: accounts kept from before would
	 * come back unasked were they made an operator again. */
	if (!s && (to->set_stores || becomes == POA_ROLE_OWNER))
		s = write_user_id(db, "DELETE FROM user_stores WHERE user_id = ?", id, "changing the user's accounts", err);
	for (size_t i = 0; !s && to->set_stores && i < to->nstores; i++)
		s = give_store(db, id, to->stores[i], err);
	return s;
}

poa_status poa_db_user_set(poa_db *db, const char *name, poa_role role, int set_stores, const char *const *stores,
			   size_t nstores, poa_error *err)
{
	return poa_db_user_set_if(db, name, NULL, role, set_stores, stores, nstores, err);
}

poa_status poa_db_user_set_if(poa_db *db, const char *name, const char *expect, poa_role role, int set_stores,
			      const char *const *stores, size_t nstores, poa_error *err)
{
	if (role && !poa_role_name(role))
		return poa_error_set(err, POA_ERR_USAGE, "a role is owner, operator or viewer");
	if (!role && !set_stores)
		return poa_error_set(err, POA_ERR_USAGE,
				     "nothing to change for '%s': give a new role, or a new list of seller accounts "
				     "(an empty one takes them all away)",
				     name ? name : "");
	new_rights to = {role, set_stores, stores, nstores};
	return change_user(db, name, expect, set_rights, &to, err);
}

static poa_status delete_user(poa_db *db, const char *name, long long id, poa_role role, const void *ctx,
			      poa_error *err)
{
	(void)ctx;
	poa_status s = role == POA_ROLE_OWNER ? keep_an_owner(db, name, 1, err) : POA_OK;
	/* The timeline keeps the name: events.actor is the name as written,
	 * not a reference to the user. */
	if (!s)
		s = write_user_id(db, "DELETE FROM user_stores WHERE user_id = ?", id, "removing the user", err);
	if (!s)
		s = write_user_id(db, "DELETE FROM users WHERE id = ?", id, "removing the user", err);
	return s;
}

poa_status poa_db_user_remove(poa_db *db, const char *name, poa_error *err)
{
	return poa_db_user_remove_if(db, name, NULL, err);
}

poa_status poa_db_user_remove_if(poa_db *db, const char *name, const char *expect, poa_error *err)
{
	return change_user(db, name, expect, delete_user, NULL, err);
}

poa_status poa_db_owner_count(poa_db *db, long long *n, poa_error *err)
{
	int found;
	return db_query_int(db, "SELECT count(*) FROM users WHERE role = ?", 0, "owner", n, &found, err);
}

poa_status poa_db_user_count(poa_db *db, long long *n, poa_error *err)
{
	int found;
	return db_query_int(db, "SELECT count(*) FROM users", 0, NULL, n, &found, err);
}

/* The session limits users_json() counts live sessions by (poa serve's
 * --session-idle and --session-max); NULL: no count. */
typedef struct session_limits {
	time_t now;
	long idle, max_age;
} session_limits;

/* How many sessions of the user are live by those limits: a session past
 * them is dead, though kept until poa_db_session_prune() or its next use. */
static poa_status live_sessions(poa_db *db, long long user_id, const session_limits *at, long long *n,
				poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT count(*) FROM sessions WHERE user_id = ?4 AND NOT " LOGIN_SESSION_ENDED_SQL,
				  &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, at->idle);
	sql_bind_int64(st, 2, (long long)at->now);
	sql_bind_int64(st, 3, at->max_age);
	sql_bind_int64(st, 4, user_id);
	sql_rc rc = sql_step(st);
	*n = rc == SQL_ROW ? sql_column_int64(st, 0) : 0;
	sql_finalize(st);
	return rc == SQL_ROW ? POA_OK : db_fail(db, rc, "reading the sessions", err);
}

/* [{"name", "role", "stores", "created"}] by name, with "sessions" (how
 * many are live) and "etag" (etag_of) when at is not NULL. */
static poa_status users_json(poa_db *db, const session_limits *at, json_t **out, poa_error *err)
{
	static const char *const cols[] = {"id", "name", "role", "created", NULL};
	json_t *rows = json_array(), *list = json_array();
	poa_status s = db_rows_json(db, "SELECT id, name, role, created FROM users ORDER BY name", 0, cols,
				    rows, err);
	size_t i;
	json_t *u;
	json_array_foreach(rows, i, u) {
		long long id = (long long)json_integer_value(json_object_get(u, "id")), live = 0;
		json_t *stores = json_array();
		if (!s)
			s = stores_of(db, id, stores, err);
		json_t *o = json_pack("{s:O,s:O,s:o,s:O}", "name", json_object_get(u, "name"), "role",
				      json_object_get(u, "role"), "stores", stores, "created", json_object_get(u, "created"));
		if (!s && at && (s = live_sessions(db, id, at, &live, err)) == POA_OK) {
			char tag[17];
			etag_of(json_string_value(json_object_get(u, "role")), stores, tag);
			json_object_set_new(o, "sessions", json_integer(live));
			json_object_set_new(o, "etag", json_string(tag));
		}
		json_array_append_new(list, o);
	}
	json_decref(rows);
	if (s || !list) {
		json_decref(list);
		return s ? s : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	*out = list;
	return POA_OK;
}

/* json as text for a caller to free; POA_ERR_NOMEM when it cannot be. */
static poa_status dump_json(json_t *json, char **out, poa_error *err)
{
	*out = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(json);
	return *out ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

poa_status poa_db_users_json(poa_db *db, time_t now, long idle, long max_age, char **out, poa_error *err)
{
	session_limits at = {now, idle, max_age};
	json_t *list = NULL;
	*out = NULL;
	poa_status s = users_json(db, &at, &list, err);
	return s ? s : dump_json(list, out, err);
}

poa_status poa_db_stores_json(poa_db *db, char **out, poa_error *err)
{
	static const char *const cols[] = {"name", "marketplace", NULL};
	json_t *list = json_array();
	*out = NULL;
	poa_status s = list ? db_rows_json(db, "SELECT name, marketplace FROM stores ORDER BY name", 0, cols, list, err)
			    : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (s) {
		json_decref(list);
		return s;
	}
	return dump_json(list, out, err);
}

static void write_users_text(FILE *out, json_t *list)
{
	if (!json_array_size(list)) {
		fprintf(out, "%s\n", _("No users. Add an owner with: poa user add NAME --role owner"));
		return;
	}
	fprintf(out, "%-24s %-9s %-20s  %s\n", _("Name"), _("Role"), _("Added"), _("Seller accounts"));
	size_t i, k;
	json_t *u, *name;
	json_array_foreach(list, i, u) {
		const char *role = json_string_value(json_object_get(u, "role"));
		fprintf(out, "%-24s %-9s %-20s  ", json_string_value(json_object_get(u, "name")), role,
			json_string_value(json_object_get(u, "created")));
		json_t *stores = json_object_get(u, "stores");
		if (role && strcmp(role, "owner") == 0)
			fputs(_("(all)"), out);
		else if (!json_array_size(stores))
			fputs(_("(none)"), out);
		json_array_foreach(stores, k, name) fprintf(out, "%s%s", k ? ", " : "", json_string_value(name));
		fputc('\n', out);
	}
}

poa_status poa_db_write_users(poa_db *db, FILE *out, int json, poa_error *err)
{
	json_t *list = NULL;
	poa_status s = users_json(db, NULL, &list, err);
	if (s)
		return s;
	if (json) {
		char *text = json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fprintf(out, "%s\n", text ? text : "[]");
		free(text);
	} else {
		write_users_text(out, list);
	}
	json_decref(list);
	return POA_OK;
}

/* ---- what a user may do ------------------------------------------------------ */

/* The user works the seller account store_id (0: none, which only an owner
 * works)? */
static poa_status works_account(poa_db *db, const poa_user *user, long long store_id, int *yes, poa_error *err)
{
	*yes = user->role == POA_ROLE_OWNER;
	if (*yes || !store_id)
		return POA_OK;
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT 1 FROM user_stores WHERE user_id = ? AND store_id = ?", &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, user->id);
	sql_bind_int64(st, 2, store_id);
	sql_rc rc = sql_step(st);
	sql_finalize(st);
	*yes = rc == SQL_ROW;
	return rc == SQL_ROW || rc == SQL_DONE ? POA_OK : db_fail(db, rc, "reading the users", err);
}

poa_status poa_db_user_may(poa_db *db, const poa_user *user, long long case_id, int write, poa_error *err)
{
	long long store_id = 0;
	int found = 0, works = 0;
	poa_status s = db_query_int(db, "SELECT coalesce(store_id, 0) FROM cases WHERE id = ?", case_id, NULL, &store_id,
				    &found, err);
	if (!s && found)
		s = works_account(db, user, store_id, &works, err);
	if (s)
		return s;
	/* A case the user may not read is absent to them: its id tells nothing. */
	if (!found || !works)
		return db_no_case(db, case_id, err);
	if (write && user->role < POA_ROLE_OPERATOR)
		return poa_error_set(err, POA_ERR_DENIED,
				     "%s is a viewer and may read case %lld but not change it; an owner can make %s an "
				     "operator",
				     user->name, case_id, user->name);
	return POA_OK;
}

poa_status poa_db_user_may_file(poa_db *db, const poa_user *user, const char *store, poa_error *err)
{
	if (user->role < POA_ROLE_OPERATOR)
		return poa_error_set(err, POA_ERR_DENIED, "%s is a viewer and may not file notices; ask an operator or owner",
				     user->name);
	if (!store)
		return user->role == POA_ROLE_OWNER
			       ? POA_OK
			       : poa_error_set(err, POA_ERR_DENIED,
					       "only an owner may file a notice outside every seller account; choose one "
					       "of the accounts %s works",
					       user->name);
	long long store_id = 0;
	int found = 0, works = 0;
	poa_status s = poa_db_store_check(db, store, err);
	if (!s)
		s = db_query_int(db, "SELECT id FROM stores WHERE name = ?", 0, store, &store_id, &found, err);
	if (!s)
		s = works_account(db, user, store_id, &works, err);
	if (!s && !works)
		s = poa_error_set(err, POA_ERR_DENIED,
				  "%s does not work the seller account '%s'; an owner can give it to them", user->name,
				  store);
	return s;
}
