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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_complete),
		cmocka_unit_test(test_bad_dir),
		cmocka_unit_test(test_source_tree_kb_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
