/* yamltree.h — a YAML document as a small tree, for the knowledge base and answer
 * files. Only block and flow maps, lists and scalars: no anchors or tags. */
#ifndef POA_YAMLTREE_H
#define POA_YAMLTREE_H

#include <stddef.h>
#include "poa.h"

typedef enum { POA_YAML_SCALAR, POA_YAML_MAP, POA_YAML_LIST } poa_yaml_kind;

typedef struct poa_yaml {
	poa_yaml_kind kind;
	char *value;              /* scalar text */
	char **keys;              /* map keys, parallel to items */
	struct poa_yaml **items;  /* map values or list items */
	size_t count;
	size_t line;              /* 1-based, for error messages */
} poa_yaml;

/* Parses data (name labels errors). The caller frees *out with poa_yaml_free(). */
poa_status poa_yaml_parse(const char *name, const char *data, size_t len,
			  poa_yaml **out, poa_error *err);
void poa_yaml_free(poa_yaml *y);

/* Map lookup; NULL when y is not a map or has no such key. */
const poa_yaml *poa_yaml_get(const poa_yaml *y, const char *key);
/* Scalar text of map[key], or NULL. */
const char *poa_yaml_str(const poa_yaml *y, const char *key);
long poa_yaml_int(const poa_yaml *y, const char *key, long dflt);

/* Building trees (letter contexts, answers set on the command line). The
 * constructors return NULL when out of memory; the setters take ownership of
 * child (freeing it on failure) and return 0 on failure. */
poa_yaml *poa_yaml_new(poa_yaml_kind kind, const char *value);
int poa_yaml_set(poa_yaml *map, const char *key, poa_yaml *child);   /* replaces a key */
int poa_yaml_append(poa_yaml *list, poa_yaml *child);
int poa_yaml_set_str(poa_yaml *map, const char *key, const char *value);  /* NULL value: no-op */
/* Writes y as YAML (block style, values quoted) to a malloc'd string. */
char *poa_yaml_emit(const poa_yaml *y);

#endif
