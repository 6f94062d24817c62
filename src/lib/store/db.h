/* db.h — the case store's internals shared by its modules: the SQLite
 * handle, transactions, and the conversions every module needs. */
#ifndef POA_STORE_DB_H
#define POA_STORE_DB_H

#include "poa.h"
#include <jansson.h>
#include <sqlite3.h>

struct poa_db {
	sqlite3 *h;
	char *path;
	int version;
	int depth;   /* open db_begin()s: the outer one is the transaction */
};

/* Runs the migrations from the store's version up to `to` in one
 * transaction (tests build stores of every earlier version with it). */
poa_status db_migrate_to(poa_db *db, int to, poa_error *err);
/* Turns a SQLite failure into a poa_error naming the store and the fix. */
poa_status db_fail(poa_db *db, int rc, const char *doing, poa_error *err);
/* BEGIN IMMEDIATE: writers queue here (busy timeout), not mid-transaction.
 * Inside an open transaction (an import's batch) it is a savepoint, so the
 * inner change still happens whole or not at all. */
poa_status db_begin(poa_db *db, poa_error *err);
poa_status db_commit(poa_db *db, poa_error *err);
void db_rollback(poa_db *db);
/* Prepares sql; on failure fills err. */
poa_status db_prepare(poa_db *db, const char *sql, sqlite3_stmt **st, poa_error *err);
/* Prepares the SQL built in sql, then frees sql (out of memory while
 * building it is reported here). */
struct poa_buf;
poa_status db_prepare_buf(poa_db *db, struct poa_buf *sql, sqlite3_stmt **st, poa_error *err);
/* Ends the transaction db_begin() opened: COMMIT when s is POA_OK (and
 * returns how that went), else ROLLBACK and s. */
poa_status db_end(poa_db *db, poa_status s, poa_error *err);
/* Runs a statement without rows to the end. */
poa_status db_exec(poa_db *db, const char *sql, poa_error *err);

/* "2026-11-28T12:00:00Z" */
void db_time(time_t t, char out[32]);
/* Binds text, or NULL for a NULL pointer. */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column text or NULL, valid until the next step. */
const char *db_col(sqlite3_stmt *st, int i);

/* Rows of sql (? 1 bound to id) appended to into as objects keyed by names
 * (integers as numbers, text as strings, NULL as null). */
poa_status db_rows_json(poa_db *db, const char *sql, long long id, const char *const *names, json_t *into,
			poa_error *err);
/* A column as a JSON string, or null. */
json_t *db_col_json(sqlite3_stmt *st, int i);

/* Files the one message in data (a fetched mail) as poa import would. */
poa_status mail_take_data(poa_db *db, const poa_kb *kb, const char *name, const char *data, size_t len,
			  const poa_import_options *opt, poa_import_summary *s, poa_error *err);

/* POA_ERR_NOT_FOUND for a case id the store does not hold. */
poa_status db_no_case(poa_db *db, long long case_id, poa_error *err);
/* The case exists? POA_ERR_NOT_FOUND otherwise. */
poa_status db_case_exists(poa_db *db, long long case_id, poa_error *err);
/* Adds a line to the case's timeline (inside the caller's transaction). */
poa_status db_event(poa_db *db, long long case_id, time_t now, const char *what, const char *detail,
		    poa_error *err);
/* SHA-256 of data as hex. */
void db_sha256(const void *data, size_t len, char out[65]);

#endif
