/* audit_token.c — the one definition of a word for `poa audit`: terms and
 * report fields go through the same normalisation and the same split, so
 * that both sides meet (see audit.h). */
#include "audit.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ASCII: letters, digits and '_' are word bytes (as for grep -w); bytes
 * from 0x80 send the field to the Unicode path. */
#define W AUDIT_WORD
#define H AUDIT_HIGH
const unsigned char audit_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, W, W, W, W, W, W, W, W, W, W, 0, 0, 0, 0, 0, 0,
	0, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, 0, 0, 0, 0, W,
	0, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W, 0, 0, 0, 0, 0,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef W
#undef H

/* ASCII lower case. */
const unsigned char audit_fold[256] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
	0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
	0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
	0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
};

/* The folded byte of an ASCII word byte, 0 for a separator, 0x80 for bytes
 * from 0x80. */
const unsigned char audit_wordbyte[256] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x5f,
	0x00, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f,
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

uint64_t audit_word_prehash(const char *s, size_t len, uint64_t *first)
{
	/* The same chunks as audit_prehash_padded(), copied into a padded
	 * buffer a piece at a time, as s may end with the word. */
	unsigned char buf[72];
	uint64_t h = 0;
	size_t done = 0;
	do {
		size_t n = len - done > 64 ? 64 : len - done;
		memset(buf, 0, sizeof buf);
		memcpy(buf, s + done, n);
		if (done == 0) {
			h = audit_chunk(AUDIT_SEED ^ len, audit_load64(buf));
			if (first)
				*first = h;
			h = audit_chunk(h, audit_load64(buf + 8));
			for (size_t i = 16; i < n; i += 8)
				h = audit_chunk(h, audit_load64(buf + i));
		} else {
			for (size_t i = 0; i < n; i += 8)
				h = audit_chunk(h, audit_load64(buf + i));
		}
		done += n;
	} while (done < len);
	return h;
}

void audit_norm_free(audit_norm *n)
{
	free(n->text);
	free(n->map);
	memset(n, 0, sizeof *n);
}

static int reserve(audit_norm *n, size_t extra)
{
	if (n->len + extra + 1 <= n->cap)
		return 0;
	size_t cap = n->cap ? n->cap : 256;
	while (cap < n->len + extra + 1)
		cap *= 2;
	char *t = realloc(n->text, cap);
	if (!t)
		return -1;
	n->text = t;
	size_t *m = realloc(n->map, cap * sizeof *m);
	if (!m)
		return -1;
	n->map = m;
	n->cap = cap;
	return 0;
}

static int32_t fold_punct(int32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
		return '\'';
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		return '"';
	default:
		return cp;
	}
}

/* Windows-1252 bytes 0x80..0x9F (the rest is Latin-1). */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* The next code point; an invalid byte is read as Windows-1252. */
static int32_t next_cp(const char *s, size_t len, size_t *i, int *bad)
{
	size_t at = *i;
	int32_t cp = poa_utf8_next(s, len, i);
	if (cp == 0xFFFD && *i - at == 1 && !(len - at >= 3 && memcmp(s + at, "\xEF\xBF\xBD", 3) == 0)) {
		unsigned char c = (unsigned char)s[at];
		if (bad)
			*bad = 1;
		cp = c < 0xA0 ? cp1252[c - 0x80] : c;
	}
	return cp;
}

void audit_clean(poa_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* Printable ASCII in one piece: this runs for the SKU, ASIN,
		 * match and context of every hit. */
		size_t run = i;
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F)
			run++;
		if (run > i) {
			poa_buf_add(b, s + i, run - i);
			if ((i = run) == n)
				break;
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			poa_buf_addc(b, ' ');   /* a control */
			i++;
			continue;
		}
		char u[4];
		poa_buf_add(b, u, poa_utf8_put(next_cp(s, n, &i, NULL), u));
	}
}

#define SEG_MAX 64

/* Composes and writes the pending segment (a starter and what combines
 * with it), mapped to its source offset. */
static int flush(audit_norm *n, utf8proc_int32_t *seg, utf8proc_ssize_t k, size_t src)
{
	if (k <= 0)
		return 0;
	k = utf8proc_normalize_utf32(seg, k, UTF8PROC_COMPOSE);
	if (k < 0)
		return 0;
	if (reserve(n, (size_t)k * 4))
		return -1;
	for (utf8proc_ssize_t j = 0; j < k; j++) {
		size_t b = poa_utf8_put(fold_punct(seg[j]), n->text + n->len);
		for (size_t q = 0; q < b; q++)
			n->map[n->len + q] = src;
		n->len += b;
	}
	return 0;
}

int audit_normalise(const char *s, size_t len, audit_norm *n, int *bad)
{
	n->len = 0;
	utf8proc_int32_t seg[SEG_MAX];
	utf8proc_ssize_t k = 0;
	size_t seg_src = 0, i = 0;
	while (i < len) {
		size_t at = i;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80 && (i + 1 >= len || (unsigned char)s[i + 1] < 0x80)) {
			/* ASCII not followed by a combining mark: fold it here. */
			if (flush(n, seg, k, seg_src))
				return -1;
			k = 0;
			if (reserve(n, 1))
				return -1;
			n->text[n->len] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			n->map[n->len++] = at;
			i++;
			continue;
		}
		int32_t cp = c < 0x80 ? (int32_t)s[i++] : fold_punct(next_cp(s, len, &i, bad));
		utf8proc_int32_t d[SEG_MAX];
		int lbc = 0;
		utf8proc_ssize_t m = utf8proc_decompose_char(cp, d, SEG_MAX,
							      UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE,
							      &lbc);
		if (m < 0 || m > SEG_MAX) {
			d[0] = cp;
			m = 1;
		}
		if (m == 0)
			continue;   /* ignorable: soft hyphen, zero-width space, ... */
		int starter = utf8proc_get_property(d[0])->combining_class == 0;
		if (starter || k + m > SEG_MAX) {
			if (flush(n, seg, k, seg_src))
				return -1;
			k = 0;
			seg_src = at;
		}
		memcpy(seg + k, d, (size_t)m * sizeof *d);
		k += m;
	}
	if (flush(n, seg, k, seg_src) || reserve(n, 0))
		return -1;
	n->text[n->len] = '\0';
	n->map[n->len] = len;
	return 0;
}

void audit_norm_span(const audit_norm *n, size_t a, size_t b, size_t *sa, size_t *sb)
{
	*sa = n->map[a];
	size_t k = b;
	while (k < n->len && b > a && n->map[k] == n->map[b - 1])
		k++;
	*sb = b > a ? n->map[k] : *sa;
}

/* 1: word character; 2: a word by itself (CJK); 0: separator. */
static int cp_kind(int32_t cp)
{
	if (cp < 0x80)
		return audit_class[cp] == AUDIT_WORD;
	if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF))
		return 2;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_PC:
		return 1;
	default:
		return 0;
	}
}

int audit_next_word(const char *s, size_t len, size_t *pos, size_t *ws, size_t *we)
{
	size_t i = *pos;
	while (i < len) {
		size_t at = i;
		int k = cp_kind(poa_utf8_next(s, len, &i));
		if (k == 2) {
			*ws = at;
			*we = *pos = i;
			return 1;
		}
		if (k == 1) {
			size_t end = i;
			while (i < len) {
				size_t j = i;
				if (cp_kind(poa_utf8_next(s, len, &j)) != 1)
					break;
				end = i = j;
			}
			*ws = at;
			*we = *pos = end;
			return 1;
		}
	}
	*pos = len;
	return 0;
}

size_t audit_term_key_ascii(const char *term, size_t len, char *out, size_t *nwords)
{
	/* Words are runs of word bytes, folded by the table. */
	for (size_t k = 0; k < len; k++)
		if (audit_wordbyte[(unsigned char)term[k]] == 0x80)
			return (size_t)-1;
	size_t o = 0;
	*nwords = 0;
	for (size_t i = 0; i < len;) {
		if (!audit_wordbyte[(unsigned char)term[i]]) {
			i++;
			continue;
		}
		if (o)
			out[o++] = ' ';
		while (i < len && audit_wordbyte[(unsigned char)term[i]])
			out[o++] = (char)audit_wordbyte[(unsigned char)term[i++]];
		(*nwords)++;
	}
	out[o] = '\0';
	return o;
}

char *audit_term_key(const char *term, size_t len, size_t *nwords)
{
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	if (audit_term_key_ascii(term, len, out, nwords) != (size_t)-1)
		return out;
	free(out);
	audit_norm n = {0};
	*nwords = 0;
	if (audit_normalise(term, len, &n, NULL)) {
		audit_norm_free(&n);
		return NULL;
	}
	poa_buf b;
	poa_buf_init(&b);
	size_t pos = 0, ws, we;
	while (audit_next_word(n.text, n.len, &pos, &ws, &we)) {
		if (b.len)
			poa_buf_addc(&b, ' ');
		poa_buf_add(&b, n.text + ws, we - ws);
		(*nwords)++;
	}
	poa_buf_add(&b, "", 0);
	audit_norm_free(&n);
	if (b.oom) {
		poa_buf_free(&b);
		return NULL;
	}
	return poa_buf_steal(&b);
}
