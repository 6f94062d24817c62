/* Unit tests of notice.c: classification order, fields, masks, deadlines,
 * spans that point at the right bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kb.h"
#include "notice.h"

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

static poa_notice *read_text(const char *text, poa_message **m)
{
	assert_int_equal(poa_message_from_memory("t", text, strlen(text), NULL, m, NULL), POA_OK);
	poa_notice *n;
	assert_int_equal(poa_notice_read(kb, *m, &n, NULL), POA_OK);
	return n;
}

static void test_trademark_fields(void **state)
{
	(void)state;
	const char *t = "We removed some of your listings because we received a report from a rights owner "
			"that they may infringe the rights owner\xE2\x80\x99s trademark.\n\n"
			"These are the rights owner\xE2\x80\x99s contact details: Acme Brands, legal@acme.example.com\n\n"
			"ASIN: B08K3QZ7LM Title: Acme-style Lamp Infringement type: Trademark Complaint ID: 1234567890";
	poa_message *m;
	poa_notice *n = read_text(t, &m);
	assert_string_equal(poa_notice_family(n), "trademark");
	assert_int_equal(poa_notice_asin_count(n), 1);
	const poa_asin *a = poa_notice_asin(n, 0);
	assert_string_equal(a->asin, "B08K3QZ7LM");
	assert_string_equal(a->title, "Acme-style Lamp");
	assert_memory_equal(t + a->span.start, "B08K3QZ7LM", 10);
	assert_string_equal(poa_notice_complaint_id(n, 0), "1234567890");
	assert_string_equal(poa_notice_infringement_type(n), "Trademark");
	assert_string_equal(poa_notice_owner_name(n), "Acme Brands");
	assert_string_equal(poa_notice_owner_email(n), "legal@acme.example.com");
	assert_int_equal(poa_notice_deadline_days(n), -1);
	assert_null(poa_notice_marketplace(n));
	poa_notice_free(n);
	poa_message_free(m);
}

static void test_masks_and_lists(void **state)
{
	(void)state;
	const char *t = "has been edited due to a violation of Amazon's ASIN Creation policy. "
			"not allowed to add invalid variations.\nParent ASIN: B07TLXXXX\n"
			"Removed ASIN: B08AAAA111 B08AAAA222, B0********\nInvalid Variation Type: Color";
	poa_message *m;
	poa_notice *n = read_text(t, &m);
	assert_string_equal(poa_notice_family(n), "listing_policy");
	assert_int_equal(poa_notice_asin_count(n), 4);
	assert_string_equal(poa_notice_asin(n, 0)->asin, "B07TLXXXX");
	assert_true(poa_notice_asin(n, 0)->masked);
	assert_string_equal(poa_notice_asin(n, 1)->asin, "B08AAAA111");
	assert_false(poa_notice_asin(n, 1)->masked);
	assert_string_equal(poa_notice_asin(n, 3)->asin, "B0********");
	poa_notice_free(n);
	poa_message_free(m);
}

static void test_apex_before_patent(void **state)
{
	(void)state;
	const char *t = "We received a report from a patent owner who believes that your products infringe "
			"their U.S. Patent No. 11,482,906. You can work with the patent owner within the next "
			"three weeks, or participate in neutral evaluation: write to patent-evaluation@amazon.com.";
	poa_message *m;
	poa_notice *n = read_text(t, &m);
	assert_string_equal(poa_notice_family(n), "apex");
	assert_int_equal(poa_notice_deadline_days(n), 21);
	assert_string_equal(poa_notice_reply_to(n), "patent-evaluation@amazon.com");
	assert_int_equal(poa_notice_ip_ref_count(n), 1);
	assert_string_equal(poa_notice_ip_ref(n, 0)->kind, "utility_patent");
	assert_string_equal(poa_notice_ip_ref(n, 0)->number, "11,482,906");
	poa_notice_free(n);
	poa_message_free(m);
}

static void test_deadlines(void **state)
{
	(void)state;
	const char *t = "Your Amazon.co.uk seller account has been deactivated. Funds may be held for 90 days "
			"or longer. Send invoices issued in the last 180 days within seventeen (17) days. "
			"At risk of deactivation within 72 hours.";
	poa_message *m;
	poa_notice *n = read_text(t, &m);
	assert_int_equal(poa_notice_deadline_days(n), 3);
	assert_string_equal(poa_notice_marketplace(n), "amazon.co.uk");
	assert_string_equal(poa_notice_severity(n), "account_deactivated");
	poa_notice_free(n);
	poa_message_free(m);
	/* A funds hold alone is not a deadline. */
	n = read_text("Your Amazon seller account has been deactivated. The hold on funds will be removed "
		      "within 90 days.", &m);
	assert_int_equal(poa_notice_deadline_days(n), -1);
	poa_notice_free(n);
	poa_message_free(m);
	/* Chinese */
	n = read_text("\xE8\xAF\xB7\xE5\x9C\xA8 17 \xE5\xA4\xA9\xE5\x86\x85\xE6\x8F\x90\xE4\xBA\xA4", &m);
	assert_int_equal(poa_notice_deadline_days(n), 17);
	poa_notice_free(n);
	poa_message_free(m);
}

static void test_not_amazon(void **state)
{
	(void)state;
	poa_message *m;
	poa_notice *n = read_text("Hi, the new price list is attached. Best, Li", &m);
	assert_string_equal(poa_notice_family(n), "unknown");
	assert_false(poa_notice_is_amazon(n));
	assert_non_null(poa_notice_unknown_reason(n));
	poa_notice_free(n);
	poa_message_free(m);
}

static void test_marketplace_not_from_addresses(void **state)
{
	(void)state;
	poa_message *m;
	poa_notice *n = read_text("Write to notice-dispute@amazon.com or visit "
				  "https://sellercentral-europe.amazon.com/forums or sellercentral.amazon.c ... x", &m);
	assert_null(poa_notice_marketplace(n));
	assert_string_equal(poa_notice_reply_to(n), "notice-dispute@amazon.com");
	poa_notice_free(n);
	poa_message_free(m);
	n = read_text("tonotice-dispute@amazon.com. See https://sellercentral.amazon.de/gp/help", &m);
	assert_string_equal(poa_notice_marketplace(n), "amazon.de");
	assert_string_equal(poa_notice_reply_to(n), "notice-dispute@amazon.com");
	poa_notice_free(n);
	poa_message_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trademark_fields),
		cmocka_unit_test(test_masks_and_lists),
		cmocka_unit_test(test_apex_before_patent),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_not_amazon),
		cmocka_unit_test(test_marketplace_not_from_addresses),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
