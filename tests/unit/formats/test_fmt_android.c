#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_round_trip(void **state)
{
	fx_roundtrip(&fmt_android, "android/strings.xml", NULL);
	fx_roundtrip(&fmt_android, "android/simple.xml", NULL);
	fx_roundtrip(&fmt_android, "android/crlf.xml", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	doc = fx_parse(&fmt_android, "android/strings.xml", NULL);
	assert_int_equal(doc.n_units, 20);
	fx_check_unit(&doc, "app_name", "Notely", "Application name shown in the launcher",
		      UNIT_HIDDEN);
	fx_check_unit(&doc, "title_activity_main", "Notes", NULL, 0);
	fx_check_unit(&doc, "welcome", "Welcome to Notely!", "Greeting on the home screen.", 0);
	fx_check_unit(&doc, "greeting",
		      "Hello, <xliff:g id=\"user_name\" example=\"Bob\">%1$s</xliff:g>!", NULL, 0);
	fx_check_unit(&doc, "dont_save", "Don't save", NULL, 0);
	fx_check_unit(&doc, "quoted", "  Leading and trailing spaces  ", NULL, 0);
	fx_check_unit(&doc, "escapes",
		      "Line one\nLine two\tTabbed \"quoted\" \\ backslash \xc3\xa9", NULL, 0);
	fx_check_unit(&doc, "at_sign", "@username", NULL, 0);
	fx_check_unit(&doc, "question", "?mark", NULL, 0);
	fx_check_unit(&doc, "html_bold",
		      "This is <b>bold</b> and <i>italic</i> and <u>underlined</u>", NULL, 0);
	fx_check_unit(&doc, "cdata_html", "<a href=\"https://example.com\">Visit us</a> & more",
		      NULL, 0);
	fx_check_unit(&doc, "amp", "Terms & Conditions <3 \xc2\xa9", NULL, 0);
	fx_check_unit(&doc, "wrapped", "This text spans several lines", NULL, 0);
	fx_check_unit(&doc, "notes_count", "%d notes", "Number of notes in the list", UNIT_PLURAL);
	fx_check_plural(&doc, "notes_count", PLURAL_ONE, "%d note");
	fx_check_plural(&doc, "notes_count", PLURAL_OTHER, "%d notes");
	fx_check_unit(&doc, "sort_options[0]", "By date", NULL, 0);
	fx_check_unit(&doc, "sort_options[2]", "By color", NULL, 0);
	fx_check_unit(&doc, "internal_ids[1]", "id_title", NULL, UNIT_HIDDEN);
	fx_check_unit(&doc, "empty", "", NULL, 0);
	/* document order */
	assert_string_equal(doc.units[0].key, "app_name");
	assert_string_equal(doc.units[19].key, "empty");
	fmt_doc_free(&doc);
}

static const struct fx_tr ru_rows[] = {
	{ "title_activity_main", "Заметки", { 0 } },
	{ "welcome", "Добро пожаловать в Notely!", { 0 } },
	{ "greeting", "Привет, <xliff:g id=\"user_name\" example=\"Bob\">%1$s</xliff:g>!", { 0 } },
	{ "dont_save", "Не сохранять \"это\" 'сейчас' @ \\", { 0 } },
	{ "quoted", "  Пробелы  ", { 0 } },
	{ "escapes", "Строка\nвторая\tстрока", { 0 } },
	{ "at_sign", "@имя", { 0 } },
	{ "html_bold", "Это <b>жирный</b> & <i>курсив", { 0 } },
	{ "cdata_html", "<a href=\"https://example.com\">Посетите нас</a> & ещё ]]> конец", { 0 } },
	{ "notes_count", NULL, { [PLURAL_ONE] = "%d заметка", [PLURAL_FEW] = "%d заметки",
				 [PLURAL_MANY] = "%d заметок", [PLURAL_OTHER] = "%d заметки" } },
	{ "sort_options[0]", "По дате", { 0 } },
	{ "sort_options[1]", "По названию", { 0 } },
	{ "empty", "Ctrl\x01" "char", { 0 } },
	{ NULL, NULL, { 0 } },
};

static void translated(const char *fixture, const struct fmt_lang *lang, bool skip,
		       const char *expected)
{
	struct fmt_doc doc;
	struct buf out;
	doc = fx_parse(&fmt_android, fixture, NULL);
	fx_write_tr(&doc, lang, ru_rows, skip, &out);
	fx_xml_well_formed(&out);
	fx_expect(&out, expected);

	/* the written file reads back as the translations */
	struct fmt_doc back;
	struct fmt_error err;
	assert_int_equal(fmt_parse(&fmt_android, out.data, out.len, NULL, &back, &err), 0);
	for (const struct fx_tr *r = ru_rows; r->key; r++) {
		if (!r->text || strcmp(r->key, "html_bold") == 0 || strcmp(r->key, "empty") == 0)
			continue;
		fx_check_unit(&back, r->key, r->text, fx_unit(&back, r->key)->comment,
			      fx_unit(&back, r->key)->flags);
	}
	fx_check_unit(&back, "empty", "Ctrlchar", NULL, 0);
	fx_check_unit(&back, "html_bold", "Это <b>жирный</b> & <i>курсив", NULL, 0);
	if (lang == &lang_ru) {
		fx_check_plural(&back, "notes_count", PLURAL_FEW, "%d заметки");
		fx_check_plural(&back, "notes_count", PLURAL_MANY, "%d заметок");
	}
	fmt_doc_free(&back);
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_translated_ru(void **state)
{
	translated("android/strings.xml", &lang_ru, false, "android/strings.ru.xml.expected");
}

static void test_translated_skip(void **state)
{
	/* German: two plural forms; untranslated entries and hidden ones left out */
	translated("android/strings.xml", &lang_de, true, "android/strings.de-skip.xml.expected");
}

static void test_plurals_fewer_forms(void **state)
{
	struct fmt_doc doc;
	struct buf out;
	doc = fx_parse(&fmt_android, "android/crlf.xml", NULL);
	fx_write_tr(&doc, &lang_ja, (const struct fx_tr[]){ { "files", NULL,
		{ [PLURAL_OTHER] = "%d ファイル" } }, { NULL, NULL, { 0 } } }, false, &out);
	fx_xml_well_formed(&out);
	assert_non_null(strstr(out.data,
		"<plurals name=\"files\"><item quantity=\"other\">%d ファイル</item></plurals>\r\n"));
	assert_null(strstr(out.data, "quantity=\"one\""));
	buf_release(&out);
	fmt_doc_free(&doc);
}

/* A file declared US-ASCII is declared UTF-8 once a translation needs it. */
static void test_ascii_declaration(void **state)
{
	static const char text[] = "<?xml version='1.0' encoding='us-ascii'?>\n"
				   "<resources><string name=\"a\">A &#233;</string></resources>\n";
	struct fmt_doc doc, again;
	struct fmt_error err;
	struct buf out;
	assert_int_equal(fmt_parse(&fmt_android, text, strlen(text), NULL, &doc, &err), 0);
	fx_write_tr(&doc, &lang_ru, NULL, false, &out);
	fx_assert_same("identity", text, strlen(text), out.data, out.len);
	buf_release(&out);
	fx_write_tr(&doc, &lang_ru, (const struct fx_tr[]){ { "a", "Б", { 0 } },
		{ NULL, NULL, { 0 } } }, false, &out);
	assert_string_equal(out.data, "<?xml version='1.0' encoding='UTF-8'?>\n"
				      "<resources><string name=\"a\">Б</string></resources>\n");
	assert_int_equal(fmt_parse(&fmt_android, out.data, out.len, NULL, &again, &err), 0);
	assert_string_equal(again.units[0].source, "Б");
	fmt_doc_free(&again);
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_emit(void **state)
{
	struct fmt_doc doc;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_android, "android/strings.xml", NULL);
	struct fx_tr_ctx c = { &doc, NULL, { 0 } };
	const struct fmt_translation **tr = calloc(doc.n_units, sizeof(*tr));
	struct fmt_translation *t = calloc(doc.n_units, sizeof(*t));
	for (size_t i = 0; i < doc.n_units; i++)
		if (!(doc.units[i].flags & UNIT_HIDDEN)) {
			t[i] = *fx_tr_lookup(&c, i);
			tr[i] = &t[i];
		}
	buf_init(&out, 0);
	assert_int_equal(lone_export_format_find("xml-android")->emit(doc.units, tr, doc.n_units,
								      &lang_en, &out, &err), 0);
	fx_xml_well_formed(&out);
	fx_expect(&out, "android/strings.emit.xml.expected");
	/* the emitted file reads back as the same units */
	struct fmt_doc back;
	assert_int_equal(fmt_parse(&fmt_android, out.data, out.len, NULL, &back, &err), 0);
	for (size_t i = 0; i < doc.n_units; i++)
		if (!(doc.units[i].flags & UNIT_HIDDEN))
			fx_check_unit(&back, doc.units[i].key, doc.units[i].source,
				      doc.units[i].comment, doc.units[i].flags);
	fmt_doc_free(&back);
	free(tr);
	free(t);
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_bad_input(void **state)
{
	fx_bad_common(&fmt_android, "android/strings.xml", "<resources><string name=\"a\">");
	fx_bad_str(&fmt_android, "<resources>\n<string name=\"a\">x</strin>\n</resources>",
		   "line 2");
	fx_bad_str(&fmt_android,
		   "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n"
		   "<resources><string name=\"a\">&x;</string></resources>", "line");
	fx_bad_str(&fmt_android,
		   "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
		   " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		   " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		   " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		   " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		   " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		   " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		   " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		   " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		   " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		   "]>\n<resources><string name=\"a\">&lol9;</string></resources>", "line");
	fx_bad_str(&fmt_android, "<resources>\n<plurals name=\"p\"><item quantity=\"one\">x</item></plurals></resources>",
		   "line 2");
	fx_bad_str(&fmt_android, "<?xml version=\"1.0\" encoding=\"UTF-16\"?><resources/>", NULL);
	/* found by fuzzing: libxml2 would decode UTF-7 while writers copy raw bytes */
	fx_bad_str(&fmt_android, "<?xml version=\"1.0\" encoding=\"utf-7\"?>\n<resources/>",
		   "line 1");
	fx_bad(&fmt_android, "<resources>\n<string name=\"a\">\0</string></resources>", 40,
	       NULL, "line 2");
	fx_bad(&fmt_android, "", 0, NULL, NULL);
	fx_bad_str(&fmt_android, "<resources>\n<string>no name</string></resources>", "line 2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_translated_ru),
		cmocka_unit_test(test_translated_skip),
		cmocka_unit_test(test_plurals_fewer_forms),
		cmocka_unit_test(test_ascii_declaration),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
