#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_round_trip(void **state)
{
	fx_roundtrip(&fmt_qtts, "qtts/notely_en.ts", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	doc = fx_parse(&fmt_qtts, "qtts/notely_en.ts", NULL);
	assert_int_equal(doc.n_units, 6);
	fx_check_unit(&doc, "MainWindow\004Notely", "Notely", NULL, 0);
	fx_check_unit(&doc, "MainWindow\004&Open...\004menu", "&Open...", "menu", 0);
	fx_check_unit(&doc, "MainWindow\004&Open...\004toolbar", "&Open...",
		      "Button on the main toolbar", 0);
	fx_check_unit(&doc, "MainWindow\004%n note(s) deleted", "%n note(s) deleted", NULL, UNIT_PLURAL);
	fx_check_unit(&doc, "SettingsDialog\004Use <b>dark</b> theme", "Use <b>dark</b> theme", NULL, 0);
	assert_string_equal(doc.units[5].context, "SettingsDialog");
	fmt_doc_free(&doc);
}

static const struct fx_tr rows[] = {
	{ "MainWindow\004&Open...\004menu", "&Открыть...", { 0 } },
	{ "MainWindow\004%n note(s) deleted", NULL, { [PLURAL_ONE] = "Удалена %n заметка",
		[PLURAL_FEW] = "Удалены %n заметки", [PLURAL_MANY] = "Удалено %n заметок",
		[PLURAL_OTHER] = "Удалено %n заметки" } },
	{ "SettingsDialog\004Use <b>dark</b> theme", "Тёмная <b>тема</b>", { 0 } },
	{ "SettingsDialog\004Language:", "Язык:", { 0 } },
	{ NULL, NULL, { 0 } },
};

static void test_translated(void **state)
{
	struct fmt_doc doc, back;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_qtts, "qtts/notely_en.ts", NULL);
	fx_write_tr(&doc, &lang_ru, rows, false, &out);
	fx_xml_well_formed(&out);
	fx_expect(&out, "qtts/notely_ru.ts.expected");
	assert_int_equal(fmt_parse(&fmt_qtts, out.data, out.len, NULL, &back, &err), 0);
	assert_int_equal(back.n_units, 6);
	fmt_doc_free(&back);
	buf_release(&out);
	fx_write_tr(&doc, &lang_ru, rows, true, &out);
	fx_xml_well_formed(&out);
	fx_expect(&out, "qtts/notely_ru-skip.ts.expected");
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_bad_input(void **state)
{
	fx_bad_common(&fmt_qtts, "qtts/notely_en.ts", "<TS><context><name>");
	fx_bad_str(&fmt_qtts, "<TS>\n<context><name>a</name><message></message></context></TS>",
		   "line 2");
	fx_bad_str(&fmt_qtts, "<TS><context>\n<name>a</name></context>", "line");
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
