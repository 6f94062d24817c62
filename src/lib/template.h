/* template.h — poa's letter template renderer: variables, sections over
 * lists, inverted sections, no logic (a small subset of Mustache).
 *
 *   {{name}} {{owner.email}} {{.}}   a value; dotted names descend maps
 *   {{#asins}}...{{/asins}}          once per list item, once for a map or a
 *                                    true scalar, not at all when false/absent
 *   {{^asins}}...{{/asins}}          only when absent, false or empty
 *   {{! comment }}
 *
 * Nothing is invented: a {{name}} with no value is an error naming it, or,
 * when partial drafts are asked for, the gap [[MISSING: name]] which no one
 * could send by mistake. */
#ifndef POA_TEMPLATE_H
#define POA_TEMPLATE_H

#include "poa.h"
#include "yamltree.h"

typedef struct poa_template_result {
	char *text;        /* the rendered letter (malloc'd), NULL on error */
	char **missing;    /* names of values that were absent, in order, unique */
	size_t nmissing;
} poa_template_result;

/* Renders tpl (name labels errors) against ctx. With partial, absent values
 * become [[MISSING: name]]; without, they are listed and POA_ERR_INPUT is
 * returned. A template error (unclosed section, stray close tag) names the
 * template and its line. The caller frees the result with
 * poa_template_result_free(), whatever the status. */
poa_status poa_template_render(const char *name, const char *tpl, size_t len, const poa_yaml *ctx,
			       int partial, poa_template_result *out, poa_error *err);
void poa_template_result_free(poa_template_result *r);

#endif
