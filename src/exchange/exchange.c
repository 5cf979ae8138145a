/*
 * Helpers every exchange format shares: errors, TMX dates, XML-safe text
 * output, and the choice between the spreadsheet readers.
 */
#define _GNU_SOURCE	/* timegm */
#include "exchange/xch_int.h"
#include "formats/xmlutil.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int xch_fail(struct xch_error *err, size_t line, const char *fmt, ...)
{
	if (!err || err->msg[0])
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->line = line;
	return -1;
}

void xch_error_clear(struct xch_error *err)
{
	if (err) {
		err->msg[0] = '\0';
		err->line = 0;
	}
}

int xch_stopped(struct xch_error *err, size_t line, int rc)
{
	if (err && !err->msg[0])
		xch_fail(err, line, line ? "line %zu: stopped by the caller" :
			 "stopped by the caller", line);
	return rc;
}

/* n digits at s into *v; false when one is not a digit. */
static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

time_t xch_parse_date(const char *s)
{
	int y, mo, d, h, mi, se;
	bool ext = strlen(s) == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' &&
		   s[13] == ':' && s[16] == ':' && s[19] == 'Z';
	bool basic = strlen(s) == 16 && s[8] == 'T' && s[15] == 'Z';
	if (!ext && !basic)
		return 0;
	int k = ext ? 1 : 0;	/* one separator between fields in the extended form */
	if (!digits(s, 4, &y) || !digits(s + 4 + k, 2, &mo) || !digits(s + 6 + 2 * k, 2, &d) ||
	    !digits(s + 9 + 2 * k, 2, &h) || !digits(s + 11 + 3 * k, 2, &mi) ||
	    !digits(s + 13 + 4 * k, 2, &se))
		return 0;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return 0;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_sec = se };
	time_t t = timegm(&tm);
	return t < 0 ? 0 : t;
}

int xch_put_date(struct buf *out, time_t t)
{
	struct tm tm;
	char s[32];
	if (!gmtime_r(&t, &tm) || strftime(s, sizeof(s), "%Y%m%dT%H%M%SZ", &tm) == 0)
		return -1;
	return buf_adds(out, s);
}

int xch_put_xml(struct buf *out, const char *s, bool attr)
{
	size_t n = strlen(s), bad;
	if (utf8_valid(s, n, &bad))
		return xu_put(out, s, n, attr ? XU_ATTR : 0);
	/* invalid sequences become U+FFFD, byte by byte */
	struct buf t;
	buf_init(&t, 0);
	for (size_t p = 0; p < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + p, n - p, &cp);
		if (l)
			buf_add(&t, s + p, l);
		else
			buf_adds(&t, "\xEF\xBF\xBD");
		p += l ? l : 1;
	}
	int rc = xu_put(out, t.data, t.len, attr ? XU_ATTR : 0);
	buf_release(&t);
	return rc;
}

bool xch_is_xml(const char *data, size_t len)
{
	if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE))
		return true;	/* a UTF-16 byte order mark: XML (Trados writes TMX so) */
	size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '<';
}

enum sheet_kind sheet_detect(const char *data, size_t len)
{
	return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0 ? SHEET_XLSX : SHEET_CSV;
}

int sheet_read(const char *data, size_t len, enum sheet_kind kind, sheet_row_fn fn, void *ctx,
	       struct xch_error *err)
{
	xch_error_clear(err);
	if (kind == SHEET_AUTO)
		kind = sheet_detect(data, len);
	if (kind == SHEET_XLSX)
		return sheet_xlsx_read(data, len, fn, ctx, err);
	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return xch_fail(err, 0, "XLS (Excel 97-2003) files are not supported: "
				"save the sheet as XLSX or CSV");
	return sheet_csv_read(data, len, fn, ctx, err);
}
