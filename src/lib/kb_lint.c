/* kb_lint.c — loading the lint rules of kb/lint/ (one YAML file per rule)
 * and the section headings of a Plan of Action. */
#include "kb_load.h"
#include "buf.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"poa", "dispute", "retraction", "rights_owner_request",
					 "counter_notice", NULL};
static const char *const scope_names[] = {"root_cause", "corrective", "preventive", NULL};

static int name_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static poa_status get_matcher(loader *l, const poa_yaml *y, kb_matcher *m)
{
	poa_status st = kbl_get_phrases(l, poa_yaml_get(y, "tokens"), &m->tokens, &m->ntokens);
	const poa_yaml *pats = poa_yaml_get(y, "patterns");
	if (st || !pats)
		return st;
	if (pats->kind != POA_YAML_LIST)
		return kbl_bad(l, pats, "patterns is a list of PCRE2 patterns");
	m->patterns = calloc(pats->count + 1, sizeof *m->patterns);
	m->res = calloc(pats->count + 1, sizeof *m->res);
	if (!m->patterns || !m->res)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < pats->count; i++) {
		if (pats->items[i]->kind != POA_YAML_SCALAR)
			return kbl_bad(l, pats->items[i], "a pattern is a string");
		m->patterns[m->npatterns] = poa_strdup0(pats->items[i]->value);
		if ((st = kbl_compile(l, pats->items[i], pats->items[i]->value, 1, &m->res[m->npatterns++])))
			return st;
	}
	return POA_OK;
}

static void free_matcher(kb_matcher *m)
{
	kbl_free_phrases(m->tokens, m->ntokens);
	for (size_t i = 0; i < m->npatterns; i++) {
		free(m->patterns[i]);
		pcre2_code_free(m->res[i]);
	}
	free(m->patterns);
	free(m->res);
}

static poa_status get_kinds(loader *l, const poa_yaml *y, int *kinds)
{
	const poa_yaml *k = poa_yaml_get(y, "kinds");
	if (!k || k->kind != POA_YAML_LIST || !k->count)
		return kbl_bad(l, y, "kinds lists the letter kinds the rule applies to");
	*kinds = 0;
	for (size_t i = 0; i < k->count; i++) {
		int n = k->items[i]->kind == POA_YAML_SCALAR ? name_index(kind_names, k->items[i]->value) : -1;
		if (n < 0)
			return kbl_bad(l, k->items[i], "kinds are poa, dispute, retraction, rights_owner_request, counter_notice");
		*kinds |= 1 << n;
	}
	return POA_OK;
}

static poa_status get_groups(loader *l, const poa_yaml *y, kb_lint_rule *r)
{
	const poa_yaml *g = poa_yaml_get(y, "groups");
	if (!g || g->kind != POA_YAML_LIST || !g->count)
		return kbl_bad(l, y, "a requires rule needs groups");
	r->groups = calloc(g->count, sizeof *r->groups);
	if (!r->groups)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < g->count; i++) {
		kb_lint_group *grp = &r->groups[r->ngroups++];
		poa_status st;
		if ((st = kbl_get_text(l, g->items[i], "name", 1, &grp->name)) ||
		    (st = get_matcher(l, g->items[i], &grp->m)))
			return st;
		if (!grp->m.ntokens && !grp->m.npatterns)
			return kbl_bad(l, g->items[i], "a group needs tokens or patterns");
	}
	return POA_OK;
}

/* The numbers of a structure rule's own map (e.g. R04's type words). */
static poa_status get_pairs(loader *l, const poa_yaml *y, kb_lint_rule *r)
{
	const poa_yaml *p = poa_yaml_get(y, "words");
	if (!p)
		return POA_OK;
	return kbl_get_word_values(l, p, "value", &r->pairs, &r->npairs);
}

static poa_status load_rule(loader *l, const poa_yaml *y, const char *file_id, kb_lint_rule *r)
{
	const char *id = poa_yaml_str(y, "id"), *ext = poa_yaml_str(y, "extends");
	const char *level = poa_yaml_str(y, "level"), *scope = poa_yaml_str(y, "scope");
	const char *unsectioned = poa_yaml_str(y, "unsectioned");
	if (!id || strcmp(id, file_id) != 0)
		return kbl_bad(l, y, "id must be the file name without .yaml");
	static const char *const levels[] = {"info", "warn", "block", NULL};
	static const char *const checks[] = {"existence", "occurrence", "requires", "metric", "structure", NULL};
	r->id = poa_strdup0(id);
	r->extends = poa_strdup0(ext);
	r->source = poa_strdup0(poa_yaml_str(y, "source"));
	r->metric = poa_strdup0(poa_yaml_str(y, "metric"));
	r->level = level ? name_index(levels, level) : -1;
	r->scope = scope && strcmp(scope, "all") != 0 ? name_index(scope_names, scope) : SCOPE_ALL;
	r->unsectioned = unsectioned && strcmp(unsectioned, "all") == 0;
	r->min = (int)poa_yaml_int(y, "min", -1);
	r->max = (int)poa_yaml_int(y, "max", -1);
	if (!ext || name_index(checks, ext) < 0)
		return kbl_bad(l, y, "extends is existence, occurrence, requires, metric or structure");
	if (r->level < 0)
		return kbl_bad(l, y, "level is block, warn or info");
	if (scope && strcmp(scope, "all") != 0 && r->scope < 0)
		return kbl_bad(l, y, "scope is all, root_cause, corrective or preventive");
	if (unsectioned && strcmp(unsectioned, "all") != 0 && strcmp(unsectioned, "skip") != 0)
		return kbl_bad(l, y, "unsectioned is all or skip");
	if (unsectioned && r->scope == SCOPE_ALL)
		return kbl_bad(l, y, "unsectioned goes with a scope of one section (root_cause, corrective or preventive)");
	if (!r->source)
		return kbl_bad(l, y, "every rule needs its source");
	poa_status st;
	if ((st = get_kinds(l, y, &r->kinds)) || (st = kbl_get_text(l, y, "message", 1, &r->message)) ||
	    (st = get_matcher(l, y, &r->m)) ||
	    (st = kbl_get_phrases(l, poa_yaml_get(y, "exceptions"), &r->exceptions, &r->nexceptions)) ||
	    (st = get_pairs(l, y, r)) ||
	    (st = kbl_get_strings(l, poa_yaml_get(y, "families"), &r->families, &r->nfamilies)))
		return st;
	const poa_yaml *when = poa_yaml_get(y, "when");
	if (when && strcmp(ext, "requires") != 0)
		return kbl_bad(l, when, "when goes with a requires rule");
	if (when && ((st = get_matcher(l, when, &r->when)) || (!r->when.ntokens && !r->when.npatterns)))
		return st ? st : kbl_bad(l, when, "when needs tokens or patterns");
	if (strcmp(ext, "requires") == 0)
		return get_groups(l, y, r);
	if ((strcmp(ext, "existence") == 0 || strcmp(ext, "occurrence") == 0) && !r->m.ntokens && !r->m.npatterns)
		return kbl_bad(l, y, "an existence or occurrence rule needs tokens or patterns");
	if (strcmp(ext, "occurrence") == 0 && r->max < 0)
		return kbl_bad(l, y, "an occurrence rule needs max");
	if (strcmp(ext, "metric") == 0 && (!r->metric || (r->min < 0 && r->max < 0)))
		return kbl_bad(l, y, "a metric rule needs metric: words and min or max");
	return POA_OK;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rule files of dir/lint, sorted, so ids come out in a stable order. */
static poa_status list_rules(const char *dir, char ***names, size_t *n, poa_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/lint", dir);
	*names = NULL;
	*n = 0;
	DIR *d = opendir(path);
	if (!d)
		return poa_error_set(err, POA_ERR_KB, "%s: cannot open the lint rules folder; --kb must name a complete kb folder",
				     path);
	struct dirent *e;
	size_t cap = 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0 || e->d_name[0] != 'R')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			char **v = realloc(*names, cap * sizeof *v);
			if (!v)
				break;
			*names = v;
		}
		(*names)[(*n)++] = poa_strdup0(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof **names, by_name);
	return POA_OK;
}

static poa_status load_sections(const char *dir, poa_kb *kb, poa_error *err)
{
	char label[4096], *data;
	size_t len;
	poa_status st = kbl_read_file(dir, "lint/sections.yaml", &data, &len, label, sizeof label, err);
	if (st)
		return st;
	poa_yaml *root;
	st = poa_yaml_parse(label, data, len, &root, err);
	free(data);
	if (st)
		return poa_error_set(err, POA_ERR_KB, "%s", err ? err->message : "");
	loader l = {.file = label, .err = err};
	for (int i = 0; i < NSECTIONS && !st; i++) {
		const poa_yaml *list = poa_yaml_get(root, scope_names[i]);
		if (!list)
			st = kbl_bad(&l, root, "sections.yaml needs root_cause, corrective and preventive");
		else
			st = kbl_get_phrases(&l, list, &kb->sections[i], &kb->nsection_phrases[i]);
	}
	poa_yaml_free(root);
	return st;
}

poa_status poa_kb_load_lint(const char *dir, poa_kb *kb, poa_error *err)
{
	char **names;
	size_t n;
	poa_status st = list_rules(dir, &names, &n, err);
	if (st)
		return st;
	kb->lint = calloc(n ? n : 1, sizeof *kb->lint);
	if (!kb->lint)
		st = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n && !st; i++) {
		char rel[512], label[4096], *data;
		size_t len;
		snprintf(rel, sizeof rel, "lint/%s", names[i]);
		if ((st = kbl_read_file(dir, rel, &data, &len, label, sizeof label, err)))
			break;
		poa_yaml *root;
		st = poa_yaml_parse(label, data, len, &root, err);
		free(data);
		if (st) {
			st = poa_error_set(err, POA_ERR_KB, "%s", err ? err->message : "");
			break;
		}
		names[i][strlen(names[i]) - 5] = '\0';
		loader l = {.file = label, .err = err};
		st = load_rule(&l, root, names[i], &kb->lint[kb->nlint++]);
		poa_yaml_free(root);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (!st && n)
		st = load_sections(dir, kb, err);
	return st;
}

static void free_rule(kb_lint_rule *r)
{
	free(r->id);
	free(r->extends);
	free(r->source);
	free(r->metric);
	kbl_free_text(&r->message);
	free_matcher(&r->m);
	free_matcher(&r->when);
	kbl_free_phrases(r->exceptions, r->nexceptions);
	kbl_free_strings(r->families, r->nfamilies);
	for (size_t i = 0; i < r->ngroups; i++) {
		kbl_free_text(&r->groups[i].name);
		free_matcher(&r->groups[i].m);
	}
	free(r->groups);
	for (size_t i = 0; i < r->npairs; i++)
		free(r->pairs[i].word);
	free(r->pairs);
}

void poa_kb_free_lint(poa_kb *kb)
{
	for (size_t i = 0; i < kb->nlint; i++)
		free_rule(&kb->lint[i]);
	free(kb->lint);
	for (int i = 0; i < NSECTIONS; i++)
		kbl_free_phrases(kb->sections[i], kb->nsection_phrases[i]);
}

const kb_lint_rule *poa_kb_lint_rule(const poa_kb *kb, const char *id)
{
	for (size_t i = 0; i < kb->nlint; i++)
		if (strcmp(kb->lint[i].id, id) == 0)
			return &kb->lint[i];
	return NULL;
}
