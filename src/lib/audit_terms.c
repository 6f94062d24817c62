/* audit_terms.c — the terms of a sweep: from files (one a line, '#'
 * comments), from a notice (the rights owner and its brand), from the lists
 * bundled in kb/terms/ (each term with its source), and exclusions. */
#include "audit.h"
#include "pages.h"
#include "buf.h"
#include "text.h"
#include "yamltree.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The lists of kb/terms/ compiled in (audit_terms_image.c, generated). */
typedef struct audit_kb_file {
	const char *name;   /* the list's name: file name without .yaml */
	const char *yaml;
} audit_kb_file;
extern const audit_kb_file audit_kb_files[];
extern const size_t audit_kb_nfiles;

poa_status poa_audit_terms_new(poa_audit_terms **out, poa_error *err)
{
	*out = calloc(1, sizeof **out);
	return *out ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

void poa_audit_terms_free(poa_audit_terms *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nchunks; i++)
		free(t->chunks[i]);
	free(t->chunks);
	free(t->v);
	free(t->slots);
	free(t);
}

size_t poa_audit_terms_count(const poa_audit_terms *t)
{
	return t ? t->nterms : 0;
}

/* ---- storage ------------------------------------------------------------- */

#define CHUNK ((size_t)16 << 10)

/* n bytes of the arena; NULL when out of memory. */
static char *arena(poa_audit_terms *t, size_t n)
{
	if (n > t->left) {
		if (t->nchunks == t->chunkcap) {
			size_t cap = t->chunkcap ? t->chunkcap * 2 : 16;
			char **c = realloc(t->chunks, cap * sizeof *c);
			if (!c)
				return NULL;
			t->chunks = c;
			t->chunkcap = cap;
		}
		/* The first chunk small (most lists are), the next ones 2 MiB
		 * each, a huge page where they pay (pages.h): 500,000 terms take
		 * 25 MB of strings. */
		size_t size = t->nchunks ? (size_t)2 << 20 : CHUNK;
		if (size < n)
			size = n;
		if (!(t->at = t->nchunks ? poa_pages_buffer(size, 0, poa_pages_huge()) : malloc(size)))
			return t->left = 0, NULL;
		t->chunks[t->nchunks++] = t->at;
		t->left = size;
	}
	char *p = t->at;
	t->at += n;
	t->left -= n;
	return p;
}

/* Gives back the end of the last arena() block: it used only used bytes. */
static void arena_trim(poa_audit_terms *t, char *block, size_t asked, size_t used)
{
	if (block + asked == t->at) {
		t->at = block + used;
		t->left += asked - used;
	}
}

static char *arena_copy(poa_audit_terms *t, const char *s, size_t n)
{
	char *p = arena(t, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* The term's key in the arena, padded for audit_prehash_padded(). */
static const char *arena_key(poa_audit_terms *t, const char *term, size_t len, size_t *nwords)
{
	size_t ask = len + 1 + AUDIT_KEY_PAD;
	char *p = arena(t, ask);
	if (!p)
		return NULL;
	size_t n = audit_term_key_ascii(term, len, p, nwords);
	if (n == (size_t)-1) {   /* not ASCII: normalised, and its key may be longer */
		arena_trim(t, p, ask, 0);
		char *key = audit_term_key(term, len, nwords);
		if (!key)
			return NULL;
		n = strlen(key);
		p = arena(t, n + 1 + AUDIT_KEY_PAD);
		if (p)
			memcpy(p, key, n + 1);
		free(key);
		if (!p)
			return NULL;
	} else {
		arena_trim(t, p, ask, n + 1 + AUDIT_KEY_PAD);
	}
	memset(p + n + 1, 0, AUDIT_KEY_PAD);
	return p;
}

static size_t slot_of(const poa_audit_terms *t, const char *key, uint64_t hash)
{
	size_t mask = t->nslots - 1, i = (size_t)hash & mask;
	uint32_t tag = (uint32_t)(hash >> 32);
	while (t->slots[i]) {
		/* The tag spares a visit to the term (a cache miss) on a collision. */
		if ((uint32_t)(t->slots[i] >> 32) == tag) {
			const audit_term *e = &t->v[(uint32_t)t->slots[i] - 1];
			if (e->hash == hash && strcmp(e->key, key) == 0)
				break;
		}
		i = (i + 1) & mask;
	}
	return i;
}

/* Room for n more terms, in the list and in the de-duplication table. */
static int reserve_terms(poa_audit_terms *t, size_t n)
{
	if (t->n + n > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		while (cap < t->n + n)
			cap *= 2;
		audit_term *v = poa_pages_table(cap * sizeof *v, (t->n + n) * sizeof *v, poa_pages_huge());
		if (!v)
			return -1;
		if (t->n)
			memcpy(v, t->v, t->n * sizeof *v);
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	if ((t->n + n) * 2 <= t->nslots)
		return 0;
	size_t ns = t->nslots ? t->nslots : 1024;
	while (ns < (t->n + n) * 2)
		ns *= 2;
	uint64_t *slots = poa_pages_table(ns * sizeof *slots, ns * sizeof *slots, poa_pages_huge());
	if (!slots)
		return -1;
	free(t->slots);
	t->slots = slots;
	t->nslots = ns;
	for (size_t i = 0; i < t->n; i++)
		t->slots[slot_of(t, t->v[i].key, t->v[i].hash)] = (t->v[i].hash >> 32 << 32) | (i + 1);
	return 0;
}

/* Where a term came from, for a message: "FILE:LINE", or FILE. */
static const char *where(char *buf, size_t size, const char *file, size_t line)
{
	if (line)
		snprintf(buf, size, "%s:%zu", file, line);
	else
		snprintf(buf, size, "%s", file);
	return buf;
}

/* A term's key, word count and hash, the key in t's arena: what can be
 * worked out of a line before the terms before it are added (a batch of
 * lines is prepared, then added, load_lines). key is NULL when out of
 * memory; nwords 0 or past AUDIT_MAX_WORDS is refused by insert_term. */
typedef struct prepared {
	const char *term;
	size_t len, line;
	const char *key;
	size_t nwords;
	uint64_t hash;
} prepared;

static void prepare_term(poa_audit_terms *t, const char *term, size_t len, int exclude, prepared *p)
{
	*p = (prepared){.term = term, .len = len};
	p->key = arena_key(t, term, len, &p->nwords);
	if (p->key && p->nwords && p->nwords <= AUDIT_MAX_WORDS)
		p->hash = audit_mix(audit_prehash_padded((const unsigned char *)p->key, strlen(p->key))) + (uint64_t)exclude;
}

/* Adds a prepared term unless it is there already (the first wording
 * stays: *dup is set); file and line (0: none) label it in messages. */
static poa_status insert_term(poa_audit_terms *t, const prepared *p, const char *source, int exclude, const char *file,
			      size_t line, int *dup, poa_error *err)
{
	char at[4200];
	*dup = 0;
	if (!p->key)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory reading terms");
	if (p->nwords == 0)
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: '%.*s' has no letter or digit to match; remove the line or write the "
				     "term in words",
				     where(at, sizeof at, file, line), (int)(p->len > 80 ? 80 : p->len), p->term);
	if (p->nwords > AUDIT_MAX_WORDS)
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: the term has %zu words; poa audit matches terms of at most %d words: shorten it",
				     where(at, sizeof at, file, line), p->nwords, AUDIT_MAX_WORDS);
	if (reserve_terms(t, 1))
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory reading terms");
	size_t s = slot_of(t, p->key, p->hash);
	if (t->slots[s]) {
		*dup = 1;
		return POA_OK;
	}
	if (!source)
		source = "";
	if (!t->last_source || strcmp(t->last_source, source) != 0)
		t->last_source = arena_copy(t, source, strlen(source));
	audit_term *e = &t->v[t->n];
	*e = (audit_term){.display = arena_copy(t, p->term, p->len), .key = p->key, .source = t->last_source,
			  .hash = p->hash, .nwords = (uint32_t)p->nwords, .exclude = exclude};
	if (!e->display || !e->source)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory reading terms");
	t->slots[s] = (p->hash >> 32 << 32) | ++t->n;
	if (!exclude)
		t->nterms++;
	return POA_OK;
}

/* Adds a term; file and line (0: none) label it in messages. */
static poa_status add_term(poa_audit_terms *t, const char *term, size_t len, const char *source, int exclude,
			   const char *file, size_t line, poa_error *err)
{
	char *mark = t->at;
	size_t mark_left = t->left;
	prepared p;
	int dup;
	prepare_term(t, term, len, exclude, &p);
	poa_status st = insert_term(t, &p, source, exclude, file, line, &dup, err);
	if (dup || st == POA_ERR_INPUT) {   /* a key not kept: its bytes are used again */
		t->at = mark;
		t->left = mark_left;
	}
	return st;
}

poa_status poa_audit_terms_add(poa_audit_terms *t, const char *term, const char *source, int exclude,
			       poa_error *err)
{
	return add_term(t, term, strlen(term), source, exclude, source ? source : "term", 0, err);
}

/* Reads a whole file ("-" is not allowed: reports may come on stdin), NUL
 * terminated. */
static poa_status slurp(const char *path, const char *what, char **data, size_t *len, poa_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return poa_error_set(err, POA_ERR_IO, "%s: cannot open the %s: %s", path, what, strerror(errno));
	poa_buf b;
	poa_buf_init(&b);
	struct stat sb;
	int regular = fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode);
	/* A file's size at once: one read, no regrowing; its pages mapped
	 * in one call, or in huge pages when it is big (pages.h). */
	if (regular && sb.st_size > 0 &&
	    (b.data = poa_pages_buffer((size_t)sb.st_size + 1, (size_t)sb.st_size, poa_pages_huge())) != NULL)
		b.cap = (size_t)sb.st_size + 1;
	else
		poa_buf_reserve(&b, regular && sb.st_size > 0 ? (size_t)sb.st_size + 1 : 65536);
	while (!b.oom) {
		if (b.cap - b.len < 2 && !poa_buf_reserve(&b, b.cap))
			break;
		size_t n = fread(b.data + b.len, 1, b.cap - b.len - 1, f);
		if (!n)
			break;
		b.len += n;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		poa_buf_free(&b);
		return poa_error_set(err, POA_ERR_IO, "%s: cannot read the %s (is it a folder?)", path, what);
	}
	poa_buf_add(&b, "", 0);
	if (b.oom) {
		poa_buf_free(&b);
		return poa_error_set(err, POA_ERR_NOMEM, "%s: out of memory", path);
	}
	*len = b.len;
	*data = poa_buf_steal(&b);
	return POA_OK;
}

/* The next line of [*p, end) that holds a term (trimmed; '#' starts a
 * comment): [*a, *b), its number in *line. 0 at the end. */
static int next_term_line(char **p, char *end, size_t *line, char **a, char **b)
{
	while (*p < end) {
		char *nl = memchr(*p, '\n', (size_t)(end - *p)), *e = nl ? nl : end;
		char *x = *p, *y = e;
		++*line;
		*p = nl ? nl + 1 : end;
		while (x < y && (*x == ' ' || *x == '\t' || *x == '\r'))
			x++;
		while (y > x && (y[-1] == ' ' || y[-1] == '\t' || y[-1] == '\r'))
			y--;
		if (x < y && *x != '#') {
			*a = x;
			*b = y;
			return 1;
		}
	}
	return 0;
}

/* The de-duplication table is a megabyte or more visited at random, a
 * cache miss a term: the slots of a batch of terms are fetched together. */
#define BATCH 32
static void prefetch_slot(const poa_audit_terms *t, const prepared *p)
{
	if (p->key)
		__builtin_prefetch(&t->slots[(size_t)p->hash & (t->nslots - 1)]);
}

/* Adds prepared terms in order; the first error stops. */
static poa_status insert_terms(poa_audit_terms *t, const prepared *v, size_t n, const char *path, int exclude,
			       size_t *terms, poa_error *err)
{
	poa_status st = POA_OK;
	for (size_t i = 0; i < n && !st; i++) {
		int dup;
		st = insert_term(t, &v[i], path, exclude, path, v[i].line, &dup, err);
		++*terms;
	}
	return st;
}

/* The lines of [p, end), a batch at a time: prepared, their slots fetched,
 * then added. (Two threads, one preparing the second half, were slower:
 * the work is mostly the first writes to fresh pages, which the threads
 * then take in turn.) */
static poa_status load_lines(poa_audit_terms *t, char *p, char *end, const char *path, int exclude, size_t *terms,
			     poa_error *err)
{
	size_t line = 0, n;
	char *a, *b;
	poa_status st = POA_OK;
	do {
		prepared v[BATCH];
		for (n = 0; n < BATCH && next_term_line(&p, end, &line, &a, &b); n++) {
			prepare_term(t, a, (size_t)(b - a), exclude, &v[n]);
			v[n].line = line;
			prefetch_slot(t, &v[n]);
		}
		st = insert_terms(t, v, n, path, exclude, terms, err);
	} while (!st && n == BATCH);
	return st;
}

poa_status poa_audit_terms_load_file(poa_audit_terms *t, const char *path, int exclude, poa_error *err)
{
	const char *what = exclude ? "exclude list" : "term list";
	char *raw = NULL, *data = NULL;
	size_t rawlen = 0, len = 0;
	char used[POA_CHARSET_MAX];
	poa_status st = slurp(path, what, &raw, &rawlen, err);
	if (st)
		return st;
	if (poa_looks_binary(raw, rawlen)) {
		free(raw);
		return poa_error_set(err, POA_ERR_INPUT, "%s: this is a binary file, not a %s (one term a line)", path,
				     what);
	}
	if (poa_utf8_valid_prefix(raw, rawlen) == rawlen) {   /* as nearly all are: no copy */
		data = raw;
		len = rawlen;
		if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
			memmove(data, data + 3, len -= 3);
		data[len] = '\0';
	} else {
		st = poa_to_utf8(path, raw, rawlen, NULL, &data, &len, used, err);
		free(raw);
		if (st)
			return st;
	}
	size_t lines = 1;
	for (const char *p = data; (p = memchr(p, '\n', (size_t)(data + len - p))) != NULL; p++)
		lines++;
	if (reserve_terms(t, lines)) {   /* one table, not a dozen regrown ones */
		free(data);
		return poa_error_set(err, POA_ERR_NOMEM, "%s: out of memory reading %zu terms", path, lines);
	}
	size_t terms = 0;
	st = load_lines(t, data, data + len, path, exclude, &terms, err);
	free(data);
	if (!st && terms == 0)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: the %s holds no term (one term a line; '#' starts a comment)",
				   path, what);
	return st;
}

/* ---- kb/terms/ ---------------------------------------------------------- */

/* One list: {list, title, source, terms: [TERM | {term, source}]}. */
static poa_status load_kb_list(poa_audit_terms *t, const char *label, const char *yaml, size_t len, poa_error *err)
{
	poa_yaml *root = NULL;
	poa_status st = poa_yaml_parse(label, yaml, len, &root, err);
	if (st)
		return poa_error_set(err, POA_ERR_KB, "%s", err ? err->message : "bad term list");
	const char *list_source = poa_yaml_str(root, "source");
	const poa_yaml *terms = poa_yaml_get(root, "terms");
	if (!list_source || !terms || terms->kind != POA_YAML_LIST) {
		poa_yaml_free(root);
		return poa_error_set(err, POA_ERR_KB, "%s: a term list needs 'source' (where the terms come from) and "
						      "'terms' (a list)", label);
	}
	for (size_t i = 0; i < terms->count && !st; i++) {
		const poa_yaml *y = terms->items[i];
		const char *term = y->kind == POA_YAML_SCALAR ? y->value : poa_yaml_str(y, "term");
		const char *src = y->kind == POA_YAML_MAP && poa_yaml_str(y, "source") ? poa_yaml_str(y, "source")
											: list_source;
		if (!term) {
			st = poa_error_set(err, POA_ERR_KB, "%s:%zu: an entry of 'terms' needs 'term'", label, y->line);
			break;
		}
		st = add_term(t, term, strlen(term), src, 0, label, y->line, err);
		if (st == POA_ERR_INPUT)
			err->status = st = POA_ERR_KB;
	}
	poa_yaml_free(root);
	return st;
}

size_t poa_audit_kb_list_count(void)
{
	return audit_kb_nfiles;
}

const char *poa_audit_kb_list_name(size_t i)
{
	return i < audit_kb_nfiles ? audit_kb_files[i].name : NULL;
}

static int name_is(const char *file, const char *list)
{
	size_t n = strlen(list);
	return strncmp(file, list, n) == 0 && strcmp(file + n, ".yaml") == 0;
}

poa_status poa_audit_terms_load_kb(poa_audit_terms *t, const char *kb_dir, const char *list, poa_error *err)
{
	int all = !list || strcmp(list, "all") == 0, found = 0;
	poa_status st = POA_OK;
	if (!kb_dir) {
		for (size_t i = 0; i < audit_kb_nfiles && !st; i++) {
			if (!all && strcmp(audit_kb_files[i].name, list) != 0)
				continue;
			char label[256];
			snprintf(label, sizeof label, "kb/terms/%s.yaml", audit_kb_files[i].name);
			st = load_kb_list(t, label, audit_kb_files[i].yaml, strlen(audit_kb_files[i].yaml), err);
			found++;
		}
	} else {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/terms", kb_dir);
		struct dirent **names = NULL;
		int n = scandir(dir, &names, NULL, alphasort);
		if (n < 0)
			return poa_error_set(err, POA_ERR_KB, "%s: cannot open the folder of term lists: %s", dir,
					     strerror(errno));
		for (int i = 0; i < n; i++) {
			const char *f = names[i]->d_name;
			size_t fl = strlen(f);
			int yaml = fl > 5 && strcmp(f + fl - 5, ".yaml") == 0;
			if (!st && yaml && (all || name_is(f, list))) {
				char path[8192], *data = NULL;
				size_t len = 0;
				snprintf(path, sizeof path, "%s/%s", dir, f);
				st = slurp(path, "term list", &data, &len, err);
				if (!st)
					st = load_kb_list(t, path, data, len, err);
				else
					err->status = st = POA_ERR_KB;
				free(data);
				found++;
			}
			free(names[i]);
		}
		free(names);
	}
	if (!st && !found) {
		poa_buf b;
		poa_buf_init(&b);
		for (size_t i = 0; i < audit_kb_nfiles; i++)
			poa_buf_printf(&b, "%s%s", i ? ", " : "", audit_kb_files[i].name);
		st = poa_error_set(err, POA_ERR_USAGE, "no bundled term list '%s'; the lists are: %s", list ? list : "",
				   b.data ? b.data : "(none)");
		poa_buf_free(&b);
	}
	return st;
}

/* ---- the notice ------------------------------------------------------------ */

static const char *const corporate[] = {
	"co", "company", "corp", "corporation", "inc", "incorporated", "llc", "l.l.c", "ltd", "limited", "gmbh",
	"ag", "sa", "s.a", "sarl", "srl", "s.r.l", "spa", "bv", "b.v", "nv", "plc", "pty", "kg", "oy", "ab", "as",
	"lp", "llp", "kk", "k.k", "co.,ltd", "group", "holdings", "brands", "international", "trading",
};

static int is_corporate(const char *w, size_t n)
{
	while (n && (w[n - 1] == '.' || w[n - 1] == ','))
		n--;
	for (size_t i = 0; i < sizeof corporate / sizeof *corporate; i++)
		if (strlen(corporate[i]) == n && strncasecmp(corporate[i], w, n) == 0)
			return 1;
	return 0;
}

static const char *const generic_first[] = {"the", "a", "an", "new", "global", "american", "united", "general",
					    "international", "national", "best", "amazon", "my", "our", "de", "la"};

static int is_generic(const char *w, size_t n)
{
	if (n < 3)
		return 1;
	for (size_t i = 0; i < sizeof generic_first / sizeof *generic_first; i++)
		if (strlen(generic_first[i]) == n && strncasecmp(generic_first[i], w, n) == 0)
			return 1;
	return 0;
}

poa_status poa_audit_terms_from_notice(poa_audit_terms *t, const poa_notice *n, poa_error *err)
{
	const char *owner = poa_notice_owner_name(n);
	if (!owner || !*owner)
		return poa_error_set(err, POA_ERR_INPUT,
				     "the notice names no rights owner, so there is no brand to sweep for; "
				     "give the brand with --terms FILE");
	poa_status st = add_term(t, owner, strlen(owner), "notice", 0, "notice", 0, err);
	/* "Brightwell Outdoor Co., Ltd." -> "Brightwell Outdoor" -> "Brightwell". */
	char *name = poa_strdup0(owner);
	if (!name)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	for (;;) {
		poa_trim(name, ",.");
		char *sp = strrchr(name, ' ');
		const char *last = sp ? sp + 1 : name;
		if (!sp || !is_corporate(last, strlen(last)))
			break;
		*sp = '\0';
	}
	poa_trim(name, ",.");
	if (!st && *name && strcmp(name, owner) != 0)
		st = add_term(t, name, strlen(name), "notice", 0, "notice", 0, err);
	char *sp = strchr(name, ' ');
	if (!st && sp && !is_generic(name, (size_t)(sp - name)))
		st = add_term(t, name, (size_t)(sp - name), "notice", 0, "notice", 0, err);
	free(name);
	if (st == POA_ERR_INPUT)   /* an owner of no words: nothing to add */
		st = POA_OK;
	return st;
}
