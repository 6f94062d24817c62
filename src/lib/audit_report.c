/* audit_report.c — reads Amazon listing reports for `poa audit`: the All
 * Listings / Active Listings report (tab-separated, one header row),
 * inventory flat files (metadata and label rows above the attribute names),
 * and CSV saved from a spreadsheet (quoted fields with delimiters, quotes
 * and line breaks inside). Columns are found by name, never by position
 * (/work/shared/reference/listing-reports.md §2, §4).
 *
 * A UTF-8 report is read through a small buffer per thread (pread): memory
 * stays flat however large the report, and the bytes are scanned while they
 * are in the cache (measured here: four times faster than mapping the file).
 * A report in another encoding is converted in memory first. */
#include "audit.h"
#include "pages.h"
#include "buf.h"
#include "cpu.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define HEAD_MAX ((size_t)1 << 20)        /* bytes read first: delimiter, header, encoding */
#define HEAD_SAMPLE ((long long)4 << 20)  /* bytes that must be UTF-8 to read the file as UTF-8 */
#define BUF_SIZE ((size_t)256 << 10)      /* a cursor's buffer */
#define RECORD_MAX ((size_t)256 << 20)    /* a longer record is a broken file */
/* The threads take regions of this size in turn: small enough that they
 * finish together and that few hits wait to be written after the last. */
#define REGION_SIZE ((long long)4 << 20)

struct audit_report {
	char *name;
	int fd;                 /* >= 0: rows are read from the file */
	long long size;         /* of the file */
	long long data_off;     /* file offset of the first data row */
	char *head;             /* the first bytes of the file (file mode) */
	char *owned;            /* the whole text, converted (memory mode) */
	const char *data, *end; /* the text poa looks at: head or owned, after any BOM */
	const char *rows;       /* the first data row (memory mode) */
	char charset[POA_CHARSET_MAX];
	char delim;
	int quoted;
	int avx2;               /* the splitter may use AVX2 */
	size_t header_row;      /* 1-based record number */
	char **cols;
	size_t ncols;
	long sku, asin;
};

size_t audit_report_ncols(const audit_report *r) { return r->ncols; }
const char *audit_report_col(const audit_report *r, size_t i) { return i < r->ncols ? r->cols[i] : NULL; }
const char *audit_report_charset(const audit_report *r) { return r->charset; }
char audit_report_delimiter(const audit_report *r) { return r->delim; }
long audit_report_sku_col(const audit_report *r) { return r->sku; }
long audit_report_asin_col(const audit_report *r) { return r->asin; }
size_t audit_report_header_row(const audit_report *r) { return r->header_row; }
size_t audit_report_data_size(const audit_report *r)
{
	return r->fd >= 0 ? (size_t)(r->size - r->data_off) : (size_t)(r->end - r->rows);
}

void audit_report_free(audit_report *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	free(r->head);
	free(r->owned);
	for (size_t i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	free(r->cols);
	free(r->name);
	free(r);
}

/* ---- fields ------------------------------------------------------------------ */

static __attribute__((noinline)) int grow_fields(audit_cursor *c)
{
	size_t cap = c->fcap ? c->fcap * 2 : 64;
	audit_field *f = realloc(c->f, cap * sizeof *f);
	if (!f)
		return -1;
	c->f = f;
	c->fcap = cap;
	return 0;
}

/* Inlined: it runs for every field of every row. */
static inline __attribute__((always_inline)) int add_field(audit_cursor *c, const char *p, size_t len)
{
	if (c->nf == c->fcap && grow_fields(c))
		return -1;
	/* A field ends before the CR of a CRLF line end. */
	if (p && len && p[len - 1] == '\r')
		len--;
	c->f[c->nf++] = (audit_field){p, len, 0};
	return 0;
}

static int split_quoted(audit_cursor *c, char delim);

/* The next column at or after i whose bytes are read: i itself, a column
 * further on, or SIZE_MAX (none: the rest of the record is counted). */
static inline size_t next_kept(const audit_cursor *c, size_t i)
{
	if (i >= c->need)
		return SIZE_MAX;
	return c->next ? c->next[i] : i;
}

/* Fields nobody reads are counted, not kept. */
static inline int keep_field(audit_cursor *c, const char *p, size_t len)
{
	if (next_kept(c, c->nf) == c->nf)
		return add_field(c, p, len);
	c->nf++;
	return 0;
}

/* Bits set in a 64-bit mask. The baseline x86-64 has no POPCNT, and
 * __builtin_popcountll would be a call into libgcc. */
static inline unsigned bits64(uint64_t m)
{
	m = m - ((m >> 1) & 0x5555555555555555ULL);
	m = (m & 0x3333333333333333ULL) + ((m >> 2) & 0x3333333333333333ULL);
	m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (unsigned)((m * 0x0101010101010101ULL) >> 56);
}

#ifdef __SSE2__
/* The bytes of 16 equal to v, as bits 0..15. */
#define EQ16(x, v) ((uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8((x), (v))))
#endif

/* The masks of a block from the bytes equal to a line end (nl), to the
 * delimiter (d), to a quote (q) and to a carriage return (r); carry: bit 0,
 * the byte before the block ended a field (or the block starts a record),
 * bit 1, it is a CR. */
static inline void set_masks(audit_cursor *c, uint64_t nl, uint64_t d, uint64_t q, uint64_t r, uint64_t carry)
{
	uint64_t sep = nl | d;
	c->bsep = sep;
	c->bnl = nl;
	c->bqs = q & ((sep << 1) | (carry & 1));
	c->bcr = sep & ((r << 1) | (carry >> 1));
	c->bcarry = (sep >> 63) | (r >> 63) << 1;
}
/* The same for a block with no quote and no CR, nearly all. */
static inline void set_masks_plain(audit_cursor *c, uint64_t nl, uint64_t d, uint64_t carry)
{
	uint64_t sep = nl | d;
	c->bsep = sep;
	c->bnl = nl;
	c->bqs = 0;
	c->bcr = sep & (carry >> 1);
	c->bcarry = sep >> 63;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
/* The same with AVX2, where the processor has it (the build targets the
 * baseline x86-64): half the instructions of SSE2 for the step that looks
 * at every byte of the report. */
static __attribute__((target("avx2"), noinline)) void classify_avx2(audit_cursor *c, const char *p, char delim,
								      uint64_t carry)
{
	const __m256i vd = _mm256_set1_epi8(delim), vn = _mm256_set1_epi8('\n'), vq = _mm256_set1_epi8('"'),
		      vr = _mm256_set1_epi8('\r');
	__m256i x0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i x1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
#define EQ32(x, v) ((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8((x), (v))))
	uint64_t nl = EQ32(x0, vn) | EQ32(x1, vn) << 32, d = EQ32(x0, vd) | EQ32(x1, vd) << 32;
	__m256i rare = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x0, vq), _mm256_cmpeq_epi8(x1, vq)),
				       _mm256_or_si256(_mm256_cmpeq_epi8(x0, vr), _mm256_cmpeq_epi8(x1, vr)));
	if (__builtin_expect(_mm256_testz_si256(rare, rare), 1))
		set_masks_plain(c, nl, d, carry);
	else
		set_masks(c, nl, d, EQ32(x0, vq) | EQ32(x1, vq) << 32, EQ32(x0, vr) | EQ32(x1, vr) << 32, carry);
#undef EQ32
}
#endif

/* Classifies the 64 bytes at p (the bytes past end read as NUL, which is
 * no delimiter) into the cursor's masks. Every byte is looked at once per
 * buffer however the records fall: restarting a 64-byte block at each
 * record scanned its bytes again and was slower than 16-byte blocks. */
static inline __attribute__((always_inline)) void classify_block(audit_cursor *c, const char *p, const char *end,
								  char delim, uint64_t carry)
{
	char tail[64];
	if (end - p < 64) {
		memset(tail, 0, sizeof tail);
		memcpy(tail, p, (size_t)(end - p));
		p = tail;
	}
#ifdef HAVE_AVX2_PATH
	if (c->r->avx2) {
		classify_avx2(c, p, delim, carry);
		return;
	}
#endif
	uint64_t nl = 0, d = 0, q = 0, r = 0;
#ifdef __SSE2__
	const __m128i vd = _mm_set1_epi8(delim), vn = _mm_set1_epi8('\n'), vq = _mm_set1_epi8('"'),
		      vr = _mm_set1_epi8('\r');
	__m128i x0 = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
	__m128i x2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 32));
	__m128i x3 = _mm_loadu_si128((const __m128i *)(const void *)(p + 48));
	nl = EQ16(x0, vn) | EQ16(x1, vn) << 16 | EQ16(x2, vn) << 32 | EQ16(x3, vn) << 48;
	d = EQ16(x0, vd) | EQ16(x1, vd) << 16 | EQ16(x2, vd) << 32 | EQ16(x3, vd) << 48;
	/* Quotes and carriage returns are rare: one test for the four
	 * vectors, the masks only when there is one. */
	__m128i rare = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x0, vq), _mm_cmpeq_epi8(x1, vq)),
				    _mm_or_si128(_mm_cmpeq_epi8(x2, vq), _mm_cmpeq_epi8(x3, vq)));
	rare = _mm_or_si128(rare, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x0, vr), _mm_cmpeq_epi8(x1, vr)),
					       _mm_or_si128(_mm_cmpeq_epi8(x2, vr), _mm_cmpeq_epi8(x3, vr))));
	if (__builtin_expect(_mm_movemask_epi8(rare) == 0, 1)) {
		set_masks_plain(c, nl, d, carry);
		return;
	}
	q = EQ16(x0, vq) | EQ16(x1, vq) << 16 | EQ16(x2, vq) << 32 | EQ16(x3, vq) << 48;
	r = EQ16(x0, vr) | EQ16(x1, vr) << 16 | EQ16(x2, vr) << 32 | EQ16(x3, vr) << 48;
#else
	for (int i = 0; i < 64; i++) {
		nl |= (uint64_t)(p[i] == '\n') << i;
		d |= (uint64_t)(p[i] == delim) << i;
		q |= (uint64_t)(p[i] == '"') << i;
		r |= (uint64_t)(p[i] == '\r') << i;
	}
#endif
	set_masks(c, nl, d, q, r, carry);
}

/* ---- a buffer classified at once ------------------------------------------ */

/* A cursor's buffer is BUF_SIZE bytes at the start of a huge page of its own
 * (BUF_ALLOC; in small pages where huge ones do not pay, pages.h); the masks
 * of its 64-byte blocks follow it in the same page: for each block, its
 * delimiters and line ends, and its line ends. */
#define BUF_ALLOC ((size_t)2 << 20)
_Static_assert(BUF_SIZE + BUF_SIZE / 64 * 16 <= BUF_ALLOC, "the masks fit in the buffer's huge page");

#ifdef HAVE_AVX2_PATH
/* n blocks of 64 bytes at p into mk; returns nonzero when one holds a quote
 * or a CR. */
static __attribute__((target("avx2"), noinline)) int mask_run_avx2(const char *p, size_t n, char delim,
								     uint64_t (*mk)[2])
{
	const __m256i vd = _mm256_set1_epi8(delim), vn = _mm256_set1_epi8('\n'), vq = _mm256_set1_epi8('"'),
		      vr = _mm256_set1_epi8('\r');
	__m256i rare = _mm256_setzero_si256();
	for (size_t i = 0; i < n; i++, p += 64) {
		__m256i x0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
		__m256i x1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
		__m256i n0 = _mm256_cmpeq_epi8(x0, vn), n1 = _mm256_cmpeq_epi8(x1, vn);
		__m256i s0 = _mm256_or_si256(n0, _mm256_cmpeq_epi8(x0, vd)), s1 = _mm256_or_si256(n1, _mm256_cmpeq_epi8(x1, vd));
		mk[i][0] = (uint64_t)(uint32_t)_mm256_movemask_epi8(s0) | (uint64_t)(uint32_t)_mm256_movemask_epi8(s1) << 32;
		mk[i][1] = (uint64_t)(uint32_t)_mm256_movemask_epi8(n0) | (uint64_t)(uint32_t)_mm256_movemask_epi8(n1) << 32;
		rare = _mm256_or_si256(rare, _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(x0, vq), _mm256_cmpeq_epi8(x1, vq)),
							     _mm256_or_si256(_mm256_cmpeq_epi8(x0, vr), _mm256_cmpeq_epi8(x1, vr))));
	}
	return !_mm256_testz_si256(rare, rare);
}
#endif

/* The same with SSE2, or a byte at a time. */
static int mask_run(const char *p, size_t n, char delim, uint64_t (*mk)[2])
{
#ifdef __SSE2__
	const __m128i vd = _mm_set1_epi8(delim), vn = _mm_set1_epi8('\n'), vq = _mm_set1_epi8('"'),
		      vr = _mm_set1_epi8('\r');
	__m128i rare = _mm_setzero_si128();
	for (size_t i = 0; i < n; i++, p += 64) {
		uint64_t sep = 0, nl = 0;
		for (int k = 0; k < 4; k++) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
			__m128i e = _mm_cmpeq_epi8(x, vn);
			nl |= (uint64_t)(unsigned)_mm_movemask_epi8(e) << (16 * k);
			sep |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(e, _mm_cmpeq_epi8(x, vd))) << (16 * k);
			rare = _mm_or_si128(rare, _mm_or_si128(_mm_cmpeq_epi8(x, vq), _mm_cmpeq_epi8(x, vr)));
		}
		mk[i][0] = sep;
		mk[i][1] = nl;
	}
	return _mm_movemask_epi8(rare) != 0;
#else
	int rare = 0;
	for (size_t i = 0; i < n; i++, p += 64) {
		uint64_t sep = 0, nl = 0;
		for (int k = 0; k < 64; k++) {
			nl |= (uint64_t)(p[k] == '\n') << k;
			sep |= (uint64_t)(p[k] == '\n' || p[k] == delim) << k;
			rare |= p[k] == '"' || p[k] == '\r';
		}
		mk[i][0] = sep;
		mk[i][1] = nl;
	}
	return rare;
#endif
}

/* Classifies the whole buffer after a read, in one tight loop rather than a
 * call per block as the splitter reaches it (c->mk; the last block's bytes
 * past the end read as NUL). A buffer with a quote or a CR, a grown buffer
 * and a report that quotes are classified block by block instead. */
static void classify_buffer(audit_cursor *c, char delim)
{
	c->mk = NULL;
	if (c->quoted || c->cap != BUF_SIZE)
		return;
	uint64_t(*mk)[2] = (uint64_t(*)[2])(void *)(c->buf + BUF_SIZE);
	size_t len = (size_t)(c->end - c->buf), whole = len / 64;
	int rare;
#ifdef HAVE_AVX2_PATH
	if (c->r->avx2)
		rare = mask_run_avx2(c->buf, whole, delim, mk);
	else
#endif
		rare = mask_run(c->buf, whole, delim, mk);
	if (len & 63) {
		char tail[64] = {0};
		memcpy(tail, c->buf + whole * 64, len & 63);
		rare |= mask_run(tail, 1, delim, mk + whole);
	}
	if (!rare)
		c->mk = mk;
}

/* The fields that the separators m of the block at blk end, field *nf the
 * first (it starts at *fs): the fields kept are stored, the others only
 * counted. fast: compiled for POPCNT and BMI1. Returns -1 when out of
 * memory. */
static inline __attribute__((always_inline)) int take_fields(audit_cursor *c, uint64_t m, const char *blk, size_t *nf_io,
							      const char **fs_io, int fast)
{
	/* In registers: this runs for every field of every row. */
	audit_field *f = c->f;
	size_t nf = *nf_io, cap = c->fcap, need = c->need;
	const size_t *next = c->next;
	const char *fs = *fs_io;
	while (m) {
		size_t want = nf >= need ? SIZE_MAX : next ? next[nf] : nf;
		if (want != nf) {
			/* Fields nf to want - 1 are not read: their separators
			 * are dropped, not stored; only the start of field
			 * want matters. */
			size_t skip = want - nf;
			unsigned in_block = fast ? (unsigned)__builtin_popcountll(m) : bits64(m);
			if (in_block < skip) {
				nf += in_block;
				break;
			}
			while (--skip)
				m &= m - 1;
			fs = blk + __builtin_ctzll(m) + 1;
			m &= m - 1;
			nf = want;
			continue;
		}
		if (nf == cap) {
			c->nf = nf;
			if (grow_fields(c))
				return -1;
			f = c->f;
			cap = c->fcap;
		}
		const char *at = blk + __builtin_ctzll(m);
		f[nf++] = (audit_field){fs, (size_t)(at - fs), 0};
		fs = at + 1;
		m &= m - 1;
	}
	*nf_io = nf;
	*fs_io = fs;
	return 0;
}

/* A record that ends at the end of the region without a line end: its last
 * field runs to end. */
static int last_record(audit_cursor *c, const char *fs, size_t *nf)
{
	c->p = c->rec_end = c->end;
	c->nf = *nf;
	int rc = keep_field(c, fs, (size_t)(c->end - fs));
	*nf = c->nf;
	return rc;
}

/* An unquoted record: fields split at the delimiter up to the line end,
 * walking the masks of the block, which carry over to the next record. A
 * quote at the start of a field sends the record to split_quoted. For a
 * buffer with a quote or a CR, a grown one, and a report in memory: the
 * others are classified at once (split_masked). */
static int split_plain(audit_cursor *c, char delim)
{
	const char *fs = c->p, *end = c->end;
	c->rec = c->p;
	size_t nf = c->nf;
	uint64_t cr = 0;
	int rc = 0;
	if (!c->blk) {
		c->blk = c->p;
		classify_block(c, c->blk, end, delim, 1);
	}
	for (;;) {
		uint64_t nl = c->bnl;
		uint64_t upto = nl ? nl ^ (nl - 1) : ~0ULL;   /* up to the line end */
		if (__builtin_expect((c->bqs & upto) != 0, 0)) {
			c->nf = 0;
			c->blk = NULL;   /* split_quoted moves p: classify again after it */
			return split_quoted(c, delim);
		}
		cr |= c->bcr & upto;
		if (take_fields(c, c->bsep & upto, c->blk, &nf, &fs, 0))
			return -1;
		if (nl) {
			c->rec_end = c->blk + __builtin_ctzll(nl);
			c->p = c->rec_end + 1;
			c->bsep &= ~upto;
			c->bnl &= ~upto;
			c->bqs &= ~upto;
			c->bcr &= ~upto;
			break;
		}
		/* The record goes on past the block. */
		if (end - c->blk <= 64) {
			c->blk = NULL;
			if (!c->eof)
				return 1;   /* and past the buffer */
			rc = last_record(c, fs, &nf);
			break;
		}
		c->blk += 64;
		classify_block(c, c->blk, end, delim, c->bcarry);
	}
	c->nf = nf;
	c->kept = nf < c->need ? nf : c->need;
	c->sparse = c->next != NULL;
	/* A field ends before the CR of a CRLF line end (any field that ends
	 * with one, as add_field does). */
	if (__builtin_expect(cr != 0, 0))
		for (size_t i = 0; i < c->kept; i++)
			if (next_kept(c, i) == i && c->f[i].len && c->f[i].p[c->f[i].len - 1] == '\r')
				c->f[i].len--;
	return rc;
}

/* A record of a buffer classified at once (classify_buffer: no quote, no
 * CR): its blocks' masks read from c->mk, the bits before the record's
 * start cleared; nothing carries over to the next record. fast: compiled
 * for POPCNT and BMI1 (split_masked_avx2). */
static inline __attribute__((always_inline)) int split_masked_body(audit_cursor *c, int fast)
{
	const char *fs = c->p, *end = c->end;
	size_t off = (size_t)(c->p - c->buf), k = off >> 6, nblk = ((size_t)(end - c->buf) + 63) >> 6, nf = 0;
	uint64_t from = ~0ULL << (off & 63), sep = c->mk[k][0] & from, nl = c->mk[k][1] & from;
	int rc = 0;
	c->rec = c->p;
	for (;;) {
		const char *blk = c->buf + (k << 6);
		uint64_t upto = nl ? nl ^ (nl - 1) : ~0ULL;   /* up to the line end */
		if (take_fields(c, sep & upto, blk, &nf, &fs, fast))
			return -1;
		if (nl) {
			c->rec_end = blk + __builtin_ctzll(nl);
			c->p = c->rec_end + 1;
			break;
		}
		if (++k == nblk) {   /* the record goes on past the buffer */
			if (!c->eof)
				return 1;
			rc = last_record(c, fs, &nf);
			break;
		}
		sep = c->mk[k][0];
		nl = c->mk[k][1];
	}
	c->nf = nf;
	c->kept = nf < c->need ? nf : c->need;
	c->sparse = c->next != NULL;
	return rc;
}

static int split_masked(audit_cursor *c)
{
	return split_masked_body(c, 0);
}

#ifdef HAVE_AVX2_PATH
/* The same where the AVX2 path is taken (poa_cpu_use_avx2: POPCNT and BMI1
 * too): the fields skipped past a block are counted in one instruction, not
 * twelve, and a separator is found and cleared in one each. */
static __attribute__((target("avx2,popcnt,bmi"), noinline)) int split_masked_avx2(audit_cursor *c)
{
	return split_masked_body(c, 1);
}
#endif

const char *audit_cursor_field(const audit_cursor *c, size_t col, size_t *len)
{
	if (col < c->kept && (!c->sparse || next_kept(c, col) == col)) {
		*len = c->f[col].len;
		return c->f[col].p;
	}
	*len = 0;
	if (col >= c->nf)
		return "";
	/* A field not kept, in an unquoted record (a quoted one keeps all):
	 * only for a hit (its SKU and ASIN), so the splitter stores fewer
	 * fields of every row. Split as split_plain splits. */
	char delim = c->r->delim;
	const char *p = c->rec, *e = c->rec_end;
	for (size_t i = 0; i < col; i++) {
		const char *d = memchr(p, delim, (size_t)(e - p));
		if (!d)
			return "";
		p = d + 1;
	}
	const char *d = memchr(p, delim, (size_t)(e - p));
	size_t n = (size_t)((d ? d : e) - p);
	if (n && p[n - 1] == '\r')
		n--;
	*len = n;
	return p;
}

static int scratch_add(audit_cursor *c, const char *p, size_t n)
{
	if (c->scratch_len + n + 1 > c->scratch_cap) {
		size_t cap = c->scratch_cap ? c->scratch_cap * 2 : 4096;
		while (cap < c->scratch_len + n + 1)
			cap *= 2;
		char *s = realloc(c->scratch, cap);
		if (!s)
			return -1;
		c->scratch = s;
		c->scratch_cap = cap;
	}
	memcpy(c->scratch + c->scratch_len, p, n);
	c->scratch_len += n;
	return 0;
}

/* A record of a report that quotes: a field that starts with '"' runs to the
 * closing quote ("" is a quote), across delimiters and line breaks; what
 * follows the closing quote up to the delimiter is kept (as spreadsheets
 * do). Unquoted fields point into the file, quoted ones into scratch. */
static int split_quoted(audit_cursor *c, char delim)
{
	const char *p = c->p, *end = c->end;
	c->scratch_len = 0;
	/* Offsets into scratch are kept as (p = NULL, len, off in a side list):
	 * scratch may move while the record is read. */
	size_t first = c->nf;
	for (;;) {
		if (p < end && *p == '"') {
			size_t off = c->scratch_len;
			const char *q = p + 1;
			int closed = 0;
			while (q < end) {
				const char *quote = memchr(q, '"', (size_t)(end - q));
				if (!quote) {
					if (scratch_add(c, q, (size_t)(end - q)))
						return -1;
					q = end;
					break;
				}
				if (scratch_add(c, q, (size_t)(quote - q)))
					return -1;
				if (quote + 1 < end && quote[1] == '"') {
					if (scratch_add(c, "\"", 1))
						return -1;
					q = quote + 2;
					continue;
				}
				q = quote + 1;
				closed = 1;
				break;
			}
			if (!closed && !c->eof)
				return 1;
			if (!closed && !c->unclosed_row)
				c->unclosed_row = c->row + 1;
			/* Text after the closing quote, up to the delimiter. */
			const char *e = q;
			while (e < end && *e != delim && *e != '\n')
				e++;
			if (e == end && !c->eof)
				return 1;
			size_t tail = (size_t)(e - q);
			if (tail && q[tail - 1] == '\r')
				tail--;
			if (scratch_add(c, q, tail))
				return -1;
			if (add_field(c, NULL, c->scratch_len - off))
				return -1;
			c->f[c->nf - 1].p = (const char *)(uintptr_t)off;
			c->f[c->nf - 1].scratch = 1;
			p = e;
		} else {
			const char *e = p;
			while (e < end && *e != delim && *e != '\n')
				e++;
			if (e == end && !c->eof)
				return 1;
			if (add_field(c, p, (size_t)(e - p)))
				return -1;
			p = e;
		}
		if (p >= end || *p == '\n') {
			c->p = p < end ? p + 1 : end;
			break;
		}
		p++;   /* the delimiter */
	}
	for (size_t i = first; i < c->nf; i++)
		if (c->f[i].scratch)
			c->f[i].p = c->scratch + (uintptr_t)c->f[i].p;
	c->kept = c->nf;
	c->sparse = 0;
	return 0;
}

/* Moves the unread bytes to the front of the buffer and reads more. */
static int refill(audit_cursor *c)
{
	size_t keep = (size_t)(c->end - c->p);
	c->blk = NULL;   /* the bytes move */
	if (keep == c->cap) {
		if (c->cap >= RECORD_MAX)
			return -1;
		char *b = realloc(c->buf, c->cap * 2);
		if (!b)
			return -1;
		c->p = b + (c->p - c->buf);
		c->end = b + (c->end - c->buf);
		c->buf = b;
		c->cap *= 2;
	}
	if (keep && c->p != c->buf)
		memmove(c->buf, c->p, keep);
	size_t want = c->cap - keep;
	if ((long long)want > c->stop - c->pos)
		want = (size_t)(c->stop - c->pos);
	ssize_t n = want ? pread(c->r->fd, c->buf + keep, want, (off_t)c->pos) : 0;
	if (n < 0) {
		c->io_error = errno ? errno : EIO;
		return -1;
	}
	c->pos += n;
	if (c->pos >= c->stop || n == 0)
		c->eof = 1;
	c->p = c->buf;
	c->end = c->buf + keep + (size_t)n;
	classify_buffer(c, c->r->delim);
	return 0;
}

/* The record of one field is an empty line (its CR not counted). */
static int blank_line(const audit_cursor *c)
{
	size_t len;
	audit_cursor_field(c, 0, &len);
	return len == 0;
}

int audit_cursor_next(audit_cursor *c)
{
	for (;;) {
		if (c->p >= c->end) {
			if (c->eof || !c->buf)
				return 0;
			if (refill(c))
				return -1;
			continue;
		}
		c->nf = 0;
		const char *start = c->p;
		int rc;
		if (c->quoted)
			rc = split_quoted(c, c->r->delim);
#ifdef HAVE_AVX2_PATH
		else if (c->mk && c->r->avx2)
			rc = split_masked_avx2(c);
#endif
		else if (c->mk)
			rc = split_masked(c);
		else
			rc = split_plain(c, c->r->delim);
		if (rc < 0)
			return -1;
		if (rc == 1) {   /* needs the bytes after the buffer */
			c->p = start;
			if (refill(c))
				return -1;
			continue;
		}
		c->row++;
		if (c->nf == 1 && blank_line(c))
			continue;
		c->rows++;
		if (c->nf != c->r->ncols && c->r->ncols) {
			if (!c->ragged++) {
				c->first_ragged_row = c->row;
				c->first_ragged_n = c->nf;
			}
		}
		return 1;
	}
}

void audit_cursor_free(audit_cursor *c)
{
	free(c->scratch);
	free(c->f);
	free(c->buf);
	free(c->next);
	c->next = NULL;
	c->scratch = NULL;
	c->f = NULL;
	c->buf = NULL;
}

/* ---- the header row -------------------------------------------------------- */

static const char *const text_cols[] = {
	"item-name", "item-description", "item-note", "item_name", "product_description", "bullet_point",
	"generic_keywords", "generic_keyword", "brand_name", "brand", "manufacturer", "condition_note", "title",
	"description", "product name", "product description", "bullet point", "search terms", "商品名",
	"商品の説明", "商品名称", "artikelbezeichnung", "artikelbeschreibung", "nom-produit", "item name",
};
static const char *const sku_cols[] = {
	"seller-sku", "item_sku", "sku", "contribution_sku", "seller sku", "出品者sku", "卖家 sku", "卖家sku",
	"händler-sku", "sku-vendeur", "merchant sku", "merchant-sku",
};
static const char *const asin_cols[] = {"asin1", "asin", "asin 1"};
static const char *const other_cols[] = {
	"listing-id", "price", "quantity", "open-date", "product-id", "product-id-type", "status", "feed_product_type",
	"external_product_id", "external_product_id_type", "update_delete", "standard_price", "fulfillment-channel",
	"image-url", "item-condition", "asin2", "asin3", "main_image_url", "::record_action",
};

/* The column's name without a JSON path ("item_name[marketplace_id=...]#1.value"
 * -> "item_name") and without trailing digits ("bullet_point3" -> "bullet_point"). */
static void base_name(const char *name, char *out, size_t outsz, int strip_digits)
{
	size_t n = strcspn(name, "[#");
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, name, n);
	out[n] = '\0';
	while (strip_digits && n && out[n - 1] >= '0' && out[n - 1] <= '9')
		out[--n] = '\0';
}

static int in_list(const char *name, const char *const *list, size_t n)
{
	char b[256], d[256];
	base_name(name, b, sizeof b, 0);
	base_name(name, d, sizeof d, 1);
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(b, list[i]) == 0 || strcasecmp(d, list[i]) == 0)
			return 1;
	return 0;
}
#define IN(name, list) in_list(name, list, sizeof list / sizeof *list)

static int known(const char *name)
{
	return IN(name, text_cols) || IN(name, sku_cols) || IN(name, asin_cols) || IN(name, other_cols);
}

static char *field_dup(const audit_field *f)
{
	const char *p = f->p;
	size_t n = f->len;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		n -= 3;
	}
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	/* A column's name goes into hits, messages and JSON as it is: it must
	 * be text, as the fields are when shown (a stray byte of a UTF-8 header
	 * made the JSON writer drop every hit of the column). */
	poa_buf b;
	poa_buf_init(&b);
	audit_clean(&b, p, n);
	poa_buf_addc(&b, '\0');
	if (b.oom) {
		poa_buf_free(&b);
		return NULL;
	}
	return poa_buf_steal(&b);
}

/* Finds the header: of the first ten records, the one naming the most known
 * columns (flat files: the attribute row under the labels); else the first. */
static poa_status find_header(audit_report *r, poa_error *err)
{
	audit_cursor c = {.r = r, .p = r->data, .end = r->end, .quoted = r->quoted, .need = SIZE_MAX, .eof = 1};
	int best = -1;
	size_t best_row = 0, rows = 0;
	const char *best_end = NULL;
	while (rows < 10) {
		int rc = audit_cursor_next(&c);
		if (rc < 0) {
			audit_cursor_free(&c);
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		}
		if (rc == 0)
			break;
		rows++;
		int score = 0;
		for (size_t i = 0; i < c.nf; i++) {
			char *s = field_dup(&c.f[i]);
			score += s && known(s);
			free(s);
		}
		if (score > best) {
			best = score;
			best_row = c.row;
			best_end = c.p;
		}
	}
	if (rows == 0) {
		audit_cursor_free(&c);
		return poa_error_set(err, POA_ERR_INPUT, "%s: the report is empty (no rows); download it again", r->name);
	}
	if (best <= 0) {   /* no known column: the first record names the columns */
		audit_cursor_free(&c);
		c = (audit_cursor){.r = r, .p = r->data, .end = r->end, .quoted = r->quoted, .need = SIZE_MAX, .eof = 1};
		audit_cursor_next(&c);
		best_row = c.row;
		best_end = c.p;
	} else {
		audit_cursor_free(&c);
		c = (audit_cursor){.r = r, .p = r->data, .end = r->end, .quoted = r->quoted, .need = SIZE_MAX, .eof = 1};
		while (audit_cursor_next(&c) == 1 && c.row < best_row)
			;
	}
	r->header_row = best_row;
	r->rows = best_end;
	r->cols = calloc(c.nf ? c.nf : 1, sizeof *r->cols);
	if (!r->cols) {
		audit_cursor_free(&c);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	r->ncols = c.nf;
	r->sku = r->asin = -1;
	for (size_t i = 0; i < c.nf; i++) {
		r->cols[i] = field_dup(&c.f[i]);
		if (!r->cols[i]) {
			audit_cursor_free(&c);
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		}
		if (r->sku < 0 && IN(r->cols[i], sku_cols))
			r->sku = (long)i;
		if (r->asin < 0 && IN(r->cols[i], asin_cols))
			r->asin = (long)i;
	}
	audit_cursor_free(&c);
	if (r->ncols < 2)
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: row %zu has one column only: the columns are not separated by tabs, commas or "
				     "semicolons; poa audit reads tab-separated listing reports and CSV files",
				     r->name, r->header_row);
	return POA_OK;
}

poa_status audit_report_select(const audit_report *r, const char *list, unsigned char *sel, poa_error *err)
{
	memset(sel, 0, r->ncols);
	size_t n = 0;
	if (!list) {
		for (size_t i = 0; i < r->ncols; i++)
			n += sel[i] = (unsigned char)IN(r->cols[i], text_cols);
		if (!n)   /* no column poa knows: every column */
			memset(sel, 1, r->ncols);
		return POA_OK;
	}
	char *copy = poa_strdup0(list);
	if (!copy)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	poa_status st = POA_OK;
	for (char *save = NULL, *item = strtok_r(copy, ",", &save); item && !st; item = strtok_r(NULL, ",", &save)) {
		poa_trim(item, NULL);
		if (!*item)
			continue;
		size_t found = 0;
		if (strspn(item, "0123456789") == strlen(item)) {
			long k = atol(item);
			if (k >= 1 && (size_t)k <= r->ncols) {
				sel[k - 1] = 1;
				found = 1;
			}
		} else {
			const char *one[] = {item};
			for (size_t i = 0; i < r->ncols; i++)
				if (strcasecmp(r->cols[i], item) == 0 || in_list(r->cols[i], one, 1)) {
					sel[i] = 1;
					found++;
				}
		}
		if (!found) {
			poa_buf b;
			poa_buf_init(&b);
			for (size_t i = 0; i < r->ncols && i < 40; i++)
				poa_buf_printf(&b, "%s%s", i ? ", " : "", r->cols[i]);
			st = poa_error_set(err, POA_ERR_INPUT,
					   "%s: no column '%s' (--columns takes names of the header, row %zu, or numbers "
					   "from 1 to %zu); its columns are: %s",
					   r->name, item, r->header_row, r->ncols, b.data ? b.data : "");
			poa_buf_free(&b);
		}
	}
	free(copy);
	return st;
}

/* ---- bytes and encodings --------------------------------------------------- */

static char detect_delimiter(const char *p, const char *end)
{
	size_t tabs = 0, commas = 0, semis = 0;
	int inq = 0;
	/* The first line, or the first 64 KB of it. */
	for (const char *q = p; q < end && q < p + 65536; q++) {
		if (*q == '"')
			inq = !inq;
		if (inq)
			continue;
		if (*q == '\n')
			break;
		tabs += *q == '\t';
		commas += *q == ',';
		semis += *q == ';';
	}
	if (tabs)
		return '\t';
	if (commas && commas >= semis)
		return ',';
	if (semis)
		return ';';
	return 0;
}

/* A quote at the start of a field in the first megabyte: the report quotes
 * (further quotes are found while reading: split_plain). */
static int uses_quotes(const char *p, const char *end, char delim)
{
	if (end - p > (1 << 20))
		end = p + (1 << 20);
	for (const char *q = p; q < end; q++) {
		q = memchr(q, '"', (size_t)(end - q));
		if (!q)
			return 0;
		if (q == p || q[-1] == delim || q[-1] == '\n')
			return 1;
	}
	return 0;
}

/* After a head that is UTF-8 (its last character maybe cut: carry[0,
 * ncarry)), the file's bytes up to HEAD_SAMPLE: are they UTF-8 too? Read a
 * little at a time into one small buffer: only the head is kept, and
 * mapping 4 MiB of fresh memory took as long as sweeping 10 MB of the
 * report. A read error is left for the sweep to report. */
static int utf8_rest(const audit_report *r, int fd, long long from, const char *carry, size_t ncarry)
{
	enum { CHUNK = 64 << 10 };
	long long to = r->size < HEAD_SAMPLE ? r->size : HEAD_SAMPLE;
	char *buf = malloc(CHUNK + 4);
	if (!buf)
		return 1;   /* the head was UTF-8: read as such */
	size_t have = ncarry;
	memcpy(buf, carry, ncarry);
	int utf8 = 1;
	while (utf8 && from < to) {
		size_t want = to - from < CHUNK ? (size_t)(to - from) : CHUNK;
		ssize_t n = pread(fd, buf + have, want, (off_t)from);
		if (n <= 0)
			break;
		from += n;
		have += (size_t)n;
		size_t ok = poa_utf8_valid_prefix(buf, have);
		/* A character cut at the end waits for the next bytes, unless
		 * the file ends there. */
		int cut = from < r->size;
		utf8 = ok == have || (have - ok < 4 && (from < to || cut));
		memmove(buf, buf + ok, have - ok);
		have -= ok;
	}
	free(buf);
	return utf8;
}

/* Reads all of fd into memory (a pipe, or a report to convert). */
static poa_status read_all(int fd, const char *path, long long from, char **out, size_t *len, poa_error *err)
{
	poa_buf b;
	poa_buf_init(&b);
	char chunk[4096];   /* a line is seldom longer */
	ssize_t n;
	if (from > 0 && lseek(fd, (off_t)from, SEEK_SET) < 0)
		from = 0;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		poa_buf_add(&b, chunk, (size_t)n);
	poa_buf_add(&b, "", 0);
	if (b.oom || n < 0) {
		poa_buf_free(&b);
		return poa_error_set(err, n < 0 ? POA_ERR_IO : POA_ERR_NOMEM, "%s: cannot read the report%s", path,
				     n < 0 ? "" : ": out of memory");
	}
	*len = b.len;
	*out = poa_buf_steal(&b);
	return POA_OK;
}

poa_status audit_report_open(const char *path, const char *encoding, audit_report **out, poa_error *err)
{
	*out = NULL;
	audit_report *r = calloc(1, sizeof *r);
	if (!r || !(r->name = poa_strdup0(path))) {
		free(r);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	r->fd = -1;
	int fd = open(path, O_RDONLY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		poa_status st = poa_error_set(err, POA_ERR_IO, "%s: cannot open the report: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		audit_report_free(r);
		return st;
	}
	if (S_ISDIR(sb.st_mode)) {
		close(fd);
		audit_report_free(r);
		return poa_error_set(err, POA_ERR_IO, "%s: is a folder; name the report file inside it", path);
	}
	/* The head of the file; all of it when it is not a regular file. */
	size_t headlen = 0;
	poa_status st = POA_OK;
	if (S_ISREG(sb.st_mode)) {
		r->size = (long long)sb.st_size;
		size_t want = (size_t)sb.st_size < HEAD_MAX ? (size_t)sb.st_size : HEAD_MAX;
		r->head = poa_pages_buffer(want + 1, want, poa_pages_huge());
		ssize_t n = r->head ? pread(fd, r->head, want, 0) : -1;
		if (n < 0)
			st = poa_error_set(err, r->head ? POA_ERR_IO : POA_ERR_NOMEM, "%s: cannot read the report: %s", path,
					   strerror(errno));
		else
			headlen = (size_t)n;
		r->fd = fd;
	} else {
		st = read_all(fd, path, 0, &r->owned, &headlen, err);
		close(fd);
		r->size = (long long)headlen;
	}
	if (st) {
		audit_report_free(r);
		return st;
	}
	const char *base = r->head ? r->head : r->owned;
	const unsigned char *u = (const unsigned char *)base;
	if (headlen == 0)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: the report is empty (0 bytes); download it again", path);
	else if (headlen >= 2 && u[0] == 0x1F && u[1] == 0x8B)
		st = poa_error_set(err, POA_ERR_INPUT,
				   "%s: the report is gzip-compressed (as Amazon sends it); decompress it first: gunzip -c %s > report.txt",
				   path, path);
	else if (headlen >= 4 && memcmp(u, "PK\x03\x04", 4) == 0)
		st = poa_error_set(err, POA_ERR_INPUT,
				   "%s: this is a spreadsheet (.xlsx/.xlsm) or a zip file; save the sheet as "
				   "\"Text (Tab delimited)\" or CSV and audit that file", path);
	int utf16 = headlen >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
	if (!st && !utf16 && !encoding && poa_looks_binary(base, headlen))
		st = poa_error_set(err, POA_ERR_INPUT,
				   "%s: this is a binary file, not a listing report (tab-separated text or CSV); "
				   "download the All Listings report as a .txt file", path);
	if (st) {
		audit_report_free(r);
		return st;
	}
	const char *cs = encoding;
	if (utf16 && !cs)
		cs = "UTF-16";
	if (!cs && headlen >= 3 && memcmp(u, "\xEF\xBB\xBF", 3) == 0)
		cs = "UTF-8";
	if (!cs) {
		/* UTF-8 when the head is (a character cut at its end allowed
		 * when the file goes on), and the file up to HEAD_SAMPLE. */
		size_t ok = poa_utf8_valid_prefix(base, headlen);
		int cut = (long long)headlen < r->size;
		if ((ok == headlen || (cut && headlen - ok < 4)) &&
		    (!cut || !r->head || utf8_rest(r, r->fd, (long long)headlen, base + ok, headlen - ok)))
			cs = "UTF-8";
	}
	if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0)) {
		/* Read as it is; a stray byte that is not UTF-8 is read as
		 * Windows-1252 (and the sweep says so). */
		snprintf(r->charset, sizeof r->charset, "UTF-8");
		r->data = base;
		r->end = base + headlen;
	} else {
		char *raw = r->owned, *text = NULL;
		size_t rawlen = headlen, len = 0;
		if (r->head) {   /* the whole file, to convert */
			free(r->head);
			r->head = NULL;
			st = read_all(r->fd, path, 0, &raw, &rawlen, err);
			close(r->fd);
			r->fd = -1;
		}
		if (!st)
			st = poa_to_utf8(path, raw, rawlen, cs, &text, &len, r->charset, err);
		/* Detection guesses from few bytes: when its guess does not decode,
		 * try the encodings Amazon's reports come in (listing-reports.md §3). */
		static const char *const fallback[] = {"CP932", "GB18030", "WINDOWS-1252"};
		for (size_t i = 0; !cs && st == POA_ERR_INPUT && i < sizeof fallback / sizeof *fallback; i++) {
			poa_error e2 = {0};
			if (poa_to_utf8(path, raw, rawlen, fallback[i], &text, &len, r->charset, &e2) == POA_OK)
				st = POA_OK;
		}
		if (raw != r->owned)
			free(raw);
		if (st) {
			audit_report_free(r);
			return st;
		}
		free(r->owned);
		r->owned = text;
		r->data = text;
		r->end = text + len;
		if (poa_looks_binary(r->data, (size_t)(r->end - r->data))) {
			audit_report_free(r);
			return poa_error_set(err, POA_ERR_INPUT,
					     "%s: read as %s this is not text; name its encoding with --encoding", path,
					     cs ? cs : r->charset);
		}
	}
	if (r->end - r->data >= 3 && memcmp(r->data, "\xEF\xBB\xBF", 3) == 0)
		r->data += 3;
	r->delim = detect_delimiter(r->data, r->end);
#ifdef HAVE_AVX2_PATH
	r->avx2 = poa_cpu_use_avx2();
#endif
	if (!r->delim) {
		audit_report_free(r);
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: row 1 has no tab, comma or semicolon between columns: this is not a listing "
				     "report; poa audit reads tab-separated reports (All Listings, Active Listings, "
				     "inventory flat files) and CSV files",
				     path);
	}
	r->quoted = r->delim != '\t' || uses_quotes(r->data, r->end, r->delim);
	if ((st = find_header(r, err)) != POA_OK) {
		audit_report_free(r);
		return st;
	}
	if (r->fd >= 0) {
		r->data_off = (long long)(r->rows - r->head);
		free(r->head);   /* the rows are read again through the cursors */
		r->head = NULL;
		r->data = r->end = r->rows = NULL;
	}
	*out = r;
	return POA_OK;
}

/* The offset just after the first line break at or after off (file mode). */
static long long next_line(const audit_report *r, long long off)
{
	char chunk[4096];   /* a line is seldom longer */
	while (off < r->size) {
		ssize_t n = pread(r->fd, chunk, sizeof chunk, (off_t)off);
		if (n <= 0)
			return r->size;
		const char *nl = memchr(chunk, '\n', (size_t)n);
		if (nl)
			return off + (nl - chunk) + 1;
		off += n;
	}
	return r->size;
}

size_t audit_report_regions(const audit_report *r, long long **at)
{
	long long from = r->fd >= 0 ? r->data_off : 0;
	long long to = r->fd >= 0 ? r->size : (long long)(r->end - r->rows);
	size_t max = r->quoted ? 1 : (size_t)((to - from) / REGION_SIZE) + 1;
	long long *b = malloc((max + 1) * sizeof *b);
	if (!b)
		return 0;
	size_t n = 0;
	b[0] = 0;
	for (long long start = from; n < max && (start < to || n == 0); n++) {
		long long stop = n + 1 == max ? to : start + REGION_SIZE;
		if (stop < to) {
			if (r->fd >= 0) {
				stop = next_line(r, stop);
			} else {
				const char *nl = memchr(r->rows + stop, '\n', (size_t)(to - stop));
				stop = nl ? nl - r->rows + 1 : to;
			}
		}
		b[n + 1] = stop - from;
		start = stop;
	}
	*at = b;
	return n;
}

int audit_cursor_init(audit_cursor *c, const audit_report *r, const unsigned char *keep, size_t need)
{
	memset(c, 0, sizeof *c);
	c->r = r;
	c->quoted = r->quoted;
	c->need = need;
	/* Room for every field kept: split_plain grows the list only when
	 * it keeps all. */
	if (need && !(c->next = malloc(need * sizeof *c->next)))
		return -1;
	for (size_t i = need; i-- > 0;)
		c->next[i] = keep[i] ? i : i + 1 < need ? c->next[i + 1] : SIZE_MAX;
	while (c->fcap < need)
		if (grow_fields(c))
			return -1;
	if (r->fd < 0)
		return 0;
	/* The buffer within a huge page of its own: the bytes it holds
	 * change, the pages do not fault again. In small pages, the buffer
	 * and its masks are mapped at once. */
	c->cap = BUF_SIZE;
	c->buf = poa_pages_buffer(BUF_ALLOC, BUF_SIZE + BUF_SIZE / 64 * 16, poa_pages_huge());
	return c->buf ? 0 : -1;
}

void audit_cursor_seek(audit_cursor *c, long long start, long long stop, size_t row)
{
	/* What the cursor owns stays; what it read of its last region goes. */
	audit_cursor keep = *c;
	memset(c, 0, sizeof *c);
	c->r = keep.r;
	c->quoted = keep.quoted;
	c->need = keep.need;
	c->next = keep.next;
	c->buf = keep.buf;
	c->cap = keep.cap;
	c->f = keep.f;
	c->fcap = keep.fcap;
	c->scratch = keep.scratch;
	c->scratch_cap = keep.scratch_cap;
	c->row = row;
	if (c->buf) {
		c->pos = c->r->data_off + start;
		c->stop = c->r->data_off + stop;
		c->p = c->end = c->buf;
		c->eof = start >= stop;
	} else {
		c->p = c->r->rows + start;
		c->end = c->r->rows + stop;
		c->eof = 1;
	}
}
