/* kb_image.c — the knowledge base as a flat image, and back.
 *
 * Reading 100 KB of YAML costs more than the rest of `poa read` together, so
 * the build loads kb/ YAML files once (poa-kbc) and compiles the result into the
 * binary as an image. One function, kb_codec(), describes the layout for both
 * directions, so writer and reader cannot drift apart.
 *
 * Patterns are stored twice: as source, and compiled (pcre2_serialize) after
 * the rest. Compiling the field patterns (caseless, Unicode) took a sixth of
 * `poa read`; the compiled form loads in a few microseconds. It is tied to
 * one PCRE2 build, which a static link makes the one poa-kbc used; when the
 * PCRE2 that runs refuses it (another version, shared linking), the sources
 * are compiled as before.
 *
 * A decoded kb's strings are the image's own (it outlives the kb: poa's is
 * static), and its arrays come from one arena (kb->arena): one allocation
 * for thousands of small ones, and one free. */
#include "kb.h"
#include "buf.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define IMAGE_MAGIC 0x33424b50u  /* "PKB3" */

/* ---- the arena of a decoded kb -------------------------------------------- */

typedef struct kb_arena {
	struct kb_arena *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
} kb_arena;

#define ARENA_BLOCK ((size_t)64 << 10)

/* Zeroed memory of the arena *a, aligned for any type; NULL when out of memory.
 * A block is malloc'd and each piece zeroed when handed out: calloc would
 * zero, and so fault in, the whole 64 KB block, of which `poa read`'s part
 * of the kb uses a fraction. */
static void *arena_alloc(kb_arena **a, size_t n)
{
	n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
	kb_arena *b = *a;
	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		kb_arena *nb = malloc(sizeof *nb + size);
		if (!nb)
			return NULL;
		nb->used = 0;
		nb->size = size;
		/* A big request gets a block of its own, behind the current one,
		 * so the rest of the current block is still used. */
		if (b && n > ARENA_BLOCK) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			*a = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += n;
	return memset(p, 0, n);
}

static void kb_arena_free(kb_arena *a)
{
	while (a) {
		kb_arena *next = a->next;
		free(a);
		a = next;
	}
}

typedef struct codec {
	int writing;
	poa_buf out;                  /* writing */
	const unsigned char *in;      /* reading */
	size_t len, pos;
	kb_arena *arena;           /* reading: where the kb's memory comes from */
	int bad;                      /* truncated or corrupt image, or no memory */
} codec;

static void c_u32(codec *c, uint32_t *v)
{
	if (c->writing) {
		unsigned char b[4] = {(unsigned char)*v, (unsigned char)(*v >> 8), (unsigned char)(*v >> 16),
				      (unsigned char)(*v >> 24)};
		poa_buf_add(&c->out, b, 4);
		return;
	}
	if (c->bad || c->len - c->pos < 4) {
		c->bad = 1;
		*v = 0;
		return;
	}
	const unsigned char *p = c->in + c->pos;
	*v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	c->pos += 4;
}

static void c_int(codec *c, int *v)
{
	uint32_t u = (uint32_t)*v;
	c_u32(c, &u);
	*v = (int)u;
}

static void c_size(codec *c, size_t *v)
{
	uint32_t u = (uint32_t)*v;
	c_u32(c, &u);
	*v = u;
}

/* A string, NULL allowed (stored as length 0xFFFFFFFF), stored with its NUL
 * so that the reader points into the image instead of copying it. */
static void c_str(codec *c, char **s)
{
	uint32_t n = *s ? (uint32_t)strlen(*s) : UINT32_MAX;
	c_u32(c, &n);
	if (c->writing) {
		if (*s)
			poa_buf_add(&c->out, *s, (size_t)n + 1);
		return;
	}
	*s = NULL;
	if (c->bad || n == UINT32_MAX)
		return;
	if (c->len - c->pos <= n || c->in[c->pos + n] != '\0') {
		c->bad = 1;
		return;
	}
	*s = (char *)(c->in + c->pos);  /* never written to: a kb is read-only once loaded */
	c->pos += (size_t)n + 1;
}

/* An array's count; on reading, allocates the zeroed elements. */
static int c_array(codec *c, void **items, size_t *n, size_t size)
{
	c_size(c, n);
	if (c->writing)
		return 1;
	if (c->bad || *n > c->len) {  /* every element takes at least a byte */
		c->bad = 1;
		*n = 0;
		return 0;
	}
	*items = arena_alloc(&c->arena, (*n ? *n : 1) * size);
	if (!*items) {
		c->bad = 1;
		*n = 0;
		return 0;
	}
	return 1;
}

static void c_text(codec *c, kb_text *t)
{
	c_str(c, &t->en);
	c_str(c, &t->zh);
}

static void c_phrases(codec *c, kb_phrase **p, size_t *n)
{
	if (!c_array(c, (void **)p, n, sizeof **p))
		return;
	for (size_t i = 0; i < *n && !c->bad; i++) {
		c_str(c, &(*p)[i].text);
		c_int(c, &(*p)[i].weight);
		c_str(c, &(*p)[i].source);
		if (!c->writing)
			(*p)[i].len = (*p)[i].text ? strlen((*p)[i].text) : 0;
	}
}

static void c_words(codec *c, kb_word_value **w, size_t *n)
{
	if (!c_array(c, (void **)w, n, sizeof **w))
		return;
	for (size_t i = 0; i < *n && !c->bad; i++) {
		c_str(c, &(*w)[i].word);
		c_int(c, &(*w)[i].value);
	}
}

static void c_family(codec *c, kb_family *f)
{
	c_str(c, &f->id);
	c_str(c, &f->severity);
	c_int(c, &f->rank);
	c_int(c, &f->threshold);
	c_text(c, &f->name);
	c_text(c, &f->summary);
	c_text(c, &f->explanation);
	c_phrases(c, &f->signals, &f->nsignals);
	c_phrases(c, &f->blockers, &f->nblockers);
	if (c_array(c, (void **)&f->options, &f->noptions, sizeof *f->options))
		for (size_t i = 0; i < f->noptions && !c->bad; i++) {
			c_text(c, &f->options[i].text);
			c_str(c, &f->options[i].source);
		}
	if (c_array(c, (void **)&f->types, &f->ntypes, sizeof *f->types))
		for (size_t i = 0; i < f->ntypes && !c->bad; i++)
			c_str(c, &f->types[i]);
}

static void c_matcher(codec *c, kb_matcher *m)
{
	c_phrases(c, &m->tokens, &m->ntokens);
	if (c_array(c, (void **)&m->patterns, &m->npatterns, sizeof *m->patterns)) {
		for (size_t i = 0; i < m->npatterns && !c->bad; i++)
			c_str(c, &m->patterns[i]);
		if (!c->writing && !c->bad && !(m->res = arena_alloc(&c->arena, (m->npatterns + 1) * sizeof *m->res)))
			c->bad = 1;
	}
}

static void c_strings(codec *c, char ***v, size_t *n)
{
	if (c_array(c, (void **)v, n, sizeof **v))
		for (size_t i = 0; i < *n && !c->bad; i++)
			c_str(c, &(*v)[i]);
}

static void c_rule(codec *c, kb_lint_rule *r)
{
	c_str(c, &r->id);
	c_str(c, &r->extends);
	c_str(c, &r->source);
	c_str(c, &r->metric);
	c_int(c, &r->level);
	c_int(c, &r->kinds);
	c_int(c, &r->scope);
	c_int(c, &r->unsectioned);
	c_int(c, &r->min);
	c_int(c, &r->max);
	c_text(c, &r->message);
	c_matcher(c, &r->m);
	c_phrases(c, &r->exceptions, &r->nexceptions);
	if (c_array(c, (void **)&r->groups, &r->ngroups, sizeof *r->groups))
		for (size_t i = 0; i < r->ngroups && !c->bad; i++) {
			c_text(c, &r->groups[i].name);
			c_matcher(c, &r->groups[i].m);
		}
	c_words(c, &r->pairs, &r->npairs);
	c_strings(c, &r->families, &r->nfamilies);
	c_matcher(c, &r->when);
}

static void c_conditions(codec *c, kb_condition **v, size_t *n)
{
	if (c_array(c, (void **)v, n, sizeof **v))
		for (size_t i = 0; i < *n && !c->bad; i++) {
			c_str(c, &(*v)[i].id);
			c_strings(c, &(*v)[i].values, &(*v)[i].nvalues);
		}
}

static void c_question(codec *c, kb_question *q)
{
	c_str(c, &q->id);
	c_str(c, &q->type);
	c_str(c, &q->source);
	c_text(c, &q->prompt);
	c_text(c, &q->help);
	c_strings(c, &q->choices, &q->nchoices);
	if (c_array(c, (void **)&q->labels, &q->nlabels, sizeof *q->labels))
		for (size_t i = 0; i < q->nlabels && !c->bad; i++)
			c_text(c, &q->labels[i]);
	c_int(c, &q->past);
	c_strings(c, &q->families, &q->nfamilies);
	c_conditions(c, &q->when, &q->nwhen);
}

static void c_route(codec *c, kb_route *r)
{
	c_str(c, &r->id);
	c_str(c, &r->source);
	c_int(c, &r->rank);
	c_text(c, &r->name);
	c_text(c, &r->why);
	c_text(c, &r->costs);
	c_text(c, &r->risks);
	c_strings(c, &r->families, &r->nfamilies);
	c_conditions(c, &r->requires, &r->nrequires);
	c_conditions(c, &r->excludes, &r->nexcludes);
	if (c_array(c, (void **)&r->checklist, &r->nchecklist, sizeof *r->checklist))
		for (size_t i = 0; i < r->nchecklist && !c->bad; i++)
			c_text(c, &r->checklist[i]);
	c_strings(c, &r->letters, &r->nletters);
}

static void c_template(codec *c, kb_template *t)
{
	c_str(c, &t->id);
	c_str(c, &t->kind);
	c_str(c, &t->to);
	c_text(c, &t->title);
	if (c_array(c, (void **)&t->parts, &t->nparts, sizeof *t->parts))
		for (size_t i = 0; i < t->nparts && !c->bad; i++) {
			c_str(c, &t->parts[i].id);
			c_str(c, &t->parts[i].heading);
			c_str(c, &t->parts[i].en);
			c_str(c, &t->parts[i].zh);
		}
}

/* What reading a notice and writing its report use (poa_kb_load_reader):
 * first in the image, so that `poa read` decodes only this part. */
static void c_kb_reader(codec *c, poa_kb *kb)
{
	if (c_array(c, (void **)&kb->families, &kb->nfamilies, sizeof *kb->families))
		for (size_t i = 0; i < kb->nfamilies && !c->bad; i++)
			c_family(c, &kb->families[i]);
	if (c_array(c, (void **)&kb->stakes, &kb->nstakes, sizeof *kb->stakes))
		for (size_t i = 0; i < kb->nstakes && !c->bad; i++) {
			kb_stake *s = &kb->stakes[i];
			c_str(c, &s->id);
			c_int(c, &s->level);
			c_text(c, &s->label);
			c_text(c, &s->sentence);
			c_phrases(c, &s->signals, &s->nsignals);
		}
	if (c_array(c, (void **)&kb->addresses, &kb->naddresses, sizeof *kb->addresses))
		for (size_t i = 0; i < kb->naddresses && !c->bad; i++) {
			kb_address *a = &kb->addresses[i];
			c_str(c, &a->address);
			c_text(c, &a->purpose);
			c_int(c, &a->reply);
			c_str(c, &a->source);
			if (!c->writing)
				a->len = a->address ? strlen(a->address) : 0;
		}
	if (c_array(c, (void **)&kb->fields, &kb->nfields, sizeof *kb->fields))
		for (size_t i = 0; i < kb->nfields && !c->bad; i++) {
			kb_field *f = &kb->fields[i];
			c_str(c, &f->field);
			c_str(c, &f->kind);
			c_str(c, &f->source);
			c_str(c, &f->pattern);
			c_int(c, &f->caseless);
			c_strings(c, &f->starts.lit, &f->starts.n);
		}
	c_phrases(c, &kb->markers, &kb->nmarkers);
	c_words(c, &kb->numbers, &kb->nnumbers);
	c_words(c, &kb->units, &kb->nunits);
	c_phrases(c, &kb->ignore_near, &kb->nignore);
	c_str(c, &kb->deadline_source);
	c_str(c, &kb->deadline_pattern[0]);
	c_str(c, &kb->deadline_pattern[1]);
	c_strings(c, &kb->deadline_starts[0].lit, &kb->deadline_starts[0].n);
	c_strings(c, &kb->deadline_starts[1].lit, &kb->deadline_starts[1].n);
}

/* The rest: what lint, plan, draft, health and the case store use. */
static void c_kb_rest(codec *c, poa_kb *kb)
{
	if (c_array(c, (void **)&kb->lint, &kb->nlint, sizeof *kb->lint))
		for (size_t i = 0; i < kb->nlint && !c->bad; i++)
			c_rule(c, &kb->lint[i]);
	for (int i = 0; i < NSECTIONS; i++)
		c_phrases(c, &kb->sections[i], &kb->nsection_phrases[i]);
	if (c_array(c, (void **)&kb->questions, &kb->nquestions, sizeof *kb->questions))
		for (size_t i = 0; i < kb->nquestions && !c->bad; i++)
			c_question(c, &kb->questions[i]);
	if (c_array(c, (void **)&kb->routes, &kb->nroutes, sizeof *kb->routes))
		for (size_t i = 0; i < kb->nroutes && !c->bad; i++)
			c_route(c, &kb->routes[i]);
	if (c_array(c, (void **)&kb->templates, &kb->ntemplates, sizeof *kb->templates))
		for (size_t i = 0; i < kb->ntemplates && !c->bad; i++)
			c_template(c, &kb->templates[i]);
	c_int(c, &kb->health_window);
	if (c_array(c, (void **)&kb->health, &kb->nhealth, sizeof *kb->health))
		for (size_t i = 0; i < kb->nhealth && !c->bad; i++) {
			kb_health_limit *h = &kb->health[i];
			c_str(c, &h->id);
			c_str(c, &h->source);
			c_text(c, &h->name);
			c_strings(c, &h->families, &h->nfamilies);
			c_int(c, &h->limit);
			c_int(c, &h->warn_at);
		}
	if (c_array(c, (void **)&kb->evidence, &kb->nevidence, sizeof *kb->evidence))
		for (size_t i = 0; i < kb->nevidence && !c->bad; i++) {
			kb_evidence_rule *e = &kb->evidence[i];
			c_str(c, &e->id);
			c_str(c, &e->source);
			c_strings(c, &e->families, &e->nfamilies);
			c_strings(c, &e->types, &e->ntypes);
		}
	c_int(c, &kb->evidence_max);
	c_int(c, &kb->invoice_window);
	c_str(c, &kb->invoice_source);
}

/* ---- patterns ------------------------------------------------------------- */

/* Calls fn on the slot of every compiled pattern of kb, in one order for the
 * writer and the reader: the fields, the deadlines, then the lint rules'
 * matchers. Returns how many there are. */
static size_t each_pattern(poa_kb *kb, void (*fn)(pcre2_code **slot, size_t i, void *ctx), void *ctx)
{
	size_t n = 0;
	for (size_t i = 0; i < kb->nfields; i++)
		fn(&kb->fields[i].re, n++, ctx);
	for (int i = 0; i < 2; i++)
		fn(&kb->deadline_re[i], n++, ctx);
	for (size_t i = 0; i < kb->nlint; i++) {
		kb_lint_rule *r = &kb->lint[i];
		for (size_t g = 0; g <= r->ngroups; g++) {
			kb_matcher *m = g ? &r->groups[g - 1].m : &r->m;
			for (size_t k = 0; m->res && k < m->npatterns; k++)
				fn(&m->res[k], n++, ctx);
		}
	}
	return n;
}

static void count_slot(pcre2_code **slot, size_t i, void *ctx)
{
	(void)slot, (void)i, (void)ctx;
}

static void get_slot(pcre2_code **slot, size_t i, void *ctx)
{
	((const pcre2_code **)ctx)[i] = *slot;
}

static void set_slot(pcre2_code **slot, size_t i, void *ctx)
{
	*slot = ((pcre2_code **)ctx)[i];
}

static void free_slot(pcre2_code **slot, size_t i, void *ctx)
{
	(void)i, (void)ctx;
	pcre2_code_free(*slot);
	*slot = NULL;
}

/* Zero bytes before the patterns' size, so that the patterns start 8-aligned
 * in the image (poa-kbc aligns the array itself): pcre2_serialize_decode()
 * reads them as structs, and an aligned image needs no copy. */
static size_t pattern_pad(size_t pos)
{
	return (8 - (pos + 4) % 8) % 8;
}

/* The serialized patterns follow the codec's part: pattern_pad() zero bytes,
 * their size (u32), then pcre2_serialize_encode's bytes; size 0 when they
 * could not be encoded. */
static void write_patterns(codec *c, const poa_kb *kb)
{
	poa_kb *k = (poa_kb *)kb;  /* the visitors below only read it */
	size_t n = each_pattern(k, count_slot, NULL);
	const pcre2_code **codes = calloc(n ? n : 1, sizeof *codes);
	uint8_t *bytes = NULL;
	PCRE2_SIZE size = 0;
	if (codes) {
		each_pattern(k, get_slot, codes);
		if (pcre2_serialize_encode(codes, (int32_t)n, &bytes, &size, NULL) < 0)
			size = 0;
	}
	uint32_t len = (uint32_t)size;
	for (size_t pad = pattern_pad(c->out.len); pad; pad--)
		poa_buf_addc(&c->out, 0);
	c_u32(c, &len);
	if (len)
		poa_buf_add(&c->out, bytes, len);
	pcre2_serialize_free(bytes);
	free(codes);
}

/* Loads the serialized patterns into kb; 0 when PCRE2 refuses them. A kb
 * without its rest (reader_only) takes the first ones, its fields' and
 * deadlines': pcre2_serialize_decode() decodes as many as it is asked. */
static int read_patterns(const unsigned char *bytes, size_t len, poa_kb *kb, int reader_only)
{
	size_t n = each_pattern(kb, count_slot, NULL);
	if (!len || !n || len < 8)
		return 0;
	/* pcre2_serialize_decode reads the bytes as structs: aligned ones, as
	 * the built-in image's are, or a copy. */
	int aligned = (uintptr_t)bytes % 8 == 0;
	uint8_t *copy = aligned ? NULL : malloc(len);
	const uint8_t *from = aligned ? bytes : copy;
	pcre2_code **codes = calloc(n, sizeof *codes);
	int ok = from && codes;
	if (ok) {
		if (copy)
			memcpy(copy, bytes, len);
		int32_t stored = pcre2_serialize_get_number_of_codes(from);
		ok = (reader_only ? stored >= (int32_t)n : stored == (int32_t)n) &&
		     pcre2_serialize_decode(codes, (int32_t)n, from, NULL) == (int32_t)n;
	}
	if (ok)
		each_pattern(kb, set_slot, codes);
	free(codes);
	free(copy);
	return ok;
}

/* Compiles every pattern of m from its source. */
static poa_status compile_matcher(kb_matcher *m, const char *id, poa_error *err)
{
	char file[256];
	snprintf(file, sizeof file, "kb/lint/%s.yaml", id);
	for (size_t i = 0; i < m->npatterns; i++) {
		poa_status st = poa_kb_compile_pattern(file, 0, m->patterns[i], 1, &m->res[i], err);
		if (st)
			return st;
	}
	return POA_OK;
}

static poa_status compile_patterns(poa_kb *kb, poa_error *err)
{
	poa_status st = POA_OK;
	for (size_t i = 0; i < kb->nfields && !st; i++)
		st = poa_kb_compile_pattern("kb/fields.yaml", 0, kb->fields[i].pattern, kb->fields[i].caseless,
					    &kb->fields[i].re, err);
	for (int i = 0; i < 2 && !st; i++)
		st = poa_kb_compile_pattern("kb/deadlines.yaml", 0, kb->deadline_pattern[i], 1, &kb->deadline_re[i], err);
	for (size_t i = 0; i < kb->nlint && !st; i++) {
		st = compile_matcher(&kb->lint[i].m, kb->lint[i].id, err);
		for (size_t g = 0; g < kb->lint[i].ngroups && !st; g++)
			st = compile_matcher(&kb->lint[i].groups[g].m, kb->lint[i].id, err);
	}
	return st;
}

/* ---- the image --------------------------------------------------------------- */

poa_status poa_kb_encode(const poa_kb *kb, unsigned char **out, size_t *len, poa_error *err)
{
	codec c = {.writing = 1};
	poa_buf_init(&c.out);
	uint32_t magic = IMAGE_MAGIC;
	c_u32(&c, &magic);
	c_kb_reader(&c, (poa_kb *)kb);  /* writing only reads kb */
	/* The rest's length before it, so that a reader can step over it. */
	size_t at = c.out.len;
	uint32_t rest = 0;
	c_u32(&c, &rest);
	c_kb_rest(&c, (poa_kb *)kb);
	if (!c.out.oom) {
		rest = (uint32_t)(c.out.len - at - 4);
		for (int i = 0; i < 4; i++)
			c.out.data[at + (size_t)i] = (char)(rest >> (8 * i));
	}
	write_patterns(&c, kb);
	if (c.out.oom) {
		poa_buf_free(&c.out);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory writing the knowledge base image");
	}
	*len = c.out.len;
	*out = (unsigned char *)poa_buf_steal(&c.out);
	return POA_OK;
}

/* Every string the loader would have required must be there. */
static int complete(const poa_kb *kb)
{
	for (size_t i = 0; i < kb->nfamilies; i++)
		if (!kb->families[i].id || !kb->families[i].name.en || !kb->families[i].severity)
			return 0;
	for (size_t i = 0; i < kb->nfields; i++)
		if (!kb->fields[i].field || !kb->fields[i].pattern)
			return 0;
	return kb->nfamilies && kb->nstakes && kb->deadline_pattern[0] && kb->deadline_pattern[1];
}

static poa_status decode(const unsigned char *image, size_t len, int reader_only, poa_kb **out, poa_error *err)
{
	*out = NULL;
	poa_kb *kb = calloc(1, sizeof *kb);
	if (!kb)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	codec c = {.in = image, .len = len};
	uint32_t magic = 0, rest = 0;
	c_u32(&c, &magic);
	if (magic != IMAGE_MAGIC)
		c.bad = 1;
	else
		c_kb_reader(&c, kb);
	c_u32(&c, &rest);
	if (c.bad || c.len - c.pos < rest) {
		c.bad = 1;
	} else if (reader_only) {
		c.pos += rest;
		kb->reader_only = 1;
	} else {
		size_t from = c.pos;
		c_kb_rest(&c, kb);
		if (c.pos - from != rest)
			c.bad = 1;
	}
	uint32_t plen = 0;
	size_t pad = pattern_pad(c.pos);
	if (c.len - c.pos < pad)
		c.bad = 1;
	else
		c.pos += pad;
	c_u32(&c, &plen);
	kb->arena = c.arena;
	if (c.bad || len - c.pos != plen || !complete(kb)) {
		poa_kb_free(kb);
		return poa_error_set(err, POA_ERR_KB, "the built-in knowledge base is damaged; rebuild poa");
	}
	if (!read_patterns(image + c.pos, plen, kb, reader_only)) {
		poa_status st = compile_patterns(kb, err);
		if (st) {
			poa_kb_free(kb);
			return st;
		}
	}
	*out = kb;
	return POA_OK;
}

poa_status poa_kb_decode(const unsigned char *image, size_t len, poa_kb **out, poa_error *err)
{
	return decode(image, len, 0, out, err);
}

poa_status poa_kb_decode_reader(const unsigned char *image, size_t len, poa_kb **out, poa_error *err)
{
	return decode(image, len, 1, out, err);
}

void poa_kb_free_image(poa_kb *kb)
{
	each_pattern(kb, free_slot, NULL);
	kb_arena_free(kb->arena);
	kb->arena = NULL;
}
