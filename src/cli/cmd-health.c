/* cmd-health.c — `poa health [STORE]`: each seller account's open and recent
 * complaints against the repeat-violation limits of kb/health.yaml. */
#include "cli.h"

#include <stdio.h>

static void health_usage(FILE *out)
{
	fprintf(out, _("usage: poa health [--json] [STORE]\n\n"
		       "Counts, per seller account, the open cases and those Amazon sent in the last\n"
		       "180 days (by the notice's date; pasted text, which has none, by the day it was\n"
		       "filed): IP complaints, restricted product violations and other policy warnings,\n"
		       "against the limits Amazon is known to act on (about 5 IP complaints, 2\n"
		       "restricted product violations within 180 days).\n\n"
		       "Exit status: 0 no store near a limit; 1 a store is near or at a limit;\n"
		       "3, 8 store errors; 64 usage.\n"));
}

static int cmd_health_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,          {NULL, 0, NULL, 0},
	};
	int opt, json = 0;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'j': json = 1; break;
		case 'h': health_usage(stdout); return 0;
		default: health_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (argc - optind > 1) {
		health_usage(stderr);
		return POA_ERR_USAGE;
	}
	poa_db *db = NULL;
	poa_kb *kb = NULL;
	poa_error err = {0};
	poa_db_query q = {.store = optind < argc ? argv[optind] : NULL, .today = common->today,
			  .lang = common->lang, .color = common->color};
	int risk = 0;
	poa_status st = poa_kb_load(common->kb_dir, &kb, &err);
	if (!st)
		st = cli_open_db(common, &db, &err);
	if (!st)
		st = poa_db_write_health(db, kb, stdout, &q, json, &risk, &err);
	poa_db_close(db);
	poa_kb_free(kb);
	if (st)
		return cli_fail(&err);
	return risk ? 1 : 0;
}

const struct cmd_entry cmd_health_entry = {
	.name = "health",
	.usage = "[STORE]",
	.summary = N_("each store's complaints against Amazon's repeat-violation limits"),
	.exec = cmd_health_exec,
};
