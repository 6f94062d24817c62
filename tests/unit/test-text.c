/* Unit tests of text.c and html.c: normalisation keeps provenance, charsets
 * convert, HTML keeps cells apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "dynlib.h"
#include "text.h"

static void normalised(const char *in, const char *want)
{
	poa_normtext t;
	poa_error err = {0};
	assert_int_equal(poa_normalise(in, strlen(in), &t, &err), POA_OK);
	assert_string_equal(t.text, want);
	assert_int_equal(strlen(t.lower), t.len);
	poa_normtext_free(&t);
}

static void test_fullwidth_and_quotes(void **state)
{
	(void)state;
	normalised("ＡＳＩＮ：Ｂ０８Ｋ３ＱＺ７ＬＭ", "ASIN:B08K3QZ7LM");
	normalised("rights owner\xE2\x80\x99s \xE2\x80\x9Ctrademark\xE2\x80\x9D", "rights owner's \"trademark\"");
	normalised("caf\xC3\xA9", "caf\xC3\xA9");  /* canonical letters stay */
}

static void test_whitespace(void **state)
{
	(void)state;
	normalised("  a \t b\r\nc  ", "a b c");
	normalised("para one\n\n\npara two", "para one\npara two");
	normalised("no\xC2\xA0" "break", "no break");
	/* Spaces between CJK characters go; between CJK and Latin they stay. */
	normalised("\xE7\xBA\xA6\n90\n\xE5\xA4\xA9 \xE6\x97\xB6\xE9\x97\xB4", "\xE7\xBA\xA6 90 \xE5\xA4\xA9\xE6\x97\xB6\xE9\x97\xB4");
}

static void test_entities(void **state)
{
	(void)state;
	normalised("AT&amp;T owner&rsquo;s&nbsp;mark &#39;x&#x27; &bogus; & done",
		   "AT&T owner's mark 'x' &bogus; & done");
}

static void test_spans_point_into_source(void **state)
{
	(void)state;
	const char *src = "Complaint\xE2\x80\x83ID\xEF\xBC\x9A  \xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93";
	poa_normtext t;
	assert_int_equal(poa_normalise(src, strlen(src), &t, NULL), POA_OK);
	assert_string_equal(t.text, "Complaint ID: 123");
	const char *p = strstr(t.text, "123");
	poa_span s = poa_normtext_span(&t, (size_t)(p - t.text), (size_t)(p - t.text) + 3);
	assert_int_equal(s.end - s.start, 9);  /* three full-width digits */
	assert_memory_equal(src + s.start, "\xEF\xBC\x91", 3);
	assert_int_equal(s.end, strlen(src));
	poa_normtext_free(&t);
}

/* Plain ASCII is copied a run at a time: every byte of it must still map
 * to its own source byte, between entities, spaces and folded characters,
 * and at the very start and end of the text. */
static void test_ascii_runs_keep_provenance(void **state)
{
	(void)state;
	const char *src = "B0CK7TQ2WD\t\tAT&amp;T\xEF\xBC\xA1" "BC-12 \xE2\x80\x9Cx\xE2\x80\x9D end.";
	poa_normtext t;
	assert_int_equal(poa_normalise(src, strlen(src), &t, NULL), POA_OK);
	assert_string_equal(t.text, "B0CK7TQ2WD AT&TABC-12 \"x\" end.");
	static const char *const words[] = {"B0CK7TQ2WD", "AT", "BC-12", "end."};
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		const char *p = strstr(t.text, words[w]);
		size_t a = (size_t)(p - t.text), n = strlen(words[w]);
		const char *in = strstr(src, words[w]);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(t.map[a + k], (size_t)(in - src) + k);
	}
	assert_int_equal(t.map[t.len], strlen(src));
	poa_normtext_free(&t);
}

static void test_invalid_utf8_does_not_crash(void **state)
{
	(void)state;
	const char bad[] = "abc\xC3\x28\xFF\xE2\x82";
	poa_normtext t;
	assert_int_equal(poa_normalise(bad, sizeof bad - 1, &t, NULL), POA_OK);
	assert_non_null(t.text);
	poa_normtext_free(&t);
	assert_int_equal(poa_utf8_valid_prefix(bad, sizeof bad - 1), 3);
}

/* ASCII is skipped 32 and 8 bytes at a time: a stray byte, a character cut
 * at the end and a whole character are found wherever they fall. */
static void test_utf8_prefix_at_every_offset(void **state)
{
	(void)state;
	char s[120];
	for (size_t at = 0; at + 3 <= sizeof s; at++) {
		memset(s, 'a', sizeof s);
		s[at] = (char)0xE9;   /* Windows-1252 é: not UTF-8 */
		assert_int_equal(poa_utf8_valid_prefix(s, sizeof s), at);
		memcpy(s + at, "\xE2\x82\xAC", 3);   /* € */
		assert_int_equal(poa_utf8_valid_prefix(s, sizeof s), sizeof s);
		/* The same character cut by the end of the text. */
		assert_int_equal(poa_utf8_valid_prefix(s, at + 2), at);
	}
	memset(s, 'a', sizeof s);
	assert_int_equal(poa_utf8_valid_prefix(s, 0), 0);
	assert_int_equal(poa_utf8_valid_prefix(s, 31), 31);
	assert_int_equal(poa_utf8_valid_prefix(s, 32), 32);
	assert_int_equal(poa_utf8_valid_prefix(s, 33), 33);
}

static void test_to_utf8(void **state)
{
	(void)state;
	char *out, used[POA_CHARSET_MAX];
	size_t n;
	/* 商标 in GB18030 */
	assert_int_equal(poa_to_utf8("t", "\xC9\xCC\xB1\xEA", 4, "gb2312", &out, &n, used, NULL), POA_OK);
	assert_string_equal(out, "\xE5\x95\x86\xE6\xA0\x87");
	assert_string_equal(used, "GB18030");
	free(out);
	/* Windows-1252 curly apostrophe declared as ISO-8859-1 */
	assert_int_equal(poa_to_utf8("t", "owner\x92s", 7, "iso-8859-1", &out, &n, used, NULL), POA_OK);
	assert_string_equal(out, "owner\xE2\x80\x99s");
	free(out);
	/* BOM dropped */
	assert_int_equal(poa_to_utf8("t", "\xEF\xBB\xBFhi", 5, NULL, &out, &n, used, NULL), POA_OK);
	assert_string_equal(out, "hi");
	free(out);
	poa_error err = {0};
	assert_int_equal(poa_to_utf8("f.txt", "x", 1, "no-such-charset", &out, &n, used, &err), POA_ERR_INPUT);
	assert_non_null(strstr(err.message, "f.txt"));
	assert_non_null(strstr(err.message, "--encoding"));
}

static void test_html(void **state)
{
	(void)state;
	const char *h = "<html><head><style>p{}</style><script>x()</script></head><body>"
			"<p>Hello&nbsp;there</p><table><tr><td>ASIN:</td><td>B08K3QZ7LM</td></tr>"
			"<tr><td>Title:</td><td>Lamp</td></tr></table>line<br>next</body></html>";
	char *out;
	size_t n;
	assert_int_equal(poa_html_to_text("h", h, strlen(h), &out, &n, NULL), POA_OK);
	poa_normtext t;
	assert_int_equal(poa_normalise(out, n, &t, NULL), POA_OK);
	assert_string_equal(t.text, "Hello there\nASIN: B08K3QZ7LM Title: Lamp\nline next");
	poa_normtext_free(&t);
	free(out);
}

/* The walk over the tree: <pre> keeps its line breaks down to its deepest
 * child and no further, a cell ends with a tab after its nested content,
 * and text under 5,000 nested elements is kept (libxml2 alone stops at
 * 256, and a recursive walk would use the stack for each level). */
static void test_html_structure_and_depth(void **state)
{
	(void)state;
	const char *h = "<div><pre>a\n <b>b\nc</b></pre><span>x\ny</span><table><tr><td><i>1</i></td>"
			"<td>2</td></tr></table></div>";
	char *out;
	size_t n;
	assert_int_equal(poa_html_to_text("h", h, strlen(h), &out, &n, NULL), POA_OK);
	assert_string_equal(out, "a\n b\nc\n\nx y\n\n1\t2\t\n\n\n");
	free(out);
	poa_buf deep;
	poa_buf_init(&deep);
	for (int i = 0; i < 5000; i++)
		poa_buf_adds(&deep, "<div>");
	poa_buf_adds(&deep, "ASIN: B08K3QZ7LM");
	for (int i = 0; i < 5000; i++)
		poa_buf_adds(&deep, "</div>");
	assert_int_equal(poa_html_to_text("deep", deep.data, deep.len, &out, &n, NULL), POA_OK);
	assert_non_null(strstr(out, "ASIN: B08K3QZ7LM"));
	free(out);
	poa_buf_free(&deep);
}

/* Messages are text whatever they quote: JSON (poa serve, --format json)
 * takes nothing else. */
static void test_error_messages_are_utf8(void **state)
{
	(void)state;
	poa_error err = {0};
	poa_error_set(&err, POA_ERR_INPUT, "%s: is empty", "r\xe9sum\xe9.eml");
	assert_string_equal(err.message, "r?sum?.eml: is empty");
	char name[2000];
	memset(name, 'a', sizeof name);
	memcpy(name + 1020, "\xe6\x8a\x97", 3);   /* cut by the 1 KB of the message */
	name[sizeof name - 1] = '\0';
	poa_error_set(&err, POA_ERR_INPUT, "%s", name);
	assert_int_equal(poa_utf8_valid_prefix(err.message, strlen(err.message)), strlen(err.message));
	char s[] = "ok \xc3\xa9 \xff\xc3 end";
	poa_utf8_fix(s);
	assert_string_equal(s, "ok \xc3\xa9 ?? end");
}

/* A library poa opens when needed (dynlib.c) that is not installed: the
 * command gets a status and a message naming the package, every time. */
typedef struct fake_api {
	int (*fn)(void);
} fake_api;

static void test_missing_library(void **state)
{
	(void)state;
	static fake_api api;
	static const poa_dynlib_sym syms[] = {POA_DYNLIB_SYM(fake_api, fn, "poa_nothing"), {NULL, 0}};
	static poa_dynlib lib = POA_DYNLIB("libpoa-not-installed.so.9", "libpoa-missing9", syms, &api);
	for (int i = 0; i < 2; i++) {
		poa_error err = {0};
		assert_int_equal(poa_dynlib_load(&lib, POA_ERR_INPUT, &err), POA_ERR_INPUT);
		assert_non_null(strstr(err.message, "libpoa-not-installed.so.9"));
		assert_non_null(strstr(err.message, "install the Debian package libpoa-missing9"));
	}
	assert_null(api.fn);
}

/* A library that is there but lacks a function poa calls is refused whole. */
static void test_library_without_symbol(void **state)
{
	(void)state;
	static fake_api api;
	static const poa_dynlib_sym syms[] = {POA_DYNLIB_SYM(fake_api, fn, "poa_no_such_function"), {NULL, 0}};
	static poa_dynlib lib = POA_DYNLIB("libc.so.6", "libc6", syms, &api);
	poa_error err = {0};
	assert_int_equal(poa_dynlib_load(&lib, POA_ERR_IO, &err), POA_ERR_IO);
	assert_non_null(strstr(err.message, "poa_no_such_function"));
	assert_int_equal(poa_dynlib_load(&lib, POA_ERR_IO, NULL), POA_ERR_IO);
}

static void test_binary(void **state)
{
	(void)state;
	assert_true(poa_looks_binary("PK\x03\x04\0\0", 6));
	assert_false(poa_looks_binary("plain text\n", 11));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fullwidth_and_quotes),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_spans_point_into_source),
		cmocka_unit_test(test_ascii_runs_keep_provenance),
		cmocka_unit_test(test_invalid_utf8_does_not_crash),
		cmocka_unit_test(test_utf8_prefix_at_every_offset),
		cmocka_unit_test(test_to_utf8),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_structure_and_depth),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_library_without_symbol),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_error_messages_are_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
