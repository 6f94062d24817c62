/* kb_load.h — helpers shared by the loaders of the knowledge-base files
 * (kb.c for notices, kb_lint.c for lint rules). */
#ifndef POA_KB_LOAD_H
#define POA_KB_LOAD_H

#include "kb.h"
#include "yamltree.h"

typedef struct loader {
	const char *file;
	poa_error *err;
} loader;

/* Reports a structural mistake at the node's line; returns POA_ERR_KB. */
poa_status kbl_bad(loader *l, const poa_yaml *at, const char *what);
char *kbl_dup_lower(const char *s);
poa_status kbl_get_text(loader *l, const poa_yaml *map, const char *key, int required, kb_text *t);
void kbl_free_text(kb_text *t);
/* A word or a list of words (none: *n = 0). */
poa_status kbl_get_strings(loader *l, const poa_yaml *y, char ***out, size_t *n);
void kbl_free_strings(char **s, size_t n);
/* A list of {text, weight, source} or plain strings as lower-case phrases. */
poa_status kbl_get_phrases(loader *l, const poa_yaml *list, kb_phrase **out, size_t *n);
void kbl_free_phrases(kb_phrase *p, size_t n);
poa_status kbl_get_word_values(loader *l, const poa_yaml *y, const char *valkey, kb_word_value **out,
			       size_t *n);
poa_status kbl_compile(loader *l, const poa_yaml *at, const char *pattern, int caseless, pcre2_code **out);
/* health.yaml's loader (kb_health.c). */
poa_status kb_load_health(loader *l, const poa_yaml *root, poa_kb *kb);
/* evidence.yaml's loader (kb_health.c). */
poa_status kb_load_evidence(loader *l, const poa_yaml *root, poa_kb *kb);
/* Reads dir/name whole; the caller frees *data. */
poa_status kbl_read_file(const char *dir, const char *name, char **data, size_t *len, char *label,
			 size_t labelsz, poa_error *err);

#endif
