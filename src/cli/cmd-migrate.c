/* cmd-migrate.c — `poa migrate --from STORE --to STORE`: a whole store
 * moved into another, empty one (a seller's SQLite file into the team's
 * PostgreSQL server when the agency starts poa serve --team, or back). */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void migrate_usage(FILE *out)
{
	fprintf(out, _("usage: poa migrate --from STORE --to STORE [--json]\n\n"
		       "Copies every case, seller account, user, evidence file and mailbox position of\n"
		       "one case store into another that holds none yet, exactly (ids, times, versions\n"
		       "and timelines kept), in one transaction: the copy is checked against the source\n"
		       "before it is kept. A STORE is a SQLite file or a postgresql:// URL (the password\n"
		       "from PGPASSWORD or ~/.pgpass, not the URL). The source is not changed.\n\n"
		       "  --from STORE   the store to copy\n"
		       "  --to STORE     the empty store to fill (created when a file does not exist)\n"
		       "  --json         print {\"cases\": N, \"users\": N}\n\n"
		       "Exit status: 0 copied; 64 usage, or the target is not empty; 3, 8 store errors.\n"));
}

static int cmd_migrate_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'}, {"to", required_argument, NULL, 't'},
		{"json", no_argument, NULL, 'j'},       {"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,                {NULL, 0, NULL, 0},
	};
	const char *from = NULL, *to = NULL;
	int json = 0, opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'j': json = 1; break;
		case 'h': migrate_usage(stdout); return 0;
		default: migrate_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind != argc || !from || !to || !*from || !*to) {
		migrate_usage(stderr);
		return POA_ERR_USAGE;
	}
	if (strcmp(from, to) == 0) {
		fprintf(stderr, _("poa: --from and --to name the same store; name an empty one with --to\n"));
		return POA_ERR_USAGE;
	}
	/* Opening a store creates a missing file: a mistyped --from would be
	 * copied as an empty store, "0 cases copied", and look like success. */
	if (strncmp(from, "postgresql://", 13) != 0 && strncmp(from, "postgres://", 11) != 0 &&
	    strcmp(from, ":memory:") != 0 && access(from, F_OK) != 0) {
		fprintf(stderr, _("poa: %s: no such store file; check the path given to --from\n"), from);
		return POA_ERR_IO;
	}
	poa_db *src = NULL, *dst = NULL;
	poa_error err = {0};
	long long cases = 0, users = 0;
	poa_status st = poa_db_open(from, &src, &err);
	if (!st)
		st = poa_db_open(to, &dst, &err);
	if (!st)
		st = poa_db_migrate(src, dst, &cases, &err);
	if (!st)
		st = poa_db_user_count(dst, &users, &err);
	poa_db_close(src);
	poa_db_close(dst);
	if (st)
		return cli_fail(&err);
	if (json)
		printf("{\"cases\": %lld, \"users\": %lld}\n", cases, users);
	else
		printf(_("%lld cases and %lld users copied; the source is unchanged\n"), cases, users);
	return 0;
}

const struct cmd_entry cmd_migrate_entry = {
	.name = "migrate",
	.usage = "--from STORE --to STORE [--json]",
	.summary = N_("copy a whole case store into an empty one (SQLite, PostgreSQL)"),
	.exec = cmd_migrate_exec,
};
