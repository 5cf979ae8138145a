/*
 * A small ICU MessageFormat parser for the QA checks: enough to say whether
 * a translation is a valid message, which arguments it uses, and which of
 * its bytes are syntax rather than text.
 *
 *   message  := (text | '{' argument '}' | '#')*      '#' is syntax in plural
 *   argument := name [',' simple-type [',' style]] | name ',' (plural |
 *               selectordinal | select) ',' ['offset:' n] (selector '{' message '}')+
 *
 * Apostrophes quote as ICU's default mode does: '' is one apostrophe, and
 * ' starts a quoted literal only before '{', '}', '|' or (in plural) '#'.
 * Plural and select need an "other" branch; plural selectors are CLDR
 * categories or =n.
 */
#define _GNU_SOURCE
#include "model/qa_int.h"

#include <stdio.h>
#include <string.h>

#define ICU_MAX_DEPTH 32	/* a fuzzer's "{a,select,other{" x 10000 must not blow the stack */

struct icu_parser {
	struct arena *arena;
	struct qa_scan *sc;
	const char *s;
	size_t n, i;
	int depth;
	const char *error;	/* first error, static text */
	size_t error_at;
};

static int fail(struct icu_parser *p, const char *why)
{
	if (!p->error) {
		p->error = why;
		p->error_at = p->i;
	}
	return -1;
}

static bool at_end(const struct icu_parser *p)
{
	return p->i >= p->n;
}

static void skip_space(struct icu_parser *p)
{
	while (!at_end(p) && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
		p->i++;
}

/* Pattern_Syntax stops a name; everything else (letters, digits, '_', UTF-8) is in it. */
static bool is_name_byte(char c)
{
	return c && !strchr(" \t\r\n{},#'|=:<>!?\"", c);
}

static size_t read_name(struct icu_parser *p)
{
	size_t start = p->i;
	while (!at_end(p) && is_name_byte(p->s[p->i]))
		p->i++;
	return p->i - start;
}

static bool word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

static int parse_message(struct icu_parser *p, bool nested, bool in_plural);

/* After an apostrophe at p->i: a quoted literal, "''", or a plain apostrophe. */
static void skip_apostrophe(struct icu_parser *p, bool in_plural)
{
	char next = p->i + 1 < p->n ? p->s[p->i + 1] : '\0';
	p->i++;
	if (next == '\'') {
		p->i++;
		return;
	}
	if (!(next == '{' || next == '}' || next == '|' || (in_plural && next == '#')))
		return;
	while (!at_end(p)) {		/* quoted until a lone apostrophe */
		if (p->s[p->i] == '\'' && p->i + 1 < p->n && p->s[p->i + 1] == '\'')
			p->i += 2;
		else if (p->s[p->i++] == '\'')
			return;
	}
}

/* The style of a simple argument: up to the '}' that closes it. */
static int skip_style(struct icu_parser *p)
{
	int braces = 0;
	for (; !at_end(p); p->i++) {
		char c = p->s[p->i];
		if (c == '{')
			braces++;
		else if (c == '}' && braces-- == 0)
			return 0;
	}
	return fail(p, "missing '}'");
}

static bool is_plural_category(const char *s, size_t len)
{
	static const char *const cats[] = { "zero", "one", "two", "few", "many", "other", NULL };
	for (const char *const *c = cats; *c; c++)
		if (word_is(s, len, *c))
			return true;
	return false;
}

/* One selector of a plural or select: "=2", "one", "male". */
static int parse_selector(struct icu_parser *p, bool plural, bool *other)
{
	size_t start = p->i;
	if (plural && p->s[p->i] == '=') {
		p->i++;
		if (!read_name(p))
			return fail(p, "'=' without a number");
		return 0;
	}
	size_t len = read_name(p);
	if (!len)
		return fail(p, "expected a selector or '}'");
	if (plural && !is_plural_category(p->s + start, len))
		return fail(p, "unknown plural category");
	*other |= word_is(p->s + start, len, "other");
	return 0;
}

/* ", [offset:n] selector {message} ..." up to the closing '}' (not consumed). */
static int parse_branches(struct icu_parser *p, bool plural)
{
	bool other = false;
	skip_space(p);
	if (at_end(p) || p->s[p->i] != ',')
		return fail(p, "expected ',' and branches");
	p->i++;
	skip_space(p);
	if (plural && p->n - p->i > 7 && memcmp(p->s + p->i, "offset:", 7) == 0) {
		p->i += 7;
		skip_space(p);
		read_name(p);
	}
	for (skip_space(p); !at_end(p) && p->s[p->i] != '}'; skip_space(p)) {
		size_t start = p->i;
		if (parse_selector(p, plural, &other))
			return -1;
		qa_scan_mark(p->sc, start, p->i);
		skip_space(p);
		if (at_end(p) || p->s[p->i] != '{')
			return fail(p, "expected '{' after a selector");
		qa_scan_mark(p->sc, p->i, p->i + 1);
		p->i++;
		if (parse_message(p, true, plural))
			return -1;
		qa_scan_mark(p->sc, p->i, p->i + 1);
		p->i++;		/* the branch's '}' */
	}
	return other ? 0 : fail(p, "plural or select without an 'other' branch");
}

/* The type and the rest of an argument after "name,". */
static int parse_type(struct icu_parser *p, const char **type, size_t *type_len)
{
	skip_space(p);
	*type = p->s + p->i;
	*type_len = read_name(p);
	if (word_is(*type, *type_len, "plural") || word_is(*type, *type_len, "selectordinal"))
		return parse_branches(p, true);
	if (word_is(*type, *type_len, "select"))
		return parse_branches(p, false);
	static const char *const simple[] = {
		"number", "date", "time", "spellout", "ordinal", "duration", NULL
	};
	for (const char *const *t = simple; *t; t++)
		if (word_is(*type, *type_len, *t)) {
			skip_space(p);
			if (!at_end(p) && p->s[p->i] == ',')
				return skip_style(p);
			return 0;
		}
	return fail(p, *type_len ? "unknown argument type" : "expected an argument type");
}

/* '{' argument '}' at p->i; the token is "{name}" or "{name, type}". */
static int parse_argument(struct icu_parser *p)
{
	size_t open = p->i++;
	if (++p->depth > ICU_MAX_DEPTH)
		return fail(p, "nested too deep");
	skip_space(p);
	const char *name = p->s + p->i, *type = NULL;
	size_t name_len = read_name(p), type_len = 0;
	if (!name_len)
		return fail(p, "expected an argument name");
	skip_space(p);
	if (!at_end(p) && p->s[p->i] == ',') {
		p->i++;
		if (parse_type(p, &type, &type_len))
			return -1;
	}
	if (at_end(p) || p->s[p->i] != '}')
		return fail(p, "missing '}'");
	if (!type)	/* a simple argument is syntax through and through */
		qa_scan_mark(p->sc, open, p->i + 1);
	else
		qa_scan_mark(p->sc, open, (size_t)(type + type_len - p->s));
	qa_scan_mark(p->sc, p->i, p->i + 1);
	p->i++;
	p->depth--;
	const char *key = type ?
		arena_printf(p->arena, "{%.*s, %.*s}", (int)name_len, name, (int)type_len, type) :
		arena_printf(p->arena, "{%.*s}", (int)name_len, name);
	qa_scan_token(p->arena, p->sc, QA_TOKEN_PLACEHOLDER, key, strlen(key), false);
	return 0;
}

/* Text and arguments up to the end, or (nested) up to a '}' left unconsumed. */
static int parse_message(struct icu_parser *p, bool nested, bool in_plural)
{
	while (!at_end(p)) {
		char c = p->s[p->i];
		if (c == '\'') {
			skip_apostrophe(p, in_plural);
		} else if (c == '{') {
			if (parse_argument(p))
				return -1;
		} else if (c == '}') {
			return nested ? 0 : fail(p, "'}' without '{'");
		} else {
			if (c == '#' && in_plural)
				qa_scan_mark(p->sc, p->i, p->i + 1);
			p->i++;
		}
	}
	return nested ? fail(p, "missing '}'") : 0;
}

int qa_icu_parse(struct arena *a, struct qa_scan *sc)
{
	struct icu_parser p = { .arena = a, .sc = sc, .s = sc->text, .n = sc->len };
	if (parse_message(&p, false, false) == 0)
		return 0;
	sc->icu_invalid = true;
	snprintf(sc->icu_error, sizeof(sc->icu_error), "%s at character %zu", p.error,
		 qa_chars(sc->text, p.error_at) + 1);
	return -1;
}
