/* db.c — opening the case store: the file, its schema and migrations, and
 * the transaction and error helpers the other store modules use.
 *
 * The schema version is SQLite's user_version. migrations[k] takes a store
 * from version k to k + 1; opening runs the missing ones in one transaction,
 * so a store is always at one version, never between two. A store from a
 * newer poa is refused before anything is written to it. */
#include "db.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <libintl.h>
#include <unistd.h>
#include <utf8proc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE stores ("
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, marketplace TEXT, created TEXT NOT NULL);"
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY, store_id INTEGER REFERENCES stores(id), family TEXT NOT NULL,"
	"  severity TEXT, title TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', deadline TEXT,"
	"  answers TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, updated TEXT NOT NULL);"
	"CREATE TABLE notices ("
	"  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), sha256 TEXT NOT NULL UNIQUE,"
	"  message_id TEXT UNIQUE, origin TEXT, subject TEXT, sender TEXT, date INTEGER, tz INTEGER,"
	"  charset TEXT, family TEXT NOT NULL, json TEXT NOT NULL, text TEXT NOT NULL, added TEXT NOT NULL);"
	"CREATE TABLE complaints ("
	"  complaint_id TEXT PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id));"
	"CREATE TABLE asins ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id), asin TEXT NOT NULL, PRIMARY KEY (case_id, asin));"
	"CREATE TABLE letters ("
	"  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), letter TEXT NOT NULL,"
	"  kind TEXT, version INTEGER NOT NULL, text TEXT NOT NULL, sha256 TEXT NOT NULL, lint_worst INTEGER,"
	"  lint_json TEXT, created TEXT NOT NULL, UNIQUE (case_id, letter, version));"
	"CREATE TABLE sends ("
	"  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  letter_id INTEGER NOT NULL REFERENCES letters(id), address TEXT NOT NULL, sent TEXT NOT NULL);"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), at TEXT NOT NULL,"
	"  what TEXT NOT NULL, detail TEXT);"
	"CREATE INDEX cases_deadline ON cases(status, deadline);"
	"CREATE INDEX notices_case ON notices(case_id);"
	"CREATE INDEX letters_case ON letters(case_id, letter);"
	"CREATE INDEX events_case ON events(case_id);",
	/* 1 -> 2: evidence files, stored once by content hash. */
	"CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL);"
	"CREATE TABLE evidence ("
	"  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id), kind TEXT NOT NULL,"
	"  name TEXT NOT NULL, type TEXT NOT NULL, size INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL REFERENCES blobs(sha256), doc_date TEXT, added TEXT NOT NULL,"
	"  UNIQUE (case_id, sha256));",
	/* 2 -> 3: where each fetched mailbox was left. */
	"CREATE TABLE fetch_state ("
	"  mailbox TEXT PRIMARY KEY, uidvalidity INTEGER NOT NULL, last_uid INTEGER NOT NULL, updated TEXT NOT NULL);",
	/* 3 -> 4: a case's complaint IDs found without scanning them all (the
	 * case list names them for every case). */
	"CREATE INDEX complaints_case ON complaints(case_id);",
};
#define LATEST ((int)(sizeof migrations / sizeof *migrations))

int poa_db_schema_latest(void) { return LATEST; }
int poa_db_schema_version(const poa_db *db) { return db->version; }

/* doing: a message of its own (xgettext keyword db_fail:3). */
poa_status db_fail(poa_db *db, int rc, const char *doing, poa_error *err)
{
	const char *path = db ? db->path : dgettext("poa", "the case store");
	doing = dgettext("poa", doing);
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory %s", doing);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return poa_error_set(err, POA_ERR_STORE,
				     "%s: busy %s: another poa kept it locked too long; try again", path, doing);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return poa_error_set(err, POA_ERR_IO, "%s: cannot write %s: check the folder's permissions", path,
				     doing);
	case SQLITE_FULL:
	case SQLITE_IOERR:
		return poa_error_set(err, POA_ERR_IO,
				     "%s: disk full or unwritable %s; nothing was changed: free space and retry", path,
				     doing);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return poa_error_set(err, POA_ERR_STORE,
				     "%s: not a poa case store, or damaged: restore it from a backup or `poa export`, "
				     "or choose another with --db",
				     path);
	}
	return poa_error_set(err, POA_ERR_STORE, "%s: %s %s", path, db && db->h ? sqlite3_errmsg(db->h) : "error",
			     doing);
}

poa_status db_exec(poa_db *db, const char *sql, poa_error *err)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? POA_OK : db_fail(db, rc, "updating the store", err);
}

poa_status db_begin(poa_db *db, poa_error *err)
{
	char sql[48];
	snprintf(sql, sizeof sql, db->depth ? "SAVEPOINT s%d" : "BEGIN IMMEDIATE", db->depth);
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
	sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	if (db->depth)
		db->depth--;
}

poa_status db_prepare(poa_db *db, const char *sql, sqlite3_stmt **st, poa_error *err)
{
	int rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL);
	return rc == SQLITE_OK ? POA_OK : db_fail(db, rc, "reading the store", err);
}

poa_status db_prepare_buf(poa_db *db, poa_buf *sql, sqlite3_stmt **st, poa_error *err)
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

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

const char *db_col(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }

void db_sha256(const void *data, size_t len, char out[65])
{
	gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	snprintf(out, 65, "%s", hex ? hex : "");
	g_free(hex);
}

poa_status db_case_exists(poa_db *db, long long case_id, poa_error *err)
{
	sqlite3_stmt *st;
	poa_status s = db_prepare(db, "SELECT 1 FROM cases WHERE id = ?", &st, err);
	if (s)
		return s;
	sqlite3_bind_int64(st, 1, case_id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return POA_OK;
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading the store", err);
	return db_no_case(db, case_id, err);
}

poa_status db_no_case(poa_db *db, long long case_id, poa_error *err)
{
	return poa_error_set(err, POA_ERR_NOT_FOUND, "no case %lld in %s; poa case list shows the cases", case_id,
			     db->path);
}

poa_status db_event(poa_db *db, long long case_id, time_t now, const char *what, const char *detail,
		    poa_error *err)
{
	sqlite3_stmt *st;
	poa_status s = db_prepare(db, "INSERT INTO events (case_id, at, what, detail) VALUES (?, ?, ?, ?)", &st, err);
	if (s)
		return s;
	char at[32];
	db_time(now, at);
	sqlite3_bind_int64(st, 1, case_id);
	db_bind_text(st, 2, at);
	db_bind_text(st, 3, what);
	db_bind_text(st, 4, detail);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? POA_OK : db_fail(db, rc, "recording the timeline", err);
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

static poa_status read_version(poa_db *db, int *version, poa_error *err)
{
	sqlite3_stmt *st;
	poa_status s = db_prepare(db, "PRAGMA user_version", &st, err);
	if (s)
		return s;
	int rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? POA_OK : db_fail(db, rc, "reading the schema version", err);
}

poa_status db_migrate_to(poa_db *db, int to, poa_error *err)
{
	poa_status s = db_begin(db, err);
	if (s)
		return s;
	int v = 0;
	if (!(s = read_version(db, &v, err)) && v > LATEST)
		s = poa_error_set(err, POA_ERR_STORE,
				  "%s: written by a newer poa (schema %d; this poa knows %d): upgrade poa to open it",
				  db->path, v, LATEST);
	for (; !s && v < to; v++)
		s = db_exec(db, migrations[v], err);
	if (!s) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v);
		s = db_exec(db, pragma, err);
	}
	if ((s = db_end(db, s, err)) == POA_OK)
		db->version = v;
	return s;
}

/* poa_fold(text): NFKC and Unicode case folding, so that a search for "été"
 * finds "ÉTÉ" and full-width letters; text that is not UTF-8 is kept. */
static void fold_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *s = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)s, n, &out,
					  UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (m < 0)
		sqlite3_result_text(ctx, (const char *)s, n, SQLITE_TRANSIENT);
	else
		sqlite3_result_text(ctx, (const char *)out, (int)m, free);
}

poa_status poa_db_open(const char *path, poa_db **out, poa_error *err)
{
	*out = NULL;
	char *def = path ? NULL : poa_db_default_path();
	if (!path && !(path = def))
		return poa_error_set(err, POA_ERR_USAGE, "no case store: set HOME, or name one with --db PATH or POA_DB");
	poa_db *db = calloc(1, sizeof *db);
	poa_status s = db ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (!s && !(db->path = poa_strdup0(path)))
		s = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	free(def);
	if (!s && strcmp(db->path, ":memory:") != 0)
		s = make_parents(db->path, err);
	/* The store holds a seller's letters and evidence: only its owner reads
	 * it (SQLite gives its journal files the same mode). */
	int in_memory = strcmp(db->path, ":memory:") == 0;  /* tests and fuzzing: no file at all */
	int fd = s || in_memory ? -1 : open(db->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	if (!s) {
		int rc = sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
		if (rc != SQLITE_OK)
			s = db_fail(db, rc, "opening it", err);
	}
	if (!s) {
		sqlite3_busy_timeout(db->h, 10000);  /* a second poa waits its turn */
		sqlite3_create_function_v2(db->h, "poa_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fold_sql, NULL,
					   NULL, NULL);
		sqlite3_extended_result_codes(db->h, 1);
		s = db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL",
			    err);
	}
	if (!s)
		s = db_migrate_to(db, LATEST, err);
	if (s) {
		poa_db_close(db);
		return s;
	}
	*out = db;
	return POA_OK;
}

void poa_db_close(poa_db *db)
{
	if (!db)
		return;
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

poa_status poa_db_store_check(poa_db *db, const char *name, poa_error *err)
{
	sqlite3_stmt *st;
	poa_status s = db_prepare(db, "SELECT 1 FROM stores WHERE name = ?", &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return POA_OK;
	if (rc != SQLITE_DONE)
		return db_fail(db, rc, "reading the stores", err);
	return poa_error_set(err, POA_ERR_NOT_FOUND,
			     "no store named '%s'; add it first: poa store add '%s' --marketplace amazon.com", name, name);
}

poa_status poa_db_store_add(poa_db *db, const char *name, const char *marketplace, time_t now, poa_error *err)
{
	if (!name || !*name)
		return poa_error_set(err, POA_ERR_USAGE, "a store needs a name");
	sqlite3_stmt *st;
	poa_status s = db_prepare(db, "INSERT INTO stores (name, marketplace, created) VALUES (?, ?, ?)", &st, err);
	if (s)
		return s;
	char at[32];
	db_time(now, at);
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, marketplace);
	db_bind_text(st, 3, at);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return poa_error_set(err, POA_ERR_INPUT, "a store named '%s' exists already in %s", name, db->path);
	return rc == SQLITE_DONE ? POA_OK : db_fail(db, rc, "adding the store", err);
}
