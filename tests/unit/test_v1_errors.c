/* The Crowdin v1 error table: codes, exact messages, HTTP statuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "api/crowdin_v1/errors.h"

static void test_every_code_has_a_message(void **state)
{
	for (int code = 0; code < V1_ERROR_COUNT; code++) {
		const char *m = v1_error_message(code);
		assert_non_null(m);
		assert_true(strlen(m) > 5);
		int st = v1_error_status(code);
		assert_true(st >= 400 && st < 600);
	}
	assert_int_equal(V1_ERROR_COUNT, 51);
}

static void test_messages_clients_match_exactly(void **state)
{
	assert_string_equal(v1_error_message(1),
			    "Requested project does not exist or API key is not valid");
	assert_string_equal(v1_error_message(3), "API key is not valid");
	assert_string_equal(v1_error_message(10), "Language was not found");
	assert_string_equal(v1_error_message(17), "Specified directory was not found");
	assert_string_equal(v1_error_message(50), "Directory with such name already exists");
	assert_string_equal(v1_error_message(21),
			    "Specified value for \"files\" parameter is invalid. Array expected");
	assert_string_equal(v1_error_message(45),
			    "Maximum number of uploaded files should not exceed 20");
}

static void test_statuses(void **state)
{
	assert_int_equal(v1_error_status(1), 404);
	assert_int_equal(v1_error_status(3), 401);
	assert_int_equal(v1_error_status(12), 401);
	assert_int_equal(v1_error_status(41), 403);
	assert_int_equal(v1_error_status(42), 413);
	assert_int_equal(v1_error_status(0), 500);
	assert_int_equal(v1_error_status(27), 400);
	assert_int_equal(v1_error_status(17), 404);
}

static void test_internal_error_is_not_success(void **state)
{
	/* handlers return 0 for success, so code 0 must travel as another value */
	assert_true(V1_UNKNOWN_INTERNAL != 0);
	assert_string_equal(v1_error_message(V1_UNKNOWN_INTERNAL), "Unknown internal error");
	assert_int_equal(v1_error_status(V1_UNKNOWN_INTERNAL), 500);
}

static void test_out_of_range_is_internal(void **state)
{
	assert_string_equal(v1_error_message(-1), v1_error_message(0));
	assert_string_equal(v1_error_message(51), v1_error_message(0));
	assert_int_equal(v1_error_status(999), 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_has_a_message),
		cmocka_unit_test(test_messages_clients_match_exactly),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_internal_error_is_not_success),
		cmocka_unit_test(test_out_of_range_is_internal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
