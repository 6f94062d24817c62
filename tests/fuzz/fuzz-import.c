/* Fuzz target: the case store's export import. The input is a `poa export`
 * file read by `poa import --json` into a fresh store (in memory: SQLite
 * behaves the same, only faster); what was imported is exported again,
 * and that export must go through another store unchanged ("export,
 * import, export gives the same bytes", include/poa.h). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	poa_db *db = NULL;
	poa_error err = {0};
	if (poa_db_open(":memory:", &db, &err) != POA_OK) {
		fprintf(stderr, "fuzz-import: cannot open a store in memory: %s\n", err.message);
		abort();
	}
	int added = -1;
	poa_status st = poa_db_import_json(db, "export.json", (const char *)data, size, &added, &err);
	if (st != POA_OK) {
		FUZZ_ASSERT(added == 0 && err.message[0]);
		/* A bad import changes nothing. */
		char *json = NULL;
		FUZZ_ASSERT(poa_db_export(db, &json, &err) == POA_OK);
		free(json);
	} else {
		char *json = NULL;
		FUZZ_ASSERT(poa_db_export(db, &json, &err) == POA_OK && json);
		poa_db *db2 = NULL;
		char *again = NULL;
		int added2 = -1;
		FUZZ_ASSERT(poa_db_open(":memory:", &db2, &err) == POA_OK);
		if (poa_db_import_json(db2, "export-again.json", json, strlen(json), &added2, &err) != POA_OK) {
			fprintf(stderr, "fuzz-import: poa's own export does not import: %s\n", err.message);
			abort();
		}
		FUZZ_ASSERT(poa_db_export(db2, &again, &err) == POA_OK && again);
		if (strcmp(json, again) != 0) {
			fprintf(stderr, "fuzz-import: export, import, export differs\n--- first\n%s\n--- second\n%s\n", json,
				again);
			abort();
		}
		free(again);
		poa_db_close(db2);
		poa_db_query q = {.today = FUZZ_TODAY};
		FILE *out = fopen("/dev/null", "w");
		if (out) {
			(void)poa_db_write_list(db, out, &q, &err);
			fclose(out);
		}
		free(json);
	}
	poa_db_close(db);
	return 0;
}
