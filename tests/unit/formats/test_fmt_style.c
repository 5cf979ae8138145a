/*
 * Fidelity of template writes (issue "Fidelity", point 5).
 *
 * Style: a text the writer escapes itself follows the spelling the source
 * file uses where the format allows several (hex case, optional escapes,
 * quoting).  Spelling: a translation file parsed as an upload gives its
 * units' spellings (fmt_format.spellings); written through the source as
 * template with those spellings it comes back byte for byte.
 */
#include "fmt_test.h"
#include "formats/formats_list.h"

/* French as tolk exports it: "many" only where a translation has it. */
static const struct fmt_lang lang_fr = {
	"fr", "fr-FR", "nplurals=2; plural=(n > 1);", 1u << PLURAL_ONE | 1u << PLURAL_OTHER,
	1u << PLURAL_MANY
};

/* ---- helpers ---- */

/* Translation rows: ROWS(TR("key", "text"), ...) */
#define TR(k, t) { .key = (k), .text = (t) }
#define ROWS(...) (const struct fx_tr[]){ __VA_ARGS__, { 0 } }

/* src written with rows (no spellings) must give want. */
static void style_case(const struct fmt_format *f, const char *src, const struct fx_tr *rows,
		       const struct fmt_lang *lang, const char *want)
{
	struct fmt_doc doc;
	struct fmt_error err;
	struct fmt_options opt;
	fmt_options_default(&opt);
	if (fmt_parse(f, src, strlen(src), &opt, &doc, &err))
		fail_msg("%s: source does not parse: %s", f->name, err.msg);
	struct fx_tr_ctx c = { &doc, rows, { 0 } };
	struct fmt_write_opts w = { lang, fx_tr_lookup, &c, false };
	struct buf out;
	fx_write(&doc, &opt, &w, &out);
	fx_assert_same(f->name, want, strlen(want), out.data, out.len);
	buf_release(&out);
	fmt_doc_free(&doc);
}

/* An uploaded translation file: its texts and spellings, by unit. */
struct upload {
	struct fmt_doc doc;
	struct fmt_spelling *sp;	/* FMT_SPELL_SLOTS per unit */
	const struct fmt_doc *tmpl;
	struct fmt_translation t;
};

static void collect(void *ctx, size_t unit, int slot, const struct fmt_spelling *sp)
{
	struct upload *u = ctx;
	assert_true(unit < u->doc.n_units && slot >= 0 && slot < FMT_SPELL_SLOTS);
	u->sp[unit * FMT_SPELL_SLOTS + (size_t)slot] = *sp;
}

static bool has_target(const struct unit *u)
{
	bool any = u->target != NULL;
	for (int c = 0; c < PLURAL_NCATS; c++)
		any |= u->target_plural[c] != NULL;
	return any;
}

/* What file_import stores for the template's unit i, as the export reads it back. */
static const struct fmt_translation *upload_lookup(void *ctx, size_t i)
{
	struct upload *up = ctx;
	const char *key = up->tmpl->units[i].key;
	for (size_t k = 0; k < up->doc.n_units; k++) {
		const struct unit *u = &up->doc.units[k];
		/* as file_import: a file with targets carries its translations there */
		bool bilingual = fx_traits(up->doc.format)->bilingual || has_target(u);
		if (strcmp(u->key, key) != 0 || (bilingual && !has_target(u)))
			continue;
		memset(&up->t, 0, sizeof(up->t));
		up->t.text = bilingual ? u->target : u->source;
		for (int c = 0; c < PLURAL_NCATS; c++)
			up->t.plural[c] = bilingual ? u->target_plural[c] : u->plural[c];
		if ((u->flags & UNIT_PLURAL) && bilingual)	/* file_import: the "other" text */
			up->t.text = u->target_plural[PLURAL_OTHER];
		up->t.spell = &up->sp[k * FMT_SPELL_SLOTS];
		return &up->t;
	}
	return NULL;
}

/*
 * trans, uploaded for lang (opt: the upload's options), written through
 * src as template must give trans back.
 */
static void spell_case(const struct fmt_format *f, const char *src, const char *trans,
		       const struct fmt_options *topt, const struct fmt_lang *lang)
{
	struct fmt_options opt;
	struct fmt_error err;
	struct upload up;
	fmt_options_default(&opt);
	if (!topt)
		topt = &opt;
	if (fmt_parse(f, trans, strlen(trans), topt, &up.doc, &err))
		fail_msg("%s: translation does not parse: %s", f->name, err.msg);
	assert_non_null(f->spellings);
	up.sp = xcalloc(up.doc.n_units * FMT_SPELL_SLOTS + 1, sizeof(*up.sp));
	f->spellings(&up.doc, collect, &up);
	struct fmt_doc doc;
	if (fmt_parse(f, src, strlen(src), &opt, &doc, &err))
		fail_msg("%s: source does not parse: %s", f->name, err.msg);
	up.tmpl = &doc;
	struct fmt_write_opts w = { lang, upload_lookup, &up, false };
	struct buf out;
	fx_write(&doc, &opt, &w, &out);
	fx_assert_same(f->name, trans, strlen(trans), out.data, out.len);
	buf_release(&out);
	fmt_doc_free(&doc);
	free(up.sp);
	fmt_doc_free(&up.doc);
}

/* ---- .properties ---- */

static void test_properties_style(void **state)
{
	/* lower-case hex and \= \: inside values: Properties.store style */
	style_case(&fmt_properties, "a=Caf\\u00e9\nb=https\\://x/a\\=b\nc=x\n",
		   ROWS(TR("a", "Thé à l'été"), TR("c", "x=1: #2 !")),
		   &lang_de, "a=Th\\u00e9 \\u00e0 l'\\u00e9t\\u00e9\nb=https\\://x/a\\=b\n"
		   "c=x\\=1\\: \\#2 \\!\n");
	/* upper-case hex, plain ':' inside values: only leading ones escaped */
	style_case(&fmt_properties, "a=Caf\\u00E9\nb=a:b\nc=x\n",
		   ROWS(TR("a", "été"), TR("c", "=x:1")),
		   &lang_de, "a=\\u00E9t\\u00E9\nb=a:b\nc=\\=x:1\n");
	/* non-ASCII written as is in a UTF-8 file */
	style_case(&fmt_properties, "a=Café\nb=x\n",
		   ROWS(TR("b", "Thé \U0001F600")),
		   &lang_de, "a=Café\nb=Thé \U0001F600\n");
	/* ISO-8859-1 bytes in an ISO-8859-1 file; beyond it \uXXXX */
	style_case(&fmt_properties, "a=Caf\xe9\nb=x\n",
		   ROWS(TR("b", "Thé €")),
		   &lang_de, "a=Caf\xe9\nb=Th\xe9 \\u20AC\n");
}

static void test_properties_spelling(void **state)
{
	spell_case(&fmt_properties, "# c\na=Caf\\u00e9\\!\nb=x\\:y\nc=plain\n",
		   "# c\na=Caf\\u00C9 cr\\u00e8me\\!\nb=\\u00e9\\:\\ y\nc=\\\n  Bonjour\n", NULL,
		   &lang_de);
}

/* ---- Android ---- */

#define RES(body) "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<resources>\n" body "</resources>\n"

static void test_android_style(void **state)
{
	/* \? inside texts, apostrophes by quoting, \uXXXX in lower case */
	style_case(&fmt_android, RES("    <string name=\"a\">Why\\? Caf\\u00e9 cr\\u00e8me</string>\n"
				     "    <string name=\"b\">\"It's here\"</string>\n"
				     "    <string name=\"c\">x</string>\n"),
		   ROWS(TR("c", "Où? C'est ça")), &lang_de,
		   RES("    <string name=\"a\">Why\\? Caf\\u00e9 cr\\u00e8me</string>\n"
		       "    <string name=\"b\">\"It's here\"</string>\n"
		       "    <string name=\"c\">\"O\\u00f9\\? C'est \\u00e7a\"</string>\n"));
	/* the defaults: \' and \? only first; '>' as is where the source has it so */
	style_case(&fmt_android, RES("    <string name=\"a\">Don\\'t? a > b</string>\n"
				     "    <string name=\"c\">x</string>\n"),
		   ROWS(TR("c", "?C'est là? > <")), &lang_de,
		   RES("    <string name=\"a\">Don\\'t? a > b</string>\n"
		       "    <string name=\"c\">\\?C\\'est là? > &lt;</string>\n"));
	/* character references for non-ASCII, and &quot; */
	style_case(&fmt_android, RES("    <string name=\"a\">&#xE9;t&#xE9; &quot;x&quot;</string>\n"
				     "    <string name=\"c\">x</string>\n"),
		   ROWS(TR("c", "né \"y\"")), &lang_de,
		   RES("    <string name=\"a\">&#xE9;t&#xE9; &quot;x&quot;</string>\n"
		       "    <string name=\"c\">n&#xE9; \\&quot;y\\&quot;</string>\n"));
}

static void test_android_spelling(void **state)
{
	spell_case(&fmt_android, RES("    <string name=\"a\">Why?</string>\n"
				     "    <plurals name=\"p\">\n"
				     "        <item quantity=\"one\">%d file</item>\n"
				     "        <item quantity=\"other\">%d files</item>\n"
				     "    </plurals>\n"
				     "    <string-array name=\"d\">\n        <item>Mon</item>\n"
				     "    </string-array>\n"),
		   RES("    <string name=\"a\">Pourquoi\\? \"C'est\" &#233;t&#233;</string>\n"
		       "    <plurals name=\"p\">\n"
		       "        <item quantity=\"one\">%d fichier \\u00e0</item>\n"
		       "        <item quantity=\"other\">%d fichiers\\?</item>\n"
		       "    </plurals>\n"
		       "    <string-array name=\"d\">\n        <item>\\@Lun</item>\n"
		       "    </string-array>\n"), NULL, &lang_fr);
}

/* ---- JSON, i18next, Chrome, ARB ---- */

/* A plural row: PL("key", one, other) */
#define PL(k, one, other) { .key = (k), .pl = { [PLURAL_ONE] = (one), [PLURAL_OTHER] = (other) } }

static void test_json_style(void **state)
{
	/* PHP: \/ and \u00e9 */
	style_case(&fmt_json, "{\"a\": \"caf\\u00e9 cr\\u00e8me http:\\/\\/x\", \"b\": \"x\"}\n",
		   ROWS(TR("b", "été/Ω \U0001F600")), &lang_de,
		   "{\"a\": \"caf\\u00e9 cr\\u00e8me http:\\/\\/x\", "
		   "\"b\": \"\\u00e9t\\u00e9\\/\\u03a9 \\ud83d\\ude00\"}\n");
	/* Go: < > & as \u003c..., upper-case hex */
	style_case(&fmt_json, "{\"a\": \"\\u003CB\\u003E \\u0026\", \"b\": \"x\"}\n",
		   ROWS(TR("b", "<i>&é\x01")), &lang_de,
		   "{\"a\": \"\\u003CB\\u003E \\u0026\", \"b\": \"\\u003Ci\\u003E\\u0026é\\u0001\"}\n");
	/* a single escaped character is no habit: the defaults */
	style_case(&fmt_json, "{\"a\": \"x \\u2014 y/z\", \"b\": \"x\"}\n",
		   ROWS(TR("b", "é/")), &lang_de, "{\"a\": \"x \\u2014 y/z\", \"b\": \"é/\"}\n");
	/* ARB: an ICU plural spaced as the source's */
	style_case(&fmt_arb, "{\"n\": \"{count,plural, =0 {none} one {one} other {#}}\"}\n",
		   ROWS(PL("n", "un", "\\u00e9")), &lang_fr,
		   "{\"n\": \"{count,plural, =0 {none} one {un} other {\\\\u00e9}}\"}\n");
}

static void test_json_spelling(void **state)
{
	spell_case(&fmt_json, "{\n  \"a\": \"Hello\",\n  \"n_one\": \"{{count}} file\",\n"
		   "  \"n_other\": \"{{count}} files\",\n  \"b\": \"x\"\n}\n",
		   "{\n  \"a\": \"Caf\\u00e9 \\/ \\u00C9t\\u00e9\",\n  \"n_one\": \"{{count}} fichier\",\n"
		   "  \"n_other\": \"{{count}} fichiers \\u00e0\",\n  \"b\": \"\\u0078\"\n}\n",
		   NULL, &lang_fr);
	spell_case(&fmt_chrome, "{\"app\": {\"message\": \"App\", \"description\": \"d\"}}\n",
		   "{\"app\": {\"message\": \"L\\u2019app\", \"description\": \"d\"}}\n", NULL, &lang_fr);
	spell_case(&fmt_arb, "{\n  \"@@locale\": \"fr\",\n  \"a\": \"Hi\",\n"
		   "  \"n\": \"{count, plural, one{# file} other{# files}}\"\n}\n",
		   "{\n  \"@@locale\": \"fr\",\n  \"a\": \"Caf\\u00e9\",\n"
		   "  \"n\": \"{count,plural,one {# fichier} other {# fichiers\\u00a0!}}\"\n}\n",
		   NULL, &lang_fr);
}

/* ---- Apple .strings and .stringsdict ---- */

static void test_strings_style(void **state)
{
	/* \U escapes (upper case), \' */
	style_case(&fmt_macosx, "\"a\" = \"Caf\\U00E9 cr\\U00E8me \\'x\\'\";\n\"b\" = \"x\";\n",
		   ROWS(TR("b", "L'été\n")), &lang_de,
		   "\"a\" = \"Caf\\U00E9 cr\\U00E8me \\'x\\'\";\n\"b\" = \"L\\'\\U00E9t\\U00E9\\n\";\n");
	/* literal line breaks */
	style_case(&fmt_macosx, "\"a\" = \"one\ntwo\";\n\"b\" = \"x\";\n",
		   ROWS(TR("b", "un\ndeux \"x\"")), &lang_de,
		   "\"a\" = \"one\ntwo\";\n\"b\" = \"un\ndeux \\\"x\\\"\";\n");
}

#define PLIST(body) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n" \
	"<dict>\n" body "</dict>\n</plist>\n"
#define SD_ENTRY(key, forms) "  <key>" key "</key>\n  <dict>\n" \
	"    <key>NSStringLocalizedFormatKey</key>\n    <string>%#@n@</string>\n" \
	"    <key>n</key>\n    <dict>\n" \
	"      <key>NSStringFormatSpecTypeKey</key>\n      <string>NSStringPluralRuleType</string>\n" \
	"      <key>NSStringFormatValueTypeKey</key>\n      <string>d</string>\n" forms \
	"    </dict>\n  </dict>\n"
#define SD_FORM(cat, text) "      <key>" cat "</key>\n      <string>" text "</string>\n"

static void test_strings_spelling(void **state)
{
	spell_case(&fmt_macosx, "/* c */\n\"a\" = \"Hello\";\n\"b\" = \"x\";\n",
		   "/* c */\n\"a\" = \"All\\U00F4 \\'toi\\'\";\n\"b\" = \"\\u00e9\n\";\n", NULL, &lang_fr);
	spell_case(&fmt_stringsdict,
		   PLIST(SD_ENTRY("files", SD_FORM("one", "%d file") SD_FORM("other", "%d files"))),
		   PLIST(SD_ENTRY("files", SD_FORM("one", "%d fichier &#233;")
				  SD_FORM("other", "%d fichiers &gt; &apos;x&apos;"))), NULL, &lang_fr);
}

/* ---- Rails YAML ---- */

static void test_yaml_style(void **state)
{
	/* plural forms keep the source's quoting; \u escapes in "..." */
	style_case(&fmt_yaml, "en:\n  a: \"Caf\\u00E9 cr\\u00E8me\"\n  b: \"x\"\n"
		   "  n:\n    one: '%{count} file'\n    other: '%{count} files'\n",
		   ROWS(TR("b", "été"), PL("n", "%{count} fichier", "%{count} l'été")), &lang_fr,
		   "fr:\n  a: \"Caf\\u00E9 cr\\u00E8me\"\n  b: \"\\u00E9t\\u00E9\"\n"
		   "  n:\n    one: '%{count} fichier'\n    other: '%{count} l''été'\n");
}

static void test_yaml_spelling(void **state)
{
	spell_case(&fmt_yaml, "en:\n  a: Hello\n  b: |\n    one\n    two\n  c: x\n"
		   "  n:\n    one: \"%{count} file\"\n    other: \"%{count} files\"\n",
		   "fr:\n  a: 'Bonjour'\n  b: |\n    un\n    deux\n  c: \"\\xE9t\\xE9\"\n"
		   "  n:\n    one: '%{count} fichier'\n    other: \"%{count}\n      fichiers\"\n",
		   NULL, &lang_fr);
}

/* ---- gettext ---- */

#define PO_HEADER "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n" \
	"\"Language: fr\\n\"\n\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n"
#define LONG_EN "A sentence long enough that msgcat would wrap it at seventy-nine columns, twice over."
#define LONG_FR "Une phrase assez longue pour que msgcat la coupe à soixante-dix-neuf colonnes, deux fois."

static void test_gettext_style(void **state)
{
	/* --no-wrap: a long line stays whole */
	style_case(&fmt_gettext, PO_HEADER "\nmsgid \"" LONG_EN "\"\nmsgstr \"" LONG_EN "\"\n"
		   "\nmsgid \"b\"\nmsgstr \"\"\n", ROWS(TR("b", LONG_FR)), &lang_fr,
		   PO_HEADER "\nmsgid \"" LONG_EN "\"\nmsgstr \"" LONG_EN "\"\n"
		   "\nmsgid \"b\"\nmsgstr \"" LONG_FR "\"\n");
}

static void test_gettext_spelling(void **state)
{
	spell_case(&fmt_gettext, PO_HEADER "\nmsgid \"a\"\nmsgstr \"\"\n"
		   "\nmsgid \"f\"\nmsgid_plural \"fs\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n",
		   PO_HEADER "\nmsgid \"a\"\nmsgstr \"\"\n\"Une \\'phrase\\'\"\n\" coupée\\x21\"\n"
		   "\nmsgid \"f\"\nmsgid_plural \"fs\"\nmsgstr[0] \"\"\n\"un\"\nmsgstr[1] \"d\\145ux\"\n",
		   NULL, &lang_fr);
}

/* ---- XLIFF, .resx, Qt .ts ---- */

#define XLF(target) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n" \
	"  <file original=\"app\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\">\n" \
	"    <body>\n      <trans-unit id=\"a\">\n        <source>Say &quot;hi&quot;</source>" target \
	"\n      </trans-unit>\n    </body>\n  </file>\n</xliff>\n"
#define RESX(v1, v2) "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n" \
	"  <data name=\"a\" xml:space=\"preserve\">\n    <value>" v1 "</value>\n  </data>\n" \
	"  <data name=\"b\" xml:space=\"preserve\">\n    <value>" v2 "</value>\n  </data>\n</root>\n"
#define TS(body) "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n" \
	"<TS version=\"2.1\" language=\"fr_FR\">\n<context>\n    <name>Main</name>\n" body \
	"</context>\n</TS>\n"
#define TS_MSG(src, tr) "    <message>\n        <source>" src "</source>\n" \
	"        " tr "\n    </message>\n"

static void test_xml_style(void **state)
{
	/* &quot; in text and '>' as is, as the source has them */
	style_case(&fmt_resx, RESX("Say &quot;hi&quot; -> now", "x"), ROWS(TR("b", "\"a\" > b")),
		   &lang_de, RESX("Say &quot;hi&quot; -> now", "&quot;a&quot; > b"));
	style_case(&fmt_xliff, XLF(""), ROWS(TR("a", "Dis \"salut\"")), &lang_fr,
		   XLF("\n        <target state=\"translated\">Dis &quot;salut&quot;</target>"));
}

static void test_xml_spelling(void **state)
{
	spell_case(&fmt_xliff, XLF(""),
		   XLF("\n        <target state=\"translated\">Dis &#x22;salut&#x22; &apos;x&apos;</target>"),
		   NULL, &lang_fr);
	spell_case(&fmt_resx, RESX("Hello", "Bye"), RESX("All&#244; &gt; x", "Adieu"), NULL, &lang_fr);
	spell_case(&fmt_qtts, TS(TS_MSG("Hello", "<translation type=\"unfinished\"></translation>")),
		   TS(TS_MSG("Hello", "<translation>All&#244; &apos;x&apos;</translation>")), NULL,
		   &lang_fr);
}

/* ---- PHP, CSV, INI ---- */

static void test_text_style(void **state)
{
	/* PHP: lone backslashes and dollars as the source writes them */
	style_case(&fmt_php, "<?php\nreturn [\n  'a' => 'C:\\dir',\n  'b' => \"$ 5\",\n"
		   "  'c' => 'x',\n  'd' => \"x\",\n];\n",
		   ROWS(TR("c", "D:\\tmp\\'s"), TR("d", "$ 6 $x")), &lang_de,
		   "<?php\nreturn [\n  'a' => 'C:\\dir',\n  'b' => \"$ 5\",\n"
		   "  'c' => 'D:\\tmp\\\\\\'s',\n  'd' => \"$ 6 \\$x\",\n];\n");
	/* CSV: every field quoted as the source's are */
	style_case(&fmt_csv, "\"a\",\"Hello\",\"\"\n\"b\",\"Bye\",\"\"\n",
		   ROWS(TR("a", "Bonjour")), &lang_fr,
		   "\"a\",\"Hello\",\"Bonjour\"\n\"b\",\"Bye\",\"\"\n");
	/* INI: "_QQ_" where the source has only that */
	style_case(&fmt_ini, "A=\"Say \"_QQ_\"hi\"_QQ_\"\"\nB=\"x\"\n", ROWS(TR("B", "Dis \"y\"")),
		   &lang_de, "A=\"Say \"_QQ_\"hi\"_QQ_\"\"\nB=\"Dis \"_QQ_\"y\"_QQ_\"\"\n");
}

static void test_text_spelling(void **state)
{
	spell_case(&fmt_php, "<?php\nreturn [\n  'a' => 'Hello',\n  'b' => \"Bye\",\n];\n",
		   "<?php\nreturn [\n  'a' => \"All\\u{f4} \\$x\",\n  'b' => 'Adieu\\\\',\n];\n",
		   NULL, &lang_fr);
	struct fmt_options csv;
	fmt_options_default(&csv);
	csv.target_language = "fr";
	spell_case(&fmt_csv, "key,source,translation\na,Hello,\nb,Bye,\n",
		   "key,source,translation\na,Hello,\"Bonjour\"\nb,Bye,\"Au \"\"revoir\"\"\"\n", &csv,
		   &lang_fr);
	spell_case(&fmt_ini, "A=\"Hello\"\nB=Bye\n", "A=Bonjour\nB=\"Au \\\"revoir\\\"\"\n", NULL,
		   &lang_fr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_properties_style),
		cmocka_unit_test(test_properties_spelling),
		cmocka_unit_test(test_android_style),
		cmocka_unit_test(test_android_spelling),
		cmocka_unit_test(test_json_style),
		cmocka_unit_test(test_json_spelling),
		cmocka_unit_test(test_strings_style),
		cmocka_unit_test(test_strings_spelling),
		cmocka_unit_test(test_yaml_style),
		cmocka_unit_test(test_yaml_spelling),
		cmocka_unit_test(test_gettext_style),
		cmocka_unit_test(test_gettext_spelling),
		cmocka_unit_test(test_xml_style),
		cmocka_unit_test(test_xml_spelling),
		cmocka_unit_test(test_text_style),
		cmocka_unit_test(test_text_spelling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
