/* cli.h — the command table of the poa command line (after tmux's cmd-*.c:
 * one file per command, each defining one struct cmd_entry). */
#ifndef POA_CLI_H
#define POA_CLI_H

#include <getopt.h>
#include <libintl.h>
#include "poa.h"

#define _(s) gettext(s)
#define N_(s) s

/* Options every command understands. */
typedef struct cli_common {
	const char *kb_dir;   /* --kb DIR */
	poa_lang lang;        /* --lang, else the locale */
	int color;            /* colour on stdout */
	time_t today;         /* --today YYYY-MM-DD, else the clock */
	const char *db_path;  /* --db PATH, else POA_DB, else the default store */
	int catalogue_bound;  /* the zh_CN catalogue's folder given to gettext */
} cli_common;

struct cmd_entry {
	const char *name;
	const char *usage;      /* after "poa NAME " */
	const char *summary;    /* one line for `poa --help` */
	int (*exec)(int argc, char **argv, cli_common *common);
};

extern const struct cmd_entry cmd_read_entry;
extern const struct cmd_entry cmd_lint_entry;
extern const struct cmd_entry cmd_ask_entry;
extern const struct cmd_entry cmd_plan_entry;
extern const struct cmd_entry cmd_draft_entry;
extern const struct cmd_entry cmd_case_entry;
extern const struct cmd_entry cmd_due_entry;
extern const struct cmd_entry cmd_store_entry;
extern const struct cmd_entry cmd_health_entry;
extern const struct cmd_entry cmd_search_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_fetch_entry;
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_serve_entry;
extern const struct cmd_entry cmd_user_entry;
extern const struct cmd_entry cmd_migrate_entry;

/* Opens the case store: --db, else $POA_DB, else the default path. */
poa_status cli_open_db(const cli_common *common, poa_db **db, poa_error *err);
/* A case id given on the command line; 0 and a message when it is not one. */
long long cli_case_id(const char *arg);

/* Prints "poa: message" on stderr; returns the status for exit(). */
int cli_fail(const poa_error *err);
/* Handles an option every command shares; returns 1 when it was one,
 * -1 when it was one but its value is bad (message printed). */
int cli_common_option(int opt, const char *arg, cli_common *common);
/* getopt_long with the shared options handled: returns the next option of
 * the command itself, -1 at the end, or CLI_OPT_BAD when a shared option had
 * a bad value (message printed). Options may follow the file names. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts, cli_common *common);
#define CLI_OPT_BAD (-2)
/* Options every command understands, given before the command's name
 * (`poa --lang zh --help`, `poa case --db X list`): applied and removed from
 * argv. Returns -1 when one has a bad value (message printed). */
int cli_leading_options(int *argc, char ***argv, cli_common *common);
/* Switches messages to the chosen language. */
void cli_set_lang(cli_common *common, const char *lang);

/* Option codes of the shared long options, for getopt_long tables. */
enum { OPT_KB = 1000, OPT_LANG, OPT_TODAY, OPT_COLOR, OPT_NO_COLOR, OPT_DB };

#define CLI_COMMON_LONG_OPTIONS                                     \
	{"kb", required_argument, NULL, OPT_KB},                    \
	{"lang", required_argument, NULL, OPT_LANG},                \
	{"today", required_argument, NULL, OPT_TODAY},              \
	{"color", no_argument, NULL, OPT_COLOR},                    \
	{"no-color", no_argument, NULL, OPT_NO_COLOR},              \
	{"db", required_argument, NULL, OPT_DB}

#endif
