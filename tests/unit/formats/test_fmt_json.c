#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test.h"
#include "formats/formats_list.h"

#include <jansson.h>

static void test_round_trip(void **state)
{
	fx_roundtrip(&fmt_json, "json/i18next-v4.json", NULL);
	fx_roundtrip(&fmt_json, "json/i18next-v3.json", NULL);
	fx_roundtrip(&fmt_json, "json/flat.json", NULL);
	fx_roundtrip(&fmt_json, "json/react-intl.json", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	doc = fx_parse(&fmt_json, "json/i18next-v4.json", NULL);
	assert_int_equal(doc.n_units, 10);
	assert_string_equal(doc.units[0].key, "common.save");
	fx_check_unit(&doc, "common.greeting", "Hello, {{name}}!", NULL, 0);
	fx_check_unit(&doc, "inbox.message", "You have {{count}} new messages", NULL, UNIT_PLURAL);
	fx_check_plural(&doc, "inbox.message", PLURAL_ONE, "You have {{count}} new message");
	fx_check_unit(&doc, "inbox.empty", "No messages \"yet\" \xe2\x80\x94 check back later\n", NULL, 0);
	fx_check_unit(&doc, "settings.languages[1]", "Deutsch", NULL, 0);
	fx_check_unit(&doc, "file\\.name", "Report", NULL, 0);
	fx_check_unit(&doc, "key_with\\\\backslash", "Value", NULL, 0);
	assert_string_equal(doc.units[4].key, "inbox.message");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_json, "json/i18next-v3.json", NULL);
	assert_int_equal(doc.n_units, 3);
	fx_check_unit(&doc, "item", "{{count}} items", NULL, UNIT_PLURAL);
	fx_check_plural(&doc, "item", PLURAL_ONE, "{{count}} item");
	fx_check_unit(&doc, "nested.deep.deeper", "Deep value", NULL, 0);
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_json, "json/flat.json", NULL);
	fx_check_unit(&doc, "emoji", "\xf0\x9f\x98\x80 smile", NULL, 0);
	fx_check_unit(&doc, "unicode", "Caf\xc3\xa9", NULL, 0);
	fmt_doc_free(&doc);
}

static const struct fx_tr ru_rows[] = {
	{ "common.save", "Сохранить", { 0 } },
	{ "common.greeting", "Привет, {{name}}!", { 0 } },
	{ "inbox.message", NULL, { [PLURAL_ONE] = "У вас {{count}} новое сообщение",
				   [PLURAL_FEW] = "У вас {{count}} новых сообщения",
				   [PLURAL_MANY] = "У вас {{count}} новых сообщений",
				   [PLURAL_OTHER] = "У вас {{count}} новых сообщения" } },
	{ "inbox.empty", "Сообщений \"пока\" нет\t\\\n", { 0 } },
	{ "settings.languages[0]", "Английский", { 0 } },
	{ "file\\.name", "Отчёт", { 0 } },
	{ "item", NULL, { [PLURAL_ONE] = "{{count}} Artikel", [PLURAL_OTHER] = "{{count}} Artikel (viele)" } },
	{ NULL, NULL, { 0 } },
};

static void translated(const char *fixture, const struct fmt_lang *lang, bool skip,
		       const char *expected)
{
	struct fmt_doc doc, back;
	struct fmt_error err;
	struct buf out;
	doc = fx_parse(&fmt_json, fixture, NULL);
	fx_write_tr(&doc, lang, ru_rows, skip, &out);
	fx_expect(&out, expected);
	if (fmt_parse(&fmt_json, out.data, out.len, NULL, &back, &err))
		fail_msg("output does not parse: %s\n%s", err.msg, out.data);
	for (const struct fx_tr *r = ru_rows; r->key; r++)
		for (size_t i = 0; i < back.n_units; i++)
			if (strcmp(back.units[i].key, r->key) == 0 && r->text)
				fx_check_unit(&back, r->key, r->text, NULL, 0);
	fmt_doc_free(&back);
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_translated(void **state)
{
	translated("json/i18next-v4.json", &lang_ru, false, "json/i18next-v4.ru.json.expected");
	translated("json/i18next-v4.json", &lang_de, true, "json/i18next-v4.de-skip.json.expected");
	translated("json/i18next-v3.json", &lang_de, false, "json/i18next-v3.de.json.expected");
	translated("json/i18next-v3.json", &lang_ru, false, "json/i18next-v3.ru.json.expected");
	translated("json/i18next-v3.json", &lang_ja, true, "json/i18next-v3.ja-skip.json.expected");
}

static void emit_all(const char *fmt_name, const char *fixture, const char *expected)
{
	struct fmt_doc doc;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_json, fixture, NULL);
	struct fx_tr_ctx c = { &doc, NULL, { 0 } };
	const struct fmt_translation **tr = calloc(doc.n_units, sizeof(*tr));
	struct fmt_translation *t = calloc(doc.n_units, sizeof(*t));
	for (size_t i = 0; i < doc.n_units; i++) {
		t[i] = *fx_tr_lookup(&c, i);
		tr[i] = &t[i];
	}
	buf_init(&out, 0);
	assert_int_equal(lone_export_format_find(fmt_name)->emit(doc.units, tr, doc.n_units,
								 &lang_en, &out, &err), 0);
	fx_expect(&out, expected);
	free(tr);
	free(t);
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_emit(void **state)
{
	emit_all("json", "json/i18next-v4.json", "json/i18next-v4.flat.json.expected");
	/* json-clean is flat too, every key as it is (no path escapes removed) */
	emit_all("json-clean", "json/i18next-v4.json", "json/i18next-v4.clean.json.expected");
	struct fmt_doc a;
	size_t len;
	a = fx_parse(&fmt_json, "json/i18next-v4.json", NULL);
	char *data = fx_read("json/i18next-v4.clean.json.expected", &len);
	json_t *root = json_loadb(data, len, 0, NULL);
	assert_non_null(root);
	for (size_t i = 0; i < a.n_units; i++) {
		if (a.units[i].flags & UNIT_PLURAL)
			continue;
		json_t *v = json_object_get(root, a.units[i].key);
		assert_non_null(v);
		assert_string_equal(json_string_value(v), a.units[i].source);
	}
	json_decref(root);
	free(data);
	fmt_doc_free(&a);
}

/* Parse `text` (an exact-size copy: ASan sees over-reads); NULL source on error. */
static char *parse_one(const char *text, char **key)
{
	struct fmt_doc doc;
	struct fmt_error err;
	size_t len = strlen(text);
	char *copy = malloc(len);
	memcpy(copy, text, len);
	int rc = fmt_parse(&fmt_json, copy, len, NULL, &doc, &err);
	free(copy);
	if (rc)
		return NULL;
	assert_int_equal(doc.n_units, 1);
	char *src = strdup(doc.units[0].source);
	if (key)
		*key = strdup(doc.units[0].key);
	fmt_doc_free(&doc);
	return src;
}

/* The string scan reads eight bytes at a time: stop bytes at every offset. */
static void test_string_scan(void **state)
{
	char text[96], want[64], *src;
	for (int at = 0; at < 40; at++) {
		memset(want, 'x', sizeof(want));
		want[at] = '"';
		want[40] = '\0';
		snprintf(text, sizeof(text), "{\"k\": \"%.*s\\\"%s\"}", at, want, want + at + 1);
		src = parse_one(text, NULL);
		assert_non_null(src);
		assert_string_equal(src, want);
		free(src);
		/* a raw control character or an unescaped quote there is an error */
		snprintf(text, sizeof(text), "{\"k\": \"%.*s\t%s\"}", at, want, want + at + 1);
		assert_null(parse_one(text, NULL));
		snprintf(text, sizeof(text), "{\"k\": \"%.*s\"%s\"}", at, want, want + at + 1);
		assert_null(parse_one(text, NULL));
		/* the closing quote as the last byte of the input */
		snprintf(text, sizeof(text), "\"%.*s\"", at, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		src = parse_one(text, NULL);
		assert_non_null(src);
		assert_int_equal(strlen(src), at);
		free(src);
	}
	char *key = NULL;
	src = parse_one("{\"k\\u00e9y\": \"a\\\"b\\\\c\\nd\\ud83d\\ude00e\\/\"}", &key);
	assert_non_null(src);
	assert_string_equal(key, "k\xc3\xa9y");
	assert_string_equal(src, "a\"b\\c\nd\xf0\x9f\x98\x80" "e/");
	free(key);
	free(src);
}

static void test_bad_input(void **state)
{
	fx_bad_common(&fmt_json, "json/i18next-v4.json", "{\"a\": \"");
	fx_bad_str(&fmt_json, "{\n  \"a\": \"x\",\n  \"a\": \"y\"\n}", "line 3");
	fx_bad_str(&fmt_json, "{\n  \"a\": \"x\",\n}", "line 3");
	/* keys are compared decoded; the first key that repeats is named */
	fx_bad_str(&fmt_json, "{\"a\": 1,\n\"\\u0061\": 2}", "line 2");
	fx_bad_str(&fmt_json, "{\"a\": 1,\n\"b\": 2,\n\"b\": 3,\n\"a\": 4}", "line 3");
	fx_bad_str(&fmt_json, "{\"o\": {\"a\": 1, \"b\": 2},\n\"p\": {\"a\": 1, \"a\": 2}}",
		      "line 2");
	fx_bad_str(&fmt_json, "{\"a\": \"\\ud800\"}", "line 1");
	fx_bad_str(&fmt_json, "{\"a\": \"\\u0000\"}", "line 1");
	fx_bad_str(&fmt_json, "{\"a\": \"tab\there\"}", "line 1");
	fx_bad_str(&fmt_json, "{\"a\": 01}", "line 1");
	fx_bad_str(&fmt_json, "{\"a\": 1} x", "line 1");
	fx_bad_str(&fmt_json, "", "line 1");
	fx_bad(&fmt_json, "\xff\xfe{\0}\0", 6, NULL, "line 1");
	char *deep = malloc(100001);
	memset(deep, '[', 100000);
	deep[100000] = '\0';
	fx_bad_str(&fmt_json, deep, "nesting");
	free(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_translated),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_string_scan),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
