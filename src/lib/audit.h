/* audit.h — internals of `poa audit` (the catalogue sweep), shared by its
 * modules:
 *
 *   audit_token.c   the one definition of a word: normalisation (NFKC +
 *                   case folding) with provenance, tokens, hashes
 *   audit_terms.c   term lists: files, the notice, kb/terms, exclusions
 *   audit_match.c   the index (hash table of word n-grams) and the matcher
 *   audit_report.c  the listing-report reader: encodings, delimiter,
 *                   header row, quoting, ragged rows
 *   audit_run.c     one sweep: reports, threads, hits, summary
 *   audit_output.c  text, TSV and JSON writers
 *
 * Matching model. A field is normalised (NFKC, case folded, default
 * ignorables dropped, curly quotes folded) and split into words: runs of
 * letters, marks, digits and connector punctuation (the underscore); each
 * CJK ideograph or kana is a word of its own. Everything else separates
 * words. A term is normalised and split the same way, and matches where its
 * words occur consecutively: "Dr. Martens" matches "DR MARTENS" and
 * "Dr.Martens", "Levi's" matches "LEVI’S", "Ray-Ban" matches "ray ban",
 * "Nike" matches "Nike's". Every occurrence of every term is a hit
 * (overlapping ones included); a hit inside an occurrence of an excluded
 * phrase is dropped. */
#ifndef POA_AUDIT_H
#define POA_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "poa.h"

/* ---- tokens ---------------------------------------------------------- */

#define AUDIT_MAX_WORDS 24   /* the longest term, in words */

/* Classes of ASCII bytes for the fast path. */
enum { AUDIT_SEP = 0, AUDIT_WORD = 1, AUDIT_HIGH = 2 };
extern const unsigned char audit_class[256];
extern const unsigned char audit_fold[256];
extern const unsigned char audit_wordbyte[256];

#define AUDIT_SEED 0x9E3779B97F4A7C15ULL

/* Word hash. A word's (folded) bytes are read as chunks of 8, little-endian,
 * the last one zero-padded, and at least two chunks (so that words of up
 * to 16 bytes, nearly all of them, hash without a branch); the length is
 * mixed in first, so that padding is not ambiguous. Each chunk costs one
 * multiply: the "pre-hash". The first step alone (the length and the first
 * chunk) indexes the first-word filter, so that most words of a field cost
 * one multiply. audit_mix of the pre-hash is the word's hash, the key of
 * the index. */
#define AUDIT_CHUNK_K 0x9FB21C651E98DF25ULL
static inline uint64_t audit_chunk(uint64_t h, uint64_t x)
{
	h = (h ^ x) * AUDIT_CHUNK_K;
	return h ^ (h >> 29);
}
static inline uint64_t audit_load64(const unsigned char *p)
{
	uint64_t x;
	__builtin_memcpy(&x, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}
/* The mask of the first n (0..8) bytes of a chunk. */
static inline uint64_t audit_bytes_mask(size_t n)
{
	return n >= 8 ? ~0ULL : (1ULL << (8 * n)) - 1;
}
/* The first step of the pre-hash of a word in a buffer readable for 8
 * bytes past its start: the key of the first-word filter. */
static inline uint64_t audit_prehash_first(const unsigned char *p, size_t len)
{
	return audit_chunk(AUDIT_SEED ^ len, audit_load64(p) & audit_bytes_mask(len));
}
/* The pre-hash of a word in a buffer readable for 16 bytes past its start
 * and 8 past its end (the matcher's folded copy of a field). */
static inline uint64_t audit_prehash_padded(const unsigned char *p, size_t len)
{
	uint64_t m1 = len > 8 ? audit_bytes_mask(len - 8) : 0;
	uint64_t h = audit_prehash_first(p, len);
	h = audit_chunk(h, audit_load64(p + 8) & m1);
	for (size_t i = 16; i < len; i += 8)
		h = audit_chunk(h, audit_load64(p + i) & audit_bytes_mask(len - i));
	return h;
}
static inline uint64_t audit_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}
/* The key of a phrase: prev is AUDIT_SEED for the first word, else the key
 * of the phrase so far; w is the word's hash. */
static inline uint64_t audit_phrase(uint64_t prev, uint64_t w)
{
	return audit_mix(prev * 0x9E3779B97F4A7C15ULL + w);
}

/* A field normalised for matching, with provenance: map[i] is the source
 * offset of text[i]; map[len] is the source length. */
typedef struct audit_norm {
	char *text;
	size_t *map;
	size_t len, cap;
} audit_norm;

/* Normalises UTF-8 src (invalid bytes are read as Windows-1252, and *bad,
 * when not NULL, is set). Returns 0, or -1 when out of memory. */
int audit_normalise(const char *src, size_t len, audit_norm *n, int *bad);
void audit_norm_free(audit_norm *n);
/* Appends s[0, n) to b as valid UTF-8 on one line, for what poa shows of
 * a report (hits, column names): controls become spaces, bytes that are not
 * UTF-8 are read as Windows-1252, as the matcher reads them. */
struct poa_buf;
void audit_clean(struct poa_buf *b, const char *s, size_t n);
/* Source span [*a, *b) of normalised bytes [a, b). */
void audit_norm_span(const audit_norm *n, size_t a, size_t b, size_t *sa, size_t *sb);

/* The next word of normalised text at or after *pos: sets [*ws, *we),
 * advances *pos, returns 1; 0 at the end. */
int audit_next_word(const char *s, size_t len, size_t *pos, size_t *ws, size_t *we);
/* The pre-hash of a word's (already folded) bytes, from any buffer (its
 * hash, the index's key, is audit_mix of it); *first receives its first
 * step (audit_prehash_first) when first is not NULL. */
uint64_t audit_word_prehash(const char *s, size_t len, uint64_t *first);

/* A term as matched: its words joined by one space ("dr martens"), NUL
 * terminated; *nwords receives the word count (0: the term has no word). The
 * caller frees the result; NULL when out of memory. */
char *audit_term_key(const char *term, size_t len, size_t *nwords);
/* The same for an ASCII term, written into out (len + 1 bytes suffice);
 * returns the key's length, or (size_t)-1 when the term is not ASCII. */
size_t audit_term_key_ascii(const char *term, size_t len, char *out, size_t *nwords);

/* ---- terms ------------------------------------------------------------ */

/* The strings of a term live in its list's arena (below). */
typedef struct audit_term {
	const char *display;   /* as the list gives it */
	const char *key;       /* audit_term_key(), followed by AUDIT_KEY_PAD
				* readable bytes (audit_prehash_padded) */
	const char *source;    /* file, "notice", or kb:list (its URL in the list) */
	uint64_t hash;         /* of key and exclude, for de-duplication */
	uint32_t nwords;
	int exclude;           /* an exclusion, not a term */
} audit_term;

#define AUDIT_KEY_PAD 16

struct poa_audit_terms {
	audit_term *v;
	size_t n, cap;
	size_t nterms;     /* not counting exclusions */
	/* key -> index + 1 (low 32 bits) and the top half of its hash */
	uint64_t *slots;
	size_t nslots;
	/* The terms' strings, in chunks freed together: one allocation per
	 * 2 MiB (the first 16 KiB) rather than three per term. */
	char **chunks;
	size_t nchunks, chunkcap;
	char *at;          /* free space of the last chunk */
	size_t left;
	const char *last_source;   /* consecutive terms share their source */
};

/* ---- index and matcher ---------------------------------------------- */

typedef struct audit_index audit_index;

/* Builds the index of terms (which must outlive it): audit_index_new
 * takes its memory, audit_index_fill (which cannot fail) fills it. */
poa_status audit_index_build(const poa_audit_terms *t, audit_index **out, poa_error *err);
poa_status audit_index_new(const poa_audit_terms *t, audit_index **out, poa_error *err);
void audit_index_fill(audit_index *ix, const poa_audit_terms *t);
void audit_index_free(audit_index *ix);

/* A match in a field: source bytes [start, end) of the field, the term. */
typedef struct audit_match {
	size_t start, end;
	uint32_t term;
} audit_match;

/* Per-thread matching state (scratch buffers). */
typedef struct audit_matcher {
	const audit_index *ix;
	const poa_audit_terms *terms;
	audit_norm norm;
	unsigned char *fold;   /* the field ASCII-folded, padded for 8-byte loads */
	uint64_t *bits;        /* a bit per byte of the field: a word byte */
	size_t scap;           /* bytes fold can hold (bits: scap / 64 words) */
	audit_match *m;
	size_t n, cap;
	int bad_utf8;      /* the last field held bytes that are not UTF-8 */
	int avx2;          /* fields are classified with AVX2 (POA_NO_AVX2: not) */
} audit_matcher;

void audit_matcher_init(audit_matcher *mt, const audit_index *ix, const poa_audit_terms *t);
void audit_matcher_free(audit_matcher *mt);
/* Every match of a term in field s[0, len), exclusions applied, in order
 * of start (longer first); the result is mt->m[0, mt->n). Returns -1 when
 * out of memory. */
int audit_match_field(audit_matcher *mt, const char *s, size_t len);
/* The same, slowly and obviously: every term compared at every word
 * position of the normalised field. For the tests. */
int audit_match_field_reference(audit_matcher *mt, const char *s, size_t len);

/* ---- the report reader ------------------------------------------------ */

typedef struct audit_report audit_report;

typedef struct audit_field {
	const char *p;
	size_t len;
	int scratch;       /* p points into the cursor's scratch (a quoted field) */
} audit_field;

/* Opens a report: maps or reads it, decodes it to UTF-8 (encoding: NULL to
 * detect), finds the delimiter and the header row. */
poa_status audit_report_open(const char *path, const char *encoding, audit_report **out, poa_error *err);
void audit_report_free(audit_report *r);
size_t audit_report_ncols(const audit_report *r);
const char *audit_report_col(const audit_report *r, size_t i);   /* header name */
const char *audit_report_charset(const audit_report *r);
char audit_report_delimiter(const audit_report *r);
/* Columns to scan (comma-separated names or 1-based numbers; NULL: the text
 * columns); fills sel[ncols] with 0/1. */
poa_status audit_report_select(const audit_report *r, const char *list, unsigned char *sel, poa_error *err);
/* The SKU and ASIN columns, or -1. */
long audit_report_sku_col(const audit_report *r);
long audit_report_asin_col(const audit_report *r);

/* One thread's reader of the data rows, a region at a time: from the file
 * through a buffer of its own (pread), or from the report's text in memory. */
typedef struct audit_cursor {
	const audit_report *r;
	const char *p, *end;       /* unread bytes of the buffer (or of the memory) */
	char *buf;                 /* NULL: reading memory */
	size_t cap;
	long long pos, stop;       /* file offsets: next read, end of the region */
	int eof;                   /* nothing more to read after end */
	size_t row;        /* record number of the last record read (1-based, header rows counted) */
	size_t rows;       /* data records read (blank lines not counted) */
	int quoted;        /* the report quotes fields */
	char *scratch;     /* unescaped quoted fields */
	size_t scratch_len, scratch_cap;
	audit_field *f;
	size_t nf, fcap;
	size_t ragged;     /* records with another number of fields than the header */
	size_t first_ragged_row, first_ragged_n;
	size_t unclosed_row;   /* a quote never closed (0: none) */
	size_t need;           /* fields up to the last kept (the rest are counted) */
	size_t *next;          /* [need]: the first column kept at or after each (SIZE_MAX:
				* none); NULL: every field is kept */
	size_t kept;           /* fields of the last record in f (a quoted record keeps all) */
	int sparse;            /* of those, f holds only the kept ones (next) */
	const char *rec, *rec_end;   /* the last record's bytes, line end excluded */
	int io_error;          /* a read failed */
	/* The splitter streams over the buffer 64 bytes at a time: the block
	 * at blk (NULL: none yet, classify from p) as bit masks, the bits of
	 * bytes before p cleared. */
	const char *blk;
	uint64_t bsep;         /* delimiters and line ends */
	uint64_t bnl;          /* line ends */
	uint64_t bqs;          /* quotes that start a field */
	uint64_t bcr;          /* delimiters and line ends after a CR */
	uint64_t bcarry;       /* bit 0: the block's last byte ends a field, bit 1: is a CR */
	uint64_t (*mk)[2];     /* the buffer's blocks classified at once (NULL: not) */
} audit_cursor;

/* Splits the data rows into regions at line starts that threads read
 * apart (one region when the report quotes fields): *at (malloc) holds n+1
 * offsets from the first data row, region i is [at[i], at[i+1]). Returns
 * n, 0 when out of memory. A region starts at a record only when the one
 * before it ends outside a quoted field (its unclosed_row is 0). */
size_t audit_report_regions(const audit_report *r, long long **at);
/* A cursor for one thread; keep[0, need): the fields whose bytes are read
 * (the others are only counted, and found again by audit_cursor_field).
 * Returns -1 when out of memory. */
int audit_cursor_init(audit_cursor *c, const audit_report *r, const unsigned char *keep, size_t need);
/* Points the cursor at the region [start, stop), after row records. */
void audit_cursor_seek(audit_cursor *c, long long start, long long stop, size_t row);
/* The next record's fields (c->f[0, c->kept), only the fields kept when
 * c->sparse; c->nf of them in all).
 * Returns 1, 0 at the end, -1 when out of memory. */
int audit_cursor_next(audit_cursor *c);
/* Field col of the last record ("" when it has no such field), the fields
 * past those kept included: found again in the record's bytes. */
const char *audit_cursor_field(const audit_cursor *c, size_t col, size_t *len);
void audit_cursor_free(audit_cursor *c);
size_t audit_report_data_size(const audit_report *r);
size_t audit_report_header_row(const audit_report *r);   /* record number of the header */

#endif
