/* cpu.c — which instruction sets the processor offers, asked by the code that
 * has a faster path for them, when it runs.
 *
 * GCC's __builtin_cpu_supports() links libgcc's __cpu_indicator_init, a
 * constructor that runs a dozen CPUID instructions at the start of every
 * process; in a virtual machine each one traps to the hypervisor. Only
 * `poa audit` has an AVX2 path, so only it should pay for the question. */
#include "cpu.h"

#include <stdlib.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

enum {
	CPUID1_ECX_POPCNT = 1u << 23,
	CPUID1_ECX_OSXSAVE = 1u << 27,
	CPUID1_ECX_AVX = 1u << 28,
	CPUID7_EBX_BMI1 = 1u << 3,
	CPUID7_EBX_AVX2 = 1u << 5,
	CPUID7_EBX_BMI2 = 1u << 8,
	XCR0_SSE_AVX = 0x6,  /* XMM and YMM state enabled by the kernel */
};

static unsigned long long read_xcr0(void)
{
	unsigned lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (unsigned long long)hi << 32 | lo;
}

static int has_avx2(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	const unsigned want1 = CPUID1_ECX_POPCNT | CPUID1_ECX_OSXSAVE | CPUID1_ECX_AVX;
	if ((c & want1) != want1)
		return 0;
	if ((read_xcr0() & XCR0_SSE_AVX) != XCR0_SSE_AVX)
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	const unsigned want7 = CPUID7_EBX_AVX2 | CPUID7_EBX_BMI1 | CPUID7_EBX_BMI2;
	return (b & want7) == want7;
}
#else
static int has_avx2(void)
{
	return 0;
}
#endif

int poa_cpu_use_avx2(void)
{
	const char *no = getenv("POA_NO_AVX2");
	return !(no && *no) && has_avx2();
}
