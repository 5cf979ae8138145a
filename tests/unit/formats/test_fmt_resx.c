#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test_xml.h"
#include "formats/formats_list.h"

static void test_round_trip(void **state)
{
	round_trip(&fmt_resx, "resx/Resources.resx");
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	parse_ok(&fmt_resx, "resx/Resources.resx", &doc);
	assert_int_equal(doc.n_units, 5);
	check_unit(&doc, "AppTitle", "Notely", "Window caption", 0);
	check_unit(&doc, "SaveButton", "&Save", NULL, 0);
	check_unit(&doc, "Greeting", "Hello, {0}! You have {1} <new> notes.",
		   "{0} = user name, {1} = count", 0);
	check_unit(&doc, "Padded", "  two spaces  ", NULL, 0);
	check_unit(&doc, "Empty", "", NULL, 0);
	fmt_doc_free(&doc);
}

static const struct tr_row rows[] = {
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
	parse_ok(&fmt_resx, "resx/Resources.resx", &doc);
	write_doc(&doc, &lang_ru, rows, false, &out);
	xml_well_formed(&out);
	expect_fixture(&out, "resx/Resources.ru.resx.expected");
	assert_int_equal(fmt_parse(&fmt_resx, out.data, out.len, NULL, &back, &err), 0);
	check_unit(&back, "Greeting", rows[2].text, "{0} = user name, {1} = count", 0);
	check_unit(&back, "Empty", "Пусто", NULL, 0);
	fmt_doc_free(&back);
	buf_release(&out);
	write_doc(&doc, &lang_ru, rows, true, &out);
	xml_well_formed(&out);
	expect_fixture(&out, "resx/Resources.ru-skip.resx.expected");
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_bad_input(void **state)
{
	common_bad_input(&fmt_resx, "resx/Resources.resx", "<root><data name=\"a\"><value>");
	parse_fails_s(&fmt_resx, "<root>\n<data name=\"a\"></data></root>", "line 2");
	parse_fails_s(&fmt_resx, "<?xml version=\"1.0\"?>\n<!DOCTYPE root [\n<!ENTITY x SYSTEM "
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
