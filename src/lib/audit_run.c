/* audit_run.c — one sweep over listing reports: the report split between
 * threads at row boundaries, each field of the chosen columns matched, hits
 * handed to the front end in file order, and the counts of the summary. */
#include "audit.h"
#include "buf.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
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
};

/* A hit kept by a thread that is not the first, until the first is done. */
typedef struct hitrec {
	size_t row;
	uint32_t col, term;
	size_t mark_start, mark_end;
	char *strs;   /* sku \0 asin \0 match \0 context \0 */
} hitrec;

typedef struct worker {
	poa_audit *a;
	audit_cursor c;
	const audit_report *r;
	const size_t *scan;        /* the columns to match, in order */
	size_t nscan;
	const char *file;
	int stream;                /* the first region: hands hits over at once */
	size_t nregions;
	hitrec *h;
	size_t nh, caph;
	size_t rows_with_hits, hits;
	size_t bad_row;            /* first row with bytes that are not UTF-8 */
	int oom;
} worker;

poa_status poa_audit_new(const poa_audit_terms *t, const poa_audit_options *opt, poa_audit **out, poa_error *err)
{
	*out = NULL;
	poa_audit *a = calloc(1, sizeof *a);
	if (!a || !(a->per_term = calloc(t->n ? t->n : 1, sizeof *a->per_term))) {
		free(a);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	a->t = t;
	if (opt)
		a->opt = *opt;
	poa_status st = audit_index_build(t, &a->ix, err);
	if (st) {
		poa_audit_free(a);
		return st;
	}
	*out = a;
	return POA_OK;
}

void poa_audit_free(poa_audit *a)
{
	if (!a)
		return;
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
		m->order = malloc((a->t->n ? a->t->n : 1) * sizeof *m->order);
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

/* The strings of a hit in one allocation: sku, asin, match, context. */
static char *hit_strings(const audit_cursor *c, const audit_field *f, const audit_match *m, size_t *ms, size_t *me)
{
	poa_buf b;
	poa_buf_init(&b);
	size_t n;
	const char *s = field_at(c, audit_report_sku_col(c->r), &n);
	audit_clean(&b, s, n);
	poa_buf_addc(&b, '\0');
	s = field_at(c, audit_report_asin_col(c->r), &n);
	audit_clean(&b, s, n);
	poa_buf_addc(&b, '\0');
	audit_clean(&b, f->p + m->start, m->end - m->start);
	poa_buf_addc(&b, '\0');
	size_t ctx = b.len;
	int cut_a, cut_b;
	size_t a = back_chars(f->p, m->start, &cut_a), z = fwd_chars(f->p, f->len, m->end, &cut_b);
	if (cut_a)
		poa_buf_adds(&b, "…");
	audit_clean(&b, f->p + a, m->start - a);
	*ms = b.len - ctx;
	audit_clean(&b, f->p + m->start, m->end - m->start);
	*me = b.len - ctx;
	audit_clean(&b, f->p + m->end, z - m->end);
	if (cut_b)
		poa_buf_adds(&b, "…");
	poa_buf_addc(&b, '\0');
	if (b.oom) {
		poa_buf_free(&b);
		return NULL;
	}
	return poa_buf_steal(&b);
}

static void deliver(poa_audit *a, const char *file, const audit_report *r, const hitrec *h)
{
	const char *sku = h->strs, *asin = sku + strlen(sku) + 1, *match = asin + strlen(asin) + 1,
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

static void *work(void *arg)
{
	worker *w = arg;
	poa_audit *a = w->a;
	audit_matcher mt;
	audit_matcher_init(&mt, a->ix, a->t);
	size_t ncols = audit_report_ncols(w->r), next_progress = (size_t)16 << 20;
	int rc;
	while ((rc = audit_cursor_next(&w->c)) == 1) {
		int row_hit = 0;
		size_t nf = w->c.nf < ncols ? w->c.nf : ncols;
		for (size_t k = 0; k < w->nscan && w->scan[k] < nf; k++) {
			size_t col = w->scan[k];
			if (!w->c.f[col].len)
				continue;
			const audit_field *f = &w->c.f[col];
			if (audit_match_field(&mt, f->p, f->len)) {
				w->oom = 1;
				break;
			}
			if (mt.bad_utf8 && !w->bad_row)
				w->bad_row = w->c.row;
			for (size_t k = 0; k < mt.n; k++) {
				hitrec h = {.row = w->c.row, .col = (uint32_t)col, .term = mt.m[k].term};
				h.strs = hit_strings(&w->c, f, &mt.m[k], &h.mark_start, &h.mark_end);
				if (!h.strs) {
					w->oom = 1;
					break;
				}
				row_hit = 1;
				w->hits++;
				if (w->stream) {
					a->per_term[h.term]++;
					deliver(a, w->file, w->r, &h);
					free(h.strs);
					continue;
				}
				if (w->nh == w->caph) {
					size_t cap = w->caph ? w->caph * 2 : 256;
					hitrec *v = realloc(w->h, cap * sizeof *v);
					if (!v) {
						free(h.strs);
						w->oom = 1;
						break;
					}
					w->h = v;
					w->caph = cap;
				}
				w->h[w->nh++] = h;
			}
		}
		w->rows_with_hits += row_hit;
		if (w->oom)
			break;
		size_t done = audit_cursor_done(&w->c);
		if (w->stream && a->opt.progress && done >= next_progress) {
			a->opt.progress(a->opt.ctx, w->file, done * w->nregions, audit_report_data_size(w->r));
			next_progress = done + ((size_t)16 << 20);
		}
	}
	if (rc < 0)
		w->oom = 1;
	audit_matcher_free(&mt);
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
	audit_cursor cur[MAX_THREADS];
	worker w[MAX_THREADS];
	size_t n = audit_report_split(r, cur, (size_t)threads_wanted(a));
	for (;;) {
		pthread_t tid[MAX_THREADS];
		int started[MAX_THREADS] = {0};
		for (size_t i = 0; i < n; i++) {
			cur[i].need = need;
			w[i] = (worker){.a = a, .c = cur[i], .r = r, .scan = scan, .nscan = nscan, .file = path, .stream = n == 1,
					.nregions = n};
			if (i > 0)
				started[i] = pthread_create(&tid[i], NULL, work, &w[i]) == 0;
		}
		/* The first region in this thread; a region whose thread did not
		 * start is read here afterwards. */
		work(&w[0]);
		int spanned = w[0].c.spanned;
		for (size_t i = 1; i < n; i++) {
			if (started[i])
				pthread_join(tid[i], NULL);
			else
				work(&w[i]);
			spanned |= w[i].c.spanned;
		}
		if (n == 1 || !spanned)
			break;
		/* A quoted field with a line break: the split may have cut a
		 * record in two. Read the report again in one piece. */
		for (size_t i = 0; i < n; i++) {
			for (size_t k = 0; k < w[i].nh; k++)
				free(w[i].h[k].strs);
			free(w[i].h);
			audit_cursor_free(&w[i].c);
		}
		n = audit_report_split(r, cur, 1);
	}
	size_t row_base = 0, rows = 0, with = 0, hits = 0, ragged = 0, rag_row = 0, rag_n = 0, bad_row = 0;
	size_t unclosed = 0;
	int oom = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < w[i].nh; k++) {
			w[i].h[k].row += row_base;
			if (!oom) {
				a->per_term[w[i].h[k].term]++;
				deliver(a, path, r, &w[i].h[k]);
			}
			free(w[i].h[k].strs);
		}
		free(w[i].h);
		oom |= w[i].oom;
		rows += w[i].c.rows;
		with += w[i].rows_with_hits;
		hits += w[i].hits;
		if (w[i].c.ragged && !ragged) {
			rag_row = w[i].c.first_ragged_row + row_base;
			rag_n = w[i].c.first_ragged_n;
		}
		ragged += w[i].c.ragged;
		if (w[i].bad_row && !bad_row)
			bad_row = w[i].bad_row + row_base;
		if (w[i].c.unclosed_row && !unclosed)
			unclosed = w[i].c.unclosed_row + row_base;
		row_base += w[i].c.row;
	}
	int io_error = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i].c.io_error && !io_error)
			io_error = w[i].c.io_error;
		audit_cursor_free(&w[i].c);
	}
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
