/*
 * Key spelling of the localization.one file exports (lone_keys.h).
 */
#include "formats/lone_keys.h"

#include <string.h>

#include "core/utf8.h"

/* Java keywords and literals: aapt refuses them as resource names (R.java). */
static const char *const java_words[] = {
	"abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class",
	"const", "continue", "default", "do", "double", "else", "enum", "extends", "false",
	"final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof",
	"int", "interface", "long", "native", "new", "null", "package", "private", "protected",
	"public", "return", "short", "static", "strictfp", "super", "switch", "synchronized",
	"this", "throw", "throws", "transient", "true", "try", "void", "volatile", "while", NULL
};

/* Dart reserved words: not usable as the getters gen-l10n generates. */
static const char *const dart_words[] = {
	"assert", "break", "case", "catch", "class", "const", "continue", "default", "do",
	"else", "enum", "extends", "false", "final", "finally", "for", "if", "in", "is", "new",
	"null", "rethrow", "return", "super", "switch", "this", "throw", "true", "try", "var",
	"void", "while", "with", NULL
};

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Bytes of the UTF-8 character at s (1 for a stray byte: keys are valid UTF-8). */
static size_t char_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t k = utf8_decode(s, n, &cp);
	return k ? k : 1;
}

/* Append '_' when the spelling from `start` on is one of words. */
static void avoid_words(struct buf *out, size_t start, const char *const *words)
{
	for (const char *const *w = words; *w; w++) {
		if (out->len - start == strlen(*w) && memcmp(out->data + start, *w, strlen(*w)) == 0) {
			buf_addc(out, '_');
			return;
		}
	}
}

static void spell_android(const char *key, size_t n, struct buf *out)
{
	size_t start = out->len;
	if (n && is_digit(key[0]))
		buf_addc(out, '_');
	for (size_t i = 0; i < n;) {
		size_t k = char_len(key + i, n - i);
		buf_addc(out, k == 1 && is_word_char(key[i]) ? key[i] : '_');
		i += k;
	}
	avoid_words(out, start, java_words);
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void spell_arb(const char *key, size_t n, struct buf *out)
{
	size_t start = out->len;
	bool word_start = false;
	for (size_t i = 0; i < n; i++) {
		char c = key[i];
		if (!is_word_char(c) || (c == '_' && out->len == start)) {
			word_start = out->len > start;
			continue;
		}
		if (out->len == start && is_digit(c))
			buf_adds(out, "key");
		buf_addc(out, out->len == start ? lower(c) : word_start ? upper(c) : c);
		word_start = false;
	}
	if (out->len == start)
		buf_adds(out, "key");
	avoid_words(out, start, dart_words);
}

void lone_key_no_eot(const char *s, size_t n, struct buf *out)
{
	for (const char *eot; (eot = memchr(s, '\x04', n)) != NULL;) {
		buf_add(out, s, (size_t)(eot - s));
		buf_adds(out, "\xE2\x90\x84");	/* U+2404 SYMBOL FOR END OF TRANSMISSION */
		n -= (size_t)(eot - s) + 1;
		s = eot + 1;
	}
	buf_add(out, s, n);
}

size_t lone_key_array_name_len(const char *key)
{
	size_t n = strlen(key);
	if (n < 4 || key[n - 1] != ']')
		return 0;
	size_t p = n - 1;
	while (p > 0 && is_digit(key[p - 1]))
		p--;
	return p > 1 && p < n - 1 && key[p - 1] == '[' ? p - 1 : 0;
}

const struct lone_key_style *lone_key_style(const char *format_name)
{
	static const struct lone_key_style as_is = { NULL, false };
	static const struct lone_key_style android = { spell_android, true };
	static const struct lone_key_style arb = { spell_arb, false };
	static const struct lone_key_style po = { lone_key_no_eot, false };
	if (strcmp(format_name, "xml-android") == 0)
		return &android;
	if (strcmp(format_name, "arb") == 0)
		return &arb;
	if (strcmp(format_name, "po") == 0)
		return &po;
	return &as_is;
}
