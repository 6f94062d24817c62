/* spelling.c — R35-spelling: Hunspell with the en_US dictionary, and en_GB
 * beside it where installed (letters to amazon.co.uk or .de are often in
 * British spelling, which is no mistake: a word either accepts passes). A letter
 * names brands, people, ASINs and the notice's own words, so those are
 * accepted: capitalised words, words with digits or all in capitals, e-mail
 * and web addresses, and every word of the notice.
 *
 * Opening the dictionaries costs about 0.15 s, so they are opened once per
 * knowledge base, at the first letter checked, and kept with it (poa serve
 * checks a letter on every keystroke pause). Hunspell handles are not
 * thread-safe: calls hold the speller's lock. The words a letter may use
 * (its notice's, its answers') are kept per letter in a set of their own,
 * not added to the shared dictionaries, so one seller's names never pass
 * in another's letter. */
#include "lint.h"
#include "buf.h"
#include "notice.h"
#include "answers.h"
#include "dynlib.h"

#include <glib.h>
#include <hunspell/hunspell.h>
#include <pthread.h>
#include <stdatomic.h>
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
} hun_api;

static hun_api hun_loaded;
static const poa_dynlib_sym hun_syms[] = {
	POA_DYNLIB_SYM(hun_api, create, "Hunspell_create"),
	POA_DYNLIB_SYM(hun_api, destroy, "Hunspell_destroy"),
	POA_DYNLIB_SYM(hun_api, spell, "Hunspell_spell"),
	POA_DYNLIB_SYM(hun_api, suggest, "Hunspell_suggest"),
	POA_DYNLIB_SYM(hun_api, free_list, "Hunspell_free_list"),
	{NULL, 0},
};
static poa_dynlib hun_lib = POA_DYNLIB("libhunspell-1.7.so.0", "libhunspell-1.7-0", hun_syms, &hun_loaded);

static int load_hunspell(hun_api *a)
{
	/* Not installed: the rule cannot run, as without a dictionary. */
	if (poa_dynlib_load(&hun_lib, POA_ERR_IO, NULL))
		return 0;
	*a = hun_loaded;
	return 1;
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

/* The letter's own words, which pass whatever the dictionaries say. */
static void accept_word(GHashTable *ok, const char *word)
{
	if (*word)
		g_hash_table_add(ok, g_strdup(word));
}

/* Every word of the notice the letter answers. */
static void accept_notice_words(GHashTable *ok, const letter *L)
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
				accept_word(ok, word);
			while (letter_char(*s))
				s++;
		}
	}
	for (size_t i = 0; i < n->nasins; i++)
		if (n->asins[i].title) {
			char *t = poa_strdup0(n->asins[i].title);
			for (char *tok = t ? strtok(t, " ,.;:()\"/-") : NULL; tok; tok = strtok(NULL, " ,.;:()\"/-"))
				accept_word(ok, tok);
			free(t);
		}
}

/* Adds every word of the seller's answers: their store, their names, their
 * supplier are spelled as they are. */
static void accept_answer_words(GHashTable *ok, const poa_yaml *y)
{
	if (!y)
		return;
	if (y->kind == POA_YAML_SCALAR && y->value) {
		char *t = poa_strdup0(y->value);
		for (char *tok = t ? strtok(t, " ,.;:()\"'/-") : NULL; tok; tok = strtok(NULL, " ,.;:()\"'/-"))
			accept_word(ok, tok);
		free(t);
		return;
	}
	for (size_t i = 0; i < y->count; i++)
		accept_answer_words(ok, y->items[i]);
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

/* The dictionaries of a knowledge base, opened at its first letter. us is
 * NULL when Hunspell or its en_US dictionary is not installed (the rule
 * cannot run; not retried). Suggestions cost Hunspell tens of milliseconds
 * a word, and a letter being edited shows the same mistakes on every
 * check: they are kept, word -> "word (a, b, c?)", up to SUGGESTIONS_KEPT. */
#define SUGGESTIONS_KEPT 4096
struct kb_speller {
	pthread_mutex_t lock;
	hun_api api;
	Hunhandle *us, *gb;
	GHashTable *suggestions;
};

static struct kb_speller *speller_open(void)
{
	struct kb_speller *sp = calloc(1, sizeof *sp);
	if (!sp)
		return NULL;
	pthread_mutex_init(&sp->lock, NULL);
	sp->suggestions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	if (load_hunspell(&sp->api) && (sp->us = open_dictionary(&sp->api, "en_US")))
		sp->gb = open_dictionary(&sp->api, "en_GB");
	return sp;
}

void kb_speller_free(struct kb_speller *sp)
{
	if (!sp)
		return;
	if (sp->gb)
		sp->api.destroy(sp->gb);
	if (sp->us)
		sp->api.destroy(sp->us);
	g_hash_table_destroy(sp->suggestions);
	pthread_mutex_destroy(&sp->lock);
	free(sp);
}

/* The kb's speller, opened on first use. Two threads may open one at once:
 * the one that loses the exchange frees its own. The kb is const to lint;
 * the speller is a cache of what it names, not part of what it says. */
static struct kb_speller *speller_of(const poa_kb *kb)
{
	_Atomic(struct kb_speller *) *slot = (_Atomic(struct kb_speller *) *)&kb->speller;
	struct kb_speller *sp = atomic_load(slot);
	if (sp)
		return sp;
	struct kb_speller *fresh = speller_open(), *none = NULL;
	if (!fresh || atomic_compare_exchange_strong(slot, &none, fresh))
		return fresh;
	kb_speller_free(fresh);
	return none;
}

/* "word (a, b, c?)" with Hunspell's first three suggestions, or the word
 * alone; owned by the speller (called with its lock held). */
static const char *suggest(struct kb_speller *sp, const char *w)
{
	const char *kept = g_hash_table_lookup(sp->suggestions, w);
	if (kept)
		return kept;
	char **sugg = NULL;
	int ns = sp->api.suggest(sp->us, &sugg, w);
	GString *arg = g_string_new(w);
	for (int i = 0; i < ns && i < 3; i++)
		g_string_append_printf(arg, "%s%s", i ? ", " : " (", sugg[i]);
	if (ns > 0)
		g_string_append(arg, "?)");
	if (sugg)
		sp->api.free_list(sp->us, &sugg, ns);
	if (g_hash_table_size(sp->suggestions) >= SUGGESTIONS_KEPT)
		g_hash_table_remove_all(sp->suggestions);
	char *text = g_string_free(arg, FALSE);
	g_hash_table_insert(sp->suggestions, g_strdup(w), text);
	return text;
}

static int misspelled(struct kb_speller *sp, GHashTable *ok, const char *w)
{
	return !g_hash_table_contains(ok, w) && !sp->api.spell(sp->us, w) && !(sp->gb && sp->api.spell(sp->gb, w));
}

void lint_check_spelling(letter *L, const kb_lint_rule *r)
{
	struct kb_speller *sp = speller_of(L->kb);
	if (!sp || !sp->us)
		return;  /* no Hunspell or no dictionary on this machine: the rule cannot run */
	GHashTable *ok = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	accept_notice_words(ok, L);
	accept_answer_words(ok, L->answers ? L->answers->root : NULL);
	const char *s = L->t.text;
	size_t i = 0, a, b;
	int found = 0;
	pthread_mutex_lock(&sp->lock);
	while (found < MAX_FINDINGS && next_word(s, L->t.len, &i, &a, &b)) {
		char w[64];
		memcpy(w, s + a, b - a);
		w[b - a] = '\0';
		if (misspelled(sp, ok, w)) {
			lint_report(L, r, a, b, suggest(sp, w));
			found++;
		}
	}
	pthread_mutex_unlock(&sp->lock);
	g_hash_table_destroy(ok);
}
