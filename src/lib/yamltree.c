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

poa_yaml *poa_yaml_new(poa_yaml_kind kind, const char *value)
{
	poa_yaml *y = calloc(1, sizeof *y);
	if (!y)
		return NULL;
	y->kind = kind;
	if (kind == POA_YAML_SCALAR && !(y->value = poa_strdup0(value ? value : ""))) {
		free(y);
		return NULL;
	}
	return y;
}

int poa_yaml_set(poa_yaml *map, const char *key, poa_yaml *child)
{
	if (!child || map->kind != POA_YAML_MAP) {
		poa_yaml_free(child);
		return 0;
	}
	for (size_t i = 0; i < map->count; i++)
		if (strcmp(map->keys[i], key) == 0) {
			poa_yaml_free(map->items[i]);
			map->items[i] = child;
			return 1;
		}
	char *k = poa_strdup0(key);
	if (!k || !push_item(map, k, child)) {
		free(k);
		poa_yaml_free(child);
		return 0;
	}
	return 1;
}

int poa_yaml_append(poa_yaml *list, poa_yaml *child)
{
	if (!child || list->kind != POA_YAML_LIST || !push_item(list, NULL, child)) {
		poa_yaml_free(child);
		return 0;
	}
	return 1;
}

int poa_yaml_set_str(poa_yaml *map, const char *key, const char *value)
{
	return !value || poa_yaml_set(map, key, poa_yaml_new(POA_YAML_SCALAR, value));
}

/* Length of the character at s that YAML would not read back as it is
 * from a single-quoted scalar, else 0: a control character but tab (a
 * newline would be read back as a space), DEL, C1 controls, a BOM, U+FFFE and
 * U+FFFF (not allowed), NEL, U+2028 and U+2029 (read as line breaks). */
static size_t not_printable(const unsigned char *s)
{
	if ((s[0] < 0x20 && s[0] != '\t') || s[0] == 0x7F)
		return 1;
	if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
		return 2;
	if ((s[0] == 0xEF && ((s[1] == 0xBB && s[2] == 0xBF) || (s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)))) ||
	    (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)))
		return 3;
	return 0;
}

/* A scalar with such characters, double-quoted with each escaped: single
 * quotes cannot hold them, and the parser would refuse what was stored
 * (an answer typed with a control character could not be saved). Line
 * breaks are kept as \n: a root cause typed as three paragraphs is
 * stored, and drafted, as three paragraphs. */
static void emit_escaped(poa_buf *b, const char *v)
{
	poa_buf_addc(b, '"');
	size_t len = strlen(v);
	for (size_t i = 0; i < len;) {
		const unsigned char *s = (const unsigned char *)v + i;
		size_t n = not_printable(s);
		if (*s == '\n') {
			poa_buf_adds(b, "\\n");
		} else if (n) {
			size_t at = i;
			poa_buf_printf(b, "\\u%04X", (unsigned)poa_utf8_next(v, len, &at));
		} else if (*s == '"' || *s == '\\') {
			poa_buf_printf(b, "\\%c", *s);
		} else {
			poa_buf_addc(b, (char)*s);
		}
		i += n ? n : 1;
	}
	poa_buf_addc(b, '"');
}

static void emit_scalar(poa_buf *b, const char *v)
{
	for (const unsigned char *s = (const unsigned char *)v; *s; s++)
		if (not_printable(s)) {
			emit_escaped(b, v);
			return;
		}
	poa_buf_addc(b, '\'');
	for (; *v; v++) {
		if (*v == '\'')
			poa_buf_addc(b, '\'');
		poa_buf_addc(b, *v);
	}
	poa_buf_addc(b, '\'');
}

static void emit(poa_buf *b, const poa_yaml *y, int indent)
{
	for (size_t i = 0; i < y->count; i++) {
		const poa_yaml *c = y->items[i];
		poa_buf_printf(b, "%*s", indent, "");
		if (y->kind == POA_YAML_MAP)
			poa_buf_printf(b, "%s:", y->keys[i]);
		else
			poa_buf_adds(b, "-");
		if (c->kind == POA_YAML_SCALAR) {
			poa_buf_addc(b, ' ');
			emit_scalar(b, c->value);
			poa_buf_addc(b, '\n');
		} else if (c->count == 0) {
			poa_buf_adds(b, c->kind == POA_YAML_MAP ? " {}\n" : " []\n");
		} else {
			poa_buf_addc(b, '\n');
			emit(b, c, indent + 2);
		}
	}
}

char *poa_yaml_emit(const poa_yaml *y)
{
	poa_buf b;
	poa_buf_init(&b);
	if (y->kind == POA_YAML_SCALAR) {
		emit_scalar(&b, y->value);
		poa_buf_addc(&b, '\n');
	} else {
		emit(&b, y, 0);
	}
	return poa_buf_steal(&b);
}
