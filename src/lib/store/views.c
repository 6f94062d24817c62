/* views.c — what the case store shows: the list of cases, one case whole,
 * the deadlines due, each seller account's health, and search. Each view is
 * built once as JSON (jansson) and written either as that JSON or as text,
 * so the two never disagree. */
#include "db.h"
#include "buf.h"
#include "date.h"
#include "kb.h"

#include <jansson.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#define _(s) dgettext("poa", s)

/* ---- helpers ---------------------------------------------------------------- */

/* Days from today to a YYYY-MM-DD deadline, or LONG_MIN-ish when none. */
static int days_left(const char *deadline, time_t today, long *out)
{
	poa_date d;
	if (!deadline || !poa_date_parse(deadline, &d))
		return 0;
	*out = poa_days_from_civil(d) - poa_days_from_civil(poa_date_local(today));
	return 1;
}

static char *dump(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return s;
}

static const char *open_states = "('open', 'waiting')";

/* ---- the list -------------------------------------------------------------- */

static poa_status list_json(poa_db *db, const poa_db_query *q, int due_only, json_t **out, poa_error *err)
{
	char sql[1536], visible[256];
	db_visible_sql(visible, sizeof visible, "c.store_id", 4);
	snprintf(sql, sizeof sql,
		 "SELECT c.id, s.name, c.family, c.status, c.deadline, c.title,"
		 " (SELECT string_agg(asin, ' ') FROM (SELECT asin FROM asins WHERE case_id = c.id ORDER BY asin) a),"
		 " (SELECT string_agg(complaint_id, ' ') FROM (SELECT complaint_id FROM complaints"
		 "   WHERE case_id = c.id ORDER BY complaint_id) k),"
		 " c.updated"
		 " FROM cases c LEFT JOIN stores s ON s.id = c.store_id"
		 " WHERE (CAST(?1 AS TEXT) IS NULL OR s.name = ?1) AND (?2 = 0 OR c.status IN %s)"
		 " AND (?3 = 0 OR c.deadline IS NOT NULL) AND %s"
		 " ORDER BY c.deadline IS NULL, c.deadline, c.id",
		 open_states, visible);
	sql_stmt *st;
	poa_status s = db_prepare(db, sql, &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, q->store);
	sql_bind_int64(st, 2, q->open_only || due_only);
	sql_bind_int64(st, 3, due_only);
	sql_bind_int64(st, 4, q->user_id);
	json_t *list = json_array();
	sql_rc rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		long left = 0;
		int has = days_left(db_col(st, 4), q->today, &left);
		json_t *o = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)sql_column_int64(st, 0),
				      "store", db_col_json(st, 1), "family", db_col_json(st, 2), "status", db_col_json(st, 3),
				      "deadline", db_col_json(st, 4), "days_left",
				      has ? json_integer(left) : json_null(), "title", db_col_json(st, 5), "asins",
				      db_col_json(st, 6), "complaint_ids", db_col_json(st, 7));
		json_array_append_new(list, o);
	}
	sql_finalize(st);
	if (rc != SQL_DONE) {
		json_decref(list);
		return db_fail(db, rc, "listing the cases", err);
	}
	*out = list;
	return list ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

poa_status poa_db_list_json(poa_db *db, const poa_db_query *q, char **json, poa_error *err)
{
	json_t *list;
	poa_status s = list_json(db, q, 0, &list, err);
	if (s)
		return s;
	*json = dump(list);
	return *json ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

static const char *str_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* "21 days left", "today", "3 days overdue", "" */
static void when_text(json_t *o, char *out, size_t size)
{
	json_t *d = json_object_get(o, "days_left");
	if (!json_is_integer(d)) {
		snprintf(out, size, "%s", _("no deadline"));
		return;
	}
	long n = (long)json_integer_value(d);
	if (n < 0)
		snprintf(out, size, dngettext("poa", "%ld day overdue", "%ld days overdue", (unsigned long)-n), -n);
	else if (n == 0)
		snprintf(out, size, "%s", _("due today"));
	else
		snprintf(out, size, dngettext("poa", "%ld day left", "%ld days left", (unsigned long)n), n);
}

static void write_case_line(FILE *out, json_t *o, int color)
{
	char when[64];
	when_text(o, when, sizeof when);
	json_t *d = json_object_get(o, "days_left");
	int late = json_is_integer(d) && json_integer_value(d) < 0;
	const char *store = str_of(o, "store");
	fprintf(out, "%4lld  %-10s  %-10s %s%-18s%s  %-16s  %s\n", (long long)json_integer_value(json_object_get(o, "id")),
		*str_of(o, "deadline") ? str_of(o, "deadline") : "-", str_of(o, "status"),
		late && color ? "\033[31m" : "", when, late && color ? "\033[0m" : "", *store ? store : "-",
		str_of(o, "title"));
}

poa_status poa_db_write_list(poa_db *db, FILE *out, const poa_db_query *q, poa_error *err)
{
	json_t *list;
	poa_status s = list_json(db, q, 0, &list, err);
	if (s)
		return s;
	if (!json_array_size(list))
		fprintf(out, "%s\n", _("No cases. File a notice with: poa case new NOTICE"));
	else
		fprintf(out, "%4s  %-10s  %-10s %-18s  %-16s  %s\n", _("ID"), _("Deadline"), _("Status"), _("Time"),
			_("Store"), _("Title"));
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) write_case_line(out, o, q->color);
	json_decref(list);
	return POA_OK;
}

/* ---- due --------------------------------------------------------------------- */

poa_status poa_db_write_due(poa_db *db, FILE *out, const poa_db_query *q, int within, int json, int *due_within,
			    poa_error *err)
{
	json_t *list;
	poa_status s = list_json(db, q, 1, &list, err);
	if (s)
		return s;
	*due_within = 0;
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		json_t *d = json_object_get(o, "days_left");
		*due_within += json_is_integer(d) && json_integer_value(d) <= within;
	}
	if (json) {
		char *text = dump(list);
		if (!text)
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		fprintf(out, "%s\n", text);
		free(text);
		return POA_OK;
	}
	if (!json_array_size(list))
		fprintf(out, "%s\n", _("No open case has a deadline."));
	json_array_foreach(list, i, o) write_case_line(out, o, q->color);
	fprintf(out, dngettext("poa", "%d case due within %d days (overdue included)\n",
			       "%d cases due within %d days (overdue included)\n", (unsigned long)*due_within),
		*due_within, within);
	json_decref(list);
	return POA_OK;
}

/* ---- one case ----------------------------------------------------------------- */

static poa_status case_tree(poa_db *db, long long id, const poa_db_query *q, json_t **out, poa_error *err)
{
	poa_db_query all = *q;
	all.store = NULL;
	all.open_only = 0;
	json_t *list;
	poa_status s = db_case_exists(db, id, err);
	if (!s)
		s = list_json(db, &all, 0, &list, err);
	if (s)
		return s;
	json_t *c = NULL;
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) if (json_integer_value(json_object_get(o, "id")) == id) c = json_incref(o);
	json_decref(list);
	/* Not among the cases the user may see: absent, as far as they know. */
	if (!c)
		return db_no_case(db, id, err);
	static const char *const notice_cols[] = {"received", "subject", "from", "message_id", "family", NULL};
	static const char *const letter_cols[] = {"letter", "version", "kind", "lint_worst", "created", "sent_to", NULL};
	static const char *const event_cols[] = {"at", "what", "detail", "by", NULL};
	static const char *const evidence_cols[] = {"kind", "name", "type", "size", "doc_date", "added", NULL};
	json_t *notices = json_array(), *letters = json_array(), *events = json_array(), *evidence = json_array();
	json_object_set_new(c, "notices", notices);
	json_object_set_new(c, "letters", letters);
	json_object_set_new(c, "evidence", evidence);
	json_object_set_new(c, "timeline", events);
	s = db_rows_json(db,
		      "SELECT added, subject, sender, message_id, family FROM notices WHERE case_id = ? ORDER BY id",
		      id, notice_cols, notices, err);
	if (!s)
		s = db_rows_json(db,
			      "SELECT letter, version, kind, lint_worst, created,"
			      " (SELECT string_agg(address, ', ') FROM (SELECT address FROM sends WHERE letter_id = l.id"
			      "  ORDER BY id) a)"
			      " FROM letters l WHERE case_id = ? ORDER BY letter, version",
			      id, letter_cols, letters, err);
	if (!s)
		s = db_rows_json(db, "SELECT kind, name, type, size, doc_date, added FROM evidence WHERE case_id = ? ORDER BY id",
				 id, evidence_cols, evidence, err);
	if (!s)
		s = db_rows_json(db, "SELECT at, what, detail, actor FROM events WHERE case_id = ? ORDER BY id", id,
				 event_cols, events, err);
	sql_stmt *st;
	if (!s && !(s = db_prepare(db, "SELECT answers, version FROM cases WHERE id = ?", &st, err))) {
		sql_bind_int64(st, 1, id);
		if (sql_step(st) == SQL_ROW) {
			json_object_set_new(c, "answers", db_col_json(st, 0));
			json_object_set_new(c, "version", json_integer(sql_column_int64(st, 1)));
		}
		sql_finalize(st);
	}
	if (s) {
		json_decref(c);
		return s;
	}
	*out = c;
	return POA_OK;
}

poa_status poa_db_case_json(poa_db *db, long long case_id, const poa_db_query *q, char **json, poa_error *err)
{
	json_t *c;
	poa_status s = case_tree(db, case_id, q, &c, err);
	if (s)
		return s;
	*json = dump(c);
	return *json ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

static const char *lint_word(json_t *v)
{
	if (!json_is_integer(v))
		return _("not checked");
	switch (json_integer_value(v)) {
	case -1: return _("clean");
	case 0: return _("advice");
	case 1: return _("warnings");
	default: return _("BLOCKERS");
	}
}

poa_status poa_db_write_case(poa_db *db, FILE *out, long long case_id, const poa_db_query *q, poa_error *err)
{
	json_t *c;
	poa_status s = case_tree(db, case_id, q, &c, err);
	if (s)
		return s;
	char when[64];
	when_text(c, when, sizeof when);
	fprintf(out, _("Case %lld: %s\n"), case_id, str_of(c, "title"));
	fprintf(out, "  %-12s %s\n", _("Family"), str_of(c, "family"));
	fprintf(out, "  %-12s %s\n", _("Status"), str_of(c, "status"));
	fprintf(out, "  %-12s %lld\n", _("Version"), (long long)json_integer_value(json_object_get(c, "version")));
	fprintf(out, "  %-12s %s\n", _("Store"), *str_of(c, "store") ? str_of(c, "store") : "-");
	fprintf(out, "  %-12s %s (%s)\n", _("Deadline"), *str_of(c, "deadline") ? str_of(c, "deadline") : "-", when);
	fprintf(out, "  %-12s %s\n", _("ASINs"), *str_of(c, "asins") ? str_of(c, "asins") : "-");
	fprintf(out, "  %-12s %s\n", _("Complaints"), *str_of(c, "complaint_ids") ? str_of(c, "complaint_ids") : "-");
	size_t i;
	json_t *o;
	fprintf(out, "\n%s\n", _("Notices"));
	json_array_foreach(json_object_get(c, "notices"), i, o)
		fprintf(out, "  %s  %s\n", str_of(o, "received"), *str_of(o, "subject") ? str_of(o, "subject") : "-");
	fprintf(out, "\n%s\n", _("Answers"));
	const char *answers = str_of(c, "answers");
	if (*answers) {
		for (const char *p = answers; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			fprintf(out, "  %.*s\n", (int)n, p);
			p += n + (nl != NULL);
		}
	} else {
		fprintf(out, "  %s\n", _("none yet: poa case answer ID --answers FILE"));
	}
	fprintf(out, "\n%s\n", _("Letters"));
	if (!json_array_size(json_object_get(c, "letters")))
		fprintf(out, "  %s\n", _("none yet: poa draft ID"));
	json_array_foreach(json_object_get(c, "letters"), i, o) {
		fprintf(out, "  %-22s v%lld  %-12s %s", str_of(o, "letter"),
			(long long)json_integer_value(json_object_get(o, "version")), lint_word(json_object_get(o, "lint_worst")),
			str_of(o, "created"));
		if (*str_of(o, "sent_to"))
			fprintf(out, _("  sent to %s"), str_of(o, "sent_to"));
		fputc('\n', out);
	}
	fprintf(out, "\n%s\n", _("Evidence"));
	if (!json_array_size(json_object_get(c, "evidence")))
		fprintf(out, "  %s\n", _("none yet: poa case attach ID FILE --kind invoice"));
	json_array_foreach(json_object_get(c, "evidence"), i, o) {
		fprintf(out, "  %-8s %s (%s, %lld bytes)", str_of(o, "kind"), str_of(o, "name"), str_of(o, "type"),
			(long long)json_integer_value(json_object_get(o, "size")));
		if (*str_of(o, "doc_date"))
			fprintf(out, _(", dated %s"), str_of(o, "doc_date"));
		fputc('\n', out);
	}
	fprintf(out, "\n%s\n", _("Timeline"));
	json_array_foreach(json_object_get(c, "timeline"), i, o) {
		fprintf(out, "  %s  %-14s %s", str_of(o, "at"), str_of(o, "what"), str_of(o, "detail"));
		if (*str_of(o, "by"))
			fprintf(out, _(" (by %s)"), str_of(o, "by"));
		fputc('\n', out);
	}
	json_decref(c);
	return POA_OK;
}

/* ---- health ------------------------------------------------------------------- */

/* Counts of one store against one limit: cases open now, and cases filed
 * within the window. */
static poa_status count_limit(poa_db *db, const char *store, const kb_health_limit *h, int window, time_t today,
			      long long *open, long long *recent, poa_error *err)
{
	poa_buf sql;
	poa_buf_init(&sql);
	poa_buf_printf(&sql,
		       /* Recent by the date Amazon sent the notice; filing an old
			* archive today does not make its complaints recent. */
		       "SELECT coalesce(sum(CASE WHEN c.status IN %s THEN 1 ELSE 0 END), 0),"
		       " coalesce(sum(CASE WHEN coalesce((SELECT min(n.date) FROM notices n WHERE n.case_id = c.id) >= ?2,"
		       /* created is ISO 8601 UTC: as text it sorts as the time does */
		       "  c.created >= ?3) THEN 1 ELSE 0 END), 0)"
		       " FROM cases c"
		       " LEFT JOIN stores s ON s.id = c.store_id WHERE s.name IS NOT DISTINCT FROM CAST(?1 AS TEXT)"
		       " AND c.family IN (",
		       open_states);
	for (size_t i = 0; i < h->nfamilies; i++)
		poa_buf_printf(&sql, "%s?%zu", i ? ", " : "", i + 4);
	poa_buf_adds(&sql, ")");
	sql_stmt *st;
	poa_status s = db_prepare_buf(db, &sql, &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, store);
	char since[32];
	db_time(today - (time_t)window * 86400, since);
	sql_bind_int64(st, 2, (long long)(today - (time_t)window * 86400));
	db_bind_text(st, 3, since);
	for (size_t i = 0; i < h->nfamilies; i++)
		db_bind_text(st, (int)i + 4, h->families[i]);
	sql_rc rc = sql_step(st);
	*open = rc == SQL_ROW ? sql_column_int64(st, 0) : 0;
	*recent = rc == SQL_ROW ? sql_column_int64(st, 1) : 0;
	sql_finalize(st);
	return rc == SQL_ROW ? POA_OK : db_fail(db, rc, "counting the cases", err);
}

static const char *level_of(const kb_health_limit *h, long long n)
{
	if (!h->limit)
		return "counted";
	if (n >= h->limit)
		return "at_limit";
	if (n >= h->warn_at)
		return "near_limit";
	return "ok";
}

static poa_status store_health(poa_db *db, const poa_kb *kb, const char *store, time_t today, json_t **out,
			       int *at_risk, poa_error *err)
{
	json_t *limits = json_array();
	poa_status s = POA_OK;
	for (size_t i = 0; i < kb->nhealth && !s; i++) {
		const kb_health_limit *h = &kb->health[i];
		long long open = 0, recent = 0;
		s = count_limit(db, store, h, kb->health_window, today, &open, &recent, err);
		const char *level = level_of(h, recent);
		*at_risk |= strcmp(level, "at_limit") == 0 || strcmp(level, "near_limit") == 0;
		json_array_append_new(limits, json_pack("{s:s,s:I,s:I,s:i,s:i,s:s,s:s}", "id", h->id, "open",
							(json_int_t)open, "recent", (json_int_t)recent, "limit",
							h->limit, "warn_at", h->warn_at, "level", level, "source",
							h->source));
	}
	*out = json_pack("{s:o,s:i,s:o}", "store", store ? json_string(store) : json_null(), "window_days",
			 kb->health_window, "limits", limits);
	return s;
}

/* Each store by name the user may see, then (for an owner, or with no
 * user) cases filed without one. A store named but not the user's is
 * absent to them. */
static poa_status stores_of(poa_db *db, const poa_db_query *q, json_t **names, poa_error *err)
{
	*names = json_array();
	char sql[512], visible[256];
	db_visible_sql(visible, sizeof visible, "s.id", 2);
	snprintf(sql, sizeof sql,
		 "SELECT name FROM stores s WHERE (CAST(?1 AS TEXT) IS NULL OR name = ?1) AND %s ORDER BY name", visible);
	sql_stmt *st;
	poa_status s = db_prepare(db, sql, &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, q->store);
	sql_bind_int64(st, 2, q->user_id);
	while (sql_step(st) == SQL_ROW)
		json_array_append_new(*names, db_col_json(st, 0));
	sql_finalize(st);
	if (q->store && !json_array_size(*names) && !q->user_id)
		json_array_append_new(*names, json_string(q->store));
	else if (q->store && !json_array_size(*names))
		return poa_error_set(err, POA_ERR_NOT_FOUND, "no store named '%s'; poa store add adds one", q->store);
	if (q->store)
		return POA_OK;
	long long all = 0;
	int found = 0;
	if ((s = db_query_int(db,
			      "SELECT CASE WHEN ?1 = 0 OR EXISTS (SELECT 1 FROM users WHERE id = ?1 AND role = 'owner')"
			      " THEN 1 ELSE 0 END",
			      q->user_id, NULL, &all, &found, err)))
		return s;
	if (!all)
		return POA_OK;
	if ((s = db_prepare(db, "SELECT 1 FROM cases WHERE store_id IS NULL LIMIT 1", &st, err)))
		return s;
	if (sql_step(st) == SQL_ROW || !json_array_size(*names))
		json_array_append_new(*names, json_null());
	sql_finalize(st);
	return POA_OK;
}

poa_status poa_db_write_health(poa_db *db, const poa_kb *kb, FILE *out, const poa_db_query *q, int json,
			       int *at_risk, poa_error *err)
{
	*at_risk = 0;
	json_t *names = NULL, *report = json_array();
	poa_status s = stores_of(db, q, &names, err);
	size_t i;
	json_t *name;
	if (!s)
		json_array_foreach(names, i, name) {
			json_t *h = NULL;
			if (!s && !(s = store_health(db, kb, json_string_value(name), q->today, &h, at_risk, err)))
				json_array_append_new(report, h);
			else
				json_decref(h);
		}
	if (!s && json) {
		char *text = dump(json_incref(report));
		fprintf(out, "%s\n", text ? text : "[]");
		free(text);
	} else if (!s) {
		json_t *h;
		json_array_foreach(report, i, h) {
			const char *store = json_string_value(json_object_get(h, "store"));
			fprintf(out, "%s\n", store ? store : _("(cases without a store)"));
			size_t k;
			json_t *l;
			json_array_foreach(json_object_get(h, "limits"), k, l) {
				const kb_health_limit *hl = &kb->health[k];
				const char *level = str_of(l, "level");
				long long recent = (long long)json_integer_value(json_object_get(l, "recent"));
				fprintf(out, _("  %-32s %lld open, %lld in the last %d days"),
					poa_kb_text(&hl->name, q->lang),
					(long long)json_integer_value(json_object_get(l, "open")), recent, kb->health_window);
				if (strcmp(level, "at_limit") == 0)
					fprintf(out, _(" — AT THE LIMIT (%d): the account can be deactivated"), hl->limit);
				else if (strcmp(level, "near_limit") == 0)
					fprintf(out, _(" — near the limit (%d)"), hl->limit);
				fputc('\n', out);
			}
		}
	}
	json_decref(names);
	json_decref(report);
	return s;
}

/* ---- search ------------------------------------------------------------------- */

/* '%word%' with LIKE's own characters escaped. */
static void like_pattern(poa_buf *b, const char *fold)
{
	poa_buf_addc(b, '%');
	for (const char *p = fold; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			poa_buf_addc(b, '\\');
		poa_buf_addc(b, *p);
	}
	poa_buf_addc(b, '%');
}

/* Every word must occur in a notice, a letter or the title of the case, as
 * folded text (search_text, written with them). A substring match finds
 * Chinese words of two characters, which no full-text tokenizer indexes
 * well; a store holds thousands of notices, not millions. */
poa_status poa_db_write_search(poa_db *db, FILE *out, const char *words, const poa_db_query *q, int json,
			       int *found, poa_error *err)
{
	*found = 0;
	char *copy = poa_strdup0(words);
	if (!copy)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	poa_buf sql;
	poa_buf_init(&sql);
	char visible[256];
	db_visible_sql(visible, sizeof visible, "c.store_id", 2);
	poa_buf_printf(&sql, "SELECT c.id FROM cases c LEFT JOIN stores s ON s.id = c.store_id"
			     " WHERE (CAST(?1 AS TEXT) IS NULL OR s.name = ?1) AND %s", visible);
	int n = 0;
	char *save = NULL;
	const char *terms[32];
	for (char *w = strtok_r(copy, " \t\n", &save); w && n < 32; w = strtok_r(NULL, " \t\n", &save)) {
		terms[n++] = w;
		poa_buf_printf(&sql,
			       " AND EXISTS (SELECT 1 FROM search_text t WHERE t.case_id = c.id AND t.fold LIKE ?%d ESCAPE '\\')",
			       n + 2);
	}
	poa_buf_adds(&sql, " ORDER BY c.id");
	sql_stmt *st = NULL;
	poa_status s = n ? db_prepare_buf(db, &sql, &st, err)
			 : poa_error_set(err, POA_ERR_USAGE, "poa search needs words to look for");
	if (!n)
		poa_buf_free(&sql);
	json_t *ids = json_array();
	if (!s) {
		db_bind_text(st, 1, q->store);
		sql_bind_int64(st, 2, q->user_id);
		for (int i = 0; i < n; i++) {
			char *fold = db_fold(terms[i], strlen(terms[i]));
			poa_buf pattern;
			poa_buf_init(&pattern);
			like_pattern(&pattern, fold ? fold : terms[i]);
			sql_bind_text(st, i + 3, pattern.data, pattern.len);
			poa_buf_free(&pattern);
			free(fold);
		}
		sql_rc rc;
		while ((rc = sql_step(st)) == SQL_ROW)
			json_array_append_new(ids, json_integer(sql_column_int64(st, 0)));
		if (rc != SQL_DONE)
			s = db_fail(db, rc, "searching", err);
	}
	sql_finalize(st);
	free(copy);
	*found = (int)json_array_size(ids);
	json_t *rows = json_array();
	poa_db_query all = *q;
	all.open_only = 0;
	json_t *list = NULL;
	if (!s && *found)
		s = list_json(db, &all, 0, &list, err);
	size_t i, k;
	json_t *o, *id;
	if (list)
		json_array_foreach(list, i, o) json_array_foreach(ids, k, id) if (json_equal(json_object_get(o, "id"), id))
			json_array_append(rows, o);
	if (!s && json) {
		char *text = dump(json_incref(rows));
		fprintf(out, "%s\n", text ? text : "[]");
		free(text);
	} else if (!s) {
		if (!*found)
			fprintf(out, "%s\n", _("No case mentions all of these words."));
		json_array_foreach(rows, i, o) write_case_line(out, o, q->color);
	}
	json_decref(list);
	json_decref(rows);
	json_decref(ids);
	return s;
}
