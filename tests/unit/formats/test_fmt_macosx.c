#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_roundtrip(void **state)
{
	fx_roundtrip(&fmt_macosx, "macosx/Localizable.strings", NULL);
	fx_roundtrip(&fmt_macosx, "macosx/be.strings", NULL);
	fx_roundtrip(&fmt_macosx, "macosx/InfoPlist.strings", NULL);
	fx_roundtrip(&fmt_macosx, "macosx/escapes.strings", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_macosx, "macosx/Localizable.strings", NULL);
	assert_int_equal(doc.n_units, 7);
	const struct unit *u = fx_unit(&doc, "Cancel");
	assert_string_equal(u->source, "Cancel");
	assert_string_equal(u->comment, "Button title to cancel the current upload");
	assert_null(fx_unit(&doc, "Done")->comment);
	assert_string_equal(fx_unit(&doc, "FILE_PAGES_FORMAT")->source, "“%@” has %d pages");
	assert_string_equal(fx_unit(&doc, "Delete \"%@\"?")->source, "Delete \"%@\"?");
	assert_string_equal(fx_unit(&doc, "HELP_TEXT")->source,
			    "Tap + to add a document.\nSwipe left to delete it.");
	assert_string_equal(fx_unit(&doc, "GREETING")->source, "Hello 👋");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_macosx, "macosx/be.strings", NULL);
	assert_int_equal(doc.n_units, 2);
	assert_string_equal(doc.units[1].key, "Sign Out");
	assert_string_equal(doc.units[1].comment, "Sign out button");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_macosx, "macosx/InfoPlist.strings", NULL);
	assert_int_equal(doc.n_units, 3);
	assert_string_equal(doc.units[0].key, "CFBundleDisplayName");
	assert_null(doc.units[0].comment);	/* header comment is detached by a blank line */
	assert_string_equal(doc.units[1].comment,
			    "Shown in the permission dialog\nwhen the app first asks for photos");
	assert_string_equal(doc.units[2].key, "NSCameraUsageDescription");
	assert_null(doc.units[2].comment);
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_macosx, "macosx/escapes.strings", NULL);
	assert_string_equal(doc.units[0].source, "a\tb");
	assert_string_equal(doc.units[1].source, "café ☕ 😀");
	assert_string_equal(doc.units[2].source, "it's 'quoted' and \\ back");
	assert_string_equal(doc.units[3].source, "line\r\nnext");
	fmt_doc_free(&doc);
}

static void test_translate(void **state)
{
	fx_translate(&fmt_macosx, "macosx/Localizable.strings", NULL, "macosx/Localizable.ru.tr",
		     &lang_ru, false, "macosx/Localizable.ru.expected");
	fx_translate(&fmt_macosx, "macosx/Localizable.strings", NULL, "macosx/Localizable.ru.tr",
		     &lang_ru, true, "macosx/Localizable.ru-skip.expected");
	fx_translate(&fmt_macosx, "macosx/be.strings", NULL, "macosx/be.de.tr",
		     &lang_de, false, "macosx/be.de.expected");
	fx_translate(&fmt_macosx, "macosx/InfoPlist.strings", NULL, "macosx/InfoPlist.de.tr",
		     &lang_de, true, "macosx/InfoPlist.de-skip.expected");

	/* the written file keeps the template's encoding */
	size_t len;
	char *out = fx_read("macosx/Localizable.ru.expected", &len);
	assert_true(len > 2 && (unsigned char)out[0] == 0xFF && (unsigned char)out[1] == 0xFE);
	free(out);
	out = fx_read("macosx/be.de.expected", &len);
	assert_true(len > 2 && (unsigned char)out[0] == 0xFE && (unsigned char)out[1] == 0xFF);
	free(out);
}

static void test_emit(void **state)
{
	struct unit u[2] = {
		{ .key = "Cancel", .source = "Cancel", .comment = "Button" },
		{ .key = "k\"q", .source = "x" },
	};
	const struct fmt_translation t0 = { .text = "Отмена" }, t1 = { .text = "a \"b\"\n" };
	const struct fmt_translation *tr[2] = { &t0, &t1 };
	struct buf out;
	struct fmt_error err;
	buf_init(&out, 0);
	assert_int_equal(fmt_macosx_emit(u, tr, 2, &lang_ru, &out, &err), 0);
	assert_string_equal(out.data, "/* Button */\n\"Cancel\" = \"Отмена\";\n\n"
			    "\"k\\\"q\" = \"a \\\"b\\\"\\n\";\n\n");
	buf_release(&out);
}

static void test_bad_input(void **state)
{
	const struct fmt_format *f = &fmt_macosx;
	fx_bad_str(f, "\"a\" = \"1\";\n\"b\" = \"2", "line 2");		/* truncated */
	fx_bad_str(f, "\"a\" = \"1\";\n\"b\" = \"2\"\n", "line 3");	/* no ';' */
	fx_bad_str(f, "\"a\" = \"1\";\n/* open comment\n", "line 2");
	fx_bad_str(f, "\"a\" = \"1\";\n\"b\" : \"2\";\n", "line 2");
	fx_bad_str(f, "\"a\" = \"\\U12\";", "line 1");
	fx_bad_str(f, "\"a\" = \"1\";\n\"b\" = \"\xC3\x28\";\n", "line 2");	/* invalid UTF-8 */
	fx_bad(f, "\xFF\xFE\"\0a\0\"", 7, NULL, "odd length");		/* truncated UTF-16 */
	fx_bad(f, "\xFF\xFE\"\0\x00\xD8\"\0", 8, NULL, "surrogate");	/* bad UTF-16 */
	fx_bad_str(f, "\"a\" = \"caf\xE9\";\n", "line 1");	/* Latin-1: wrong encoding */
	fx_huge_line(f, "\"key\" = \"", 'v', "\";\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
