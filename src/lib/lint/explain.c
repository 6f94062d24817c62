/* explain.c — the page of each lint rule (docs/rules/ID.md: what it
 * catches, why, a bad and a good example, how to fix), built into poa by
 * tools/embed-texts.py, so that a seller reads it where the finding is:
 * `poa lint --explain ID`, and poa serve's /rules/ID. */
#include "poa.h"

#include <string.h>

typedef struct lint_page_file {
	const char *name; /* the rule id */
	const char *text; /* its page, Markdown */
} lint_page_file;
extern const lint_page_file lint_page_files[];
extern const size_t lint_page_nfiles;

const char *poa_lint_rule_page(const char *id)
{
	for (size_t i = 0; id && i < lint_page_nfiles; i++)
		if (strcmp(lint_page_files[i].name, id) == 0)
			return lint_page_files[i].text;
	return NULL;
}
