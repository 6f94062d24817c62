/* session.h — the access token and sessions of poa serve (session.c). */
#ifndef POA_WEB_SESSION_H
#define POA_WEB_SESSION_H

#include "web.h"

#define WEB_MAX_SESSIONS 32

typedef struct web_sessions {
	web_session v[WEB_MAX_SESSIONS];
} web_sessions;

/* 2*bytes hex digits of randomness from getrandom into out; 0 on failure. */
int web_random_hex(char *out, size_t bytes);
/* Equal non-empty secrets, compared in constant time for a given length. */
int web_secret_equal(const char *a, const char *b);
web_session *web_session_new(web_sessions *s, time_t now);
web_session *web_session_find(web_sessions *s, const char *sid, time_t now);

#endif
