/* Fuzz target: template rendering. The input is a letter template (the
 * en/zh text of a part of a kb/templates/ file, or anything else) rendered
 * against a small fixed context shaped like the drafter's (notice, answers,
 * lists, false and empty values), with and without partial drafts. */
#include "fuzz.h"
#include "template.h"

static const char facts[] =
	"store: Harbourline Goods\n"
	"today: '2026-11-28'\n"
	"asins_text: B0CK7TQ2WD, B0CK7V1MZA\n"
	"complaints_text: '1478820193'\n"
	"owner: {name: Brightwell, email: b@example.com}\n"
	"notice:\n"
	"  family: trademark\n"
	"  family_name: Trademark\n"
	"  asins:\n"
	"    - {asin: B0CK7TQ2WD, title: Mug}\n"
	"    - {asin: B0CK7V1MZA}\n"
	"  owner: {name: Brightwell, email: b@example.com}\n"
	"  ip_refs: [{kind: trademark, number: '6,512,877'}]\n"
	"answers:\n"
	"  root_cause: The title named the brand.\n"
	"  changes_made: [Removed the brand from the title, Checked every listing]\n"
	"  changes_date: '2026-11-25'\n"
	"  listing_deleted: 'no'\n"
	"  sold_product: 'yes'\n"
	"licensed: false\nnever_sold: true\nempty: []\nids: ['1', '2']\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static poa_yaml *ctx;
	poa_error err = {0};
	if (!ctx && poa_yaml_parse("facts", facts, strlen(facts), &ctx, &err) != POA_OK) {
		fprintf(stderr, "fuzz-template: the context does not parse: %s\n", err.message);
		abort();
	}
	for (int partial = 0; partial <= 1; partial++) {
		poa_template_result r;
		poa_status st = poa_template_render("fuzz.txt", (const char *)data, size, ctx, partial, &r, &err);
		if (st == POA_OK)
			FUZZ_ASSERT(r.text != NULL);
		else
			FUZZ_ASSERT(r.text == NULL && err.message[0]);
		/* A gap is marked in the text (a NUL byte of the template ends the
		 * text as a C string: templates are kb text, never binary). */
		if (partial && st == POA_OK && !memchr(data, 0, size))
			FUZZ_ASSERT(r.nmissing == 0 || strstr(r.text, "[[MISSING: ") != NULL);
		poa_template_result_free(&r);
	}
	return 0;
}
