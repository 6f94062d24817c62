/* routes.c — every URL poa serve answers. A * is one path segment (letters,
 * digits, '_', '-', '.'; never "." or ".."). The same actions are pages
 * (forms, answered with a redirect or a page) and JSON under /api/
 * (docs/openapi.yaml). */
#include "web.h"

const web_route web_routes[] = {
	{"GET", "/", page_list},
	{"GET", "/cases", page_list},
	{"GET", "/cases/new", page_new},
	{"POST", "/cases", act_new_case},
	{"GET", "/cases/*", page_case},
	{"POST", "/cases/*/answers", act_answers},
	{"POST", "/cases/*/draft", act_draft},
	{"POST", "/cases/*/evidence", act_evidence},
	{"POST", "/cases/*/status", act_status},
	{"POST", "/cases/*/audit", act_audit},
	{"GET", "/cases/*/letters/*", page_letter},
	{"POST", "/cases/*/letters/*", act_letter_save},
	{"POST", "/cases/*/letters/*/sent", act_letter_sent},
	{"GET", "/assets/*", page_asset},

	{"GET", "/api/cases", api_cases},
	{"POST", "/api/cases", api_case_new},
	{"GET", "/api/cases/*", api_case},
	{"GET", "/api/cases/*/notice", api_notice},
	{"GET", "/api/cases/*/plan", api_plan},
	{"GET", "/api/cases/*/questions", api_questions},
	{"POST", "/api/cases/*/answers", api_answers},
	{"POST", "/api/cases/*/draft", api_draft},
	{"GET", "/api/cases/*/letters/*", api_letter},
	{"POST", "/api/cases/*/letters/*", api_letter_save},
	{"POST", "/api/cases/*/letters/*/sent", api_letter_sent},
	{"POST", "/api/cases/*/evidence", api_evidence},
	{"POST", "/api/cases/*/status", api_status},
	{"POST", "/api/cases/*/audit", api_audit},
	{"POST", "/api/lint", api_lint},
};
const size_t web_nroutes = sizeof web_routes / sizeof *web_routes;

/* ---- /assets/NAME: from the table compiled in, never from the disk ---- */

#include "assets.h"

#include <string.h>

void page_asset(web_req *r, char **args)
{
	for (size_t i = 0; i < web_nassets; i++)
		if (strcmp(web_assets[i].name, args[0]) == 0) {
			poa_buf_add(&r->out, web_assets[i].data, web_assets[i].len);
			r->ctype = web_assets[i].type;
			r->cacheable = 1;
			return;
		}
	web_error(r, 404, "no such file");
}
