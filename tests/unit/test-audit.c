/* Unit tests of poa audit's matcher: the one definition of a word, the
 * fast matcher against the slow obviously-correct reference (hand-written
 * Unicode cases and generated data), exclusions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "audit.h"

/* ---- terms normalise as documented --------------------------------------- */

static void key_is(const char *term, const char *want, size_t want_words)
{
	size_t n;
	char *k = audit_term_key(term, strlen(term), &n);
	assert_non_null(k);
	assert_string_equal(k, want);
	assert_int_equal(n, want_words);
	free(k);
}

static void test_term_keys(void **state)
{
	(void)state;
	key_is("Brightwell", "brightwell", 1);
	key_is("  The North  Face ", "the north face", 3);
	key_is("Dr. Martens", "dr martens", 2);
	key_is("Levi\xE2\x80\x99s", "levi s", 2);               /* curly apostrophe */
	key_is("M&M's", "m m s", 3);
	key_is("Ray-Ban", "ray ban", 2);
	key_is("\xEF\xBC\xAE\xEF\xBC\xA9\xEF\xBC\xAB\xEF\xBC\xA5", "nike", 1);   /* full-width NIKE */
	key_is("CAF\xC3\x89", "caf\xC3\xA9", 1);                 /* É folds to é */
	key_is("cafe\xCC\x81", "caf\xC3\xA9", 1);                /* e + combining acute composes */
	key_is("STRA\xC3\x9F" "E", "strasse", 1);                /* ß case-folds to ss */
	key_is("anti\xC2\xAD" "bacterial", "antibacterial", 1);  /* soft hyphen ignored */
	key_is("\xE6\x8A\x97\xE8\x8F\x8C", "\xE6\x8A\x97 \xE8\x8F\x8C", 2);   /* 抗菌: one word per ideograph */
	key_is("kills 99.9% of germs", "kills 99 9 of germs", 5);
	key_is("snake_case", "snake_case", 1);
	key_is("&&&", "", 0);
}

/* ---- fast matcher against the reference ------------------------------------ */

typedef struct fixture {
	poa_audit_terms *t;
	audit_index *ix;
	audit_matcher fast, ref;
} fixture;

static void fixture_make(fixture *f, const char *const *terms, const char *const *excludes)
{
	poa_error err = {0};
	assert_int_equal(poa_audit_terms_new(&f->t, &err), POA_OK);
	for (size_t i = 0; terms && terms[i]; i++)
		assert_int_equal(poa_audit_terms_add(f->t, terms[i], "test", 0, &err), POA_OK);
	for (size_t i = 0; excludes && excludes[i]; i++)
		assert_int_equal(poa_audit_terms_add(f->t, excludes[i], "test", 1, &err), POA_OK);
	assert_int_equal(audit_index_build(f->t, &f->ix, &err), POA_OK);
	audit_matcher_init(&f->fast, f->ix, f->t);
	audit_matcher_init(&f->ref, f->ix, f->t);
}

static void fixture_free(fixture *f)
{
	audit_matcher_free(&f->fast);
	audit_matcher_free(&f->ref);
	audit_index_free(f->ix);
	poa_audit_terms_free(f->t);
}

/* A matcher's matches as "term@start-end;..." */
static void describe(const fixture *f, const audit_matcher *m, char *out, size_t size)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < m->n && o < size - 200; i++)
		o += (size_t)snprintf(out + o, size - o, "%s@%zu-%zu;", f->t->v[m->m[i].term].display, m->m[i].start,
				      m->m[i].end);
}

/* The matches of both matchers, the same, as "term@start-end;...": the
 * fast one with its AVX2 classifier, where it has it, and with SSE2. */
static char *matches(fixture *f, const char *field, size_t len)
{
	static char out[8192];
	char ref[8192], sse[8192];
	int avx2 = f->fast.avx2;
	f->fast.avx2 = 0;
	assert_int_equal(audit_match_field(&f->fast, field, len), 0);
	describe(f, &f->fast, sse, sizeof sse);
	f->fast.avx2 = avx2;
	assert_int_equal(audit_match_field(&f->fast, field, len), 0);
	describe(f, &f->fast, out, sizeof out);
	assert_int_equal(audit_match_field_reference(&f->ref, field, len), 0);
	describe(f, &f->ref, ref, sizeof ref);
	if (strcmp(out, ref) != 0 || strcmp(sse, ref) != 0)
		fail_msg("field \"%.*s\": fast %s (SSE2: %s), reference %s", (int)len, field, out, sse, ref);
	return out;
}

static void expect(fixture *f, const char *field, const char *want)
{
	const char *got = matches(f, field, strlen(field));
	if (strcmp(got, want) != 0)
		fail_msg("field \"%s\": got %s, want %s", field, got, want);
}

static void test_hand_written(void **state)
{
	(void)state;
	static const char *const terms[] = {
		"Brightwell", "Dr. Martens", "Levi's", "M&M's", "Ray-Ban", "The North Face", "North Face", "Face",
		"caf\xC3\xA9", "antibacterial", "kills 99.9% of germs", "\xE6\x8A\x97\xE8\x8F\x8C", "Nike", "a b", "b c",
		NULL,
	};
	fixture f = {0};
	fixture_make(&f, terms, NULL);
	expect(&f, "", "");
	expect(&f, "Fits Brightwell Lids", "Brightwell@5-15;");
	expect(&f, "Brightwell", "Brightwell@0-10;");                      /* the whole field */
	expect(&f, "brightwell,", "Brightwell@0-10;");                     /* at the start */
	expect(&f, "lid for BRIGHTWELL", "Brightwell@8-18;");              /* at the end */
	expect(&f, "Brightwellness Brightwel", "");                        /* whole words only */
	expect(&f, "DR MARTENS boots, dr.martens", "Dr. Martens@0-10;Dr. Martens@18-28;");
	expect(&f, "LEVI\xE2\x80\x99S jeans", "Levi's@0-8;");              /* curly apostrophe in the text */
	expect(&f, "Levi's", "Levi's@0-6;");
	expect(&f, "M&M's candy", "M&M's@0-5;");
	expect(&f, "ray ban, Ray-Ban, RAY.BAN, rayban", "Ray-Ban@0-7;Ray-Ban@9-16;Ray-Ban@18-25;");
	/* Overlapping and nested terms: every one, by start, longer first. */
	expect(&f, "The North Face jacket", "The North Face@0-14;North Face@4-14;Face@10-14;");
	expect(&f, "a b c", "a b@0-3;b c@2-5;");
	/* Full-width letters in the text. */
	expect(&f, "\xEF\xBC\xAE\xEF\xBC\xA9\xEF\xBC\xAB\xEF\xBC\xA5 shoes", "Nike@0-12;");
	/* Accents: composed, decomposed, upper case. */
	expect(&f, "CAF\xC3\x89 mug", "caf\xC3\xA9@0-5;");
	expect(&f, "cafe\xCC\x81 mug", "caf\xC3\xA9@0-6;");
	expect(&f, "cafe mug", "");
	/* Chinese: inside a run of ideographs. */
	expect(&f, "\xE4\xBF\x9D\xE6\xB8\xA9\xE6\x9D\xAF\xE6\x8A\x97\xE8\x8F\x8C\xE5\x8A\xA0\xE5\xB7\xA5",
	       "\xE6\x8A\x97\xE8\x8F\x8C@9-15;");
	expect(&f, "Kills 99.9% of Germs!", "kills 99.9% of germs@0-20;");
	expect(&f, "kills 99% of germs", "");
	/* A Windows-1252 byte in a UTF-8 field does not stop the match. */
	expect(&f, "Brightwell\x92s lid", "Brightwell@0-10;");
	fixture_free(&f);
}

static void test_exclusions(void **state)
{
	(void)state;
	static const char *const terms[] = {"Brightwell", "mug", NULL};
	static const char *const excl[] = {"Brightwell Outfitters", "travel mug", NULL};
	fixture f = {0};
	fixture_make(&f, terms, excl);
	expect(&f, "Brightwell Outfitters mug", "mug@22-25;");
	expect(&f, "Brightwell lid for a travel mug", "Brightwell@0-10;");
	expect(&f, "BRIGHTWELL OUTFITTERS", "");
	fixture_free(&f);
}

/* ---- generated data ---------------------------------------------------------- */

static const char *const vocab[] = {
	"brightwell", "Brightwell", "BRIGHTWELL", "north", "face", "the", "dr", "martens", "levi", "s", "ray", "ban",
	"m", "caf\xC3\xA9", "CAF\xC3\x89", "cafe\xCC\x81", "\xEF\xBD\x8E\xEF\xBD\x89\xEF\xBD\x8B\xEF\xBD\x85", "nike",
	"stra\xC3\x9F" "e", "STRASSE", "\xE6\x8A\x97", "\xE8\x8F\x8C", "99", "9", "germs", "kills", "of", "mug", "lid",
	"a", "b", "x_y", "\xC3\xA9t\xC3\xA9", "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91", "\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1",
};
static const char *const seps[] = {
	" ", "  ", ", ", "-", ".", "'", "\xE2\x80\x99", "&", "\t", "\n", "", "(", ") ", "\xE3\x80\x80", "/", "%",
	"\xC2\xAD",
};
#define NV (sizeof vocab / sizeof *vocab)
#define NS (sizeof seps / sizeof *seps)

static unsigned long long rng_state = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static size_t random_text(char *out, size_t cap, unsigned maxwords)
{
	size_t o = 0;
	unsigned n = rnd(maxwords + 1);
	for (unsigned i = 0; i < n; i++) {
		const char *sep = i ? seps[rnd(NS)] : (rnd(4) == 0 ? seps[rnd(NS)] : "");
		const char *w = vocab[rnd(NV)];
		if (o + strlen(sep) + strlen(w) + 8 >= cap)
			break;
		o += (size_t)snprintf(out + o, cap - o, "%s%s", sep, w);
	}
	if (rnd(4) == 0 && o + 4 < cap)
		o += (size_t)snprintf(out + o, cap - o, "%s", seps[rnd(NS)]);
	return o;
}

static void test_generated(void **state)
{
	(void)state;
	for (int round = 0; round < 40; round++) {
		poa_error err = {0};
		fixture f = {0};
		assert_int_equal(poa_audit_terms_new(&f.t, &err), POA_OK);
		unsigned nterms = 1 + rnd(25);
		for (unsigned i = 0; i < nterms; i++) {
			char term[256];
			size_t n = random_text(term, sizeof term, 4);
			term[n] = '\0';
			poa_status st = poa_audit_terms_add(f.t, term, "gen", rnd(8) == 0, &err);
			assert_true(st == POA_OK || st == POA_ERR_INPUT);   /* a term of no word is refused */
		}
		assert_int_equal(audit_index_build(f.t, &f.ix, &err), POA_OK);
		audit_matcher_init(&f.fast, f.ix, f.t);
		audit_matcher_init(&f.ref, f.ix, f.t);
		for (int k = 0; k < 400; k++) {
			char field[2048];
			size_t n = random_text(field, sizeof field, 30);
			/* Now and then a stray byte or a cut UTF-8 sequence. */
			if (n && rnd(20) == 0)
				field[rnd((unsigned)n)] = (char)(0x80 + rnd(0x80));
			matches(&f, field, n);
		}
		fixture_free(&f);
	}
}

/* The matcher hashes words in its padded copy of a field with whole 8-byte
 * loads; terms are hashed from any buffer. Both must agree at every length
 * and alignment, or a term would silently never match. */
static void test_hash_forms(void **state)
{
	(void)state;
	unsigned char pad[400];
	for (size_t i = 0; i < sizeof pad; i++)
		pad[i] = (unsigned char)('a' + rnd(26));
	for (size_t len = 1; len <= 200; len++)
		for (size_t at = 0; at < 9; at++) {
			char *copy = malloc(len);   /* exactly len bytes: ASan catches an over-read */
			assert_non_null(copy);
			memcpy(copy, pad + at, len);
			uint64_t first = 0;
			assert_true(audit_word_prehash(copy, len, &first) == audit_prehash_padded(pad + at, len));
			assert_true(first == audit_prehash_first(pad + at, len));
			free(copy);
		}
}

/* Words longer than 8, 16 and 64 bytes, and fields whose words straddle
 * the matcher's 16- and 64-byte blocks, against the reference. */
static void test_long_words(void **state)
{
	(void)state;
	poa_error err = {0};
	fixture f = {0};
	assert_int_equal(poa_audit_terms_new(&f.t, &err), POA_OK);
	const size_t lens[] = {7, 8, 9, 15, 16, 17, 63, 64, 65, 130};
	char word[140];
	for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
		for (size_t k = 0; k < lens[i]; k++)
			word[k] = (char)('a' + (k + i) % 26);
		word[lens[i]] = '\0';
		assert_int_equal(poa_audit_terms_add(f.t, word, "long", 0, &err), POA_OK);
	}
	assert_int_equal(audit_index_build(f.t, &f.ix, &err), POA_OK);
	audit_matcher_init(&f.fast, f.ix, f.t);
	audit_matcher_init(&f.ref, f.ix, f.t);
	for (size_t i = 0; i < sizeof lens / sizeof *lens; i++)
		for (size_t lead = 0; lead < 70; lead += 3) {
			char field[400];
			size_t n = 0;
			for (size_t k = 0; k < lead; k++)
				field[n++] = k % 5 == 4 ? ' ' : 'x';
			field[n++] = ' ';
			for (size_t k = 0; k < lens[i]; k++)
				field[n++] = (char)((k % 3 ? 'a' : 'A') + (k + i) % 26);
			if (lead % 2)
				field[n++] = '.';
			matches(&f, field, n);
			assert_int_equal(f.fast.n, 1);   /* the word, and not its neighbours */
		}
	fixture_free(&f);
}

/* Terms that share prefixes, many of them: the index and the live
 * phrases against the reference. */
static void test_many_terms(void **state)
{
	(void)state;
	poa_error err = {0};
	fixture f = {0};
	assert_int_equal(poa_audit_terms_new(&f.t, &err), POA_OK);
	for (unsigned i = 0; i < 3000; i++) {
		char term[256];
		size_t n = random_text(term, sizeof term, 5);
		term[n] = '\0';
		poa_audit_terms_add(f.t, term, "gen", 0, &err);
	}
	assert_int_equal(audit_index_build(f.t, &f.ix, &err), POA_OK);
	audit_matcher_init(&f.fast, f.ix, f.t);
	audit_matcher_init(&f.ref, f.ix, f.t);
	for (int k = 0; k < 300; k++) {
		char field[4096];
		size_t n = random_text(field, sizeof field, 60);
		matches(&f, field, n);
	}
	fixture_free(&f);
}

/* ASCII fields, the matcher's fast path, long enough (up to 80 words) to
 * cross several 64-byte blocks: words that pass the first-word filter are
 * collected a block at a time and probed after it, with the words that
 * follow while a phrase is alive, into the next blocks. Many phrases share
 * words, so a word inside a phrase alive also starts another. */
static const char *const vocab_ascii[] = {
	"brightwell", "BRIGHTWELL", "north", "face", "the", "dr", "martens", "levi", "s", "ray", "ban", "m", "nike",
	"99", "9", "germs", "kills", "of", "mug", "lid", "a", "b", "x_y", "Abcdefghijklmnopq", "longwordlongword",
	"eightchr", "ninechars",
};
static const char *const seps_ascii[] = {" ", "  ", ", ", "-", ".", "'", "&", "\t", "(", ") ", "/", "%", "        "};

static size_t random_ascii(char *out, size_t cap, unsigned maxwords)
{
	size_t o = 0;
	unsigned n = rnd(maxwords + 1);
	for (unsigned i = 0; i < n; i++) {
		const char *sep = i ? seps_ascii[rnd(sizeof seps_ascii / sizeof *seps_ascii)] : "";
		const char *w = vocab_ascii[rnd(sizeof vocab_ascii / sizeof *vocab_ascii)];
		if (o + strlen(sep) + strlen(w) + 1 >= cap)
			break;
		o += (size_t)snprintf(out + o, cap - o, "%s%s", sep, w);
	}
	return o;
}

static void test_ascii_phrases(void **state)
{
	(void)state;
	for (int round = 0; round < 10; round++) {
		poa_error err = {0};
		fixture f = {0};
		assert_int_equal(poa_audit_terms_new(&f.t, &err), POA_OK);
		for (unsigned i = 0; i < 20 + rnd(200); i++) {
			char term[256];
			size_t n = random_ascii(term, sizeof term, 4);
			term[n] = '\0';
			poa_status st = poa_audit_terms_add(f.t, term, "gen", rnd(10) == 0, &err);
			assert_true(st == POA_OK || st == POA_ERR_INPUT);
		}
		assert_int_equal(audit_index_build(f.t, &f.ix, &err), POA_OK);
		audit_matcher_init(&f.fast, f.ix, f.t);
		audit_matcher_init(&f.ref, f.ix, f.t);
		for (int k = 0; k < 300; k++) {
			char field[2048];
			matches(&f, field, random_ascii(field, sizeof field, 80));
		}
		fixture_free(&f);
	}
}

static void test_term_file_errors(void **state)
{
	(void)state;
	poa_error err = {0};
	poa_audit_terms *t = NULL;
	assert_int_equal(poa_audit_terms_new(&t, &err), POA_OK);
	char path[] = "/tmp/poa-audit-terms-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs("# brands\nBrightwell\n\n  Dr. Martens  \r\n---\n", fp);
	fclose(fp);
	assert_int_equal(poa_audit_terms_load_file(t, path, 0, &err), POA_ERR_INPUT);
	assert_non_null(strstr(err.message, ":5: '---' has no letter or digit"));
	assert_int_equal(poa_audit_terms_count(t), 2);
	unlink(path);
	assert_int_equal(poa_audit_terms_load_file(t, "/nonexistent/terms.txt", 0, &err), POA_ERR_IO);
	assert_non_null(strstr(err.message, "/nonexistent/terms.txt: cannot open the term list"));
	assert_int_equal(poa_audit_terms_load_kb(t, NULL, "nosuch", &err), POA_ERR_USAGE);
	assert_non_null(strstr(err.message, "pesticide-claims"));
	assert_int_equal(poa_audit_terms_load_kb(t, NULL, "pesticide-claims", &err), POA_OK);
	assert_true(poa_audit_terms_count(t) > 30);
	poa_audit_terms_free(t);
}

/* Term i of the big file of test_big_term_file: ASCII, accented, a phrase,
 * and again an earlier term in another case (the first wording stays). */
static const char *big_term(int i, char *buf, size_t size)
{
	if (i % 1000 == 999)
		snprintf(buf, size, "BRAND %05d", i / 2);   /* a term from before, in capitals */
	else if (i % 7 == 0)
		snprintf(buf, size, "Caf\xC3\xA9 %05d", i);
	else if (i % 11 == 0)
		snprintf(buf, size, "Dr. Mart-%05d's", i);
	else
		snprintf(buf, size, "Brand %05d", i);
	return buf;
}

/* A big term file is read a batch of lines at a time (their keys first,
 * then the terms added): the list is the one adding the lines in turn
 * gives, every duplicate dropped for its first wording, and the first bad
 * line is the one reported, wherever it falls. */
static void write_big_terms(const char *path, int n, int bad1, int bad2)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	char buf[64];
	for (int i = 0; i < n; i++) {
		if (i == bad1 || i == bad2)
			fputs("---\n", fp);
		else if (i % 100 == 50)
			fputs("# a comment\n", fp);
		else if (i % 250 == 120)
			fputs("   \n", fp);
		else
			fprintf(fp, "  %s%s", big_term(i, buf, sizeof buf), i % 3 ? "\n" : "\r\n");
	}
	fclose(fp);
}

static void test_big_term_file(void **state)
{
	(void)state;
	char path[] = "/tmp/poa-audit-bigterms-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	const int n = 20000;
	write_big_terms(path, n, -1, -1);
	poa_error err = {0};
	poa_audit_terms *t = NULL, *ref = NULL;
	assert_int_equal(poa_audit_terms_new(&t, &err), POA_OK);
	assert_int_equal(poa_audit_terms_load_file(t, path, 0, &err), POA_OK);
	assert_int_equal(poa_audit_terms_new(&ref, &err), POA_OK);
	char buf[64];
	for (int i = 0; i < n; i++)
		if (i % 100 != 50 && i % 250 != 120)
			assert_int_equal(poa_audit_terms_add(ref, big_term(i, buf, sizeof buf), path, 0, &err), POA_OK);
	assert_int_equal(t->n, ref->n);
	assert_true(t->n < (size_t)n - 200);   /* the capitals were dropped */
	for (size_t i = 0; i < t->n; i++) {
		assert_string_equal(t->v[i].display, ref->v[i].display);
		assert_string_equal(t->v[i].key, ref->v[i].key);
		assert_string_equal(t->v[i].source, path);
		assert_int_equal(t->v[i].nwords, ref->v[i].nwords);
		assert_true(t->v[i].hash == ref->v[i].hash);
	}
	/* A second file on top: all of it is there already. */
	assert_int_equal(poa_audit_terms_load_file(t, path, 0, &err), POA_OK);
	assert_int_equal(t->n, ref->n);
	poa_audit_terms_free(t);
	poa_audit_terms_free(ref);

	/* A bad line far in, then two. */
	const int bad[][2] = {{15000, -1}, {5000, 15000}};
	for (int k = 0; k < 2; k++) {
		write_big_terms(path, n, bad[k][0], bad[k][1]);
		assert_int_equal(poa_audit_terms_new(&t, &err), POA_OK);
		assert_int_equal(poa_audit_terms_load_file(t, path, 0, &err), POA_ERR_INPUT);
		snprintf(buf, sizeof buf, ":%d: '---' has no letter or digit", bad[k][0] + 1);
		if (!strstr(err.message, buf))
			fail_msg("want %s in: %s", buf, err.message);
		poa_audit_terms_free(t);
	}
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_keys),
		cmocka_unit_test(test_big_term_file),
		cmocka_unit_test(test_hand_written),
		cmocka_unit_test(test_exclusions),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_hash_forms),
		cmocka_unit_test(test_long_words),
		cmocka_unit_test(test_many_terms),
		cmocka_unit_test(test_ascii_phrases),
		cmocka_unit_test(test_term_file_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
