/* Unit tests for TM tokenising (src/tm/tokens.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tm/tokens.h"

/* "text|kind text|kind ..." of s, kinds as W P N H T. */
static void show(struct tm_dict *d, const char *s, char *out, size_t cap)
{
	struct tm_tokens t = { 0 };
	size_t o = 0;
	tm_tokenize(d, true, s, strlen(s), &t);
	out[0] = '\0';
	for (size_t i = 0; i < t.n && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s|%c", i ? " " : "", (int)t.len[i],
				      t.text + t.off[i], "WPNHT"[TM_VAR_KIND(t.vars[i])]);
	tm_tokens_release(&t);
}

static void check(struct tm_dict *d, const char *s, const char *want)
{
	char got[4096];
	show(d, s, got, sizeof(got));
	if (strcmp(got, want))
		print_error("tokens of \"%s\":\n  got  %s\n  want %s\n", s, got, want);
	assert_string_equal(got, want);
}

static void test_rules(void **state)
{
	(void)state;
	struct tm_dict *d = tm_dict_new();
	check(d, "Hello, World!", "Hello|W ,|P World|W !|P");
	check(d, "You have %d new (%1$s) %.2f %lld 100%% sure",
	      "You|W have|W %d|H new|W (|P %1$s|H )|P %.2f|H %lld|H 100|N %|P %|P sure|W");
	check(d, "Hi %{user}, {0} {name} {{count}}", "Hi|W %{user}|H ,|P {0}|H {name}|H {{count}}|H");
	check(d, "{n, plural, one {# file} other {# files}} left",
	      "{n, plural, one {# file} other {# files}}|H left|W");
	check(d, "Press <xliff:g id=\"k\">%1$s</xliff:g> now",
	      "Press|W <xliff:g id=\"k\">%1$s</xliff:g>|H now|W");
	check(d, "<b>Bold</b> <br/> <a href=\"x\">a</a>", "<b>|T Bold|W </b>|T <br/>|T <a href=\"x\">|T a|W </a>|T");
	check(d, "3 1,000.50 3rd 10px v2", "3|N 1,000.50|N 3rd|W 10px|W v2|W");
	check(d, "don't l’homme 'quoted'", "don't|W l’homme|W '|P quoted|W '|P");
	check(d, "東京タワー 한국 ไทย", "東|W 京|W タ|W ワ|W ー|W 한|W 국|W ไ|W ท|W ย|W");
	check(d, "a < b > c {", "a|W <|P b|W >|P c|W {|P");
	tm_dict_free(d);
}

static void test_normalising(void **state)
{
	(void)state;
	struct tm_dict *d = tm_dict_new();
	struct tm_tokens a = { 0 }, b = { 0 };
	/* case, width, NFD vs NFC, ß, typographic quotes: same ids, other variants */
	const char *pairs[][2] = {
		{ "Save", "SAVE" }, { "Ｓａｖｅ", "save" }, { "Cafe\xCC\x81", "café" },
		{ "Straße", "STRASSE" }, { "“x”", "\"x\"" }, { "a — b", "a - b" },
		{ "3 files", "12 files" }, { "%s", "{name}" }, { "<b>", "</i>" },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		tm_tokenize(d, true, pairs[i][0], strlen(pairs[i][0]), &a);
		tm_tokenize(d, true, pairs[i][1], strlen(pairs[i][1]), &b);
		assert_int_equal(a.n, b.n);
		assert_memory_equal(a.ids, b.ids, a.n * sizeof(*a.ids));
	}
	/* NFD input comes back as NFC text */
	tm_tokenize(d, true, "Cafe\xCC\x81", 6, &a);
	assert_string_equal(a.text, "Caf\xC3\xA9");
	/* a query does not grow the dictionary */
	uint32_t size = tm_dict_size(d);
	tm_tokenize(d, false, "never seen words", 16, &a);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.ids[0], TM_ID_UNKNOWN);
	assert_int_equal(tm_dict_size(d), size);
	tm_tokens_release(&a);
	tm_tokens_release(&b);
	tm_dict_free(d);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	struct tm_dict *d = tm_dict_new();
	struct tm_tokens t = { 0 };
	const char bad[] = "ok \xff\xfe \xc3 \xed\xa0\x80 end\xe2\x82";
	tm_tokenize(d, true, bad, sizeof(bad) - 1, &t);
	assert_true(t.n >= 3);
	for (size_t i = 0; i < t.n; i++)
		assert_true(t.off[i] + t.len[i] <= t.text_len);
	/* random bytes never crash and stay in bounds */
	srand(3);
	char buf[256];
	for (int it = 0; it < 3000; it++) {
		size_t n = (size_t)(rand() % 256);
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)(rand() % 4 ? "ab <>{}%,.1\xc3\xa9\xe6\x9d\xb1"[rand() % 16] : rand());
		tm_tokenize(d, it & 1, buf, n, &t);
		for (size_t i = 0; i < t.n; i++)
			assert_true(t.off[i] + t.len[i] <= t.text_len && t.len[i] > 0);
	}
	/* the token cap */
	char *big = malloc(20001);
	for (int i = 0; i < 10000; i++)
		big[2 * i] = 'a', big[2 * i + 1] = ' ';
	tm_tokenize(d, true, big, 20000, &t);
	assert_int_equal(t.n, TM_MAX_TOKENS);
	free(big);
	tm_tokens_release(&t);
	tm_dict_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_normalising),
		cmocka_unit_test(test_invalid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
