/* checks.c — the generic checks a data rule extends: existence,
 * occurrence, requires, metric (kb/lint/README.md). */
#include "lint.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PER_RULE 25  /* past this, more of the same only hides other findings */

static int is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A token matches as a whole word where it starts or ends with a letter. */
static int whole_word(const letter *L, const kb_phrase *p, size_t at)
{
	const char *s = L->t.lower;
	if (is_word(p->text[0]) && at > 0 && is_word(s[at - 1]))
		return 0;
	size_t end = at + p->len;
	if (is_word(p->text[p->len - 1]) && end < L->t.len && is_word(s[end]))
		return 0;
	return 1;
}

/* Next whole-word occurrence of token p in [from, b). */
static int next_token(const letter *L, const kb_phrase *p, size_t from, size_t b, size_t *at)
{
	while (from < b && b - from >= p->len) {
		const char *hit = memmem(L->t.lower + from, b - from, p->text, p->len);
		if (!hit)
			return 0;
		size_t x = (size_t)(hit - L->t.lower);
		if (whole_word(L, p, x)) {
			*at = x;
			return 1;
		}
		from = x + 1;
	}
	return 0;
}

static int next_pattern(letter *L, const pcre2_code *re, size_t from, size_t b, size_t *ma, size_t *mb)
{
	if (!re || from >= b)
		return 0;
	int rc = pcre2_match(re, (PCRE2_SPTR)L->t.text, b, from, PCRE2_NO_UTF_CHECK, L->md, NULL);
	if (rc <= 0)
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(L->md);
	*ma = ov[0];
	*mb = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	return 1;
}

int lint_find(letter *L, const kb_matcher *m, size_t a, size_t b, size_t *ma, size_t *mb)
{
	size_t best = (size_t)-1, best_end = 0, x, y;
	for (size_t i = 0; i < m->ntokens; i++)
		if (next_token(L, &m->tokens[i], a, b, &x) &&
		    (x < best || (x == best && x + m->tokens[i].len > best_end))) {
			best = x;
			best_end = x + m->tokens[i].len;
		}
	for (size_t i = 0; i < m->npatterns; i++)
		if (next_pattern(L, m->res[i], a, b, &x, &y) && (x < best || (x == best && y > best_end))) {
			best = x;
			best_end = y;
		}
	if (best == (size_t)-1)
		return 0;
	*ma = best;
	*mb = best_end;
	return 1;
}

/* Is [x, y) inside an occurrence of one of the rule's exceptions? */
static int excepted(const letter *L, const kb_lint_rule *r, size_t x, size_t y)
{
	for (size_t i = 0; i < r->nexceptions; i++) {
		const kb_phrase *e = &r->exceptions[i];
		size_t from = x + 1 > e->len ? x + 1 - e->len : 0;
		const char *hit;
		while (from <= x && (hit = memmem(L->t.lower + from, L->t.len - from, e->text, e->len))) {
			size_t at = (size_t)(hit - L->t.lower);
			if (at > x)
				break;
			if (at + e->len >= y)
				return 1;
			from = at + 1;
		}
	}
	return 0;
}

/* Every match of the rule's tokens and patterns in [a, b), in order, the
 * longest where several start together and none inside another ("Dear xxx"
 * is one placeholder, not two); calls fn until it returns 0. */
typedef int (*hit_fn)(letter *L, const kb_lint_rule *r, size_t x, size_t y, void *ctx);

static void each_hit(letter *L, const kb_lint_rule *r, size_t a, size_t b, hit_fn fn, void *ctx)
{
	size_t at = a, x, y;
	while (at < b && lint_find(L, &r->m, at, b, &x, &y)) {
		if (excepted(L, r, x, y)) {
			at = x + 1;
			continue;
		}
		if (!fn(L, r, x, y, ctx))
			return;
		at = y > x ? y : x + 1;
	}
}

static int report_hit(letter *L, const kb_lint_rule *r, size_t x, size_t y, void *ctx)
{
	int *count = ctx;
	char *what = poa_strndup(L->t.text + x, y - x);
	lint_report(L, r, x, y, what);
	free(what);
	return ++*count < MAX_PER_RULE;
}

typedef struct counting {
	int count;
	size_t x, y;   /* the first occurrence past max */
	int max;
} counting;

static int count_hit(letter *L, const kb_lint_rule *r, size_t x, size_t y, void *ctx)
{
	(void)L;
	(void)r;
	counting *c = ctx;
	if (++c->count == c->max + 1) {
		c->x = x;
		c->y = y;
	}
	return 1;
}

static size_t word_count(const letter *L, size_t a, size_t b)
{
	size_t words = 0, i = a;
	int in_word = 0;
	while (i < b) {
		int32_t cp = poa_utf8_next(L->t.text, b, &i);
		if (poa_is_cjk(cp)) {
			words++;  /* a Chinese character is a word's worth of meaning */
			in_word = 0;
		} else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
			   cp > 0x7F || cp == '\'') {
			words += !in_word;
			in_word = 1;
		} else {
			in_word = 0;
		}
	}
	return words;
}

/* Where a whole-scope finding points: the section heading, or line 1. */
static void scope_anchor(const letter *L, size_t a, size_t *x, size_t *y)
{
	const char *nl = memchr(L->t.text + a, '\n', L->t.len - a);
	*x = a;
	*y = nl ? (size_t)(nl - L->t.text) : L->t.len;
	if (*y == *x && *y < L->t.len)
		(*y)++;
}

/* The first claim of r's "when" in [a, b) outside its exceptions ("a
 * genuine mistake" claims nothing). */
static int first_claim(letter *L, const kb_lint_rule *r, size_t a, size_t b, size_t *x, size_t *y)
{
	for (size_t at = a; at < b && lint_find(L, &r->when, at, b, x, y); at = *x + 1)
		if (!excepted(L, r, *x, *y))
			return 1;
	return 0;
}

/* Each group of r missing from [a, b) is reported: at the scope's start,
 * naming the group; or, for a rule with "when", only in a letter that says
 * one of its words (a claim), at that claim, quoting it. */
static void check_requires(letter *L, const kb_lint_rule *r, size_t a, size_t b)
{
	size_t x, y, cx = 0, cy = 0;
	int conditional = r->when.ntokens || r->when.npatterns;
	if (conditional && !first_claim(L, r, a, b, &cx, &cy))
		return;
	for (size_t g = 0; g < r->ngroups; g++) {
		if (lint_find(L, &r->groups[g].m, a, b, &x, &y))
			continue;
		if (conditional) {
			char *claim = poa_strndup(L->t.text + cx, cy - cx);
			lint_report(L, r, cx, cy, claim);
			free(claim);
		} else {
			scope_anchor(L, a, &x, &y);
			lint_report2(L, r, x, y, r->groups[g].name.en, r->groups[g].name.zh);
		}
	}
}

void lint_check_generic(letter *L, const kb_lint_rule *r)
{
	size_t a, b, x, y;
	if (!lint_rule_scope(L, r, &a, &b))
		return;
	if (strcmp(r->extends, "existence") == 0) {
		int count = 0;
		each_hit(L, r, a, b, report_hit, &count);
	} else if (strcmp(r->extends, "occurrence") == 0) {
		counting c = {.max = r->max};
		each_hit(L, r, a, b, count_hit, &c);
		if (c.count > r->max) {
			char n[32];
			snprintf(n, sizeof n, "%d", c.count);
			lint_report(L, r, c.x, c.y, n);
		}
	} else if (strcmp(r->extends, "requires") == 0) {
		check_requires(L, r, a, b);
	} else if (strcmp(r->extends, "metric") == 0 && strcmp(r->metric, "words") == 0) {
		size_t words = word_count(L, a, b);
		if ((r->min >= 0 && words < (size_t)r->min) || (r->max >= 0 && words > (size_t)r->max)) {
			char n[32];
			snprintf(n, sizeof n, "%zu", words);
			scope_anchor(L, a, &x, &y);
			lint_report(L, r, x, y, n);
		}
	}
}
