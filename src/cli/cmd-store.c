/* cmd-store.c — `poa store add NAME --marketplace M`: a seller account, so
 * that cases, health and deadlines can be kept per store. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void store_usage(FILE *out)
{
	fprintf(out, _("usage: poa store add NAME --marketplace MARKETPLACE\n\n"
		       "Adds a seller account (a \"store\") to the case store; file its notices with\n"
		       "poa case new --store NAME, and see its account health with poa health NAME.\n\n"
		       "  --marketplace M   where it sells, such as amazon.com or amazon.de\n\n"
		       "Exit status: 0 added; 4 a store of that name exists; 3, 8 store errors; 64 usage.\n"));
}

static int cmd_store_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"marketplace", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,                       {NULL, 0, NULL, 0},
	};
	const char *marketplace = NULL;
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'm': marketplace = optarg; break;
		case 'h': store_usage(stdout); return 0;
		default: store_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind + 2 != argc || strcmp(argv[optind], "add") != 0 || !marketplace) {
		store_usage(stderr);
		return POA_ERR_USAGE;
	}
	poa_db *db = NULL;
	poa_error err = {0};
	poa_status st = cli_open_db(common, &db, &err);
	if (!st)
		st = poa_db_store_add(db, argv[optind + 1], marketplace, common->today, &err);
	poa_db_close(db);
	if (st)
		return cli_fail(&err);
	printf(_("store %s added (%s)\n"), argv[optind + 1], marketplace);
	return 0;
}

const struct cmd_entry cmd_store_entry = {
	.name = "store",
	.usage = "add NAME --marketplace M",
	.summary = N_("add a seller account to the case store"),
	.exec = cmd_store_exec,
};
