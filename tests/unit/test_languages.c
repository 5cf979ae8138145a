/* Unit tests for the built-in language table (src/model/languages.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/format.h"
#include "model/languages.h"

#define CAT(c) (1u << PLURAL_##c)

static int popcount(unsigned x)
{
	int n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

static int nplurals(const char *plural_forms)
{
	const char *p = strstr(plural_forms, "nplurals=");
	return p ? atoi(p + strlen("nplurals=")) : -1;
}

static void test_count_and_ids(void **state)
{
	(void)state;
	assert_true(language_count() >= 150);
	for (size_t i = 0; i < language_count(); i++) {
		const struct language *l = language_at(i);
		assert_non_null(l);
		assert_int_equal(l->id, (int)i + 1);
		assert_ptr_equal(language_by_id(l->id), l);
	}
	assert_null(language_at(language_count()));
	assert_null(language_by_id(0));
	assert_null(language_by_id(-1));
	assert_null(language_by_id((int)language_count() + 1));
}

static void test_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < language_count(); i++) {
		const struct language *l = language_at(i);
		assert_non_null(l->name);
		assert_true(l->name[0]);
		assert_non_null(l->crowdin_code);
		assert_true(l->crowdin_code[0]);
		assert_true(l->editor_code[0]);
		assert_true(l->locale[0]);
		assert_true(l->android_code[0]);
		assert_non_null(strstr(l->osx_code, ".lproj"));
		assert_true(l->osx_locale[0]);
		assert_true(l->localized_name[0]);
		assert_non_null(l->iso_639_1);
		assert_non_null(l->iso_639_3);
		assert_non_null(l->emoji);
		assert_true(l->plural_cats & CAT(OTHER));
		assert_true(l->plural_cats < 1u << PLURAL_NCATS);
		assert_true(nplurals(l->plural_forms) >= 1);
		assert_non_null(strstr(l->plural_forms, "plural="));
		for (size_t j = 0; j < i; j++) {
			const struct language *m = language_at(j);
			if (strcasecmp(l->crowdin_code, m->crowdin_code) == 0)
				fail_msg("duplicate crowdin_code %s", l->crowdin_code);
			if (strcasecmp(l->name, m->name) == 0)
				fail_msg("duplicate name %s", l->name);
		}
	}
}

static void test_romanian(void **state)
{
	(void)state;
	const struct language *l = language_by_code("ro");
	assert_non_null(l);
	assert_string_equal(l->name, "Romanian");
	assert_string_equal(l->crowdin_code, "ro");
	assert_string_equal(l->editor_code, "ro");
	assert_string_equal(l->iso_639_1, "ro");
	assert_string_equal(l->iso_639_3, "ron");
	assert_string_equal(l->locale, "ro-RO");
	assert_string_equal(l->android_code, "ro-rRO");
	assert_string_equal(l->osx_code, "ro.lproj");
	assert_string_equal(l->osx_locale, "ro");
	assert_int_equal(l->plural_cats, CAT(ONE) | CAT(FEW) | CAT(OTHER));
}

static void test_ukrainian(void **state)
{
	(void)state;
	const struct language *l = language_by_code("uk");
	assert_non_null(l);
	assert_string_equal(l->name, "Ukrainian");
	assert_string_equal(l->crowdin_code, "uk");
	assert_string_equal(l->editor_code, "uk");
	assert_string_equal(l->iso_639_1, "uk");
	assert_string_equal(l->iso_639_3, "ukr");
	assert_string_equal(l->locale, "uk-UA");
	assert_string_equal(l->android_code, "uk-rUA");
	assert_string_equal(l->osx_code, "uk.lproj");
	assert_string_equal(l->osx_locale, "uk");
	assert_string_equal(l->emoji, "\U0001F1FA\U0001F1E6");	/* UA */
	/* localization.one's sample shows "Українська мова" */
	assert_string_equal(l->localized_name, "Українська мова");
}

static void test_known_codes(void **state)
{
	(void)state;
	static const char *const codes[] = {
		"fr", "de", "uk", "pt-BR", "pt-PT", "es-ES", "es-MX", "zh-CN",
		"zh-TW", "sv-SE", "nb", "nn-NO", "en", "en-GB", "en-US", "en-AU",
		"en-CA", "sr", "sr-CS", "ga-IE", "hy-AM", "ne-NP", "pa-IN",
		"si-LK", "ur-PK", "gu-IN", "ta", "te", "ja", "ko", "ar", "ru",
		"pl", "cs", "it", "nl", "tr", "he", "vi", "id",
	};
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!language_by_code(codes[i]))
			fail_msg("missing %s", codes[i]);

	const struct language *en = language_by_code("en");
	assert_string_equal(en->name, "English");
	assert_string_equal(en->locale, "en-US");
	assert_string_equal(en->emoji, "\U0001F1EC\U0001F1E7");	/* GB, as localization.one shows */
	assert_string_equal(language_by_code("en-GB")->name, "English, United Kingdom");

	const struct language *br = language_by_code("pt-BR");
	assert_string_equal(br->name, "Portuguese, Brazilian");
	assert_string_equal(br->android_code, "pt-rBR");
	assert_string_equal(br->osx_code, "pt-BR.lproj");
	assert_string_equal(language_by_code("pt-PT")->name, "Portuguese");

	const struct language *zh = language_by_code("zh-CN");
	assert_string_equal(zh->name, "Chinese Simplified");
	assert_string_equal(zh->android_code, "zh-rCN");
	assert_string_equal(zh->osx_code, "zh-Hans.lproj");
	assert_string_equal(zh->osx_locale, "zh-Hans");

	const struct language *fr = language_by_code("fr");
	assert_string_equal(fr->locale, "fr-FR");
	assert_string_equal(fr->android_code, "fr-rFR");
	assert_string_equal(fr->osx_code, "fr.lproj");
	assert_string_equal(fr->localized_name, "Français");
}

static void test_lookup(void **state)
{
	(void)state;
	const struct language *l = language_by_code("pt-BR");
	assert_non_null(l);
	assert_ptr_equal(language_by_code("PT-br"), l);
	assert_ptr_equal(language_by_code("pt-br"), l);
	assert_ptr_equal(language_by_code("UK"), language_by_code("uk"));
	assert_null(language_by_code("pt"));
	assert_null(language_by_code("xx-YY"));
	assert_null(language_by_code(""));
	assert_null(language_by_code(NULL));
	/* every row is found by its own code, in any case */
	for (size_t i = 0; i < language_count(); i++) {
		const struct language *m = language_at(i);
		char up[32];
		size_t n = strlen(m->crowdin_code);
		assert_true(n < sizeof(up));
		for (size_t k = 0; k <= n; k++)
			up[k] = (char)(m->crowdin_code[k] >= 'a' && m->crowdin_code[k] <= 'z'
				       ? m->crowdin_code[k] - 32 : m->crowdin_code[k]);
		assert_ptr_equal(language_by_code(m->crowdin_code), m);
		assert_ptr_equal(language_by_code(up), m);
		assert_ptr_equal(language_by_id(m->id), m);
	}
}

static void test_plural_cats(void **state)
{
	(void)state;
	assert_int_equal(language_by_code("ru")->plural_cats,
			 CAT(ONE) | CAT(FEW) | CAT(MANY) | CAT(OTHER));
	assert_int_equal(language_by_code("ar")->plural_cats,
			 CAT(ZERO) | CAT(ONE) | CAT(TWO) | CAT(FEW) | CAT(MANY) | CAT(OTHER));
	assert_int_equal(language_by_code("ja")->plural_cats, CAT(OTHER));
	assert_int_equal(language_by_code("en")->plural_cats, CAT(ONE) | CAT(OTHER));
	assert_int_equal(language_by_code("zh-CN")->plural_cats, CAT(OTHER));
}

/*
 * gettext nplurals against the CLDR categories.  gettext only counts
 * integers, and ICU 72 (CLDR 42) has categories it does not:
 *   fr: "many" is for 1000000 and the like; gettext has 2 forms
 *   ru, uk, pl: "other" is for fractions only
 *   cs: "many" is for fractions only
 */
static void test_nplurals(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		unsigned not_in_gettext;
	} langs[] = {
		{ "en", 0 },
		{ "de", 0 },
		{ "fr", CAT(MANY) },
		{ "ru", CAT(OTHER) },
		{ "uk", CAT(OTHER) },
		{ "pl", CAT(OTHER) },
		{ "cs", CAT(MANY) },
		{ "ar", 0 },
		{ "ja", 0 },
		{ "zh-CN", 0 },
	};
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		const struct language *l = language_by_code(langs[i].code);
		assert_non_null(l);
		assert_true((l->plural_cats & langs[i].not_in_gettext) == langs[i].not_in_gettext);
		int want = popcount(l->plural_cats & ~langs[i].not_in_gettext);
		if (nplurals(l->plural_forms) != want)
			fail_msg("%s: nplurals=%d, expected %d", l->crowdin_code,
				 nplurals(l->plural_forms), want);
	}
	assert_string_equal(language_by_code("en")->plural_forms, "nplurals=2; plural=(n != 1);");
	assert_string_equal(language_by_code("ja")->plural_forms, "nplurals=1; plural=0;");
	assert_string_equal(language_by_code("uk")->plural_forms,
			    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);");
	assert_int_equal(nplurals(language_by_code("ar")->plural_forms), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_and_ids),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_romanian),
		cmocka_unit_test(test_ukrainian),
		cmocka_unit_test(test_known_codes),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_plural_cats),
		cmocka_unit_test(test_nplurals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
