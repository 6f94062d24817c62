/* Unit tests of message.c: forms, MIME decoding, mailboxes, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "poa.h"

static char *write_temp(const char *content, size_t len, const char *suffix)
{
	char *path = malloc(256);
	snprintf(path, 256, "/tmp/poa-test-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
	return path;
}

static poa_status read_one(const char *content, size_t len, const char *suffix, poa_message **m,
			   poa_error *err)
{
	char *path = write_temp(content, len, suffix);
	poa_input *in = NULL;
	poa_status st = poa_input_open(path, NULL, &in, err);
	*m = NULL;
	if (st == POA_OK)
		st = poa_input_next(in, m, err);
	poa_input_free(in);
	unlink(path);
	free(path);
	return st;
}

static void test_qp_eml(void **state)
{
	(void)state;
	const char *eml = "From: Amazon <notice-dispute@amazon.com>\r\nTo: a@example.com\r\n"
			  "Subject: =?UTF-8?B?5ZWG5qCH?=\r\nDate: Tue, 24 Nov 2026 09:14:05 -0800\r\n"
			  "Message-ID: <abc@amazon.com>\r\nMIME-Version: 1.0\r\n"
			  "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
			  "owner=E2=80=99s trade=\r\nmark\r\n";
	poa_message *m;
	assert_int_equal(read_one(eml, strlen(eml), ".eml", &m, NULL), POA_OK);
	assert_non_null(m);
	size_t n;
	const char *text = poa_message_text(m, &n);
	assert_non_null(strstr(text, "owner\xE2\x80\x99s trademark"));
	assert_string_equal(poa_message_subject(m), "\xE5\x95\x86\xE6\xA0\x87");
	assert_string_equal(poa_message_id(m), "abc@amazon.com");
	time_t t;
	int tz;
	assert_true(poa_message_date(m, &t, &tz));
	assert_int_equal(tz, -480);
	poa_message_free(m);
}

static void test_html_only_gbk(void **state)
{
	(void)state;
	const char *eml = "From: a@amazon.com\nDate: Tue, 24 Nov 2026 09:14:05 +0800\nSubject: x\n"
			  "MIME-Version: 1.0\nContent-Type: text/html; charset=GBK\n\n"
			  "<p>\xC9\xCC\xB1\xEA</p><table><tr><td>ASIN:</td><td>B08K3QZ7LM</td></tr></table>";
	poa_message *m;
	assert_int_equal(read_one(eml, strlen(eml), ".eml", &m, NULL), POA_OK);
	const char *text = poa_message_text(m, NULL);
	assert_non_null(strstr(text, "\xE5\x95\x86\xE6\xA0\x87"));
	assert_non_null(strstr(text, "ASIN:\tB08K3QZ7LM"));
	assert_string_equal(poa_message_charset(m), "GB18030");
	poa_message_free(m);
}

static void test_mbox(void **state)
{
	(void)state;
	const char *mbox = "From a@amazon.com Tue Nov 24 09:14:05 2026\nFrom: a@amazon.com\nSubject: one\n\n"
			   "first\n>From here\n\n"
			   "From b@example.com Tue Nov 24 09:14:05 2026\nFrom: b@example.com\nSubject: two\n\nsecond\n";
	char *path = write_temp(mbox, strlen(mbox), ".mbox");
	poa_input *in;
	assert_int_equal(poa_input_open(path, NULL, &in, NULL), POA_OK);
	assert_int_equal(poa_input_get_form(in), POA_FORM_MBOX);
	poa_message *m;
	assert_int_equal(poa_input_next(in, &m, NULL), POA_OK);
	assert_non_null(strstr(poa_message_text(m, NULL), "\nFrom here"));
	assert_non_null(strstr(poa_message_origin(m), "#1"));
	poa_message_free(m);
	assert_int_equal(poa_input_next(in, &m, NULL), POA_OK);
	assert_string_equal(poa_message_subject(m), "two");
	poa_message_free(m);
	assert_int_equal(poa_input_next(in, &m, NULL), POA_OK);
	assert_null(m);
	poa_input_free(in);
	unlink(path);
	free(path);
}

static void test_bad_inputs(void **state)
{
	(void)state;
	poa_message *m;
	poa_error err = {0};
	assert_int_equal(read_one("", 0, ".txt", &m, &err), POA_ERR_INPUT);
	assert_non_null(strstr(err.message, "empty"));
	assert_int_equal(read_one(" \n\t\n", 4, ".txt", &m, &err), POA_ERR_INPUT);
	assert_int_equal(read_one("PK\x03\x04\0\0\0\0", 8, ".txt", &m, &err), POA_ERR_INPUT);
	assert_non_null(strstr(err.message, "binary"));
	poa_input *in;
	assert_int_equal(poa_input_open("/nonexistent/notice.eml", NULL, &in, &err), POA_ERR_IO);
	assert_non_null(strstr(err.message, "/nonexistent/notice.eml"));
	assert_int_equal(poa_input_open("/tmp", NULL, &in, &err), POA_ERR_IO);
	/* Headers only: no body to read. */
	const char *hdr = "From: a@amazon.com\nSubject: x\nDate: Tue, 24 Nov 2026 09:14:05 +0000\n\n";
	assert_int_equal(read_one(hdr, strlen(hdr), ".eml", &m, &err), POA_ERR_INPUT);
}

static void test_too_large(void **state)
{
	(void)state;
	poa_input_options opt = {.max_message = 1024};
	char big[4096];
	memset(big, 'a', sizeof big);
	char *path = write_temp(big, sizeof big, ".txt");
	poa_input *in;
	poa_error err = {0};
	assert_int_equal(poa_input_open(path, &opt, &in, &err), POA_ERR_TOO_LARGE);
	unlink(path);
	free(path);
}

static void test_memory_text(void **state)
{
	(void)state;
	poa_message *m;
	const char *t = "ASIN: B08K3QZ7LM";
	assert_int_equal(poa_message_from_memory("paste", t, strlen(t), NULL, &m, NULL), POA_OK);
	assert_string_equal(poa_message_text(m, NULL), t);
	time_t when;
	int tz;
	assert_false(poa_message_date(m, &when, &tz));
	assert_null(poa_message_id(m));
	poa_message_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qp_eml),
		cmocka_unit_test(test_html_only_gbk),
		cmocka_unit_test(test_mbox),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_memory_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
