/* Unit tests of date.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "date.h"

static void test_round_trip(void **state)
{
	(void)state;
	for (long d = -800000; d < 800000; d += 37) {
		poa_date c = poa_civil_from_days(d);
		assert_int_equal(poa_days_from_civil(c), d);
	}
	poa_date e = {1970, 1, 1};
	assert_int_equal(poa_days_from_civil(e), 0);
	poa_date leap = {2028, 2, 29};
	poa_date next = poa_civil_from_days(poa_days_from_civil(leap) + 1);
	assert_int_equal(next.m, 3);
	assert_int_equal(next.d, 1);
}

static void test_zone(void **state)
{
	(void)state;
	/* 2026-11-24 23:30 at -08:00 is already the 25th in UTC. */
	time_t t = 1795591800;  /* 2026-11-25T07:30:00Z */
	poa_date local = poa_date_at(t, -480);
	assert_int_equal(local.d, 24);
	poa_date utc = poa_date_at(t, 0);
	assert_int_equal(utc.d, 25);
}

static void test_parse(void **state)
{
	(void)state;
	poa_date d;
	assert_true(poa_date_parse("2026-11-28", &d));
	assert_int_equal(d.y, 2026);
	assert_false(poa_date_parse("2026-02-30", &d));
	assert_false(poa_date_parse("2026-13-01", &d));
	assert_false(poa_date_parse("28/11/2026", &d));
	assert_false(poa_date_parse("2026-11-28x", &d));
	assert_false(poa_date_parse("", &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_zone),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
