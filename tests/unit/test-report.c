/* Unit tests of the output writers: JSON keys other tools rely on, deadline
 * dates from the message date or today, the text report in both languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "poa.h"

static poa_kb *kb;

static int setup(void **state)
{
	(void)state;
	return poa_kb_load(NULL, &kb, NULL) == POA_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	poa_kb_free(kb);
	return 0;
}

static const char *notice_text =
	"We removed some of your listings because we received a report from a rights owner that they may "
	"infringe the rights owner's copyright. ASIN: B08K3QZ7LM Infringement type: Copyright "
	"Complaint ID: 1234567890. If you do not provide the information within 90 days, you will receive "
	"a request to remove the inventory.";

static json_t *json_of(const poa_report_options *opt)
{
	poa_message *m;
	poa_notice *n;
	assert_int_equal(poa_message_from_memory("t", notice_text, strlen(notice_text), NULL, &m, NULL), POA_OK);
	assert_int_equal(poa_notice_read(kb, m, &n, NULL), POA_OK);
	char *s = poa_notice_to_json(kb, n, m, opt);
	assert_non_null(s);
	json_t *j = json_loads(s, 0, NULL);
	assert_non_null(j);
	free(s);
	poa_notice_free(n);
	poa_message_free(m);
	return j;
}

static void test_json_keys(void **state)
{
	(void)state;
	poa_report_options opt = {.lang = POA_LANG_EN, .today = 1795780800}; /* 2026-11-27 12:00Z */
	json_t *j = json_of(&opt);
	json_t *o = j;
	static const char *const keys[] = {"family", "severity", "summary", "marketplace", "asins",
					   "complaint_ids", "infringement_type", "rights_owner", "ip_refs",
					   "deadline_days", "deadline_date", "reply_to", "message_id", "date",
					   "evidence", NULL};
	for (const char *const *k = keys; *k; k++)
		assert_non_null(json_object_get(o, *k));
	assert_string_equal(json_string_value(json_object_get(o, "family")), "copyright");
	assert_int_equal(json_integer_value(json_object_get(o, "deadline_days")), 90);
	/* Pasted text: counted from today. */
	assert_string_equal(json_string_value(json_object_get(o, "deadline_date")), "2027-02-25");
	assert_string_equal(json_string_value(json_object_get(o, "deadline_basis")), "today");
	json_t *ev = json_object_get(o, "evidence");
	json_t *asin_span = json_array_get(json_object_get(ev, "asins"), 0);
	size_t start = (size_t)json_integer_value(json_object_get(asin_span, "start"));
	assert_memory_equal(notice_text + start, "B08K3QZ7LM", 10);
	json_decref(j);
}

static void test_text_report(void **state)
{
	(void)state;
	poa_message *m;
	poa_notice *n;
	assert_int_equal(poa_message_from_memory("t", notice_text, strlen(notice_text), NULL, &m, NULL), POA_OK);
	assert_int_equal(poa_notice_read(kb, m, &n, NULL), POA_OK);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	poa_report_options opt = {.lang = POA_LANG_ZH, .today = 1795780800};
	assert_int_equal(poa_notice_write_text(f, kb, n, m, &opt, NULL), POA_OK);
	fclose(f);
	assert_non_null(strstr(buf, "B08K3QZ7LM"));
	assert_non_null(strstr(buf, "2027-02-25"));
	/* The explanation comes from the kb in Chinese. */
	assert_non_null(strstr(buf, "\xE7\x89\x88\xE6\x9D\x83"));  /* 版权 */
	free(buf);
	poa_notice_free(n);
	poa_message_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_keys),
		cmocka_unit_test(test_text_report),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
