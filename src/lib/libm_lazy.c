/* libm_lazy.c — libm opened the first time one of its functions is called.
 *
 * In poa, only SQLite calls libm: its SQL math functions (acos() ... trunc())
 * and FTS5's ranking (log()). No command runs them at start, yet a linked
 * libm.so is mapped, relocated and has its IFUNCs resolved by every poa
 * process: about ten page faults of `poa read`'s start (bench/README.md). So
 * poa defines the functions SQLite's objects ask for, and each opens libm
 * through dynlib.c at its first call and calls the real one.
 *
 * Linked into the poa executable as an object (meson.build), like
 * gmime_lean.c, so that SQLite's references resolve here and the linker
 * (--as-needed) drops libm.so. Only with -Dstatic_deps=true: a shared
 * libsqlite3 brings its own libm. A function SQLite starts to call in a new
 * release shows up as libm.so in `ldd poa` again, and as a few faults in
 * bench/startup.py: add it here.
 */
#include "dynlib.h"

#include <math.h>

typedef double (*unary_fn)(double);
typedef double (*binary_fn)(double, double);

/* The unary functions by index, then the binary ones. */
#define LIBM_UNARY(X) X(acos) X(acosh) X(asin) X(asinh) X(atan) X(atanh) X(cos) X(cosh) \
	X(exp) X(log) X(sin) X(sinh) X(sqrt) X(tan) X(tanh) X(trunc)
#define LIBM_BINARY(X) X(atan2) X(fmod) X(pow)

typedef struct libm_api {
#define FIELD_UNARY(f) unary_fn f##_fn;
#define FIELD_BINARY(f) binary_fn f##_fn;
	LIBM_UNARY(FIELD_UNARY)
	LIBM_BINARY(FIELD_BINARY)
} libm_api;

static libm_api api;

static const poa_dynlib_sym syms[] = {
#define SYM(f) POA_DYNLIB_SYM(libm_api, f##_fn, #f),
	LIBM_UNARY(SYM)
	LIBM_BINARY(SYM)
	{NULL, 0}
};

/* libc6 installs libm.so.6 beside libc.so.6: failing to open it means a
 * broken system, and the SQL function answers NaN rather than crashing. */
static poa_dynlib libm = POA_DYNLIB("libm.so.6", "libc6", syms, &api);

static int libm_ready(void)
{
	return poa_dynlib_load(&libm, POA_ERR_IO, NULL) == POA_OK;
}

#define DEFINE_UNARY(f) \
	double f(double x) \
	{ \
		return libm_ready() ? api.f##_fn(x) : NAN; \
	}
#define DEFINE_BINARY(f) \
	double f(double x, double y) \
	{ \
		return libm_ready() ? api.f##_fn(x, y) : NAN; \
	}

LIBM_UNARY(DEFINE_UNARY)
LIBM_BINARY(DEFINE_BINARY)
