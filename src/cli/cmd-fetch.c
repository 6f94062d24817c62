/* cmd-fetch.c — `poa fetch imaps://USER@HOST/MAILBOX`: new mail over IMAP
 * into the case store; --watch keeps polling. The password comes from the
 * environment, a netrc file or a prompt, never from the command line. */
#include "cli.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void fetch_usage(FILE *out)
{
	fprintf(out, _("usage: poa fetch [--since DATE] [--cacert FILE] [--netrc-file FILE] [--store NAME]\n"
		       "                 [--json] [--watch SECONDS] imaps://USER@HOST[:PORT]/MAILBOX\n\n"
		       "Reads the mailbox's new messages over IMAP (TLS, certificate verified) into the\n"
		       "case store, as poa import does: every marketplace notice files or joins a case.\n"
		       "The store remembers how far each mailbox was read; a mailbox the server\n"
		       "renumbered (new UIDVALIDITY) is read again without duplicating a case.\n\n"
		       "The password: $POA_IMAP_PASSWORD, else the netrc file, else a prompt on the\n"
		       "terminal. It is never taken from the command line.\n\n"
		       "  --since DATE        only mail received since DATE (YYYY-MM-DD)\n"
		       "  --cacert FILE       trust this certificate authority (a private server)\n"
		       "  --netrc-file FILE   read the password from FILE instead of ~/.netrc\n"
		       "  --store NAME        file the notices under this seller account\n"
		       "  --json              print the summary as JSON\n"
		       "  --watch SECONDS     keep fetching every SECONDS; print new notices and\n"
		       "                      deadlines within 7 days; stop with Ctrl-C\n\n"
		       "Network errors are retried ($POA_FETCH_RETRIES times, default 3, waiting\n"
		       "$POA_FETCH_RETRY_DELAY_MS, default 1000, doubling).\n"
		       "Exit status: 0 done; 9 no such mailbox or store; 10 network or server error;\n"
		       "11 login refused; 12 certificate not trusted; 8 store error; 64 usage.\n"));
}

static volatile sig_atomic_t stop_watching;

static void on_signal(int sig)
{
	(void)sig;
	stop_watching = 1;
}

/* Reads a password from the terminal without echo; NULL when there is none. */
static char *prompt_password(const char *url)
{
	if (!isatty(STDIN_FILENO))
		return NULL;
	fprintf(stderr, _("Password for %s: "), url);
	struct termios old, quiet;
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= (tcflag_t)~ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	char buf[512];
	char *got = fgets(buf, sizeof buf, stdin);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	if (!got)
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return strdup(buf);
}

/* The password in order: environment, netrc (curl reads it), prompt. */
static int choose_password(poa_fetch_options *o, char **owned)
{
	const char *env = getenv("POA_IMAP_PASSWORD");
	*owned = NULL;
	if (env && *env) {
		o->password = env;
		return 1;
	}
	char netrc[4096];
	const char *home = getenv("HOME");
	snprintf(netrc, sizeof netrc, "%s/.netrc", home ? home : "");
	if (o->netrc_file || (home && access(netrc, R_OK) == 0))
		return 1;
	if ((*owned = prompt_password(o->url)) != NULL) {
		o->password = *owned;
		return 1;
	}
	fprintf(stderr, _("poa fetch: no password: set POA_IMAP_PASSWORD, use a netrc file (--netrc-file), "
			  "or run poa fetch on a terminal\n"));
	return 0;
}

static long env_number(const char *name, long dflt)
{
	const char *v = getenv(name);
	char *end;
	long n = v ? strtol(v, &end, 10) : dflt;
	return v && (*v == '\0' || *end != '\0' || n < 0) ? dflt : n;
}

static int print_summary(const poa_import_summary *sum, const poa_fetch_result *res, int json)
{
	if (!json) {
		printf(_("%s (UIDVALIDITY %lld, read to UID %lld%s)\n"), res->mailbox, res->uidvalidity, res->last_uid,
		       res->rescanned ? _("; renumbered by the server, read again") : "");
		poa_import_summary_write_text(stdout, sum);
		return 0;
	}
	char *text = poa_fetch_summary_json(sum, res);
	if (!text)
		return POA_ERR_NOMEM;
	printf("%s\n", text);
	free(text);
	return 0;
}

/* One fetch; in watch mode only news is printed. */
static int fetch_once(poa_db *db, const poa_kb *kb, const poa_fetch_options *o, int json, int watching,
		      const cli_common *common)
{
	poa_import_summary *sum = poa_import_summary_new();
	poa_fetch_result res;
	poa_error err = {0};
	poa_status st = sum ? poa_db_fetch(db, kb, o, sum, &res, &err) : poa_error_set(&err, POA_ERR_NOMEM, "out of memory");
	int rc = st ? cli_fail(&err) : 0;
	char *text = !st && watching ? poa_import_summary_json(sum) : NULL;
	int news = text && !strstr(text, "\"messages\": 0,");
	if (!st && (!watching || news))
		rc = print_summary(sum, &res, json);
	if (!st && watching && news) {
		poa_db_query q = {.open_only = 1, .today = common->today, .lang = common->lang, .color = common->color};
		int due = 0;
		poa_db_write_due(db, stdout, &q, 7, 0, &due, &err);
	}
	fflush(stdout);
	free(text);
	poa_import_summary_free(sum);
	return rc;
}

static int cmd_fetch_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"since", required_argument, NULL, 'S'},      {"cacert", required_argument, NULL, 'c'},
		{"netrc-file", required_argument, NULL, 'n'}, {"store", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},             {"watch", required_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},             CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	poa_fetch_options o = {.retries = (int)env_number("POA_FETCH_RETRIES", 3),
			       .retry_delay_ms = env_number("POA_FETCH_RETRY_DELAY_MS", 1000)};
	int opt, json = 0;
	long watch = 0;
	char *end;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'S': o.since = optarg; break;
		case 'c': o.cacert = optarg; break;
		case 'n': o.netrc_file = optarg; break;
		case 's': o.import.store = optarg; break;
		case 'j': json = 1; break;
		case 'w':
			watch = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || watch <= 0) {
				fprintf(stderr, _("poa: --watch takes a number of seconds, not '%s'\n"), optarg);
				return POA_ERR_USAGE;
			}
			break;
		case 'h': fetch_usage(stdout); return 0;
		default: fetch_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fetch_usage(stderr);
		return POA_ERR_USAGE;
	}
	o.url = argv[optind];
	if (o.since && (strlen(o.since) != 10 || o.since[4] != '-' || o.since[7] != '-')) {
		fprintf(stderr, _("poa: --since takes a date as YYYY-MM-DD, not '%s'\n"), o.since);
		return POA_ERR_USAGE;
	}
	poa_error err = {0};
	if (poa_fetch_check_url(o.url, &err))
		return cli_fail(&err);
	char *password = NULL;
	if (!choose_password(&o, &password))
		return POA_ERR_USAGE;
	poa_db *db = NULL;
	poa_kb *kb = NULL;
	poa_status st = cli_open_db(common, &db, &err);
	if (!st && o.import.store)
		st = poa_db_store_check(db, o.import.store, &err);
	if (!st)
		st = poa_kb_load(common->kb_dir, &kb, &err);
	if (!st)
		poa_kb_optimize(kb);
	int rc = st ? cli_fail(&err) : 0;
	if (!st && !watch) {
		o.import.now = common->today;
		rc = fetch_once(db, kb, &o, json, 0, common);
	}
	if (!st && watch) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		while (!stop_watching) {
			o.import.now = time(NULL);
			fetch_once(db, kb, &o, json, 1, common);
			for (long i = 0; i < watch * 10 && !stop_watching; i++)
				usleep(100000);
		}
	}
	if (password) {
		memset(password, 0, strlen(password));
		free(password);
	}
	poa_kb_free(kb);
	poa_db_close(db);
	return rc;
}

const struct cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.usage = "imaps://USER@HOST/MAILBOX",
	.summary = N_("read new mail over IMAP into the case store"),
	.exec = cmd_fetch_exec,
};
