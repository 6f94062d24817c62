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

/* Word hash: one step per (folded) byte, finished by audit_mix. */
static inline uint64_t audit_step(uint64_t h, unsigned char c)
{
	return ((h << 7) | (h >> 57)) ^ c;
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
/* Hash of a word's (already folded) bytes. */
uint64_t audit_word_hash(const char *s, size_t len);

/* A term as matched: its words joined by one space ("dr martens"), NUL
 * terminated; *nwords receives the word count (0: the term has no word). The
 * caller frees the result; NULL when out of memory. */
char *audit_term_key(const char *term, size_t len, size_t *nwords);

/* ---- terms ------------------------------------------------------------ */

typedef struct audit_term {
	char *display;    /* as the list gives it */
	char *key;        /* audit_term_key() */
	char *source;     /* file, "notice", or kb:list (its URL in the list) */
	uint32_t nwords;
	int exclude;      /* an exclusion, not a term */
} audit_term;

struct poa_audit_terms {
	audit_term *v;
	size_t n, cap;
	size_t nterms;     /* not counting exclusions */
	/* key -> index, for de-duplication */
	uint32_t *slots;
	size_t nslots;
};

/* ---- index and matcher ---------------------------------------------- */

typedef struct audit_index audit_index;

/* Builds the index of terms (which must outlive it). */
poa_status audit_index_build(const poa_audit_terms *t, audit_index **out, poa_error *err);
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
	audit_match *m;
	size_t n, cap;
	int bad_utf8;      /* the last field held bytes that are not UTF-8 */
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

/* A region of the data rows that one thread reads: from the file through a
 * buffer of its own (pread), or from the report's text in memory. */
typedef struct audit_cursor {
	const audit_report *r;
	const char *p, *end;       /* unread bytes of the buffer (or of the memory) */
	char *buf;                 /* NULL: reading memory */
	size_t cap;
	long long pos, stop;       /* file offsets: next read, end of the region */
	long long done;            /* bytes of the region consumed */
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
	size_t need;           /* fields kept per record (the rest are counted) */
	int spanned;           /* a quoted field held a line break */
	int io_error;          /* a read failed */
} audit_cursor;

/* Splits the data rows into at most n regions at record boundaries (only
 * when the report quotes no field; else one). Returns the count. */
size_t audit_report_split(const audit_report *r, audit_cursor *c, size_t n);
/* The next record's fields (c->f[0, c->nf)). Returns 1, 0 at the end, -1
 * when out of memory. */
int audit_cursor_next(audit_cursor *c);
void audit_cursor_free(audit_cursor *c);
/* Bytes of the data the cursor has gone past (for progress). */
size_t audit_cursor_done(const audit_cursor *c);
size_t audit_report_data_size(const audit_report *r);
size_t audit_report_header_row(const audit_report *r);   /* record number of the header */

#endif
