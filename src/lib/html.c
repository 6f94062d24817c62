/* html.c — HTML to plain text through libxml2's tolerant HTML parser.
 *
 * Notices arrive as HTML-only e-mail or saved pages whose labels and values sit
 * in separate table cells; cells are kept apart by a tab and rows by a line
 * break so that "ASIN:" still reads next to its value. */
#include "text.h"
#include "buf.h"
#include "dynlib.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

enum { HTML_MAX = 8 << 20 };

/* libxml2 brings ICU, libstdc++ and liblzma: loaded for HTML bodies only. */
typedef struct xml_api {
	htmlDocPtr (*read_memory)(const char *, int, const char *, const char *, int);
	xmlNodePtr (*root_element)(const xmlDoc *);
	void (*free_doc)(xmlDocPtr);
} xml_api;

static xml_api xml;
static const poa_dynlib_sym xml_syms[] = {
	POA_DYNLIB_SYM(xml_api, read_memory, "htmlReadMemory"),
	POA_DYNLIB_SYM(xml_api, root_element, "xmlDocGetRootElement"),
	POA_DYNLIB_SYM(xml_api, free_doc, "xmlFreeDoc"),
	{NULL, 0},
};
static poa_dynlib xml_lib = POA_DYNLIB("libxml2.so.2", "libxml2", xml_syms, &xml);

static int is_named(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (strcasecmp((const char *)n->name, *names) == 0)
			return 1;
	return 0;
}

static const char *const skipped[] = {"script", "style", "head", "noscript", "template", NULL};
static const char *const blocks[] = {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4",
				     "h5", "h6", "blockquote", "pre", "section", "article",
				     "header", "footer", "body", "html", "form", "hr", NULL};
static const char *const lines[] = {"tr", "li", "dt", "dd", "caption", NULL};
static const char *const cells[] = {"td", "th", NULL};

static void end_with(poa_buf *b, const char *sep)
{
	/* Avoid piling separators: the normaliser collapses them anyway, but
	 * the decoded text is what the seller sees highlighted. */
	size_t n = strlen(sep);
	if (b->len == 0)
		return;
	if (b->len >= n && memcmp(b->data + b->len - n, sep, n) == 0)
		return;
	poa_buf_adds(b, sep);
}

/* Line breaks in HTML source are spaces; only <br> and blocks break lines
 * (except inside <pre>). */
static void add_text(poa_buf *b, const char *s, int pre)
{
	for (; *s; s++)
		poa_buf_addc(b, !pre && (*s == '\n' || *s == '\r' || *s == '\t') ? ' ' : *s);
}

static int is_pre(const xmlNode *n)
{
	return strcasecmp((const char *)n->name, "pre") == 0;
}

/* The break that starts a block or a line before its content. */
static void open_element(const xmlNode *n, poa_buf *b)
{
	if (is_named(n, blocks))
		end_with(b, "\n\n");
	else if (is_named(n, lines))
		end_with(b, "\n");
}

/* The break, or the tab of a cell, after its content. */
static void close_element(const xmlNode *n, poa_buf *b)
{
	if (is_named(n, blocks))
		end_with(b, "\n\n");
	else if (is_named(n, lines))
		end_with(b, "\n");
	else if (is_named(n, cells))
		poa_buf_addc(b, '\t');
}

/* Depth first through first and its siblings, without recursion: a page
 * nested thousands deep (a broken template, or one built to hurt) keeps
 * its text and cannot exhaust the stack. */
static void walk(const xmlNode *first, poa_buf *b)
{
	const xmlNode *top = first ? first->parent : NULL;
	const xmlNode *n = first;
	int pre = 0;  /* <pre> elements open around n */
	while (n) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_text(b, (const char *)n->content, pre > 0);
		} else if (n->type == XML_ELEMENT_NODE && !is_named(n, skipped)) {
			if (strcasecmp((const char *)n->name, "br") == 0) {
				poa_buf_addc(b, '\n');
			} else {
				open_element(n, b);
				if (n->children) {
					pre += is_pre(n);
					n = n->children;
					continue;
				}
				close_element(n, b);
			}
		}
		/* Up through the elements this was the last child of. */
		while (!n->next && n->parent && n->parent != top) {
			n = n->parent;
			pre -= is_pre(n);
			close_element(n, b);
		}
		n = n->next;
	}
}

poa_status poa_html_to_text(const char *name, const char *html, size_t len, char **out,
			    size_t *outlen, poa_error *err)
{
	/* libxml2's tree takes about forty times the HTML it is built from
	 * (24 MB of markup: 1 GB). A notice's HTML is tens of KB, a saved Seller
	 * Central page a few MB. */
	if (len > HTML_MAX)
		return poa_error_set(err, POA_ERR_TOO_LARGE,
				     "%s: %zu MB of HTML is more than the %d MB poa reads as a page; save the notice "
				     "e-mail itself (.eml) or its text (.txt)",
				     name, len >> 20, HTML_MAX >> 20);
	poa_status st = poa_dynlib_load(&xml_lib, POA_ERR_INPUT, err);
	if (st)
		return st;
	/* XML_PARSE_HUGE: without it libxml2 stops at 256 nested elements and
	 * the text of the whole page is lost; the input is already bounded by
	 * poa's size limits, and walk() does not recurse. */
	htmlDocPtr doc = xml.read_memory(html, (int)len, NULL, "UTF-8",
					 HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
						 HTML_PARSE_NONET | XML_PARSE_HUGE);
	if (!doc)
		return poa_error_set(err, POA_ERR_INPUT,
				     "%s: the HTML could not be read; save the page as text and try again", name);
	poa_buf b;
	poa_buf_init(&b);
	walk(xml.root_element(doc), &b);
	xml.free_doc(doc);
	poa_buf_add(&b, "", 0);
	*outlen = b.len;
	*out = poa_buf_steal(&b);
	return *out ? POA_OK : poa_error_set(err, POA_ERR_NOMEM, "%s: out of memory", name);
}
