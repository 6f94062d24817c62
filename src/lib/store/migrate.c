/* migrate.c — moving a whole store into another (poa migrate): a SQLite
 * file into the team's PostgreSQL, or back. It is the export and the
 * import, in one transaction on the target, and proven before the commit:
 * the target's export must be the source's, byte for byte. */
#include "db.h"

#include <stdlib.h>
#include <string.h>

/* The target must be empty: a copy merged into other cases and users
 * would be neither the source nor the target. */
static poa_status check_empty(poa_db *to, poa_error *err)
{
	long long n = 0;
	int found = 0;
	poa_status s = db_query_int(to,
				    "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM stores)"
				    " + (SELECT count(*) FROM users)",
				    0, NULL, &n, &found, err);
	if (!s && n)
		s = poa_error_set(err, POA_ERR_USAGE,
				  "%s holds cases, seller accounts or users already; migrate into an empty store (a new "
				  "file, or a new database: createdb)",
				  to->path);
	return s;
}

poa_status poa_db_migrate(poa_db *from, poa_db *to, long long *cases, poa_error *err)
{
	*cases = 0;
	char *before = NULL, *after = NULL;
	int added = 0;
	poa_status s = poa_db_export(from, &before, err);
	if (!s)
		s = db_begin(to, err);
	if (s) {
		free(before);
		return s;
	}
	s = check_empty(to, err);
	if (!s)
		s = poa_db_import_json(to, from->path, before, strlen(before), &added, err);
	if (!s)
		s = poa_db_export(to, &after, err);
	if (!s && strcmp(before, after) != 0)
		s = poa_error_set(err, POA_ERR_STORE,
				  "the copy in %s differs from %s; nothing was changed: report this as a bug, with "
				  "poa export of the source",
				  to->path, from->path);
	s = db_end(to, s, err);
	if (!s)
		*cases = added;
	free(before);
	free(after);
	return s;
}
