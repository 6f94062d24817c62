/* cmd-serve.c — `poa serve`: the local web app (src/web/). Parses the
 * options, then hands over to web_serve() until Ctrl-C. */
#include "cli.h"
#include "web.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void serve_usage(FILE *out)
{
	fprintf(out, _("usage: poa serve [--listen ADDR:PORT] [--db PATH|URL] [--lang en|zh] [--max-upload MIB]\n"
		       "       poa serve --team [--listen ADDR:PORT] [--public-url URL] [--session-idle DURATION]\n"
		       "                 [--session-max DURATION] [--db PATH|URL]\n\n"
		       "Runs poa as a web app on this computer: the cases, a new case from a pasted\n"
		       "notice or .eml files, the questions, the plan, each letter in an editor that\n"
		       "checks it as you type, evidence, the catalogue audit, the timeline. Open the\n"
		       "URL it prints: it carries a one-time access token that your browser trades\n"
		       "for a cookie. Ctrl-C stops the server.\n\n"
		       "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0 picks a\n"
		       "                      free one); loopback addresses only (127.0.0.1, ::1)\n"
		       "  --db PATH|URL       the case store: a SQLite file or a postgresql:// URL\n"
		       "                      (default: $POA_DB, else the default store)\n"
		       "  --lang en|zh        the pages' language until the browser chooses\n"
		       "  --max-upload MIB    the largest upload accepted (default 25)\n"
		       "  --today DATE        count days left from DATE (YYYY-MM-DD), for tests\n\n"
		       "Team mode (--team): no access token; each user signs in with a name and\n"
		       "password (poa user add) and sees the cases of their seller accounts.\n"
		       "  --team              serve a team from the store (it needs an owner first:\n"
		       "                      poa user add NAME --role owner --password-file FILE)\n"
		       "  --listen ADDR:PORT  any address; a non-loopback one needs --public-url https://\n"
		       "  --public-url URL    the https:// address users open through your TLS proxy\n"
		       "                      (e.g. https://poa.example.com); cookies get Secure\n"
		       "  --session-idle DURATION  sign out after this long unused (default 8h)\n"
		       "  --session-max DURATION   sign out this long after signing in (default 24h)\n"
		       "                      durations: 45s, 30m, 8h, 2d\n\n"
		       "Exit status: 0 stopped by Ctrl-C or SIGTERM; 3 cannot listen or open the\n"
		       "store; 6 knowledge base error; 8 store damaged; 64 usage.\n"));
}

static cli_common *serve_common;

static void serve_set_lang(poa_lang lang)
{
	if (serve_common->lang != lang)
		cli_set_lang(serve_common, lang == POA_LANG_ZH ? "zh" : "en");
}

static void serve_ready(const char *url, void *ctx)
{
	const web_config *cfg = ctx;
	printf(_("poa serve: open %s\n"), url);
	fflush(stdout);
	if (cfg->team && cfg->public_url)
		fprintf(stderr, _("poa serve: team mode: users open %s (through your TLS proxy) and sign in. Ctrl-C "
				  "stops the server.\n"),
			cfg->public_url);
	else if (cfg->team)
		fprintf(stderr, _("poa serve: team mode: users sign in with their name and password. Ctrl-C stops the "
				  "server.\n"));
	else
		fprintf(stderr,
			_("poa serve: the address carries an access token: do not share it. Ctrl-C stops the server.\n"));
}

static int cmd_serve_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"max-upload", required_argument, NULL, 'm'},
		{"team", no_argument, NULL, 'T'},
		{"public-url", required_argument, NULL, 'u'},
		{"session-idle", required_argument, NULL, 'i'},
		{"session-max", required_argument, NULL, 'x'},
		{"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	web_config cfg = {.listen = "127.0.0.1:8080", .max_body = WEB_MAX_BODY_DEFAULT,
			  .max_upload = WEB_MAX_UPLOAD_DEFAULT};
	int opt, today_set = 0;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'l': cfg.listen = optarg; break;
		case 'm': {
			char *end;
			long mib = strtol(optarg, &end, 10);
			if (*end || mib < 1 || mib > 1024) {
				fprintf(stderr, _("poa serve: --max-upload takes a number of MiB from 1 to 1024, not '%s'\n"),
					optarg);
				return POA_ERR_USAGE;
			}
			cfg.max_upload = (size_t)mib << 20;
			break;
		}
		case 'T': cfg.team = 1; break;
		case 'u': cfg.public_url = optarg; break;
		case 'i':
		case 'x': {
			poa_error err = {0};
			if (web_parse_duration(opt == 'i' ? "--session-idle" : "--session-max", optarg,
					       opt == 'i' ? &cfg.session_idle : &cfg.session_max, &err) != POA_OK)
				return cli_fail(&err);
			break;
		}
		case 'h': serve_usage(stdout); return 0;
		default: serve_usage(stderr); return POA_ERR_USAGE;
		}
		(void)today_set;
	}
	if (optind != argc) {
		fprintf(stderr, _("poa serve: takes no file names\n"));
		return POA_ERR_USAGE;
	}
	if (!cfg.team && (cfg.session_idle || cfg.session_max)) {
		fprintf(stderr, _("poa serve: --session-idle and --session-max are for a team server: add --team\n"));
		return POA_ERR_USAGE;
	}
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--today") == 0 || strncmp(argv[i], "--today=", 8) == 0)
			cfg.today = common->today;
	const char *env = getenv("POA_DB");
	cfg.db_path = common->db_path ? common->db_path : env && *env ? env : NULL;
	cfg.kb_dir = common->kb_dir;
	cfg.lang = common->lang;
	cfg.set_lang = serve_set_lang;
	cfg.ready = serve_ready;
	cfg.ready_ctx = &cfg;
	serve_common = common;
	poa_error err = {0};
	if (web_serve(&cfg, &err) != POA_OK)
		return cli_fail(&err);
	return 0;
}

const struct cmd_entry cmd_serve_entry = {
	.name = "serve",
	.usage = "[--team] [--listen ADDR:PORT] [--public-url URL]",
	.summary = N_("the local web app: cases, questions, plan, letters with live checks"),
	.exec = cmd_serve_exec,
};
