/* Unit tests of the lint engine, with rules written here (a kb folder made
 * by the test), so that they test the checks, not the rule data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "poa.h"

static char dir[] = "/tmp/poa-lint-kb-XXXXXX";
static poa_kb *kb;

static void put(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *const kb_files[] = {"families.yaml", "stakes.yaml", "deadlines.yaml", "addresses.yaml",
				       "fields.yaml", "questions.yaml", "routes.yaml", "templates", "health.yaml", "evidence.yaml", NULL};

#define ALL_KINDS "kinds: [poa, dispute, retraction, rights_owner_request, counter_notice]\n"

/* A kb folder in d (made by mkdtemp): the real kb's files but for the lint
 * rules, and a lint/ holding only sections.yaml. */
static int make_kb(char *d)
{
	if (!mkdtemp(d))
		return -1;
	char path[512], target[512];
	for (const char *const *f = kb_files; *f; f++) {
		snprintf(path, sizeof path, "%s/%s", d, *f);
		snprintf(target, sizeof target, "%s/kb/%s", POA_SOURCE_ROOT, *f);
		if (symlink(target, path) != 0)
			return -1;
	}
	snprintf(path, sizeof path, "%s/lint", d);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/lint/sections.yaml", d);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("source: test\nroot_cause: ['root cause']\ncorrective: ['corrective actions']\n"
	      "preventive: ['preventive measures', 'issue prevention']\n",
	      f);
	return fclose(f);
}

static int setup(void **state)
{
	(void)state;
	if (make_kb(dir) != 0)
		return -1;
	put("lint/R27-resubmitted.yaml", "id: R27-resubmitted\nextends: structure\nlevel: block\n" ALL_KINDS
		"message: {en: 'same %s', zh: '相同 %s'}\nsource: test\n");
	put("lint/R90-brand.yaml", "id: R90-brand\nextends: existence\nlevel: warn\nkinds: [poa]\n"
		"families: [trademark]\nmessage: {en: 'brand %s', zh: '品牌 %s'}\nsource: test\ntokens: ['brand']\n");
	put("lint/R26-placeholder.yaml", "id: R26-placeholder\nextends: existence\nlevel: block\n" ALL_KINDS
		"message: {en: 'placeholder %s', zh: '占位符 %s'}\nsource: test\ntokens: ['xxx', 'dear xxx', '(your store)']\n"
		"patterns: ['\\[[a-z ]{1,20}\\]']\n");
	put("lint/R10-future.yaml", "id: R10-future\nextends: existence\nlevel: block\nkinds: [poa]\n"
		"scope: corrective\nmessage: {en: 'future %s', zh: '将来 %s'}\nsource: test\ntokens: ['we will']\n"
		"exceptions: ['we will continue to']\n");
	put("lint/R28-apology.yaml", "id: R28-apology\nextends: occurrence\nlevel: info\nkinds: [poa]\nmax: 2\n"
		"message: {en: '%s apologies', zh: '%s 次道歉'}\nsource: test\ntokens: ['sorry', 'apologize']\n");
	put("lint/R11-controls.yaml", "id: R11-controls\nextends: requires\nlevel: block\nkinds: [poa]\n"
		"scope: preventive\nmessage: {en: 'no %s', zh: '没有 %s'}\nsource: test\ngroups:\n"
		"  - {name: {en: frequency, zh: 频率}, tokens: [weekly, daily]}\n"
		"  - {name: {en: owner, zh: 负责人}, tokens: [manager]}\n");
	put("lint/R12-promise.yaml", "id: R12-promise\nextends: existence\nlevel: warn\nkinds: [poa]\n"
		"scope: preventive\nunsectioned: all\nmessage: {en: 'promise %s', zh: '承诺 %s'}\nsource: test\n"
		"tokens: ['be more careful']\n");
	put("lint/R14-claim.yaml", "id: R14-claim\nextends: requires\nlevel: block\nkinds: [dispute]\n"
		"message: {en: 'claim %s', zh: '声称 %s'}\nsource: test\nwhen: {tokens: ['genuine', 'our own photos']}\n"
		"exceptions: ['genuine mistake']\n"
		"groups:\n  - {name: {en: evidence, zh: 证据}, tokens: [invoice, attached]}\n");
	put("lint/R24-thin.yaml", "id: R24-thin\nextends: metric\nmetric: words\nmin: 30\nlevel: warn\nkinds: [poa]\n"
		"message: {en: '%s words', zh: '%s 个词'}\nsource: test\n");
	put("lint/R01-sections.yaml", "id: R01-sections\nextends: structure\nlevel: block\nkinds: [poa]\n"
		"message: {en: 'missing %s', zh: '缺少 %s'}\nsource: test\n");
	put("lint/R02-coverage.yaml", "id: R02-coverage\nextends: structure\nlevel: block\nkinds: [poa, dispute]\n"
		"message: {en: 'not answered: %s', zh: '未回应：%s'}\nsource: test\n");
	put("lint/R35-spelling.yaml", "id: R35-spelling\nextends: structure\nlevel: warn\n" ALL_KINDS
		"message: {en: 'spelling %s', zh: '拼写 %s'}\nsource: test\n");
	put("lint/R04-type.yaml", "id: R04-type\nextends: structure\nlevel: block\n" ALL_KINDS
		"message: {en: 'type %s', zh: '类型 %s'}\nsource: test\n");
	poa_error err = {0};
	if (poa_kb_load(dir, &kb, &err) != POA_OK) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	poa_kb_free(kb);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static poa_lint *lint(const char *text, const char *kind, const poa_notice *n)
{
	poa_lint *l;
	poa_error err = {0};
	assert_int_equal(poa_lint_letter(kb, "letter.txt", text, strlen(text), kind, n, &l, &err), POA_OK);
	return l;
}

static int count_rule(const poa_lint *l, const char *rule)
{
	int n = 0;
	for (size_t i = 0; i < poa_lint_count(l); i++)
		n += strcmp(poa_lint_diag(l, i)->rule, rule) == 0;
	return n;
}

static const char *strong =
	"Root cause\nOn 2 May 2026 our lister copied the title of ASIN B08K3QZ7LM from a supplier sheet that used "
	"the Acme trademark.\n\nCorrective actions\nOn 3 May we removed the word from the title and checked all "
	"412 listings.\n\nPreventive measures\nOur listing manager checks every new title weekly against the "
	"trademark register.\n";

static void test_strong_letter_is_clean(void **state)
{
	(void)state;
	poa_lint *l = lint(strong, NULL, NULL);
	assert_string_equal(poa_lint_kind(l), "poa");
	for (size_t i = 0; i < poa_lint_count(l); i++)
		fprintf(stderr, "unexpected: %s %s\n", poa_lint_diag(l, i)->rule, poa_lint_diag(l, i)->message_en);
	assert_int_equal(poa_lint_count(l), 0);
	assert_int_equal(poa_lint_worst(l), -1);
	poa_lint_free(l);
}

static void test_existence_spans(void **state)
{
	(void)state;
	const char *t = "Dear xxx,\nsigned (Your Store) [store name] and xxxx stays.\n";
	poa_lint *l = lint(t, "dispute", NULL);
	assert_int_equal(count_rule(l, "R26-placeholder"), 3);
	const poa_diag *d = poa_lint_diag(l, 0);
	/* The longest of the matches that start together, and not "xxx" again
	 * inside it. */
	assert_int_equal(d->line, 1);
	assert_int_equal(d->col, 1);
	assert_memory_equal(t + d->span.start, "Dear xxx", 8);
	assert_string_equal(d->message_en, "placeholder Dear xxx");
	assert_int_equal(poa_lint_diag(l, 1)->line, 2);
	assert_int_equal(poa_lint_worst(l), POA_LINT_BLOCK);
	poa_lint_free(l);
}

static void test_scope_and_exceptions(void **state)
{
	(void)state;
	const char *t = "Root cause\nwe will explain.\nCorrective actions\nWe will remove it. We will continue to "
			"check.\nPreventive measures\nThe manager checks weekly; we will train staff.\n";
	poa_lint *l = lint(t, NULL, NULL);
	/* Only the corrective section, and not inside "we will continue to". */
	assert_int_equal(count_rule(l, "R10-future"), 1);
	const poa_diag *d = NULL;
	for (size_t i = 0; i < poa_lint_count(l); i++)
		if (strcmp(poa_lint_diag(l, i)->rule, "R10-future") == 0)
			d = poa_lint_diag(l, i);
	assert_int_equal(d->line, 4);
	poa_lint_free(l);
}

static void test_occurrence_requires_metric(void **state)
{
	(void)state;
	const char *t = "Root cause\nSorry. Sorry. We apologize.\nCorrective actions\nDone.\nPreventive measures\n"
			"We check daily.\n";
	poa_lint *l = lint(t, NULL, NULL);
	assert_int_equal(count_rule(l, "R28-apology"), 1);
	assert_int_equal(count_rule(l, "R11-controls"), 1);  /* the owner group */
	assert_int_equal(count_rule(l, "R24-thin"), 1);
	for (size_t i = 0; i < poa_lint_count(l); i++) {
		const poa_diag *d = poa_lint_diag(l, i);
		if (strcmp(d->rule, "R11-controls") == 0) {
			assert_string_equal(d->message_en, "no owner");
			assert_string_equal(d->message_zh, "没有 负责人");
		}
		if (strcmp(d->rule, "R28-apology") == 0)
			assert_string_equal(d->message_en, "3 apologies");
	}
	poa_lint_free(l);
}

static void test_sections_missing(void **state)
{
	(void)state;
	poa_lint *l = lint("We are sorry and it will not happen again. Root cause: none.\n", "poa", NULL);
	assert_int_equal(count_rule(l, "R01-sections"), 3);
	poa_lint_free(l);
}

/* A letter in one block, without any section heading: a rule with
 * unsectioned: all reads all of it; the other scoped rules wait for the
 * sections, which R01 asks for. Once the letter has sections, the rule is
 * back to its own. */
static void test_unsectioned(void **state)
{
	(void)state;
	poa_lint *l = lint("We will be more careful. We will remove it.\n", "poa", NULL);
	assert_int_equal(count_rule(l, "R12-promise"), 1);
	assert_int_equal(count_rule(l, "R10-future"), 0);
	assert_int_equal(count_rule(l, "R11-controls"), 0);
	assert_int_equal(count_rule(l, "R01-sections"), 3);
	poa_lint_free(l);
	/* One section is enough for the rule to keep to its own. */
	l = lint("Root cause\nWe will be more careful.\n", "poa", NULL);
	assert_int_equal(count_rule(l, "R12-promise"), 0);
	poa_lint_free(l);
	l = lint("Root cause\nA title was copied.\nPreventive measures\nWe will be more careful; the manager checks "
		 "weekly.\n",
		 "poa", NULL);
	assert_int_equal(count_rule(l, "R12-promise"), 1);
	poa_lint_free(l);
}

/* A requires rule with "when" looks only at a letter that makes one of its
 * claims, and points at the first claim, quoting it. */
static void test_conditional_requires(void **state)
{
	(void)state;
	const char *t = "We sell mugs. It was a genuine mistake.\nOur mugs are genuine, and these are our own photos.\n";
	poa_lint *l = lint(t, "dispute", NULL);
	assert_int_equal(count_rule(l, "R14-claim"), 1);
	for (size_t i = 0; i < poa_lint_count(l); i++) {
		const poa_diag *d = poa_lint_diag(l, i);
		if (strcmp(d->rule, "R14-claim") != 0)
			continue;
		assert_int_equal(d->line, 2);
		assert_int_equal(d->col, 14);
		assert_string_equal(d->message_en, "claim genuine");
		assert_string_equal(d->message_zh, "声称 genuine");
	}
	poa_lint_free(l);
	const char *quiet[] = {"We sell mugs; the invoice is below.\n", "Our mugs are genuine: the invoice is below.\n",
			       "Genuine? See the papers attached.\n", "It was a genuine mistake.\n"};
	for (size_t i = 0; i < sizeof quiet / sizeof *quiet; i++) {
		l = lint(quiet[i], "dispute", NULL);
		assert_int_equal(count_rule(l, "R14-claim"), 0);
		poa_lint_free(l);
	}
}

/* A rule file the loader refuses, and the message naming the fix. */
static void test_bad_rule_files(void **state)
{
	(void)state;
	static const struct {
		const char *yaml, *message;
	} bad[] = {
	    {"scope: preventive\nunsectioned: whole\n", "unsectioned is all or skip"},
	    {"unsectioned: all\n", "unsectioned goes with a scope"},
	    {"scope: all\nunsectioned: all\n", "unsectioned goes with a scope"},
	    {"scope: appendix\n", "scope is all, root_cause"},
	    {"level: fatal\n", "level is block, warn or info"},
	    {"when: {tokens: ['genuine']}\n", "when goes with a requires rule"},
	    {"extends: requires\ngroups: [{name: {en: e, zh: e}, tokens: [invoice]}]\nwhen: {}\n",
	     "when needs tokens or patterns"},
	    {"extends: requires\ngroups: [{name: {en: e, zh: e}, tokens: [invoice]}]\nwhen: {patterns: ['(']}\n",
	     "R12-promise.yaml"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char d[] = "/tmp/poa-lint-bad-XXXXXX", path[512];
		assert_int_equal(make_kb(d), 0);
		snprintf(path, sizeof path, "%s/lint/R12-promise.yaml", d);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		int requires = strstr(bad[i].yaml, "extends:") != NULL;
		fprintf(f, "id: R12-promise\n%s%skinds: [poa]\nmessage: {en: 'p %%s', zh: '承诺 %%s'}\nsource: test\n%s%s",
			requires ? "" : "extends: existence\n", strstr(bad[i].yaml, "level:") ? "" : "level: warn\n",
			requires ? "" : "tokens: ['be more careful']\n", bad[i].yaml);
		fclose(f);
		poa_kb *k = NULL;
		poa_error err = {0};
		assert_int_equal(poa_kb_load(d, &k, &err), POA_ERR_KB);
		if (!strstr(err.message, bad[i].message) || !strstr(err.message, "R12-promise.yaml"))
			fail_msg("%s: %s", bad[i].yaml, err.message);
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
		assert_int_equal(system(cmd), 0);
	}
}

/* Numbering before a heading is skipped, but the I of "Issue" is a word. */
static void test_heading_numbering(void **state)
{
	(void)state;
	const char *t = "iii. Root cause\nThe manager copied a title.\n2) Corrective actions\nRemoved on 3 May.\n"
			"Issue prevention\nThe manager checks weekly.\n";
	poa_lint *l = lint(t, NULL, NULL);
	assert_int_equal(count_rule(l, "R01-sections"), 0);
	poa_lint_free(l);
}

/* A rule for some families: by the notice's family, or by what the letter
 * names when there is no notice. */
static void test_family_rule(void **state)
{
	(void)state;
	const char *tm = "Trademark appeal\nRoot cause\nThe brand was in the title.\n";
	const char *pat = "Patent appeal\nRoot cause\nThe brand sold a hinge.\n";
	poa_lint *l = lint(tm, "poa", NULL);
	assert_int_equal(count_rule(l, "R90-brand"), 1);
	poa_lint_free(l);
	l = lint(pat, "poa", NULL);
	assert_int_equal(count_rule(l, "R90-brand"), 0);
	poa_lint_free(l);
	const char *nt = "We removed some of your listings because we received a report from a rights owner that "
			 "they may infringe the rights owner's patent. Infringement type: Patent ASIN: B0AAAAAAA1";
	poa_message *m;
	poa_notice *n;
	assert_int_equal(poa_message_from_memory("n", nt, strlen(nt), NULL, &m, NULL), POA_OK);
	assert_int_equal(poa_notice_read(kb, m, &n, NULL), POA_OK);
	l = lint(tm, "poa", n);  /* the notice decides: a patent notice */
	assert_int_equal(count_rule(l, "R90-brand"), 0);
	poa_lint_free(l);
	poa_notice_free(n);
	poa_message_free(m);
}

/* R27: a letter that repeats (90% of its sentences) one already sent. */
static void test_resubmitted(void **state)
{
	(void)state;
	const char *sent = "Root cause\nOur lister copied the supplier's title with the Acme trademark in it.\n"
			   "Corrective actions\nOn 3 May we removed the word Acme from the title of B08K3QZ7LM.\n";
	const char *again = "Root cause\nOur lister copied the supplier's title with the Acme trademark in it.\n\n"
			    "Corrective actions\nOn 3 May we removed the word Acme from the title of B08K3QZ7LM.\n";
	const char *fresh = "Root cause\nOur lister copied the supplier's title with the Acme trademark in it.\n"
			    "Corrective actions\nOn 9 June we rewrote all 412 titles and had each one approved by the manager.\n";
	const char *const history[] = {sent};
	poa_lint *l = lint(again, "poa", NULL);
	assert_int_equal(count_rule(l, "R27-resubmitted"), 0);  /* only with a history */
	assert_int_equal(poa_lint_history(kb, l, history, 1, NULL), POA_OK);
	assert_int_equal(count_rule(l, "R27-resubmitted"), 1);
	assert_int_equal(poa_lint_worst(l), POA_LINT_BLOCK);
	poa_lint_free(l);
	l = lint(fresh, "poa", NULL);
	assert_int_equal(poa_lint_history(kb, l, history, 1, NULL), POA_OK);
	assert_int_equal(count_rule(l, "R27-resubmitted"), 0);
	poa_lint_free(l);
}

static void test_against_notice(void **state)
{
	(void)state;
	const char *nt = "We removed some of your listings because we received a report from a rights owner that "
			 "they may infringe the rights owner's patent. Infringement type: Patent ASIN: B0AAAAAAA1 "
			 "Complaint ID: 1234567890 ASIN: B0AAAAAAA2 Complaint ID: 1234567891";
	poa_message *m;
	poa_notice *n;
	assert_int_equal(poa_message_from_memory("n", nt, strlen(nt), NULL, &m, NULL), POA_OK);
	assert_int_equal(poa_notice_read(kb, m, &n, NULL), POA_OK);
	const char *t = "Patent appeal for B0AAAAAAA1, complaint 1234567890\n\nRoot cause\nWe asked buyers for "
			"reviews with an insert card.\nCorrective actions\nWe removed the cards.\nPreventive measures\n"
			"The manager checks weekly.\n";
	poa_lint *l = lint(t, NULL, n);
	assert_int_equal(count_rule(l, "R02-coverage"), 2);  /* B0AAAAAAA2 and 1234567891 */
	assert_int_equal(count_rule(l, "R04-type"), 1);      /* root cause about reviews */
	poa_lint_free(l);
	/* "all N ASINs" answers the ASIN list whole. */
	l = lint("Root cause\nAll 2 ASINs used the patented hinge; complaints 1234567890 and 1234567891.\n"
		 "Corrective actions\nRemoved.\nPreventive measures\nThe manager checks weekly.\n", NULL, n);
	assert_int_equal(count_rule(l, "R02-coverage"), 0);
	assert_int_equal(count_rule(l, "R04-type"), 0);
	poa_lint_free(l);
	poa_notice_free(n);
	poa_message_free(m);
}

static void test_bad_kind_and_empty(void **state)
{
	(void)state;
	poa_lint *l;
	poa_error err = {0};
	assert_int_equal(poa_lint_letter(kb, "x", "text", 4, "essay", NULL, &l, &err), POA_ERR_USAGE);
	assert_non_null(strstr(err.message, "essay"));
	assert_int_equal(poa_lint_letter(kb, "x", "", 0, "poa", NULL, &l, &err), POA_OK);
	assert_int_equal(count_rule(l, "R01-sections"), 3);
	poa_lint_free(l);
}

static void test_writers(void **state)
{
	(void)state;
	poa_lint *l = lint("Hello xxx,\n", "dispute", NULL);
	poa_report_options opt = {.lang = POA_LANG_EN};
	char *json = poa_lint_to_json(l, &opt);
	assert_non_null(strstr(json, "\"rule\": \"R26-placeholder\""));
	assert_non_null(strstr(json, "\"blockers\": 1"));
	free(json);
	char *sarif = poa_lint_to_sarif(l, kb);
	assert_non_null(strstr(sarif, "\"version\": \"2.1.0\""));
	assert_non_null(strstr(sarif, "\"level\": \"error\""));
	assert_non_null(strstr(sarif, "\"startColumn\": 7"));
	free(sarif);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(poa_lint_write_text(f, l, &opt, NULL), POA_OK);
	fclose(f);
	assert_non_null(strstr(buf, "letter.txt:1:7: blocker: placeholder xxx [R26-placeholder]\n    Hello xxx,\n          ^~~\n"));
	free(buf);
	poa_lint_free(l);
}

static const char *spelling_arg(const poa_lint *l)
{
	for (size_t i = 0; i < poa_lint_count(l); i++)
		if (strcmp(poa_lint_diag(l, i)->rule, "R35-spelling") == 0)
			return poa_lint_diag(l, i)->message_en;
	return NULL;
}

/* The dictionaries stay open with the kb, so the seller's own words a
 * letter may use (its answers') must not stay with them: a word one
 * letter's answers allow is still a mistake in the next letter, and a
 * mistake found again reads the same (its suggestions are kept). */
static void test_spelling_words_stay_with_their_letter(void **state)
{
	(void)state;
	if (access("/usr/share/hunspell/en_US.dic", R_OK) != 0 || getenv("POA_HUNSPELL_DIR"))
		skip();  /* no dictionary here: R35 cannot run (scripts/install-deps.sh installs one) */
	static const char text[] = "Dear Seller Performance,\n\nWe sold zorblax widgets. We recieved them in May.\n";
	poa_error err = {0};
	poa_answers *a = NULL;
	assert_int_equal(poa_answers_load(kb, NULL, 0, &a, &err), POA_OK);
	assert_int_equal(poa_answers_set(kb, a, "root_cause=We listed zorblax widgets.", 0, &err), POA_OK);
	poa_lint *with = NULL;
	assert_int_equal(poa_lint_letter_answers(kb, "letter.txt", text, strlen(text), "dispute", NULL, a, &with, &err),
			 POA_OK);
	assert_int_equal(count_rule(with, "R35-spelling"), 1);   /* recieved; zorblax is the seller's word */
	poa_lint *without = lint(text, "dispute", NULL);
	assert_int_equal(count_rule(without, "R35-spelling"), 2); /* zorblax is not a word of this letter's */
	poa_lint *again = lint(text, "dispute", NULL);
	assert_int_equal(count_rule(again, "R35-spelling"), 2);
	assert_non_null(spelling_arg(without));
	assert_string_equal(spelling_arg(without), spelling_arg(again));
	assert_non_null(strstr(spelling_arg(with), "recieved (received"));
	poa_lint_free(with);
	poa_lint_free(without);
	poa_lint_free(again);
	poa_answers_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strong_letter_is_clean),
		cmocka_unit_test(test_existence_spans),
		cmocka_unit_test(test_scope_and_exceptions),
		cmocka_unit_test(test_occurrence_requires_metric),
		cmocka_unit_test(test_sections_missing),
		cmocka_unit_test(test_heading_numbering),
		cmocka_unit_test(test_unsectioned),
		cmocka_unit_test(test_conditional_requires),
		cmocka_unit_test(test_bad_rule_files),
		cmocka_unit_test(test_family_rule),
		cmocka_unit_test(test_resubmitted),
		cmocka_unit_test(test_against_notice),
		cmocka_unit_test(test_bad_kind_and_empty),
		cmocka_unit_test(test_writers),
		cmocka_unit_test(test_spelling_words_stay_with_their_letter),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
