/* dynlib.h — libraries that only some commands need, opened (dlopen) by the
 * first call that needs them instead of being linked into poa.
 *
 * Every library linked into poa is mapped and relocated at the start of every
 * process, whatever the command: libmicrohttpd alone brings GnuTLS and six
 * more, libxml2 brings ICU and libstdc++. `poa read` of a plain-text e-mail
 * uses none of them, and paid for them at each start (issue 2: 5 ms).
 *
 * Each user keeps one poa_dynlib, a static object of its module initialised
 * with POA_DYNLIB(): it is the process's cache of that library (the handle and
 * the function pointers), filled once under its own mutex, so threads (serve,
 * audit) may ask for it at the same time. A library once opened stays open
 * until exit: the pointers handed out must stay valid. */
#ifndef POA_DYNLIB_H
#define POA_DYNLIB_H

#include "poa.h"

#include <pthread.h>
#include <stddef.h>

typedef struct poa_dynlib_sym {
	const char *name;
	size_t offset;  /* of the function pointer in the caller's api struct */
} poa_dynlib_sym;

/* One entry of a symbol table: a field of the api struct and its symbol. */
#define POA_DYNLIB_SYM(api_type, field, symbol) {symbol, offsetof(api_type, field)}

typedef struct poa_dynlib {
	const char *soname;           /* e.g. "libxml2.so.2" */
	const char *package;          /* the Debian package that installs it, for the error */
	const poa_dynlib_sym *syms;   /* ends with {NULL, 0} */
	void *api;                    /* struct of function pointers, filled on success */
	pthread_mutex_t lock;
	int state;                    /* 0 not tried yet, 1 loaded, -1 failed (not tried again) */
	char why[256];                /* dlerror() or the missing symbol, when failed */
} poa_dynlib;

#define POA_DYNLIB(soname, package, syms, api) {soname, package, syms, api, PTHREAD_MUTEX_INITIALIZER, 0, ""}

/* Opens lib (the first time) and fills its api struct. When the library or
 * one of its symbols is missing, returns status with a message naming the
 * library and the package to install (err may be NULL for callers that go
 * on without it). */
poa_status poa_dynlib_load(poa_dynlib *lib, poa_status status, poa_error *err);

#endif
