/* Fuzz target: MIME messages and mailboxes. The input is opened as bytes in
 * memory (an .eml, an mbox, pasted text or HTML, whatever its content says)
 * and every message is read, its fields touched and its family skimmed, as
 * `poa import` does. */
#include "fuzz.h"

static void touch(const char *s)
{
	if (s)
		FUZZ_ASSERT(strlen(s) < (size_t)1 << 30);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const poa_kb *kb = fuzz_kb();
	poa_input_options opt = {0};
	poa_input *in = NULL;
	poa_error err = {0};
	if (poa_input_open_memory("fuzz-input", (const char *)data, size, &opt, &in, &err) != POA_OK) {
		FUZZ_ASSERT(in == NULL && err.message[0]);
		return 0;
	}
	(void)poa_input_get_form(in);
	/* A mailbox has at most one message per byte: more means poa_input_next
	 * stopped making progress. */
	size_t calls = 0;
	for (;;) {
		FUZZ_ASSERT(++calls <= size + 2);
		poa_message *m = NULL;
		poa_status st = poa_input_next(in, &m, &err);
		if (st != POA_OK) {
			FUZZ_ASSERT(m == NULL && err.message[0]);
			if (st == POA_ERR_NOMEM)
				break;
			continue;
		}
		if (!m)
			break;
		size_t len = 0;
		const char *text = poa_message_text(m, &len);
		/* NUL-terminated; a NUL inside (a base64 part can hold one) is kept:
		 * the text is counted, not scanned to its first NUL. */
		FUZZ_ASSERT(text && text[len] == '\0');
		touch(poa_message_subject(m));
		touch(poa_message_from(m));
		touch(poa_message_id(m));
		touch(poa_message_origin(m));
		touch(poa_message_charset(m));
		time_t utc;
		int tz;
		(void)poa_message_date(m, &utc, &tz);
		poa_notice *n = NULL;
		if (poa_notice_skim(kb, m, &n, &err) == POA_OK)
			poa_notice_free(n);
		poa_message_free(m);
	}
	poa_input_free(in);
	return 0;
}
