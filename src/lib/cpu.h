/* cpu.h — which instruction sets the processor poa runs on offers. */
#ifndef POA_CPU_H
#define POA_CPU_H

/* 1 when code may take its AVX2 path: the processor and the kernel support
 * AVX2 (the YMM registers are saved on context switch) and POA_NO_AVX2 is
 * not set to a value (POA_NO_AVX2=1: the tests force the SSE2 paths); else
 * 0. An AVX2 path may also use POPCNT, BMI1 and BMI2, which every processor
 * with AVX2 has: they are asked for too. Asks the processor at each call:
 * the callers ask once per job. */
int poa_cpu_use_avx2(void);

#endif
