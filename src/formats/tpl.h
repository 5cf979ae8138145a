/*
 * Template writing by byte spans.  A parser records, for every translatable
 * value, where its raw bytes sit in (a private copy of) the source file.  The
 * writer copies the template and replaces each span by the encoded
 * translation; everything between spans (comments, keys, whitespace) is
 * copied as is.  A value whose text equals the parsed source is copied raw,
 * which is what makes parse-then-write reproduce a file byte for byte even
 * where an escape has several spellings.
 */
#ifndef TOLK_TPL_H
#define TOLK_TPL_H

#include "formats/format.h"
#include "formats/tmpl.h"	/* the plural helpers */

#include <stdint.h>

#define TPL_TEXT  (-1)	/* the span holds the unit's plain text */
#define TPL_BLOCK (-2)	/* the span holds all forms of a plural unit */
#define TPL_NO_UNIT SIZE_MAX	/* tpl_span.unit of a span the format rewrites by itself
				 * (the gettext header): block() gets u == NULL */

struct tpl_span {
	size_t start, end;		/* the value's bytes in the template */
	size_t unit;			/* index into doc->units */
	int cat;			/* TPL_TEXT, TPL_BLOCK or an enum plural_cat */
	size_t drop_start, drop_end;	/* bytes a skipped unit leaves out */
	unsigned style;			/* format-private (quote style, ...) */
	unsigned indent;		/* format-private (column of the value) */
};

struct tpl {
	char *text;			/* owned copy of the source file */
	size_t len;
	struct tpl_span *spans;		/* in increasing start order */
	size_t n_spans, alloc;
};

struct tpl_writer {
	/* Append `text` encoded for span s (quoting, escapes). */
	int (*value)(void *ctx, const struct tpl_span *s, const char *text, struct buf *out);
	/* Append a plural block for span s; tr NULL means "the unit's own forms"
	 * (fallback).  Only needed by formats that record TPL_BLOCK spans. */
	int (*block)(void *ctx, const struct tpl_span *s, const struct unit *u,
		     const struct fmt_translation *tr, const struct fmt_lang *lang,
		     struct buf *out);
	void *ctx;
};

void tpl_init(struct tpl *t, const char *data, size_t len);
struct tpl_span *tpl_add(struct tpl *t, size_t start, size_t end, size_t unit, int cat,
			 size_t drop_start, size_t drop_end);
void tpl_release(struct tpl *t);
void tpl_layout_free(void *layout);	/* for a heap struct tpl as fmt_doc layout */

int tpl_write(const struct fmt_doc *doc, const struct tpl *t, const struct fmt_write_opts *w,
	      const struct tpl_writer *tw, struct buf *out, struct fmt_error *err);

/* Append "output too large" style error and return -1. */
int tpl_overflow(struct fmt_error *err);

#endif
