/* kb.c — loading and checking the knowledge base.
 *
 * The files are data written by people: every structural mistake is reported
 * with the file, the line and what to write instead, never skipped silently. */
#include "kb.h"
#include "buf.h"
#include "yamltree.h"
#include "kb_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


poa_status kbl_bad(loader *l, const poa_yaml *at, const char *what)
{
	return poa_error_set(l->err, POA_ERR_KB, "%s:%zu: %s (see kb/README.md)", l->file,
			     at ? at->line : 0, what);
}

char *kbl_dup_lower(const char *s)
{
	char *p = poa_strdup0(s);
	for (char *q = p; q && *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q + 32);
	return p;
}

poa_status kbl_get_text(loader *l, const poa_yaml *map, const char *key, int required, kb_text *t)
{
	const poa_yaml *v = poa_yaml_get(map, key);
	if (!v) {
		if (required)
			return kbl_bad(l, map, "missing text with en and zh");
		return POA_OK;
	}
	const char *en = poa_yaml_str(v, "en"), *zh = poa_yaml_str(v, "zh");
	if (!en || !zh)
		return kbl_bad(l, v, "text needs both en and zh");
	t->en = poa_strdup0(en);
	t->zh = poa_strdup0(zh);
	return POA_OK;
}

void kbl_free_text(kb_text *t)
{
	free(t->en);
	free(t->zh);
}

/* A word or a list of words. */
poa_status kbl_get_strings(loader *l, const poa_yaml *y, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!y)
		return POA_OK;
	size_t count = y->kind == POA_YAML_LIST ? y->count : 1;
	*out = calloc(count ? count : 1, sizeof **out);
	if (!*out)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < count; i++) {
		const poa_yaml *it = y->kind == POA_YAML_LIST ? y->items[i] : y;
		if (it->kind != POA_YAML_SCALAR)
			return kbl_bad(l, it, "expected a word or a list of words");
		(*out)[(*n)++] = poa_strdup0(it->value);
	}
	return POA_OK;
}

void kbl_free_strings(char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

/* A list of {text, weight, source} (or plain strings) as phrases. */
poa_status kbl_get_phrases(loader *l, const poa_yaml *list, kb_phrase **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!list)
		return POA_OK;
	if (list->kind != POA_YAML_LIST)
		return kbl_bad(l, list, "expected a list of phrases");
	*out = calloc(list->count ? list->count : 1, sizeof **out);
	if (!*out)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < list->count; i++) {
		const poa_yaml *it = list->items[i];
		const char *text = it->kind == POA_YAML_SCALAR ? it->value : poa_yaml_str(it, "text");
		if (!text || !*text)
			return kbl_bad(l, it, "a phrase needs a non-empty text");
		kb_phrase *p = &(*out)[(*n)++];
		p->text = kbl_dup_lower(text);
		p->len = strlen(p->text);
		p->weight = (int)poa_yaml_int(it, "weight", 1);
		p->source = poa_strdup0(poa_yaml_str(it, "source"));
		if (it->kind == POA_YAML_MAP && !p->source)
			return kbl_bad(l, it, "every phrase needs its source");
	}
	return POA_OK;
}

void kbl_free_phrases(kb_phrase *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].text);
		free(p[i].source);
	}
	free(p);
}

static poa_status load_family(loader *l, const poa_yaml *y, kb_family *f)
{
	const char *id = poa_yaml_str(y, "id");
	if (!id)
		return kbl_bad(l, y, "a family needs an id");
	f->id = poa_strdup0(id);
	f->severity = poa_strdup0(poa_yaml_str(y, "severity"));
	f->rank = (int)poa_yaml_int(y, "rank", 1000);
	f->threshold = (int)poa_yaml_int(y, "threshold", 2);
	poa_status st;
	if ((st = kbl_get_text(l, y, "name", 1, &f->name)) || (st = kbl_get_text(l, y, "summary", 1, &f->summary)) ||
	    (st = kbl_get_text(l, y, "explanation", 1, &f->explanation)) ||
	    (st = kbl_get_phrases(l, poa_yaml_get(y, "signals"), &f->signals, &f->nsignals)) ||
	    (st = kbl_get_phrases(l, poa_yaml_get(y, "blockers"), &f->blockers, &f->nblockers)))
		return st;
	if (!f->nsignals)
		return kbl_bad(l, y, "a family needs at least one signal");
	const poa_yaml *types = poa_yaml_get(y, "infringement_types");
	if (types && types->kind == POA_YAML_LIST && types->count) {
		f->types = calloc(types->count, sizeof *f->types);
		if (!f->types)
			return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
		for (size_t i = 0; i < types->count; i++) {
			if (types->items[i]->kind != POA_YAML_SCALAR)
				return kbl_bad(l, types->items[i], "infringement_types is a list of words");
			f->types[f->ntypes++] = kbl_dup_lower(types->items[i]->value);
		}
	} else if (types) {
		return kbl_bad(l, types, "infringement_types is a list of words");
	}
	const poa_yaml *opts = poa_yaml_get(y, "options");
	if (!opts || opts->kind != POA_YAML_LIST || !opts->count)
		return kbl_bad(l, y, "a family needs a list of options");
	f->options = calloc(opts->count, sizeof *f->options);
	if (!f->options)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < opts->count; i++) {
		const poa_yaml *o = opts->items[i];
		kb_option *op = &f->options[f->noptions++];
		const char *en = poa_yaml_str(o, "en"), *zh = poa_yaml_str(o, "zh"), *src = poa_yaml_str(o, "source");
		if (!en || !zh || !src)
			return kbl_bad(l, o, "an option needs en, zh and source");
		op->text.en = poa_strdup0(en);
		op->text.zh = poa_strdup0(zh);
		op->source = poa_strdup0(src);
	}
	return POA_OK;
}

static int by_rank(const void *a, const void *b)
{
	const kb_family *x = a, *y = b;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

static poa_status load_families(loader *l, const poa_yaml *root, poa_kb *kb)
{
	if (root->kind != POA_YAML_LIST || !root->count)
		return kbl_bad(l, root, "expected a list of families");
	kb->families = calloc(root->count, sizeof *kb->families);
	if (!kb->families)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < root->count; i++) {
		poa_status st = load_family(l, root->items[i], &kb->families[kb->nfamilies++]);
		if (st)
			return st;
	}
	qsort(kb->families, kb->nfamilies, sizeof *kb->families, by_rank);
	return POA_OK;
}

static poa_status load_stakes(loader *l, const poa_yaml *root, poa_kb *kb)
{
	if (root->kind != POA_YAML_LIST || !root->count)
		return kbl_bad(l, root, "expected a list of stakes");
	kb->stakes = calloc(root->count, sizeof *kb->stakes);
	if (!kb->stakes)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < root->count; i++) {
		const poa_yaml *y = root->items[i];
		kb_stake *s = &kb->stakes[kb->nstakes++];
		const char *id = poa_yaml_str(y, "id");
		if (!id)
			return kbl_bad(l, y, "a stake needs an id");
		s->id = poa_strdup0(id);
		s->level = (int)poa_yaml_int(y, "level", 0);
		poa_status st;
		if ((st = kbl_get_text(l, y, "label", 1, &s->label)) || (st = kbl_get_text(l, y, "sentence", 1, &s->sentence)) ||
		    (st = kbl_get_phrases(l, poa_yaml_get(y, "signals"), &s->signals, &s->nsignals)))
			return st;
	}
	return POA_OK;
}

static int by_length_desc(const void *a, const void *b)
{
	const kb_address *x = a, *y = b;
	return (x->len < y->len) - (x->len > y->len);
}

static poa_status load_addresses(loader *l, const poa_yaml *root, poa_kb *kb)
{
	if (root->kind != POA_YAML_LIST || !root->count)
		return kbl_bad(l, root, "expected a list of addresses");
	kb->addresses = calloc(root->count, sizeof *kb->addresses);
	if (!kb->addresses)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < root->count; i++) {
		const poa_yaml *y = root->items[i];
		kb_address *a = &kb->addresses[kb->naddresses++];
		const char *addr = poa_yaml_str(y, "address"), *reply = poa_yaml_str(y, "reply");
		if (!addr || !strchr(addr, '@') || !reply)
			return kbl_bad(l, y, "an address needs address (with @) and reply: true|false");
		a->address = kbl_dup_lower(addr);
		a->len = strlen(a->address);
		a->reply = strcmp(reply, "true") == 0;
		a->source = poa_strdup0(poa_yaml_str(y, "source"));
		poa_status st = kbl_get_text(l, y, "purpose", 1, &a->purpose);
		if (st)
			return st;
	}
	qsort(kb->addresses, kb->naddresses, sizeof *kb->addresses, by_length_desc);
	return POA_OK;
}

poa_status poa_kb_compile_pattern(const char *file, size_t line, const char *pattern, int caseless,
				  pcre2_code **out, poa_error *err)
{
	int code;
	PCRE2_SIZE off;
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | (caseless ? PCRE2_CASELESS : 0);
	*out = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, flags, &code, &off, NULL);
	if (!*out) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		return poa_error_set(err, POA_ERR_KB, "%s:%zu: pattern error at offset %zu: %s (see kb/README.md)",
				     file, line, (size_t)off, (char *)msg);
	}
	/* No JIT here: for one notice the interpreter is faster than JIT
	 * compilation. poa_kb_optimize() adds it for mailboxes. */
	return POA_OK;
}

poa_status kbl_compile(loader *l, const poa_yaml *at, const char *pattern, int caseless,
			  pcre2_code **out)
{
	return poa_kb_compile_pattern(l->file, at ? at->line : 0, pattern, caseless, out, l->err);
}

static poa_status load_fields(loader *l, const poa_yaml *root, poa_kb *kb)
{
	const poa_yaml *list = poa_yaml_get(root, "fields");
	if (!list || list->kind != POA_YAML_LIST || !list->count)
		return kbl_bad(l, root, "expected 'fields:' with a list of field patterns");
	kb->fields = calloc(list->count, sizeof *kb->fields);
	if (!kb->fields)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < list->count; i++) {
		const poa_yaml *y = list->items[i];
		kb_field *f = &kb->fields[kb->nfields++];
		const char *field = poa_yaml_str(y, "field"), *pat = poa_yaml_str(y, "pattern");
		const char *cs = poa_yaml_str(y, "case");
		if (!field || !pat || !poa_yaml_str(y, "source"))
			return kbl_bad(l, y, "a field pattern needs field, pattern and source");
		f->field = poa_strdup0(field);
		f->kind = poa_strdup0(poa_yaml_str(y, "kind"));
		f->source = poa_strdup0(poa_yaml_str(y, "source"));
		f->pattern = poa_strdup0(pat);
		f->caseless = !(cs && strcmp(cs, "sensitive") == 0);
		poa_status st = kbl_compile(l, y, pat, f->caseless, &f->re);
		if (st)
			return st;
		poa_pattern_starts(pat, f->caseless, &f->starts);
	}
	return kbl_get_phrases(l, poa_yaml_get(root, "amazon_markers"), &kb->markers, &kb->nmarkers);
}

poa_status kbl_get_word_values(loader *l, const poa_yaml *y, const char *valkey, kb_word_value **out,
				  size_t *n)
{
	if (!y || !y->count)
		return kbl_bad(l, y, "expected a non-empty map or list");
	*out = calloc(y->count, sizeof **out);
	if (!*out)
		return poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < y->count; i++) {
		kb_word_value *w = &(*out)[(*n)++];
		const poa_yaml *it = y->items[i];
		if (y->kind == POA_YAML_MAP && it->kind == POA_YAML_SCALAR) {
			w->word = kbl_dup_lower(y->keys[i]);
			w->value = atoi(it->value);
		} else if (it->kind == POA_YAML_MAP && poa_yaml_str(it, "word")) {
			w->word = kbl_dup_lower(poa_yaml_str(it, "word"));
			w->value = (int)poa_yaml_int(it, valkey, -1);
			if (w->value < 0)
				return kbl_bad(l, it, "a unit needs its number of days (0 for hours)");
		} else {
			return kbl_bad(l, it, "expected word: value");
		}
	}
	return POA_OK;
}

static int by_word_length_desc(const void *a, const void *b)
{
	size_t x = strlen(((const kb_word_value *)a)->word), y = strlen(((const kb_word_value *)b)->word);
	return (x < y) - (x > y);
}

/* Quotes a word for a PCRE2 alternation. */
static void add_quoted(poa_buf *b, const char *w)
{
	for (; *w; w++) {
		if (strchr("\\^$.|?*+()[]{}-#", *w))
			poa_buf_addc(b, '\\');
		poa_buf_addc(b, *w);
	}
}

static int is_ascii_word(const char *w)
{
	for (; *w; w++)
		if ((unsigned char)*w >= 0x80)
			return 0;
	return 1;
}

/* Adds the words of w that are (ascii) ASCII or (!ascii) not, as an
 * alternation; returns how many were added. */
static size_t add_words(poa_buf *b, const kb_word_value *w, size_t n, int ascii)
{
	size_t added = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_ascii_word(w[i].word) != ascii)
			continue;
		if (added++)
			poa_buf_addc(b, '|');
		add_quoted(b, w[i].word);
	}
	return added;
}

/* "within (the next) N (unit)" in English, "N 天内" in Chinese. The number
 * and unit words come from deadlines.yaml, so new wording is a data change.
 * Each language's pattern starts with a short set of characters ("w", a
 * digit, a Chinese numeral), which keeps matching fast without JIT. */
static poa_status load_deadlines(loader *l, const poa_yaml *root, poa_kb *kb)
{
	poa_status st;
	if ((st = kbl_get_word_values(l, poa_yaml_get(root, "numbers"), "value", &kb->numbers, &kb->nnumbers)) ||
	    (st = kbl_get_word_values(l, poa_yaml_get(root, "units"), "days", &kb->units, &kb->nunits)) ||
	    (st = kbl_get_phrases(l, poa_yaml_get(root, "ignore_near"), &kb->ignore_near, &kb->nignore)))
		return st;
	qsort(kb->numbers, kb->nnumbers, sizeof *kb->numbers, by_word_length_desc);
	qsort(kb->units, kb->nunits, sizeof *kb->units, by_word_length_desc);
	kb->deadline_source = poa_strdup0(poa_yaml_str(root, "source"));
	poa_buf en, zh;
	poa_buf_init(&en);
	poa_buf_init(&zh);
	poa_buf_adds(&en, "\\bwithin\\s+(?:the\\s+next\\s+|the\\s+following\\s+|a\\s+period\\s+of\\s+)?(?<num>\\d{1,3}|");
	add_words(&en, kb->numbers, kb->nnumbers, 1);
	poa_buf_adds(&en, ")(?:\\s*\\(\\d{1,3}\\))?\\s*(?<unit>");
	add_words(&en, kb->units, kb->nunits, 1);
	poa_buf_adds(&en, ")\\b");
	poa_buf_adds(&zh, "(?<num>\\d{1,3}|");
	add_words(&zh, kb->numbers, kb->nnumbers, 0);
	poa_buf_adds(&zh, ")\\s*(?:个)?\\s*(?<unit>");
	add_words(&zh, kb->units, kb->nunits, 0);
	poa_buf_adds(&zh, ")\\s*(?:之内|以内|内)");
	if (en.oom || zh.oom) {
		st = poa_error_set(l->err, POA_ERR_NOMEM, "out of memory");
	} else {
		kb->deadline_pattern[0] = poa_buf_steal(&en);
		kb->deadline_pattern[1] = poa_buf_steal(&zh);
		st = kbl_compile(l, root, kb->deadline_pattern[0], 1, &kb->deadline_re[0]);
		if (!st)
			st = kbl_compile(l, root, kb->deadline_pattern[1], 1, &kb->deadline_re[1]);
		for (int i = 0; i < 2 && !st; i++)
			poa_pattern_starts(kb->deadline_pattern[i], 1, &kb->deadline_starts[i]);
	}
	poa_buf_free(&en);
	poa_buf_free(&zh);
	return st;
}

static void free_family(kb_family *f)
{
	free(f->id);
	free(f->severity);
	kbl_free_text(&f->name);
	kbl_free_text(&f->summary);
	kbl_free_text(&f->explanation);
	kbl_free_phrases(f->signals, f->nsignals);
	kbl_free_phrases(f->blockers, f->nblockers);
	for (size_t i = 0; i < f->noptions; i++) {
		kbl_free_text(&f->options[i].text);
		free(f->options[i].source);
	}
	free(f->options);
	for (size_t i = 0; i < f->ntypes; i++)
		free(f->types[i]);
	free(f->types);
}

void poa_kb_free(poa_kb *kb)
{
	if (!kb)
		return;
	kb_speller_free(kb->speller);
	if (kb->arena) {
		poa_kb_free_image(kb);
		free(kb);
		return;
	}
	for (size_t i = 0; i < kb->nfamilies; i++)
		free_family(&kb->families[i]);
	free(kb->families);
	for (size_t i = 0; i < kb->nstakes; i++) {
		free(kb->stakes[i].id);
		kbl_free_text(&kb->stakes[i].label);
		kbl_free_text(&kb->stakes[i].sentence);
		kbl_free_phrases(kb->stakes[i].signals, kb->stakes[i].nsignals);
	}
	free(kb->stakes);
	for (size_t i = 0; i < kb->naddresses; i++) {
		free(kb->addresses[i].address);
		free(kb->addresses[i].source);
		kbl_free_text(&kb->addresses[i].purpose);
	}
	free(kb->addresses);
	for (size_t i = 0; i < kb->nfields; i++) {
		free(kb->fields[i].field);
		free(kb->fields[i].kind);
		free(kb->fields[i].source);
		free(kb->fields[i].pattern);
		pcre2_code_free(kb->fields[i].re);
		poa_starts_free(&kb->fields[i].starts);
	}
	free(kb->fields);
	kbl_free_phrases(kb->markers, kb->nmarkers);
	for (size_t i = 0; i < kb->nnumbers; i++)
		free(kb->numbers[i].word);
	for (size_t i = 0; i < kb->nunits; i++)
		free(kb->units[i].word);
	free(kb->numbers);
	free(kb->units);
	kbl_free_phrases(kb->ignore_near, kb->nignore);
	for (int i = 0; i < 2; i++) {
		pcre2_code_free(kb->deadline_re[i]);
		free(kb->deadline_pattern[i]);
		poa_starts_free(&kb->deadline_starts[i]);
	}
	free(kb->deadline_source);
	poa_kb_free_lint(kb);
	poa_kb_free_plan(kb);
	poa_kb_free_health(kb);
	free(kb);
}

/* Reads a kb file of dir. */
poa_status kbl_read_file(const char *dir, const char *name, char **data, size_t *len,
			       char *label, size_t labelsz, poa_error *err)
{
	snprintf(label, labelsz, "%s/%s", dir, name);
	FILE *f = fopen(label, "rb");
	if (!f)
		return poa_error_set(err, POA_ERR_KB, "%s: cannot open: %s; --kb must name a folder holding %s",
				     label, strerror(errno), name);
	poa_buf b;
	poa_buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		poa_buf_add(&b, chunk, n);
	int failed = ferror(f);
	fclose(f);
	if (failed || b.oom) {
		poa_buf_free(&b);
		return poa_error_set(err, POA_ERR_KB, "%s: cannot read the file", label);
	}
	poa_buf_add(&b, "", 0);
	*len = b.len;
	*data = poa_buf_steal(&b);
	return POA_OK;
}

typedef poa_status (*section_loader)(loader *, const poa_yaml *, poa_kb *);

static poa_status load_file(const char *dir, const char *name, section_loader fn, poa_kb *kb,
			    poa_error *err)
{
	char label[4096], *data = NULL;
	size_t len = 0;
	poa_status st = kbl_read_file(dir, name, &data, &len, label, sizeof label, err);
	if (st)
		return st;
	poa_yaml *root = NULL;
	st = poa_yaml_parse(label, data, len, &root, err);
	free(data);
	if (st) {
		if (err)
			err->status = POA_ERR_KB;
		return POA_ERR_KB;
	}
	loader l = {.file = label, .err = err};
	st = fn(&l, root, kb);
	poa_yaml_free(root);
	return st;
}

static poa_status check_references(poa_kb *kb, poa_error *err)
{
	for (size_t i = 0; i < kb->nfamilies; i++) {
		const kb_family *f = &kb->families[i];
		if (!f->severity || !poa_kb_stake(kb, f->severity))
			return poa_error_set(err, POA_ERR_KB,
					     "kb/families.yaml: family %s: severity '%s' is not a stake id of stakes.yaml",
					     f->id, f->severity ? f->severity : "");
	}
	return POA_OK;
}

poa_status poa_kb_load(const char *dir, poa_kb **out, poa_error *err)
{
	*out = NULL;
	if (!dir)
		return poa_kb_decode(poa_kb_image, poa_kb_image_len, out, err);
	poa_kb *kb = calloc(1, sizeof *kb);
	if (!kb)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	poa_status st;
	if ((st = load_file(dir, "families.yaml", load_families, kb, err)) ||
	    (st = load_file(dir, "stakes.yaml", load_stakes, kb, err)) ||
	    (st = load_file(dir, "addresses.yaml", load_addresses, kb, err)) ||
	    (st = load_file(dir, "fields.yaml", load_fields, kb, err)) ||
	    (st = load_file(dir, "deadlines.yaml", load_deadlines, kb, err)) ||
	    (st = poa_kb_load_lint(dir, kb, err)) ||
	    (st = poa_kb_load_plan(dir, kb, err)) || (st = load_file(dir, "health.yaml", kb_load_health, kb, err)) ||
	    (st = load_file(dir, "evidence.yaml", kb_load_evidence, kb, err)) ||
	    (st = check_references(kb, err))) {
		poa_kb_free(kb);
		return st;
	}
	*out = kb;
	return POA_OK;
}

poa_status poa_kb_load_reader(const char *dir, poa_kb **out, poa_error *err)
{
	if (dir)
		return poa_kb_load(dir, out, err);
	*out = NULL;
	return poa_kb_decode_reader(poa_kb_image, poa_kb_image_len, out, err);
}

void poa_kb_optimize(poa_kb *kb)
{
	if (kb->optimized)
		return;
	kb->optimized = 1;
	for (size_t i = 0; i < kb->nfields; i++)
		pcre2_jit_compile(kb->fields[i].re, PCRE2_JIT_COMPLETE);  /* falls back to the interpreter */
	pcre2_jit_compile(kb->deadline_re[0], PCRE2_JIT_COMPLETE);
	pcre2_jit_compile(kb->deadline_re[1], PCRE2_JIT_COMPLETE);
}

const kb_family *poa_kb_family(const poa_kb *kb, const char *id)
{
	for (size_t i = 0; i < kb->nfamilies; i++)
		if (strcmp(kb->families[i].id, id) == 0)
			return &kb->families[i];
	return NULL;
}

const kb_stake *poa_kb_stake(const poa_kb *kb, const char *id)
{
	for (size_t i = 0; i < kb->nstakes; i++)
		if (strcmp(kb->stakes[i].id, id) == 0)
			return &kb->stakes[i];
	return NULL;
}

const char *poa_kb_text(const kb_text *t, poa_lang lang)
{
	return lang == POA_LANG_ZH && t->zh ? t->zh : t->en;
}
