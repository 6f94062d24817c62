/* spelling.c — R35-spelling: Hunspell with the en_US dictionary, and en_GB
 * beside it where installed (letters to amazon.co.uk or .de are often in
 * British spelling, which is no mistake: a word either accepts passes). A letter
 * names brands, people, ASINs and the notice's own words, so those are
 * accepted: capitalised words, words with digits or all in capitals, e-mail
 * and web addresses, and every word of the notice. */
#include "lint.h"
#include "buf.h"
#include "notice.h"
#include "answers.h"
#include "dynlib.h"

#include <hunspell/hunspell.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FINDINGS 25

/* Hunspell is C++ and brings libstdc++ with it; only this rule needs it, so
 * it is loaded here rather than linked into every poa command. */
typedef struct hun_api {
	Hunhandle *(*create)(const char *, const char *);
	void (*destroy)(Hunhandle *);
	int (*spell)(Hunhandle *, const char *);
	int (*suggest)(Hunhandle *, char ***, const char *);
	void (*free_list)(Hunhandle *, char ***, int);
	int (*add)(Hunhandle *, const char *);
} hun_api;

static int load_hunspell(hun_api *a)
{
	const poa_dynsym syms[] = {
		{"Hunspell_create", (void **)&a->create},   {"Hunspell_destroy", (void **)&a->destroy},
		{"Hunspell_spell", (void **)&a->spell},     {"Hunspell_suggest", (void **)&a->suggest},
		{"Hunspell_free_list", (void **)&a->free_list}, {"Hunspell_add", (void **)&a->add},
	};
	char why[256];
	/* Not installed: the rule cannot run, as without a dictionary. The
	 * library stays loaded: later letters use it again. */
	return poa_dynlib_open("libhunspell-1.7.so.0", syms, sizeof syms / sizeof *syms, why, sizeof why) != NULL;
}

static int letter_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'';
}

/* Tokens glued to @ . / : are parts of addresses, not words. */
static int in_address(const char *s, size_t len, size_t a, size_t b)
{
	return (a > 0 && strchr("@./:_-", s[a - 1]) && s[a - 1]) ||
	       (b < len && strchr("@/:_", s[b]) && s[b]) ||
	       (b + 1 < len && s[b] == '.' && letter_char(s[b + 1]));
}

static int has_digit(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return 1;
	return 0;
}

static int skip_word(const char *w, size_t n)
{
	if (n < 3 || (w[0] >= 'A' && w[0] <= 'Z'))
		return 1;
	return 0;
}

static const char *dictionary_dir(void)
{
	const char *env = getenv("POA_HUNSPELL_DIR");
	return env && *env ? env : "/usr/share/hunspell";
}

/* Adds every word of the notice the letter answers to the session dictionary. */
static void accept_notice_words(const hun_api *api, Hunhandle *h, const letter *L)
{
	const poa_notice *n = L->notice;
	if (!n)
		return;
	const char *fields[] = {n->owner_name.value, n->infringement_type.value, NULL};
	for (const char **f = fields; *f || f == fields; f++) {
		if (!*f)
			continue;
		char word[64];
		const char *s = *f;
		while (*s) {
			size_t k = 0;
			while (*s && !letter_char(*s))
				s++;
			while (letter_char(*s) && k < sizeof word - 1)
				word[k++] = *s++;
			word[k] = '\0';
			if (k)
				api->add(h, word);
			while (letter_char(*s))
				s++;
		}
	}
	for (size_t i = 0; i < n->nasins; i++)
		if (n->asins[i].title) {
			char *t = poa_strdup0(n->asins[i].title);
			for (char *tok = t ? strtok(t, " ,.;:()\"/-") : NULL; tok; tok = strtok(NULL, " ,.;:()\"/-"))
				api->add(h, tok);
			free(t);
		}
}

/* Adds every word of the seller's answers: their store, their names, their
 * supplier are spelled as they are. */
static void accept_answer_words(const hun_api *api, Hunhandle *h, const poa_yaml *y)
{
	if (!y)
		return;
	if (y->kind == POA_YAML_SCALAR && y->value) {
		char *t = poa_strdup0(y->value);
		for (char *tok = t ? strtok(t, " ,.;:()\"'/-") : NULL; tok; tok = strtok(NULL, " ,.;:()\"'/-"))
			api->add(h, tok);
		free(t);
		return;
	}
	for (size_t i = 0; i < y->count; i++)
		accept_answer_words(api, h, y->items[i]);
}

static void report_word(const hun_api *api, letter *L, const kb_lint_rule *r, Hunhandle *h, size_t a, size_t b,
			const char *w)
{
	char **sugg = NULL;
	int ns = api->suggest(h, &sugg, w);
	poa_buf arg;
	poa_buf_init(&arg);
	poa_buf_adds(&arg, w);
	for (int i = 0; i < ns && i < 3; i++)
		poa_buf_printf(&arg, "%s%s", i ? ", " : " (", sugg[i]);
	if (ns > 0)
		poa_buf_adds(&arg, "?)");
	if (sugg)
		api->free_list(h, &sugg, ns);
	lint_report(L, r, a, b, arg.data ? arg.data : w);
	poa_buf_free(&arg);
}

/* en_US, or en_GB; NULL when the dictionary is not installed. */
static Hunhandle *open_dictionary(const hun_api *api, const char *lang)
{
	char aff[512], dic[512];
	snprintf(aff, sizeof aff, "%s/%s.aff", dictionary_dir(), lang);
	snprintf(dic, sizeof dic, "%s/%s.dic", dictionary_dir(), lang);
	if (access(aff, R_OK) != 0 || access(dic, R_OK) != 0)
		return NULL;
	return api->create(aff, dic);
}

/* The next word to check at or after *i, as [*a, *b); 0 at the end. */
static int next_word(const char *s, size_t len, size_t *i, size_t *a, size_t *b)
{
	while (*i < len) {
		while (*i < len && !letter_char(s[*i]))
			(*i)++;
		*a = *i;
		while (*i < len && (letter_char(s[*i]) || (s[*i] >= '0' && s[*i] <= '9')))
			(*i)++;
		*b = *i;
		while (*b > *a && s[*b - 1] == '\'')
			(*b)--;
		while (*a < *b && s[*a] == '\'')
			(*a)++;
		if (*b - *a < 64 && !skip_word(s + *a, *b - *a) && !in_address(s, len, *a, *b) &&
		    !has_digit(s + *a, *b - *a))
			return 1;
	}
	return 0;
}

void lint_check_spelling(letter *L, const kb_lint_rule *r)
{
	hun_api funcs;
	const hun_api *api = &funcs;
	if (!load_hunspell(&funcs))
		return;
	Hunhandle *us = open_dictionary(api, "en_US");
	if (!us)
		return;  /* no dictionary on this machine: the rule cannot run */
	Hunhandle *gb = open_dictionary(api, "en_GB");
	accept_notice_words(api, us, L);
	accept_answer_words(api, us, L->answers ? L->answers->root : NULL);
	if (gb) {
		accept_notice_words(api, gb, L);
		accept_answer_words(api, gb, L->answers ? L->answers->root : NULL);
	}
	const char *s = L->t.text;
	size_t i = 0, a, b;
	int found = 0;
	while (found < MAX_FINDINGS && next_word(s, L->t.len, &i, &a, &b)) {
		char w[64];
		memcpy(w, s + a, b - a);
		w[b - a] = '\0';
		if (!api->spell(us, w) && !(gb && api->spell(gb, w))) {
			report_word(api, L, r, us, a, b, w);
			found++;
		}
	}
	if (gb)
		api->destroy(gb);
	api->destroy(us);
}
