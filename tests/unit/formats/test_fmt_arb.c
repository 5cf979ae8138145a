#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_round_trip(void **state)
{
	fx_roundtrip(&fmt_arb, "arb/app_en.arb", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	doc = fx_parse(&fmt_arb, "arb/app_en.arb", NULL);
	assert_int_equal(doc.n_units, 5);
	fx_check_unit(&doc, "appTitle", "Shopping List", "The title of the application", 0);
	fx_check_unit(&doc, "itemCount", "{count} items", "Number of items in the list", UNIT_PLURAL);
	fx_check_plural(&doc, "itemCount", PLURAL_ZERO, "No items");
	fx_check_plural(&doc, "itemCount", PLURAL_ONE, "1 item");
	fx_check_unit(&doc, "hello", "Hello {userName}", "A greeting", 0);
	fx_check_unit(&doc, "gender", "{sex, select, male{He} female{She} other{They}}", NULL, 0);
	fx_check_unit(&doc, "addItem", "Add item", NULL, 0);
	fmt_doc_free(&doc);
}

/* "@key" metadata pairs with its message wherever it stands. */
static void test_meta_pairing(void **state)
{
	static const char text[] =
		"{\"@b\": {\"description\": \"B first\"}, \"a\": \"A\", \"b\": \"B\",\n"
		" \"@a\": {\"description\": \"A after\"}, \"@nobody\": {\"description\": \"x\"},\n"
		" \"c\\u0041\": \"CA\", \"@cA\": {\"description\": \"escaped key\"},\n"
		" \"@\": {\"description\": \"empty key\"}, \"\": \"E\", \"d\": \"D\"}";
	struct fmt_doc doc;
	struct fmt_error err;
	assert_int_equal(fmt_parse(&fmt_arb, text, strlen(text), NULL, &doc, &err), 0);
	assert_int_equal(doc.n_units, 5);
	fx_check_unit(&doc, "a", "A", "A after", 0);
	fx_check_unit(&doc, "b", "B", "B first", 0);
	fx_check_unit(&doc, "cA", "CA", "escaped key", 0);
	fx_check_unit(&doc, "", "E", "empty key", 0);
	fx_check_unit(&doc, "d", "D", NULL, 0);
	fmt_doc_free(&doc);
}

static const struct fx_tr rows[] = {
	{ "appTitle", "Список покупок", { 0 } },
	{ "itemCount", NULL, { [PLURAL_ZERO] = "Нет товаров", [PLURAL_ONE] = "{count} товар",
			       [PLURAL_FEW] = "{count} товара", [PLURAL_MANY] = "{count} товаров",
			       [PLURAL_OTHER] = "{count} товара" } },
	{ "hello", "Привет, {userName}", { 0 } },
	{ NULL, NULL, { 0 } },
};

static void test_translated(void **state)
{
	struct fmt_doc doc, back;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_arb, "arb/app_en.arb", NULL);
	fx_write_tr(&doc, &lang_ru, rows, false, &out);
	fx_expect(&out, "arb/app_ru.arb.expected");
	assert_int_equal(fmt_parse(&fmt_arb, out.data, out.len, NULL, &back, &err), 0);
	fx_check_plural(&back, "itemCount", PLURAL_MANY, "{count} товаров");
	fx_check_plural(&back, "itemCount", PLURAL_ZERO, "Нет товаров");
	fx_check_unit(&back, "hello", "Привет, {userName}", "A greeting", 0);
	fmt_doc_free(&back);
	buf_release(&out);
	fx_write_tr(&doc, &lang_de, rows, true, &out);
	fx_expect(&out, "arb/app_de-skip.arb.expected");
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_emit(void **state)
{
	struct fmt_doc doc;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_arb, "arb/app_en.arb", NULL);
	struct fx_tr_ctx c = { &doc, rows, { 0 } };
	const struct fmt_translation **tr = calloc(doc.n_units, sizeof(*tr));
	struct fmt_translation *t = calloc(doc.n_units, sizeof(*t));
	for (size_t i = 0; i < doc.n_units; i++) {
		const struct fmt_translation *x = fx_tr_lookup(&c, i);
		if (x) {
			t[i] = *x;
			tr[i] = &t[i];
		}
	}
	buf_init(&out, 0);
	assert_int_equal(lone_export_format_find("arb")->emit(doc.units, tr, doc.n_units, &lang_ru,
							       &out, &err), 0);
	fx_expect(&out, "arb/app_ru.emit.arb.expected");
	free(tr);
	free(t);
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_bad_input(void **state)
{
	fx_bad_common(&fmt_arb, "arb/app_en.arb", "{\"a\": \"");
	fx_bad_str(&fmt_arb, "\"string\"", "line 1");
	fx_bad_str(&fmt_arb, "{\n\"a\": \"x\"\n\"b\": \"y\"}", "line 3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_meta_pairing),
		cmocka_unit_test(test_translated),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
