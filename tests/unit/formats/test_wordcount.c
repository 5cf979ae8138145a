#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "formats/wordcount.h"

static struct text_counts count(const char *s, const char *lang)
{
	struct text_counts c;
	text_count(s, strlen(s), lang, &c);
	return c;
}

#define EXPECT(s, lang, w, ch, chs) do { \
	struct text_counts c_ = count(s, lang); \
	if (c_.words != (w) || c_.chars != (ch) || c_.chars_with_spaces != (chs)) \
		fail_msg("'%s' (%s): got %ld/%ld/%ld, want %d/%d/%d", s, lang, c_.words, \
			 c_.chars, c_.chars_with_spaces, w, ch, chs); \
} while (0)

static void test_plain(void **state)
{
	EXPECT("", "en", 0, 0, 0);
	EXPECT("Hello world", "en", 2, 10, 11);
	EXPECT("Save changes to the document's settings?", "en", 6, 35, 40);
	EXPECT("Datei 3,5 MB groß", "de", 4, 14, 17);
	EXPECT("  \t\n", "en", 0, 0, 4);
}

static void test_placeholders_and_tags(void **state)
{
	EXPECT("Hello {name}, you have %d new <b>messages</b>", "en", 5, 24, 30);
	EXPECT("{{count}} items in $cart and ${total} %1$s %@ %{n} {0}", "en", 3, 10, 19);
	EXPECT("Line<br/>break <a href=\"x\">here</a>", "en", 3, 13, 14);
	EXPECT("100% sure, 5 < 6 > 4", "en", 5, 14, 20);	/* not placeholders */
}

static void test_cjk(void **state)
{
	EXPECT("変更を保存しますか？", "ja", 9, 10, 10);
	EXPECT("保存文件", "zh", 4, 4, 4);
	EXPECT("ファイル %d 個", "ja", 5, 5, 7);
}

struct job {
	const char *s, *lang;
	long words;
	int fails;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	for (int i = 0; i < 300; i++) {
		struct text_counts c;
		text_count(j->s, strlen(j->s), j->lang, &c);
		j->fails += c.words != j->words;
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct job jobs[4] = {
		{ "Save changes to the document's settings?", "en", 6, 0 },
		{ "変更を保存しますか？", "ja", 9, 0 },
		{ "Datei 3,5 MB groß", "de", 4, 0 },
		{ "保存文件", "zh", 4, 0 },
	};
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(jobs[i].fails, 0);
	}
}

/*
 * The ASCII shortcut of text_count against ICU itself, on random texts of
 * letters, digits, blanks and every ASCII punctuation mark (placeholders
 * included), and on texts with bytes the shortcut leaves to ICU.
 */
static void test_ascii_shortcut_counts_as_icu(void **state)
{
	static const char alphabet[] = "aZq9 0.,;:'!?\"-_()[]{}<>/\\|@#$%^&*+=~`\t\n";
	static const char *const extra[] = { "é", "_", "\x01", "%s", "{n}", "<b>", "3.5", "a.b" };
	uint32_t seed = 12345;
	char text[64];
	for (int round = 0; round < 200000; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t n = (seed >> 16) % 24, at = 0;
		for (size_t i = 0; i < n && at < sizeof(text) - 8; i++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t r = seed >> 8;
			if (r % 17 == 0) {
				const char *x = extra[(r / 17) % (sizeof(extra) / sizeof(*extra))];
				memcpy(text + at, x, strlen(x));
				at += strlen(x);
			} else {
				text[at++] = alphabet[r % (sizeof(alphabet) - 1)];
			}
		}
		text[at] = '\0';
		struct text_counts fast, icu;
		text_count(text, at, NULL, &fast);
		text_count_icu(text, at, NULL, &icu);
		if (fast.words != icu.words || fast.chars != icu.chars ||
		    fast.chars_with_spaces != icu.chars_with_spaces)
			fail_msg("'%s': shortcut %ld/%ld/%ld, ICU %ld/%ld/%ld", text, fast.words, fast.chars,
				 fast.chars_with_spaces, icu.words, icu.chars, icu.chars_with_spaces);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_shortcut_counts_as_icu),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_placeholders_and_tags),
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
