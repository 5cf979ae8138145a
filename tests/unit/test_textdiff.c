/*
 * Unit tests for the word-level diff (src/model/textdiff.c): a table of
 * (from, to, the ops as "op|text" joined by "·"), and for every row that the
 * ops give both texts back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "model/textdiff.h"

static const struct row {
	const char *from, *to, *ops;
} rows[] = {
	{ "Save the file", "Save the file", "=Save the file" },
	{ "", "", "" },
	{ "", "Save", "+Save" },
	{ "Save", "", "-Save" },
	{ "Save the file", "Save the new file", "=Save the ·+new ·=file" },
	{ "Delete the file", "Remove the file", "-Delete·+Remove·= the file" },
	{ "Open the settings page", "Open the settings", "=Open the settings·- page" },
	/* a word is not cut: "profile" is one piece */
	{ "Upload a new photo to your profile", "Upload a new picture to your profile",
	  "=Upload a new ·-photo·+picture·= to your profile" },
	/* case counts: the diff shows every byte that differs */
	{ "save the file", "Save the file", "-save·+Save·= the file" },
	/* punctuation is a piece of its own */
	{ "Welcome back, %s!", "Welcome back, %s.", "=Welcome back, %s·-!·+." },
	{ "one two three", "two three four", "-one ·=two three·+ four" },
	/* a changed stretch leaves as one deletion, then one insertion */
	{ "a b c", "x y c", "-a b·+x y·= c" },
	/* Han: one piece a character */
	{ "保存文件", "删除文件", "-保存·+删除·=文件" },
	/* accented letters stay inside their word */
	{ "Créer un fichier", "Créer deux fichiers", "=Créer ·-un fichier·+deux fichiers" },
	/* invalid UTF-8: one piece a byte, nothing lost */
	{ "a\xff b", "a\xfe b", "=a·-\xff·+\xfe·= b" },
};

static char *joined(const struct textdiff_op *v, size_t n)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%c%s", i ? "·" : "", v[i].op, v[i].text);
	buf_addc(&b, '\0');
	size_t len;
	return buf_detach(&b, &len);
}

/* The text the ops give for one side: '=' and `keep`. */
static char *side(const struct textdiff_op *v, size_t n, char keep)
{
	struct buf b;
	buf_init(&b, 0);
	for (size_t i = 0; i < n; i++)
		if (v[i].op == '=' || v[i].op == keep)
			buf_adds(&b, v[i].text);
	buf_addc(&b, '\0');
	size_t len;
	return buf_detach(&b, &len);
}

static void check(const char *from, const char *to, const char *want)
{
	struct arena a;
	arena_init(&a);
	struct textdiff_op *v;
	size_t n;
	textdiff_words(&a, from, to, &v, &n);
	char *got = joined(v, n), *f = side(v, n, '-'), *t = side(v, n, '+');
	if (want && strcmp(got, want))
		print_error("`%s` -> `%s`: got `%s`, want `%s`\n", from, to, got, want);
	if (want)
		assert_string_equal(got, want);
	assert_string_equal(f, from);
	assert_string_equal(t, to);
	for (size_t i = 1; i < n; i++)
		assert_true(v[i].op != v[i - 1].op);
	free(got);
	free(f);
	free(t);
	arena_release(&a);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check(rows[i].from, rows[i].to, rows[i].ops);
}

/* Texts too long for the table: the middle is one deletion and one insertion, still exact. */
static void test_long_texts(void **state)
{
	(void)state;
	struct buf x, y;
	buf_init(&x, 0);
	buf_init(&y, 0);
	for (int i = 0; i < 3000; i++) {
		buf_printf(&x, "w%d ", i);
		buf_printf(&y, "w%d ", i % 7 ? i : -i);
	}
	buf_addc(&x, '\0');
	buf_addc(&y, '\0');
	check(x.data, y.data, NULL);
	buf_release(&x);
	buf_release(&y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_long_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
