/* db.h — the case store's internals shared by its modules: the connection
 * (SQLite or PostgreSQL, through sql.h), transactions, and the conversions
 * every module needs. */
#ifndef POA_STORE_DB_H
#define POA_STORE_DB_H

#include "poa.h"
#include <jansson.h>
#include "sql.h"

struct poa_db {
	sql_conn *c;
	char *path;  /* for messages: the file, or the URL without its password */
	int version;
	int depth;   /* open db_begin()s: the outer one is the transaction */
	char *actor; /* who makes this handle's changes (poa_db_set_actor), or NULL; owned */
	/* poa_db_expect_version(): the next change to expect_case must find it
	 * at expect_version (0: no expectation). */
	long long expect_case, expect_version;
	poa_front front; /* poa_db_set_front(): whose advice refusals give */
};

/* Opens the store's connection without migrating it (tests build stores of
 * earlier versions with it); poa_db_open() then migrates. */
poa_status db_connect(const char *path, poa_db **out, poa_error *err);
/* Runs the migrations from the store's version up to `to` in one
 * transaction (tests build stores of every earlier version with it). */
poa_status db_migrate_to(poa_db *db, int to, poa_error *err);
/* Are this handle's messages read in the browser (poa_db_set_front)? A
 * refusal then names a page to open, not the store and a command. */
int db_for_web(const poa_db *db);
/* Turns a driver failure into a poa_error naming the store and the fix. */
poa_status db_fail(poa_db *db, sql_rc rc, const char *doing, poa_error *err);
/* A write transaction: writers queue at its start (the backend's
 * begin_write), not mid-transaction.
 * Inside an open transaction (an import's batch) it is a savepoint, so the
 * inner change still happens whole or not at all. */
poa_status db_begin(poa_db *db, poa_error *err);
poa_status db_commit(poa_db *db, poa_error *err);
void db_rollback(poa_db *db);
/* Steps an INSERT ... RETURNING id and finalizes it; *id is the new row's. */
poa_status db_insert_id(poa_db *db, sql_stmt *st, const char *doing, long long *id, poa_error *err);
/* Prepares sql; on failure fills err. */
poa_status db_prepare(poa_db *db, const char *sql, sql_stmt **st, poa_error *err);
/* Prepares the SQL built in sql, then frees sql (out of memory while
 * building it is reported here). */
struct poa_buf;
poa_status db_prepare_buf(poa_db *db, struct poa_buf *sql, sql_stmt **st, poa_error *err);
/* Ends the transaction db_begin() opened: COMMIT when s is POA_OK (and
 * returns how that went), else ROLLBACK and s. */
poa_status db_end(poa_db *db, poa_status s, poa_error *err);
/* Runs a statement without rows to the end. */
poa_status db_exec(poa_db *db, const char *sql, poa_error *err);
/* Steps a statement that writes to its end and finalizes it. doing: a
 * message of its own (xgettext keyword step_done:3). */
poa_status step_done(poa_db *db, sql_stmt *st, const char *doing, poa_error *err);

/* "2026-11-28T12:00:00Z" */
void db_time(time_t t, char out[32]);
/* Binds text, or NULL for a NULL pointer. */
int db_bind_text(sql_stmt *st, int i, const char *s);
/* Column text or NULL, valid until the next step. */
const char *db_col(sql_stmt *st, int i);

/* Rows of sql (? 1 bound to id) appended to into as objects keyed by names
 * (integers as numbers, text as strings, NULL as null). */
poa_status db_rows_json(poa_db *db, const char *sql, long long id, const char *const *names, json_t *into,
			poa_error *err);
/* A column as a JSON string, or null. */
json_t *db_col_json(sql_stmt *st, int i);

/* Files the one message in data (a fetched mail) as poa import would. */
poa_status mail_take_data(poa_db *db, const poa_kb *kb, const char *name, const char *data, size_t len,
			  const poa_import_options *opt, poa_import_summary *s, poa_error *err);

/* POA_ERR_NOT_FOUND for a case id the store does not hold. */
poa_status db_no_case(poa_db *db, long long case_id, poa_error *err);
/* The case exists? POA_ERR_NOT_FOUND otherwise. */
poa_status db_case_exists(poa_db *db, long long case_id, poa_error *err);
/* Adds a line to the case's timeline (inside the caller's transaction),
 * naming the handle's actor, and raises the case's version: every writer
 * records its change this way, so no change escapes either. A pending
 * poa_db_expect_version() for the case is checked (and used up) here:
 * POA_ERR_CONFLICT when the case moved on, and the caller rolls back. */
poa_status db_event(poa_db *db, long long case_id, time_t now, const char *what, const char *detail,
		    poa_error *err);
/* Keeps text of the case for poa search, folded (db_fold). */
poa_status db_search_add(poa_db *db, long long case_id, const char *text, size_t len, poa_error *err);
/* NFKC and Unicode case folding, so that a search for "été" finds "ÉTÉ" and
 * full-width letters; text that is not UTF-8 is kept. NULL when out of
 * memory; the caller frees it. */
char *db_fold(const char *text, size_t len);
/* SHA-256 of data as hex. */
void db_sha256(const void *data, size_t len, char out[65]);
/* The one integer a query gives (? 1 bound to id, or to text when text is
 * not NULL); *found 0 and *v 0 when it gives no row. */
poa_status db_query_int(poa_db *db, const char *sql, long long id, const char *text, long long *v, int *found,
			poa_error *err);
/* SQL that is true when the seller account in store_col (c.store_id of a
 * case, s.id of a store) is one the user bound to ?N may read (an owner:
 * all, and cases without an account; others: their accounts; a user id of
 * 0: everyone's), for the views' WHERE. Written into out. */
void db_visible_sql(char *out, size_t size, const char *store_col, int n);

#endif
