/* heap.c — the heap pages a short command will write, mapped in one call.
 *
 * On the 2-CPU VM poa is measured on, the hypervisor shadows the guest's
 * page tables, and the first write to a fresh page costs 10-16 us: a trap
 * into the guest kernel, which allocates and zeroes the page, then an exit
 * to the hypervisor to shadow the new mapping (bench/README.md). `poa read`
 * writes about 50 heap pages for one notice (GObject's types, GMime's
 * parser, the kb's arena, PCRE2's match frames), one fault each as malloc
 * hands them out: a tenth of its run. madvise(MADV_POPULATE_WRITE) (Linux
 * 5.14) maps a range in one call; each page then costs only its shadowing,
 * half as much. On a machine without shadow paging it costs about what the
 * faults would have.
 *
 * Only for glibc's malloc: it is the one whose heap is the program break.
 * Under another allocator (ASan's, a preloaded one) the block malloc returns
 * is not below the break, and nothing is done. */
#include "poa.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

size_t poa_heap_prefault(size_t bytes)
{
#if defined(__GLIBC__)
	if (bytes < 8192 || bytes > 1024u << 10)
		return 0;
	/* The block must come from the heap, not a mapping of its own (glibc
	 * maps blocks from 128 KiB by default), and must not go back to the
	 * kernel when freed (glibc trims a free top past 128 KiB). */
	if (!mallopt(M_MMAP_THRESHOLD, (int)(2 * bytes)) || !mallopt(M_TRIM_THRESHOLD, (int)(4 * bytes)))
		return 0;
	char *block = malloc(bytes);
	if (!block)
		return 0;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)block + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)block + bytes) & ~(page - 1);
	size_t mapped = 0;
	/* Below the break: this malloc is glibc's and the block is heap. */
	if (to > from && to <= (uintptr_t)sbrk(0) && madvise((void *)from, to - from, MADV_POPULATE_WRITE) == 0)
		mapped = to - from;
	/* Freed, the block joins the heap's free top, where the next blocks
	 * are carved from. */
	free(block);
	return mapped;
#else
	(void)bytes;
	return 0;
#endif
}
