/* evidence.c — evidence files in a case: invoices, letters of
 * authorisation, licences, photos. Amazon refuses a file of the wrong type
 * and an invoice outside its look-back window; poa says so before the
 * seller uploads, from the file's content rather than its name. */
#include "db.h"
#include "date.h"
#include "kb.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kinds[] = {"invoice", "loa", "licence", "photo", "other", NULL};

/* The type by its first bytes, or NULL. */
static const char *sniff(const unsigned char *d, size_t n)
{
	if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "pdf";
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "jpeg";
	if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
		return "gif";
	if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0))
		return "tiff";
	return NULL;
}

/* The type a file name claims, or NULL when its extension names none. */
static const char *claimed(const char *name)
{
	static const struct {
		const char *ext, *type;
	} map[] = {{".pdf", "pdf"},   {".jpg", "jpeg"}, {".jpeg", "jpeg"}, {".pjpeg", "jpeg"},
		   {".png", "png"},   {".gif", "gif"},  {".tif", "tiff"},  {".tiff", "tiff"}};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof map / sizeof *map; i++)
		if (strcasecmp(dot, map[i].ext) == 0)
			return map[i].type;
	return NULL;
}

static const kb_evidence_rule *rule_for(const poa_kb *kb, const char *family)
{
	for (size_t i = 0; i < kb->nevidence; i++)
		for (size_t k = 0; k < kb->evidence[i].nfamilies; k++)
			if (strcmp(kb->evidence[i].families[k], family) == 0)
				return &kb->evidence[i];
	return NULL;
}

/* The case's family and the date of its first notice (for the invoice
 * window; 0 when undated). */
static poa_status case_facts(poa_db *db, long long case_id, char family[64], time_t *notice_date, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "SELECT c.family, (SELECT min(date) FROM notices WHERE case_id = c.id) FROM cases c"
				  " WHERE c.id = ?",
				  &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, case_id);
	sql_rc rc = sql_step(st);
	if (rc == SQL_ROW) {
		snprintf(family, 64, "%s", db_col(st, 0) ? db_col(st, 0) : "unknown");
		*notice_date = (time_t)sql_column_int64(st, 1);
	}
	sql_finalize(st);
	if (rc == SQL_DONE)
		return db_no_case(db, case_id, err);
	return rc == SQL_ROW ? POA_OK : db_fail(db, rc, "reading the case", err);
}

/* Type, size and name checks; fills out->type. */
static poa_status check_file(const poa_kb *kb, const char *family, const char *name, const void *data, size_t len,
			     poa_evidence_added *out, poa_error *err)
{
	if (len > (size_t)kb->evidence_max)
		return poa_error_set(err, POA_ERR_TOO_LARGE,
				     "%s: %zu MB is more than the %d MB poa accepts as one evidence file; "
				     "send the pages that show the facts",
				     name, len >> 20, kb->evidence_max >> 20);
	out->type = sniff(data, len);
	if (!out->type)
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: not a PDF, JPEG, PNG, GIF or TIFF file; save or scan it as one of these", name);
	const char *named = claimed(name);
	if (named && strcmp(named, out->type) != 0)
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: the name says %s but the file is %s; save it again in the format its name says",
				     name, named, out->type);
	const kb_evidence_rule *r = rule_for(kb, family);
	for (size_t i = 0; r && i < r->ntypes; i++)
		if (strcmp(r->types[i], out->type) == 0)
			return POA_OK;
	if (!r)
		return POA_OK;  /* no known rule for this family: nothing to refuse */
	char list[128] = "";
	for (size_t i = 0; i < r->ntypes; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", r->types[i]);
	return poa_error_set(err, POA_ERR_INPUT, "%s: a %s file, but for a %s notice Amazon accepts only %s (%s)", name,
			     out->type, family, list, r->source);
}

static void check_age(const poa_kb *kb, const char *kind, const char *doc_date, time_t notice_date, time_t now,
		      poa_evidence_added *out)
{
	poa_date d;
	if (!doc_date || strcmp(kind, "invoice") != 0 || !poa_date_parse(doc_date, &d))
		return;
	poa_date ref = poa_date_local(notice_date ? notice_date : now);
	out->age_days = poa_days_from_civil(ref) - poa_days_from_civil(d);
	out->too_old = out->age_days > kb->invoice_window;
}

static poa_status store_file(poa_db *db, long long case_id, const char *kind, const char *name, const void *data,
			     size_t len, const char *doc_date, time_t now, poa_evidence_added *out, poa_error *err)
{
	char sha[65], at[32];
	db_sha256(data, len, sha);
	db_time(now, at);
	sql_stmt *st;
	poa_status s = db_prepare(db, "INSERT INTO blobs (sha256, data) VALUES (?, ?) ON CONFLICT DO NOTHING", &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, sha);
	sql_bind_blob(st, 2, data, len);
	if ((s = step_done(db, st, "storing the file", err)) ||
	    (s = db_prepare(db,
			    "INSERT INTO evidence (case_id, kind, name, type, size, sha256, doc_date, added)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
			    &st, err)))
		return s;
	sql_bind_int64(st, 1, case_id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, out->type);
	sql_bind_int64(st, 5, (long long)len);
	db_bind_text(st, 6, sha);
	db_bind_text(st, 7, doc_date);
	db_bind_text(st, 8, at);
	/* No row back: the case holds this file already. */
	sql_rc rc = sql_step(st);
	sql_finalize(st);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return db_fail(db, rc, "storing the evidence", err);
	out->duplicate = rc == SQL_DONE;
	if (out->duplicate)
		return POA_OK;
	char detail[512];
	snprintf(detail, sizeof detail, "%s %s (%s, %zu bytes)", kind, name, out->type, len);
	return db_event(db, case_id, now, "evidence", detail, err);
}

poa_status poa_db_evidence_add(poa_db *db, const poa_kb *kb, long long case_id, const char *kind, const char *name,
			       const void *data, size_t len, const char *doc_date, time_t now,
			       poa_evidence_added *out, poa_error *err)
{
	memset(out, 0, sizeof *out);
	int known = 0;
	for (const char *const *k = kinds; *k; k++)
		known |= strcmp(*k, kind) == 0;
	if (!known)
		return poa_error_set(err, POA_ERR_USAGE, "the kind of evidence is invoice, loa, licence, photo or other, not '%s'",
				     kind);
	poa_date d;
	if (doc_date && !poa_date_parse(doc_date, &d))
		return poa_error_set(err, POA_ERR_USAGE, "the document's date is written YYYY-MM-DD, not '%s'", doc_date);
	char family[64];
	time_t notice_date = 0;
	poa_status s = db_begin(db, err);
	if (!s)
		s = case_facts(db, case_id, family, &notice_date, err);
	if (!s)
		s = check_file(kb, family, name, data, len, out, err);
	if (!s) {
		check_age(kb, kind, doc_date, notice_date, now, out);
		s = store_file(db, case_id, kind, name, data, len, doc_date, now, out, err);
	}
	return db_end(db, s, err);
}
