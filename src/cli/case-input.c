/* case-input.c — what plan, draft and ask share on the command line: the
 * notice file, the answers file and --set assignments. */
#include "case-input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int case_input_add_set(case_input *c, const char *assignment)
{
	if (c->nsets == sizeof c->sets / sizeof *c->sets) {
		fprintf(stderr, _("poa: too many --set options; put the answers in a file\n"));
		return 0;
	}
	c->sets[c->nsets++] = assignment;
	return 1;
}

poa_status case_input_load(case_input *c, const cli_common *common, poa_error *err)
{
	poa_status st = poa_kb_load(common->kb_dir, &c->kb, err);
	poa_input *in = NULL;
	if (!st)
		st = poa_input_open(c->notice_path, NULL, &in, err);
	if (!st)
		st = poa_input_next(in, &c->message, err);
	poa_input_free(in);
	if (!st && !c->message)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: holds no message", c->notice_path);
	if (!st)
		st = poa_notice_read(c->kb, c->message, &c->notice, err);
	if (!st)
		st = poa_answers_load(c->kb, c->answers_path, common->today, &c->answers, err);
	for (size_t i = 0; !st && i < c->nsets; i++)
		st = poa_answers_set(c->kb, c->answers, c->sets[i], common->today, err);
	return st;
}

void case_input_free(case_input *c)
{
	poa_answers_free(c->answers);
	poa_notice_free(c->notice);
	poa_message_free(c->message);
	poa_kb_free(c->kb);
}
