/*
 * Inside the QA checks (src/model/qa.c): what a text holds once scanned for
 * its placeholder syntax.  qa_scan.c finds placeholders and tags, qa_icu.c
 * parses ICU MessageFormat.
 */
#ifndef TOLK_QA_INT_H
#define TOLK_QA_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "model/qa.h"

enum qa_token_kind { QA_TOKEN_PLACEHOLDER, QA_TOKEN_TAG };

/* A placeholder or tag; `key` is what texts are compared on. */
struct qa_token {
	const char *key;	/* NUL-terminated, in the scan's arena */
	size_t key_len;
	enum qa_token_kind kind;
	bool unnumbered;	/* printf %s: its place in the text is its meaning */
};

/* A scanned text: its tokens in text order, and which bytes are syntax. */
struct qa_scan {
	const char *text;
	size_t len;
	unsigned char *code;	/* code[i]: byte i is in a placeholder, tag or ICU syntax */
	struct qa_token *tokens;
	size_t n_tokens, cap_tokens;
	bool icu_invalid;	/* ICU syntax: the text does not parse */
	char icu_error[96];	/* then: why, ASCII */
};

void qa_scan_text(struct arena *a, const char *text, enum qa_syntax syntax, struct qa_scan *out);

/* Shared by the scanners. */
void qa_scan_token(struct arena *a, struct qa_scan *sc, enum qa_token_kind kind,
		   const char *key, size_t key_len, bool unnumbered);
void qa_scan_mark(struct qa_scan *sc, size_t from, size_t to);	/* bytes [from, to) are code */
size_t qa_tag_len(const char *s, size_t n);	/* a markup tag at s, or 0 */

/* ICU MessageFormat: tokens {name} / {name, type}; 0 or -1 with icu_error set. */
int qa_icu_parse(struct arena *a, struct qa_scan *sc);

/* Code points in s[0..n): the bytes that are not UTF-8 continuation bytes. */
size_t qa_chars(const char *s, size_t n);

#endif
