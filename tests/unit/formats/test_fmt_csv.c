#include "fmt_test.h"
#include "formats/formats_list.h"

static struct fmt_options opts(const char *scheme, bool header)
{
	struct fmt_options o;
	fmt_options_default(&o);
	o.scheme = scheme;
	o.first_line_contains_header = header;
	return o;
}

static void test_roundtrip(void **state)
{
	struct fmt_options o = opts("identifier,source_phrase,translation,context,max_length", true);
	fx_roundtrip(&fmt_csv, "csv/strings.csv", &o);
	o = opts("identifier,source_or_translation", false);
	fx_roundtrip(&fmt_csv, "csv/sot.csv", &o);
	o = opts("identifier,en,de,ru", true);
	fx_roundtrip(&fmt_csv, "csv/multi.csv", &o);
	fx_roundtrip(&fmt_csv, "csv/strings.csv", NULL);	/* default scheme */
}

static void test_units(void **state)
{
	struct fmt_options o = opts("identifier,source_phrase,translation,context,max_length", true);
	struct fmt_doc doc = fx_parse(&fmt_csv, "csv/strings.csv", &o);
	assert_int_equal(doc.n_units, 5);
	const struct unit *u = fx_unit(&doc, "btn.save");
	assert_string_equal(u->source, "Save");
	assert_null(u->target);
	assert_string_equal(u->comment, "Toolbar button");
	assert_int_equal(u->max_length, 12);
	assert_string_equal(fx_unit(&doc, "btn.cancel")->target, "Abbrechen");
	u = fx_unit(&doc, "msg.confirm");
	assert_string_equal(u->source, "Delete \"%s\"? This cannot be undone.");
	assert_string_equal(u->comment, "Shown in a dialog, red");
	assert_string_equal(fx_unit(&doc, "msg.multi")->source, "First line\r\nSecond line");
	assert_string_equal(fx_unit(&doc, "msg.comma")->source, "Apples, pears");
	fmt_doc_free(&doc);

	o = opts("identifier,source_or_translation", false);
	doc = fx_parse(&fmt_csv, "csv/sot.csv", &o);	/* ';' detected */
	assert_int_equal(doc.n_units, 3);
	assert_string_equal(doc.units[2].source, "See you, \"friend\"");
	fmt_doc_free(&doc);

	/* no identifier column: the source is the key */
	o = opts("none,source_phrase", false);
	doc = fx_parse(&fmt_csv, "csv/sot.csv", &o);
	assert_string_equal(doc.units[1].key, "Log out");
	fmt_doc_free(&doc);

	o = opts("identifier,en,de,ru", true);
	doc = fx_parse(&fmt_csv, "csv/multi.csv", &o);
	assert_int_equal(doc.n_units, 2);
	assert_string_equal(doc.units[0].source, "Hello");
	fmt_doc_free(&doc);
}

static void test_translate(void **state)
{
	struct fmt_options o = opts("identifier,source_phrase,translation,context,max_length", true);
	fx_translate(&fmt_csv, "csv/strings.csv", &o, "csv/strings.ru.tr", &lang_ru, false,
		     "csv/strings.ru.expected");
	fx_translate(&fmt_csv, "csv/strings.csv", &o, "csv/strings.ru.tr", &lang_ru, true,
		     "csv/strings.ru-skip.expected");
	o = opts("identifier,source_or_translation", false);
	fx_translate(&fmt_csv, "csv/sot.csv", &o, "csv/sot.de.tr", &lang_de, false,
		     "csv/sot.de.expected");
	o = opts("identifier,en,de,ru", true);
	fx_translate(&fmt_csv, "csv/multi.csv", &o, "csv/multi.ru.tr", &lang_ru, false,
		     "csv/multi.ru.expected");
}

static void test_emit(void **state)
{
	struct unit u[3] = {
		{ .key = "a", .source = "x" }, { .key = "b", .source = "y" }, { .key = "c" },
	};
	const struct fmt_translation t0 = { .text = "=SUM(A1:A9)" }, t1 = { .text = "say \"hi\", ok" },
		t2 = { .text = "@cmd" };
	const struct fmt_translation *tr[3] = { &t0, &t1, &t2 };
	struct buf out;
	struct fmt_error err;
	buf_init(&out, 0);
	assert_int_equal(fmt_csv_emit(u, tr, 3, &lang_de, &out, &err), 0);
	/* exact (no formula defusing), with a BOM */
	assert_string_equal(out.data, "\xEF\xBB\xBFKey,Translation\r\na,=SUM(A1:A9)\r\n"
			    "b,\"say \"\"hi\"\", ok\"\r\nc,@cmd\r\n");
	buf_release(&out);
}

static void test_bad_input(void **state)
{
	const struct fmt_format *f = &fmt_csv;
	fx_bad_str(f, "a,b,c\nd,\"open,f\n", "line 2");		/* truncated */
	fx_bad_str(f, "a,b,c\nd,e\"x,f\n", "line 2");
	fx_bad_str(f, "a,b,c\nd,\"e\"x,f\n", "line 2");
	fx_bad_str(f, "a,b,c\nd,\xC3\x28,f\n", "line 2");		/* invalid UTF-8 */
	fx_bad(f, "a\0,\0b\0", 6, NULL, "NUL");			/* UTF-16: wrong encoding */
	fx_huge_line(f, "k,", 'v', "\n");
	struct fmt_options o = opts("identifier,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false);
	fx_bad(f, "a,b\n", 4, &o, "scheme");
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
