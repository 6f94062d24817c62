/* message.c — files, mailboxes and pasted text to decoded messages.
 *
 * GMime does the MIME work (transfer encodings, RFC 2047, multipart); poa
 * picks the body a seller would read (text/plain, else HTML rendered as text,
 * looking inside forwarded message/rfc822 parts) and converts it to UTF-8. */
#include "poa.h"
#include "buf.h"
#include "text.h"
#include "message.h"

#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_MAX_MESSAGE ((size_t)32 << 20)
#define MAX_STDIN ((size_t)256 << 20)
#define PEEK_SIZE 65536

struct poa_message {
	char *origin, *text, *subject, *from, *message_id;
	size_t len;
	time_t date;
	int tz_minutes, has_date;
	char charset[POA_CHARSET_MAX];
};

struct poa_input {
	char *path;
	poa_input_form form;
	char *encoding;
	size_t max_message;
	char *data;         /* whole input, except for an mbox read from a file */
	size_t len;
	int done;
	size_t index;       /* messages returned so far */
	GMimeStream *stream;
	GMimeParser *parser;
};

void poa_message_free(poa_message *m)
{
	if (!m)
		return;
	free(m->origin);
	free(m->text);
	free(m->subject);
	free(m->from);
	free(m->message_id);
	free(m);
}

const char *poa_message_text(const poa_message *m, size_t *len)
{
	if (len)
		*len = m->len;
	return m->text;
}
const char *poa_message_subject(const poa_message *m) { return m->subject; }
const char *poa_message_from(const poa_message *m) { return m->from; }
const char *poa_message_id(const poa_message *m) { return m->message_id; }
const char *poa_message_origin(const poa_message *m) { return m->origin; }
const char *poa_message_charset(const poa_message *m) { return m->charset; }

int poa_message_date(const poa_message *m, time_t *utc, int *tz_minutes)
{
	if (!m->has_date)
		return 0;
	*utc = m->date;
	*tz_minutes = m->tz_minutes;
	return 1;
}

poa_input_form poa_input_get_form(const poa_input *in) { return in->form; }

/* ---- form detection ----------------------------------------------------- */

static int header_name_at(const char *s, size_t len, size_t i, size_t *name_len)
{
	size_t j = i;
	while (j < len && (s[j] == '-' || (s[j] >= 'A' && s[j] <= 'Z') ||
			   (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')))
		j++;
	if (j == i || j >= len || s[j] != ':')
		return 0;
	*name_len = j - i;
	return 1;
}

/* An e-mail starts with a block of header lines, at least two of them ones
 * every mail carries; pasted notices can start with "ASIN: ..." too. */
static int looks_like_eml(const char *s, size_t len)
{
	static const char *const known[] = {"from", "to", "subject", "date", "message-id",
					    "mime-version", "content-type", "received",
					    "return-path", "delivered-to", "reply-to", "x-mailer",
					    "dkim-signature", "cc", NULL};
	size_t i = 0, hits = 0;
	while (i < len) {
		if (s[i] == '\n' || (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
			break;  /* end of the header block */
		size_t n;
		if (s[i] == ' ' || s[i] == '\t') {
			if (i == 0)
				return 0;
		} else if (header_name_at(s, len, i, &n)) {
			for (const char *const *k = known; *k; k++)
				if (strlen(*k) == n && strncasecmp(s + i, *k, n) == 0)
					hits++;
		} else {
			return 0;
		}
		const char *nl = memchr(s + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - s) + 1;
	}
	return hits >= 2;
}

static int has_extension(const char *path, const char *ext)
{
	const char *dot = strrchr(path, '.');
	return dot && strcasecmp(dot, ext) == 0;
}

static int looks_like_html(const char *path, const char *s, size_t len)
{
	if (has_extension(path, ".html") || has_extension(path, ".htm"))
		return 1;
	size_t n = len < 4096 ? len : 4096;
	static const char *const tags[] = {"<!doctype html", "<html", "<body", "<p>", "<br",
					   "<div", "<table", "<td", NULL};
	for (size_t i = 0; i < n; i++)
		if (s[i] == '<')
			for (const char *const *t = tags; *t; t++)
				if (strlen(*t) <= n - i && strncasecmp(s + i, *t, strlen(*t)) == 0)
					return 1;
	return 0;
}

static poa_input_form detect_form(const char *path, const char *s, size_t len)
{
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (len >= 5 && memcmp(s, "From ", 5) == 0)
		return POA_FORM_MBOX;
	if (looks_like_eml(s, len))
		return POA_FORM_EML;
	if (looks_like_html(path, s, len))
		return POA_FORM_HTML;
	return POA_FORM_TEXT;
}

/* ---- opening ------------------------------------------------------------- */

/* Whether the open file is a mailbox, judged by its first message's headers:
 * one binary message further on is that message's problem, reported when it
 * is read, not the whole archive's. The bytes looked at are on the heap and
 * no more than the file: 64 KB on the stack put every call made below it on
 * fresh stack pages, each a page fault (bench/README.md). */
static poa_status peek_is_mbox(const char *path, int fd, const struct stat *sb, int *mbox, poa_error *err)
{
	size_t size = sb->st_size > 0 && (size_t)sb->st_size < PEEK_SIZE ? (size_t)sb->st_size : PEEK_SIZE;
	char *peek = malloc(size);
	if (!peek)
		return poa_error_set(err, POA_ERR_NOMEM, "%s: out of memory", path);
	ssize_t n = pread(fd, peek, size, 0);
	if (n < 0)
		n = 0;
	const char *blank = memmem(peek, (size_t)n, "\n\n", 2);
	size_t head = blank ? (size_t)(blank - peek) : (size_t)n;
	*mbox = detect_form(path, peek, (size_t)n) == POA_FORM_MBOX && !poa_looks_binary(peek, head);
	free(peek);
	return POA_OK;
}

/* Reads fd to its end. size: what fstat said (0: unknown, a pipe), so that a
 * notice of a few KB takes one small buffer, not 128 KB mapped and unmapped. */
static poa_status read_all(const char *name, int fd, size_t size, size_t max, char **out, size_t *outlen,
			   poa_error *err)
{
	poa_buf b;
	poa_buf_init(&b);
	for (;;) {
		/* +1: the read that finds the end fits in the same buffer. */
		size_t want = b.cap ? 65536 : size && size < max ? size + 1 : 65536;
		if (b.len + 1 >= b.cap && !poa_buf_reserve(&b, want)) {
			poa_buf_free(&b);
			return poa_error_set(err, POA_ERR_NOMEM, "%s: out of memory reading input", name);
		}
		ssize_t r = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			poa_buf_free(&b);
			return poa_error_set(err, POA_ERR_IO, "%s: cannot read: %s", name, strerror(e));
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		b.data[b.len] = '\0';
		if (b.len > max) {
			poa_buf_free(&b);
			return poa_error_set(err, POA_ERR_TOO_LARGE,
					     "%s: more than %zu MB; a notice is a few kilobytes: pass the e-mail itself, "
					     "or a mailbox file by name so that it can be streamed",
					     name, max >> 20);
		}
	}
	poa_buf_add(&b, "", 0);
	*outlen = b.len;
	*out = poa_buf_steal(&b);
	return *out ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

static poa_status open_fd(const char *path, int *fd, struct stat *st, poa_error *err)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return poa_error_set(err, POA_ERR_IO, "%s: no such file; check the name and path", path);
		return poa_error_set(err, POA_ERR_IO, "%s: cannot open: %s", path, strerror(e));
	}
	if (fstat(*fd, st) != 0 || S_ISDIR(st->st_mode)) {
		close(*fd);
		return poa_error_set(err, POA_ERR_IO, "%s: is a directory; name the notice file inside it", path);
	}
	return POA_OK;
}

static poa_status check_content(const char *name, const char *data, size_t len, poa_error *err)
{
	size_t i = 0;
	while (i < len && strchr(" \t\r\n\f\v", data[i]) && data[i])
		i++;
	if (i == len)
		return poa_error_set(err, POA_ERR_INPUT, "%s: is empty; save the whole notice e-mail and try again", name);
	if (poa_looks_binary(data, len))
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: is a binary file, not a notice; pass the .eml, .html or .txt of the e-mail", name);
	return POA_OK;
}

/* GMime is set up where it is first needed: its 60 type registrations are
 * a tenth of reading one notice, and pasted text and HTML never use it. */
static poa_status open_mbox_stream(poa_input *in, int fd, poa_error *err)
{
	g_mime_init();
	in->stream = g_mime_stream_fs_new(fd);
	if (!in->stream) {
		close(fd);
		return poa_error_set(err, POA_ERR_NOMEM, "%s: out of memory", in->path);
	}
	in->parser = g_mime_parser_new_with_stream(in->stream);
	g_mime_parser_set_format(in->parser, GMIME_FORMAT_MBOX);
	return POA_OK;
}

static poa_status finish_open(poa_input *in, const poa_input_options *opt, poa_error *err);

poa_status poa_input_open(const char *path, const poa_input_options *opt, poa_input **out,
			  poa_error *err)
{
	*out = NULL;
	poa_input *in = calloc(1, sizeof *in);
	if (!in || !(in->path = poa_strdup0(strcmp(path, "-") == 0 ? "<stdin>" : path))) {
		free(in);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	in->max_message = opt && opt->max_message ? opt->max_message : DEFAULT_MAX_MESSAGE;
	in->encoding = opt ? poa_strdup0(opt->encoding) : NULL;
	poa_status st;
	int fd = 0;
	if (strcmp(path, "-") == 0) {
		st = read_all(in->path, 0, 0, MAX_STDIN, &in->data, &in->len, err);
	} else {
		struct stat sb;
		st = open_fd(path, &fd, &sb, err);
		int mbox = 0;
		if (st == POA_OK && (st = peek_is_mbox(path, fd, &sb, &mbox, err)) != POA_OK)
			close(fd);
		if (st == POA_OK) {
			if (mbox) {
				in->form = POA_FORM_MBOX;
				st = open_mbox_stream(in, fd, err);
				if (st == POA_OK) {
					*out = in;
					return POA_OK;
				}
				fd = -1;
			} else if ((size_t)sb.st_size > in->max_message) {
				st = poa_error_set(err, POA_ERR_TOO_LARGE,
						   "%s: %lld MB is more than the %zu MB poa reads as one notice; "
						   "if it is a mailbox, it must start with a \"From \" line",
						   path, (long long)(sb.st_size >> 20), in->max_message >> 20);
			} else {
				st = read_all(path, fd, (size_t)sb.st_size, in->max_message, &in->data, &in->len, err);
			}
			if (fd >= 0)
				close(fd);
		}
	}
	if (st == POA_OK)
		st = finish_open(in, opt, err);
	if (st != POA_OK) {
		poa_input_free(in);
		return st;
	}
	*out = in;
	return POA_OK;
}

/* The input read whole into in->data: checked, its form detected, a MIME
 * parser set up where it is mail. */
static poa_status finish_open(poa_input *in, const poa_input_options *opt, poa_error *err)
{
	poa_status st = check_content(in->path, in->data, in->len, err);
	if (st != POA_OK)
		return st;
	in->form = detect_form(in->path, in->data, in->len);
	if (opt && opt->as_letter && (in->form == POA_FORM_MBOX || in->form == POA_FORM_EML) &&
	    !has_extension(in->path, ".eml"))
		in->form = POA_FORM_TEXT;
	if (in->form == POA_FORM_MBOX || in->form == POA_FORM_EML) {
		g_mime_init();
		in->stream = g_mime_stream_mem_new_with_buffer(in->data, in->len);
		in->parser = g_mime_parser_new_with_stream(in->stream);
		g_mime_parser_set_format(in->parser, in->form == POA_FORM_MBOX ? GMIME_FORMAT_MBOX
									       : GMIME_FORMAT_MESSAGE);
	}
	return POA_OK;
}

poa_status poa_input_open_memory(const char *name, const char *data, size_t len, const poa_input_options *opt,
				 poa_input **out, poa_error *err)
{
	*out = NULL;
	poa_input *in = calloc(1, sizeof *in);
	if (!in || !(in->path = poa_strdup0(name)) || !(in->data = malloc(len ? len : 1))) {
		poa_input_free(in);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	memcpy(in->data, data, len);
	in->len = len;
	in->max_message = opt && opt->max_message ? opt->max_message : DEFAULT_MAX_MESSAGE;
	in->encoding = opt ? poa_strdup0(opt->encoding) : NULL;
	poa_status st = len > in->max_message
				? poa_error_set(err, POA_ERR_TOO_LARGE, "%s: %zu MB is more than the %zu MB poa reads as one "
					"notice", name, len >> 20, in->max_message >> 20)
				: finish_open(in, opt, err);
	if (st != POA_OK) {
		poa_input_free(in);
		return st;
	}
	*out = in;
	return POA_OK;
}

void poa_input_free(poa_input *in)
{
	if (!in)
		return;
	if (in->parser)
		g_object_unref(in->parser);
	if (in->stream)
		g_object_unref(in->stream);
	free(in->path);
	free(in->encoding);
	free(in->data);
	free(in);
}

/* ---- decoding ------------------------------------------------------------- */

static poa_message *message_new(const char *origin)
{
	poa_message *m = calloc(1, sizeof *m);
	if (m && !(m->origin = poa_strdup0(origin))) {
		free(m);
		m = NULL;
	}
	return m;
}

/* Decodes text (UTF-8 after conversion) into m->text, rendering HTML. */
static poa_status set_body(poa_message *m, const char *data, size_t len, const char *charset,
			   int is_html, poa_error *err)
{
	char *u;
	size_t ulen;
	poa_status st = poa_to_utf8(m->origin, data, len, charset, &u, &ulen, m->charset, err);
	if (st != POA_OK)
		return st;
	if (is_html) {
		char *t;
		size_t tlen;
		st = poa_html_to_text(m->origin, u, ulen, &t, &tlen, err);
		free(u);
		if (st != POA_OK)
			return st;
		u = t;
		ulen = tlen;
	}
	m->text = u;
	m->len = ulen;
	size_t i = 0;
	while (i < ulen && strchr(" \t\r\n\f\v", u[i]))
		i++;
	if (i == ulen)
		return poa_error_set(err, POA_ERR_INPUT, "%s: the message has no text; save the whole notice e-mail and try again",
				     m->origin);
	return POA_OK;
}

/* Undoes mbox ">From " quoting (mboxrd: one '>' less on every >+From line). */
static void unescape_from(char *s, size_t *len)
{
	size_t r = 0, w = 0, n = *len;
	int bol = 1;
	while (r < n) {
		if (bol && s[r] == '>') {
			size_t k = r;
			while (k < n && s[k] == '>')
				k++;
			if (n - k >= 5 && memcmp(s + k, "From ", 5) == 0)
				r++;
		}
		bol = s[r] == '\n';
		s[w++] = s[r++];
	}
	s[w] = '\0';
	*len = w;
}

typedef struct body_parts {
	GMimePart *plain, *html;
} body_parts;

static void find_parts(GMimeObject *obj, body_parts *bp, int depth)
{
	if (!obj || depth > 32)
		return;
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (inner)
			find_parts(g_mime_message_get_mime_part(inner), bp, depth + 1);
	} else if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			find_parts(g_mime_multipart_get_part(mp, i), bp, depth + 1);
	} else if (GMIME_IS_PART(obj)) {
		GMimeContentType *ct = g_mime_object_get_content_type(obj);
		if (g_mime_part_is_attachment(GMIME_PART(obj)) && !g_mime_content_type_is_type(ct, "message", "*"))
			return;
		if (!bp->plain && g_mime_content_type_is_type(ct, "text", "plain"))
			bp->plain = GMIME_PART(obj);
		else if (!bp->html && g_mime_content_type_is_type(ct, "text", "html"))
			bp->html = GMIME_PART(obj);
	}
}

static poa_status decode_part(poa_message *m, GMimePart *part, int is_html, size_t max,
			      poa_error *err)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	if (!w)
		return poa_error_set(err, POA_ERR_INPUT, "%s: the message's text part is empty", m->origin);
	gint64 raw = g_mime_stream_length(g_mime_data_wrapper_get_stream(w));
	if (raw > 0 && (guint64)raw > max)
		return poa_error_set(err, POA_ERR_TOO_LARGE, "%s: the text part is over %zu MB; this is not a notice",
				     m->origin, max >> 20);
	GMimeStream *mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(w, mem);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	const char *cs = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
	poa_status st = set_body(m, (const char *)ba->data, ba->len, cs, is_html, err);
	g_object_unref(mem);
	return st;
}

static poa_status from_gmime(poa_message *m, GMimeMessage *msg, int mbox, size_t max, poa_error *err)
{
	const char *s = g_mime_message_get_subject(msg);
	m->subject = poa_strdup0(s);
	const char *id = g_mime_message_get_message_id(msg);
	m->message_id = poa_strdup0(id);
	InternetAddressList *from = g_mime_message_get_from(msg);
	if (from && internet_address_list_length(from) > 0) {
		char *f = internet_address_list_to_string(from, NULL, FALSE);
		m->from = poa_strdup0(f);
		g_free(f);
	}
	GDateTime *dt = g_mime_message_get_date(msg);
	if (dt) {
		m->has_date = 1;
		m->date = (time_t)g_date_time_to_unix(dt);
		m->tz_minutes = (int)(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
	}
	body_parts bp = {0};
	find_parts(g_mime_message_get_mime_part(msg), &bp, 0);
	poa_status st;
	if (bp.plain)
		st = decode_part(m, bp.plain, 0, max, err);
	else if (bp.html)
		st = decode_part(m, bp.html, 1, max, err);
	else
		st = poa_error_set(err, POA_ERR_INPUT,
				   "%s: the message has no readable text part (it may be truncated); save the whole e-mail again",
				   m->origin);
	if (st == POA_OK && mbox)
		unescape_from(m->text, &m->len);
	return st;
}

static poa_status next_mime(poa_input *in, poa_message **out, poa_error *err)
{
	if (in->done || g_mime_parser_eos(in->parser)) {
		in->done = 1;
		return POA_OK;
	}
	GMimeMessage *msg = g_mime_parser_construct_message(in->parser, NULL);
	if (!msg) {
		in->done = 1;
		if (in->index == 0)
			return poa_error_set(err, POA_ERR_INPUT,
					     "%s: not a readable e-mail message (broken headers or MIME structure)", in->path);
		return POA_OK;
	}
	in->index++;
	char origin[4096];
	if (in->form == POA_FORM_MBOX)
		snprintf(origin, sizeof origin, "%s#%zu", in->path, in->index);
	else
		snprintf(origin, sizeof origin, "%s", in->path);
	if (in->form == POA_FORM_EML)
		in->done = 1;
	poa_message *m = message_new(origin);
	poa_status st = m ? from_gmime(m, msg, in->form == POA_FORM_MBOX, in->max_message, err)
			  : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	g_object_unref(msg);
	if (st != POA_OK) {
		poa_message_free(m);
		return st;
	}
	*out = m;
	return POA_OK;
}

poa_status poa_input_next(poa_input *in, poa_message **out, poa_error *err)
{
	*out = NULL;
	if (in->form == POA_FORM_MBOX || in->form == POA_FORM_EML)
		return next_mime(in, out, err);
	if (in->done)
		return POA_OK;
	in->done = 1;
	in->index = 1;
	poa_input_options opt = {.encoding = in->encoding, .max_message = in->max_message};
	return poa_message_from_memory(in->path, in->data, in->len, &opt, out, err);
}

poa_status poa_message_from_memory(const char *name, const char *data, size_t len,
				   const poa_input_options *opt, poa_message **out, poa_error *err)
{
	*out = NULL;
	poa_status st = check_content(name, data, len, err);
	if (st != POA_OK)
		return st;
	poa_message *m = message_new(name);
	if (!m)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	int html = detect_form(name, data, len) == POA_FORM_HTML;
	st = set_body(m, data, len, opt ? opt->encoding : NULL, html, err);
	if (st != POA_OK) {
		poa_message_free(m);
		return st;
	}
	*out = m;
	return POA_OK;
}

poa_status poa_message_restore(const poa_message_fields *f, poa_message **out, poa_error *err)
{
	*out = NULL;
	poa_message *m = message_new(f->origin);
	if (!m)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	m->text = poa_strndup(f->text, f->len);
	m->len = f->len;
	m->subject = poa_strdup0(f->subject);
	m->from = poa_strdup0(f->from);
	m->message_id = poa_strdup0(f->message_id);
	m->has_date = f->has_date;
	m->date = f->date;
	m->tz_minutes = f->tz_minutes;
	snprintf(m->charset, sizeof m->charset, "%s", f->charset ? f->charset : "utf-8");
	if (!m->text || (f->subject && !m->subject) || (f->from && !m->from) || (f->message_id && !m->message_id)) {
		poa_message_free(m);
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	*out = m;
	return POA_OK;
}
