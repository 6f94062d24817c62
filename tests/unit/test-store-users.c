/* Unit tests of the store's users (poa serve --team): roles, adding users
 * and bad input, logins and their rate limit, sessions, what each role may
 * read and change, the views filtered per user, actors, case versions and
 * the conflict of two writers, changing and removing users (the last
 * owner kept), export of users and poa_db_migrate().
 *
 * Like test-store, with POA_TEST_PG set every store is a PostgreSQL
 * database (the [pg] run of tests/run.py). */
#include "store-fixture.h"

static const char *const pw = "correct horse battery";

static void check(poa_status got, poa_status want, const poa_error *err)
{
	if (got != want)
		fail_msg("status %d, not %d: %s", (int)got, (int)want, err->message);
}

/* A store with accounts North and South, a case in each (1, 2), one
 * without an account (3), and users: boss (owner), op (operator of North),
 * view (viewer of North). */
static poa_db *team(char path[256])
{
	poa_db *db = fresh(path);
	poa_error err = {0};
	check(poa_db_store_add(db, "North", "amazon.com", now, &err), POA_OK, &err);
	check(poa_db_store_add(db, "South", "amazon.de", now, &err), POA_OK, &err);
	file_in(db, "North", "m1", "B0CK7TQ2WD", "1478820193", "");
	file_in(db, "South", "m2", "B0CK7V1MZA", "1478820199", "");
	file(db, "m3", "B0CK7V1MZB", "1478820200", "");
	const char *north[] = {"North"};
	check(poa_db_user_add(db, "boss", POA_ROLE_OWNER, NULL, 0, pw, now, &err), POA_OK, &err);
	check(poa_db_user_add(db, "op", POA_ROLE_OPERATOR, north, 1, pw, now, &err), POA_OK, &err);
	check(poa_db_user_add(db, "view", POA_ROLE_VIEWER, north, 1, pw, now, &err), POA_OK, &err);
	return db;
}

static poa_user login(poa_db *db, const char *name)
{
	poa_user u;
	long retry;
	poa_error err = {0};
	check(poa_db_login(db, name, pw, "10.0.0.1", now, &u, &retry, &err), POA_OK, &err);
	return u;
}

/* team() with op and boss signed in: a is op's session, b boss's. */
static poa_db *team_signed_in(char path[256], poa_user *op, poa_user *boss, poa_session *a, poa_session *b)
{
	poa_db *db = team(path);
	poa_error err = {0};
	*op = login(db, "op");
	*boss = login(db, "boss");
	check(poa_db_session_new(db, op, now, a, &err), POA_OK, &err);
	check(poa_db_session_new(db, boss, now, b, &err), POA_OK, &err);
	return db;
}

static void test_roles(void **state)
{
	(void)state;
	poa_role r = 0;
	assert_true(poa_role_parse("viewer", &r) && r == POA_ROLE_VIEWER);
	assert_true(poa_role_parse("operator", &r) && r == POA_ROLE_OPERATOR);
	assert_true(poa_role_parse("owner", &r) && r == POA_ROLE_OWNER);
	assert_false(poa_role_parse("Owner", &r));
	assert_false(poa_role_parse("", &r));
	assert_false(poa_role_parse(NULL, &r));
	assert_string_equal(poa_role_name(POA_ROLE_OPERATOR), "operator");
	assert_null(poa_role_name(0));
	assert_null(poa_role_name(4));
}

static void test_user_add_refuses_bad_input(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	poa_error err = {0};
	const char *north[] = {"North"}, *nowhere[] = {"Nowhere"};
	char long_name[70];
	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	const char *bad_names[] = {"", long_name, "two words", "ünï", "semi;colon", "a'b"};
	for (size_t i = 0; i < sizeof bad_names / sizeof *bad_names; i++) {
		check(poa_db_user_add(db, bad_names[i], POA_ROLE_VIEWER, north, 1, pw, now, &err), POA_ERR_USAGE, &err);
		assert_non_null(strstr(err.message, "name"));
	}
	long_name[64] = '\0';
	check(poa_db_user_add(db, long_name, POA_ROLE_VIEWER, north, 1, pw, now, &err), POA_OK, &err);
	check(poa_db_user_add(db, "a.b_c-d@e", POA_ROLE_VIEWER, NULL, 0, pw, now, &err), POA_OK, &err);
	check(poa_db_user_add(db, "short", POA_ROLE_VIEWER, north, 1, "eleven char", now, &err), POA_ERR_USAGE, &err);
	assert_non_null(strstr(err.message, "at least 12"));
	check(poa_db_user_add(db, "bytes", POA_ROLE_VIEWER, north, 1, "\xff\xfe not text at all", now, &err),
	      POA_ERR_USAGE, &err);
	/* Twelve characters, though 36 bytes: long enough. */
	check(poa_db_user_add(db, "zh", POA_ROLE_VIEWER, north, 1, "我们审查了所有有效的商品清单", now, &err), POA_OK,
	      &err);
	check(poa_db_user_add(db, "norole", 0, north, 1, pw, now, &err), POA_ERR_USAGE, &err);
	check(poa_db_user_add(db, "norole", 4, north, 1, pw, now, &err), POA_ERR_USAGE, &err);
	check(poa_db_user_add(db, "owner2", POA_ROLE_OWNER, north, 1, pw, now, &err), POA_ERR_USAGE, &err);
	assert_non_null(strstr(err.message, "without --store"));
	check(poa_db_user_add(db, "lost", POA_ROLE_OPERATOR, nowhere, 1, pw, now, &err), POA_ERR_NOT_FOUND, &err);
	assert_non_null(strstr(err.message, "Nowhere"));
	check(poa_db_user_add(db, "op", POA_ROLE_OPERATOR, north, 1, pw, now, &err), POA_ERR_INPUT, &err);
	assert_non_null(strstr(err.message, "exists already"));
	/* Nothing of a refused user stays (the unknown account's). */
	long long n = 0;
	check(poa_db_user_count(db, &n, &err), POA_OK, &err);
	assert_int_equal(n, 6);
	check(poa_db_owner_count(db, &n, &err), POA_OK, &err);
	assert_int_equal(n, 1);
	check(poa_db_user_passwd(db, "nobody", pw, now, &err), POA_ERR_NOT_FOUND, &err);
	check(poa_db_user_passwd(db, "op", "too short", now, &err), POA_ERR_USAGE, &err);
	poa_db_close(db);
}

/* Each refusal a person can cause, read at the command line and in the
 * browser: the first names the store and a poa command, the second neither
 * (the store's file or URL is the server's business; no command can be
 * typed there) and names the page that helps instead. */
static void test_refusals_for_each_front(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	static const struct {
		const char *cli, *web; /* in the message */
		int store;             /* the command line's names the store */
	} want[] = {
	    {"poa case list", "the Cases page", 1},
	    {"poa case show 1", "the case's page", 0},
	    {"poa user passwd op", "the Users page", 1},
	    {"without --store", "with no stores", 0},
	    {"poa user list", "the Users page", 1},
	    {"poa user add NAME --role owner", "make another user an owner", 1},
	    {"poa user add NAME --role owner", "make another user an owner", 1},
	};
	const char *north[] = {"North"};
	for (int web = 0; web < 2; web++) {
		poa_db_set_front(db, web ? POA_FRONT_WEB : POA_FRONT_CLI);
		poa_error err[7] = {{0}};
		long long version;
		char *text = NULL, *kind = NULL;
		check(poa_db_case_version(db, 99, &version, &err[0]), POA_ERR_NOT_FOUND, &err[0]);
		check(poa_db_letter_get(db, 1, "nope", &text, &kind, NULL, NULL, &err[1]), POA_ERR_NOT_FOUND, &err[1]);
		check(poa_db_user_add(db, "op", POA_ROLE_OPERATOR, north, 1, pw, now, &err[2]), POA_ERR_INPUT, &err[2]);
		check(poa_db_user_add(db, "o2", POA_ROLE_OWNER, north, 1, pw, now, &err[3]), POA_ERR_USAGE, &err[3]);
		check(poa_db_user_passwd(db, "nobody", pw, now, &err[4]), POA_ERR_NOT_FOUND, &err[4]);
		check(poa_db_user_remove(db, "boss", &err[5]), POA_ERR_CONFLICT, &err[5]);
		check(poa_db_user_set(db, "boss", POA_ROLE_VIEWER, 0, NULL, 0, &err[6]), POA_ERR_CONFLICT, &err[6]);
		for (int i = 0; i < 7; i++) {
			const char *m = err[i].message, *other = web ? want[i].cli : want[i].web;
			if (!strstr(m, web ? want[i].web : want[i].cli) || strstr(m, other) ||
			    (web && (strstr(m, path) || strstr(m, "poa "))) || (!web && want[i].store && !strstr(m, path)))
				fail_msg("refusal %d %s: %s", i, web ? "in the browser" : "at the command line", m);
		}
	}
	poa_db_close(db);
}

static void test_user_list_has_no_hashes(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	poa_error err = {0};
	char out[4096] = "";
	FILE *f = fmemopen(out, sizeof out - 1, "w");
	check(poa_db_write_users(db, f, 1, &err), POA_OK, &err);
	fclose(f);
	assert_non_null(strstr(out, "\"name\": \"op\""));
	assert_non_null(strstr(out, "\"North\""));
	assert_null(strstr(out, "argon2"));
	memset(out, 0, sizeof out);
	f = fmemopen(out, sizeof out - 1, "w");
	check(poa_db_write_users(db, f, 0, &err), POA_OK, &err);
	fclose(f);
	assert_non_null(strstr(out, "boss"));
	assert_null(strstr(out, "argon2"));
	poa_db_close(db);
}

static void test_login_and_rate_limit(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	poa_error err = {0};
	poa_user u;
	long retry = -1;
	check(poa_db_login(db, "op", pw, "10.0.0.1", now, &u, &retry, &err), POA_OK, &err);
	assert_string_equal(u.name, "op");
	assert_int_equal(u.role, POA_ROLE_OPERATOR);
	assert_int_equal(retry, 0);
	/* Four wrong passwords are only wrong. */
	for (int i = 0; i < 4; i++) {
		check(poa_db_login(db, "op", "wrong password!", "10.0.0.1", now, &u, &retry, &err), POA_ERR_AUTH, &err);
		assert_int_equal(retry, 0);
		assert_non_null(strstr(err.message, "wrong user name or password"));
	}
	/* An unknown name fails the same way. */
	check(poa_db_login(db, "nobody", pw, "10.0.0.2", now, &u, &retry, &err), POA_ERR_AUTH, &err);
	assert_non_null(strstr(err.message, "wrong user name or password"));
	assert_int_equal(u.id, 0);
	/* The fifth: from now on each try waits, 2 s, then 4 s ... */
	check(poa_db_login(db, "op", "wrong password!", "10.0.0.1", now, &u, &retry, &err), POA_ERR_AUTH, &err);
	check(poa_db_login(db, "op", pw, "10.0.0.9", now + 1, &u, &retry, &err), POA_ERR_AUTH, &err);
	assert_int_equal(retry, 1);
	assert_non_null(strstr(err.message, "wait 1 seconds"));
	/* The client that failed is limited for other names too. */
	check(poa_db_login(db, "boss", pw, "10.0.0.1", now + 1, &u, &retry, &err), POA_ERR_AUTH, &err);
	assert_int_equal(retry, 1);
	check(poa_db_login(db, "boss", pw, "10.0.0.7", now + 1, &u, &retry, &err), POA_OK, &err);
	check(poa_db_login(db, "op", "wrong password!", "10.0.0.9", now + 2, &u, &retry, &err), POA_ERR_AUTH, &err);
	assert_int_equal(retry, 0);
	check(poa_db_login(db, "op", pw, "10.0.0.9", now + 3, &u, &retry, &err), POA_ERR_AUTH, &err);
	assert_int_equal(retry, 3);
	/* Once the wait is over, the right password goes through ... */
	check(poa_db_login(db, "op", pw, "10.0.0.9", now + 6, &u, &retry, &err), POA_OK, &err);
	assert_int_equal(u.role, POA_ROLE_OPERATOR);
	/* ... and the name starts afresh. */
	check(poa_db_login(db, "op", "wrong password!", "10.0.0.9", now + 6, &u, &retry, &err), POA_ERR_AUTH, &err);
	assert_int_equal(retry, 0);
	/* Someone guessing as fast as allowed: the wait grows, up to 15 minutes. */
	time_t t = now;
	long most = 0;
	for (int i = 0; i < 40; i++) {
		check(poa_db_login(db, "view", "wrong password!", NULL, t, &u, &retry, &err), POA_ERR_AUTH, &err);
		most = retry > most ? retry : most;
		t += retry;
	}
	assert_true(most >= 256 && most <= 900);
	check(poa_db_login(db, "view", pw, NULL, t, &u, &retry, &err), POA_ERR_AUTH, &err);
	check(poa_db_login(db, "view", pw, NULL, t + 900, &u, &retry, &err), POA_OK, &err);
	check(poa_db_login(db, NULL, NULL, NULL, now, &u, &retry, &err), POA_ERR_AUTH, &err);
	poa_db_close(db);
}

static void test_sessions(void **state)
{
	(void)state;
	char path[256];
	poa_user op, boss;
	poa_session a, b, found;
	poa_db *db = team_signed_in(path, &op, &boss, &a, &b);
	poa_error err = {0};
	assert_int_equal(strlen(a.id), 64);
	assert_int_equal(strlen(a.csrf), 64);
	assert_string_not_equal(a.id, b.id);
	assert_string_not_equal(a.id, a.csrf);
	check(poa_db_session_find(db, a.id, now + 200, 1800, 43200, &found, &err), POA_OK, &err);
	assert_string_equal(found.user.name, "op");
	assert_int_equal(found.user.role, POA_ROLE_OPERATOR);
	assert_string_equal(found.csrf, a.csrf);
	/* Used at +200 (recorded: a sixteenth of the idle limit, 112 s, had
	 * passed): idle from then. A use at +250 is not recorded, so the
	 * session ends 1800 s after +200, not after +250. */
	check(poa_db_session_find(db, a.id, now + 250, 1800, 43200, &found, &err), POA_OK, &err);
	check(poa_db_session_find(db, a.id, now + 2000, 1800, 43200, &found, &err), POA_OK, &err);
	check(poa_db_session_find(db, a.id, now + 3801, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	assert_string_equal(found.id, "");
	/* Gone for good, even within the idle time again. */
	check(poa_db_session_find(db, a.id, now + 3801, 0, 0, &found, &err), POA_ERR_AUTH, &err);
	/* max_age ends a session in use. */
	for (long t = 0; t <= 43200; t += 1000)
		check(poa_db_session_find(db, b.id, now + t, 1800, 43200, &found, &err), POA_OK, &err);
	check(poa_db_session_find(db, b.id, now + 43201, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	/* Ended by the user. */
	check(poa_db_session_new(db, &op, now, &a, &err), POA_OK, &err);
	check(poa_db_session_end(db, a.id, &err), POA_OK, &err);
	check(poa_db_session_find(db, a.id, now, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	/* Not ids at all. */
	const char *bad[] = {"", "abc", NULL, "ZZ", "0000000000000000000000000000000000000000000000000000000000000000"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		check(poa_db_session_find(db, bad[i], now, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	check(poa_db_session_end(db, "not an id", &err), POA_OK, &err);
	/* The store keeps the hash of the id, not the id. */
	check(poa_db_session_new(db, &op, now, &a, &err), POA_OK, &err);
	char *json;
	check(poa_db_export(db, &json, &err), POA_OK, &err);
	assert_null(strstr(json, a.id));
	assert_null(strstr(json, "sessions"));
	free(json);
	long long n = 0;
	int got = 0;
	check(db_query_int(db, "SELECT count(*) FROM sessions WHERE id_sha256 = ?", 0, a.id, &n, &got, &err), POA_OK, &err);
	assert_int_equal(n, 0);
	/* A new password ends every session of the user, and only theirs. */
	check(poa_db_session_new(db, &boss, now, &b, &err), POA_OK, &err);
	check(poa_db_user_passwd(db, "op", "another good password", now, &err), POA_OK, &err);
	check(poa_db_session_find(db, a.id, now + 1, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	check(poa_db_session_find(db, b.id, now + 1, 1800, 43200, &found, &err), POA_OK, &err);
	long retry;
	poa_user u;
	check(poa_db_login(db, "op", pw, NULL, now + 2, &u, &retry, &err), POA_ERR_AUTH, &err);
	check(poa_db_login(db, "op", "another good password", NULL, now + 2, &u, &retry, &err), POA_OK, &err);
	poa_db_close(db);
}

/* Sessions of browsers that never came back are removed by a prune, the
 * live ones kept. */
static void test_session_prune(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	poa_error err = {0};
	poa_user op = login(db, "op");
	poa_session idle, old, live, found;
	check(poa_db_session_new(db, &op, now, &idle, &err), POA_OK, &err);
	check(poa_db_session_new(db, &op, now - 40000, &old, &err), POA_OK, &err);
	check(poa_db_session_new(db, &op, now + 3000, &live, &err), POA_OK, &err);
	for (long t = now - 40000 + 1000; t <= now + 3000; t += 1000)
		check(poa_db_session_find(db, old.id, t, 1800, 43200, &found, &err), POA_OK, &err);
	long long n = 0;
	int got = 0;
	check(db_query_int(db, "SELECT count(*) FROM sessions WHERE user_id = ?", op.id, NULL, &n, &got, &err), POA_OK, &err);
	assert_int_equal(n, 3);
	/* At +4000: idle unused for 4000 s, old 44,000 s in all; live used 1000 s ago. */
	check(poa_db_session_prune(db, now + 4000, 1800, 43200, &err), POA_OK, &err);
	check(db_query_int(db, "SELECT count(*) FROM sessions WHERE user_id = ?", op.id, NULL, &n, &got, &err), POA_OK, &err);
	assert_int_equal(n, 1);
	check(poa_db_session_find(db, live.id, now + 4000, 1800, 43200, &found, &err), POA_OK, &err);
	/* No limits: nothing ends. */
	check(poa_db_session_prune(db, now + 999999, 0, 0, &err), POA_OK, &err);
	check(db_query_int(db, "SELECT count(*) FROM sessions WHERE user_id = ?", op.id, NULL, &n, &got, &err), POA_OK, &err);
	assert_int_equal(n, 1);
	poa_db_close(db);
}

/* The live sessions of name in poa_db_users_json() at t by those limits. */
static long long live_of(poa_db *db, const char *name, time_t t, long idle, long max_age)
{
	char *text = NULL;
	poa_error err = {0};
	check(poa_db_users_json(db, t, idle, max_age, &text, &err), POA_OK, &err);
	json_t *list = json_loads(text, 0, NULL), *u;
	free(text);
	size_t i;
	long long n = -1;
	json_array_foreach(list, i, u) if (strcmp(json_string_value(json_object_get(u, "name")), name) == 0) n =
		json_integer_value(json_object_get(u, "sessions"));
	json_decref(list);
	return n;
}

/* The three readings of the one rule (login_session_ended and its SQL)
 * agree to the second: a session unused for exactly the idle limit, or
 * exactly max_age old, is live for the reader, the prune and the count;
 * one second more and it has ended for all three. */
static void test_session_limits_agree(void **state)
{
	(void)state;
	const long idle = 1800, max_age = 43200;
	for (int kind = 0; kind < 2; kind++)
		for (long past = 0; past <= 1; past++) {
			char path[256];
			poa_db *db = team(path);
			poa_error err = {0};
			poa_user op = login(db, "op");
			poa_session sn, found;
			/* kind 0: idle since now; kind 1: used a minute ago, made max_age ago. */
			time_t made = kind ? now - max_age : now;
			check(poa_db_session_new(db, &op, made, &sn, &err), POA_OK, &err);
			if (kind)
				for (time_t t = made + 1000; t < now; t += 1000)   /* in use all along */
					check(poa_db_session_find(db, sn.id, t, idle, max_age, &found, &err), POA_OK, &err);
			time_t at = (kind ? now : now + idle) + past;
			assert_int_equal(live_of(db, "op", at, idle, max_age), 1 - past);
			check(poa_db_session_prune(db, at, idle, max_age, &err), POA_OK, &err);
			long long n = 0;
			int got = 0;
			check(db_query_int(db, "SELECT count(*) FROM sessions WHERE user_id = ?", op.id, NULL, &n, &got, &err),
			      POA_OK, &err);
			assert_int_equal(n, 1 - past);
			check(poa_db_session_find(db, sn.id, at, idle, max_age, &found, &err), past ? POA_ERR_AUTH : POA_OK,
			      &err);
			poa_db_close(db);
		}
}

static void test_users_json_counts_live_sessions(void **state)
{
	(void)state;
	char path[256];
	poa_user op, boss;
	poa_session a, b, c;
	poa_db *db = team_signed_in(path, &op, &boss, &a, &b);
	poa_error err = {0};
	check(poa_db_session_new(db, &op, now - 5000, &c, &err), POA_OK, &err);
	assert_int_equal(live_of(db, "op", now, 0, 0), 2);
	assert_int_equal(live_of(db, "boss", now, 0, 0), 1);
	assert_int_equal(live_of(db, "view", now, 0, 0), 0);
	/* Idle 1 hour: the session of 5000 s ago is dead, though still kept. */
	assert_int_equal(live_of(db, "op", now, 3600, 0), 1);
	/* At +2 hours both of op's have been idle too long, or (max 1 hour) too old. */
	assert_int_equal(live_of(db, "op", now + 7200, 3600, 0), 0);
	assert_int_equal(live_of(db, "boss", now + 100, 0, 3600), 1);
	assert_int_equal(live_of(db, "boss", now + 3700, 0, 3600), 0);
	/* Removing the user ends them: the count is of the users there are. */
	check(poa_db_user_remove(db, "op", &err), POA_OK, &err);
	assert_int_equal(live_of(db, "op", now, 0, 0), -1);
	char *text = NULL;
	check(poa_db_stores_json(db, &text, &err), POA_OK, &err);
	assert_string_equal(text, "[\n  {\n    \"name\": \"North\",\n    \"marketplace\": \"amazon.com\"\n  },\n"
				  "  {\n    \"name\": \"South\",\n    \"marketplace\": \"amazon.de\"\n  }\n]");
	free(text);
	poa_db_close(db);
}

/* The "etag" of name in poa_db_users_json(), into out. */
static void etag_of_user(poa_db *db, const char *name, char out[17])
{
	char *text = NULL;
	poa_error err = {0};
	check(poa_db_users_json(db, now, 0, 0, &text, &err), POA_OK, &err);
	json_t *list = json_loads(text, 0, NULL), *u;
	free(text);
	size_t i;
	out[0] = '\0';
	json_array_foreach(list, i, u) if (strcmp(json_string_value(json_object_get(u, "name")), name) == 0)
		snprintf(out, 17, "%s", json_string_value(json_object_get(u, "etag")));
	json_decref(list);
	assert_int_equal(strlen(out), 16);
}

static void test_user_change_expects_what_was_seen(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	poa_error err = {0};
	char seen[17], later[17];
	const char *south[] = {"South"};
	etag_of_user(db, "op", seen);
	/* Another owner changes op meanwhile: the form made before is stale. */
	check(poa_db_user_set(db, "op", 0, 1, south, 1, &err), POA_OK, &err);
	etag_of_user(db, "op", later);
	assert_string_not_equal(seen, later);
	check(poa_db_user_set_if(db, "op", seen, POA_ROLE_VIEWER, 0, NULL, 0, &err), POA_ERR_CONFLICT, &err);
	assert_non_null(strstr(err.message, "was changed after this form was shown"));
	check(poa_db_user_remove_if(db, "op", seen, &err), POA_ERR_CONFLICT, &err);
	/* Nothing changed by the refusals; the current etag goes through. */
	etag_of_user(db, "op", seen);
	assert_string_equal(seen, later);
	check(poa_db_user_set_if(db, "op", later, POA_ROLE_VIEWER, 0, NULL, 0, &err), POA_OK, &err);
	etag_of_user(db, "op", later);
	check(poa_db_user_remove_if(db, "op", later, &err), POA_OK, &err);
	/* The same role and accounts again: the same etag (it is what was seen). */
	etag_of_user(db, "view", seen);
	const char *north[] = {"North"};
	check(poa_db_user_set_if(db, "view", seen, POA_ROLE_VIEWER, 1, north, 1, &err), POA_OK, &err);
	etag_of_user(db, "view", later);
	assert_string_equal(seen, later);
	poa_db_close(db);
}

/* The user may read (write 0) or change (write 1) each case: the status
 * expected for cases 1 (North), 2 (South), 3 (no account), 99 (none). */
static void may(poa_db *db, const poa_user *u, int write, poa_status c1, poa_status c2, poa_status c3)
{
	poa_error err = {0};
	check(poa_db_user_may(db, u, 1, write, &err), c1, &err);
	check(poa_db_user_may(db, u, 2, write, &err), c2, &err);
	check(poa_db_user_may(db, u, 3, write, &err), c3, &err);
	check(poa_db_user_may(db, u, 99, write, &err), POA_ERR_NOT_FOUND, &err);
}

static void test_permission_matrix(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	poa_user boss = login(db, "boss"), op = login(db, "op"), view = login(db, "view");
	const poa_status OK = POA_OK, NF = POA_ERR_NOT_FOUND, DN = POA_ERR_DENIED;
	may(db, &boss, 0, OK, OK, OK);
	may(db, &boss, 1, OK, OK, OK);
	may(db, &op, 0, OK, NF, NF);
	may(db, &op, 1, OK, NF, NF);
	may(db, &view, 0, OK, NF, NF);
	may(db, &view, 1, DN, NF, NF);
	poa_error err = {0};
	check(poa_db_user_may(db, &view, 1, 1, &err), POA_ERR_DENIED, &err);
	assert_non_null(strstr(err.message, "viewer"));
	/* A case the user may not see reads like one that is not there. */
	poa_error absent = {0};
	check(poa_db_user_may(db, &op, 2, 0, &err), POA_ERR_NOT_FOUND, &err);
	check(poa_db_user_may(db, &op, 99, 0, &absent), POA_ERR_NOT_FOUND, &absent);
	assert_non_null(strstr(err.message, "no case 2"));
	assert_non_null(strstr(absent.message, "no case 99"));
	check(poa_db_user_may_file(db, &boss, NULL, &err), OK, &err);
	check(poa_db_user_may_file(db, &boss, "South", &err), OK, &err);
	check(poa_db_user_may_file(db, &op, "North", &err), OK, &err);
	check(poa_db_user_may_file(db, &op, "South", &err), DN, &err);
	check(poa_db_user_may_file(db, &op, NULL, &err), DN, &err);
	assert_non_null(strstr(err.message, "only an owner"));
	check(poa_db_user_may_file(db, &op, "Nowhere", &err), NF, &err);
	check(poa_db_user_may_file(db, &view, "North", &err), DN, &err);
	poa_db_close(db);
}

/* What a view prints for the user (0: everyone). */
static void view_of(poa_db *db, long long user_id, char *out, size_t size)
{
	poa_db_query q = {.today = now, .user_id = user_id};
	poa_error err = {0};
	char *json = NULL;
	check(poa_db_list_json(db, &q, &json, &err), POA_OK, &err);
	snprintf(out, size, "%s", json);
	free(json);
}

static void test_views_per_user(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	poa_user boss = login(db, "boss"), op = login(db, "op");
	char out[8192];
	view_of(db, boss.id, out, sizeof out);
	assert_non_null(strstr(out, "\"id\": 1,"));
	assert_non_null(strstr(out, "\"id\": 2,"));
	assert_non_null(strstr(out, "\"id\": 3,"));
	view_of(db, op.id, out, sizeof out);
	assert_non_null(strstr(out, "\"id\": 1,"));
	assert_null(strstr(out, "\"id\": 2,"));
	assert_null(strstr(out, "\"id\": 3,"));
	view_of(db, 12345, out, sizeof out);
	assert_string_equal(out, "[]");
	poa_db_query q = {.today = now, .user_id = op.id};
	poa_error err = {0};
	char *json = NULL;
	check(poa_db_case_json(db, 1, &q, &json, &err), POA_OK, &err);
	free(json);
	check(poa_db_case_json(db, 2, &q, &json, &err), POA_ERR_NOT_FOUND, &err);
	check(poa_db_case_json(db, 3, &q, &json, &err), POA_ERR_NOT_FOUND, &err);
	FILE *f = fopen("/dev/null", "w");
	check(poa_db_write_case(db, f, 2, &q, &err), POA_ERR_NOT_FOUND, &err);
	int n = 0;
	char buf[4096] = "";
	FILE *m = fmemopen(buf, sizeof buf - 1, "w");
	check(poa_db_write_search(db, m, "trademark", &q, 1, &n, &err), POA_OK, &err);
	fclose(m);
	assert_int_equal(n, 1);
	check(poa_db_write_due(db, f, &q, 30, 1, &n, &err), POA_OK, &err);
	memset(buf, 0, sizeof buf);
	m = fmemopen(buf, sizeof buf - 1, "w");
	check(poa_db_write_health(db, kb, m, &q, 1, &n, &err), POA_OK, &err);
	fclose(m);
	assert_non_null(strstr(buf, "North"));
	assert_null(strstr(buf, "South"));
	assert_null(strstr(buf, "\"store\": null"));
	q.store = "South";
	check(poa_db_write_health(db, kb, f, &q, 1, &n, &err), POA_ERR_NOT_FOUND, &err);
	check(poa_db_write_search(db, f, "trademark", &q, 1, &n, &err), POA_OK, &err);
	assert_int_equal(n, 0);
	fclose(f);
	poa_db_close(db);
}

static void test_actor_and_versions(void **state)
{
	(void)state;
	char path[256];
	poa_db *db = team(path);
	poa_error err = {0};
	long long v = 0;
	check(poa_db_case_version(db, 1, &v, &err), POA_OK, &err);
	assert_int_equal(v, 1);
	check(poa_db_case_version(db, 99, &v, &err), POA_ERR_NOT_FOUND, &err);
	check(poa_db_set_actor(db, "op", &err), POA_OK, &err);
	check(poa_db_case_status(db, 1, "waiting", now, &err), POA_OK, &err);
	int lv;
	check(poa_db_letter_add(db, 1, "poa", "poa", "text", -1, "[]", now, &lv, &err), POA_OK, &err);
	int repeat;
	check(poa_db_letter_sent(db, 1, "poa", "x@example.com", now, &repeat, &err), POA_OK, &err);
	check(poa_db_case_note(db, 1, now, "plan", "retraction", &err), POA_OK, &err);
	check(poa_db_set_actor(db, NULL, &err), POA_OK, &err);
	poa_answers *a;
	check(poa_answers_load(kb, NULL, now, &a, &err), POA_OK, &err);
	check(poa_answers_set(kb, a, "sold_product=yes", now, &err), POA_OK, &err);
	check(poa_db_case_answer(db, 1, a, now, &err), POA_OK, &err);
	poa_answers_free(a);
	poa_evidence_added ev;
	check(poa_db_evidence_add(db, kb, 1, "photo", "p.png", "\x89PNG\r\n\x1a\n....", 12, NULL, now, &ev, &err),
	      POA_OK, &err);
	/* A file the case holds already changes nothing. */
	check(poa_db_evidence_add(db, kb, 1, "photo", "p.png", "\x89PNG\r\n\x1a\n....", 12, NULL, now, &ev, &err),
	      POA_OK, &err);
	assert_true(ev.duplicate);
	check(poa_db_case_version(db, 1, &v, &err), POA_OK, &err);
	assert_int_equal(v, 7);
	poa_db_query q = {.today = now};
	char *json;
	check(poa_db_case_json(db, 1, &q, &json, &err), POA_OK, &err);
	assert_non_null(strstr(json, "\"version\": 7"));
	assert_non_null(strstr(json, "\"by\": \"op\""));
	assert_non_null(strstr(json, "\"by\": null"));
	free(json);
	char out[8192] = "";
	FILE *f = fmemopen(out, sizeof out - 1, "w");
	check(poa_db_write_case(db, f, 1, &q, &err), POA_OK, &err);
	fclose(f);
	assert_non_null(strstr(out, "waiting (by op)"));
	assert_non_null(strstr(out, "1 answers\n"));
	/* An expectation met lets the change through and is used up. */
	poa_db_expect_version(db, 1, 7);
	check(poa_db_case_note(db, 1, now, "lint", "clean", &err), POA_OK, &err);
	check(poa_db_case_note(db, 1, now, "lint", "clean", &err), POA_OK, &err);
	/* One not met changes nothing and says who changed the case. */
	check(poa_db_set_actor(db, "view", &err), POA_OK, &err);
	check(poa_db_case_note(db, 1, now + 60, "lint", "clean", &err), POA_OK, &err);
	poa_db_expect_version(db, 1, 7);
	check(poa_db_case_status(db, 1, "resolved", now + 120, &err), POA_ERR_CONFLICT, &err);
	assert_non_null(strstr(err.message, "case 1"));
	assert_non_null(strstr(err.message, "by view"));
	assert_non_null(strstr(err.message, "2026-11-28T12:01:00Z"));
	assert_non_null(strstr(err.message, "version 10"));
	check(poa_db_case_version(db, 1, &v, &err), POA_OK, &err);
	assert_int_equal(v, 10);
	/* Used up by the refusal; version 0 drops one; another case's
	 * expectation leaves this one alone. */
	check(poa_db_case_status(db, 1, "resolved", now, &err), POA_OK, &err);
	poa_db_expect_version(db, 1, 3);
	poa_db_expect_version(db, 1, 0);
	check(poa_db_case_status(db, 1, "open", now, &err), POA_OK, &err);
	poa_db_expect_version(db, 2, 5);
	check(poa_db_case_status(db, 1, "waiting", now, &err), POA_OK, &err);
	check(poa_db_case_status(db, 2, "waiting", now, &err), POA_ERR_CONFLICT, &err);
	assert_non_null(strstr(err.message, "someone on the command line"));
	poa_db_close(db);
}

/* How many rows of table name the user (user_id). */
static long long rows_of(poa_db *db, const char *table, long long user_id)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE user_id = ?", table);
	long long n = -1;
	int got = 0;
	poa_error err = {0};
	check(db_query_int(db, sql, user_id, NULL, &n, &got, &err), POA_OK, &err);
	return n;
}

static void test_user_set(void **state)
{
	(void)state;
	char path[256];
	poa_user op, boss;
	poa_session a, b, found;
	poa_db *db = team_signed_in(path, &op, &boss, &a, &b);
	poa_error err = {0};
	poa_user view = login(db, "view");
	/* A demoted operator's open session ends at once, and only theirs. */
	check(poa_db_user_set(db, "op", POA_ROLE_VIEWER, 0, NULL, 0, &err), POA_OK, &err);
	check(poa_db_session_find(db, a.id, now + 1, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	check(poa_db_session_find(db, b.id, now + 1, 1800, 43200, &found, &err), POA_OK, &err);
	op = login(db, "op");
	assert_int_equal(op.role, POA_ROLE_VIEWER);
	check(poa_db_user_may(db, &op, 1, 1, &err), POA_ERR_DENIED, &err);
	check(poa_db_user_may(db, &op, 1, 0, &err), POA_OK, &err);
	/* The accounts given replace the old ones; the role stays. */
	const char *south[] = {"South"}, *both[] = {"North", "South", "North"}, *nowhere[] = {"South", "Nowhere"};
	check(poa_db_session_new(db, &view, now, &a, &err), POA_OK, &err);
	check(poa_db_user_set(db, "view", 0, 1, south, 1, &err), POA_OK, &err);
	check(poa_db_session_find(db, a.id, now + 1, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	view = login(db, "view");
	assert_int_equal(view.role, POA_ROLE_VIEWER);
	may(db, &view, 0, POA_ERR_NOT_FOUND, POA_OK, POA_ERR_NOT_FOUND);
	check(poa_db_user_set(db, "view", 0, 1, both, 3, &err), POA_OK, &err);
	may(db, &view, 0, POA_OK, POA_OK, POA_ERR_NOT_FOUND);
	assert_int_equal(rows_of(db, "user_stores", view.id), 2);
	/* No accounts at all. */
	check(poa_db_user_set(db, "view", 0, 1, NULL, 0, &err), POA_OK, &err);
	may(db, &view, 0, POA_ERR_NOT_FOUND, POA_ERR_NOT_FOUND, POA_ERR_NOT_FOUND);
	/* An unknown account changes nothing, the role given with it neither. */
	check(poa_db_user_set(db, "op", POA_ROLE_OPERATOR, 1, nowhere, 2, &err), POA_ERR_NOT_FOUND, &err);
	assert_non_null(strstr(err.message, "Nowhere"));
	op = login(db, "op");
	assert_int_equal(op.role, POA_ROLE_VIEWER);
	may(db, &op, 0, POA_OK, POA_ERR_NOT_FOUND, POA_ERR_NOT_FOUND);
	/* Bad input. */
	check(poa_db_user_set(db, "op", 0, 0, NULL, 0, &err), POA_ERR_USAGE, &err);
	assert_non_null(strstr(err.message, "nothing to change"));
	check(poa_db_user_set(db, "op", 4, 0, NULL, 0, &err), POA_ERR_USAGE, &err);
	check(poa_db_user_set(db, "op", POA_ROLE_OWNER, 1, south, 1, &err), POA_ERR_USAGE, &err);
	assert_non_null(strstr(err.message, "every seller account"));
	check(poa_db_user_set(db, "boss", 0, 1, south, 1, &err), POA_ERR_USAGE, &err);
	check(poa_db_user_set(db, "nobody", POA_ROLE_VIEWER, 0, NULL, 0, &err), POA_ERR_NOT_FOUND, &err);
	assert_non_null(strstr(err.message, "no user named 'nobody'"));
	check(poa_db_user_set(db, NULL, POA_ROLE_VIEWER, 0, NULL, 0, &err), POA_ERR_NOT_FOUND, &err);
	/* The last owner stays one. */
	check(poa_db_user_set(db, "boss", POA_ROLE_OPERATOR, 1, south, 1, &err), POA_ERR_CONFLICT, &err);
	assert_non_null(strstr(err.message, "last owner"));
	assert_non_null(strstr(err.message, "poa user add NAME --role owner"));
	check(poa_db_user_set(db, "boss", POA_ROLE_OWNER, 0, NULL, 0, &err), POA_OK, &err);
	/* Made an owner, a user keeps no accounts of their own: demoted again,
	 * they get only those given then. */
	check(poa_db_user_set(db, "op", POA_ROLE_OWNER, 0, NULL, 0, &err), POA_OK, &err);
	assert_int_equal(rows_of(db, "user_stores", op.id), 0);
	long long n = 0;
	check(poa_db_owner_count(db, &n, &err), POA_OK, &err);
	assert_int_equal(n, 2);
	check(poa_db_user_set(db, "boss", POA_ROLE_OPERATOR, 1, south, 1, &err), POA_OK, &err);
	boss = login(db, "boss");
	may(db, &boss, 1, POA_ERR_NOT_FOUND, POA_OK, POA_ERR_NOT_FOUND);
	check(poa_db_user_set(db, "op", POA_ROLE_VIEWER, 0, NULL, 0, &err), POA_ERR_CONFLICT, &err);
	check(poa_db_owner_count(db, &n, &err), POA_OK, &err);
	assert_int_equal(n, 1);
	check(poa_db_user_count(db, &n, &err), POA_OK, &err);
	assert_int_equal(n, 3);
	poa_db_close(db);
}

static void test_user_remove(void **state)
{
	(void)state;
	char path[256];
	poa_user op, boss;
	poa_session a, b, found;
	poa_db *db = team_signed_in(path, &op, &boss, &a, &b);
	poa_error err = {0};
	check(poa_db_set_actor(db, "op", &err), POA_OK, &err);
	check(poa_db_case_status(db, 1, "waiting", now, &err), POA_OK, &err);
	check(poa_db_set_actor(db, NULL, &err), POA_OK, &err);
	check(poa_db_user_remove(db, "op", &err), POA_OK, &err);
	check(poa_db_session_find(db, a.id, now + 1, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	check(poa_db_session_find(db, b.id, now + 1, 1800, 43200, &found, &err), POA_OK, &err);
	assert_int_equal(rows_of(db, "sessions", op.id), 0);
	assert_int_equal(rows_of(db, "user_stores", op.id), 0);
	poa_user u;
	long retry;
	check(poa_db_login(db, "op", pw, NULL, now, &u, &retry, &err), POA_ERR_AUTH, &err);
	/* What they did is still theirs. */
	poa_db_query q = {.today = now};
	char *json;
	check(poa_db_case_json(db, 1, &q, &json, &err), POA_OK, &err);
	assert_non_null(strstr(json, "\"by\": \"op\""));
	free(json);
	check(poa_db_user_remove(db, "op", &err), POA_ERR_NOT_FOUND, &err);
	assert_non_null(strstr(err.message, "no user named 'op'"));
	check(poa_db_user_remove(db, NULL, &err), POA_ERR_NOT_FOUND, &err);
	/* Not the last owner; once there is another, yes. */
	check(poa_db_user_remove(db, "boss", &err), POA_ERR_CONFLICT, &err);
	assert_non_null(strstr(err.message, "poa user add NAME --role owner"));
	check(poa_db_session_find(db, b.id, now + 1, 1800, 43200, &found, &err), POA_OK, &err);
	check(poa_db_user_set(db, "view", POA_ROLE_OWNER, 0, NULL, 0, &err), POA_OK, &err);
	check(poa_db_user_remove(db, "boss", &err), POA_OK, &err);
	check(poa_db_session_find(db, b.id, now + 1, 1800, 43200, &found, &err), POA_ERR_AUTH, &err);
	check(poa_db_user_remove(db, "view", &err), POA_ERR_CONFLICT, &err);
	long long n = 0;
	check(poa_db_user_count(db, &n, &err), POA_OK, &err);
	assert_int_equal(n, 1);
	/* A name removed may be added again, afresh. */
	check(poa_db_user_add(db, "op", POA_ROLE_VIEWER, NULL, 0, pw, now, &err), POA_OK, &err);
	u = login(db, "op");
	assert_int_equal(u.role, POA_ROLE_VIEWER);
	may(db, &u, 0, POA_ERR_NOT_FOUND, POA_ERR_NOT_FOUND, POA_ERR_NOT_FOUND);
	poa_db_close(db);
}

/* Two connections to one store read the case at the same version; the
 * first change wins, the second is refused, and nothing is lost. */
static void test_two_writers_conflict(void **state)
{
	(void)state;
	char path[256];
	poa_db *a = team(path), *b = NULL;
	poa_error err = {0};
	check(poa_db_open(path, &b, &err), POA_OK, &err);
	long long va = 0, vb = 0;
	check(poa_db_case_version(a, 1, &va, &err), POA_OK, &err);
	check(poa_db_case_version(b, 1, &vb, &err), POA_OK, &err);
	assert_int_equal(va, vb);
	poa_db_set_actor(a, "op", &err);
	poa_db_set_actor(b, "boss", &err);
	poa_answers *x, *y;
	check(poa_answers_load(kb, NULL, now, &x, &err), POA_OK, &err);
	check(poa_answers_set(kb, x, "genuine=yes", now, &err), POA_OK, &err);
	check(poa_answers_load(kb, NULL, now, &y, &err), POA_OK, &err);
	check(poa_answers_set(kb, y, "genuine=no", now, &err), POA_OK, &err);
	poa_db_expect_version(a, 1, va);
	poa_db_expect_version(b, 1, vb);
	check(poa_db_case_answer(a, 1, x, now, &err), POA_OK, &err);
	check(poa_db_case_answer(b, 1, y, now, &err), POA_ERR_CONFLICT, &err);
	assert_non_null(strstr(err.message, "by op"));
	poa_answers *stored;
	check(poa_db_case_answers(b, kb, 1, now, &stored, &err), POA_OK, &err);
	assert_string_equal(poa_answers_get(stored, "genuine"), "yes");
	check(poa_db_case_version(b, 1, &vb, &err), POA_OK, &err);
	assert_int_equal(vb, va + 1);
	/* Reloaded, the second writer goes through. */
	poa_db_expect_version(b, 1, vb);
	check(poa_db_case_answer(b, 1, y, now, &err), POA_OK, &err);
	poa_answers_free(stored);
	check(poa_db_case_answers(a, kb, 1, now, &stored, &err), POA_OK, &err);
	assert_string_equal(poa_answers_get(stored, "genuine"), "no");
	poa_answers_free(stored);
	poa_answers_free(x);
	poa_answers_free(y);
	poa_db_close(a);
	poa_db_close(b);
}


/* A SQLite store with a bit of everything: accounts, users, cases with
 * letters whose ids interleave between cases, what was sent, evidence,
 * answers, actors, a mailbox position. */
static poa_db *sqlite_team(char path[256])
{
	snprintf(path, 256, "%s/source-%d.db", dir, serial++);
	poa_db *db = NULL;
	poa_error err = {0};
	check(poa_db_open(path, &db, &err), POA_OK, &err);
	check(poa_db_store_add(db, "North", "amazon.com", now, &err), POA_OK, &err);
	check(poa_db_store_add(db, "South", "amazon.de", now, &err), POA_OK, &err);
	const char *both[] = {"North", "South"};
	check(poa_db_user_add(db, "boss", POA_ROLE_OWNER, NULL, 0, pw, now, &err), POA_OK, &err);
	check(poa_db_user_add(db, "op", POA_ROLE_OPERATOR, both, 2, pw, now, &err), POA_OK, &err);
	file_in(db, "North", "m1", "B0CK7TQ2WD", "1478820193", "");
	file_in(db, "South", "m2", "B0CK7V1MZA", "1478820199", "");
	file(db, "m3", "B0CK7V1MZB", "1478820200", "");
	check(poa_db_set_actor(db, "op", &err), POA_OK, &err);
	int v, repeat;
	check(poa_db_letter_add(db, 2, "poa", "poa", "first", -1, "[]", now, &v, &err), POA_OK, &err);
	check(poa_db_letter_add(db, 1, "poa", "poa", "other", 1, "[]", now, &v, &err), POA_OK, &err);
	check(poa_db_letter_add(db, 2, "poa", "poa", "second", -1, "[]", now, &v, &err), POA_OK, &err);
	check(poa_db_letter_sent(db, 2, "poa", "Account Health", now, &repeat, &err), POA_OK, &err);
	poa_evidence_added ev;
	check(poa_db_evidence_add(db, kb, 2, "invoice", "inv.png", "\x89PNG\r\n\x1a\ninvoice.", 16, "2026-10-01", now, &ev, &err),
	      POA_OK, &err);
	check(poa_db_case_status(db, 3, "waiting", now, &err), POA_OK, &err);
	assert_int_equal(sql_exec(db->c, "INSERT INTO fetch_state VALUES ('imaps://a@mail.example.com/INBOX', 7, 42,"
					 " '2026-11-28T12:00:00Z')"),
			 SQL_OK);
	return db;
}

static char *export_of(poa_db *db)
{
	char *json = NULL;
	poa_error err = {0};
	check(poa_db_export(db, &json, &err), POA_OK, &err);
	return json;
}

static void test_export_keeps_users_actors_versions(void **state)
{
	(void)state;
	char p1[256], p2[256];
	poa_db *a = sqlite_team(p1), *b = fresh(p2);
	poa_error err = {0};
	char *one = export_of(a);
	assert_non_null(strstr(one, "\"poa_export\": 2"));
	assert_non_null(strstr(one, "\"hash\": \"$argon2id$v=19$m=19456,t=2,p=1$"));
	assert_non_null(strstr(one, "\"actor\": \"op\""));
	assert_non_null(strstr(one, "\"last_uid\": 42"));
	assert_null(strstr(one, "login_failures"));
	int added = 0;
	check(poa_db_import_json(b, "one.json", one, strlen(one), &added, &err), POA_OK, &err);
	assert_int_equal(added, 3);
	char *two = export_of(b);
	assert_string_equal(one, two);
	/* The users came along, and sign in with their passwords. */
	poa_user u = login(b, "op");
	assert_int_equal(u.role, POA_ROLE_OPERATOR);
	check(poa_db_user_may(b, &u, 2, 1, &err), POA_OK, &err);
	/* Again: nothing new, and a user of the same name keeps its own hash. */
	check(poa_db_user_passwd(b, "op", "a password of b's own", now, &err), POA_OK, &err);
	check(poa_db_import_json(b, "one.json", one, strlen(one), &added, &err), POA_OK, &err);
	assert_int_equal(added, 0);
	long retry;
	check(poa_db_login(b, "op", "a password of b's own", NULL, now, &u, &retry, &err), POA_OK, &err);
	/* A user whose role is not one is refused, and nothing imported. */
	char *bad = strdup(one), *role = strstr(bad, "\"role\": \"owner\"");
	memcpy(role, "\"role\": \"admin\"", 15);
	char p3[256];
	poa_db *c = fresh(p3);
	check(poa_db_import_json(c, "bad.json", bad, strlen(bad), &added, &err), POA_ERR_INPUT, &err);
	long long n = -1;
	check(poa_db_user_count(c, &n, &err), POA_OK, &err);
	assert_int_equal(n, 0);
	free(bad);
	free(one);
	free(two);
	poa_db_close(a);
	poa_db_close(b);
	poa_db_close(c);
}

/* A SQLite store into this run's backend (PostgreSQL in the [pg] run). */
static void test_migrate(void **state)
{
	(void)state;
	char p1[256], p2[256];
	poa_db *from = sqlite_team(p1), *to = fresh(p2);
	poa_error err = {0};
	long long cases = -1;
	check(poa_db_migrate(from, to, &cases, &err), POA_OK, &err);
	assert_int_equal(cases, 3);
	char *one = export_of(from), *two = export_of(to);
	assert_string_equal(one, two);
	/* New rows go after the copied ones. */
	int v;
	check(poa_db_letter_add(to, 1, "dispute", "dispute", "new", -1, "[]", now, &v, &err), POA_OK, &err);
	check(poa_db_user_add(to, "later", POA_ROLE_VIEWER, NULL, 0, pw, now, &err), POA_OK, &err);
	check(poa_db_store_add(to, "West", "amazon.co.uk", now, &err), POA_OK, &err);
	file(to, "m9", "B0CK7V1MZC", "1478820299", "");
	poa_user op = login(to, "op");
	check(poa_db_user_may(to, &op, 3, 0, &err), POA_ERR_NOT_FOUND, &err);
	/* A target that is not empty is refused, and left as it was. */
	char *before = export_of(to);
	check(poa_db_migrate(from, to, &cases, &err), POA_ERR_USAGE, &err);
	assert_non_null(strstr(err.message, "empty store"));
	assert_int_equal(cases, 0);
	char *after = export_of(to);
	assert_string_equal(before, after);
	/* A user alone makes a store not empty. */
	char p3[256];
	poa_db *third = fresh(p3);
	check(poa_db_user_add(third, "solo", POA_ROLE_OWNER, NULL, 0, pw, now, &err), POA_OK, &err);
	check(poa_db_migrate(from, third, &cases, &err), POA_ERR_USAGE, &err);
	free(one);
	free(two);
	free(before);
	free(after);
	poa_db_close(from);
	poa_db_close(to);
	poa_db_close(third);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_user_add_refuses_bad_input),
		cmocka_unit_test(test_refusals_for_each_front),
		cmocka_unit_test(test_user_list_has_no_hashes),
		cmocka_unit_test(test_login_and_rate_limit),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_session_prune),
		cmocka_unit_test(test_session_limits_agree),
		cmocka_unit_test(test_users_json_counts_live_sessions),
		cmocka_unit_test(test_user_change_expects_what_was_seen),
		cmocka_unit_test(test_permission_matrix),
		cmocka_unit_test(test_views_per_user),
		cmocka_unit_test(test_actor_and_versions),
		cmocka_unit_test(test_user_set),
		cmocka_unit_test(test_user_remove),
		cmocka_unit_test(test_two_writers_conflict),
		cmocka_unit_test(test_export_keeps_users_actors_versions),
		cmocka_unit_test(test_migrate),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
