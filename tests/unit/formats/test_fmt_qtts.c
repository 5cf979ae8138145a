#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt_test.h"
#include "formats/formats_list.h"

static void test_round_trip(void **state)
{
	fx_roundtrip(&fmt_qtts, "qtts/notely_en.ts", NULL);
}

static void test_units(void **state)
{
	struct fmt_doc doc;
	doc = fx_parse(&fmt_qtts, "qtts/notely_en.ts", NULL);
	assert_int_equal(doc.n_units, 6);
	fx_check_unit(&doc, "MainWindow\004Notely", "Notely", NULL, 0);
	fx_check_unit(&doc, "MainWindow\004&Open...\004menu", "&Open...", "menu", 0);
	fx_check_unit(&doc, "MainWindow\004&Open...\004toolbar", "&Open...",
		      "Button on the main toolbar", 0);
	fx_check_unit(&doc, "MainWindow\004%n note(s) deleted", "%n note(s) deleted", NULL, UNIT_PLURAL);
	fx_check_unit(&doc, "SettingsDialog\004Use <b>dark</b> theme", "Use <b>dark</b> theme", NULL, 0);
	assert_string_equal(doc.units[5].context, "SettingsDialog");
	fmt_doc_free(&doc);
}

static const struct fx_tr rows[] = {
	{ "MainWindow\004&Open...\004menu", "&Открыть...", { 0 } },
	{ "MainWindow\004%n note(s) deleted", NULL, { [PLURAL_ONE] = "Удалена %n заметка",
		[PLURAL_FEW] = "Удалены %n заметки", [PLURAL_MANY] = "Удалено %n заметок",
		[PLURAL_OTHER] = "Удалено %n заметки" } },
	{ "SettingsDialog\004Use <b>dark</b> theme", "Тёмная <b>тема</b>", { 0 } },
	{ "SettingsDialog\004Language:", "Язык:", { 0 } },
	{ NULL, NULL, { 0 } },
};

static void test_translated(void **state)
{
	struct fmt_doc doc, back;
	struct buf out;
	struct fmt_error err;
	doc = fx_parse(&fmt_qtts, "qtts/notely_en.ts", NULL);
	fx_write_tr(&doc, &lang_ru, rows, false, &out);
	fx_xml_well_formed(&out);
	fx_expect(&out, "qtts/notely_ru.ts.expected");
	assert_int_equal(fmt_parse(&fmt_qtts, out.data, out.len, NULL, &back, &err), 0);
	assert_int_equal(back.n_units, 6);
	fmt_doc_free(&back);
	buf_release(&out);
	fx_write_tr(&doc, &lang_ru, rows, true, &out);
	fx_xml_well_formed(&out);
	fx_expect(&out, "qtts/notely_ru-skip.ts.expected");
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_bad_input(void **state)
{
	fx_bad_common(&fmt_qtts, "qtts/notely_en.ts", "<TS><context><name>");
	fx_bad_str(&fmt_qtts, "<TS>\n<context><name>a</name><message></message></context></TS>",
		   "line 2");
	fx_bad_str(&fmt_qtts, "<TS><context>\n<name>a</name></context>", "line");
}

/* ---- numerus forms: Qt's count and order per language ------------------- */

#define NUMERUS_TS(lang) \
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n" \
	"<TS version=\"2.1\"" lang ">\n<context>\n    <name>C</name>\n" \
	"    <message numerus=\"yes\">\n        <source>%n file(s)</source>\n"
#define NUMERUS_END "\n    </message>\n</context>\n</TS>\n"
#define NUMERUS_KEY "C\004%n file(s)"

/* Every category with a text naming it. */
static const struct fx_tr all_forms[] = {
	{ NUMERUS_KEY, NULL, { "zero", "one", "two", "few", "many", "other" } },
	{ NULL, NULL, { 0 } },
};

/* The <numerusform> texts of out, joined by ',' (caller frees). */
static char *numerusforms(const struct buf *out)
{
	struct buf b;
	buf_init(&b, 0);
	for (const char *p = out->data; (p = strstr(p, "<numerusform>")) != NULL;) {
		p += strlen("<numerusform>");
		const char *e = strstr(p, "</numerusform>");
		assert_non_null(e);
		if (b.len)
			buf_addc(&b, ',');
		buf_add(&b, p, (size_t)(e - p));
		p = e;
	}
	return buf_detach(&b, NULL);
}

static void expect_forms_written(const char *code, unsigned cats, const char *want)
{
	static const char src[] = NUMERUS_TS("") "        <translation type=\"unfinished\">\n"
		"            <numerusform></numerusform>\n        </translation>" NUMERUS_END;
	const struct fmt_lang lang = { code, code, NULL, cats, 0 };
	struct fmt_doc doc;
	struct fmt_error err;
	struct buf out;
	assert_int_equal(fmt_parse(&fmt_qtts, src, strlen(src), NULL, &doc, &err), 0);
	fx_write_tr(&doc, &lang, all_forms, false, &out);
	fx_xml_well_formed(&out);
	char *got = numerusforms(&out);
	if (strcmp(got, want) != 0)
		fail_msg("%s: numerusforms [%s], expected [%s]", code, got, want);
	free(got);
	buf_release(&out);
	fmt_doc_free(&doc);
}

static void test_numerus_written(void **state)
{
	/* Qt has fewer forms than CLDR has categories */
	expect_forms_written("ru", lang_ru.plural_cats, "one,few,many");
	expect_forms_written("uk-UA", lang_ru.plural_cats, "one,few,many");
	expect_forms_written("pl", lang_ru.plural_cats, "one,few,many");
	expect_forms_written("cs", lang_ru.plural_cats, "one,few,other");
	expect_forms_written("lt", lang_ru.plural_cats, "one,few,other");
	expect_forms_written("fr", CATS(PLURAL_ONE, PLURAL_MANY, PLURAL_OTHER), "one,other");
	expect_forms_written("pt-BR", CATS(PLURAL_ONE, PLURAL_MANY, PLURAL_OTHER), "one,other");
	expect_forms_written("he", CATS(PLURAL_ONE, PLURAL_TWO, PLURAL_OTHER), "one,other");
	expect_forms_written("ga-IE", CATS(PLURAL_ONE, PLURAL_TWO, PLURAL_FEW, PLURAL_MANY,
					   PLURAL_OTHER), "one,two,other");
	expect_forms_written("cy", 0x3F, "zero,one,two,many,other");
	/* one form in Qt: its japanese style, and every language Qt does not list */
	expect_forms_written("tr", CATS(PLURAL_ONE, PLURAL_OTHER), "other");
	expect_forms_written("hu", CATS(PLURAL_ONE, PLURAL_OTHER), "other");
	expect_forms_written("ja", lang_ja.plural_cats, "other");
	expect_forms_written("ast", CATS(PLURAL_ONE, PLURAL_OTHER), "other");
	/* Qt's order is not CLDR's */
	expect_forms_written("lv", CATS(PLURAL_ZERO, PLURAL_ONE, PLURAL_OTHER), "one,other,zero");
	/* a Qt form for a category the language lacks carries "other" */
	expect_forms_written("sr", CATS(PLURAL_ONE, PLURAL_FEW, PLURAL_OTHER), "one,few,other");
	expect_forms_written("km", CATS(PLURAL_OTHER), "other,other");
	expect_forms_written("mk", CATS(PLURAL_ONE, PLURAL_OTHER), "one,other,other");
	/* same count and order as CLDR */
	expect_forms_written("de", lang_de.plural_cats, "one,other");
	expect_forms_written("ar-EG", 0x3F, "zero,one,two,few,many,other");
}

static const char ru_ts[] = NUMERUS_TS(" language=\"ru_RU\"") "        <translation>\n"
	"            <numerusform>Удалён %n файл</numerusform>\n"
	"            <numerusform>Удалены %n файла</numerusform>\n"
	"            <numerusform>Удалено %n файлов</numerusform>\n"
	"        </translation>" NUMERUS_END;

static void parse_s(const char *s, const struct fmt_options *opt, struct fmt_doc *doc)
{
	struct fmt_error err;
	if (fmt_parse(&fmt_qtts, s, strlen(s), opt, doc, &err))
		fail_msg("parse: %s", err.msg);
}

static void expect_target(const struct fmt_doc *doc, int cat, const char *want)
{
	const char *got = fx_unit(doc, NUMERUS_KEY)->target_plural[cat];
	if (!want ? got != NULL : !got || strcmp(got, want) != 0)
		fail_msg("%s: [%s], expected [%s]", plural_cat_name(cat), got ? got : "(null)",
			 want ? want : "(null)");
}

/* Translations the file itself holds, for a write-back. */
static struct fmt_translation file_tr;

static const struct fmt_translation *file_lookup(void *ctx, size_t i)
{
	const struct unit *u = &((const struct fmt_doc *)ctx)->units[i];
	memset(&file_tr, 0, sizeof(file_tr));
	memcpy(file_tr.plural, u->target_plural, sizeof(file_tr.plural));
	return &file_tr;
}

static void test_numerus_read(void **state)
{
	struct fmt_doc doc;
	struct fmt_options opt;

	/* the file's language: Russian, Qt's three forms */
	parse_s(ru_ts, NULL, &doc);
	expect_target(&doc, PLURAL_ONE, "Удалён %n файл");
	expect_target(&doc, PLURAL_FEW, "Удалены %n файла");
	expect_target(&doc, PLURAL_MANY, "Удалено %n файлов");
	expect_target(&doc, PLURAL_OTHER, NULL);
	/* written back in Russian, the translation is the same bytes */
	struct fmt_write_opts w = { &lang_ru, file_lookup, &doc, false };
	struct fmt_error err;
	struct buf out;
	buf_init(&out, 0);
	assert_int_equal(fmt_qtts.write(&doc, NULL, &w, &out, &err), 0);
	fx_assert_same("ru write-back", ru_ts, strlen(ru_ts), out.data, out.len);
	buf_release(&out);
	fmt_doc_free(&doc);

	/* the upload's language wins over the file's */
	fmt_options_default(&opt);
	opt.target_language = "lv";
	opt.plural_cats = CATS(PLURAL_ZERO, PLURAL_ONE, PLURAL_OTHER);
	parse_s(ru_ts, &opt, &doc);
	expect_target(&doc, PLURAL_ONE, "Удалён %n файл");
	expect_target(&doc, PLURAL_OTHER, "Удалены %n файла");
	expect_target(&doc, PLURAL_ZERO, "Удалено %n файлов");
	fmt_doc_free(&doc);

	/* Khmer: both Qt forms stand for "other", the later (general) one is kept */
	opt.target_language = "km";
	opt.plural_cats = CATS(PLURAL_OTHER);
	parse_s(ru_ts, &opt, &doc);
	expect_target(&doc, PLURAL_ONE, NULL);
	expect_target(&doc, PLURAL_OTHER, "Удалены %n файла");
	fmt_doc_free(&doc);

	/* a language Qt does not list has one form; forms past Qt's count are ignored */
	parse_s(NUMERUS_TS(" language=\"xx\"") "<translation><numerusform>a</numerusform>"
		"<numerusform>b</numerusform></translation>" NUMERUS_END, NULL, &doc);
	expect_target(&doc, PLURAL_OTHER, "a");
	expect_target(&doc, PLURAL_ONE, NULL);
	fmt_doc_free(&doc);

	/* no language at all: forms cannot be placed and are not read */
	parse_s(NUMERUS_TS("") "<translation><numerusform>a</numerusform></translation>"
		NUMERUS_END, NULL, &doc);
	for (int c = 0; c < PLURAL_NCATS; c++)
		expect_target(&doc, c, NULL);
	fmt_doc_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_translated),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_numerus_written),
		cmocka_unit_test(test_numerus_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
