#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_roundtrip(void **state)
{
	fx_roundtrip(&fmt_php, "php/validation.php", NULL);
	fx_roundtrip(&fmt_php, "php/messages.php", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_php, "php/validation.php", NULL);
	const char *keys[] = {
		"accepted", "active_url", "after", "between.array", "between.numeric", "confirmed",
		"custom.attribute-name.rule-name", "tabbed", "days.0", "days.1",
	};
	assert_int_equal(doc.n_units, sizeof(keys) / sizeof(keys[0]));
	for (size_t i = 0; i < doc.n_units; i++)
		assert_string_equal(doc.units[i].key, keys[i]);
	assert_string_equal(doc.units[0].comment,
			    "|--------------------------------------------------------------------------\n"
			    "    | Validation Language Lines\n"
			    "    |--------------------------------------------------------------------------");
	assert_null(doc.units[1].comment);
	assert_string_equal(doc.units[2].comment, "Shown when a date is too early");
	assert_string_equal(fx_unit(&doc, "confirmed")->source,
			    "The :attribute field confirmation doesn't match.");
	assert_string_equal(fx_unit(&doc, "tabbed")->source, "Tab\there and a $dollar");
	assert_string_equal(fx_unit(&doc, "days.1")->source, "Tuesday");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_php, "php/messages.php", NULL);
	assert_int_equal(doc.n_units, 4);
	assert_string_equal(doc.units[1].source, "Goodbye, \"friend\"");
	assert_string_equal(doc.units[3].key, "nested.two");
	fmt_doc_free(&doc);
}

static void test_translate(void **state)
{
	fx_translate(&fmt_php, "php/validation.php", NULL, "php/validation.ru.tr", &lang_ru, false,
		     "php/validation.ru.expected");
	fx_translate(&fmt_php, "php/validation.php", NULL, "php/validation.ru.tr", &lang_ru, true,
		     "php/validation.ru-skip.expected");
	fx_translate(&fmt_php, "php/messages.php", NULL, "php/messages.de.tr", &lang_de, true,
		     "php/messages.de-skip.expected");
}

static void test_emit(void **state)
{
	struct unit u[2] = { { .key = "a.b", .source = "x", .comment = "note" }, { .key = "c" } };
	const struct fmt_translation t0 = { .text = "it's \\ ok" };
	const struct fmt_translation *tr[2] = { &t0, NULL };
	struct buf out;
	struct fmt_error err;
	buf_init(&out, 0);
	assert_int_equal(fmt_php_emit(u, tr, 2, &lang_de, &out, &err), 0);
	assert_string_equal(out.data, "<?php\n\nreturn [\n    /* note */\n"
			    "    'a.b' => 'it\\'s \\\\ ok',\n];\n");
	buf_release(&out);
}

static void test_bad_input(void **state)
{
	const struct fmt_format *f = &fmt_php;
	fx_bad_str(f, "<?php\nreturn [\n  'a' => 'b',\n  'c' => 'd", "line 4");	/* truncated */
	fx_bad_str(f, "<?php\nreturn [\n  'a' => 'b',\n]\n", "truncated");
	fx_bad_str(f, "<?php\nreturn [\n  'a' => 'b'\n  'c' => 'd'];", "line 4");
	fx_bad_str(f, "<?php\nreturn [\n  'a' => '\xC3\x28'];", "line 3");	/* invalid UTF-8 */
	fx_bad_str(f, "<?php\nreturn [\n  'a' => \"\\xC3\"];", "line 3");
	fx_bad_str(f, "hello", "<?php");
	fx_bad(f, "<\0?\0p\0", 6, NULL, "NUL");				/* UTF-16 */
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, "<?php return ");
	for (int i = 0; i < 500; i++)
		buf_addc(&b, '[');
	fx_bad(f, b.data, b.len, NULL, "deep");
	buf_release(&b);
	fx_huge_line(f, "<?php return ['k' => '", 'v', "'];\n");
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
