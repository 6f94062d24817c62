/* audit_output.c — the writers of `poa audit`: text for people, TSV for
 * spreadsheets, JSON for tools. Hits are written as they come (JSON keeps
 * them, in memory and past 8 MiB in a temporary file, until the summary,
 * which comes first, is known). */
#include "audit.h"
#include "pages.h"
#include "buf.h"

#include <libintl.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#define _(s) dgettext("poa", s)
/* The hits' JSON kept in memory until the summary is written; past it, in
 * a temporary file. In huge pages where they pay (pages.h), and touched
 * only as far as it is used. */
#define HELD_MAX ((size_t)8 << 20)

struct poa_audit_writer {
	FILE *out;
	poa_audit_format format;
	int color;
	char *held;      /* JSON: the first hits */
	size_t nheld;
	FILE *spill;     /* JSON: the hits past HELD_MAX (made when needed) */
	size_t nhits;
	int failed;
};

poa_status poa_audit_writer_new(FILE *out, poa_audit_format format, int color, poa_audit_writer **w,
				poa_error *err)
{
	*w = calloc(1, sizeof **w);
	if (!*w)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	(*w)->out = out;
	(*w)->format = format;
	(*w)->color = color;
	if (format == POA_AUDIT_JSON && !((*w)->held = poa_pages_buffer(HELD_MAX, 0, poa_pages_huge()))) {
		free(*w);
		*w = NULL;
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	if (format == POA_AUDIT_TSV)
		fputs("file\trow\tsku\tasin\tcolumn\tterm\tmatch\tcontext\n", out);
	return POA_OK;
}

void poa_audit_writer_free(poa_audit_writer *w)
{
	if (!w)
		return;
	if (w->spill)
		fclose(w->spill);
	free(w->held);
	free(w);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* TSV cells: no tab or line break inside (the strings are clean already,
 * but a column name may hold anything). */
static void tsv_cell(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

/* The end of the run of bytes from i that JSON takes as they are: ASCII
 * from the space up, but the quote and the backslash. A run is a
 * context of 80 characters, most of a hit's JSON: 16 bytes a step. */
static size_t plain_run(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	while (n - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* Bytes from 0x80 are negative: below the space too. */
		__m128i stop = _mm_or_si128(_mm_cmplt_epi8(v, space),
					    _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)));
		unsigned m = (unsigned)_mm_movemask_epi8(stop);
		if (m)
			return i + (unsigned)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
		i++;
	return i;
}

/* A JSON string as json_dumps() writes it (the same escapes, UTF-8 kept),
 * bytes that are not UTF-8 as U+FFFD, at o, which has room for 6 bytes a
 * byte of s and the quotes (json_room). Returns the end. Written by hand:
 * jansson's pack and dump cost 40,000 instructions a hit, a tenth of a big
 * sweep; appending to a poa_buf byte by byte, 9,000. */
static char *json_str(char *o, const char *s)
{
	size_t n = strlen(s), i = 0;
	*o++ = '"';
	while (i < n) {
		size_t run = plain_run(s, i, n);   /* plain ASCII goes in one piece */
		memcpy(o, s + i, run - i);
		o += run - i;
		if ((i = run) == n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			size_t at = i;
			int32_t cp = poa_utf8_next(s, n, &i);
			if (cp == 0xFFFD && !(i - at == 3 && memcmp(s + at, "\xEF\xBF\xBD", 3) == 0)) {
				o += poa_utf8_put(0xFFFD, o);   /* 3 bytes for at least 1 */
			} else {
				memcpy(o, s + at, i - at);
				o += i - at;
			}
			continue;
		}
		i++;
		const char *esc = NULL;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default: break;
		}
		if (esc) {
			*o++ = esc[0];
			*o++ = esc[1];
		} else if (c < 0x20) {
			o += sprintf(o, "\\u%04X", c);
		} else {
			*o++ = (char)c;
		}
	}
	*o++ = '"';
	return o;
}

/* Room json_str() may need for s. */
static size_t json_room(const char *s)
{
	return strlen(s) * 6 + 2;
}

/* Keeps n bytes of hits for poa_audit_writer_finish: in memory, past
 * HELD_MAX in a temporary file (most sweeps never make one: creating,
 * writing, reading back and deleting it cost a few ms of the sweep's end). */
static void hold(poa_audit_writer *w, const char *s, size_t n)
{
	if (!w->spill && w->nheld + n <= HELD_MAX) {
		memcpy(w->held + w->nheld, s, n);
		w->nheld += n;
	} else if ((!w->spill && !(w->spill = tmpfile())) || fwrite(s, 1, n, w->spill) != n) {
		w->failed = 1;
	}
}

/* v in decimal at o; returns the end. (sprintf cost a fifth of a hit.) */
static char *put_number(char *o, size_t v)
{
	char digits[24];
	size_t n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*o++ = digits[--n];
	return o;
}

static void write_json_hit(poa_audit_writer *w, const poa_audit_hit *h)
{
	const char *keys[] = {"file", "row", "sku", "asin", "column", "term", "source", "match", "context"};
	const char *vals[] = {h->file, NULL, h->sku, h->asin, h->column, h->term, h->source, h->match, h->context};
	enum { NKEYS = sizeof keys / sizeof *keys };
	/* One buffer sized for the worst case, filled without a check a byte. */
	size_t room = 16 + 32;   /* the braces and separators, the row number */
	for (size_t i = 0; i < NKEYS; i++)
		room += strlen(keys[i]) + 6 + (vals[i] ? json_room(vals[i]) : 0);
	char stack[2048], *buf = room <= sizeof stack ? stack : malloc(room), *o = buf;
	if (!buf) {
		w->failed = 1;
		return;
	}
	const char *start = w->nhits > 1 ? ",\n    {" : "\n    {";
	memcpy(o, start, strlen(start));
	o += strlen(start);
	for (size_t i = 0; i < NKEYS; i++) {
		if (i) {
			*o++ = ',';
			*o++ = ' ';
		}
		*o++ = '"';
		memcpy(o, keys[i], strlen(keys[i]));
		o += strlen(keys[i]);
		memcpy(o, "\": ", 3);
		o += 3;
		if (vals[i])
			o = json_str(o, vals[i]);
		else
			o = put_number(o, h->row);
	}
	*o++ = '}';
	hold(w, buf, (size_t)(o - buf));
	if (buf != stack)
		free(buf);
}

void poa_audit_writer_hit(void *ctx, const poa_audit_hit *h)
{
	poa_audit_writer *w = ctx;
	w->nhits++;
	if (w->format == POA_AUDIT_TEXT) {
		const char *on = w->color ? "\033[1;31m" : "[", *off = w->color ? "\033[0m" : "]";
		fprintf(w->out, "%s:%zu  %s  %s  %s  \"%s\"\n    %.*s%s%.*s%s%s\n", h->file, h->row, or_dash(h->sku),
			or_dash(h->asin), h->column, h->term, (int)h->mark_start, h->context, on,
			(int)(h->mark_end - h->mark_start), h->context + h->mark_start, off, h->context + h->mark_end);
	} else if (w->format == POA_AUDIT_TSV) {
		const char *cells[] = {h->file, NULL, h->sku, h->asin, h->column, h->term, h->match, h->context};
		for (size_t i = 0; i < 8; i++) {
			if (i)
				fputc('\t', w->out);
			if (i == 1)
				fprintf(w->out, "%zu", h->row);
			else
				tsv_cell(w->out, cells[i]);
		}
		fputc('\n', w->out);
	} else {
		write_json_hit(w, h);
	}
}

/* The summary, as json_dumps() wrote it from a jansson object (which cost
 * more than writing it: an object of a thousand terms, hashed, dumped into
 * growing buffers, at the end of the sweep): the counts, then the hits per
 * term, most first. A term that is not UTF-8 is left out, as jansson
 * refused it as a key. */
char *poa_audit_summary_json(const poa_audit *a)
{
	poa_buf b;
	poa_buf_init(&b);
	poa_buf_printf(&b, "{\"rows\": %zu, \"rows_with_hits\": %zu, \"hits\": %zu, \"per_term\": {", poa_audit_rows(a),
		       poa_audit_rows_with_hits(a), poa_audit_hit_count(a));
	size_t n;
	const char *term;
	int first = 1;
	for (size_t i = 0; (term = poa_audit_term_hits(a, i, &n)) != NULL && !b.oom; i++) {
		size_t len = strlen(term);
		if (poa_utf8_valid_prefix(term, len) != len || !poa_buf_reserve(&b, json_room(term) + 32))
			continue;
		if (!first)
			poa_buf_add(&b, ", ", 2);
		first = 0;
		b.len = (size_t)(json_str(b.data + b.len, term) - b.data);
		poa_buf_printf(&b, ": %zu", n);
	}
	poa_buf_adds(&b, "}}");
	if (b.oom) {
		poa_buf_free(&b);
		return NULL;
	}
	return poa_buf_steal(&b);
}

/* 1234567 -> "1,234,567" */
static void thousands(char *out, size_t n)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof tmp, "%zu", n), k = 0;
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = tmp[i];
	}
	out[k] = '\0';
}

poa_status poa_audit_writer_finish(poa_audit_writer *w, const poa_audit *a, poa_error *err)
{
	if (w->format == POA_AUDIT_TEXT) {
		char rows[32], with[32], hits[32];
		thousands(rows, poa_audit_rows(a));
		thousands(with, poa_audit_rows_with_hits(a));
		thousands(hits, poa_audit_hit_count(a));
		if (w->nhits)
			fputc('\n', w->out);
		if (!poa_audit_hit_count(a)) {
			fprintf(w->out, _("Listings read: %s; no term found.\n"), rows);
		} else {
			fprintf(w->out, _("Listings read: %s; with terms: %s; hits: %s.\n"), rows, with, hits);
			size_t width = 0, n;
			const char *term;
			for (size_t i = 0; (term = poa_audit_term_hits(a, i, &n)) != NULL && i < 1000; i++)
				if (strlen(term) > width)
					width = strlen(term);
			if (width > 40)
				width = 40;
			for (size_t i = 0; (term = poa_audit_term_hits(a, i, &n)) != NULL; i++) {
				thousands(hits, n);
				fprintf(w->out, "  %-*s  %s\n", (int)width, term, hits);
			}
		}
	} else if (w->format == POA_AUDIT_JSON) {
		char *s = poa_audit_summary_json(a);
		if (!s)
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory writing the summary");
		fprintf(w->out, "{\"summary\": %s, \"hits\": [", s);
		free(s);
		fwrite(w->held, 1, w->nheld, w->out);
		if (w->spill) {
			rewind(w->spill);
			char buf[65536];
			size_t n;
			while ((n = fread(buf, 1, sizeof buf, w->spill)) > 0)
				fwrite(buf, 1, n, w->out);
		}
		fprintf(w->out, "%s]}\n", w->nhits ? "\n" : "");
		if ((w->spill && ferror(w->spill)) || w->failed)
			return poa_error_set(err, POA_ERR_IO,
					     "cannot write the hits to a temporary file (is /tmp writable, and not full?)");
	}
	if (fflush(w->out) != 0 || ferror(w->out))
		return poa_error_set(err, POA_ERR_IO, "cannot write the output (disk full or closed pipe?)");
	return POA_OK;
}
