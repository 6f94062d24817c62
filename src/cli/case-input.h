/* case-input.h — a notice plus the seller's answers, as plan, draft and ask
 * read them from the command line. */
#ifndef POA_CASE_INPUT_H
#define POA_CASE_INPUT_H

#include "cli.h"

typedef struct case_input {
	const char *notice_path, *answers_path;  /* notice_path may be a case id */
	long long case_id;        /* set by case_input_load when it named a case */
	poa_db *db;               /* open while case_id is set */
	const char *sets[64];
	size_t nsets;
	poa_kb *kb;
	poa_message *message;
	poa_notice *notice;
	poa_answers *answers;
} case_input;

/* Queues a --set id=value; prints the error and returns 0 when full. */
int case_input_add_set(case_input *c, const char *assignment);
/* Loads the kb, the notice (first message of its file) and the answers.
 * A number that names no file is a case of the case store: its notice and
 * stored answers, with --answers and --set on top. */
poa_status case_input_load(case_input *c, const cli_common *common, poa_error *err);
void case_input_free(case_input *c);

#endif
