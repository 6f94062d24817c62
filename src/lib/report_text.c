/* report_text.c — the human report of `poa read`. Labels are gettext
 * messages; explanations and options come from the knowledge base in the
 * chosen language. */
#include "buf.h"
#include "kb.h"
#include "report.h"

#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#define _(s) dgettext("poa", s)

typedef struct style {
	const char *bold, *red, *yellow, *dim, *off;
} style;

static style style_for(int color)
{
	if (color)
		return (style){"\033[1m", "\033[31m", "\033[33m", "\033[2m", "\033[0m"};
	return (style){"", "", "", "", ""};
}

/* Display width of UTF-8 text: CJK characters take two columns. */
static size_t width(const char *s)
{
	size_t w = 0, i = 0, n = strlen(s);
	while (i < n) {
		int32_t cp = poa_utf8_next(s, n, &i);
		w += poa_is_cjk(cp) ? 2 : 1;
	}
	return w;
}

static void label(FILE *out, const char *l)
{
	size_t w = width(l);
	fprintf(out, "  %s%*s", l, (int)(w < 14 ? 14 - w : 1), "");
}

/* Punctuation a Chinese line may not start with: it stays on the line it
 * ends, one column past the margin if need be. */
static int closes(int32_t cp)
{
	static const int32_t marks[] = {0x3002, 0xFF0C, 0x3001, 0xFF09, 0x300D, 0x300F, 0xFF01, 0xFF1F,
					0xFF1A, 0xFF1B, 0x201D, 0x2019};
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (cp == marks[i])
			return 1;
	return 0;
}

/* Writes text wrapped to cols columns after a four-space margin; wrapped
 * lines get `hang` more spaces. Wraps at spaces; CJK text wraps anywhere. */
static void indent_block(FILE *out, const char *text, size_t cols, int hang)
{
	size_t col = 0, i = 0, n = strlen(text);
	char nl[32];
	snprintf(nl, sizeof nl, "\n    %*s", hang, "");
	cols -= (size_t)hang;
	fputs("    ", out);
	size_t run = 0;  /* text[run, i) is still to be written: one fwrite per line, not per character */
	while (i < n) {
		size_t start = i;
		int32_t cp = poa_utf8_next(text, n, &i);
		if (cp == ' ') {
			/* The word ends at the next space, or where CJK text
			 * starts: a line may break before any CJK character. */
			size_t k = i, w = 0;
			while (k < n && text[k] != ' ') {
				int32_t c = poa_utf8_next(text, n, &k);
				if (poa_is_cjk(c))
					break;
				w++;
			}
			if (col + 1 + w > cols) {
				fwrite(text + run, 1, start - run, out);
				fputs(nl, out);
				col = 0;
				run = i;  /* the space the line breaks at is not written */
				continue;
			}
		} else if (poa_is_cjk(cp) && col + 2 > cols && !closes(cp)) {
			fwrite(text + run, 1, start - run, out);
			fputs(nl, out);
			col = 0;
			run = start;
		}
		col += poa_is_cjk(cp) ? 2 : 1;
	}
	fwrite(text + run, 1, n - run, out);
	fputc('\n', out);
}

static void write_deadline(FILE *out, const poa_notice *n, const poa_message *m,
			   const poa_report_options *opt, const style *st)
{
	label(out, _("Deadline"));
	deadline_info d = poa_report_deadline(n, m, opt->today);
	if (!d.known) {
		fprintf(out, "%s\n", _("no deadline stated"));
		return;
	}
	char ds[16];
	poa_report_date_str(d.date, ds);
	const char *colour = d.days_left < 0 ? st->red : d.days_left <= 3 ? st->yellow : "";
	fprintf(out, "%s%s%s", colour, st->bold, ds);
	if (d.days_left < 0)
		fprintf(out, " (%s)", _("overdue"));
	else if (d.days_left == 0)
		fprintf(out, " (%s)", _("today"));
	else
		fprintf(out, dngettext("poa", " (%ld day left)", " (%ld days left)", (unsigned long)d.days_left),
			d.days_left);
	fprintf(out, "%s\n", st->off);
	label(out, "");
	fprintf(out, "%s", st->dim);
	fprintf(out, d.from_today ? _("\"%s\", counted from today (pasted text has no date)")
				  : _("\"%s\", counted from the message date"),
		n->deadline.value);
	fprintf(out, "%s\n", st->off);
}

static void write_fields(FILE *out, const poa_notice *n, const style *st)
{
	(void)st;
	label(out, _("Marketplace"));
	fprintf(out, "%s\n", n->marketplace.value ? n->marketplace.value : _("not stated"));
	for (size_t i = 0; i < n->nasins; i++) {
		label(out, i ? "" : _("ASINs"));
		fprintf(out, "%s", n->asins[i].asin);
		if (n->asins[i].masked)
			fprintf(out, " (%s)", _("masked"));
		if (n->asins[i].title)
			fprintf(out, "  \"%s\"", n->asins[i].title);
		fputc('\n', out);
	}
	if (n->complaint_ids.count)
		label(out, _("Complaint IDs"));
	for (size_t i = 0; i < n->complaint_ids.count; i++)
		fprintf(out, "%s%s", i ? ", " : "", n->complaint_ids.items[i].value);
	if (n->complaint_ids.count)
		fputc('\n', out);
	if (n->infringement_type.value) {
		label(out, _("Type"));
		fprintf(out, "%s\n", n->infringement_type.value);
	}
	if (n->owner_name.value || n->owner_email.value) {
		label(out, _("Rights owner"));
		if (n->owner_name.value && n->owner_email.value)
			fprintf(out, "%s <%s>\n", n->owner_name.value, n->owner_email.value);
		else
			fprintf(out, "%s\n", n->owner_name.value ? n->owner_name.value : n->owner_email.value);
	}
	for (size_t i = 0; i < n->nip_refs; i++) {
		label(out, i ? "" : _("IP numbers"));
		const char *k = n->ip_refs[i].kind;
		const char *kl = strcmp(k, "utility_patent") == 0  ? _("utility patent")
				 : strcmp(k, "design_patent") == 0 ? _("design patent or design right")
				 : strcmp(k, "trademark") == 0     ? _("trademark registration")
				 : strcmp(k, "copyright") == 0     ? _("copyright registration")
								   : k;
		fprintf(out, "%s %s\n", kl, n->ip_refs[i].number);
	}
	label(out, _("Reply to"));
	fprintf(out, "%s\n", n->reply_to.value ? n->reply_to.value : _("no address named (answer in Seller Central)"));
}

static void write_header(FILE *out, const poa_kb *kb, const poa_notice *n, const poa_message *m,
			 const poa_report_options *opt, const style *st)
{
	const kb_family *f = poa_kb_family(kb, n->family);
	const kb_stake *s = poa_kb_stake(kb, n->severity);
	const char *name = f ? poa_kb_text(&f->name, opt->lang)
			     : n->is_amazon ? _("Unrecognised notice") : _("Not an Amazon notice");
	fprintf(out, "%s%s%s  %s%s%s", st->dim, poa_message_origin(m), st->off, st->bold, name, st->off);
	if (f && s)
		fprintf(out, "  %s[%s]%s", s->level >= 3 ? st->red : "", poa_kb_text(&s->label, opt->lang), st->off);
	fprintf(out, "  (%s)\n", n->family);
	if (poa_message_subject(m))
		fprintf(out, "  %s%s%s\n", st->dim, poa_message_subject(m), st->off);
	fputc('\n', out);
	char *summary = poa_report_summary(kb, n, opt->lang, 1);
	if (summary)
		indent_block(out, summary, 76, 0);
	free(summary);
	fputc('\n', out);
}

static void write_guidance(FILE *out, const kb_family *f, const poa_report_options *opt, const style *st)
{
	fprintf(out, "\n  %s%s%s\n", st->bold, _("What this means"), st->off);
	indent_block(out, poa_kb_text(&f->explanation, opt->lang), 76, 0);
	fprintf(out, "\n  %s%s%s\n", st->bold, _("Amazon's options"), st->off);
	for (size_t i = 0; i < f->noptions; i++) {
		poa_buf b;
		poa_buf_init(&b);
		poa_buf_printf(&b, "%zu. %s", i + 1, poa_kb_text(&f->options[i].text, opt->lang));
		if (b.data)
			indent_block(out, b.data, 76, 3);
		poa_buf_free(&b);
		fprintf(out, "       %s%s %s%s\n", st->dim, _("source:"), f->options[i].source, st->off);
	}
}

poa_status poa_notice_write_text(FILE *out, const poa_kb *kb, const poa_notice *n, const poa_message *m,
				 const poa_report_options *opt, poa_error *err)
{
	style st = style_for(opt->color);
	write_header(out, kb, n, m, opt, &st);
	const kb_family *f = poa_kb_family(kb, n->family);
	if (n->is_amazon || f) {
		write_deadline(out, n, m, opt, &st);
		write_fields(out, n, &st);
	}
	if (f)
		write_guidance(out, f, opt, &st);
	fputc('\n', out);
	if (ferror(out))
		return poa_error_set(err, POA_ERR_IO, "cannot write the report: output error");
	return POA_OK;
}
