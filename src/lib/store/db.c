/* db.c — opening the case store: the file or server, its schema and
 * migrations, and the transaction and error helpers the other store modules
 * use.
 *
 * Each backend (sql.h) keeps the schema version its own way and has its own
 * migration list; migrations[k] takes a store from version k to k + 1.
 * Opening runs the missing ones in one transaction, so a store is always at
 * one version, never between two. A store from a newer poa is refused before
 * anything is written to it. */
#include "db.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <libintl.h>
#include <unistd.h>
#include <stdlib.h>
#include <utf8proc.h>
#include <string.h>
#include <sys/stat.h>

int poa_db_schema_latest(void) { return SQL_SCHEMA_LATEST; }
int poa_db_schema_version(const poa_db *db) { return db->version; }

/* doing: a message of its own (xgettext keyword db_fail:3). */
poa_status db_fail(poa_db *db, sql_rc rc, const char *doing, poa_error *err)
{
	const char *path = db ? db->path : dgettext("poa", "the case store");
	int server = db && sql_is_url(db->path);
	doing = dgettext("poa", doing);
	switch (rc) {
	case SQL_NOMEM:
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory %s", doing);
	case SQL_BUSY:
		return poa_error_set(err, POA_ERR_STORE,
				     "%s: busy %s: another poa kept it locked too long; try again", path, doing);
	case SQL_READONLY:
		if (server)
			return poa_error_set(err, POA_ERR_IO,
					     "%s: not allowed %s: grant the database role the rights on poa's tables", path,
					     doing);
		return poa_error_set(err, POA_ERR_IO, "%s: cannot write %s: check the folder's permissions", path,
				     doing);
	case SQL_FULL:
		return poa_error_set(err, POA_ERR_IO,
				     "%s: disk full or unwritable %s; nothing was changed: free space and retry", path,
				     doing);
	case SQL_CORRUPT:
		return poa_error_set(err, POA_ERR_STORE,
				     "%s: not a poa case store, or damaged: restore it from a backup or `poa export`, "
				     "or choose another with --db",
				     path);
	case SQL_CONNECT:
		return poa_error_set(err, POA_ERR_IO,
				     "%s: cannot connect: %s; check that the server runs and listens at that host "
				     "and port, and the user, database and password (PGPASSWORD or ~/.pgpass)",
				     path, db ? sql_errmsg(db->c) : "");
	case SQL_NOLIB:
		return poa_error_set(err, POA_ERR_STORE,
				     "%s: a PostgreSQL store needs libpq (Debian package libpq5): %s", path,
				     db ? sql_errmsg(db->c) : "");
	default:
		break;
	}
	return poa_error_set(err, POA_ERR_STORE, "%s: %s %s", path, db && db->c ? sql_errmsg(db->c) : "error",
			     doing);
}

poa_status db_exec(poa_db *db, const char *sql, poa_error *err)
{
	sql_rc rc = sql_exec(db->c, sql);
	return rc == SQL_OK ? POA_OK : db_fail(db, rc, "updating the store", err);
}

poa_status db_begin(poa_db *db, poa_error *err)
{
	char sql[48];
	if (db->depth)
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", db->depth);
	else
		snprintf(sql, sizeof sql, "%s", db->c->drv->begin_write);
	poa_status s = db_exec(db, sql, err);
	if (!s)
		db->depth++;
	return s;
}

poa_status db_commit(poa_db *db, poa_error *err)
{
	char sql[48];
	snprintf(sql, sizeof sql, db->depth > 1 ? "RELEASE s%d" : "COMMIT", db->depth - 1);
	poa_status s = db_exec(db, sql, err);
	if (!s)
		db->depth--;
	return s;
}

void db_rollback(poa_db *db)
{
	char sql[64];
	if (db->depth > 1)
		snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d", db->depth - 1, db->depth - 1);
	else
		snprintf(sql, sizeof sql, "ROLLBACK");
	sql_exec(db->c, sql);
	if (db->depth)
		db->depth--;
}

poa_status db_prepare(poa_db *db, const char *sql, sql_stmt **st, poa_error *err)
{
	sql_rc rc = sql_prepare(db->c, sql, st);
	return rc == SQL_OK ? POA_OK : db_fail(db, rc, "reading the store", err);
}

poa_status step_done(poa_db *db, sql_stmt *st, const char *doing, poa_error *err)
{
	sql_rc rc = sql_step(st);
	sql_finalize(st);
	return rc == SQL_DONE ? POA_OK : db_fail(db, rc, doing, err);
}

poa_status db_insert_id(poa_db *db, sql_stmt *st, const char *doing, long long *id, poa_error *err)
{
	sql_rc rc = sql_step(st);
	*id = rc == SQL_ROW ? sql_column_int64(st, 0) : 0;
	sql_finalize(st);
	return rc == SQL_ROW ? POA_OK : db_fail(db, rc, doing, err);
}

poa_status db_prepare_buf(poa_db *db, poa_buf *sql, sql_stmt **st, poa_error *err)
{
	poa_status s = sql->oom ? poa_error_set(err, POA_ERR_NOMEM, "out of memory") : db_prepare(db, sql->data, st, err);
	poa_buf_free(sql);
	return s;
}

poa_status db_end(poa_db *db, poa_status s, poa_error *err)
{
	if (!s)
		s = db_commit(db, err);
	if (s)
		db_rollback(db);
	return s;
}

void db_time(time_t t, char out[32])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int db_bind_text(sql_stmt *st, int i, const char *s) { return sql_bind_text(st, i, s, (size_t)-1); }

const char *db_col(sql_stmt *st, int i) { return sql_column_text(st, i); }

void db_sha256(const void *data, size_t len, char out[65])
{
	gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	snprintf(out, 65, "%s", hex ? hex : "");
	g_free(hex);
}

poa_status db_case_exists(poa_db *db, long long case_id, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT 1 FROM cases WHERE id = ?", &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, case_id);
	sql_rc rc = sql_step(st);
	sql_finalize(st);
	if (rc == SQL_ROW)
		return POA_OK;
	if (rc != SQL_DONE)
		return db_fail(db, rc, "reading the store", err);
	return db_no_case(db, case_id, err);
}

poa_status db_no_case(poa_db *db, long long case_id, poa_error *err)
{
	if (db_for_web(db))
		return poa_error_set(err, POA_ERR_NOT_FOUND, "no case %lld; the Cases page lists them", case_id);
	return poa_error_set(err, POA_ERR_NOT_FOUND, "no case %lld in %s; poa case list shows the cases", case_id,
			     db->path);
}

/* Why a change to the case found it at another version than expected: who
 * changed it last, when, and the version it is at. */
static poa_status conflict(poa_db *db, long long case_id, long long expected, poa_error *err)
{
	long long current = 0;
	int found = 0;
	poa_status s = db_query_int(db, "SELECT version FROM cases WHERE id = ?", case_id, NULL, &current, &found, err);
	if (s)
		return s;
	if (!found)
		return db_no_case(db, case_id, err);
	sql_stmt *st;
	if ((s = db_prepare(db, "SELECT actor, at FROM events WHERE case_id = ? ORDER BY id DESC LIMIT 1", &st, err)))
		return s;
	sql_bind_int64(st, 1, case_id);
	int row = sql_step(st) == SQL_ROW;
	char who[128], at[40];
	snprintf(who, sizeof who, "%s", row && db_col(st, 0) ? db_col(st, 0) : dgettext("poa", "someone on the command line"));
	snprintf(at, sizeof at, "%s", row && db_col(st, 1) ? db_col(st, 1) : "?");
	sql_finalize(st);
	return poa_error_set(err, POA_ERR_CONFLICT,
			     "case %lld was changed by %s at %s and is at version %lld, not %lld as read; nothing was "
			     "changed: reload the case and make the change again",
			     case_id, who, at, current, expected);
}

/* Raises the case's version by one; with an expectation for this case,
 * only from the version expected (the expectation is used up either way). */
static poa_status bump_version(poa_db *db, long long case_id, poa_error *err)
{
	long long expected = db->expect_case == case_id ? db->expect_version : 0;
	if (db->expect_case == case_id)
		db->expect_case = db->expect_version = 0;
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "UPDATE cases SET version = version + 1 WHERE id = ? AND (?2 = 0 OR version = ?2)"
				  " RETURNING version",
				  &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, case_id);
	sql_bind_int64(st, 2, expected);
	sql_rc rc = sql_step(st);
	sql_finalize(st);
	if (rc == SQL_DONE)
		return expected ? conflict(db, case_id, expected, err) : db_no_case(db, case_id, err);
	return rc == SQL_ROW ? POA_OK : db_fail(db, rc, "updating the case", err);
}

poa_status db_event(poa_db *db, long long case_id, time_t now, const char *what, const char *detail,
		    poa_error *err)
{
	sql_stmt *st;
	poa_status s = bump_version(db, case_id, err);
	if (!s)
		s = db_prepare(db, "INSERT INTO events (case_id, at, what, detail, actor) VALUES (?, ?, ?, ?, ?)", &st,
			       err);
	if (s)
		return s;
	char at[32];
	db_time(now, at);
	sql_bind_int64(st, 1, case_id);
	db_bind_text(st, 2, at);
	db_bind_text(st, 3, what);
	db_bind_text(st, 4, detail);
	db_bind_text(st, 5, db->actor);
	return step_done(db, st, "recording the timeline", err);
}

poa_status db_query_int(poa_db *db, const char *sql, long long id, const char *text, long long *v, int *found,
			poa_error *err)
{
	sql_stmt *st;
	*v = 0;
	*found = 0;
	poa_status s = db_prepare(db, sql, &st, err);
	if (s)
		return s;
	if (text)
		db_bind_text(st, 1, text);
	else
		sql_bind_int64(st, 1, id);
	sql_rc rc = sql_step(st);
	if (rc == SQL_ROW) {
		*found = 1;
		*v = sql_column_int64(st, 0);
	}
	sql_finalize(st);
	return rc == SQL_ROW || rc == SQL_DONE ? POA_OK : db_fail(db, rc, "reading the store", err);
}

void db_visible_sql(char *out, size_t size, const char *store_col, int n)
{
	snprintf(out, size,
		 "(?%d = 0 OR %s IN (SELECT us.store_id FROM user_stores us WHERE us.user_id = ?%d)"
		 " OR EXISTS (SELECT 1 FROM users u WHERE u.id = ?%d AND u.role = 'owner'))",
		 n, store_col, n, n);
}

poa_status poa_db_set_actor(poa_db *db, const char *name, poa_error *err)
{
	char *copy = NULL;
	if (name && !(copy = poa_strdup0(name)))
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	free(db->actor);
	db->actor = copy;
	return POA_OK;
}

void poa_db_set_front(poa_db *db, poa_front front) { db->front = front; }

int db_for_web(const poa_db *db) { return db->front == POA_FRONT_WEB; }

void poa_db_expect_version(poa_db *db, long long case_id, long long version)
{
	db->expect_case = version ? case_id : 0;
	db->expect_version = version;
}

poa_status poa_db_case_version(poa_db *db, long long case_id, long long *current, poa_error *err)
{
	int found = 0;
	poa_status s = db_query_int(db, "SELECT version FROM cases WHERE id = ?", case_id, NULL, current, &found, err);
	return s ? s : found ? POA_OK : db_no_case(db, case_id, err);
}

char *db_fold(const char *text, size_t len)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &out,
					  UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	return m < 0 ? poa_strndup(text, len) : (char *)out;
}

poa_status db_search_add(poa_db *db, long long case_id, const char *text, size_t len, poa_error *err)
{
	char *fold = db_fold(text ? text : "", text ? len : 0);
	sql_stmt *st;
	poa_status s = fold ? db_prepare(db, "INSERT INTO search_text (case_id, fold) VALUES (?, ?)", &st, err)
			    : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (!s) {
		sql_bind_int64(st, 1, case_id);
		db_bind_text(st, 2, fold);
		s = step_done(db, st, "storing the text to search", err);
	}
	free(fold);
	return s;
}

/* Schema 5 keeps searched text folded: what the store held before is
 * folded once, here (the fold is C, not SQL). */
static poa_status search_backfill(poa_db *db, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "SELECT id, title FROM cases UNION ALL SELECT case_id, text FROM notices"
				  " UNION ALL SELECT case_id, text FROM letters",
				  &st, err);
	sql_rc rc = SQL_DONE;
	while (!s && (rc = sql_step(st)) == SQL_ROW)
		s = db_search_add(db, sql_column_int64(st, 0), db_col(st, 1), sql_column_bytes(st, 1), err);
	if (!s && rc != SQL_DONE)
		s = db_fail(db, rc, "updating the store", err);
	sql_finalize(st);
	return s;
}

char *poa_db_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	poa_buf b;
	poa_buf_init(&b);
	if (xdg && *xdg == '/')
		poa_buf_printf(&b, "%s/poa/poa.db", xdg);
	else if (home && *home)
		poa_buf_printf(&b, "%s/.local/share/poa/poa.db", home);
	else
		return NULL;
	return poa_buf_steal(&b);
}

/* Creates the folders above path (mode 0700: the store holds a seller's
 * letters and evidence). */
static poa_status make_parents(const char *path, poa_error *err)
{
	char *dir = poa_strdup0(path);
	if (!dir)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			poa_status st = poa_error_set(err, POA_ERR_IO, "%s: cannot create the folder %s: %s", path, dir,
						      strerror(e));
			free(dir);
			return st;
		}
		*p = '/';
	}
	free(dir);
	return POA_OK;
}

poa_status db_migrate_to(poa_db *db, int to, poa_error *err)
{
	poa_status s = db_begin(db, err);
	if (s)
		return s;
	int v = 0;
	sql_rc rc = db->c->drv->get_version(db->c, &v);
	if (rc != SQL_OK)
		s = db_fail(db, rc, "reading the schema version", err);
	else if (v > SQL_SCHEMA_LATEST)
		s = poa_error_set(err, POA_ERR_STORE,
				  "%s: written by a newer poa (schema %d; this poa knows %d): upgrade poa to open it",
				  db->path, v, SQL_SCHEMA_LATEST);
	int from = v;
	for (; !s && v < to; v++)
		if (!(s = db_exec(db, db->c->drv->migrations[v], err)) && v == 4)
			s = search_backfill(db, err);
	if (!s && v != from && (rc = db->c->drv->set_version(db->c, v)) != SQL_OK)
		s = db_fail(db, rc, "updating the store", err);
	if ((s = db_end(db, s, err)) == POA_OK)
		db->version = v;
	return s;
}

poa_status db_connect(const char *path, poa_db **out, poa_error *err)
{
	*out = NULL;
	char *def = path ? NULL : poa_db_default_path();
	if (!path && !(path = def))
		return poa_error_set(err, POA_ERR_USAGE, "no case store: set HOME, or name one with --db PATH or POA_DB");
	poa_db *db = calloc(1, sizeof *db);
	poa_status s = db ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (!s && !(db->path = sql_display_name(path)))
		s = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (!s && !sql_is_url(path) && strcmp(path, ":memory:") != 0)
		s = make_parents(db->path, err);
	if (!s) {
		sql_rc rc = sql_open(path, &db->c);
		if (rc != SQL_OK)
			s = db_fail(db, rc, "opening it", err);
	}
	free(def);
	if (s) {
		poa_db_close(db);
		return s;
	}
	*out = db;
	return POA_OK;
}

poa_status poa_db_open(const char *path, poa_db **out, poa_error *err)
{
	poa_status s = db_connect(path, out, err);
	if (!s && (s = db_migrate_to(*out, SQL_SCHEMA_LATEST, err)) != POA_OK) {
		poa_db_close(*out);
		*out = NULL;
	}
	return s;
}

void poa_db_close(poa_db *db)
{
	if (!db)
		return;
	sql_close(db->c);
	free(db->actor);
	free(db->path);
	free(db);
}

poa_status poa_db_store_check(poa_db *db, const char *name, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT 1 FROM stores WHERE name = ?", &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	sql_rc rc = sql_step(st);
	sql_finalize(st);
	if (rc == SQL_ROW)
		return POA_OK;
	if (rc != SQL_DONE)
		return db_fail(db, rc, "reading the stores", err);
	return poa_error_set(err, POA_ERR_NOT_FOUND,
			     "no store named '%s'; add it first: poa store add '%s' --marketplace amazon.com", name, name);
}

poa_status poa_db_store_add(poa_db *db, const char *name, const char *marketplace, time_t now, poa_error *err)
{
	if (!name || !*name)
		return poa_error_set(err, POA_ERR_USAGE, "a store needs a name");
	sql_stmt *st;
	poa_status s = db_prepare(db, "INSERT INTO stores (name, marketplace, created) VALUES (?, ?, ?)", &st, err);
	if (s)
		return s;
	char at[32];
	db_time(now, at);
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, marketplace);
	db_bind_text(st, 3, at);
	sql_rc rc = sql_step(st);
	sql_finalize(st);
	if (rc == SQL_CONSTRAINT)
		return poa_error_set(err, POA_ERR_INPUT, "a store named '%s' exists already in %s", name, db->path);
	return rc == SQL_DONE ? POA_OK : db_fail(db, rc, "adding the store", err);
}
