/* cmd-due.c — `poa due`: open cases with a deadline, soonest first. The
 * exit status lets a script (cron, a shell prompt) ask "is anything due?". */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

static void due_usage(FILE *out)
{
	fprintf(out, _("usage: poa due [--within DAYS] [--store NAME] [--json]\n\n"
		       "Lists the open cases that have a deadline, soonest first, overdue ones marked.\n\n"
		       "  --within DAYS   what counts as due for the exit status (default 7)\n"
		       "  --store NAME    only this seller account\n"
		       "  --json          print the cases as JSON\n\n"
		       "Exit status: 0 nothing due within DAYS; 1 at least one case due within DAYS\n"
		       "or overdue; 3, 8 store errors; 64 usage.\n"));
}

static int cmd_due_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"within", required_argument, NULL, 'w'}, {"store", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},         {"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,                  {NULL, 0, NULL, 0},
	};
	int opt, json = 0, within = 7;
	const char *store = NULL;
	char *end;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'w':
			within = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || within < 0) {
				fprintf(stderr, _("poa: --within takes a number of days, not '%s'\n"), optarg);
				return POA_ERR_USAGE;
			}
			break;
		case 's': store = optarg; break;
		case 'j': json = 1; break;
		case 'h': due_usage(stdout); return 0;
		default: due_usage(stderr); return POA_ERR_USAGE;
		}
	}
	poa_db *db = NULL;
	poa_error err = {0};
	if (cli_open_db(common, &db, &err))
		return cli_fail(&err);
	poa_db_query q = {.store = store, .open_only = 1, .today = common->today, .lang = common->lang,
			  .color = common->color};
	int due = 0;
	poa_status st = poa_db_write_due(db, stdout, &q, within, json, &due, &err);
	poa_db_close(db);
	if (st)
		return cli_fail(&err);
	return due ? 1 : 0;
}

const struct cmd_entry cmd_due_entry = {
	.name = "due",
	.usage = "[--within DAYS]",
	.summary = N_("deadlines of open cases, soonest first; exit 1 when one is near"),
	.exec = cmd_due_exec,
};
