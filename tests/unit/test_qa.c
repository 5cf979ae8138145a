/*
 * QA checks (src/model/qa.c): a table of cases, each naming exactly the
 * checks that must fire, so a check firing too often fails as surely as one
 * that stays silent; the check table against docs/qa.md; severities and
 * disabled checks; messages that name what is wrong.
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
#include "core/utf8.h"
#include "model/qa.h"
#include "docs_section.h"

#define P QA_SYNTAX_PRINTF
#define I QA_SYNTAX_ICU
#define N QA_SYNTAX_I18NEXT
#define R QA_SYNTAX_RUBY
#define A QA_SYNTAX_ANDROID
#define X QA_SYNTAX_NONE

struct qa_case {
	const char *source, *translation;
	enum qa_syntax syntax;
	size_t max_length;
	const char *glossary;	/* "term=one|other;term2=..." or NULL */
	const char *expect;	/* ids of the checks that fire, in table order */
};

static const struct qa_case cases[] = {
	/* printf placeholders */
	{ "Hello %s", "Bonjour %s", P, 0, NULL, "" },
	{ "Hello %s", "Bonjour", P, 0, NULL, "placeholder_missing" },
	{ "Hello", "Bonjour %s", P, 0, NULL, "placeholder_extra" },
	{ "%1$s has %2$d files", "%2$d Dateien hat %1$s", P, 0, NULL, "" },
	{ "%s has %d files", "%d Dateien hat %s", P, 0, NULL, "placeholder_order" },
	{ "%s of %s", "%s из %s", P, 0, NULL, "" },
	{ "%s", "%s %s", P, 0, NULL, "placeholder_extra" },
	{ "%d%% done", "%d%% готово", P, 0, NULL, "" },
	{ "%d%% done", "%d готово", P, 0, NULL, "" },	/* %% is text, not a placeholder */
	{ "100% sure", "100% sicher", P, 0, NULL, "" },
	{ "Save 100%", "Sparen Sie 100%", P, 0, NULL, "" },
	{ "50% off %s", "%s: -50% ", P, 0, NULL, "whitespace_trailing" },
	{ "%.2f MB", "%.2f Мб", P, 0, NULL, "" },
	{ "%.2f MB", "%.1f MB", P, 0, NULL, "placeholder_missing placeholder_extra" },
	{ "%@ items", "%@ Elemente", P, 0, NULL, "" },
	{ "%lu bytes", "%lu байт", P, 0, NULL, "" },
	{ "Use {name} here", "Nutze {Name} hier", P, 0, NULL, "" },
	{ "Use { and }", "Utilisez { et }", P, 0, NULL, "" },
	{ "Hello %s!", "Hallo!", P, 0, NULL, "placeholder_missing" },
	/* ICU MessageFormat */
	{ "Hello {name}", "Привет, {name}", I, 0, NULL, "" },
	{ "Hello {name}", "Привет, {имя}", I, 0, NULL, "placeholder_missing placeholder_extra" },
	{ "{n, plural, one {# file} other {# files}}",
	  "{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}", I, 0, NULL, "" },
	{ "{n, plural, one {# file} other {# files}}",
	  "{n, plural, one {# файл} few {# файла}}", I, 0, NULL, "icu_syntax" },
	{ "{n, plural, one {# file} other {# files}}",
	  "{n, plural, one {# файл} other {# файлов}", I, 0, NULL, "icu_syntax" },
	{ "{n, plural, one {# file} other {# files}}",
	  "{n, plural, uno {# file} other {# files}}", I, 0, NULL, "icu_syntax" },
	{ "{n, plural, =0 {No files} one {# file} other {# files}}",
	  "{n, plural, =0 {Нет файлов} one {# файл} other {# файлов}}", I, 0, NULL, "" },
	{ "{n, plural, offset:1 other {# more}}", "{n, plural, offset:1 other {# de plus}}",
	  I, 0, NULL, "" },
	{ "Hello {name}", "Hello {name", I, 0, NULL, "icu_syntax" },
	{ "Hello {name}", "Hello name}", I, 0, NULL, "icu_syntax" },
	{ "{g, select, male {He} female {She} other {They}} left",
	  "{g, select, male {Il} female {Elle} other {Iel}} est parti", I, 0, NULL, "" },
	{ "{g, select, male {He} other {They}}", "{g, select, male {Il} femme {Elle}}",
	  I, 0, NULL, "icu_syntax" },
	{ "{n, number} items", "{n} элементов", I, 0, NULL, "placeholder_missing placeholder_extra" },
	{ "{d, date, short}", "{d, date, short}", I, 0, NULL, "" },
	{ "{d, date}", "{d, dat}", I, 0, NULL, "icu_syntax" },
	{ "It's {n}", "C'est {n}", I, 0, NULL, "" },
	{ "It's {n}", "C'est {m}", I, 0, NULL, "placeholder_missing placeholder_extra" },
	{ "It''s '{'{n}'}'", "C''est '{'{n}'}'", I, 0, NULL, "" },
	{ "Use '{braces}'", "Utilisez '{braces}'", I, 0, NULL, "" },
	{ "Use '{braces}'", "Utilisez '{accolades}'", I, 0, NULL, "" },	/* quoted: text */
	{ "Hello {", "Hallo {", I, 0, NULL, "" },	/* the source is no ICU message */
	{ "You have {n} new", "{n} nouveaux {m}", I, 0, NULL, "placeholder_extra" },
	/* i18next */
	{ "Hello {{name}}", "Hallo {{ name }}", N, 0, NULL, "" },
	{ "Hello {{name}}", "Hallo {{nom}}", N, 0, NULL, "placeholder_missing placeholder_extra" },
	{ "See $t(common.more)", "Siehe $t(common.more)", N, 0, NULL, "" },
	{ "See $t(common.more)", "Siehe mehr", N, 0, NULL, "placeholder_missing" },
	{ "{single} brace", "{single} Klammer", N, 0, NULL, "" },
	{ "{{count}} items", "{{count}} элементов {{count}}", N, 0, NULL, "placeholder_extra" },
	{ "{{a}} and {{b}}", "{{b}} und {{a}}", N, 0, NULL, "" },
	/* Ruby */
	{ "Hello %{name}", "Hallo %{name}", R, 0, NULL, "" },
	{ "Hello %{name}", "Hallo %{nom}", R, 0, NULL, "placeholder_missing placeholder_extra" },
	{ "%<total>.2f total", "Gesamt %<total>.2f", R, 0, NULL, "" },
	{ "%{a} and %{b}", "%{b} und %{a}", R, 0, NULL, "" },
	{ "%s and %d", "%d und %s", R, 0, NULL, "placeholder_order" },
	/* Android */
	{ "Hello %1$s", "Hallo %1$s", A, 0, NULL, "" },
	{ "<xliff:g id=\"count\">%d</xliff:g> files", "<xliff:g id=\"count\">%d</xliff:g> Dateien",
	  A, 0, NULL, "" },
	{ "<xliff:g id=\"count\">%d</xliff:g> files", "<xliff:g id=\"num\">%d</xliff:g> Dateien",
	  A, 0, NULL, "tag_missing tag_extra" },
	{ "%1$s and %2$s", "%1$s и %1$s", A, 0, NULL, "placeholder_missing placeholder_extra" },
	/* tags */
	{ "Click <b>here</b>", "Klicken Sie <b>hier</b>", X, 0, NULL, "" },
	{ "Click <b>here</b>", "Klicken Sie hier", X, 0, NULL, "tag_missing" },
	{ "Click here", "Klicken Sie <i>hier</i>", X, 0, NULL, "tag_extra" },
	{ "<b><i>Bold</i></b>", "<b><i>Fett</b></i>", X, 0, NULL, "tag_unbalanced" },
	{ "<b>Hi</b>", "</b>Hallo<b>", X, 0, NULL, "tag_unbalanced" },
	{ "Open <b>", "Öffne <b>", X, 0, NULL, "" },	/* the source does not close it either */
	{ "Line<br>break", "Zeilen<br/>umbruch", X, 0, NULL, "" },
	{ "a < b and c > d", "a < b und c > d", X, 0, NULL, "" },
	{ "<a href=\"/en/help\">Help</a>", "<a href=\"/de/help\">Hilfe</a>", X, 0, NULL, "" },
	{ "<h1>Title</h1>", "<h1>Titel</h1>", X, 0, NULL, "" },	/* no number 1 */
	{ "{n, plural, one {<b>#</b> file} other {<b>#</b> files}}",
	  "{n, plural, one {<b>#</b> файл} few {<b>#</b> файла} other {<b>#</b> файлов}}",
	  I, 0, NULL, "" },
	/* white space and line breaks at the edges */
	{ " Name", "Имя", X, 0, NULL, "whitespace_leading" },
	{ "Name ", "Имя", X, 0, NULL, "whitespace_trailing" },
	{ "Name  ", "Имя  ", X, 0, NULL, "" },
	{ "\nName", "Имя", X, 0, NULL, "newline_leading" },
	{ "Name\n", "Имя", X, 0, NULL, "newline_trailing" },
	{ "Name\n", "Имя\n", X, 0, NULL, "" },
	{ "\n  Name", "\nИмя", X, 0, NULL, "whitespace_leading" },
	{ "\tName", " Имя", X, 0, NULL, "whitespace_leading" },
	{ "Name\u00A0", "Nom ", X, 0, NULL, "whitespace_trailing" },
	{ "Name\n\n", "Имя\n", X, 0, NULL, "newline_trailing" },
	{ "名前\u3000", "Name", X, 0, NULL, "whitespace_trailing" },
	{ "Name\r\n", "Имя\n", X, 0, NULL, "" },
	{ "", "Name ", X, 0, NULL, "whitespace_trailing" },
	{ "Name", "", X, 0, NULL, "" },		/* not translated yet */
	{ "", "", X, 0, NULL, "" },
	{ "", "Name", X, 0, NULL, "" },
	/* trailing punctuation */
	{ "Done.", "Готово", X, 0, NULL, "punctuation_trailing" },
	{ "Done.", "完了。", X, 0, NULL, "" },
	{ "Really?", "本当？", X, 0, NULL, "" },
	{ "Wait...", "Подождите…", X, 0, NULL, "" },
	{ "Wait…", "Warte.", X, 0, NULL, "punctuation_trailing" },
	{ "Name:", "名前：", X, 0, NULL, "" },
	{ "Hello!", "¡Hola!", X, 0, NULL, "" },
	{ "Hello", "Hallo!", X, 0, NULL, "punctuation_trailing" },
	{ "Save? ", "Speichern? ", X, 0, NULL, "" },
	{ "Why?", "لماذا؟", X, 0, NULL, "" },
	{ "Stop!", "Стоп?", X, 0, NULL, "punctuation_trailing" },
	{ "You have %d new messages.", "У вас %d новых сообщений", P, 0, NULL,
	  "punctuation_trailing" },
	/* numbers */
	{ "3 files", "3 Dateien", X, 0, NULL, "" },
	{ "3 files", "4 Dateien", X, 0, NULL, "numbers" },
	{ "1,000 users", "1 000 пользователей", X, 0, NULL, "" },
	{ "1,000 users", "1000 utilisateurs", X, 0, NULL, "" },
	{ "Top 10", "Top 10 10", X, 0, NULL, "numbers" },
	{ "Page 2 of 5", "Seite 5 von 2", X, 0, NULL, "" },
	{ "%1$d of 5", "%1$d из 5", P, 0, NULL, "" },
	{ "%1$d of 5", "%1$d из 6", P, 0, NULL, "numbers" },
	{ "5 items", "５件", X, 0, NULL, "" },
	{ "3.14", "3,14", X, 0, NULL, "" },
	{ "Pi is 3.14", "Pi ist 314", X, 0, NULL, "numbers" },	/* a group has three digits */
	{ "Version 2", "Version", X, 0, NULL, "numbers" },
	/* maximum length, in characters */
	{ "Save", "Speichern", X, 5, NULL, "max_length" },
	{ "Save", "Сохран", X, 6, NULL, "" },
	{ "Save", "Сохранить", X, 6, NULL, "max_length" },
	{ "Save", "保存", X, 2, NULL, "" },
	{ "Save", "保存する", X, 3, NULL, "max_length" },
	{ "Like", "👍👍", X, 2, NULL, "" },
	{ "Like", "👍👍👍", X, 2, NULL, "max_length" },
	{ "Save", "Speichern", X, 0, NULL, "" },
	/* double spaces */
	{ "Hello world", "Hallo  Welt", X, 0, NULL, "double_space" },
	{ "Hello  world", "Hallo  Welt", X, 0, NULL, "" },
	{ "Hello world", "Hallo Welt", X, 0, NULL, "" },
	{ "Hello world", "Hallo   Welt", X, 0, NULL, "double_space" },
	{ "Name", "Name  ", X, 0, NULL, "whitespace_trailing" },
	/* glossary terms */
	{ "Open the file", "Откройте файл", X, 0, "file=файл", "" },
	{ "Open the file", "Откройте документ", X, 0, "file=файл", "glossary" },
	{ "Open the File", "Файл открыть", X, 0, "file=файл", "" },
	{ "Open the file", "Откройте документ", X, 0, "folder=папка", "" },
	{ "Delete file", "Datei löschen", X, 0, "file=Datei|Akte", "" },
	{ "Delete file", "Akte löschen", X, 0, "file=Datei|Akte", "" },
	{ "Delete file", "Dokument löschen", X, 0, "file=Datei|Akte", "glossary" },
	{ "Save", "保存", X, 0, "save=保存", "" },
	{ "Save", "存储", X, 0, "save=保存", "glossary" },
	{ "🎉 Party file", "🎉 Вечеринка", X, 0, "file=файл;party=вечеринка", "glossary" },
	/* several at once */
	{ " %s: 3 files.", "%d: 4 Dateien", P, 20, NULL,
	  "placeholder_missing placeholder_extra whitespace_leading punctuation_trailing numbers" },
};

/* "file=Datei|Akte;x=y" as terms; everything in `arena` is freed by the caller. */
static size_t parse_glossary(const char *spec, struct qa_term *terms, char **arena)
{
	size_t n = 0;
	if (!spec)
		return 0;
	*arena = strdup(spec);
	for (char *save = NULL, *entry = strtok_r(*arena, ";", &save); entry;
	     entry = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(entry, '=');
		*eq = '\0';
		const char **targets = calloc(4, sizeof(*targets));
		size_t k = 0;
		for (char *s2 = NULL, *t = strtok_r(eq + 1, "|", &s2); t && k < 4; t = strtok_r(NULL, "|", &s2))
			targets[k++] = t;
		terms[n++] = (struct qa_term){ entry, targets, k };
	}
	return n;
}

/* The ids that fired, space-separated, in issue order. */
static void fired(const struct qa_result *res, struct buf *b)
{
	for (size_t i = 0; i < res->n; i++)
		buf_printf(b, "%s%s", i ? " " : "", qa_check_info(res->issues[i].check)->id);
	buf_addc(b, '\0');
}

static void assert_messages_valid(const struct qa_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		const char *m = res->issues[i].message;
		assert_true(strlen(m) > 0 && strlen(m) < QA_MESSAGE_MAX);
		assert_true(utf8_valid(m, strlen(m), NULL));
	}
}

static void table_of_cases(void **state)
{
	int failures = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct qa_case *c = &cases[i];
		struct qa_term terms[8];
		char *glossary = NULL;
		struct qa_input in = {
			.source = c->source, .translation = c->translation, .syntax = c->syntax,
			.max_length = c->max_length, .terms = terms,
		};
		in.n_terms = parse_glossary(c->glossary, terms, &glossary);
		struct qa_result res;
		qa_check(&in, &res);
		struct buf got;
		buf_init(&got, 0);
		fired(&res, &got);
		if (strcmp(got.data, c->expect)) {
			fprintf(stderr, "case %zu (line %s -> %s): expected [%s], got [%s]\n", i,
				c->source, c->translation, c->expect, got.data);
			for (size_t k = 0; k < res.n; k++)
				fprintf(stderr, "    %s\n", res.issues[k].message);
			failures++;
		}
		assert_messages_valid(&res);
		buf_release(&got);
		for (size_t t = 0; t < in.n_terms; t++)
			free((void *)terms[t].targets);
		free(glossary);
	}
	assert_int_equal(failures, 0);
}

/* Every check fires in some case and stays silent in another. */
static void table_covers_every_check(void **state)
{
	assert_true(sizeof(cases) / sizeof(cases[0]) >= 60);
	for (int c = 0; c < QA_CHECK_COUNT; c++) {
		const char *id = qa_check_info(c)->id;
		size_t fires = 0;
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const char *at = strstr(cases[i].expect, id);
			fires += at && (at[strlen(id)] == ' ' || at[strlen(id)] == '\0');
		}
		if (fires < 1)
			fprintf(stderr, "no case fires %s\n", id);
		assert_true(fires >= 1);
	}
}

/* The table as docs/qa.md shows it, rendered from the code. */
static void render_table(struct buf *b)
{
	buf_adds(b, "| id | default | what it finds |\n|---|---|---|\n");
	for (int c = 0; c < QA_CHECK_COUNT; c++) {
		const struct qa_check_info *info = qa_check_info(c);
		buf_printf(b, "| `%s` | %s | %s |\n", info->id,
			   info->severity == QA_ERROR ? "error" : "warning", info->description);
	}
	buf_addc(b, '\0');
}

static void docs_equal_code(void **state)
{
	struct buf want;
	buf_init(&want, 0);
	render_table(&want);
	char *got = docs_section("qa.md", "qa-table");
	if (strcmp(got, want.data))
		fprintf(stderr, "docs/qa.md differs from src/model/qa.c; the table is:\n%s", want.data);
	assert_string_equal(got, want.data);
	free(got);
	buf_release(&want);
}

static void ids_and_syntaxes_round_trip(void **state)
{
	for (int c = 0; c < QA_CHECK_COUNT; c++) {
		enum qa_check_id back;
		assert_int_equal(qa_check_info(c)->check, c);
		assert_int_equal(qa_check_parse(qa_check_info(c)->id, &back), 0);
		assert_int_equal(back, c);
	}
	for (int s = 0; s < QA_SYNTAX_COUNT; s++) {
		enum qa_syntax back;
		assert_int_equal(qa_syntax_parse(qa_syntax_name(s), &back), 0);
		assert_int_equal(back, s);
	}
	enum qa_check_id c;
	enum qa_syntax s;
	assert_int_equal(qa_check_parse("Numbers", &c), -1);
	assert_int_equal(qa_check_parse(NULL, &c), -1);
	assert_int_equal(qa_syntax_parse("java", &s), -1);
	assert_null(qa_check_info(QA_CHECK_COUNT));
	assert_null(qa_syntax_name(QA_SYNTAX_COUNT));
}

static void blocking_and_disabled_checks(void **state)
{
	struct qa_input in = { .source = "Hello %s.", .translation = "Hallo", .syntax = P };
	struct qa_result res;
	assert_int_equal(qa_check(&in, &res), 2);
	assert_false(res.blocked);
	assert_int_equal(res.issues[0].severity, QA_WARNING);

	in.blocking = QA_BIT(QA_PLACEHOLDER_MISSING);
	assert_int_equal(qa_check(&in, &res), 2);
	assert_true(res.blocked);
	assert_int_equal(res.issues[0].check, QA_PLACEHOLDER_MISSING);
	assert_int_equal(res.issues[0].severity, QA_ERROR);
	assert_int_equal(res.issues[1].severity, QA_WARNING);

	in.disabled = QA_BIT(QA_PLACEHOLDER_MISSING);
	assert_int_equal(qa_check(&in, &res), 1);
	assert_int_equal(res.issues[0].check, QA_PUNCTUATION_TRAILING);
	assert_false(res.blocked);
}

static const char *message_of(const char *source, const char *translation, enum qa_syntax syntax,
			      const struct qa_term *terms, size_t n_terms, struct qa_result *res)
{
	struct qa_input in = { .source = source, .translation = translation, .syntax = syntax,
			       .terms = terms, .n_terms = n_terms };
	assert_int_equal(qa_check(&in, res), 1);
	return res->issues[0].message;
}

static void messages_name_what_is_wrong(void **state)
{
	struct qa_result res;
	assert_non_null(strstr(message_of("%1$s and %2$s", "%1$s и", P, NULL, 0, &res), "%2$s"));
	assert_non_null(strstr(message_of("<b>x</b>", "<i>x</i><b>x</b>", X, NULL, 0, &res), "<i>"));
	assert_non_null(strstr(message_of("{n, plural, other {#}}", "{n, plural, one {#}}", I,
					  NULL, 0, &res), "other"));
	assert_non_null(strstr(message_of("3 days", "4 дня", X, NULL, 0, &res), "missing 3; extra 4"));
	const char *targets[] = { "файл" };
	struct qa_term term = { "file", targets, 1 };
	const char *m = message_of("A file", "Документ", X, &term, 1, &res);
	assert_non_null(strstr(m, "\"file\""));
	assert_non_null(strstr(m, "\"файл\""));
	assert_non_null(strstr(message_of(" a", "a", X, NULL, 0, &res), "\"␣\""));
}

/* A message quoting invalid UTF-8 or a long text stays valid UTF-8 within its size. */
static void messages_stay_valid_utf8(void **state)
{
	char source[600], translation[8];
	memset(source, 0, sizeof(source));
	for (size_t i = 0; i + 8 < sizeof(source); i += 7)
		memcpy(source + i, "{{я\xff}}", 7);
	strcpy(translation, "x");
	struct qa_input in = { .source = source, .translation = translation, .syntax = N };
	struct qa_result res;
	assert_true(qa_check(&in, &res) >= 1);
	assert_int_equal(res.issues[0].check, QA_PLACEHOLDER_MISSING);
	assert_messages_valid(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_of_cases),
		cmocka_unit_test(table_covers_every_check),
		cmocka_unit_test(docs_equal_code),
		cmocka_unit_test(ids_and_syntaxes_round_trip),
		cmocka_unit_test(blocking_and_disabled_checks),
		cmocka_unit_test(messages_name_what_is_wrong),
		cmocka_unit_test(messages_stay_valid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
