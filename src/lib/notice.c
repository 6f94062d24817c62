/* notice.c — reading a decoded message as a notice: family, stakes, deadline
 * and the fields (ASINs, complaint IDs, owner, IP numbers, addresses).
 *
 * Everything the reader knows comes from the knowledge base; this file holds
 * only what patterns cannot say: token-by-token ASIN lists, masks, which title
 * belongs to which ASIN, and how a contact block splits into name and e-mail. */
#include "notice.h"
#include "buf.h"
#include "kb.h"
#include "text.h"

#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct asin_seen {
	size_t index;  /* into n->asins */
	size_t pos;    /* normalised offset of this occurrence */
} asin_seen;

/* 1 KB of bits: a*31 + b is below 8192 for any two bytes, and distinct
 * for any two pairs of ASCII letters; a rare other pair sharing a bit only
 * sends a phrase to memmem() that need not have gone. */
#define PAIR_BITS 8192

static unsigned pair_bit(unsigned char a, unsigned char b)
{
	return (unsigned)a * 31 + b;
}

typedef struct reader {
	const poa_kb *kb;
	const char *src;   /* the decoded text the spans point into */
	const poa_normtext *t;
	poa_notice *n;
	pcre2_match_data *md;
	asin_seen *seen;   /* every ASIN occurrence, for pairing titles */
	size_t nseen;
	int fold_risk;     /* the text holds a character PCRE2 folds to an ASCII letter */
	int oom;
	/* Which two-byte sequences t->lower holds, one bit each (pair_bit):
	 * most of the kb's few hundred phrases are absent from a notice, and a
	 * missing pair says so in a few instructions, where memmem() reads the
	 * whole text. */
	uint64_t pairs[PAIR_BITS / 64];
} reader;

/* ---- small helpers ---------------------------------------------------------- */

static char *slice(reader *r, size_t a, size_t b)
{
	char *s = poa_strndup(r->t->text + a, b - a);
	if (!s)
		r->oom = 1;
	return s;
}

/* Human text (a title, a name) as the notice wrote it: curly quotes and
 * all, with only its whitespace collapsed. */
static char *as_written(reader *r, poa_span sp)
{
	poa_buf b;
	poa_buf_init(&b);
	size_t i = sp.start;
	int space = 0;
	while (i < sp.end) {
		size_t at = i;
		int32_t cp = poa_utf8_next(r->src, sp.end, &i);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000) {
			space = 1;
			continue;
		}
		if (space && b.len)
			poa_buf_addc(&b, ' ');
		space = 0;
		poa_buf_add(&b, r->src + at, i - at);
	}
	char *v = poa_buf_steal(&b);
	if (!v)
		r->oom = 1;
	return v;
}

static void set_written(reader *r, notice_value *v, size_t a, size_t b)
{
	if (v->value)
		return;
	v->span = poa_normtext_span(r->t, a, b);
	v->value = as_written(r, v->span);
}

static void set_value(reader *r, notice_value *v, size_t a, size_t b)
{
	if (v->value)
		return;
	v->value = slice(r, a, b);
	v->span = poa_normtext_span(r->t, a, b);
}

static int span_has_any(const reader *r, size_t a, size_t b, const char *set)
{
	for (size_t i = a; i < b; i++)
		if (r->t->text[i] && strchr(set, r->t->text[i]))
			return 1;
	return 0;
}

static int list_has(const notice_list *l, const char *s)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].value, s) == 0)
			return 1;
	return 0;
}

/* Appends a copy of s unless present; the span is of normalised [a, b). */
static void list_add(reader *r, notice_list *l, const char *s, size_t a, size_t b)
{
	if (!s || list_has(l, s))
		return;
	notice_value *items = realloc(l->items, (l->count + 1) * sizeof *items);
	char *copy = poa_strdup0(s);
	if (!items || !copy) {
		free(copy);
		if (items)
			l->items = items;
		r->oom = 1;
		return;
	}
	l->items = items;
	l->items[l->count].value = copy;
	l->items[l->count].span = poa_normtext_span(r->t, a, b);
	l->count++;
}

static void index_pairs(reader *r)
{
	const unsigned char *s = (const unsigned char *)r->t->lower;
	memset(r->pairs, 0, sizeof r->pairs);
	for (size_t i = 0; i + 1 < r->t->len; i++) {
		unsigned k = pair_bit(s[i], s[i + 1]);
		r->pairs[k >> 6] |= (uint64_t)1 << (k & 63);
	}
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* 0 when s (n bytes, any ASCII case) cannot be in t->lower: one of its
 * byte pairs is not; 1 when it may be. */
static int may_hold(const reader *r, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i + 1 < n; i++) {
		unsigned k = pair_bit(ascii_lower(u[i]), ascii_lower(u[i + 1]));
		if (!(r->pairs[k >> 6] & (uint64_t)1 << (k & 63)))
			return 0;
	}
	return 1;
}

static const char *find_phrase(const reader *r, const kb_phrase *p)
{
	if (!may_hold(r, p->text, p->len))
		return NULL;
	return memmem(r->t->lower, r->t->len, p->text, p->len);
}

/* Where each literal of a pattern's start set was last found (kb_starts):
 * reused while one pattern's matches are walked, so that the text is
 * searched for each literal once, not once per match. */
#define NOT_SEARCHED (SIZE_MAX - 1)
#define NOWHERE SIZE_MAX

typedef struct starts_scan {
	const kb_starts *s;
	size_t at[KB_STARTS_MAX];
} starts_scan;

static void scan_init(reader *r, starts_scan *sc, const kb_starts *s, int caseless)
{
	/* KELVIN SIGN and LONG S match k and s caselessly but are not in
	 * poa_normtext.lower as such: search such a text the plain way. */
	sc->s = s->n && !(caseless && r->fold_risk) ? s : NULL;
	for (size_t i = 0; sc->s && i < s->n; i++)
		sc->at[i] = NOT_SEARCHED;
}

/* Runs pattern re from offset; returns 1 and fills the match data on a match.
 * With a start set, the pattern runs anchored at each place, left to right,
 * where one of its literals is (the first match an unanchored search would
 * report); JIT code, which does not take PCRE2_ANCHORED, runs unanchored from
 * the first such place. */
static int match_at(reader *r, const pcre2_code *re, starts_scan *sc, int caseless, size_t from)
{
	const poa_normtext *t = r->t;
	if (from > t->len)
		return 0;
	if (!sc || !sc->s) {
		int rc = pcre2_match(re, (PCRE2_SPTR)t->text, t->len, from, PCRE2_NO_UTF_CHECK, r->md, NULL);
		return rc > 0;
	}
	const char *hay = caseless ? t->lower : t->text;
	for (;;) {
		size_t best = NOWHERE;
		for (size_t i = 0; i < sc->s->n; i++) {
			if (sc->at[i] == NOT_SEARCHED || sc->at[i] < from) {
				const char *lit = sc->s->lit[i];
				size_t n = strlen(lit);
				const char *hit = may_hold(r, lit, n) ? memmem(hay + from, t->len - from, lit, n) : NULL;
				sc->at[i] = hit ? (size_t)(hit - hay) : NOWHERE;
			}
			if (sc->at[i] < best)
				best = sc->at[i];
		}
		if (best == NOWHERE)
			return 0;
		uint32_t opt = PCRE2_NO_UTF_CHECK | (r->kb->optimized ? 0 : PCRE2_ANCHORED);
		int rc = pcre2_match(re, (PCRE2_SPTR)t->text, t->len, best, opt, r->md, NULL);
		if (rc != PCRE2_ERROR_NOMATCH || r->kb->optimized)
			return rc > 0;   /* an error (match limit) ends the search, as before */
		from = best + 1;
	}
}

/* Bounds of a named group, or of the whole match when the group is absent. */
static int group(reader *r, const pcre2_code *re, const char *name, size_t *a, size_t *b)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	int k = name ? pcre2_substring_number_from_name(re, (PCRE2_SPTR)name) : 0;
	if (k < 0 || ov[2 * k] == PCRE2_UNSET)
		return 0;
	*a = ov[2 * k];
	*b = ov[2 * k + 1];
	return 1;
}

static size_t match_end(reader *r)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	return ov[1] > ov[0] ? ov[1] : ov[1] + 1;  /* never loop on an empty match */
}

/* What a match callback tells each_match: look for more, or the field
 * has all it can take (a single value set: later matches would be read
 * only to be dropped, and the patterns that stop at a label try a
 * lookahead after every character of their value). */
enum { FIELD_MORE = 1, FIELD_DONE = 0 };
typedef int (*match_fn)(reader *r, const kb_field *f);

/* Calls fn for every match of every pattern of the named field, until fn
 * says the field is done. */
static void each_match(reader *r, const char *field, match_fn fn)
{
	for (size_t i = 0; i < r->kb->nfields; i++) {
		const kb_field *f = &r->kb->fields[i];
		if (strcmp(f->field, field) != 0)
			continue;
		size_t at = 0;
		starts_scan sc;
		scan_init(r, &sc, &f->starts, f->caseless);
		while (!r->oom && match_at(r, f->re, &sc, f->caseless, at)) {
			size_t end = match_end(r);
			if (fn(r, f) == FIELD_DONE)
				return;
			at = end;
		}
	}
}

/* ---- family and stakes ------------------------------------------------------ */

static int family_score(const reader *r, const kb_family *f, poa_span *best, int *blocked)
{
	const poa_normtext *t = r->t;
	int score = 0, top = 0;
	*blocked = 0;
	for (size_t i = 0; i < f->nblockers; i++)
		if (find_phrase(r, &f->blockers[i]))
			*blocked = 1;
	for (size_t i = 0; i < f->nsignals; i++) {
		const char *hit = find_phrase(r, &f->signals[i]);
		if (!hit)
			continue;
		score += f->signals[i].weight;
		if (f->signals[i].weight > top) {
			top = f->signals[i].weight;
			size_t a = (size_t)(hit - t->lower);
			*best = poa_normtext_span(t, a, a + f->signals[i].len);
		}
	}
	return score;
}

static int has_marker(const reader *r)
{
	for (size_t i = 0; i < r->kb->nmarkers; i++)
		if (find_phrase(r, &r->kb->markers[i]))
			return 1;
	return 0;
}

static int from_amazon(const char *from)
{
	if (!from)
		return -1;  /* no From header: pasted text */
	const char *at = strrchr(from, '@');
	if (!at)
		return 0;
	const char *d = at + 1;
	/* amazon.com, amazon.co.uk, marketplace.amazon.de, ... */
	const char *hit = strcasestr(d, "amazon.");
	return hit && (hit == d || hit[-1] == '.');
}

/* Length of the longest type word of f that starts the label, or 0. */
static size_t type_match(const kb_family *f, const char *label)
{
	size_t best = 0;
	for (size_t i = 0; i < f->ntypes; i++) {
		size_t n = strlen(f->types[i]);
		if (n > best && strncasecmp(label, f->types[i], n) == 0)
			best = n;
	}
	return best;
}

/* A notice listing several complaints of different IP kinds is read as the
 * kind its first complaint's "Infringement type:" names, when both are
 * families of that kind (trademark, copyright, patent, design). */
static const kb_family *by_infringement_type(reader *r, const kb_family *chosen)
{
	const char *label = r->n->infringement_type.value;
	if (!label || !chosen->ntypes || type_match(chosen, label))
		return NULL;
	const kb_family *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < r->kb->nfamilies; i++) {
		const kb_family *f = &r->kb->families[i];
		size_t n = type_match(f, label);
		int blocked = 0;
		for (size_t k = 0; k < f->nblockers; k++)
			blocked |= find_phrase(r, &f->blockers[k]) != NULL;
		if (n > best_len && !blocked) {
			best = f;
			best_len = n;
		}
	}
	return best;
}

static void classify(reader *r, const char *from)
{
	poa_notice *n = r->n;
	int best_score = 0;
	const kb_family *closest = NULL;
	for (size_t i = 0; i < r->kb->nfamilies && !n->family; i++) {
		const kb_family *f = &r->kb->families[i];
		poa_span span = {0, 0};
		int blocked;
		int score = family_score(r, f, &span, &blocked);
		if (score >= f->threshold && !blocked) {
			const kb_family *g = by_infringement_type(r, f);
			n->family = poa_strdup0(g ? g->id : f->id);
			n->family_span = g ? n->infringement_type.span : span;
		} else if (score > best_score && !blocked) {
			best_score = score;
			closest = f;
		}
	}
	int sender = from_amazon(from);
	n->is_amazon = n->family ? 1 : sender == 1 || (sender == -1 && has_marker(r));
	if (n->family)
		return;
	n->family = poa_strdup0("unknown");
	n->unknown_kind = n->is_amazon ? 2 : 1;
	if (closest) {
		n->closest = poa_strdup0(closest->id);
		n->closest_score = best_score;
		n->closest_threshold = closest->threshold;
	}
	if (!n->family)
		r->oom = 1;
}

static void find_stakes(reader *r)
{
	poa_notice *n = r->n;
	const kb_stake *worst = NULL;
	for (size_t i = 0; i < r->kb->nstakes; i++) {
		const kb_stake *s = &r->kb->stakes[i];
		for (size_t k = 0; k < s->nsignals; k++) {
			const char *hit = find_phrase(r, &s->signals[k]);
			if (!hit)
				continue;
			size_t a = (size_t)(hit - r->t->lower);
			list_add(r, &n->stakes, s->id, a, a + s->signals[k].len);
			if (!worst || s->level > worst->level) {
				worst = s;
				n->severity_span = poa_normtext_span(r->t, a, a + s->signals[k].len);
			}
			break;
		}
	}
	const kb_family *f = poa_kb_family(r->kb, n->family);
	const char *sev = worst ? worst->id : f ? f->severity : "info";
	n->severity = poa_strdup0(sev);
	if (!n->severity)
		r->oom = 1;
}

/* ---- ASINs and titles ------------------------------------------------------- */

/* A character that hides part of an ASIN, at s with n bytes left. */
static int is_mask_char(const char *s, size_t n, size_t *len)
{
	if (*s == '*' || *s == 'x' || *s == 'X') {
		*len = 1;
		return 1;
	}
	if (n >= 3 && (memcmp(s, "\xE3\x80\x82", 3) == 0 || memcmp(s, "\xE2\x80\xA2", 3) == 0)) { /* 。 • */
		*len = 3;
		return 1;
	}
	return 0;
}

/* Is s[0..n) an ASIN, complete or masked? */
static int asin_token(const char *s, size_t n, int *masked)
{
	size_t chars = 0, masks = 0, digits = 0, i = 0;
	while (i < n) {
		size_t k;
		if (is_mask_char(s + i, n - i, &k)) {
			if (s[i] != 'X')
				masks++;
			i += k;
		} else if ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')) {
			digits += s[i] >= '0' && s[i] <= '9';
			i++;
		} else {
			return 0;
		}
		chars++;
	}
	int trailing_x = 0;
	for (size_t k = n; k > 0 && s[k - 1] == 'X'; k--)
		trailing_x++;
	if (chars == 10 && !masks && (memcmp(s, "B0", 2) == 0 || digits == 10)) {
		*masked = trailing_x >= 4;
		return 1;
	}
	if (chars >= 4 && chars <= 12 && (masks || trailing_x >= 3) &&
	    (memcmp(s, "B0", 2) == 0 || masks == chars || digits > 0 || s[0] == 'B')) {
		*masked = 1;
		return 1;
	}
	return 0;
}

static void add_asin(reader *r, size_t a, size_t b, int masked)
{
	poa_notice *n = r->n;
	char *tok = slice(r, a, b);
	if (!tok)
		return;
	size_t idx = n->nasins;
	for (size_t i = 0; i < n->nasins; i++)
		if (strcmp(n->asins[i].asin, tok) == 0)
			idx = i;
	if (idx == n->nasins) {
		poa_asin *v = realloc(n->asins, (n->nasins + 1) * sizeof *v);
		if (!v) {
			free(tok);
			r->oom = 1;
			return;
		}
		n->asins = v;
		memset(&v[idx], 0, sizeof v[idx]);
		v[idx].asin = tok;
		v[idx].masked = masked;
		v[idx].span = poa_normtext_span(r->t, a, b);
		n->nasins++;
	} else {
		free(tok);
	}
	asin_seen *s = realloc(r->seen, (r->nseen + 1) * sizeof *s);
	if (!s) {
		r->oom = 1;
		return;
	}
	r->seen = s;
	s[r->nseen].index = idx;
	s[r->nseen].pos = a;
	r->nseen++;
}

/* Reads the ASINs that follow a label: tokens split by spaces and commas,
 * until the first token that is not an ASIN. */
static void read_asin_list(reader *r, size_t at)
{
	const char *s = r->t->text;
	size_t len = r->t->len;
	for (int count = 0; count < 500; count++) {
		while (at < len && strchr(" ,;/", s[at]) && s[at])
			at++;
		if (at + 3 <= len && (memcmp(s + at, "\xEF\xBC\x8C", 3) == 0 || memcmp(s + at, "\xE3\x80\x81", 3) == 0)) {
			at += 3;  /* ， 、 */
			continue;
		}
		size_t b = at;
		while (b < len && !strchr(" \n,;/", s[b]) && s[b] &&
		       !(b + 3 <= len && (memcmp(s + b, "\xEF\xBC\x8C", 3) == 0 ||
					  memcmp(s + b, "\xE3\x80\x81", 3) == 0)))
			b++;
		size_t e = b;
		while (e > at && (s[e - 1] == '.' || s[e - 1] == ')' || s[e - 1] == ':'))
			e--;
		int masked = 0;
		if (e == at || !asin_token(s + at, e - at, &masked))
			return;
		add_asin(r, at, e, masked);
		at = b;
	}
}

static int on_asin_label(reader *r, const kb_field *f)
{
	(void)f;
	read_asin_list(r, match_end(r));
	return FIELD_MORE;
}

static int on_bare_asin(reader *r, const kb_field *f)
{
	size_t a, b;
	if (group(r, f->re, "value", &a, &b))
		add_asin(r, a, b, 0);
	return FIELD_MORE;
}

static int by_pos(const void *x, const void *y)
{
	const asin_seen *a = x, *b = y;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Re-orders n->asins by first appearance in the text. */
static void order_asins(reader *r)
{
	poa_notice *n = r->n;
	if (r->nseen)
		qsort(r->seen, r->nseen, sizeof *r->seen, by_pos);
	poa_asin *ordered = calloc(n->nasins ? n->nasins : 1, sizeof *ordered);
	size_t *where = calloc(n->nasins ? n->nasins : 1, sizeof *where);
	if (!ordered || !where) {
		free(ordered);
		free(where);
		r->oom = 1;
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < r->nseen; i++) {
		size_t idx = r->seen[i].index;
		if (n->asins[idx].asin) {
			ordered[k] = n->asins[idx];
			n->asins[idx].asin = NULL;
			where[idx] = k++;
		}
		r->seen[i].index = where[idx];
	}
	free(n->asins);
	free(where);
	n->asins = ordered;
}

/* FIELD_DONE when every ASIN has its title: no later label can add one. */
static int titles_wanted(const reader *r)
{
	for (size_t i = 0; i < r->n->nasins; i++)
		if (!r->n->asins[i].title)
			return FIELD_MORE;
	return FIELD_DONE;
}

static int on_title(reader *r, const kb_field *f)
{
	size_t a, b, ma = 0, mb = 0;
	if (!group(r, f->re, "value", &a, &b) || !group(r, f->re, NULL, &ma, &mb))
		return FIELD_MORE;
	/* The title belongs to the nearest ASIN before its label. */
	const asin_seen *near = NULL;
	for (size_t i = 0; i < r->nseen; i++)
		if (r->seen[i].pos < ma)
			near = &r->seen[i];
	if (!near)
		return FIELD_MORE;
	poa_asin *asin = &r->n->asins[near->index];
	if (asin->title)
		return FIELD_MORE;
	while (b > a && strchr(" .,;", r->t->text[b - 1]))
		b--;
	if (b == a)
		return FIELD_MORE;
	asin->title_span = poa_normtext_span(r->t, a, b);
	asin->title = as_written(r, asin->title_span);
	return titles_wanted(r);
}

static void read_asins(reader *r)
{
	each_match(r, "asin_label", on_asin_label);
	each_match(r, "asin", on_bare_asin);
	order_asins(r);
	if (titles_wanted(r) == FIELD_MORE)
		each_match(r, "title", on_title);
}

/* ---- complaint IDs, type, IP numbers, marketplace ---------------------------- */

static int on_complaint(reader *r, const kb_field *f)
{
	size_t a, b;
	if (!group(r, f->re, "value", &a, &b))
		return FIELD_MORE;
	/* "Complaint ID: pending" is a word, not an ID: require a digit or mask. */
	if (!span_has_any(r, a, b, "0123456789*"))
		return FIELD_MORE;
	char *v = slice(r, a, b);
	list_add(r, &r->n->complaint_ids, v, a, b);
	free(v);
	return FIELD_MORE;
}

/* Truncated copies end mid-label ("Infringement type: Patent Compla"): a
 * last word that is the start of a label word is not part of the value. */
static size_t drop_cut_label(const char *s, size_t a, size_t b)
{
	static const char *const labels[] = {"complaint", "asin", "title", NULL};
	size_t w = b;
	while (w > a && s[w - 1] != ' ')
		w--;
	if (w == a || b - w < 2)
		return b;
	for (const char *const *l = labels; *l; l++)
		if (b - w < strlen(*l) && strncasecmp(s + w, *l, b - w) == 0) {
			while (w > a && s[w - 1] == ' ')
				w--;
			return w;
		}
	return b;
}

/* The first type named is the notice's (by_infringement_type). */
static int on_infringement_type(reader *r, const kb_field *f)
{
	size_t a, b;
	if (!group(r, f->re, "value", &a, &b))
		return FIELD_MORE;
	while (b > a && strchr(" .,;", r->t->text[b - 1]))
		b--;
	b = drop_cut_label(r->t->text, a, b);
	if (b > a)
		set_value(r, &r->n->infringement_type, a, b);
	return r->n->infringement_type.value ? FIELD_DONE : FIELD_MORE;
}

static int on_ip_ref(reader *r, const kb_field *f)
{
	size_t a, b;
	if (!group(r, f->re, "value", &a, &b))
		return FIELD_MORE;
	while (b > a && strchr(".,;", r->t->text[b - 1]))
		b--;
	char *num = slice(r, a, b);
	if (!num)
		return FIELD_MORE;
	for (size_t i = 0; i < r->n->nip_refs; i++)
		if (strcmp(r->n->ip_refs[i].number, num) == 0) {
			free(num);
			return FIELD_MORE;
		}
	poa_ip_ref *v = realloc(r->n->ip_refs, (r->n->nip_refs + 1) * sizeof *v);
	char *kind = poa_strdup0(f->kind ? f->kind : "other");
	if (!v || !kind) {
		free(num);
		free(kind);
		if (v)
			r->n->ip_refs = v;
		r->oom = 1;
		return FIELD_MORE;
	}
	r->n->ip_refs = v;
	v[r->n->nip_refs].kind = kind;
	v[r->n->nip_refs].number = num;
	v[r->n->nip_refs].span = poa_normtext_span(r->t, a, b);
	r->n->nip_refs++;
	return FIELD_MORE;
}

static int on_marketplace(reader *r, const kb_field *f)
{
	size_t a, b, ma = 0, mb = 0;
	if (!group(r, f->re, "value", &a, &b) || !group(r, f->re, NULL, &ma, &mb))
		return FIELD_MORE;
	char *tld = slice(r, a, b);
	if (!tld)
		return FIELD_MORE;
	for (char *p = tld; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	poa_buf v;
	poa_buf_init(&v);
	poa_buf_printf(&v, "amazon.%s", tld);
	free(tld);
	r->n->marketplace.value = poa_buf_steal(&v);
	r->n->marketplace.span = poa_normtext_span(r->t, ma, mb);
	if (!r->n->marketplace.value)
		r->oom = 1;
	return r->n->marketplace.value ? FIELD_DONE : FIELD_MORE;
}

/* ---- rights owner --------------------------------------------------------- */

static int email_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-' || c == '+' || c == '%';
}

/* Finds the first e-mail address in [a, b); returns 1 and its bounds. */
static int find_email(const reader *r, size_t a, size_t b, size_t *ea, size_t *eb)
{
	const char *s = r->t->text;
	for (size_t i = a; i < b; i++) {
		if (s[i] != '@')
			continue;
		size_t l = i, h = i + 1;
		while (l > a && email_char(s[l - 1]))
			l--;
		while (h < b && email_char(s[h]))
			h++;
		while (h > i + 1 && (s[h - 1] == '.' || s[h - 1] == '-'))
			h--;
		if (l < i && memchr(s + i + 1, '.', h - i - 1)) {
			*ea = l;
			*eb = h;
			return 1;
		}
	}
	return 0;
}

static int is_amazon_address(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	return at && (size_t)(s + n - at) > 8 && strncasecmp(at + 1, "amazon.", 7) == 0;
}

/* Words around a contact's name that are labels, not the name. */
static const char *const owner_noise[] = {"e-mail address", "email address", "e-mail", "email",
					  "name", "contact", "电子邮件", "邮箱", "名称", NULL};

static void trim_owner_name(const char *s, size_t *a, size_t *b)
{
	for (int again = 1; again;) {
		again = 0;
		while (*b > *a && strchr(" ,;:-()<>[]|/\t", s[*b - 1]))
			(*b)--;
		while (*a < *b && strchr(" ,;:-()<>[]|/\t", s[*a]))
			(*a)++;
		for (const char *const *w = owner_noise; *w; w++) {
			size_t n = strlen(*w);
			if (*b - *a >= n && strncasecmp(s + *b - n, *w, n) == 0) {
				*b -= n;
				again = 1;
			}
			if (*b - *a >= n && strncasecmp(s + *a, *w, n) == 0 &&
			    (*b - *a == n || strchr(" :：", s[*a + n]))) {
				*a += n;
				again = 1;
			}
		}
	}
}

static int on_owner(reader *r, const kb_field *f)
{
	(void)f;
	poa_notice *n = r->n;
	const char *s = r->t->text;
	size_t a = match_end(r), b;
	while (a < r->t->len && (s[a] == '\n' || s[a] == ' '))
		a++;
	b = a;
	/* The contact block ends at a paragraph break or after ~240 bytes. */
	while (b < r->t->len && s[b] != '\n' && b - a < 240)
		b++;
	size_t ea, eb, far = b;
	/* The address may sit in the next paragraph, after the name. */
	while (far < r->t->len && far - a < 320 && !(far > b && s[far] == '\n'))
		far++;
	int has_email = find_email(r, a, far, &ea, &eb) && !is_amazon_address(s + ea, eb - ea);
	if (has_email && !n->owner_email.value)
		set_value(r, &n->owner_email, ea, eb);
	size_t na = a, nb = has_email && ea < b ? ea : b;
	if (!has_email) {
		/* No address: the name runs to the end of its sentence. */
		for (size_t i = na; i + 1 < nb; i++)
			if ((s[i] == '.' && s[i + 1] == ' ') || s[i] == ',') {
				nb = i;
				break;
			}
	}
	trim_owner_name(s, &na, &nb);
	if (nb > na && nb - na <= 160 && !n->owner_name.value)
		set_written(r, &n->owner_name, na, nb);
	return n->owner_name.value && n->owner_email.value ? FIELD_DONE : FIELD_MORE;
}

/* ---- Amazon addresses and reply-to --------------------------------------------- */

static void find_addresses(reader *r)
{
	poa_notice *n = r->n;
	char *used = calloc(r->t->len + 1, 1);
	if (!used) {
		r->oom = 1;
		return;
	}
	size_t reply_pos = (size_t)-1;
	/* Longest first, so notice-dispute@ is not also read as notice@. */
	for (size_t i = 0; i < r->kb->naddresses; i++) {
		const kb_address *ad = &r->kb->addresses[i];
		if (!may_hold(r, ad->address, ad->len))
			continue;
		const char *from = r->t->lower;
		const char *hit;
		while ((hit = memmem(from, r->t->len - (size_t)(from - r->t->lower), ad->address, ad->len))) {
			size_t a = (size_t)(hit - r->t->lower), b = a + ad->len;
			from = hit + ad->len;
			if (used[a] || used[b - 1])
				continue;
			memset(used + a, 1, ad->len);
			list_add(r, &n->amazon_addresses, ad->address, a, b);
			if (ad->reply && a < reply_pos) {
				reply_pos = a;
				free(n->reply_to.value);
				n->reply_to.value = poa_strdup0(ad->address);
				n->reply_to.span = poa_normtext_span(r->t, a, b);
			}
		}
	}
	free(used);
}

/* ---- deadline ------------------------------------------------------------------ */

static int word_value(const kb_word_value *w, size_t n, const char *s, size_t len, int *out)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(w[i].word) == len && strncasecmp(w[i].word, s, len) == 0) {
			*out = w[i].value;
			return 1;
		}
	return 0;
}

/* Is an ignore_near phrase in the same sentence, before the number? */
static int near_ignored(reader *r, size_t at)
{
	size_t from = at > 100 ? at - 100 : 0;
	for (size_t i = at; i > from; i--) {
		const char *c = r->t->text + i - 1;
		if (*c == '\n' || (*c == '.' && c[1] == ' ') ||
		    (i >= 3 && memcmp(c - 2, "\xE3\x80\x82", 3) == 0)) {  /* 。 */
			from = i;
			break;
		}
	}
	for (size_t i = 0; i < r->kb->nignore; i++) {
		const kb_phrase *p = &r->kb->ignore_near[i];
		if (at - from >= p->len && memmem(r->t->lower + from, at - from, p->text, p->len))
			return 1;
	}
	return 0;
}

static void find_deadline_with(reader *r, int which)
{
	const pcre2_code *re = r->kb->deadline_re[which];
	poa_notice *n = r->n;
	size_t at = 0;
	starts_scan sc;
	scan_init(r, &sc, &r->kb->deadline_starts[which], 1);
	while (!r->oom && match_at(r, re, &sc, 1, at)) {
		size_t ma = 0, mb = 0, na, nb, ua, ub;
		group(r, re, NULL, &ma, &mb);
		at = match_end(r);
		if (!group(r, re, "num", &na, &nb) || !group(r, re, "unit", &ua, &ub))
			continue;
		int num, per;
		const char *s = r->t->text;
		if (s[na] >= '0' && s[na] <= '9')
			num = atoi(s + na);
		else if (!word_value(r->kb->numbers, r->kb->nnumbers, s + na, nb - na, &num))
			continue;
		if (!word_value(r->kb->units, r->kb->nunits, s + ua, ub - ua, &per) || num <= 0 || near_ignored(r, ma))
			continue;
		int days = per == 0 ? (num + 23) / 24 : num * per;
		if (n->deadline_days < 0 || days < n->deadline_days) {
			n->deadline_days = days;
			free(n->deadline.value);
			n->deadline.value = NULL;
			set_value(r, &n->deadline, ma, mb);
		}
	}
}

static void find_deadline(reader *r)
{
	r->n->deadline_days = -1;
	find_deadline_with(r, 0);
	/* The Chinese pattern ends in 内 ("within"); without one there is
	 * nothing to find, and the scan is the costliest of a small notice. */
	if (memmem(r->t->text, r->t->len, "\xE5\x86\x85", 3))
		find_deadline_with(r, 1);
}

static const char *language_of(const poa_normtext *t)
{
	size_t cjk = 0, latin = 0, i = 0;
	while (i < t->len) {
		int32_t cp = poa_utf8_next(t->text, t->len, &i);
		if (poa_is_cjk(cp))
			cjk++;
		else if ((cp | 32) >= 'a' && (cp | 32) <= 'z')
			latin++;
	}
	/* A Chinese character carries about as much as a three-letter word. */
	if (cjk * 3 > latin * 4)
		return "zh";
	if (cjk * 3 * 4 > latin)
		return "mixed";
	return "en";
}

/* ---- the reader ---------------------------------------------------------------- */

static poa_status read_notice(const poa_kb *kb, const poa_message *m, int skim, poa_notice **out, poa_error *err);

poa_status poa_notice_read(const poa_kb *kb, const poa_message *m, poa_notice **out, poa_error *err)
{
	return read_notice(kb, m, 0, out, err);
}

poa_status poa_notice_skim(const poa_kb *kb, const poa_message *m, poa_notice **out, poa_error *err)
{
	return read_notice(kb, m, 1, out, err);
}

static poa_status read_notice(const poa_kb *kb, const poa_message *m, int skim, poa_notice **out, poa_error *err)
{
	*out = NULL;
	size_t len;
	const char *text = poa_message_text(m, &len);
	poa_normtext t;
	poa_status st = poa_normalise(text, len, &t, err);
	if (st)
		return st;
	poa_notice *n = calloc(1, sizeof *n);
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	if (!n || !md) {
		free(n);
		pcre2_match_data_free(md);
		poa_normtext_free(&t);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory reading %s", poa_message_origin(m));
	}
	reader r = {.kb = kb, .src = text, .t = &t, .n = n, .md = md,
		    .fold_risk = memmem(t.text, t.len, "\xE2\x84\xAA", 3) || memmem(t.text, t.len, "\xC5\xBF", 2)};
	index_pairs(&r);
	each_match(&r, "infringement_type", on_infringement_type);
	classify(&r, poa_message_from(m));
	/* An order or a newsletter in a mailbox: its family is all an import
	 * needs to know. */
	if (!skim || !n->unknown_kind) {
		find_stakes(&r);
		read_asins(&r);
		each_match(&r, "complaint_id", on_complaint);
		each_match(&r, "rights_owner", on_owner);
		each_match(&r, "ip_ref", on_ip_ref);
		each_match(&r, "marketplace", on_marketplace);
		find_addresses(&r);
		find_deadline(&r);
	}
	n->language = poa_strdup0(language_of(&t));
	if (n->unknown_kind)
		n->unknown_reason = poa_notice_reason_text(n, 0);
	free(r.seen);
	pcre2_match_data_free(md);
	poa_normtext_free(&t);
	if (r.oom || !n->language) {
		poa_notice_free(n);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory reading %s", poa_message_origin(m));
	}
	*out = n;
	return POA_OK;
}

char *poa_notice_reason_text(const poa_notice *n, int translate)
{
	poa_buf b;
	poa_buf_init(&b);
#define T(s) (translate ? dgettext("poa", s) : s)
	if (n->unknown_kind == 1)
		poa_buf_adds(&b, T("This is not an Amazon notice: neither the sender nor the text is Amazon's."));
	else if (n->closest)
		poa_buf_printf(&b, T("No notice family matched for certain; the nearest was %s "
				     "(%d of the %d points it needs). Read the notice yourself, or ask an expert."),
			       n->closest, n->closest_score, n->closest_threshold);
	else if (n->unknown_kind == 2)
		poa_buf_adds(&b, T("The text comes from Amazon, but poa found none of the wording of a complaint "
				   "or policy notice in it."));
#undef T
	return poa_buf_steal(&b);
}

static void free_list(notice_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].value);
	free(l->items);
}

void poa_notice_free(poa_notice *n)
{
	if (!n)
		return;
	free(n->family);
	free(n->severity);
	free(n->closest);
	free(n->unknown_reason);
	free(n->language);
	free_list(&n->stakes);
	free(n->marketplace.value);
	for (size_t i = 0; i < n->nasins; i++) {
		free((char *)n->asins[i].asin);
		free((char *)n->asins[i].title);
	}
	free(n->asins);
	free_list(&n->complaint_ids);
	free(n->infringement_type.value);
	free(n->owner_name.value);
	free(n->owner_email.value);
	free(n->reply_to.value);
	free_list(&n->amazon_addresses);
	for (size_t i = 0; i < n->nip_refs; i++) {
		free((char *)n->ip_refs[i].kind);
		free((char *)n->ip_refs[i].number);
	}
	free(n->ip_refs);
	free(n->deadline.value);
	free(n);
}

const char *poa_notice_family(const poa_notice *n) { return n->family; }
const char *poa_notice_severity(const poa_notice *n) { return n->severity; }
int poa_notice_is_amazon(const poa_notice *n) { return n->is_amazon; }
const char *poa_notice_unknown_reason(const poa_notice *n) { return n->unknown_reason; }
const char *poa_notice_marketplace(const poa_notice *n) { return n->marketplace.value; }
size_t poa_notice_asin_count(const poa_notice *n) { return n->nasins; }
const poa_asin *poa_notice_asin(const poa_notice *n, size_t i) { return i < n->nasins ? &n->asins[i] : NULL; }
size_t poa_notice_complaint_count(const poa_notice *n) { return n->complaint_ids.count; }
const char *poa_notice_complaint_id(const poa_notice *n, size_t i)
{
	return i < n->complaint_ids.count ? n->complaint_ids.items[i].value : NULL;
}
const char *poa_notice_infringement_type(const poa_notice *n) { return n->infringement_type.value; }
const char *poa_notice_owner_name(const poa_notice *n) { return n->owner_name.value; }
const char *poa_notice_owner_email(const poa_notice *n) { return n->owner_email.value; }
size_t poa_notice_ip_ref_count(const poa_notice *n) { return n->nip_refs; }
const poa_ip_ref *poa_notice_ip_ref(const poa_notice *n, size_t i) { return i < n->nip_refs ? &n->ip_refs[i] : NULL; }
const char *poa_notice_reply_to(const poa_notice *n) { return n->reply_to.value; }
int poa_notice_deadline_days(const poa_notice *n) { return n->deadline_days; }
