/* Unit tests of yamltree.c: the tree, and errors that name file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "yamltree.h"

static void test_tree(void **state)
{
	(void)state;
	const char *doc = "a: 1\nb:\n  - x\n  - {k: v, n: 7}\nc: 'q: r'\n";
	poa_yaml *y;
	assert_int_equal(poa_yaml_parse("t.yaml", doc, strlen(doc), &y, NULL), POA_OK);
	assert_int_equal(y->kind, POA_YAML_MAP);
	assert_string_equal(poa_yaml_str(y, "a"), "1");
	assert_int_equal(poa_yaml_int(y, "a", 0), 1);
	const poa_yaml *b = poa_yaml_get(y, "b");
	assert_int_equal(b->kind, POA_YAML_LIST);
	assert_int_equal(b->count, 2);
	assert_string_equal(poa_yaml_str(b->items[1], "k"), "v");
	assert_int_equal(poa_yaml_int(b->items[1], "n", 0), 7);
	assert_string_equal(poa_yaml_str(y, "c"), "q: r");
	assert_null(poa_yaml_get(y, "missing"));
	assert_int_equal(poa_yaml_int(y, "c", -5), -5);
	poa_yaml_free(y);
}

static void test_errors(void **state)
{
	(void)state;
	poa_yaml *y;
	poa_error err = {0};
	const char *bad = "a: [1, 2\nb: 3\n";
	assert_int_equal(poa_yaml_parse("bad.yaml", bad, strlen(bad), &y, &err), POA_ERR_INPUT);
	assert_non_null(strstr(err.message, "bad.yaml:"));
	const char *alias = "a: &x 1\nb: *x\n";
	assert_int_equal(poa_yaml_parse("alias.yaml", alias, strlen(alias), &y, &err), POA_ERR_INPUT);
	assert_non_null(strstr(err.message, "aliases"));
	const char *two = "a: 1\n---\nb: 2\n";
	assert_int_equal(poa_yaml_parse("two.yaml", two, strlen(two), &y, &err), POA_ERR_INPUT);
	/* Deep nesting is refused, not a stack overflow. */
	char deep[4000];
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	assert_int_not_equal(poa_yaml_parse("deep.yaml", deep, strlen(deep), &y, &err), POA_OK);
	/* Empty input is an empty map. */
	assert_int_equal(poa_yaml_parse("empty.yaml", "", 0, &y, &err), POA_OK);
	assert_int_equal(y->kind, POA_YAML_MAP);
	assert_int_equal(y->count, 0);
	poa_yaml_free(y);
}

/* What poa_yaml_emit writes parses back to the same values, characters
 * single quotes cannot hold included (a control character in an answer
 * made the store's copy of the answers fail), and line breaks (a
 * multi-line root cause came back as one line). */
static void test_emit_round_trip(void **state)
{
	(void)state;
	static const char *const values[] = {
		"plain", "it's", "a\x1c" "b", "tab\there", "del\x7f", "c1 \xc2\x80 nel \xc2\x85", "\xef\xbb\xbf" "bom",
		"\xef\xbf\xbe\xef\xbf\xbf", "quote \" and \\ backslash \x01", "\xe6\x8a\x97\xe8\x8f\x8c",
		"first paragraph\n\nsecond\nthird", "\nleading and trailing\n", "it's\ntwo lines",
	};
	poa_yaml *map = poa_yaml_new(POA_YAML_MAP, NULL);
	char key[16];
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		assert_true(poa_yaml_set_str(map, key, values[i]));
	}
	char *text = poa_yaml_emit(map);
	poa_yaml *back = NULL;
	poa_error err = {0};
	assert_int_equal(poa_yaml_parse("emitted", text, strlen(text), &back, &err), POA_OK);
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		assert_string_equal(poa_yaml_str(back, key), values[i]);
	}
	free(text);
	poa_yaml_free(back);
	poa_yaml_free(map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_emit_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
