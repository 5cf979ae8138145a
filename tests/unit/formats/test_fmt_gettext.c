#include "fmt_test.h"
#include "formats/formats_list.h"

static const char *const corpus[] = {
	"gettext/xgettext.pot", "gettext/de.po", "gettext/ru.po",
	"gettext/crlf-bom.po", "gettext/escapes.po",
};

static void test_roundtrip(void **state)
{
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++)
		fx_roundtrip(&fmt_gettext, corpus[i], NULL);
}

static void test_units_pot(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_gettext, "gettext/xgettext.pot", NULL);
	assert_int_equal(doc.n_units, 9);
	assert_non_null(strstr(doc.header, "Project-Id-Version: tolk-demo 1.4\n"));

	const struct unit *u = fx_unit(&doc, "Save");
	assert_string_equal(u->source, "Save");
	assert_string_equal(u->comment, "TRANSLATORS: shown on the toolbar button");
	assert_null(u->context);
	assert_null(u->target);
	assert_int_equal(u->flags, 0);

	u = fx_unit(&doc, "verb\004Open");
	assert_string_equal(u->context, "verb");
	assert_string_equal(u->source, "Open");
	u = fx_unit(&doc, "adjective\004Open");
	assert_string_equal(u->context, "adjective");

	u = fx_unit(&doc, "If you don't save, changes from the last 5 minutes will be permanently "
		    "lost and cannot be recovered from the backup folder.");
	assert_null(u->comment);

	u = fx_unit(&doc, "%d file was synchronised");
	assert_true(u->flags & UNIT_PLURAL);
	assert_string_equal(u->plural[PLURAL_ONE], "%d file was synchronised");
	assert_string_equal(u->plural[PLURAL_OTHER], "%d files were synchronised");
	assert_string_equal(u->source, "%d files were synchronised");
	assert_null(u->plural[PLURAL_FEW]);
	assert_string_equal(u->comment, "TRANSLATORS: %d is the number of files");

	u = fx_unit(&doc, "Usage: demo [OPTION]... FILE\nSynchronise FILE with the server.\n\n"
		    "  -v, --verbose\tprint progress\n  -q, --quiet\tprint nothing\n");
	assert_non_null(u);
	u = fx_unit(&doc, "Path contains a backslash (\\) or a quote (\")");
	assert_non_null(u);
	fmt_doc_free(&doc);
}

static void test_units_translated(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_gettext, "gettext/de.po", NULL);
	assert_int_equal(doc.n_units, 8);
	const struct unit *u = fx_unit(&doc, "verb\004Open");
	assert_string_equal(u->target, "Öffnen");
	assert_null(u->comment);	/* "# Jana: ..." is a translator comment */

	u = fx_unit(&doc, "Save changes to “%s” before closing?");
	assert_int_equal(u->flags, UNIT_FUZZY);
	assert_string_equal(u->target, "Änderungen an %s vor dem Schließen speichern?");

	u = fx_unit(&doc, "%d file was synchronised");
	assert_string_equal(u->target_plural[PLURAL_ONE], "%d Datei wurde synchronisiert");
	assert_string_equal(u->target_plural[PLURAL_OTHER], "%d Dateien wurden synchronisiert");
	u = fx_unit(&doc, "Deleted %d item from “%s”");
	assert_null(u->target_plural[PLURAL_ONE]);

	u = fx_unit(&doc, "Synchronising…");
	assert_int_equal(u->flags, UNIT_OBSOLETE);
	assert_string_equal(u->target, "Synchronisiere…");
	u = fx_unit(&doc, "menu\004Quit application");
	assert_int_equal(u->flags, UNIT_OBSOLETE | UNIT_FUZZY);
	fmt_doc_free(&doc);

	/* msgstr[n] follow the file language's categories (ru: one few many) */
	struct fmt_options opt;
	fmt_options_default(&opt);
	opt.plural_cats = lang_ru.plural_cats;
	doc = fx_parse(&fmt_gettext, "gettext/ru.po", &opt);
	u = fx_unit(&doc, "%d file was synchronised");
	assert_string_equal(u->target_plural[PLURAL_ONE], "%d файл синхронизирован");
	assert_string_equal(u->target_plural[PLURAL_FEW], "%d файла синхронизированы");
	assert_string_equal(u->target_plural[PLURAL_MANY], "%d файлов синхронизировано");
	assert_null(u->target_plural[PLURAL_OTHER]);
	fmt_doc_free(&doc);

	/* same mapping from the header's nplurals=3 when no language is given */
	doc = fx_parse(&fmt_gettext, "gettext/ru.po", NULL);
	u = fx_unit(&doc, "%d file was synchronised");
	assert_string_equal(u->target_plural[PLURAL_MANY], "%d файлов синхронизировано");
	fmt_doc_free(&doc);
}

static void test_units_escapes_crlf(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_gettext, "gettext/escapes.po", NULL);
	assert_int_equal(doc.n_units, 4);
	assert_string_equal(doc.units[0].source, "Tab\there, bell\a, quote \" and backslash \\");
	assert_string_equal(doc.units[1].source, "Octal AB and hex C");
	assert_string_equal(doc.units[2].target, "Zeilenende\n");
	assert_string_equal(doc.units[3].key, "\004empty context");
	assert_string_equal(doc.units[3].context, "");
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_gettext, "gettext/crlf-bom.po", NULL);
	assert_int_equal(doc.n_units, 2);
	assert_string_equal(doc.header, "Content-Type: text/plain; charset=UTF-8\nLanguage: fr\n");
	assert_string_equal(doc.units[0].key, "Hello");
	assert_string_equal(doc.units[0].target, "Bonjour");
	assert_string_equal(doc.units[1].key, "Bye");
	fmt_doc_free(&doc);
}

/* Closing quotes and escapes, found with memchr: escaped quotes and backslashes. */
static void test_quotes(void **state)
{
	static const char text[] =
		"msgid \"a\\\\\"\n"			/* a\ then the closing quote */
		"msgstr \"say \\\"hi\\\"\" \t\n\n"		/* escaped quotes, blanks after */
		"msgid \"\\\"\"\n"
		"\"\\\\\\\"x\\\\\"\n"			/* continuation: \\ \" x \\ */
		"msgstr \"\\x41\\101\"\n";
	struct fmt_doc doc;
	struct fmt_error err;
	assert_int_equal(fmt_parse(&fmt_gettext, text, strlen(text), NULL, &doc, &err), 0);
	assert_int_equal(doc.n_units, 2);
	assert_string_equal(doc.units[0].source, "a\\");
	assert_string_equal(doc.units[0].target, "say \"hi\"");
	assert_string_equal(doc.units[1].source, "\"\\\"x\\");
	assert_string_equal(doc.units[1].target, "AA");
	fmt_doc_free(&doc);
}

static void test_translate(void **state)
{
	/* Russian: more plural forms than the template, header updated */
	fx_translate(&fmt_gettext, "gettext/xgettext.pot", NULL, "gettext/xgettext.ru.tr",
		     &lang_ru, false, "gettext/xgettext.ru.expected");
	/* German, untranslated entries left out */
	fx_translate(&fmt_gettext, "gettext/xgettext.pot", NULL, "gettext/xgettext.de.tr",
		     &lang_de, true, "gettext/xgettext.de-skip.expected");
	/* Japanese, one form; untranslated entries keep the template msgstr */
	fx_translate(&fmt_gettext, "gettext/xgettext.pot", NULL, "gettext/xgettext.ja.tr",
		     &lang_ja, false, "gettext/xgettext.ja.expected");
	/* CRLF template: generated lines use CRLF; last entry without EOL */
	fx_translate(&fmt_gettext, "gettext/crlf-bom.po", NULL, "gettext/crlf-bom.de.tr",
		     &lang_de, false, "gettext/crlf-bom.de.expected");
}

static void test_emit(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_gettext, "gettext/xgettext.pot", NULL);
	const struct fmt_translation t_save = { .text = "Сохранить" };
	const struct fmt_translation t_files = { .plural = {
		[PLURAL_ONE] = "%d файл", [PLURAL_FEW] = "%d файла", [PLURAL_MANY] = "%d файлов" } };
	const struct fmt_translation **tr = xcalloc(doc.n_units, sizeof(*tr));
	tr[0] = &t_save;
	tr[5] = &t_files;
	struct buf out;
	struct fmt_error err;
	buf_init(&out, 0);
	assert_int_equal(fmt_gettext.emit(doc.units, tr, doc.n_units, &lang_ru, &out, &err), 0);
	const char *want =
		"msgid \"\"\n"
		"msgstr \"\"\n"
		"\"MIME-Version: 1.0\\n\"\n"
		"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
		"\"Content-Transfer-Encoding: 8bit\\n\"\n"
		"\"Language: ru\\n\"\n"
		"\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && \"\n"
		"\"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n"
		"\n"
		"#. TRANSLATORS: shown on the toolbar button\n"
		"msgctxt \"Save\"\n"
		"msgid \"Save\"\n"
		"msgstr \"Сохранить\"\n"
		"\n"
		"#. TRANSLATORS: %d is the number of files\n"
		"msgctxt \"%d file was synchronised\"\n"
		"msgid \"%d file was synchronised\"\n"
		"msgid_plural \"%d files were synchronised\"\n"
		"msgstr[0] \"%d файл\"\n"
		"msgstr[1] \"%d файла\"\n"
		"msgstr[2] \"%d файлов\"\n";
	fx_assert_same("emit", want, strlen(want), out.data, out.len);
	buf_release(&out);
	free(tr);
	fmt_doc_free(&doc);
}

static void test_bad_input(void **state)
{
	const struct fmt_format *f = &fmt_gettext;
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"unterminated\n", "line 4");
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\"\n", "truncated");
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"b\\q\"\n", "line 2");
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"\xC3\x28\"\n", "line 2");	/* invalid UTF-8 */
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"\\303\"\n", "line 2");	/* escapes to bad UTF-8 */
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"\\xff\"\n", "escape sequences make invalid");
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"b\\\"\n", "unterminated");	/* escaped last quote */
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"b\\\\\" \"\n", "text after the closing quote");
	/* the problem a line-by-line check meets first: earliest line, NUL before UTF-8 */
	fx_bad(f, "msgid \"\xff\0\"\n", 11, NULL, "NUL byte at line 1");
	fx_bad(f, "msgid \"\xff\"\nmsgstr \"\0\"\n", 21, NULL, "invalid UTF-8 at line 1");
	fx_bad(f, "msgid \"\0\"\nmsgstr \"\xff\"\n", 21, NULL, "NUL byte at line 1");
	fx_bad_str(f, "msgid \"a\"\nfoo \"b\"\n", "line 2");
	fx_bad_str(f, "msgid \"a\"\nmsgstr[0] \"b\"\n", "line 2");
	fx_bad_str(f, "# c\nmsgid \"\"\nmsgid_plural \"x\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n",
		   "line 2: header entry (empty msgid) with msgid_plural");
	fx_bad_str(f, "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"\"\nmsgstr \"\"\n\n",
		   "line 4: header entry (empty msgid) not first");
	fx_bad_str(f, "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n",
		   "ISO-8859-1");
	/* wrong encoding: UTF-16 LE */
	fx_bad(f, "m\0s\0g\0i\0d\0", 10, NULL, "NUL");
	fx_huge_line(f, "msgid \"", 'a', "\"\nmsgstr \"\"\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_units_pot),
		cmocka_unit_test(test_units_translated),
		cmocka_unit_test(test_units_escapes_crlf),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_emit),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
