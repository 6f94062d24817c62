/* plan.c — weighing the routes of kb/routes.yaml against a notice and the
 * seller's answers, and listing the questions still open. A route fits when
 * the notice's family is one it answers and every `requires` holds; it is
 * possible when only unanswered questions stand in the way; it is ruled out
 * when an answer contradicts it. */
#include "answers.h"
#include "buf.h"
#include "kb.h"
#include "notice.h"
#include "report.h"

#include <jansson.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#define _(s) dgettext("poa", s)

enum { FITS, POSSIBLE, RULED_OUT };

typedef struct plan_route {
	const kb_route *route;
	int status;
	const kb_condition *blocking;   /* RULED_OUT: the answer that rules it out */
	char *answer;                   /* RULED_OUT: that answer, as given (owned) */
	const char **need;              /* POSSIBLE: the questions to answer */
	size_t nneed;
} plan_route;

struct poa_plan {
	plan_route *routes;
	size_t nroutes;
	const char **questions;         /* ids, owned by the kb */
	size_t nquestions;
};

static int has_family(char *const *families, size_t n, const char *family)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(families[i], family) == 0 || strcmp(families[i], "any") == 0)
			return 1;
	return 0;
}

static int question_applies(const kb_question *q, const poa_notice *n, const poa_answers *a)
{
	if (q->nfamilies && !has_family(q->families, q->nfamilies, n->family))
		return 0;
	for (size_t i = 0; i < q->nwhen; i++)
		if (!poa_answers_match(a, q->when[i].id, q->when[i].values, q->when[i].nvalues))
			return 0;
	return 1;
}

static int add_id(const char ***v, size_t *n, const char *id)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], id) == 0)
			return 1;
	const char **p = realloc(*v, (*n + 1) * sizeof *p);
	if (!p)
		return 0;
	*v = p;
	p[(*n)++] = id;
	return 1;
}

static int rule_out(plan_route *pr, const kb_condition *c, const poa_answers *a)
{
	pr->status = RULED_OUT;
	pr->blocking = c;
	pr->answer = poa_strdup0(poa_answers_get(a, c->id));
	return pr->answer != NULL;
}

static int weigh(plan_route *pr, const kb_route *r, const poa_answers *a)
{
	pr->route = r;
	pr->status = FITS;
	for (size_t i = 0; i < r->nexcludes; i++)
		if (poa_answers_match(a, r->excludes[i].id, r->excludes[i].values, r->excludes[i].nvalues)) {
			return rule_out(pr, &r->excludes[i], a);
		}
	for (size_t i = 0; i < r->nrequires; i++) {
		const kb_condition *c = &r->requires[i];
		if (!poa_answers_has(a, c->id)) {
			pr->status = POSSIBLE;
			if (!add_id(&pr->need, &pr->nneed, c->id))
				return 0;
		} else if (!poa_answers_match(a, c->id, c->values, c->nvalues)) {
			return rule_out(pr, c, a);
		}
	}
	return 1;
}

static int by_status(const void *x, const void *y)
{
	const plan_route *a = x, *b = y;
	if (a->status != b->status)
		return a->status - b->status;
	return (a->route->rank > b->route->rank) - (a->route->rank < b->route->rank);
}

poa_status poa_plan_make(const poa_kb *kb, const poa_notice *n, const poa_answers *a, poa_plan **out,
			 poa_error *err)
{
	*out = NULL;
	poa_plan *p = calloc(1, sizeof *p);
	if (!p || !(p->routes = calloc(kb->nroutes ? kb->nroutes : 1, sizeof *p->routes))) {
		free(p);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	int ok = 1;
	for (size_t i = 0; i < kb->nroutes && ok; i++)
		if (has_family(kb->routes[i].families, kb->routes[i].nfamilies, n->family))
			ok = weigh(&p->routes[p->nroutes++], &kb->routes[i], a);
	if (p->nroutes)
		qsort(p->routes, p->nroutes, sizeof *p->routes, by_status);
	for (size_t i = 0; i < kb->nquestions && ok; i++)
		if (question_applies(&kb->questions[i], n, a) && !poa_answers_has(a, kb->questions[i].id))
			ok = add_id(&p->questions, &p->nquestions, kb->questions[i].id);
	if (!ok) {
		poa_plan_free(p);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	*out = p;
	return POA_OK;
}

size_t poa_plan_question_count(const poa_plan *p) { return p->nquestions; }
const char *poa_plan_question(const poa_plan *p, size_t i) { return i < p->nquestions ? p->questions[i] : NULL; }

const char *poa_plan_best_route(const poa_plan *p)
{
	return p->nroutes && p->routes[0].status == FITS ? p->routes[0].route->id : NULL;
}

static const char *status_id(int s);

const char *poa_plan_route_status(const poa_plan *p, const char *route, const char **question, const char **answer)
{
	for (size_t i = 0; i < p->nroutes; i++) {
		const plan_route *pr = &p->routes[i];
		if (strcmp(pr->route->id, route) != 0)
			continue;
		if (question)
			*question = pr->status == RULED_OUT ? pr->blocking->id : pr->nneed ? pr->need[0] : NULL;
		if (answer)
			*answer = pr->answer;
		return status_id(pr->status);
	}
	return NULL;
}

void poa_plan_free(poa_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nroutes; i++) {
		free(p->routes[i].need);
		free(p->routes[i].answer);
	}
	free(p->routes);
	free(p->questions);
	free(p);
}

/* ---- writers ------------------------------------------------------------ */

static const char *status_id(int s)
{
	return s == FITS ? "fits" : s == POSSIBLE ? "possible" : "ruled_out";
}

static void write_deadline(FILE *out, const poa_notice *n, const poa_message *m, const poa_report_options *opt)
{
	deadline_info d = poa_report_deadline(n, m, opt->today);
	if (!d.known) {
		fprintf(out, "  %s\n\n", _("No deadline stated in the notice."));
		return;
	}
	char ds[16];
	poa_report_date_str(d.date, ds);
	if (d.days_left < 0)
		fprintf(out, _("  Deadline: %s (overdue)\n\n"), ds);
	else
		fprintf(out, dngettext("poa", "  Deadline: %s (%ld day left)\n\n", "  Deadline: %s (%ld days left)\n\n",
				       (unsigned long)d.days_left),
			ds, d.days_left);
}

static void write_route(FILE *out, const poa_kb *kb, const plan_route *pr, size_t k, const poa_report_options *opt)
{
	const kb_route *r = pr->route;
	poa_lang L = opt->lang;
	fprintf(out, "  %zu. %s  [%s]\n", k, poa_kb_text(&r->name, L),
		pr->status == FITS ? _("fits") : pr->status == POSSIBLE ? _("possible") : _("ruled out"));
	if (pr->status == RULED_OUT) {
		fprintf(out, _("     ruled out by your answer to %s: %s\n"), pr->blocking->id, pr->answer);
		return;
	}
	fprintf(out, "     %s %s\n", _("Why:"), poa_kb_text(&r->why, L));
	fprintf(out, "     %s %s\n", _("Costs:"), poa_kb_text(&r->costs, L));
	fprintf(out, "     %s %s\n", _("Risks:"), poa_kb_text(&r->risks, L));
	if (pr->status == POSSIBLE) {
		fprintf(out, "     %s", _("Answer first:"));
		for (size_t i = 0; i < pr->nneed; i++) {
			const kb_question *q = poa_kb_question(kb, pr->need[i]);
			fprintf(out, "%s %s", i ? ";" : "", q ? poa_kb_text(&q->prompt, L) : pr->need[i]);
		}
		fputc('\n', out);
	}
	if (r->nchecklist)
		fprintf(out, "     %s\n", _("Evidence to gather:"));
	for (size_t i = 0; i < r->nchecklist; i++)
		fprintf(out, "       - %s\n", poa_kb_text(&r->checklist[i], L));
	if (r->nletters) {
		fprintf(out, "     %s", _("Letters:"));
		for (size_t i = 0; i < r->nletters; i++)
			fprintf(out, "%s %s", i ? "," : "", r->letters[i]);
		fputc('\n', out);
	}
	fprintf(out, "     %s %s\n", _("source:"), r->source);
}

poa_status poa_plan_write_text(FILE *out, const poa_kb *kb, const poa_plan *p, const poa_notice *n,
			       const poa_message *m, const poa_report_options *opt, poa_error *err)
{
	const kb_family *f = poa_kb_family(kb, n->family);
	fprintf(out, "%s  %s  (%s)\n", poa_message_origin(m), f ? poa_kb_text(&f->name, opt->lang) : n->family,
		n->family);
	write_deadline(out, n, m, opt);
	if (!p->nroutes)
		fprintf(out, "  %s\n", _("poa has no route for this kind of notice: poa read explains it and the options Amazon gives."));
	for (size_t i = 0; i < p->nroutes; i++)
		write_route(out, kb, &p->routes[i], i + 1, opt);
	if (p->nquestions) {
		fprintf(out, "\n  %s\n", _("Questions still open (answer them with poa ask, or --set id=value):"));
		for (size_t i = 0; i < p->nquestions; i++) {
			const kb_question *q = poa_kb_question(kb, p->questions[i]);
			fprintf(out, "    %-24s %s\n", p->questions[i], q ? poa_kb_text(&q->prompt, opt->lang) : "");
		}
	}
	fputc('\n', out);
	return ferror(out) ? poa_error_set(err, POA_ERR_IO, "cannot write the plan: output error") : POA_OK;
}

char *poa_plan_to_json(const poa_kb *kb, const poa_plan *p, const poa_notice *n, const poa_message *m,
		       const poa_report_options *opt)
{
	(void)kb;
	json_t *routes = json_array(), *questions = json_array();
	for (size_t i = 0; i < p->nroutes; i++) {
		const plan_route *pr = &p->routes[i];
		const kb_route *r = pr->route;
		json_t *need = json_array(), *check = json_array(), *letters = json_array();
		for (size_t k = 0; k < pr->nneed; k++)
			json_array_append_new(need, json_string(pr->need[k]));
		for (size_t k = 0; k < r->nchecklist; k++)
			json_array_append_new(check, json_string(poa_kb_text(&r->checklist[k], opt->lang)));
		for (size_t k = 0; k < r->nletters; k++)
			json_array_append_new(letters, json_string(r->letters[k]));
		json_array_append_new(routes, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:s}", "id", r->id,
							"status", status_id(pr->status), "name",
							poa_kb_text(&r->name, opt->lang), "why",
							poa_kb_text(&r->why, opt->lang), "costs",
							poa_kb_text(&r->costs, opt->lang), "risks",
							poa_kb_text(&r->risks, opt->lang), "needs", need,
							"ruled_out_by", pr->blocking ? json_string(pr->blocking->id) : json_null(),
							"ruled_out_answer", pr->answer ? json_string(pr->answer) : json_null(),
							"checklist", check, "letters", letters, "source", r->source));
	}
	for (size_t i = 0; i < p->nquestions; i++)
		json_array_append_new(questions, json_string(p->questions[i]));
	deadline_info d = poa_report_deadline(n, m, opt->today);
	char ds[16];
	poa_report_date_str(d.date, ds);
	json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "origin", poa_message_origin(m), "family", n->family,
			      "deadline_date", d.known ? json_string(ds) : json_null(), "best_route",
			      poa_plan_best_route(p) ? json_string(poa_plan_best_route(p)) : json_null(), "routes",
			      routes, "questions", questions);
	char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return s;
}
