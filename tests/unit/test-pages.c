/* Unit tests of pages.c: the balloon that reports free pages is found in a
 * sysfs tree (and nothing else is taken for it), POA_HUGE_PAGES overrides
 * the answer, and the buffers and tables are usable, zeroed where promised
 * and mapped as far as asked, in small pages and in huge ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pages.h"

/* ---- a sysfs tree of our own ---------------------------------------------- */

static char root[64];

static void put(const char *dev, const char *file, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/bus", root);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/bus/virtio", root);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/bus/virtio/devices", root);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/bus/virtio/devices/%s", root, dev);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/bus/virtio/devices/%s/%s", root, dev, file);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int make_root(void **state)
{
	(void)state;
	strcpy(root, "/tmp/poa-test-pages-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int remove_root(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* Features as sysfs shows them: one character a bit, from bit 0. */
#define FEATURES_REPORTING "01100101000000000000000000000000100000000000\n"
#define FEATURES_NO_REPORTING "01100001000000000000000000000000100000000000\n"

static void test_no_virtio(void **state)
{
	(void)state;
	assert_int_equal(poa_pages_reporting(root), 0);
	assert_int_equal(poa_pages_reporting("/nonexistent/sysfs"), 0);
}

static void test_other_devices_only(void **state)
{
	(void)state;
	/* A block device and a network card with bit 5 set: not a balloon. */
	put("virtio1", "device", "0x0002\n");
	put("virtio1", "features", FEATURES_REPORTING);
	put("virtio2", "device", "0x0001\n");
	put("virtio2", "features", FEATURES_REPORTING);
	assert_int_equal(poa_pages_reporting(root), 0);
}

static void test_balloon_without_reporting(void **state)
{
	(void)state;
	put("virtio0", "device", "0x0005\n");
	put("virtio0", "features", FEATURES_NO_REPORTING);
	assert_int_equal(poa_pages_reporting(root), 0);
	/* Features cut short, or missing: not reporting. */
	put("virtio0", "features", "0110\n");
	assert_int_equal(poa_pages_reporting(root), 0);
	put("virtio0", "features", "");
	assert_int_equal(poa_pages_reporting(root), 0);
}

static void test_balloon_reporting(void **state)
{
	(void)state;
	put("virtio0", "device", "0x0005\n");
	put("virtio0", "features", FEATURES_REPORTING);
	assert_int_equal(poa_pages_reporting(root), 1);
}

/* The test runs with POA_HUGE_PAGES=0 (main): the override wins over sysfs. */
static void test_override(void **state)
{
	(void)state;
	assert_int_equal(poa_pages_huge(), 0);
	assert_int_equal(poa_pages_huge(), 0);
}

/* ---- memory ---------------------------------------------------------------- */

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define GLIBC_MALLOC 1
/* Pages wholly inside [p, p + size) that are resident. */
static size_t resident_pages(const void *p, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
	uintptr_t to = ((uintptr_t)p + size) & ~(uintptr_t)(page - 1);
	if (to <= from)
		return 0;
	size_t n = (to - from) / page, resident = 0;
	unsigned char *vec = malloc(n);
	assert_non_null(vec);
	assert_int_equal(mincore((void *)from, to - from, vec), 0);
	for (size_t i = 0; i < n; i++)
		resident += vec[i] & 1;
	free(vec);
	return resident;
}
#endif

static void check_table(size_t size, size_t touched, int huge)
{
	unsigned char *p = poa_pages_table(size, touched, huge);
	assert_non_null(p);
	for (size_t i = 0; i < size; i++)
		if (p[i]) {
			fail_msg("byte %zu of a table of %zu (touched %zu, huge %d) is %d", i, size, touched, huge, p[i]);
		}
	memset(p, 0xa5, size);
	assert_int_equal(p[size - 1], 0xa5);
	free(p);
}

static void test_tables_zeroed(void **state)
{
	(void)state;
	const size_t sizes[] = {1, 4095, 64 << 10, POA_PAGES_HUGE_FROM, (size_t)3 << 20};
	for (int huge = 0; huge < 2; huge++)
		for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
			check_table(sizes[i], 0, huge);
			check_table(sizes[i], sizes[i] / 2, huge);
			check_table(sizes[i], sizes[i], huge);
			check_table(sizes[i], sizes[i] * 2, huge);   /* more than there is: the whole */
		}
	/* A table reused from the heap is zeroed too. */
	for (int k = 0; k < 3; k++) {
		unsigned char *q = malloc((size_t)1 << 20);
		assert_non_null(q);
		memset(q, 0xff, (size_t)1 << 20);
		free(q);
		check_table((size_t)1 << 20, (size_t)1 << 20, 0);
	}
}

static void test_buffers_usable(void **state)
{
	(void)state;
	const size_t sizes[] = {1, 100, POA_PAGES_HUGE_FROM - 1, (size_t)2 << 20, ((size_t)4 << 20) + 1};
	for (int huge = 0; huge < 2; huge++)
		for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
			unsigned char *p = poa_pages_buffer(sizes[i], sizes[i] / 3, huge);
			assert_non_null(p);
			memset(p, 0x3c, sizes[i]);
			assert_int_equal(p[0], 0x3c);
			assert_int_equal(p[sizes[i] - 1], 0x3c);
			free(p);
		}
}

/* In small pages, what is asked for is mapped at once and nothing more. */
static void test_small_pages_mapped_as_asked(void **state)
{
	(void)state;
#if GLIBC_MALLOC
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = (size_t)8 << 20, touched = (size_t)1 << 20;
	/* 8 MiB: past glibc's mmap threshold, a fresh mapping of its own. */
	unsigned char *p = poa_pages_buffer(size, touched, 0);
	assert_non_null(p);
	size_t mapped = resident_pages(p, touched);
	assert_true(mapped + 1 >= touched / page);   /* the first page may be cut */
	/* The rest is left to fault in as written (a page or two at the edge). */
	assert_true(resident_pages(p + touched + page, size - touched - page) <= 2);
	free(p);
	/* A zeroed table the same way (the rest may be heap that calloc
	 * cleared: glibc raises its mmap threshold after a free). */
	p = poa_pages_table(size, touched, 0);
	assert_non_null(p);
	assert_true(resident_pages(p, touched) + 1 >= touched / page);
	free(p);
	/* populate alone: a range of the heap keeps its bytes. */
	unsigned char *q = malloc(64 << 10);
	assert_non_null(q);
	memset(q, 7, 64 << 10);
	poa_pages_populate(q, 64 << 10);
	assert_int_equal(q[0], 7);
	assert_int_equal(q[(64 << 10) - 1], 7);
	poa_pages_populate(q, 0);   /* nothing: no page wholly inside */
	free(q);
#else
	skip();
#endif
}

int main(void)
{
	/* poa_pages_huge() reads it once, on the first call. */
	setenv("POA_HUGE_PAGES", "0", 1);
	const struct CMUnitTest sysfs[] = {
		cmocka_unit_test(test_no_virtio),
		cmocka_unit_test(test_other_devices_only),
		cmocka_unit_test(test_balloon_without_reporting),
		cmocka_unit_test(test_balloon_reporting),
	};
	const struct CMUnitTest memory[] = {
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_tables_zeroed),
		cmocka_unit_test(test_buffers_usable),
		cmocka_unit_test(test_small_pages_mapped_as_asked),
	};
	int failed = cmocka_run_group_tests_name("sysfs", sysfs, make_root, remove_root);
	return failed + cmocka_run_group_tests_name("memory", memory, NULL, NULL);
}
