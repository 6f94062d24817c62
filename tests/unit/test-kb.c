/* Unit tests of kb.c: the built-in knowledge base loads and is complete;
 * a broken --kb folder is refused with the file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "kb.h"

static const char *const families[] = {
	"trademark", "copyright", "patent", "design_patent", "counterfeit", "inauthentic", "apex",
	"review_manipulation", "restricted_product", "listing_policy", "account_deactivation",
	"related_account", "performance", "invoice_verification", "retraction", "appeal_rejected", NULL};

static void test_builtin_complete(void **state)
{
	(void)state;
	poa_kb *kb;
	poa_error err = {0};
	assert_int_equal(poa_kb_load(NULL, &kb, &err), POA_OK);
	for (const char *const *id = families; *id; id++) {
		const kb_family *f = poa_kb_family(kb, *id);
		assert_non_null(f);
		assert_true(f->noptions > 0);
		assert_non_null(f->explanation.zh);
		for (size_t i = 0; i < f->noptions; i++)
			assert_true(strlen(f->options[i].source) > 5);
		for (size_t i = 0; i < f->nsignals; i++) {
			assert_non_null(f->signals[i].source);
			for (const char *c = f->signals[i].text; *c; c++)
				assert_false(*c >= 'A' && *c <= 'Z');
		}
	}
	/* Decision order: rejections before everything, generic deactivation last. */
	assert_string_equal(kb->families[0].id, "appeal_rejected");
	assert_string_equal(kb->families[kb->nfamilies - 1].id, "account_deactivation");
	/* Addresses longest first. */
	for (size_t i = 1; i < kb->naddresses; i++)
		assert_true(kb->addresses[i - 1].len >= kb->addresses[i].len);
	assert_non_null(kb->deadline_re[0]);
	assert_non_null(kb->deadline_re[1]);
	poa_kb_free(kb);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_bad_dir(void **state)
{
	(void)state;
	poa_kb *kb;
	poa_error err = {0};
	assert_int_equal(poa_kb_load("/nonexistent-kb", &kb, &err), POA_ERR_KB);
	assert_non_null(strstr(err.message, "/nonexistent-kb/families.yaml"));

	char dir[] = "/tmp/poa-kb-XXXXXX";
	assert_non_null(mkdtemp(dir));
	write_file(dir, "families.yaml", "- id: trademark\n  signals: [\n");
	assert_int_equal(poa_kb_load(dir, &kb, &err), POA_ERR_KB);
	assert_non_null(strstr(err.message, "families.yaml:"));

	write_file(dir, "families.yaml", "- id: trademark\n  name: {en: T}\n");
	assert_int_equal(poa_kb_load(dir, &kb, &err), POA_ERR_KB);
	assert_non_null(strstr(err.message, "en and zh"));
	char path[512];
	snprintf(path, sizeof path, "%s/families.yaml", dir);
	unlink(path);
	rmdir(dir);
}

static void test_source_tree_kb_loads(void **state)
{
	(void)state;
	poa_kb *kb;
	poa_error err = {0};
	assert_int_equal(poa_kb_load(POA_SOURCE_ROOT "/kb", &kb, &err), POA_OK);
	poa_kb_free(kb);
}

/* The image carries its patterns compiled (pcre2_serialize); when the PCRE2
 * that runs refuses them (another version), they are compiled from their
 * source instead, and match the same. */
static int first_match(const pcre2_code *re, const char *text, size_t *at)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL);
	*at = rc > 0 ? pcre2_get_ovector_pointer(md)[0] : 0;
	pcre2_match_data_free(md);
	return rc;
}

static void test_image_patterns(void **state)
{
	(void)state;
	poa_kb *a, *b;
	poa_error err = {0};
	assert_int_equal(poa_kb_decode(poa_kb_image, poa_kb_image_len, &a, &err), POA_OK);
	unsigned char *copy = malloc(poa_kb_image_len);
	assert_non_null(copy);
	memcpy(copy, poa_kb_image, poa_kb_image_len);
	/* PCRE2's serialized-data magic, "PR2S" as a little-endian u32. */
	unsigned char *magic = NULL;
	for (size_t i = 0; i + 4 <= poa_kb_image_len; i++)
		if (memcmp(copy + i, "S2RP", 4) == 0)
			magic = copy + i;
	assert_non_null(magic);
	memcpy(magic, "XXXX", 4);
	assert_int_equal(poa_kb_decode(copy, poa_kb_image_len, &b, &err), POA_OK);
	const char *text = "Notice of Policy Warning\nASIN: B08K3QZ7LM\nComplaint ID: 1234567890\n"
			   "Infringement type: Trademark\nTrademark registration number: 5123456\n"
			   "amazon.co.uk, within 17 days";
	assert_int_equal(a->nfields, b->nfields);
	for (size_t i = 0; i < a->nfields; i++) {
		assert_non_null(a->fields[i].re);
		assert_non_null(b->fields[i].re);
		size_t x, y;
		assert_int_equal(first_match(a->fields[i].re, text, &x), first_match(b->fields[i].re, text, &y));
		assert_int_equal(x, y);
	}
	for (int i = 0; i < 2; i++) {
		size_t x, y;
		assert_int_equal(first_match(a->deadline_re[i], text, &x), first_match(b->deadline_re[i], text, &y));
	}
	poa_kb_free(a);
	poa_kb_free(b);
	free(copy);
}

/* The start set of a pattern (kb_starts.c): the literals every match begins
 * with, or none when the derivation cannot be sure. */
static char *starts_of(const char *pattern, int caseless)
{
	kb_starts s;
	static char out[512];
	out[0] = '\0';
	if (!poa_pattern_starts(pattern, caseless, &s))
		return strcpy(out, "-");
	for (size_t i = 0; i < s.n; i++) {
		strcat(out, i ? " " : "");
		strcat(out, s.lit[i]);
	}
	poa_starts_free(&s);
	return out;
}

static void test_pattern_starts(void **state)
{
	(void)state;
	/* Shortest first; a literal that starts with a kept one is dropped. */
	assert_string_equal(starts_of("(?<![\\p{L}])(?:Title|product\\s+title|item\\s+name|标题)\\s*[:：]", 1),
			    "item title 标题 product");
	assert_string_equal(starts_of("(?:complaint\\s+id|complaint\\s+number|投诉\\s*编号)\\s*[:：#]?", 1),
			    "投诉 complaint");
	/* Optional parts: the match can start with them or after them. */
	assert_string_equal(starts_of("(?:(?<!x)sellercentral\\.|(?:https?://)?(?:www\\.)?)amazon\\.(?<value>com|de)", 1),
			    "www. http:// amazon. https:// sellercentral.");
	/* An optional character inside a run: both runs, not the run cut
	 * before it (every "u" of a notice would be a place to try). */
	assert_string_equal(starts_of("u\\.?s\\.?\\s+patent", 1), "us u.s");
	assert_string_equal(starts_of("trade\\s?mark", 1), "trade");
	/* Runs branch while the set has room; then a run ends where it is,
	 * which still starts every match. */
	assert_string_equal(starts_of("xa?b?c?d?e?f?g?h?i?", 1), "x");
	assert_string_equal(starts_of("(?:this\\s+)?rights\\s+owner", 1), "this rights");
	assert_string_equal(starts_of("asins?\\s*:", 1), "asin");
	assert_string_equal(starts_of("a?b+c", 1), "a b");
	/* Case kept for a case-sensitive pattern, folded for a caseless one. */
	assert_string_equal(starts_of("(?<![A-Za-z0-9])(?<value>B0[A-Z0-9]{8})", 0), "B0");
	assert_string_equal(starts_of("B0[A-Z0-9]{8}", 1), "b0");
	/* Assertions consume nothing: \b, ^, $, lookarounds. */
	assert_string_equal(starts_of("^\\bwithin(?=\\s*\\n|\\s*$)", 1), "within");
	/* A match that can start with a class, a dot, nothing, or a caseless
	 * letter outside ASCII; syntax the parser does not know: no set. */
	assert_string_equal(starts_of("\\d+\\s*days", 1), "-");
	assert_string_equal(starts_of("(?:id|\\s+number)", 1), "-");
	assert_string_equal(starts_of(".x", 1), "-");
	assert_string_equal(starts_of("(?:abc)?", 1), "-");
	assert_string_equal(starts_of("x|", 1), "-");
	assert_string_equal(starts_of("équipe", 1), "-");
	assert_string_equal(starts_of("équipe", 0), "équipe");
	assert_string_equal(starts_of("(?i)abc", 0), "-");
	assert_string_equal(starts_of("a\\Kb", 1), "-");
	assert_string_equal(starts_of("(a)\\1", 1), "-");   /* any backreference */
	assert_string_equal(starts_of("\\1(a)", 1), "-");
	assert_string_equal(starts_of("(*UCP)abc", 1), "-");
	assert_string_equal(starts_of("abc)", 1), "-");
	assert_string_equal(starts_of("(abc", 1), "-");
	assert_string_equal(starts_of("[abc", 1), "-");
	assert_string_equal(starts_of("a{,3}", 1), "-");
	/* Long literals are cut (at a character boundary): they find no fewer places. */
	assert_string_equal(starts_of("abcdefghijklmnopqrstuvwxyz", 1), "abcdefghijklmnop");
	assert_string_equal(starts_of("外观设计专利号", 1), "外观设计专");
}

/* Every field pattern of the built-in kb has a start set but the ones that
 * cannot (they start with a digit class), and the image carries the same
 * sets as the YAML files give. */
static void test_builtin_starts(void **state)
{
	(void)state;
	poa_kb *a, *b;
	poa_error err = {0};
	assert_int_equal(poa_kb_load(NULL, &a, &err), POA_OK);
	assert_int_equal(poa_kb_load(POA_SOURCE_ROOT "/kb", &b, &err), POA_OK);
	assert_int_equal(a->nfields, b->nfields);
	for (size_t i = 0; i < a->nfields; i++) {
		assert_true(a->fields[i].starts.n > 0);
		assert_int_equal(a->fields[i].starts.n, b->fields[i].starts.n);
		for (size_t k = 0; k < a->fields[i].starts.n; k++)
			assert_string_equal(a->fields[i].starts.lit[k], b->fields[i].starts.lit[k]);
	}
	assert_true(a->deadline_starts[0].n > 0);
	assert_int_equal(a->deadline_starts[1].n, 0);   /* the Chinese one starts with \d */
	poa_kb_free(a);
	poa_kb_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_complete),
		cmocka_unit_test(test_bad_dir),
		cmocka_unit_test(test_source_tree_kb_loads),
		cmocka_unit_test(test_image_patterns),
		cmocka_unit_test(test_pattern_starts),
		cmocka_unit_test(test_builtin_starts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
