/* lint.c — the linter's driver: reads the letter into lines and sections,
 * decides its kind, runs every rule that applies, keeps the diagnostics in
 * letter order. The rules themselves are data (kb/lint/). */
#include "lint.h"
#include "notice.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"poa", "dispute", "retraction", "rights_owner_request",
					 "counter_notice"};

static int kind_bit(const char *kind)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(kind, kind_names[i]) == 0)
			return 1 << i;
	return 0;
}

static const char *kind_name(int bit)
{
	for (int i = 0; i < 5; i++)
		if (bit == 1 << i)
			return kind_names[i];
	return "poa";
}

static int has(const letter *L, const char *phrase)
{
	return memmem(L->t.lower, L->t.len, phrase, strlen(phrase)) != NULL;
}

static int has_any(const letter *L, const char *const *phrases)
{
	for (; *phrases; phrases++)
		if (has(L, *phrases))
			return 1;
	return 0;
}

/* The kind when --kind is not given: the statutory words of a counter-
 * notice, a rights owner retracting, a seller asking for a retraction, a
 * Plan of Action's sections, else a dispute when it rests on documents. */
static int detect_kind(const letter *L)
{
	static const char *const counter[] = {"penalty of perjury", "counter-notice", "counter notice",
					      "counter-notification", NULL};
	static const char *const retract[] = {"we hereby retract", "i hereby retract", "we retract",
					      "we are retracting", "we withdraw our complaint",
					      "hereby withdraw", "wish to retract our", NULL};
	static const char *const request[] = {"retract the complaint", "retract your complaint",
					      "retraction of the complaint", "withdraw the complaint",
					      "withdraw your complaint", "ask you to retract", "request a retraction",
					      NULL};
	static const char *const dispute[] = {"invoice", "letter of authorization", "letter of authorisation",
					      "license agreement", "licence agreement", "never sold",
					      "does not infringe", "non-infringement", "court order", NULL};
	if (has_any(L, counter))
		return LINT_COUNTER;
	if (has_any(L, retract))
		return LINT_RETRACTION;
	if (has_any(L, request))
		return LINT_OWNER_REQUEST;
	if (L->has_sec[SCOPE_ROOT_CAUSE] || L->has_sec[SCOPE_PREVENTIVE])
		return LINT_POA;
	if (has_any(L, dispute))
		return LINT_DISPUTE;
	return LINT_POA;
}

/* Does the line at [a, b) open a section? Numbering, bullets and markdown
 * before the heading are skipped; a heading line is short. */
/* Skips what may stand before a heading's words: Markdown marks, bullets and
 * a number such as "1.", "2)" or "iii." A run of letters counts as a roman
 * numeral only when '.' or ')' follows, so "Issue resolution" keeps its "I". */
static size_t skip_heading_marks(const char *s, size_t a, size_t b)
{
	for (;;) {
		while (a < b && strchr(" \t#*-_>", s[a]))
			a++;
		size_t n = a;
		while (n < b && strchr("0123456789", s[n]))
			n++;
		if (n == a)
			while (n < b && strchr("ivx", s[n]))
				n++;
		if (n > a && n < b && (s[n] == '.' || s[n] == ')')) {
			a = n + 1;
			continue;
		}
		return a;
	}
}

static int heading_of(const letter *L, size_t a, size_t b)
{
	const char *s = L->t.lower;
	a = skip_heading_marks(s, a, b);
	if (b - a > 90)
		return -1;
	for (int sec = 0; sec < NSECTIONS; sec++)
		for (size_t i = 0; i < L->kb->nsection_phrases[sec]; i++) {
			const kb_phrase *p = &L->kb->sections[sec][i];
			if (b - a >= p->len && memcmp(s + a, p->text, p->len) == 0)
				return sec;
		}
	return -1;
}

static void find_sections(letter *L)
{
	size_t a = 0;
	int open = -1;
	while (a <= L->t.len) {
		const char *nl = memchr(L->t.text + a, '\n', L->t.len - a);
		size_t b = nl ? (size_t)(nl - L->t.text) : L->t.len;
		int sec = heading_of(L, a, b);
		if (sec >= 0 && !L->has_sec[sec]) {
			if (open >= 0)
				L->sec_end[open] = a;
			L->has_sec[sec] = 1;
			L->sec_start[sec] = a;
			open = sec;
		}
		a = b + 1;
	}
	if (open >= 0)
		L->sec_end[open] = L->t.len;
}

int lint_scope(const letter *L, int scope, size_t *a, size_t *b)
{
	if (scope == SCOPE_ALL) {
		*a = 0;
		*b = L->t.len;
		return 1;
	}
	if (!L->has_sec[scope])
		return 0;
	*a = L->sec_start[scope];
	*b = L->sec_end[scope];
	return 1;
}

int lint_rule_scope(const letter *L, const kb_lint_rule *r, size_t *a, size_t *b)
{
	if (lint_scope(L, r->scope, a, b))
		return 1;
	for (int s = 0; s < NSECTIONS; s++)
		if (L->has_sec[s])
			return 0;
	/* A first draft in one block, as many are: its "be more careful" is
	 * worth saying now, not after the headings are added. */
	return r->unsectioned && lint_scope(L, SCOPE_ALL, a, b);
}

/* Fills %s of a kb message with arg. */
static char *format_message(const char *fmt, const char *arg)
{
	poa_buf b;
	poa_buf_init(&b);
	const char *p = strstr(fmt, "%s");
	if (p) {
		poa_buf_add(&b, fmt, (size_t)(p - fmt));
		poa_buf_adds(&b, arg ? arg : "");
		poa_buf_adds(&b, p + 2);
	} else {
		poa_buf_adds(&b, fmt);
	}
	return poa_buf_steal(&b);
}

void lint_report(letter *L, const kb_lint_rule *r, size_t a, size_t b, const char *arg)
{
	lint_report2(L, r, a, b, arg, arg);
}

void lint_report2(letter *L, const kb_lint_rule *r, size_t a, size_t b, const char *arg_en,
		  const char *arg_zh)
{
	poa_lint *out = L->out;
	lint_diag *v = realloc(out->diags, (out->ndiags + 1) * sizeof *v);
	if (!v) {
		out->oom = 1;
		return;
	}
	out->diags = v;
	lint_diag *d = &v[out->ndiags];
	memset(d, 0, sizeof *d);
	d->rule = poa_strdup0(r->id);
	d->en = format_message(r->message.en, arg_en);
	d->zh = format_message(r->message.zh, arg_zh);
	if (!d->rule || !d->en || !d->zh) {
		free(d->rule);
		free(d->en);
		free(d->zh);
		out->oom = 1;
		return;
	}
	d->d.rule = d->rule;
	d->d.message_en = d->en;
	d->d.message_zh = d->zh;
	d->d.level = (poa_lint_level)r->level;
	d->d.span = poa_normtext_span(&L->t, a, b);
	/* Line and column in the letter as written. */
	size_t line = 1, col = 1, i = 0;
	while (i < d->d.span.start && i < out->len) {
		if (out->text[i] == '\n') {
			line++;
			col = 1;
			i++;
		} else {
			poa_utf8_next(out->text, out->len, &i);
			col++;
		}
	}
	d->d.line = line;
	d->d.col = col;
	out->ndiags++;
}

static int by_position(const void *x, const void *y)
{
	const lint_diag *a = x, *b = y;
	if (a->d.span.start != b->d.span.start)
		return a->d.span.start < b->d.span.start ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

void lint_sort(poa_lint *l)
{
	if (l->ndiags)
		qsort(l->diags, l->ndiags, sizeof *l->diags, by_position);
}

/* A rule for some families runs on a letter about one of them: the
 * notice's family, or without a notice the violation the letter names. */
static int family_applies(const letter *L, const kb_lint_rule *r)
{
	if (!r->nfamilies)
		return 1;
	const char *f = L->notice ? L->notice->family : lint_named_family(L);
	for (size_t i = 0; f && i < r->nfamilies; i++)
		if (strcmp(r->families[i], f) == 0)
			return 1;
	return 0;
}

poa_status poa_lint_letter(const poa_kb *kb, const char *name, const char *text, size_t len, const char *kind,
			   const poa_notice *notice, poa_lint **out, poa_error *err)
{
	return poa_lint_letter_answers(kb, name, text, len, kind, notice, NULL, out, err);
}

poa_status poa_lint_letter_answers(const poa_kb *kb, const char *name, const char *text, size_t len,
				   const char *kind, const poa_notice *notice, const poa_answers *answers,
				   poa_lint **out, poa_error *err)
{
	*out = NULL;
	if (kind && !kind_bit(kind))
		return poa_error_set(err, POA_ERR_USAGE,
				     "unknown letter kind '%s': use poa, dispute, retraction, rights_owner_request or counter_notice",
				     kind);
	poa_lint *res = calloc(1, sizeof *res);
	if (!res || !(res->name = poa_strdup0(name)) || !(res->text = poa_strndup(text, len))) {
		poa_lint_free(res);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	res->len = len;
	letter L = {.kb = kb, .notice = notice, .answers = answers, .out = res};
	poa_status st = poa_normalise_mode(text, len, 1, &L.t, err);
	if (st) {
		poa_lint_free(res);
		return st;
	}
	L.md = pcre2_match_data_create(16, NULL);
	find_sections(&L);
	L.kind_bit = kind ? kind_bit(kind) : detect_kind(&L);
	res->kind = poa_strdup0(kind_name(L.kind_bit));
	for (size_t i = 0; i < kb->nlint && L.md; i++) {
		const kb_lint_rule *r = &kb->lint[i];
		if (!(r->kinds & L.kind_bit) || !family_applies(&L, r))
			continue;
		if (strcmp(r->extends, "structure") == 0)
			lint_check_structure(&L, r);
		else
			lint_check_generic(&L, r);
	}
	int oom = !L.md || res->oom || !res->kind;
	pcre2_match_data_free(L.md);
	poa_normtext_free(&L.t);
	if (oom) {
		poa_lint_free(res);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory checking %s", name);
	}
	lint_sort(res);
	*out = res;
	return POA_OK;
}

const char *poa_lint_kind(const poa_lint *l) { return l->kind; }
size_t poa_lint_count(const poa_lint *l) { return l->ndiags; }
const poa_diag *poa_lint_diag(const poa_lint *l, size_t i) { return i < l->ndiags ? &l->diags[i].d : NULL; }

int poa_lint_worst(const poa_lint *l)
{
	int worst = -1;
	for (size_t i = 0; i < l->ndiags; i++)
		if ((int)l->diags[i].d.level > worst)
			worst = (int)l->diags[i].d.level;
	return worst;
}

void poa_lint_free(poa_lint *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->ndiags; i++) {
		free(l->diags[i].rule);
		free(l->diags[i].en);
		free(l->diags[i].zh);
	}
	free(l->diags);
	free(l->name);
	free(l->kind);
	free(l->text);
	free(l);
}
