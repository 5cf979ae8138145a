/*
 * password (src/core/password.h): argon2id hashes that verify, wrong
 * passwords and missing hashes that do not, old parameters that ask for a
 * new hash, and the rules a new password must meet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "core/password.h"

static void hash_and_verify(void **state)
{
	char h[PASSWORD_HASH_BYTES];
	const char *pw = "correct horse battery";
	assert_int_equal(password_hash(pw, strlen(pw), h), PW_OK);
	assert_memory_equal(h, "$argon2id$", 10);
	bool rehash = true;
	assert_int_equal(password_verify(h, pw, strlen(pw), &rehash), PW_OK);
	assert_false(rehash);
	assert_int_equal(password_verify(h, "correct horse batterY", strlen(pw), &rehash), PW_MISMATCH);
	/* the length given counts, not a NUL */
	assert_int_equal(password_verify(h, pw, strlen(pw) - 1, &rehash), PW_MISMATCH);
	/* two hashes of one password differ (salt) */
	char h2[PASSWORD_HASH_BYTES];
	assert_int_equal(password_hash(pw, strlen(pw), h2), PW_OK);
	assert_string_not_equal(h, h2);
}

static void no_hash_never_matches(void **state)
{
	bool rehash;
	assert_int_equal(password_verify(NULL, "", 0, &rehash), PW_MISMATCH);
	assert_int_equal(password_verify("", "x", 1, &rehash), PW_MISMATCH);
	assert_int_equal(password_verify("$argon2id$garbage", "x", 1, &rehash), PW_MISMATCH);
	assert_false(rehash);
}

static void old_parameters_ask_for_a_new_hash(void **state)
{
	char h[crypto_pwhash_STRBYTES];
	const char *pw = "an older password";
	assert_int_equal(password_init(), 0);
	assert_int_equal(crypto_pwhash_str(h, pw, strlen(pw), crypto_pwhash_OPSLIMIT_MIN,
					   crypto_pwhash_MEMLIMIT_MIN), 0);
	bool rehash = false;
	assert_int_equal(password_verify(h, pw, strlen(pw), &rehash), PW_OK);
	assert_true(rehash);
}

static void rules(void **state)
{
	assert_null(password_rule_broken("0123456789", 10));
	assert_non_null(password_rule_broken("012345678", 9));
	/* characters, not bytes: nine e-acutes are 18 bytes and too few */
	assert_non_null(password_rule_broken("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
					     "\xc3\xa9\xc3\xa9", 18));
	assert_null(password_rule_broken("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
					 "\xc3\xa9\xc3\xa9\xc3\xa9", 20));
	assert_non_null(password_rule_broken("0123456789\xff", 11));
	assert_non_null(password_rule_broken("01234\0" "56789", 11));
	static char big[1026];
	memset(big, 'x', sizeof(big));
	assert_null(password_rule_broken(big, 1024));
	assert_non_null(password_rule_broken(big, 1025));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_and_verify),
		cmocka_unit_test(no_hash_never_matches),
		cmocka_unit_test(old_parameters_ask_for_a_new_hash),
		cmocka_unit_test(rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
