/* sql.c — choosing the backend of a store by its name (see sql.h). */
#include "sql.h"
#include "buf.h"

#include <string.h>

int sql_is_url(const char *name)
{
	return name && (strncmp(name, "postgresql://", 13) == 0 || strncmp(name, "postgres://", 11) == 0);
}

sql_rc sql_open(const char *name, sql_conn **out)
{
	*out = NULL;
	return sql_is_url(name) ? sql_pg_open(name, out) : sql_sqlite_open(name, out);
}

/* postgresql://user:secret@host/db -> postgresql://user@host/db; a password
 * in the query (?password=...) is cut with the rest of the query. */
char *sql_display_name(const char *name)
{
	if (!sql_is_url(name))
		return poa_strdup0(name);
	const char *rest = strstr(name, "://") + 3;
	size_t auth = strcspn(rest, "@/?");
	const char *colon = memchr(rest, ':', auth);
	poa_buf b;
	poa_buf_init(&b);
	poa_buf_add(&b, name, (size_t)(rest - name));
	if (rest[auth] == '@' && colon) {
		poa_buf_add(&b, rest, (size_t)(colon - rest));
		rest += auth;
	}
	poa_buf_add(&b, rest, strcspn(rest, "?"));
	return poa_buf_steal(&b);
}
