/* Fuzz target: HTML to text. The input is a saved or pasted HTML page
 * (poa_message_from_memory with an .html name, as `poa read page.html`),
 * decoded to the text every evidence span points into. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	poa_message *m = NULL;
	poa_error err = {0};
	if (poa_message_from_memory("fuzz.html", (const char *)data, size, NULL, &m, &err) != POA_OK) {
		FUZZ_ASSERT(m == NULL && err.message[0]);
		return 0;
	}
	size_t len = 0;
	const char *text = poa_message_text(m, &len);
	/* NUL-terminated; a NUL inside (a base64 part can hold one) is kept:
	 * the text is counted, not scanned to its first NUL. */
	FUZZ_ASSERT(text && text[len] == '\0');
	FUZZ_ASSERT(poa_message_charset(m) != NULL);
	poa_message_free(m);
	return 0;
}
