/* dump.c — the whole case store as JSON and back. The export lists every
 * table in id order with every column, so export → import (into an empty
 * store) → export gives the same bytes; importing into a store that has
 * cases already skips the cases whose notices it holds, and the users whose
 * names it has.
 *
 * Format 2 (schema 6) adds users (with their password hashes: an export is
 * as private as the store), each case's version, who made each change
 * ("actor" of the timeline) and the mailboxes' fetch positions. Format 1
 * still imports: what it lacks takes the columns' defaults. Sessions and
 * failed logins are never exported. */
#include "db.h"
#include "buf.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_FORMAT 2

json_t *db_col_json(sql_stmt *st, int i)
{
	const char *s = db_col(st, i);
	return s ? json_string(s) : json_null();
}

/* Rows of sql (one ? for the case id) as objects keyed by names. */
poa_status db_rows_json(poa_db *db, const char *sql, long long id, const char *const *names, json_t *into,
			    poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, sql, &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, id);
	sql_rc rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		json_t *o = json_object();
		for (int k = 0; names[k]; k++) {
			int t = sql_column_type(st, k);
			json_object_set_new(o, names[k], t == SQL_INTEGER ? json_integer(sql_column_int64(st, k))
								  : db_col_json(st, k));
		}
		json_array_append_new(into, o);
	}
	sql_finalize(st);
	return rc == SQL_DONE ? POA_OK : db_fail(db, rc, "reading the case", err);
}

static const char *const store_cols[] = {"id", "name", "marketplace", "created", NULL};
static const char *const case_cols[] = {"id", "store_id", "family", "severity", "title", "status", "deadline",
					"answers", "created", "updated", "version", NULL};
static const char *const notice_cols[] = {"sha256", "message_id", "origin", "subject", "sender", "date", "tz",
					  "charset", "family", "json", "text", "added", NULL};
static const char *const letter_cols[] = {"id", "letter", "kind", "version", "text", "sha256", "lint_worst",
					  "lint_json", "created", NULL};
static const char *const send_cols[] = {"letter_id", "address", "sent", NULL};
static const char *const event_cols[] = {"at", "what", "detail", "actor", NULL};
static const char *const evidence_cols[] = {"kind", "name", "type", "size", "sha256", "doc_date", "added", NULL};
static const char *const user_cols[] = {"id", "name", "role", "hash", "created", "pw_changed", NULL};
static const char *const fetch_cols[] = {"mailbox", "uidvalidity", "last_uid", "updated", NULL};

/* "SELECT a, b, c FROM table WHERE ..." from a column list. */
static char *select_of(const char *const *cols, const char *rest)
{
	poa_buf b;
	poa_buf_init(&b);
	poa_buf_adds(&b, "SELECT ");
	for (int i = 0; cols[i]; i++)
		poa_buf_printf(&b, "%s%s", i ? ", " : "", cols[i]);
	poa_buf_printf(&b, " %s", rest);
	return poa_buf_steal(&b);
}

static poa_status rows(poa_db *db, const char *const *cols, const char *rest, long long id, json_t *obj,
		       const char *key, poa_error *err)
{
	char *sql = select_of(cols, rest);
	json_t *list = json_array();
	poa_status s = sql && list ? db_rows_json(db, sql, id, cols, list, err)
				   : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	free(sql);
	json_object_set_new(obj, key, list);
	return s;
}

/* A list of one text column. */
static poa_status words(poa_db *db, const char *sql, long long id, json_t *obj, const char *key, poa_error *err)
{
	static const char *const one[] = {"v", NULL};
	json_t *tmp = json_array(), *list = json_array();
	poa_status s = db_rows_json(db, sql, id, one, tmp, err);
	size_t i;
	json_t *o;
	json_array_foreach(tmp, i, o) json_array_append(list, json_object_get(o, "v"));
	json_decref(tmp);
	json_object_set_new(obj, key, list);
	return s;
}

static poa_status export_case(poa_db *db, json_t *c, poa_error *err)
{
	long long id = (long long)json_integer_value(json_object_get(c, "id"));
	poa_status s = rows(db, notice_cols, "FROM notices WHERE case_id = ? ORDER BY id", id, c, "notices", err);
	if (!s)
		s = words(db, "SELECT complaint_id FROM complaints WHERE case_id = ? ORDER BY complaint_id", id, c,
			  "complaint_ids", err);
	if (!s)
		s = words(db, "SELECT asin FROM asins WHERE case_id = ? ORDER BY asin", id, c, "asins", err);
	if (!s)
		s = rows(db, letter_cols, "FROM letters WHERE case_id = ? ORDER BY id", id, c, "letters", err);
	if (!s)
		s = rows(db, send_cols, "FROM sends WHERE case_id = ? ORDER BY id", id, c, "sends", err);
	if (!s)
		s = rows(db, evidence_cols, "FROM evidence WHERE case_id = ? ORDER BY id", id, c, "evidence", err);
	if (!s)
		s = rows(db, event_cols, "FROM events WHERE case_id = ? ORDER BY id", id, c, "timeline", err);
	return s;
}

/* The evidence files' bytes, once each, base64. */
static poa_status export_blobs(poa_db *db, json_t *root, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT sha256, data FROM blobs ORDER BY sha256", &st, err);
	if (s)
		return s;
	json_t *list = json_array();
	sql_rc rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		size_t n = 0;
		const void *data = sql_column_blob(st, 1, &n);
		gchar *b64 = g_base64_encode(data, (gsize)n);
		json_array_append_new(list, json_pack("{s:s,s:s}", "sha256", db_col(st, 0), "data", b64 ? b64 : ""));
		g_free(b64);
	}
	sql_finalize(st);
	json_object_set_new(root, "blobs", list);
	return rc == SQL_DONE ? POA_OK : db_fail(db, rc, "exporting the evidence files", err);
}

static poa_status import_blobs(poa_db *db, json_t *root, poa_error *err)
{
	size_t i;
	json_t *o;
	poa_status s = POA_OK;
	json_array_foreach(json_object_get(root, "blobs"), i, o) {
		const char *sha = json_string_value(json_object_get(o, "sha256"));
		const char *b64 = json_string_value(json_object_get(o, "data"));
		if (!sha || !b64)
			return poa_error_set(err, POA_ERR_INPUT, "an evidence file of the export lacks sha256 or data");
		gsize len = 0;
		guchar *data = g_base64_decode(b64, &len);
		char check[65];
		db_sha256(data, len, check);
		sql_stmt *st;
		if (strcmp(check, sha) != 0)
			s = poa_error_set(err, POA_ERR_INPUT, "evidence file %s of the export is damaged (its hash differs)",
					  sha);
		else if (!(s = db_prepare(db, "INSERT INTO blobs (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING", &st,
					  err))) {
			db_bind_text(st, 1, sha);
			sql_bind_blob(st, 2, data, len);
			s = step_done(db, st, "importing the evidence files", err);
		}
		g_free(data);
		if (s)
			break;
	}
	return s;
}

/* Users in id order, each with the names of the accounts it works. */
static poa_status export_users(poa_db *db, json_t *root, poa_error *err)
{
	poa_status s = rows(db, user_cols, "FROM users ORDER BY id", 0, root, "users", err);
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(root, "users"), i, u) if (!s) {
		long long id = (long long)json_integer_value(json_object_get(u, "id"));
		s = words(db,
			  "SELECT s.name FROM user_stores us JOIN stores s ON s.id = us.store_id WHERE us.user_id = ?"
			  " ORDER BY s.name",
			  id, u, "stores", err);
	}
	return s;
}

poa_status poa_db_export(poa_db *db, char **json, poa_error *err)
{
	*json = NULL;
	json_t *root = json_pack("{s:i,s:i}", "poa_export", EXPORT_FORMAT, "schema", db->version);
	/* One read transaction: a consistent picture while others write
	 * (inside a write transaction, poa_db_migrate()'s, that one). */
	int own = db->depth == 0;
	poa_status s = own ? db_exec(db, db->c->drv->begin_read, err) : POA_OK;
	if (!s)
		s = rows(db, store_cols, "FROM stores ORDER BY id", 0, root, "stores", err);
	if (!s)
		s = export_users(db, root, err);
	if (!s)
		s = rows(db, fetch_cols, "FROM fetch_state ORDER BY mailbox", 0, root, "fetch_state", err);
	if (!s)
		s = rows(db, case_cols, "FROM cases ORDER BY id", 0, root, "cases", err);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(root, "cases"), i, c) if (!s) s = export_case(db, c, err);
	if (!s)
		s = export_blobs(db, root, err);
	if (own)
		db_exec(db, "COMMIT", NULL);
	if (!s && !(*json = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)))
		s = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	json_decref(root);
	return s;
}

/* ---- import ----------------------------------------------------------------------- */

/* Inserts obj's values for cols into table, after a leading fixed_col bound
 * to fixed when given. With id, the new row's id is returned in it. */
static poa_status insert_row(poa_db *db, const char *table, const char *const *cols, json_t *obj,
			     const char *fixed_col, long long fixed, long long *id, poa_error *err)
{
	poa_buf sql;
	poa_buf_init(&sql);
	poa_buf_printf(&sql, "INSERT INTO %s (", table);
	int n = 0;
	if (fixed_col)
		poa_buf_printf(&sql, "%s", fixed_col), n++;
	/* A key the export lacks (an older format's) leaves the column its
	 * default. */
	for (int i = 0; cols[i]; i++)
		if (json_object_get(obj, cols[i]))
			poa_buf_printf(&sql, "%s%s", n++ ? ", " : "", cols[i]);
	poa_buf_adds(&sql, ") VALUES (");
	for (int i = 0; i < n; i++)
		poa_buf_printf(&sql, "%s?", i ? ", " : "");
	poa_buf_adds(&sql, ")");
	/* A complaint ID or ASIN the store already gives another case keeps its
	 * case: the imported case is whole without it. */
	if (strcmp(table, "complaints") == 0 || strcmp(table, "asins") == 0 || strcmp(table, "fetch_state") == 0)
		poa_buf_adds(&sql, " ON CONFLICT DO NOTHING");
	if (id)
		poa_buf_adds(&sql, " RETURNING id");
	sql_stmt *st;
	poa_status s = db_prepare_buf(db, &sql, &st, err);
	if (s)
		return s;
	int k = 1;
	if (fixed_col)
		sql_bind_int64(st, k++, fixed);
	for (int i = 0; cols[i]; i++) {
		json_t *v = json_object_get(obj, cols[i]);
		if (!v)
			continue;
		if (json_is_integer(v))
			sql_bind_int64(st, k, json_integer_value(v));
		else if (json_is_string(v))
			sql_bind_text(st, k, json_string_value(v), json_string_length(v));
		else
			sql_bind_null(st, k);
		k++;
	}
	return id ? db_insert_id(db, st, "importing", id, err) : step_done(db, st, "importing", err);
}

static int case_is_stored(poa_db *db, json_t *c)
{
	size_t i;
	json_t *nt;
	int found = 0;
	json_array_foreach(json_object_get(c, "notices"), i, nt) {
		sql_stmt *st;
		if (sql_prepare(db->c, "SELECT 1 FROM notices WHERE sha256 = ?", &st) != SQL_OK)
			continue;
		db_bind_text(st, 1, json_string_value(json_object_get(nt, "sha256")));
		found |= sql_step(st) == SQL_ROW;
		sql_finalize(st);
	}
	return found;
}

/* The store id in this database of the export's store id. */
static long long map_store(json_t *stores_map, json_t *c)
{
	json_t *sid = json_object_get(c, "store_id");
	if (!json_is_integer(sid))
		return 0;
	char key[32];
	snprintf(key, sizeof key, "%lld", (long long)json_integer_value(sid));
	return (long long)json_integer_value(json_object_get(stores_map, key));
}

static poa_status search_add_json(poa_db *db, long long case_id, json_t *text, poa_error *err)
{
	return json_is_string(text) ? db_search_add(db, case_id, json_string_value(text), json_string_length(text), err)
				    : POA_OK;
}

/* The row's exported id is taken in table already? Then the store chooses
 * one; else it is kept (an empty store gets the same ids back, and
 * poa_db_migrate() an exact copy). */
static int id_taken(poa_db *db, const char *table, json_t *row)
{
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ?", table);
	sql_stmt *st;
	int taken = 1;
	if (json_is_integer(json_object_get(row, "id")) && sql_prepare(db->c, sql, &st) == SQL_OK) {
		sql_bind_int64(st, 1, json_integer_value(json_object_get(row, "id")));
		taken = sql_step(st) == SQL_ROW;
		sql_finalize(st);
	}
	return taken;
}

static poa_status import_case(poa_db *db, json_t *c, json_t *stores_map, poa_error *err)
{
	static const char *const with_id[] = {"id", "family", "severity", "title", "status", "deadline",
					      "answers", "created", "updated", "version", NULL};
	long long store = map_store(stores_map, c), id, row;
	poa_status s = insert_row(db, "cases", with_id + id_taken(db, "cases", c), c, store ? "store_id" : NULL, store,
				  &id, err);
	size_t i;
	json_t *o;
	if (!s)
		s = search_add_json(db, id, json_object_get(c, "title"), err);
	json_array_foreach(json_object_get(c, "notices"), i, o) if (!s) s =
		search_add_json(db, id, json_object_get(o, "text"), err);
	json_array_foreach(json_object_get(c, "letters"), i, o) if (!s) s =
		search_add_json(db, id, json_object_get(o, "text"), err);
	json_array_foreach(json_object_get(c, "notices"), i, o) if (!s) s =
		insert_row(db, "notices", notice_cols, o, "case_id", id, NULL, err);
	json_array_foreach(json_object_get(c, "complaint_ids"), i, o) if (!s) {
		json_t *w = json_pack("{s:O}", "complaint_id", o);
		static const char *const cols[] = {"complaint_id", NULL};
		s = insert_row(db, "complaints", cols, w, "case_id", id, NULL, err);
		json_decref(w);
	}
	json_array_foreach(json_object_get(c, "asins"), i, o) if (!s) {
		json_t *w = json_pack("{s:O}", "asin", o);
		static const char *const cols[] = {"asin", NULL};
		s = insert_row(db, "asins", cols, w, "case_id", id, NULL, err);
		json_decref(w);
	}
	/* Letter ids change in a store that has letters; sends follow them. */
	json_t *letter_map = json_object();
	static const char *const letter_with_id[] = {"id", "letter", "kind", "version", "text", "sha256",
						     "lint_worst", "lint_json", "created", NULL};
	json_array_foreach(json_object_get(c, "letters"), i, o) if (!s) {
		const char *const *cols = letter_with_id + id_taken(db, "letters", o);
		if (!(s = insert_row(db, "letters", cols, o, "case_id", id, &row, err))) {
			char key[32];
			snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(o, "id")));
			json_object_set_new(letter_map, key, json_integer(row));
		}
	}
	json_array_foreach(json_object_get(c, "sends"), i, o) if (!s) {
		char key[32];
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(o, "letter_id")));
		json_t *w = json_deep_copy(o);
		json_object_set(w, "letter_id", json_object_get(letter_map, key));
		static const char *const cols[] = {"letter_id", "address", "sent", NULL};
		s = insert_row(db, "sends", cols, w, "case_id", id, NULL, err);
		json_decref(w);
	}
	json_decref(letter_map);
	json_array_foreach(json_object_get(c, "evidence"), i, o) if (!s) s =
		insert_row(db, "evidence", evidence_cols, o, "case_id", id, NULL, err);
	json_array_foreach(json_object_get(c, "timeline"), i, o) if (!s) s =
		insert_row(db, "events", event_cols, o, "case_id", id, NULL, err);
	return s;
}

/* Users whose names the store lacks, with the accounts they work (by
 * name: the export's stores are in the store by now). */
static poa_status import_users(poa_db *db, json_t *root, poa_error *err)
{
	size_t i, k;
	json_t *u, *name;
	poa_status s = POA_OK;
	json_array_foreach(json_object_get(root, "users"), i, u) {
		poa_role role;
		long long id = 0;
		int found = 0;
		if (!s && (!json_is_string(json_object_get(u, "hash")) ||
			   !poa_role_parse(json_string_value(json_object_get(u, "role")), &role)))
			s = poa_error_set(err, POA_ERR_INPUT, "user %d of the export lacks a hash or a known role", (int)i + 1);
		if (!s)
			s = db_query_int(db, "SELECT id FROM users WHERE name = ?", 0,
					 json_string_value(json_object_get(u, "name")), &id, &found, err);
		if (s || found)
			continue;
		s = insert_row(db, "users", user_cols + id_taken(db, "users", u), u, NULL, 0, &id, err);
		json_array_foreach(json_object_get(u, "stores"), k, name) if (!s) {
			sql_stmt *st;
			if (!(s = db_prepare(db,
					     "INSERT INTO user_stores (user_id, store_id) SELECT ?, id FROM stores WHERE name = ?"
					     " ON CONFLICT DO NOTHING",
					     &st, err))) {
				sql_bind_int64(st, 1, id);
				db_bind_text(st, 2, json_string_value(name));
				s = step_done(db, st, "importing", err);
			}
		}
	}
	return s;
}

/* Mailbox positions the store lacks (one it has stays where it is). */
static poa_status import_fetch_state(poa_db *db, json_t *root, poa_error *err)
{
	size_t i;
	json_t *o;
	poa_status s = POA_OK;
	json_array_foreach(json_object_get(root, "fetch_state"), i, o) if (!s) s =
		insert_row(db, "fetch_state", fetch_cols, o, NULL, 0, NULL, err);
	return s;
}

static poa_status import_stores(poa_db *db, json_t *root, json_t *map, poa_error *err)
{
	size_t i;
	json_t *o;
	poa_status s = POA_OK;
	json_array_foreach(json_object_get(root, "stores"), i, o) {
		if (s)
			break;
		sql_stmt *st;
		long long id = 0;
		if ((s = db_prepare(db, "SELECT id FROM stores WHERE name = ?", &st, err)))
			break;
		db_bind_text(st, 1, json_string_value(json_object_get(o, "name")));
		if (sql_step(st) == SQL_ROW)
			id = sql_column_int64(st, 0);
		sql_finalize(st);
		if (!id)
			s = insert_row(db, "stores", store_cols, o, NULL, 0, &id, err);
		char key[32];
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(o, "id")));
		json_object_set_new(map, key, json_integer(id));
	}
	return s;
}

poa_status poa_db_import_json(poa_db *db, const char *name, const char *json, size_t len, int *cases_added,
			      poa_error *err)
{
	*cases_added = 0;
	json_error_t je;
	json_t *root = json_loadb(json, len, 0, &je);
	if (!root)
		return poa_error_set(err, POA_ERR_INPUT, "%s:%d:%d: not valid JSON: %s", name, je.line, je.column, je.text);
	json_t *fmt = json_object_get(root, "poa_export");
	if (!json_is_integer(fmt) || !json_is_array(json_object_get(root, "cases"))) {
		json_decref(root);
		return poa_error_set(err, POA_ERR_INPUT, "%s: not a poa export (no poa_export and cases keys)", name);
	}
	long long format = (long long)json_integer_value(fmt);
	if (format > EXPORT_FORMAT) {
		json_decref(root);
		return poa_error_set(err, POA_ERR_INPUT, "%s: exported by a newer poa (format %lld): upgrade poa", name,
				     format);
	}
	json_t *stores = json_object();
	poa_status s = db_begin(db, err);
	if (!s)
		s = import_stores(db, root, stores, err);
	if (!s)
		s = import_users(db, root, err);
	if (!s)
		s = import_fetch_state(db, root, err);
	if (!s)
		s = import_blobs(db, root, err);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(root, "cases"), i, c) {
		if (s || case_is_stored(db, c))
			continue;
		if (!(s = import_case(db, c, stores, err)))
			(*cases_added)++;
	}
	if (!s && db->c->drv->after_explicit_ids)
		s = db_exec(db, db->c->drv->after_explicit_ids, err);
	if ((s = db_end(db, s, err)) != POA_OK) {
		*cases_added = 0;
		if (s == POA_ERR_STORE && strstr(err ? err->message : "", "constraint"))
			s = poa_error_set(err, POA_ERR_INPUT, "%s: the export contradicts itself (a notice or complaint twice)",
					  name);
	}
	json_decref(stores);
	json_decref(root);
	return s;
}
