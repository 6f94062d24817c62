/* case.c — filing notices into cases, and what a case gathers: answers,
 * status, letters and what was sent. Each public function is one
 * transaction: it happens whole or not at all. */
#include "db.h"
#include "answers.h"
#include "buf.h"
#include "kb.h"
#include "message.h"
#include "notice.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* The id found by a one-value query, or 0. */
static poa_status find_id(poa_db *db, const char *sql, const char *arg, long long *id, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, sql, &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, arg);
	sql_rc rc = sql_step(st);
	*id = rc == SQL_ROW ? sql_column_int64(st, 0) : 0;
	sql_finalize(st);
	return rc == SQL_ROW || rc == SQL_DONE ? POA_OK : db_fail(db, rc, "reading the store", err);
}

/* The case this notice belongs to: one that holds the same message, or one
 * of its complaint IDs. */
static poa_status find_case(poa_db *db, const poa_notice *n, const char *sha, const char *msgid,
			    poa_case_added *out, poa_error *err)
{
	long long id = 0;
	poa_status s = find_id(db, "SELECT case_id FROM notices WHERE sha256 = ?", sha, &id, err);
	if (!s && !id && msgid)
		s = find_id(db, "SELECT case_id FROM notices WHERE message_id = ?", msgid, &id, err);
	if (!s && id) {
		out->case_id = id;
		out->duplicate = 1;
		return POA_OK;
	}
	for (size_t i = 0; !s && !id && i < n->complaint_ids.count; i++)
		s = find_id(db, "SELECT case_id FROM complaints WHERE complaint_id = ?", n->complaint_ids.items[i].value,
			    &id, err);
	out->case_id = id;
	out->joined = id != 0;
	return s;
}

static void deadline_of(const poa_notice *n, const poa_message *m, time_t now, char out[16])
{
	deadline_info d = poa_report_deadline(n, m, now);
	out[0] = '\0';
	if (d.known)
		poa_report_date_str(d.date, out);
}

/* The case's title: the subject Amazon wrote, else the family and first ASIN. */
static char *case_title(const poa_kb *kb, const poa_message *m, const poa_notice *n)
{
	const char *subject = poa_message_subject(m);
	if (subject && *subject)
		return poa_strdup0(subject);
	const kb_family *f = poa_kb_family(kb, n->family);
	poa_buf b;
	poa_buf_init(&b);
	poa_buf_adds(&b, f ? f->name.en : n->family);
	if (n->nasins)
		poa_buf_printf(&b, ": %s", n->asins[0].asin);
	return poa_buf_steal(&b);
}

static poa_status insert_case(poa_db *db, const poa_kb *kb, const poa_message *m, const poa_notice *n,
			      const char *store, time_t now, long long *id, poa_error *err)
{
	long long store_id = 0;
	poa_status s = store ? poa_db_store_check(db, store, err) : POA_OK;
	if (!s && store)
		s = find_id(db, "SELECT id FROM stores WHERE name = ?", store, &store_id, err);
	sql_stmt *st;
	if (s || (s = db_prepare(db,
				 /* version 0: the filing's timeline line (db_event) makes it 1 */
				 "INSERT INTO cases (store_id, family, severity, title, deadline, created, updated, version)"
				 " VALUES (?, ?, ?, ?, ?, ?, ?, 0) RETURNING id",
				 &st, err)))
		return s;
	char at[32], deadline[16];
	db_time(now, at);
	deadline_of(n, m, now, deadline);
	char *title = case_title(kb, m, n);
	if (store_id)
		sql_bind_int64(st, 1, store_id);
	else
		sql_bind_null(st, 1);
	db_bind_text(st, 2, n->family);
	db_bind_text(st, 3, n->severity);
	db_bind_text(st, 4, title ? title : n->family);
	db_bind_text(st, 5, *deadline ? deadline : NULL);
	db_bind_text(st, 6, at);
	db_bind_text(st, 7, at);
	s = db_insert_id(db, st, "filing the case", id, err);
	if (!s)
		s = db_search_add(db, *id, title ? title : n->family, strlen(title ? title : n->family), err);
	free(title);
	return s;
}

/* A second notice about the same complaint: the sooner deadline stands. */
static poa_status update_case(poa_db *db, long long id, const poa_message *m, const poa_notice *n, time_t now,
			      poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "UPDATE cases SET updated = ?,"
				  " deadline = CASE WHEN deadline IS NULL OR (CAST(?2 AS TEXT) IS NOT NULL AND ?2 < deadline)"
				  " THEN coalesce(?2, deadline) ELSE deadline END WHERE id = ?3",
				  &st, err);
	if (s)
		return s;
	char at[32], deadline[16];
	db_time(now, at);
	deadline_of(n, m, now, deadline);
	db_bind_text(st, 1, at);
	db_bind_text(st, 2, *deadline ? deadline : NULL);
	sql_bind_int64(st, 3, id);
	return step_done(db, st, "updating the case", err);
}

static poa_status insert_notice(poa_db *db, const poa_kb *kb, long long id, const poa_message *m,
				const poa_notice *n, const char *sha, time_t now, poa_error *err)
{
	poa_report_options ro = {.lang = POA_LANG_EN, .today = now};
	char *json = poa_notice_to_json(kb, n, m, &ro);
	if (!json)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "INSERT INTO notices (case_id, sha256, message_id, origin, subject, sender, date, tz,"
				  " charset, family, json, text, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				  &st, err);
	if (s) {
		free(json);
		return s;
	}
	size_t len;
	const char *text = poa_message_text(m, &len);
	time_t date;
	int tz;
	char at[32];
	db_time(now, at);
	sql_bind_int64(st, 1, id);
	db_bind_text(st, 2, sha);
	db_bind_text(st, 3, poa_message_id(m));
	db_bind_text(st, 4, poa_message_origin(m));
	db_bind_text(st, 5, poa_message_subject(m));
	db_bind_text(st, 6, poa_message_from(m));
	if (poa_message_date(m, &date, &tz)) {
		sql_bind_int64(st, 7, (long long)date);
		sql_bind_int64(st, 8, tz);
	} else {
		sql_bind_null(st, 7);
		sql_bind_null(st, 8);
	}
	db_bind_text(st, 9, poa_message_charset(m));
	db_bind_text(st, 10, n->family);
	db_bind_text(st, 11, json);
	sql_bind_text(st, 12, text, len);
	db_bind_text(st, 13, at);
	free(json);
	s = step_done(db, st, "storing the notice", err);
	return s ? s : db_search_add(db, id, text, len, err);
}

/* Complaint IDs and ASINs point later notices to their case. */
static poa_status insert_keys(poa_db *db, long long id, const poa_notice *n, poa_error *err)
{
	poa_status s = POA_OK;
	for (size_t i = 0; !s && i < n->complaint_ids.count; i++) {
		sql_stmt *st;
		if ((s = db_prepare(db, "INSERT INTO complaints (complaint_id, case_id) VALUES (?, ?) ON CONFLICT DO NOTHING", &st,
				    err)))
			break;
		db_bind_text(st, 1, n->complaint_ids.items[i].value);
		sql_bind_int64(st, 2, id);
		s = step_done(db, st, "storing the complaint IDs", err);
	}
	for (size_t i = 0; !s && i < n->nasins; i++) {
		sql_stmt *st;
		if (n->asins[i].masked)
			continue;
		if ((s = db_prepare(db, "INSERT INTO asins (case_id, asin) VALUES (?, ?) ON CONFLICT DO NOTHING", &st, err)))
			break;
		sql_bind_int64(st, 1, id);
		db_bind_text(st, 2, n->asins[i].asin);
		s = step_done(db, st, "storing the ASINs", err);
	}
	return s;
}

poa_status poa_db_case_add(poa_db *db, const poa_kb *kb, const poa_message *m, const poa_notice *n,
			   const char *store, time_t now, poa_case_added *out, poa_error *err)
{
	memset(out, 0, sizeof *out);
	size_t len;
	const char *text = poa_message_text(m, &len);
	char sha[65];
	db_sha256(text, len, sha);
	poa_status s = db_begin(db, err);
	if (s)
		return s;
	s = find_case(db, n, sha, poa_message_id(m), out, err);
	if (!s && out->duplicate)
		return db_commit(db, err);
	if (!s && !out->joined)
		s = insert_case(db, kb, m, n, store, now, &out->case_id, err);
	else if (!s)
		s = update_case(db, out->case_id, m, n, now, err);
	if (!s)
		s = insert_notice(db, kb, out->case_id, m, n, sha, now, err);
	if (!s)
		s = insert_keys(db, out->case_id, n, err);
	if (!s)
		s = db_event(db, out->case_id, now, out->joined ? "notice joined" : "notice filed",
			     poa_message_subject(m) ? poa_message_subject(m) : poa_message_origin(m), err);
	return db_end(db, s, err);
}

/* ---- answers and the notice again ------------------------------------------- */

static poa_status stored_answers_text(poa_db *db, long long case_id, char **text, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT answers FROM cases WHERE id = ?", &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, case_id);
	sql_rc rc = sql_step(st);
	*text = rc == SQL_ROW ? poa_strdup0(db_col(st, 0) ? db_col(st, 0) : "") : NULL;
	sql_finalize(st);
	if (rc == SQL_DONE)
		return db_no_case(db, case_id, err);
	if (rc != SQL_ROW)
		return db_fail(db, rc, "reading the answers", err);
	return *text ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

poa_status poa_db_case_answers(poa_db *db, const poa_kb *kb, long long case_id, time_t today, poa_answers **out,
			       poa_error *err)
{
	char *text;
	poa_status s = stored_answers_text(db, case_id, &text, err);
	if (s)
		return s;
	char name[64];
	snprintf(name, sizeof name, "case %lld answers", case_id);
	s = poa_answers_parse(kb, name, text, strlen(text), today, out, err);
	free(text);
	return s;
}

poa_status poa_db_case_answer(poa_db *db, long long case_id, const poa_answers *a, time_t now, poa_error *err)
{
	poa_status s = db_begin(db, err);
	if (s)
		return s;
	char *text = NULL, *merged = NULL;
	poa_answers *old = NULL;
	s = stored_answers_text(db, case_id, &text, err);
	/* Stored answers were checked when stored: parse them without the
	 * date check moving under them (today = now). */
	if (!s)
		s = poa_answers_parse_unchecked("case answers", text, strlen(text), &old, err);
	if (!s)
		s = poa_answers_merge(old, a, err);
	if (!s && !(merged = poa_answers_emit(old)))
		s = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	sql_stmt *st;
	if (!s && !(s = db_prepare(db, "UPDATE cases SET answers = ?, updated = ? WHERE id = ?", &st, err))) {
		char at[32];
		db_time(now, at);
		db_bind_text(st, 1, merged);
		db_bind_text(st, 2, at);
		sql_bind_int64(st, 3, case_id);
		s = step_done(db, st, "storing the answers", err);
	}
	if (!s) {
		char detail[64];
		snprintf(detail, sizeof detail, "%zu answers", a->root->count);
		s = db_event(db, case_id, now, "answers", detail, err);
	}
	s = db_end(db, s, err);
	free(text);
	free(merged);
	poa_answers_free(old);
	return s;
}

poa_status poa_db_case_notice(poa_db *db, const poa_kb *kb, long long case_id, poa_message **m, poa_notice **n,
			      poa_error *err)
{
	*m = NULL;
	*n = NULL;
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "SELECT origin, text, subject, sender, message_id, charset, date, tz,"
				  " CASE WHEN date IS NULL THEN 0 ELSE 1 END"
				  " FROM notices WHERE case_id = ? ORDER BY id LIMIT 1",
				  &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, case_id);
	sql_rc rc = sql_step(st);
	if (rc == SQL_ROW) {
		poa_message_fields f = {
			.origin = db_col(st, 0), .text = db_col(st, 1), .len = (size_t)sql_column_bytes(st, 1),
			.subject = db_col(st, 2), .from = db_col(st, 3), .message_id = db_col(st, 4),
			.charset = db_col(st, 5), .date = (time_t)sql_column_int64(st, 6),
			.tz_minutes = (int)sql_column_int64(st, 7), .has_date = (int)sql_column_int64(st, 8),
		};
		if (!f.text)
			f.text = "";
		s = poa_message_restore(&f, m, err);
	} else if (rc == SQL_DONE) {
		s = db_no_case(db, case_id, err);
	} else {
		s = db_fail(db, rc, "reading the notice", err);
	}
	sql_finalize(st);
	if (!s)
		s = poa_notice_read(kb, *m, n, err);
	if (s) {
		poa_message_free(*m);
		*m = NULL;
	}
	return s;
}

/* ---- status and letters ------------------------------------------------------ */

static const char *const states[] = {"open", "waiting", "resolved", "lost", "closed", NULL};

poa_status poa_db_case_status(poa_db *db, long long case_id, const char *state, time_t now, poa_error *err)
{
	int known = 0;
	for (const char *const *p = states; *p; p++)
		known |= strcmp(*p, state) == 0;
	if (!known)
		return poa_error_set(err, POA_ERR_USAGE,
				     "'%s' is not a case state: use open, waiting, resolved, lost or closed", state);
	poa_status s = db_begin(db, err);
	sql_stmt *st;
	if (!s)
		s = db_case_exists(db, case_id, err);
	if (!s && !(s = db_prepare(db, "UPDATE cases SET status = ?, updated = ? WHERE id = ?", &st, err))) {
		char at[32];
		db_time(now, at);
		db_bind_text(st, 1, state);
		db_bind_text(st, 2, at);
		sql_bind_int64(st, 3, case_id);
		s = step_done(db, st, "changing the status", err);
	}
	if (!s)
		s = db_event(db, case_id, now, "status", state, err);
	return db_end(db, s, err);
}

poa_status poa_db_letter_add(poa_db *db, long long case_id, const char *letter, const char *kind, const char *text,
			     int lint_worst, const char *lint_json, time_t now, int *version, poa_error *err)
{
	poa_status s = db_begin(db, err);
	sql_stmt *st;
	if (!s)
		s = db_case_exists(db, case_id, err);
	long long v = 0;
	if (!s && !(s = db_prepare(db, "SELECT coalesce(max(version), 0) + 1 FROM letters WHERE case_id = ? AND letter = ?",
				   &st, err))) {
		sql_bind_int64(st, 1, case_id);
		db_bind_text(st, 2, letter);
		v = sql_step(st) == SQL_ROW ? sql_column_int64(st, 0) : 1;
		sql_finalize(st);
	}
	if (!s && !(s = db_prepare(db,
				   "INSERT INTO letters (case_id, letter, kind, version, text, sha256, lint_worst,"
				   " lint_json, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				   &st, err))) {
		char at[32], sha[65];
		db_time(now, at);
		db_sha256(text, strlen(text), sha);
		sql_bind_int64(st, 1, case_id);
		db_bind_text(st, 2, letter);
		db_bind_text(st, 3, kind);
		sql_bind_int64(st, 4, v);
		db_bind_text(st, 5, text);
		db_bind_text(st, 6, sha);
		sql_bind_int64(st, 7, lint_worst);
		db_bind_text(st, 8, lint_json);
		db_bind_text(st, 9, at);
		s = step_done(db, st, "storing the letter", err);
	}
	if (!s)
		s = db_search_add(db, case_id, text, strlen(text), err);
	if (!s) {
		char detail[128];
		snprintf(detail, sizeof detail, "%s v%lld", letter, v);
		s = db_event(db, case_id, now, "letter", detail, err);
	}
	s = db_end(db, s, err);
	if (!s && version)
		*version = (int)v;
	return s;
}

static poa_status no_letter(poa_db *db, long long case_id, const char *letter, poa_error *err)
{
	if (db_for_web(db))
		return poa_error_set(err, POA_ERR_NOT_FOUND, "case %lld has no letter '%s'; the case's page lists its letters",
				     case_id, letter);
	return poa_error_set(err, POA_ERR_NOT_FOUND, "case %lld has no letter '%s'; poa case show %lld lists its letters",
			     case_id, letter, case_id);
}

poa_status poa_db_letter_get(poa_db *db, long long case_id, const char *letter, char **text, char **kind,
			     int *version, int *lint_worst, poa_error *err)
{
	*text = NULL;
	if (kind)
		*kind = NULL;
	sql_stmt *st;
	poa_status s = db_case_exists(db, case_id, err);
	if (!s)
		s = db_prepare(db,
				  "SELECT text, kind, version, lint_worst FROM letters WHERE case_id = ? AND letter = ?"
				  " ORDER BY version DESC LIMIT 1",
				  &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, case_id);
	db_bind_text(st, 2, letter);
	sql_rc rc = sql_step(st);
	if (rc == SQL_ROW) {
		*text = poa_strdup0(db_col(st, 0));
		if (kind)
			*kind = poa_strdup0(db_col(st, 1));
		if (version)
			*version = (int)sql_column_int64(st, 2);
		if (lint_worst)
			*lint_worst = sql_column_type(st, 3) == SQL_NULL ? -1 : (int)sql_column_int64(st, 3);
	}
	sql_finalize(st);
	if (rc == SQL_DONE)
		return no_letter(db, case_id, letter, err);
	if (rc != SQL_ROW)
		return db_fail(db, rc, "reading the letter", err);
	return *text ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

poa_status poa_db_letter_sent(poa_db *db, long long case_id, const char *letter, const char *to, time_t now,
			      int *repeat, poa_error *err)
{
	*repeat = 0;
	poa_status s = db_begin(db, err);
	sql_stmt *st;
	long long letter_id = 0;
	if (!s)
		s = db_case_exists(db, case_id, err);
	if (!s && !(s = db_prepare(db,
				   "SELECT id, (SELECT count(*) FROM sends s JOIN letters o ON o.id = s.letter_id"
				   "  WHERE s.case_id = l.case_id AND o.sha256 = l.sha256)"
				   " FROM letters l WHERE case_id = ? AND letter = ? ORDER BY version DESC LIMIT 1",
				   &st, err))) {
		sql_bind_int64(st, 1, case_id);
		db_bind_text(st, 2, letter);
		sql_rc rc = sql_step(st);
		if (rc == SQL_ROW) {
			letter_id = sql_column_int64(st, 0);
			*repeat = (int)sql_column_int64(st, 1) > 0;
		} else {
			s = rc == SQL_DONE ? no_letter(db, case_id, letter, err) : db_fail(db, rc, "reading the letter", err);
		}
		sql_finalize(st);
	}
	if (!s && !(s = db_prepare(db, "INSERT INTO sends (case_id, letter_id, address, sent) VALUES (?, ?, ?, ?)", &st,
				   err))) {
		char at[32];
		db_time(now, at);
		sql_bind_int64(st, 1, case_id);
		sql_bind_int64(st, 2, letter_id);
		db_bind_text(st, 3, to);
		db_bind_text(st, 4, at);
		s = step_done(db, st, "recording the sending", err);
	}
	if (!s) {
		char detail[512];
		snprintf(detail, sizeof detail, "%s to %s", letter, to);
		s = db_event(db, case_id, now, "sent", detail, err);
	}
	return db_end(db, s, err);
}

poa_status poa_db_case_note(poa_db *db, long long case_id, time_t now, const char *what, const char *detail,
			    poa_error *err)
{
	poa_status s = db_begin(db, err);
	if (!s)
		s = db_case_exists(db, case_id, err);
	if (!s)
		s = db_event(db, case_id, now, what, detail, err);
	return db_end(db, s, err);
}

/* One text column of rows for the case, as a list the caller frees. */
static poa_status text_list(poa_db *db, const char *sql, long long case_id, char ***out, size_t *n, poa_error *err)
{
	*out = NULL;
	*n = 0;
	poa_status s = db_case_exists(db, case_id, err);
	sql_stmt *st;
	if (s || (s = db_prepare(db, sql, &st, err)))
		return s;
	sql_bind_int64(st, 1, case_id);
	sql_rc rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		char **v = realloc(*out, (*n + 1) * sizeof *v);
		if (!v || !(v[*n] = poa_strdup0(db_col(st, 0) ? db_col(st, 0) : ""))) {
			*out = v ? v : *out;
			rc = SQL_NOMEM;
			break;
		}
		*out = v;
		(*n)++;
	}
	sql_finalize(st);
	if (rc != SQL_DONE) {
		poa_db_free_list(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, rc, "reading the letters", err);
	}
	return POA_OK;
}

poa_status poa_db_sent_texts(poa_db *db, long long case_id, char ***texts, size_t *n, poa_error *err)
{
	return text_list(db,
			 "SELECT l.text FROM letters l WHERE l.case_id = ?"
			 " AND EXISTS (SELECT 1 FROM sends s WHERE s.letter_id = l.id) ORDER BY l.id",
			 case_id, texts, n, err);
}

poa_status poa_db_letter_ids(poa_db *db, long long case_id, char ***ids, size_t *n, poa_error *err)
{
	return text_list(db, "SELECT DISTINCT letter FROM letters WHERE case_id = ? ORDER BY letter", case_id, ids, n,
			 err);
}

void poa_db_free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
