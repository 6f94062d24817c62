/* answers.h — the answers' tree, for the planner and the drafter. */
#ifndef POA_ANSWERS_H
#define POA_ANSWERS_H

#include "poa.h"
#include "yamltree.h"

struct poa_answers {
	char *file;        /* where they came from, for messages */
	poa_yaml *root;    /* map: question id -> scalar or list */
	char *joined;      /* the last poa_answers_get() of a list */
};

/* Answers from text (the case store keeps them as YAML); name is for
 * messages. Checked as a file would be. The caller frees *out. */
poa_status poa_answers_parse(const poa_kb *kb, const char *name, const char *text, size_t len, time_t today,
			     poa_answers **out, poa_error *err);
/* The same without checking them against the questions: answers the case
 * store kept, checked when they were stored. */
poa_status poa_answers_parse_unchecked(const char *name, const char *text, size_t len, poa_answers **out,
				       poa_error *err);

/* Does the answer to c->id equal one of c's values? 0 also when unanswered. */
int poa_answers_match(const poa_answers *a, const char *id, char *const *values, size_t nvalues);
int poa_answers_has(const poa_answers *a, const char *id);

#endif
