#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_round_trip(void **state)
{
	fx_roundtrip(&fmt_chrome, "chrome/messages.json", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	doc = fx_parse(&fmt_chrome, "chrome/messages.json", NULL);
	assert_int_equal(doc.n_units, 4);
	fx_check_unit(&doc, "extName", "Tab Organizer",
		      "Name of the extension shown in the Chrome Web Store.", 0);
	fx_check_unit(&doc, "extDescription", "Group, sort and save your open tabs.", NULL, 0);
	fx_check_unit(&doc, "tabsClosed", "Closed $COUNT$ tabs in $WINDOW$",
		      "Notification after closing duplicate tabs.", 0);
	assert_string_equal(doc.units[3].key, "optionsTitle");
	fmt_doc_free(&doc);
}

static const struct fx_tr rows[] = {
	{ "extName", "Органайзер вкладок", { 0 } },
	{ "tabsClosed", "Закрыто $COUNT$ вкладок в \"$WINDOW$\"", { 0 } },
	{ NULL, NULL, { 0 } },
};

static void test_translated(void **state)
{
	struct fmt_doc doc, back;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_chrome, "chrome/messages.json", NULL);
	fx_write_tr(&doc, &lang_ru, rows, false, &out);
	fx_expect(&out, "chrome/messages.ru.json.expected");
	assert_int_equal(fmt_parse(&fmt_chrome, out.data, out.len, NULL, &back, &err), 0);
	fx_check_unit(&back, "tabsClosed", rows[1].text, "Notification after closing duplicate tabs.", 0);
	fmt_doc_free(&back);
	buf_release(&out);
	fx_write_tr(&doc, &lang_ru, rows, true, &out);
	fx_expect(&out, "chrome/messages.ru-skip.json.expected");
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_bad_input(void **state)
{
	fx_bad_common(&fmt_chrome, "chrome/messages.json", "{\"a\": {\"message\": \"");
	fx_bad_str(&fmt_chrome, "[\"not an object\"]", "line 1");
	fx_bad_str(&fmt_chrome, "{\n\"a\": {\"message\": \"x\"},\n\"a\": {}}", "line 3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_translated),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
