/* cmd-plan.c — `poa plan NOTICE [--answers FILE]`: the routes that fit. */
#include "case-input.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void plan_usage(FILE *out)
{
	fprintf(out, _("usage: poa plan [--answers FILE] [--set id=value]... [--json] [--lang en|zh] NOTICE\n\n"
		       "Shows the routes that fit this notice and your answers, best first: why,\n"
		       "what it costs and risks, the evidence to gather, the letters it needs, and\n"
		       "the deadline. Routes that depend on questions you have not answered are\n"
		       "shown as possible, with the questions.\n\n"
		       "  --answers FILE   your answers (YAML: question id: answer), as poa ask writes\n"
		       "  --set id=value   one answer (repeatable; lists separated by commas)\n"
		       "  --json           print the plan as JSON\n"
		       "  --lang en|zh     explanations in English or Chinese\n"
		       "  --today DATE     count days from DATE (YYYY-MM-DD)\n\n"
		       "Exit status: 0 a route fits; 7 no route fits (answer the questions, or\n"
		       "poa has no route for this kind of notice); 3 file missing; 4 bad notice or\n"
		       "answers; 6 knowledge base error; 8 store error; 9 no such case; 64 usage.\n"));
}

static int cmd_plan_exec(int argc, char **argv, cli_common *common)
{
	static const struct option longopts[] = {
		{"answers", required_argument, NULL, 'a'},
		{"set", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		CLI_COMMON_LONG_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	case_input c = {0};
	int json = 0, opt;
	optind = 1;
	while ((opt = cli_getopt(argc, argv, "h", longopts, common)) != -1) {
		switch (opt) {
		case CLI_OPT_BAD: return POA_ERR_USAGE;
		case 'a': c.answers_path = optarg; break;
		case 's': if (!case_input_add_set(&c, optarg)) return POA_ERR_USAGE; break;
		case 'j': json = 1; break;
		case 'h': plan_usage(stdout); return 0;
		default: plan_usage(stderr); return POA_ERR_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, _("poa plan: name one notice file\n"));
		return POA_ERR_USAGE;
	}
	c.notice_path = argv[optind];
	poa_error err = {0};
	poa_plan *plan = NULL;
	poa_status st = case_input_load(&c, common, &err);
	if (!st)
		st = poa_plan_make(c.kb, c.notice, c.answers, &plan, &err);
	int rc;
	if (st) {
		rc = cli_fail(&err);
	} else {
		poa_report_options ro = {.lang = common->lang, .today = common->today, .color = common->color};
		if (json) {
			char *s = poa_plan_to_json(c.kb, plan, c.notice, c.message, &ro);
			if (s)
				printf("%s\n", s);
			free(s);
			rc = s ? 0 : POA_ERR_NOMEM;
		} else {
			rc = poa_plan_write_text(stdout, c.kb, plan, c.notice, c.message, &ro, &err) ? cli_fail(&err) : 0;
		}
		if (!rc && !poa_plan_best_route(plan))
			rc = POA_ERR_FACTS;
		/* A case remembers what the plan advised, on its timeline. */
		if (!rc && c.db && poa_db_case_note(c.db, c.case_id, common->today, "plan",
						    poa_plan_best_route(plan), &err) != POA_OK)
			rc = cli_fail(&err);
	}
	poa_plan_free(plan);
	case_input_free(&c);
	return rc;
}

const struct cmd_entry cmd_plan_entry = {
	.name = "plan",
	.usage = "[--answers FILE] NOTICE",
	.summary = N_("the routes that fit a notice and your answers, best first"),
	.exec = cmd_plan_exec,
};
