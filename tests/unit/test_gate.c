/* gate: each project's share of the connection pool (src/api/gate.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <unistd.h>

#include "api/gate.h"

/* Pool of 8: writes of one project take at most 4, all its requests 6. */
static void shares_of_a_pool_of_8(void **state)
{
	struct gate *g = gate_new(8);
	for (int i = 0; i < 4; i++)
		assert_true(gate_try(g, 1, true));
	assert_false(gate_try(g, 1, true));
	assert_true(gate_try(g, 1, false));
	assert_true(gate_try(g, 1, false));
	assert_false(gate_try(g, 1, false));
	/* another project is not affected */
	assert_true(gate_try(g, 2, true));
	assert_true(gate_try(g, 2, false));
	gate_leave(g, 1, true);
	assert_false(gate_try(g, 1, true) && gate_try(g, 1, false));
	gate_free(g);
}

/* Even the smallest pool keeps a connection for the other projects. */
static void small_pools(void **state)
{
	struct gate *g = gate_new(2);
	assert_true(gate_try(g, 1, false));
	assert_false(gate_try(g, 1, false));
	assert_false(gate_try(g, 1, true));
	assert_true(gate_try(g, 2, true));
	gate_free(g);
	g = gate_new(1);
	assert_true(gate_try(g, 1, true));
	assert_false(gate_try(g, 1, false));
	gate_free(g);
}

struct waiter {
	struct gate *g;
	volatile int entered;
};

static void *wait_then_enter(void *arg)
{
	struct waiter *w = arg;
	gate_wait(w->g, 7, true);
	w->entered = 1;
	return NULL;
}

/* A waiter enters as soon as a slot of its project frees, not before. */
static void waiters_enter_when_a_slot_frees(void **state)
{
	struct gate *g = gate_new(2);
	assert_true(gate_try(g, 7, true));
	struct waiter w = { .g = g };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, wait_then_enter, &w), 0);
	usleep(50 * 1000);
	assert_int_equal(w.entered, 0);
	/* another project's traffic lets nobody of project 7 in */
	assert_true(gate_try(g, 8, false));
	gate_leave(g, 8, false);
	usleep(20 * 1000);
	assert_int_equal(w.entered, 0);
	gate_leave(g, 7, true);
	pthread_join(t, NULL);
	assert_int_equal(w.entered, 1);
	gate_leave(g, 7, true);
	gate_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shares_of_a_pool_of_8),
		cmocka_unit_test(small_pools),
		cmocka_unit_test(waiters_enter_when_a_slot_frees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
