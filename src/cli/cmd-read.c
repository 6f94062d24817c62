/* cmd-read.c — `poa read FILE...`: what each notice says, in plain words. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void read_usage(FILE *out)
{
	fprintf(out, _("usage: poa read [--json] [--lang en|zh] [--encoding CHARSET] [--today DATE] FILE...\n\n"
		       "Reads Amazon notices and says what happened, what is at stake, the deadline,\n"
		       "the ASINs, complaint IDs, rights owner and IP numbers, and Amazon's options.\n\n"
		       "FILE is an .eml, an mbox of messages, an .html page, a .txt with the pasted\n"
		       "notice, or - for text on standard input.\n\n"
		       "  --json               print a JSON array, one object per notice\n"
		       "  --encoding CHARSET   the charset of text input (default: detected)\n"
		       "  --lang en|zh         explanations and labels in English or Chinese\n"
		       "  --today YYYY-MM-DD   count days left from this date\n"
		       "  --kb DIR             read the knowledge base from DIR\n"
		       "  --color, --no-color  colour the report\n\n"
		       "Exit status: 0 every input read; 3 file missing or unreadable;\n"
		       "4 empty, binary or broken input; 5 input too large; 6 knowledge base error;\n64 usage error.\n"
		       "With several files poa reads them all and exits with the highest status met.\n"));
}

typedef struct read_run {
	poa_kb *kb;
	poa_input_options in_opt;
	poa_report_options out_opt;
	int json;
	size_t printed;     /* JSON objects printed so far */
	size_t messages;    /* messages read, for the progress line */
	time_t started;
	int progress;       /* stderr is a terminal */
	int worst;
} read_run;

static void note_status(read_run *run, poa_status st)
{
	if ((int)st > run->worst)
		run->worst = (int)st;
}

/* Prints one array element, indented one level under the array. */
static void print_indented(const char *s, const char *lead)
{
	fputs(lead, stdout);
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		fwrite(s, 1, (size_t)(nl + 1 - s), stdout);
		fputs("  ", stdout);
	}
	fputs(s, stdout);
}

static void read_message(read_run *run, poa_message *m)
{
	poa_error err = {0};
	poa_notice *n = NULL;
	poa_status st = poa_notice_read(run->kb, m, &n, &err);
	if (st == POA_OK && run->json) {
		char *s = poa_notice_to_json(run->kb, n, m, &run->out_opt);
		if (s)
			print_indented(s, run->printed++ ? ",\n  " : "  ");
		else
			st = poa_error_set(&err, POA_ERR_NOMEM, "out of memory writing JSON");
		free(s);
	} else if (st == POA_OK) {
		st = poa_notice_write_text(stdout, run->kb, n, m, &run->out_opt, &err);
	}
	if (st != POA_OK)
		note_status(run, (poa_status)cli_fail(&err));
	poa_notice_free(n);
}

/* A mailbox can take a while: after a second, say how far it got (only on
 * a terminal, so scripts and logs stay clean). */
static void show_progress(read_run *run, const char *path)
{
	run->messages++;
	if (!run->progress || run->messages % 200 != 0 || time(NULL) - run->started < 1)
		return;
	fputc('\r', stderr);
	fprintf(stderr, _("poa: %s: %zu messages read"), path, run->messages);
	fflush(stderr);
}

static void read_file(read_run *run, const char *path)
{
	poa_error err = {0};
	poa_input *in = NULL;
	poa_status st = poa_input_open(path, &run->in_opt, &in, &err);
	if (st != POA_OK) {
		note_status(run, (poa_status)cli_fail(&err));
		return;
	}
	if (poa_input_get_form(in) == POA_FORM_MBOX)
		poa_kb_optimize(run->kb);
	for (;;) {
		poa_message *m = NULL;
		st = poa_input_next(in, &m, &err);
		if (st != POA_OK) {
			/* One broken message of a mailbox does not stop the rest. */
			note_status(run, (poa_status)cli_fail(&err));
			if (poa_input_get_form(in) != POA_FORM_MBOX)
				break;
			continue;
		}
		if (!m)
			break;
		read_message(run, m);
		show_progress(run, path);
		poa_message_free(m);
	}
	poa_input_free(in);
	if (run->progress && run->messages >= 200 && time(NULL) - run->started >= 1)
		fputc('\n', stderr);
}

static int cmd_read_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"encoding", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	int json = 0, opt;
	const char *encoding = NULL;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "jh", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'j':
			json = 1;
			break;
		case 'e':
			encoding = optarg;
			break;
		case 'h':
			read_usage(stdout);
			return 0;
		default:
			read_usage(stderr);
			return POA_ERR_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, _("poa read: name at least one notice file (or - for standard input)\n"));
		return POA_ERR_USAGE;
	}
	/* Reading one notice writes about 45 pages of heap after start-up:
	 * cheaper mapped at once. */
	poa_heap_prefault((size_t)192 << 10);
	poa_error err = {0};
	poa_kb *kb = NULL;
	/* Only what reading needs: the rest of the kb is half its image. */
	if (poa_kb_load_reader(common->kb_dir, &kb, &err) != POA_OK)
		return cli_fail(&err);
	read_run run = {.kb = kb, .in_opt = {.encoding = encoding}, .json = json,
			.out_opt = {.lang = common->lang, .today = common->today, .color = json ? 0 : common->color},
			.started = time(NULL), .progress = isatty(STDERR_FILENO)};
	if (json)
		fputs("[\n", stdout);
	for (int i = optind; i < argc; i++)
		read_file(&run, argv[i]);
	if (json)
		fputs(run.printed ? "\n]\n" : "]\n", stdout);
	poa_kb_free(kb);
	if (fflush(stdout) != 0)
		note_status(&run, POA_ERR_IO);
	return run.worst;
}

const struct cmd_entry cmd_read_entry = {
	.name = "read",
	.usage = "[--json] [--lang en|zh] FILE...",
	.summary = N_("explain a notice: family, deadline, ASINs, rights owner, options"),
	.exec = cmd_read_exec,
};
