/* kb_starts.c — the literals a pattern's matches start with.
 *
 * PCRE2's interpreter, searching a caseless field pattern through a notice,
 * tries every position whose first byte could begin a match: with labels
 * that start with common letters (rights, patent, complaint, title) that is
 * most of the text, and it was nearly half of `poa read`'s instructions
 * (bench/README.md). When every match of a pattern starts with one of a few
 * literal strings ("rights", "patent", "投诉"), notice.c finds those with
 * memmem() and runs the pattern anchored at each in turn, which reports the
 * same matches in the same order: an unanchored search is the same anchored
 * attempt at each position from left to right, and no match can start
 * where none of the literals does.
 *
 * The set is derived from the pattern source when the kb is loaded (so at
 * build time for the compiled-in image), by a small parser for the part of
 * PCRE2 syntax kb patterns use. Anything it does not fully understand — an
 * option setting, a backreference, \K, a verb, a class or dot where a match
 * can begin, a caseless letter outside ASCII — gives no set, and the pattern
 * is searched the plain way: the derivation may be incomplete, never wrong.
 *
 * Caseless literals are lower-cased ASCII and are looked for in
 * poa_normtext.lower (ASCII lower-cased). The only non-ASCII characters
 * PCRE2 folds to ASCII letters, KELVIN SIGN and LATIN SMALL LETTER LONG S,
 * are checked for by the reader, which then does without the set. */
#include "kb.h"
#include "buf.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum { N_LIT, N_CLASS, N_ZW, N_GROUP };

struct rx_seq;

typedef struct rx_node {
	int kind;
	unsigned min, max;          /* quantifier; max UINT_MAX: unbounded */
	char lit[5];                /* N_LIT: one character, UTF-8, lower-cased when caseless */
	struct rx_seq *alts;        /* N_GROUP */
	size_t nalts;
} rx_node;

typedef struct rx_seq {
	rx_node *items;
	size_t n, cap;
} rx_seq;

typedef struct parser {
	const char *p;
	int caseless;
	int bad;                    /* not understood, or out of memory */
	int depth;
} parser;

static void free_seq(rx_seq *s);

static void free_node(rx_node *n)
{
	for (size_t i = 0; i < n->nalts; i++)
		free_seq(&n->alts[i]);
	free(n->alts);
}

static void free_seq(rx_seq *s)
{
	for (size_t i = 0; i < s->n; i++)
		free_node(&s->items[i]);
	free(s->items);
}

static rx_node *push(parser *ps, rx_seq *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		rx_node *items = realloc(s->items, cap * sizeof *items);
		if (!items) {
			ps->bad = 1;
			return NULL;
		}
		s->items = items;
		s->cap = cap;
	}
	rx_node *n = &s->items[s->n++];
	memset(n, 0, sizeof *n);
	n->min = n->max = 1;
	return n;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
	return is_digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* A character that no caseless match can meet in another form: ASCII, CJK
 * ideographs and punctuation, full-width punctuation. */
static int caseless_safe(int32_t cp)
{
	return cp < 0x80 || (cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xFF01 && cp <= 0xFF20) ||
	       (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
}

/* Skips a {...} after \p, \P; returns 0 when there is none. */
static int skip_braces(parser *ps)
{
	if (*ps->p != '{') {
		if (!*ps->p)
			return 0;
		ps->p++;   /* \pL: a one-letter property */
		return 1;
	}
	const char *e = strchr(ps->p, '}');
	if (!e)
		return 0;
	ps->p = e + 1;
	return 1;
}

/* [...], ps->p after the '['. */
static int skip_class(parser *ps)
{
	if (*ps->p == '^')
		ps->p++;
	if (*ps->p == ']')
		ps->p++;   /* a ']' first is a member */
	while (*ps->p && *ps->p != ']') {
		if (ps->p[0] == '[' && ps->p[1] == ':') {
			const char *e = strstr(ps->p + 2, ":]");
			if (!e)
				return 0;
			ps->p = e + 2;
		} else if (*ps->p == '\\') {
			ps->p++;
			char c = *ps->p;
			if (!c)
				return 0;
			ps->p++;
			if ((c == 'p' || c == 'P' || c == 'x' || c == 'o') && *ps->p == '{') {
				const char *e = strchr(ps->p, '}');
				if (!e)
					return 0;
				ps->p = e + 1;
			}
		} else {
			ps->p++;
		}
	}
	if (*ps->p != ']')
		return 0;
	ps->p++;
	return 1;
}

static unsigned read_num(parser *ps)
{
	unsigned v = 0;
	while (is_digit(*ps->p)) {
		if (v > 100000)
			ps->bad = 1;
		v = v * 10 + (unsigned)(*ps->p++ - '0');
	}
	return v;
}

/* The quantifier after an atom, if any. */
static void quantifier(parser *ps, rx_node *n)
{
	char c = *ps->p;
	if (c == '?' || c == '*' || c == '+') {
		n->min = c == '+';
		n->max = c == '?' ? 1 : UINT_MAX;
		ps->p++;
	} else if (c == '{') {
		ps->p++;
		if (!is_digit(*ps->p)) {
			ps->bad = 1;   /* a literal '{', or {,n}: not worth understanding */
			return;
		}
		n->min = read_num(ps);
		n->max = n->min;
		if (*ps->p == ',') {
			ps->p++;
			n->max = is_digit(*ps->p) ? read_num(ps) : UINT_MAX;
		}
		if (*ps->p != '}') {
			ps->bad = 1;
			return;
		}
		ps->p++;
	} else {
		return;
	}
	if (*ps->p == '?' || *ps->p == '+')
		ps->p++;   /* lazy or possessive: the same strings can start a match */
}

static void parse_alts(parser *ps, rx_node *group);

/* One atom into s. */
static void parse_atom(parser *ps, rx_seq *s)
{
	rx_node *n = push(ps, s);
	if (!n)
		return;
	const char *p = ps->p;
	unsigned char c = (unsigned char)*p;
	if (c == '(') {
		int zw = 0;
		if (p[1] == '*') {
			ps->bad = 1;   /* a verb */
			return;
		}
		if (p[1] != '?') {
			ps->p = p + 1;
		} else if (p[2] == ':') {
			ps->p = p + 3;
		} else if (p[2] == '=' || p[2] == '!') {
			ps->p = p + 3;
			zw = 1;
		} else if (p[2] == '<' && (p[3] == '=' || p[3] == '!')) {
			ps->p = p + 4;
			zw = 1;
		} else if ((p[2] == '<' && is_alnum(p[3])) || (p[2] == 'P' && p[3] == '<')) {
			const char *e = strchr(p, '>');
			if (!e) {
				ps->bad = 1;
				return;
			}
			ps->p = e + 1;   /* a named group */
		} else {
			ps->bad = 1;     /* option settings, atomic groups, conditions, ... */
			return;
		}
		n->kind = zw ? N_ZW : N_GROUP;
		parse_alts(ps, n);
		if (ps->bad || *ps->p != ')') {
			ps->bad = 1;
			return;
		}
		ps->p++;
		if (zw) {
			/* Only the fact that it consumes nothing is needed. */
			for (size_t i = 0; i < n->nalts; i++)
				free_seq(&n->alts[i]);
			free(n->alts);
			n->alts = NULL;
			n->nalts = 0;
		}
	} else if (c == '[') {
		ps->p = p + 1;
		n->kind = N_CLASS;
		if (!skip_class(ps))
			ps->bad = 1;
	} else if (c == '.') {
		ps->p = p + 1;
		n->kind = N_CLASS;
	} else if (c == '\\') {
		char e = p[1];
		ps->p = p + 2;
		if (!e) {
			ps->bad = 1;
		} else if (!is_alnum(e) && (unsigned char)e < 0x80) {
			n->kind = N_LIT;   /* an escaped punctuation character */
			n->lit[0] = e;
		} else if (e == 'n' || e == 't' || e == 'r' || e == 'f' || e == 'e') {
			n->kind = N_LIT;
			n->lit[0] = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'f' ? '\f' : '\x1b';
		} else if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G') {
			n->kind = N_ZW;   /* assertions only narrow where a match can start */
		} else if (strchr("sSdDwWhHvVRNX", e)) {
			n->kind = N_CLASS;
		} else if (e == 'p' || e == 'P') {
			n->kind = N_CLASS;
			if (!skip_braces(ps))
				ps->bad = 1;
		} else {
			ps->bad = 1;   /* \K, backreferences, \x, \Q, ...: not needed */
		}
	} else if (c == '^' || c == '$') {
		ps->p = p + 1;
		n->kind = N_ZW;
	} else if (c == '*' || c == '+' || c == '?' || c == '{') {
		ps->bad = 1;
	} else {
		/* One literal character, whole. */
		size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		size_t i = 0;
		int32_t cp = len ? poa_utf8_next(p, strlen(p), &i) : 0xFFFD;
		if (!len || i != len || cp == 0xFFFD) {
			ps->bad = 1;
			return;
		}
		ps->p = p + len;
		if (ps->caseless && !caseless_safe(cp)) {
			n->kind = N_CLASS;   /* é also matches É: a class of its own */
		} else {
			n->kind = N_LIT;
			memcpy(n->lit, p, len);
			if (ps->caseless && c >= 'A' && c <= 'Z')
				n->lit[0] = (char)(c + 32);
		}
	}
	if (!ps->bad)
		quantifier(ps, n);
}

static void parse_seq(parser *ps, rx_seq *s)
{
	while (!ps->bad && *ps->p && *ps->p != '|' && *ps->p != ')')
		parse_atom(ps, s);
}

/* Alternatives up to the ')' or end that closes them, into group. */
static void parse_alts(parser *ps, rx_node *group)
{
	if (++ps->depth > 32) {
		ps->bad = 1;
		return;
	}
	for (;;) {
		rx_seq *alts = realloc(group->alts, (group->nalts + 1) * sizeof *alts);
		if (!alts) {
			ps->bad = 1;
			break;
		}
		group->alts = alts;
		rx_seq *s = &group->alts[group->nalts++];
		memset(s, 0, sizeof *s);
		parse_seq(ps, s);
		if (ps->bad || *ps->p != '|')
			break;
		ps->p++;
	}
	ps->depth--;
}

/* ---- the strings a match can start with ---------------------------------------- */

/* What follows the end of a sequence: the rest of the enclosing one. */
typedef struct cont {
	const rx_seq *seq;
	size_t at;
	const struct cont *next;
} cont;

typedef struct starts_set {
	char *lit[KB_STARTS_MAX];
	size_t n;
	int bad;
} starts_set;

#define LIT_MAX 16   /* longer literals find no fewer places */

static void add(starts_set *set, const char *s, size_t len)
{
	if (set->bad)
		return;
	if (!len || set->n == KB_STARTS_MAX) {
		set->bad = 1;
		return;
	}
	char *copy = poa_strndup(s, len);
	if (!copy) {
		set->bad = 1;
		return;
	}
	set->lit[set->n++] = copy;
}

/* Adds the literal runs a match of s from item j starts with, after
 * run[0, len): a literal taken once extends the run, an optional one (the
 * dot of "u\.?s") extends it both with and without, anything else ends
 * it. Branching halves the places to try ("us" and "u.s", not every "u");
 * it stops while the set still has room for the runs already owed
 * (reserve), so that it never overflows and gives up the set. */
static void add_runs(const rx_seq *s, size_t j, char *run, size_t len, size_t reserve, starts_set *set)
{
	for (; j < s->n; j++) {
		const rx_node *m = &s->items[j];
		size_t l = m->kind == N_LIT ? strlen(m->lit) : 0;
		if (m->kind != N_LIT || m->max != 1 || len + l > LIT_MAX)
			break;
		if (m->min == 0) {
			if (set->n + reserve + 2 > KB_STARTS_MAX)
				break;
			memcpy(run + len, m->lit, l);
			add_runs(s, j + 1, run, len + l, reserve + 1, set);
			continue;   /* and on without it */
		}
		memcpy(run + len, m->lit, l);
		len += l;
	}
	add(set, run, len);
}

/* Adds to set the strings a match of s from item i, then of k, starts
 * with; marks the set bad when one can start otherwise. */
static void firsts(const rx_seq *s, size_t i, const cont *k, starts_set *set)
{
	while (!set->bad) {
		while (i < s->n && s->items[i].kind == N_ZW)
			i++;
		if (i == s->n) {
			if (!k) {
				set->bad = 1;   /* the match can be empty */
				return;
			}
			s = k->seq;
			i = k->at;
			k = k->next;
			continue;
		}
		const rx_node *n = &s->items[i];
		if (n->kind == N_CLASS) {
			set->bad = 1;
			return;
		}
		if (n->kind == N_LIT) {
			if (n->min != 1 || n->max != 1) {
				/* c?, c*, c+, c{2,5}: the match starts with c, or (min 0)
				 * with what follows. */
				add(set, n->lit, strlen(n->lit));
				if (n->min)
					return;
				i++;
				continue;
			}
			char run[LIT_MAX + 4];
			add_runs(s, i, run, 0, 0, set);
			return;
		}
		/* A group: each alternative, followed by the rest of s. */
		cont after = {s, i + 1, k};
		for (size_t a = 0; a < n->nalts && !set->bad; a++)
			firsts(&n->alts[a], 0, &after, set);
		if (n->min)
			return;
		i++;   /* an optional group: the match can start after it */
	}
}

static int by_length(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
	return la < lb ? -1 : la > lb;
}

void poa_starts_free(kb_starts *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->lit[i]);
	free(s->lit);
	s->lit = NULL;
	s->n = 0;
}

int poa_pattern_starts(const char *pattern, int caseless, kb_starts *out)
{
	out->lit = NULL;
	out->n = 0;
	parser ps = {.p = pattern, .caseless = caseless};
	rx_node top = {.kind = N_GROUP, .min = 1, .max = 1};
	parse_alts(&ps, &top);
	if (*ps.p)
		ps.bad = 1;   /* an unbalanced ')' */
	starts_set set = {0};
	if (!ps.bad)
		for (size_t a = 0; a < top.nalts && !set.bad; a++)
			firsts(&top.alts[a], 0, NULL, &set);
	free_node(&top);
	if (ps.bad || set.bad) {
		for (size_t i = 0; i < set.n; i++)
			free(set.lit[i]);
		return 0;
	}
	/* Shortest first; a string that starts with a kept one adds no place. */
	qsort(set.lit, set.n, sizeof *set.lit, by_length);
	size_t kept = 0;
	for (size_t i = 0; i < set.n; i++) {
		int covered = 0;
		for (size_t j = 0; j < kept && !covered; j++)
			covered = strncmp(set.lit[i], set.lit[j], strlen(set.lit[j])) == 0;
		if (covered)
			free(set.lit[i]);
		else
			set.lit[kept++] = set.lit[i];
	}
	out->lit = malloc(kept * sizeof *out->lit);
	if (!out->lit) {
		for (size_t i = 0; i < kept; i++)
			free(set.lit[i]);
		return 0;   /* out of memory: searched the plain way, still right */
	}
	memcpy(out->lit, set.lit, kept * sizeof *out->lit);
	out->n = kept;
	return 1;
}
