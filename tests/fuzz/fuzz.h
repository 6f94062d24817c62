/* fuzz.h — what the libFuzzer targets of tests/fuzz/ share: the knowledge
 * base (loaded once per process, as a front end does) and a fixed "today".
 *
 * Each target is one file defining LLVMFuzzerTestOneInput. It is linked
 * twice: with -fsanitize=fuzzer as fuzz-NAME (clang, -Dfuzz=true), and with
 * replay.c as replay-NAME in every build, which runs the inputs named on
 * its command line once each (tests/run.py replays the regressions and the
 * seed corpus through it, under ASan+UBSan in `make check`). */
#ifndef POA_FUZZ_H
#define POA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poa.h"

/* 2026-11-28, the date the golden tests run at. */
#define FUZZ_TODAY ((time_t)1795824000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline const poa_kb *fuzz_kb(void)
{
	static poa_kb *kb;
	if (!kb) {
		poa_error err = {0};
		if (poa_kb_load(NULL, &kb, &err) != POA_OK) {
			fprintf(stderr, "fuzz: cannot load the knowledge base: %s\n", err.message);
			abort();
		}
	}
	return kb;
}

/* A NUL-terminated copy of the input (the bytes past size are not the
 * input's: ASan catches a read of them in the copy the API makes). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A check the library broke: a crash the fuzzer reports. */
#define FUZZ_ASSERT(cond)                                                                         \
	do {                                                                                      \
		if (!(cond)) {                                                                    \
			fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                  \
		}                                                                                 \
	} while (0)

#endif
