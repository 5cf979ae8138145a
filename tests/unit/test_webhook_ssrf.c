/* SSRF policy of the webhook dispatcher (jobs/webhook.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "jobs/webhook.h"

static void blocked_by_default(void **state)
{
	assert_int_equal(webhook_allow_parse(""), 0);
	const char *blocked[] = { "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
				  "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
				  "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "fc12::1",
				  "::ffff:127.0.0.1", "::ffff:8.8.8.8", "::127.0.0.1", "ff02::1",
				  "64:ff9b::a00:1", "not-an-ip" };
	for (size_t i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
		assert_int_equal(webhook_ip_allowed(blocked[i]), 0);
	const char *open[] = { "8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700::1111",
			       "64:ff9b::808:808" };
	for (size_t i = 0; i < sizeof(open) / sizeof(open[0]); i++)
		assert_int_equal(webhook_ip_allowed(open[i]), 1);
}

static void allow_list(void **state)
{
	assert_int_equal(webhook_allow_parse("127.0.0.0/8, 10.0.0.5,fd00::/8"), 0);
	assert_int_equal(webhook_ip_allowed("127.0.0.1"), 1);
	assert_int_equal(webhook_ip_allowed("::ffff:127.0.0.1"), 1);
	assert_int_equal(webhook_ip_allowed("10.0.0.5"), 1);
	assert_int_equal(webhook_ip_allowed("10.0.0.6"), 0);
	assert_int_equal(webhook_ip_allowed("fd00::1"), 1);
	assert_int_equal(webhook_ip_allowed("::1"), 0);
	assert_int_equal(webhook_allow_parse("127.0.0.0/33"), -1);
	assert_int_equal(webhook_allow_parse("nonsense"), -1);
	assert_int_equal(webhook_allow_parse(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocked_by_default),
		cmocka_unit_test(allow_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
