/* buf.h — growable byte buffer and small string helpers shared by libpoa.
 * One helper set for the whole library (DESIGN.md: "one way to do a thing"). */
#ifndef POA_BUF_H
#define POA_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct poa_buf {
	char *data;   /* always NUL-terminated when len > 0 or after poa_buf_add* */
	size_t len, cap;
	int oom;      /* an allocation failed: later appends are dropped */
} poa_buf;

void poa_buf_init(poa_buf *b);
void poa_buf_free(poa_buf *b);
int poa_buf_reserve(poa_buf *b, size_t extra);
void poa_buf_add(poa_buf *b, const void *p, size_t n);
void poa_buf_adds(poa_buf *b, const char *s);
void poa_buf_addc(poa_buf *b, char c);
void poa_buf_printf(poa_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (free()); the buffer is left empty. */
char *poa_buf_steal(poa_buf *b);

/* Decodes one UTF-8 code point at s[*i] (advancing *i); invalid bytes give
 * U+FFFD and advance by one. */
int32_t poa_utf8_next(const char *s, size_t len, size_t *i);
/* Encodes cp into out (at least 4 bytes); returns the byte count. */
size_t poa_utf8_put(int32_t cp, char *out);
/* Length of the valid UTF-8 prefix of s. */
size_t poa_utf8_valid_prefix(const char *s, size_t len);
/* Makes the NUL-terminated s valid UTF-8 in place: each byte that is not
 * becomes '?' (one byte for one: s keeps its length). */
void poa_utf8_fix(char *s);
/* Whether cp is a CJK ideograph, kana, hangul or full-width form: two
 * columns wide, and a line may break before it. Inline: the report's
 * wrapping asks it of every character, nearly all below U+3000. */
static inline int poa_is_cjk(int32_t cp)
{
	return cp >= 0x3000 &&
	       (cp <= 0x30FF ||                      /* CJK punctuation, kana */
		(cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
		(cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) ||
		(cp >= 0xAC00 && cp <= 0xD7AF));
}

char *poa_strndup(const char *s, size_t n);
char *poa_strdup0(const char *s);   /* NULL-safe strdup */
/* Trims ASCII space and the given extra characters from both ends, in place. */
void poa_trim(char *s, const char *extra);

#endif
