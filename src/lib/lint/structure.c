/* structure.c — the rules that need the letter's structure or the notice:
 * R01 the three sections of a Plan of Action, R02 every ASIN and complaint
 * ID answered, R03 the route fits the notice, R04 the violation type agrees
 * with the notice and with itself. Their ids, levels and messages are in
 * kb/lint/; the words they look for are below, with the reason. */
#include "lint.h"
#include "answers.h"
#include "buf.h"
#include "notice.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *en, *zh;
} section_names[NSECTIONS] = {
	{"root cause", "根本原因"},
	{"corrective actions taken", "已采取的纠正措施"},
	{"preventive measures", "预防措施"},
};

static void first_line(const letter *L, size_t *a, size_t *b)
{
	const char *nl = memchr(L->t.text, '\n', L->t.len);
	*a = 0;
	*b = nl ? (size_t)(nl - L->t.text) : L->t.len;
}

static void check_sections(letter *L, const kb_lint_rule *r)
{
	size_t a, b;
	first_line(L, &a, &b);
	for (int s = 0; s < NSECTIONS; s++)
		if (!L->has_sec[s])
			lint_report2(L, r, a, b, section_names[s].en, section_names[s].zh);
}

static int contains_ci(const letter *L, const char *s)
{
	char low[128];
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof low)
		return 1;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	return memmem(L->t.lower, L->t.len, low, n) != NULL;
}

static int masked(const char *s)
{
	return strpbrk(s, "*") || strstr(s, "XXX") || strstr(s, "xxx") || strstr(s, "\xE3\x80\x82");
}

/* "all 12 ASINs" / "all ASINs listed": the letter answers the list whole. */
static int answers_all(const letter *L)
{
	static const char *const all[] = {"all asins", "all of the asins", "all listed asins", "every asin",
					  "each asin", NULL};
	for (const char *const *p = all; *p; p++)
		if (memmem(L->t.lower, L->t.len, *p, strlen(*p)))
			return 1;
	const char *s = L->t.lower;
	for (const char *hit = s; (hit = memmem(hit, L->t.len - (size_t)(hit - s), "all ", 4)); hit += 4) {
		const char *q = hit + 4;
		while (q < s + L->t.len && *q >= '0' && *q <= '9')
			q++;
		if (q > hit + 4 && (size_t)(s + L->t.len - q) >= 6 && memcmp(q, " asins", 6) == 0)
			return 1;
	}
	return 0;
}

/* The ASINs and complaint IDs the seller's answers add to the notice's. */
static void check_answer_ids(letter *L, const kb_lint_rule *r, size_t a, size_t b)
{
	static const char *const ids[] = {"affected_asins", "complaint_ids", NULL};
	for (const char *const *q = ids; L->answers && *q; q++) {
		const poa_yaml *v = poa_yaml_get(L->answers->root, *q);
		for (size_t i = 0; v && v->kind == POA_YAML_LIST && i < v->count; i++)
			if (v->items[i]->kind == POA_YAML_SCALAR && !contains_ci(L, v->items[i]->value))
				lint_report(L, r, a, b, v->items[i]->value);
	}
}

static void check_coverage(letter *L, const kb_lint_rule *r)
{
	const poa_notice *n = L->notice;
	size_t a, b;
	first_line(L, &a, &b);
	check_answer_ids(L, r, a, b);
	if (!n)
		return;
	if (!answers_all(L))
		for (size_t i = 0; i < n->nasins; i++)
			if (!n->asins[i].masked && !contains_ci(L, n->asins[i].asin))
				lint_report(L, r, a, b, n->asins[i].asin);
	for (size_t i = 0; i < n->complaint_ids.count; i++) {
		const char *id = n->complaint_ids.items[i].value;
		if (!masked(id) && !contains_ci(L, id))
			lint_report(L, r, a, b, id);
	}
}

/* Amazon's remedy per notice (reference/amazon-facts.md §1, letter-rules.md
 * R03): a DMCA counter-notice answers copyright only; a notice asking for
 * invoices is not answered with a Plan of Action; account-level policy
 * notices need a Plan of Action, not a document dispute. */
static void check_route(letter *L, const kb_lint_rule *r)
{
	const poa_notice *n = L->notice;
	if (!n || strcmp(n->family, "unknown") == 0)
		return;
	static const char *const needs_poa[] = {"review_manipulation", "performance", "account_deactivation",
						"restricted_product", "listing_policy", NULL};
	int wrong = 0;
	if (L->kind_bit == LINT_COUNTER)
		wrong = strcmp(n->family, "copyright") != 0;
	else if (L->kind_bit == LINT_POA)
		wrong = strcmp(n->family, "invoice_verification") == 0;
	else if (L->kind_bit == LINT_DISPUTE)
		for (const char *const *f = needs_poa; *f; f++)
			wrong |= strcmp(n->family, *f) == 0;
	if (wrong) {
		size_t a, b;
		first_line(L, &a, &b);
		lint_report(L, r, a, b, n->family);
	}
}

/* Words that name each violation in a letter. */
static const struct {
	const char *family;
	const char *words[5];
} type_words[] = {
	{"trademark", {"trademark", "trade mark", "brand name", "logo", NULL}},
	{"copyright", {"copyright", NULL}},
	{"design_patent", {"design patent", "design right", NULL}},
	{"patent", {"patent", NULL}},
	{"counterfeit", {"counterfeit", NULL}},
	{"inauthentic", {"inauthentic", "authenticity", NULL}},
	{"review_manipulation", {"review", "feedback", NULL}},
	{"restricted_product", {"restricted product", NULL}},
};
#define NTYPES (sizeof type_words / sizeof *type_words)

/* First whole-word mention of type t in [a, b), or (size_t)-1. */
static size_t mention(const letter *L, size_t t, size_t a, size_t b, size_t *len)
{
	size_t best = (size_t)-1;
	for (const char *const *w = type_words[t].words; *w; w++) {
		size_t n = strlen(*w);
		const char *s = L->t.lower;
		for (size_t at = a; at + n <= b;) {
			const char *hit = memmem(s + at, b - at, *w, n);
			if (!hit)
				break;
			size_t x = (size_t)(hit - s);
			/* A word start is enough: "patented", "trademarks" name
			 * their type too. */
			int left = x == 0 || !((s[x - 1] | 32) >= 'a' && (s[x - 1] | 32) <= 'z');
			/* "design patent" also says "patent": a design mention wins. */
			int design = t == 3 && x >= 7 && memcmp(s + x - 7, "design ", 7) == 0;
			if (left && !design && x < best) {
				best = x;
				*len = n;
			}
			at = x + 1;
		}
	}
	return best;
}

static int type_of_family(const char *family)
{
	for (size_t t = 0; t < NTYPES; t++)
		if (strcmp(type_words[t].family, family) == 0)
			return (int)t;
	return -1;
}

/* The type a stretch of text is about: the first one it names. */
static int type_in(const letter *L, size_t a, size_t b, size_t *at, size_t *len)
{
	int found = -1;
	*at = (size_t)-1;
	for (size_t t = 0; t < NTYPES; t++) {
		size_t l, x = mention(L, t, a, b, &l);
		if (x < *at) {
			*at = x;
			*len = l;
			found = (int)t;
		}
	}
	return found;
}

static void check_type(letter *L, const kb_lint_rule *r)
{
	size_t a, b, at, len;
	int want = L->notice ? type_of_family(L->notice->family) : -1;
	if (L->notice && want < 0)
		return;  /* the notice's family is not a violation type letters name */
	if (want < 0) {
		/* Without a notice: the title's type against the root cause's. */
		size_t ta, tb, tat, tlen;
		first_line(L, &ta, &tb);
		want = type_in(L, ta, tb, &tat, &tlen);
		if (want < 0)
			return;
	} else if (mention(L, (size_t)want, 0, L->t.len, &len) == (size_t)-1) {
		first_line(L, &a, &b);
		lint_report(L, r, a, b, type_words[want].family);
		return;
	}
	if (!lint_scope(L, SCOPE_ROOT_CAUSE, &a, &b))
		return;
	int got = type_in(L, a, b, &at, &len);
	if (got >= 0 && got != want && mention(L, (size_t)want, a, b, &len) == (size_t)-1)
		lint_report(L, r, at, at + len, type_words[got].family);
}

const char *lint_named_family(const letter *L)
{
	size_t a, b, at, len;
	first_line(L, &a, &b);
	int t = type_in(L, a, b, &at, &len);
	if (t < 0)
		t = type_in(L, 0, L->t.len, &at, &len);
	return t >= 0 ? type_words[t].family : NULL;
}

void lint_check_structure(letter *L, const kb_lint_rule *r)
{
	if (strncmp(r->id, "R27", 3) == 0)
		return;  /* needs the case's letters: poa_lint_history() */
	if (strncmp(r->id, "R01", 3) == 0)
		check_sections(L, r);
	else if (strncmp(r->id, "R02", 3) == 0)
		check_coverage(L, r);
	else if (strncmp(r->id, "R03", 3) == 0)
		check_route(L, r);
	else if (strncmp(r->id, "R04", 3) == 0)
		check_type(L, r);
	else if (strncmp(r->id, "R35", 3) == 0)
		lint_check_spelling(L, r);
}
