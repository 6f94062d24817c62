/* template.c — the renderer described in template.h. */
#include "template.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

typedef struct render {
	const char *name, *tpl;
	size_t len;
	const poa_yaml *stack[MAX_DEPTH + 1];
	int depth;
	int partial;
	poa_buf out;
	poa_template_result *res;
	poa_error *err;
	poa_status st;
} render;

static size_t line_at(const render *r, size_t at)
{
	size_t line = 1;
	for (size_t i = 0; i < at && i < r->len; i++)
		line += r->tpl[i] == '\n';
	return line;
}

static poa_status fail(render *r, size_t at, const char *what, const char *tag)
{
	if (r->st == POA_OK)
		r->st = poa_error_set(r->err, POA_ERR_INPUT, "%s:%zu: %s '%s'", r->name, line_at(r, at), what, tag);
	return r->st;
}

/* Resolves a dotted name against the context stack, innermost first. */
static const poa_yaml *lookup(const render *r, const char *name)
{
	if (strcmp(name, ".") == 0)
		return r->stack[r->depth];
	char first[128];
	const char *dot = strchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name);
	if (n >= sizeof first)
		return NULL;
	memcpy(first, name, n);
	first[n] = '\0';
	const poa_yaml *v = NULL;
	for (int d = r->depth; d >= 0 && !v; d--)
		v = poa_yaml_get(r->stack[d], first);
	while (v && dot) {
		const char *next = strchr(dot + 1, '.');
		size_t k = next ? (size_t)(next - dot - 1) : strlen(dot + 1);
		if (k >= sizeof first)
			return NULL;
		memcpy(first, dot + 1, k);
		first[k] = '\0';
		v = poa_yaml_get(v, first);
		dot = next;
	}
	return v;
}

static int truthy(const poa_yaml *v)
{
	if (!v)
		return 0;
	if (v->kind == POA_YAML_LIST)
		return v->count > 0;
	if (v->kind == POA_YAML_MAP)
		return 1;
	const char *s = v->value;
	return *s && strcmp(s, "false") != 0 && strcmp(s, "no") != 0 && strcmp(s, "0") != 0;
}

static void note_missing(render *r, const char *name)
{
	for (size_t i = 0; i < r->res->nmissing; i++)
		if (strcmp(r->res->missing[i], name) == 0)
			return;
	char **v = realloc(r->res->missing, (r->res->nmissing + 1) * sizeof *v);
	char *copy = poa_strdup0(name);
	if (!v || !copy) {
		free(copy);
		if (v)
			r->res->missing = v;
		r->st = poa_error_set(r->err, POA_ERR_NOMEM, "out of memory");
		return;
	}
	r->res->missing = v;
	v[r->res->nmissing++] = copy;
}

/* Reads the tag at tpl[at] ("{{"); fills kind ('#', '^', '/', '!', or 0),
 * the trimmed name and the position after "}}". Returns 0 if unterminated. */
static int read_tag(const render *r, size_t at, char *kind, char *name, size_t namesz, size_t *after)
{
	const char *close = memmem(r->tpl + at + 2, r->len - at - 2, "}}", 2);
	if (!close)
		return 0;
	size_t a = at + 2, b = (size_t)(close - r->tpl);
	*kind = strchr("#^/!", r->tpl[a]) && r->tpl[a] ? r->tpl[a] : 0;
	if (*kind)
		a++;
	while (a < b && r->tpl[a] == ' ')
		a++;
	while (b > a && r->tpl[b - 1] == ' ')
		b--;
	size_t n = b - a < namesz - 1 ? b - a : namesz - 1;
	memcpy(name, r->tpl + a, n);
	name[n] = '\0';
	*after = (size_t)(close - r->tpl) + 2;
	return 1;
}

/* Finds the {{/name}} closing the section whose body starts at from,
 * counting nested sections of the same name. */
static int find_close(const render *r, size_t from, const char *name, size_t *body_end, size_t *after)
{
	int level = 1;
	size_t at = from;
	const char *p;
	while ((p = memmem(r->tpl + at, r->len - at, "{{", 2))) {
		size_t t = (size_t)(p - r->tpl), next;
		char kind, tag[128];
		if (!read_tag(r, t, &kind, tag, sizeof tag, &next))
			return 0;
		if ((kind == '#' || kind == '^') && strcmp(tag, name) == 0)
			level++;
		if (kind == '/' && strcmp(tag, name) == 0 && --level == 0) {
			*body_end = t;
			*after = next;
			return 1;
		}
		at = next;
	}
	return 0;
}

static void render_range(render *r, size_t a, size_t b);

static void render_section(render *r, char kind, const char *name, size_t tag_at, size_t body, size_t *after)
{
	size_t body_end;
	if (!find_close(r, body, name, &body_end, after)) {
		fail(r, tag_at, "section is never closed:", name);
		return;
	}
	const poa_yaml *v = lookup(r, name);
	if (kind == '^') {
		if (!truthy(v))
			render_range(r, body, body_end);
		return;
	}
	if (!truthy(v))
		return;
	if (r->depth >= MAX_DEPTH) {
		fail(r, tag_at, "sections nested too deep at", name);
		return;
	}
	if (v->kind == POA_YAML_LIST) {
		for (size_t i = 0; i < v->count && r->st == POA_OK; i++) {
			r->stack[++r->depth] = v->items[i];
			render_range(r, body, body_end);
			r->depth--;
		}
	} else {
		r->stack[++r->depth] = v;
		render_range(r, body, body_end);
		r->depth--;
	}
}

static void render_value(render *r, const char *name)
{
	const poa_yaml *v = lookup(r, name);
	if (v && v->kind == POA_YAML_SCALAR && *v->value) {
		poa_buf_adds(&r->out, v->value);
		return;
	}
	note_missing(r, name);
	if (r->partial)
		poa_buf_printf(&r->out, "[[MISSING: %s]]", name);
}

static void render_range(render *r, size_t a, size_t b)
{
	size_t at = a;
	while (at < b && r->st == POA_OK) {
		const char *p = memmem(r->tpl + at, b - at, "{{", 2);
		size_t t = p ? (size_t)(p - r->tpl) : b;
		poa_buf_add(&r->out, r->tpl + at, t - at);
		if (!p)
			return;
		char kind, name[128];
		size_t after;
		if (!read_tag(r, t, &kind, name, sizeof name, &after) || after > b) {
			fail(r, t, "tag is never closed:", "{{");
			return;
		}
		if (kind == '#' || kind == '^')
			render_section(r, kind, name, t, after, &after);
		else if (kind == '/')
			fail(r, t, "closes a section that is not open:", name);
		else if (kind != '!')
			render_value(r, name);
		at = after;
	}
}

/* Checks the nesting of every tag before anything renders, so that a
 * broken template fails whatever the facts (a section skipped for one
 * seller would otherwise hide its errors). */
static void validate(render *r)
{
	char open[MAX_DEPTH][128];
	size_t open_at[MAX_DEPTH];
	int depth = 0;
	size_t at = 0;
	const char *p;
	while (r->st == POA_OK && (p = memmem(r->tpl + at, r->len - at, "{{", 2))) {
		size_t t = (size_t)(p - r->tpl), after;
		char kind, name[128];
		if (!read_tag(r, t, &kind, name, sizeof name, &after)) {
			fail(r, t, "tag is never closed:", "{{");
			return;
		}
		if (kind == '#' || kind == '^') {
			if (depth == MAX_DEPTH) {
				fail(r, t, "sections nested too deep at", name);
				return;
			}
			memcpy(open[depth], name, sizeof name);
			open_at[depth++] = t;
		} else if (kind == '/') {
			if (depth == 0 || strcmp(open[depth - 1], name) != 0) {
				fail(r, t, "closes a section that is not open:", name);
				return;
			}
			depth--;
		} else if (kind == 0 && !*name) {
			fail(r, t, "empty tag", "{{}}");
			return;
		}
		at = after;
	}
	if (depth > 0)
		fail(r, open_at[depth - 1], "section is never closed:", open[depth - 1]);
}

poa_status poa_template_render(const char *name, const char *tpl, size_t len, const poa_yaml *ctx, int partial,
			       poa_template_result *out, poa_error *err)
{
	memset(out, 0, sizeof *out);
	render r = {.name = name, .tpl = tpl, .len = len, .partial = partial, .res = out, .err = err};
	r.stack[0] = ctx;
	poa_buf_init(&r.out);
	validate(&r);
	if (r.st == POA_OK)
		render_range(&r, 0, len);
	if (r.st == POA_OK && r.out.oom)
		r.st = poa_error_set(err, POA_ERR_NOMEM, "out of memory rendering %s", name);
	if (r.st == POA_OK && out->nmissing && !partial) {
		poa_buf list;
		poa_buf_init(&list);
		for (size_t i = 0; i < out->nmissing; i++)
			poa_buf_printf(&list, "%s%s", i ? ", " : "", out->missing[i]);
		r.st = poa_error_set(err, POA_ERR_INPUT, "%s: facts missing: %s; answer these questions first",
				     name, list.data ? list.data : "");
		poa_buf_free(&list);
	}
	if (r.st == POA_OK)
		out->text = poa_buf_steal(&r.out);
	else
		poa_buf_free(&r.out);
	return r.st;
}

void poa_template_result_free(poa_template_result *r)
{
	free(r->text);
	for (size_t i = 0; i < r->nmissing; i++)
		free(r->missing[i]);
	free(r->missing);
	memset(r, 0, sizeof *r);
}
