/* Fuzz target: answers YAML. The input is an answers file (question id ->
 * value), parsed and checked against kb/questions.yaml as `poa plan
 * --answers FILE` does; what parses is written back out and must parse
 * again, unchecked (the case store keeps answers that way). */
#include "fuzz.h"
#include "answers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const poa_kb *kb = fuzz_kb();
	poa_answers *a = NULL;
	poa_error err = {0};
	if (poa_answers_parse(kb, "answers.yaml", (const char *)data, size, FUZZ_TODAY, &a, &err) != POA_OK) {
		FUZZ_ASSERT(a == NULL && err.message[0]);
	} else {
		char *text = poa_answers_emit(a);
		FUZZ_ASSERT(text != NULL);
		poa_answers *b = NULL;
		if (poa_answers_parse_unchecked("emitted.yaml", text, strlen(text), &b, &err) != POA_OK) {
			fprintf(stderr, "emitted answers do not parse again: %s\n---\n%s---\n", err.message, text);
			abort();
		}
		FUZZ_ASSERT(poa_answers_merge(b, a, &err) == POA_OK);
		(void)poa_answers_get(b, "sold_product");
		(void)poa_answers_get(b, "affected_asins");
		poa_answers_free(b);
		free(text);
		poa_answers_free(a);
	}
	/* The same text unchecked: what the store reads back. */
	if (poa_answers_parse_unchecked("stored.yaml", (const char *)data, size, &a, &err) == POA_OK)
		poa_answers_free(a);
	return 0;
}
