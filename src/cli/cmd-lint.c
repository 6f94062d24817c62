/* cmd-lint.c — `poa lint LETTER`: check a letter before it is sent. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void lint_usage(FILE *out)
{
	fprintf(out, _("usage: poa lint [--notice FILE] [--kind KIND] [--format text|json|sarif] [--lang en|zh] LETTER\n\n"
		       "Checks a letter against the reasons Amazon rejects appeals: missing sections,\n"
		       "ASINs or complaints not answered, the wrong route or violation, vague root\n"
		       "causes, blame, future-tense actions, promises without controls, pleading,\n"
		       "threats, placeholders, Chinese text, pasted notice text, and more.\n\n"
		       "  --notice FILE   also check the letter against this notice (.eml, .txt, ...)\n"
		       "  --kind KIND     poa, dispute, retraction, rights_owner_request or\n"
		       "                  counter_notice (default: detected)\n"
		       "  --format FMT    text (default), json, or sarif (SARIF 2.1.0)\n"
		       "  --lang en|zh    messages in English or Chinese\n"
		       "  --kb DIR        read the rules from DIR/lint\n\n"
		       "LETTER is a text file, or - for standard input.\n"
		       "Exit status: 0 no findings or advice only; 1 warnings; 2 at least one blocker;\n"
		       "3 file missing; 4 unusable input; 6 knowledge base error; 64 usage error.\n"));
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
	const char *notice, *kind, *format, *letter;
} lint_args;

static int parse(int argc, char **argv, cli_common *common, lint_args *a)
{
	static const struct option longopts[] = {
		{"notice", required_argument, NULL, 'n'},
		{"kind", required_argument, NULL, 'k'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'n': a->notice = optarg; break;
		case 'k': a->kind = optarg; break;
		case 'f': a->format = optarg; break;
		case 'h': lint_usage(stdout); return -1;
		default: lint_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0 && strcmp(a->format, "sarif") != 0) {
		fprintf(stderr, _("poa lint: --format takes text, json or sarif, not '%s'\n"), a->format);
		return POA_ERR_USAGE;
	}
	if (optind != argc - 1) {
		fprintf(stderr, _("poa lint: name one letter file (or - for standard input)\n"));
		return POA_ERR_USAGE;
	}
	a->letter = argv[optind];
	return 0;
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
	int worst = poa_lint_worst(l);
	return worst == POA_LINT_BLOCK ? 2 : worst == POA_LINT_WARN ? 1 : 0;
}

static int cmd_lint_exec(int argc, char **argv, cli_common *common)
{
	lint_args a = {.format = "text"};
	int rc = parse(argc, argv, common, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	poa_error err = {0};
	poa_kb *kb = NULL;
	poa_message *letter = NULL, *nm = NULL;
	poa_notice *notice = NULL;
	poa_lint *l = NULL;
	poa_status st = poa_kb_load(common->kb_dir, &kb, &err);
	if (st == POA_OK)
		st = read_first(a.letter, 1, &letter, &err);
	if (st == POA_OK && a.notice && (st = read_first(a.notice, 0, &nm, &err)) == POA_OK)
		st = poa_notice_read(kb, nm, &notice, &err);
	if (st == POA_OK) {
		size_t len;
		const char *text = poa_message_text(letter, &len);
		st = poa_lint_letter(kb, poa_message_origin(letter), text, len, a.kind, notice, &l, &err);
	}
	rc = st == POA_OK ? output(l, kb, &a, common) : cli_fail(&err);
	poa_lint_free(l);
	poa_notice_free(notice);
	poa_message_free(nm);
	poa_message_free(letter);
	poa_kb_free(kb);
	return rc;
}

const struct cmd_entry cmd_lint_entry = {
	.name = "lint",
	.usage = "[--notice FILE] [--format text|json|sarif] LETTER",
	.summary = N_("check a letter before it is sent: blockers, warnings, advice"),
	.exec = cmd_lint_exec,
};
