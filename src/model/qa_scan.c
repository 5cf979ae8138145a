#define _GNU_SOURCE	/* memmem, strncasecmp */
/*
 * Placeholders and tags of one text, per placeholder syntax (qa_int.h).
 * Look-alikes stay text: "100%", "50% off" (no ' ' flag), "{" outside ICU
 * and i18next, "a < b".
 */
#include "model/qa_int.h"

#include <string.h>
#include <strings.h>

/*
 * How far a closing '}', ')' or '>' is looked for: a text of "{{{{..." or
 * "<a <a <a..." would otherwise be scanned to its end once per opener.
 */
#define PLACEHOLDER_MAX 256
#define TAG_MAX 2048

static size_t at_most(size_t n, size_t cap)
{
	return n < cap ? n : cap;
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_name_char(char c)
{
	return is_letter(c) || is_digit(c) || c == '-' || c == '.' || c == ':' ||
	       (unsigned char)c >= 0x80;
}

void qa_scan_mark(struct qa_scan *sc, size_t from, size_t to)
{
	memset(sc->code + from, 1, to - from);
}

void qa_scan_token(struct arena *a, struct qa_scan *sc, enum qa_token_kind kind,
		   const char *key, size_t key_len, bool unnumbered)
{
	struct qa_token *t = &ARENA_PUSH(a, sc->tokens, sc->n_tokens, sc->cap_tokens);
	t->key = arena_strndup(a, key, key_len);
	t->key_len = key_len;
	t->kind = kind;
	t->unnumbered = unnumbered;
}

/* ---- printf and Ruby ---- */

/* What a '%' starts: its length, and whether it is a real placeholder. */
struct percent {
	size_t len;		/* 0: a plain '%' */
	bool placeholder;	/* false for "%%" */
	bool unnumbered;
};

static size_t skip_digits(const char *s, size_t n, size_t i)
{
	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

/* %[n$][flags][width][.prec][length]conv, as C, Objective-C and Java have it. */
static struct percent printf_at(const char *s, size_t n)
{
	struct percent p = { 0, true, true };
	size_t i = skip_digits(s, n, 1);
	if (i > 1 && i < n && s[i] == '$') {
		p.unnumbered = false;
		i++;
	} else {
		i = 1;			/* digits were a width: rescan */
	}
	while (i < n && s[i] && strchr("-+#0", s[i]))	/* no ' ': "50% off" */
		i++;
	i = skip_digits(s, n, i);
	if (i < n && s[i] == '*')
		i++;
	if (i < n && s[i] == '.')
		i = skip_digits(s, n, i + 1);
	while (i < n && s[i] && strchr("hlLqjzt", s[i]))
		i++;
	if (i < n && s[i] && strchr("diouxXeEfFgGaAcspn@", s[i]))
		p.len = i + 1;
	return p;
}

/* Ruby's named references %{name} and %<name>s; printf otherwise. */
static struct percent ruby_at(const char *s, size_t n)
{
	struct percent p = { 0, true, false };
	if (n > 2 && (s[1] == '{' || s[1] == '<')) {
		n = at_most(n, PLACEHOLDER_MAX);
		const char *close = memchr(s + 2, s[1] == '{' ? '}' : '>', n - 2);
		if (!close)
			return p;
		p.len = (size_t)(close - s) + 1;
		if (s[1] == '<') {	/* then optional flags, width and a conversion */
			struct percent conv = printf_at(close, n - p.len + 1);
			if (conv.len > 1)
				p.len += conv.len - 1;
		}
		return p;
	}
	return printf_at(s, n);
}

static struct percent percent_at(const char *s, size_t n, enum qa_syntax syntax)
{
	if (n >= 2 && s[1] == '%')
		return (struct percent){ 2, false, false };
	return syntax == QA_SYNTAX_RUBY ? ruby_at(s, n) : printf_at(s, n);
}

/* ---- i18next ---- */

/* {{name}} {{- name}} {{n, number}} $t(key): their length, or 0. */
static size_t i18next_len(const char *s, size_t n)
{
	n = at_most(n, PLACEHOLDER_MAX);
	if (n >= 4 && s[0] == '{' && s[1] == '{') {
		const char *e = memmem(s + 2, n - 2, "}}", 2);
		return e ? (size_t)(e - s) + 2 : 0;
	}
	if (n >= 4 && s[0] == '$' && s[1] == 't' && s[2] == '(') {
		const char *e = memchr(s + 3, ')', n - 3);
		return e ? (size_t)(e - s) + 1 : 0;
	}
	return 0;
}

/* The key of an i18next token: without spaces, so {{ name }} is {{name}}. */
static void i18next_token(struct arena *a, struct qa_scan *sc, const char *s, size_t len)
{
	char *key = arena_alloc(a, len + 1);
	size_t k = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			key[k++] = s[i];
	qa_scan_token(a, sc, QA_TOKEN_PLACEHOLDER, key, k, false);
}

/* ---- tags ---- */

size_t qa_tag_len(const char *s, size_t n)
{
	size_t i = 1 + (n > 1 && s[1] == '/');
	n = at_most(n, TAG_MAX);
	if (i >= n || !is_letter(s[i]))
		return 0;
	for (; i < n; i++) {
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '<')
			return 0;
	}
	return 0;
}

static bool is_void_element(const char *name, size_t len)
{
	static const char *const void_elements[] = {
		"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base",
		"col", "embed", "source", "track", "param", NULL
	};
	for (const char *const *v = void_elements; *v; v++)
		if (strlen(*v) == len && strncasecmp(*v, name, len) == 0)
			return true;
	return false;
}

/* The id="..." of an Android <xliff:g> tag: the placeholder it names. */
static void xliff_g_id(const char *tag, size_t len, const char **id, size_t *id_len)
{
	const char *at = memmem(tag, len, "id=\"", 4);
	const char *end = at ? memchr(at + 4, '"', len - (size_t)(at + 4 - tag)) : NULL;
	*id = end ? at + 4 : NULL;
	*id_len = end ? (size_t)(end - *id) : 0;
}

/*
 * Keys: "<b>", "</b>", "<br/>" (void elements and self-closing tags), and
 * "<xliff:g id=\"n\">" so an Android placeholder keeps its name.
 */
static void tag_token(struct arena *a, struct qa_scan *sc, const char *s, size_t len)
{
	size_t start = 1 + (s[1] == '/'), end = start;
	while (end < len && is_name_char(s[end]))
		end++;
	bool self_closing = s[len - 2] == '/' || is_void_element(s + start, end - start);
	const char *id;
	size_t id_len;
	xliff_g_id(s, len, &id, &id_len);
	bool xliff_g = start == 1 && end - start == 7 && memcmp(s + 1, "xliff:g", 7) == 0;
	const char *key = (xliff_g && id) ?
		arena_printf(a, "<xliff:g id=\"%.*s\">", (int)id_len, id) :
		arena_printf(a, "<%s%.*s%s>", start == 2 ? "/" : "", (int)(end - start),
			     s + start, self_closing && start == 1 ? "/" : "");
	qa_scan_token(a, sc, QA_TOKEN_TAG, key, strlen(key), false);
}

static void scan_tags(struct arena *a, struct qa_scan *sc)
{
	for (size_t i = 0; i < sc->len; i++) {
		if (sc->text[i] != '<' || sc->code[i])
			continue;
		size_t len = qa_tag_len(sc->text + i, sc->len - i);
		if (!len)
			continue;
		tag_token(a, sc, sc->text + i, len);
		qa_scan_mark(sc, i, i + len);
		i += len - 1;
	}
}

/* ---- placeholders ---- */

/* One placeholder at s (outside ICU): its length, 0 when there is none. */
static size_t placeholder_at(struct arena *a, struct qa_scan *sc, size_t at,
			     enum qa_syntax syntax)
{
	const char *s = sc->text + at;
	size_t n = sc->len - at;
	if (syntax == QA_SYNTAX_I18NEXT) {
		size_t len = i18next_len(s, n);
		if (len)
			i18next_token(a, sc, s, len);
		return len;
	}
	if (s[0] != '%')
		return 0;
	struct percent p = percent_at(s, n, syntax);
	if (p.placeholder && p.len)
		qa_scan_token(a, sc, QA_TOKEN_PLACEHOLDER, s, p.len, p.unnumbered);
	return p.len;
}

static void scan_placeholders(struct arena *a, struct qa_scan *sc, enum qa_syntax syntax)
{
	for (size_t i = 0; i < sc->len; i++) {
		size_t len = placeholder_at(a, sc, i, syntax);
		if (len) {
			qa_scan_mark(sc, i, i + len);
			i += len - 1;
		}
	}
}

void qa_scan_text(struct arena *a, const char *text, enum qa_syntax syntax, struct qa_scan *out)
{
	memset(out, 0, sizeof(*out));
	out->text = text;
	out->len = strlen(text);
	out->code = arena_alloc(a, out->len + 1);
	if (syntax == QA_SYNTAX_ICU)
		qa_icu_parse(a, out);
	else if (syntax != QA_SYNTAX_NONE)
		scan_placeholders(a, out, syntax);
	scan_tags(a, out);	/* after: a tag inside a placeholder is not one */
}

size_t qa_chars(const char *s, size_t n)
{
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	return chars;
}
