/* lint.h — the linter's internals: a letter split into lines and sections,
 * the diagnostics found so far, and the checks (generic ones in checks.c,
 * structural ones in structure.c). */
#ifndef POA_LINT_H
#define POA_LINT_H

#include "kb.h"
#include "text.h"

typedef struct lint_diag {
	poa_diag d;
	char *rule, *en, *zh;  /* owned copies behind d's pointers */
} lint_diag;

struct poa_lint {
	char *name, *kind, *text;   /* text: the letter as given */
	size_t len;
	lint_diag *diags;
	size_t ndiags;
	int oom;
};

/* What the checks look at. */
typedef struct letter {
	const poa_kb *kb;
	const poa_notice *notice;   /* NULL without --notice */
	const poa_answers *answers; /* NULL without --answers */
	poa_normtext t;             /* lines kept */
	int kind_bit;               /* LINT_* */
	size_t sec_start[NSECTIONS], sec_end[NSECTIONS];  /* normalised offsets; start = end = 0: absent */
	int has_sec[NSECTIONS];
	pcre2_match_data *md;
	poa_lint *out;
} letter;

/* Adds a diagnostic for rule r at normalised [a, b); arg fills %s. */
void lint_report(letter *L, const kb_lint_rule *r, size_t a, size_t b, const char *arg);
/* The same with the argument in each language. */
void lint_report2(letter *L, const kb_lint_rule *r, size_t a, size_t b, const char *arg_en,
		  const char *arg_zh);
/* Scope bounds of a rule: the section, or the whole letter. Returns 0 when
 * the section is absent. */
int lint_scope(const letter *L, int scope, size_t *a, size_t *b);
/* Where rule r looks: lint_scope() of its scope; in a letter with none of
 * the sections, the whole letter if r says so (unsectioned: all). */
int lint_rule_scope(const letter *L, const kb_lint_rule *r, size_t *a, size_t *b);
/* First occurrence of a token (whole word) or pattern of m in [a, b). */
int lint_find(letter *L, const kb_matcher *m, size_t a, size_t b, size_t *ma, size_t *mb);

/* The violation a letter names (its first line, else its first mention),
 * as a family id, or NULL. */
const char *lint_named_family(const letter *L);

/* Sorts the diagnostics by position (after a check added more). */
void lint_sort(poa_lint *l);

void lint_check_generic(letter *L, const kb_lint_rule *r);
void lint_check_structure(letter *L, const kb_lint_rule *r);
void lint_check_spelling(letter *L, const kb_lint_rule *r);

#endif
