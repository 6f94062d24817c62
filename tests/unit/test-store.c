/* Unit tests of the case store: migrations from every earlier schema
 * version, filing (new, joined, duplicate), answers merged, letter versions
 * and repeats, export and import.
 *
 * With POA_TEST_PG set to a server's URL without a database
 * (postgresql://postgres@127.0.0.1:PORT, as tests/run.py sets it for the
 * [pg] run), every test runs against PostgreSQL instead: each store is a
 * database of its own, created here and dropped at the end. */
#include "store-fixture.h"

#include <sys/wait.h>

static void test_new_store_is_latest(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = fresh(path);
	assert_int_equal(poa_db_schema_version(db), poa_db_schema_latest());
	poa_db_close(db);
}

/* A store left at each earlier version opens and reaches the latest. */
static void test_migrations_from_every_version(void **state)
{
	(void)state;
	for (int v = 0; v < poa_db_schema_latest(); v++) {
		char path[256];
		fresh_name(path);
		/* Build the old store by hand: migrate a new store only to v. */
		poa_db *db;
		assert_int_equal(db_connect(path, &db, NULL), POA_OK);
		assert_int_equal(db_migrate_to(db, v, NULL), POA_OK);
		assert_int_equal(db->version, v);
		/* What an older poa stored must survive the migrations. */
		if (v >= 1)
			assert_int_equal(sql_exec(db->c, "INSERT INTO stores (name, marketplace, created) VALUES"
							 " ('Old Shop', 'amazon.de', '2026-01-01T00:00:00Z');"
							 "INSERT INTO cases (family, title, created, updated) VALUES"
							 " ('trademark', 'Ünïque Wïdget', '2026-01-01T00:00:00Z',"
							 " '2026-01-01T00:00:00Z')"),
					 SQL_OK);
		/* From schema 5 on, search text is written with the case. */
		if (v >= 5)
			assert_int_equal(sql_exec(db->c, "INSERT INTO search_text VALUES (1, 'ünïque wïdget')"), SQL_OK);
		poa_db_close(db);
		poa_error err = {0};
		assert_int_equal(poa_db_open(path, &db, &err), POA_OK);
		assert_int_equal(poa_db_schema_version(db), poa_db_schema_latest());
		if (v >= 1)
			assert_int_equal(poa_db_store_add(db, "Old Shop", "amazon.de", now, &err), POA_ERR_INPUT);
		poa_case_added a = file(db, "m1", "B0CK7TQ2WD", "1478820193", "");
		assert_int_equal(a.case_id, v >= 1 ? 2 : 1);
		/* Text stored before schema 5 is found as folded search text. */
		char out[4096] = "";
		FILE *f = fmemopen(out, sizeof out - 1, "w");
		poa_db_query q = {.today = now};
		int found = 0;
		assert_int_equal(poa_db_write_search(db, f, "üNÏQUE", &q, 0, &found, &err), POA_OK);
		fclose(f);
		assert_int_equal(found, v >= 1);
		/* Schema 6: a case of before is at version 1, and filing is one
		 * change (version 1) by nobody named. */
		long long version = 0;
		if (v >= 1) {
			assert_int_equal(poa_db_case_version(db, 1, &version, &err), POA_OK);
			assert_int_equal(version, 1);
		}
		assert_int_equal(poa_db_case_version(db, a.case_id, &version, &err), POA_OK);
		assert_int_equal(version, 1);
		long long owners = 5;
		assert_int_equal(poa_db_owner_count(db, &owners, &err), POA_OK);
		assert_int_equal(owners, 0);
		poa_db_close(db);
	}
}

/* Two poa opening one new store at the same moment both get it, at the
 * latest version: on SQLite, switching a new file to WAL used to fail at
 * once for one of them ("database is locked") about four times in ten. */
static void test_new_store_opened_twice_at_once(void **state)
{
	(void)state;
	for (int round = 0; round < (pg_base ? 5 : 40); round++) {
		char path[256];
		fresh_name(path);
		pid_t pid[2];
		for (int k = 0; k < 2; k++) {
			pid[k] = fork();
			assert_true(pid[k] >= 0);
			if (pid[k] == 0) {
				poa_db *db;
				poa_error err = {0};
				poa_status s = poa_db_open(path, &db, &err);
				if (s)
					fprintf(stderr, "round %d, poa %d: %s\n", round, k, err.message);
				else if (poa_db_schema_version(db) != poa_db_schema_latest())
					s = POA_ERR_STORE;
				poa_db_close(db);
				_exit(s ? 1 : 0);
			}
		}
		for (int k = 0; k < 2; k++) {
			int status = -1;
			assert_int_equal(waitpid(pid[k], &status, 0), pid[k]);
			assert_true(WIFEXITED(status));
			assert_int_equal(WEXITSTATUS(status), 0);
		}
	}
}

static void test_newer_store_refused(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = fresh(path);
	assert_int_equal(db->c->drv->set_version(db->c, 99), SQL_OK);
	poa_db_close(db);
	poa_error err = {0};
	assert_int_equal(poa_db_open(path, &db, &err), POA_ERR_STORE);
	assert_non_null(strstr(err.message, "newer poa"));
	assert_null(db);
}

static void test_filing_joins_and_deduplicates(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = fresh(path);
	poa_case_added a = file(db, "m1", "B0CK7TQ2WD", "1478820193", "");
	assert_int_equal(a.case_id, 1);
	assert_false(a.joined || a.duplicate);
	a = file(db, "m1", "B0CK7TQ2WD", "1478820193", "");  /* the same message */
	assert_true(a.duplicate);
	a = file(db, "m1", "B0CK7TQ2WD", "1478820193", "changed"); /* same Message-ID */
	assert_true(a.duplicate);
	a = file(db, "m2", "B0CK7TQ2WD", "1478820193", "a reminder"); /* same complaint */
	assert_true(a.joined);
	assert_int_equal(a.case_id, 1);
	a = file(db, "m3", "B0CK7V1MZA", "1478820199", "");
	assert_int_equal(a.case_id, 2);
	assert_false(a.joined);
	poa_error err = {0};
	assert_int_equal(poa_db_case_status(db, 1, "pending", now, &err), POA_ERR_USAGE);
	assert_int_equal(poa_db_case_status(db, 7, "open", now, &err), POA_ERR_NOT_FOUND);
	poa_db_close(db);
}

static void test_answers_merge_and_notice_again(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = fresh(path);
	file(db, "m1", "B0CK7TQ2WD", "1478820193", "");
	poa_answers *a, *b, *stored;
	poa_error err = {0};
	assert_int_equal(poa_answers_load(kb, NULL, now, &a, &err), POA_OK);
	assert_int_equal(poa_answers_set(kb, a, "sold_product=yes", now, &err), POA_OK);
	assert_int_equal(poa_answers_set(kb, a, "genuine=no", now, &err), POA_OK);
	assert_int_equal(poa_db_case_answer(db, 1, a, now, &err), POA_OK);
	assert_int_equal(poa_answers_load(kb, NULL, now, &b, &err), POA_OK);
	assert_int_equal(poa_answers_set(kb, b, "genuine=yes", now, &err), POA_OK);
	assert_int_equal(poa_db_case_answer(db, 1, b, now, &err), POA_OK);
	assert_int_equal(poa_db_case_answers(db, kb, 1, now, &stored, &err), POA_OK);
	assert_string_equal(poa_answers_get(stored, "sold_product"), "yes");
	assert_string_equal(poa_answers_get(stored, "genuine"), "yes");
	/* An answer that is not UTF-8 is refused; one with a control
	 * character is stored and read back as typed. */
	assert_int_equal(poa_answers_set(kb, b, "checks_owner=listing \x80manager", now, &err), POA_ERR_INPUT);
	assert_non_null(strstr(err.message, "not UTF-8"));
	assert_int_equal(poa_answers_set(kb, b, "supplier_name=Huacheng\x1c Ltd.", now, &err), POA_OK);
	assert_int_equal(poa_db_case_answer(db, 1, b, now, &err), POA_OK);
	poa_answers_free(stored);
	assert_int_equal(poa_db_case_answers(db, kb, 1, now, &stored, &err), POA_OK);
	assert_string_equal(poa_answers_get(stored, "supplier_name"), "Huacheng\x1c Ltd.");
	assert_int_equal(poa_db_case_answer(db, 5, b, now, &err), POA_ERR_NOT_FOUND);
	poa_message *m;
	poa_notice *n;
	assert_int_equal(poa_db_case_notice(db, kb, 1, &m, &n, &err), POA_OK);
	assert_string_equal(poa_notice_family(n), "trademark");
	assert_string_equal(poa_message_id(m), "m1@example.com");
	time_t date;
	int tz;
	assert_true(poa_message_date(m, &date, &tz));
	poa_notice_free(n);
	poa_message_free(m);
	poa_answers_free(a);
	poa_answers_free(b);
	poa_answers_free(stored);
	poa_db_close(db);
}

static void test_letter_versions_and_repeats(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = fresh(path);
	file(db, "m1", "B0CK7TQ2WD", "1478820193", "");
	poa_error err = {0};
	int v = 0, repeat = 0, worst = 0;
	assert_int_equal(poa_db_letter_add(db, 1, "poa", "poa", "first text", 2, NULL, now, &v, &err), POA_OK);
	assert_int_equal(v, 1);
	assert_int_equal(poa_db_letter_add(db, 1, "poa", "poa", "second text", -1, "[]", now, &v, &err), POA_OK);
	assert_int_equal(v, 2);
	char *text;
	assert_int_equal(poa_db_letter_get(db, 1, "poa", &text, NULL, &v, &worst, &err), POA_OK);
	assert_string_equal(text, "second text");
	assert_int_equal(worst, -1);
	free(text);
	assert_int_equal(poa_db_letter_sent(db, 1, "poa", "Account Health", now, &repeat, &err), POA_OK);
	assert_false(repeat);
	/* The same text as a new version, sent again: a repeat. */
	assert_int_equal(poa_db_letter_add(db, 1, "poa", "poa", "second text", -1, "[]", now, &v, &err), POA_OK);
	assert_int_equal(poa_db_letter_sent(db, 1, "poa", "Account Health", now, &repeat, &err), POA_OK);
	assert_true(repeat);
	assert_int_equal(poa_db_letter_get(db, 1, "dispute", &text, NULL, &v, &worst, &err), POA_ERR_NOT_FOUND);
	poa_db_close(db);
}

static void test_export_import_roundtrip(void **state)
{
	(void)state;
	char p1[256], p2[256];
	poa_db *a = fresh(p1), *b = fresh(p2);
	poa_error err = {0};
	assert_int_equal(poa_db_store_add(a, "North", "amazon.com", now, &err), POA_OK);
	assert_int_equal(poa_db_store_add(a, "North", "amazon.com", now, &err), POA_ERR_INPUT);
	file(a, "m1", "B0CK7TQ2WD", "1478820193", "");
	file(a, "m2", "B0CK7V1MZA", "1478820199", "");
	int v;
	assert_int_equal(poa_db_letter_add(a, 2, "poa", "poa", "text", -1, "[]", now, &v, &err), POA_OK);
	int repeat;
	assert_int_equal(poa_db_letter_sent(a, 2, "poa", "x@example.com", now, &repeat, &err), POA_OK);
	char *one, *two;
	int added;
	assert_int_equal(poa_db_export(a, &one, &err), POA_OK);
	assert_int_equal(poa_db_import_json(b, "one.json", one, strlen(one), &added, &err), POA_OK);
	assert_int_equal(added, 2);
	assert_int_equal(poa_db_export(b, &two, &err), POA_OK);
	assert_string_equal(one, two);
	assert_int_equal(poa_db_import_json(b, "one.json", one, strlen(one), &added, &err), POA_OK);
	assert_int_equal(added, 0);
	assert_int_equal(poa_db_import_json(b, "x.json", "[1, 2", 5, &added, &err), POA_ERR_INPUT);
	assert_int_equal(poa_db_import_json(b, "x.json", "{}", 2, &added, &err), POA_ERR_INPUT);
	free(one);
	free(two);
	poa_db_close(a);
	poa_db_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_store_is_latest),
		cmocka_unit_test(test_migrations_from_every_version),
		cmocka_unit_test(test_new_store_opened_twice_at_once),
		cmocka_unit_test(test_newer_store_refused),
		cmocka_unit_test(test_filing_joins_and_deduplicates),
		cmocka_unit_test(test_answers_merge_and_notice_again),
		cmocka_unit_test(test_letter_versions_and_repeats),
		cmocka_unit_test(test_export_import_roundtrip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
