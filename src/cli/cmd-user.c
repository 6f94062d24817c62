/* cmd-user.c — `poa user add|list|passwd|set|remove`: the people of an
 * agency who sign in to poa serve --team, their roles and seller accounts.
 * A password is never taken from the command line (other users see it in
 * ps, and the shell keeps it): it is typed at the terminal without echo,
 * piped on standard input, or read from --password-file. The rules (the
 * last owner stays, sessions end) are the library's. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

enum { MAX_STORES = 64 };

static void user_usage(FILE *out)
{
	fprintf(out, _("usage: poa user add NAME --role ROLE [--store S]... [--password-file FILE]\n"
		       "       poa user list [--json]\n"
		       "       poa user passwd NAME [--password-file FILE]\n"
		       "       poa user set NAME [--role ROLE] [--store S]... [--no-stores]\n"
		       "       poa user remove NAME\n\n"
		       "The people who sign in to poa serve --team. An owner may do everything (users\n"
		       "included); an operator works the cases of the seller accounts given with --store;\n"
		       "a viewer reads those cases and changes nothing.\n\n"
		       "  --role R              owner, operator or viewer\n"
		       "  --store S             a seller account (poa store add) the user works; repeat it\n"
		       "                        (set: the new list, in place of the old one)\n"
		       "  --no-stores           set: take every seller account away\n"
		       "  --password-file FILE  the password is the file's first line; else it is typed\n"
		       "                        twice without echo, or read as one line from standard input\n"
		       "  --json                list as JSON\n\n"
		       "A password has at least 12 characters. A new one ends the user's sessions, and\n"
		       "so do set and remove. The last owner can be neither removed nor given another\n"
		       "role: add another owner first.\n\n"
		       "Exit status: 0 done; 4 a user of that name exists; 9 no such user or seller\n"
		       "account; 13 the last owner; 3, 8 store errors; 64 usage.\n"));
}

/* Strips a trailing newline (and CR). */
static void chomp(char *s)
{
	s[strcspn(s, "\r\n")] = '\0';
}

/* One line of f into a buffer the caller frees; NULL at the end. */
static char *read_line(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	if (getline(&line, &cap, f) < 0) {
		free(line);
		return NULL;
	}
	chomp(line);
	return line;
}

/* Asks at the terminal with echo off. */
static char *ask_hidden(const char *prompt)
{
	struct termios old, quiet;
	int restore = tcgetattr(STDIN_FILENO, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	fputs(prompt, stderr);
	fflush(stderr);
	char *line = read_line(stdin);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return line;
}

/* The password: from file, else typed twice at a terminal, else one line
 * of standard input. The caller frees it; NULL with err filled. */
static char *get_password(const char *file, const char *name, poa_error *err)
{
	if (file) {
		FILE *f = fopen(file, "r");
		if (!f) {
			poa_error_set(err, POA_ERR_IO, "cannot read the password file %s: %s", file, strerror(errno));
			return NULL;
		}
		char *pw = read_line(f);
		fclose(f);
		if (!pw)
			poa_error_set(err, POA_ERR_USAGE, "the password file %s is empty; write the password on its first line",
				      file);
		return pw;
	}
	if (!isatty(STDIN_FILENO)) {
		char *pw = read_line(stdin);
		if (!pw)
			poa_error_set(err, POA_ERR_USAGE, "no password on standard input; pipe it in, or use --password-file");
		return pw;
	}
	char prompt[160];
	snprintf(prompt, sizeof prompt, _("Password for %s: "), name);
	char *one = ask_hidden(prompt), *two = one ? ask_hidden(_("The same password again: ")) : NULL;
	if (one && two && strcmp(one, two) == 0) {
		free(two);
		return one;
	}
	poa_error_set(err, POA_ERR_USAGE, one && two ? "the two passwords differ; nothing was changed"
						  : "no password given; nothing was changed");
	free(one);
	free(two);
	return NULL;
}

/* Wipes and frees a password. */
static void drop_password(char *pw)
{
	if (!pw)
		return;
	volatile char *p = pw;
	while (*p)
		*p++ = '\0';
	free(pw);
}

typedef struct user_args {
	const char *role, *password_file;
	const char *stores[MAX_STORES];
	size_t nstores;
	int no_stores, json;
} user_args;

static int parse(int argc, char **argv, cli_common *common, user_args *a)
{
	static const struct option longopts[] = {
		{"role", required_argument, NULL, 'r'},
		{"store", required_argument, NULL, 's'},
		{"no-stores", no_argument, NULL, 'n'},
		{"password-file", required_argument, NULL, 'p'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'r': a->role = optarg; break;
		case 'p': a->password_file = optarg; break;
		case 'j': a->json = 1; break;
		case 'n': a->no_stores = 1; break;
		case 's':
			if (a->nstores == MAX_STORES) {
				fprintf(stderr, _("poa: at most %d --store options\n"), MAX_STORES);
				return POA_ERR_USAGE;
			}
			a->stores[a->nstores++] = optarg;
			break;
		case 'h': user_usage(stdout); return -1;
		default: user_usage(stderr); return POA_ERR_USAGE;
		}
	}
	return 0;
}

/* The options that do not belong to the subcommand are refused, so that a
 * mistyped command does not half happen. */
static int check_options(const char *sub, const user_args *a)
{
	int add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0, set = strcmp(sub, "set") == 0;
	int password = add || strcmp(sub, "passwd") == 0;
	if ((a->role && !add && !set) || (a->nstores && !add && !set) || (a->no_stores && !set) ||
	    (a->password_file && !password) || (a->json && !list)) {
		fprintf(stderr, _("poa: an option given does not belong to poa user %s\n"), sub);
		user_usage(stderr);
		return POA_ERR_USAGE;
	}
	if (add && !a->role) {
		fprintf(stderr, _("poa: poa user add needs --role owner, operator or viewer\n"));
		return POA_ERR_USAGE;
	}
	if (set && !a->role && !a->nstores && !a->no_stores) {
		fprintf(stderr, _("poa: poa user set needs --role ROLE, --store S or --no-stores: what to change\n"));
		return POA_ERR_USAGE;
	}
	if (a->nstores && a->no_stores) {
		fprintf(stderr, _("poa: --store and --no-stores contradict each other; give one of them\n"));
		return POA_ERR_USAGE;
	}
	return 0;
}

static poa_status user_change(poa_db *db, const char *sub, const char *name, const user_args *a,
			      const cli_common *common, poa_error *err)
{
	poa_role role = 0;
	if (a->role && !poa_role_parse(a->role, &role))
		return poa_error_set(err, POA_ERR_USAGE, "--role takes owner, operator or viewer, not '%s'", a->role);
	if (strcmp(sub, "set") == 0)
		return poa_db_user_set(db, name, role, a->nstores || a->no_stores, a->stores, a->nstores, err);
	if (strcmp(sub, "remove") == 0)
		return poa_db_user_remove(db, name, err);
	char *pw = get_password(a->password_file, name, err);
	if (!pw)
		return err->status;
	poa_status s = strcmp(sub, "add") == 0
			       ? poa_db_user_add(db, name, role, a->stores, a->nstores, pw, common->today, err)
			       : poa_db_user_passwd(db, name, pw, common->today, err);
	drop_password(pw);
	return s;
}

static int cmd_user_exec(int argc, char **argv, cli_common *common)
{
	user_args a = {0};
	int rc = parse(argc, argv, common, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	const char *sub = optind < argc ? argv[optind] : "";
	int named = strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0 || strcmp(sub, "set") == 0 ||
		    strcmp(sub, "remove") == 0;
	if ((named && optind + 2 != argc) || (!named && (strcmp(sub, "list") != 0 || optind + 1 != argc))) {
		user_usage(stderr);
		return POA_ERR_USAGE;
	}
	if ((rc = check_options(sub, &a)) != 0)
		return rc;
	poa_db *db = NULL;
	poa_error err = {0};
	poa_status st = cli_open_db(common, &db, &err);
	if (!st && named)
		st = user_change(db, sub, argv[optind + 1], &a, common, &err);
	else if (!st)
		st = poa_db_write_users(db, stdout, a.json, &err);
	poa_db_close(db);
	if (st)
		return cli_fail(&err);
	const char *name = named ? argv[optind + 1] : NULL;
	if (strcmp(sub, "add") == 0)
		printf(_("user %s added (%s)\n"), name, a.role);
	else if (strcmp(sub, "passwd") == 0)
		printf(_("password of %s changed; their sessions have ended\n"), name);
	else if (strcmp(sub, "set") == 0)
		printf(_("user %s changed; their sessions have ended\n"), name);
	else if (named)
		printf(_("user %s removed; the timeline keeps their name\n"), name);
	return 0;
}

const struct cmd_entry cmd_user_entry = {
	.name = "user",
	.usage = "add|list|passwd|set|remove ...",
	.summary = N_("add, list, change and remove the users of poa serve --team"),
	.exec = cmd_user_exec,
};
