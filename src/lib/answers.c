/* answers.c — the seller's answers: read from a file or the command line,
 * each checked against its question, normalised (yes/no, dates, ASINs). */
#include "answers.h"
#include "buf.h"
#include "date.h"
#include "kb.h"

#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define _(s) dgettext("poa", s)

typedef struct where {
	const char *file;
	size_t line;
	const char *id;
	poa_error *err;
} where;

/* what: a message of its own (xgettext keyword bad_value:2), shown in the
 * chosen language. */
static poa_status bad_value(const where *w, const char *what)
{
	what = dgettext("poa", what);
	if (w->line)
		return poa_error_set(w->err, POA_ERR_INPUT, "%s:%zu: question %s: %s", w->file, w->line, w->id, what);
	return poa_error_set(w->err, POA_ERR_INPUT, "%s: question %s: %s", w->file, w->id, what);
}

static int set_value(poa_yaml *y, const char *v)
{
	char *copy = poa_strdup0(v);
	if (!copy)
		return 0;
	free(y->value);
	y->value = copy;
	return 1;
}

static poa_status check_yesno(poa_yaml *y, const where *w)
{
	static const char *const yes[] = {"yes", "y", "true", "是", "有", NULL};
	static const char *const no[] = {"no", "n", "false", "否", "没有", "无", NULL};
	for (const char *const *p = yes; *p; p++)
		if (strcasecmp(y->value, *p) == 0)
			return set_value(y, "yes") ? POA_OK : POA_ERR_NOMEM;
	for (const char *const *p = no; *p; p++)
		if (strcasecmp(y->value, *p) == 0)
			return set_value(y, "no") ? POA_OK : POA_ERR_NOMEM;
	return bad_value(w, "answer yes or no");
}

static poa_status check_date(poa_yaml *y, const kb_question *q, time_t today, const where *w)
{
	poa_date d;
	int yy, mm, dd, n = 0;
	if (!poa_date_parse(y->value, &d)) {
		if (sscanf(y->value, "%4d-%2d-%2d%n", &yy, &mm, &dd, &n) == 3 && !y->value[n])
			return bad_value(w, "no such day in the calendar; check the month and the day");
		return bad_value(w, "write the date as YYYY-MM-DD (for example 2026-11-03)");
	}
	if (q->past && poa_days_from_civil(d) > poa_days_from_civil(poa_date_local(today)))
		return bad_value(w, "this date is in the future, but it is the date of something already done");
	return POA_OK;
}

static poa_status check_number(poa_yaml *y, const where *w)
{
	char digits[64];
	size_t k = 0;
	for (const char *s = y->value; *s; s++) {
		if (*s == ',' || *s == ' ')
			continue;
		if (*s < '0' || *s > '9' || k == sizeof digits - 1)
			return bad_value(w, "answer with a whole number, such as 1214");
		digits[k++] = *s;
	}
	digits[k] = '\0';
	if (!k)
		return bad_value(w, "answer with a whole number, such as 1214");
	return set_value(y, digits) ? POA_OK : POA_ERR_NOMEM;
}

/* One '@' with a name before it and a domain of dotted labels after it,
 * no spaces: "sales(at)shop.com", "a@@b.com" and "name@shop." are refused. */
static poa_status check_email(poa_yaml *y, const where *w)
{
	const char *v = y->value, *at = strchr(v, '@');
	const char *last_dot = at ? strrchr(at, '.') : NULL;
	int ok = at && at != v && !strchr(at + 1, '@') && last_dot && last_dot[1] && at[1] != '.' &&
		 !strstr(at, "..") && !strpbrk(v, " \t,;:<>()[]\\\"");
	if (!ok)
		return bad_value(w, "give an e-mail address such as name@example.com");
	return POA_OK;
}

static int asin_ok(const char *s)
{
	if (strlen(s) != 10)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* A scalar "a, b" becomes the list [a, b]. */
static poa_status as_list(poa_yaml *y, const where *w)
{
	if (y->kind == POA_YAML_LIST)
		return POA_OK;
	if (y->kind != POA_YAML_SCALAR)
		return bad_value(w, "give a list");
	char *v = y->value;
	y->value = NULL;
	y->kind = POA_YAML_LIST;
	poa_status st = POA_OK;
	for (char *tok = strtok(v, ","); tok && !st; tok = strtok(NULL, ",")) {
		poa_trim(tok, NULL);
		if (*tok && !poa_yaml_append(y, poa_yaml_new(POA_YAML_SCALAR, tok)))
			st = POA_ERR_NOMEM;
	}
	free(v);
	return st;
}

static poa_status check_list(poa_yaml *y, const kb_question *q, const where *w)
{
	poa_status st = as_list(y, w);
	for (size_t i = 0; i < y->count && !st; i++) {
		poa_yaml *it = y->items[i];
		if (it->kind != POA_YAML_SCALAR || !*it->value)
			return bad_value(w, "each item of the list is a short text");
		if (strcmp(q->type, "asins") == 0) {
			for (char *c = it->value; *c; c++)
				if (*c >= 'a' && *c <= 'z')
					*c = (char)(*c - 32);
			if (!asin_ok(it->value)) {
				char what[160];
				snprintf(what, sizeof what, "'%.40s' is not an ASIN (10 letters and digits, such as B08K3QZ7LM)",
					 it->value);
				return bad_value(w, what);
			}
		}
	}
	if (!st && y->count == 0)
		return bad_value(w, "the list is empty");
	return st;
}

/* Checks and normalises one answer. */
static poa_status check_answer(const kb_question *q, poa_yaml *y, time_t today, const where *w)
{
	if (strcmp(q->type, "asins") == 0 || strcmp(q->type, "list") == 0)
		return check_list(y, q, w);
	if (y->kind != POA_YAML_SCALAR)
		return bad_value(w, "give one value, not a list or a map");
	poa_trim(y->value, NULL);
	if (!*y->value)
		return bad_value(w, "the answer is empty; leave the question out instead");
	const char *t = q->type;
	if (strcmp(t, "yesno") == 0)
		return check_yesno(y, w);
	if (strcmp(t, "date") == 0)
		return check_date(y, q, today, w);
	if (strcmp(t, "number") == 0)
		return check_number(y, w);
	if (strcmp(t, "email") == 0)
		return check_email(y, w);
	if (strcmp(t, "file") == 0 && access(y->value, R_OK) != 0)
		return bad_value(w, "no such file; give the path of the document");
	if (strcmp(t, "choice") == 0) {
		for (size_t i = 0; i < q->nchoices; i++)
			if (strcasecmp(q->choices[i], y->value) == 0)
				return set_value(y, q->choices[i]) ? POA_OK : POA_ERR_NOMEM;
		poa_buf b;
		poa_buf_init(&b);
		poa_buf_adds(&b, _("answer one of: "));
		for (size_t i = 0; i < q->nchoices; i++)
			poa_buf_printf(&b, "%s%s", i ? ", " : "", q->choices[i]);
		poa_status st = bad_value(w, b.data ? b.data : "");
		poa_buf_free(&b);
		return st;
	}
	return POA_OK;
}

/* Edit distance of two short ids (at most 63 bytes each are compared). */
static size_t id_distance(const char *a, const char *b)
{
	size_t la = strnlen(a, 63), lb = strnlen(b, 63), row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The question whose id is nearest to id, if it is close enough to be a
 * typing slip. */
static const char *nearest_question(const poa_kb *kb, const char *id)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t i = 0; kb && i < kb->nquestions; i++) {
		size_t d = id_distance(id, kb->questions[i].id);
		if (d < best_d) {
			best_d = d;
			best = kb->questions[i].id;
		}
	}
	return best;
}

static poa_status unknown_question(const poa_kb *kb, const where *w)
{
	const char *near = nearest_question(kb, w->id);
	char hint[160];
	if (near)
		snprintf(hint, sizeof hint, _("did you mean %s?"), near);
	else
		snprintf(hint, sizeof hint, "%s", _("check the spelling (poa plan --json lists the open questions)"));
	if (w->line)
		return poa_error_set(w->err, POA_ERR_INPUT, "%s:%zu: '%s' is not a question poa asks; %s", w->file,
				     w->line, w->id, hint);
	return poa_error_set(w->err, POA_ERR_INPUT, "%s: '%s' is not a question poa asks; %s", w->file, w->id,
			     hint);
}

/* Checks every answer of a->root against its question. A question answered
 * twice is refused: which answer counts would otherwise depend on the
 * reader. */
static poa_status check_all(const poa_kb *kb, poa_answers *a, time_t today, poa_error *err)
{
	poa_status st = POA_OK;
	for (size_t i = 0; !st && i < a->root->count; i++) {
		where w = {a->file, a->root->items[i]->line, a->root->keys[i], err};
		for (size_t k = 0; k < i; k++)
			if (strcmp(a->root->keys[k], a->root->keys[i]) == 0)
				return poa_error_set(err, POA_ERR_INPUT,
						     "%s:%zu: question %s is answered twice (first on line %zu); keep one answer",
						     w.file, w.line, w.id, a->root->items[k]->line);
		const kb_question *q = poa_kb_question(kb, a->root->keys[i]);
		st = q ? check_answer(q, a->root->items[i], today, &w) : unknown_question(kb, &w);
		if (st == POA_ERR_NOMEM)
			poa_error_set(err, st, "out of memory");
	}
	return st;
}

static poa_answers *answers_new(const char *file, poa_error *err)
{
	poa_answers *a = calloc(1, sizeof *a);
	if (!a || !(a->file = poa_strdup0(file))) {
		free(a);
		poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		return NULL;
	}
	return a;
}

poa_status poa_answers_parse(const poa_kb *kb, const char *name, const char *text, size_t len, time_t today,
			     poa_answers **out, poa_error *err)
{
	poa_status st = poa_answers_parse_unchecked(name, text, len, out, err);
	if (!st && (st = check_all(kb, *out, today, err)) != POA_OK) {
		poa_answers_free(*out);
		*out = NULL;
	}
	return st;
}

/* A file that holds nothing but white space (missing files are left to
 * poa_input_open, which says so). */
static int file_is_blank(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	int c, blank = 1;
	while (blank && (c = getc(f)) != EOF)
		blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
	fclose(f);
	return blank;
}

poa_status poa_answers_load(const poa_kb *kb, const char *path, time_t today, poa_answers **out, poa_error *err)
{
	*out = NULL;
	if (!path) {
		poa_answers *a = answers_new("--set", err);
		if (a && !(a->root = poa_yaml_new(POA_YAML_MAP, NULL))) {
			poa_answers_free(a);
			a = NULL;
		}
		*out = a;
		return a ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	}
	if (file_is_blank(path))
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: the answers file is empty; write one answer per line as 'question id: answer' "
				     "(poa ask -o FILE writes it)", path);
	poa_input *in = NULL;
	poa_message *m = NULL;
	poa_status st = poa_input_open(path, NULL, &in, err);
	if (!st)
		st = poa_input_next(in, &m, err);
	if (!st) {
		size_t len = 0;
		const char *text = m ? poa_message_text(m, &len) : "";
		st = poa_answers_parse(kb, path, text, len, today, out, err);
	}
	poa_message_free(m);
	poa_input_free(in);
	return st;
}

/* Sets each answer of from over a's (the case store's merge). */
poa_status poa_answers_merge(poa_answers *a, const poa_answers *from, poa_error *err)
{
	for (size_t i = 0; i < from->root->count; i++) {
		char *text = poa_yaml_emit(from->root->items[i]);
		poa_yaml *copy = NULL;
		if (text)
			poa_yaml_parse("answers", text, strlen(text), &copy, NULL);
		free(text);
		if (!copy || !poa_yaml_set(a->root, from->root->keys[i], copy)) {
			poa_yaml_free(copy);
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		}
	}
	return POA_OK;
}

/* A browser sends a textarea's line breaks as CR LF: kept so, every
 * drafted paragraph would end in a stray CR. */
static void crlf_to_lf(char *s)
{
	char *o = s;
	for (; *s; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*o++ = *s;
	*o = '\0';
}

poa_status poa_answers_set(const poa_kb *kb, poa_answers *a, const char *assignment, time_t today, poa_error *err)
{
	const char *eq = strchr(assignment, '=');
	if (!eq || eq == assignment)
		return poa_error_set(err, POA_ERR_USAGE, "--set takes id=value, not '%s'", assignment);
	char id[128];
	size_t n = (size_t)(eq - assignment) < sizeof id - 1 ? (size_t)(eq - assignment) : sizeof id - 1;
	memcpy(id, assignment, n);
	id[n] = '\0';
	poa_trim(id, NULL);
	where w = {"--set", 0, id, err};
	const kb_question *q = poa_kb_question(kb, id);
	if (!q)
		return unknown_question(kb, &w);
	/* An answers file is UTF-8 (libyaml reads nothing else), a --set or a
	 * form field may be any bytes: refused here, before the store's YAML
	 * writer fails on them (which poa serve answered as "out of memory"). */
	if (poa_utf8_valid_prefix(eq + 1, strlen(eq + 1)) != strlen(eq + 1))
		return bad_value(&w, "the answer is not UTF-8 text; type it again or save it as UTF-8");
	poa_yaml *v = poa_yaml_new(POA_YAML_SCALAR, eq + 1);
	if (!v)
		return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	crlf_to_lf(v->value);
	poa_status st = check_answer(q, v, today, &w);
	if (st) {
		poa_yaml_free(v);
		return st == POA_ERR_NOMEM ? poa_error_set(err, st, "out of memory") : st;
	}
	return poa_yaml_set(a->root, id, v) ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "out of memory");
}

const char *poa_answers_get(const poa_answers *a, const char *id)
{
	const poa_yaml *v = poa_yaml_get(a->root, id);
	if (!v)
		return NULL;
	if (v->kind == POA_YAML_SCALAR)
		return v->value;
	poa_buf b;
	poa_buf_init(&b);
	for (size_t i = 0; i < v->count; i++)
		if (v->items[i]->kind == POA_YAML_SCALAR)
			poa_buf_printf(&b, "%s%s", b.len ? ", " : "", v->items[i]->value);
	poa_answers *mut = (poa_answers *)a;  /* a cache of the joined text only */
	free(mut->joined);
	mut->joined = poa_buf_steal(&b);
	return mut->joined;
}

int poa_answers_has(const poa_answers *a, const char *id)
{
	return a && poa_yaml_get(a->root, id) != NULL;
}

int poa_answers_match(const poa_answers *a, const char *id, char *const *values, size_t nvalues)
{
	const poa_yaml *v = a ? poa_yaml_get(a->root, id) : NULL;
	if (!v)
		return 0;
	for (size_t i = 0; i < nvalues; i++) {
		if (v->kind == POA_YAML_SCALAR && strcasecmp(v->value, values[i]) == 0)
			return 1;
		/* "any" matches every answer given. */
		if (strcmp(values[i], "any") == 0)
			return 1;
	}
	return 0;
}

char *poa_answers_emit(const poa_answers *a)
{
	return poa_yaml_emit(a->root);
}

void poa_answers_free(poa_answers *a)
{
	if (!a)
		return;
	poa_yaml_free(a->root);
	free(a->file);
	free(a->joined);
	free(a);
}

/* A YAML error names "FILE:LINE:COL"; this adds the question whose answer
 * holds the mistake. A quote left open on an earlier line is the usual cause
 * (libyaml reports it lines later, where the quoted text runs into the next
 * answer), so the first line whose quotes do not close wins; otherwise the
 * last "id:" that starts a line at or before the error line. */
static void name_question_of_error(const char *name, const char *text, size_t len, poa_error *err)
{
	size_t nlen = strlen(name), line = 0;
	if (!err || strncmp(err->message, name, nlen) != 0 || err->message[nlen] != ':' ||
	    sscanf(err->message + nlen + 1, "%zu", &line) != 1 || !line)
		return;
	char id[64] = "", open_id[64] = "";
	size_t id_line = 0, open_line = 0, at = 1;
	for (size_t i = 0; i < len && at <= line; at++) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		size_t k = i;
		while (k < end && ((text[k] >= 'a' && text[k] <= 'z') || (text[k] >= '0' && text[k] <= '9') ||
				   text[k] == '_'))
			k++;
		if (k > i && k < end && text[k] == ':' && k - i < sizeof id) {
			memcpy(id, text + i, k - i);
			id[k - i] = '\0';
			id_line = at;
		}
		/* Quotes of this line: '' inside single quotes is a quote. */
		char quote = 0;
		for (size_t c = k; c < end; c++) {
			if (!quote && text[c] == '#')
				break;
			if (!quote && (text[c] == '\'' || text[c] == '"'))
				quote = text[c];
			else if (quote == '\'' && text[c] == '\'' && c + 1 < end && text[c + 1] == '\'')
				c++;
			else if (quote && text[c] == quote)
				quote = 0;
		}
		if (quote && !open_line && *id) {
			snprintf(open_id, sizeof open_id, "%s", id);
			open_line = at;
		}
		i = end + 1;
	}
	char msg[sizeof err->message];
	snprintf(msg, sizeof msg, "%s", err->message);
	if (open_line)
		poa_error_set(err, err->status,
			      "%s (in the answer to question %s, line %zu: a quote opened there is not closed)", msg,
			      open_id, open_line);
	else if (*id)
		poa_error_set(err, err->status, "%s (in the answer to question %s, line %zu)", msg, id, id_line);
}

poa_status poa_answers_parse_unchecked(const char *name, const char *text, size_t len, poa_answers **out,
				       poa_error *err)
{
	*out = NULL;
	poa_answers *a = answers_new(name, err);
	if (!a)
		return POA_ERR_NOMEM;
	poa_status st = len ? poa_yaml_parse(name, text, len, &a->root, err) : POA_OK;
	if (st == POA_ERR_INPUT)
		name_question_of_error(name, text, len, err);
	if (!st && !a->root && !(a->root = poa_yaml_new(POA_YAML_MAP, NULL)))
		st = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
	if (!st && a->root->kind != POA_YAML_MAP)
		st = poa_error_set(err, POA_ERR_INPUT, "%s: an answers file is a map of question id: answer", name);
	if (st) {
		poa_answers_free(a);
		return st;
	}
	*out = a;
	return POA_OK;
}
