/* error.c — filling a poa_error. */
#include "poa.h"
#include "buf.h"

#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>

poa_status poa_error_set(poa_error *err, poa_status status, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		/* Translated here, so that call sites pass plain format strings
		 * (xgettext --keyword=poa_error_set:3). */
		vsnprintf(err->message, sizeof err->message, dgettext("poa", fmt), ap);
		va_end(ap);
		/* Messages quote file names and input, and the size cuts them: a
		 * byte that is not UTF-8, or a character cut in two, would make
		 * the message no text, which JSON cannot carry (poa serve
		 * answered such an error with 500 "out of memory"). */
		poa_utf8_fix(err->message);
		err->status = status;
	}
	return status;
}
