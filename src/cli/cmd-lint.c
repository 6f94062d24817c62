/* cmd-lint.c — `poa lint LETTER`: check a letter before it is sent. With a
 * case (--case ID, or a case id in place of the letter) the letter is also
 * checked against the case's notice and the letters already sent for it,
 * and the result goes on the case's timeline. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void lint_usage(FILE *out)
{
	fprintf(out, _("usage: poa lint [--notice FILE] [--answers FILE] [--case ID] [--kind KIND]\n"
		       "                [--format text|json|sarif] [--lang en|zh] LETTER\n"
		       "       poa lint [--format text|json] CASE-ID\n"
		       "       poa lint --explain RULE\n\n"
		       "Checks a letter against the reasons Amazon rejects appeals: missing sections,\n"
		       "ASINs or complaints not answered, the wrong route or violation, vague root\n"
		       "causes, blame, future-tense actions, promises without controls, pleading,\n"
		       "threats, placeholders, Chinese text, pasted notice text, and more.\n\n"
		       "  --notice FILE   also check the letter against this notice (.eml, .txt, ...)\n"
		       "  --answers FILE  your answers: the ASINs and complaint IDs they add must be\n"
		       "                  answered too; their names pass the spelling check\n"
		       "  --case ID       check it against a case of the case store: its notice, its\n"
		       "                  answers and the letters already sent (a resubmitted letter\n"
		       "                  is a blocker)\n"
		       "  --kind KIND     poa, dispute, retraction, rights_owner_request or\n"
		       "                  counter_notice (default: detected)\n"
		       "  --format FMT    text (default), json, or sarif (SARIF 2.1.0)\n"
		       "  --lang en|zh    messages in English or Chinese\n"
		       "  --kb DIR        read the rules from DIR/lint\n"
		       "  --explain RULE  what a rule catches, why, a bad and a good example, and how\n"
		       "                  to fix it (RULE as a finding names it: R14-unbacked-claim)\n\n"
		       "LETTER is a text file, or - for standard input. A case id in its place checks\n"
		       "the newest version of every letter of the case.\n"
		       "Exit status: 0 no findings or advice only; 1 warnings; 2 at least one blocker;\n"
		       "3 file missing; 4 unusable input; 5 too large; 6 knowledge base error;\n"
		       "8 store error; 9 no such case; 64 usage error.\n"));
}

/* The first message of path, decoded: a letter, or the notice it answers. */
static poa_status read_first(const char *path, int as_letter, poa_message **m, poa_error *err)
{
	poa_input *in = NULL;
	poa_input_options opt = {.as_letter = as_letter};
	poa_status st = poa_input_open(path, &opt, &in, err);
	if (st == POA_OK)
		st = poa_input_next(in, m, err);
	if (st == POA_OK && !*m)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: holds no message", path);
	poa_input_free(in);
	return st;
}

typedef struct lint_args {
	const char *notice, *kind, *format, *letter, *case_arg, *answers, *explain;
} lint_args;

/* What the letters are checked against. */
typedef struct lint_ctx {
	poa_kb *kb;
	poa_db *db;
	long long case_id;
	poa_message *nm;
	poa_notice *notice;
	poa_answers *answers;
	char **sent;
	size_t nsent;
} lint_ctx;

static int parse(int argc, char **argv, cli_common *common, lint_args *a)
{
	static const struct option longopts[] = {
		{"notice", required_argument, NULL, 'n'}, {"case", required_argument, NULL, 'c'},
		{"answers", required_argument, NULL, 'a'},
		{"kind", required_argument, NULL, 'k'},   {"format", required_argument, NULL, 'f'},
		{"explain", required_argument, NULL, 'e'}, {"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'n': a->notice = optarg; break;
		case 'c': a->case_arg = optarg; break;
		case 'a': a->answers = optarg; break;
		case 'k': a->kind = optarg; break;
		case 'f': a->format = optarg; break;
		case 'e': a->explain = optarg; break;
		case 'h': lint_usage(stdout); return -1;
		default: lint_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0 && strcmp(a->format, "sarif") != 0) {
		fprintf(stderr, _("poa lint: --format takes text, json or sarif, not '%s'\n"), a->format);
		return POA_ERR_USAGE;
	}
	if (a->explain && optind != argc) {
		fprintf(stderr, _("poa lint: --explain takes a rule, not a letter as well\n"));
		return POA_ERR_USAGE;
	}
	if (!a->explain && optind != argc - 1) {
		fprintf(stderr, _("poa lint: name one letter file (or - for standard input)\n"));
		return POA_ERR_USAGE;
	}
	a->letter = a->explain ? NULL : argv[optind];
	return 0;
}

/* poa lint --explain RULE: the rule's page, as written (Markdown reads as
 * plain text). */
static int explain(const char *rule)
{
	const char *page = poa_lint_rule_page(rule);
	if (!page) {
		fprintf(stderr, _("poa lint: no rule '%s'; give it as a finding names it in brackets, such as "
				  "R14-unbacked-claim\n"),
			rule);
		return POA_ERR_USAGE;
	}
	fputs(page, stdout);
	return fflush(stdout) == 0 ? 0 : POA_ERR_IO;
}

/* A case id where the letter goes: digits, and no file of that name. */
static int letter_is_case(const char *arg)
{
	return *arg && strspn(arg, "0123456789") == strlen(arg) && access(arg, F_OK) != 0;
}

static poa_status load_context(lint_ctx *x, const lint_args *a, const cli_common *common, poa_error *err)
{
	poa_status st = poa_kb_load(common->kb_dir, &x->kb, err);
	if (!st && a->case_arg && !(x->case_id = cli_case_id(a->case_arg)))
		return POA_ERR_USAGE;
	if (!st && x->case_id) {
		poa_message *m = NULL;
		poa_notice *n = NULL;
		st = cli_open_db(common, &x->db, err);
		if (!st)
			st = poa_db_case_notice(x->db, x->kb, x->case_id, &m, &n, err);
		if (!st && !a->notice) {
			x->nm = m;
			x->notice = n;
		} else {
			poa_notice_free(n);
			poa_message_free(m);
		}
		if (!st)
			st = poa_db_sent_texts(x->db, x->case_id, &x->sent, &x->nsent, err);
		/* A case's stored answers, unless a file is given. */
		if (!st && !a->answers)
			st = poa_db_case_answers(x->db, x->kb, x->case_id, common->today, &x->answers, err);
	}
	if (!st && a->answers)
		st = poa_answers_load(x->kb, a->answers, common->today, &x->answers, err);
	if (!st && a->notice && (st = read_first(a->notice, 0, &x->nm, err)) == POA_OK)
		st = poa_notice_read(x->kb, x->nm, &x->notice, err);
	return st;
}

static void free_context(lint_ctx *x)
{
	poa_db_free_list(x->sent, x->nsent);
	poa_answers_free(x->answers);
	poa_notice_free(x->notice);
	poa_message_free(x->nm);
	poa_db_close(x->db);
	poa_kb_free(x->kb);
}

static int exit_of(int worst)
{
	return worst == POA_LINT_BLOCK ? 2 : worst == POA_LINT_WARN ? 1 : 0;
}

static const char *worst_word(int worst)
{
	return worst == POA_LINT_BLOCK ? "blockers" : worst == POA_LINT_WARN ? "warnings" : "clean";
}

/* Lints one letter against the context; *l gets the result. */
static poa_status lint_text(const lint_ctx *x, const char *name, const char *text, size_t len, const char *kind,
			    const cli_common *common, poa_lint **l, poa_error *err)
{
	poa_status st = poa_lint_letter_answers(x->kb, name, text, len, kind, x->notice, x->answers, l, err);
	if (!st)
		st = poa_lint_history(x->kb, *l, (const char *const *)x->sent, x->nsent, err);
	if (!st && x->db) {
		char detail[256];
		snprintf(detail, sizeof detail, "%s: %s", name, worst_word(poa_lint_worst(*l)));
		st = poa_db_case_note(x->db, x->case_id, common->today, "lint", detail, err);
	}
	return st;
}

static int output(const poa_lint *l, const poa_kb *kb, const lint_args *a, const cli_common *common)
{
	poa_report_options ro = {.lang = common->lang, .today = common->today, .color = common->color};
	poa_error err = {0};
	if (strcmp(a->format, "text") == 0) {
		if (poa_lint_write_text(stdout, l, &ro, &err) != POA_OK)
			return cli_fail(&err);
	} else {
		char *s = strcmp(a->format, "json") == 0 ? poa_lint_to_json(l, &ro) : poa_lint_to_sarif(l, kb);
		if (!s)
			return POA_ERR_NOMEM;
		printf("%s\n", s);
		free(s);
	}
	return exit_of(poa_lint_worst(l));
}

/* poa lint CASE-ID: the newest version of each of the case's letters. JSON
 * is an array with one object per letter. */
static int lint_case_letters(lint_ctx *x, const lint_args *a, const cli_common *common)
{
	poa_error err = {0};
	char **ids = NULL;
	size_t n = 0;
	int worst = -1, json = strcmp(a->format, "json") == 0;
	poa_status st = poa_db_letter_ids(x->db, x->case_id, &ids, &n, &err);
	if (!st && !n)
		st = poa_error_set(&err, POA_ERR_NOT_FOUND, "case %lld has no letters yet; draft them: poa draft %lld",
				   x->case_id, x->case_id);
	if (json && !st)
		printf("[");
	for (size_t i = 0; !st && i < n; i++) {
		char *text = NULL, *kind = NULL;
		poa_lint *l = NULL;
		st = poa_db_letter_get(x->db, x->case_id, ids[i], &text, &kind, NULL, NULL, &err);
		if (!st)
			st = lint_text(x, ids[i], text, strlen(text), a->kind ? a->kind : kind, common, &l, &err);
		if (!st) {
			poa_report_options ro = {.lang = common->lang, .today = common->today, .color = common->color};
			char *s = json ? poa_lint_to_json(l, &ro) : NULL;
			if (json)
				printf("%s%s", i ? ",\n" : "\n", s ? s : "null");
			else
				poa_lint_write_text(stdout, l, &ro, &err);
			free(s);
			if (poa_lint_worst(l) > worst)
				worst = poa_lint_worst(l);
		}
		poa_lint_free(l);
		free(text);
		free(kind);
	}
	if (json && !st)
		printf("\n]\n");
	poa_db_free_list(ids, n);
	return st ? cli_fail(&err) : exit_of(worst);
}

static int cmd_lint_exec(int argc, char **argv, cli_common *common)
{
	lint_args a = {.format = "text"};
	int rc = parse(argc, argv, common, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.explain)
		return explain(a.explain);
	int whole_case = letter_is_case(a.letter);
	if (whole_case && (a.case_arg || strcmp(a.format, "sarif") == 0)) {
		fprintf(stderr, _("poa lint: a case id in place of the letter takes neither --case nor --format sarif\n"));
		return POA_ERR_USAGE;
	}
	if (whole_case)
		a.case_arg = a.letter;
	poa_error err = {0};
	lint_ctx x = {0};
	poa_status st = load_context(&x, &a, common, &err);
	if (st == POA_ERR_USAGE && !err.message[0]) {
		free_context(&x);
		return POA_ERR_USAGE;
	}
	if (!st && whole_case) {
		rc = lint_case_letters(&x, &a, common);
		free_context(&x);
		return rc;
	}
	poa_message *letter = NULL;
	poa_lint *l = NULL;
	if (!st)
		st = read_first(a.letter, 1, &letter, &err);
	if (!st) {
		size_t len;
		const char *text = poa_message_text(letter, &len);
		st = lint_text(&x, poa_message_origin(letter), text, len, a.kind, common, &l, &err);
	}
	rc = st == POA_OK ? output(l, x.kb, &a, common) : cli_fail(&err);
	poa_lint_free(l);
	poa_message_free(letter);
	free_context(&x);
	return rc;
}

const struct cmd_entry cmd_lint_entry = {
	.name = "lint",
	.usage = "[--notice FILE] [--format text|json|sarif] LETTER",
	.summary = N_("check a letter before it is sent: blockers, warnings, advice"),
	.exec = cmd_lint_exec,
};
