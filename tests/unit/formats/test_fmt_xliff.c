#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test.h"
#include "formats/formats_list.h"

#define SB "Notely/Base.lproj/Main.storyboard\004"
#define LS "Notely/en.lproj/Localizable.strings\004"

static void test_round_trip(void **state)
{
	fx_roundtrip(&fmt_xliff, "xliff/xcode-de.xliff", NULL);
	fx_roundtrip(&fmt_xliff, "xliff/app-2.0.xlf", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	doc = fx_parse(&fmt_xliff, "xliff/xcode-de.xliff", NULL);
	assert_int_equal(doc.n_units, 6);
	fx_check_unit(&doc, SB "BYZ-38-t0r.title", "Notes",
		      "Class = \"UIViewController\"; title = \"Notes\"; ObjectID = \"BYZ-38-t0r\";", 0);
	fx_check_unit(&doc, SB "Xq2-aB-9cd.normalTitle", "Add & Save",
		      "Class = \"UIButton\"; normalTitle = \"Add & Save\"; ObjectID = \"Xq2-aB-9cd\";", 0);
	fx_check_unit(&doc, LS "Delete <%@>?", "Delete <%@>?", "Confirmation title", 0);
	fx_check_unit(&doc, LS "settings.sync", "Sync with <g id=\"1\">iCloud</g>", NULL, 0);
	fx_check_unit(&doc, LS "internal", "DEBUG_MENU", NULL, UNIT_HIDDEN);
	assert_string_equal(doc.units[0].context, "Notely/Base.lproj/Main.storyboard");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_xliff, "xliff/app-2.0.xlf", NULL);
	assert_int_equal(doc.n_units, 4);
	fx_check_unit(&doc, "welcome", "Welcome to <pc id=\"1\">Notely</pc>!", "Shown on the start page", 0);
	fx_check_unit(&doc, "two-sentences#s1", "First sentence.", NULL, 0);
	fx_check_unit(&doc, "two-sentences#s2", "Second sentence.", NULL, 0);
	fx_check_unit(&doc, "error.network", "Network error: <ph id=\"1\" disp=\"{code}\"/>", NULL, 0);
	assert_null(doc.units[0].context);
	fmt_doc_free(&doc);
}

static const struct fx_tr rows[] = {
	{ SB "BYZ-38-t0r.title", "Notizen", { 0 } },
	{ SB "Xq2-aB-9cd.normalTitle", "Hinzufügen & Sichern", { 0 } },
	{ LS "Delete <%@>?", "<%@> löschen?", { 0 } },
	{ LS "settings.sync", "Mit <g id=\"1\">iCloud</g> synchronisieren", { 0 } },
	{ "welcome", "Willkommen bei <pc id=\"1\">Notely</pc>!", { 0 } },
	{ "two-sentences#s2", "Zweiter Satz!", { 0 } },
	{ "error.network", "Netzwerkfehler \x01: <ph id=\"1\" disp=\"{code}\"/>", { 0 } },
	{ NULL, NULL, { 0 } },
};

static void translated(const char *fixture, bool skip, const char *expected)
{
	struct fmt_doc doc, back;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_xliff, fixture, NULL);
	fx_write_tr(&doc, &lang_de, rows, skip, &out);
	fx_xml_well_formed(&out);
	fx_expect(&out, expected);
	assert_int_equal(fmt_parse(&fmt_xliff, out.data, out.len, NULL, &back, &err), 0);
	fmt_doc_free(&back);
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_translated(void **state)
{
	translated("xliff/xcode-de.xliff", false, "xliff/xcode-de.xliff.expected");
	translated("xliff/xcode-de.xliff", true, "xliff/xcode-de-skip.xliff.expected");
	translated("xliff/app-2.0.xlf", false, "xliff/app-2.0.de.xlf.expected");
}

static void test_bad_input(void **state)
{
	fx_bad_common(&fmt_xliff, "xliff/xcode-de.xliff",
		      "<xliff version=\"1.2\"><file><body><trans-unit id=\"a\"><source>");
	fx_bad_str(&fmt_xliff, "<xliff version=\"1.2\">\n<file><body><trans-unit>\n"
		   "<source>x</source></trans-unit></body></file></xliff>", "line 2");
	fx_bad_str(&fmt_xliff, "<?xml version=\"1.0\"?>\n<!DOCTYPE x [\n<!ENTITY e SYSTEM "
		   "\"file:///etc/passwd\">\n]>\n<xliff version=\"1.2\"><file><body><trans-unit id=\"a\">"
		   "<source>&e;</source></trans-unit></body></file></xliff>", "line 3");
	fx_bad_str(&fmt_xliff, "<?xml version=\"1.0\"?>\n<!DOCTYPE x [\n<!ENTITY a \"aaaa\">\n"
		   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<xliff version=\"1.2\"/>", "line");
	fx_bad_str(&fmt_xliff, "<xliff version=\"1.2\"><file>\n<body></file></xliff>", "line 2");
	fx_bad_str(&fmt_xliff, "<notxliff/>", "line 1");
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
