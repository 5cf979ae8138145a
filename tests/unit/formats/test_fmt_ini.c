#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_roundtrip(void **state)
{
	fx_roundtrip(&fmt_ini, "ini/en-GB.com_demo.ini", NULL);
	fx_roundtrip(&fmt_ini, "ini/app.ini", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_ini, "ini/en-GB.com_demo.ini", NULL);
	assert_int_equal(doc.n_units, 5);
	assert_string_equal(doc.units[0].key, "COM_DEMO");
	assert_null(doc.units[0].comment);	/* the file header is detached by a blank line */
	assert_string_equal(doc.units[1].comment, "Shown in the toolbar");
	assert_string_equal(doc.units[2].source, "Are you sure you want to delete \"%s\"?");
	assert_string_equal(doc.units[4].source, "Use \"quotes\" like this");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_ini, "ini/app.ini", NULL);
	const char *keys[] = { "title", "version", "menu.file", "menu.quit", "dialog.confirm" };
	assert_int_equal(doc.n_units, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(doc.units[i].key, keys[i]);
	assert_string_equal(doc.units[0].comment, "Desktop application strings");
	assert_string_equal(doc.units[2].comment, "File menu entry");
	assert_string_equal(doc.units[3].source, "Quit");
	assert_string_equal(doc.units[4].source, "Really quit?");
	fmt_doc_free(&doc);
}

static void test_translate(void **state)
{
	fx_translate(&fmt_ini, "ini/en-GB.com_demo.ini", NULL, "ini/en-GB.com_demo.ru.tr", &lang_ru,
		     false, "ini/en-GB.com_demo.ru.expected");
	fx_translate(&fmt_ini, "ini/app.ini", NULL, "ini/app.de.tr", &lang_de, true,
		     "ini/app.de-skip.expected");
}

static void test_bad_input(void **state)
{
	const struct fmt_format *f = &fmt_ini;
	fx_bad_str(f, "a = 1\nb = \"open\n", "line 2");		/* truncated */
	fx_bad_str(f, "a = 1\n[sec\n", "line 2");
	fx_bad_str(f, "a = 1\njust text\n", "line 2");
	fx_bad_str(f, "a = 1\n= x\n", "line 2");
	fx_bad_str(f, "a = 1\nb = \xC3\x28\n", "line 2");		/* invalid UTF-8 */
	fx_bad(f, "a\0=\0" "1\0", 6, NULL, "NUL");			/* UTF-16 */
	fx_huge_line(f, "k = ", 'v', "\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
