/* Fuzz target: the linter. The input is a letter, checked without a notice
 * and against a notice of the corpus (and a kind) picked by its length,
 * with the history check against itself; the result goes through the text,
 * JSON and SARIF writers. Bytes that are not UTF-8 go through the same
 * decoding as `poa lint FILE` (a letter read from a file) first.
 * R35-spelling runs on every input: the kb keeps its dictionaries open. */
#include <glib.h>

#include "fuzz.h"

#ifndef POA_SOURCE_ROOT
#define POA_SOURCE_ROOT "."
#endif

static const char *const notice_files[] = {
	"examples/notices/trademark-removal.eml",
	"tests/corpus/notices/004-patent-utility-removal.eml",
	"examples/notices/apex-invitation.txt",
};
#define NNOTICES (sizeof notice_files / sizeof *notice_files)
static const char *const kinds[] = {NULL, "poa", "dispute", "retraction", "rights_owner_request", "counter_notice"};

static poa_notice *notices[NNOTICES];

static void load_notices(const poa_kb *kb)
{
	static int done;
	if (done)
		return;
	done = 1;
	for (size_t i = 0; i < NNOTICES; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", POA_SOURCE_ROOT, notice_files[i]);
		poa_input *in = NULL;
		poa_message *m = NULL;
		poa_error err = {0};
		if (poa_input_open(path, NULL, &in, &err) != POA_OK || poa_input_next(in, &m, &err) != POA_OK || !m ||
		    poa_notice_read(kb, m, &notices[i], &err) != POA_OK) {
			fprintf(stderr, "fuzz-lint: %s: %s\n", path, err.message);
			abort();
		}
		poa_message_free(m);
		poa_input_free(in);
	}
}

static void lint_once(const poa_kb *kb, const char *text, size_t len, const char *kind, const poa_notice *n)
{
	poa_lint *l = NULL;
	poa_error err = {0};
	if (poa_lint_letter(kb, "letter.txt", text, len, kind, n, &l, &err) != POA_OK) {
		FUZZ_ASSERT(l == NULL && err.message[0]);
		return;
	}
	const char *sent[] = {text};
	(void)poa_lint_history(kb, l, sent, 1, &err);
	FUZZ_ASSERT(poa_lint_kind(l) != NULL);
	for (size_t i = 0; i < poa_lint_count(l); i++) {
		const poa_diag *d = poa_lint_diag(l, i);
		FUZZ_ASSERT(d && d->rule && d->message_en && d->message_zh);
		FUZZ_ASSERT(d->span.start <= d->span.end && d->span.end <= len);
	}
	poa_report_options opt = {.lang = n ? POA_LANG_ZH : POA_LANG_EN, .today = FUZZ_TODAY};
	FILE *out = fopen("/dev/null", "w");
	if (out) {
		(void)poa_lint_write_text(out, l, &opt, &err);
		fclose(out);
	}
	char *json = poa_lint_to_json(l, &opt);
	char *sarif = poa_lint_to_sarif(l, kb);
	FUZZ_ASSERT(json && sarif);
	free(json);
	free(sarif);
	poa_lint_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const poa_kb *kb = fuzz_kb();
	load_notices(kb);
	poa_message *m = NULL;
	char *text = NULL;
	size_t len = size;
	if (g_utf8_validate_len((const char *)data, size, NULL)) {
		text = fuzz_strndup(data, size);
	} else {
		poa_input_options opt = {.as_letter = 1};
		poa_error err = {0};
		if (poa_message_from_memory("letter.txt", (const char *)data, size, &opt, &m, &err) != POA_OK)
			return 0;
		text = fuzz_strndup((const uint8_t *)poa_message_text(m, &len), len);
		poa_message_free(m);
	}
	lint_once(kb, text, len, NULL, NULL);
	lint_once(kb, text, len, kinds[(size / NNOTICES) % (sizeof kinds / sizeof *kinds)], notices[size % NNOTICES]);
	free(text);
	return 0;
}
