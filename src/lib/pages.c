/* pages.c — memory for big tables and buffers, in huge pages or small ones,
 * whichever costs less where poa runs.
 *
 * A sweep of a report touches 20-30 MB of fresh memory (the index of the
 * terms, the readers' buffers, the report's head, the terms' strings).
 * What a fresh page costs depends on the hypervisor, measured on the two
 * kinds of 2-CPU VM poa has been run on (bench/audit/README.md):
 *
 *  - Shadowed page tables (PVM): a 4 KiB page fault costs 20-40 us, a
 *    huge page about 0.3 ms for 2 MiB. Huge pages are ten times cheaper.
 *  - A balloon that reports free pages (virtio-balloon with
 *    VIRTIO_BALLOON_F_REPORTING, as Firecracker offers): the guest tells
 *    the host about every free block of 2 MiB and up, and the host takes
 *    its memory back; a huge page is such a block, so each one poa gets is
 *    new to the host, 2.5-6 ms for 2 MiB, where small pages come from
 *    memory the guest used a moment ago: 1 to 1.5 ms for 2 MiB, and only
 *    for the pages written. The 50,000-term header-only run took 79 ms in
 *    huge pages and 26 ms in small ones.
 *
 * So huge pages unless free pages are reported, and in small pages the
 * caller says how much it will write at once, which is mapped in one call
 * (MADV_POPULATE_WRITE) instead of a fault a page. */
#include "pages.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define HUGE ((size_t)2 << 20)
#define VIRTIO_ID_BALLOON "0x0005"
#define VIRTIO_BALLOON_F_REPORTING 5

/* The first line of a small sysfs file into buf; 0, or -1. */
static int read_line(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int poa_pages_reporting(const char *sysfs)
{
	char path[512], line[256];
	snprintf(path, sizeof path, "%s/bus/virtio/devices", sysfs);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	int reporting = 0;
	struct dirent *e;
	while (!reporting && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/bus/virtio/devices/%s/device", sysfs, e->d_name);
		if (read_line(path, line, sizeof line) || strcmp(line, VIRTIO_ID_BALLOON) != 0)
			continue;
		/* The features the driver took, one character a bit from bit 0. */
		snprintf(path, sizeof path, "%s/bus/virtio/devices/%s/features", sysfs, e->d_name);
		if (read_line(path, line, sizeof line) == 0 && strlen(line) > VIRTIO_BALLOON_F_REPORTING)
			reporting = line[VIRTIO_BALLOON_F_REPORTING] == '1';
	}
	closedir(d);
	return reporting;
}

/* A property of the machine, the same for the whole process: read once. */
static pthread_once_t huge_once = PTHREAD_ONCE_INIT;
static int huge_answer;

static void decide_huge(void)
{
	const char *force = getenv("POA_HUGE_PAGES");
	if (force && (*force == '0' || *force == '1'))
		huge_answer = *force == '1';
	else
		huge_answer = !poa_pages_reporting("/sys");
}

int poa_pages_huge(void)
{
	pthread_once(&huge_once, decide_huge);
	return huge_answer;
}

void poa_pages_populate(void *p, size_t size)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1), to = ((uintptr_t)p + size) & ~(page - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_POPULATE_WRITE);   /* a hint: faults otherwise */
}

/* Whole huge pages, but a small remainder past the last one (the report's
 * head is 4 MiB and a byte) in small pages: the kernel clears every huge
 * page it gives. */
static void *huge_buffer(size_t size)
{
	size_t rest = size & (HUGE - 1), advise = size - rest;
	if (rest >= POA_PAGES_HUGE_FROM || !advise)
		size = advise = size - rest + HUGE;
	void *p = NULL;
	if (posix_memalign(&p, HUGE, size))
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, advise, MADV_HUGEPAGE);   /* a hint: without it, small pages */
#endif
	return p;
}

void *poa_pages_buffer(size_t size, size_t touched, int huge)
{
	void *p = huge && size >= POA_PAGES_HUGE_FROM ? huge_buffer(size) : malloc(size);
	if (p && touched)
		poa_pages_populate(p, touched < size ? touched : size);
	return p;
}

void *poa_pages_table(size_t size, size_t touched, int huge)
{
	if (huge && size >= POA_PAGES_HUGE_FROM) {
		void *p = poa_pages_buffer(size, touched, 1);
		if (p)
			memset(p, 0, size);
		return p;
	}
	/* calloc knows a fresh mapping is zero and leaves its pages alone
	 * until they are written. */
	void *p = calloc(1, size);
	if (p && touched)
		poa_pages_populate(p, touched < size ? touched : size);
	return p;
}
