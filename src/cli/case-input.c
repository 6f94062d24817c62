/* case-input.c — what plan, draft and ask share on the command line: the
 * notice file, the answers file and --set assignments. */
#include "case-input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int case_input_add_set(case_input *c, const char *assignment)
{
	if (c->nsets == sizeof c->sets / sizeof *c->sets) {
		fprintf(stderr, _("poa: too many --set options; put the answers in a file\n"));
		return 0;
	}
	c->sets[c->nsets++] = assignment;
	return 1;
}

/* A case id: digits only, and no file of that name. */
static int names_case(const char *arg)
{
	if (!*arg || strspn(arg, "0123456789") != strlen(arg))
		return 0;
	return access(arg, F_OK) != 0;
}

static poa_status load_case(case_input *c, const cli_common *common, poa_error *err)
{
	c->case_id = strtoll(c->notice_path, NULL, 10);
	poa_answers *file = NULL;
	poa_status st = cli_open_db(common, &c->db, err);
	if (!st)
		st = poa_db_case_notice(c->db, c->kb, c->case_id, &c->message, &c->notice, err);
	if (!st)
		st = poa_db_case_answers(c->db, c->kb, c->case_id, common->today, &c->answers, err);
	if (!st && c->answers_path && !(st = poa_answers_load(c->kb, c->answers_path, common->today, &file, err)))
		st = poa_answers_merge(c->answers, file, err);
	poa_answers_free(file);
	return st;
}

static poa_status load_file(case_input *c, const cli_common *common, poa_error *err)
{
	poa_input *in = NULL;
	poa_status st = poa_input_open(c->notice_path, NULL, &in, err);
	if (!st)
		st = poa_input_next(in, &c->message, err);
	poa_input_free(in);
	if (!st && !c->message)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: holds no message", c->notice_path);
	if (!st)
		st = poa_notice_read(c->kb, c->message, &c->notice, err);
	if (!st)
		st = poa_answers_load(c->kb, c->answers_path, common->today, &c->answers, err);
	return st;
}

poa_status case_input_load(case_input *c, const cli_common *common, poa_error *err)
{
	poa_status st = poa_kb_load(common->kb_dir, &c->kb, err);
	if (!st)
		st = names_case(c->notice_path) ? load_case(c, common, err) : load_file(c, common, err);
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
	poa_db_close(c->db);
}
