/* sql_sqlite.c — the SQLite backend of the store's SQL driver (sql.h): a
 * file in WAL mode, created with mode 0600; writers queue at BEGIN
 * IMMEDIATE (busy timeout); the schema version is the user_version. */
#include "sql.h"
#include "buf.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const sqlite_migrations[] = {
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
	/* 4 -> 5: searched text, folded when written (db_search_add); db.c
	 * folds what the store held before. */
	"CREATE TABLE search_text (case_id INTEGER NOT NULL REFERENCES cases(id), fold TEXT NOT NULL);"
	"CREATE INDEX search_text_case ON search_text(case_id);",
	/* 5 -> 6: the agency's people (poa serve --team): users and the seller
	 * accounts they work, sessions (only the id's SHA-256), failed logins
	 * counted per name and per client; who made each change, and each
	 * case's version for the check of poa_db_expect_version(). */
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, hash TEXT NOT NULL,"
	"  created TEXT NOT NULL, pw_changed TEXT NOT NULL);"
	"CREATE TABLE user_stores ("
	"  user_id INTEGER NOT NULL REFERENCES users(id), store_id INTEGER NOT NULL REFERENCES stores(id),"
	"  PRIMARY KEY (user_id, store_id));"
	"CREATE TABLE sessions ("
	"  id_sha256 TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), csrf TEXT NOT NULL,"
	"  created INTEGER NOT NULL, used INTEGER NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX login_failures_key ON login_failures(key, at);"
	"ALTER TABLE events ADD COLUMN actor TEXT;"
	"ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;",
};

_Static_assert(sizeof sqlite_migrations / sizeof *sqlite_migrations == SQL_SCHEMA_LATEST,
	       "one SQLite migration per schema version");

/* How long a poa waits for another to finish with the store. */
enum { LITE_WAIT_MS = 10000 };

typedef struct lite_conn {
	sql_conn base;
	sqlite3 *h;
} lite_conn;

typedef struct lite_stmt {
	sql_stmt base;
	sqlite3_stmt *st;
} lite_stmt;

static sqlite3_stmt *S(sql_stmt *st) { return ((lite_stmt *)st)->st; }

static sql_rc rc_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return SQL_OK;
	case SQLITE_ROW: return SQL_ROW;
	case SQLITE_DONE: return SQL_DONE;
	case SQLITE_NOMEM: return SQL_NOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return SQL_BUSY;
	case SQLITE_CONSTRAINT: return SQL_CONSTRAINT;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN: return SQL_READONLY;
	case SQLITE_FULL:
	case SQLITE_IOERR: return SQL_FULL;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: return SQL_CORRUPT;
	}
	return SQL_ERROR;
}

static const sql_driver sqlite_driver;

static sql_rc lite_prepare(sql_conn *c, const char *sql, sql_stmt **out)
{
	*out = NULL;
	lite_stmt *st = calloc(1, sizeof *st);
	if (!st)
		return SQL_NOMEM;
	st->base.drv = &sqlite_driver;
	int rc = sqlite3_prepare_v2(((lite_conn *)c)->h, sql, -1, &st->st, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st->st);
		free(st);
		return rc_of(rc);
	}
	*out = &st->base;
	return SQL_OK;
}

static sql_rc lite_bind_int64(sql_stmt *st, int i, long long v) { return rc_of(sqlite3_bind_int64(S(st), i, v)); }

static sql_rc lite_bind_text(sql_stmt *st, int i, const char *s, size_t len)
{
	return rc_of(sqlite3_bind_text64(S(st), i, s, len == (size_t)-1 ? strlen(s) : len, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static sql_rc lite_bind_blob(sql_stmt *st, int i, const void *d, size_t len)
{
	return rc_of(sqlite3_bind_blob64(S(st), i, d, len, SQLITE_TRANSIENT));
}

static sql_rc lite_bind_null(sql_stmt *st, int i) { return rc_of(sqlite3_bind_null(S(st), i)); }
static sql_rc lite_step(sql_stmt *st) { return rc_of(sqlite3_step(S(st))); }

static sql_type lite_column_type(sql_stmt *st, int i)
{
	switch (sqlite3_column_type(S(st), i)) {
	case SQLITE_NULL: return SQL_NULL;
	case SQLITE_INTEGER: return SQL_INTEGER;
	case SQLITE_BLOB: return SQL_BLOB;
	}
	return SQL_TEXT;
}

static long long lite_column_int64(sql_stmt *st, int i) { return sqlite3_column_int64(S(st), i); }
static const char *lite_column_text(sql_stmt *st, int i) { return (const char *)sqlite3_column_text(S(st), i); }
static size_t lite_column_bytes(sql_stmt *st, int i) { return (size_t)sqlite3_column_bytes(S(st), i); }

static const void *lite_column_blob(sql_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(S(st), i);
	*len = (size_t)sqlite3_column_bytes(S(st), i);
	return p;
}

static void lite_finalize(sql_stmt *st)
{
	sqlite3_finalize(S(st));
	free(st);
}

static sql_rc lite_exec(sql_conn *c, const char *sql)
{
	return rc_of(sqlite3_exec(((lite_conn *)c)->h, sql, NULL, NULL, NULL));
}

static const char *lite_errmsg(sql_conn *c)
{
	sqlite3 *h = ((lite_conn *)c)->h;
	return h ? sqlite3_errmsg(h) : "error";
}

static sql_rc lite_get_version(sql_conn *c, int *version)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(((lite_conn *)c)->h, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc_of(rc);
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQL_OK : rc_of(rc);
}

static sql_rc lite_set_version(sql_conn *c, int version)
{
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
	return lite_exec(c, pragma);
}

/* Changes by this connection, and by others (data_version) in the high bits. */
static long long lite_generation(sql_conn *c)
{
	sqlite3 *h = ((lite_conn *)c)->h;
	long long gen = (long long)sqlite3_total_changes(h);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(h, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		gen += sqlite3_column_int64(st, 0) << 32;
	else
		gen = -1;
	sqlite3_finalize(st);
	return gen;
}

static void lite_close(sql_conn *c)
{
	sqlite3_close(((lite_conn *)c)->h);
	free(c);
}

static const sql_driver sqlite_driver = {
	.name = "sqlite",
	.migrations = sqlite_migrations,
	.nmigrations = (int)(sizeof sqlite_migrations / sizeof *sqlite_migrations),
	.begin_write = "BEGIN IMMEDIATE",
	.begin_read = "BEGIN",
	.prepare = lite_prepare,
	.bind_int64 = lite_bind_int64,
	.bind_text = lite_bind_text,
	.bind_blob = lite_bind_blob,
	.bind_null = lite_bind_null,
	.step = lite_step,
	.column_type = lite_column_type,
	.column_int64 = lite_column_int64,
	.column_text = lite_column_text,
	.column_blob = lite_column_blob,
	.column_bytes = lite_column_bytes,
	.finalize = lite_finalize,
	.exec = lite_exec,
	.errmsg = lite_errmsg,
	.get_version = lite_get_version,
	.set_version = lite_set_version,
	.generation = lite_generation,
	.close = lite_close,
};

/* string_agg(text, separator), as PostgreSQL has it (SQLite has it from
 * 3.44 on; Debian 12 ships 3.40): the common SQL uses one name. */
static void agg_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *v = (const char *)sqlite3_value_text(argv[0]);
	poa_buf *b = sqlite3_aggregate_context(ctx, sizeof *b);
	if (!v || !b)
		return;
	if (b->data || b->oom)
		poa_buf_adds(b, (const char *)sqlite3_value_text(argv[1]));
	else
		poa_buf_init(b);
	poa_buf_adds(b, v);
}

static void agg_final(sqlite3_context *ctx)
{
	poa_buf *b = sqlite3_aggregate_context(ctx, 0);
	if (!b || (!b->data && !b->oom)) {
		sqlite3_result_null(ctx);
		return;
	}
	if (b->oom)
		sqlite3_result_error_nomem(ctx);
	else
		sqlite3_result_text(ctx, b->data, (int)b->len, SQLITE_TRANSIENT);
	poa_buf_free(b);
}

/* Puts the file in WAL mode, waiting up to LITE_WAIT_MS for another poa.
 * A new file's switch to WAL raises a read lock to a write lock, and SQLite
 * does not call the busy handler for that (two connections doing it at once
 * would wait on each other for ever): one of two poa opening a new store at
 * the same moment got "database is locked" at once, four times in ten here.
 * Trying again after the other has switched is what waiting would do. */
static int wal_mode(sqlite3 *h)
{
	int rc, waited = 0, pause = 1;
	while (((rc = sqlite3_exec(h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) & 0xff) == SQLITE_BUSY &&
	       waited < LITE_WAIT_MS) {
		sqlite3_sleep(pause);
		waited += pause;
		pause = pause < 50 ? pause * 2 : 50;
	}
	return rc;
}

sql_rc sql_sqlite_open(const char *path, sql_conn **out)
{
	lite_conn *c = calloc(1, sizeof *c);
	*out = c ? &c->base : NULL;
	if (!c)
		return SQL_NOMEM;
	c->base.drv = &sqlite_driver;
	int in_memory = strcmp(path, ":memory:") == 0;  /* tests and fuzzing: no file at all */
	/* The store holds a seller's letters and evidence: only its owner reads
	 * it (SQLite gives its journal files the same mode). */
	int fd = in_memory ? -1 : open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	int rc = sqlite3_open_v2(path, &c->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK)
		return rc_of(rc);
	sqlite3_busy_timeout(c->h, LITE_WAIT_MS);  /* a second poa waits its turn */
	sqlite3_create_function_v2(c->h, "string_agg", 2, SQLITE_UTF8, NULL, NULL, agg_step, agg_final, NULL);
	sqlite3_extended_result_codes(c->h, 1);
	rc = wal_mode(c->h);
	return rc != SQLITE_OK ? rc_of(rc) : lite_exec(&c->base, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL");
}
