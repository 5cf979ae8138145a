/* TBX: round trip, Crowdin and TBX-Basic samples, hostile input. */
#include "xch_test.h"

static void test_roundtrip(void **state)
{
	struct tbx_term en[2] = { { "Save & close", "verb" }, { "<Store>", NULL } };
	struct tbx_term uk[1] = { { "Зберегти \"й\" закрити\nрядок", "verb" } };
	struct tbx_lang langs[2] = {
		{ "en", "Writes the file, then closes it.", en, 2 },
		{ "uk", NULL, uk, 1 },
	};
	struct tbx_term ja[1] = { { "設定", "noun" } };
	struct tbx_lang l2[1] = { { "ja", NULL, ja, 1 } };
	struct tbx_entry e[2] = {
		{ "t-1", "An action ]]> with \"quotes\"", langs, 2 },
		{ NULL, NULL, l2, 1 },
	};
	struct buf out;
	buf_init(&out, 0);
	assert_int_equal(tbx_write_begin(&out, "en"), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(tbx_write_entry(&out, &e[i]), 0);
	assert_int_equal(tbx_write_end(&out), 0);
	assert_true(ct_well_formed(out.data, out.len));
	assert_non_null(strstr(out.data, "<martif type=\"TBX\" xml:lang=\"en\">"));

	struct ct_entries c = { 0 };
	struct xch_error err;
	assert_int_equal(tbx_read(out.data, out.len, ct_entry_fn, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.e[0].id, "t-1");
	assert_string_equal(c.e[0].definition, "An action ]]> with \"quotes\"");
	assert_int_equal(c.e[0].n, 2);
	assert_string_equal(c.e[0].lang[0], "en");
	assert_string_equal(c.e[0].ldef[0], "Writes the file, then closes it.");
	assert_int_equal(c.e[0].n_terms[0], 2);
	assert_string_equal(c.e[0].term[0][0], "Save & close");
	assert_string_equal(c.e[0].pos[0][0], "verb");
	assert_string_equal(c.e[0].term[0][1], "<Store>");
	assert_null(c.e[0].pos[0][1]);
	assert_null(c.e[0].ldef[1]);
	assert_string_equal(c.e[0].term[1][0], "Зберегти \"й\" закрити\nрядок");
	assert_non_null(c.e[1].id);	/* made up */
	assert_string_equal(c.e[1].term[0][0], "設定");
	ct_entries_free(&c);
	buf_release(&out);
}

static void test_crowdin(void **state)
{
	size_t len;
	char *data = ct_load("crowdin.tbx", &len);
	struct ct_entries c = { 0 };
	struct xch_error err;
	assert_int_equal(tbx_read(data, len, ct_entry_fn, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.e[0].id, "ab12cd34");
	assert_null(c.e[0].definition);
	assert_string_equal(c.e[0].ldef[0], "The place where a user changes how the app behaves.");
	assert_string_equal(c.e[0].term[0][0], "Settings");
	assert_string_equal(c.e[0].pos[0][0], "noun");
	assert_string_equal(c.e[0].lang[1], "uk");
	assert_string_equal(c.e[0].term[1][0], "Налаштування");
	assert_string_equal(c.e[1].pos[0][0], "proper noun");
	ct_entries_free(&c);
	free(data);
}

static void test_basic(void **state)
{
	size_t len;
	char *data = ct_load("basic.tbx", &len);
	struct ct_entries c = { 0 };
	struct xch_error err;
	assert_int_equal(tbx_read(data, len, ct_entry_fn, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.e[0].definition,
			    "A computer device that moves a pointer & selects items.");
	assert_int_equal(c.e[0].n, 2);
	assert_string_equal(c.e[0].lang[0], "en-US");
	assert_null(c.e[0].ldef[0]);
	assert_int_equal(c.e[0].n_terms[0], 2);
	assert_string_equal(c.e[0].term[0][0], "mouse");	/* ntig/termGrp */
	assert_string_equal(c.e[0].pos[0][0], "noun");
	assert_string_equal(c.e[0].term[0][1], "pointing device");
	assert_null(c.e[0].pos[0][1]);
	assert_string_equal(c.e[0].ldef[1], "Dispositif de pointage.");
	assert_string_equal(c.e[0].term[1][0], "souris");
	ct_entries_free(&c);
	free(data);
}

static void test_v3_names(void **state)
{
	const char *doc = "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\"><tbxHeader/>"
			  "<text><body><conceptEntry id=\"c1\"><langSec xml:lang=\"en\">"
			  "<termSec><term>cat</term><termNote type=\"partOfSpeech\">noun</termNote>"
			  "</termSec></langSec></conceptEntry></body></text></tbx>";
	struct ct_entries c = { 0 };
	struct xch_error err;
	assert_int_equal(tbx_read(doc, strlen(doc), ct_entry_fn, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.e[0].term[0][0], "cat");
	assert_string_equal(c.e[0].pos[0][0], "noun");
	ct_entries_free(&c);
}

static void expect_error(const char *doc, const char *msg_part)
{
	struct ct_entries c = { 0 };
	struct xch_error err;
	int rc = tbx_read(doc, strlen(doc), ct_entry_fn, &c, &err);
	if (getenv("CT_VERBOSE"))
		fprintf(stderr, "  -> %s\n", err.msg);
	if (rc != -1 || !strstr(err.msg, msg_part))
		fail_msg("rc %d, message \"%s\", wanted \"%s\"", rc, err.msg, msg_part);
	assert_int_equal(c.n, 0);
	ct_entries_free(&c);
}

static void test_errors(void **state)
{
	expect_error("<tmx><body/></tmx>", "root element is <tmx>");
	expect_error("<martif type=\"TBX\"><text/></martif>", "no <body>");
	expect_error("<martif><text><body><termEntry><langSet><tig><term>x</term></tig>"
		     "</langSet></termEntry></body></text></martif>", "without xml:lang");
	expect_error("<martif><text><body><termEntry>", "truncated");
	expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM "
		     "\"file:///etc/passwd\">]>\n<martif><text><body><termEntry id=\"a\">"
		     "<langSet xml:lang=\"en\"><tig><term>&x;</term></tig></langSet></termEntry>"
		     "</body></text></martif>", "entity declarations are refused");
	expect_error("<!DOCTYPE martif SYSTEM \"file:///etc/passwd\"><martif><text><body/>"
		     "</text></martif>", "external DTD");
	expect_error("<!DOCTYPE martif [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
		     "&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
		     "<martif><text><body><termEntry><langSet xml:lang=\"en\"><tig><term>&c;"
		     "</term></tig></langSet></termEntry></body></text></martif>", "entit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_crowdin),
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_v3_names),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
