/* login.c — signing in (poa serve --team): Argon2id password hashes,
 * failed logins counted in the store so that every server of a team
 * shares the count, and server-side sessions of which the store keeps only
 * the id's SHA-256.
 *
 * libargon2 is loaded (dynlib.h) by the first hash or check: only the
 * commands that touch users need it. Its two functions are declared here,
 * from argon2.h of the 20171227 release, so no -dev package is needed. */
#include "db.h"
#include "dynlib.h"
#include "login.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* OWASP's minimum for Argon2id: 19 MiB, two passes, one lane. */
enum { ARGON2_M_KIB = 19456, ARGON2_T = 2, ARGON2_P = 1, SALT_BYTES = 16, HASH_BYTES = 32 };
enum { ARGON2_OK = 0, ARGON2_VERIFY_MISMATCH = -35 };

/* Failed logins: more than LIMIT_FREE within LIMIT_WINDOW seconds make each
 * further try wait, from LIMIT_FIRST seconds doubling up to LIMIT_WINDOW. */
enum { LIMIT_FREE = 5, LIMIT_WINDOW = 900, LIMIT_FIRST = 2 };

typedef struct argon2_api {
	int (*hash_encoded)(uint32_t t_cost, uint32_t m_cost, uint32_t parallelism, const void *pwd, size_t pwdlen,
			    const void *salt, size_t saltlen, size_t hashlen, char *encoded, size_t encodedlen);
	int (*verify)(const char *encoded, const void *pwd, size_t pwdlen);
	const char *(*error_message)(int error_code);
} argon2_api;

static argon2_api argon2;
static const poa_dynlib_sym argon2_syms[] = {
	POA_DYNLIB_SYM(argon2_api, hash_encoded, "argon2id_hash_encoded"),
	POA_DYNLIB_SYM(argon2_api, verify, "argon2id_verify"),
	POA_DYNLIB_SYM(argon2_api, error_message, "argon2_error_message"),
	{NULL, 0},
};
static poa_dynlib argon2_lib = POA_DYNLIB("libargon2.so.1", "libargon2-1", argon2_syms, &argon2);

static poa_status random_bytes(unsigned char *out, size_t n, poa_error *err)
{
	for (size_t got = 0; got < n;) {
		ssize_t r = getrandom(out + got, n - got, 0);
		if (r < 0 && errno != EINTR)
			return poa_error_set(err, POA_ERR_IO, "no random numbers from the kernel: %s", strerror(errno));
		got += r > 0 ? (size_t)r : 0;
	}
	return POA_OK;
}

poa_status login_random_hex(char *out, size_t n, poa_error *err)
{
	unsigned char raw[64];
	if (n > sizeof raw)
		n = sizeof raw;
	poa_status s = random_bytes(raw, n, err);
	for (size_t i = 0; !s && i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return s;
}

poa_status login_hash(const char *password, char out[LOGIN_HASH_MAX], poa_error *err)
{
	unsigned char salt[SALT_BYTES];
	poa_status s = poa_dynlib_load(&argon2_lib, POA_ERR_IO, err);
	if (!s)
		s = random_bytes(salt, sizeof salt, err);
	if (s)
		return s;
	int rc = argon2.hash_encoded(ARGON2_T, ARGON2_M_KIB, ARGON2_P, password, strlen(password), salt, sizeof salt,
				     HASH_BYTES, out, LOGIN_HASH_MAX);
	if (rc == ARGON2_OK)
		return POA_OK;
	return poa_error_set(err, rc == -22 ? POA_ERR_NOMEM : POA_ERR_IO, "cannot hash the password: %s",
			     argon2.error_message(rc));
}

poa_status login_verify(const char *encoded, const char *password, int *match, poa_error *err)
{
	*match = 0;
	poa_status s = poa_dynlib_load(&argon2_lib, POA_ERR_IO, err);
	if (s)
		return s;
	/* Anything but a match (a mismatch, a damaged hash) refuses. */
	*match = argon2.verify(encoded, password, strlen(password)) == ARGON2_OK;
	return POA_OK;
}

/* A hash of nothing anyone knows, made once per process: a login with an
 * unknown name is checked against it, so that it takes as long as a wrong
 * password and the time tells no one which names exist. */
static char dummy_hash[LOGIN_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
	char pw[33];
	if (login_random_hex(pw, 16, NULL) != POA_OK || login_hash(pw, dummy_hash, NULL) != POA_OK)
		dummy_hash[0] = '\0';
}

/* ---- failed logins ---------------------------------------------------------------- */

/* Seconds a try under key must still wait (0: it may go ahead). */
static poa_status limit_wait(poa_db *db, const char *key, time_t now, long *wait, poa_error *err)
{
	*wait = 0;
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT count(*), coalesce(max(at), 0) FROM login_failures WHERE key = ? AND at > ?",
				  &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, key);
	sql_bind_int64(st, 2, (long long)now - LIMIT_WINDOW);
	sql_rc rc = sql_step(st);
	long long n = rc == SQL_ROW ? sql_column_int64(st, 0) : 0, last = rc == SQL_ROW ? sql_column_int64(st, 1) : 0;
	sql_finalize(st);
	if (rc != SQL_ROW)
		return db_fail(db, rc, "reading the failed logins", err);
	if (n < LIMIT_FREE)
		return POA_OK;
	/* The fifth failure makes the next try wait 2 s, each one more twice
	 * as long, up to the window. */
	long step = n - LIMIT_FREE > 10 ? LIMIT_WINDOW : (long)LIMIT_FIRST << (n - LIMIT_FREE);
	if (step > LIMIT_WINDOW)
		step = LIMIT_WINDOW;
	long left = (long)(last + step - (long long)now);
	*wait = left > 0 ? left : 0;
	return POA_OK;
}

/* Runs a statement that writes, with text as ?1 and t as ?2 (one that
 * uses only ?1 ignores t). doing: as step_done's. */
static poa_status write_text_time(poa_db *db, const char *sql, const char *text, long long t, const char *doing,
				  poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, sql, &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, text);
	sql_bind_int64(st, 2, t);
	return step_done(db, st, doing, err);
}

static poa_status record_failure(poa_db *db, const char *key, time_t now, poa_error *err)
{
	return write_text_time(db, "INSERT INTO login_failures (key, at) VALUES (?, ?)", key, (long long)now,
			       "counting the failed login", err);
}

/* Deletes key's failures (all keys' when key is NULL: then only those
 * older than the window, which count no more). */
static poa_status forget_failures(poa_db *db, const char *key, time_t now, poa_error *err)
{
	return write_text_time(db, "DELETE FROM login_failures WHERE key = ? OR (CAST(?1 AS TEXT) IS NULL AND at <= ?)",
			       key, (long long)now - LIMIT_WINDOW, "counting the failed login", err);
}

static poa_status login_failed(poa_db *db, const char *keys[2], time_t now, poa_error *err)
{
	poa_status s = db_begin(db, err);
	for (int i = 0; !s && i < 2; i++)
		if (keys[i])
			s = record_failure(db, keys[i], now, err);
	if (!s)
		s = forget_failures(db, NULL, now, err);
	if ((s = db_end(db, s, err)) != POA_OK)
		return s;
	return poa_error_set(err, POA_ERR_AUTH, "wrong user name or password");
}

/* The user of that name: id, role and hash (hash[0] NUL when none). */
static poa_status find_user(poa_db *db, const char *name, poa_user *u, char hash[LOGIN_HASH_MAX], poa_error *err)
{
	sql_stmt *st;
	hash[0] = '\0';
	poa_status s = db_prepare(db, "SELECT id, role, hash FROM users WHERE name = ?", &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, name);
	sql_rc rc = sql_step(st);
	if (rc == SQL_ROW && db_col(st, 2) && poa_role_parse(db_col(st, 1), &u->role)) {
		u->id = sql_column_int64(st, 0);
		snprintf(u->name, sizeof u->name, "%s", name);
		snprintf(hash, LOGIN_HASH_MAX, "%s", db_col(st, 2));
	}
	sql_finalize(st);
	return rc == SQL_ROW || rc == SQL_DONE ? POA_OK : db_fail(db, rc, "reading the users", err);
}

poa_status poa_db_login(poa_db *db, const char *name, const char *password, const char *client, time_t now,
			poa_user *out, long *retry_after, poa_error *err)
{
	memset(out, 0, sizeof *out);
	*retry_after = 0;
	if (!name)
		name = "";
	if (!password)
		password = "";
	char name_key[96], client_key[160];
	snprintf(name_key, sizeof name_key, "name:%.80s", name);
	snprintf(client_key, sizeof client_key, "client:%.140s", client ? client : "");
	const char *keys[2] = {name_key, client && *client ? client_key : NULL};
	long wait[2] = {0, 0};
	poa_status s = limit_wait(db, keys[0], now, &wait[0], err);
	if (!s && keys[1])
		s = limit_wait(db, keys[1], now, &wait[1], err);
	if (s)
		return s;
	if (wait[0] || wait[1]) {
		*retry_after = wait[0] > wait[1] ? wait[0] : wait[1];
		return poa_error_set(err, POA_ERR_AUTH,
				     "too many failed logins for this name or from this address: wait %ld seconds and "
				     "try again",
				     *retry_after);
	}
	poa_user u = {0};
	char hash[LOGIN_HASH_MAX] = "";
	int match = 0;
	s = strlen(password) > LOGIN_PASSWORD_MAX ? POA_OK : find_user(db, name, &u, hash, err);
	if (!s && !hash[0]) {
		pthread_once(&dummy_once, make_dummy);
		s = login_verify(dummy_hash[0] ? dummy_hash : "-", password, &match, err);
		match = 0;
	} else if (!s) {
		s = login_verify(hash, password, &match, err);
	}
	if (s)
		return s;
	if (!match)
		return login_failed(db, keys, now, err);
	if ((s = forget_failures(db, name_key, now, err)) == POA_OK)
		*out = u;
	return s;
}

/* ---- sessions ---------------------------------------------------------------------- */

poa_status poa_db_session_new(poa_db *db, const poa_user *user, time_t now, poa_session *out, poa_error *err)
{
	memset(out, 0, sizeof *out);
	char sha[65];
	sql_stmt *st;
	poa_status s = login_random_hex(out->id, 32, err);
	if (!s)
		s = login_random_hex(out->csrf, 32, err);
	if (!s)
		s = db_prepare(db, "INSERT INTO sessions (id_sha256, user_id, csrf, created, used) VALUES (?, ?, ?, ?, ?)",
			       &st, err);
	if (s) {
		memset(out, 0, sizeof *out);
		return s;
	}
	db_sha256(out->id, 64, sha);
	db_bind_text(st, 1, sha);
	sql_bind_int64(st, 2, user->id);
	db_bind_text(st, 3, out->csrf);
	sql_bind_int64(st, 4, (long long)now);
	sql_bind_int64(st, 5, (long long)now);
	out->user = *user;
	if ((s = step_done(db, st, "starting the session", err)) != POA_OK)
		memset(out, 0, sizeof *out);
	return s;
}

/* The SHA-256 of a session id, or 0 when id is not 64 hex digits. */
static int session_key(const char *id, char sha[65])
{
	if (!id || strlen(id) != 64 || strspn(id, "0123456789abcdef") != 64)
		return 0;
	db_sha256(id, 64, sha);
	return 1;
}

poa_status poa_db_session_find(poa_db *db, const char *id, time_t now, long idle, long max_age,
			       poa_session *out, poa_error *err)
{
	memset(out, 0, sizeof *out);
	char sha[65];
	if (!session_key(id, sha))
		return poa_error_set(err, POA_ERR_AUTH, "not signed in, or the session ended: sign in again");
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "SELECT s.user_id, s.csrf, s.created, s.used, u.name, u.role FROM sessions s"
				  " JOIN users u ON u.id = s.user_id WHERE s.id_sha256 = ?",
				  &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, sha);
	sql_rc rc = sql_step(st);
	long long created = 0, used = 0;
	int ok = rc == SQL_ROW && poa_role_parse(db_col(st, 5), &out->user.role);
	if (ok) {
		out->user.id = sql_column_int64(st, 0);
		snprintf(out->csrf, sizeof out->csrf, "%s", db_col(st, 1) ? db_col(st, 1) : "");
		created = sql_column_int64(st, 2);
		used = sql_column_int64(st, 3);
		snprintf(out->user.name, sizeof out->user.name, "%s", db_col(st, 4) ? db_col(st, 4) : "");
		snprintf(out->id, sizeof out->id, "%s", id);
	}
	sql_finalize(st);
	if (rc != SQL_ROW && rc != SQL_DONE)
		return db_fail(db, rc, "reading the session", err);
	int expired = ok && login_session_ended((long long)now, created, used, idle, max_age);
	if (expired)
		s = poa_db_session_end(db, id, err);
	/* Every request of a signed-in user finds its session: recording each
	 * use would make every read a write. A use is recorded once the last
	 * one is a sixteenth of the idle limit old (at most a minute), so a
	 * session ends at most that much later than its idle limit says. */
	long long every = idle > 0 && idle / 16 < 60 ? idle / 16 : 60;
	if (!s && ok && !expired && (long long)now - used >= every)
		return write_text_time(db, "UPDATE sessions SET used = ?2 WHERE id_sha256 = ?1", sha, (long long)now,
				       "using the session", err);
	if (!s && ok && !expired)
		return POA_OK;
	memset(out, 0, sizeof *out);
	return s ? s : poa_error_set(err, POA_ERR_AUTH, "not signed in, or the session ended: sign in again");
}

poa_status poa_db_session_prune(poa_db *db, time_t now, long idle, long max_age, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, "DELETE FROM sessions WHERE " LOGIN_SESSION_ENDED_SQL, &st, err);
	if (s)
		return s;
	sql_bind_int64(st, 1, idle);
	sql_bind_int64(st, 2, (long long)now);
	sql_bind_int64(st, 3, max_age);
	return step_done(db, st, "removing ended sessions", err);
}

poa_status poa_db_session_end(poa_db *db, const char *id, poa_error *err)
{
	char sha[65];
	if (!session_key(id, sha))
		return POA_OK;
	return write_text_time(db, "DELETE FROM sessions WHERE id_sha256 = ?", sha, 0, "ending the session", err);
}
