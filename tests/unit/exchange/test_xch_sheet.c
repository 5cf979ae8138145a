/* CSV and XLSX rows, schemes, and the TM and glossary mappers. */
#include "xch_test.h"

#include <archive.h>
#include <archive_entry.h>

/* ---- rows collector ---- */

struct rows {
	size_t n;
	size_t number[CT_MAX], ncells[CT_MAX];
	char *cell[CT_MAX][8];
};

static int row_fn(void *ctx, size_t row, const char *const *cells, size_t n)
{
	struct rows *r = ctx;
	assert_true(r->n < CT_MAX);
	r->number[r->n] = row;
	r->ncells[r->n] = n;
	for (size_t i = 0; i < n && i < 8; i++)
		r->cell[r->n][i] = xstrdup(cells[i]);
	r->n++;
	return 0;
}

static void rows_free(struct rows *r)
{
	for (size_t k = 0; k < r->n; k++)
		for (size_t i = 0; i < r->ncells[k] && i < 8; i++)
			free(r->cell[k][i]);
	memset(r, 0, sizeof(*r));
}

static int read_rows(const char *data, size_t len, enum sheet_kind kind, struct rows *r,
		     struct xch_error *err)
{
	memset(r, 0, sizeof(*r));
	int rc = sheet_read(data, len, kind, row_fn, r, err);
	if (getenv("CT_VERBOSE") && rc)
		fprintf(stderr, "  -> %s\n", err->msg);
	return rc;
}

/* ---- CSV ---- */

static void test_csv(void **state)
{
	const char csv[] = "\xEF\xBB\xBF" "en,fr,note\r\n"
			   "Hello,Bonjour,\r\n"
			   "\"Save, then close\",\"Enregistrer, puis fermer\",\"say \"\"hi\"\"\"\r\n"
			   "\"Two\nlines\",\"Deux\r\nlignes\",x\r\n"
			   "\r\n"
			   "5\" screen,écran de 5\",\n"
			   "last,dernier";
	struct rows r;
	struct xch_error err;
	assert_int_equal(read_rows(csv, sizeof(csv) - 1, SHEET_AUTO, &r, &err), 0);
	assert_int_equal(r.n, 6);
	assert_string_equal(r.cell[0][0], "en");	/* BOM gone */
	assert_int_equal(r.ncells[1], 3);
	assert_string_equal(r.cell[1][2], "");
	assert_string_equal(r.cell[2][0], "Save, then close");
	assert_string_equal(r.cell[2][2], "say \"hi\"");
	assert_string_equal(r.cell[3][0], "Two\nlines");
	assert_string_equal(r.cell[3][1], "Deux\r\nlignes");
	assert_int_equal(r.number[3], 4);
	assert_string_equal(r.cell[4][0], "5\" screen");	/* blank line skipped */
	assert_int_equal(r.number[4], 8);	/* two quoted line breaks on row 4 */
	assert_string_equal(r.cell[5][1], "dernier");
	rows_free(&r);

	const char semi[] = "en;de;uk\n\"a;b\";c,d;\"é\"\n";
	assert_int_equal(read_rows(semi, sizeof(semi) - 1, SHEET_CSV, &r, &err), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.cell[1][0], "a;b");
	assert_string_equal(r.cell[1][1], "c,d");
	assert_string_equal(r.cell[1][2], "é");
	rows_free(&r);

	const char tab[] = "en\tde\nx, y\tz; w\n";
	assert_int_equal(read_rows(tab, sizeof(tab) - 1, SHEET_CSV, &r, &err), 0);
	assert_string_equal(r.cell[1][0], "x, y");
	assert_string_equal(r.cell[1][1], "z; w");
	rows_free(&r);
}

static void expect_rows_error(const char *data, size_t len, enum sheet_kind kind,
			      const char *msg_part)
{
	struct rows r;
	struct xch_error err;
	int rc = read_rows(data, len, kind, &r, &err);
	if (rc != -1 || !strstr(err.msg, msg_part))
		fail_msg("rc %d, message \"%s\", wanted \"%s\"", rc, err.msg, msg_part);
	rows_free(&r);
}

static void test_csv_errors(void **state)
{
	expect_rows_error("a,b\n\"open,c\n", 11, SHEET_CSV, "line 2: a quoted field is never closed");
	expect_rows_error("a,\"b\"c\n", 7, SHEET_CSV, "text after the closing quote");
	expect_rows_error("\xFF\xFE" "a\0,\0", 6, SHEET_CSV, "UTF-16");
	expect_rows_error("ok\nbad \xC3\x28\n", 10, SHEET_CSV, "line 2: not UTF-8");
	expect_rows_error("a\0b", 3, SHEET_CSV, "not UTF-8");
	expect_rows_error("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", 13, SHEET_AUTO, "XLS");
}

/* ---- XLSX made in the test ---- */

static la_ssize_t zip_write(struct archive *a, void *ctx, const void *p, size_t n)
{
	buf_add(ctx, p, n);
	return (la_ssize_t)n;
}

struct part {
	const char *name;
	const char *data;
	size_t len;	/* 0: strlen(data) */
};

static void make_zip(const struct part *p, size_t n, struct buf *out)
{
	struct archive *a = archive_write_new();
	buf_init(out, 0);
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression=deflate");
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open(a, out, NULL, zip_write, NULL), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		size_t len = p[i].len ? p[i].len : strlen(p[i].data);
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, p[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, p[i].data, len), (la_ssize_t)len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"Data\" sheetId=\"2\" r:id=\"rId7\"/>"
	"<sheet name=\"Other\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/worksheet\" Target=\"/xl/worksheets/data.xml\"/></Relationships>";
static const char strings[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"5\" "
	"uniqueCount=\"5\">"
	"<si><t>en</t></si>"
	"<si><t>fr</t></si>"
	"<si><t xml:space=\"preserve\"> Save &amp; close </t></si>"
	"<si><r><rPr><b/></rPr><t>Enregistrer</t></r><r><t xml:space=\"preserve\"> et "
	"fermer</t></r><rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
	"<si><t>line_x000D_\nbreak _x005F_x0041_ _xZZZZ_</t></si>"
	"</sst>";
static const char data_sheet[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<dimension ref=\"A1:D5\"/><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"s\"><v>3</v></c></row>"
	"<row r=\"4\" spans=\"1:4\"><c r=\"A4\"><v>3.5</v></c><c r=\"C4\" t=\"inlineStr\"><is>"
	"<t>inline</t></is></c><c r=\"D4\" t=\"b\"><v>1</v></c></row>"
	"<row r=\"5\"><c r=\"A5\" t=\"s\"><v>4</v></c><c r=\"B5\" t=\"str\"><f>A1&amp;B1</f>"
	"<v>enfr</v></c><c r=\"C5\" s=\"3\"/></row>"
	"<row r=\"6\"><c r=\"A6\" s=\"1\"/></row>"
	"</sheetData></worksheet>";
static const char other_sheet[] =
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>WRONG SHEET</t></is></c>"
	"</row></sheetData></worksheet>";

static void xlsx(struct buf *out, const char *sheet, const char *sst, bool with_rels)
{
	struct part p[6];
	size_t n = 0;
	p[n++] = (struct part){ "[Content_Types].xml", content_types, 0 };
	p[n++] = (struct part){ "xl/workbook.xml", workbook, 0 };
	if (with_rels)
		p[n++] = (struct part){ "xl/_rels/workbook.xml.rels", rels, 0 };
	p[n++] = (struct part){ "xl/worksheets/sheet1.xml", other_sheet, 0 };
	if (sheet)
		p[n++] = (struct part){ "xl/worksheets/data.xml", sheet, 0 };
	if (sst)
		p[n++] = (struct part){ "xl/sharedStrings.xml", sst, 0 };
	make_zip(p, n, out);
}

static void test_xlsx(void **state)
{
	struct buf z;
	xlsx(&z, data_sheet, strings, true);
	assert_int_equal(sheet_detect(z.data, z.len), SHEET_XLSX);
	struct rows r;
	struct xch_error err;
	assert_int_equal(read_rows(z.data, z.len, SHEET_AUTO, &r, &err), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.cell[0][0], "en");
	assert_string_equal(r.cell[0][1], "fr");
	assert_string_equal(r.cell[1][0], " Save & close ");
	assert_string_equal(r.cell[1][1], "Enregistrer et fermer");	/* no phonetic run */
	assert_int_equal(r.number[2], 4);
	assert_int_equal(r.ncells[2], 4);
	assert_string_equal(r.cell[2][0], "3.5");
	assert_string_equal(r.cell[2][1], "");
	assert_string_equal(r.cell[2][2], "inline");
	assert_string_equal(r.cell[2][3], "TRUE");
	assert_string_equal(r.cell[3][0], "line\r\nbreak _x0041_ _xZZZZ_");
	assert_string_equal(r.cell[3][1], "enfr");
	assert_int_equal(r.ncells[3], 2);	/* C5 has no value */
	rows_free(&r);
	buf_release(&z);
}

static void test_xlsx_errors(void **state)
{
	struct buf z;
	xlsx(&z, data_sheet, strings, false);
	expect_rows_error(z.data, z.len, SHEET_XLSX, "xl/_rels/workbook.xml.rels is missing");
	buf_release(&z);

	xlsx(&z, NULL, strings, true);
	expect_rows_error(z.data, z.len, SHEET_XLSX, "xl/worksheets/data.xml is missing");
	buf_release(&z);

	struct part only[1] = { { "docProps/app.xml", "<Properties/>", 0 } };
	make_zip(only, 1, &z);
	expect_rows_error(z.data, z.len, SHEET_XLSX, "xl/workbook.xml is missing");
	buf_release(&z);

	/* a shared string index past the table */
	xlsx(&z, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>99</v></c></row>"
		 "</sheetData></worksheet>", strings, true);
	expect_rows_error(z.data, z.len, SHEET_XLSX,
			  "XLSX xl/worksheets/data.xml: line 1: cell A1: no shared string 99");
	buf_release(&z);

	/* XXE inside a part */
	xlsx(&z, "<!DOCTYPE worksheet [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
		 "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&x;</t></is></c></row>"
		 "</sheetData></worksheet>", strings, true);
	expect_rows_error(z.data, z.len, SHEET_XLSX, "entity declarations are refused");
	buf_release(&z);

	/* not a zip after all */
	expect_rows_error("PK\x03\x04garbage garbage garbage", 27, SHEET_AUTO, "XLSX");
	expect_rows_error("PK\x03\x04", 4, SHEET_XLSX, "XLSX");
}

static void test_zip_bomb(void **state)
{
	/* 80 MiB of the same byte deflates to about 80 KB */
	size_t big = 80u << 20;
	char *zeros = malloc(big);
	memset(zeros, 'a', big);
	memcpy(zeros, "<sst><si><t>", 12);
	struct part p[3] = {
		{ "xl/workbook.xml", workbook, 0 },
		{ "xl/_rels/workbook.xml.rels", rels, 0 },
		{ "xl/sharedStrings.xml", zeros, big },
	};
	struct buf z;
	make_zip(p, 3, &z);
	free(zeros);
	assert_true(z.len < (1u << 20));
	expect_rows_error(z.data, z.len, SHEET_XLSX, "zip bomb");
	buf_release(&z);
}

/* ---- schemes ---- */

static void expect_scheme(const char *scheme, enum xch_scheme_kind kind, const char *msg_part)
{
	struct xch_scheme s;
	struct xch_error err;
	int rc = xch_scheme_parse(scheme, kind, &s, &err);
	if (getenv("CT_VERBOSE"))
		fprintf(stderr, "  -> %s\n", rc ? err.msg : "ok");
	if (msg_part ? rc != -1 || !strstr(err.msg, msg_part) : rc != 0)
		fail_msg("scheme \"%s\": rc %d, message \"%s\", wanted \"%s\"", scheme, rc, err.msg,
			 msg_part ? msg_part : "success");
}

static void test_schemes(void **state)
{
	struct xch_scheme s;
	struct xch_error err;
	assert_int_equal(xch_scheme_parse("en,fr,none,uk", XCH_SCHEME_TM, &s, &err), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.col[2].role, XCH_NONE);
	assert_string_equal(s.col[3].lang, "uk");
	assert_int_equal(xch_scheme_parse("term_en,description_en,none,term_uk,description_uk",
					  XCH_SCHEME_GLOSSARY, &s, &err), 0);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.col[1].role, XCH_DESCRIPTION);
	assert_string_equal(s.col[3].lang, "uk");
	expect_scheme(" en , pt-BR ,NONE, zh_Hans ", XCH_SCHEME_TM, NULL);
	expect_scheme("TERM_en,Description_en", XCH_SCHEME_GLOSSARY, NULL);

	expect_scheme("", XCH_SCHEME_TM, "missing");
	expect_scheme(NULL, XCH_SCHEME_GLOSSARY, "missing");
	expect_scheme("en,none", XCH_SCHEME_TM, "at least two language columns");
	expect_scheme("none,none", XCH_SCHEME_TM, "at least two");
	expect_scheme("en,fr,en", XCH_SCHEME_TM, "en appears twice (columns 1 and 3)");
	expect_scheme("en,identifier?,fr", XCH_SCHEME_TM, "column 2");
	expect_scheme("en,,fr", XCH_SCHEME_TM, "column 2");
	expect_scheme("term_en,source_phrase", XCH_SCHEME_GLOSSARY, "column 2 is \"source_phrase\"");
	expect_scheme("term_en,term_", XCH_SCHEME_GLOSSARY, "names no valid language");
	expect_scheme("term_en,term_en", XCH_SCHEME_GLOSSARY, "term_en appears twice");
	expect_scheme("description_en,none", XCH_SCHEME_GLOSSARY, "description_en has no term_en");
	expect_scheme("none", XCH_SCHEME_GLOSSARY, "no term_{language} column");
	expect_scheme("en,fr", XCH_SCHEME_GLOSSARY, "column 1");
}

/* ---- mappers ---- */

static void test_tm_mapper(void **state)
{
	const char csv[] = "English;French;Notes;Ukrainian\n"
			   "Save;Enregistrer;ignored;Зберегти\n"
			   ";;only a note;\n"
			   "Close;;x;Закрити\n";
	struct ct_tus c = { 0 };
	struct xch_error err;
	assert_int_equal(tm_sheet_read(csv, sizeof(csv) - 1, SHEET_AUTO, "en,fr,none,uk", true,
				       ct_tu_fn, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.u[0].srclang, "en");
	assert_int_equal(c.u[0].n, 3);
	assert_string_equal(ct_text(&c.u[0], "fr"), "Enregistrer");
	assert_string_equal(ct_text(&c.u[0], "uk"), "Зберегти");
	assert_int_equal(c.u[1].n, 2);
	assert_null(ct_text(&c.u[1], "fr"));
	ct_tus_free(&c);

	/* the header row is data without first_line_contains_header */
	assert_int_equal(tm_sheet_read(csv, sizeof(csv) - 1, SHEET_CSV, "en,fr,none,uk", false,
				       ct_tu_fn, &c, &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(ct_text(&c.u[0], "en"), "English");
	ct_tus_free(&c);

	/* XLSX */
	struct buf z;
	xlsx(&z, data_sheet, strings, true);
	assert_int_equal(tm_sheet_read(z.data, z.len, SHEET_AUTO, "en,fr", true, ct_tu_fn, &c,
				       &err), 0);
	assert_int_equal(c.n, 3);
	assert_string_equal(ct_text(&c.u[0], "fr"), "Enregistrer et fermer");
	ct_tus_free(&c);
	buf_release(&z);

	/* a bad scheme fails before the data is read */
	assert_int_equal(tm_sheet_read(csv, sizeof(csv) - 1, SHEET_CSV, "en,xx yy", true,
				       ct_tu_fn, &c, &err), -1);
	assert_int_equal(c.n, 0);
	assert_non_null(strstr(err.msg, "scheme"));
}

static void test_glossary_mapper(void **state)
{
	const char csv[] = "term_en,description_en,none,term_uk,description_uk\n"
			   "  Settings , Where options live ,x, Налаштування ,\n"
			   "Crowdin,,,,Назва сервісу\n"
			   ",,only junk,,\n";
	struct ct_entries c = { 0 };
	struct xch_error err;
	assert_int_equal(glossary_sheet_read(csv, sizeof(csv) - 1, SHEET_AUTO,
					     "term_en,description_en,none,term_uk,description_uk",
					     true, ct_entry_fn, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.e[0].n, 2);
	assert_string_equal(c.e[0].lang[0], "en");
	assert_string_equal(c.e[0].term[0][0], "Settings");
	assert_string_equal(c.e[0].ldef[0], "Where options live");
	assert_string_equal(c.e[0].term[1][0], "Налаштування");
	assert_null(c.e[0].ldef[1]);
	/* no Ukrainian term: its description alone makes no language */
	assert_int_equal(c.e[1].n, 1);
	assert_string_equal(c.e[1].term[0][0], "Crowdin");
	assert_null(c.e[1].ldef[0]);
	ct_entries_free(&c);

	assert_int_equal(glossary_sheet_read(csv, sizeof(csv) - 1, SHEET_AUTO, "term_en,bogus",
					     true, ct_entry_fn, &c, &err), -1);
	assert_non_null(strstr(err.msg, "bogus"));
	assert_int_equal(c.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_xlsx_errors),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_schemes),
		cmocka_unit_test(test_tm_mapper),
		cmocka_unit_test(test_glossary_mapper),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
