/* web_support.c — what the web front end (poa serve) needs from libpoa
 * beyond the command line's API: the questions of a case as data for a
 * form, the parts of a letter as byte spans for copy buttons, and a number
 * that changes whenever the case store does, so that pages can be cached
 * until it changes. Declared in poa.h, section "web front end". */
#include "db.h"
#include "kb.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *text_in(const kb_text *t, poa_lang lang)
{
	if (lang == POA_LANG_ZH && t->zh && *t->zh)
		return t->zh;
	return t->en;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int plan_asks(const poa_plan *p, const char *id)
{
	for (size_t i = 0; p && i < poa_plan_question_count(p); i++)
		if (strcmp(poa_plan_question(p, i), id) == 0)
			return 1;
	return 0;
}

char *poa_web_questions_json(const poa_kb *kb, const poa_plan *p, const poa_answers *a, poa_lang lang)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < kb->nquestions; i++) {
		const kb_question *q = &kb->questions[i];
		const char *answer = a ? poa_answers_get(a, q->id) : NULL;
		int open = plan_asks(p, q->id);
		if (!answer && !open)
			continue;
		json_t *choices = json_array();
		for (size_t k = 0; k < q->nchoices; k++) {
			const char *label = k < q->nlabels ? text_in(&q->labels[k], lang) : NULL;
			json_array_append_new(choices, json_pack("{s:s,s:s}", "value", q->choices[k], "label",
								 label ? label : q->choices[k]));
		}
		json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:b,s:o,s:b}", "id", q->id, "type", q->type ? q->type : "text",
				      "prompt", str_or_null(text_in(&q->prompt, lang)), "help",
				      str_or_null(text_in(&q->help, lang)), "choices", choices, "past", q->past, "answer",
				      str_or_null(answer), "open", open);
		if (!o || json_array_append_new(list, o)) {
			json_decref(list);
			return NULL;
		}
	}
	char *s = list ? json_dumps(list, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(list);
	return s;
}

/* The line that starts at text[at] equals heading (trailing spaces and a
 * CR ignored). */
static int heading_at(const char *text, size_t len, size_t at, const char *heading, size_t *line_end)
{
	size_t h = strlen(heading), e = at;
	while (e < len && text[e] != '\n')
		e++;
	size_t t = e;
	while (t > at && (text[t - 1] == ' ' || text[t - 1] == '\r' || text[t - 1] == ':'))
		t--;
	*line_end = e < len ? e + 1 : e;
	return t - at == h && strncmp(text + at, heading, h) == 0;
}

char *poa_web_letter_parts_json(const poa_kb *kb, const char *letter, const char *text)
{
	const kb_template *t = letter ? poa_kb_template(kb, letter) : NULL;
	size_t len = text ? strlen(text) : 0;
	json_t *o = json_object(), *parts = json_array();
	if (!o || !parts) {
		json_decref(o);
		json_decref(parts);
		return NULL;
	}
	json_object_set_new(o, "letter", str_or_null(letter));
	json_object_set_new(o, "title", t ? str_or_null(t->title.en) : json_null());
	json_object_set_new(o, "title_zh", t ? str_or_null(t->title.zh) : json_null());
	json_object_set_new(o, "to", t ? str_or_null(t->to) : json_null());
	json_object_set_new(o, "parts", parts);
	/* Headings found in order, each at the start of a line; a part runs
	 * from the line after its heading to the next heading found. */
	size_t starts[64], bodies[64];
	const char *names[64];
	size_t n = 0, at = 0;
	for (size_t k = 0; t && k < t->nparts && n < 64; k++) {
		const char *heading = t->parts[k].heading;
		if (!heading || !*heading)
			continue;
		for (size_t pos = at; pos < len;) {
			size_t next;
			if ((pos == 0 || text[pos - 1] == '\n') && heading_at(text, len, pos, heading, &next)) {
				starts[n] = pos;
				bodies[n] = next;
				names[n++] = heading;
				at = next;
				break;
			}
			const char *nl = memchr(text + pos, '\n', len - pos);
			pos = nl ? (size_t)(nl - text) + 1 : len;
		}
	}
	for (size_t k = 0; k < n; k++) {
		size_t end = k + 1 < n ? starts[k + 1] : len;
		size_t b = bodies[k];
		while (end > b && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' '))
			end--;
		json_array_append_new(parts, json_pack("{s:s,s:I,s:I}", "heading", names[k], "start", (json_int_t)b,
						       "end", (json_int_t)end));
	}
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

long long poa_db_generation(poa_db *db) { return db->c->drv->generation(db->c); }
