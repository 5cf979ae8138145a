/*
 * A strict JSON reader that keeps byte offsets, and a writer that re-emits
 * the source around changed values (for json, chrome, arb).
 *
 * jansson cannot report where a value sits in the input, and rebuilding a
 * file from a jansson tree loses its layout, so the JSON formats read with
 * this tokenizer.  It accepts exactly RFC 8259 as jansson does with
 * JSON_REJECT_DUPLICATES (valid UTF-8, no lone surrogates, no \u0000, no
 * raw control characters, no duplicate keys) plus a depth limit; the fuzz
 * target checks it against jansson.  Numbers are checked for syntax only:
 * they are kept as written, so jansson's range errors do not apply.
 * Errors name line and column.
 */
#ifndef TOLK_JSONTOK_H
#define TOLK_JSONTOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "formats/format.h"

#define JT_MAX_INPUT (32u << 20)
#define JT_MAX_DEPTH 256
#define JT_MAX_STRING (10u << 20)	/* bytes of one string, as libxml2's text cap */
#define JT_MAX_NODES (4u << 20)
#define JN_NONE UINT32_MAX

enum { JT_OBJ, JT_ARR, JT_STR, JT_NUM, JT_TRUE, JT_FALSE, JT_NULL };

struct jn {
	uint32_t start, end;	/* the value; strings include their quotes */
	uint32_t key, key_end;	/* member key with quotes; key_end == 0 in arrays */
	uint32_t parent, first, last, next;
	uint32_t unit;		/* annotation for writers: unit index or JN_NONE */
	uint8_t type;
	uint8_t role;		/* annotation for writers, format-defined; 0 = none */
};

struct jdoc {
	const char *data;	/* input while parsing; own copy after jdoc_keep() */
	size_t len;
	char *own;
	struct jn *n;
	size_t count, alloc;
};

int jdoc_load(struct jdoc *d, const char *data, size_t len, struct fmt_error *err);
void jdoc_keep(struct jdoc *d);
void jdoc_free(struct jdoc *d);

/* Decoded string of the string token spanning [start,end) (quotes included). */
char *jn_decode(const struct jdoc *d, size_t start, size_t end);
char *jn_str(const struct jdoc *d, uint32_t i);		/* value (type JT_STR) */
char *jn_key(const struct jdoc *d, uint32_t i);		/* member key */
bool jn_key_is(const struct jdoc *d, uint32_t i, const char *key);
/*
 * Member i's key without a copy when it has no escape: returns it (not
 * NUL-terminated then) and its length in *len.  *decoded is the decoded
 * copy to free, or NULL when the key points into the input.
 */
const char *jn_key_ref(const struct jdoc *d, uint32_t i, size_t *len, char **decoded);
uint32_t jn_member(const struct jdoc *d, uint32_t obj, const char *key);	/* or JN_NONE */

/* Append s as a JSON string literal.  -1 on invalid UTF-8 or a full buffer. */
int jput_str(struct buf *out, const char *s, size_t n);

/*
 * How a document spells what JSON lets be written several ways, read from
 * its strings (no evidence: jput_str's choices): '/' as \/ (PHP), non-ASCII
 * as \uXXXX (Python, PHP), < > & as \u003c \u003e \u0026 (Go), the case
 * of \u hex digits.
 */
struct jstyle {
	bool slash, ascii, html, upper;
};
void jstyle_detect(const struct jdoc *d, struct jstyle *st);
/* jput_str() in style st. */
int jput_str_style(struct buf *out, const char *s, size_t n, const struct jstyle *st);

/*
 * Re-emit the document.  For each member or element the writer copies its
 * lead (the comma and blanks before it) and, for members, the key and
 * colon, then calls fn:
 *   JW_KEEP  copy the value (containers: recursively, fn called inside)
 *   JW_DONE  fn wrote the value, or rewrote the member from pos->key_at on
 *   JW_DROP  leave the member out, commas fixed up
 * For extra members fn writes "," then pos->ws then the member.
 */
enum { JW_KEEP, JW_DONE, JW_DROP };
struct jw_pos {
	size_t key_at;		/* out->len where the member's key begins */
	const char *ws;		/* blanks that precede a member here */
	size_t ws_len;
};
typedef int (*jw_fn)(void *ctx, const struct jdoc *d, uint32_t i, const struct jw_pos *pos,
		     struct buf *out);
int jdoc_write(const struct jdoc *d, jw_fn fn, void *ctx, struct buf *out, struct fmt_error *err);

/* 1-based line and column of a byte offset. */
void jt_linecol(const char *data, size_t off, size_t *line, size_t *col);

#endif
