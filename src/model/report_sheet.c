/* The reports' CSV and XLSX writer (report_sheet.h). */
#define _GNU_SOURCE
#include "model/report_sheet.h"
#include "core/mem.h"
#include "formats/textutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct report_sheet {
	struct buf *out;
	bool xlsx, failed;
	/* CSV */
	int col;
	/* XLSX: the workbook writes to a memfd (libxlsxwriter 1.1.4 writes to a
	 * file name only; guides/c-deps.md) */
	int fd;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *money, *rate;
	lxw_row_t row;
	lxw_col_t xcol;
};

int64_t report_round_cents(int64_t v)
{
	int64_t r = (v < 0 ? -v : v) + 50;
	r -= r % 100;
	return v < 0 ? -r : r;
}

static lxw_format *number_format(lxw_workbook *wb, const char *currency, const char *digits)
{
	char f[64];
	snprintf(f, sizeof(f), "\"%s\"#,##0.%s", currency, digits);
	lxw_format *fmt = workbook_add_format(wb);
	format_set_num_format(fmt, f);
	return fmt;
}

struct report_sheet *report_sheet_open(bool xlsx, const char *currency, struct buf *out)
{
	struct report_sheet *s = xcalloc(1, sizeof(*s));
	s->out = out;
	s->xlsx = xlsx;
	s->fd = -1;
	if (!xlsx)
		return s;
	s->fd = memfd_create("tolk-report.xlsx", MFD_CLOEXEC);
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", s->fd);
	lxw_workbook_options o = { .constant_memory = LXW_TRUE };
	s->wb = s->fd >= 0 ? workbook_new_opt(path, &o) : NULL;
	s->ws = s->wb ? workbook_add_worksheet(s->wb, "Report") : NULL;
	if (!s->ws) {
		if (s->wb)
			workbook_close(s->wb);
		if (s->fd >= 0)
			close(s->fd);
		free(s);
		return NULL;
	}
	s->bold = workbook_add_format(s->wb);
	format_set_bold(s->bold);
	s->money = number_format(s->wb, currency, "00");
	s->rate = number_format(s->wb, currency, "00##");
	return s;
}

/* The CSV delimiter before every cell but a row's first. */
static void csv_next(struct report_sheet *s)
{
	if (s->col++ && buf_addc(s->out, ','))
		s->failed = true;
}

/* An empty text is no cell in XLSX (a blank). */
static void text_cell(struct report_sheet *s, const char *text, lxw_format *f)
{
	if (s->xlsx) {
		if (*text && worksheet_write_string(s->ws, s->row, s->xcol, text, f))
			s->failed = true;
		s->xcol++;
		return;
	}
	csv_next(s);
	if (csv_put_field(s->out, text, ',', true))
		s->failed = true;
}

void report_sheet_header(struct report_sheet *s, const char *text)
{
	text_cell(s, text, s->bold);
}

void report_sheet_text(struct report_sheet *s, const char *text)
{
	text_cell(s, text, NULL);
}

void report_sheet_int(struct report_sheet *s, int64_t v)
{
	if (s->xlsx) {
		if (worksheet_write_number(s->ws, s->row, s->xcol++, (double)v, NULL))
			s->failed = true;
		return;
	}
	csv_next(s);
	if (buf_printf(s->out, "%lld", (long long)v))
		s->failed = true;
}

static void amount(struct report_sheet *s, int64_t v, bool cents)
{
	if (cents)
		v = report_round_cents(v);
	if (s->xlsx) {
		if (worksheet_write_number(s->ws, s->row, s->xcol++, (double)v / 10000,
					   cents ? s->money : s->rate))
			s->failed = true;
		return;
	}
	csv_next(s);
	int64_t m = v < 0 ? -v : v;
	char frac[8];
	snprintf(frac, sizeof(frac), "%04lld", (long long)(m % 10000));
	if (!cents)	/* a rate: its digits, at least two */
		for (int i = 3; i > 1 && frac[i] == '0'; i--)
			frac[i] = '\0';
	else
		frac[2] = '\0';
	if (buf_printf(s->out, "%s%lld.%s", v < 0 ? "-" : "", (long long)(m / 10000), frac))
		s->failed = true;
}

void report_sheet_money(struct report_sheet *s, int64_t v)
{
	amount(s, v, true);
}

void report_sheet_rate(struct report_sheet *s, int64_t v)
{
	amount(s, v, false);
}

void report_sheet_end_row(struct report_sheet *s)
{
	if (s->xlsx) {
		s->row++;
		s->xcol = 0;
		return;
	}
	s->col = 0;
	if (buf_adds(s->out, "\r\n"))
		s->failed = true;
}

/* The memfd's bytes into out. */
static int read_back(int fd, struct buf *out)
{
	off_t size = lseek(fd, 0, SEEK_END);
	if (size < 0 || buf_reserve(out, (size_t)size))
		return -1;
	size_t got = 0;
	while (got < (size_t)size) {
		ssize_t n = pread(fd, out->data + out->len + got, (size_t)size - got, (off_t)got);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	out->len += got;
	if (out->alloc > out->len)
		out->data[out->len] = '\0';
	return 0;
}

int report_sheet_close(struct report_sheet *s)
{
	int rc = s->failed ? -1 : 0;
	if (s->xlsx) {
		if (workbook_close(s->wb) != LXW_NO_ERROR)
			rc = -1;
		if (!rc && read_back(s->fd, s->out))
			rc = -1;
		close(s->fd);
	}
	free(s);
	return rc;
}
