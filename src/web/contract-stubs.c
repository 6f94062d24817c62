/* TEMPORARY: link stubs of the store's team API until team-store is merged.
 * Removed by the merge. */
#include "poa.h"
#include <string.h>
const char *poa_role_name(poa_role role) { return role == POA_ROLE_OWNER ? "owner" : role == POA_ROLE_OPERATOR ? "operator" : "viewer"; }
poa_status poa_db_write_users(poa_db *db, FILE *out, int json, poa_error *err) { (void)db; (void)json; fputs("[]", out); (void)err; return POA_OK; }
poa_status poa_db_owner_count(poa_db *db, long long *n, poa_error *err) { (void)db; (void)err; *n = 1; return POA_OK; }
poa_status poa_db_login(poa_db *db, const char *name, const char *password, const char *client, time_t now, poa_user *out, long *retry_after, poa_error *err) { (void)db; (void)name; (void)password; (void)client; (void)now; (void)out; *retry_after = 0; return poa_error_set(err, POA_ERR_AUTH, "stub"); }
poa_status poa_db_session_new(poa_db *db, const poa_user *user, time_t now, poa_session *out, poa_error *err) { (void)db; (void)user; (void)now; (void)out; return poa_error_set(err, POA_ERR_AUTH, "stub"); }
poa_status poa_db_session_find(poa_db *db, const char *id, time_t now, long idle, long max_age, poa_session *out, poa_error *err) { (void)db; (void)id; (void)now; (void)idle; (void)max_age; (void)out; return poa_error_set(err, POA_ERR_AUTH, "stub"); }
poa_status poa_db_session_end(poa_db *db, const char *id, poa_error *err) { (void)db; (void)id; (void)err; return POA_OK; }
poa_status poa_db_user_may(poa_db *db, const poa_user *user, long long case_id, int write, poa_error *err) { (void)db; (void)user; (void)case_id; (void)write; (void)err; return POA_OK; }
poa_status poa_db_user_may_file(poa_db *db, const poa_user *user, const char *store, poa_error *err) { (void)db; (void)user; (void)store; (void)err; return POA_OK; }
poa_status poa_db_set_actor(poa_db *db, const char *name, poa_error *err) { (void)db; (void)name; (void)err; return POA_OK; }
void poa_db_expect_version(poa_db *db, long long case_id, long long version) { (void)db; (void)case_id; (void)version; }
poa_status poa_db_case_version(poa_db *db, long long case_id, long long *current, poa_error *err) { (void)db; (void)case_id; (void)err; *current = 0; return POA_OK; }
