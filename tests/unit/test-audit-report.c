/* Unit tests of poa audit's report reader, through the public API: every
 * report form (All Listings, flat file, CSV with quotes and line breaks,
 * semicolons), every encoding (UTF-8 with BOM and CRLF, UTF-16,
 * Windows-1252, Shift_JIS, GB18030), ragged and bad files, and the same
 * hits whether one thread or two read a report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>

#include "buf.h"
#include "poa.h"

#define DIR POA_SOURCE_ROOT "/tests/corpus/reports/"

typedef struct seen {
	poa_buf hits, warnings;
} seen;

static int with_context;   /* on_hit writes the context too */

static void on_hit(void *ctx, const poa_audit_hit *h)
{
	seen *s = ctx;
	poa_buf_printf(&s->hits, "%zu|%s|%s|%s|%s|%s", h->row, h->sku, h->asin, h->column, h->term, h->match);
	if (with_context)
		poa_buf_printf(&s->hits, "|%s", h->context);
	poa_buf_addc(&s->hits, '\n');
}

static void on_warning(void *ctx, const char *msg)
{
	seen *s = ctx;
	poa_buf_printf(&s->warnings, "%s\n", msg);
}

/* Audits one report with the terms given; returns the status, fills s. */
static poa_status audit(const char *report, const char *const *terms, const char *encoding, int threads,
			const char *columns, seen *s, size_t *rows, size_t *with, poa_error *err)
{
	poa_audit_terms *t = NULL;
	poa_audit *a = NULL;
	poa_buf_init(&s->hits);
	poa_buf_init(&s->warnings);
	assert_int_equal(poa_audit_terms_new(&t, err), POA_OK);
	for (size_t i = 0; terms[i]; i++)
		assert_int_equal(poa_audit_terms_add(t, terms[i], "test", terms[i][0] == '-', err), POA_OK);
	poa_audit_options opt = {.encoding = encoding, .threads = threads, .columns = columns, .on_hit = on_hit,
				 .warning = on_warning, .ctx = s};
	assert_int_equal(poa_audit_new(t, &opt, &a, err), POA_OK);
	poa_status st = poa_audit_report(a, report, err);
	if (rows)
		*rows = poa_audit_rows(a);
	if (with)
		*with = poa_audit_rows_with_hits(a);
	poa_audit_free(a);
	poa_audit_terms_free(t);
	return st;
}

static const char *const brand[] = {"Brightwell", "kills 99.9% of germs", "non-toxic", "antimicrobial",
				    "\xE6\x8A\x97\xE8\x8F\x8C", NULL};

static void hits_are(const char *report, const char *encoding, const char *want, size_t want_rows)
{
	seen s;
	poa_error err = {0};
	size_t rows = 0;
	poa_status st = audit(report, brand, encoding, 0, NULL, &s, &rows, NULL, &err);
	if (st)
		fail_msg("%s: %s", report, err.message);
	const char *got = s.hits.data ? s.hits.data : "";
	if (strcmp(got, want) != 0)
		fail_msg("%s:\ngot:\n%swant:\n%s", report, got, want);
	assert_int_equal(rows, want_rows);
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
}

static void test_all_listings(void **state)
{
	(void)state;
	const char *want = "2|MUG-16-SS|B0CK7TQ2WD|item-name|Brightwell|Brightwell\n"
			   "3|KET-12|B0CK7V1MZA|item-description|kills 99.9% of germs|kills 99.9% of germs\n"
			   "4|LID-1|B0CK7V1MZB|item-name|Brightwell|BRIGHTWELL\n"
			   "5|MUG-OWN|B0CK7V1MZC|item-name|Brightwell|Brightwell\n";
	hits_are(DIR "all-listings.txt", NULL, want, 5);
	hits_are(DIR "all-listings-bom-crlf.txt", NULL, want, 5);
}

static void test_exclude_own_brand(void **state)
{
	(void)state;
	static const char *const terms[] = {"Brightwell", "-Brightwell Outfitters", NULL};
	seen s;
	poa_error err = {0};
	size_t rows, with;
	assert_int_equal(audit(DIR "all-listings.txt", terms, NULL, 1, NULL, &s, &rows, &with, &err), POA_OK);
	assert_null(strstr(s.hits.data, "MUG-OWN"));
	assert_int_equal(with, 2);
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
}

static void test_encodings(void **state)
{
	(void)state;
	hits_are(DIR "utf16.txt", NULL,
		 "2|MUG-16-SS|B0CK7TQ2WD|item-name|Brightwell|Brightwell\n"
		 "3|KET-12|B0CK7V1MZA|item-description|kills 99.9% of germs|kills 99.9% of germs\n", 2);
	hits_are(DIR "eu-cp1252.txt", "cp1252",
		 "2|FR-MUG|B0CK7TQ2W1|item-name|Brightwell|Brightwell\n"
		 "3|FR-BRD|B0CK7TQ2W2|item-name|non-toxic|non-toxic\n", 2);
	/* Detected without --encoding too. */
	hits_are(DIR "eu-cp1252.txt", NULL,
		 "2|FR-MUG|B0CK7TQ2W1|item-name|Brightwell|Brightwell\n"
		 "3|FR-BRD|B0CK7TQ2W2|item-name|non-toxic|non-toxic\n", 2);
	/* Shift_JIS with a Japanese header: full-width Ｂｒｉｇｈｔｗｅｌｌ, 抗菌. */
	hits_are(DIR "jp-shift_jis.txt", "shift_jis",
		 "2|JP-MUG-1|B0CK7TQ2J1|\xE5\x95\x86\xE5\x93\x81\xE5\x90\x8D|Brightwell|"
		 "\xEF\xBC\xA2\xEF\xBD\x92\xEF\xBD\x89\xEF\xBD\x87\xEF\xBD\x88\xEF\xBD\x94\xEF\xBD\x97\xEF\xBD\x85\xEF\xBD\x8C\xEF\xBD\x8C\n"
		 "2|JP-MUG-1|B0CK7TQ2J1|\xE5\x95\x86\xE5\x93\x81\xE5\x90\x8D|\xE6\x8A\x97\xE8\x8F\x8C|\xE6\x8A\x97\xE8\x8F\x8C\n",
		 2);
	hits_are(DIR "cn-gb18030.txt", "gb18030",
		 "2|CN-MUG-1|B0CK7TQ2C1|\xE5\x95\x86\xE5\x93\x81\xE5\x90\x8D\xE7\xA7\xB0|Brightwell|Brightwell\n"
		 "2|CN-MUG-1|B0CK7TQ2C1|\xE5\x95\x86\xE5\x93\x81\xE5\x90\x8D\xE7\xA7\xB0|\xE6\x8A\x97\xE8\x8F\x8C|\xE6\x8A\x97\xE8\x8F\x8C\n",
		 2);
}

static void test_flat_file(void **state)
{
	(void)state;
	/* Three header rows: data from row 4; brand_name, item_name, bullets and
	 * keywords are read, the SKU is item_sku. */
	hits_are(DIR "flat-file.txt", NULL,
		 "4|BLK-1||bullet_point1|antimicrobial|antimicrobial\n"
		 "5|BLK-2||bullet_point1|Brightwell|Brightwell\n"
		 "5|BLK-2||generic_keywords|Brightwell|brightwell\n", 2);
}

static void test_csv(void **state)
{
	(void)state;
	/* Quotes, a comma, a tab and a line break inside fields: the record
	 * after the line break is still row 3. */
	hits_are(DIR "spreadsheet.csv", NULL,
		 "2|CSV-1|B0CK7TQ2X1|item-name|Brightwell|Brightwell\n"
		 "2|CSV-1|B0CK7TQ2X1|item-description|non-toxic|non-toxic\n", 3);
	static const char *const punct[] = {"Dr. Martens", "Levi's", "M&M's", "Ray-Ban", "The North Face", NULL};
	seen s;
	poa_error err = {0};
	assert_int_equal(audit(DIR "spreadsheet.csv", punct, NULL, 1, NULL, &s, NULL, NULL, &err), POA_OK);
	assert_string_equal(s.hits.data, "4|CSV-3|B0CK7TQ2X3|item-name|Dr. Martens|Dr. Martens\n"
					 "4|CSV-3|B0CK7TQ2X3|item-description|Levi's|Levi\xE2\x80\x99s\n"
					 "4|CSV-3|B0CK7TQ2X3|item-description|M&M's|M&M's\n"
					 "4|CSV-3|B0CK7TQ2X3|item-description|Ray-Ban|Ray Ban\n"
					 "4|CSV-3|B0CK7TQ2X3|item-description|The North Face|The North Face\n");
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
	/* Semicolons; a row with one field too many is read and reported. */
	assert_int_equal(audit(DIR "semicolon.csv", brand, NULL, 1, NULL, &s, NULL, NULL, &err), POA_OK);
	assert_string_equal(s.hits.data, "2|SC-1|B0CK7TQ2S1|item-name|Brightwell|Brightwell\n"
					 "3|SC-2|B0CK7TQ2S2|item-name|Brightwell|Brightwell\n");
	assert_non_null(strstr(s.warnings.data, "row 2 with 4 (extra columns not read)"));
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
}

static void test_columns(void **state)
{
	(void)state;
	seen s;
	poa_error err = {0};
	assert_int_equal(audit(DIR "all-listings.txt", brand, NULL, 1, "item-description", &s, NULL, NULL, &err), POA_OK);
	assert_string_equal(s.hits.data, "3|KET-12|B0CK7V1MZA|item-description|kills 99.9% of germs|kills 99.9% of germs\n");
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
	assert_int_equal(audit(DIR "all-listings.txt", brand, NULL, 1, "1", &s, NULL, NULL, &err), POA_OK);
	assert_null(strstr(s.hits.data, "item-description"));
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
	assert_int_equal(audit(DIR "all-listings.txt", brand, NULL, 1, "title,nosuch", &s, NULL, NULL, &err),
			 POA_ERR_INPUT);
	assert_non_null(strstr(err.message, "no column 'title'"));
	assert_non_null(strstr(err.message, "item-name, item-description"));
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
}

static void test_ragged_truncated(void **state)
{
	(void)state;
	seen s;
	poa_error err = {0};
	size_t rows;
	assert_int_equal(audit(DIR "ragged-truncated.txt", brand, NULL, 1, NULL, &s, &rows, NULL, &err), POA_OK);
	assert_int_equal(rows, 4);
	assert_non_null(strstr(s.hits.data, "4|SHORT-1||item-name|Brightwell|Brightwell\n"));
	assert_non_null(strstr(s.hits.data, "5|||item-name|Brightwell|Brightwell\n"));
	assert_non_null(strstr(s.warnings.data, "2 rows have not 9 columns as the header (row 1) has; the first is row 4 with 4"));
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
}

static void bad(const char *report, poa_status want, const char *message)
{
	seen s;
	poa_error err = {0};
	poa_status st = audit(report, brand, NULL, 1, NULL, &s, NULL, NULL, &err);
	if (st != want || !strstr(err.message, message))
		fail_msg("%s: status %d, message \"%s\"; want %d and \"%s\"", report, st, err.message, want, message);
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
}

static void test_bad_files(void **state)
{
	(void)state;
	bad(DIR "bad-header-only.txt", POA_ERR_INPUT, "has a header row (row 1) but no listings");
	bad(DIR "bad-no-delimiter.txt", POA_ERR_INPUT, "row 1 has no tab, comma or semicolon");
	bad(DIR "bad-binary.bin", POA_ERR_INPUT, "binary file, not a listing report");
	bad(DIR "bad-gzip.txt.gz", POA_ERR_INPUT, "gzip-compressed");
	bad(DIR "bad-empty.txt", POA_ERR_INPUT, "the report is empty");
	bad(DIR "nosuch.txt", POA_ERR_IO, "cannot open the report");
	bad(DIR, POA_ERR_IO, "is a folder");
	seen s;
	poa_error err = {0};
	assert_int_equal(audit(DIR "bad-unclosed-quote.csv", brand, NULL, 1, NULL, &s, NULL, NULL, &err), POA_OK);
	assert_non_null(strstr(s.warnings.data, "row 2: a quoted field is not closed before the end of the file"));
	poa_buf_free(&s.hits);
	poa_buf_free(&s.warnings);
}

/* A temporary report of n rows with Brightwell in every 997th, and before
 * row at a quoted field that holds lines line breaks; path is mkstemp's. */
static void write_big_report(char *path, int n, int at, int lines)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("item-name\tseller-sku\tasin1\n", f);
	for (int i = 0; i < n; i++) {
		if (i == at) {
			fputs("\"Brightwell quoted", f);
			for (int k = 0; k < lines; k++)
				fputs(k ? "\nline of a long quoted field" : "\nacross a line", f);
			fputs("\"\tSKU-Q\tB0QQQQQQQQ\n", f);
		}
		fprintf(f, "%s lid for a travel mug number %d\tSKU-%d\tB0%08d\n", i % 997 == 0 ? "Brightwell" : "Plain", i, i,
			i);
	}
	fclose(f);
}

/* A report large enough to be split: one thread and two give the same hits
 * and counts, also when a quoted field with a line break sits in the
 * second half. */
static void test_threads(void **state)
{
	(void)state;
	char path[] = "/tmp/poa-audit-big-XXXXXX";
	write_big_report(path, 120000, 90000, 1);
	static const char *const terms[] = {"Brightwell", NULL};
	seen one, two;
	poa_error err = {0};
	size_t r1, r2, w1, w2;
	assert_int_equal(audit(path, terms, NULL, 1, NULL, &one, &r1, &w1, &err), POA_OK);
	assert_int_equal(audit(path, terms, NULL, 2, NULL, &two, &r2, &w2, &err), POA_OK);
	assert_int_equal(r1, 120001);
	assert_int_equal(r1, r2);
	assert_int_equal(w1, w2);
	assert_int_equal(w1, 122);   /* every 997th row, and the quoted one */
	assert_string_equal(one.hits.data, two.hits.data);
	assert_non_null(strstr(one.hits.data, "90002|SKU-Q|B0QQQQQQQQ|item-name|Brightwell|Brightwell\n"));
	assert_non_null(strstr(one.hits.data, "|SKU-119640|"));
	unlink(path);
	poa_buf_free(&one.hits);
	poa_buf_free(&one.warnings);
	poa_buf_free(&two.hits);
	poa_buf_free(&two.warnings);
}

/* Threads take the report in regions of a few MiB that start at a line
 * break: a quoted field of a megabyte of lines sits across the first
 * boundary, so the next region starts inside it and the report is read
 * again from the region before on; rows and hits are those of one pass. */
static void test_quoted_across_regions(void **state)
{
	(void)state;
	char path[] = "/tmp/poa-audit-span-XXXXXX";
	write_big_report(path, 160000, 60000, 40000);
	static const char *const terms[] = {"Brightwell", NULL};
	for (int threads = 1; threads <= 2; threads++) {
		seen s;
		poa_error err = {0};
		size_t rows, with;
		assert_int_equal(audit(path, terms, NULL, threads, NULL, &s, &rows, &with, &err), POA_OK);
		assert_int_equal(rows, 160001);
		assert_int_equal(with, 162);   /* every 997th row, and the quoted one */
		assert_non_null(strstr(s.hits.data, "60002|SKU-Q|B0QQQQQQQQ|item-name|Brightwell|Brightwell\n"));
		assert_non_null(strstr(s.hits.data, "60820|SKU-60817|"));
		assert_non_null(strstr(s.hits.data, "159523|SKU-159520|"));
		assert_null(s.warnings.data);
		poa_buf_free(&s.hits);
		poa_buf_free(&s.warnings);
	}
	unlink(path);
}

/* The splitter walks 64-byte blocks and keeps their masks from one record to
 * the next; the SKU and ASIN past the columns matched are found again only
 * for a hit. Records of every length fall on every offset of a block, with
 * CRLF line ends, a CR before a tab, quoted rows and blank lines; the AVX2
 * and the SSE2 classifier give the same hits. */
static void test_blocks(void **state)
{
	(void)state;
	char path[] = "/tmp/poa-audit-blocks-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("item-name\titem-note\tseller-sku\tasin1\r\n", f);
	for (int i = 0; i < 3000; i++) {
		if (i % 101 == 50)
			fputs("\r\n", f);   /* a blank line */
		if (i % 211 == 7)   /* quoted: the record is read again as quoted */
			fprintf(f, "\"Brightwell, \"\"quoted\"\"\"\t\tSKU-%d\tB0%08d\r\n", i, i);
		fprintf(f, "%s", i % 7 == 0 ? "Brightwell" : "Plain");
		for (int k = 0; k < i % 70; k++)
			fputs(" x", f);
		fprintf(f, "\t%s\tSKU-%d\r\tB0%08d\r\n", i % 13 == 0 ? "non-toxic" : "", i, i);
	}
	fclose(f);
	static const char *const terms[] = {"Brightwell", "non-toxic", NULL};
	seen avx, sse;
	poa_error err = {0};
	size_t r1, r2, w1, w2;
	assert_int_equal(audit(path, terms, NULL, 1, NULL, &avx, &r1, &w1, &err), POA_OK);
	setenv("POA_NO_AVX2", "1", 1);
	assert_int_equal(audit(path, terms, NULL, 1, NULL, &sse, &r2, &w2, &err), POA_OK);
	unsetenv("POA_NO_AVX2");
	assert_int_equal(r1, 3000 + 15);   /* the quoted rows; blank lines are not rows */
	assert_int_equal(r1, r2);
	assert_int_equal(w1, w2);
	assert_string_equal(avx.hits.data, sse.hits.data);
	/* Row 2 is record 0; a CR before a tab and before the line end is not
	 * part of the field. */
	assert_non_null(strstr(avx.hits.data, "2|SKU-0|B000000000|item-name|Brightwell|Brightwell\n"));
	assert_non_null(strstr(avx.hits.data, "2|SKU-0|B000000000|item-note|non-toxic|non-toxic\n"));
	assert_non_null(strstr(avx.hits.data, "|SKU-7|B000000007|item-name|Brightwell|Brightwell\n"));
	assert_non_null(strstr(avx.hits.data, "|SKU-2996|B000002996|item-name|Brightwell|Brightwell\n"));
	assert_null(strstr(avx.hits.data, "\r"));
	assert_null(avx.warnings.data);   /* no ragged row */
	unlink(path);
	poa_buf_free(&avx.hits);
	poa_buf_free(&avx.warnings);
	poa_buf_free(&sse.hits);
	poa_buf_free(&sse.warnings);
}

/* The splitter stores only the fields it matches: here item-name and
 * item-note, with the SKU among the columns skipped between them and the
 * ASIN past them, both found again for a hit. The skipped fields are 0 to
 * 220 bytes long, so that the kept ones start anywhere in a block and a
 * skip crosses blocks. The report is 585 KB, three of a reader's buffers
 * (records cut at each buffer's end); only rows 1500 to 1599 have CRs
 * (ending kept and skipped fields and lines), so one buffer is classified
 * block by block and the others at once. The last row, a hit, has no line
 * end. The hits are written out here, row by row, as they must come. */
static void test_sparse_columns(void **state)
{
	(void)state;
	char path[] = "/tmp/poa-audit-sparse-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	poa_buf want;
	poa_buf_init(&want);
	fputs("item-name\tlisting-id\tseller-sku\tprice\titem-note\topen-date\tasin1\n", f);
	size_t row = 1;
	for (int i = 0; i < 4012; i++) {
		int cr = i >= 1500 && i < 1600;
		if (i % 101 == 50) {
			fputs(cr ? "\r\n" : "\n", f);   /* a blank line */
			row++;
		}
		row++;
		fprintf(f, "%s", i % 7 == 0 ? "Brightwell" : "Plain");
		for (int k = 0; k < i % 50; k++)
			fputs(" x", f);
		fprintf(f, "\tL%*s\tSKU-%d%s\t%*s\t%s%s\t2025\tB0%08d%s", i * 7 % 130, "", i,
			cr && i % 5 == 0 ? "\r" : "", i * 13 % 90, "", i % 13 == 0 ? "non-toxic" : "",
			cr && i % 3 == 0 ? "\r" : "", i, i == 4011 ? "" : cr && i % 2 ? "\r\n" : "\n");
		if (i % 7 == 0) {
			poa_buf_printf(&want, "%zu|SKU-%d|B0%08d|item-name|Brightwell|Brightwell|Brightwell", row, i, i);
			for (int k = 0; k < i % 50 && k < 20; k++)   /* 40 characters of context */
				poa_buf_adds(&want, " x");
			poa_buf_adds(&want, i % 50 > 20 ? "…\n" : "\n");
		}
		if (i % 13 == 0)
			poa_buf_printf(&want, "%zu|SKU-%d|B0%08d|item-note|non-toxic|non-toxic|non-toxic\n", row, i, i);
	}
	fclose(f);
	static const char *const terms[] = {"Brightwell", "non-toxic", NULL};
	with_context = 1;
	for (int avx2 = 1; avx2 >= 0; avx2--) {
		if (!avx2)
			setenv("POA_NO_AVX2", "1", 1);
		for (int threads = 1; threads <= 2; threads++) {
			seen s;
			poa_error err = {0};
			size_t rows;
			assert_int_equal(audit(path, terms, NULL, threads, NULL, &s, &rows, NULL, &err), POA_OK);
			assert_int_equal(rows, 4012);
			assert_string_equal(s.hits.data, want.data);
			assert_null(s.warnings.data);
			poa_buf_free(&s.hits);
			poa_buf_free(&s.warnings);
		}
	}
	unsetenv("POA_NO_AVX2");
	with_context = 0;
	poa_buf_free(&want);
	unlink(path);
}

/* The summary's JSON is written by hand: the same bytes as jansson's dump
 * of the object it used to be, for terms with quotes, a backslash, a tab,
 * a control character, a slash and letters from past ASCII. */
/* Sweeps the report at path for terms[0, n) and returns the summary as
 * jansson writes it (the caller frees it); *got receives poa's own. */
static char *summaries(const char *path, const char *const *terms, size_t nterms, char **got, size_t *per_terms)
{
	poa_error err = {0};
	poa_audit_terms *t = NULL;
	poa_audit *a = NULL;
	assert_int_equal(poa_audit_terms_new(&t, &err), POA_OK);
	for (size_t i = 0; i < nterms; i++)
		assert_int_equal(poa_audit_terms_add(t, terms[i], "test", 0, &err), POA_OK);
	assert_int_equal(poa_audit_new(t, NULL, &a, &err), POA_OK);
	assert_int_equal(poa_audit_report(a, path, &err), POA_OK);
	json_t *per = json_object();
	size_t n;
	const char *term;
	for (size_t i = 0; (term = poa_audit_term_hits(a, i, &n)) != NULL; i++)
		json_object_set_new(per, term, json_integer((json_int_t)n));
	*per_terms = json_object_size(per);
	json_t *o = json_pack("{s:I, s:I, s:I, s:o}", "rows", (json_int_t)poa_audit_rows(a), "rows_with_hits",
			      (json_int_t)poa_audit_rows_with_hits(a), "hits", (json_int_t)poa_audit_hit_count(a),
			      "per_term", per);
	char *want = json_dumps(o, JSON_PRESERVE_ORDER);
	*got = poa_audit_summary_json(a);
	json_decref(o);
	poa_audit_free(a);
	poa_audit_terms_free(t);
	return want;
}

static void test_summary_json(void **state)
{
	(void)state;
	char path[] = "/tmp/poa-audit-summary-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("item-name\tseller-sku\tasin1\n", f);
	for (int i = 0; i < 3; i++)
		fprintf(f, "say quoted, back slash, a b, c d, x y, caf\xC3\xA9 %d\tSKU-%d\tB0%08d\n", i, i, i);
	fputs("quoted again\tSKU-Q\tB0QQQQQQQQ\n", f);
	fclose(f);
	static const char *const terms[] = {"\"quoted\"", "back\\slash", "a\tb", "c/d", "x\x01y", "Caf\xC3\xA9", "absent"};
	char *got;
	size_t per;
	char *want = summaries(path, terms, sizeof terms / sizeof *terms, &got, &per);
	assert_non_null(strstr(want, "\"per_term\": {\"\\\"quoted\\\"\": 4, "));
	assert_non_null(strstr(want, "\"x\\u0001y\": 3"));
	assert_string_equal(got, want);
	free(want);
	free(got);
	unlink(path);
}

/* A report of `rows` rows of about 65 bytes (ASCII), Café in each; row `odd` (-1:
 * none) spells it in Windows-1252, the others in UTF-8 when utf8 is set,
 * else in ASCII. Returns the warnings of the sweep and checks every row hit,
 * or the error when the report is refused. */
static char *sample_warnings(int rows, int odd, int utf8)
{
	char path[] = "/tmp/poa-audit-sample-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("item-name\tseller-sku\tasin1\n", f);
	for (int i = 0; i < rows; i++)
		fprintf(f, "%s mug for a travel kit, row %d, %s\tSKU-%d\tB0%08d\n",
			i == odd ? "Caf\xE9" : utf8 ? "Caf\xC3\xA9" : "Cafe",
			i, utf8 ? "\xE6\x8A\x97\xE8\x8F\x8C \xC3\xB1" "and\xC3\xBA" : "plain", i, i);
	fclose(f);
	static const char *const terms[] = {"Cafe", "Caf\xC3\xA9", NULL};
	seen s;
	poa_error err = {0};
	size_t n, with;
	poa_status st = audit(path, terms, NULL, 2, NULL, &s, &n, &with, &err);
	unlink(path);
	if (st) {   /* the message, for the test to check */
		poa_buf_free(&s.hits);
		poa_buf_free(&s.warnings);
		return strdup(err.message);
	}
	assert_int_equal(n, (size_t)rows);
	assert_int_equal(with, (size_t)rows);
	char *w = poa_buf_steal(&s.warnings);
	poa_buf_free(&s.hits);
	return w ? w : strdup("");
}

/* The encoding is decided on the first 4 MiB, though only the first MiB
 * is kept: a Windows-1252 byte at 2 MiB makes the report Windows-1252
 * (converted, no warning); past 4 MiB the report is read as UTF-8 and the
 * byte is said; UTF-8 characters across the 1 MiB head and the 64 KiB
 * reads after it are UTF-8; UTF-8 with a stray byte inside the 4 MiB is
 * neither, and refused with the fix. */
static void test_encoding_sample(void **state)
{
	(void)state;
	char *w = sample_warnings(100000, 40000, 0);   /* about 2.6 MB in */
	assert_null(strstr(w, "not UTF-8"));
	free(w);
	w = sample_warnings(100000, 90000, 0);   /* about 5.9 MB in */
	assert_non_null(strstr(w, "row 90002 has bytes that are not UTF-8"));
	free(w);
	w = sample_warnings(60000, -1, 1);   /* 2- and 3-byte characters everywhere */
	assert_string_equal(w, "");
	free(w);
	w = sample_warnings(70000, 30000, 1);   /* the stray byte 2.2 MB in */
	assert_non_null(strstr(w, "is not valid UTF-8 and the encoding could not be recognised"));
	assert_non_null(strstr(w, "--encoding"));
	free(w);
	w = sample_warnings(70000, 65000, 1);   /* UTF-8 and one stray byte, 4.9 MB in */
	assert_non_null(strstr(w, "row 65002 has bytes that are not UTF-8"));
	free(w);
}

/* The JSON writer against jansson on terms of every length up to 70 bytes
 * with quotes, backslashes, control characters and UTF-8 at random places
 * (the writer copies plain runs 16 bytes at a time). */
static void test_json_strings(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a", "b", "z", " ", "\"", "\\", "/", "\x01", "\x1F", "\x7F",
					     "caf\xC3\xA9", "\xE2\x82\xAC", "word", "0"};
	enum { NTERMS = 300 };
	char terms[NTERMS][128];
	unsigned seed = 12345;
	char path[] = "/tmp/poa-audit-json-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("item-name\tseller-sku\tasin1\n", f);
	for (int i = 0; i < NTERMS; i++) {
		size_t want = (size_t)(i % 71), len = 0;
		terms[i][0] = 'w';   /* a word in every term */
		len = 1;
		while (len < want) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
			if (len + strlen(p) >= sizeof terms[i])
				break;
			memcpy(terms[i] + len, p, strlen(p));
			len += strlen(p);
		}
		terms[i][len] = '\0';
		/* The row spells the term's words with spaces between: control
		 * characters would make the report look binary. */
		char row[128];
		for (size_t k = 0; k <= len; k++) {
			unsigned char c = (unsigned char)terms[i][k];
			row[k] = c && (c < 0x20 || c == 0x7F || c == '"' || c == '\\' || c == '/') ? ' ' : (char)c;
		}
		fprintf(f, "%s\tSKU-%d\tB0%08d\n", row, i, i);
	}
	fclose(f);
	const char *list[NTERMS];
	for (int i = 0; i < NTERMS; i++)
		list[i] = terms[i];
	char *got;
	size_t per;
	char *want = summaries(path, list, NTERMS, &got, &per);
	assert_true(per > NTERMS / 2);
	assert_string_equal(got, want);
	free(want);
	free(got);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_listings), cmocka_unit_test(test_exclude_own_brand),
		cmocka_unit_test(test_encodings),    cmocka_unit_test(test_flat_file),
		cmocka_unit_test(test_csv),          cmocka_unit_test(test_columns),
		cmocka_unit_test(test_ragged_truncated), cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_threads),      cmocka_unit_test(test_quoted_across_regions),
		cmocka_unit_test(test_blocks),       cmocka_unit_test(test_sparse_columns),
		cmocka_unit_test(test_summary_json), cmocka_unit_test(test_encoding_sample),
		cmocka_unit_test(test_json_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
