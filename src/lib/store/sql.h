/* sql.h — the case store's SQL driver: one connection and statement API,
 * with a backend for SQLite (sql_sqlite.c) and one for PostgreSQL
 * (sql_pg.c, libpq loaded only when a postgresql:// store is opened).
 *
 * The store modules write their SQL once, in the dialect both servers
 * understand: ? and ?N placeholders, ON CONFLICT ... DO NOTHING, RETURNING
 * id, CAST, string_agg(), IS NOT DISTINCT FROM. What cannot be said the same
 * way lives in the backends: the schema's DDL (one migration list each),
 * PRAGMAs, BLOB and BYTEA, how a writer takes its turn, where the schema
 * version is kept, and what counts as a change for poa_db_generation().
 *
 * A statement runs when first stepped; SQL_ROW gives a row, SQL_DONE the
 * end. Column values stay valid until the next step or sql_finalize(). */
#ifndef POA_STORE_SQL_H
#define POA_STORE_SQL_H

#include <stddef.h>

/* The schema version this poa writes: the length of every backend's
 * migration list. */
#define SQL_SCHEMA_LATEST 6

/* Results, the same for every backend (each maps its own codes to these). */
typedef enum sql_rc {
	SQL_OK = 0,
	SQL_ROW,
	SQL_DONE,
	SQL_ERROR,      /* anything else: sql_errmsg() says what */
	SQL_NOMEM,
	SQL_BUSY,       /* another writer kept the store too long */
	SQL_CONSTRAINT, /* a UNIQUE, NOT NULL or foreign key refused the change */
	SQL_READONLY,   /* no permission to write (a file, or a role's grants) */
	SQL_FULL,       /* disk full or an I/O error */
	SQL_CORRUPT,    /* not a store, or damaged */
	SQL_CONNECT,    /* the server could not be reached, or refused the login */
	SQL_NOLIB,      /* the backend's client library is not installed */
} sql_rc;

typedef enum sql_type { SQL_NULL, SQL_INTEGER, SQL_TEXT, SQL_BLOB } sql_type;

typedef struct sql_conn sql_conn;
typedef struct sql_stmt sql_stmt;

/* Each backend fills one of these; the functions below dispatch to it. */
typedef struct sql_driver {
	const char *name;
	/* Schema migrations: migrations[k] takes a store from version k to k + 1. */
	const char *const *migrations;
	int nmigrations;
	/* How a write transaction starts: writers take turns at its start, never
	 * in the middle; and how a read-only snapshot starts. */
	const char *begin_write, *begin_read;
	/* Run after rows were inserted with ids of their own (an import), so
	 * that the next ids chosen follow them; NULL when nothing is needed. */
	const char *after_explicit_ids;
	sql_rc (*prepare)(sql_conn *c, const char *sql, sql_stmt **out);
	sql_rc (*bind_int64)(sql_stmt *st, int i, long long v);
	sql_rc (*bind_text)(sql_stmt *st, int i, const char *s, size_t len);
	sql_rc (*bind_blob)(sql_stmt *st, int i, const void *data, size_t len);
	sql_rc (*bind_null)(sql_stmt *st, int i);
	sql_rc (*step)(sql_stmt *st);
	sql_type (*column_type)(sql_stmt *st, int i);
	long long (*column_int64)(sql_stmt *st, int i);
	const char *(*column_text)(sql_stmt *st, int i);
	const void *(*column_blob)(sql_stmt *st, int i, size_t *len);
	size_t (*column_bytes)(sql_stmt *st, int i);
	void (*finalize)(sql_stmt *st);
	sql_rc (*exec)(sql_conn *c, const char *sql);
	const char *(*errmsg)(sql_conn *c);
	sql_rc (*get_version)(sql_conn *c, int *version);
	sql_rc (*set_version)(sql_conn *c, int version);
	long long (*generation)(sql_conn *c);
	void (*close)(sql_conn *c);
} sql_driver;

/* The first member of every backend's connection and statement. */
struct sql_conn {
	const sql_driver *drv;
};
struct sql_stmt {
	const sql_driver *drv;
};

/* Opens a store by name: a postgresql:// (or postgres://) URL, else a
 * SQLite file (created with its folders, mode 0600) or ":memory:". On
 * failure *out may still hold a connection, for sql_errmsg(); the caller
 * closes it either way. */
sql_rc sql_open(const char *name, sql_conn **out);
int sql_is_url(const char *name);

/* For messages: the store's name without a password. The caller frees it. */
char *sql_display_name(const char *name);

sql_rc sql_sqlite_open(const char *path, sql_conn **out);
sql_rc sql_pg_open(const char *url, sql_conn **out);

static inline sql_rc sql_prepare(sql_conn *c, const char *sql, sql_stmt **out)
{
	return c->drv->prepare(c, sql, out);
}
static inline sql_rc sql_bind_int64(sql_stmt *st, int i, long long v) { return st->drv->bind_int64(st, i, v); }
/* Text, or NULL for a NULL pointer; len (size_t)-1: up to its NUL. */
static inline sql_rc sql_bind_text(sql_stmt *st, int i, const char *s, size_t len)
{
	return s ? st->drv->bind_text(st, i, s, len) : st->drv->bind_null(st, i);
}
static inline sql_rc sql_bind_blob(sql_stmt *st, int i, const void *d, size_t len)
{
	return st->drv->bind_blob(st, i, d, len);
}
static inline sql_rc sql_bind_null(sql_stmt *st, int i) { return st->drv->bind_null(st, i); }
static inline sql_rc sql_step(sql_stmt *st) { return st->drv->step(st); }
static inline sql_type sql_column_type(sql_stmt *st, int i) { return st->drv->column_type(st, i); }
static inline long long sql_column_int64(sql_stmt *st, int i) { return st->drv->column_int64(st, i); }
/* Text or NULL. */
static inline const char *sql_column_text(sql_stmt *st, int i) { return st->drv->column_text(st, i); }
static inline const void *sql_column_blob(sql_stmt *st, int i, size_t *len)
{
	return st->drv->column_blob(st, i, len);
}
static inline size_t sql_column_bytes(sql_stmt *st, int i) { return st->drv->column_bytes(st, i); }
/* Accepts NULL. */
static inline void sql_finalize(sql_stmt *st)
{
	if (st)
		st->drv->finalize(st);
}
/* Runs SQL without rows (several statements allowed, no parameters). */
static inline sql_rc sql_exec(sql_conn *c, const char *sql) { return c->drv->exec(c, sql); }
static inline const char *sql_errmsg(sql_conn *c) { return c ? c->drv->errmsg(c) : "error"; }
/* Accepts NULL. */
static inline void sql_close(sql_conn *c)
{
	if (c)
		c->drv->close(c);
}

#endif
