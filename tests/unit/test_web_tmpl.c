/* Page templates (web/tmpl.h): values, escaping, sections, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "web/tmpl.h"

static struct buf B;

static int setup(void **state)
{
	buf_init(&B, 0);
	return 0;
}

static int teardown(void **state)
{
	buf_release(&B);
	return 0;
}

/* The template rendered with the JSON data, as a string ("" data: none). */
static const char *render(const char *text, const char *data)
{
	json_t *j = *data ? json_loads(data, 0, NULL) : NULL;
	assert_true(!*data || j);
	buf_reset(&B);
	const char *err = NULL;
	int rc = tmpl_render(&B, text, j, &err);
	json_decref(j);
	assert_int_equal(rc, 0);
	assert_null(err);
	buf_addc(&B, '\0');
	return B.data;
}

static void fails(const char *text, const char *why)
{
	json_t *j = json_pack("{s:[i,i],s:{s:s}}", "list", 1, 2, "o", "k", "v");
	buf_reset(&B);
	buf_adds(&B, "kept");
	const char *err = NULL;
	assert_int_equal(tmpl_render(&B, text, j, &err), -1);
	json_decref(j);
	assert_string_equal(err, why);
	assert_int_equal(B.len, 4);	/* nothing of the failed page, what was there stays */
}

static void test_values_are_escaped(void **state)
{
	assert_string_equal(render("<p title=\"{{t}}\">{{t}}</p>", "{\"t\": \"<a href='x'>&\\\"</a>\"}"),
			    "<p title=\"&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;\">"
			    "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;</p>");
	assert_string_equal(render("{{n}} {{r}} {{b}} {{f}} [{{z}}] [{{missing}}] [{{o}}]",
				   "{\"n\": -42, \"r\": 0.5, \"b\": true, \"f\": false, \"z\": null, \"o\": {}}"),
			    "-42 0.5 true false [] [] []");
	assert_string_equal(render("{{ spaced }}|{{!a comment}}|", "{\"spaced\": \"s\"}"), "s||");
	assert_string_equal(render("no tags at all { } }}", ""), "no tags at all { } }}");
}

static void test_dotted_names_and_scopes(void **state)
{
	const char *d = "{\"project\": {\"name\": \"Demo\", \"owner\": {\"login\": \"ann\"}}, "
			"\"title\": \"T\", \"rows\": [{\"name\": \"a\"}, {\"x\": 1}]}";
	assert_string_equal(render("{{project.name}}/{{project.owner.login}}/{{project.nope.x}}", d),
			    "Demo/ann/");
	/* inside a row, a name it lacks is read from outside: the second row shows the title */
	assert_string_equal(render("{{#rows}}[{{name}}{{^name}}{{title}}{{/name}}]{{/rows}}", d),
			    "[a][T]");
	assert_string_equal(render("{{#project}}{{name}} by {{owner.login}}{{/project}}", d),
			    "Demo by ann");
	assert_string_equal(render("{{#list}}{{.}},{{/list}}", "{\"list\": [\"x\", 2, \"<\"]}"),
			    "x,2,&lt;,");
}

static void test_sections_run_when_truthy(void **state)
{
	const char *d = "{\"t\": true, \"f\": false, \"s\": \"x\", \"e\": \"\", \"one\": 1, "
			"\"zero\": 0, \"full\": [1], \"empty\": [], \"obj\": {}, \"nul\": null}";
	assert_string_equal(render("{{#t}}t{{/t}}{{#f}}f{{/f}}{{#s}}s{{/s}}{{#e}}e{{/e}}"
				   "{{#one}}1{{/one}}{{#zero}}0{{/zero}}{{#full}}F{{/full}}"
				   "{{#empty}}E{{/empty}}{{#obj}}o{{/obj}}{{#nul}}n{{/nul}}{{#gone}}g{{/gone}}", d),
			    "ts1Fo");
	assert_string_equal(render("{{^t}}t{{/t}}{{^f}}f{{/f}}{{^e}}e{{/e}}{{^zero}}0{{/zero}}"
				   "{{^empty}}E{{/empty}}{{^nul}}n{{/nul}}{{^gone}}g{{/gone}}", d),
			    "fe0Eng");
}

static void test_nested_sections_of_one_name(void **state)
{
	assert_string_equal(render("{{#a}}<{{#a}}{{v}}{{/a}}>{{/a}}",
				   "{\"a\": [{\"v\": 1, \"a\": [{\"v\": 2}, {\"v\": 3}]}, {\"v\": 4}]}"),
			    "<23><14>");	/* the row without its own a reads the outer one */
	assert_string_equal(render("{{#a}}<{{#a}}{{v}}{{/a}}>{{/a}}",
				   "{\"a\": [{\"v\": 1, \"a\": [{\"v\": 2}]}, {\"v\": 4, \"a\": []}]}"),
			    "<2><>");
}

static void test_bad_templates_render_nothing(void **state)
{
	fails("a {{b", "a tag is not closed with }}");
	fails("{{#list}}x", "a section is not closed");
	fails("{{#list}}{{#list}}{{/list}}", "a section is not closed");
	fails("x{{/list}}", "a section is closed that was not open");
	fails("{{>no-such-partial}}", "no such partial");
	/* nesting deeper than TMPL_MAX_DEPTH */
	struct buf deep;
	buf_init(&deep, 0);
	for (int i = 0; i < TMPL_MAX_DEPTH + 2; i++)
		buf_adds(&deep, "{{#o}}");
	for (int i = 0; i < TMPL_MAX_DEPTH + 2; i++)
		buf_adds(&deep, "{{/o}}");
	buf_addc(&deep, '\0');
	fails(deep.data, "sections nested too deep");
	buf_release(&deep);
}

static void test_named_templates(void **state)
{
	const char *err = NULL;
	buf_reset(&B);
	assert_int_equal(tmpl_render_named(&B, "no-such-page", NULL, &err), -1);
	assert_string_equal(err, "no such template");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_values_are_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotted_names_and_scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sections_run_when_truthy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_sections_of_one_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_templates_render_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_named_templates, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
