/*
 * Spreadsheet uploads: the first byte picks CSV, XLSX, detection, or an
 * XLSX made here (mutated zips rarely get past the CRC checks, so this
 * mode puts the input straight into the parts: the sheet XML, then after
 * a NUL byte the shared strings).  Rows are read raw and through both
 * scheme mappers.  Any crash, leak or sanitizer report is a finding.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/exchange.h"

static la_ssize_t zip_write(struct archive *a, void *ctx, const void *p, size_t n)
{
	return buf_add(ctx, p, n) ? -1 : (la_ssize_t)n;
}

static void add_part(struct archive *a, const char *name, const char *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_write_header(a, e);
	archive_write_data(a, data, len);
	archive_entry_free(e);
}

/* A workbook whose first sheet is s[0, n) up to a NUL, shared strings after it. */
static void make_xlsx(const char *s, size_t n, struct buf *out)
{
	static const char workbook[] =
		"<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
		"relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
		"</sheets></workbook>";
	static const char rels[] =
		"<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
		"</Relationships>";
	const char *nul = memchr(s, '\0', n);
	size_t sheet = nul ? (size_t)(nul - s) : n;
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression=store");
	archive_write_open(a, out, NULL, zip_write, NULL);
	add_part(a, "xl/workbook.xml", workbook, sizeof(workbook) - 1);
	add_part(a, "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1);
	add_part(a, "xl/worksheets/sheet1.xml", s, sheet);
	if (nul)
		add_part(a, "xl/sharedStrings.xml", nul + 1, n - sheet - 1);
	archive_write_close(a);
	archive_write_free(a);
}

static int on_row(void *ctx, size_t row, const char *const *cells, size_t n)
{
	size_t *total = ctx;
	for (size_t i = 0; i < n; i++)
		*total += strlen(cells[i]);
	return 0;
}

static int on_tu(void *ctx, const struct tmx_tu *tu)
{
	for (size_t i = 0; i < tu->n; i++)
		if (!tu->v[i].text[0])
			abort();	/* empty cells make no variant */
	return 0;
}

static int on_entry(void *ctx, const struct tbx_entry *e)
{
	for (size_t i = 0; i < e->n_langs; i++)
		if (e->langs[i].n_terms != 1 || !e->langs[i].terms[0].text[0])
			abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const enum sheet_kind kinds[4] = { SHEET_AUTO, SHEET_CSV, SHEET_XLSX, SHEET_XLSX };
	enum sheet_kind kind = kinds[data[0] % 4];
	const char *s = (const char *)data + 1;
	size_t n = size - 1, total = 0;
	struct buf zip;
	buf_init(&zip, 0);
	if (data[0] % 4 == 3) {
		make_xlsx(s, n, &zip);
		s = zip.data;
		n = zip.len;
	}
	struct xch_error err;
	sheet_read(s, n, kind, on_row, &total, &err);
	tm_sheet_read(s, n, kind, "en,none,fr,de", data[0] & 4, on_tu, NULL, &err);
	glossary_sheet_read(s, n, kind, "term_en,description_en,none,term_uk", data[0] & 8,
			    on_entry, NULL, &err);
	buf_release(&zip);
	return 0;
}
