/* Apple .stringsdict: units, round trip, translated writes, bad input. */
#include "fmt_test.h"
#include "formats/formats_list.h"
#include "formats/tmpl.h"

#define SD "stringsdict/Localizable.stringsdict"

static void test_registered(void **state)
{
	assert_ptr_equal(fmt_by_name("stringsdict"), &fmt_stringsdict);
	assert_ptr_equal(fmt_by_extension("en.lproj/Localizable.stringsdict"), &fmt_stringsdict);
}

static void test_roundtrip(void **state)
{
	fx_roundtrip(&fmt_stringsdict, SD, NULL);
	fx_roundtrip(&fmt_stringsdict, "stringsdict/crlf.stringsdict", NULL);
}

static void check_forms(const struct unit *u, const char *const want[PLURAL_NCATS])
{
	assert_true(u->flags & UNIT_PLURAL);
	for (int c = 0; c < PLURAL_NCATS; c++) {
		if (!want[c]) {
			if (u->plural[c])
				fail_msg("%s: unexpected %s form [%s]", u->key, plural_cat_name(c),
					 u->plural[c]);
			continue;
		}
		if (!u->plural[c] || strcmp(u->plural[c], want[c]) != 0)
			fail_msg("%s %s: [%s], want [%s]", u->key, plural_cat_name(c),
				 u->plural[c] ? u->plural[c] : "(null)", want[c]);
	}
	assert_string_equal(u->source, want[PLURAL_OTHER]);
}

static void test_units(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_stringsdict, SD, NULL);
	assert_int_equal(doc.n_units, 4);
	/* document order: entries, then variables within an entry */
	assert_string_equal(doc.units[0].key, "%d files");
	assert_string_equal(doc.units[1].key, "photos_in_albums:photos");
	assert_string_equal(doc.units[2].key, "photos_in_albums:albums");
	assert_string_equal(doc.units[3].key, "unread & flagged");
	check_forms(&doc.units[0], (const char *const[]){ NULL, "%d file", NULL, NULL, NULL,
							  "%d files" });
	check_forms(&doc.units[1], (const char *const[]){ "No photos", "%d photo", NULL, NULL,
							  NULL, "%d photos" });
	check_forms(&doc.units[2], (const char *const[]){ NULL, "%ld album", NULL, NULL, NULL,
							  "%ld albums" });
	check_forms(&doc.units[3], (const char *const[]){
		NULL, "%lu message <unread> & flagged", NULL, NULL, NULL,
		"%lu messages <unread> & flagged" });
	assert_null(doc.units[0].comment);
	assert_string_equal(doc.units[1].comment, "Shown in the album list");
	assert_string_equal(doc.units[2].comment, "Shown in the album list");
	for (size_t i = 0; i < doc.n_units; i++) {
		assert_null(doc.units[i].context);
		assert_null(doc.units[i].target);
		assert_int_equal(doc.units[i].flags, UNIT_PLURAL);
	}
	fmt_doc_free(&doc);

	doc = fx_parse(&fmt_stringsdict, "stringsdict/crlf.stringsdict", NULL);
	assert_int_equal(doc.n_units, 1);
	check_forms(&doc.units[0], (const char *const[]){ NULL, "%d item", "", NULL, NULL,
							  "%d items" });
	fmt_doc_free(&doc);
}

static void test_translated(void **state)
{
	/* Russian: one/few/many/other; the untranslated albums variable of a
	 * translated entry keeps its source forms; the format key and the
	 * device-specific variable stay as written */
	fx_translate(&fmt_stringsdict, SD, NULL, "stringsdict/Localizable.ru.tr", &lang_ru, false,
		     "stringsdict/Localizable.ru.stringsdict.expected");
	fx_translate(&fmt_stringsdict, SD, NULL, "stringsdict/Localizable.ru.tr", &lang_ru, true,
		     "stringsdict/Localizable.ru-skip.stringsdict.expected");
	/* Japanese: "other" only */
	fx_translate(&fmt_stringsdict, SD, NULL, "stringsdict/Localizable.ja.tr", &lang_ja, false,
		     "stringsdict/Localizable.ja.stringsdict.expected");
	/* skip: entries nobody translated are left out with their comment */
	fx_translate(&fmt_stringsdict, SD, NULL, "stringsdict/Localizable.ja-skip.tr", &lang_ja, true,
		     "stringsdict/Localizable.ja-skip.stringsdict.expected");
	/* category pairs on one line, another order, an empty form */
	fx_translate(&fmt_stringsdict, "stringsdict/crlf.stringsdict", NULL,
		     "stringsdict/crlf.ru.tr", &lang_ru, false,
		     "stringsdict/crlf.ru.stringsdict.expected");
}

/* Fallback: no translations at all, with a language: source forms spread to
 * the target's categories; everything else byte for byte. */
static void test_fallback(void **state)
{
	struct fmt_doc doc = fx_parse(&fmt_stringsdict, SD, NULL);
	struct fmt_write_opts w = { .lang = &lang_ja };
	struct buf out;
	fx_write(&doc, NULL, &w, &out);
	struct fmt_doc back;
	struct fmt_error err;
	assert_int_equal(fmt_parse(&fmt_stringsdict, out.data, out.len, NULL, &back, &err), 0);
	assert_int_equal(back.n_units, 4);
	for (size_t i = 0; i < back.n_units; i++) {
		assert_int_equal(unit_cats(&back.units[i]), 1u << PLURAL_OTHER);
		assert_string_equal(back.units[i].source, doc.units[i].source);
	}
	assert_non_null(strstr(out.data, "<string>%#@photos@ in %#@albums@</string>"));
	assert_non_null(strstr(out.data, "<string>NSStringDeviceSpecificRuleType</string>"));
	fmt_doc_free(&back);
	buf_release(&out);

	/* skip with nothing translated: every entry with units goes */
	w.skip_untranslated = true;
	fx_write(&doc, NULL, &w, &out);
	assert_int_equal(fmt_parse(&fmt_stringsdict, out.data, out.len, NULL, &back, &err), 0);
	assert_int_equal(back.n_units, 0);
	assert_null(strstr(out.data, "Shown in the album list"));
	assert_non_null(strstr(out.data, "device_hint"));
	fmt_doc_free(&back);
	buf_release(&out);
	fmt_doc_free(&doc);
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define DT "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" " \
	"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
#define ENTRY(body) "<plist version=\"1.0\">\n<dict>\n<key>k</key>\n<dict>\n" \
	"<key>NSStringLocalizedFormatKey</key><string>%#@n@</string>\n" body "</dict>\n</dict>\n</plist>\n"
#define VAR(body) "<key>n</key>\n<dict>\n<key>NSStringFormatSpecTypeKey</key>" \
	"<string>NSStringPluralRuleType</string>\n" body "</dict>\n"

static void test_bad_input(void **state)
{
	const struct fmt_format *f = &fmt_stringsdict;
	/* a good one first, so the macros are known to be right */
	const char *good = HEAD DT ENTRY(VAR("<key>other</key><string>x</string>\n"));
	struct fmt_doc doc;
	struct fmt_error err;
	assert_int_equal(fmt_parse(f, good, strlen(good), NULL, &doc, &err), 0);
	assert_int_equal(doc.n_units, 1);
	fmt_doc_free(&doc);

	fx_bad_str(f, "", "line 1");
	fx_bad_str(f, HEAD "<dict/>\n", "line 2: root element is not <plist>");
	fx_bad_str(f, HEAD "<plist>\n<array/>\n</plist>\n", "line 3: <plist> must hold");
	fx_bad_str(f, HEAD "<plist>\n<dict>\n<string>x</string>\n</dict>\n</plist>\n",
		   "line 4: expected <key>");
	fx_bad_str(f, HEAD "<plist>\n<dict>\n<key>x</key>\n</dict>\n</plist>\n",
		   "line 4: <key> without a value");
	fx_bad_str(f, HEAD "<plist>\n<dict>\n<key>x</key>\n<string>y</string>\n</dict>\n</plist>\n",
		   "line 5: value of a .stringsdict entry is not a <dict>");
	fx_bad_str(f, HEAD "<plist>\n<dict>\n<key>x</key>\n<dict>\n</dict>\n</dict>\n</plist>\n",
		   "line 5: no NSStringLocalizedFormatKey in entry 'x'");
	fx_bad_str(f, HEAD ENTRY(VAR("<key>one</key><string>x</string>\n")),
		   "line 8: no \"other\" form in plural variable 'n'");
	fx_bad_str(f, HEAD ENTRY(VAR("<key>other</key><string>x</string>\n"
				     "<key>other</key><string>y</string>\n")),
		   "line 11: repeated plural category 'other'");
	fx_bad_str(f, HEAD ENTRY(VAR("<key>other</key><integer>1</integer>\n")),
		   "line 10: plural form is not a <string>");
	fx_bad_str(f, HEAD ENTRY(VAR("<key>other</key><string>a<b/>c</string>\n")),
		   "line 10: unexpected element");
	fx_bad_str(f, HEAD ENTRY("<key>n</key>\n<dict>\n<key>other</key><string>x</string>\n</dict>\n"),
		   "line 8: no NSStringFormatSpecTypeKey");
	/* not well-formed, truncated, not UTF-8 */
	fx_bad_str(f, HEAD "<plist>\n<dict>\n<key>x</dict>\n</plist>\n", "line 4");
	size_t len;
	char *data = fx_read(SD, &len);
	fx_bad(f, data, len / 2, NULL, "line");
	fx_bad(f, data, len - 10, NULL, "line");
	char *bin = xmemdup(data, len);
	bin[300] = (char)0xFF;
	fx_bad(f, bin, len, NULL, "invalid UTF-8");
	free(bin);
	free(data);
	fx_bad_str(f, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" ENTRY(
			  VAR("<key>other</key><string>x</string>\n")), "not supported");
	/* XXE: an external entity is refused, never read */
	fx_bad_str(f, HEAD "<!DOCTYPE plist [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
		   ENTRY(VAR("<key>other</key><string>&xxe;</string>\n")), "line 3");
	/* an external DTD (Xcode's PUBLIC one, or any SYSTEM one) is never
	 * loaded: the file parses without it */
	const char *ext = HEAD "<!DOCTYPE plist SYSTEM \"http://127.0.0.1:1/evil.dtd\">\n"
		ENTRY(VAR("<key>other</key><string>x</string>\n"));
	assert_int_equal(fmt_parse(f, ext, strlen(ext), NULL, &doc, &err), 0);
	fmt_doc_free(&doc);
	/* billion laughs: no entity declarations at all */
	fx_bad_str(f, HEAD "<!DOCTYPE plist [\n<!ENTITY a \"aaaaaaaaaa\">\n"
		   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		   "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		   "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		   "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		   "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		   "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n]>\n"
		   ENTRY(VAR("<key>other</key><string>&g;</string>\n")), "entity");
	/* one huge line: over the input cap (100 MB), and under it (20 MB) */
	static const size_t sizes[] = { 100u << 20, 20u << 20 };
	for (int k = 0; k < 2; k++) {
		const char *pre = HEAD "<plist><dict><key>";
		size_t pl = strlen(pre);
		char *big = xmalloc(sizes[k]);
		memcpy(big, pre, pl);
		memset(big + pl, 'A', sizes[k] - pl);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int rc = fmt_parse(f, big, sizes[k], NULL, &doc, &err);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		free(big);
		assert_int_equal(rc, -1);
		if (!strstr(err.msg, "line") && !strstr(err.msg, "byte"))
			fail_msg("error '%s' names neither line nor byte", err.msg);
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (secs > 10)
			fail_msg("%zu MB line took %.1f s", sizes[k] >> 20, secs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registered),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_translated),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
