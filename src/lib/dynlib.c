/* dynlib.c — opening a library when a command first needs it (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static void open_lib(poa_dynlib *lib)
{
	/* RTLD_LOCAL: its symbols must not interpose on poa's own or on the
	 * statically linked copies of libraries it may share (zlib). */
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		snprintf(lib->why, sizeof lib->why, "%s", e ? e : "dlopen failed");
		lib->state = -1;
		return;
	}
	for (const poa_dynlib_sym *s = lib->syms; s->name; s++) {
		void *fn = dlsym(h, s->name);
		if (!fn) {
			snprintf(lib->why, sizeof lib->why, "%s has no %s", lib->soname, s->name);
			dlclose(h);
			lib->state = -1;
			return;
		}
		memcpy((char *)lib->api + s->offset, &fn, sizeof fn);
	}
	lib->state = 1;
}

poa_status poa_dynlib_load(poa_dynlib *lib, poa_status status, poa_error *err)
{
	pthread_mutex_lock(&lib->lock);
	if (lib->state == 0)
		open_lib(lib);
	int ok = lib->state == 1;
	pthread_mutex_unlock(&lib->lock);
	if (ok)
		return POA_OK;
	return poa_error_set(err, status,
			     "poa needs %s for this, and it could not be loaded (%s); install the Debian package %s",
			     lib->soname, lib->why, lib->package);
}
