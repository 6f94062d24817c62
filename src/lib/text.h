/* text.h — decoding text to UTF-8 and normalising it for matching.
 *
 * Every finding poa reports carries a byte span in the *decoded* text (what
 * the seller sees). Matching runs on a *normalised* copy; map[] leads each of
 * its bytes back to the decoded text. */
#ifndef POA_TEXT_H
#define POA_TEXT_H

#include <stddef.h>
#include "poa.h"

typedef struct poa_normtext {
	char *text;    /* NFKC, quotes folded, whitespace collapsed, NUL-terminated */
	char *lower;   /* text with ASCII letters lower-cased: same length */
	size_t *map;   /* map[i]: decoded-text offset of text[i]; map[len] = source length */
	size_t len;
} poa_normtext;

poa_status poa_normalise(const char *src, size_t len, poa_normtext *out, poa_error *err);
/* As poa_normalise(); with keep_lines every line break stays one '\n' (a
 * letter's headings are lines), blank lines still collapse. */
poa_status poa_normalise_mode(const char *src, size_t len, int keep_lines, poa_normtext *out,
			      poa_error *err);
void poa_normtext_free(poa_normtext *t);
/* Span of decoded text covering normalised bytes [a, b). */
poa_span poa_normtext_span(const poa_normtext *t, size_t a, size_t b);

#define POA_CHARSET_MAX 64
/* Converts len bytes in charset (NULL: detect) to UTF-8; used receives the
 * charset actually used. A UTF-8 BOM is dropped. The caller frees *out. */
poa_status poa_to_utf8(const char *name, const char *data, size_t len, const char *charset,
		       char **out, size_t *outlen, char used[POA_CHARSET_MAX], poa_error *err);

/* Renders HTML as plain text: block elements and table rows on their own
 * lines, cells apart, script and style dropped. More than 8 MB of HTML is
 * POA_ERR_TOO_LARGE (the tree would take forty times that). The caller
 * frees *out. */
poa_status poa_html_to_text(const char *name, const char *html, size_t len,
			    char **out, size_t *outlen, poa_error *err);

/* True when the bytes look like a binary file (NUL bytes, many controls). */
int poa_looks_binary(const char *data, size_t len);

#endif
