/*
 * report_sheet: the one table writer of the reports, CSV or XLSX, filled
 * row by row (the XLSX in libxlsxwriter's constant-memory mode, so a report
 * of a million rows stays small).  CSV follows RFC 4180 in UTF-8 with CRLF
 * line ends, text cells defused against formulas; XLSX has a bold header,
 * integers, and amounts in the currency's number format.
 */
#ifndef TOLK_REPORT_SHEET_H
#define TOLK_REPORT_SHEET_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

struct report_sheet;

/* out receives the file at report_sheet_close; NULL when XLSX could not start. */
struct report_sheet *report_sheet_open(bool xlsx, const char *currency, struct buf *out);
void report_sheet_header(struct report_sheet *s, const char *text);	/* bold in XLSX */
void report_sheet_text(struct report_sheet *s, const char *text);
void report_sheet_int(struct report_sheet *s, int64_t v);
/* An amount in ten-thousandths of the currency, shown with 2 decimals (costs)
 * or with up to 4 (rates). */
void report_sheet_money(struct report_sheet *s, int64_t ten_thousandths);
void report_sheet_rate(struct report_sheet *s, int64_t ten_thousandths);
void report_sheet_end_row(struct report_sheet *s);
/* Finish the file into out and free the writer: 0 or -1. */
int report_sheet_close(struct report_sheet *s);

/* Amounts in ten-thousandths rounded to cents, half away from zero (kept in ten-thousandths). */
int64_t report_round_cents(int64_t ten_thousandths);

#endif
