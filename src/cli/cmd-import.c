/* cmd-import.c — `poa import PATH...`: mail archives (mbox, Maildir, a
 * folder of .eml files) into the case store, or a poa export read back. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void import_usage(FILE *out)
{
	fprintf(out, _("usage: poa import [--store NAME] [--json] PATH...\n\n"
		       "Reads mail archives into the case store: an mbox, a Maildir (new/ and cur/),\n"
		       "or a folder of .eml files. Every marketplace notice files a case or joins the\n"
		       "case of the same complaint; other messages are counted and skipped; an\n"
		       "unreadable message is listed with its position and the import goes on.\n"
		       "Importing the same archive again adds nothing. A file written by poa export\n"
		       "is read back whole instead.\n\n"
		       "  --store NAME   file the notices under this seller account\n"
		       "  --json         print the summary as JSON\n\n"
		       "Exit status: 0 imported; 3 file missing; 4 not readable as mail or export;\n"
		       "8 store error; 9 no such store; 64 usage.\n"));
}

/* A JSON object: an export (poa_db_import_json says when it is not one);
 * mail never starts with '{'. */
static int is_export(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char head[256] = "";
	size_t n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[n] = '\0';
	const char *p = head + strspn(head, " \t\r\n");
	return *p == '{';
}

static poa_status import_export(poa_db *db, const char *path, poa_error *err)
{
	poa_input *in = NULL;
	poa_message *m = NULL;
	int added = 0;
	/* The same reader as notices: size limits, encodings and clear errors. */
	/* An export holds every notice and evidence file of the store: far more
	 * than one notice may be. */
	poa_input_options io = {.as_letter = 1, .max_message = (size_t)1 << 30};
	poa_status st = poa_input_open(path, &io, &in, err);
	if (!st)
		st = poa_input_next(in, &m, err);
	if (!st && !m)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: empty", path);
	if (!st) {
		size_t len;
		const char *text = poa_message_text(m, &len);
		st = poa_db_import_json(db, path, text, len, &added, err);
	}
	poa_message_free(m);
	poa_input_free(in);
	if (!st)
		printf(_("%s: %d cases imported\n"), path, added);
	return st;
}

typedef struct progress {
	int tty;
	time_t started;
} progress;

static void show_progress(void *ctx, const char *path, size_t messages)
{
	progress *p = ctx;
	if (!p->tty || messages % 500 != 0 || time(NULL) - p->started < 1)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("poa: %s: %zu messages read"), path, messages);
	fflush(stderr);
}

static int cmd_import_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"store", required_argument, NULL, 's'}, {"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},        CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	int opt, json = 0;
	const char *store = NULL;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 's': store = optarg; break;
		case 'j': json = 1; break;
		case 'h': import_usage(stdout); return 0;
		default: import_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		import_usage(stderr);
		return POA_ERR_USAGE;
	}
	poa_error err = {0};
	poa_db *db = NULL;
	poa_kb *kb = NULL;
	poa_import_summary *sum = poa_import_summary_new();
	progress pr = {.tty = isatty(STDERR_FILENO), .started = time(NULL)};
	poa_import_options io = {.store = store, .now = common->today, .progress = show_progress, .progress_ctx = &pr};
	poa_status st = sum ? cli_open_db(common, &db, &err) : poa_error_set(&err, POA_ERR_NOMEM, "out of memory");
	if (!st && store)
		st = poa_db_store_check(db, store, &err);
	if (!st)
		st = poa_kb_load(common->kb_dir, &kb, &err);
	if (!st)
		poa_kb_optimize(kb);  /* thousands of messages: JIT-compiling the patterns pays */
	int mail = 0;
	for (int i = optind; !st && i < argc; i++) {
		if (is_export(argv[i])) {
			st = import_export(db, argv[i], &err);
		} else {
			mail = 1;
			st = poa_db_import_mail(db, kb, argv[i], &io, sum, &err);
		}
	}
	if (pr.tty && mail)
		fputs("\r\033[K", stderr);
	if (!st && mail && json) {
		char *text = poa_import_summary_json(sum);
		printf("%s\n", text ? text : "{}");
		free(text);
	} else if (!st && mail) {
		poa_import_summary_write_text(stdout, sum);
	}
	poa_import_summary_free(sum);
	poa_kb_free(kb);
	poa_db_close(db);
	return st ? cli_fail(&err) : 0;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "PATH...",
	.summary = N_("read mail archives (mbox, Maildir, .eml) or an export into the store"),
	.exec = cmd_import_exec,
};
