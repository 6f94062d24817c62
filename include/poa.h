/*
 * poa.h — the public API of libpoa.
 *
 * libpoa reads marketplace notices and (in later modules) plans, drafts and
 * checks the letters that answer them. It never prints and never exits: every
 * function that can fail returns a poa_status and fills a poa_error whose
 * message names the input and says what to do. Front ends (src/cli,
 * src/web) decide where output goes.
 *
 * Ownership: a function that returns a pointer documents who frees it. Types
 * are opaque; use the accessors.
 */
#ifndef POA_H
#define POA_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes double as the documented exit codes of the command line
 * (docs/man/poa.1): keep the numbers stable. */
typedef enum poa_status {
	POA_OK = 0,
	POA_ERR_USAGE = 64,    /* bad option or argument (sysexits EX_USAGE) */
	POA_ERR_IO = 3,        /* file missing, unreadable, or unwritable */
	POA_ERR_INPUT = 4,     /* empty, binary, undecodable or broken input */
	POA_ERR_TOO_LARGE = 5, /* input over the size poa accepts for it */
	POA_ERR_KB = 6,        /* knowledge base missing or malformed */
	POA_ERR_FACTS = 7,     /* a letter needs facts not yet answered */
	POA_ERR_STORE = 8,     /* the case store is damaged, locked too long, or from a newer poa
				  (a read-only or full disk is POA_ERR_IO) */
	POA_ERR_NOT_FOUND = 9, /* no such case, seller store or letter in the case store */
	POA_ERR_NETWORK = 10,  /* the mail server could not be reached or went away (after retries) */
	POA_ERR_AUTH = 11,     /* a login was refused: the mail server's, or a poa user's (wrong name or
				  password, or too many failures: wait and try again) */
	POA_ERR_TLS = 12,      /* the mail server's TLS certificate is not trusted */
	POA_ERR_CONFLICT = 13, /* someone else changed the case since it was read: reload and redo; or a
				  change would leave the store without an owner */
	POA_ERR_DENIED = 14,   /* the user's role or seller accounts do not allow this */
	POA_ERR_NOMEM = 70     /* out of memory */
} poa_status;

typedef struct poa_error {
	poa_status status;
	char message[1024];
} poa_error;

/* Sets err (may be NULL) and returns status, so callers can write
 * `return poa_error_set(err, POA_ERR_IO, "...", ...);`. */
poa_status poa_error_set(poa_error *err, poa_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- process ----------------------------------------------------------- */

/* For a command that runs for milliseconds: maps the heap pages malloc will
 * hand out next (bytes of them, 8 KiB to 1 MiB, whole pages) in one call,
 * so that they are not faulted in one by one (src/lib/heap.c says why that
 * matters). Returns the bytes mapped; 0 when bytes is out of range, the
 * allocator is not glibc's heap, or the kernel is older than Linux 5.14.
 * Sets glibc's M_MMAP_THRESHOLD to 2 * bytes and M_TRIM_THRESHOLD to
 * 4 * bytes for the rest of the process. */
size_t poa_heap_prefault(size_t bytes);

/* ---- knowledge base (kb/) ------------------------------------------- */

typedef struct poa_kb poa_kb;

/* Loads the knowledge base compiled into the library, or, when dir is not
 * NULL, the YAML files of that directory (see kb/README.md). The caller frees
 * the result with poa_kb_free(). Patterns are compiled here, once. */
poa_status poa_kb_load(const char *dir, poa_kb **out, poa_error *err);
/* As poa_kb_load(), for a caller that only reads notices and writes their
 * reports (poa_notice_read, poa_notice_write_text, poa_notice_to_json): the
 * built-in kb is decoded without its lint rules, questions, routes,
 * templates, health limits and evidence rules, which `poa read` would
 * decode only to free. Such a kb must not be given to anything else. With a
 * dir, the whole kb is loaded, as by poa_kb_load(). */
poa_status poa_kb_load_reader(const char *dir, poa_kb **out, poa_error *err);
void poa_kb_free(poa_kb *kb);
/* Compiles the patterns to machine code: worth it before reading many
 * messages (a mailbox), not for one notice. */
void poa_kb_optimize(poa_kb *kb);

/* ---- input: files, mailboxes, pasted text ---------------------------- */

typedef enum poa_input_form {
	POA_FORM_TEXT,  /* pasted text */
	POA_FORM_HTML,  /* a saved or pasted HTML page */
	POA_FORM_EML,   /* one RFC 5322 message */
	POA_FORM_MBOX   /* a mailbox of messages */
} poa_input_form;

typedef struct poa_input poa_input;
typedef struct poa_message poa_message;

typedef struct poa_input_options {
	const char *encoding;  /* force a charset for text input, or NULL */
	size_t max_message;    /* largest message body poa decodes; 0 = default */
	int as_letter;         /* a letter someone wrote: lines such as "To:" and
				  "Subject:" are its text, not mail headers,
				  unless the file is named *.eml */
} poa_input_options;

/* Opens path ("-" is standard input) and detects its form. The caller frees
 * the input with poa_input_free(). */
poa_status poa_input_open(const char *path, const poa_input_options *opt,
			  poa_input **out, poa_error *err);

/* The same for bytes already in memory (a message fetched over IMAP); name
 * labels it in messages. The data is copied. */
poa_status poa_input_open_memory(const char *name, const char *data, size_t len, const poa_input_options *opt,
				 poa_input **out, poa_error *err);

/* Reads the next message. At the end *out is NULL and POA_OK is returned.
 * A message that cannot be decoded yields an error for that message only;
 * the caller may go on calling poa_input_next(). The caller frees each
 * message with poa_message_free(). */
poa_status poa_input_next(poa_input *in, poa_message **out, poa_error *err);
poa_input_form poa_input_get_form(const poa_input *in);
void poa_input_free(poa_input *in);

/* Builds a message from text already in memory (the web front end's paste
 * box). name labels the text in messages and errors. */
poa_status poa_message_from_memory(const char *name, const char *data, size_t len,
				   const poa_input_options *opt,
				   poa_message **out, poa_error *err);

/* The decoded body as UTF-8: the text every evidence span points into. */
const char *poa_message_text(const poa_message *m, size_t *len);
const char *poa_message_subject(const poa_message *m);    /* NULL if none */
const char *poa_message_from(const poa_message *m);       /* NULL if none */
const char *poa_message_id(const poa_message *m);         /* without <> */
/* The Date header as UTC seconds and its zone offset in minutes; returns 0
 * when the message has no (valid) Date header. */
int poa_message_date(const poa_message *m, time_t *utc, int *tz_minutes);
/* "file" or "file#3" (third message of a mailbox). */
const char *poa_message_origin(const poa_message *m);
/* Charset the body was decoded from ("UTF-8", "GB18030", ...). */
const char *poa_message_charset(const poa_message *m);
void poa_message_free(poa_message *m);

/* ---- notices ---------------------------------------------------------- */

typedef struct poa_notice poa_notice;

/* A span of bytes in poa_message_text(). */
typedef struct poa_span {
	size_t start, end;
} poa_span;

typedef struct poa_asin {
	const char *asin;
	const char *title;   /* NULL when the notice gives none */
	int masked;          /* the notice hid part of it (B07TLXXXX) */
	poa_span span, title_span;
} poa_asin;

typedef struct poa_ip_ref {
	const char *kind;    /* utility_patent, design_patent, trademark, copyright */
	const char *number;
	poa_span span;
} poa_ip_ref;

/* Reads one message as a notice: family, stakes, deadline and fields. The
 * notice keeps a reference to neither kb nor m: it copies what it needs.
 * The caller frees it with poa_notice_free(). */
poa_status poa_notice_read(const poa_kb *kb, const poa_message *m,
			   poa_notice **out, poa_error *err);
/* The same, stopping at the family when the message is not a marketplace
 * notice (family "unknown"): a mailbox import reads thousands of orders and
 * newsletters whose fields nobody needs. */
poa_status poa_notice_skim(const poa_kb *kb, const poa_message *m, poa_notice **out, poa_error *err);
void poa_notice_free(poa_notice *n);

const char *poa_notice_family(const poa_notice *n);     /* never NULL */
const char *poa_notice_severity(const poa_notice *n);   /* a stake id */
int poa_notice_is_amazon(const poa_notice *n);
/* Why the family is unknown; NULL when it is known. */
const char *poa_notice_unknown_reason(const poa_notice *n);
const char *poa_notice_marketplace(const poa_notice *n); /* NULL if not stated */
size_t poa_notice_asin_count(const poa_notice *n);
const poa_asin *poa_notice_asin(const poa_notice *n, size_t i);
size_t poa_notice_complaint_count(const poa_notice *n);
const char *poa_notice_complaint_id(const poa_notice *n, size_t i);
const char *poa_notice_infringement_type(const poa_notice *n);
const char *poa_notice_owner_name(const poa_notice *n);
const char *poa_notice_owner_email(const poa_notice *n);
size_t poa_notice_ip_ref_count(const poa_notice *n);
const poa_ip_ref *poa_notice_ip_ref(const poa_notice *n, size_t i);
const char *poa_notice_reply_to(const poa_notice *n);
/* Days the notice gives the seller, or -1 when it states none. */
int poa_notice_deadline_days(const poa_notice *n);

/* ---- output ------------------------------------------------------------ */

typedef enum poa_lang { POA_LANG_EN, POA_LANG_ZH } poa_lang;

typedef struct poa_report_options {
	poa_lang lang;
	time_t today;   /* "now" for days left and pasted text (front end's clock) */
	int color;      /* ANSI colour in the text report */
} poa_report_options;

/* The notice as one JSON object (text, indented by two spaces), for the
 * front end to print as an element of an array: streaming one notice at a
 * time keeps memory bounded on large mailboxes. The caller frees the result;
 * NULL means out of memory. */
char *poa_notice_to_json(const poa_kb *kb, const poa_notice *n, const poa_message *m,
			 const poa_report_options *opt);

/* Writes the human report of one notice to out (the front end's choice of
 * stream). Labels are translated with gettext (domain "poa"). */
poa_status poa_notice_write_text(FILE *out, const poa_kb *kb, const poa_notice *n,
				 const poa_message *m, const poa_report_options *opt,
				 poa_error *err);

/* ---- answers: the seller's facts --------------------------------------- */

typedef struct poa_answers poa_answers;

/* Reads an answers file (YAML: question id -> value), or starts empty when
 * path is NULL. Every value is checked against its question in the kb
 * (kb/questions.yaml): type, choices, a date of something done not after
 * today. Errors name the file, the line and the question. The caller frees
 * the result with poa_answers_free(). */
poa_status poa_answers_load(const poa_kb *kb, const char *path, time_t today, poa_answers **out,
			    poa_error *err);
/* Sets one answer from "id=value" (lists: values separated by commas). */
poa_status poa_answers_set(const poa_kb *kb, poa_answers *a, const char *assignment, time_t today,
			   poa_error *err);
/* The answer as text (lists joined by ", "), or NULL when unanswered. The
 * pointer lives until the answer changes. */
const char *poa_answers_get(const poa_answers *a, const char *id);
/* The answers as a YAML file's text; the caller frees it. */
/* Sets each answer of from over a's (a case's stored answers, then a file,
 * then --set). */
poa_status poa_answers_merge(poa_answers *a, const poa_answers *from, poa_error *err);
char *poa_answers_emit(const poa_answers *a);
void poa_answers_free(poa_answers *a);

/* The prompt of question id in the chosen language, or NULL. */
const char *poa_kb_question_prompt(const poa_kb *kb, const char *id, poa_lang lang);
/* Its help text, or NULL. */
const char *poa_kb_question_help(const poa_kb *kb, const char *id, poa_lang lang);

/* ---- plan: the routes that fit ------------------------------------------- */

typedef struct poa_plan poa_plan;

/* Weighs the kb's routes (kb/routes.yaml) for this notice and these answers:
 * routes that fit, best first; routes that would fit if questions were
 * answered; routes the answers rule out. The caller frees the result. */
poa_status poa_plan_make(const poa_kb *kb, const poa_notice *n, const poa_answers *a, poa_plan **out,
			 poa_error *err);
/* The questions the notice and the answers so far make necessary, unanswered. */
size_t poa_plan_question_count(const poa_plan *p);
const char *poa_plan_question(const poa_plan *p, size_t i);
/* The first route that fits, or NULL. */
const char *poa_plan_best_route(const poa_plan *p);
/* How a route stands: "fits", "possible", "ruled_out", or NULL when it is not
 * a route for this notice's family. *question: the answer that rules it out,
 * or the first question still open; *answer: the ruling answer. */
const char *poa_plan_route_status(const poa_plan *p, const char *route, const char **question, const char **answer);
poa_status poa_plan_write_text(FILE *out, const poa_kb *kb, const poa_plan *p, const poa_notice *n,
			       const poa_message *m, const poa_report_options *opt, poa_error *err);
char *poa_plan_to_json(const poa_kb *kb, const poa_plan *p, const poa_notice *n, const poa_message *m,
		       const poa_report_options *opt);
void poa_plan_free(poa_plan *p);

/* ---- draft: the letters of a route ------------------------------------------ */

typedef struct poa_draft poa_draft;

typedef struct poa_draft_options {
	const char *route;     /* NULL: the best route that fits */
	const char *letter;    /* NULL: every letter of the route */
	int partial;           /* mark gaps [[MISSING: id]] instead of stopping */
	time_t today;
} poa_draft_options;

/* Renders the letters of a route from kb/templates/ with the notice's facts
 * and the answers. Nothing is invented: when a letter needs a fact nobody
 * gave, the status is POA_ERR_FACTS, *out still lists what is missing
 * (poa_draft_missing) and no letter text is kept, unless opt->partial. The
 * caller frees *out (also on POA_ERR_FACTS). */
poa_status poa_draft_make(const poa_kb *kb, const poa_notice *n, const poa_answers *a,
			  const poa_draft_options *opt, poa_draft **out, poa_error *err);
const char *poa_draft_route(const poa_draft *d);
size_t poa_draft_count(const poa_draft *d);
const char *poa_draft_letter_id(const poa_draft *d, size_t i);
const char *poa_draft_letter_kind(const poa_draft *d, size_t i);   /* poa lint kind */
/* The whole letter in English, parts separated by a blank line. */
const char *poa_draft_letter_text(const poa_draft *d, size_t i);
size_t poa_draft_missing_count(const poa_draft *d);
const char *poa_draft_missing(const poa_draft *d, size_t i);       /* a question id or notice.x */
/* Writes every letter: title, recipient, each part under its heading, and
 * with gloss the Chinese rendering of each part after it. */
poa_status poa_draft_write_text(FILE *out, const poa_kb *kb, const poa_draft *d, int gloss, poa_error *err);
/* The Chinese rendering of letter i, part by part, for the seller to read
 * beside the English (never to send); the caller frees it. */
char *poa_draft_letter_gloss(const poa_draft *d, size_t i);
void poa_draft_free(poa_draft *d);

/* ---- lint: checking a letter before it is sent ------------------------- */

typedef enum poa_lint_level {
	POA_LINT_INFO = 0,    /* advice */
	POA_LINT_WARN = 1,    /* fix unless there is a reason */
	POA_LINT_BLOCK = 2    /* do not send */
} poa_lint_level;

typedef struct poa_diag {
	const char *rule;             /* stable id, e.g. "R26-placeholder" */
	poa_lint_level level;
	const char *message_en, *message_zh;
	poa_span span;                /* bytes of the letter it points at */
	size_t line, col;             /* 1-based; col counts characters */
} poa_diag;

typedef struct poa_lint poa_lint;

/* Checks a letter (UTF-8 text) against the kb's rules. kind is one of poa,
 * dispute, retraction, rights_owner_request, counter_notice, or NULL to
 * detect it. notice, when given, adds the checks against the notice (every
 * ASIN and complaint ID answered, the violation type, the route). The caller
 * frees the result with poa_lint_free(). */
poa_status poa_lint_letter(const poa_kb *kb, const char *name, const char *text, size_t len,
			   const char *kind, const poa_notice *notice, poa_lint **out, poa_error *err);
/* R27-resubmitted: adds a blocker to l when the letter repeats (90% of its
 * sentences) one of the texts already sent for its case. */
poa_status poa_lint_history(const poa_kb *kb, poa_lint *l, const char *const *sent, size_t nsent, poa_error *err);
/* The same with the seller's answers as well: the ASINs and complaint IDs
 * they add (affected_asins, complaint_ids) must be answered too, and their
 * words (names, store, supplier) are no spelling mistakes. */
poa_status poa_lint_letter_answers(const poa_kb *kb, const char *name, const char *text, size_t len,
				   const char *kind, const poa_notice *notice, const poa_answers *answers,
				   poa_lint **out, poa_error *err);
/* The page of a lint rule, as its id is given in each finding ("R14-
 * unbacked-claim"): Markdown text saying what the rule catches, why, a bad
 * and a good example and how to fix (docs/rules/ID.md, built in); NULL for
 * an id poa has no rule of. Static: not freed. */
const char *poa_lint_rule_page(const char *id);
const char *poa_lint_kind(const poa_lint *l);
size_t poa_lint_count(const poa_lint *l);
const poa_diag *poa_lint_diag(const poa_lint *l, size_t i);
/* -1 clean, else the highest level found. */
int poa_lint_worst(const poa_lint *l);
void poa_lint_free(poa_lint *l);

/* Writers: compiler-style text with the offending text underlined, JSON,
 * SARIF 2.1.0. The string ones return malloc'd text (NULL: out of memory). */
poa_status poa_lint_write_text(FILE *out, const poa_lint *l, const poa_report_options *opt, poa_error *err);
char *poa_lint_to_json(const poa_lint *l, const poa_report_options *opt);
char *poa_lint_to_sarif(const poa_lint *l, const poa_kb *kb);

/* ---- the case store ---------------------------------------------------- */

/* Cases, their notices, facts, letters, evidence and timeline, kept in a
 * SQLite file. Every change is one transaction: a killed process leaves each
 * case whole or absent. The schema is versioned; opening migrates an older
 * store and refuses one written by a newer poa. */
typedef struct poa_db poa_db;

/* Opens (creating it and its folder) the store at path, or at the default
 * $XDG_DATA_HOME/poa/poa.db (~/.local/share/poa/poa.db) when path is NULL.
 * The caller closes it with poa_db_close(). */
poa_status poa_db_open(const char *path, poa_db **out, poa_error *err);
void poa_db_close(poa_db *db);
/* The default path; the caller frees it. NULL when HOME is not set. */
char *poa_db_default_path(void);
/* The schema version the store is at, and the one this poa writes. */
int poa_db_schema_version(const poa_db *db);
int poa_db_schema_latest(void);

/* A seller account ("store" to Amazon sellers): name and marketplace. */
poa_status poa_db_store_add(poa_db *db, const char *name, const char *marketplace, time_t now, poa_error *err);

/* POA_OK when a seller account of that name exists, else POA_ERR_NOT_FOUND
 * with the command that adds it. */
poa_status poa_db_store_check(poa_db *db, const char *name, poa_error *err);

typedef struct poa_case_added {
	long long case_id;
	int joined;       /* 1: joined an existing case (same complaint) */
	int duplicate;    /* 1: this notice was stored already; nothing changed */
} poa_case_added;

/* Files one notice: a new case, or the case of a complaint ID it shares.
 * A message already stored (same Message-ID, or the same text) changes
 * nothing. store names the seller account (NULL: none). */
poa_status poa_db_case_add(poa_db *db, const poa_kb *kb, const poa_message *m, const poa_notice *n,
			   const char *store, time_t now, poa_case_added *out, poa_error *err);
/* Answers of the case: merged over the stored ones (new values win). */
poa_status poa_db_case_answer(poa_db *db, long long case_id, const poa_answers *a, time_t now, poa_error *err);
/* The stored answers, for plan and draft; the caller frees them. */
poa_status poa_db_case_answers(poa_db *db, const poa_kb *kb, long long case_id, time_t today, poa_answers **out,
			       poa_error *err);
/* The case's first notice again, as read when it was filed; the caller
 * frees both. */
poa_status poa_db_case_notice(poa_db *db, const poa_kb *kb, long long case_id, poa_message **m, poa_notice **n,
			      poa_error *err);
typedef struct poa_evidence_added {
	const char *type;   /* pdf, jpeg, png, gif or tiff, by content */
	int duplicate;      /* the case holds this file already */
	int too_old;        /* an invoice older than the look-back window */
	long age_days;      /* its age at the notice's date, when dated */
} poa_evidence_added;

/* Copies an evidence file into the case (stored once by content hash).
 * kind: invoice, loa, licence, photo or other. The type is read from the
 * content and must be one Amazon accepts for the case's family
 * (kb/evidence.yaml); doc_date (YYYY-MM-DD, may be NULL) dates an invoice,
 * which is flagged when older than the look-back window. */
poa_status poa_db_evidence_add(poa_db *db, const poa_kb *kb, long long case_id, const char *kind, const char *name,
			       const void *data, size_t len, const char *doc_date, time_t now,
			       poa_evidence_added *out, poa_error *err);

/* Adds a line to the case's timeline: what a command did with it (the plan's
 * best route, a lint result). */
poa_status poa_db_case_note(poa_db *db, long long case_id, time_t now, const char *what, const char *detail,
			    poa_error *err);
/* States: open, waiting (sent, waiting for Amazon or the owner), resolved,
 * lost, closed. */
poa_status poa_db_case_status(poa_db *db, long long case_id, const char *state, time_t now, poa_error *err);
/* Stores a letter as the next version of its id in the case, with its lint
 * result (worst level, -1 clean; the JSON of the diagnostics). */
poa_status poa_db_letter_add(poa_db *db, long long case_id, const char *letter, const char *kind, const char *text,
			     int lint_worst, const char *lint_json, time_t now, int *version, poa_error *err);
/* The newest version of a letter (the caller frees *text), or its kind. */
poa_status poa_db_letter_get(poa_db *db, long long case_id, const char *letter, char **text, char **kind,
			     int *version, int *lint_worst, poa_error *err);
/* Records that the newest version of a letter was sent to an address.
 * *repeat is set when the same text was sent before for this case. */
poa_status poa_db_letter_sent(poa_db *db, long long case_id, const char *letter, const char *to, time_t now,
			      int *repeat, poa_error *err);

/* The texts of the case's letters that were sent (for R27), and the ids of
 * its letters; free either list with poa_db_free_list(). */
poa_status poa_db_sent_texts(poa_db *db, long long case_id, char ***texts, size_t *n, poa_error *err);
poa_status poa_db_letter_ids(poa_db *db, long long case_id, char ***ids, size_t *n, poa_error *err);
void poa_db_free_list(char **v, size_t n);

typedef struct poa_db_query {
	const char *store;   /* only this seller account, or NULL */
	int open_only;       /* only cases not resolved, lost or closed */
	time_t today;        /* for days left */
	poa_lang lang;
	int color;
	/* The signed-in user of poa serve --team (the poa_user.id of their
	 * session), or 0: when set, only the cases of the seller accounts the
	 * user may see. */
	long long user_id;
} poa_db_query;

/* Writers of the store's views, as text on out or as JSON text (the
 * caller frees it; NULL: out of memory). */
poa_status poa_db_write_list(poa_db *db, FILE *out, const poa_db_query *q, poa_error *err);
poa_status poa_db_list_json(poa_db *db, const poa_db_query *q, char **json, poa_error *err);
poa_status poa_db_write_case(poa_db *db, FILE *out, long long case_id, const poa_db_query *q, poa_error *err);
poa_status poa_db_case_json(poa_db *db, long long case_id, const poa_db_query *q, char **json, poa_error *err);
/* Open cases with a deadline, soonest first. *due_within is set to the
 * number of them due within `within` days (overdue included). */
poa_status poa_db_write_due(poa_db *db, FILE *out, const poa_db_query *q, int within, int json, int *due_within,
			    poa_error *err);
/* Per seller account: open and recent (180 days) IP complaints and policy
 * warnings, against the thresholds Amazon is known to act on. *at_risk is
 * set when a store is at or past a warning threshold. */
poa_status poa_db_write_health(poa_db *db, const poa_kb *kb, FILE *out, const poa_db_query *q, int json,
			       int *at_risk, poa_error *err);
/* Cases whose notices or letters contain every word (Chinese words of two
 * characters included). */
poa_status poa_db_write_search(poa_db *db, FILE *out, const char *words, const poa_db_query *q, int json,
			       int *found, poa_error *err);

/* The whole store as JSON (stable order: export, import, export gives the
 * same bytes); the caller frees *json. */
poa_status poa_db_export(poa_db *db, char **json, poa_error *err);
/* Mail archives: an mbox, a Maildir or a folder of .eml files. Each
 * marketplace notice files or joins a case; other messages are counted.
 * Messages are read one at a time (bounded memory); an unreadable one is
 * listed with its position and the import goes on. Running it again adds
 * nothing already stored. */
typedef struct poa_import_options {
	const char *store;   /* the seller account to file under, or NULL */
	time_t now;
	/* Called after each message (the front end shows progress). */
	void (*progress)(void *ctx, const char *path, size_t messages);
	void *progress_ctx;
} poa_import_options;
typedef struct poa_import_summary poa_import_summary;
/* Counts over one or more archives; NULL: out of memory. */
poa_import_summary *poa_import_summary_new(void);
void poa_import_summary_free(poa_import_summary *s);
poa_status poa_db_import_mail(poa_db *db, const poa_kb *kb, const char *path, const poa_import_options *opt,
			      poa_import_summary *s, poa_error *err);
/* {"messages", "notices", "by_family", "cases_created", "cases_joined",
 * "already_stored", "other_messages", "unreadable", "unreadable_messages"};
 * the caller frees it. */
char *poa_import_summary_json(const poa_import_summary *s);
void poa_import_summary_write_text(FILE *out, const poa_import_summary *s);

/* New messages of an IMAP mailbox, over TLS (verified), into the store as
 * poa_db_import_mail() files them. The store keeps each mailbox's
 * UIDVALIDITY and last UID: a fetch reads only what is new, and a changed
 * UIDVALIDITY reads the mailbox again without duplicating a case. Network
 * errors are retried with backoff, then reported (POA_ERR_NETWORK); a
 * refused login is POA_ERR_AUTH, an untrusted certificate POA_ERR_TLS. */
typedef struct poa_fetch_options {
	const char *url;          /* imaps://USER@HOST[:PORT]/MAILBOX (no password) */
	const char *password;     /* NULL: from the netrc file */
	const char *netrc_file;   /* NULL: ~/.netrc */
	const char *cacert;       /* a CA certificate file to trust, or NULL */
	const char *since;        /* YYYY-MM-DD: only mail received since, or NULL */
	int retries;              /* after the first try */
	long retry_delay_ms;      /* doubles each retry */
	poa_import_options import;
} poa_fetch_options;
typedef struct poa_fetch_result {
	char mailbox[1100];       /* the mailbox as the store names it */
	long long uidvalidity, last_uid;
	int rescanned;            /* the UIDVALIDITY changed: read again from the start */
} poa_fetch_result;
poa_status poa_db_fetch(poa_db *db, const poa_kb *kb, const poa_fetch_options *opt, poa_import_summary *sum,
			poa_fetch_result *res, poa_error *err);
/* Checks a mailbox URL before anything else is asked for (a password in it
 * is refused, and not repeated in the message). */
poa_status poa_fetch_check_url(const char *url, poa_error *err);
/* The import summary's keys plus "mailbox", "uidvalidity", "last_uid" and
 * "rescanned"; the caller frees it. */
char *poa_fetch_summary_json(const poa_import_summary *sum, const poa_fetch_result *res);

/* Reads an export into the store, in one transaction; cases already there
 * (same notices) are skipped. name is the file, for messages. */
poa_status poa_db_import_json(poa_db *db, const char *name, const char *json, size_t len, int *cases_added,
			      poa_error *err);

/* ---- users, roles and sessions (poa serve --team) ---------------------- */

/* An agency's people, in the store beside its cases. An owner may do
 * everything (users included); an operator works the cases of the seller
 * accounts given to them; a viewer reads those cases and changes nothing.
 * Passwords are kept as Argon2id hashes (libargon2, loaded when first
 * needed). The numbers order the roles: a higher one may do all a lower
 * one may. */
typedef enum poa_role { POA_ROLE_VIEWER = 1, POA_ROLE_OPERATOR = 2, POA_ROLE_OWNER = 3 } poa_role;
/* "viewer", "operator", "owner"; parse returns 0 for anything else. */
const char *poa_role_name(poa_role role);
int poa_role_parse(const char *name, poa_role *out);

/* Adds a user. stores: the seller accounts (poa store add) an operator or
 * viewer works; an owner is given every account and stores must be empty.
 * A name is 1-64 letters, digits, '.', '_', '-' or '@'; a password at least
 * 12 characters. POA_ERR_USAGE for a bad name, role or password (the
 * message says which and why), POA_ERR_NOT_FOUND for an unknown account. */
poa_status poa_db_user_add(poa_db *db, const char *name, poa_role role, const char *const *stores,
			   size_t nstores, const char *password, time_t now, poa_error *err);
/* A new password; every session of the user ends. */
poa_status poa_db_user_passwd(poa_db *db, const char *name, const char *password, time_t now, poa_error *err);
/* Changes a user's role (0: keeps it) and, with set_stores, replaces their
 * seller accounts with the nstores of stores (none: takes them all away;
 * stores is only read). An owner is given every account: making a user an
 * owner drops the accounts they had, and stores must then be empty. Every
 * session of the user ends, so that an open browser loses rights taken away
 * at once. One transaction: all of it or nothing. POA_ERR_USAGE for nothing
 * to change, a bad role or accounts with an owner; POA_ERR_NOT_FOUND for an
 * unknown user or account; POA_ERR_CONFLICT when the user is the last owner
 * and the role given is another (the message says to add an owner first). */
poa_status poa_db_user_set(poa_db *db, const char *name, poa_role role, int set_stores, const char *const *stores,
			   size_t nstores, poa_error *err);
/* poa_db_user_set(), made only while the user is as the caller saw them:
 * expect is their "etag" from poa_db_users_json() (NULL: no check). When
 * the role or accounts changed since (another owner, another tab):
 * POA_ERR_CONFLICT, nothing changed. */
poa_status poa_db_user_set_if(poa_db *db, const char *name, const char *expect, poa_role role, int set_stores,
			      const char *const *stores, size_t nstores, poa_error *err);
/* Removes a user with their sessions and accounts, in one transaction. The
 * timeline keeps their name on the changes they made. POA_ERR_NOT_FOUND for
 * an unknown user; POA_ERR_CONFLICT for the last owner (the message says to
 * add an owner first). */
poa_status poa_db_user_remove(poa_db *db, const char *name, poa_error *err);
/* poa_db_user_remove() of a user still as the caller saw them (expect, as
 * for poa_db_user_set_if). */
poa_status poa_db_user_remove_if(poa_db *db, const char *name, const char *expect, poa_error *err);
/* Users by name with role, accounts and when added, as text or as a JSON
 * array of {"name", "role", "stores": [...], "created"}; hashes never. */
poa_status poa_db_write_users(poa_db *db, FILE *out, int json, poa_error *err);
/* The users as poa_db_write_users() lists them in JSON, each with
 * "sessions": how many of their sessions are live at now by those limits
 * (seconds; 0: no such limit), and "etag": their role and accounts as 16
 * hex digits, for a change that expects them (poa_db_user_set_if). For an
 * owner's page (poa serve --team). *out is the JSON text; the caller
 * frees it. */
poa_status poa_db_users_json(poa_db *db, time_t now, long idle, long max_age, char **out, poa_error *err);
/* The seller accounts as a JSON array of {"name", "marketplace"} by name
 * (the choices of a user's accounts). *out: the caller frees it. */
poa_status poa_db_stores_json(poa_db *db, char **out, poa_error *err);
/* How many owners the store has (poa serve --team refuses to start with
 * none, and says how to add one). */
poa_status poa_db_owner_count(poa_db *db, long long *n, poa_error *err);
/* How many users the store has (poa migrate reports how many moved). */
poa_status poa_db_user_count(poa_db *db, long long *n, poa_error *err);

/* A signed-in user, as a session names it. */
typedef struct poa_user {
	long long id;
	char name[72];
	poa_role role;
} poa_user;

/* Checks a name and password. Failures are counted per name and per client
 * (an address) in the store, so that every server of a team shares them:
 * after 5 in 15 minutes each further try waits twice as long as the last
 * (from 2 s, at most 15 minutes), and is refused unchecked until then with
 * *retry_after the seconds left (POA_ERR_AUTH). A wrong name costs the same
 * time as a wrong password. *retry_after is 0 when not limited. */
poa_status poa_db_login(poa_db *db, const char *name, const char *password, const char *client, time_t now,
			poa_user *out, long *retry_after, poa_error *err);

/* Server-side sessions. A session id and its CSRF token are 64 hex digits
 * drawn here; the store keeps only the id's SHA-256. A session ends after
 * idle seconds without use or max_age seconds in all, by
 * poa_db_session_end(), or when the user's password changes. */
typedef struct poa_session {
	char id[65];
	char csrf[65];
	poa_user user;
} poa_session;
poa_status poa_db_session_new(poa_db *db, const poa_user *user, time_t now, poa_session *out, poa_error *err);
/* The live session of that id; POA_ERR_AUTH when there is none (unknown,
 * ended or expired). Its use is recorded once the last recorded one is a
 * sixteenth of idle old (at most a minute), so that a request is not a
 * write: a session may outlive its idle limit by that much. */
poa_status poa_db_session_find(poa_db *db, const char *id, time_t now, long idle, long max_age,
			       poa_session *out, poa_error *err);
poa_status poa_db_session_end(poa_db *db, const char *id, poa_error *err);
/* Removes every session that has ended by those limits (a session is
 * otherwise removed only when its id is looked up again, and a browser
 * that never comes back would leave it in the store for good). */
poa_status poa_db_session_prune(poa_db *db, time_t now, long idle, long max_age, poa_error *err);

/* May the user read (write 0) or change (write 1) the case? POA_OK, or
 * POA_ERR_DENIED with a message saying what the role allows; a case the
 * user may not read is POA_ERR_NOT_FOUND, as if absent, so that its id
 * tells nothing. */
poa_status poa_db_user_may(poa_db *db, const poa_user *user, long long case_id, int write, poa_error *err);
/* May the user file a notice under that seller account (NULL: none; only
 * an owner may file outside every account)? */
poa_status poa_db_user_may_file(poa_db *db, const poa_user *user, const char *store, poa_error *err);

/* Who makes the changes this handle makes from now on (a user name; NULL:
 * nobody named, as on the command line). Each change's timeline line
 * records it (the case's "timeline" entries get "by"). The name is copied. */
poa_status poa_db_set_actor(poa_db *db, const char *name, poa_error *err);

/* Where this handle's messages are read. At the command line (the
 * default) a refusal names the store's file or URL and the poa command that
 * helps; in the browser (poa serve), where the store is the server's
 * business and no command can be typed, the page that helps. Failures of
 * the store itself (busy, full, damaged, unreachable) name it either way:
 * whoever reads those has to find it. */
typedef enum poa_front { POA_FRONT_CLI = 0, POA_FRONT_WEB = 1 } poa_front;
void poa_db_set_front(poa_db *db, poa_front front);

/* Every change to a case raises its version by one (case views show it as
 * "version"). poa_db_expect_version() makes the next change to that case
 * through this handle happen only if the case is still at that version;
 * otherwise it changes nothing and returns POA_ERR_CONFLICT, naming who
 * changed it last and when, and the version it is at (*current of
 * poa_db_case_version). The expectation is used up by that change either
 * way; version 0 drops it. */
void poa_db_expect_version(poa_db *db, long long case_id, long long version);
poa_status poa_db_case_version(poa_db *db, long long case_id, long long *current, poa_error *err);

/* Copies every case, seller account, user, evidence file and mailbox
 * position of the store `from` into `to`, which must hold no case, account
 * or user; one transaction on `to`, so it ends whole or not at all. Both
 * are migrated to this poa's schema first. The copy is exact: ids, times,
 * versions and the timeline are kept, and poa_db_export() gives the same
 * bytes for both (checked before the commit). *cases is how many moved. */
poa_status poa_db_migrate(poa_db *from, poa_db *to, long long *cases, poa_error *err);

/* ---- audit: sweeping the catalogue for a term ---------------------------- */

/* Terms to look for in listing reports, and exclusions (phrases whose
 * occurrences silence the hits inside them: the seller's own brand). A term
 * matches as a whole word or phrase, case-insensitively, after NFKC and case
 * folding; punctuation between words does not count ("Dr. Martens" finds
 * "DR MARTENS", "Ray-Ban" finds "Ray Ban", "Levi's" finds "LEVI’S"). The
 * caller frees the list with poa_audit_terms_free(). */
typedef struct poa_audit_terms poa_audit_terms;
poa_status poa_audit_terms_new(poa_audit_terms **out, poa_error *err);
void poa_audit_terms_free(poa_audit_terms *t);
/* One term (or exclusion); source labels it in the output. */
poa_status poa_audit_terms_add(poa_audit_terms *t, const char *term, const char *source, int exclude,
			       poa_error *err);
/* A file of one term a line; lines starting with '#' are comments. Errors
 * name the file and the line. */
poa_status poa_audit_terms_load_file(poa_audit_terms *t, const char *path, int exclude, poa_error *err);
/* A bundled list of kb/terms/ (list NULL or "all": every one), from the
 * compiled-in kb or, when kb_dir is not NULL, from kb_dir/terms/. */
poa_status poa_audit_terms_load_kb(poa_audit_terms *t, const char *kb_dir, const char *list, poa_error *err);
/* The rights owner a notice names, and its brand (the name without "Co.,
 * Ltd." and the like, and its first word). */
poa_status poa_audit_terms_from_notice(poa_audit_terms *t, const poa_notice *n, poa_error *err);
size_t poa_audit_terms_count(const poa_audit_terms *t);   /* exclusions not counted */
size_t poa_audit_kb_list_count(void);
const char *poa_audit_kb_list_name(size_t i);

/* One occurrence of a term in a report. The strings live until the callback
 * returns. */
typedef struct poa_audit_hit {
	const char *file;
	size_t row;              /* record number in the file, header rows counted (a spreadsheet's row) */
	const char *sku, *asin;  /* "" when the report has no such column */
	const char *column;      /* the header's name of the column */
	const char *term;        /* as its list gives it */
	const char *source;      /* where the term comes from: a file, "notice", a URL */
	const char *match;       /* the text as the report has it */
	const char *context;     /* the text around it on one line (… where cut) */
	size_t mark_start, mark_end;   /* the match's bytes in context */
} poa_audit_hit;

typedef struct poa_audit_options {
	const char *columns;     /* names or 1-based numbers, comma-separated; NULL: the text columns */
	const char *encoding;    /* the reports' charset; NULL: detected */
	int threads;             /* 0: as many as the machine has, at most 2 */
	/* Called for every hit, in file order (from one thread at a time). */
	void (*on_hit)(void *ctx, const poa_audit_hit *hit);
	/* Called now and then while a large report is read. */
	void (*progress)(void *ctx, const char *file, size_t done, size_t total);
	/* Problems that do not stop the sweep (ragged rows, stray bytes). */
	void (*warning)(void *ctx, const char *message);
	void *ctx;
} poa_audit_options;

typedef struct poa_audit poa_audit;
/* A sweep with these terms (which must outlive it). The caller frees it
 * with poa_audit_free(). */
poa_status poa_audit_new(const poa_audit_terms *t, const poa_audit_options *opt, poa_audit **out,
			 poa_error *err);
/* Reads one report (an All Listings or Active Listings report, an
 * inventory flat file, a CSV; UTF-8 with or without BOM, UTF-16,
 * Windows-1252, Shift_JIS, GB18030) and reports its hits. */
poa_status poa_audit_report(poa_audit *a, const char *path, poa_error *err);
size_t poa_audit_rows(const poa_audit *a);            /* listings read, over all reports */
size_t poa_audit_rows_with_hits(const poa_audit *a);
size_t poa_audit_hit_count(const poa_audit *a);
/* Hits per term, most first: the i-th term with hits, or NULL after the last. */
const char *poa_audit_term_hits(const poa_audit *a, size_t i, size_t *hits);
void poa_audit_free(poa_audit *a);

/* Writers: text (a line per hit and a summary), TSV (a header line and a
 * line per hit), JSON ({"summary": {"rows", "rows_with_hits", "hits",
 * "per_term"}, "hits": [...]}). poa_audit_writer_hit fits
 * poa_audit_options.on_hit; finish prints the summary. */
typedef enum poa_audit_format { POA_AUDIT_TEXT, POA_AUDIT_TSV, POA_AUDIT_JSON } poa_audit_format;
typedef struct poa_audit_writer poa_audit_writer;
poa_status poa_audit_writer_new(FILE *out, poa_audit_format format, int color, poa_audit_writer **w,
				poa_error *err);
void poa_audit_writer_hit(void *w, const poa_audit_hit *hit);
poa_status poa_audit_writer_finish(poa_audit_writer *w, const poa_audit *a, poa_error *err);
void poa_audit_writer_free(poa_audit_writer *w);
/* The summary object alone, for the draft ("we reviewed N listings");
 * the caller frees it; NULL: out of memory. */
char *poa_audit_summary_json(const poa_audit *a);

/* ---- web front end (poa serve) ------------------------------------------ */

/* The questions of a case as data for a form: every question the plan
 * still asks (poa_plan_question) and every one already answered, in the
 * kb's order, as a JSON array of {"id", "type" (yesno, choice, list, asins, date,
 * email, number, text), "prompt", "help", "choices": [{"value", "label"}],
 * "past" (a date of something done), "answer" (text or null), "open" (the
 * plan asks it)}. Prompts, help and labels in lang. p and a may be NULL.
 * The caller frees the result; NULL: out of memory. Answers are still
 * checked by poa_answers_set(). */
char *poa_web_questions_json(const poa_kb *kb, const poa_plan *p, const poa_answers *a, poa_lang lang);
/* The parts of a letter's text as its template heads them (kb/templates/
 * LETTER.yaml), for a copy button per part: {"letter", "title", "title_zh",
 * "to", "parts": [{"heading", "start", "end"}]}, start and end the bytes of
 * the part's body (after its heading line, trailing blank lines left out).
 * A heading the seller deleted is left out; an unknown letter has no parts.
 * The caller frees the result; NULL: out of memory. */
char *poa_web_letter_parts_json(const poa_kb *kb, const char *letter, const char *text);
/* A number that changes whenever the store changes, by this connection or
 * another process (SQLite's data_version and this connection's changes):
 * a front end may cache what it showed until it changes. -1: unknown. */
long long poa_db_generation(poa_db *db);

#ifdef __cplusplus
}
#endif
#endif
