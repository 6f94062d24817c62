/* page-rule.c — /rules/ID: the page of a lint rule (what it catches, why, a
 * bad and a good example, how to fix), so that a seller who sees
 * [R14-unbacked-claim] beside a line of a letter can read what it means.
 * The pages are Markdown (docs/rules/, built into libpoa); this renders the
 * part of Markdown they use: headings, paragraphs, a two-column table,
 * fenced code, `code` and [links]. Everything else is text, escaped. */
#include "web.h"

#include <string.h>

static void inline_md(poa_buf *b, const char *s, size_t n);

/* A link of a page: another rule's page (R05-vague-root-cause.md) opens
 * here; a web address is a link; a path of the source tree is only text. */
static void link(poa_buf *b, const char *text, size_t tn, const char *url, size_t un)
{
	int rule = un > 3 && memcmp(url + un - 3, ".md", 3) == 0 && url[0] == 'R' && !memchr(url, '/', un);
	int web = (un > 8 && memcmp(url, "https://", 8) == 0) || (un > 7 && memcmp(url, "http://", 7) == 0);
	if (rule) {
		poa_buf_adds(b, "<a href=\"/rules/");
		h_escn(b, url, un - 3);
		poa_buf_adds(b, "\">");
	} else if (web) {
		poa_buf_adds(b, "<a rel=\"noopener noreferrer\" href=\"");
		h_escn(b, url, un);
		poa_buf_adds(b, "\">");
	}
	inline_md(b, text, tn);
	if (rule || web)
		poa_buf_adds(b, "</a>");
}

/* One line's inline Markdown: `code` and [text](url); the rest escaped. */
static void inline_md(poa_buf *b, const char *s, size_t n)
{
	size_t i = 0, plain = 0;
	while (i < n) {
		const char *end;
		if (s[i] == '`' && (end = memchr(s + i + 1, '`', n - i - 1))) {
			h_escn(b, s + plain, i - plain);
			poa_buf_adds(b, "<code>");
			h_escn(b, s + i + 1, (size_t)(end - s) - i - 1);
			poa_buf_adds(b, "</code>");
			i = plain = (size_t)(end - s) + 1;
			continue;
		}
		const char *mid = s[i] == '[' ? memchr(s + i, ']', n - i) : NULL;
		const char *close = mid && (size_t)(mid - s) + 1 < n && mid[1] == '(' ? memchr(mid, ')', n - (size_t)(mid - s)) : NULL;
		if (close) {
			h_escn(b, s + plain, i - plain);
			link(b, s + i + 1, (size_t)(mid - s) - i - 1, mid + 2, (size_t)(close - mid) - 2);
			i = plain = (size_t)(close - s) + 1;
			continue;
		}
		i++;
	}
	h_escn(b, s + plain, n - plain);
}

/* A table row: "| a | b |". The separator row and an empty header row are
 * skipped; the first cell of a row is its heading. */
static void table_row(poa_buf *b, const char *s, size_t n)
{
	if (strspn(s, "|-: ") >= n || strspn(s, "| ") >= n)
		return;
	poa_buf_adds(b, "<tr>");
	size_t at = 1;
	for (int cell = 0; at < n; cell++) {
		const char *bar = memchr(s + at, '|', n - at);
		size_t end = bar ? (size_t)(bar - s) : n, a = at, z = end;
		while (a < z && s[a] == ' ')
			a++;
		while (z > a && s[z - 1] == ' ')
			z--;
		poa_buf_adds(b, cell ? "<td>" : "<th scope=\"row\">");
		inline_md(b, s + a, z - a);
		poa_buf_adds(b, cell ? "</td>" : "</th>");
		at = end + 1;
	}
	poa_buf_adds(b, "</tr>\n");
}

enum block { NONE, PARA, TABLE, CODE };

static enum block close_block(poa_buf *b, enum block open)
{
	static const char *const ends[] = {"", "</p>\n", "</table>\n", "</code></pre>\n"};
	poa_buf_adds(b, ends[open]);
	return NONE;
}

static void render(poa_buf *b, const char *md)
{
	enum block open = NONE;
	for (const char *s = md; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		int fence = n >= 3 && memcmp(s, "```", 3) == 0;
		if (open == CODE) {
			if (fence) {
				open = close_block(b, open);
			} else {
				h_escn(b, s, n);
				poa_buf_adds(b, "\n");
			}
		} else if (fence) {
			close_block(b, open);
			poa_buf_adds(b, "<pre><code>");
			open = CODE;
		} else if (n == 0) {
			open = close_block(b, open);
		} else if (s[0] == '#') {
			size_t level = strspn(s, "#");
			size_t skip = level < n && s[level] == ' ' ? level + 1 : level;
			open = close_block(b, open);
			level = level > 3 ? 3 : level;
			poa_buf_printf(b, "<h%zu>", level);
			inline_md(b, s + skip, n - skip);
			poa_buf_printf(b, "</h%zu>\n", level);
		} else if (s[0] == '|') {
			if (open != TABLE) {
				close_block(b, open);
				poa_buf_adds(b, "<table class=\"rule-facts\">\n");
				open = TABLE;
			}
			table_row(b, s, n);
		} else {
			if (open != PARA) {
				close_block(b, open);
				poa_buf_adds(b, "<p>");
				open = PARA;
			} else {
				poa_buf_adds(b, "\n");
			}
			inline_md(b, s, n);
		}
		s += n + (nl != NULL);
	}
	close_block(b, open);
}

void page_rule(web_req *r, char **args)
{
	const char *md = poa_lint_rule_page(args[0]);
	if (!md) {
		web_error(r, 404, T(r, S_NO_RULE));
		return;
	}
	page_begin(r, args[0]);
	poa_buf_adds(&r->out, "<article class=\"rule-page\" id=\"rule\">\n");
	render(&r->out, md);
	poa_buf_adds(&r->out, "</article>\n");
	page_end(r);
}
