/* store-fixture.h — what the store's unit tests share: a temporary folder,
 * fresh stores (SQLite files, or PostgreSQL databases when POA_TEST_PG is
 * set, dropped at the end) and filing a notice. Included by one test
 * program each (its functions are static). */
#ifndef POA_TEST_STORE_FIXTURE_H
#define POA_TEST_STORE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "answers.h"
#include "db.h"

static poa_kb *kb;
static char dir[] = "/tmp/poa-store-test-XXXXXX";
static int serial;
static const time_t now = 1795867200; /* 2026-11-28 12:00 UTC */
static const char *pg_base;

/* Runs sql in the server's maintenance database. */
static int pg_admin(const char *sql)
{
	char url[256];
	snprintf(url, sizeof url, "%s/postgres", pg_base);
	poa_db *a;
	poa_error err = {0};
	if (db_connect(url, &a, &err) != POA_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	sql_rc rc = sql_exec(a->c, sql);
	if (rc != SQL_OK)
		fprintf(stderr, "%s: %s\n", sql, sql_errmsg(a->c));
	poa_db_close(a);
	return rc == SQL_OK ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	pg_base = getenv("POA_TEST_PG");
	if (pg_base && !*pg_base)
		pg_base = NULL;
	return mkdtemp(dir) && poa_kb_load(NULL, &kb, NULL) == POA_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	poa_kb_free(kb);
	int bad = 0;
	for (int i = 0; pg_base && i < serial; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS poa_test_%d_%d WITH (FORCE)", (int)getpid(), i);
		bad |= pg_admin(sql);
	}
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 && !bad ? 0 : -1;
}

/* The name of a new, empty store: a file, or a database of its own. */
static void fresh_name(char path[256])
{
	int n = serial++;
	if (!pg_base) {
		snprintf(path, 256, "%s/s%d/poa.db", dir, n);
		return;
	}
	char sql[96];
	snprintf(sql, sizeof sql, "CREATE DATABASE poa_test_%d_%d", (int)getpid(), n);
	if (pg_admin(sql) != 0)
		fail_msg("cannot create a test database at %s", pg_base);
	snprintf(path, 256, "%s/poa_test_%d_%d", pg_base, (int)getpid(), n);
}

/* A fresh store for each test. */
static poa_db *fresh(char path[256])
{
	fresh_name(path);
	poa_db *db = NULL;
	poa_error err = {0};
	if (poa_db_open(path, &db, &err) != POA_OK)
		fail_msg("%s", err.message);
	return db;
}

static const char *notice_text =
	"From: Amazon <notice-dispute@amazon.com>\nSubject: Notice: trademark\nDate: Tue, 24 Nov 2026 09:14:05 +0000\n"
	"Message-ID: <%s@example.com>\n\nWe removed some of your listings because we received a report from a rights "
	"owner that they may infringe the rights owner's trademark. Infringement type: Trademark\nASIN: %s\n"
	"Complaint ID: %s\n%s\n";

/* Files a trademark notice under the seller account store (NULL: none). */
__attribute__((unused)) static poa_case_added file_in(poa_db *db, const char *store, const char *msgid,
						      const char *asin, const char *complaint, const char *extra)
{
	char text[2048];
	snprintf(text, sizeof text, notice_text, msgid, asin, complaint, extra);
	/* Through a file, as poa case new reads it: headers are parsed. */
	char path[256];
	snprintf(path, sizeof path, "%s/notice.eml", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	poa_input *in;
	poa_message *m;
	poa_notice *n;
	poa_error err = {0};
	assert_int_equal(poa_input_open(path, NULL, &in, NULL), POA_OK);
	assert_int_equal(poa_input_next(in, &m, NULL), POA_OK);
	poa_input_free(in);
	assert_int_equal(poa_notice_read(kb, m, &n, NULL), POA_OK);
	poa_case_added a;
	if (poa_db_case_add(db, kb, m, n, store, now, &a, &err) != POA_OK)
		fail_msg("%s", err.message);
	poa_notice_free(n);
	poa_message_free(m);
	return a;
}

__attribute__((unused)) static poa_case_added file(poa_db *db, const char *msgid, const char *asin,
						   const char *complaint, const char *extra)
{
	return file_in(db, NULL, msgid, asin, complaint, extra);
}

#endif
