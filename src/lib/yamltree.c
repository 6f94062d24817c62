/* yamltree.c — libyaml events to a poa_yaml tree. */
#include "yamltree.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define POA_YAML_MAX_DEPTH 64

void poa_yaml_free(poa_yaml *y)
{
	if (!y)
		return;
	for (size_t i = 0; i < y->count; i++) {
		if (y->keys)
			free(y->keys[i]);
		poa_yaml_free(y->items[i]);
	}
	free(y->keys);
	free(y->items);
	free(y->value);
	free(y);
}

static int push_item(poa_yaml *parent, char *key, poa_yaml *child)
{
	poa_yaml **items = realloc(parent->items, (parent->count + 1) * sizeof *items);
	if (!items)
		return 0;
	parent->items = items;
	if (parent->kind == POA_YAML_MAP) {
		char **keys = realloc(parent->keys, (parent->count + 1) * sizeof *keys);
		if (!keys)
			return 0;
		parent->keys = keys;
		keys[parent->count] = key;
	}
	items[parent->count++] = child;
	return 1;
}

typedef struct builder {
	yaml_parser_t parser;
	const char *name;
	poa_error *err;
} builder;

static poa_status parse_error(builder *b)
{
	return poa_error_set(b->err, POA_ERR_INPUT,
			     "%s:%zu:%zu: YAML error: %s; fix the file's indentation or quoting",
			     b->name, b->parser.problem_mark.line + 1,
			     b->parser.problem_mark.column + 1,
			     b->parser.problem ? b->parser.problem : "malformed document");
}

/* Builds the node that starts with event ev (already taken). */
static poa_status build(builder *b, yaml_event_t *ev, int depth, poa_yaml **out)
{
	poa_yaml *y = calloc(1, sizeof *y);
	if (!y)
		return poa_error_set(b->err, POA_ERR_NOMEM, "out of memory reading %s", b->name);
	y->line = ev->start_mark.line + 1;
	if (depth > POA_YAML_MAX_DEPTH) {
		free(y);
		return poa_error_set(b->err, POA_ERR_INPUT, "%s:%zu: nested deeper than %d levels; flatten the file",
				     b->name, ev->start_mark.line + 1, POA_YAML_MAX_DEPTH);
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		y->kind = POA_YAML_SCALAR;
		y->value = poa_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		*out = y;
		return y->value ? POA_OK : poa_error_set(b->err, POA_ERR_NOMEM, "out of memory");
	case YAML_ALIAS_EVENT:
		free(y);
		return poa_error_set(b->err, POA_ERR_INPUT, "%s:%zu: YAML aliases (*name) are not supported; write the value out",
				     b->name, ev->start_mark.line + 1);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		break;
	default:
		free(y);
		return poa_error_set(b->err, POA_ERR_INPUT, "%s:%zu: unexpected YAML structure", b->name,
				     ev->start_mark.line + 1);
	}
	int is_map = ev->type == YAML_MAPPING_START_EVENT;
	y->kind = is_map ? POA_YAML_MAP : POA_YAML_LIST;
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&b->parser, &e)) {
			poa_yaml_free(y);
			return parse_error(b);
		}
		if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		char *key = NULL;
		if (is_map) {
			if (e.type != YAML_SCALAR_EVENT) {
				size_t line = e.start_mark.line + 1;
				yaml_event_delete(&e);
				poa_yaml_free(y);
				return poa_error_set(b->err, POA_ERR_INPUT, "%s:%zu: map keys must be plain words",
						     b->name, line);
			}
			key = poa_strndup((const char *)e.data.scalar.value, e.data.scalar.length);
			yaml_event_delete(&e);
			if (!yaml_parser_parse(&b->parser, &e)) {
				free(key);
				poa_yaml_free(y);
				return parse_error(b);
			}
		}
		poa_yaml *child = NULL;
		poa_status st = build(b, &e, depth + 1, &child);
		yaml_event_delete(&e);
		if (st == POA_OK && !push_item(y, key, child)) {
			poa_yaml_free(child);
			st = poa_error_set(b->err, POA_ERR_NOMEM, "out of memory reading %s", b->name);
		}
		if (st != POA_OK) {
			free(key);
			poa_yaml_free(y);
			return st;
		}
	}
	*out = y;
	return POA_OK;
}

poa_status poa_yaml_parse(const char *name, const char *data, size_t len, poa_yaml **out,
			  poa_error *err)
{
	builder b = {.name = name, .err = err};
	poa_yaml *root = NULL;
	poa_status st = POA_OK;
	*out = NULL;
	if (!yaml_parser_initialize(&b.parser))
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory reading %s", name);
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)data, len);
	for (;;) {
		yaml_event_t e;
		if (!yaml_parser_parse(&b.parser, &e)) {
			st = parse_error(&b);
			break;
		}
		yaml_event_type_t t = e.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT ||
		    t == YAML_MAPPING_START_EVENT || t == YAML_ALIAS_EVENT) {
			if (root) {
				yaml_event_delete(&e);
				st = poa_error_set(err, POA_ERR_INPUT, "%s: holds more than one YAML document; keep one",
						   name);
				break;
			}
			st = build(&b, &e, 0, &root);
		}
		yaml_event_delete(&e);
		if (st != POA_OK)
			break;
	}
	yaml_parser_delete(&b.parser);
	if (st != POA_OK) {
		poa_yaml_free(root);
		return st;
	}
	if (!root) {
		root = calloc(1, sizeof *root);
		if (!root)
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		root->kind = POA_YAML_MAP;
	}
	*out = root;
	return POA_OK;
}

const poa_yaml *poa_yaml_get(const poa_yaml *y, const char *key)
{
	if (!y || y->kind != POA_YAML_MAP)
		return NULL;
	for (size_t i = 0; i < y->count; i++)
		if (strcmp(y->keys[i], key) == 0)
			return y->items[i];
	return NULL;
}

const char *poa_yaml_str(const poa_yaml *y, const char *key)
{
	const poa_yaml *v = poa_yaml_get(y, key);
	return v && v->kind == POA_YAML_SCALAR ? v->value : NULL;
}

long poa_yaml_int(const poa_yaml *y, const char *key, long dflt)
{
	const char *s = poa_yaml_str(y, key);
	if (!s || !*s)
		return dflt;
	char *end;
	long v = strtol(s, &end, 10);
	return *end ? dflt : v;
}
