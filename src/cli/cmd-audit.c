/* cmd-audit.c — `poa audit REPORT...`: sweep listing reports for the
 * complained-about brand and for restricted claims. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void audit_usage(FILE *out)
{
	fprintf(out, _("usage: poa audit [--terms FILE]... [--notice FILE] [--exclude FILE]... [--columns LIST]\n"
		       "                 [--format text|tsv|json] [--encoding CHARSET] REPORT...\n\n"
		       "Sweeps listing reports for terms: the brand of a rights owner, restricted claims.\n"
		       "Every occurrence is listed with its row, SKU, ASIN, column and the text around it,\n"
		       "then a summary (listings read, listings with terms, hits per term).\n\n"
		       "REPORT is Amazon's All Listings or Active Listings report (tab-separated), an\n"
		       "inventory flat file, or a CSV saved from a spreadsheet; UTF-8 (with or without\n"
		       "BOM), UTF-16, Windows-1252, Shift_JIS or GB18030.\n\n"
		       "  --terms FILE      terms to look for, one a line ('#' starts a comment); kb:NAME\n"
		       "                    for a bundled list (kb:pesticide-claims, kb:medical-claims,\n"
		       "                    kb:all); may be repeated\n"
		       "  --notice FILE     look for the rights owner and brand the notice names\n"
		       "  --case ID         the same for a case's notice; the result goes on its\n"
		       "                    timeline and the listings read become its catalogue_size\n"
		       "  --exclude FILE    phrases that silence the hits inside them (your own brand),\n"
		       "                    one a line; may be repeated\n"
		       "  --columns LIST    columns to read: names or numbers, comma-separated\n"
		       "                    (default: the title, description, bullet point, keyword and\n"
		       "                    brand columns; every column when the report has none of them)\n"
		       "  --format FMT      text (default), tsv, or json\n"
		       "  --encoding CS     the reports' charset (default: detected)\n"
		       "  --threads N       threads to read with (default: up to 2)\n"
		       "  --kb DIR          read the bundled lists from DIR/terms\n\n"
		       "Without --terms and --notice the bundled lists are used. Terms match whole words\n"
		       "and phrases, ignoring case, width and the punctuation between words.\n"
		       "Exit status: 0 no term found; 1 terms found; 3 file missing; 4 unusable input;\n"
		       "6 knowledge base error; 8 store error; 9 no such case; 64 usage error.\n"));
}

typedef struct audit_args {
	const char *format, *columns, *encoding, *notice, *case_arg;
	const char **terms, **excludes;
	size_t nterms, nexcludes;
	int threads;
} audit_args;

static int push_arg(const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof *nv);
	if (!nv)
		return -1;
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

static int parse(int argc, char **argv, cli_common *common, audit_args *a)
{
	static const struct option longopts[] = {
		{"terms", required_argument, NULL, 't'},   {"notice", required_argument, NULL, 'n'},
		{"exclude", required_argument, NULL, 'x'}, {"columns", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},  {"encoding", required_argument, NULL, 'e'},
		{"threads", required_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'},
		{"case", required_argument, NULL, 'C'},
		CLI_COMMON_LONG_OPTIONS,                   {NULL, 0, NULL, 0},
	};
	int opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 't':
			if (push_arg(&a->terms, &a->nterms, optarg))
				return POA_ERR_NOMEM;
			break;
		case 'x':
			if (push_arg(&a->excludes, &a->nexcludes, optarg))
				return POA_ERR_NOMEM;
			break;
		case 'n': a->notice = optarg; break;
		case 'C': a->case_arg = optarg; break;
		case 'c': a->columns = optarg; break;
		case 'f': a->format = optarg; break;
		case 'e': a->encoding = optarg; break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || n < 1 || n > 8) {
				fprintf(stderr, _("poa audit: --threads takes a number from 1 to 8, not '%s'\n"), optarg);
				return POA_ERR_USAGE;
			}
			a->threads = (int)n;
			break;
		}
		case 'h': audit_usage(stdout); return -1;
		default: audit_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "tsv") != 0 && strcmp(a->format, "json") != 0) {
		fprintf(stderr, _("poa audit: --format takes text, tsv or json, not '%s'\n"), a->format);
		return POA_ERR_USAGE;
	}
	if (optind >= argc) {
		fprintf(stderr, _("poa audit: name at least one listing report (the All Listings report, a flat file "
				  "or a CSV)\n"));
		return POA_ERR_USAGE;
	}
	return 0;
}

/* The notice's rights owner and brand. */
static poa_status notice_terms(poa_audit_terms *t, const char *path, const cli_common *common, poa_error *err)
{
	poa_kb *kb = NULL;
	poa_input *in = NULL;
	poa_message *m = NULL;
	poa_notice *n = NULL;
	poa_input_options opt = {0};
	poa_status st = poa_kb_load(common->kb_dir, &kb, err);
	if (!st)
		st = poa_input_open(path, &opt, &in, err);
	if (!st)
		st = poa_input_next(in, &m, err);
	if (!st && !m)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: holds no message", path);
	if (!st)
		st = poa_notice_read(kb, m, &n, err);
	if (!st) {
		st = poa_audit_terms_from_notice(t, n, err);
		if (st == POA_ERR_INPUT)
			snprintf(err->message, sizeof err->message, "%s: the notice names no rights owner, so there is "
				 "no brand to sweep for; give the brand with --terms FILE", path);
	}
	poa_notice_free(n);
	poa_message_free(m);
	poa_input_free(in);
	poa_kb_free(kb);
	return st;
}

/* The rights owner and brand of a case's notice. */
static poa_status case_terms(poa_audit_terms *t, poa_db *db, long long id, const cli_common *common, poa_error *err)
{
	poa_kb *kb = NULL;
	poa_message *m = NULL;
	poa_notice *n = NULL;
	poa_status st = poa_kb_load(common->kb_dir, &kb, err);
	if (!st)
		st = poa_db_case_notice(db, kb, id, &m, &n, err);
	if (!st && (st = poa_audit_terms_from_notice(t, n, err)) == POA_ERR_INPUT)
		snprintf(err->message, sizeof err->message,
			 "case %lld: its notice names no rights owner, so there is no brand to sweep for; give the brand "
			 "with --terms FILE", id);
	poa_notice_free(n);
	poa_message_free(m);
	poa_kb_free(kb);
	return st;
}

/* What the sweep found goes into the case: its timeline, and the number of
 * listings checked as the answer the Plan of Action states
 * (catalogue_size), so the letter gives the real figure. */
static poa_status record_in_case(poa_db *db, long long id, const poa_audit *au, const cli_common *common,
				 poa_error *err)
{
	char detail[160], set[64];
	snprintf(detail, sizeof detail, "%zu listings read, %zu with terms, %zu hits", poa_audit_rows(au),
		 poa_audit_rows_with_hits(au), poa_audit_hit_count(au));
	snprintf(set, sizeof set, "catalogue_size=%zu", poa_audit_rows(au));
	poa_kb *kb = NULL;
	poa_answers *a = NULL;
	poa_status st = poa_db_case_note(db, id, common->today, "audit", detail, err);
	if (!st)
		st = poa_kb_load(common->kb_dir, &kb, err);
	if (!st)
		st = poa_answers_load(kb, NULL, common->today, &a, err);
	if (!st)
		st = poa_answers_set(kb, a, set, common->today, err);
	if (!st)
		st = poa_db_case_answer(db, id, a, common->today, err);
	poa_answers_free(a);
	poa_kb_free(kb);
	if (!st)
		fprintf(stderr, _("poa: case %lld: audit recorded (%s); catalogue_size is now %zu\n"), id, detail,
			poa_audit_rows(au));
	return st;
}

static poa_status load_terms(poa_audit_terms *t, const audit_args *a, const cli_common *common, poa_db *db,
			     long long case_id, poa_error *err)
{
	poa_status st = POA_OK;
	for (size_t i = 0; i < a->nterms && !st; i++) {
		if (strncmp(a->terms[i], "kb:", 3) == 0 && access(a->terms[i], F_OK) != 0)
			st = poa_audit_terms_load_kb(t, common->kb_dir, a->terms[i] + 3, err);
		else
			st = poa_audit_terms_load_file(t, a->terms[i], 0, err);
	}
	if (!st && a->notice)
		st = notice_terms(t, a->notice, common, err);
	else if (!st && case_id)
		st = case_terms(t, db, case_id, common, err);
	if (!st && !a->nterms && !a->notice && !case_id)
		st = poa_audit_terms_load_kb(t, common->kb_dir, NULL, err);
	for (size_t i = 0; i < a->nexcludes && !st; i++)
		st = poa_audit_terms_load_file(t, a->excludes[i], 1, err);
	return st;
}

typedef struct progress_state {
	int shown;
} progress_state;

static void on_progress(void *ctx, const char *file, size_t done, size_t total)
{
	progress_state *p = ctx;
	if (!total)
		return;
	unsigned pct = (unsigned)(done >= total ? 100 : done * 100 / total);
	fprintf(stderr, "\rpoa audit: %s %3u%%", file, pct);
	p->shown = 1;
}

static void on_warning(void *ctx, const char *msg)
{
	progress_state *p = ctx;
	if (p->shown) {
		fputs("\r\033[K", stderr);
		p->shown = 0;
	}
	fprintf(stderr, "poa audit: %s\n", msg);
}

typedef struct hit_ctx {
	poa_audit_writer *w;
	progress_state progress;
} hit_ctx;

static void on_hit(void *ctx, const poa_audit_hit *h)
{
	poa_audit_writer_hit(((hit_ctx *)ctx)->w, h);
}

static void ctx_progress(void *ctx, const char *file, size_t done, size_t total)
{
	on_progress(&((hit_ctx *)ctx)->progress, file, done, total);
}

static void ctx_warning(void *ctx, const char *msg)
{
	on_warning(&((hit_ctx *)ctx)->progress, msg);
}

static int cmd_audit_exec(int argc, char **argv, cli_common *common)
{
	audit_args a = {.format = "text"};
	int rc = parse(argc, argv, common, &a);
	if (rc) {
		free(a.terms);
		free(a.excludes);
		return rc < 0 ? 0 : rc;
	}
	poa_error err = {0};
	poa_audit_terms *t = NULL;
	poa_audit *au = NULL;
	hit_ctx hc = {0};
	poa_audit_format fmt = strcmp(a.format, "json") == 0  ? POA_AUDIT_JSON
			       : strcmp(a.format, "tsv") == 0 ? POA_AUDIT_TSV
							      : POA_AUDIT_TEXT;
	poa_db *db = NULL;
	long long case_id = 0;
	if (a.case_arg && !(case_id = cli_case_id(a.case_arg))) {
		free(a.terms);
		free(a.excludes);
		return POA_ERR_USAGE;
	}
	poa_status st = case_id ? cli_open_db(common, &db, &err) : POA_OK;
	if (!st)
		st = poa_audit_terms_new(&t, &err);
	if (!st)
		st = load_terms(t, &a, common, db, case_id, &err);
	if (!st && poa_audit_terms_count(t) == 0)
		st = poa_error_set(&err, POA_ERR_USAGE, "no term to look for: give --terms FILE or --notice FILE");
	if (st) {
		rc = cli_fail(&err);
		goto done;
	}
	poa_audit_options opt = {
		.columns = a.columns, .encoding = a.encoding, .threads = a.threads, .on_hit = on_hit,
		.progress = isatty(STDERR_FILENO) ? ctx_progress : NULL, .warning = ctx_warning, .ctx = &hc,
	};
	if ((st = poa_audit_writer_new(stdout, fmt, common->color, &hc.w, &err)) ||
	    (st = poa_audit_new(t, &opt, &au, &err))) {
		rc = cli_fail(&err);
		goto done;
	}
	int worst = 0, read = 0;
	for (int i = optind; i < argc; i++) {
		poa_error e = {0};
		if (poa_audit_report(au, argv[i], &e) == POA_OK) {
			read++;
		} else {
			if (hc.progress.shown) {
				fputs("\r\033[K", stderr);
				hc.progress.shown = 0;
			}
			int r = cli_fail(&e);
			if (r > worst)
				worst = r;
		}
	}
	if (hc.progress.shown)
		fputs("\r\033[K", stderr);
	/* No report read: the messages say why; no summary of nothing. */
	if (read && poa_audit_writer_finish(hc.w, au, &err) != POA_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	if (read && case_id && record_in_case(db, case_id, au, common, &err) != POA_OK) {
		rc = cli_fail(&err);
		goto done;
	}
	rc = worst ? worst : poa_audit_hit_count(au) ? 1 : 0;
done:
	poa_db_close(db);
	poa_audit_free(au);
	poa_audit_writer_free(hc.w);
	poa_audit_terms_free(t);
	free(a.terms);
	free(a.excludes);
	return rc;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = "[--terms FILE]... [--notice FILE] [--format text|tsv|json] REPORT...",
	.summary = N_("sweep listing reports for a brand or restricted claims"),
	.exec = cmd_audit_exec,
};
