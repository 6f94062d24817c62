/* case-input.h — a notice plus the seller's answers, as plan, draft and ask
 * read them from the command line. */
#ifndef POA_CASE_INPUT_H
#define POA_CASE_INPUT_H

#include "cli.h"

typedef struct case_input {
	const char *notice_path, *answers_path;
	const char *sets[64];
	size_t nsets;
	poa_kb *kb;
	poa_message *message;
	poa_notice *notice;
	poa_answers *answers;
} case_input;

/* Queues a --set id=value; prints the error and returns 0 when full. */
int case_input_add_set(case_input *c, const char *assignment);
/* Loads the kb, the notice (first message of its file) and the answers. */
poa_status case_input_load(case_input *c, const cli_common *common, poa_error *err);
void case_input_free(case_input *c);

#endif
