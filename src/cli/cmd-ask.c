/* cmd-ask.c — `poa ask NOTICE [-o answers.yaml]`: asks, in the terminal, only
 * the questions this notice and the answers so far make necessary, checks
 * each answer as the answers file would be checked, and saves as it goes. */
#include "case-input.h"
#include "../lib/dynlib.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void ask_usage(FILE *out)
{
	fprintf(out, _("usage: poa ask [--answers FILE] [-o FILE] [--lang en|zh] NOTICE\n\n"
		       "Asks the questions this notice needs, one at a time, and writes your answers\n"
		       "to FILE (default answers.yaml), saving after each one. Start again with the\n"
		       "same file to go on where you stopped.\n\n"
		       "At a question: type the answer and Enter; an empty line skips it; ? shows\n"
		       "help; q saves and stops. Dates are YYYY-MM-DD; lists are separated by commas.\n\n"
		       "  --answers FILE   start from these answers (default: FILE of -o if it exists)\n"
		       "  -o FILE          where to write the answers (- prints them at the end);\n"
		       "                   without it, a case id's answers go into the case\n"
		       "  --lang en|zh     ask in English or Chinese\n"));
}

/* libedit's line editing, loaded when ask runs on a terminal (no other
 * command needs it or the libraries it brings). */
typedef struct line_editor {
	char *(*readline)(const char *);
	int (*add_history)(const char *);
} line_editor;

static int load_editor(line_editor *e)
{
	const poa_dynsym syms[] = {{"readline", (void **)&e->readline}, {"add_history", (void **)&e->add_history}};
	char why[256];
	return poa_dynlib_open("libedit.so.2", syms, sizeof syms / sizeof *syms, why, sizeof why) != NULL;
}

/* A line from the terminal (with editing and history when ed is loaded)
 * or from a pipe (tty 0). */
static char *read_answer(const char *prompt, int tty, const line_editor *ed)
{
	if (tty && ed->readline) {
		char *line = ed->readline(prompt);
		if (line && *line)
			ed->add_history(line);
		return line;
	}
	fputs(prompt, stdout);
	fflush(stdout);
	char buf[4096];
	if (!fgets(buf, sizeof buf, stdin))
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	if (!tty)
		printf("%s\n", buf);  /* the transcript reads as it would on a terminal */
	return strdup(buf);
}

/* Writes the answers to path through a temporary file and rename, so that
 * a crash never leaves half a file; "-" prints them on standard output. */
static poa_status save(const char *path, const poa_answers *a, poa_error *err)
{
	if (strcmp(path, "-") == 0) {
		char *text = poa_answers_emit(a);
		if (!text)
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		fputs(text, stdout);
		free(text);
		return POA_OK;
	}
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	char *text = poa_answers_emit(a);
	FILE *f = text ? fopen(tmp, "w") : NULL;
	if (!f) {
		free(text);
		return poa_error_set(err, POA_ERR_IO, "%s: cannot write: %s", tmp, strerror(errno));
	}
	fputs("# Answers for poa (poa ask writes this file; edit it freely).\n", f);
	fputs(text, f);
	free(text);
	int bad = ferror(f);
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		unlink(tmp);
		return poa_error_set(err, POA_ERR_IO, "%s: cannot save the answers", path);
	}
	return POA_OK;
}

/* Saves after each answer: to the case, or to the answers file (not to
 * standard output, which gets them once at the end). */
static poa_status keep(case_input *c, const char *outpath, const cli_common *common, poa_error *err)
{
	if (!outpath)
		return poa_db_case_answer(c->db, c->case_id, c->answers, common->today, err);
	return strcmp(outpath, "-") == 0 ? POA_OK : save(outpath, c->answers, err);
}

/* Asks one question until it gets a valid answer, a skip or a quit.
 * Returns 1 answered, 0 skipped, -1 quit. */
static int ask_one(case_input *c, const cli_common *common, const char *id, int tty, const line_editor *ed)
{
	const char *prompt = poa_kb_question_prompt(c->kb, id, common->lang);
	for (;;) {
		/* The question on its own line, then readline's "> ": libedit
		 * loses a newline inside its prompt. */
		printf("%s\n", prompt ? prompt : id);
		fflush(stdout);
		char *ans = read_answer("> ", tty, ed);
		if (!ans)
			return -1;
		if (strcmp(ans, "q") == 0) {
			free(ans);
			return -1;
		}
		if (!*ans) {
			free(ans);
			return 0;
		}
		if (strcmp(ans, "?") == 0) {
			const char *help = poa_kb_question_help(c->kb, id, common->lang);
			printf("%s\n", help ? help : _("No more help for this question."));
			free(ans);
			continue;
		}
		char set[1200];
		snprintf(set, sizeof set, "%s=%s", id, ans);
		free(ans);
		poa_error err = {0};
		if (poa_answers_set(c->kb, c->answers, set, common->today, &err) == POA_OK)
			return 1;
		/* The library names the answer's origin, "--set"; here it is the
		 * line just typed. */
		const char *msg = err.message;
		if (strncmp(msg, "--set: ", 7) == 0)
			msg += 7;
		printf("%s\n", msg);
	}
}

static int cmd_ask_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"answers", required_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS, {NULL, 0, NULL, 0},
	};
	case_input c = {0};
	const char *outpath = NULL;
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "ho:", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'a': c.answers_path = optarg; break;
		case 'o': outpath = optarg; break;
		case 'h': ask_usage(stdout); return 0;
		default: ask_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, _("poa ask: name one notice file\n"));
		return POA_ERR_USAGE;
	}
	c.notice_path = argv[optind];
	poa_error err = {0};
	if (case_input_load(&c, common, &err) != POA_OK) {
		case_input_free(&c);
		return cli_fail(&err);
	}
	/* A case keeps its answers in the store; a notice file's go to -o FILE,
	 * by default answers.yaml, which a later run goes on from. */
	if (!outpath && !c.db)
		outpath = "answers.yaml";
	if (outpath && !c.answers_path && strcmp(outpath, "-") != 0 && access(outpath, R_OK) == 0) {
		poa_answers *before = NULL;
		if (poa_answers_load(c.kb, outpath, common->today, &before, &err) != POA_OK ||
		    poa_answers_merge(c.answers, before, &err) != POA_OK) {
			poa_answers_free(before);
			case_input_free(&c);
			return cli_fail(&err);
		}
		poa_answers_free(before);
	}
	int tty = isatty(STDIN_FILENO), rc = 0;
	line_editor ed = {0};
	if (tty && !load_editor(&ed))
		ed.readline = NULL;  /* no libedit: plain lines still work */
	/* The questions change with each answer: ask the first still open
	 * that was not skipped, until none is left. */
	const char *skipped[256];
	size_t nskipped = 0;
	for (;;) {
		poa_plan *p = NULL;
		if (poa_plan_make(c.kb, c.notice, c.answers, &p, &err) != POA_OK) {
			rc = cli_fail(&err);
			break;
		}
		const char *next = NULL;
		for (size_t i = 0; i < poa_plan_question_count(p) && !next; i++) {
			const char *id = poa_plan_question(p, i);
			int seen = 0;
			for (size_t k = 0; k < nskipped; k++)
				seen |= strcmp(skipped[k], id) == 0;
			if (!seen)
				next = id;
		}
		poa_plan_free(p);
		if (!next)
			break;
		int r = ask_one(&c, common, next, tty, &ed);
		if (r < 0)
			break;
		if (r == 0 && nskipped < 256)
			skipped[nskipped++] = next;
		if (r == 1 && keep(&c, outpath, common, &err) != POA_OK) {
			rc = cli_fail(&err);
			break;
		}
	}
	if (!rc && outpath && save(outpath, c.answers, &err) != POA_OK)
		rc = cli_fail(&err);
	if (!rc && !outpath)
		fprintf(stderr, _("poa: answers saved in case %lld; next: poa plan %lld\n"), c.case_id, c.case_id);
	else if (!rc && strcmp(outpath, "-") != 0)
		fprintf(stderr, _("poa: answers saved to %s; next: poa plan --answers %s %s\n"), outpath, outpath,
			c.notice_path);
	case_input_free(&c);
	return rc;
}

const struct cmd_entry cmd_ask_entry = {
	.name = "ask",
	.usage = "[-o FILE] NOTICE",
	.summary = N_("answer the questions this notice needs; writes an answers file"),
	.exec = cmd_ask_exec,
};
