/* dynlib.c — the one dlopen() of poa (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

void *poa_dynlib_open(const char *soname, const poa_dynsym *syms, size_t n, char *why, size_t why_size)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *e = dlerror();
		snprintf(why, why_size, "%s", e ? e : soname);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		*syms[i].addr = dlsym(lib, syms[i].name);
		if (!*syms[i].addr) {
			snprintf(why, why_size, "%s lacks %s", soname, syms[i].name);
			dlclose(lib);
			return NULL;
		}
	}
	return lib;
}
