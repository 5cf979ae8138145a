/* Parameter tree: PHP bracket syntax in every form of crowdin-v1.md §1.5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/limits.h"
#include "http/params.h"

struct fx {
	struct arena a;
	struct params p;
};

static int setup(void **state)
{
	static struct fx f;
	arena_init(&f.a);
	params_init(&f.p, &f.a);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	arena_release(&f->a);
	return 0;
}

static void add(struct params *p, const char *k, const char *v)
{
	params_add(p, k, strlen(k), v, strlen(v));
}

static const char *child_value(struct param *m, const char *key)
{
	struct param *c = param_child(m, key);
	return c ? c->value : NULL;
}

static void test_scalar_and_empty(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "key", "abc");
	add(p, "account-key", "");
	add(p, "json", "");
	assert_string_equal(params_str(p, "key"), "abc");
	assert_null(params_str(p, "account-key"));	/* empty value = absent */
	assert_true(params_has(p, "json"));		/* but presence is seen */
	assert_false(params_has(p, "xml"));
}

static void test_append_brackets(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "languages[]", "fr");
	add(p, "languages[]", "de");
	struct param *l = params_get(p, "languages");
	assert_true(param_is_map(l));
	assert_int_equal(l->n_children, 2);
	assert_string_equal(child_value(l, "0"), "fr");
	assert_string_equal(child_value(l, "1"), "de");
}

static void test_indexed_and_keyed(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "languages[0]", "fr");
	add(p, "languages[1]", "uk");
	add(p, "titles[dir/a.po]", "Title A");
	add(p, "languages[fr]", "fr");
	struct param *l = params_get(p, "languages");
	assert_int_equal(l->n_children, 3);
	assert_string_equal(child_value(l, "1"), "uk");
	assert_string_equal(child_value(l, "fr"), "fr");
	assert_string_equal(child_value(params_get(p, "titles"), "dir/a.po"), "Title A");
}

static void test_nested(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "individual_rates[0][languages][0]", "uk");
	add(p, "individual_rates[0][languages][1]", "ca");
	add(p, "individual_rates[0][rates][tm]", "1.10");
	add(p, "individual_rates[1][languages][]", "de");
	struct param *r0 = param_child(params_get(p, "individual_rates"), "0");
	assert_string_equal(child_value(param_child(r0, "languages"), "1"), "ca");
	assert_string_equal(child_value(param_child(r0, "rates"), "tm"), "1.10");
	struct param *r1 = param_child(params_get(p, "individual_rates"), "1");
	assert_string_equal(child_value(param_child(r1, "languages"), "0"), "de");
}

static void test_repeated_bare_name_is_list(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "languages", "fr");
	add(p, "languages", "de");
	add(p, "languages", "uk");
	struct param *l = params_get(p, "languages");
	assert_true(param_is_map(l));
	assert_int_equal(l->n_children, 3);
	assert_string_equal(child_value(l, "0"), "fr");
	assert_string_equal(child_value(l, "2"), "uk");
	assert_null(params_str(p, "languages"));	/* no longer a scalar */
}

static void test_scalar_is_not_array(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "files", "a.po");
	struct param *f = params_get(p, "files");
	assert_false(param_is_map(f));
	assert_string_equal(f->value, "a.po");
}

static void test_unclosed_bracket_is_plain_name(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "a[b", "1");
	assert_string_equal(params_str(p, "a[b"), "1");
}

static void test_junk_fields_do_not_disturb(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "headers[Accept]", "*/*");
	add(p, "params[key]", "zzz");
	add(p, "key", "real");
	assert_string_equal(params_str(p, "key"), "real");
	assert_true(param_is_map(params_get(p, "params")));
}

static void test_booleans(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "a", "");
	add(p, "b", "false");
	add(p, "c", "1");
	add(p, "d", "0");
	add(p, "e", "true");
	add(p, "f", "maybe");
	assert_true(params_bool(p, "a", false));	/* empty value means true */
	assert_false(params_bool(p, "b", true));
	assert_true(params_bool(p, "c", false));
	assert_false(params_bool(p, "d", true));
	assert_true(params_bool(p, "e", false));
	assert_true(params_bool(p, "f", true));	/* malformed: default */
	assert_false(params_bool(p, "missing", false));
}

static void test_int(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	bool ok;
	add(p, "n", "42");
	add(p, "bad", "4x");
	assert_int_equal(params_int(p, "n", 0, &ok), 42);
	assert_true(ok);
	assert_int_equal(params_int(p, "bad", 7, &ok), 7);
	assert_false(ok);
	assert_int_equal(params_int(p, "none", 9, &ok), 9);
	assert_true(ok);
}

static void test_depth_limit(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	char key[512] = "a";
	for (int i = 0; i <= LIMIT_PARAM_DEPTH; i++)
		strcat(key, "[x]");
	add(p, key, "v");
	assert_true(p->overflow);
}

static void test_count_limit(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	char key[32];
	for (int i = 0; i < LIMIT_PARAMS + 5; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		add(p, key, "v");
	}
	assert_true(p->overflow);
	assert_non_null(params_get(p, "k0"));
	assert_null(params_get(p, "k10004"));
}

static void test_scalar_overwritten_by_map(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "x", "1");
	add(p, "x[a]", "2");
	struct param *x = params_get(p, "x");
	assert_true(param_is_map(x));
	assert_string_equal(child_value(x, "a"), "2");
}

/* Children dropped and added again: the index must not find the old ones. */
static void test_map_replaced_forgets_old_children(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	add(p, "m[a][x]", "1");
	add(p, "m[a]", "scalar");
	add(p, "m[a][x]", "3");
	struct param *a = param_child(params_get(p, "m"), "a");
	assert_true(param_is_map(a));
	assert_int_equal(a->n_children, 1);
	assert_string_equal(child_value(a, "x"), "3");
}

/* The index finds every one of many names, under the root and in one map. */
static void test_many_names_indexed(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	char key[64], val[32];
	for (int i = 0; i < 4000; i++) {
		snprintf(key, sizeof(key), "f[%d]", i);
		snprintf(val, sizeof(val), "%d", i);
		add(p, key, val);
		snprintf(key, sizeof(key), "k%d", i);
		add(p, key, val);
	}
	struct param *f = params_get(p, "f");
	assert_int_equal(f->n_children, 4000);
	add(p, "f[1234]", "again");
	assert_int_equal(f->n_children, 4000);
	assert_string_equal(child_value(f, "1234"), "again");
	assert_string_equal(params_str(p, "k3999"), "3999");
}

/* %00 reaches params whole: kept with its length and flagged, never cut. */
static void test_nul_flagged(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	params_add(p, "key", 3, "KEY\0junk", 8);
	assert_true(p->has_nul);
	assert_int_equal(params_get(p, "key")->value_len, 8);
	assert_non_null(params_bad_text(p));
}

static void test_nul_in_name_flagged(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	params_add(p, "na\0me", 6, "v", 1);
	assert_true(p->has_nul);
	assert_null(params_get(p, "na"));
}

static void test_same_file_twice_flagged(void **state)
{
	struct params *p = &((struct fx *)*state)->p;
	struct upload u1 = { .fd = -1 }, u2 = { .fd = -1 };
	params_add_file(p, "files[a.po]", &u1);
	assert_false(p->duplicate_file);
	params_add_file(p, "files[b.po]", &u2);
	assert_false(p->duplicate_file);
	params_add_file(p, "files[a.po]", &u2);
	assert_true(p->duplicate_file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scalar_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_brackets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indexed_and_keyed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_bare_name_is_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scalar_is_not_array, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unclosed_bracket_is_plain_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_junk_fields_do_not_disturb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_booleans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scalar_overwritten_by_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_replaced_forgets_old_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_names_indexed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_flagged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_in_name_flagged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_file_twice_flagged, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
