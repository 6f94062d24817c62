/* fetch.c — new messages of an IMAP mailbox into the case store, over
 * libcurl with TLS verified. The store remembers, per mailbox, its
 * UIDVALIDITY and the last UID filed; a fetch asks only for later UIDs, and
 * a changed UIDVALIDITY (the server renumbered the mailbox) reads it again
 * from the start, the store's own deduplication keeping each notice once.
 * Each message is filed, then the mailbox's position moves past it: a fetch
 * cut off anywhere resumes where it stopped and never leaves half a case. */
#include "db.h"
#include "buf.h"
#include "dynlib.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct imap_url {
	char scheme[8], user[256], host[256], mailbox[256];  /* user, mailbox: decoded */
	char user_enc[768], mailbox_enc[768];                 /* as a URL carries them */
	int port;
	char key[1100];   /* scheme://user@host:port/mailbox: the state's key */
	char base[1100];  /* scheme://host:port/, with the user when netrc gives the password */
} imap_url;

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* %XX decoded; 0 when the result does not fit or an escape is broken. */
static int url_decode(const char *s, size_t n, char *out, size_t size)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return 0;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return 0;
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (k + 1 >= size || c == '\0')
			return 0;
		out[k++] = c;
	}
	out[k] = '\0';
	return 1;
}

/* Every byte but the unreserved ones as %XX (RFC 3986). */
static void url_encode(const char *s, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (; *s && k + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c)) {
			out[k++] = (char)c;
		} else {
			out[k++] = '%';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		}
	}
	out[k] = '\0';
}

/* imaps://USER@HOST[:PORT]/MAILBOX (USER may be an e-mail address, written
 * as is or with %40). A password in the URL is refused: it would sit in the
 * shell's history and in `ps`. */
static poa_status parse_url(const char *url, int netrc, imap_url *u, poa_error *err)
{
	memset(u, 0, sizeof *u);
	const char *p = strstr(url, "://");
	if (!p || (strncmp(url, "imaps", 5) != 0 && strncmp(url, "imap", 4) != 0) || p - url > 5)
		return poa_error_set(err, POA_ERR_USAGE, "%s: give the mailbox as imaps://USER@HOST[:PORT]/MAILBOX", url);
	snprintf(u->scheme, sizeof u->scheme, "%.*s", (int)(p - url), url);
	p += 3;
	const char *slash = strchr(p, '/'), *at = NULL;
	for (const char *q = p; slash && q < slash; q++)
		if (*q == '@')
			at = q;
	if (!at || !slash)
		return poa_error_set(err, POA_ERR_USAGE, "%s: name the user: imaps://USER@HOST/MAILBOX", url);
	if (memchr(p, ':', (size_t)(at - p)))
		return poa_error_set(err, POA_ERR_USAGE,
				     "the mailbox URL holds a password: never put it there (it is not repeated here); "
				     "set POA_IMAP_PASSWORD or use a netrc file");
	const char *host = at + 1, *colon = memchr(host, ':', (size_t)(slash - host));
	snprintf(u->host, sizeof u->host, "%.*s", (int)((colon ? colon : slash) - host), host);
	u->port = colon ? atoi(colon + 1) : strcmp(u->scheme, "imaps") == 0 ? 993 : 143;
	const char *box = *(slash + 1) ? slash + 1 : "INBOX";
	if (!url_decode(p, (size_t)(at - p), u->user, sizeof u->user) ||
	    !url_decode(box, strlen(box), u->mailbox, sizeof u->mailbox) || !*u->user)
		return poa_error_set(err, POA_ERR_USAGE, "%s: the user or mailbox name is not valid", url);
	if (!*u->host || strpbrk(u->host, " /?#") || u->port <= 0 || u->port > 65535)
		return poa_error_set(err, POA_ERR_USAGE, "%s: the host or port is not valid", url);
	url_encode(u->user, u->user_enc, sizeof u->user_enc);
	url_encode(u->mailbox, u->mailbox_enc, sizeof u->mailbox_enc);
	/* libcurl reads a netrc password only when the user comes in the URL. */
	if (netrc)
		snprintf(u->base, sizeof u->base, "%s://%s@%s:%d/", u->scheme, u->user_enc, u->host, u->port);
	else
		snprintf(u->base, sizeof u->base, "%s://%s:%d/", u->scheme, u->host, u->port);
	snprintf(u->key, sizeof u->key, "%s://%s@%s:%d/%s", u->scheme, u->user, u->host, u->port, u->mailbox);
	return POA_OK;
}

poa_status poa_fetch_check_url(const char *url, poa_error *err)
{
	imap_url u;
	return parse_url(url, 0, &u, err);
}

/* ---- libcurl, loaded when a fetch needs it ---------------------------------------
 *
 * libcurl brings some thirty libraries (TLS, HTTP/2, SSH, LDAP, Kerberos...);
 * linking it would make every poa command, `poa read` first, pay for loading
 * them at start. Only fetch uses it, so fetch opens it. */

typedef struct curl_api {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
} curl_api;

static curl_api curl_loaded;
static const poa_dynlib_sym curl_syms[] = {
	POA_DYNLIB_SYM(curl_api, global_init, "curl_global_init"),
	POA_DYNLIB_SYM(curl_api, easy_init, "curl_easy_init"),
	POA_DYNLIB_SYM(curl_api, easy_setopt, "curl_easy_setopt"),
	POA_DYNLIB_SYM(curl_api, easy_perform, "curl_easy_perform"),
	POA_DYNLIB_SYM(curl_api, easy_cleanup, "curl_easy_cleanup"),
	POA_DYNLIB_SYM(curl_api, easy_strerror, "curl_easy_strerror"),
	{NULL, 0},
};
static poa_dynlib curl_lib = POA_DYNLIB("libcurl.so.4", "libcurl4", curl_syms, &curl_loaded);

static poa_status load_curl(curl_api *c, poa_error *err)
{
	poa_status st = poa_dynlib_load(&curl_lib, POA_ERR_NETWORK, err);
	if (!st)
		*c = curl_loaded;
	return st;
}

/* ---- one IMAP request, with retries ------------------------------------------- */

typedef struct session {
	curl_api api;
	CURL *curl;
	const poa_fetch_options *opt;
	const imap_url *u;
	poa_buf body;
} session;

static size_t collect(char *data, size_t size, size_t n, void *ctx)
{
	poa_buf *b = ctx;
	poa_buf_add(b, data, size * n);
	return b->oom ? 0 : size * n;
}

static int transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_WEIRD_SERVER_REPLY:
		return 1;
	default:
		return 0;
	}
}

static poa_status curl_fail(const session *s, CURLcode rc, poa_error *err)
{
	const char *where = s->u->key;
	switch (rc) {
	case CURLE_LOGIN_DENIED:
		return poa_error_set(err, POA_ERR_AUTH,
				     "%s: the server refused the login; check the user name and the password "
				     "(POA_IMAP_PASSWORD or the netrc file)",
				     where);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		return poa_error_set(err, POA_ERR_TLS,
				     "%s: the server's certificate is not trusted (%s); if it comes from your own "
				     "certificate authority, give it with --cacert FILE",
				     where, s->api.easy_strerror(rc));
	case CURLE_USE_SSL_FAILED:
		return poa_error_set(err, POA_ERR_TLS, "%s: the server does not offer TLS; poa reads mail only over TLS",
				     where);
	case CURLE_QUOTE_ERROR:
	case CURLE_REMOTE_FILE_NOT_FOUND:
		return poa_error_set(err, POA_ERR_NOT_FOUND, "%s: the server has no such mailbox (or refused the command)",
				     where);
	default:
		return poa_error_set(err, POA_ERR_NETWORK, "%s: %s; nothing was lost: run poa fetch again later", where,
				     s->api.easy_strerror(rc));
	}
}

/* GETs url (with an IMAP command in place of FETCH when command is not
 * NULL) into s->body. */
static poa_status request(session *s, const char *url, const char *command, poa_error *err)
{
	long delay = s->opt->retry_delay_ms;
	for (int attempt = 0;; attempt++) {
		poa_buf_free(&s->body);
		poa_buf_init(&s->body);
		s->api.easy_setopt(s->curl, CURLOPT_URL, url);
		s->api.easy_setopt(s->curl, CURLOPT_CUSTOMREQUEST, command);
		CURLcode rc = s->api.easy_perform(s->curl);
		if (rc == CURLE_OK && s->body.oom)
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		if (rc == CURLE_OK)
			return POA_OK;
		if (!transient(rc) || attempt >= s->opt->retries)
			return curl_fail(s, rc, err);
		struct timespec ts = {delay / 1000, (delay % 1000) * 1000000L};
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		delay *= 2;
	}
}

static poa_status open_session(session *s, const poa_fetch_options *opt, const imap_url *u, poa_error *err)
{
	memset(s, 0, sizeof *s);
	s->opt = opt;
	s->u = u;
	poa_buf_init(&s->body);
	poa_status st = load_curl(&s->api, err);
	if (st)
		return st;
	if (s->api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(s->curl = s->api.easy_init()))
		return poa_error_set(err, POA_ERR_NOMEM, "cannot start the network library");
	CURL *c = s->curl;
	if (opt->password) {
		s->api.easy_setopt(c, CURLOPT_USERNAME, u->user);
		s->api.easy_setopt(c, CURLOPT_PASSWORD, opt->password);
	} else {
		/* The user is in the URL (parse_url): with CURLOPT_USERNAME set,
		 * libcurl would not look the password up in the netrc file. */
		s->api.easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_REQUIRED);
	}
	if (opt->netrc_file)
		s->api.easy_setopt(c, CURLOPT_NETRC_FILE, opt->netrc_file);
	if (opt->cacert)
		s->api.easy_setopt(c, CURLOPT_CAINFO, opt->cacert);
	/* imap:// must still be encrypted: STARTTLS or nothing. */
	s->api.easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	s->api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	/* A server that stops answering mid-fetch is a failure, not a hang. */
	s->api.easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	s->api.easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 30L);
	s->api.easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	s->api.easy_setopt(c, CURLOPT_WRITEDATA, &s->body);
	s->api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	return POA_OK;
}

static void close_session(session *s)
{
	if (s->curl)
		s->api.easy_cleanup(s->curl);
	/* libcurl stays loaded: its TLS library may still hold thread-exit
	 * handlers, and the process ends soon after a fetch anyway. */
	poa_buf_free(&s->body);
}

/* ---- the mailbox's state ---------------------------------------------------------- */

static poa_status state_get(poa_db *db, const char *key, long long *validity, long long *last, poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db, "SELECT uidvalidity, last_uid FROM fetch_state WHERE mailbox = ?", &st, err);
	if (s)
		return s;
	db_bind_text(st, 1, key);
	*validity = *last = 0;
	sql_rc rc = sql_step(st);
	if (rc == SQL_ROW) {
		*validity = sql_column_int64(st, 0);
		*last = sql_column_int64(st, 1);
	}
	sql_finalize(st);
	return rc == SQL_ROW || rc == SQL_DONE ? POA_OK : db_fail(db, rc, "reading the fetch state", err);
}

static poa_status state_set(poa_db *db, const char *key, long long validity, long long last, time_t now,
			    poa_error *err)
{
	sql_stmt *st;
	poa_status s = db_prepare(db,
				  "INSERT INTO fetch_state (mailbox, uidvalidity, last_uid, updated) VALUES (?, ?, ?, ?)"
				  " ON CONFLICT (mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
				  " last_uid = excluded.last_uid, updated = excluded.updated",
				  &st, err);
	if (s)
		return s;
	char at[32];
	db_time(now, at);
	db_bind_text(st, 1, key);
	sql_bind_int64(st, 2, validity);
	sql_bind_int64(st, 3, last);
	db_bind_text(st, 4, at);
	return step_done(db, st, "saving the fetch state", err);
}

/* ---- the fetch -------------------------------------------------------------------- */

static long long number_after(const char *text, const char *word)
{
	const char *p = text ? strstr(text, word) : NULL;
	return p ? strtoll(p + strlen(word), NULL, 10) : -1;
}

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* The UIDs of "* SEARCH 4 7 9" lines, at least from, ascending. */
static poa_status parse_search(const char *text, long long from, long long **uids, size_t *n, poa_error *err)
{
	*uids = NULL;
	*n = 0;
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		if (strncmp(line, "* SEARCH", 8) == 0)
			for (const char *p = line + 8; p < (end ? end : line + strlen(line));) {
				char *stop;
				long long v = strtoll(p, &stop, 10);
				if (stop == p)
					break;
				p = stop;
				if (v < from)
					continue;
				long long *grown = realloc(*uids, (*n + 1) * sizeof *grown);
				if (!grown)
					return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
				*uids = grown;
				(*uids)[(*n)++] = v;
			}
		line = end ? end + 1 : NULL;
	}
	if (*n)
		qsort(*uids, *n, sizeof **uids, by_value);
	return POA_OK;
}

/* "UID SEARCH UID from:*" (and SINCE 1-Jan-2026 when asked). */
static void search_command(const poa_fetch_options *opt, long long from, char *out, size_t size)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int n = snprintf(out, size, "UID SEARCH UID %lld:*", from);
	int y, m, d;
	if (opt->since && sscanf(opt->since, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
		snprintf(out + n, size - (size_t)n, " SINCE %d-%s-%d", d, months[m - 1], y);
}

static poa_status fetch_uids(poa_db *db, const poa_kb *kb, session *s, const long long *uids, size_t n,
			     long long validity, poa_fetch_result *res, poa_import_summary *sum, poa_error *err)
{
	poa_status st = POA_OK;
	for (size_t i = 0; !st && i < n; i++) {
		char url[2048], name[2048];
		snprintf(url, sizeof url, "%s%s/;UID=%lld", s->u->base, s->u->mailbox_enc, uids[i]);
		snprintf(name, sizeof name, "%s;UID=%lld", s->u->key, uids[i]);
		st = request(s, url, NULL, err);
		if (!st)
			st = mail_take_data(db, kb, name, s->body.data ? s->body.data : "", s->body.len, &s->opt->import, sum,
					    err);
		if (!st)
			st = state_set(db, s->u->key, validity, uids[i], s->opt->import.now, err);
		if (!st)
			res->last_uid = uids[i];
	}
	return st;
}

poa_status poa_db_fetch(poa_db *db, const poa_kb *kb, const poa_fetch_options *opt, poa_import_summary *sum,
			poa_fetch_result *res, poa_error *err)
{
	memset(res, 0, sizeof *res);
	imap_url u;
	poa_status st = parse_url(opt->url, opt->password == NULL, &u, err);
	if (st)
		return st;
	snprintf(res->mailbox, sizeof res->mailbox, "%s", u.key);
	session s;
	long long old_validity = 0, last = 0, *uids = NULL;
	size_t n = 0;
	if (!(st = open_session(&s, opt, &u, err)))
		st = state_get(db, u.key, &old_validity, &last, err);
	char command[600];
	/* The mailbox as an IMAP quoted string. */
	char quoted[520];
	size_t q = 0;
	for (const char *c = u.mailbox; *c && q + 3 < sizeof quoted; c++) {
		if (*c == '"' || *c == '\\')
			quoted[q++] = '\\';
		quoted[q++] = *c;
	}
	quoted[q] = '\0';
	snprintf(command, sizeof command, "STATUS \"%s\" (UIDVALIDITY UIDNEXT)", quoted);
	if (!st)
		st = request(&s, u.base, command, err);
	long long validity = st ? -1 : number_after(s.body.data, "UIDVALIDITY ");
	if (!st && validity < 0)
		st = poa_error_set(err, POA_ERR_NETWORK, "%s: the server did not give the mailbox's UIDVALIDITY", u.key);
	if (!st) {
		res->uidvalidity = validity;
		res->rescanned = old_validity && old_validity != validity;
		long long from = old_validity == validity ? last + 1 : 1;
		res->last_uid = from - 1;
		char url[2048];
		snprintf(url, sizeof url, "%s%s", u.base, u.mailbox_enc);
		search_command(opt, from, command, sizeof command);
		st = request(&s, url, command, err);
		if (!st)
			st = parse_search(s.body.data, from, &uids, &n, err);
	}
	/* A renumbered mailbox with nothing in it still moves to the new
	 * numbering. */
	if (!st && !n && (res->rescanned || !old_validity))
		st = state_set(db, u.key, validity, res->last_uid, opt->import.now, err);
	if (!st)
		st = fetch_uids(db, kb, &s, uids, n, validity, res, sum, err);
	free(uids);
	close_session(&s);
	return st;
}

char *poa_fetch_summary_json(const poa_import_summary *sum, const poa_fetch_result *res)
{
	char *text = poa_import_summary_json(sum);
	json_t *o = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	if (!o)
		return NULL;
	json_object_set_new(o, "mailbox", json_string(res->mailbox));
	json_object_set_new(o, "uidvalidity", json_integer(res->uidvalidity));
	json_object_set_new(o, "last_uid", json_integer(res->last_uid));
	json_object_set_new(o, "rescanned", json_boolean(res->rescanned));
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}
