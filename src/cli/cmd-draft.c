/* cmd-draft.c — `poa draft NOTICE --answers FILE`: every letter of the route,
 * from the seller's real facts, each checked by the linter. */
#include "case-input.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void draft_usage(FILE *out)
{
	fprintf(out, _("usage: poa draft [--answers FILE] [--set id=value]... [--route ID] [--letter ID]\n"
		       "                 [-o DIR] [--partial] [--gloss zh] NOTICE\n\n"
		       "Writes the letters of the best route that fits (or --route), built only from\n"
		       "the notice and your answers. A missing fact stops the draft with the questions\n"
		       "to answer; --partial shows the letters with each gap marked [[MISSING: id]].\n"
		       "Every letter is then checked by poa lint: its blockers are shown on standard\n"
		       "error and the exit status is 2. A route with no letter (APEX, deleting the\n"
		       "listing) says so; poa plan tells what it involves.\n\n"
		       "  --answers FILE   your answers (YAML), as poa ask writes them\n"
		       "  --set id=value   one answer (repeatable)\n"
		       "  --route ID       draft this route instead of the best one\n"
		       "  --letter ID      only this letter of the route\n"
		       "  -o DIR           write each letter to DIR/ID.txt instead of standard output\n"
		       "                   (with --gloss zh, its Chinese rendering to DIR/ID.zh.txt)\n"
		       "  --partial        draft even with facts missing, marking the gaps\n"
		       "  --gloss zh       add the Chinese rendering of each part (to read, not to send)\n\n"
		       "Exit status: 0 letters written; 2 a letter has lint blockers; 7 facts missing;\n"
		       "3 file missing; 4 bad notice or answers; 6 knowledge base error; 8 store\n"
		       "error; 9 no such case; 64 usage.\n"));
}

typedef struct draft_args {
	case_input c;
	poa_draft_options opt;
	const char *dir;
	int gloss;
} draft_args;

static int parse(int argc, char **argv, cli_common *common, draft_args *a)
{
	static const struct option longopts[] = {
		{"answers", required_argument, NULL, 'a'}, {"set", required_argument, NULL, 's'},
		{"route", required_argument, NULL, 'r'},   {"letter", required_argument, NULL, 'l'},
		{"partial", no_argument, NULL, 'p'},       {"gloss", required_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},          CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "ho:", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'a': a->c.answers_path = optarg; break;
		case 's': if (!case_input_add_set(&a->c, optarg)) return POA_ERR_USAGE; break;
		case 'r': a->opt.route = optarg; break;
		case 'l': a->opt.letter = optarg; break;
		case 'p': a->opt.partial = 1; break;
		case 'o': a->dir = optarg; break;
		case 'g':
			if (strcmp(optarg, "zh") != 0) {
				fprintf(stderr, _("poa draft: --gloss takes zh\n"));
				return POA_ERR_USAGE;
			}
			a->gloss = 1;
			break;
		case 'h': draft_usage(stdout); return -1;
		default: draft_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, _("poa draft: name one notice file\n"));
		return POA_ERR_USAGE;
	}
	a->c.notice_path = argv[optind];
	a->opt.today = common->today;
	return 0;
}

/* Writes text to dir/name through a temporary file, so that a letter on disk
 * is always whole. */
static poa_status write_file(const char *dir, const char *name, const char *suffix, const char *text,
			     poa_error *err)
{
	char path[4096], tmp[4200];
	if (!text)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	snprintf(path, sizeof path, "%s/%s%s", dir, name, suffix);
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return poa_error_set(err, POA_ERR_IO, "%s: cannot write: %s", tmp, strerror(errno));
	fputs(text, f);
	int bad = ferror(f);
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return poa_error_set(err, POA_ERR_IO, "%s: cannot write the letter", path);
	}
	return POA_OK;
}

/* The linter's verdict on each letter; blockers are shown on stderr. */
/* Lints every letter; a case keeps each as its next version, with the
 * result. Returns 2 when a letter has blockers. */
static int lint_letters(const draft_args *a, const poa_draft *d, const cli_common *common)
{
	int worst = -1;
	for (size_t i = 0; i < poa_draft_count(d); i++) {
		poa_lint *l = NULL;
		poa_error err = {0};
		const char *text = poa_draft_letter_text(d, i);
		if (poa_lint_letter_answers(a->c.kb, poa_draft_letter_id(d, i), text, strlen(text),
					    poa_draft_letter_kind(d, i), a->c.notice, a->c.answers, &l, &err) != POA_OK)
			return cli_fail(&err);
		poa_report_options ro = {.lang = common->lang};
		if (poa_lint_worst(l) == POA_LINT_BLOCK)
			poa_lint_write_text(stderr, l, &ro, NULL);
		if (poa_lint_worst(l) > worst)
			worst = poa_lint_worst(l);
		int version = 0;
		char *json = a->c.db ? poa_lint_to_json(l, &ro) : NULL;
		poa_status st = a->c.db ? poa_db_letter_add(a->c.db, a->c.case_id, poa_draft_letter_id(d, i),
							  poa_draft_letter_kind(d, i), text, poa_lint_worst(l), json,
							  common->today, &version, &err)
					: POA_OK;
		free(json);
		poa_lint_free(l);
		if (st)
			return cli_fail(&err);
		if (a->c.db)
			fprintf(stderr, _("poa: case %lld: %s saved as version %d\n"), a->c.case_id,
				poa_draft_letter_id(d, i), version);
	}
	return worst == POA_LINT_BLOCK ? 2 : 0;
}

static void show_missing(const draft_args *a, const poa_draft *d, const cli_common *common)
{
	fprintf(stderr, _("Answer these first:\n"));
	for (size_t i = 0; i < poa_draft_missing_count(d); i++) {
		const char *id = poa_draft_missing(d, i);
		const char *prompt = poa_kb_question_prompt(a->c.kb, id, common->lang);
		fprintf(stderr, "  %-24s %s\n", id, prompt ? prompt : _("(a fact the notice does not give)"));
	}
}

/* A partial draft is not a letter to send: it ends with the facts still
 * missing (exit 7) and is not linted. A complete one is linted. */
static int finish(const draft_args *a, const poa_draft *d, const cli_common *common)
{
	if (!poa_draft_missing_count(d))
		return lint_letters(a, d, common);
	fprintf(stderr, _("poa: a partial draft: %zu facts are missing, marked [[MISSING: id]]; it cannot be sent yet\n"),
		poa_draft_missing_count(d));
	show_missing(a, d, common);
	return POA_ERR_FACTS;
}

static int cmd_draft_exec(int argc, char **argv, cli_common *common)
{
	draft_args a = {0};
	int rc = parse(argc, argv, common, &a);
	if (rc)
		return rc < 0 ? 0 : rc;
	poa_error err = {0};
	poa_draft *d = NULL;
	poa_status st = case_input_load(&a.c, common, &err);
	if (!st)
		st = poa_draft_make(a.c.kb, a.c.notice, a.c.answers, &a.opt, &d, &err);
	if (st) {
		rc = cli_fail(&err);
		if (st == POA_ERR_FACTS && d)
			show_missing(&a, d, common);
	} else {
		if (!poa_draft_count(d))
			fprintf(stderr, _("poa: route %s has no letter to draft; poa plan says what it involves\n"),
				poa_draft_route(d));
		if (a.dir) {
			mkdir(a.dir, 0700);  /* an existing folder is fine; other failures show in write_file */
			for (size_t i = 0; i < poa_draft_count(d) && !st; i++) {
				st = write_file(a.dir, poa_draft_letter_id(d, i), ".txt", poa_draft_letter_text(d, i), &err);
				char *gloss = !st && a.gloss ? poa_draft_letter_gloss(d, i) : NULL;
				if (!st && a.gloss)
					st = write_file(a.dir, poa_draft_letter_id(d, i), ".zh.txt", gloss, &err);
				free(gloss);
			}
		} else {
			st = poa_draft_write_text(stdout, a.c.kb, d, a.gloss, &err);
		}
		rc = st ? cli_fail(&err) : finish(&a, d, common);
	}
	poa_draft_free(d);
	case_input_free(&a.c);
	return rc;
}

const struct cmd_entry cmd_draft_entry = {
	.name = "draft",
	.usage = "[--answers FILE] NOTICE",
	.summary = N_("write every letter of the route from your real facts"),
	.exec = cmd_draft_exec,
};
