/* audit_match.c — finds terms in report fields.
 *
 * The index holds every term and every prefix of a term, in words, as a
 * 64-bit key chained word by word (audit_phrase), in one open-addressing
 * table; a bit filter over the first words rejects most words of a field
 * with one probe into a few hundred kilobytes. Walking a field, the matcher
 * hashes each word as it folds it (ASCII fields: a table; a field with any
 * byte from 0x80 is normalised first, audit_normalise) and extends the
 * phrases still alive. A key match is confirmed by comparing the words with
 * the term, so a hash collision can cost time, never a false hit. */
#include "audit.h"
#include "cpu.h"
#include "pages.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

typedef struct slot {
	uint64_t key;
	uint32_t term;     /* index + 1 of the term with this key, 0 none */
	uint32_t excl;     /* index + 1 of the exclusion, 0 none; bit 31: a prefix */
} slot;

#define PREFIX 0x80000000u

struct audit_index {
	slot *slots;
	size_t mask;
	uint64_t *filter;   /* first words: a bit per top bits of the pre-hash */
	unsigned fshift;    /* 64 - log2(bits of the filter) */
};

static inline uint64_t nz(uint64_t k)
{
	return k ? k : 1;
}

static slot *find_slot(const audit_index *ix, uint64_t key)
{
	size_t i = (size_t)key & ix->mask;
	while (ix->slots[i].key && ix->slots[i].key != key)
		i = (i + 1) & ix->mask;
	return &ix->slots[i];
}

static inline const slot *lookup(const audit_index *ix, uint64_t key)
{
	size_t i = (size_t)key & ix->mask;
	for (;;) {
		const slot *s = &ix->slots[i];
		if (s->key == key)
			return s;
		if (!s->key)
			return NULL;
		i = (i + 1) & ix->mask;
	}
}

void audit_index_free(audit_index *ix)
{
	if (!ix)
		return;
	free(ix->slots);
	free(ix->filter);
	free(ix);
}

poa_status audit_index_new(const poa_audit_terms *t, audit_index **out, poa_error *err)
{
	*out = NULL;
	audit_index *ix = calloc(1, sizeof *ix);
	size_t words = 0;
	for (size_t i = 0; i < t->n; i++)
		words += t->v[i].nwords;
	/* At most two thirds full: linear probing stays short (a probe that
	 * finds nothing looks at five slots on average, 80 bytes), and 50,000
	 * terms (85,000 words) take 2 MiB, not 4: the table is mapped and
	 * filled while the sweep waits. */
	size_t ns = 1024;
	while (ns * 2 < words * 3)
		ns *= 2;
	/* At most 2^25 bits: the matcher takes a bit from the top of a
	 * product, which audit_chunk's shift by 29 leaves alone. */
	size_t fbits = 1 << 15;
	while (fbits < t->n * 16 && fbits < ((size_t)1 << 25))
		fbits *= 2;
	/* Mapped and zeroed by audit_index_fill, which may run on another
	 * thread. */
	if (ix) {
		int huge = poa_pages_huge();
		ix->slots = poa_pages_buffer(ns * sizeof *ix->slots, 0, huge);
		ix->filter = poa_pages_buffer(fbits / 8, 0, huge);
	}
	if (!ix || !ix->slots || !ix->filter) {
		audit_index_free(ix);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory building the index of %zu terms", t->n);
	}
	ix->mask = ns - 1;
	ix->fshift = 64 - (unsigned)__builtin_ctzll(fbits);
	*out = ix;
	return POA_OK;
}

/* A key of the index waiting to be written (audit_index_fill). */
typedef struct pending {
	uint64_t key;
	uint32_t term;   /* index + 1 of the term whose word it is */
	uint32_t last;   /* the term's last word (else a prefix) */
} pending;

static void put(audit_index *ix, const poa_audit_terms *t, const pending *p)
{
	slot *s = find_slot(ix, p->key);
	s->key = p->key;
	if (!p->last)
		s->excl |= PREFIX;
	else if (t->v[p->term - 1].exclude)
		s->excl = (s->excl & PREFIX) | p->term;
	else
		s->term = p->term;
}

void audit_index_fill(audit_index *ix, const poa_audit_terms *t)
{
	size_t slots = (ix->mask + 1) * sizeof *ix->slots, filter = ((size_t)1 << (64 - ix->fshift)) / 8;
	poa_pages_populate(ix->slots, slots);
	poa_pages_populate(ix->filter, filter);
	memset(ix->slots, 0, slots);
	memset(ix->filter, 0, filter);
	/* The table is megabytes written at random, a cache miss a key, while
	 * the sweep waits: the keys are computed a batch ahead, their slots
	 * fetched, and then written in the same order. */
	enum { BATCH = 32 };
	pending p[BATCH];
	size_t np = 0;
	for (size_t i = 0; i < t->n; i++) {
		const audit_term *e = &t->v[i];
		const char *k = e->key;
		uint64_t key = AUDIT_SEED;
		for (uint32_t w = 0; w < e->nwords; w++) {
			const char *sp = strchr(k, ' ');
			size_t n = sp ? (size_t)(sp - k) : strlen(k);
			/* keys are padded for whole 8-byte loads (audit_term) */
			uint64_t pre = audit_prehash_padded((const unsigned char *)k, n), wh = audit_mix(pre);
			if (w == 0) {
				uint64_t f = audit_prehash_first((const unsigned char *)k, n) >> ix->fshift;
				ix->filter[f >> 6] |= 1ULL << (f & 63);
			}
			key = nz(audit_phrase(key, wh));
			__builtin_prefetch(&ix->slots[(size_t)key & ix->mask], 1);
			p[np++] = (pending){key, (uint32_t)(i + 1), w + 1 == e->nwords};
			if (np == BATCH) {
				for (size_t j = 0; j < np; j++)
					put(ix, t, &p[j]);
				np = 0;
			}
			k = sp ? sp + 1 : k + n;
		}
	}
	for (size_t j = 0; j < np; j++)
		put(ix, t, &p[j]);
}

poa_status audit_index_build(const poa_audit_terms *t, audit_index **out, poa_error *err)
{
	poa_status st = audit_index_new(t, out, err);
	if (!st)
		audit_index_fill(*out, t);
	return st;
}

void audit_matcher_init(audit_matcher *mt, const audit_index *ix, const poa_audit_terms *t)
{
	memset(mt, 0, sizeof *mt);
	mt->ix = ix;
	mt->terms = t;
#ifdef HAVE_AVX2_PATH
	mt->avx2 = poa_cpu_use_avx2();
#endif
}

void audit_matcher_free(audit_matcher *mt)
{
	audit_norm_free(&mt->norm);
	free(mt->fold);
	free(mt->bits);
	free(mt->m);
	memset(mt, 0, sizeof *mt);
}

static int push(audit_matcher *mt, size_t a, size_t b, uint32_t term)
{
	if (mt->n == mt->cap) {
		size_t cap = mt->cap ? mt->cap * 2 : 64;
		audit_match *m = realloc(mt->m, cap * sizeof *m);
		if (!m)
			return -1;
		mt->m = m;
		mt->cap = cap;
	}
	mt->m[mt->n++] = (audit_match){a, b, term};
	return 0;
}

/* Drops the term matches inside an exclusion (term index with bit 31 set
 * marks an exclusion's own entry), then sorts by start, longer first. The
 * exclusions are moved to the front first: the terms kept are written over
 * the list as it is read, which must not overwrite an exclusion that a
 * later term is inside (the reference finds the matches term by term, so
 * an exclusion may come before the terms it silences). */
#define EXCL_BIT 0x80000000u
static void finish(audit_matcher *mt)
{
	size_t nx = 0;
	for (size_t i = 0; i < mt->n; i++)
		if (mt->m[i].term & EXCL_BIT) {
			audit_match x = mt->m[i];
			mt->m[i] = mt->m[nx];
			mt->m[nx++] = x;
		}
	size_t n = 0;
	for (size_t i = nx; i < mt->n; i++) {
		const audit_match *m = &mt->m[i];
		int silenced = 0;
		for (size_t j = 0; j < nx && !silenced; j++)
			silenced = mt->m[j].start <= m->start && m->end <= mt->m[j].end;
		if (!silenced)
			mt->m[nx + n++] = *m;
	}
	if (nx)   /* else the terms kept are in place, and the list may be NULL */
		memmove(mt->m, mt->m + nx, n * sizeof *mt->m);
	mt->n = n;
	for (size_t i = 1; i < n; i++) {
		audit_match v = mt->m[i];
		size_t j = i;
		while (j > 0 && (mt->m[j - 1].start > v.start ||
				 (mt->m[j - 1].start == v.start && mt->m[j - 1].end < v.end) ||
				 (mt->m[j - 1].start == v.start && mt->m[j - 1].end == v.end && mt->m[j - 1].term > v.term))) {
			mt->m[j] = mt->m[j - 1];
			j--;
		}
		mt->m[j] = v;
	}
}

/* Walking state: the last words (a ring) and the phrases alive. */
#define RING 32
#if RING < AUDIT_MAX_WORDS || (RING & (RING - 1))
#error "RING must be a power of two, at least AUDIT_MAX_WORDS"
#endif
typedef struct walk {
	audit_matcher *mt;
	const char *s;           /* the text the words are in (field or normalised) */
	const audit_norm *norm;  /* NULL: offsets are field offsets */
	size_t ws[RING], we[RING];
	size_t nword;
	uint64_t key[AUDIT_MAX_WORDS];
	uint32_t len[AUDIT_MAX_WORDS];
	size_t nlive;
	int oom;
} walk;

/* The last n words (folded) spell key. */
static int confirm(const walk *w, const char *key, uint32_t n)
{
	const unsigned char *k = (const unsigned char *)key;
	for (uint32_t j = 0; j < n; j++) {
		size_t at = (w->nword - n + j) & (RING - 1);
		for (size_t p = w->ws[at]; p < w->we[at]; p++)
			if (audit_fold[(unsigned char)w->s[p]] != *k++)
				return 0;
		if (*k != (j + 1 < n ? ' ' : '\0'))
			return 0;
		k++;
	}
	return 1;
}

static void hit(walk *w, uint32_t id, uint32_t n, int exclude)
{
	const audit_term *e = &w->mt->terms->v[id - 1];
	if (!confirm(w, e->key, n))
		return;
	size_t a = w->ws[(w->nword - n) & (RING - 1)], b = w->we[(w->nword - 1) & (RING - 1)];
	if (w->norm)
		audit_norm_span(w->norm, a, b, &a, &b);
	if (push(w->mt, a, b, (id - 1) | (exclude ? EXCL_BIT : 0)))
		w->oom = 1;
}

/* The word (by the first step of its pre-hash) may start a term. */
static inline int first_word(const audit_index *ix, uint64_t first)
{
	uint64_t b = first >> ix->fshift;
	return (ix->filter[b >> 6] >> (b & 63)) & 1;
}

/* A word that may start or extend a term: it goes into the ring, and the
 * index is probed for it alone and for every phrase alive. Only the words
 * probed go into the ring: a word that is not probed has no phrase alive
 * before it, so the words of a phrase are always the last ones probed. */
static __attribute__((noinline)) void probe(walk *w, size_t ws, size_t we, uint64_t first, uint64_t pre)
{
	size_t at = w->nword++ & (RING - 1);
	w->ws[at] = ws;
	w->we[at] = we;
	uint64_t wh = audit_mix(pre);
	const audit_index *ix = w->mt->ix;
	uint64_t key[AUDIT_MAX_WORDS];
	uint32_t len[AUDIT_MAX_WORDS];
	size_t nlive = 0;
	for (size_t i = 0; i <= w->nlive; i++) {
		uint64_t k;
		uint32_t n;
		if (i == w->nlive) {
			if (!first_word(ix, first))
				break;
			k = nz(audit_phrase(AUDIT_SEED, wh));
			n = 1;
		} else {
			k = nz(audit_phrase(w->key[i], wh));
			n = w->len[i] + 1;
		}
		const slot *s = lookup(ix, k);
		if (!s)
			continue;
		if (s->term)
			hit(w, s->term, n, 0);
		if (s->excl & ~PREFIX)
			hit(w, s->excl & ~PREFIX, n, 1);
		if ((s->excl & PREFIX) && n < AUDIT_MAX_WORDS) {
			key[nlive] = k;
			len[nlive++] = n;
		}
	}
	for (size_t i = 0; i < nlive; i++) {
		w->key[i] = key[i];
		w->len[i] = len[i];
	}
	w->nlive = nlive;
}


/* The field has bytes from 0x80: normalise it, then walk its words. */
static int match_unicode(audit_matcher *mt, const char *s, size_t len)
{
	mt->n = 0;
	int bad = 0;
	if (audit_normalise(s, len, &mt->norm, &bad))
		return -1;
	mt->bad_utf8 = bad;
	walk w = {.mt = mt, .s = mt->norm.text, .norm = &mt->norm};
	size_t pos = 0, ws, we;
	while (audit_next_word(mt->norm.text, mt->norm.len, &pos, &ws, &we)) {
		uint64_t first, pre = audit_word_prehash(mt->norm.text + ws, we - ws, &first);
		if (w.nlive || first_word(mt->ix, first))
			probe(&w, ws, we, first, pre);
	}
	if (w.oom)
		return -1;
	finish(mt);
	return 0;
}

/* Room for a field of len bytes in the matcher's fold and bit buffers. */
static int reserve_scratch(audit_matcher *mt, size_t len)
{
	size_t need = (len + 63) / 64 * 64 + 64;   /* whole blocks, and padding for 8-byte loads */
	if (need <= mt->scap)
		return 0;
	size_t cap = mt->scap ? mt->scap : 1024;
	while (cap < need)
		cap *= 2;
	unsigned char *f = realloc(mt->fold, cap);
	if (!f)
		return -1;
	mt->fold = f;
	uint64_t *b = realloc(mt->bits, cap / 64 * sizeof *b);
	if (!b)
		return -1;
	mt->bits = b;
	mt->scap = cap;
	return 0;
}

#ifdef __SSE2__
/* 16 bytes: the word bytes as a bit mask, the bytes folded into out; -1
 * when one is from 0x80. Unsigned ranges are tested as signed after a
 * bias, as SSE2 compares only signed bytes. */
static inline int64_t classify16(const unsigned char *in, unsigned char *out)
{
	const __m128i bias = _mm_set1_epi8((char)0x80);
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)in);
	if (_mm_movemask_epi8(v))
		return -1;
	__m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i alpha = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(lo, _mm_set1_epi8('a')), bias),
				       _mm_set1_epi8((char)(0x80 + 26)));
	__m128i digit = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8('0')), bias),
				       _mm_set1_epi8((char)(0x80 + 10)));
	__m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
	_mm_storeu_si128((__m128i *)(void *)out, _mm_or_si128(v, _mm_and_si128(alpha, _mm_set1_epi8(0x20))));
	return _mm_movemask_epi8(_mm_or_si128(alpha, _mm_or_si128(digit, under)));
}
#else
static inline int64_t classify16(const unsigned char *in, unsigned char *out)
{
	int m = 0;
	for (int i = 0; i < 16; i++) {
		unsigned c = audit_wordbyte[in[i]];
		if (c == 0x80)
			return -1;
		out[i] = c ? (unsigned char)c : in[i];
		m |= (c != 0) << i;
	}
	return m;
}
#endif

/* The field in blocks of step (16 or 32) bytes, each classified by f into
 * mt->fold and a mask of its word bytes, or -1 for a byte from 0x80. */
static inline __attribute__((always_inline)) int classify_blocks(audit_matcher *mt, const unsigned char *s,
								  size_t len, size_t step,
								  int64_t (*f)(const unsigned char *, unsigned char *))
{
	uint64_t acc = 0;
	size_t whole = len / step * step, i = 0;
	for (; i < whole; i += step) {
		int64_t m = f(s + i, mt->fold + i);
		if (m < 0)
			return 1;
		acc |= (uint64_t)m << (i & 63);
		if (((i + step) & 63) == 0) {
			mt->bits[i >> 6] = acc;
			acc = 0;
		}
	}
	if (i < len) {   /* the last bytes, zero-padded: separators */
		unsigned char tail[32] = {0};
		memcpy(tail, s + i, len - i);
		int64_t m = f(tail, mt->fold + i);
		if (m < 0)
			return 1;
		acc |= (uint64_t)m << (i & 63);
		mt->bits[i >> 6] = acc;
	} else if (i & 63) {   /* the last word of bits is not full */
		mt->bits[i >> 6] = acc;
	}
	return 0;
}

#ifdef HAVE_AVX2_PATH
/* classify16() for 32 bytes, with AVX2 where the processor has it (the
 * build targets the baseline x86-64): the step that looks at every byte of
 * the fields matched. */
static inline __attribute__((target("avx2"), always_inline)) int64_t classify32(const unsigned char *in,
										unsigned char *out)
{
	const __m256i bias = _mm256_set1_epi8((char)0x80);
	__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)in);
	if (_mm256_movemask_epi8(v))
		return -1;
	__m256i lo = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
	__m256i alpha = _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + 26)),
					  _mm256_xor_si256(_mm256_sub_epi8(lo, _mm256_set1_epi8('a')), bias));
	__m256i digit = _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(0x80 + 10)),
					  _mm256_xor_si256(_mm256_sub_epi8(v, _mm256_set1_epi8('0')), bias));
	__m256i under = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('_'));
	_mm256_storeu_si256((__m256i *)(void *)out, _mm256_or_si256(v, _mm256_and_si256(alpha, _mm256_set1_epi8(0x20))));
	return (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(alpha, _mm256_or_si256(digit, under)));
}
#endif

/* The masks of the two 8-byte chunks of a word of n (0..16) bytes: the
 * pre-hash of a word of up to 16 bytes, nearly all, without a branch or a
 * shift by a variable count. */
#define M(n) ((n) >= 8 ? ~0ULL : (1ULL << (8 * (n))) - 1)
#define ROW(n) {M(n), (n) > 8 ? M((n) - 8) : 0}
static const uint64_t chunk_mask[17][2] = {
	ROW(0), ROW(1), ROW(2), ROW(3), ROW(4), ROW(5), ROW(6), ROW(7), ROW(8),
	ROW(9), ROW(10), ROW(11), ROW(12), ROW(13), ROW(14), ROW(15), ROW(16),
};
#undef ROW
#undef M

/* audit_prehash_first(), the same value, for a word of fold (the mask of
 * a word of 16 bytes serves every longer one). */
static inline uint64_t prehash_first(const unsigned char *p, size_t len)
{
	return audit_chunk(AUDIT_SEED ^ len, audit_load64(p) & chunk_mask[len < 16 ? len : 16][0]);
}

/* audit_prehash_padded() from its first step, for a word of fold: only for
 * the words that pass the first-word filter or extend a phrase. */
static inline uint64_t prehash_rest(uint64_t first, const unsigned char *p, size_t len)
{
	if (__builtin_expect(len > 16, 0))
		return audit_prehash_padded(p, len);
	return audit_chunk(first, audit_load64(p + 8) & chunk_mask[len][1]);
}

/* The first 8-byte chunk of a word of n bytes of fold, masked to the word:
 * the input of the first-word filter. By table, and where the processor
 * has BMI2 by one instruction: bzhi keeps all 64 bits for a count from 64
 * to 255 (it reads the count's low byte: a word of 32 bytes or more would
 * keep none, hence the clamp). */
static inline __attribute__((always_inline)) uint64_t first_chunk_table(const unsigned char *p, size_t n)
{
	return audit_load64(p) & chunk_mask[n < 16 ? n : 16][0];
}
#ifdef HAVE_AVX2_PATH
static inline __attribute__((target("bmi2"), always_inline)) uint64_t first_chunk_bzhi(const unsigned char *p,
										   size_t n)
{
	return _bzhi_u64(audit_load64(p), (unsigned)(8 * (n < 16 ? n : 16)));
}
#endif

/* The first word of the field at or after pos (a word's end or a word's
 * start, never inside one): [*a, *z). Returns 0 when there is none. Bits
 * past len are clear. */
static int word_at(const uint64_t *bits, size_t len, size_t pos, size_t *a, size_t *z)
{
	size_t nw = (len + 63) >> 6, k = pos >> 6;
	if (k >= nw)
		return 0;
	uint64_t b = bits[k] & (~0ULL << (pos & 63));
	while (!b) {
		if (++k == nw)
			return 0;
		b = bits[k];
	}
	*a = (k << 6) + (unsigned)__builtin_ctzll(b);
	uint64_t sep = ~bits[k] & (~0ULL << (*a & 63));
	while (!sep) {
		if (++k == nw) {
			*z = len;
			return 1;
		}
		sep = ~bits[k];
	}
	*z = (k << 6) + (unsigned)__builtin_ctzll(sep);
	return 1;
}

/* A word that passed the first-word filter. */
typedef struct cand {
	size_t a, z;
} cand;

/* Probes the words that passed the filter, in order, and after each the
 * words that follow it while a phrase is alive (those are probed whatever
 * the filter says). *done: the end of the last word probed; a candidate
 * before it was probed already, following a phrase. */
static __attribute__((noinline)) void probe_candidates(walk *w, const cand *c, size_t n, size_t len, size_t *done)
{
	const unsigned char *fold = w->mt->fold;
	for (size_t i = 0; i < n; i++) {
		size_t a = c[i].a, z = c[i].z;
		if (a < *done)
			continue;
		do {
			uint64_t first = prehash_first(fold + a, z - a);
			probe(w, a, z, first, prehash_rest(first, fold + a, z - a));
			*done = z;
		} while (w->nlive && word_at(w->mt->bits, len, z, &a, &z));
	}
}

/* The matches of an ASCII field, classified into mt->fold and mt->bits.
 * Returns -1 when out of memory. */
static inline __attribute__((always_inline)) int walk_ascii(audit_matcher *mt, size_t len,
							     uint64_t (*first_chunk)(const unsigned char *, size_t))
{
	walk w;   /* not zeroed: the ring is written before it is read */
	w.mt = mt;
	w.s = (const char *)mt->fold;
	w.norm = NULL;
	w.nword = w.nlive = 0;
	w.oom = 0;
	/* Two passes: every word is tested against the first-word filter in a
	 * loop that does nothing else (its table and shift in registers, no
	 * call), and the few that pass, with the words after them, are probed
	 * after each 64 bytes. The filter's bit is the top of the first step
	 * of the pre-hash (audit_prehash_first), which the shift by 29 of
	 * audit_chunk leaves as the product's: at most 25 bits are used. */
	const uint64_t *filter = mt->ix->filter;
	const unsigned fshift = mt->ix->fshift;
	const unsigned char *fold = mt->fold;
	cand c[33];   /* a word left open, and at most 32 ending in 64 bytes */
	size_t nc = 0, done = 0;
#define WORD(a, b)                                                                                    \
	do {                                                                                          \
		size_t n_ = (b) - (a);                                                                \
		uint64_t x_ = first_chunk(fold + (a), n_);                                            \
		uint64_t f_ = ((x_ ^ AUDIT_SEED ^ n_) * AUDIT_CHUNK_K) >> fshift;                      \
		if ((filter[f_ >> 6] >> (f_ & 63)) & 1)                                               \
			c[nc++] = (cand){(a), (b)};                                                   \
	} while (0)
	/* Words start where a word byte follows a separator and end where a
	 * separator follows a word byte; they alternate, so each end closes the
	 * start before it. Bits past len are clear: the last word ends by len. */
	size_t nw = (len + 63) >> 6, ws = 0;
	uint64_t carry = 0;
	int open = 0;
	for (size_t k = 0; k < nw; k++) {
		uint64_t b = mt->bits[k], prev = (b << 1) | carry;
		uint64_t starts = b & ~prev, ends = ~b & prev;
		size_t base = k << 6;
		carry = b >> 63;
		if (open && ends) {
			size_t we = base + (unsigned)__builtin_ctzll(ends);
			ends &= ends - 1;
			WORD(ws, we);
			open = 0;
		}
		for (; ends; ends &= ends - 1, starts &= starts - 1) {
			size_t a = base + (unsigned)__builtin_ctzll(starts), z = base + (unsigned)__builtin_ctzll(ends);
			WORD(a, z);
		}
		if (starts) {
			ws = base + (unsigned)__builtin_ctzll(starts);
			open = 1;
		}
		if (nc) {
			probe_candidates(&w, c, nc, len, &done);
			nc = 0;
		}
	}
	if (open)
		WORD(ws, len);
	if (nc)
		probe_candidates(&w, c, nc, len, &done);
#undef WORD
	if (w.oom)
		return -1;
	if (mt->n)
		finish(mt);
	return 0;
}

/* An ASCII field's matches, classified 16 bytes at a time (SSE2). Returns 1
 * when the field has a byte from 0x80 (the Unicode path), -1 when out of
 * memory. */
static int match_sse2(audit_matcher *mt, const unsigned char *s, size_t len)
{
	int rc = classify_blocks(mt, s, len, 16, classify16);
	return rc ? rc : walk_ascii(mt, len, first_chunk_table);
}

#ifdef HAVE_AVX2_PATH
/* The same, 32 bytes at a time, where the processor has AVX2 (the build
 * targets the baseline x86-64): the classifier inlined, and the walk with
 * BMI1 and BMI2 (poa_cpu_use_avx2 asks for them), which find and clear a
 * word's start and end in one instruction each, mask its first chunk in
 * one, and shift by the filter's width without moving the count. */
static __attribute__((target("avx2,popcnt,bmi,bmi2"), noinline)) int match_avx2(audit_matcher *mt,
										const unsigned char *s, size_t len)
{
	int rc = classify_blocks(mt, s, len, 32, classify32);
	return rc ? rc : walk_ascii(mt, len, first_chunk_bzhi);
}
#endif

int audit_match_field(audit_matcher *mt, const char *s, size_t len)
{
	mt->n = 0;
	mt->bad_utf8 = 0;
	if (!len)
		return 0;
	if (reserve_scratch(mt, len))
		return -1;
	int rc;
#ifdef HAVE_AVX2_PATH
	if (mt->avx2)
		rc = match_avx2(mt, (const unsigned char *)s, len);
	else
#endif
		rc = match_sse2(mt, (const unsigned char *)s, len);
	return rc == 1 ? match_unicode(mt, s, len) : rc;
}

int audit_match_field_reference(audit_matcher *mt, const char *s, size_t len)
{
	mt->n = 0;
	if (audit_normalise(s, len, &mt->norm, NULL))
		return -1;
	const audit_norm *nm = &mt->norm;
	/* The field's words as strings. */
	size_t cap = 16, nw = 0, pos = 0, ws, we;
	size_t *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);
	while (a && b && audit_next_word(nm->text, nm->len, &pos, &ws, &we)) {
		if (nw == cap) {
			cap *= 2;
			size_t *na = realloc(a, cap * sizeof *a), *nb = na ? realloc(b, cap * sizeof *b) : NULL;
			if (na)
				a = na;
			if (nb)
				b = nb;
			if (!na || !nb)
				break;
		}
		a[nw] = ws;
		b[nw++] = we;
	}
	int rc = a && b ? 0 : -1;
	/* Every term at every word. */
	for (size_t t = 0; t < mt->terms->n && !rc; t++) {
		const audit_term *e = &mt->terms->v[t];
		for (size_t i = 0; i + e->nwords <= nw && !rc; i++) {
			const char *k = e->key;
			int same = 1;
			for (size_t j = 0; j < e->nwords && same; j++) {
				size_t n = b[i + j] - a[i + j];
				same = strncmp(k, nm->text + a[i + j], n) == 0 && (k[n] == ' ' || k[n] == '\0');
				k += n + 1;
			}
			if (same) {
				size_t sa, sb;
				audit_norm_span(nm, a[i], b[i + e->nwords - 1], &sa, &sb);
				rc = push(mt, sa, sb, (uint32_t)t | (e->exclude ? EXCL_BIT : 0));
			}
		}
	}
	free(a);
	free(b);
	if (!rc)
		finish(mt);
	return rc;
}
