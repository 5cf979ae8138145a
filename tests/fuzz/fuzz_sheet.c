/*
 * Spreadsheet uploads: the first byte picks CSV, XLSX or detection, the
 * rest is the file; rows are read raw and through both scheme mappers.
 * Any crash, leak or sanitizer report is a finding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/exchange.h"

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
	enum sheet_kind kind = data[0] % 3 == 0 ? SHEET_AUTO : data[0] % 3 == 1 ? SHEET_CSV :
			       SHEET_XLSX;
	const char *s = (const char *)data + 1;
	size_t n = size - 1, total = 0;
	struct xch_error err;
	sheet_read(s, n, kind, on_row, &total, &err);
	tm_sheet_read(s, n, kind, "en,none,fr,de", data[0] & 4, on_tu, NULL, &err);
	glossary_sheet_read(s, n, kind, "term_en,description_en,none,term_uk", data[0] & 8,
			    on_entry, NULL, &err);
	return 0;
}
