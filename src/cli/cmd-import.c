/* cmd-import.c — `poa import FILE.json`: reads a poa export into the case
 * store, in one transaction; cases it holds already are skipped. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

static void import_usage(FILE *out)
{
	fprintf(out, _("usage: poa import FILE.json\n\n"
		       "Reads an export written by poa export into the case store. Cases whose notices\n"
		       "the store holds already are skipped, so importing twice adds nothing.\n\n"
		       "Exit status: 0 imported; 3 file missing; 4 not a poa export; 8 store error;\n"
		       "64 usage.\n"));
}

static int cmd_import_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'}, CLI_COMMON_LONG_OPTIONS, {NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'h': import_usage(stdout); return 0;
		default: import_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind + 1 != argc) {
		import_usage(stderr);
		return POA_ERR_USAGE;
	}
	const char *path = argv[optind];
	poa_error err = {0};
	poa_input *in = NULL;
	poa_message *m = NULL;
	poa_db *db = NULL;
	int added = 0;
	/* The same reader as notices: size limits, encodings and clear errors. */
	poa_input_options io = {.as_letter = 1};
	poa_status st = poa_input_open(path, &io, &in, &err);
	if (!st)
		st = poa_input_next(in, &m, &err);
	if (!st && !m)
		st = poa_error_set(&err, POA_ERR_INPUT, "%s: empty", path);
	if (!st)
		st = cli_open_db(common, &db, &err);
	if (!st) {
		size_t len;
		const char *text = poa_message_text(m, &len);
		st = poa_db_import_json(db, path, text, len, &added, &err);
	}
	poa_db_close(db);
	poa_message_free(m);
	poa_input_free(in);
	if (st)
		return cli_fail(&err);
	printf(_("%s: %d cases imported\n"), path, added);
	return 0;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "FILE.json",
	.summary = N_("read a poa export into the case store"),
	.exec = cmd_import_exec,
};
