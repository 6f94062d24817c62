/* mail.c — mail archives into the case store: an mbox, a Maildir (new/ and
 * cur/), or a folder of .eml files. Every marketplace notice files or joins
 * a case; every other message is counted and left alone. One message at a
 * time, so memory stays bounded whatever the archive's size; each notice is
 * its own transaction, so an interrupted import resumes by running again
 * (what is stored is recognised and skipped). */
#include "db.h"
#include "buf.h"
#include "notice.h"

#include <dirent.h>
#include <errno.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define _(s) dgettext("poa", s)
#define MAX_UNREADABLE 1000   /* listed one by one; past this, only counted */
#define IMPORT_BATCH 200      /* messages per commit */

struct poa_import_summary {
	size_t messages, notices, created, joined, duplicates, other, unreadable;
	json_t *by_family;   /* family -> count */
	json_t *bad;         /* [{where, error}] */
};

poa_import_summary *poa_import_summary_new(void)
{
	poa_import_summary *s = calloc(1, sizeof *s);
	if (s && (!(s->by_family = json_object()) || !(s->bad = json_array()))) {
		poa_import_summary_free(s);
		return NULL;
	}
	return s;
}

void poa_import_summary_free(poa_import_summary *s)
{
	if (!s)
		return;
	json_decref(s->by_family);
	json_decref(s->bad);
	free(s);
}

static void note_bad(poa_import_summary *s, const char *path, size_t position, const char *error)
{
	s->unreadable++;
	if (json_array_size(s->bad) >= MAX_UNREADABLE)
		return;
	json_array_append_new(s->bad, json_pack("{s:s,s:I,s:s}", "file", path, "message", (json_int_t)position,
						"error", error));
}

/* One message: a notice to file, or another message to count. */
static poa_status take(poa_db *db, const poa_kb *kb, poa_message *m, const poa_import_options *opt,
		       poa_import_summary *s, poa_error *err)
{
	poa_notice *n = NULL;
	poa_error merr = {0};
	if (poa_notice_skim(kb, m, &n, &merr) != POA_OK) {
		if (merr.status == POA_ERR_NOMEM)
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		note_bad(s, poa_message_origin(m), s->messages, merr.message);
		return POA_OK;
	}
	poa_status st = POA_OK;
	if (!n->is_amazon || strcmp(n->family, "unknown") == 0) {
		s->other++;
	} else {
		poa_case_added a;
		st = poa_db_case_add(db, kb, m, n, opt->store, opt->now, &a, err);
		if (!st) {
			s->notices++;
			s->created += !a.joined && !a.duplicate;
			s->joined += a.joined && !a.duplicate;
			s->duplicates += a.duplicate;
			json_t *c = json_object_get(s->by_family, n->family);
			json_object_set_new(s->by_family, n->family, json_integer(c ? json_integer_value(c) + 1 : 1));
		}
	}
	poa_notice_free(n);
	return st;
}

/* Every message of one file (an mbox holds many, an .eml one). */
static poa_status take_file(poa_db *db, const poa_kb *kb, const char *path, const poa_import_options *opt,
			    poa_import_summary *s, poa_error *err)
{
	poa_input *in = NULL;
	poa_error ferr = {0};
	if (poa_input_open(path, NULL, &in, &ferr) != POA_OK) {
		if (ferr.status == POA_ERR_NOMEM)
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		s->messages++;
		note_bad(s, path, s->messages, ferr.message);
		return POA_OK;
	}
	/* Notices are committed in batches: one commit per notice would cost
	 * more than reading it. A batch is still whole or absent. */
	poa_status st = db_begin(db, err);
	int failures = 0, in_batch = 0;
	for (; !st;) {
		poa_message *m = NULL;
		poa_error merr = {0};
		poa_status ms = poa_input_next(in, &m, &merr);
		if (ms == POA_OK && !m)
			break;
		s->messages++;
		if (opt->progress)
			opt->progress(opt->progress_ctx, path, s->messages);
		if (ms != POA_OK) {
			note_bad(s, path, s->messages, merr.message);
			/* A reader that fails on and on has lost its place. */
			if (ms == POA_ERR_NOMEM || ++failures > 100) {
				st = poa_error_set(err, ms == POA_ERR_NOMEM ? POA_ERR_NOMEM : POA_ERR_INPUT,
						   "%s: more than 100 unreadable messages in a row; is it a mail archive?",
						   path);
				break;
			}
			continue;
		}
		failures = 0;
		st = take(db, kb, m, opt, s, err);
		poa_message_free(m);
		if (!st && ++in_batch == IMPORT_BATCH) {
			in_batch = 0;
			if (!(st = db_commit(db, err)))
				st = db_begin(db, err);
		}
	}
	if (db->depth)
		st = db_end(db, st, err);
	poa_input_free(in);
	return st;
}

poa_status mail_take_data(poa_db *db, const poa_kb *kb, const char *name, const char *data, size_t len,
			  const poa_import_options *opt, poa_import_summary *s, poa_error *err)
{
	poa_input *in = NULL;
	poa_error merr = {0};
	s->messages++;
	if (poa_input_open_memory(name, data, len, NULL, &in, &merr) != POA_OK) {
		if (merr.status == POA_ERR_NOMEM)
			return poa_error_set(err, POA_ERR_NOMEM, "out of memory");
		note_bad(s, name, s->messages, merr.message);
		return POA_OK;
	}
	poa_message *m = NULL;
	poa_status st = POA_OK;
	if (poa_input_next(in, &m, &merr) != POA_OK || !m)
		note_bad(s, name, s->messages, m ? merr.message : "no message in the data");
	else
		st = take(db, kb, m, opt, s, err);
	if (opt->progress)
		opt->progress(opt->progress_ctx, name, s->messages);
	poa_message_free(m);
	poa_input_free(in);
	return st;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file a folder of saved mail holds: .eml, a mailbox, a saved page or
 * pasted text, or a name without extension; not an export, a PDF or a
 * README. */
static int is_mail_name(const char *name)
{
	static const char *const exts[] = {".eml", ".mbox", ".mbx", ".txt", ".html", ".htm", NULL};
	const char *dot = strrchr(name, '.');
	if (!dot)
		return 1;
	for (const char *const *e = exts; *e; e++)
		if (strcasecmp(dot, *e) == 0)
			return 1;
	return 0;
}

/* The regular files of dir (in a Maildir all of them, else the mail
 * ones), sorted (a stable order: the same archive
 * imports the same way twice). */
static poa_status list_dir(const char *dir, int maildir, char ***names, size_t *n, poa_error *err)
{
	*names = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? POA_OK
				       : poa_error_set(err, POA_ERR_IO, "%s: cannot read the folder: %s", dir, strerror(errno));
	struct dirent *e;
	poa_status st = POA_OK;
	while (!st && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		poa_buf p;
		poa_buf_init(&p);
		poa_buf_printf(&p, "%s/%s", dir, e->d_name);
		struct stat sb;
		char **v = p.oom ? NULL : realloc(*names, (*n + 1) * sizeof *v);
		if (!v) {
			poa_buf_free(&p);
			st = poa_error_set(err, POA_ERR_NOMEM, "out of memory");
			break;
		}
		*names = v;
		if (stat(p.data, &sb) == 0 && S_ISREG(sb.st_mode) && (maildir || is_mail_name(e->d_name)))
			v[(*n)++] = poa_buf_steal(&p);
		else
			poa_buf_free(&p);
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof **names, by_name);
	return st;
}

static poa_status take_dir(poa_db *db, const poa_kb *kb, const char *dir, const poa_import_options *opt,
			   poa_import_summary *s, poa_error *err)
{
	/* A Maildir keeps its messages in new/ and cur/; a plain folder holds
	 * .eml files (or mailboxes) itself. */
	char sub[2][4096];
	snprintf(sub[0], sizeof sub[0], "%s/new", dir);
	snprintf(sub[1], sizeof sub[1], "%s/cur", dir);
	struct stat sb;
	int maildir = (stat(sub[0], &sb) == 0 && S_ISDIR(sb.st_mode)) || (stat(sub[1], &sb) == 0 && S_ISDIR(sb.st_mode));
	const char *dirs[2] = {maildir ? sub[0] : dir, maildir ? sub[1] : NULL};
	poa_status st = POA_OK;
	for (int k = 0; k < 2 && dirs[k] && !st; k++) {
		char **names;
		size_t n;
		st = list_dir(dirs[k], maildir, &names, &n, err);
		for (size_t i = 0; i < n; i++) {
			if (!st)
				st = take_file(db, kb, names[i], opt, s, err);
			free(names[i]);
		}
		free(names);
	}
	return st;
}

poa_status poa_db_import_mail(poa_db *db, const poa_kb *kb, const char *path, const poa_import_options *opt,
			      poa_import_summary *s, poa_error *err)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return poa_error_set(err, POA_ERR_IO, "%s: no such file or folder; check the name and path", path);
	if (S_ISDIR(sb.st_mode))
		return take_dir(db, kb, path, opt, s, err);
	return take_file(db, kb, path, opt, s, err);
}

char *poa_import_summary_json(const poa_import_summary *s)
{
	json_t *o = json_pack("{s:I,s:I,s:O,s:I,s:I,s:I,s:I,s:I,s:O}", "messages", (json_int_t)s->messages, "notices",
			      (json_int_t)s->notices, "by_family", s->by_family, "cases_created", (json_int_t)s->created,
			      "cases_joined", (json_int_t)s->joined, "already_stored", (json_int_t)s->duplicates,
			      "other_messages", (json_int_t)s->other, "unreadable", (json_int_t)s->unreadable,
			      "unreadable_messages", s->bad);
	char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return text;
}

void poa_import_summary_write_text(FILE *out, const poa_import_summary *s)
{
	fprintf(out, _("%zu messages read: %zu notices, %zu other messages, %zu unreadable\n"), s->messages, s->notices,
		s->other, s->unreadable);
	fprintf(out, _("cases: %zu created, %zu joined, %zu notices already stored\n"), s->created, s->joined,
		s->duplicates);
	const char *family;
	json_t *count;
	json_object_foreach(s->by_family, family, count)
		fprintf(out, "  %-22s %lld\n", family, (long long)json_integer_value(count));
	size_t i;
	json_t *b;
	json_array_foreach(s->bad, i, b)
		fprintf(out, _("unreadable: %s, message %lld: %s\n"), json_string_value(json_object_get(b, "file")),
			(long long)json_integer_value(json_object_get(b, "message")),
			json_string_value(json_object_get(b, "error")));
}
