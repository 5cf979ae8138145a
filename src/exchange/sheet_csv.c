/*
 * CSV rows for the spreadsheet uploads (RFC 4180).  The delimiter is the
 * most frequent of ',' ';' and TAB outside quotes on the first line (','
 * on a tie).  A UTF-8 BOM is skipped; other encodings are refused.  Quoted
 * fields may hold delimiters, "" and line breaks; a quote inside an
 * unquoted field is kept as it is (what spreadsheets write for 5" screen).
 */
#include "exchange/xch_int.h"
#include "core/mem.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

struct csv {
	const char *s;
	size_t len, pos, line;
	char delim;
	struct buf cell[XCH_MAX_COLS];
	const char *cells[XCH_MAX_COLS];
	size_t n;
	struct xch_error *err;
};

static char pick_delim(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
		else if (c == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	return tab > comma && tab > semi ? '\t' : ',';
}

static bool at_eol(const struct csv *c)
{
	return c->pos >= c->len || c->s[c->pos] == '\n' || c->s[c->pos] == '\r';
}

static void skip_eol(struct csv *c)
{
	if (c->pos < c->len && c->s[c->pos] == '\r')
		c->pos++;
	if (c->pos < c->len && c->s[c->pos] == '\n')
		c->pos++;
	c->line++;
}

/* One field into b; leaves pos on the delimiter, the line end or the end. */
static int field(struct csv *c, struct buf *b)
{
	buf_reset(b);
	size_t start_line = c->line;
	if (c->pos < c->len && c->s[c->pos] == '"') {
		c->pos++;
		for (;;) {
			const char *q = memchr(c->s + c->pos, '"', c->len - c->pos);
			if (!q)
				return xch_fail(c->err, start_line,
						"line %zu: a quoted field is never closed", start_line);
			size_t n = (size_t)(q - c->s) - c->pos;
			for (const char *p = c->s + c->pos; (p = memchr(p, '\n', (size_t)(q - p))); p++)
				c->line++;
			if (buf_add(b, c->s + c->pos, n))
				break;
			c->pos += n + 1;
			if (c->pos < c->len && c->s[c->pos] == '"') {
				c->pos++;
				if (buf_addc(b, '"'))
					break;
				continue;
			}
			if (!at_eol(c) && c->s[c->pos] != c->delim)
				return xch_fail(c->err, c->line,
						"line %zu: text after the closing quote of a field",
						c->line);
			return 0;
		}
	} else {
		size_t a = c->pos;
		while (!at_eol(c) && c->s[c->pos] != c->delim)
			c->pos++;
		if (!buf_add(b, c->s + a, c->pos - a))
			return 0;
	}
	return xch_fail(c->err, start_line, "line %zu: a field longer than %u bytes", start_line,
			XCH_MAX_TEXT);
}

/* One record into cells; returns its first line. */
static int record(struct csv *c, size_t *line)
{
	*line = c->line;
	c->n = 0;
	for (;;) {
		if (c->n == XCH_MAX_COLS)
			return xch_fail(c->err, c->line, "line %zu: more than %d columns", c->line,
					XCH_MAX_COLS);
		if (field(c, &c->cell[c->n]))
			return -1;
		c->cells[c->n] = c->cell[c->n].data;
		c->n++;
		if (c->pos < c->len && c->s[c->pos] == c->delim) {
			c->pos++;
			continue;
		}
		skip_eol(c);
		return 0;
	}
}

static bool blank_row(const struct csv *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->cell[i].len)
			return false;
	return true;
}

int sheet_csv_read(const char *data, size_t len, sheet_row_fn fn, void *ctx,
		   struct xch_error *err)
{
	struct xch_error local;
	if (!err)
		err = &local;
	xch_error_clear(err);
	if (len >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
			 (data[0] == '\xFE' && data[1] == '\xFF')))
		return xch_fail(err, 1, "CSV must be UTF-8, not UTF-16 (save it as \"CSV UTF-8\")");
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	/* the first NUL byte or invalid UTF-8 sequence */
	const char *nul = memchr(data, '\0', len);
	size_t bad = nul ? (size_t)(nul - data) : len, ubad;
	if (!utf8_valid(data, len, &ubad) && ubad < bad)
		bad = ubad;
	if (bad < len) {
		size_t line = 1;
		for (size_t i = 0; i < bad; i++)
			line += data[i] == '\n';
		return xch_fail(err, line, "line %zu: not UTF-8 text (save the file as \"CSV UTF-8\")",
				line);
	}
	struct csv *c = xcalloc(1, sizeof(*c));
	c->s = data;
	c->len = len;
	c->line = 1;
	c->err = err;
	c->delim = pick_delim(data, len);
	for (size_t i = 0; i < XCH_MAX_COLS; i++)
		buf_init(&c->cell[i], XCH_MAX_TEXT);
	int rc = 0;
	size_t line;
	while (rc == 0 && c->pos < c->len) {
		if ((rc = record(c, &line)) != 0)
			break;
		if (blank_row(c))
			continue;
		if ((rc = fn(ctx, line, c->cells, c->n)) != 0)
			xch_stopped(err, line, rc);
	}
	for (size_t i = 0; i < XCH_MAX_COLS; i++)
		buf_release(&c->cell[i]);
	free(c);
	return rc;
}
