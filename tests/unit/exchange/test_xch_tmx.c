/* TMX: round trip, real-world samples, malformed and hostile input. */
#include "xch_test.h"

static int read_str(const char *s, struct ct_tus *c, struct xch_error *err)
{
	memset(c, 0, sizeof(*c));
	return tmx_read(s, strlen(s), ct_tu_fn, c, err);
}

static void test_roundtrip(void **state)
{
	const char *texts[][3] = {
		{ "Hello, world", "Привіт, світе", "Hallo Welt" },
		{ "a < b && c > d", "\"quotes\" and 'apostrophes'", "]]> in text" },
		{ "two\nlines\r\nand CRLF", "  leading and trailing  ", "\ttab" },
		{ "emoji 😀 and CJK 漢字", "{0} files, %s, %1$d", "<b>markup</b> &amp; kept" },
		{ "control \x01\x02 dropped", "invalid \xff utf-8", "" },
	};
	struct tmx_variant v[3];
	struct buf out;
	buf_init(&out, 0);
	assert_int_equal(tmx_write_begin(&out, "en"), 0);
	for (size_t i = 0; i < 5; i++) {
		const char *langs[] = { "en", "uk", "de-DE" };
		for (int k = 0; k < 3; k++)
			v[k] = (struct tmx_variant){ langs[k], texts[i][k], 0, 0 };
		char tuid[32];
		snprintf(tuid, sizeof(tuid), "id-%zu \"&<", i);
		struct tmx_tu tu = { .tuid = tuid, .v = v, .n = 3,
				     .context = i == 1 ? "ctx with <tags> & \"q\"\nline 2" : NULL,
				     .created = 1680000000 + (time_t)i, .changed = 1690000000 };
		assert_int_equal(tmx_write_tu(&out, &tu), 0);
	}
	assert_int_equal(tmx_write_end(&out), 0);
	assert_true(ct_well_formed(out.data, out.len));
	assert_non_null(strstr(out.data, "creationtool=\"tolk\""));
	assert_non_null(strstr(out.data, "srclang=\"en\""));
	assert_non_null(strstr(out.data, "segtype=\"sentence\""));

	struct ct_tus c = { 0 };
	struct xch_error err;
	assert_int_equal(tmx_read(out.data, out.len, ct_tu_fn, &c, &err), 0);
	assert_int_equal(c.n, 5);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(c.u[i].n, 3);
		assert_string_equal(c.u[i].lang[0], "en");
		assert_string_equal(c.u[i].lang[2], "de-DE");
		for (int k = 0; k < 3; k++)
			assert_string_equal(c.u[i].text[k], texts[i][k]);
		assert_int_equal(c.u[i].created, 1680000000 + (time_t)i);
		assert_int_equal(c.u[i].changed, 1690000000);
		assert_string_equal(c.u[i].srclang, "en");
	}
	assert_string_equal(c.u[1].tuid, "id-1 \"&<");
	assert_string_equal(c.u[1].context, "ctx with <tags> & \"q\"\nline 2");
	assert_null(c.u[0].context);
	/* what XML cannot carry: controls dropped, bad bytes as U+FFFD */
	assert_string_equal(c.u[4].text[0], "control  dropped");
	assert_string_equal(c.u[4].text[1], "invalid \xEF\xBF\xBD utf-8");
	assert_string_equal(c.u[4].text[2], "");
	ct_tus_free(&c);
	buf_release(&out);
}

/* What TMX cannot hold is left out, and the file still reads. */
static void test_write_odd(void **state)
{
	struct tmx_variant v[3] = { { "en", "x", 0, 0 }, { NULL, "no language", 0, 0 },
				    { "", "empty language", 0, 0 } };
	struct tmx_tu tu = { .v = v, .n = 3 };
	struct buf out;
	buf_init(&out, 0);
	tmx_write_begin(&out, "");
	assert_int_equal(tmx_write_tu(&out, &tu), 0);
	tmx_write_end(&out);
	struct ct_tus c = { 0 };
	struct xch_error err;
	assert_int_equal(tmx_read(out.data, out.len, ct_tu_fn, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.u[0].n, 1);
	assert_string_equal(c.u[0].srclang, "*all*");
	ct_tus_free(&c);
	/* a full buffer is an error, never a half-written unit reported as done */
	struct buf small;
	buf_init(&small, 64);
	assert_int_equal(tmx_write_begin(&small, "en"), -1);
	buf_release(&small);
	buf_release(&out);
}

static void test_crowdin(void **state)
{
	size_t len;
	char *data = ct_load("crowdin.tmx", &len);
	struct ct_tus c = { 0 };
	struct xch_error err;
	assert_int_equal(tmx_read(data, len, ct_tu_fn, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.u[0].srclang, "en");
	assert_string_equal(c.u[0].context, "settings.title");
	assert_string_equal(ct_text(&c.u[0], "uk"), "Налаштування");
	assert_string_equal(ct_text(&c.u[0], "de"), "Einstellungen");
	assert_int_equal(c.u[0].created, 1677665700);	/* 2023-03-01T10:15:00Z */
	assert_int_equal(c.u[0].changed, 1677755760);	/* 2023-03-02T11:16:00Z */
	assert_string_equal(ct_text(&c.u[1], "en"),
			    "Delete {0} files? <b>This cannot be undone.</b>");
	assert_null(c.u[1].context);
	ct_tus_free(&c);
	free(data);
}

static void test_trados_utf16(void **state)
{
	size_t len;
	char *data = ct_load("trados16.tmx", &len);
	struct ct_tus c = { 0 };
	struct xch_error err;
	assert_int_equal(tmx_read(data, len, ct_tu_fn, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.u[0].srclang, "en-GB");
	assert_string_equal(c.u[0].context, "9134017498234, 1209381203");
	assert_string_equal(ct_text(&c.u[0], "en-GB"),
			    "Click <cf bold=\"True\">Save</cf> to keep your changes.");
	assert_string_equal(ct_text(&c.u[0], "fr-FR"),
			    "Cliquez sur <cf bold=\"True\">Enregistrer</cf> pour conserver vos "
			    "modifications.");
	assert_string_equal(ct_text(&c.u[1], "fr-FR"), "Page {PAGE} sur {NUMPAGES}");
	ct_tus_free(&c);
	free(data);
}

static void test_omegat(void **state)
{
	size_t len;
	char *data = ct_load("omegat.tmx", &len);
	struct ct_tus c = { 0 };
	struct xch_error err;
	assert_int_equal(tmx_read(data, len, ct_tu_fn, &c, &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.u[0].srclang, "EN-US");
	/* TMX 1.1 lang=, dates on the tuv only */
	assert_string_equal(ct_text(&c.u[0], "PL"), "Otwórz <a0>menu pliku</a0>.");
	assert_int_equal(c.u[0].vcreated[1], 1704099600);	/* 2024-01-01T09:00:00Z */
	assert_int_equal(c.u[0].created, 1704099600);
	assert_int_equal(c.u[0].changed, 1704190210);	/* 2024-01-02T10:10:10Z */
	assert_int_equal(c.u[0].vcreated[0], 0);
	assert_string_equal(ct_text(&c.u[1], "EN-US"),
			    "  Two spaces, a tab\tand\na newline & \"quotes\" 'too' bold <br/> <i>x");
	assert_string_equal(ct_text(&c.u[1], "PL"), "CDATA <kept> & raw");
	assert_string_equal(ct_text(&c.u[2], "PL"), "Obraz: <img alt=\"Logo\"/>");
	assert_null(c.u[2].context);	/* prop types without "context" */
	assert_null(c.u[0].tuid);
	ct_tus_free(&c);
	free(data);
}

/* Errors: nothing delivered, a message that says why. */
static void expect_error(const char *doc, const char *msg_part, size_t delivered)
{
	struct ct_tus c;
	struct xch_error err;
	int rc = read_str(doc, &c, &err);
	if (getenv("CT_VERBOSE"))
		fprintf(stderr, "  -> %s\n", err.msg);
	if (rc != -1 || !strstr(err.msg, msg_part))
		fail_msg("rc %d, message \"%s\", wanted \"%s\"", rc, err.msg, msg_part);
	assert_int_equal(c.n, delivered);
	ct_tus_free(&c);
}

static void test_malformed(void **state)
{
	expect_error("", "the file is empty", 0);
	expect_error("not xml at all", "line 1", 0);
	expect_error("<?xml version=\"1.0\"?><html><body/></html>", "root element is <html>", 0);
	expect_error("<tmx version=\"1.4\"><header srclang=\"en\"/></tmx>", "no <body>", 0);
	expect_error("<tmx><header/><body><tu><tuv xml:lang=\"en\"><seg>x</tuv></tu></body></tmx>",
		     "line 1", 0);
	expect_error("<tmx><body><tu><tuv><seg>no language</seg></tuv></tu></body></tmx>",
		     "without xml:lang", 0);
	expect_error("<tmx><body><tu><tuv xml:lang=\"en\"><seg>a &nbsp; b</seg></tuv></tu>"
		     "</body></tmx>", "nbsp", 0);
	/* truncated after one unit: the unit came, then the error (callers roll back) */
	expect_error("<tmx><body><tu><tuv xml:lang=\"en\"><seg>one</seg></tuv></tu>"
		     "<tu><tuv xml:lang=\"en\"><seg>tw", "truncated", 1);
	/* nesting deeper than the cap */
	struct buf b;
	buf_init(&b, 0);
	buf_adds(&b, "<tmx><body><tu><tuv xml:lang=\"en\"><seg>");
	for (int i = 0; i < 100; i++)
		buf_adds(&b, "<hi>");
	for (int i = 0; i < 100; i++)
		buf_adds(&b, "</hi>");
	buf_adds(&b, "</seg></tuv></tu></body></tmx>");
	expect_error(b.data, "nested deeper", 0);
	buf_release(&b);
}

static void test_hostile(void **state)
{
	/* XXE: refused before anything is read, and the file never opened */
	expect_error("<?xml version=\"1.0\"?>\n"
		     "<!DOCTYPE tmx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		     "<tmx><body><tu><tuv xml:lang=\"en\"><seg>&x;</seg></tuv></tu></body></tmx>",
		     "entity declarations are refused", 0);
	/* billion laughs */
	expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n"
		     " <!ENTITY lol \"lol\">\n"
		     " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		     " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		     " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		     " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		     " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		     " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		     " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		     " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		     " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		     "]>\n<tmx><body><tu><tuv xml:lang=\"en\"><seg>&lol9;</seg></tuv></tu></body></tmx>",
		     "entity", 0);
	/* an internal entity, harmless in itself, is refused as well */
	expect_error("<!DOCTYPE tmx [<!ENTITY app \"App\">]><tmx><body><tu><tuv xml:lang=\"en\">"
		     "<seg>&app;</seg></tuv></tu></body></tmx>", "<!ENTITY app>", 0);
	/* parameter entities (the usual out-of-band XXE) */
	expect_error("<!DOCTYPE tmx [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]>"
		     "<tmx><body/></tmx>", "entity", 0);
	/* an external DTD other than the TMX one */
	expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"http://127.0.0.1:1/evil.dtd\">\n"
		     "<tmx><body><tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu></body></tmx>",
		     "external DTD \"http://127.0.0.1:1/evil.dtd\" refused", 0);
	expect_error("<!DOCTYPE tmx PUBLIC \"-//X//DTD X//EN\" \"file:///etc/passwd\">"
		     "<tmx><body/></tmx>", "refused", 0);
	/* the DTD TMX tools name is accepted (and not loaded) */
	struct ct_tus c;
	struct xch_error err;
	assert_int_equal(read_str("<!DOCTYPE tmx SYSTEM \"http://www.lisa.org/tmx/tmx14.dtd\">"
				  "<tmx><body><tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>"
				  "</body></tmx>", &c, &err), 0);
	assert_int_equal(c.n, 1);
	ct_tus_free(&c);
}

static void test_callback_stops(void **state)
{
	const char *doc = "<tmx><body>"
			  "<tu><tuv xml:lang=\"en\"><seg>1</seg></tuv></tu>"
			  "<tu><tuv xml:lang=\"en\"><seg>2</seg></tuv></tu>"
			  "<tu><tuv xml:lang=\"en\"><seg>3</seg></tuv></tu></body></tmx>";
	struct ct_tus c = { .stop_after = 2 };
	struct xch_error err;
	assert_int_equal(tmx_read(doc, strlen(doc), ct_tu_fn, &c, &err), 7);
	assert_int_equal(c.n, 2);
	assert_non_null(strstr(err.msg, "stopped"));
	ct_tus_free(&c);
}

struct counter {
	int n, bad;
};

static int count_fn(void *ctx, const struct tmx_tu *tu)
{
	struct counter *k = ctx;
	char want[32];
	snprintf(want, sizeof(want), "cible %d", k->n++);
	k->bad += tu->n != 2 || strcmp(tu->v[1].text, want) != 0 || strcmp(tu->srclang, "*all*") != 0;
	return 0;
}

static void test_big_streaming(void **state)
{
	/* 20,000 units written and read back in order */
	struct buf out;
	buf_init(&out, 0);
	tmx_write_begin(&out, NULL);
	char a[32], b[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(a, sizeof(a), "source %d", i);
		snprintf(b, sizeof(b), "cible %d", i);
		struct tmx_variant v[2] = { { "en", a, 0, 0 }, { "fr", b, 0, 0 } };
		struct tmx_tu tu = { .v = v, .n = 2 };
		assert_int_equal(tmx_write_tu(&out, &tu), 0);
	}
	tmx_write_end(&out);
	assert_non_null(strstr(out.data, "srclang=\"*all*\""));
	struct counter k = { 0 };
	struct xch_error err;
	assert_int_equal(tmx_read(out.data, out.len, count_fn, &k, &err), 0);
	assert_int_equal(k.n, 20000);
	assert_int_equal(k.bad, 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_write_odd),
		cmocka_unit_test(test_crowdin),
		cmocka_unit_test(test_trados_utf16),
		cmocka_unit_test(test_omegat),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_big_streaming),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
