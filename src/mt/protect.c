/*
 * Placeholder and markup protection for MT requests.
 *
 * A placeholder is, scanning left to right, the first of:
 *   %name%        %[A-Za-z_][A-Za-z0-9_.-]+%  (two characters at least, so "%s%d" stays printf)
 *   printf        %% or %[n$][-+#0']*[width|*][.prec|.*][hh|h|ll|l|L|q|j|z|t]conv
 *                 conv in diouxXeEfFgGaAcspn@ (no space flag: "50% off" is text)
 *   {{x}}         {{ up to 128 characters without braces or a line break }}
 *   {name}, {0}   { [A-Za-z0-9_] then up to 63 characters without braces or a line break }
 *   <tag>         <tag ...>, </tag>, <br/> (a letter after "<" or "</", up to 256 characters)
 *   &entity;      &name; &#123; &#x1F;
 *   \n escapes    backslash + one of n r t a b f v 0 ' " \, or \uXXXX
 *   a line break  "\n" or "\r\n"
 * Everything else is text.  mt_protect() escapes text for the markup (& < >)
 * and wraps each placeholder, itself escaped, in an element the engine
 * leaves alone; mt_unprotect() undoes both; mt_placeholders_match() is the
 * check after the round trip (the same multiset of placeholders).
 */
#include "mt/mt_int.h"
#include "core/mem.h"
#include "core/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SPAN_OPEN	"<span translate=\"no\" class=\"notranslate\">"
#define SPAN_CLOSE	"</span>"
#define XML_OPEN	"<x>"
#define XML_CLOSE	"</x>"

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_word(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_';
}

static bool in_set(char c, const char *set)
{
	return c && strchr(set, c);
}

static size_t named_percent_len(const char *s)
{
	if (!is_alpha(s[1]) && s[1] != '_')
		return 0;
	size_t i = 2;
	while (is_word(s[i]) || s[i] == '.' || s[i] == '-')
		i++;
	return s[i] == '%' && i >= 3 ? i + 1 : 0;
}

/* past a printf width or precision at s[i]: "*" or digits */
static size_t skip_count(const char *s, size_t i)
{
	if (s[i] == '*')
		return i + 1;
	while (is_digit(s[i]))
		i++;
	return i;
}

static size_t printf_len(const char *s)
{
	if (s[1] == '%')
		return 2;
	size_t i = 1, j = 1;
	while (is_digit(s[j]))
		j++;
	if (j > 1 && s[j] == '$')
		i = j + 1;
	while (in_set(s[i], "-+#0'"))
		i++;
	i = skip_count(s, i);
	if (s[i] == '.')
		i = skip_count(s, i + 1);
	if ((s[i] == 'h' && s[i + 1] == 'h') || (s[i] == 'l' && s[i + 1] == 'l'))
		i += 2;
	else if (in_set(s[i], "hlLqjzt"))
		i++;
	return in_set(s[i], "diouxXeEfFgGaAcspn@") ? i + 1 : 0;
}

/* From s[0] to the closing `close` within max bytes, none of `stop` on the way. */
static size_t until(const char *s, size_t from, char close, const char *stop, size_t max)
{
	for (size_t i = from; i < max && s[i]; i++) {
		if (s[i] == close)
			return i + 1;
		if (strchr(stop, s[i]))
			return 0;
	}
	return 0;
}

static size_t brace_len(const char *s)
{
	if (s[1] == '{') {
		size_t n = until(s, 2, '}', "{}\n", 2 + 128);
		return n > 3 && s[n] == '}' ? n + 1 : 0;
	}
	return is_word(s[1]) ? until(s, 2, '}', "{\n", 2 + 63) : 0;
}

static size_t tag_len(const char *s)
{
	size_t i = s[1] == '/' ? 2 : 1;
	return is_alpha(s[i]) ? until(s, i + 1, '>', "<", 256) : 0;
}

static size_t entity_len(const char *s)
{
	size_t i = 1;
	if (s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		i = hex ? 3 : 2;
		size_t d = i;
		while (i < 12 && (hex ? is_hex(s[i]) : is_digit(s[i])))
			i++;
		if (i == d)
			return 0;
	} else {
		if (!is_alpha(s[1]))
			return 0;
		while (i < 32 && (is_alpha(s[i]) || is_digit(s[i])))
			i++;
	}
	return s[i] == ';' ? i + 1 : 0;
}

static size_t escape_len(const char *s)
{
	if (s[1] == 'u')
		return is_hex(s[2]) && is_hex(s[3]) && is_hex(s[4]) && is_hex(s[5]) ? 6 : 0;
	return in_set(s[1], "nrtabfv0'\"\\") ? 2 : 0;
}

static size_t placeholder_at(const char *s)
{
	size_t n = 0;
	switch (s[0]) {
	case '%':
		n = named_percent_len(s);
		return n ? n : printf_len(s);
	case '{':
		return brace_len(s);
	case '<':
		return tag_len(s);
	case '&':
		return entity_len(s);
	case '\\':
		return escape_len(s);
	case '\n':
		return 1;
	case '\r':
		return s[1] == '\n' ? 2 : 0;
	}
	return 0;
}

bool mt_next_placeholder(const char *s, size_t *pos, size_t *len)
{
	for (size_t i = *pos; s[i]; i++) {
		size_t n = placeholder_at(s + i);
		if (n) {
			*pos = i;
			*len = n;
			return true;
		}
	}
	return false;
}

static void escape_onto(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		default:
			buf_addc(out, s[i]);
		}
	}
}

static bool worth_translating(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_alpha(s[i]) || (unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

size_t mt_protect(const char *text, enum mt_markup m, struct buf *out, bool *has_text)
{
	const char *open = m == MT_MARKUP_XML ? XML_OPEN : SPAN_OPEN;
	const char *close = m == MT_MARKUP_XML ? XML_CLOSE : SPAN_CLOSE;
	size_t pos = 0, len, count = 0;
	*has_text = false;
	for (;;) {
		size_t start = pos;
		bool found = mt_next_placeholder(text, &pos, &len);
		size_t end = found ? pos : strlen(text);
		escape_onto(out, text + start, end - start);
		*has_text = *has_text || worth_translating(text + start, end - start);
		if (!found)
			return count;
		buf_adds(out, open);
		escape_onto(out, text + pos, len);
		buf_adds(out, close);
		pos += len;
		count++;
	}
}

/* ------------------------------------------------------------ unprotect */

/* Decode the entity at s[0] == '&' onto out; the bytes consumed (1: a lone '&' kept). */
static size_t decode_entity(const char *s, struct buf *out)
{
	static const struct { const char *name; const char *text; } named[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
		{ "&apos;", "'" }, { "&nbsp;", "\xc2\xa0" },
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		size_t n = strlen(named[i].name);
		if (!strncmp(s, named[i].name, n)) {
			buf_adds(out, named[i].text);
			return n;
		}
	}
	size_t n = s[1] == '#' ? entity_len(s) : 0;
	if (n) {
		bool hex = s[2] == 'x' || s[2] == 'X';
		unsigned long c = strtoul(s + (hex ? 3 : 2), NULL, hex ? 16 : 10);
		if (c && c <= 0x10ffff && (c < 0xd800 || c > 0xdfff)) {
			char u[4];
			buf_add(out, u, utf8_encode((uint32_t)c, u));
			return n;
		}
	}
	buf_addc(out, '&');
	return 1;
}

static void decode_onto(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s[i] == '&') {
			/* entities never straddle n: the callers cut at '<' */
			i += decode_entity(s + i, out);
		} else {
			buf_addc(out, s[i++]);
		}
	}
}

/* Whether the tag s[0..n) is our wrapper's opening tag. */
static bool is_open(const char *s, size_t n, enum mt_markup m)
{
	if (m == MT_MARKUP_XML)
		return n == 3 && !memcmp(s, XML_OPEN, 3);
	if (n < 6 || strncasecmp(s, "<span", 5) || (s[5] != ' ' && s[5] != '\t'))
		return false;
	char tag[512];
	if (n >= sizeof(tag))
		return false;
	memcpy(tag, s, n);
	tag[n] = '\0';
	return strstr(tag, "notranslate") || strstr(tag, "translate=\"no\"") ||
	       strstr(tag, "translate='no'");
}

int mt_unprotect(const char *reply, enum mt_markup m, struct buf *out)
{
	const char *close = m == MT_MARKUP_XML ? XML_CLOSE : SPAN_CLOSE;
	size_t close_len = strlen(close);
	const char *p = reply;
	while (*p) {
		const char *lt = strchr(p, '<');
		size_t text = lt ? (size_t)(lt - p) : strlen(p);
		decode_onto(out, p, text);
		if (!lt)
			break;
		const char *gt = strchr(lt, '>');
		if (!gt || !is_open(lt, (size_t)(gt - lt + 1), m))
			return -1;	/* markup we did not send */
		const char *body = gt + 1;
		const char *end = strchr(body, '<');
		if (!end || strncasecmp(end, close, close_len))
			return -1;
		decode_onto(out, body, (size_t)(end - body));
		p = end + close_len;
	}
	return 0;
}

/* ------------------------------------------------------------ the check */

struct span {
	const char *p;
	size_t n;
};

static int cmp_span(const void *x, const void *y)
{
	const struct span *a = x, *b = y;
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->p, b->p, n);
	return c ? c : a->n < b->n ? -1 : a->n > b->n;
}

static struct span *collect(const char *s, size_t *count)
{
	struct span *v = NULL;
	size_t n = 0, cap = 0, pos = 0, len;
	while (mt_next_placeholder(s, &pos, &len)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n].p = s + pos;
		v[n++].n = len;
		pos += len;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_span);
	*count = n;
	return v;
}

bool mt_placeholders_match(const char *src, const char *dst)
{
	size_t na, nb;
	struct span *a = collect(src, &na), *b = collect(dst, &nb);
	bool same = na == nb;
	for (size_t i = 0; same && i < na; i++)
		same = !cmp_span(&a[i], &b[i]);
	free(a);
	free(b);
	return same;
}
