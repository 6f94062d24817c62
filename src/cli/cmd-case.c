/* cmd-case.c — `poa case SUBCOMMAND`: file notices into cases and work
 * them: list, show, answer, status, sent. One small table of subcommands,
 * as the top level has one of commands. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct case_sub {
	const char *name, *usage;
	int (*run)(int argc, char **argv, cli_common *common, poa_db *db);
} case_sub;

static void case_usage(FILE *out)
{
	fprintf(out, _("usage: poa case SUBCOMMAND [OPTION]... [ARG]...\n\n"
		       "Keeps each complaint as a case in the case store (--db PATH|URL, $POA_DB, or\n"
		       "$XDG_DATA_HOME/poa/poa.db), with its notices, answers, letters and timeline.\n\n"
		       "  new NOTICE... [--store NAME]   file notices: a new case, or the case of the\n"
		       "                                 same complaint; a notice filed before is skipped\n"
		       "  list [--open] [--store NAME] [--json]\n"
		       "                                 the cases, deadlines soonest first\n"
		       "  show ID [--json]               one case: facts, notices, letters, timeline\n"
		       "  answer ID [--answers FILE] [--set id=value]...\n"
		       "                                 add or change the case's answers\n"
		       "  status ID STATE                open, waiting, resolved, lost or closed\n"
		       "  attach ID FILE --kind invoice|loa|licence|photo|other [--date YYYY-MM-DD]\n"
		       "                                 copy an evidence file into the case; its type\n"
		       "                                 is checked against what Amazon accepts, an\n"
		       "                                 invoice's date against the look-back window\n"
		       "  sent ID LETTER --to ADDRESS [--force]\n"
		       "                                 record that the newest version of a letter was\n"
		       "                                 sent; refused when it has lint blockers\n\n"
		       "Exit status: 0 done; 2 sent refused (the letter has lint blockers); 3 file or\n"
		       "store unwritable; 4 bad input; 5 file too large; 6 knowledge base error;\n"
		       "8 store damaged\n"
		       "or from a newer poa; 9 no such case or letter; 64 usage.\n"));
}

/* Options of a subcommand: the shared ones plus these. */
typedef struct sub_opts {
	const char *store, *answers, *to, *kind, *date;
	const char *sets[64];
	size_t nsets;
	int json, open_only, force;
} sub_opts;

static int parse_sub(int argc, char **argv, cli_common *common, sub_opts *o)
{
	static const struct option longopts[] = {
		{"store", required_argument, NULL, 's'}, {"answers", required_argument, NULL, 'a'},
		{"set", required_argument, NULL, 'S'},   {"to", required_argument, NULL, 't'},
		{"json", no_argument, NULL, 'j'},        {"open", no_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'f'},       {"help", no_argument, NULL, 'h'},
		{"kind", required_argument, NULL, 'k'},  {"date", required_argument, NULL, 'd'},
		CLI_COMMON_LONG_OPTIONS,                 {NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case 's': o->store = optarg; break;
		case 'a': o->answers = optarg; break;
		case 't': o->to = optarg; break;
		case 'k': o->kind = optarg; break;
		case 'd': o->date = optarg; break;
		case 'j': o->json = 1; break;
		case 'o': o->open_only = 1; break;
		case 'f': o->force = 1; break;
		case 'S':
			if (o->nsets == sizeof o->sets / sizeof *o->sets)
				return -1;
			o->sets[o->nsets++] = optarg;
			break;
		case 'h': case_usage(stdout); return 1;
		default: case_usage(stderr); return -1;
		}
	}
	return 0;
}

static poa_db_query query_of(const cli_common *common, const sub_opts *o)
{
	return (poa_db_query){.store = o->store, .open_only = o->open_only, .today = common->today,
			      .lang = common->lang, .color = common->color};
}

/* ---- new --------------------------------------------------------------------- */

typedef struct filing {
	int filed, joined, duplicate, skipped;
} filing;

static poa_status file_message(poa_db *db, const poa_kb *kb, poa_message *m, const char *store,
			       const cli_common *common, filing *f, poa_error *err)
{
	poa_notice *n = NULL;
	poa_status st = poa_notice_read(kb, m, &n, err);
	if (st)
		return st;
	if (!poa_notice_is_amazon(n) || strcmp(poa_notice_family(n), "unknown") == 0) {
		/* An order or a newsletter from Amazon is no complaint to track. */
		fprintf(stderr, _("poa: %s: not a notice poa recognises; skipped (poa read says why)\n"),
			poa_message_origin(m));
		f->skipped++;
		poa_notice_free(n);
		return POA_OK;
	}
	poa_case_added a;
	st = poa_db_case_add(db, kb, m, n, store, common->today, &a, err);
	if (!st) {
		const char *what = a.duplicate ? _("already filed") : a.joined ? _("joined") : _("filed");
		printf(_("case %lld: %s (%s, %s)\n"), a.case_id, what, poa_notice_family(n), poa_message_origin(m));
		f->duplicate += a.duplicate;
		f->joined += a.joined && !a.duplicate;
		f->filed += !a.joined && !a.duplicate;
	}
	poa_notice_free(n);
	return st;
}

static int case_new(int argc, char **argv, cli_common *common, poa_db *db)
{
	sub_opts o = {0};
	int rc = parse_sub(argc, argv, common, &o);
	if (rc)
		return rc < 0 ? POA_ERR_USAGE : 0;
	if (optind >= argc) {
		fprintf(stderr, _("poa case new: name the notice files (.eml, mbox, .html, .txt, or - for stdin)\n"));
		return POA_ERR_USAGE;
	}
	poa_error err = {0};
	poa_kb *kb = NULL;
	poa_status st = o.store ? poa_db_store_check(db, o.store, &err) : POA_OK;
	if (!st)
		st = poa_kb_load(common->kb_dir, &kb, &err);
	filing f = {0};
	for (int i = optind; !st && i < argc; i++) {
		poa_input *in = NULL;
		poa_message *m = NULL;
		st = poa_input_open(argv[i], NULL, &in, &err);
		while (!st && (st = poa_input_next(in, &m, &err)) == POA_OK && m) {
			st = file_message(db, kb, m, o.store, common, &f, &err);
			poa_message_free(m);
			m = NULL;
		}
		poa_input_free(in);
	}
	poa_kb_free(kb);
	if (st)
		return cli_fail(&err);
	if (f.filed + f.joined + f.duplicate + f.skipped > 1)
		printf(_("%d filed, %d joined a case, %d already filed, %d skipped\n"), f.filed, f.joined, f.duplicate,
		       f.skipped);
	return 0;
}

/* ---- list, show -------------------------------------------------------------- */

/* Prints and frees the JSON a store view made (st: how that went). */
static int print_json(poa_status st, char **json, poa_error *err)
{
	if (st)
		return cli_fail(err);
	printf("%s\n", *json);
	free(*json);
	return 0;
}

static int case_list(int argc, char **argv, cli_common *common, poa_db *db)
{
	sub_opts o = {0};
	int rc = parse_sub(argc, argv, common, &o);
	if (rc)
		return rc < 0 ? POA_ERR_USAGE : 0;
	poa_db_query q = query_of(common, &o);
	poa_error err = {0};
	char *json = NULL;
	if (o.json) {
		poa_status st = poa_db_list_json(db, &q, &json, &err);
		return print_json(st, &json, &err);
	}
	return poa_db_write_list(db, stdout, &q, &err) ? cli_fail(&err) : 0;
}

/* The case id at argv[optind], after the options; 0 when missing or bad. */
static long long id_arg(int argc, char **argv, const char *sub)
{
	if (optind >= argc) {
		fprintf(stderr, _("poa case %s: name the case id (poa case list shows them)\n"), sub);
		return 0;
	}
	return cli_case_id(argv[optind]);
}

/* The options and case id of a subcommand that works on one case: the id,
 * or 0 with *rc the exit status (0 after --help). */
static long long sub_begin(int argc, char **argv, cli_common *common, sub_opts *o, const char *name, int *rc)
{
	int p = parse_sub(argc, argv, common, o);
	*rc = p < 0 ? POA_ERR_USAGE : 0;
	if (p)
		return 0;
	long long id = id_arg(argc, argv, name);
	if (!id)
		*rc = POA_ERR_USAGE;
	return id;
}

static int case_show(int argc, char **argv, cli_common *common, poa_db *db)
{
	sub_opts o = {0};
	int rc;
	long long id = sub_begin(argc, argv, common, &o, "show", &rc);
	if (!id)
		return rc;
	poa_db_query q = query_of(common, &o);
	poa_error err = {0};
	char *json = NULL;
	if (o.json) {
		poa_status st = poa_db_case_json(db, id, &q, &json, &err);
		return print_json(st, &json, &err);
	}
	return poa_db_write_case(db, stdout, id, &q, &err) ? cli_fail(&err) : 0;
}

/* ---- answer, status, sent ------------------------------------------------------------ */

static int case_answer(int argc, char **argv, cli_common *common, poa_db *db)
{
	sub_opts o = {0};
	int rc;
	long long id = sub_begin(argc, argv, common, &o, "answer", &rc);
	if (!id)
		return rc;
	if (!o.answers && !o.nsets) {
		fprintf(stderr, _("poa case answer: give --answers FILE or --set id=value\n"));
		return POA_ERR_USAGE;
	}
	poa_error err = {0};
	poa_kb *kb = NULL;
	poa_answers *a = NULL;
	poa_status st = poa_kb_load(common->kb_dir, &kb, &err);
	if (!st)
		st = poa_answers_load(kb, o.answers, common->today, &a, &err);
	for (size_t i = 0; !st && i < o.nsets; i++)
		st = poa_answers_set(kb, a, o.sets[i], common->today, &err);
	if (!st)
		st = poa_db_case_answer(db, id, a, common->today, &err);
	if (!st)
		printf(_("case %lld: answers saved; next: poa plan %lld\n"), id, id);
	poa_answers_free(a);
	poa_kb_free(kb);
	return st ? cli_fail(&err) : 0;
}

static int case_status(int argc, char **argv, cli_common *common, poa_db *db)
{
	sub_opts o = {0};
	int rc;
	long long id = sub_begin(argc, argv, common, &o, "status", &rc);
	if (!id)
		return rc;
	if (optind + 1 >= argc) {
		fprintf(stderr, _("poa case status: name the state: open, waiting, resolved, lost or closed\n"));
		return POA_ERR_USAGE;
	}
	poa_error err = {0};
	if (poa_db_case_status(db, id, argv[optind + 1], common->today, &err))
		return cli_fail(&err);
	printf(_("case %lld: %s\n"), id, argv[optind + 1]);
	return 0;
}

static int case_sent(int argc, char **argv, cli_common *common, poa_db *db)
{
	sub_opts o = {0};
	int rc;
	long long id = sub_begin(argc, argv, common, &o, "sent", &rc);
	if (!id)
		return rc;
	if (optind + 1 >= argc || !o.to) {
		fprintf(stderr, _("poa case sent: name the letter and --to ADDRESS\n"));
		return POA_ERR_USAGE;
	}
	const char *letter = argv[optind + 1];
	poa_error err = {0};
	char *text = NULL;
	int version = 0, worst = -1, repeat = 0;
	if (poa_db_letter_get(db, id, letter, &text, NULL, &version, &worst, &err))
		return cli_fail(&err);
	free(text);
	if (worst == POA_LINT_BLOCK && !o.force) {
		fprintf(stderr,
			_("poa: case %lld: %s v%d has lint blockers; fix them (poa lint), draft again, or record it with "
			  "--force\n"),
			id, letter, version);
		return 2;
	}
	if (poa_db_letter_sent(db, id, letter, o.to, common->today, &repeat, &err))
		return cli_fail(&err);
	if (repeat)
		fprintf(stderr, _("poa: warning: case %lld: this text of %s was sent before; Amazon answers a "
				  "resubmitted letter with the same rejection\n"),
			id, letter);
	printf(_("case %lld: %s v%d sent to %s\n"), id, letter, version, o.to);
	return 0;
}

/* Reads a whole evidence file, refusing past max bytes without reading on. */
static poa_status read_evidence(const char *path, size_t max, char **data, size_t *len, poa_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return poa_error_set(err, POA_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
	*data = malloc(max + 1);
	*len = *data ? fread(*data, 1, max + 1, f) : 0;
	int bad = ferror(f);
	fclose(f);
	if (!*data)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (bad)
		return poa_error_set(err, POA_ERR_IO, "%s: cannot read", path);
	return POA_OK;
}

static int case_attach(int argc, char **argv, cli_common *common, poa_db *db)
{
	sub_opts o = {0};
	int rc;
	long long id = sub_begin(argc, argv, common, &o, "attach", &rc);
	if (!id)
		return rc;
	if (optind + 1 >= argc || !o.kind) {
		fprintf(stderr, _("poa case attach: name the file and --kind invoice|loa|licence|photo|other\n"));
		return POA_ERR_USAGE;
	}
	const char *path = argv[optind + 1], *base = strrchr(path, '/');
	poa_error err = {0};
	poa_kb *kb = NULL;
	char *data = NULL;
	size_t len = 0;
	poa_evidence_added a;
	poa_status st = poa_kb_load(common->kb_dir, &kb, &err);
	/* One byte past the limit is enough to refuse it. */
	if (!st)
		st = read_evidence(path, 64u << 20, &data, &len, &err);
	if (!st)
		st = poa_db_evidence_add(db, kb, id, o.kind, base ? base + 1 : path, data, len, o.date, common->today, &a,
					 &err);
	free(data);
	poa_kb_free(kb);
	if (st)
		return cli_fail(&err);
	if (a.duplicate)
		printf(_("case %lld: %s is attached already\n"), id, path);
	else
		printf(_("case %lld: %s attached as %s (%s)\n"), id, path, o.kind, a.type);
	if (a.too_old)
		fprintf(stderr,
			_("poa: warning: this invoice is %ld days older than the notice; Amazon asks for invoices from "
			  "within its look-back window (usually 365 days)\n"),
			a.age_days);
	return 0;
}

static const case_sub subs[] = {
	{"new", "NOTICE...", case_new},     {"list", "", case_list},     {"show", "ID", case_show},
	{"answer", "ID", case_answer},      {"status", "ID STATE", case_status},
	{"sent", "ID LETTER --to ADDRESS", case_sent},  {"attach", "ID FILE --kind KIND", case_attach},
};

static int cmd_case_exec(int argc, char **argv, cli_common *common)
{
	if (cli_leading_options(&argc, &argv, common) < 0)
		return POA_ERR_USAGE;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		case_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? POA_ERR_USAGE : 0;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char name[64];
		snprintf(name, sizeof name, "poa case %s", subs[i].name);
		argv[1] = name;  /* for getopt's messages */
		poa_db *db = NULL;
		poa_error err = {0};
		/* Options such as --db and --lang may follow the subcommand: read
		 * them first; --help (in the language chosen before it) needs no
		 * store. */
		sub_opts o = {0};
		int p = parse_sub(argc - 1, argv + 1, common, &o);
		if (p)
			return p < 0 ? POA_ERR_USAGE : 0;
		if (cli_open_db(common, &db, &err))
			return cli_fail(&err);
		int rc = subs[i].run(argc - 1, argv + 1, common, db);
		poa_db_close(db);
		return rc;
	}
	fprintf(stderr, _("poa case: unknown subcommand '%s'; run 'poa case --help'\n"), argv[1]);
	return POA_ERR_USAGE;
}

const struct cmd_entry cmd_case_entry = {
	.name = "case",
	.usage = "SUBCOMMAND [ARG]...",
	.summary = N_("file notices as cases and work them: new, list, show, answer, attach, status, sent"),
	.exec = cmd_case_exec,
};
