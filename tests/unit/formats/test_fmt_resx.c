#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_round_trip(void **state)
{
	fx_roundtrip(&fmt_resx, "resx/Resources.resx", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	doc = fx_parse(&fmt_resx, "resx/Resources.resx", NULL);
	assert_int_equal(doc.n_units, 5);
	fx_check_unit(&doc, "AppTitle", "Notely", "Window caption", 0);
	fx_check_unit(&doc, "SaveButton", "&Save", NULL, 0);
	fx_check_unit(&doc, "Greeting", "Hello, {0}! You have {1} <new> notes.",
		      "{0} = user name, {1} = count", 0);
	fx_check_unit(&doc, "Padded", "  two spaces  ", NULL, 0);
	fx_check_unit(&doc, "Empty", "", NULL, 0);
	fmt_doc_free(&doc);
}

static const struct fx_tr rows[] = {
	{ "AppTitle", "Notely", { 0 } },
	{ "SaveButton", "&Сохранить", { 0 } },
	{ "Greeting", "Привет, {0}! У вас {1} <новых> заметок.", { 0 } },
	{ "Empty", "Пусто", { 0 } },
	{ NULL, NULL, { 0 } },
};

static void test_translated(void **state)
{
	struct fmt_doc doc, back;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_resx, "resx/Resources.resx", NULL);
	fx_write_tr(&doc, &lang_ru, rows, false, &out);
	fx_xml_well_formed(&out);
	fx_expect(&out, "resx/Resources.ru.resx.expected");
	assert_int_equal(fmt_parse(&fmt_resx, out.data, out.len, NULL, &back, &err), 0);
	fx_check_unit(&back, "Greeting", rows[2].text, "{0} = user name, {1} = count", 0);
	fx_check_unit(&back, "Empty", "Пусто", NULL, 0);
	fmt_doc_free(&back);
	buf_release(&out);
	fx_write_tr(&doc, &lang_ru, rows, true, &out);
	fx_xml_well_formed(&out);
	fx_expect(&out, "resx/Resources.ru-skip.resx.expected");
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_bad_input(void **state)
{
	fx_bad_common(&fmt_resx, "resx/Resources.resx", "<root><data name=\"a\"><value>");
	fx_bad_str(&fmt_resx, "<root>\n<data name=\"a\"></data></root>", "line 2");
	fx_bad_str(&fmt_resx, "<?xml version=\"1.0\"?>\n<!DOCTYPE root [\n<!ENTITY x SYSTEM "
		   "\"file:///etc/passwd\">]>\n<root><data name=\"a\"><value>&x;</value></data></root>",
		   "line 3");
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
