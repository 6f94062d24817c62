/* web.h — poa serve: a local web app over libpoa (issue 8), and with
 * --team a server a team signs in to (issue 9).
 *
 * server.c runs libmicrohttpd on a loopback address, one internal polling
 * thread: every request is handled on that thread, one at a time, so the
 * one poa_db and poa_kb need no locks. It checks, in this order, the Host
 * header (DNS-rebinding defence), the access token or session cookie, the
 * route and method, the body size, and for a POST the CSRF token; then a
 * handler of routes.c answers. Handlers only call libpoa and render: pages
 * (page-*.c, HTML without inline script) and the JSON API (api.c).
 *
 * Team mode (--team) has no access token: users sign in (team.c) to a
 * session the store keeps (poa_db_session_*), so that every server of a
 * team shares them. Each route of routes.c says what it needs (web_need);
 * server.c checks it once, after routing and before the body is read: a
 * case route asks poa_db_user_may() about its case, a route of no case
 * compares the user's role. Handlers run with the user as the store's
 * actor, and with the case version the request expects (a form's hidden
 * "version", a JSON "version" or If-Match) set on the store, so that a
 * change made meanwhile by someone else is a 409, never a lost update. */
#ifndef POA_WEB_H
#define POA_WEB_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "poa.h"

typedef struct web_config {
	const char *listen;        /* ADDR:PORT; port 0 picks a free one */
	const char *db_path;       /* NULL: $POA_DB, else the default store */
	const char *kb_dir;        /* NULL: the built-in knowledge base */
	poa_lang lang;             /* pages' language when the browser chose none */
	time_t today;              /* fixed "today" (--today), 0: the clock */
	size_t max_body;           /* forms and JSON */
	size_t max_upload;         /* multipart uploads (notices, evidence, reports) */
	/* Switches libpoa's gettext messages to lang (the front end owns the
	 * process's locale). */
	void (*set_lang)(poa_lang lang);
	/* Called once listening, with the URL to open (token included). */
	void (*ready)(const char *url, void *ctx);
	void *ready_ctx;
	/* No socket and no thread of the server's own: the caller hands it
	 * connections (MHD_add_connection) and runs it (MHD_run). For
	 * tests/fuzz/fuzz-http.c, which feeds requests to the real server
	 * without a network and on its own thread. */
	int no_listen;
	/* --team: users sign in (the store's users and sessions); may listen
	 * on any address, then behind a TLS proxy at public_url. */
	int team;
	const char *public_url;    /* https://HOST[:PORT] users open, or NULL */
	long session_idle;         /* seconds; 0: WEB_SESSION_IDLE_DEFAULT */
	long session_max;          /* seconds; 0: WEB_SESSION_MAX_DEFAULT */
} web_config;

#define WEB_MAX_BODY_DEFAULT ((size_t)1 << 20)
#define WEB_MAX_UPLOAD_DEFAULT ((size_t)25 << 20)
#define WEB_MAX_ANSWERS 128
#define WEB_MAX_STORES 256         /* seller accounts one form gives a user */
#define WEB_SESSION_IDLE_DEFAULT (8L * 3600)
#define WEB_SESSION_MAX_DEFAULT (24L * 3600)

/* Checks an ADDR:PORT for --listen: loopback only (127.0.0.0/8, ::1,
 * localhost) unless team. Fills host (numeric), port, and *loopback. */
poa_status web_parse_listen(const char *listen, int team, char *host, size_t hostsize, unsigned *port, int *v6,
			    int *loopback, poa_error *err);
/* "30m", "8h", "45s", "2d" as seconds, for --session-idle and --session-max. */
poa_status web_parse_duration(const char *option, const char *s, long *seconds, poa_error *err);
/* Serves until SIGINT or SIGTERM. */
poa_status web_serve(const web_config *cfg, poa_error *err);

typedef struct web_server web_server;
struct MHD_Daemon;
/* What web_serve does before and after it waits: opens the kb and the
 * store, draws the access token (passed to cfg->ready in the URL) and
 * starts the daemon; stop ends it and frees all. */
poa_status web_server_start(const web_config *cfg, web_server **out, poa_error *err);
struct MHD_Daemon *web_server_daemon(web_server *s);
void web_server_stop(web_server *s);

/* ---- internal -------------------------------------------------------------- */

typedef struct web_field {
	char *name, *value;        /* value: NUL-terminated copy of len bytes */
	size_t len;
	char *filename;            /* multipart file fields: as the browser sent it */
	char *type;                /* its Content-Type, or NULL */
} web_field;

typedef struct web_session {
	char sid[65], csrf[65];
	time_t used;
} web_session;

typedef struct web_req {
	web_server *srv;
	const struct web_mhd *mhd; /* libmicrohttpd's functions (mhd.h) */
	void *conn;                /* struct MHD_Connection */
	const char *method, *path;
	int post;                  /* a change: POST, PATCH or DELETE (body parsed, CSRF checked) */
	int api;                   /* under /api/: errors as JSON */
	poa_lang lang;
	time_t today;
	web_session *session;
	/* team mode */
	int signed_in;
	poa_user user;             /* who, when signed_in */
	web_session team_session;  /* the store's session, as session points to it */
	int session_sent;          /* a session cookie came, valid or not */
	long long case_id;         /* a case route's case, once checked */
	long retry_after;          /* a 429's Retry-After */
	/* the body */
	poa_buf body;
	size_t limit;
	int too_large;
	size_t dropped;            /* bytes past the limit, read and dropped */
	web_field *fields;
	size_t nfields;
	json_t *json;              /* an API request's JSON body */
	/* the response */
	int status;
	poa_buf out;
	const char *ctype;
	char location[2048];
	char cookie[3][200];       /* session, language, login CSRF */
	const char *allow;         /* for 405 */
	int cacheable;             /* a page that may be served again until the store changes */
	int responded;
	const struct web_route *route;
	char *args[4];
	size_t nargs;
} web_req;

/* The handler of a route; args are the * segments of its pattern. */
typedef void (*web_handler)(web_req *r, char **args);

/* What a route needs in team mode (without --team every route needs the
 * access token's session, and nothing else). */
typedef enum web_need {
	WEB_PUBLIC,   /* nothing: the sign-in pages and the assets */
	WEB_READ,     /* a signed-in user; a case route: poa_db_user_may(read) */
	WEB_WRITE,    /* a user who may change things; a case route: poa_db_user_may(write) */
	WEB_OWNER,    /* an owner */
} web_need;

typedef struct web_route {
	const char *method, *pattern;
	web_handler fn;
	web_need need;
} web_route;

/* routes.c */
extern const web_route web_routes[];
extern const size_t web_nroutes;

/* server.c: what handlers use */
poa_db *web_db(web_req *r);
const poa_kb *web_kb(web_req *r);
const char *web_query(web_req *r, const char *key);     /* a query parameter, or NULL */
const char *web_header(web_req *r, const char *name);
/* An entity tag as If-Match gives it ("tag", W/"tag" or tag), unquoted into
 * buf and returned; "" when it does not fit in size bytes. */
const char *web_etag_value(const char *v, char *buf, size_t size);
const char *web_csrf(web_req *r);
const char *web_field_get(web_req *r, const char *name);  /* a form field, or NULL */
const web_field *web_file(web_req *r, const char *name);  /* a file field (multipart), or NULL */
void web_redirect(web_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error answer: JSON {"error", "status"} under /api/, else a page. */
void web_error(web_req *r, int status, const char *message);
/* An error from libpoa, with the HTTP status its poa_status maps to. */
void web_fail(web_req *r, const poa_error *err);
int web_http_status(poa_status st);
/* A JSON answer; takes the reference to o. */
void web_json(web_req *r, int status, json_t *o);
/* A JSON text libpoa made (freed here); NULL: out of memory. */
void web_json_text(web_req *r, int status, char *text);
/* A case id from a path segment; 0 when it is not one (answered 404). */
long long web_case_id(web_req *r, const char *arg);
poa_report_options web_report_options(web_req *r);
/* Team mode: the signed-in user, else NULL (then everything is allowed). */
const poa_user *web_user(web_req *r);
/* Team mode: may the user read (write 0) or change the case? POA_OK
 * without --team. */
poa_status web_may(web_req *r, long long case_id, int write, poa_error *err);
/* Whether the page should offer the forms that change the case (0 for a
 * viewer): presentation only, the server checks every POST anyway. */
int web_can_write(web_req *r, long long case_id);
/* The current version of the case, or 0. */
long long web_case_version(web_req *r, long long case_id);
/* A JSON object {"version", "case"} of the case as it is now, for a 409. */
json_t *web_conflict_json(web_req *r, long long case_id);
/* Sets a cookie of slot (0 session, 1 language, 2 login CSRF): Path=/,
 * HttpOnly unless slot 1, SameSite=Strict, Secure behind https. max_age
 * < 0: a session cookie; 0: deletes it. */
void web_set_cookie(web_req *r, int slot, const char *name, const char *value, long max_age);
const char *web_cookie(web_req *r, const char *name);
int web_team(web_req *r);
/* The sessions' idle and total limits, in seconds (--session-idle, --session-max). */
void web_session_limits(web_req *r, long *idle, long *max_age);
/* The client's address for counting failed sign-ins: the peer, or the
 * last X-Forwarded-For entry when the peer is a proxy on loopback. */
void web_client(web_req *r, char *out, size_t size);

/* html.c */
void h_esc(poa_buf *b, const char *s);
void h_escn(poa_buf *b, const char *s, size_t n);
void h_url(poa_buf *b, const char *s);     /* percent-encodes a query value */
void page_begin(web_req *r, const char *title);
void page_end(web_req *r);
/* "12 days left", "3 days overdue", "due today", "no deadline". */
void h_days(web_req *r, json_t *days_left);
/* A notice's text with every evidence span marked (classes f-KEY). */
void h_notice(poa_buf *b, const char *text, size_t len, json_t *evidence);
/* The form's hidden CSRF field. */
void h_csrf(web_req *r);
/* The form's hidden case version, as the page shows the case (team
 * mode's conflict check; nothing without --team or for version 0). */
void h_version(web_req *r, long long version);

/* strings.c: the pages' words, each in English and Chinese. */
typedef enum web_str {
	S_APP, S_CASES, S_NEW_CASE, S_SWITCH_LANG, S_LANG_NAME, S_ID, S_TITLE, S_STORE, S_FAMILY, S_DEADLINE,
	S_DAYS, S_STATUS, S_NO_CASES, S_DAYS_LEFT, S_DAY_LEFT, S_DAYS_OVERDUE, S_DAY_OVERDUE, S_DUE_TODAY,
	S_NO_DEADLINE, S_PAGE, S_PREV, S_NEXT, S_OPEN_ONLY, S_ALL_CASES, S_PASTE_NOTICE, S_PASTE_HELP,
	S_UPLOAD_EML, S_UPLOAD_HELP, S_STORE_OPTIONAL, S_FILE_CASE, S_FILED, S_JOINED, S_ALREADY_FILED,
	S_NOT_NOTICE, S_NOTHING_GIVEN, S_RESULT, S_CASE, S_ASINS, S_COMPLAINTS, S_NOTICE, S_FIELDS_FOUND,
	S_QUESTIONS, S_QUESTIONS_HELP, S_NO_QUESTIONS, S_SAVE_ANSWERS, S_YES, S_NO, S_UNANSWERED, S_LIST_HELP,
	S_PLAN, S_BEST_ROUTE, S_NO_ROUTE, S_WHY, S_COSTS, S_RISKS, S_CHECKLIST, S_NEEDS, S_LETTERS,
	S_DRAFT, S_DRAFT_ROUTE, S_MISSING_FACTS, S_NO_LETTERS, S_VERSION, S_LINT, S_CLEAN, S_ADVICE,
	S_WARNINGS, S_BLOCKERS, S_NOT_CHECKED, S_SENT_TO, S_OPEN_EDITOR, S_EVIDENCE, S_NO_EVIDENCE, S_KIND,
	S_DOC_DATE, S_FILE, S_UPLOAD, S_EVIDENCE_ADDED, S_EVIDENCE_DUP, S_EVIDENCE_OLD, S_TIMELINE, S_SET_STATUS,
	S_CHANGE, S_LETTER, S_EDITOR_HELP, S_SAVE_VERSION, S_LIVE_LINT, S_NO_FINDINGS, S_LINE, S_PARTS, S_COPY,
	S_COPIED, S_COPY_ALL, S_MARK_SENT, S_SENT_TO_ADDR, S_SENT_OK, S_SENT_REPEAT, S_SENT_REFUSED,
	S_BACK_TO_CASE, S_FORBIDDEN, S_FORBIDDEN_HELP, S_NOT_FOUND, S_TOO_LARGE, S_TOO_LARGE_HELP,
	S_BAD_REQUEST, S_METHOD, S_ERROR, S_SAVED, S_AUDIT, S_AUDIT_HELP, S_AUDIT_RUN, S_AUDIT_ROWS,
	S_AUDIT_NO_HITS, S_TERM, S_ROW, S_COLUMN, S_MATCH, S_FITS, S_POSSIBLE, S_RULED_OUT, S_JS_LINT,
	S_LEVEL_BLOCK, S_LEVEL_WARN, S_LEVEL_INFO, S_SOURCE, S_ANSWERS_SAVED, S_FIX_BELOW, S_CHOOSE,
	S_SIGN_IN, S_SIGN_IN_HELP, S_USER_NAME, S_PASSWORD, S_SIGN_IN_BUTTON, S_SIGN_OUT, S_SIGNED_IN_AS,
	S_LOGIN_WRONG, S_LOGIN_LIMITED, S_LOGIN_STALE, S_SESSION_ENDED, S_SIGNED_OUT, S_UNAUTHORIZED,
	S_SIGN_IN_FIRST, S_RATE_LIMITED, S_CONFLICT, S_CONFLICT_HELP, S_CONFLICT_KEPT, S_BY, S_READ_ONLY,
	S_DENIED_ROLE, S_OWNER_ONLY, S_CHOOSE_STORE, S_NO_STORES, S_ROLE_VIEWER, S_ROLE_OPERATOR,
	S_ROLE_OWNER, S_USERS, S_USERS_HELP, S_ROLE, S_STORES, S_SESSIONS, S_SESSIONS_OPEN, S_SESSION_OPEN, S_SESSIONS_NONE,
	S_ADDED, S_ALL_STORES, S_NO_STORE_GIVEN, S_STORES_HELP, S_NO_STORES_YET, S_SAVE, S_REMOVE, S_YOU,
	S_ADD_USER, S_USER_NAME_HELP, S_PASSWORD_AGAIN, S_PASSWORD_HELP, S_PASSWORDS_DIFFER, S_USER_ADDED,
	S_USER_CHANGED, S_USER_REMOVED, S_REMOVE_USER, S_REMOVE_HELP, S_REMOVE_SELF, S_CANCEL, S_ACTIONS,
	S_SET_PASSWORD, S_PASSWORD_FOR, S_PASSWORD_FOR_HELP, S_NEW_PASSWORD, S_PASSWORD_SET, S_PASSWORD_SELF,
	S_NO_RULE, S_COUNT
} web_str;
const char *T(const web_req *r, web_str id);
/* html.c: before (markup), the page's word id escaped, then after (markup). */
void h_str(web_req *r, const char *before, web_str id, const char *after);
/* For the checks of the test suite: the string in a language. */
const char *web_string(web_str id, poa_lang lang);

/* page-*.c, actions.c, api.c: the handlers (routes.c lists them) */
void page_list(web_req *r, char **args);
void page_rule(web_req *r, char **args);
void page_new(web_req *r, char **args);
void page_case(web_req *r, char **args);
void page_letter(web_req *r, char **args);
void page_asset(web_req *r, char **args);
void act_new_case(web_req *r, char **args);
void act_answers(web_req *r, char **args);
void act_draft(web_req *r, char **args);
void act_letter_save(web_req *r, char **args);
void act_letter_sent(web_req *r, char **args);
void act_evidence(web_req *r, char **args);
void act_status(web_req *r, char **args);
void act_audit(web_req *r, char **args);
void api_cases(web_req *r, char **args);
void api_case_new(web_req *r, char **args);
void api_case(web_req *r, char **args);
void api_notice(web_req *r, char **args);
void api_plan(web_req *r, char **args);
void api_questions(web_req *r, char **args);
void api_answers(web_req *r, char **args);
void api_draft(web_req *r, char **args);
void api_letter(web_req *r, char **args);
void api_letter_save(web_req *r, char **args);
void api_letter_sent(web_req *r, char **args);
void api_evidence(web_req *r, char **args);
void api_status(web_req *r, char **args);
void api_lint(web_req *r, char **args);
void api_audit(web_req *r, char **args);
/* team.c: signing in and out */
void page_login(web_req *r, char **args);
void act_login(web_req *r, char **args);
void act_logout(web_req *r, char **args);
void api_login(web_req *r, char **args);
void api_logout(web_req *r, char **args);
void api_me(web_req *r, char **args);
void api_users(web_req *r, char **args);
void api_user_set(web_req *r, char **args);
void api_user_remove(web_req *r, char **args);
void api_user_add(web_req *r, char **args);
void api_user_password(web_req *r, char **args);
/* page-users.c: the owner's Users page and its forms */
void page_users(web_req *r, char **args);
void page_user_remove(web_req *r, char **args);
void page_user_password(web_req *r, char **args);
void act_user_add(web_req *r, char **args);
void act_user_set(web_req *r, char **args);
void act_user_remove(web_req *r, char **args);
void act_user_password(web_req *r, char **args);
/* The users as GET /api/users lists them, each with its live sessions by
 * this server's limits: a JSON array the caller frees, or NULL with err. */
json_t *web_users(web_req *r, poa_error *err);
/* The role's name in the page's language. */
const char *web_role_word(web_req *r, poa_role role);
/* 1 on a team server; else 0 with a 404 answered (users and signing in
 * are for poa serve --team). */
int web_team_only(web_req *r);

/* actions.c: the work both the pages and the API do, answered by each in
 * its own form. */
typedef struct filed {
	long long case_id;
	int joined, duplicate, skipped;
	char origin[256];
	char family[64];
} filed;
/* Files the pasted text (NULL: none) and every upload of the field "files"
 * (.eml, mbox, .txt, .html), all or nothing: when one message cannot be
 * read, none is filed. A message that is no notice is no error (skipped).
 * *given: there was something to file. */
poa_status web_file_notices(web_req *r, const char *text, const char *store, filed *out, size_t max, size_t *n,
			    int *given, poa_error *err);
/* Sets each "id=value" of the arrays: per-field errors go to errs (a JSON
 * object id -> message); saved when there are none. *bad: fields refused. */
poa_status web_save_answers(web_req *r, long long id, const char *const *ids, const char *const *values, size_t n,
			    json_t *errs, poa_error *err);
/* Drafts the route (NULL: the best) and stores each letter as its next
 * version with its lint result. letters: [{"letter", "version",
 * "lint_worst"}]; missing: the question ids a POA_ERR_FACTS needs. */
poa_status web_draft(web_req *r, long long id, const char *route, json_t *letters, json_t *missing,
		     poa_error *err);
/* Lints text as a letter of the case (its notice, its letters sent):
 * *l is the result. With save, stores it as the letter's next version. */
poa_status web_lint_letter(web_req *r, long long id, const char *letter, const char *text, const char *kind,
			   int save, int *version, poa_lint **l, poa_error *err);
/* Records the newest version as sent; POA_ERR_FACTS-like refusal when it
 * has blockers: *blocked set, nothing recorded. */
poa_status web_mark_sent(web_req *r, long long id, const char *letter, const char *to, int *blocked, int *repeat,
			 int *version, poa_error *err);
poa_status web_add_evidence(web_req *r, long long id, const web_field *file, const char *kind, const char *date,
			    poa_evidence_added *out, poa_error *err);
/* Adds a user as poa user add does: role is a role's name ("owner",
 * "operator", "viewer"; anything else is refused by the store), stores
 * the seller accounts (only read). */
poa_status web_user_add(web_req *r, const char *name, const char *role, const char *const *stores, size_t n,
			const char *password, poa_error *err);
/* Changes a user as poa user set does: role NULL keeps it; with
 * set_stores the n stores replace the user's (none: every one taken
 * away). A role that is no role's name: POA_ERR_USAGE. expect: the
 * user's "etag" as the form or client saw it (NULL or "": no check;
 * changed since: POA_ERR_CONFLICT). */
poa_status web_user_set(web_req *r, const char *name, const char *expect, const char *role, int set_stores,
			const char *const *stores, size_t n, poa_error *err);
/* A new password for the user, as poa user passwd sets it: every session
 * of theirs ends. A short password: POA_ERR_USAGE; no such user:
 * POA_ERR_NOT_FOUND. */
poa_status web_user_passwd(web_req *r, const char *name, const char *password, poa_error *err);
/* Sweeps an uploaded listings report for the case's notice terms: the
 * JSON {"summary", "hits"}. */
poa_status web_audit(web_req *r, long long id, const web_field *file, json_t **out, poa_error *err);

#endif
