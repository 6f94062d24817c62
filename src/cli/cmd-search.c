/* cmd-search.c — `poa search WORDS...`: the cases whose notices, letters or
 * title contain every word, Chinese words of two characters included. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void search_usage(FILE *out)
{
	fprintf(out, _("usage: poa search [--store NAME] [--json] WORD...\n\n"
		       "Finds the cases whose notices, letters or title contain every WORD (case does\n"
		       "not matter; Chinese words work too).\n\n"
		       "Exit status: 0 found; 1 nothing found; 3, 8 store errors; 64 usage.\n"));
}

static int cmd_search_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"store", required_argument, NULL, 's'}, {"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},        CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	int opt, json = 0;
	const char *store = NULL;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 's': store = optarg; break;
		case 'j': json = 1; break;
		case 'h': search_usage(stdout); return 0;
		default: search_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		search_usage(stderr);
		return POA_ERR_USAGE;
	}
	size_t len = 1;
	for (int i = optind; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *words = calloc(1, len);
	if (!words)
		return POA_ERR_NOMEM;
	for (int i = optind; i < argc; i++) {
		strcat(words, argv[i]);
		strcat(words, " ");
	}
	poa_db *db = NULL;
	poa_error err = {0};
	poa_db_query q = {.store = store, .today = common->today, .lang = common->lang, .color = common->color};
	int found = 0;
	poa_status st = cli_open_db(common, &db, &err);
	if (!st)
		st = poa_db_write_search(db, stdout, words, &q, json, &found, &err);
	poa_db_close(db);
	free(words);
	if (st)
		return cli_fail(&err);
	return found ? 0 : 1;
}

const struct cmd_entry cmd_search_entry = {
	.name = "search",
	.usage = "WORD...",
	.summary = N_("find cases by words in their notices and letters"),
	.exec = cmd_search_exec,
};
