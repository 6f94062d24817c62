/* draft.c — the letters of a route, rendered from kb/templates/ with the
 * notice's facts and the seller's answers, and nothing else. */
#include "answers.h"
#include "buf.h"
#include "date.h"
#include "kb.h"
#include "notice.h"
#include "template.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct draft_part {
	const kb_template_part *part;
	char *en, *zh;
} draft_part;

typedef struct draft_letter {
	const kb_template *tpl;
	draft_part *parts;
	size_t nparts;
	char *text;          /* all parts, English */
} draft_letter;

struct poa_draft {
	const kb_route *route;
	draft_letter *letters;
	size_t nletters;
	char **missing;
	size_t nmissing;
};

/* ---- the context the templates see --------------------------------------------- */

static int add_list(poa_yaml *map, const char *key, const notice_list *l)
{
	poa_yaml *v = poa_yaml_new(POA_YAML_LIST, NULL);
	for (size_t i = 0; v && i < l->count; i++)
		if (!poa_yaml_append(v, poa_yaml_new(POA_YAML_SCALAR, l->items[i].value)))
			return 0;
	return poa_yaml_set(map, key, v);
}

/* A new empty child of map under key (owned by map), or NULL. */
static poa_yaml *child(poa_yaml *map, const char *key, poa_yaml_kind kind)
{
	poa_yaml *c = poa_yaml_new(kind, NULL);
	return poa_yaml_set(map, key, c) ? c : NULL;
}

/* The title as an English letter shows it: NFKC (a full-width comma or
 * letter becomes ASCII), and none at all when CJK script remains (the ASIN
 * names the listing). The Chinese gloss keeps the title as the notice
 * wrote it. The caller frees the result. */
static char *title_for(const char *title, int zh)
{
	if (!title || zh)
		return poa_strdup0(title);
	char *t = (char *)utf8proc_NFKC((const utf8proc_uint8_t *)title);
	size_t len = t ? strlen(t) : 0;
	for (size_t i = 0; i < len;)
		if (poa_is_cjk(poa_utf8_next(t, len, &i))) {
			free(t);
			return NULL;
		}
	return t;
}

static int fill_notice(poa_yaml *t, const poa_kb *kb, const poa_notice *n, int zh)
{
	poa_yaml *asins = child(t, "asins", POA_YAML_LIST), *ips = child(t, "ip_refs", POA_YAML_LIST);
	poa_yaml *owner = child(t, "owner", POA_YAML_MAP);
	if (!asins || !ips || !owner)
		return 0;
	size_t shown = 0;
	for (size_t i = 0; i < n->nasins; i++) {
		if (n->asins[i].masked)
			continue;  /* a masked ASIN cannot be answered by name */
		poa_yaml *a = poa_yaml_new(POA_YAML_MAP, NULL);
		char *title = title_for(n->asins[i].title, zh);
		int ok = poa_yaml_append(asins, a) && poa_yaml_set_str(a, "asin", n->asins[i].asin) &&
			 poa_yaml_set_str(a, "title", title);
		free(title);
		if (!ok)
			return 0;
		shown++;
	}
	for (size_t i = 0; i < n->nip_refs; i++) {
		poa_yaml *r = poa_yaml_new(POA_YAML_MAP, NULL);
		if (!poa_yaml_append(ips, r) || !poa_yaml_set_str(r, "kind", n->ip_refs[i].kind) ||
		    !poa_yaml_set_str(r, "number", n->ip_refs[i].number))
			return 0;
	}
	const kb_family *f = poa_kb_family(kb, n->family);
	char count[32];
	snprintf(count, sizeof count, "%zu", shown);
	return poa_yaml_set_str(owner, "name", n->owner_name.value) &&
	       poa_yaml_set_str(owner, "email", n->owner_email.value) && poa_yaml_set_str(t, "family", n->family) &&
	       poa_yaml_set_str(t, "family_name", f ? (zh ? f->name.zh : f->name.en) : NULL) &&
	       poa_yaml_set_str(t, "marketplace", n->marketplace.value) &&
	       poa_yaml_set_str(t, "infringement_type", n->infringement_type.value) &&
	       poa_yaml_set_str(t, "reply_to", n->reply_to.value) && poa_yaml_set_str(t, "asin_count", count) &&
	       add_list(t, "complaint_ids", &n->complaint_ids);
}

static poa_yaml *notice_tree(const poa_kb *kb, const poa_notice *n, int zh)
{
	poa_yaml *t = poa_yaml_new(POA_YAML_MAP, NULL);
	if (t && !fill_notice(t, kb, n, zh)) {
		poa_yaml_free(t);
		return NULL;
	}
	return t;
}

/* A choice answer reads in a letter as its label: the seller chose
 * "each_new_listing", the letter says "before every new or changed listing
 * goes live". */
static int label_choices(const poa_kb *kb, poa_yaml *answers, int zh)
{
	for (size_t i = 0; i < kb->nquestions; i++) {
		const kb_question *q = &kb->questions[i];
		const poa_yaml *v = poa_yaml_get(answers, q->id);
		if (!q->nlabels || !v || v->kind != POA_YAML_SCALAR)
			continue;
		size_t k = 0;
		while (k < q->nchoices && strcmp(v->value, q->choices[k]) != 0)
			k++;
		/* v is freed when its key is set anew. */
		if (k < q->nchoices && !poa_yaml_set_str(answers, q->id, zh ? q->labels[k].zh : q->labels[k].en))
			return 0;
	}
	return 1;
}

/* Adds s to a ", "-joined list unless it is there already. */
static void join_once(poa_buf *b, const char *s)
{
	size_t len = strlen(s);
	for (const char *p = b->data; p && (p = strstr(p, s)) != NULL; p += len)
		if ((p == b->data || p[-1] == ' ') && (p[len] == ',' || p[len] == '\0'))
			return;
	poa_buf_printf(b, "%s%s", b->len ? ", " : "", s);
}

/* asins_text and complaints_text: every ASIN (the notice's and those the
 * seller added) and every complaint ID on one line, for the sentence that
 * says what a letter answers. */
static int add_joined(poa_yaml *ctx, const poa_notice *n, const poa_yaml *answers)
{
	poa_buf asins, ids;
	poa_buf_init(&asins);
	poa_buf_init(&ids);
	for (size_t i = 0; i < n->nasins; i++)
		if (!n->asins[i].masked)
			join_once(&asins, n->asins[i].asin);
	const poa_yaml *more = poa_yaml_get(answers, "affected_asins");
	for (size_t i = 0; more && more->kind == POA_YAML_LIST && i < more->count; i++)
		if (more->items[i]->kind == POA_YAML_SCALAR)
			join_once(&asins, more->items[i]->value);
	for (size_t i = 0; i < n->complaint_ids.count; i++)
		join_once(&ids, n->complaint_ids.items[i].value);
	int ok = !asins.oom && !ids.oom && poa_yaml_set_str(ctx, "asins_text", asins.data) &&
		 poa_yaml_set_str(ctx, "complaints_text", ids.data);
	poa_buf_free(&asins);
	poa_buf_free(&ids);
	return ok;
}

static poa_yaml *context(const poa_kb *kb, const poa_notice *n, const poa_answers *a, time_t today, int zh)
{
	poa_yaml *ctx = poa_yaml_new(POA_YAML_MAP, NULL);
	char *answers_text = poa_yaml_emit(a->root);
	poa_yaml *answers = NULL;
	/* A deep copy of the answers through their own text form. */
	if (answers_text)
		poa_yaml_parse("answers", answers_text, strlen(answers_text), &answers, NULL);
	free(answers_text);
	poa_date d = poa_date_local(today);
	char ds[16];
	snprintf(ds, sizeof ds, "%04d-%02d-%02d", d.y % 10000, d.m, d.d);
	if (!ctx || !answers || !label_choices(kb, answers, zh) || !poa_yaml_set(ctx, "answers", answers) ||
	    !poa_yaml_set(ctx, "notice", notice_tree(kb, n, zh)) || !poa_yaml_set_str(ctx, "today", ds) ||
	    !add_joined(ctx, n, answers)) {
		if (!ctx)
			poa_yaml_free(answers);
		poa_yaml_free(ctx);
		return NULL;
	}
	return ctx;
}

/* ---- rendering -------------------------------------------------------------------- */

/* "answers.invoice_date" names question invoice_date; notice facts stay as
 * they are, so the seller sees which part of the notice was missing. */
static int note_missing(poa_draft *d, const char *name)
{
	const char *id = strncmp(name, "answers.", 8) == 0 ? name + 8 : name;
	for (size_t i = 0; i < d->nmissing; i++)
		if (strcmp(d->missing[i], id) == 0)
			return 1;
	char **v = realloc(d->missing, (d->nmissing + 1) * sizeof *v);
	if (!v)
		return 0;
	d->missing = v;
	return (v[d->nmissing] = poa_strdup0(id)) ? (d->nmissing++, 1) : 0;
}

/* A gap names the question to answer: "[[MISSING: store_name]]", as
 * --set and the answers file spell it, not the template's answers.store_name. */
static void name_gaps_by_question(char *s)
{
	static const char mark[] = "[[MISSING: answers.";
	const size_t skip = sizeof "answers." - 1;
	for (char *p = s; p && (p = strstr(p, mark)) != NULL;) {
		char *id = p + sizeof mark - 1;
		memmove(id - skip, id, strlen(id) + 1);
		p = id - skip;
	}
}

static poa_status render_part(poa_draft *d, const kb_template *t, const kb_template_part *p,
			      poa_yaml *const ctx[2], int partial, draft_part *out, poa_error *err)
{
	char name[256];
	poa_template_result en, zh;
	snprintf(name, sizeof name, "kb/templates/%s.yaml (%s)", t->id, p->id);
	/* Rendered partially, always: the gaps are collected, then refused below
	 * unless a partial draft was asked for. */
	poa_status st = poa_template_render(name, p->en, strlen(p->en), ctx[0], 1, &en, err);
	if (!st)
		st = poa_template_render(name, p->zh, strlen(p->zh), ctx[1], 1, &zh, err);
	else
		memset(&zh, 0, sizeof zh);
	for (size_t i = 0; !st && i < en.nmissing; i++)
		if (!note_missing(d, en.missing[i]))
			st = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (!st && (partial || !en.nmissing)) {
		name_gaps_by_question(en.text);
		name_gaps_by_question(zh.text);
		out->en = en.text;
		out->zh = zh.text;
		en.text = zh.text = NULL;
	}
	out->part = p;
	poa_template_result_free(&en);
	poa_template_result_free(&zh);
	return st;
}

static poa_status render_letter(poa_draft *d, const kb_template *t, poa_yaml *const ctx[2], int partial,
				poa_error *err)
{
	draft_letter *l = &d->letters[d->nletters++];
	l->tpl = t;
	l->parts = calloc(t->nparts ? t->nparts : 1, sizeof *l->parts);
	if (!l->parts)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	poa_buf text;
	poa_buf_init(&text);
	poa_status st = POA_OK;
	for (size_t i = 0; i < t->nparts && !st; i++) {
		st = render_part(d, t, &t->parts[i], ctx, partial, &l->parts[l->nparts++], err);
		const draft_part *p = &l->parts[l->nparts - 1];
		if (!st && p->en) {
			if (text.len)
				poa_buf_adds(&text, "\n");
			if (p->part->heading)
				poa_buf_printf(&text, "%s\n", p->part->heading);
			poa_buf_adds(&text, p->en);
			if (text.len && text.data[text.len - 1] != '\n')
				poa_buf_addc(&text, '\n');
		}
	}
	l->text = poa_buf_steal(&text);
	if (!st && !l->text)
		st = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	return st;
}

/* A route named with --route must be one for this notice that the answers
 * support: a counter-notice signed under penalty of perjury for a trademark
 * complaint, or against the seller's own answers, must not be drafted. */
static const kb_route *chosen_route(const poa_kb *kb, const poa_plan *p, const poa_notice *n, const char *id,
				    poa_error *err)
{
	const kb_route *r = poa_kb_route(kb, id);
	const char *q = NULL, *ans = NULL, *status = r ? poa_plan_route_status(p, id, &q, &ans) : NULL;
	if (!r)
		poa_error_set(err, POA_ERR_USAGE, "no route '%s'; poa plan lists the routes for this notice", id);
	else if (!status)
		poa_error_set(err, POA_ERR_USAGE, "route %s is not one for a %s notice; poa plan lists the routes that are",
			      id, n->family);
	else if (strcmp(status, "ruled_out") == 0)
		poa_error_set(err, POA_ERR_FACTS,
			      "route %s is ruled out by your answer to %s (%s); correct that answer if it is wrong, or "
			      "choose a route that fits (poa plan)",
			      id, q, ans ? ans : "");
	else if (strcmp(status, "possible") == 0)
		poa_error_set(err, POA_ERR_FACTS, "route %s depends on questions not yet answered, first %s; answer them "
			      "(poa ask, or --set %s=...)", id, q, q);
	else
		return r;
	return NULL;
}

static const kb_route *choose_route(const poa_kb *kb, const poa_notice *n, const poa_answers *a,
				    const poa_draft_options *opt, poa_error *err)
{
	poa_plan *p;
	if (poa_plan_make(kb, n, a, &p, err) != POA_OK)
		return NULL;
	if (opt->route) {
		const kb_route *r = chosen_route(kb, p, n, opt->route, err);
		poa_plan_free(p);
		return r;
	}
	const char *best = poa_plan_best_route(p);
	const kb_route *r = best ? poa_kb_route(kb, best) : NULL;
	poa_plan_free(p);
	if (!r)
		poa_error_set(err, POA_ERR_FACTS,
			      "no route fits these answers yet; run poa plan to see what to answer, or name one with --route");
	return r;
}

poa_status poa_draft_make(const poa_kb *kb, const poa_notice *n, const poa_answers *a, const poa_draft_options *opt,
			  poa_draft **out, poa_error *err)
{
	*out = NULL;
	const kb_route *r = choose_route(kb, n, a, opt, err);
	if (!r)
		return err ? err->status : POA_ERR_FACTS;
	poa_draft *d = calloc(1, sizeof *d);
	if (!d || !(d->letters = calloc(r->nletters ? r->nletters : 1, sizeof *d->letters))) {
		free(d);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	d->route = r;
	*out = d;
	/* English for the letter, Chinese labels for its gloss. */
	poa_yaml *ctx[2] = {context(kb, n, a, opt->today, 0), context(kb, n, a, opt->today, 1)};
	if (!ctx[0] || !ctx[1]) {
		poa_yaml_free(ctx[0]);
		poa_yaml_free(ctx[1]);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	poa_status st = POA_OK;
	int found = !opt->letter;
	for (size_t i = 0; i < r->nletters && !st; i++) {
		if (opt->letter && strcmp(opt->letter, r->letters[i]) != 0)
			continue;
		found = 1;
		st = render_letter(d, poa_kb_template(kb, r->letters[i]), ctx, opt->partial, err);
	}
	poa_yaml_free(ctx[0]);
	poa_yaml_free(ctx[1]);
	if (!st && !found)
		st = poa_error_set(err, POA_ERR_USAGE, "route %s has no letter '%s'", r->id, opt->letter);
	if (!st && d->nmissing && !opt->partial) {
		poa_buf b;
		poa_buf_init(&b);
		for (size_t i = 0; i < d->nmissing; i++)
			poa_buf_printf(&b, "%s%s", i ? ", " : "", d->missing[i]);
		st = poa_error_set(err, POA_ERR_FACTS,
				   "the letters need facts not yet answered: %s; answer them (poa ask, or --set id=value), "
				   "or draft with --partial to see the gaps", b.data ? b.data : "");
		poa_buf_free(&b);
	}
	return st;
}

const char *poa_draft_route(const poa_draft *d) { return d->route->id; }
size_t poa_draft_count(const poa_draft *d) { return d->nletters; }
const char *poa_draft_letter_id(const poa_draft *d, size_t i) { return d->letters[i].tpl->id; }
const char *poa_draft_letter_kind(const poa_draft *d, size_t i) { return d->letters[i].tpl->kind; }
const char *poa_draft_letter_text(const poa_draft *d, size_t i) { return d->letters[i].text; }
size_t poa_draft_missing_count(const poa_draft *d) { return d->nmissing; }
const char *poa_draft_missing(const poa_draft *d, size_t i) { return d->missing[i]; }

poa_status poa_draft_write_text(FILE *out, const poa_kb *kb, const poa_draft *d, int gloss, poa_error *err)
{
	(void)kb;
	for (size_t i = 0; i < d->nletters; i++) {
		const draft_letter *l = &d->letters[i];
		fprintf(out, "==== %s — %s%s%s\n", l->tpl->id, l->tpl->title.en, l->tpl->to ? " — to " : "",
			l->tpl->to ? l->tpl->to : "");
		for (size_t k = 0; k < l->nparts; k++) {
			const draft_part *p = &l->parts[k];
			if (!p->en)
				continue;
			fprintf(out, "\n---- %s\n", p->part->heading ? p->part->heading : p->part->id);
			fputs(p->en, out);
			if (*p->en && p->en[strlen(p->en) - 1] != '\n')
				fputc('\n', out);
			if (gloss && p->zh) {
				fprintf(out, "\n[中文] %s", p->zh);
				if (*p->zh && p->zh[strlen(p->zh) - 1] != '\n')
					fputc('\n', out);
			}
		}
		fputc('\n', out);
	}
	return ferror(out) ? poa_error_set(err, POA_ERR_IO, "cannot write the letters: output error") : POA_OK;
}

char *poa_draft_letter_gloss(const poa_draft *d, size_t i)
{
	const draft_letter *l = &d->letters[i];
	poa_buf b;
	poa_buf_init(&b);
	poa_buf_printf(&b, "%s\n", l->tpl->title.zh);
	for (size_t k = 0; k < l->nparts; k++) {
		const draft_part *p = &l->parts[k];
		if (!p->zh)
			continue;
		poa_buf_printf(&b, "\n---- %s\n%s", p->part->heading ? p->part->heading : p->part->id, p->zh);
		if (*p->zh && p->zh[strlen(p->zh) - 1] != '\n')
			poa_buf_addc(&b, '\n');
	}
	return poa_buf_steal(&b);
}

void poa_draft_free(poa_draft *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nletters; i++) {
		for (size_t k = 0; k < d->letters[i].nparts; k++) {
			free(d->letters[i].parts[k].en);
			free(d->letters[i].parts[k].zh);
		}
		free(d->letters[i].parts);
		free(d->letters[i].text);
	}
	free(d->letters);
	for (size_t i = 0; i < d->nmissing; i++)
		free(d->missing[i]);
	free(d->missing);
	free(d);
}
