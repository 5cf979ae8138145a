/* The reply tree and its XML/JSON writers (crowdin-v1.md §1.7 shapes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "api/reply.h"

static struct arena A;
static struct buf B;

static int setup(void **state)
{
	arena_init(&A);
	buf_init(&B, 0);
	return 0;
}

static int teardown(void **state)
{
	arena_release(&A);
	buf_release(&B);
	return 0;
}

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

static void test_plain_success(void **state)
{
	struct rv *r = rv_new_obj(&A);
	rv_bool(&A, r, "success", true)->flags |= RV_JSON;
	rv_write_json(&B, r);
	assert_string_equal(B.data, "{\"success\":true}");
	buf_reset(&B);
	rv_write_xml(&B, r, "success");
	assert_string_equal(B.data, XML_DECL "<success/>\n");
}

static void test_success_with_hash(void **state)
{
	struct rv *r = rv_new_obj(&A);
	rv_bool(&A, r, "success", true)->flags |= RV_JSON;
	rv_str(&A, r, "hash", "x27b");
	rv_write_json(&B, r);
	assert_string_equal(B.data, "{\"success\":true,\"hash\":\"x27b\"}");
	buf_reset(&B);
	rv_write_xml(&B, r, "success");
	assert_string_equal(B.data, XML_DECL "<success><hash>x27b</hash></success>\n");
}

static void test_export_status_attribute(void **state)
{
	struct rv *r = rv_new_obj(&A);
	struct rv *s = rv_obj(&A, r, "success");
	rv_str(&A, s, "status", "built")->flags |= RV_ATTR;
	rv_write_json(&B, r);
	assert_string_equal(B.data, "{\"success\":{\"status\":\"built\"}}");
	buf_reset(&B);
	rv_write_xml(&B, s, "success");
	assert_string_equal(B.data, XML_DECL "<success status=\"built\"/>\n");
}

static void test_text_of_an_element(void **state)
{
	/* pre-translate's skipped languages (seed 001) */
	struct rv *r = rv_new_obj(&A);
	rv_bool(&A, r, "success", true)->flags |= RV_JSON;
	struct rv *l = rv_list(&A, r, "languages", "language");
	l->flags |= RV_INLINE;
	struct rv *o = rv_obj(&A, l, NULL);
	rv_str(&A, o, "name", "French & co")->flags |= RV_TEXT;
	rv_str(&A, o, "status", "skipped")->flags |= RV_ATTR;
	rv_write_json(&B, r);
	assert_string_equal(B.data, "{\"success\":true,\"languages\":[{\"name\":\"French & co\","
			    "\"status\":\"skipped\"}]}");
	buf_reset(&B);
	rv_write_xml(&B, r, "success");
	assert_string_equal(B.data, XML_DECL "<success><language status=\"skipped\">French &amp; co"
			    "</language></success>\n");
}

static void test_top_level_list(void **state)
{
	struct rv *l = rv_new_list(&A, "language");
	struct rv *o = rv_obj(&A, l, NULL);
	rv_str(&A, o, "name", "French");
	rv_str(&A, o, "phrases", "10");
	rv_int(&A, o, "translated_progress", 50);
	rv_write_json(&B, l);
	assert_string_equal(B.data,
		"[{\"name\":\"French\",\"phrases\":\"10\",\"translated_progress\":50}]");
	buf_reset(&B);
	rv_write_xml(&B, l, "status");
	assert_string_equal(B.data, XML_DECL "<status><language><name>French</name>"
			    "<phrases>10</phrases><translated_progress>50</translated_progress>"
			    "</language></status>\n");
}

static void test_error_shape(void **state)
{
	struct rv *r = rv_new_obj(&A);
	rv_bool(&A, r, "success", false)->flags |= RV_JSON;
	struct rv *e = rv_obj(&A, r, "error");
	rv_int(&A, e, "code", 3);
	rv_str(&A, e, "message", "API key is not valid");
	rv_write_json(&B, r);
	assert_string_equal(B.data, "{\"success\":false,\"error\":{\"code\":3,"
			    "\"message\":\"API key is not valid\"}}");
	buf_reset(&B);
	rv_write_xml(&B, e, "error");
	assert_string_equal(B.data, XML_DECL "<error><code>3</code>"
			    "<message>API key is not valid</message></error>\n");
}

static void test_inline_list_and_empty_list(void **state)
{
	struct rv *r = rv_new_obj(&A);
	rv_bool(&A, r, "success", true)->flags |= RV_JSON;
	struct rv *l = rv_list(&A, r, "projects", "project");
	l->flags |= RV_INLINE;
	rv_str(&A, rv_obj(&A, l, NULL), "identifier", "a");
	rv_str(&A, rv_obj(&A, l, NULL), "identifier", "b");
	rv_list(&A, r, "files", "item");
	rv_write_json(&B, r);
	assert_string_equal(B.data, "{\"success\":true,\"projects\":[{\"identifier\":\"a\"},"
			    "{\"identifier\":\"b\"}],\"files\":[]}");
	buf_reset(&B);
	rv_write_xml(&B, r, "success");
	assert_string_equal(B.data, XML_DECL "<success><project><identifier>a</identifier></project>"
			    "<project><identifier>b</identifier></project><files/></success>\n");
}

static void test_escaping(void **state)
{
	struct rv *r = rv_new_obj(&A);
	rv_str(&A, r, "t", "a\"b\\c\n\x01<&>é");
	rv_bool(&A, r, "b", true);
	rv_write_json(&B, r);
	assert_string_equal(B.data, "{\"t\":\"a\\\"b\\\\c\\n\\u0001<&>é\",\"b\":true}");
	buf_reset(&B);
	rv_write_xml(&B, r, "x");
	/* the C0 control is dropped: it is not allowed in XML 1.0 */
	assert_string_equal(B.data, XML_DECL "<x><t>a&quot;b\\c\n&lt;&amp;&gt;é</t><b>1</b></x>\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_success_with_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_status_attribute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_top_level_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_of_an_element, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inline_list_and_empty_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
