/* Unit tests of heap.c: poa_heap_prefault() maps the heap's free top in one
 * call, leaves malloc working, and does nothing where it cannot be sure the
 * heap is glibc's program break (ASan's allocator, sizes out of range). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "poa.h"

/* glibc's malloc, not ASan's: the heap is the program break. */
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define GLIBC_HEAP 1
#endif

static void test_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(poa_heap_prefault(0), 0);
	assert_int_equal(poa_heap_prefault(4096), 0);
	assert_int_equal(poa_heap_prefault((size_t)2 << 20), 0);
}

#if GLIBC_HEAP
/* Pages of [from, to) that are not resident. */
static size_t missing_pages(uintptr_t from, uintptr_t to)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), n = (to - from) / page, missing = 0;
	unsigned char *vec = malloc(n + 1);
	assert_non_null(vec);
	assert_int_equal(mincore((void *)from, to - from, vec), 0);
	for (size_t i = 0; i < n; i++)
		missing += !(vec[i] & 1);
	free(vec);
	return missing;
}
#endif

static void test_maps_the_top(void **state)
{
	(void)state;
	size_t mapped = poa_heap_prefault((size_t)160 << 10);
#if !GLIBC_HEAP
	/* Not glibc's heap: the call must leave it alone. */
	assert_int_equal(mapped, 0);
#else
	/* Whole pages inside the block of 160 KiB: one page less at most. */
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	assert_true(mapped >= ((size_t)160 << 10) - page && mapped <= (size_t)160 << 10);
	/* What malloc hands out next is in the mapped pages, and works. */
	char *p = malloc(64 << 10);
	assert_non_null(p);
	uintptr_t from = ((uintptr_t)p - 64) & ~(uintptr_t)(page - 1);
	assert_int_equal(missing_pages(from, from + mapped), 0);
	assert_true((uintptr_t)p + (64 << 10) <= (uintptr_t)sbrk(0));
	memset(p, 0x5a, 64 << 10);
	assert_int_equal(p[(64 << 10) - 1], 0x5a);
	free(p);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_maps_the_top),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
