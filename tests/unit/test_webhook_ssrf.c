/* SSRF policy of the webhook dispatcher (jobs/webhook.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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

/* last_error names the address and why it is blocked */
static void reasons(void **state)
{
	assert_int_equal(webhook_allow_parse(""), 0);
	const char *cases[][2] = {
		{ "127.0.0.1", "a loopback address" }, { "::1", "a loopback address" },
		{ "10.1.2.3", "a private address" }, { "192.168.0.1", "a private address" },
		{ "169.254.169.254", "a link-local address" }, { "fe80::1", "a link-local address" },
		{ "100.64.0.1", "a carrier-grade NAT address" }, { "0.0.0.0", "a this-network address" },
		{ "224.0.0.1", "a multicast address" }, { "ff02::1", "a multicast address" },
		{ "255.255.255.255", "a reserved address" }, { "198.18.0.1", "a reserved address" },
		{ "::", "the unspecified address" }, { "::127.0.0.1", "an IPv4-compatible address" },
		{ "::ffff:127.0.0.1", "an IPv4-mapped address" }, { "fd00::1", "a unique local address" },
		{ "fec0::1", "a site-local address" }, { "64:ff9b::7f00:1", "a loopback address" },
		{ "localhost", "not an IP address" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *why = webhook_ip_blocked(cases[i][0]);
		assert_non_null(why);
		assert_string_equal(why, cases[i][1]);
	}
	assert_null(webhook_ip_blocked("8.8.8.8"));
	assert_null(webhook_ip_blocked("2606:4700::1111"));
}

static void url_accepted(void **state)
{
	assert_int_equal(webhook_allow_parse(""), 0);
	const char *ok[] = { "http://example.com/hook", "https://hooks.example.com:8443/x?y=1#f",
			     "HTTPS://Example.COM/", "http://example.com./", "http://8.8.8.8/",
			     "http://[2606:4700::1111]:8080/", "http://xn--bcher-kva.example/",
			     "http://a-b.example/p?q=%41@x" };
	char why[512];
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		why[0] = '\0';
		assert_int_equal(webhook_url_check(ok[i], why, sizeof(why)), 0);
		assert_string_equal(why, "");
	}
	assert_int_equal(webhook_allow_parse("127.0.0.0/8"), 0);
	assert_int_equal(webhook_url_check("http://127.0.0.1:9/", why, sizeof(why)), 0);
	assert_int_equal(webhook_allow_parse(""), 0);
}

static void url_refused(void **state)
{
	assert_int_equal(webhook_allow_parse(""), 0);
	const char *cases[][2] = {
		{ "ftp://example.com/", "refused: scheme 'ftp'" },
		{ "file:///etc/passwd", "refused: scheme 'file'" },
		{ "gopher://example.com/", "refused: scheme 'gopher'" },
		{ "example.com/hook", "refused: invalid URL" },
		{ "http://user:pw@example.com/", "refused: URLs with user info" },
		{ "http://user@example.com/", "refused: URLs with user info" },
		{ "http://:pw@example.com/", "refused: URLs with user info" },
		{ "http://bad_host.example/", "refused: host 'bad_host.example'" },
		{ "http://-a.example/", "refused: host" },
		{ "http://a-.example/", "refused: host" },
		{ "http://a..example/", "refused: host" },
		{ "http://example.123/", "refused: host" },
		{ "http://b\xc3\xbc" "cher.example/", "refused" },
		{ "http://%65xample.com/", "refused: percent-escapes" },
		{ "http://[fe80::1%25eth0]/", "refused" },
		{ "http://127.0.0.1/", "blocked: 127.0.0.1 is a loopback address (see --webhook-allow)" },
		{ "http://127.1:8080/", "blocked: 127.0.0.1 is a loopback address" },
		{ "http://0x7f000001/", "blocked: 127.0.0.1 is a loopback address" },
		{ "http://2130706433/", "blocked: 127.0.0.1 is a loopback address" },
		{ "https://[::1]:443/", "blocked: ::1 is a loopback address" },
		{ "http://[::ffff:7f00:1]/", "blocked: ::ffff:127.0.0.1 is an IPv4-mapped address" },
		{ "http://169.254.169.254/latest", "blocked: 169.254.169.254 is a link-local address" },
	};
	char why[512];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(webhook_url_check(cases[i][0], why, sizeof(why)), -1);
		if (strncmp(why, cases[i][1], strlen(cases[i][1])))
			fail_msg("%s: '%s', want '%s...'", cases[i][0], why, cases[i][1]);
	}
	char longname[300];
	memset(longname, 'a', sizeof(longname));
	memcpy(longname, "http://", 7);
	for (size_t i = 20; i < 290; i += 20)
		longname[i] = '.';
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(webhook_url_check(longname, why, sizeof(why)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocked_by_default),
		cmocka_unit_test(allow_list),
		cmocka_unit_test(reasons),
		cmocka_unit_test(url_accepted),
		cmocka_unit_test(url_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
