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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_placeholders_and_tags),
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
