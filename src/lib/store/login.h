/* login.h — passwords (Argon2id through libargon2, loaded when first
 * needed) and the random tokens of sessions, for users.c and login.c. */
#ifndef POA_STORE_LOGIN_H
#define POA_STORE_LOGIN_H

#include "poa.h"

/* An encoded PHC string ($argon2id$v=19$m=19456,t=2,p=1$salt$hash) fits. */
#define LOGIN_HASH_MAX 160
/* Longer passwords are refused: hashing megabytes is a way to tie up a
 * server, and no one types them. */
#define LOGIN_PASSWORD_MAX 1024

/* POA_ERR_USAGE unless password is UTF-8 of 12 characters or more (and at
 * most LOGIN_PASSWORD_MAX bytes), with a message saying which. */
poa_status login_check_password(const char *password, poa_error *err);
/* The Argon2id hash of password with a new random salt, encoded. */
poa_status login_hash(const char *password, char out[LOGIN_HASH_MAX], poa_error *err);
/* 1 when password matches the encoded hash (0 for a mismatch and for a
 * hash that is not one); a missing libargon2 is an error. */
poa_status login_verify(const char *encoded, const char *password, int *match, poa_error *err);
/* n random bytes from the kernel, as 2n hex digits and a NUL. */
poa_status login_random_hex(char *out, size_t n, poa_error *err);

/* When a session has ended: unused for more than idle seconds, or older
 * than max_age (a limit of 0 or less: none). One rule, written twice side
 * by side: in C for a session read (poa_db_session_find), in SQL over the
 * columns used and created, with ?1 idle, ?2 now and ?3 max_age, for the
 * sessions deleted (poa_db_session_prune) and counted (the Users page). */
static inline int login_session_ended(long long now, long long created, long long used, long idle, long max_age)
{
	return (idle > 0 && now - used > idle) || (max_age > 0 && now - created > max_age);
}
#define LOGIN_SESSION_ENDED_SQL "((?1 > 0 AND used < ?2 - ?1) OR (?3 > 0 AND created < ?2 - ?3))"

#endif
