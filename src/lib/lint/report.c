/* report.c — the linter's writers: compiler-style text with the offending
 * text underlined, JSON, and SARIF 2.1.0 for code-scanning tools. */
#include "lint.h"
#include "buf.h"

#include <jansson.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#define _(s) dgettext("poa", s)

static const char *level_word(poa_lint_level l)
{
	return l == POA_LINT_BLOCK ? _("blocker") : l == POA_LINT_WARN ? _("warning") : _("advice");
}

static const char *level_id(poa_lint_level l)
{
	return l == POA_LINT_BLOCK ? "block" : l == POA_LINT_WARN ? "warn" : "info";
}

static size_t cols(const char *s, size_t from, size_t to)
{
	size_t w = 0, i = from;
	while (i < to) {
		int32_t cp = poa_utf8_next(s, to, &i);
		w += poa_is_cjk(cp) ? 2 : 1;
	}
	return w;
}

/* The line under the finding, and ^~~~ under the span (clipped to the line). */
static void underline(FILE *out, const poa_lint *l, const poa_diag *d, const char *colour, const char *off)
{
	size_t a = d->span.start, ls = a, le = a;
	while (ls > 0 && l->text[ls - 1] != '\n')
		ls--;
	while (le < l->len && l->text[le] != '\n' && l->text[le] != '\r')
		le++;
	size_t end = d->span.end < le ? d->span.end : le;
	fprintf(out, "    ");
	for (size_t i = ls; i < le; i++)
		fputc(l->text[i] == '\t' ? ' ' : l->text[i], out);
	fprintf(out, "\n    %*s%s^", (int)cols(l->text, ls, a), "", colour);
	size_t w = end > a ? cols(l->text, a, end) : 1;
	for (size_t i = 1; i < w; i++)
		fputc('~', out);
	fprintf(out, "%s\n", off);
}

poa_status poa_lint_write_text(FILE *out, const poa_lint *l, const poa_report_options *opt, poa_error *err)
{
	size_t count[3] = {0};
	for (size_t i = 0; i < l->ndiags; i++) {
		const poa_diag *d = &l->diags[i].d;
		count[d->level]++;
		const char *colour = !opt->color ? "" : d->level == POA_LINT_BLOCK ? "\033[1;31m"
						   : d->level == POA_LINT_WARN  ? "\033[1;33m" : "\033[1;36m";
		const char *off = opt->color ? "\033[0m" : "";
		fprintf(out, "%s:%zu:%zu: %s%s%s: %s [%s]\n", l->name, d->line, d->col, colour, level_word(d->level),
			off, opt->lang == POA_LANG_ZH ? d->message_zh : d->message_en, d->rule);
		underline(out, l, d, colour, off);
	}
	if (l->ndiags == 0)
		fprintf(out, _("%s: %s letter: no problems found\n"), l->name, l->kind);
	else {
		/* Each count its own plural: "1 blocker, 2 warnings". */
		fprintf(out, "%s: ", l->name);
		fprintf(out, _("%s letter: "), l->kind);
		fprintf(out, dngettext("poa", "%zu blocker", "%zu blockers", count[POA_LINT_BLOCK]), count[POA_LINT_BLOCK]);
		fputs(", ", out);
		fprintf(out, dngettext("poa", "%zu warning", "%zu warnings", count[POA_LINT_WARN]), count[POA_LINT_WARN]);
		fputs(", ", out);
		fprintf(out, dngettext("poa", "%zu advice", "%zu advice", count[POA_LINT_INFO]), count[POA_LINT_INFO]);
		fputc('\n', out);
	}
	if (ferror(out))
		return poa_error_set(err, POA_ERR_IO, "cannot write the report: output error");
	return POA_OK;
}

char *poa_lint_to_json(const poa_lint *l, const poa_report_options *opt)
{
	json_t *diags = json_array();
	size_t count[3] = {0};
	for (size_t i = 0; i < l->ndiags; i++) {
		const poa_diag *d = &l->diags[i].d;
		count[d->level]++;
		json_array_append_new(diags, json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I}", "rule", d->rule,
						       "level", level_id(d->level), "message",
						       opt->lang == POA_LANG_ZH ? d->message_zh : d->message_en,
						       "message_en", d->message_en, "line", (json_int_t)d->line,
						       "col", (json_int_t)d->col, "start", (json_int_t)d->span.start,
						       "end", (json_int_t)d->span.end));
	}
	json_t *o = json_pack("{s:s,s:s,s:{s:I,s:I,s:I},s:o}", "file", l->name, "kind", l->kind, "summary",
			      "blockers", (json_int_t)count[POA_LINT_BLOCK], "warnings",
			      (json_int_t)count[POA_LINT_WARN], "advice", (json_int_t)count[POA_LINT_INFO],
			      "diagnostics", diags);
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

static const char *sarif_level(int level)
{
	return level == POA_LINT_BLOCK ? "error" : level == POA_LINT_WARN ? "warning" : "note";
}

char *poa_lint_to_sarif(const poa_lint *l, const poa_kb *kb)
{
	json_t *rules = json_array(), *results = json_array();
	for (size_t i = 0; i < kb->nlint; i++) {
		const kb_lint_rule *r = &kb->lint[i];
		char help[256];
		snprintf(help, sizeof help, "docs/rules/%s.md", r->id);
		json_array_append_new(rules, json_pack("{s:s,s:{s:s},s:s,s:{s:s}}", "id", r->id, "shortDescription",
						       "text", r->message.en, "helpUri", help,
						       "defaultConfiguration", "level", sarif_level(r->level)));
	}
	for (size_t i = 0; i < l->ndiags; i++) {
		const poa_diag *d = &l->diags[i].d;
		json_t *region = json_pack("{s:I,s:I,s:I,s:I}", "startLine", (json_int_t)d->line, "startColumn",
					   (json_int_t)d->col, "byteOffset", (json_int_t)d->span.start, "byteLength",
					   (json_int_t)(d->span.end - d->span.start));
		json_array_append_new(results,
				      json_pack("{s:s,s:s,s:{s:s},s:[{s:{s:{s:s},s:o}}]}", "ruleId", d->rule, "level",
						sarif_level(d->level), "message", "text", d->message_en, "locations",
						"physicalLocation", "artifactLocation", "uri", l->name, "region", region));
	}
	json_t *o = json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:o}]}", "$schema",
			      "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
			      "driver", "name", "poa", "version", POA_VERSION, "rules", rules, "results", results);
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}
