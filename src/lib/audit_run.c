/* audit_run.c — one sweep over listing reports: the report split between
 * threads at row boundaries, each field of the chosen columns matched, hits
 * handed to the front end in file order, and the counts of the summary. */
#include "audit.h"
#include "pages.h"
#include "buf.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 8
#define CONTEXT_CHARS 40

struct poa_audit {
	const poa_audit_terms *t;
	audit_index *ix;
	poa_audit_options opt;
	size_t rows, rows_with_hits, hits;
	size_t *per_term;          /* hits per term index */
	uint32_t *order;           /* terms with hits, most first (built on demand) */
	size_t norder;
	int order_stale;
	pthread_t filler;          /* fills the index while the report opens */
	int filling;
};

/* A hit kept until the hits before it in the file are written. */
typedef struct hitrec {
	size_t row;
	uint32_t col, term;
	size_t mark_start, mark_end;
	size_t strs;  /* in its region's strs: sku \0 asin \0 match \0 context \0 */
} hitrec;

/* What one thread found in one region (audit_report_regions); rows are
 * counted from the region's start. */
typedef struct region {
	hitrec *h;
	size_t nh, caph;
	/* The strings of its hits, one after the other: one buffer for the
	 * region, not an allocation grown a few times for every hit (each
	 * fresh page of the heap is a page fault of 20-40 µs in this VM). */
	poa_buf strs;
	size_t row;                /* records read (the header's rows too in the first) */
	size_t rows, rows_with_hits, hits;
	size_t ragged, rag_row, rag_n;
	size_t bad_row;            /* first row with bytes that are not UTF-8 */
	size_t unclosed;           /* the row of a quote open at the region's end */
	int io_error, oom;
	atomic_int done;
} region;

/* One report's sweep: threads take its regions in turn; the calling thread
 * hands the hits over in file order as the regions before them are done. */
typedef struct sweep {
	poa_audit *a;
	const audit_report *r;
	const char *file;
	const size_t *scan;        /* the columns to match, in order */
	size_t nscan;
	const long long *at;       /* the regions' bounds */
	region *reg;
	size_t nreg;
	atomic_size_t next;        /* the next region to read */
	atomic_int stop;           /* read no more regions */
	/* The calling thread's: */
	size_t delivered, row_base;
	size_t resume;             /* 1 + a region that did not start at a record */
	size_t rows, with, hits, ragged, rag_row, rag_n, bad_row, unclosed;
	int io_error, oom;
} sweep;

typedef struct reader {
	sweep *s;
	audit_cursor c;
	audit_matcher mt;
	int calling;               /* the thread that hands hits over */
} reader;

static void *fill_index(void *arg)
{
	poa_audit *a = arg;
	audit_index_fill(a->ix, a->t);
	return NULL;
}

static void index_ready(poa_audit *a)
{
	if (a->filling)
		pthread_join(a->filler, NULL);
	a->filling = 0;
}

poa_status poa_audit_new(const poa_audit_terms *t, const poa_audit_options *opt, poa_audit **out, poa_error *err)
{
	*out = NULL;
	poa_audit *a = calloc(1, sizeof *a);
	/* Counted at random terms while the hits are written: in huge pages,
	 * not a page fault each 512 terms (pages.h); in small pages, only the
	 * pages of terms with hits. */
	if (!a || !(a->per_term = poa_pages_table((t->n ? t->n : 1) * sizeof *a->per_term, 0, poa_pages_huge()))) {
		free(a);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	a->t = t;
	if (opt)
		a->opt = *opt;
	poa_status st = audit_index_new(t, &a->ix, err);
	if (st) {
		poa_audit_free(a);
		return st;
	}
	/* Filled on the other core while the caller opens the first report
	 * (index_ready); 4 ms for 50,000 terms. */
	a->filling = pthread_create(&a->filler, NULL, fill_index, a) == 0;
	if (!a->filling)
		audit_index_fill(a->ix, t);
	*out = a;
	return POA_OK;
}

void poa_audit_free(poa_audit *a)
{
	if (!a)
		return;
	index_ready(a);
	audit_index_free(a->ix);
	free(a->per_term);
	free(a->order);
	free(a);
}

size_t poa_audit_rows(const poa_audit *a) { return a->rows; }
size_t poa_audit_rows_with_hits(const poa_audit *a) { return a->rows_with_hits; }
size_t poa_audit_hit_count(const poa_audit *a) { return a->hits; }

static const size_t *sort_counts;
static int by_hits(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	if (sort_counts[a] != sort_counts[b])
		return sort_counts[a] < sort_counts[b] ? 1 : -1;
	return a < b ? -1 : a > b;
}

const char *poa_audit_term_hits(const poa_audit *a, size_t i, size_t *hits)
{
	poa_audit *m = (poa_audit *)a;
	if (m->order_stale || !m->order) {
		free(m->order);
		m->norder = 0;
		size_t n = 0;
		for (size_t k = 0; k < a->t->n; k++)
			n += a->per_term[k] != 0;
		m->order = malloc((n ? n : 1) * sizeof *m->order);
		if (!m->order)
			return NULL;
		for (size_t k = 0; k < a->t->n; k++)
			if (a->per_term[k])
				m->order[m->norder++] = (uint32_t)k;
		sort_counts = a->per_term;   /* qsort has no context argument */
		qsort(m->order, m->norder, sizeof *m->order, by_hits);
		m->order_stale = 0;
	}
	if (i >= m->norder)
		return NULL;
	if (hits)
		*hits = a->per_term[m->order[i]];
	return a->t->v[m->order[i]].display;
}

/* ---- building a hit ---------------------------------------------------------- */

/* Start of the character CONTEXT_CHARS characters before a (or 0). */
static size_t back_chars(const char *s, size_t a, int *cut)
{
	size_t i = a;
	int n = 0;
	while (i > 0 && n < CONTEXT_CHARS) {
		i--;
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	}
	*cut = i > 0;
	return i;
}

static size_t fwd_chars(const char *s, size_t len, size_t b, int *cut)
{
	size_t i = b;
	int n = 0;
	while (i < len && n < CONTEXT_CHARS) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n++;
	}
	*cut = i < len;
	return i;
}

static const char *field_at(const audit_cursor *c, long col, size_t *len)
{
	if (col < 0) {
		*len = 0;
		return "";
	}
	return audit_cursor_field(c, (size_t)col, len);
}

/* The strings of a hit, appended to b: sku, asin, match, context. Returns
 * -1 when out of memory. */
static int hit_strings(poa_buf *b, const audit_cursor *c, const audit_field *f, const audit_match *m, size_t *ms,
		       size_t *me)
{
	size_t n;
	const char *s = field_at(c, audit_report_sku_col(c->r), &n);
	audit_clean(b, s, n);
	poa_buf_addc(b, '\0');
	s = field_at(c, audit_report_asin_col(c->r), &n);
	audit_clean(b, s, n);
	poa_buf_addc(b, '\0');
	audit_clean(b, f->p + m->start, m->end - m->start);
	poa_buf_addc(b, '\0');
	size_t ctx = b->len;
	int cut_a, cut_b;
	size_t a = back_chars(f->p, m->start, &cut_a), z = fwd_chars(f->p, f->len, m->end, &cut_b);
	if (cut_a)
		poa_buf_adds(b, "…");
	audit_clean(b, f->p + a, m->start - a);
	*ms = b->len - ctx;
	audit_clean(b, f->p + m->start, m->end - m->start);
	*me = b->len - ctx;
	audit_clean(b, f->p + m->end, z - m->end);
	if (cut_b)
		poa_buf_adds(b, "…");
	poa_buf_addc(b, '\0');
	return b->oom ? -1 : 0;
}

static void deliver(poa_audit *a, const char *file, const audit_report *r, const region *g, const hitrec *h)
{
	const char *sku = g->strs.data + h->strs, *asin = sku + strlen(sku) + 1, *match = asin + strlen(asin) + 1,
		   *context = match + strlen(match) + 1;
	const audit_term *t = &a->t->v[h->term];
	poa_audit_hit hit = {
		.file = file, .row = h->row, .sku = sku, .asin = asin, .column = audit_report_col(r, h->col),
		.term = t->display, .source = t->source, .match = match, .context = context,
		.mark_start = h->mark_start, .mark_end = h->mark_end,
	};
	if (a->opt.on_hit)
		a->opt.on_hit(a->opt.ctx, &hit);
}

static int keep_hit(region *g, const hitrec *h)
{
	if (g->nh == g->caph) {
		size_t cap = g->caph ? g->caph * 2 : 64;
		hitrec *v = realloc(g->h, cap * sizeof *v);
		if (!v)
			return -1;
		g->h = v;
		g->caph = cap;
	}
	g->h[g->nh++] = *h;
	return 0;
}

static void free_hits(region *g)
{
	free(g->h);
	g->h = NULL;
	g->nh = g->caph = 0;
	poa_buf_free(&g->strs);
}

/* The hits of the record under the cursor, kept in g. */
static int match_record(const sweep *s, reader *rd, region *g)
{
	const audit_cursor *c = &rd->c;
	audit_matcher *mt = &rd->mt;
	size_t ncols = audit_report_ncols(s->r), nf = c->nf < ncols ? c->nf : ncols;
	int row_hit = 0;
	for (size_t k = 0; k < s->nscan && s->scan[k] < nf; k++) {
		size_t col = s->scan[k];
		const audit_field *f = &c->f[col];
		if (!f->len)
			continue;
		if (audit_match_field(mt, f->p, f->len))
			return -1;
		if (mt->bad_utf8 && !g->bad_row)
			g->bad_row = c->row;
		for (size_t m = 0; m < mt->n; m++) {
			hitrec h = {.row = c->row, .col = (uint32_t)col, .term = mt->m[m].term, .strs = g->strs.len};
			if (hit_strings(&g->strs, c, f, &mt->m[m], &h.mark_start, &h.mark_end) || keep_hit(g, &h))
				return -1;
			row_hit = 1;
			g->hits++;
		}
	}
	g->rows_with_hits += row_hit;
	return 0;
}

/* Reads the rows [start, stop) into g; row: the records before start. */
static void read_region(sweep *s, reader *rd, region *g, long long start, long long stop, size_t row)
{
	audit_cursor *c = &rd->c;
	audit_cursor_seek(c, start, stop, row);
	int rc;
	while ((rc = audit_cursor_next(c)) == 1)
		if (match_record(s, rd, g)) {
			g->oom = 1;
			break;
		}
	if (rc < 0)
		g->oom = 1;
	g->row = c->row;
	g->rows = c->rows;
	g->ragged = c->ragged;
	g->rag_row = c->first_ragged_row;
	g->rag_n = c->first_ragged_n;
	g->unclosed = c->unclosed_row;
	g->io_error = c->io_error;
	if (g->oom || g->io_error)
		atomic_store(&s->stop, 1);
}

/* Hands over a region's hits (rows counted from the file's start) and adds
 * up its counts. */
static void deliver_region(sweep *s, region *g)
{
	poa_audit *a = s->a;
	for (size_t k = 0; k < g->nh; k++) {
		g->h[k].row += s->row_base;
		if (!s->oom && !s->io_error) {
			a->per_term[g->h[k].term]++;
			deliver(a, s->file, s->r, g, &g->h[k]);
		}
	}
	/* Freed now, for the regions read after it to use again. */
	free_hits(g);
	s->oom |= g->oom;
	if (g->io_error && !s->io_error)
		s->io_error = g->io_error;
	s->rows += g->rows;
	s->with += g->rows_with_hits;
	s->hits += g->hits;
	if (g->ragged && !s->ragged) {
		s->rag_row = g->rag_row + s->row_base;
		s->rag_n = g->rag_n;
	}
	s->ragged += g->ragged;
	if (g->bad_row && !s->bad_row)
		s->bad_row = g->bad_row + s->row_base;
	if (g->unclosed && !s->unclosed)
		s->unclosed = g->unclosed + s->row_base;
	s->row_base += g->row;
}

/* Hands over the regions done, in order, up to one that is not. A region
 * whose last record is cut inside a quoted field leaves the next one
 * starting inside that field: the report is read again from it on. */
static void deliver_ready(sweep *s)
{
	while (s->delivered < s->nreg && !s->resume &&
	       atomic_load_explicit(&s->reg[s->delivered].done, memory_order_acquire)) {
		size_t i = s->delivered;
		if (s->reg[i].unclosed && i + 1 < s->nreg) {
			s->resume = i + 1;
			atomic_store(&s->stop, 1);
			return;
		}
		deliver_region(s, &s->reg[i]);
		s->delivered++;
		if (s->a->opt.progress && i + 1 < s->nreg)
			s->a->opt.progress(s->a->opt.ctx, s->file, (size_t)s->at[i + 1], audit_report_data_size(s->r));
	}
}

static void *read_regions(void *arg)
{
	reader *rd = arg;
	sweep *s = rd->s;
	for (;;) {
		size_t i = atomic_fetch_add(&s->next, 1);
		if (i >= s->nreg || atomic_load(&s->stop))
			break;
		read_region(s, rd, &s->reg[i], s->at[i], s->at[i + 1], i ? 0 : audit_report_header_row(s->r));
		atomic_store_explicit(&s->reg[i].done, 1, memory_order_release);
		if (rd->calling)
			deliver_ready(s);
	}
	return NULL;
}

static void warn(poa_audit *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(poa_audit *a, const char *fmt, ...)
{
	if (!a->opt.warning)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	a->opt.warning(a->opt.ctx, msg);
}

static int threads_wanted(const poa_audit *a)
{
	int n = a->opt.threads;
	if (n <= 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		n = cpus > 2 ? 2 : cpus < 1 ? 1 : (int)cpus;
	}
	return n > MAX_THREADS ? MAX_THREADS : n;
}

poa_status poa_audit_report(poa_audit *a, const char *path, poa_error *err)
{
	audit_report *r = NULL;
	poa_status st = audit_report_open(path, a->opt.encoding, &r, err);
	if (st)
		return st;
	size_t ncols = audit_report_ncols(r);
	unsigned char *sel = malloc(ncols);
	if (!sel) {
		audit_report_free(r);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	st = audit_report_select(r, a->opt.columns, sel, err);
	if (st) {
		free(sel);
		audit_report_free(r);
		return st;
	}
	/* Fields past the last one read are only counted. */
	size_t need = 0, nscan = 0, *scan;
	for (size_t i = 0; i < ncols; i++)
		if (sel[i])
			need = i + 1;
	scan = malloc((need ? need : 1) * sizeof *scan);
	if (!scan) {
		free(sel);
		audit_report_free(r);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < need; i++)
		if (sel[i])
			scan[nscan++] = i;
	/* The SKU and ASIN columns are read only for a hit
	 * (audit_cursor_field). */
	sweep sw = {.a = a, .r = r, .file = path, .scan = scan, .nscan = nscan};
	long long *at = NULL;
	sw.nreg = audit_report_regions(r, &at);
	sw.at = at;
	sw.reg = sw.nreg ? calloc(sw.nreg, sizeof *sw.reg) : NULL;
	reader rd[MAX_THREADS];
	size_t nrd = 0, want = (size_t)threads_wanted(a);
	int oom = !sw.reg;
	for (; !oom && nrd < want && nrd < sw.nreg; nrd++) {
		rd[nrd] = (reader){.s = &sw, .calling = nrd == 0};
		audit_matcher_init(&rd[nrd].mt, a->ix, a->t);
		if (audit_cursor_init(&rd[nrd].c, r, sel, need)) {
			audit_matcher_free(&rd[nrd].mt);
			audit_cursor_free(&rd[nrd].c);
			oom = nrd == 0;
			break;
		}
	}
	index_ready(a);
	if (!oom) {
		pthread_t tid[MAX_THREADS];
		int started[MAX_THREADS] = {0};
		for (size_t i = 1; i < nrd; i++)
			started[i] = pthread_create(&tid[i], NULL, read_regions, &rd[i]) == 0;
		/* The regions of a thread that did not start are read by the others. */
		read_regions(&rd[0]);
		for (size_t i = 1; i < nrd; i++)
			if (started[i])
				pthread_join(tid[i], NULL);
		deliver_ready(&sw);
		if (sw.resume) {
			size_t k = sw.resume - 1;
			region *g = &sw.reg[k];
			free_hits(g);
			memset(g, 0, sizeof *g);
			read_region(&sw, &rd[0], g, at[k], at[sw.nreg], k ? 0 : audit_report_header_row(r));
			deliver_region(&sw, g);
		}
	}
	for (size_t i = 0; i < nrd; i++) {
		audit_matcher_free(&rd[i].mt);
		audit_cursor_free(&rd[i].c);
	}
	for (size_t i = 0; i < sw.nreg && sw.reg; i++)
		free_hits(&sw.reg[i]);
	free(sw.reg);
	free(at);
	oom |= sw.oom;
	int io_error = sw.io_error;
	size_t rows = sw.rows, with = sw.with, hits = sw.hits, ragged = sw.ragged, rag_row = sw.rag_row,
	       rag_n = sw.rag_n, bad_row = sw.bad_row, unclosed = sw.unclosed;
	a->order_stale = 1;
	if (io_error) {
		st = poa_error_set(err, io_error == ENOMEM ? POA_ERR_NOMEM : POA_ERR_IO, "%s: cannot read the report: %s",
				   path, strerror(io_error));
	} else if (oom) {
		st = poa_error_set(err, POA_ERR_NOMEM, "%s: out of memory reading the report", path);
	} else if (rows == 0) {
		st = poa_error_set(err, POA_ERR_INPUT,
				   "%s: the report has a header row (row %zu) but no listings; download it again, "
				   "or check that it is the All Listings report",
				   path, audit_report_header_row(r));
	} else {
		a->rows += rows;
		a->rows_with_hits += with;
		a->hits += hits;
		if (unclosed)
			warn(a, "%s: row %zu: a quoted field is not closed before the end of the file: the file looks "
				"truncated, or a quote in it is not doubled (\"\"); the rest of the file was read as that field",
			     path, unclosed);
		if (ragged)
			warn(a, "%s: %zu row%s not %zu columns as the header (row %zu) has; the first is row %zu with %zu%s",
			     path, ragged, ragged == 1 ? " has" : "s have", ncols, audit_report_header_row(r), rag_row,
			     rag_n, rag_n < ncols ? " (missing columns read as empty; a short last row means a truncated file)"
						 : " (extra columns not read)");
		if (bad_row)
			warn(a, "%s: row %zu has bytes that are not UTF-8, read as Windows-1252; if the report is in "
				"another encoding, name it with --encoding",
			     path, bad_row);
	}
	free(sel);
	free(scan);
	audit_report_free(r);
	return st;
}
