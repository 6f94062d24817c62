/* request.c — reading a request's body: URL-encoded forms, multipart forms
 * with files, and JSON. The body is whole in memory (server.c caps its
 * size first); fields are copies, NUL-terminated. */
#include "request.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *web_url_decode(const char *s, size_t n, size_t *outlen)
{
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	if (outlen)
		*outlen = o;
	return out;
}

static int add_field(web_req *r, char *name, char *value, size_t len, char *filename, char *type)
{
	if (!name || !value || r->nfields >= WEB_MAX_FIELDS) {
		free(name);
		free(value);
		free(filename);
		free(type);
		return 0;
	}
	if (!r->fields && !(r->fields = calloc(WEB_MAX_FIELDS, sizeof *r->fields))) {
		free(name);
		free(value);
		free(filename);
		free(type);
		return 0;
	}
	r->fields[r->nfields++] = (web_field){name, value, len, filename, type};
	return 1;
}

static int parse_urlencoded(web_req *r, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - s) : n;
		const char *eq = memchr(s + i, '=', end - i);
		if (end > i) {
			size_t klen = eq ? (size_t)(eq - s) - i : end - i;
			size_t vlen = 0;
			char *k = web_url_decode(s + i, klen, NULL);
			char *v = eq ? web_url_decode(eq + 1, end - (size_t)(eq + 1 - s), &vlen) : strdup("");
			if (!add_field(r, k, v, vlen, NULL, NULL))
				return 0;
		}
		i = end + 1;
	}
	return 1;
}

static const void *find(const char *hay, size_t n, const char *needle, size_t m)
{
	return m ? memmem(hay, n, needle, m) : NULL;
}

/* A parameter of a header value: name="value" or name=value. */
static char *header_param(const char *h, size_t n, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + nl < n; i++) {
		if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ' || h[i - 1] == '\t') && strncasecmp(h + i, name, nl) == 0 &&
		    h[i + nl] == '=') {
			const char *v = h + i + nl + 1, *end = h + n;
			if (v < end && *v == '"') {
				const char *q = memchr(v + 1, '"', (size_t)(end - v - 1));
				return q ? strndup(v + 1, (size_t)(q - v - 1)) : NULL;
			}
			const char *e = v;
			while (e < end && *e != ';' && *e != ' ' && *e != '\r' && *e != '\n')
				e++;
			return strndup(v, (size_t)(e - v));
		}
	}
	return NULL;
}

static int parse_multipart(web_req *r, const char *ctype, const char *s, size_t n)
{
	char *boundary = header_param(ctype, strlen(ctype), "boundary");
	if (!boundary || !*boundary || strlen(boundary) > 200) {
		free(boundary);
		return 0;
	}
	char delim[256];
	int dl = snprintf(delim, sizeof delim, "--%s", boundary);
	free(boundary);
	const char *p = find(s, n, delim, (size_t)dl);
	if (!p)
		return 0;
	for (;;) {
		p += dl;
		size_t left = n - (size_t)(p - s);
		if (left >= 2 && p[0] == '-' && p[1] == '-')
			return 1;   /* the closing delimiter */
		if (left < 2 || p[0] != '\r' || p[1] != '\n')
			return 0;
		p += 2;
		left -= 2;
		const char *hend = find(p, left, "\r\n\r\n", 4);
		if (!hend)
			return 0;
		char *name = NULL, *filename = NULL, *type = NULL;
		for (const char *line = p; line < hend;) {
			const char *eol = find(line, (size_t)(hend - line), "\r\n", 2);
			if (!eol)
				eol = hend;
			size_t ll = (size_t)(eol - line);
			if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
				free(name);
				free(filename);
				name = header_param(line + 20, ll - 20, "name");
				filename = header_param(line + 20, ll - 20, "filename");
			} else if (ll > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
				const char *v = line + 13;
				while (v < eol && *v == ' ')
					v++;
				free(type);
				type = strndup(v, (size_t)(eol - v));
			}
			line = eol + 2;
		}
		const char *data = hend + 4;
		char close[260];
		int cl = snprintf(close, sizeof close, "\r\n%s", delim);
		const char *next = find(data, n - (size_t)(data - s), close, (size_t)cl);
		if (!next || !name) {
			free(name);
			free(filename);
			free(type);
			return 0;
		}
		size_t vlen = (size_t)(next - data);
		char *value = malloc(vlen + 1);
		if (value) {
			memcpy(value, data, vlen);
			value[vlen] = '\0';
		}
		if (!add_field(r, name, value, vlen, filename, type))
			return 0;
		p = next + 2;
	}
}

static int utf8(const char *s, size_t n)
{
	return poa_utf8_valid_prefix(s, n) == n;
}

/* A form's fields are text (the pages are UTF-8, and so is what a browser
 * sends from them): what is not would be stored as it came and break the
 * JSON the API answers with later (a letter saved from a form, then a 500
 * for GET /api/cases/N/letters/ID). A file's content is any bytes; the
 * name a browser gives it is shown and stored, so it is made text. */
static int fields_are_text(web_req *r)
{
	for (size_t i = 0; i < r->nfields; i++) {
		web_field *f = &r->fields[i];
		if (!utf8(f->name, strlen(f->name)) || (!f->filename && !utf8(f->value, f->len)))
			return 0;
		if (f->filename)
			poa_utf8_fix(f->filename);
		if (f->type)
			poa_utf8_fix(f->type);
	}
	return 1;
}

int web_body_parse(web_req *r, const char *ctype, const char **why)
{
	const char *s = r->body.data ? r->body.data : "";
	size_t n = r->body.len;
	*why = NULL;
	if (!ctype)
		ctype = "";
	if (strncasecmp(ctype, "application/json", 16) == 0) {
		json_error_t je;
		r->json = json_loadb(s, n, 0, &je);
		if (!r->json || !json_is_object(r->json)) {
			*why = "the body is not a JSON object";
			return 400;
		}
		return 0;
	}
	if (strncasecmp(ctype, "multipart/form-data", 19) == 0) {
		if (!parse_multipart(r, ctype, s, n)) {
			*why = "the multipart body is malformed";
			return 400;
		}
	} else if (strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0 || (!*ctype && n == 0)) {
		if (!parse_urlencoded(r, s, n)) {
			*why = "the form has too many fields";
			return 400;
		}
	} else {
		*why = "send a form (application/x-www-form-urlencoded or multipart/form-data) or JSON (application/json)";
		return 415;
	}
	if (!fields_are_text(r)) {
		*why = "the form is not UTF-8 text; reload the page and send it again";
		return 400;
	}
	return 0;
}

void web_fields_free(web_req *r)
{
	for (size_t i = 0; i < r->nfields; i++) {
		free(r->fields[i].name);
		free(r->fields[i].value);
		free(r->fields[i].filename);
		free(r->fields[i].type);
	}
	free(r->fields);
	r->fields = NULL;
	r->nfields = 0;
	json_decref(r->json);
	r->json = NULL;
}

const char *web_field_get(web_req *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return NULL;
}

const web_field *web_file(web_req *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0 && r->fields[i].filename)
			return &r->fields[i];
	return NULL;
}
