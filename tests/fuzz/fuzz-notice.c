/* Fuzz target: pasted-notice extraction. The input is text pasted into
 * `poa read -` (or the web paste box): decoded, read as a notice, every
 * field and its evidence span checked against the text, then reported as
 * JSON and as the human report. */
#include "fuzz.h"

static void span_ok(poa_span s, size_t len)
{
	FUZZ_ASSERT(s.start <= s.end && s.end <= len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const poa_kb *kb = fuzz_kb();
	poa_message *m = NULL;
	poa_error err = {0};
	if (poa_message_from_memory("pasted.txt", (const char *)data, size, NULL, &m, &err) != POA_OK) {
		FUZZ_ASSERT(m == NULL && err.message[0]);
		return 0;
	}
	size_t len = 0;
	(void)poa_message_text(m, &len);
	poa_notice *n = NULL;
	if (poa_notice_read(kb, m, &n, &err) == POA_OK) {
		FUZZ_ASSERT(poa_notice_family(n) != NULL);
		for (size_t i = 0; i < poa_notice_asin_count(n); i++) {
			const poa_asin *a = poa_notice_asin(n, i);
			FUZZ_ASSERT(a && a->asin);
			span_ok(a->span, len);
			if (a->title)
				span_ok(a->title_span, len);
		}
		for (size_t i = 0; i < poa_notice_ip_ref_count(n); i++) {
			const poa_ip_ref *r = poa_notice_ip_ref(n, i);
			FUZZ_ASSERT(r && r->kind && r->number);
			span_ok(r->span, len);
		}
		for (size_t i = 0; i < poa_notice_complaint_count(n); i++)
			FUZZ_ASSERT(poa_notice_complaint_id(n, i) != NULL);
		poa_report_options opt = {.lang = (size & 1) ? POA_LANG_ZH : POA_LANG_EN, .today = FUZZ_TODAY};
		char *json = poa_notice_to_json(kb, n, m, &opt);
		FUZZ_ASSERT(json != NULL);
		free(json);
		FILE *out = fopen("/dev/null", "w");
		if (out) {
			(void)poa_notice_write_text(out, kb, n, m, &opt, &err);
			fclose(out);
		}
		poa_notice_free(n);
	}
	poa_message_free(m);
	return 0;
}
