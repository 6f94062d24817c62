/* Fuzz target: listing reports, as `poa audit` reads them. The input is a
 * report (All Listings TSV, an inventory flat file, a CSV with quotes, in
 * any encoding) swept with a small fixed term list (words, phrases with
 * punctuation, CJK, an exclusion), so that the reader, the tokeniser and
 * the matcher all see the bytes; every hit goes through one of the three
 * writers, then the summary.
 *
 * poa_audit_report reads a path, and its reader has two ways in: a UTF-8
 * report is read again through a small buffer per thread (pread), any
 * other is converted in memory. The input is written to one memfd per
 * process (a regular file, as a downloaded report is), named by its
 * /proc/self/fd path: both ways are the ones a real report takes, and no
 * file is left behind.
 *
 * The input's length picks a forced encoding (one in 16) or --columns (one
 * in 7), as `poa audit --encoding` and `--columns` do. The fast matcher is
 * also checked against its slow reference over the first 4 KB of the input
 * taken as one field. */
#include "fuzz.h"

#include "audit.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#define REFERENCE_MAX 4096

typedef struct fixture {
	poa_audit_terms *t;
	audit_index *ix;
	audit_matcher fast, ref;
	int fd;
	char path[64];
} fixture;

static const char *const terms[] = {
	"Brightwell", "Dr. Martens", "Levi's", "M&M's", "Ray-Ban", "The North Face", "kills 99.9% of germs",
	"non-toxic", "抗菌", "ブライトウェル", "Ñandú", "ﬁt", "i̇stanbul",
};
static const char *const exclusions[] = {"Brightwell Home", "Acme"};

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz-report: %s: %s\n", what, detail);
	abort();
}

static void cleanup(void);

static fixture *fx(void)
{
	static fixture f = {.fd = -1};
	if (f.t)
		return &f;
	poa_error err = {0};
	if (poa_audit_terms_new(&f.t, &err) != POA_OK)
		die("terms", err.message);
	for (size_t i = 0; i < sizeof terms / sizeof *terms; i++)
		if (poa_audit_terms_add(f.t, terms[i], "fuzz", 0, &err) != POA_OK)
			die("a term", err.message);
	for (size_t i = 0; i < sizeof exclusions / sizeof *exclusions; i++)
		if (poa_audit_terms_add(f.t, exclusions[i], "fuzz", 1, &err) != POA_OK)
			die("an exclusion", err.message);
	if (audit_index_build(f.t, &f.ix, &err) != POA_OK)
		die("the index", err.message);
	audit_matcher_init(&f.fast, f.ix, f.t);
	audit_matcher_init(&f.ref, f.ix, f.t);
	f.fd = memfd_create("report.txt", MFD_CLOEXEC);
	if (f.fd < 0)
		die("memfd_create", strerror(errno));
	snprintf(f.path, sizeof f.path, "/proc/self/fd/%d", f.fd);
	atexit(cleanup);
	return &f;
}

static void cleanup(void)
{
	fixture *f = fx();
	audit_matcher_free(&f->fast);
	audit_matcher_free(&f->ref);
	audit_index_free(f->ix);
	poa_audit_terms_free(f->t);
	close(f->fd);
}

/* The fast matcher and the reference find the same matches, each inside
 * the field. */
static void check_matcher(fixture *f, const char *s, size_t len)
{
	FUZZ_ASSERT(audit_match_field(&f->fast, s, len) == 0);
	FUZZ_ASSERT(audit_match_field_reference(&f->ref, s, len) == 0);
	if (f->fast.n != f->ref.n)
		die("the matcher and its reference disagree", "not the same number of matches");
	for (size_t i = 0; i < f->fast.n; i++) {
		const audit_match *a = &f->fast.m[i], *b = &f->ref.m[i];
		FUZZ_ASSERT(a->start < a->end && a->end <= len);
		if (a->start != b->start || a->end != b->end || a->term != b->term)
			die("the matcher and its reference disagree", f->t->v[a->term].display);
	}
}

static void on_warning(void *ctx, const char *message)
{
	(void)ctx;
	FUZZ_ASSERT(message && *message);
}

/* A hit is checked, then written. */
static void on_hit(void *ctx, const poa_audit_hit *h)
{
	FUZZ_ASSERT(h->file && h->sku && h->asin && h->column && h->term && h->source && h->match && h->context);
	FUZZ_ASSERT(h->row >= 1 && h->mark_start <= h->mark_end && h->mark_end <= strlen(h->context));
	poa_audit_writer_hit(ctx, h);
}

static void sweep(fixture *f, size_t size)
{
	static const char *const forced[] = {"SHIFT_JIS", "GB18030", "WINDOWS-1252", "UTF-16", "UTF-8"};
	FILE *out = fopen("/dev/null", "w");
	if (!out)
		die("/dev/null", strerror(errno));
	poa_error err = {0};
	poa_audit_writer *w = NULL;
	if (poa_audit_writer_new(out, (poa_audit_format)(size % 3), (int)(size / 3 % 2), &w, &err) != POA_OK)
		die("the writer", err.message);
	poa_audit_options opt = {
		.encoding = size % 16 == 15 ? forced[size / 16 % 5] : NULL,
		.columns = size % 7 == 0 ? "2, item-name,title" : NULL,
		.threads = 1,
		.on_hit = on_hit,
		.warning = on_warning,
		.ctx = w,
	};
	poa_audit *a = NULL;
	if (poa_audit_new(f->t, &opt, &a, &err) != POA_OK)
		die("poa_audit_new", err.message);
	poa_status st = poa_audit_report(a, f->path, &err);
	if (st != POA_OK) {
		FUZZ_ASSERT(err.message[0]);
		FUZZ_ASSERT(st == POA_ERR_INPUT || st == POA_ERR_IO || st == POA_ERR_NOMEM);
	} else {
		FUZZ_ASSERT(poa_audit_rows(a) >= 1 && poa_audit_rows_with_hits(a) <= poa_audit_rows(a));
		FUZZ_ASSERT(poa_audit_writer_finish(w, a, &err) == POA_OK);
		size_t total = 0, n;
		for (size_t i = 0; poa_audit_term_hits(a, i, &n); i++)
			total += n;
		FUZZ_ASSERT(total == poa_audit_hit_count(a));
		free(poa_audit_summary_json(a));
	}
	poa_audit_writer_free(w);
	poa_audit_free(a);
	fclose(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fixture *f = fx();
	if (ftruncate(f->fd, 0) != 0 || (size && pwrite(f->fd, data, size, 0) != (ssize_t)size))
		die("cannot write the report", strerror(errno));
	sweep(f, size);
	char *s = fuzz_strndup(data, size < REFERENCE_MAX ? size : REFERENCE_MAX);
	check_matcher(f, s, size < REFERENCE_MAX ? size : REFERENCE_MAX);
	free(s);
	return 0;
}
