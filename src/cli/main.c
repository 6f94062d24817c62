/* main.c — looks the command up in the table and runs it. Nothing else. */
#include "cli.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../lib/date.h"

#ifndef POA_VERSION
#define POA_VERSION "0"
#endif
#ifndef POA_LOCALEDIR
#define POA_LOCALEDIR "/usr/local/share/locale"
#endif

static const struct cmd_entry *const commands[] = {
	&cmd_read_entry,
	&cmd_ask_entry,
	&cmd_plan_entry,
	&cmd_draft_entry,
	&cmd_lint_entry,
	&cmd_case_entry,
	&cmd_due_entry,
	&cmd_store_entry,
	&cmd_health_entry,
	&cmd_search_entry,
	&cmd_export_entry,
	&cmd_import_entry,
	&cmd_fetch_entry,
	&cmd_audit_entry,
	&cmd_serve_entry,
	&cmd_user_entry,
	&cmd_migrate_entry,
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

int cli_fail(const poa_error *err)
{
	fprintf(stderr, "poa: %s\n", err->message);
	return err->status ? (int)err->status : 1;
}

static int lang_is_zh(const char *s)
{
	return s && (strncmp(s, "zh", 2) == 0);
}

static void bind_catalogue(void);

/* English is the msgids themselves: under the "C" locale gettext returns
 * them at once, where with another it looks for an English catalogue on
 * disk first. Chinese gets the locale of the environment for LC_MESSAGES
 * (gettext ignores LANGUAGE under "C"; C.UTF-8 is always there on glibc). */
void cli_set_lang(cli_common *common, const char *lang)
{
	common->lang = lang_is_zh(lang) ? POA_LANG_ZH : POA_LANG_EN;
	if (common->lang == POA_LANG_EN) {
		setlocale(LC_MESSAGES, "C");
		return;
	}
	if (!common->catalogue_bound) {
		bind_catalogue();
		common->catalogue_bound = 1;
	}
	setenv("LANGUAGE", "zh_CN", 1);
	const char *cur = setlocale(LC_MESSAGES, "");
	if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0) {
		setlocale(LC_CTYPE, "C.UTF-8");
		setlocale(LC_MESSAGES, "C.UTF-8");
	}
	/* Make gettext notice the change of language. */
	textdomain("poa");
}

int cli_common_option(int opt, const char *arg, cli_common *common)
{
	switch (opt) {
	case OPT_KB:
		common->kb_dir = arg;
		return 1;
	case OPT_LANG:
		if (strcmp(arg, "en") != 0 && strcmp(arg, "zh") != 0 && strcmp(arg, "zh_CN") != 0) {
			fprintf(stderr, _("poa: --lang takes en or zh, not '%s'\n"), arg);
			return -1;
		}
		cli_set_lang(common, arg);
		return 1;
	case OPT_TODAY: {
		poa_date d;
		if (!poa_date_parse(arg, &d)) {
			fprintf(stderr, _("poa: --today takes a date as YYYY-MM-DD, not '%s'\n"), arg);
			return -1;
		}
		struct tm tm = {.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d, .tm_hour = 12, .tm_isdst = -1};
		common->today = mktime(&tm);
		return 1;
	}
	case OPT_COLOR:
		common->color = 1;
		return 1;
	case OPT_NO_COLOR:
		common->color = 0;
		return 1;
	case OPT_DB:
		if (!*arg) {
			fprintf(stderr, _("poa: --db takes the path of the case store\n"));
			return -1;
		}
		common->db_path = arg;
		return 1;
	}
	return 0;
}

poa_status cli_open_db(const cli_common *common, poa_db **db, poa_error *err)
{
	const char *path = common->db_path;
	const char *env = getenv("POA_DB");
	if (!path && env && *env)
		path = env;
	return poa_db_open(path, db, err);
}

long long cli_case_id(const char *arg)
{
	char *end;
	long long id = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || id <= 0) {
		fprintf(stderr, _("poa: '%s' is not a case id (a number, as poa case list shows)\n"), arg);
		return 0;
	}
	return id;
}

int cli_leading_options(int *argc, char ***argv, cli_common *common)
{
	static const struct {
		const char *name;
		int code, takes_value;
	} opts[] = {{"--lang", OPT_LANG, 1}, {"--kb", OPT_KB, 1},        {"--today", OPT_TODAY, 1},
		    {"--db", OPT_DB, 1},     {"--color", OPT_COLOR, 0}, {"--no-color", OPT_NO_COLOR, 0}};
	char **v = *argv;
	while (*argc >= 2 && strncmp(v[1], "--", 2) == 0) {
		size_t i = 0, n = sizeof opts / sizeof *opts;
		const char *eq = strchr(v[1], '=');
		size_t len = eq ? (size_t)(eq - v[1]) : strlen(v[1]);
		while (i < n && !(strlen(opts[i].name) == len && strncmp(v[1], opts[i].name, len) == 0))
			i++;
		if (i == n)
			return 0;  /* --help, --version, or the command's own */
		const char *value = eq ? eq + 1 : opts[i].takes_value && *argc >= 3 ? v[2] : NULL;
		int used = 1 + (opts[i].takes_value && !eq);
		if (opts[i].takes_value && !value) {
			fprintf(stderr, _("poa: %s needs a value\n"), opts[i].name);
			return -1;
		}
		if (cli_common_option(opts[i].code, value, common) < 0)
			return -1;
		memmove(v + 1, v + 1 + used, (size_t)(*argc - 1 - used + 1) * sizeof *v);
		*argc -= used;
	}
	return 0;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts, cli_common *common)
{
	for (;;) {
		int opt = getopt_long(argc, argv, shortopts, longopts, NULL);
		int k = cli_common_option(opt, optarg, common);
		if (k < 0)
			return CLI_OPT_BAD;
		if (k == 0)
			return opt;
	}
}

/* Where the message catalogues are: next to an uninstalled binary (the build
 * tree), else POA_LOCALEDIR, unless the environment says otherwise. */
static void bind_catalogue(void)
{
	const char *dir = getenv("POA_LOCALEDIR");
	char buf[4096];
	if (!dir) {
		ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 32);
		if (n > 0) {
			buf[n] = '\0';
			char *slash = strrchr(buf, '/');
			if (slash) {
				strcpy(slash, "/locale");
				if (access(buf, R_OK) == 0)
					dir = buf;
			}
		}
	}
	bindtextdomain("poa", dir ? dir : POA_LOCALEDIR);
	bind_textdomain_codeset("poa", "UTF-8");
	textdomain("poa");
}

static void usage(FILE *out)
{
	fprintf(out, _("usage: poa COMMAND [OPTION]... [ARG]...\n\n"
		       "poa reads marketplace notices and helps answer them.\n\nCommands:\n"));
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i]->name, _(commands[i]->summary));
	fprintf(out, _("\nOptions for every command:\n"
		       "  --lang en|zh     messages and explanations in English or Chinese\n"
		       "  --kb DIR         read the knowledge base from DIR instead of the built-in one\n"
		       "  --today DATE     count days left from DATE (YYYY-MM-DD) instead of today\n"
		       "  --db PATH|URL    the case store: a SQLite file, or a PostgreSQL database\n"
		       "                   as postgresql://USER@HOST:PORT/DB (default: $POA_DB,\n"
		       "                   else $XDG_DATA_HOME/poa/poa.db)\n"
		       "  --color, --no-color\n"
		       "                   colour the report (default: when stdout is a terminal and\n"
		       "                   NO_COLOR is not set)\n"
		       "  -h, --help       help for the command\n\n"
		       "Run 'poa COMMAND --help' for a command's options; 'man poa' for exit codes.\n"));
}

/* Only the character set from the environment: GMime takes the charset of
 * undeclared 8-bit text from it. The language of messages is cli_set_lang's.
 * Numbers, dates and JSON are written the same in every locale (a decimal
 * comma from LC_NUMERIC has no place in them), and each further category is
 * a file to open and map at every start. */
static void set_locale_from_env(void)
{
	setlocale(LC_CTYPE, "");
}

int main(int argc, char **argv)
{
	set_locale_from_env();
	cli_common common = {.today = time(NULL)};
	/* The first of the variables gettext itself consults, even when the
	 * zh_CN locale is not installed on this machine. */
	const char *lang = NULL;
	static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 4 && !lang; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			lang = v;
	}
	cli_set_lang(&common, lang);
	const char *no_color = getenv("NO_COLOR");
	common.color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
	if (cli_leading_options(&argc, &argv, &common) < 0)
		return POA_ERR_USAGE;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? POA_ERR_USAGE : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("poa %s\n", POA_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i]->name) == 0) {
			/* getopt names argv[0] in its messages: "poa read: ..." */
			char name[64];
			snprintf(name, sizeof name, "poa %s", commands[i]->name);
			argv[1] = name;
			return commands[i]->exec(argc - 1, argv + 1, &common);
		}
	fprintf(stderr, _("poa: unknown command '%s'; run 'poa --help' for the list\n"), argv[1]);
	return POA_ERR_USAGE;
}
