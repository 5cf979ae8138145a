/*
 * Template writing by byte spans.  A parser records, in document order,
 * the spans of its source file that a translated write may change (a
 * unit's text, a whole entry that may be left out, a start tag whose
 * attribute is set).  tmpl_run() copies every byte outside those spans and
 * asks the format what to do with each span, so comments, order and layout
 * survive untouched.
 *
 * Round trip: a unit whose translation equals its source keeps its original
 * bytes, so parse + write with the source texts reproduces the file.
 */
#ifndef TOLK_TMPL_H
#define TOLK_TMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "formats/format.h"

struct tspan {
	uint32_t start, end;	/* byte span in the source */
	uint32_t unit;		/* index into doc->units (or format data) */
	uint16_t kind;		/* format-defined */
	uint16_t aux;		/* format-defined */
};

struct tmpl {
	struct tspan *sp;
	size_t n, alloc;
};

/* What the span callback did. */
enum {
	TS_KEEP,	/* nothing: copy the span's bytes (and look inside it) */
	TS_DONE,	/* wrote a replacement for the whole span */
	TS_DROP,	/* leave the whole span out */
};
typedef int (*tmpl_fn)(void *ctx, const struct tspan *sp, struct buf *out);

void tmpl_add(struct tmpl *t, size_t start, size_t end, size_t unit, int kind, int aux);
/* Put the spans in document order (outer spans before the spans they hold). */
void tmpl_seal(struct tmpl *t);
void tmpl_free(struct tmpl *t);
/* Returns 0, or -1 when fn fails (fn fills err) or the output is full. */
int tmpl_run(const struct tmpl *t, const char *data, size_t len, tmpl_fn fn, void *ctx,
	     struct buf *out, struct fmt_error *err);

/*
 * The text to write for unit i: its translation, else (fallback) its source,
 * or NULL when the unit is to be left out (skip_untranslated, or a hidden
 * unit nobody translated).  *same: the text equals the source.
 */
const char *tmpl_text(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i,
		      bool *same);

/*
 * Plural forms to write for unit i: forms[c] for each category c in *cats
 * (the target language's, or the source's when no language is given).  A
 * missing form falls back to the translation's "other", then to the
 * source.  Returns false when the unit is to be left out.  *same: cats and
 * forms equal the source's.
 */
bool tmpl_forms(const struct fmt_doc *doc, const struct fmt_write_opts *w, size_t i,
		const char *forms[PLURAL_NCATS], unsigned *cats, bool *same);

/* Bit set of the plural categories unit u has. */
unsigned unit_cats(const struct unit *u);

#endif
