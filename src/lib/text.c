/* text.c — normalisation with provenance, and charset conversion. */
#include "text.h"
#include "buf.h"
#include "dynlib.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>
#include <utf8proc.h>

/* uchardet is C++ and brings libstdc++: loaded only for text that is not
 * the UTF-8 it claims (or claims nothing and is not UTF-8). */
typedef struct chardet_api {
	uchardet_t (*create)(void);
	void (*destroy)(uchardet_t);
	int (*handle_data)(uchardet_t, const char *, size_t);
	void (*data_end)(uchardet_t);
	const char *(*charset)(uchardet_t);
} chardet_api;

static chardet_api chardet;
static const poa_dynlib_sym chardet_syms[] = {
	POA_DYNLIB_SYM(chardet_api, create, "uchardet_new"),
	POA_DYNLIB_SYM(chardet_api, destroy, "uchardet_delete"),
	POA_DYNLIB_SYM(chardet_api, handle_data, "uchardet_handle_data"),
	POA_DYNLIB_SYM(chardet_api, data_end, "uchardet_data_end"),
	POA_DYNLIB_SYM(chardet_api, charset, "uchardet_get_charset"),
	{NULL, 0},
};
static poa_dynlib chardet_lib = POA_DYNLIB("libuchardet.so.0", "libuchardet0", chardet_syms, &chardet);

void poa_normtext_free(poa_normtext *t)
{
	free(t->text);
	free(t->lower);
	free(t->map);
	memset(t, 0, sizeof *t);
}

poa_span poa_normtext_span(const poa_normtext *t, size_t a, size_t b)
{
	if (a > t->len)
		a = t->len;
	if (b > t->len)
		b = t->len;
	poa_span s = {t->map[a], t->map[a]};
	if (b > a) {
		/* End where the next source character starts, so the span covers
		 * all of its last character even when that one became several
		 * normalised bytes (a ligature, an entity). */
		size_t k = b;
		while (k < t->len && t->map[k] == t->map[b - 1])
			k++;
		s.end = t->map[k];
	}
	return s;
}

/* Output under construction: text plus the source offset of each byte. */
typedef struct out_t {
	poa_buf text;
	size_t *map;
	size_t mapcap;
	int oom;
} out_t;

/* Appends n bytes made from the source character at src; with own, a run
 * of source bytes that normalise to themselves, each mapped to its own
 * source byte. */
static void emit_mapped(out_t *o, const char *p, size_t n, size_t src, int own)
{
	if (o->text.len + n + 1 > o->mapcap) {
		size_t cap = o->mapcap ? o->mapcap * 2 : 256;
		while (cap < o->text.len + n + 1)
			cap *= 2;
		size_t *m = realloc(o->map, cap * sizeof *m);
		if (!m) {
			o->oom = 1;
			return;
		}
		o->map = m;
		o->mapcap = cap;
	}
	for (size_t i = 0; i < n; i++)
		o->map[o->text.len + i] = own ? src + i : src;
	poa_buf_add(&o->text, p, n);
}

static void emit(out_t *o, const char *p, size_t n, size_t src)
{
	emit_mapped(o, p, n, src, 0);
}

/* How many bytes from s[i] are printable ASCII that normalisation keeps as
 * they are: not a space, a control, or '&' (which may start an entity). */
static size_t plain_ascii_run(const char *s, size_t len, size_t i)
{
	size_t k = i;
	while (k < len && (unsigned char)s[k] > 0x20 && (unsigned char)s[k] < 0x7F && s[k] != '&')
		k++;
	return k - i;
}

static void emit_cp(out_t *o, int32_t cp, size_t src)
{
	char u[4];
	emit(o, u, poa_utf8_put(cp, u), src);
}

static int32_t fold_punct(int32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0xFF07:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0xFF02:
		return '"';
	default:
		return cp;
	}
}

static int is_ignorable(int32_t cp)
{
	return cp == 0x00AD || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
	       cp == 0x2060 || cp == 0xFEFF;
}

static int is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
	       cp == '\v' || cp == 0x00A0 || cp == 0x3000 || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

static const struct {
	const char *name;
	int32_t cp;
} entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"nbsp", 0xA0}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"ldquo", 0x201C},
	{"rdquo", 0x201D}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026},
	{"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}, {"middot", 0xB7}, {"bull", 0x2022},
};

/* Decodes an HTML entity at s[i] ('&'); returns the code point and sets *n
 * to its length, or returns -1 when it is not an entity. */
static int32_t entity_at(const char *s, size_t len, size_t i, size_t *n)
{
	size_t j = i + 1, end = i + 12 < len ? i + 12 : len;
	while (j < end && s[j] != ';')
		j++;
	if (j >= end || j == i + 1)
		return -1;
	*n = j - i + 1;
	if (s[i + 1] == '#') {
		int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
		char *e;
		long v = strtol(s + i + (hex ? 3 : 2), &e, hex ? 16 : 10);
		if (e != s + j || v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			return -1;
		return (int32_t)v;
	}
	for (size_t k = 0; k < sizeof entities / sizeof *entities; k++)
		if (strlen(entities[k].name) == j - i - 1 &&
		    memcmp(entities[k].name, s + i + 1, j - i - 1) == 0)
			return entities[k].cp;
	return -1;
}

/* Emits cp after compatibility folding (full-width letters, ligatures,
 * NBSP), keeping canonical characters such as é as they are. Returns the
 * last code point emitted. */
static int32_t emit_folded(out_t *o, int32_t cp, size_t src)
{
	cp = fold_punct(cp);
	if (cp < 0x80) {
		emit_cp(o, cp, src);
		return cp;
	}
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	if (!p->decomp_type) {
		emit_cp(o, cp, src);
		return cp;
	}
	utf8proc_int32_t d[18];
	int lbc = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 18, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &lbc);
	if (n <= 0 || n > 18) {
		emit_cp(o, cp, src);
		return cp;
	}
	n = utf8proc_normalize_utf32(d, n, UTF8PROC_COMPOSE);
	int32_t last = cp;
	for (utf8proc_ssize_t k = 0; k < n; k++) {
		last = fold_punct(d[k]);
		emit_cp(o, last, src);
	}
	return last;
}

poa_status poa_normalise(const char *s, size_t len, poa_normtext *t, poa_error *err)
{
	return poa_normalise_mode(s, len, 0, t, err);
}

poa_status poa_normalise_mode(const char *s, size_t len, int keep_lines, poa_normtext *t,
			      poa_error *err)
{
	out_t o = {0};
	poa_buf_init(&o.text);
	/* The output is rarely longer than the input: sized for it at once, the
	 * buffers are not grown by doubling through fresh heap pages, each a
	 * page fault (bench/README.md). A longer output still grows them. */
	o.map = malloc((len + 1) * sizeof *o.map);
	o.mapcap = o.map ? len + 1 : 0;
	poa_buf_reserve(&o.text, len);
	int32_t prev = 0;       /* last emitted code point, 0 at the start */
	size_t i = 0, end = 0;  /* end: just past the last source character kept */
	while (i < len) {
		/* Most of a notice is plain ASCII: copied a run at a time, not
		 * decoded and folded character by character. */
		size_t run = plain_ascii_run(s, len, i);
		if (run) {
			emit_mapped(&o, s + i, run, i, 1);
			prev = (unsigned char)s[i + run - 1];
			i += run;
			end = i;
			continue;
		}
		size_t at = i;
		int32_t cp = poa_utf8_next(s, len, &i);
		if (cp == '&') {
			size_t n;
			int32_t e = entity_at(s, len, at, &n);
			if (e >= 0) {
				cp = e;
				i = at + n;
			}
		}
		if (is_ignorable(cp))
			continue;
		if (is_space(cp)) {
			int newlines = cp == '\n';
			size_t k = i, next_at = i;
			int32_t next = 0;
			while (k < len) {
				next_at = k;
				next = poa_utf8_next(s, len, &k);
				if (!is_space(next) && !is_ignorable(next))
					break;
				newlines += next == '\n';
				next = 0;
				next_at = k;
			}
			i = next_at;
			if (!prev || !next)
				continue;
			if (newlines >= 2 || (keep_lines && newlines)) {
				emit(&o, "\n", 1, at);
				prev = '\n';
			} else if (!(poa_is_cjk(prev) && poa_is_cjk(next))) {
				emit(&o, " ", 1, at);
				prev = ' ';
			}
			continue;
		}
		if (cp < 0x20 || cp == 0x7F)
			continue;
		prev = emit_folded(&o, cp, at);
		end = i;
	}
	emit(&o, "", 0, len);
	if (o.oom || o.text.oom || !o.map) {
		free(o.map);
		poa_buf_free(&o.text);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory normalising text");
	}
	/* The end maps to the end of the last character kept, so a span ending
	 * the text does not take in trailing blanks. */
	o.map[o.text.len] = end;
	t->len = o.text.len;
	t->text = poa_buf_steal(&o.text);
	t->map = o.map;
	t->lower = t->text ? poa_strndup(t->text, t->len) : NULL;
	if (!t->text || !t->lower) {
		poa_normtext_free(t);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory normalising text");
	}
	for (size_t k = 0; k < t->len; k++)
		if (t->lower[k] >= 'A' && t->lower[k] <= 'Z')
			t->lower[k] = (char)(t->lower[k] + 32);
	return POA_OK;
}

int poa_looks_binary(const char *data, size_t len)
{
	size_t n = len < 8192 ? len : 8192, ctl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c == 0)
			return 1;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B)
			ctl++;
	}
	return n && ctl * 20 > n;
}

/* Names as iconv knows them, widened to the superset Windows really uses. */
static const char *iconv_name(const char *cs)
{
	static const struct { const char *from, *to; } alias[] = {
		{"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"gb18030", "GB18030"}, {"x-gbk", "GB18030"},
		{"cp936", "GB18030"}, {"euc-cn", "GB18030"}, {"iso-8859-1", "WINDOWS-1252"},
		{"latin1", "WINDOWS-1252"}, {"us-ascii", "UTF-8"}, {"ascii", "UTF-8"},
		{"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
		{"windows-31j", "CP932"}, {"utf8", "UTF-8"},
	};
	for (size_t i = 0; i < sizeof alias / sizeof *alias; i++)
		if (strcasecmp(cs, alias[i].from) == 0)
			return alias[i].to;
	return cs;
}

static poa_status convert(const char *name, const char *data, size_t len, const char *cs,
			  char **out, size_t *outlen, poa_error *err)
{
	iconv_t cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: unknown character set '%s'; re-save the file as UTF-8 or name its encoding with --encoding",
				     name, cs);
	poa_buf b;
	poa_buf_init(&b);
	char *in = (char *)data;
	size_t inleft = len;
	poa_status st = POA_OK;
	while (inleft > 0 && st == POA_OK) {
		if (!poa_buf_reserve(&b, inleft * 2 + 16)) {
			st = poa_error_set(err, POA_ERR_NOMEM, "%s: out of memory converting text", name);
			break;
		}
		char *o = b.data + b.len;
		size_t oleft = b.cap - b.len - 1;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		b.len = (size_t)(o - b.data);
		if (r == (size_t)-1 && errno == E2BIG)
			continue;
		if (r == (size_t)-1) {
			st = poa_error_set(err, POA_ERR_INPUT,
					   "%s: byte %zu is not valid %s; re-save the file as UTF-8 or name its encoding with --encoding",
					   name, (size_t)(in - data), cs);
		}
	}
	iconv_close(cd);
	if (st != POA_OK) {
		poa_buf_free(&b);
		return st;
	}
	poa_buf_add(&b, "", 0);
	*outlen = b.len;
	*out = poa_buf_steal(&b);
	return *out ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

poa_status poa_to_utf8(const char *name, const char *data, size_t len, const char *charset,
		       char **out, size_t *outlen, char used[POA_CHARSET_MAX], poa_error *err)
{
	char detected[POA_CHARSET_MAX];
	const char *cs = charset ? iconv_name(charset) : NULL;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 && (!cs || strcasecmp(cs, "UTF-8") == 0)) {
		data += 3;
		len -= 3;
		cs = "UTF-8";
	}
	if (!cs || strcasecmp(cs, "UTF-8") == 0) {
		if (poa_utf8_valid_prefix(data, len) == len) {
			snprintf(used, POA_CHARSET_MAX, "UTF-8");
			*out = poa_strndup(data, len);
			*outlen = len;
			return *out ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		}
		/* Declared UTF-8 but it is not (mail clients mislabel): detect. */
		poa_status st = poa_dynlib_load(&chardet_lib, POA_ERR_INPUT, err);
		if (st)
			return st;
		uchardet_t ud = chardet.create();
		const char *guess = NULL;
		if (ud && chardet.handle_data(ud, data, len) == 0) {
			chardet.data_end(ud);
			guess = chardet.charset(ud);
		}
		if (guess && *guess && strcasecmp(guess, "ASCII") != 0 && strcasecmp(guess, "UTF-8") != 0) {
			snprintf(detected, sizeof detected, "%s", iconv_name(guess));
			cs = detected;
		} else {
			cs = NULL;
		}
		if (ud)
			chardet.destroy(ud);
		if (!cs) {
			size_t bad = poa_utf8_valid_prefix(data, len);
			return poa_error_set(err, POA_ERR_INPUT,
					     "%s: byte %zu is not valid UTF-8 and the encoding could not be recognised; "
					     "re-save the file as UTF-8 or name its encoding with --encoding",
					     name, bad);
		}
	}
	poa_status st = convert(name, data, len, cs, out, outlen, err);
	if (st == POA_OK)
		snprintf(used, POA_CHARSET_MAX, "%s", cs);
	return st;
}
