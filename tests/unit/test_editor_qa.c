/*
 * The QA glue of a save (src/model/editor_qa.c): the syntax of a string by
 * its format or its text, the project's levels, plural forms checked one by
 * one against the source's form of the same category, and the placeholders
 * the editor offers to insert (qa_placeholders).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "model/editor_write.h"

static void syntax_by_format_then_by_text(void **state)
{
	static const struct {
		const char *format, *source;
		enum qa_syntax expect;
	} cases[] = {
		{ "android", "Hi {name}", QA_SYNTAX_ANDROID },	/* the format wins */
		{ "gettext", "Hi {name}", QA_SYNTAX_PRINTF },
		{ "macosx", "%@ files", QA_SYNTAX_PRINTF },
		{ "arb", "Hi %s", QA_SYNTAX_ICU },
		{ "yaml", "Hi", QA_SYNTAX_RUBY },
		{ "properties", "{0} files", QA_SYNTAX_ICU },
		{ "json", "Hi {{name}}", QA_SYNTAX_I18NEXT },
		{ "json", "Hi %{name}", QA_SYNTAX_RUBY },
		{ "json", "Hi {name}", QA_SYNTAX_ICU },
		{ "json", "50%s", QA_SYNTAX_PRINTF },
		{ "", "Plain words", QA_SYNTAX_NONE },
		{ NULL, "{n, plural, other {#}}", QA_SYNTAX_ICU },
		{ "csv", "", QA_SYNTAX_NONE },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(editor_syntax(cases[i].format, cases[i].source), cases[i].expect);
}

static void levels_from_the_project_setting(void **state)
{
	static const struct {
		const char *json;
		unsigned disabled, blocking;
	} cases[] = {
		{ NULL, 0, 0 },
		{ "not json", 0, 0 },
		{ "{}", 0, 0 },
		{ "{\"numbers\":0}", QA_BIT(QA_NUMBERS), 0 },
		{ "{\"placeholder_missing\":2,\"tag_missing\":1}", 0, QA_BIT(QA_PLACEHOLDER_MISSING) },
		{ "{\"enabled\":1,\"double_space\":0}", QA_BIT(QA_DOUBLE_SPACE), 0 },
		/* Crowdin's names are kept but change nothing; a string value is no level */
		{ "{\"tags\":0,\"numbers\":\"0\"}", 0, 0 },
		/* the master switch wins over each check */
		{ "{\"enabled\":0,\"placeholder_missing\":2}", QA_BIT(QA_CHECK_COUNT) - 1, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned d = 99, b = 99;
		editor_qa_levels(cases[i].json, &d, &b);
		assert_int_equal(d, cases[i].disabled);
		assert_int_equal(b, cases[i].blocking);
	}
}

static void plural_forms_checked_one_by_one(void **state)
{
	struct arena a;
	arena_init(&a);
	struct editor_qa_input in = {
		.source = "%d files", .source_plural = "{\"one\":\"%d file\",\"other\":\"%d files\"}",
		.plural = "{\"one\":\"%d файл\",\"few\":\"файла\",\"many\":\"%d файлов\","
			  "\"other\":\"%d файла 2\"}",
		.syntax = QA_SYNTAX_PRINTF,
	};
	struct editor_qa qa;
	editor_qa_run(&a, &in, &qa);
	/* few: against the source's "other" (no "few" there); other: its numbers differ */
	assert_int_equal(qa.n, 2);
	assert_string_equal(qa.v[0].form, "few");
	assert_int_equal(qa.v[0].issue.check, QA_PLACEHOLDER_MISSING);
	assert_string_equal(qa.v[1].form, "other");
	assert_int_equal(qa.v[1].issue.check, QA_NUMBERS);
	assert_false(qa.blocked);
	/* "1 file" in a form other than "other" does not count its numbers */
	in.source_plural = "{\"one\":\"1 file\",\"other\":\"%d files\"}";
	in.plural = "{\"one\":\"%d файл\",\"other\":\"%d файла\"}";
	editor_qa_run(&a, &in, &qa);
	assert_int_equal(qa.n, 1);
	assert_int_equal(qa.v[0].issue.check, QA_PLACEHOLDER_EXTRA);
	/* blocking: an error */
	in.blocking = QA_BIT(QA_PLACEHOLDER_EXTRA);
	editor_qa_run(&a, &in, &qa);
	assert_true(qa.blocked);
	/* a plain text */
	in = (struct editor_qa_input){ .source = "Save %s", .text = "Sauver", .syntax =
				       QA_SYNTAX_PRINTF };
	editor_qa_run(&a, &in, &qa);
	assert_int_equal(qa.n, 1);
	assert_null(qa.v[0].form);
	arena_release(&a);
}

static void placeholders_to_insert(void **state)
{
	static const struct {
		const char *text;
		enum qa_syntax syntax;
		const char *expect;	/* joined by '|' */
	} cases[] = {
		{ "Hello %s, you have %d files (%s)", QA_SYNTAX_PRINTF, "%s|%d" },
		{ "Click <b>here</b> now", QA_SYNTAX_PRINTF, "<b>|</b>" },
		{ "{n, plural, one {# file} other {# files}} in {dir}", QA_SYNTAX_ICU, "{n}|{dir}" },
		{ "Hi {{name}}", QA_SYNTAX_I18NEXT, "{{name}}" },
		{ "100% sure", QA_SYNTAX_PRINTF, "" },
		{ "", QA_SYNTAX_NONE, "" },
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char **v;
		size_t n = qa_placeholders(&a, cases[i].text, cases[i].syntax, &v);
		char joined[256] = "";
		for (size_t k = 0; k < n; k++) {
			if (k)
				strcat(joined, "|");
			strcat(joined, v[k]);
		}
		assert_string_equal(joined, cases[i].expect);
	}
	arena_release(&a);
}

static void versions_ignore_order_and_see_every_change(void **state)
{
	struct editor_translation t[2] = {
		{ .id = 1, .text = "a", .approved = false },
		{ .id = 2, .text = "b", .approved = true },
	};
	struct editor_translation swapped[2] = { t[1], t[0] };
	char v1[EDITOR_VERSION_SIZE], v2[EDITOR_VERSION_SIZE], v3[EDITOR_VERSION_SIZE];
	editor_version(t, 2, v1);
	editor_version(swapped, 2, v2);
	assert_string_equal(v1, v2);
	t[0].approved = true;
	editor_version(t, 2, v3);
	assert_string_not_equal(v1, v3);
	t[0].approved = false;
	t[0].text = "a2";
	editor_version(t, 2, v3);
	assert_string_not_equal(v1, v3);
	editor_version(t, 1, v3);
	assert_string_not_equal(v1, v3);
	editor_version(t, 0, v2);
	assert_int_equal(strlen(v2), EDITOR_VERSION_SIZE - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syntax_by_format_then_by_text),
		cmocka_unit_test(levels_from_the_project_setting),
		cmocka_unit_test(plural_forms_checked_one_by_one),
		cmocka_unit_test(placeholders_to_insert),
		cmocka_unit_test(versions_ignore_order_and_see_every_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
