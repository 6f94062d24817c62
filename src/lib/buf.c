/* buf.c — growable buffer and UTF-8 helpers. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void poa_buf_init(poa_buf *b) { memset(b, 0, sizeof *b); }

void poa_buf_free(poa_buf *b)
{
	free(b->data);
	poa_buf_init(b);
}

int poa_buf_reserve(poa_buf *b, size_t extra)
{
	if (b->oom)
		return 0;
	if (b->len + extra + 1 <= b->cap)
		return 1;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2) {
			b->oom = 1;
			return 0;
		}
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return 0;
	}
	b->data = p;
	b->cap = cap;
	return 1;
}

void poa_buf_add(poa_buf *b, const void *p, size_t n)
{
	if (!poa_buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void poa_buf_adds(poa_buf *b, const char *s) { poa_buf_add(b, s, strlen(s)); }
void poa_buf_addc(poa_buf *b, char c) { poa_buf_add(b, &c, 1); }

void poa_buf_printf(poa_buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0 && poa_buf_reserve(b, (size_t)n)) {
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

char *poa_buf_steal(poa_buf *b)
{
	char *p = b->data;
	if (!p)
		p = calloc(1, 1);
	if (b->oom) {
		free(p);
		p = NULL;
	}
	poa_buf_init(b);
	return p;
}

int32_t poa_utf8_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k = *i;
	unsigned c = s[k];
	int n;
	int32_t cp, min;
	if (c < 0x80) {
		*i = k + 1;
		return (int32_t)c;
	} else if ((c & 0xE0) == 0xC0) {
		n = 1; cp = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2; cp = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3; cp = c & 0x07; min = 0x10000;
	} else {
		*i = k + 1;
		return 0xFFFD;
	}
	if (k + (size_t)n >= len) {
		*i = k + 1;
		return 0xFFFD;
	}
	for (int j = 1; j <= n; j++) {
		if ((s[k + j] & 0xC0) != 0x80) {
			*i = k + 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[k + j] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		*i = k + 1;
		return 0xFFFD;
	}
	*i = k + 1 + (size_t)n;
	return cp;
}

size_t poa_utf8_put(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t poa_utf8_valid_prefix(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* ASCII 32 bytes at a time, then eight: a report's 4 MiB sample
		 * is checked before its sweep can start. */
		uint64_t w[4];
		if (len - i >= 32 && (memcpy(w, s + i, 32), !((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL))) {
			i += 32;
			continue;
		}
		if (len - i >= 8 && (memcpy(w, s + i, 8), !(w[0] & 0x8080808080808080ULL))) {
			i += 8;
			continue;
		}
		size_t k = i;
		int32_t cp = poa_utf8_next(s, len, &k);
		/* A real U+FFFD is three bytes; a decoding error advances by one. */
		if (cp == 0xFFFD && k - i == 1)
			return i;
		i = k;
	}
	return len;
}

void poa_utf8_fix(char *s)
{
	size_t len = strlen(s);
	for (size_t i = poa_utf8_valid_prefix(s, len); i < len; i += 1 + poa_utf8_valid_prefix(s + i + 1, len - i - 1))
		s[i] = '?';
}

char *poa_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *poa_strdup0(const char *s) { return s ? poa_strndup(s, strlen(s)) : NULL; }

void poa_trim(char *s, const char *extra)
{
	size_t n = strlen(s), a = 0;
	while (a < n && (strchr(" \t\r\n\f\v", s[a]) || (extra && strchr(extra, s[a]))))
		a++;
	while (n > a && (strchr(" \t\r\n\f\v", s[n - 1]) || (extra && strchr(extra, s[n - 1]))))
		n--;
	memmove(s, s + a, n - a);
	s[n - a] = '\0';
}
