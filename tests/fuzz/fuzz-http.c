/* Fuzz target: HTTP request handling of `poa serve`. The input is the bytes
 * a client sends on one connection (one request, or several pipelined),
 * handed to the real server: the daemon web_serve runs (libmicrohttpd, the
 * same options and callbacks), started without a listen socket or a thread
 * (web_config.no_listen), over a throwaway store in a temporary folder. Each
 * input goes over a socketpair added with MHD_add_connection; MHD_run is
 * called until the server has answered and closed the connection. So the
 * fuzzer drives MHD's request parser, the Host, token, session, route,
 * size and CSRF checks of server.c, the body parsers of request.c (forms,
 * multipart, JSON) and every page and API handler.
 *
 * Authentication. The access token, the session cookie and its CSRF token
 * are random (256 bits each): no mutation finds them. The harness logs in
 * once, as a browser does (GET /?token=..., then reads the CSRF token from a
 * page), and replaces in each input the placeholders "@SID@@@...", "@CSRF@@@..."
 * and "@TOKEN@@@..." (each padded with '@' to 64 bytes, the length of the
 * secret it stands for, so that a Content-Length stays right) by the session
 * id, its CSRF token and the access token. Inputs with the placeholders
 * reach the handlers behind the checks; inputs without them, or with them
 * cut or misplaced, test the refusals. The seeds (make-seeds.py) and the
 * dictionary (http.dict) carry the placeholders in their headers and
 * fields. A trade of @TOKEN@ makes a new session and may push ours out of
 * the table (32 sessions): after such an input the harness logs in again.
 *
 * Determinism. The setup files one case (the notice of tests/web/), answers
 * its questions and drafts its letters through the API, then copies the
 * store into memory. After an input that changed the store (a POST that
 * filed a case, saved a letter...) the copy is written back (SQLite's backup
 * API, through a connection of the harness's own), so every input meets the
 * same store. (The page cache may answer a GET with a page an earlier input
 * made: a page of that same store, as the server would serve it again; a
 * restore changes the store's generation, which voids them.) "Today" is
 * fixed (--today). An input whose every request
 * was refused (4xx) must leave the store as it was; no request may get a
 * 500 (an error of the server's own).
 *
 * With FUZZ_HTTP_TRACE set in the environment, the status line of every
 * response goes to stderr: to see what a seed reaches; with
 * FUZZ_HTTP_TRACE=all, the whole responses. */
#include "fuzz.h"

#include "buf.h"
#include "kb_load.h"
#include "web.h"

#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#define HOST "127.0.0.1:8080"

typedef struct harness {
	web_server *srv;
	struct MHD_Daemon *d;
	char dir[64];         /* the throwaway store's folder */
	char token[65], sid[65], csrf[65];
	sqlite3 *db;          /* the harness's own connection to the store */
	sqlite3 *snap;        /* in memory: the store after the setup */
	long long version;    /* the store's data_version when db last saw it restored */
} harness;

static harness H;

static void remove_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", H.dir);
	if (H.dir[0] && system(cmd) != 0)
		fprintf(stderr, "fuzz-http: could not remove %s\n", H.dir);
}

/* A finding, or a setup that cannot go on: the store's folder goes, the
 * process aborts (libFuzzer keeps the input). */
static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz-http: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	remove_dir();
	abort();
}

static void on_ready(const char *url, void *ctx)
{
	(void)ctx;
	const char *t = strstr(url, "token=");
	if (!t || strlen(t + 6) != 64)
		die("no access token in the URL", url);
	memcpy(H.token, t + 6, 65);
}

static unsigned connections(void)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(H.d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return i ? i->num_connections : 0;
}

/* Sends req on a new connection, half-closes it (the client has nothing
 * more to say) and runs the daemon until it closes the connection; the
 * response bytes go to out when not NULL. The socketpair stands in for
 * TCP: MHD reads and writes it as it would a client's socket. */
static void exchange(const char *req, size_t len, poa_buf *out)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) != 0)
		die("socketpair", strerror(errno));
	struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(50000)};
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (MHD_add_connection(H.d, sv[1], (struct sockaddr *)&peer, sizeof peer) != MHD_YES)
		die("MHD_add_connection refused the connection", NULL);
	size_t sent = 0;
	int shut = 0;
	unsigned idle = 0;
	char buf[65536];
	for (;;) {
		int moved = 0;
		if (sent < len) {
			ssize_t n = send(sv[0], req + sent, len - sent, MSG_NOSIGNAL);
			if (n > 0) {
				sent += (size_t)n;
				moved = 1;
			} else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
				sent = len;   /* the server closed its end: the rest is not read */
			}
		}
		if (sent == len && !shut) {
			shutdown(sv[0], SHUT_WR);
			shut = 1;
		}
		MHD_run(H.d);
		ssize_t n;
		while ((n = recv(sv[0], buf, sizeof buf, 0)) > 0) {
			if (out)
				poa_buf_add(out, buf, (size_t)n);
			moved = 1;
		}
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			break;   /* closed (or reset) by the server */
		idle = moved ? 0 : idle + 1;
		if (idle > 100000)
			die("the server neither answers nor closes the connection", NULL);
	}
	close(sv[0]);
	/* MHD frees a closed connection (and calls on_completed) in a later run. */
	for (int i = 0; connections() && i < 1000; i++)
		MHD_run(H.d);
	if (connections())
		die("a closed connection is still open in the server", NULL);
}

/* One request of the setup (a JSON body when body is not NULL), whose
 * status must be 2xx or 3xx; the response, NUL-terminated, in out. */
static void setup_request(const char *method, const char *path, const char *body, poa_buf *out)
{
	poa_buf req;
	poa_buf_init(&req);
	poa_buf_printf(&req, "%s %s HTTP/1.1\r\nHost: " HOST "\r\n", method, path);
	if (H.sid[0])
		poa_buf_printf(&req, "Cookie: poa_session=%s\r\n", H.sid);
	if (body)
		poa_buf_printf(&req, "Content-Type: application/json\r\nX-CSRF-Token: %s\r\nContent-Length: %zu\r\n",
			       H.csrf, strlen(body));
	poa_buf_printf(&req, "Connection: close\r\n\r\n%s", body ? body : "");
	exchange(req.data, req.len, out);
	poa_buf_addc(out, '\0');
	poa_buf_free(&req);
	if (out->oom || out->len < 13 || strncmp(out->data, "HTTP/1.1 ", 9) != 0 || out->data[9] < '2' ||
	    out->data[9] > '3')
		die("the setup's request failed", out->data ? out->data : path);
}

static void copy_after(char *dst, const char *text, const char *label)
{
	const char *p = strstr(text, label);
	if (!p || strspn(p + strlen(label), "0123456789abcdef") != 64)
		die("no secret in the response", label);
	memcpy(dst, p + strlen(label), 64);
	dst[64] = '\0';
}

/* Trades the access token for a session cookie and reads its CSRF token
 * from a page, as a browser does. */
static void login(void)
{
	poa_buf r;
	poa_buf_init(&r);
	char path[128];
	snprintf(path, sizeof path, "/?token=%s", H.token);
	H.sid[0] = '\0';
	setup_request("GET", path, NULL, &r);
	copy_after(H.sid, r.data, "poa_session=");
	r.len = 0;
	setup_request("GET", "/cases/new", NULL, &r);
	copy_after(H.csrf, r.data, "name=\"csrf-token\" content=\"");
	poa_buf_free(&r);
}

/* A file of the source tree, NUL-terminated. */
static char *slurp(const char *rel)
{
	char label[4096], *data = NULL;
	size_t len;
	poa_error err = {0};
	if (kbl_read_file(POA_SOURCE_ROOT, rel, &data, &len, label, sizeof label, &err) != POA_OK)
		die("cannot read a file of the setup", err.message);
	return data;
}

static void api_post(const char *path, json_t *o)
{
	char *body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!body)
		die("out of memory", NULL);
	poa_buf r;
	poa_buf_init(&r);
	setup_request("POST", path, body, &r);
	poa_buf_free(&r);
	free(body);
}

/* Case 1: the notice of tests/web/, its answers, its letters drafted. */
static void file_case(void)
{
	char *notice = slurp("tests/web/trademark-notice.txt"), *answers = slurp("tests/web/answers-trademark.json");
	json_t *a = json_loads(answers, 0, NULL);
	if (!a)
		die("tests/web/answers-trademark.json is not JSON", NULL);
	api_post("/api/cases", json_pack("{s:s}", "text", notice));
	api_post("/api/cases/1/answers", json_pack("{s:o}", "answers", a));
	api_post("/api/cases/1/draft", json_object());
	free(notice);
	free(answers);
}

static long long data_version(void)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	if (sqlite3_prepare_v2(H.db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (v < 0)
		die("cannot read the store's data_version", sqlite3_errmsg(H.db));
	return v;
}

static void copy_store(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	/* BUSY or LOCKED here: the server left a statement or a transaction
	 * open after answering, which would block every other poa. */
	int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(to);
	if (b)
		sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		die("cannot copy the store", sqlite3_errstr(rc));
}

static void cleanup(void)
{
	web_server_stop(H.srv);
	sqlite3_close(H.db);
	sqlite3_close(H.snap);
	remove_dir();
}

static void setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	snprintf(H.dir, sizeof H.dir, "/tmp/poa-fuzz-http-XXXXXX");
	if (!mkdtemp(H.dir))
		die("mkdtemp", strerror(errno));
	char db_path[128];
	snprintf(db_path, sizeof db_path, "%s/poa.db", H.dir);
	web_config cfg = {.listen = HOST, .db_path = db_path, .lang = POA_LANG_EN, .today = FUZZ_TODAY,
			  .max_body = WEB_MAX_BODY_DEFAULT, .max_upload = WEB_MAX_UPLOAD_DEFAULT, .ready = on_ready,
			  .no_listen = 1};
	poa_error err = {0};
	if (web_server_start(&cfg, &H.srv, &err) != POA_OK)
		die("cannot start the server", err.message);
	H.d = web_server_daemon(H.srv);
	login();
	file_case();
	if (sqlite3_open(db_path, &H.db) != SQLITE_OK || sqlite3_open(":memory:", &H.snap) != SQLITE_OK)
		die("cannot open the store", NULL);
	copy_store(H.snap, H.db);
	H.version = data_version();
	atexit(cleanup);
}

/* The placeholder of a secret: its name padded with '@' to 64 bytes. */
static void placeholder(char out[65], const char *name)
{
	memset(out, '@', 64);
	memcpy(out, name, strlen(name));
	out[64] = '\0';
}

/* A copy of the input with the placeholders replaced (the same length);
 * *traded when it holds the access token's. */
static char *expand(const uint8_t *data, size_t size, int *traded)
{
	static char marks[3][65];
	if (!marks[0][0]) {
		placeholder(marks[0], "@SID@");
		placeholder(marks[1], "@CSRF@");
		placeholder(marks[2], "@TOKEN@");
	}
	const char *values[] = {H.sid, H.csrf, H.token};
	char *s = fuzz_strndup(data, size);
	*traded = 0;
	for (size_t i = 0; i + 64 <= size; i++) {
		if (s[i] != '@')
			continue;
		for (int k = 0; k < 3; k++)
			if (memcmp(s + i, marks[k], 64) == 0) {
				memcpy(s + i, values[k], 64);
				*traded |= k == 2;
				i += 63;
				break;
			}
	}
	return s;
}

/* Whether every response of the connection refused its request (4xx, or
 * MHD's 505 for an HTTP version it does not speak), or there was none;
 * their status lines go to stderr with trace. A status line inside a body
 * can only make this false, never true: a response that is not refused
 * has its own, earlier. A 500 is a finding: here the store is sound,
 * memory and disk are plenty, and bad input is the client's fault (a 4xx
 * that says what is wrong). */
static int all_refused(const poa_buf *resp, int trace)
{
	int refused = 1;
	for (size_t i = 0; i + 12 < resp->len; i++) {
		const char *l = resp->data + i;
		if ((i && l[-1] != '\n') || memcmp(l, "HTTP/1.", 7) != 0)
			continue;
		if (trace || memcmp(l + 8, " 500", 4) == 0)
			fprintf(stderr, "fuzz-http: %.*s\n", (int)strcspn(l, "\r\n"), l);
		if (memcmp(l + 8, " 500", 4) == 0)
			die("the server answered 500 (an error of its own)", NULL);
		refused &= l[9] == '4' || l[9] == '5';
	}
	return refused;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!H.srv)
		setup();
	static int trace = -1;
	if (trace < 0)
		trace = !getenv("FUZZ_HTTP_TRACE") ? 0 : strcmp(getenv("FUZZ_HTTP_TRACE"), "all") == 0 ? 2 : 1;
	int traded;
	char *req = expand(data, size, &traded);
	poa_buf resp;
	poa_buf_init(&resp);
	exchange(req, size, &resp);
	free(req);
	if (trace == 2)
		fprintf(stderr, "%.*s\n", (int)resp.len, resp.data ? resp.data : "");
	int refused = all_refused(&resp, trace);
	poa_buf_free(&resp);
	if (data_version() != H.version) {
		/* A refused request changes nothing (docs/robustness.md). */
		if (refused)
			die("the store changed, yet every request was refused", NULL);
		copy_store(H.db, H.snap);
		H.version = data_version();
	}
	if (traded)
		login();
	return 0;
}
