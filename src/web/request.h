/* request.h — parsing request bodies (request.c). */
#ifndef POA_WEB_REQUEST_H
#define POA_WEB_REQUEST_H

#include "web.h"

#define WEB_MAX_FIELDS 256

/* Decodes %XX and + of n bytes; the caller frees it. */
char *web_url_decode(const char *s, size_t n, size_t *outlen);
/* Parses r->body by its Content-Type into r->fields or r->json: 0, or an
 * HTTP status (400, 415) with *why. */
int web_body_parse(web_req *r, const char *ctype, const char **why);
void web_fields_free(web_req *r);

#endif
