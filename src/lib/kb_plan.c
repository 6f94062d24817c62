/* kb_plan.c — loading what planning and drafting know: the questions poa
 * may ask (questions.yaml), the routes it weighs (routes.yaml) and the letter
 * templates (templates/<id>.yaml). */
#include "kb_load.h"
#include "buf.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char *const question_types[] = {"yesno", "choice", "date", "number", "text", "email",
					     "asins", "list", "file", NULL};

static int in_list(const char *const *names, const char *s)
{
	for (; *names; names++)
		if (strcmp(*names, s) == 0)
			return 1;
	return 0;
}

/* A scalar or a list of scalars as strings. */
/* A map id -> value or list of values. */
static poa_status get_conditions(loader *l, const poa_yaml *y, kb_condition **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!y)
		return POA_OK;
	if (y->kind != POA_YAML_MAP)
		return kbl_bad(l, y, "conditions are a map: answer id -> value or list of values");
	*out = calloc(y->count ? y->count : 1, sizeof **out);
	if (!*out)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < y->count; i++) {
		kb_condition *c = &(*out)[(*n)++];
		c->id = poa_strdup0(y->keys[i]);
		poa_status st = kbl_get_strings(l, y->items[i], &c->values, &c->nvalues);
		if (st)
			return st;
	}
	return POA_OK;
}

static void free_conditions(kb_condition *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].id);
		kbl_free_strings(c[i].values, c[i].nvalues);
	}
	free(c);
}

/* labels: {choice: {en, zh}} — the words a letter uses for each choice, so
 * that "each_new_listing" reads "before every new or changed listing goes
 * live". When given, every choice needs one and nothing else may have one. */
static poa_status load_labels(loader *l, const poa_yaml *y, kb_question *q)
{
	if (!y)
		return POA_OK;
	if (y->kind != POA_YAML_MAP || y->count != q->nchoices)
		return kbl_bad(l, y, "labels must give {en, zh} for each choice and nothing else");
	if (!(q->labels = calloc(q->nchoices, sizeof *q->labels)))
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	q->nlabels = q->nchoices;
	for (size_t i = 0; i < q->nchoices; i++) {
		poa_status st = kbl_get_text(l, y, q->choices[i], 1, &q->labels[i]);
		if (st)
			return st;
	}
	return POA_OK;
}

static poa_status load_question(loader *l, const poa_yaml *y, kb_question *q)
{
	const char *id = poa_yaml_str(y, "id"), *type = poa_yaml_str(y, "type"), *past = poa_yaml_str(y, "past");
	if (!id || !type || !in_list(question_types, type))
		return kbl_bad(l, y, "a question needs id and type (yesno, choice, date, number, text, email, asins, list, file)");
	q->id = poa_strdup0(id);
	q->type = poa_strdup0(type);
	q->source = poa_strdup0(poa_yaml_str(y, "source"));
	q->past = past && strcmp(past, "true") == 0;
	const poa_yaml *when = poa_yaml_get(y, "when");
	poa_status st;
	if ((st = kbl_get_text(l, y, "prompt", 1, &q->prompt)) || (st = kbl_get_text(l, y, "help", 0, &q->help)) ||
	    (st = kbl_get_strings(l, poa_yaml_get(y, "choices"), &q->choices, &q->nchoices)) ||
	    (st = kbl_get_strings(l, poa_yaml_get(when, "families"), &q->families, &q->nfamilies)) ||
	    (st = get_conditions(l, poa_yaml_get(when, "answers"), &q->when, &q->nwhen)))
		return st;
	if (strcmp(type, "choice") == 0 && !q->nchoices)
		return kbl_bad(l, y, "a choice question needs choices");
	return load_labels(l, poa_yaml_get(y, "labels"), q);
}

static poa_status load_questions(loader *l, const poa_yaml *root, poa_kb *kb)
{
	if (root->kind != POA_YAML_LIST)
		return kbl_bad(l, root, "expected a list of questions");
	kb->questions = calloc(root->count ? root->count : 1, sizeof *kb->questions);
	if (!kb->questions)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < root->count; i++) {
		poa_status st = load_question(l, root->items[i], &kb->questions[kb->nquestions++]);
		if (st)
			return st;
	}
	return POA_OK;
}

static poa_status get_texts(loader *l, const poa_yaml *y, kb_text **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!y)
		return POA_OK;
	if (y->kind != POA_YAML_LIST)
		return kbl_bad(l, y, "expected a list of {en, zh}");
	*out = calloc(y->count ? y->count : 1, sizeof **out);
	if (!*out)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < y->count; i++) {
		const char *en = poa_yaml_str(y->items[i], "en"), *zh = poa_yaml_str(y->items[i], "zh");
		if (!en || !zh)
			return kbl_bad(l, y->items[i], "each item needs en and zh");
		(*out)[*n].en = poa_strdup0(en);
		(*out)[(*n)++].zh = poa_strdup0(zh);
	}
	return POA_OK;
}

static poa_status load_route(loader *l, const poa_yaml *y, kb_route *r)
{
	const char *id = poa_yaml_str(y, "id");
	if (!id || !poa_yaml_str(y, "source"))
		return kbl_bad(l, y, "a route needs id and source");
	r->id = poa_strdup0(id);
	r->source = poa_strdup0(poa_yaml_str(y, "source"));
	r->rank = (int)poa_yaml_int(y, "rank", 100);
	poa_status st;
	if ((st = kbl_get_text(l, y, "name", 1, &r->name)) || (st = kbl_get_text(l, y, "why", 1, &r->why)) ||
	    (st = kbl_get_text(l, y, "costs", 1, &r->costs)) || (st = kbl_get_text(l, y, "risks", 1, &r->risks)) ||
	    (st = kbl_get_strings(l, poa_yaml_get(y, "families"), &r->families, &r->nfamilies)) ||
	    (st = get_conditions(l, poa_yaml_get(y, "requires"), &r->requires, &r->nrequires)) ||
	    (st = get_conditions(l, poa_yaml_get(y, "excludes"), &r->excludes, &r->nexcludes)) ||
	    (st = get_texts(l, poa_yaml_get(y, "checklist"), &r->checklist, &r->nchecklist)) ||
	    (st = kbl_get_strings(l, poa_yaml_get(y, "letters"), &r->letters, &r->nletters)))
		return st;
	if (!r->nfamilies)
		return kbl_bad(l, y, "a route needs the families it answers");
	return POA_OK;
}

static int by_rank(const void *a, const void *b)
{
	const kb_route *x = a, *y = b;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

static poa_status load_routes(loader *l, const poa_yaml *root, poa_kb *kb)
{
	if (root->kind != POA_YAML_LIST || !root->count)
		return kbl_bad(l, root, "expected a list of routes");
	kb->routes = calloc(root->count, sizeof *kb->routes);
	if (!kb->routes)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < root->count; i++) {
		poa_status st = load_route(l, root->items[i], &kb->routes[kb->nroutes++]);
		if (st)
			return st;
	}
	qsort(kb->routes, kb->nroutes, sizeof *kb->routes, by_rank);
	return POA_OK;
}

static poa_status load_template(loader *l, const poa_yaml *y, const char *file_id, kb_template *t)
{
	const char *id = poa_yaml_str(y, "id"), *kind = poa_yaml_str(y, "kind");
	if (!id || strcmp(id, file_id) != 0 || !kind)
		return kbl_bad(l, y, "a template needs id (its file name) and kind");
	t->id = poa_strdup0(id);
	t->kind = poa_strdup0(kind);
	t->to = poa_strdup0(poa_yaml_str(y, "to"));
	poa_status st = kbl_get_text(l, y, "title", 1, &t->title);
	const poa_yaml *parts = poa_yaml_get(y, "parts");
	if (st)
		return st;
	if (!parts || parts->kind != POA_YAML_LIST || !parts->count)
		return kbl_bad(l, y, "a template needs parts");
	t->parts = calloc(parts->count, sizeof *t->parts);
	if (!t->parts)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < parts->count; i++) {
		const poa_yaml *p = parts->items[i];
		const char *pid = poa_yaml_str(p, "id"), *en = poa_yaml_str(p, "en"), *zh = poa_yaml_str(p, "zh");
		if (!pid || !en || !zh)
			return kbl_bad(l, p, "a part needs id, en and zh");
		kb_template_part *tp = &t->parts[t->nparts++];
		tp->id = poa_strdup0(pid);
		tp->heading = poa_strdup0(poa_yaml_str(p, "heading"));
		tp->en = poa_strdup0(en);
		tp->zh = poa_strdup0(zh);
	}
	return POA_OK;
}

static poa_status load_yaml(const char *dir, const char *rel, poa_yaml **root, char *label, size_t labelsz,
			    poa_error *err)
{
	char *data;
	size_t len;
	poa_status st = kbl_read_file(dir, rel, &data, &len, label, labelsz, err);
	if (st)
		return st;
	st = poa_yaml_parse(label, data, len, root, err);
	free(data);
	if (err && st)
		err->status = POA_ERR_KB;
	return st ? POA_ERR_KB : POA_OK;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static poa_status load_templates(const char *dir, poa_kb *kb, poa_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/templates", dir);
	DIR *d = opendir(path);
	if (!d)
		return poa_error_set(err, POA_ERR_KB, "%s: cannot open the templates folder", path);
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 256) {
		size_t len = strlen(e->d_name);
		if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0)
			names[n++] = poa_strdup0(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	poa_status st = POA_OK;
	kb->templates = calloc(n ? n : 1, sizeof *kb->templates);
	if (!kb->templates)
		st = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n && !st; i++) {
		char rel[512], label[4096];
		poa_yaml *root;
		snprintf(rel, sizeof rel, "templates/%s", names[i]);
		if ((st = load_yaml(dir, rel, &root, label, sizeof label, err)))
			break;
		names[i][strlen(names[i]) - 5] = '\0';
		loader l = {.file = label, .err = err};
		st = load_template(&l, root, names[i], &kb->templates[kb->ntemplates++]);
		poa_yaml_free(root);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return st;
}

poa_status poa_kb_load_plan(const char *dir, poa_kb *kb, poa_error *err)
{
	char label[4096];
	poa_yaml *root;
	poa_status st = load_yaml(dir, "questions.yaml", &root, label, sizeof label, err);
	if (!st) {
		loader l = {.file = label, .err = err};
		st = load_questions(&l, root, kb);
		poa_yaml_free(root);
	}
	if (!st && !(st = load_yaml(dir, "routes.yaml", &root, label, sizeof label, err))) {
		loader l = {.file = label, .err = err};
		st = load_routes(&l, root, kb);
		poa_yaml_free(root);
	}
	if (!st)
		st = load_templates(dir, kb, err);
	/* Every letter a route names must exist. */
	for (size_t i = 0; i < kb->nroutes && !st; i++)
		for (size_t k = 0; k < kb->routes[i].nletters && !st; k++)
			if (!poa_kb_template(kb, kb->routes[i].letters[k]))
				st = poa_error_set(err, POA_ERR_KB, "kb/routes.yaml: route %s names letter '%s', "
						   "which has no kb/templates/%s.yaml", kb->routes[i].id,
						   kb->routes[i].letters[k], kb->routes[i].letters[k]);
	return st;
}

void poa_kb_free_plan(poa_kb *kb)
{
	for (size_t i = 0; i < kb->nquestions; i++) {
		kb_question *q = &kb->questions[i];
		free(q->id);
		free(q->type);
		free(q->source);
		kbl_free_text(&q->prompt);
		kbl_free_text(&q->help);
		kbl_free_strings(q->choices, q->nchoices);
		for (size_t k = 0; k < q->nlabels; k++)
			kbl_free_text(&q->labels[k]);
		free(q->labels);
		kbl_free_strings(q->families, q->nfamilies);
		free_conditions(q->when, q->nwhen);
	}
	free(kb->questions);
	for (size_t i = 0; i < kb->nroutes; i++) {
		kb_route *r = &kb->routes[i];
		free(r->id);
		free(r->source);
		kbl_free_text(&r->name);
		kbl_free_text(&r->why);
		kbl_free_text(&r->costs);
		kbl_free_text(&r->risks);
		kbl_free_strings(r->families, r->nfamilies);
		free_conditions(r->requires, r->nrequires);
		free_conditions(r->excludes, r->nexcludes);
		for (size_t k = 0; k < r->nchecklist; k++)
			kbl_free_text(&r->checklist[k]);
		free(r->checklist);
		kbl_free_strings(r->letters, r->nletters);
	}
	free(kb->routes);
	for (size_t i = 0; i < kb->ntemplates; i++) {
		kb_template *t = &kb->templates[i];
		free(t->id);
		free(t->kind);
		free(t->to);
		kbl_free_text(&t->title);
		for (size_t k = 0; k < t->nparts; k++) {
			free(t->parts[k].id);
			free(t->parts[k].heading);
			free(t->parts[k].en);
			free(t->parts[k].zh);
		}
		free(t->parts);
	}
	free(kb->templates);
}

const kb_question *poa_kb_question(const poa_kb *kb, const char *id)
{
	for (size_t i = 0; i < kb->nquestions; i++)
		if (strcmp(kb->questions[i].id, id) == 0)
			return &kb->questions[i];
	return NULL;
}

const kb_route *poa_kb_route(const poa_kb *kb, const char *id)
{
	for (size_t i = 0; i < kb->nroutes; i++)
		if (strcmp(kb->routes[i].id, id) == 0)
			return &kb->routes[i];
	return NULL;
}

const kb_template *poa_kb_template(const poa_kb *kb, const char *id)
{
	for (size_t i = 0; i < kb->ntemplates; i++)
		if (strcmp(kb->templates[i].id, id) == 0)
			return &kb->templates[i];
	return NULL;
}

const char *poa_kb_question_prompt(const poa_kb *kb, const char *id, poa_lang lang)
{
	const kb_question *q = poa_kb_question(kb, id);
	return q ? poa_kb_text(&q->prompt, lang) : NULL;
}

const char *poa_kb_question_help(const poa_kb *kb, const char *id, poa_lang lang)
{
	const kb_question *q = poa_kb_question(kb, id);
	return q && q->help.en ? poa_kb_text(&q->help, lang) : NULL;
}
