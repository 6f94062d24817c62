/* routes.c — every URL poa serve answers. A * is one path segment (letters,
 * digits, '_', '-', '.', '@' as in a user name; never "." or ".."). The same actions are pages
 * (forms, answered with a redirect or a page) and JSON under /api/
 * (docs/openapi.yaml).
 *
 * The last column is what the route needs in team mode (web.h, web_need):
 * server.c checks it for every request before the handler runs, so a
 * handler never checks permissions itself. A route under /cases/ID or
 * /api/cases/ID is a case route: READ or WRITE
 * is asked of poa_db_user_may() for that case. The login routes, POST
 * /login and POST /api/login, are WEB_PUBLIC and carry their own CSRF
 * check (team.c). tests/web/team_test.py reads this table: a route added
 * here without a row in its role matrix fails it. Without --team, every
 * route (the sign-in routes too, which then answer 404) needs the access
 * token's session. */
#include "web.h"

const web_route web_routes[] = {
	{"GET", "/", page_list, WEB_READ},
	{"GET", "/cases", page_list, WEB_READ},
	{"GET", "/cases/new", page_new, WEB_WRITE},
	{"POST", "/cases", act_new_case, WEB_WRITE},
	{"GET", "/cases/*", page_case, WEB_READ},
	{"POST", "/cases/*/answers", act_answers, WEB_WRITE},
	{"POST", "/cases/*/draft", act_draft, WEB_WRITE},
	{"POST", "/cases/*/evidence", act_evidence, WEB_WRITE},
	{"POST", "/cases/*/status", act_status, WEB_WRITE},
	{"POST", "/cases/*/audit", act_audit, WEB_WRITE},
	{"GET", "/cases/*/letters/*", page_letter, WEB_READ},
	{"POST", "/cases/*/letters/*", act_letter_save, WEB_WRITE},
	{"POST", "/cases/*/letters/*/sent", act_letter_sent, WEB_WRITE},
	{"GET", "/assets/*", page_asset, WEB_PUBLIC},
	{"GET", "/rules/*", page_rule, WEB_READ},
	{"GET", "/login", page_login, WEB_PUBLIC},
	{"POST", "/login", act_login, WEB_PUBLIC},
	{"POST", "/logout", act_logout, WEB_READ},
	{"GET", "/users", page_users, WEB_OWNER},
	{"POST", "/users", act_user_add, WEB_OWNER},
	{"POST", "/users/*", act_user_set, WEB_OWNER},
	{"GET", "/users/*/remove", page_user_remove, WEB_OWNER},
	{"POST", "/users/*/remove", act_user_remove, WEB_OWNER},
	{"GET", "/users/*/password", page_user_password, WEB_OWNER},
	{"POST", "/users/*/password", act_user_password, WEB_OWNER},

	{"GET", "/api/cases", api_cases, WEB_READ},
	{"POST", "/api/cases", api_case_new, WEB_WRITE},
	{"GET", "/api/cases/*", api_case, WEB_READ},
	{"GET", "/api/cases/*/notice", api_notice, WEB_READ},
	{"GET", "/api/cases/*/plan", api_plan, WEB_READ},
	{"GET", "/api/cases/*/questions", api_questions, WEB_READ},
	{"POST", "/api/cases/*/answers", api_answers, WEB_WRITE},
	{"POST", "/api/cases/*/draft", api_draft, WEB_WRITE},
	{"GET", "/api/cases/*/letters/*", api_letter, WEB_READ},
	{"POST", "/api/cases/*/letters/*", api_letter_save, WEB_WRITE},
	{"POST", "/api/cases/*/letters/*/sent", api_letter_sent, WEB_WRITE},
	{"POST", "/api/cases/*/evidence", api_evidence, WEB_WRITE},
	{"POST", "/api/cases/*/status", api_status, WEB_WRITE},
	{"POST", "/api/cases/*/audit", api_audit, WEB_WRITE},
	{"POST", "/api/lint", api_lint, WEB_READ},
	{"POST", "/api/login", api_login, WEB_PUBLIC},
	{"POST", "/api/logout", api_logout, WEB_READ},
	{"GET", "/api/me", api_me, WEB_READ},
	{"GET", "/api/users", api_users, WEB_OWNER},
	{"POST", "/api/users", api_user_add, WEB_OWNER},
	{"PATCH", "/api/users/*", api_user_set, WEB_OWNER},
	{"DELETE", "/api/users/*", api_user_remove, WEB_OWNER},
	{"POST", "/api/users/*/password", api_user_password, WEB_OWNER},
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
