/* cmd-export.c — `poa export [-o FILE]`: the whole case store as JSON, for
 * backups and for moving to another machine (poa import reads it back). */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void export_usage(FILE *out)
{
	fprintf(out, _("usage: poa export [-o FILE]\n\n"
		       "Writes the whole case store (stores, cases, notices, answers, letters, what was\n"
		       "sent, timelines) as JSON, to FILE or standard output. poa import reads it back;\n"
		       "export, import into an empty store, export again gives the same bytes.\n\n"
		       "Exit status: 0 written; 3 cannot write; 8 store error; 64 usage.\n"));
}

/* FILE is written whole or not at all: temp file, then rename. */
static poa_status write_whole(const char *path, const char *text, poa_error *err)
{
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return poa_error_set(err, POA_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
	int bad = fputs(text, f) < 0 || fputc('\n', f) == EOF;
	bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return poa_error_set(err, POA_ERR_IO, "%s: cannot write the export (disk full?); nothing was written",
				     path);
	}
	return POA_OK;
}

static int cmd_export_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'}, CLI_COMMON_LONG_OPTIONS, {NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "ho:", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'o': out = optarg; break;
		case 'h': export_usage(stdout); return 0;
		default: export_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind != argc) {
		export_usage(stderr);
		return POA_ERR_USAGE;
	}
	poa_db *db = NULL;
	poa_error err = {0};
	char *json = NULL;
	poa_status st = cli_open_db(common, &db, &err);
	if (!st)
		st = poa_db_export(db, &json, &err);
	if (!st && out)
		st = write_whole(out, json, &err);
	else if (!st)
		printf("%s\n", json);
	free(json);
	poa_db_close(db);
	return st ? cli_fail(&err) : 0;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "[-o FILE]",
	.summary = N_("the whole case store as JSON"),
	.exec = cmd_export_exec,
};
