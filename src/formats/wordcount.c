#define _GNU_SOURCE	/* memmem */
#include "formats/wordcount.h"
#include "formats/textutil.h"
#include "core/buf.h"
#include "core/mem.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

/* ---- placeholders and tags ---- */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* printf-style: %s %1$d %-5.2f %lld %@ %%; returns its length or 0. */
static size_t printf_len(const char *s, size_t n)
{
	size_t i = 1;
	if (n < 2)
		return 0;
	if (s[1] == '{') {			/* Ruby %{name} */
		const char *c = memchr(s, '}', n);
		return c ? (size_t)(c - s) + 1 : 0;
	}
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 1 && (i >= n || s[i] != '$'))
		i = 1;				/* digits were a width: rescan */
	else if (i > 1)
		i++;
	while (i < n && strchr("-+#0'", s[i]) && s[i])	/* no ' ': "100% sure" */
		i++;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '*'))
		i++;
	while (i < n && s[i] && strchr("hlLqjzt", s[i]))
		i++;
	if (i < n && s[i] && strchr("diouxXeEfFgGaAcspn@%", s[i]))
		return i + 1;
	return 0;
}

/* {name} {0} {count, plural, ...} (no nesting) and {{x}}. */
static size_t brace_len(const char *s, size_t n)
{
	if (n >= 4 && s[1] == '{') {
		const char *e = memmem(s + 2, n - 2, "}}", 2);
		return e ? (size_t)(e - s) + 2 : 0;
	}
	size_t i = 1;
	while (i < n && (is_alnum(s[i]) || strchr(" ,.:-", s[i])) && s[i])
		i++;
	return i > 1 && i < n && s[i] == '}' ? i + 1 : 0;
}

static size_t dollar_len(const char *s, size_t n)
{
	if (n >= 3 && s[1] == '{') {
		const char *e = memchr(s, '}', n);
		return e ? (size_t)(e - s) + 1 : 0;
	}
	size_t i = 1;
	if (i >= n || !is_alpha(s[i]))
		return 0;
	while (i < n && is_alnum(s[i]))
		i++;
	return i;
}

static size_t tag_len(const char *s, size_t n)
{
	size_t i = 1 + (n > 1 && s[1] == '/');
	if (i >= n || !is_alpha(s[i]))
		return 0;
	const char *e = memchr(s + i, '>', n - i);
	if (!e || memchr(s + i, '<', (size_t)(e - s) - i))
		return 0;
	return (size_t)(e - s) + 1;
}

static size_t skip_len(const char *s, size_t n)
{
	switch (s[0]) {
	case '%': return printf_len(s, n);
	case '{': return brace_len(s, n);
	case '$': return dollar_len(s, n);
	case '<': return tag_len(s, n);
	default: return 0;
	}
}

/* ---- per-thread break iterator ---- */

struct wc_cache {
	UBreakIterator *bi;
	char lang[32];
};

static pthread_key_t wc_key;
static pthread_once_t wc_once = PTHREAD_ONCE_INIT;

static void wc_free(void *p)
{
	struct wc_cache *c = p;
	if (c->bi)
		ubrk_close(c->bi);
	free(c);
}

static void wc_init(void)
{
	pthread_key_create(&wc_key, wc_free);
}

static UBreakIterator *iterator_for(const char *lang)
{
	pthread_once(&wc_once, wc_init);
	struct wc_cache *c = pthread_getspecific(wc_key);
	if (!c) {
		c = xcalloc(1, sizeof(*c));
		pthread_setspecific(wc_key, c);
	}
	if (!lang)
		lang = "";
	if (c->bi && strncmp(c->lang, lang, sizeof(c->lang) - 1) == 0)
		return c->bi;
	if (c->bi)
		ubrk_close(c->bi);
	UErrorCode st = U_ZERO_ERROR;
	c->bi = ubrk_open(UBRK_WORD, lang, NULL, 0, &st);
	if (U_FAILURE(st))
		c->bi = NULL;
	snprintf(c->lang, sizeof(c->lang), "%s", lang);
	return c->bi;
}

/* ---- counting ---- */

static long count_words(const UChar *u, int32_t n, const char *lang)
{
	UBreakIterator *bi = iterator_for(lang);
	if (!bi || n == 0)
		return 0;
	UErrorCode st = U_ZERO_ERROR;
	ubrk_setText(bi, u, n, &st);
	if (U_FAILURE(st))
		return 0;
	long words = 0;
	int32_t start = ubrk_first(bi);
	for (int32_t end = ubrk_next(bi); end != UBRK_DONE; start = end, end = ubrk_next(bi)) {
		int32_t status = ubrk_getRuleStatus(bi);
		if (status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT)
			continue;
		if (status >= UBRK_WORD_KANA && status < UBRK_WORD_IDEO_LIMIT)
			words += u_countChar32(u + start, end - start);	/* CJK: per character */
		else
			words++;
	}
	ubrk_setText(bi, NULL, 0, &st);	/* no pointer to our buffer stays behind */
	return words;
}

/*
 * Words of plain ASCII text without ICU, where the root rules are simple:
 * runs of letters and digits, kept whole across '.' and '\'' between
 * two letters and across '.', ',', ';' and '\'' between two digits (UAX #29
 * WB6-7, WB11-12).  False when s holds a byte this does not decide ('_',
 * '@', other controls than tab and line ends, non-ASCII): ICU counts those.
 * Counting was 7% of a 1M-string add-file through ICU.
 */
static bool ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool ascii_letter(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool ascii_words(const char *s, size_t n, long *words, long *blanks)
{
	long w = 0, b = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (ascii_digit(c) || ascii_letter(c)) {
			w += !in;
			in = true;
			continue;
		}
		if (c >= 0x7f || c == '_' || c == '@' ||	/* ICU: "a@b" is one word, "@" one */
		    (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			return false;
		b += c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (in && i + 1 < n) {
			unsigned char p = (unsigned char)s[i - 1], q = (unsigned char)s[i + 1];
			if ((ascii_letter(p) && ascii_letter(q) && strchr(".'", c)) ||
			    (ascii_digit(p) && ascii_digit(q) && strchr(".,;'", c)))
				continue;	/* inside the word */
		}
		in = false;
	}
	*words = w;
	*blanks = b;
	return true;
}

static void count_text(const char *s, size_t len, const char *lang, bool shortcut,
		       struct text_counts *out)
{
	struct buf clean;
	long removed = 0;
	memset(out, 0, sizeof(*out));
	buf_init(&clean, 0);
	/* placeholders and tags become one space each, so words split there */
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		size_t k = strchr("%{$<", s[i]) && s[i] ? skip_len(s + i, len - i) : 0;
		if (!k)
			continue;
		buf_add(&clean, s + run, i - run);
		buf_addc(&clean, ' ');
		removed++;
		i += k - 1;
		run = i + 1;
	}
	buf_add(&clean, s + run, len - run);

	long blanks;
	if (shortcut && (!lang || !*lang) && ascii_words(clean.data, clean.len, &out->words, &blanks)) {
		out->chars_with_spaces = (long)clean.len - removed;
		out->chars = (long)clean.len - blanks;
		buf_release(&clean);
		return;
	}
	int32_t ulen = 0;
	UErrorCode st = U_ZERO_ERROR;
	if (clean.len > INT32_MAX / 2) {
		buf_release(&clean);
		return;
	}
	UChar *u = xmalloc((clean.len + 1) * sizeof(UChar));
	u_strFromUTF8WithSub(u, (int32_t)clean.len + 1, &ulen, clean.data, (int32_t)clean.len,
			     0xFFFD, NULL, &st);
	if (U_SUCCESS(st)) {
		for (int32_t i = 0; i < ulen;) {
			UChar32 c;
			U16_NEXT(u, i, ulen, c);
			out->chars_with_spaces++;
			out->chars += !u_isUWhiteSpace(c);
		}
		out->chars_with_spaces -= removed;
		out->words = count_words(u, ulen, lang);
	}
	free(u);
	buf_release(&clean);
}

void text_count(const char *s, size_t len, const char *lang, struct text_counts *out)
{
	count_text(s, len, lang, true, out);
}

void text_count_icu(const char *s, size_t len, const char *lang, struct text_counts *out)
{
	count_text(s, len, lang, false, out);
}
