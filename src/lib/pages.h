/* pages.h — memory for big tables and buffers (the sweep of `poa audit`), in
 * the page size that costs least on the machine poa runs on. */
#ifndef POA_PAGES_H
#define POA_PAGES_H

#include <stddef.h>

/* From this size up a buffer or table may be given huge pages. */
#define POA_PAGES_HUGE_FROM ((size_t)128 << 10)

/* Whether big buffers go in transparent huge pages: yes, unless the kernel
 * hands freed memory back to the hypervisor (pages.c says why that decides
 * it). POA_HUGE_PAGES=0 or 1 in the environment overrides the answer, for
 * the tests and for measuring both. Asked once per process. */
int poa_pages_huge(void);

/* Whether the virtio devices under sysfs (normally "/sys") include a
 * balloon that reports free pages to the host. */
int poa_pages_reporting(const char *sysfs);

/* size bytes, not zeroed, freed with free(); NULL when out of memory. The
 * first `touched` bytes are mapped at once (one system call, not a page
 * fault a page): pass what the caller is about to write, 0 when it fills
 * the buffer a little at a time. huge: in huge pages (poa_pages_huge()). */
void *poa_pages_buffer(size_t size, size_t touched, int huge);
/* The same, zeroed. */
void *poa_pages_table(size_t size, size_t touched, int huge);
/* Maps the whole pages of [p, p + size) now (Linux 5.14; else nothing). */
void poa_pages_populate(void *p, size_t size);

#endif
