/* dynlib.h — loading a shared library when a command first needs it.
 *
 * Libraries that bring many others with them (libcurl, Hunspell and its
 * libstdc++, libedit, libpq with TLS, Kerberos and LDAP) are opened with
 * dlopen() by the code that uses them, so that every other poa command,
 * `poa read` first, does not pay for loading them at start. */
#ifndef POA_DYNLIB_H
#define POA_DYNLIB_H

#include <stddef.h>

/* A function to look up: its name, and the function pointer to set, as
 * (void **)&api->fn. */
typedef struct poa_dynsym {
	const char *name;
	void **addr;
} poa_dynsym;

/* Opens soname and sets every symbol of syms. Returns the library's handle,
 * which stays open for the life of the process (callers keep the pointers),
 * or NULL with why filled: the loader's message, or the function missing. */
void *poa_dynlib_open(const char *soname, const poa_dynsym *syms, size_t n, char *why, size_t why_size);

#endif
