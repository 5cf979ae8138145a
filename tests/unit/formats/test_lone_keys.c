/* Key spelling of the localization.one file exports (formats/lone_keys.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "formats/lone_keys.h"

static void spelled(const char *format, const char *key, const char *want)
{
	const struct lone_key_style *st = lone_key_style(format);
	struct buf b;
	buf_init(&b, 0);
	if (st->spell)
		st->spell(key, strlen(key), &b);
	else
		buf_adds(&b, key);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

static void test_android(void **state)
{
	spelled("xml-android", "hello", "hello");
	spelled("xml-android", "Save changes", "Save_changes");
	spelled("xml-android", "a.b-c", "a_b_c");
	spelled("xml-android", "App/Screens/save", "App_Screens_save");
	spelled("xml-android", "1st", "_1st");
	spelled("xml-android", "class", "class_");
	spelled("xml-android", "classes", "classes");
	spelled("xml-android", "caf\xC3\xA9 \xF0\x9F\x98\x80", "caf___");	/* one '_' a character */
	assert_true(lone_key_style("xml-android")->arrays);
}

static void test_arb(void **state)
{
	spelled("arb", "hello", "hello");
	spelled("arb", "button.save", "buttonSave");
	spelled("arb", "Save changes", "saveChanges");
	spelled("arb", "save_button", "save_button");
	spelled("arb", "_private", "private");
	spelled("arb", "@@locale", "locale");
	spelled("arb", "1st", "key1st");
	spelled("arb", "\xD7\xA9\xD7\x9C", "key");			/* nothing ASCII */
	spelled("arb", "class", "class_");
	spelled("arb", "App/a.b#12", "appAB12");
}

static void test_as_is(void **state)
{
	spelled("po", "k\x04" "ey", "k\xE2\x90\x84" "ey");		/* U+2404 */
	spelled("json-clean", "back\\slash a.b", "back\\slash a.b");
	spelled("properties", "a=b", "a=b");
	assert_null(lone_key_style("csv")->spell);
}

static void test_array_name(void **state)
{
	assert_int_equal(lone_key_array_name_len("planets[3]"), 7);
	assert_int_equal(lone_key_array_name_len("planets[]"), 0);
	assert_int_equal(lone_key_array_name_len("[3]"), 0);
	assert_int_equal(lone_key_array_name_len("planets"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_android),
		cmocka_unit_test(test_arb),
		cmocka_unit_test(test_as_is),
		cmocka_unit_test(test_array_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
