/* history.c — R27-resubmitted: a letter compared with those already sent
 * for its case. Sentences are the unit: a letter whose sentences (long
 * enough to mean something) mostly appear in a sent letter was resubmitted,
 * whatever was reordered or retouched around them. */
#include "lint.h"
#include "buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MIN_SENTENCE 24      /* shorter ones ("Dear Sir,") say nothing */
#define SAME_SHARE 90        /* percent, as the catalogue's rule says */

typedef struct sentences {
	char **s;
	size_t n;
} sentences;

/* Splits text at . ! ? and line ends; each sentence lower-cased, spaces
 * collapsed. */
static int split(const char *text, sentences *out)
{
	poa_buf cur;
	poa_buf_init(&cur);
	for (const char *p = text;; p++) {
		int end = !*p || strchr(".!?\n", *p);
		if (!end) {
			if (isspace((unsigned char)*p)) {
				if (cur.len && cur.data[cur.len - 1] != ' ')
					poa_buf_addc(&cur, ' ');
			} else {
				poa_buf_addc(&cur, (char)tolower((unsigned char)*p));
			}
			continue;
		}
		if (cur.len >= MIN_SENTENCE) {
			char **v = realloc(out->s, (out->n + 1) * sizeof *v);
			if (!v || cur.oom) {
				poa_buf_free(&cur);
				return 0;
			}
			out->s = v;
			out->s[out->n++] = poa_buf_steal(&cur);
		}
		poa_buf_free(&cur);
		poa_buf_init(&cur);
		if (!*p)
			return 1;
	}
}

static void free_sentences(sentences *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->s[i]);
	free(s->s);
}

/* Percent of a's sentences found in b. */
static int share(const sentences *a, const sentences *b)
{
	if (!a->n)
		return 0;
	size_t same = 0;
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < b->n; k++)
			if (strcmp(a->s[i], b->s[k]) == 0) {
				same++;
				break;
			}
	return (int)(same * 100 / a->n);
}

poa_status poa_lint_history(const poa_kb *kb, poa_lint *l, const char *const *sent, size_t nsent, poa_error *err)
{
	const kb_lint_rule *r = NULL;
	for (size_t i = 0; i < kb->nlint; i++)
		if (strcmp(kb->lint[i].id, "R27-resubmitted") == 0)
			r = &kb->lint[i];
	if (!r || !nsent)
		return POA_OK;
	sentences mine = {0};
	int best = 0, ok = split(l->text, &mine);
	for (size_t i = 0; ok && i < nsent; i++) {
		sentences theirs = {0};
		ok = split(sent[i], &theirs);
		int s = ok ? share(&mine, &theirs) : 0;
		best = s > best ? s : best;
		free_sentences(&theirs);
	}
	free_sentences(&mine);
	if (!ok)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (best < SAME_SHARE)
		return POA_OK;
	/* The finding points at the first line: the letter as a whole. */
	letter L = {.kb = kb, .out = l};
	poa_status st = poa_normalise_mode(l->text, l->len, 1, &L.t, err);
	if (st)
		return st;
	const char *nl = memchr(L.t.text, '\n', L.t.len);
	char what[48];
	snprintf(what, sizeof what, "%d%%", best);
	lint_report(&L, r, 0, nl ? (size_t)(nl - L.t.text) : L.t.len, what);
	poa_normtext_free(&L.t);
	lint_sort(l);
	return l->oom ? poa_error_set(err, POA_ERR_NOMEM, "out of memory") : POA_OK;
}
