/* Unit tests of the start-up substitutes: libm_lazy.c (libm opened by the
 * first math call) and cpu.c (AVX2 asked when needed). The functions are
 * called through volatile pointers: GCC would otherwise compute sqrt(2.0)
 * at compile time and never call the definition under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "cpu.h"

typedef double (*unary)(double);
typedef double (*binary)(double, double);

static const double pi = 3.14159265358979323846;

static void check_unary(unary volatile f, double x, double want)
{
	double got = f(x);
	assert_true(fabs(got - want) <= 1e-12 * (1 + fabs(want)));
}

static void test_libm_unary(void **state)
{
	(void)state;
	check_unary(acos, 0.5, pi / 3);
	check_unary(asin, 0.5, pi / 6);
	check_unary(atan, 1.0, pi / 4);
	check_unary(cos, pi, -1.0);
	check_unary(sin, pi / 2, 1.0);
	check_unary(tan, pi / 4, 1.0);
	check_unary(exp, 1.0, 2.71828182845904523536);
	check_unary(log, 2.71828182845904523536, 1.0);
	check_unary(sqrt, 2.0, 1.41421356237309504880);
	check_unary(trunc, -2.75, -2.0);
	check_unary(cosh, 0.0, 1.0);
	check_unary(sinh, 0.0, 0.0);
	check_unary(tanh, 0.0, 0.0);
	check_unary(acosh, 1.0, 0.0);
	check_unary(asinh, 0.0, 0.0);
	check_unary(atanh, 0.5, 0.54930614433405484570);
}

static void test_libm_binary(void **state)
{
	(void)state;
	binary volatile p = pow, m = fmod, a = atan2;
	assert_true(p(2.0, 10.0) == 1024.0);
	assert_true(m(7.5, 2.0) == 1.5);
	assert_true(fabs(a(1.0, -1.0) - 3 * pi / 4) < 1e-12);
}

/* libm's own answers at its edges: the substitute must not invent any. */
static void test_libm_edges(void **state)
{
	(void)state;
	unary volatile s = sqrt, l = log;
	assert_true(isnan(s(-1.0)));
	assert_true(isinf(l(0.0)) && l(0.0) < 0);
}

static void test_cpu_avx2(void **state)
{
	(void)state;
	/* GCC's answer (libgcc's CPUID table) and cpu.c's must agree, and
	 * POA_NO_AVX2 turns the AVX2 paths off. */
	unsetenv("POA_NO_AVX2");
	assert_int_equal(poa_cpu_use_avx2(), __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
						     __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2")
					     ? 1
					     : 0);
	setenv("POA_NO_AVX2", "1", 1);
	assert_int_equal(poa_cpu_use_avx2(), 0);
	unsetenv("POA_NO_AVX2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libm_unary),
		cmocka_unit_test(test_libm_binary),
		cmocka_unit_test(test_libm_edges),
		cmocka_unit_test(test_cpu_avx2),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
