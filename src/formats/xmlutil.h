/*
 * Shared XML plumbing for the XML resource formats (android, xliff, resx,
 * qtts).
 *
 * Reading is two passes over the original bytes:
 *  1. libxml2 checks the document with the hardened settings of
 *     shared/guides/c-deps.md §3 (NONET, a refusing external entity loader,
 *     NOENT only when asked for, never HUGE/DTDLOAD/DTDATTR/DTDVALID) and
 *     reports the first error with its line.  No tree is built.
 *  2. A small scanner, which may assume well-formed input but never reads
 *     out of bounds, records every element and comment with its byte
 *     offsets, so writers can rewrite the source byte for byte.
 *
 * Writing escapes text for XML after checking it is UTF-8, and drops the
 * characters XML 1.0 forbids (C0 controls but TAB/LF/CR, U+FFFE/U+FFFF).
 */
#ifndef TOLK_XMLUTIL_H
#define TOLK_XMLUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "formats/format.h"
#include "formats/tmpl.h"

#define XU_MAX_INPUT (32u << 20)	/* bytes; far above real resource files */
#define XU_MAX_NODES (2u << 20)	/* elements + comments */
#define XN_NONE UINT32_MAX

enum { XN_ELEM, XN_COMMENT };

/* One element or comment; offsets into the scanned input. */
struct xn {
	uint32_t start;		/* '<' of the start tag (or comment) */
	uint32_t name;		/* qualified name as written */
	uint32_t attrs;		/* after the name */
	uint32_t tag_end;	/* after the start tag's '>' (= inner) */
	uint32_t inner_end;	/* '<' of the end tag; == tag_end when empty */
	uint32_t end;		/* after the end tag's '>' */
	uint32_t parent, first, last, next, prev;
	uint16_t name_len;
	uint8_t type;
	uint8_t empty;		/* <x/> */
};

struct xent {
	char *name;
	char *value;		/* replacement text, references expanded */
};

struct xdoc {
	const char *data;	/* the input while parsing; own after xdoc_keep() */
	size_t len;
	char *own;
	struct xn *n;
	size_t count, alloc;
	uint32_t root;		/* document element */
	struct xent *ents;	/* internal general entities */
	size_t n_ents;
	uint32_t ascii_at, ascii_len;	/* encoding="US-ASCII" value in the declaration */
};

#define XU_ENTITIES 0x1u	/* expand internal DTD entities (android) */

/*
 * Initialise libxml2 and install the process-wide external entity loader
 * that refuses everything (once; xdoc_load calls it too).  Other readers
 * built on libxml2 (src/exchange/) call it before parsing.
 */
void xu_harden(void);

/* Check (libxml2) and scan `data`.  -1 with err (line or offset) on error. */
int xdoc_load(struct xdoc *d, const char *data, size_t len, unsigned flags,
	      struct fmt_error *err);
void xdoc_free(struct xdoc *d);
/* Copy the input into the xdoc so it can outlive the caller's buffer. */
void xdoc_keep(struct xdoc *d);
/*
 * Write the document through its template (tmpl_run).  A file declared
 * US-ASCII that now holds other characters is declared UTF-8: the same
 * bytes for the ASCII part, and the translation readable.
 */
int xdoc_write(const struct xdoc *d, const struct tmpl *t, tmpl_fn fn, void *ctx,
	       struct buf *out, struct fmt_error *err);

bool xn_is(const struct xdoc *d, uint32_t i, const char *name);
/* First child element called `name` (XN_NONE when none); next one after `i`. */
uint32_t xn_child(const struct xdoc *d, uint32_t i, const char *name);
uint32_t xn_next_elem(const struct xdoc *d, uint32_t i, const char *name);
/* Value span of attribute `name` of element i; false when absent. */
bool xn_attr_span(const struct xdoc *d, uint32_t i, const char *name,
		  size_t *off, size_t *len);
/* Decoded attribute value (caller frees), or NULL when absent. */
char *xn_attr(const struct xdoc *d, uint32_t i, const char *name);
/* True when attribute `name` is present and its decoded value is `value`. */
bool xn_attr_is(const struct xdoc *d, uint32_t i, const char *name, const char *value);

/*
 * Text of element i: character data decoded (references, CDATA), child
 * element tags copied as written (inline markup such as <xliff:g> or <b>
 * stays in the text), comments and PIs dropped.  Each decoded text run and
 * each tag is handed to `seg` (NULL: appended as is) so formats can apply
 * their own escaping rules; `state` is the callback's.  Returns 0 or -1 (err).
 */
enum { XU_SEG_TEXT, XU_SEG_CDATA, XU_SEG_TAG };
typedef int (*xu_seg_fn)(struct buf *out, const char *s, size_t n, int kind, void *state);
int xn_text(const struct xdoc *d, uint32_t i, struct buf *out, xu_seg_fn seg, void *state,
	    struct fmt_error *err);
char *xn_text_dup(const struct xdoc *d, uint32_t i, struct fmt_error *err);	/* plain */

/* Trimmed text of the comment node i (caller frees). */
char *xn_comment(const struct xdoc *d, uint32_t i);
/* The comment right before element i (only blanks between), or XN_NONE. */
uint32_t xn_prev_comment(const struct xdoc *d, uint32_t i);
/* Start of the line of element i when only blanks precede it on that line. */
size_t xn_line_start(const struct xdoc *d, size_t off);
/* Blanks (newline and indentation) right before offset `off`. */
size_t xn_ws_before(const char *data, size_t off);

size_t xu_line(const char *data, size_t off);	/* 1-based line of a byte offset */

/* Append code point c (<= U+10FFFF) as UTF-8. */
void xu_put_utf8(struct buf *out, unsigned long c);

#define XU_ATTR   0x1u	/* also escape '"' (attribute value) */
#define XU_MARKUP 0x2u	/* pass balanced inline tags (<b>, <xliff:g …/>) through */
/* Append `s` escaped for XML.  -1 on invalid UTF-8 or a full buffer. */
int xu_put(struct buf *out, const char *s, size_t n, unsigned flags);
/*
 * How a document spells in its text what XML lets be written several ways
 * (read from its character data; no evidence: xu_put's choices).
 */
struct xstyle {
	bool gt;	/* '>' as &gt; */
	bool quot;	/* '"' as &quot; in text too */
	bool apos;	/* '\'' as &apos; */
	char ncr;	/* non-ASCII as references: 0 not, 'd' &#233;, 'x' &#xe9;, 'X' &#xE9; */
};
void xstyle_detect(const struct xdoc *d, struct xstyle *st);
/* xu_put() in style st (NULL: xu_put's). */
int xu_put_style(struct buf *out, const char *s, size_t n, unsigned flags,
		 const struct xstyle *st);
/* Same for CDATA content: "]]>" is split across two sections. */
int xu_put_cdata(struct buf *out, const char *s, size_t n);
/* True when the tags in s are balanced and well-formed (so XU_MARKUP is safe). */
bool xu_markup_ok(const char *s, size_t n);
/* Length of the inline tag at s (s[0] == '<'), or 0 when it is not one. */
size_t xu_tag_len(const char *s, size_t n);

/*
 * Append the start tag of element i with attribute `name` set to `value`
 * (replaced in place, or added before the '>'); value NULL removes it.
 */
int xu_put_start_tag(struct buf *out, const struct xdoc *d, const char *data, uint32_t i,
		     const char *name, const char *value);

#endif
