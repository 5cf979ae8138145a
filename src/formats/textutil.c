#include "formats/textutil.h"
#include "formats/format.h"

#include <stdio.h>
#include <string.h>

int buf_add_utf8(struct buf *b, uint32_t cp)
{
	char tmp[4];
	size_t n = utf8_encode(cp, tmp);
	if (!n)
		n = utf8_encode(0xFFFD, tmp);
	return buf_add(b, tmp, n);
}

size_t text_line_of(const char *data, size_t len, size_t off)
{
	size_t line = 1;
	const char *p = data, *end = data + (off < len ? off : len);
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

size_t text_bom_len(const char *data, size_t len)
{
	return len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The first line longer than TEXT_MAX_LINE: its start and 1-based number. */
static bool find_long_line(const char *data, size_t len, size_t *start, size_t *line)
{
	*start = 0;
	*line = 1;
	for (;;) {
		const char *nl = memchr(data + *start, '\n', len - *start);
		size_t end = nl ? (size_t)(nl - data) : len;
		if (end - *start > TEXT_MAX_LINE)
			return true;
		if (!nl)
			return false;
		*start = end + 1;
		(*line)++;
	}
}

/*
 * Whole-input passes (memchr, utf8_valid) rather than one of each per line,
 * whose calls cost more than the scanning on short lines.  The problem
 * reported is the one a line-by-line check meets first: the earliest line,
 * and on one line a long line, then a NUL byte, then invalid UTF-8.
 */
int text_precheck(const char *data, size_t len, unsigned flags, const char *what,
		  struct fmt_error *err)
{
	size_t long_at = 0, long_line = SIZE_MAX, bad = 0;
	if (len > TEXT_MAX_LINE && !find_long_line(data, len, &long_at, &long_line))
		long_line = SIZE_MAX;
	const char *nul = flags & TEXT_CHECK_NUL ? memchr(data, '\0', len) : NULL;
	bool invalid = (flags & TEXT_CHECK_UTF8) && !utf8_valid(data, len, &bad);
	if (long_line == SIZE_MAX && !nul && !invalid)
		return 0;

	size_t nul_line = nul ? text_line_of(data, len, (size_t)(nul - data)) : SIZE_MAX;
	size_t bad_line = invalid ? text_line_of(data, len, bad) : SIZE_MAX;
	if (long_line <= nul_line && long_line <= bad_line) {
		fmt_error_set(err, long_line, long_at, "%s: line %zu (offset %zu) is longer than "
			      "%zu bytes", what, long_line, long_at, TEXT_MAX_LINE);
	} else if (nul_line <= bad_line) {
		size_t at = (size_t)(nul - data);
		fmt_error_set(err, nul_line, at, "%s: NUL byte at line %zu (offset %zu): "
			      "wrong encoding?", what, nul_line, at);
	} else {
		/* a sequence cut by the end of the line is reported there */
		fmt_error_set(err, bad_line, bad, "%s: invalid UTF-8 at line %zu (offset %zu)",
			      what, bad_line, bad);
	}
	return -1;
}

int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long hex_n(const char *s, size_t n)
{
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		int h = hexval((unsigned char)s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

int buf_add_c_escaped(struct buf *b, const char *s, size_t len, bool c_controls,
		      bool u_controls)
{
	size_t run = 0;
	int rc = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char tmp[8];
		switch (c) {
		case '\\': esc = "\\\\"; break;
		case '"': esc = "\\\""; break;
		case '\n': esc = "\\n"; break;
		case '\t': esc = "\\t"; break;
		case '\r': esc = "\\r"; break;
		case '\a': esc = c_controls ? "\\a" : NULL; break;
		case '\b': esc = c_controls ? "\\b" : NULL; break;
		case '\f': esc = c_controls ? "\\f" : NULL; break;
		case '\v': esc = c_controls ? "\\v" : NULL; break;
		default: break;
		}
		if (!esc && c < 0x20 && u_controls) {
			snprintf(tmp, sizeof(tmp), "\\u%04X", c);
			esc = tmp;
		}
		if (!esc)
			continue;
		rc |= buf_add(b, s + run, i - run);
		rc |= buf_adds(b, esc);
		run = i + 1;
	}
	rc |= buf_add(b, s + run, len - run);
	return rc ? -1 : 0;
}

uint64_t text_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}
