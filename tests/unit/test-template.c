/* Unit tests of template.c: values, sections, inverted sections, gaps,
 * and broken templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "template.h"

static poa_yaml *ctx;

static int setup(void **state)
{
	(void)state;
	const char *facts = "store: Harbourline Goods\nowner: {name: Brightwell, email: b@example.com}\n"
			    "asins:\n  - {asin: B0CK7TQ2WD, title: Mug}\n  - {asin: B0CK7V1MZA}\n"
			    "licensed: false\nnever_sold: true\nempty: []\nids: ['1', '2']\n";
	return poa_yaml_parse("facts", facts, strlen(facts), &ctx, NULL) == POA_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	poa_yaml_free(ctx);
	return 0;
}

static char *render_ok(const char *tpl)
{
	poa_template_result r;
	poa_error err = {0};
	poa_status st = poa_template_render("t", tpl, strlen(tpl), ctx, 0, &r, &err);
	if (st != POA_OK)
		fail_msg("%s", err.message);
	char *text = r.text;
	r.text = NULL;
	poa_template_result_free(&r);
	return text;
}

static void expect(const char *tpl, const char *want)
{
	char *got = render_ok(tpl);
	assert_string_equal(got, want);
	free(got);
}

static void test_values(void **state)
{
	(void)state;
	expect("Dear {{ owner.name }}, from {{store}}.", "Dear Brightwell, from Harbourline Goods.");
	expect("{{! a note }}x", "x");
	expect("no tags", "no tags");
	expect("", "");
}

static void test_sections(void **state)
{
	(void)state;
	expect("{{#asins}}[{{asin}}{{#title}} {{title}}{{/title}}]{{/asins}}", "[B0CK7TQ2WD Mug][B0CK7V1MZA]");
	expect("{{#ids}}{{.}},{{/ids}}", "1,2,");
	expect("{{#licensed}}L{{/licensed}}{{^licensed}}not licensed{{/licensed}}", "not licensed");
	expect("{{#never_sold}}never{{/never_sold}}", "never");
	expect("{{^empty}}none{{/empty}}{{#empty}}x{{/empty}}", "none");
	expect("{{#owner}}{{name}} <{{email}}> for {{store}}{{/owner}}", "Brightwell <b@example.com> for Harbourline Goods");
	expect("{{#absent}}x{{/absent}}{{^absent}}y{{/absent}}", "y");
	/* nested sections of the same name */
	expect("{{#asins}}{{#asins}}.{{/asins}}|{{/asins}}", "..|..|");
}

static void test_missing(void **state)
{
	(void)state;
	poa_template_result r;
	poa_error err = {0};
	const char *tpl = "Invoice {{invoice.number}} dated {{invoice.date}} from {{store}}; {{invoice.number}}";
	assert_int_equal(poa_template_render("dispute.txt", tpl, strlen(tpl), ctx, 0, &r, &err), POA_ERR_INPUT);
	assert_null(r.text);
	assert_int_equal(r.nmissing, 2);
	assert_non_null(strstr(err.message, "invoice.number, invoice.date"));
	poa_template_result_free(&r);
	assert_int_equal(poa_template_render("dispute.txt", tpl, strlen(tpl), ctx, 1, &r, &err), POA_OK);
	assert_string_equal(r.text, "Invoice [[MISSING: invoice.number]] dated [[MISSING: invoice.date]] from "
				    "Harbourline Goods; [[MISSING: invoice.number]]");
	poa_template_result_free(&r);
}

static void test_broken(void **state)
{
	(void)state;
	poa_template_result r;
	poa_error err = {0};
	const char *bad[] = {"a\n{{#asins}}x", "{{/asins}}", "{{store", "{{#a}}{{#b}}{{/a}}", NULL};
	for (const char **t = bad; *t; t++) {
		assert_int_equal(poa_template_render("bad.txt", *t, strlen(*t), ctx, 1, &r, &err), POA_ERR_INPUT);
		assert_non_null(strstr(err.message, "bad.txt:"));
		poa_template_result_free(&r);
	}
	assert_int_equal(poa_template_render("bad.txt", bad[0], strlen(bad[0]), ctx, 1, &r, &err), POA_ERR_INPUT);
	assert_non_null(strstr(err.message, "bad.txt:2:"));
	poa_template_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_broken),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
