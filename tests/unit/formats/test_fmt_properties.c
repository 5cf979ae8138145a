#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_roundtrip(void **state)
{
	fx_roundtrip(&fmt_properties, "properties/messages.properties", NULL);
	fx_roundtrip(&fmt_properties, "properties/latin1.properties", NULL);
	fx_roundtrip(&fmt_properties, "properties/crlf.properties", NULL);
	fx_roundtrip(&fmt_properties, "properties/utf8.properties", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_properties, "properties/messages.properties", NULL);
	assert_int_equal(doc.n_units, 15);
	const struct unit *u = fx_unit(&doc, "checkout.title");
	assert_string_equal(u->source, "Checkout");
	assert_string_equal(u->comment, "Page titles");
	assert_null(fx_unit(&doc, "checkout.subtitle")->comment);
	u = fx_unit(&doc, "basket.empty");
	assert_string_equal(u->source, "Your basket is empty.");
	assert_string_equal(u->comment, "Shown when the basket is empty");
	assert_string_equal(fx_unit(&doc, "basket.items")->source, "{0} item(s) in your basket");
	assert_string_equal(fx_unit(&doc, "basket.saved")->comment,
			    "MessageFormat: single quotes are doubled");
	assert_string_equal(fx_unit(&doc, "error.payment")->source,
			    "The payment could not be processed. Please check your card details "
			    "and try again.");
	assert_string_equal(fx_unit(&doc, "error.limit")->source, "Max.\tlimit\nreached");
	assert_string_equal(fx_unit(&doc, "label with spaces")->source, "Spaced key");
	assert_string_equal(fx_unit(&doc, "café.label")->source, "Café ☕");
	assert_string_equal(fx_unit(&doc, "emoji")->source, "😀 smile");
	assert_string_equal(fx_unit(&doc, "empty.value")->source, "");
	assert_string_equal(fx_unit(&doc, "indented.key")->source, "value with trailing space  ");
	assert_string_equal(fx_unit(&doc, "path")->source, "C:\\Program Files\\Shop");
	assert_string_equal(fx_unit(&doc, "url")->source, "https://example.com/a=b");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_properties, "properties/latin1.properties", NULL);
	assert_string_equal(doc.units[0].source, "Bonjour à tous");
	assert_string_equal(doc.units[0].comment, "Français");
	assert_string_equal(doc.units[1].source, "À bientôt");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_properties, "properties/utf8.properties", NULL);
	assert_string_equal(doc.units[0].source, "Grüß Gott");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_properties, "properties/crlf.properties", NULL);
	assert_int_equal(doc.n_units, 3);
	assert_string_equal(doc.units[1].source, "Two continued");
	assert_string_equal(doc.units[2].source, "Three");
	fmt_doc_free(&doc);
}

static void test_translate(void **state)
{
	struct fmt_options opt;
	fmt_options_default(&opt);	/* escape_quotes 3 */
	fx_translate(&fmt_properties, "properties/messages.properties", &opt,
		     "properties/messages.ru.tr", &lang_ru, false, "properties/messages.ru.expected");
	fx_translate(&fmt_properties, "properties/messages.properties", &opt,
		     "properties/messages.ru.tr", &lang_ru, true,
		     "properties/messages.ru-skip.expected");
	opt.escape_quotes = 0;
	fx_translate(&fmt_properties, "properties/messages.properties", &opt,
		     "properties/messages.ru.tr", &lang_ru, true, "properties/messages.q0.expected");
	opt.escape_quotes = 1;
	fx_translate(&fmt_properties, "properties/messages.properties", &opt,
		     "properties/messages.ru.tr", &lang_ru, true, "properties/messages.q1.expected");
	opt.escape_quotes = 2;
	fx_translate(&fmt_properties, "properties/messages.properties", &opt,
		     "properties/messages.ru.tr", &lang_ru, true, "properties/messages.q2.expected");
}

static void test_emit(void **state)
{
	struct unit u[2] = {
		{ .key = "greeting key", .source = "Hello", .comment = "Первый" },
		{ .key = "skipped", .source = "x" },
	};
	const struct fmt_translation t0 = { .text = "Привет, {0}! It's me" };
	const struct fmt_translation *tr[2] = { &t0, NULL };
	struct buf out;
	struct fmt_error err;
	buf_init(&out, 0);
	assert_int_equal(fmt_properties_emit(u, tr, 2, &lang_ru, &out, &err), 0);
	assert_string_equal(out.data, "# \\u041F\\u0435\\u0440\\u0432\\u044B\\u0439\n"
			    "greeting\\ key=\\u041F\\u0440\\u0438\\u0432\\u0435\\u0442, {0}! It's me\n");
	buf_release(&out);
}

static void test_bad_input(void **state)
{
	const struct fmt_format *f = &fmt_properties;
	fx_bad_str(f, "a=1\nb=\\u00", "line 2");		/* truncated in an escape */
	fx_bad_str(f, "a=1\nb=2\nc=\\uZZZZ\n", "line 3");	/* malformed escape */
	fx_bad(f, "\xff\xfe" "a\0=\0" "1\0", 8, NULL, "NUL");	/* UTF-16 LE: wrong encoding */
	fx_huge_line(f, "key=", 'x', "\n");

	/* invalid UTF-8 is ISO-8859-1 by definition: read, not rejected */
	struct fmt_doc doc;
	struct fmt_error err;
	assert_int_equal(fmt_parse(f, "k=\xC3\x28", 4, NULL, &doc, &err), 0);
	assert_string_equal(doc.units[0].source, "Ã(");
	fmt_doc_free(&doc);
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
