/* cpu.h — which instruction sets the processor poa runs on offers. */
#ifndef POA_CPU_H
#define POA_CPU_H

/* 1 when the processor and the kernel support AVX2 (the YMM registers are
 * saved on context switch), else 0. Asks the processor at each call: the
 * callers ask once per job. */
int poa_cpu_has_avx2(void);

#endif
