/* session.c — the access token and the sessions it is traded for.
 *
 * poa serve prints a URL with a random access token (256 bits from
 * getrandom). A visit with it gets a session: a random id in an HttpOnly,
 * SameSite=Strict cookie, and a CSRF token tied to it that every POST must
 * carry. Sessions live in a small table; the oldest is dropped when it is
 * full. Comparisons take the same time whatever the bytes. */
#include "session.h"

#include <string.h>
#include <sys/random.h>

int web_random_hex(char *out, size_t bytes)
{
	unsigned char raw[64];
	if (bytes > sizeof raw)
		return 0;
	size_t got = 0;
	while (got < bytes) {
		ssize_t n = getrandom(raw + got, bytes - got, 0);
		if (n <= 0)
			return 0;
		got += (size_t)n;
	}
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < bytes; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * bytes] = '\0';
	return 1;
}

int web_secret_equal(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0 && la > 0;
}

web_session *web_session_new(web_sessions *s, time_t now)
{
	web_session *slot = &s->v[0];
	for (size_t i = 0; i < WEB_MAX_SESSIONS; i++) {
		if (!s->v[i].sid[0]) {
			slot = &s->v[i];
			break;
		}
		if (s->v[i].used < slot->used)
			slot = &s->v[i];
	}
	if (!web_random_hex(slot->sid, 32) || !web_random_hex(slot->csrf, 32)) {
		memset(slot, 0, sizeof *slot);
		return NULL;
	}
	slot->used = now;
	return slot;
}

web_session *web_session_find(web_sessions *s, const char *sid, time_t now)
{
	if (!sid || strlen(sid) != 64)
		return NULL;
	for (size_t i = 0; i < WEB_MAX_SESSIONS; i++)
		if (s->v[i].sid[0] && web_secret_equal(s->v[i].sid, sid)) {
			s->v[i].used = now;
			return &s->v[i];
		}
	return NULL;
}
