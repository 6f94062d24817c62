/* kb.h — the knowledge base in memory (see kb/README.md for the files). */
#ifndef POA_KB_H
#define POA_KB_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include "poa.h"

typedef struct kb_text {
	char *en, *zh;
} kb_text;

/* A lower-case phrase matched as a substring of poa_normtext.lower. */
typedef struct kb_phrase {
	char *text;
	size_t len;
	int weight;
	char *source;
} kb_phrase;

typedef struct kb_option {
	kb_text text;
	char *source;
} kb_option;

typedef struct kb_family {
	char *id, *severity;
	int rank, threshold;
	kb_text name, summary, explanation;
	kb_phrase *signals, *blockers;
	size_t nsignals, nblockers;
	kb_option *options;
	size_t noptions;
	char **types;     /* infringement_types: labels that name this family */
	size_t ntypes;
} kb_family;

typedef struct kb_stake {
	char *id;
	int level;
	kb_text label, sentence;
	kb_phrase *signals;
	size_t nsignals;
} kb_stake;

typedef struct kb_address {
	char *address;
	size_t len;
	kb_text purpose;
	int reply;
	char *source;
} kb_address;

/* The literal strings one of which starts every match of a pattern
 * (kb_starts.c); caseless ones lower-cased. n == 0: not known, the pattern
 * is searched everywhere. */
#define KB_STARTS_MAX 24
typedef struct kb_starts {
	char **lit;
	size_t n;
} kb_starts;

/* Fills *out for pattern; 1 when a set was found, 0 when not (out->n 0). */
int poa_pattern_starts(const char *pattern, int caseless, kb_starts *out);
void poa_starts_free(kb_starts *s);

typedef struct kb_field {
	char *field, *kind, *source;
	char *pattern;   /* PCRE2 source, kept for the compiled-in image */
	int caseless;
	pcre2_code *re;
	kb_starts starts;
} kb_field;

typedef struct kb_word_value {
	char *word;
	int value;   /* numbers: the number; units: days per unit, 0 = hours */
} kb_word_value;

/* Letter kinds, as bits of kb_lint_rule.kinds. */
enum { LINT_POA = 1, LINT_DISPUTE = 2, LINT_RETRACTION = 4, LINT_OWNER_REQUEST = 8, LINT_COUNTER = 16 };
/* Sections of a Plan of Action; SCOPE_ALL is the whole letter. */
enum { SCOPE_ALL = -1, SCOPE_ROOT_CAUSE = 0, SCOPE_CORRECTIVE = 1, SCOPE_PREVENTIVE = 2, NSECTIONS = 3 };

/* Literal tokens and PCRE2 patterns: what an existence check looks for. */
typedef struct kb_matcher {
	kb_phrase *tokens;
	size_t ntokens;
	char **patterns;
	pcre2_code **res;
	size_t npatterns;
} kb_matcher;

typedef struct kb_lint_group {
	kb_text name;
	kb_matcher m;
} kb_lint_group;

/* One rule of kb/lint/ (kb/lint/README.md). */
typedef struct kb_lint_rule {
	char *id, *extends, *source, *metric;
	int level;         /* 0 info, 1 warn, 2 block */
	int kinds;         /* LINT_* bits */
	int scope;         /* SCOPE_* */
	int unsectioned;   /* a letter with no section at all: look at all of it (unsectioned: all) */
	int min, max;      /* occurrence max; metric min/max; -1 unset */
	kb_text message;
	kb_matcher m;      /* existence, occurrence */
	kb_phrase *exceptions;
	size_t nexceptions;
	kb_lint_group *groups;   /* requires */
	size_t ngroups;
	kb_matcher when;         /* requires: only where one of these occurs (none: always) */
	kb_word_value *pairs;    /* structure rules' own data: word -> number */
	size_t npairs;
	char **families;         /* only letters about these notice families (none: any) */
	size_t nfamilies;
} kb_lint_rule;

/* "answer id is one of these values": conditions of questions and routes. */
typedef struct kb_condition {
	char *id;
	char **values;
	size_t nvalues;
} kb_condition;

typedef struct kb_question {
	char *id, *type, *source;
	kb_text prompt, help;
	char **choices;
	size_t nchoices;
	kb_text *labels;         /* what a letter says for each choice (none: the choice) */
	size_t nlabels;          /* 0 or nchoices */
	int past;                /* a date of something done: not in the future */
	char **families;         /* when: the notice's family is one of these (none: any) */
	size_t nfamilies;
	kb_condition *when;      /* when: earlier answers */
	size_t nwhen;
} kb_question;

typedef struct kb_route {
	char *id, *source;
	int rank;
	kb_text name, why, costs, risks;
	char **families;
	size_t nfamilies;
	kb_condition *requires, *excludes;
	size_t nrequires, nexcludes;
	kb_text *checklist;
	size_t nchecklist;
	char **letters;
	size_t nletters;
} kb_route;

typedef struct kb_template_part {
	char *id, *heading, *en, *zh;
} kb_template_part;

typedef struct kb_template {
	char *id, *kind, *to;
	kb_text title;
	kb_template_part *parts;
	size_t nparts;
} kb_template;

/* A repeat-violation limit of kb/health.yaml. */
typedef struct kb_health_limit {
	char *id, *source;
	kb_text name;
	char **families;
	size_t nfamilies;
	int limit, warn_at;      /* 0: no known limit */
} kb_health_limit;

/* Which evidence files Amazon accepts for notices of some families
 * (kb/evidence.yaml). */
typedef struct kb_evidence_rule {
	char *id, *source;
	char **families, **types;
	size_t nfamilies, ntypes;
} kb_evidence_rule;

struct poa_kb {
	kb_family *families;    /* sorted by rank */
	size_t nfamilies;
	kb_stake *stakes;
	size_t nstakes;
	kb_address *addresses;  /* longest first */
	size_t naddresses;
	kb_field *fields;
	size_t nfields;
	kb_phrase *markers;     /* phrases showing a text is from Amazon */
	size_t nmarkers;
	kb_word_value *numbers, *units;
	size_t nnumbers, nunits;
	kb_phrase *ignore_near;
	size_t nignore;
	pcre2_code *deadline_re[2];  /* English, Chinese */
	char *deadline_pattern[2];
	kb_starts deadline_starts[2];
	char *deadline_source;
	int optimized;          /* patterns JIT-compiled */
	int reader_only;        /* decoded without lint, plan, health, evidence (poa_kb_load_reader) */
	struct kb_arena *arena; /* decoded from the image: its memory (kb_image.c) */
	kb_lint_rule *lint;     /* sorted by id */
	size_t nlint;
	kb_phrase *sections[NSECTIONS];  /* headings that open each section */
	size_t nsection_phrases[NSECTIONS];
	kb_question *questions;
	size_t nquestions;
	kb_route *routes;         /* sorted by rank */
	size_t nroutes;
	kb_template *templates;
	size_t ntemplates;
	int health_window;        /* days */
	kb_health_limit *health;
	size_t nhealth;
	kb_evidence_rule *evidence;
	size_t nevidence;
	int evidence_max;         /* bytes */
	int invoice_window;       /* days */
	char *invoice_source;
	/* R35's Hunspell dictionaries, opened at the first letter checked and
	 * closed by poa_kb_free (lint/spelling.c). */
	_Atomic(struct kb_speller *) speller;
};
void kb_speller_free(struct kb_speller *sp);

void poa_kb_free_health(poa_kb *kb);

/* Loads questions.yaml, routes.yaml and templates/ of dir into kb. */
poa_status poa_kb_load_plan(const char *dir, poa_kb *kb, poa_error *err);
void poa_kb_free_plan(poa_kb *kb);
const kb_question *poa_kb_question(const poa_kb *kb, const char *id);
const kb_route *poa_kb_route(const poa_kb *kb, const char *id);
const kb_template *poa_kb_template(const poa_kb *kb, const char *id);

/* Loads kb/lint/ (rules and sections.yaml) of dir into kb. */
poa_status poa_kb_load_lint(const char *dir, poa_kb *kb, poa_error *err);
void poa_kb_free_lint(poa_kb *kb);
const kb_lint_rule *poa_kb_lint_rule(const poa_kb *kb, const char *id);

const kb_family *poa_kb_family(const poa_kb *kb, const char *id);
const kb_stake *poa_kb_stake(const poa_kb *kb, const char *id);
/* Text in the chosen language, falling back to English. */
const char *poa_kb_text(const kb_text *t, poa_lang lang);

/* The knowledge base compiled into the library: kb/ YAML files loaded at build
 * time by poa-kbc and stored as a flat image (kb_image.c), so that a run
 * reads no YAML. Generated; empty in poa-kbc itself. */
extern const unsigned char poa_kb_image[];
extern const size_t poa_kb_image_len;

/* The image of a loaded knowledge base; the caller frees *out. */
poa_status poa_kb_encode(const poa_kb *kb, unsigned char **out, size_t *len, poa_error *err);
/* Rebuilds a knowledge base from an image, with its patterns. The kb's
 * strings point into image, which must outlive it. */
poa_status poa_kb_decode(const unsigned char *image, size_t len, poa_kb **out, poa_error *err);
/* The same with only the part a reader needs (poa_kb_load_reader). */
poa_status poa_kb_decode_reader(const unsigned char *image, size_t len, poa_kb **out, poa_error *err);
/* What poa_kb_free frees of a decoded kb: its patterns and its arena. */
void poa_kb_free_image(poa_kb *kb);
/* Compiles pattern into *out; names the file and line of at on error. */
poa_status poa_kb_compile_pattern(const char *file, size_t line, const char *pattern, int caseless,
				  pcre2_code **out, poa_error *err);

#endif
