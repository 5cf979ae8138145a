#include "formats/textutil.h"
#include "formats/format.h"

#include <stdio.h>
#include <string.h>

size_t utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t n;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xC2)		/* continuation byte or overlong 2-byte lead */
		return 0;
	if (s[0] < 0xE0) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] < 0xF0) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] < 0xF5) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* overlongs, surrogates and values past U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

bool utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;
	while (i < len) {
		/* ASCII fast path, 8 bytes at a time */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (!n) {
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += n;
	}
	return true;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int buf_add_utf8(struct buf *b, uint32_t cp)
{
	char tmp[4];
	size_t n = utf8_encode(cp, tmp);
	if (!n)
		n = utf8_encode(0xFFFD, tmp);
	return buf_add(b, tmp, n);
}

size_t utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
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

int text_precheck(const char *data, size_t len, unsigned flags, const char *what,
		  struct fmt_error *err)
{
	size_t line = 1, start = 0;

	while (start <= len) {
		const char *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len;
		if (end - start > TEXT_MAX_LINE) {
			fmt_error_set(err, line, start, "%s: line %zu (offset %zu) is longer than "
				      "%zu bytes", what, line, start, TEXT_MAX_LINE);
			return -1;
		}
		if ((flags & TEXT_CHECK_NUL) && memchr(data + start, '\0', end - start)) {
			size_t at = (size_t)((const char *)memchr(data + start, '\0', end - start) - data);
			fmt_error_set(err, line, at, "%s: NUL byte at line %zu (offset %zu): "
				      "wrong encoding?", what, line, at);
			return -1;
		}
		size_t bad;
		if ((flags & TEXT_CHECK_UTF8) && !utf8_valid(data + start, end - start, &bad)) {
			bad += start;
			/* a sequence cut by the end of the line: report it there */
			fmt_error_set(err, line, bad, "%s: invalid UTF-8 at line %zu (offset %zu)",
				      what, line, bad);
			return -1;
		}
		if (!nl)
			break;
		start = end + 1;
		line++;
	}
	return 0;
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

bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}
