#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_roundtrip(void **state)
{
	fx_roundtrip(&fmt_yaml, "yaml/en.yml", NULL);
	fx_roundtrip(&fmt_yaml, "yaml/fr.yml", NULL);
	fx_roundtrip(&fmt_yaml, "yaml/bom-crlf.yml", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_yaml, "yaml/en.yml", NULL);
	const char *keys[] = {
		"hello", "app_name", "layouts.application.sign_in", "layouts.application.sign_out",
		"layouts.application.footer", "inbox.unread", "inbox.empty",
		"date.abbr_day_names[0]", "date.abbr_day_names[1]", "date.abbr_day_names[2]",
		"date.order[0]", "date.order[1]", "number.delimiter", "help_html",
		"defaults.title", "post.body", "notice",
	};
	assert_int_equal(doc.n_units, sizeof(keys) / sizeof(keys[0]));
	for (size_t i = 0; i < doc.n_units; i++)
		assert_string_equal(doc.units[i].key, keys[i]);
	const struct unit *u = fx_unit(&doc, "hello");
	assert_string_equal(u->source, "Hello world");
	assert_string_equal(u->comment, "Shown in the navigation bar");
	assert_null(fx_unit(&doc, "app_name")->comment);
	assert_string_equal(fx_unit(&doc, "layouts.application.footer")->source,
			    "© 2024 Tolk Demo, \"all\" rights reserved");
	u = fx_unit(&doc, "inbox.unread");
	assert_int_equal(u->flags, UNIT_PLURAL);
	assert_string_equal(u->comment, "%{count} is the number of unread messages");
	assert_string_equal(u->plural[PLURAL_ONE], "You have 1 unread message");
	assert_string_equal(u->plural[PLURAL_OTHER], "You have %{count} unread messages");
	assert_string_equal(u->source, u->plural[PLURAL_OTHER]);
	assert_string_equal(fx_unit(&doc, "date.order[0]")->source, ":year");
	assert_string_equal(fx_unit(&doc, "help_html")->source,
			    "<p>Need help?</p>\n<p>Write to <a href=\"mailto:help@example.org\">us"
			    "</a>.</p>\n");
	assert_string_equal(fx_unit(&doc, "notice")->source, "It's done");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_yaml, "yaml/fr.yml", NULL);
	assert_int_equal(doc.n_units, 3);
	u = fx_unit(&doc, "errors.messages.too_long");
	assert_string_equal(u->plural[PLURAL_ONE], "est trop long (pas plus d'un caractère)");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_yaml, "yaml/bom-crlf.yml", NULL);
	assert_int_equal(doc.n_units, 2);
	assert_string_equal(doc.units[1].source, "Tschüss");
	fmt_doc_free(&doc);
}

static void test_translate(void **state)
{
	fx_translate(&fmt_yaml, "yaml/en.yml", NULL, "yaml/en.ru.tr", &lang_ru, false,
		     "yaml/en.ru.expected");
	fx_translate(&fmt_yaml, "yaml/en.yml", NULL, "yaml/en.de.tr", &lang_de, true,
		     "yaml/en.de-skip.expected");
	fx_translate(&fmt_yaml, "yaml/bom-crlf.yml", NULL, "yaml/bom-crlf.ja.tr", &lang_ja, false,
		     "yaml/bom-crlf.ja.expected");
}

static void test_bad_input(void **state)
{
	const struct fmt_format *f = &fmt_yaml;
	fx_bad_str(f, "en:\n  a: \"open\n", "line");			/* truncated */
	fx_bad_str(f, "en:\n  a: b\n b: c\n", "line 3");		/* bad indentation */
	fx_bad_str(f, "en:\n  a: \"\xC3\x28\"\n", "line 2");		/* invalid UTF-8 */
	fx_bad(f, "\xFF\xFE" "e\0n\0:\0", 8, NULL, "line 1");		/* UTF-16: wrong encoding */
	/* deep nesting is refused, not recursed into */
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, '[');
	fx_bad(f, b.data, b.len, NULL, "nesting");
	buf_release(&b);
	fx_huge_line(f, "en:\n  k: ", 'v', "\n");
	fx_huge_line(f, "", 'v', "");
}

static void test_alias_bomb(void **state)
{
	/* aliases are leaves: a billion-laughs document parses in no time */
	const char *s =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
	struct fmt_doc doc;
	struct fmt_error err;
	assert_int_equal(fmt_parse(&fmt_yaml, s, strlen(s), NULL, &doc, &err), 0);
	assert_int_equal(doc.n_units, 9);
	fmt_doc_free(&doc);
}

/* A value alone on its line stays indented past its key or its item's dash. */
static void test_own_line_values(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "-\n\n>\n", "-\n\n \"x\\ty\"\n" },
		{ "a:\n  -\n    'v'\n", "a:\n  -\n    \"x\\ty\"\n" },
		{ "a:\n- \n\n|\n", "a:\n- \n\n \"x\\ty\"\n" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fmt_doc doc, again;
		struct fmt_error err;
		struct buf out;
		const char *in = cases[i].in;
		if (fmt_parse(&fmt_yaml, in, strlen(in), NULL, &doc, &err))
			fail_msg("%s: %s", in, err.msg);
		assert_int_equal(doc.n_units, 1);
		struct fx_tr rows[] = { { doc.units[0].key, "x\ty", { 0 } }, { NULL, NULL, { 0 } } };
		fx_write_tr(&doc, &lang_de, rows, false, &out);
		assert_string_equal(out.data, cases[i].out);
		assert_int_equal(fmt_parse(&fmt_yaml, out.data, out.len, NULL, &again, &err), 0);
		assert_string_equal(again.units[0].source, "x\ty");
		fmt_doc_free(&again);
		buf_release(&out);
		fmt_doc_free(&doc);
	}
}

/*
 * A plural mapping whose last form is a | block: the block's span ends with
 * its line break, and the forms written for it keep it (fuzz_fmt_yaml found
 * the next key glued to the last form's closing quote).
 */
static void test_plural_ending_in_a_block(void **state)
{
	const char *in = "unread:\n  one: \"1 message\"\n  other: |\n    <p>%{count} messages</p>\n"
			 "after: kept\n";
	struct fmt_doc doc, again;
	struct fmt_error err;
	struct buf out;
	assert_int_equal(fmt_parse(&fmt_yaml, in, strlen(in), NULL, &doc, &err), 0);
	assert_int_equal(doc.n_units, 2);
	struct fx_tr rows[] = {
		{ "unread", NULL, { [PLURAL_ONE] = "1 soobshchenie", [PLURAL_FEW] = "%{count} soobshcheniya",
				    [PLURAL_MANY] = "%{count} soobshchenii", [PLURAL_OTHER] = "%{count} s." } },
		{ NULL, NULL, { 0 } },
	};
	fx_write_tr(&doc, &lang_ru, rows, false, &out);
	if (fmt_parse(&fmt_yaml, out.data, out.len, NULL, &again, &err))
		fail_msg("the translated file does not parse (%s):\n%s", err.msg, out.data);
	const struct unit *u = fx_unit(&again, "after");
	assert_non_null(u);
	assert_string_equal(u->source, "kept");
	assert_string_equal(fx_unit(&again, "unread")->plural[PLURAL_MANY], "%{count} soobshchenii");
	fmt_doc_free(&again);
	buf_release(&out);
	fmt_doc_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_own_line_values),
		cmocka_unit_test(test_plural_ending_in_a_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
